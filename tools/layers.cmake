# The modules of src/ and which modules each may use (include and link): the arrows of
# ARCHITECTURE.md. Read by CMakeLists.txt (link dependencies) and by check_layering.cmake
# (include check), so the two cannot disagree.
set(DEPECHE_MODULES base analysis sources store indexing search views server cli)
set(DEPECHE_USES_base "")
set(DEPECHE_USES_analysis base)
set(DEPECHE_USES_sources base)
set(DEPECHE_USES_store base analysis)  # analysis: analyzer_version, the identity an index records
set(DEPECHE_USES_indexing base analysis sources store)
set(DEPECHE_USES_search base analysis store)
# views: every output format of the results model and the other answers, shared by the CLI and
# the server (indexing: the summary and progress of an index run are shown too).
set(DEPECHE_USES_views base analysis store indexing search)
# server: `depeche serve`, the web page and JSON API over the public API and the views.
set(DEPECHE_USES_server base search views)
set(DEPECHE_USES_cli base analysis sources store indexing search views server)

# The module each public header (include/depeche/NAME.hpp) belongs to.
set(DEPECHE_PUBLIC_base status date article diagnostic)
set(DEPECHE_PUBLIC_analysis analyzer)
set(DEPECHE_PUBLIC_sources source_reader)
set(DEPECHE_PUBLIC_store index_check)
set(DEPECHE_PUBLIC_indexing indexer)
set(DEPECHE_PUBLIC_search index snippet search_request search_results name_variants aliases
    article_diff)
set(DEPECHE_PUBLIC_views "")
set(DEPECHE_PUBLIC_server "")
set(DEPECHE_PUBLIC_cli "")
