#include "depeche/index_check.hpp"

#include <sstream>
#include <unordered_set>

#include <xapian.h>

#include "depeche/analyzer.hpp"
#include "store/generations.hpp"
#include "store/schema.hpp"
#include "store/source_record.hpp"
#include "store/stored_article.hpp"

namespace depeche {
namespace {

constexpr const char* rebuild_advice =
    "rebuild it with `depeche index --rebuild --index DIR PATH...` (the paths it was built from)";

// Reads every document; fills the counts and returns the ids found.
std::unordered_set<std::string> check_documents(const Xapian::Database& database,
                                                IndexCheck& report) {
    std::unordered_set<std::string> ids;
    const std::string id_prefix(schema::id_prefix);
    for (auto posting = database.postlist_begin(""); posting != database.postlist_end("");
         ++posting) {
        const Xapian::Document document = database.get_document(*posting);
        const std::optional<StoredArticle> stored = decode_stored_article(document.get_data());
        const Article* article = stored ? &stored->article : nullptr;
        auto id_term = document.termlist_begin();
        id_term.skip_to(id_prefix);
        if (!article || id_term == document.termlist_end() || *id_term != id_prefix + article->id) {
            ++report.unreadable_articles;
            continue;
        }
        ids.insert(article->id);
    }
    return ids;
}

void check_source_records(const Xapian::Database& database,
                          const std::unordered_set<std::string>& ids, IndexCheck& report) {
    std::unordered_set<std::string> recorded;
    std::size_t unreadable_records = 0;
    const std::string prefix(source_record_key_prefix);
    for (auto key = database.metadata_keys_begin(prefix); key != database.metadata_keys_end(prefix);
         ++key) {
        const std::optional<SourceRecord> record = decode_source_record(database.get_metadata(*key));
        if (!record) {
            ++unreadable_records;
            continue;
        }
        ++report.source_files;
        for (const SourceRecord::Entry& entry : record->entries) {
            recorded.insert(entry.id);
            if (!ids.contains(entry.id)) ++report.recorded_but_missing;
        }
    }
    for (const std::string& id : ids) {
        if (!recorded.contains(id)) ++report.not_recorded;
    }
    if (unreadable_records > 0) {
        report.problems.push_back(std::to_string(unreadable_records) +
                                  " source records are unreadable: " + rebuild_advice);
    }
    if (report.recorded_but_missing > 0) {
        report.problems.push_back(
            std::to_string(report.recorded_but_missing) +
            " articles named by source records are missing from the index: " + rebuild_advice);
    }
    if (report.not_recorded > 0) {
        report.problems.push_back(
            std::to_string(report.not_recorded) +
            " articles are not recorded as coming from any source file (an interrupted run?): "
            "run `depeche index` again on the same paths");
    }
}

}  // namespace

Result<IndexCheck> check_index(const std::filesystem::path& index_dir) {
    std::error_code error;
    if (!std::filesystem::exists(index_dir, error)) {
        return Status::not_found("no index at " + index_dir.string());
    }
    // Something that is not an index at all (or one never finished) is not a problem to
    // repair but a wrong path: an error, like for every other command (regression: it was
    // reported as a problem, exit 1, "rebuild it").
    if (Status status = is_index_directory(index_dir); !status.is_ok()) return status;
    IndexCheck report;
    report.path = index_dir;
    for (const std::filesystem::path& shard : live_shards(index_dir).dirs(index_dir)) {
        try {
            std::ostringstream details;
            const std::size_t structure_errors =
                Xapian::Database::check(shard.string(), 0, &details);
            if (structure_errors > 0) {
                report.problems.push_back("Xapian found " + std::to_string(structure_errors) +
                                          " errors in the structure of " + shard.string() +
                                          ": " + rebuild_advice);
            }
        } catch (const Xapian::Error& xapian_error) {
            report.problems.push_back("Xapian cannot check " + shard.string() + " (" +
                                      xapian_error.get_description() + "): " + rebuild_advice);
            return report;
        }
    }
    try {
        Xapian::Database database(index_dir.string());
        report.analyzer = database.get_metadata(schema::analyzer_key);
        report.articles = database.get_doccount();
        auto opened = open_index_for_reading(index_dir);
        if (!opened.is_ok()) {
            report.problems.push_back(opened.status().message());
            return report;
        }
        const std::unordered_set<std::string> ids = check_documents(database, report);
        if (report.unreadable_articles > 0) {
            report.problems.push_back(std::to_string(report.unreadable_articles) +
                                      " stored articles are unreadable: " + rebuild_advice);
        }
        if (ids.size() + report.unreadable_articles != report.articles) {
            report.problems.push_back("the document count (" + std::to_string(report.articles) +
                                      ") does not match the documents read (" +
                                      std::to_string(ids.size() + report.unreadable_articles) +
                                      "): " + rebuild_advice);
        }
        check_source_records(database, ids, report);
    } catch (const Xapian::Error& xapian_error) {
        report.problems.push_back("reading the index failed (" + xapian_error.get_description() +
                                  "): " + rebuild_advice);
    }
    return report;
}

}  // namespace depeche
