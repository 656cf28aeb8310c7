#include "indexing/removals.hpp"

#include <algorithm>

namespace depeche {
namespace {

// A modification time no file has: a record marked with it is read again by the next run.
constexpr std::int64_t stale_modified = -1;

bool is_under(const std::string& path, const std::string& root) {
    return path.size() > root.size() && path.starts_with(root) &&
           (root == "/" || path[root.size()] == '/');
}

}  // namespace

bool Removals::still_given_elsewhere(const std::string& id, const std::string& path) {
    const std::vector<std::string>* owners = known_.owners_of(id);
    if (owners == nullptr) return false;
    bool elsewhere = false;
    for (const std::string& owner : *owners) {
        if (owner == path) continue;
        elsewhere = true;
        const KnownFiles::File* const file = known_.find(owner);
        if (file != nullptr && file->seen) continue;  // read in this run: nothing to redo
        std::optional<SourceRecord> record = known_.record(owner);
        if (!record || record->modified == stale_modified) continue;
        record->modified = stale_modified;
        writer_.finish_file({source_record_key(owner), std::move(*record), owner, {}});
    }
    return elsewhere;
}

std::size_t Removals::remove_vanished_files(
    const std::vector<std::string>& directory_roots,
    const std::function<void(const FileOutcome&)>& on_file) {
    std::size_t removed = 0;
    for (const KnownFiles::File& known : known_.files()) {
        if (known.seen) continue;
        const std::string& path = known.header.path;
        const bool under_a_root =
            std::any_of(directory_roots.begin(), directory_roots.end(),
                        [&](const std::string& root) { return is_under(path, root); });
        if (!under_a_root) continue;
        FileFinish finish{source_record_key(path), std::nullopt, path, {}};
        for (const SourceRecord::Entry& entry : known_.entries(path)) {
            if (!still_given_elsewhere(entry.id, path)) finish.removed_ids.push_back(entry.id);
        }
        removed += finish.removed_ids.size();
        if (on_file) {
            FileOutcome outcome{path, FileOutcome::Kind::removed};
            outcome.removed = finish.removed_ids.size();
            on_file(outcome);
        }
        writer_.finish_file(std::move(finish));
    }
    return removed;
}

}  // namespace depeche
