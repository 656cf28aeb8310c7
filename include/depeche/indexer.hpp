#pragma once
// Builds or updates an index from source paths. Articles are analysed on several threads and
// written by one; an article whose id is already in the index replaces it.
#include <cstddef>
#include <filesystem>
#include <vector>

#include "depeche/diagnostic.hpp"
#include "depeche/source_reader.hpp"
#include "depeche/status.hpp"

namespace depeche {

struct IndexOptions {
    std::filesystem::path index_dir;
    unsigned jobs = 0;                 // analysis threads; 0 means one per core
    std::size_t commit_every = 20000;  // articles between commits
};

struct IndexSummary {
    SourceSummary sources;
    std::size_t articles_indexed = 0;  // written to the index (new or replacing)
    std::size_t articles_rejected = 0; // read but not indexable (reported as errors)
    std::size_t articles_in_index = 0; // total after the run
    double seconds = 0;
};

// Creates the index directory when missing. Fails (nothing written) when the directory holds
// something that is not a depeche index, an index built by another analyzer version, or when
// another indexer holds the index's lock. Problems with single articles go to `sink`.
Result<IndexSummary> index_paths(const IndexOptions& options,
                                 const std::vector<std::filesystem::path>& paths,
                                 const DiagnosticSink& sink);

}  // namespace depeche
