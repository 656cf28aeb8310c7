#include "indexing/story_grouping.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <string>
#include <vector>

#include "store/schema.hpp"
#include "store/story_groups.hpp"

namespace depeche {
namespace {

struct Signed {
    Xapian::docid docid = 0;
    StorySignature signature;
};

class UnionFind {
public:
    explicit UnionFind(std::size_t size) : parent_(size) {
        std::iota(parent_.begin(), parent_.end(), std::size_t{0});
    }
    std::size_t find(std::size_t item) {
        while (parent_[item] != item) {
            parent_[item] = parent_[parent_[item]];
            item = parent_[item];
        }
        return item;
    }
    void join(std::size_t a, std::size_t b) { parent_[find(a)] = find(b); }

private:
    std::vector<std::size_t> parent_;
};

// Buckets larger than this hold boilerplate more than stories: their members are compared
// with the bucket's first and with their neighbour only, not each with each.
constexpr std::size_t max_compared_bucket = 64;

// Sorts entries by their upper 32 bits (the key), in two stable passes of 16 bits: a radix
// sort, several times faster than std::sort on the 32 bands of every article.
void sort_by_key(std::vector<std::uint64_t>& entries, std::vector<std::uint64_t>& scratch) {
    for (const int shift : {32, 48}) {
        std::vector<std::size_t> count(65537, 0);
        for (const std::uint64_t entry : entries) ++count[((entry >> shift) & 0xFFFF) + 1];
        for (std::size_t digit = 1; digit < count.size(); ++digit) count[digit] += count[digit - 1];
        for (const std::uint64_t entry : entries) scratch[count[(entry >> shift) & 0xFFFF]++] = entry;
        entries.swap(scratch);
    }
}

// The label of each signed article's group ("" for an article alone): connected components of
// same_story() over the pairs that share a band of minima.
std::vector<std::string> group_labels(const std::vector<Signed>& articles) {
    UnionFind groups(articles.size());
    const auto compare = [&](std::size_t a, std::size_t b) {
        if (groups.find(a) == groups.find(b)) return;
        if (same_story(articles[a].signature, articles[b].signature)) groups.join(a, b);
    };
    // Each band's bucket key (2 minima of 16 bits) above the article's index, sorted: one
    // 8-byte integer each, which sorts several times faster than pairs.
    std::vector<std::uint64_t> bucket_of(articles.size());
    std::vector<std::uint64_t> scratch(articles.size());
    for (std::size_t band = 0; band < signature_minima / signature_band_rows; ++band) {
        for (std::size_t index = 0; index < articles.size(); ++index) {
            const auto& minima = articles[index].signature.minima;
            std::uint64_t key = 0;
            for (std::size_t row = 0; row < signature_band_rows; ++row) {
                key = (key << 16) | minima[band * signature_band_rows + row];
            }
            bucket_of[index] = (key << 32) | index;
        }
        sort_by_key(bucket_of, scratch);
        const auto key_of = [](std::uint64_t entry) { return entry >> 32; };
        const auto index_of = [](std::uint64_t entry) { return entry & 0xFFFFFFFFULL; };
        for (std::size_t first = 0; first < bucket_of.size();) {
            std::size_t end = first + 1;
            while (end < bucket_of.size() && key_of(bucket_of[end]) == key_of(bucket_of[first])) {
                ++end;
            }
            const std::size_t size = end - first;
            for (std::size_t a = first; a < end && size > 1; ++a) {
                if (size <= max_compared_bucket) {
                    for (std::size_t b = a + 1; b < end; ++b) {
                        compare(index_of(bucket_of[a]), index_of(bucket_of[b]));
                    }
                } else if (a > first) {
                    compare(index_of(bucket_of[first]), index_of(bucket_of[a]));
                    compare(index_of(bucket_of[a - 1]), index_of(bucket_of[a]));
                }
            }
            first = end;
        }
    }
    // Each component's size and label (its smallest id), by root.
    std::vector<std::size_t> size(articles.size(), 0);
    std::vector<std::size_t> label(articles.size(), articles.size());  // index of the smallest id
    for (std::size_t index = 0; index < articles.size(); ++index) {
        const std::size_t root = groups.find(index);
        ++size[root];
        if (label[root] == articles.size() ||
            articles[index].signature.id < articles[label[root]].signature.id) {
            label[root] = index;
        }
    }
    std::vector<std::string> labels(articles.size());
    for (std::size_t index = 0; index < articles.size(); ++index) {
        const std::size_t root = groups.find(index);
        if (size[root] > 1) labels[index] = articles[label[root]].signature.id;
    }
    return labels;
}

}  // namespace

GroupingSummary regroup_stories(Xapian::WritableDatabase& database,
                                Xapian::WritableDatabase& metadata) {
    std::vector<Signed> articles;
    for (auto value = database.valuestream_begin(schema::signature_slot);
         value != database.valuestream_end(schema::signature_slot); ++value) {
        if (std::optional<StorySignature> signature = decode_signature(*value)) {
            articles.push_back({value.get_docid(), std::move(*signature)});
        }
    }
    const std::vector<std::string> labels = group_labels(articles);

    // What each article should hold, against what it holds.
    std::map<Xapian::docid, std::string> wanted;
    std::map<std::string, std::vector<std::string>> members;  // label -> ids
    GroupingSummary summary;
    for (std::size_t index = 0; index < articles.size(); ++index) {
        if (labels[index].empty()) continue;
        wanted[articles[index].docid] = labels[index];
        members[labels[index]].push_back(articles[index].signature.id);
    }
    std::map<Xapian::docid, std::string> held;
    for (auto value = database.valuestream_begin(schema::repost_slot);
         value != database.valuestream_end(schema::repost_slot); ++value) {
        held[value.get_docid()] = *value;
    }
    std::vector<Xapian::docid> changed;
    for (const auto& [docid, label] : held) {
        const auto want = wanted.find(docid);
        if (want == wanted.end() || want->second != label) changed.push_back(docid);
    }
    for (const auto& [docid, label] : wanted) {
        const auto has = held.find(docid);
        if (has == held.end()) changed.push_back(docid);
    }
    std::sort(changed.begin(), changed.end());
    changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
    for (const Xapian::docid docid : changed) {
        Xapian::Document document = database.get_document(docid);
        const auto want = wanted.find(docid);
        if (want == wanted.end()) {
            document.remove_value(schema::repost_slot);
        } else {
            document.add_value(schema::repost_slot, want->second);
        }
        database.replace_document(docid, document);
    }
    summary.changed_articles = changed.size();

    // The members of each group, in the metadata; groups that are gone are erased.
    const std::string prefix(group_key_prefix);
    std::vector<std::string> gone;
    for (auto key = metadata.metadata_keys_begin(prefix); key != metadata.metadata_keys_end(prefix);
         ++key) {
        if (!members.contains((*key).substr(prefix.size()))) gone.push_back(*key);
    }
    for (const std::string& key : gone) metadata.set_metadata(key, "");
    for (auto& [label, ids] : members) {
        std::sort(ids.begin(), ids.end());
        const std::string value = encode_group_members(ids);
        if (metadata.get_metadata(prefix + label) != value) metadata.set_metadata(prefix + label, value);
        summary.grouped_articles += ids.size();
    }
    summary.groups = members.size();
    return summary;
}

}  // namespace depeche
