#pragma once
// Stage 3b of a search, versions (after match): for each result that is a version of a story
// (store/story_groups.hpp: its repost_slot holds the group's label), the ids of the story's
// other versions, earliest first. A result stands for its whole story: the version shown is the
// earliest one that matches the query (the first dispatch rather than its reposts), ranked
// where the story's best-matching version ranked. With `all_versions` (no collapse) each
// version is its own result and stays as it is.
#include <vector>

#include <xapian.h>

#include "search/match.hpp"
#include "search/plan.hpp"

namespace depeche::search {

// Xapian exceptions pass through.
void add_versions(const Xapian::Database& database, const SearchPlan& plan,
                  std::vector<Match>& matches);

// The other versions of the article with id `id` (none when it is alone), earliest first
// (undated ones last, then by id).
std::vector<std::string> other_versions(const Xapian::Database& database, const std::string& id);

// The ids of the group labelled `label`, earliest first; empty for an unknown label.
std::vector<std::string> group_members(const Xapian::Database& database, const std::string& label);

}  // namespace depeche::search
