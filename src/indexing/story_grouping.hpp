#pragma once
// The last stage of every indexing run that changed something: the groups of versions of one
// story (store/story_groups.hpp) recomputed from every signature in the index, and what changed
// written back. Being a function of the signatures alone, it gives a build from nothing and a
// run of updates the same groups, and a run interrupted before it is repaired by the next.
#include <cstddef>

#include <xapian.h>

namespace depeche {

struct GroupingSummary {
    std::size_t groups = 0;            // stories with two versions or more
    std::size_t grouped_articles = 0;  // articles in them
    std::size_t changed_articles = 0;  // articles whose group (label) was rewritten
};

// `database` is every shard (docids as in it); `metadata` the one that holds the index's
// metadata (the base shard; the same database for a single one). Writes only the repost_slot
// values that change (Xapian then rewrites no term) and the group metadata; commits nothing.
// Xapian exceptions pass through.
GroupingSummary regroup_stories(Xapian::WritableDatabase& database,
                                Xapian::WritableDatabase& metadata);

}  // namespace depeche
