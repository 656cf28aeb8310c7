#include "search/timeline.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "depeche/date.hpp"
#include "store/schema.hpp"
#include "search/matching_docids.hpp"
#include "store/stored_article.hpp"

namespace depeche::search {
namespace {

struct Month {
    std::size_t count = 0;
    std::size_t alone = 0;         // articles that are no other's version
    std::set<std::string> labels;  // stories with versions
};

}  // namespace

Timeline count_by_month(const Xapian::Database& database,
                        const std::vector<Xapian::docid>& docids, const Deadline& deadline) {
    std::vector<int> month_of(docids.size(), 0);  // YYYYMM, 0 when undated
    std::string first_day, last_day;                 // "YYYYMMDD" of the earliest, latest
    Xapian::docid first_docid = 0, last_docid = 0;
    // The articles whose dates were read: all of them, or the first ones when the deadline
    // passed meanwhile.
    const std::size_t read = walk_values(database, schema::first_day_slot, docids,
                [&](std::size_t index, const std::string& day) {
                    if (day.size() < 6) return;
                    if (first_docid == 0 || day < first_day) {
                        first_day = day;
                        first_docid = docids[index];
                    }
                    if (last_docid == 0 || day > last_day) {
                        last_day = day;
                        last_docid = docids[index];
                    }
                    int key = 0;
                    for (std::size_t digit = 0; digit < 6; ++digit) key = key * 10 + (day[digit] - '0');
                    month_of[index] = key;
                }, deadline);
    // Cut: the stories of those articles, no others (the same articles in both walks).
    std::vector<Xapian::docid> read_part;
    if (read < docids.size()) {
        read_part.assign(docids.begin(), docids.begin() + static_cast<std::ptrdiff_t>(read));
    }
    std::map<int, Month> months;
    std::size_t undated = 0;
    walk_values(database, schema::repost_slot, read < docids.size() ? read_part : docids,
                [&](std::size_t index, const std::string& label) {
                    if (month_of[index] == 0) {
                        ++undated;
                        return;
                    }
                    Month& month = months[month_of[index]];
                    ++month.count;
                    if (label.empty()) {
                        ++month.alone;
                    } else {
                        month.labels.insert(label);
                    }
                });
    Timeline timeline;
    timeline.undated = undated;
    timeline.counted = read;
    timeline.cut = read < docids.size();
    if (months.empty()) return timeline;
    // The articles' own dates (a month-dated article is "YYYY-MM", not its first day).
    for (const auto& [docid, date] : {std::pair{first_docid, &timeline.first_date},
                                      std::pair{last_docid, &timeline.last_date}}) {
        if (std::optional<StoredArticle> stored =
                decode_stored_article(database.get_document(docid).get_data())) {
            *date = stored->article.date;
        }
    }
    const auto as_month = [](int key) {
        return Date{key / 100, key % 100, 0}.to_string();
    };
    for (const std::string& month :
         months_between(as_month(months.begin()->first), as_month(months.rbegin()->first))) {
        MonthCount entry;
        entry.month = month;
        const std::string key = month.substr(0, 4) + month.substr(5, 2);
        const auto found = months.find(std::stoi(key));
        if (found != months.end()) {
            entry.count = found->second.count;
            entry.stories = found->second.alone + found->second.labels.size();
            const Xapian::doccount in_month =
                database.get_termfreq(std::string(schema::month_prefix) + key);
            entry.per_1000 = in_month == 0 ? 0.0 : 1000.0 * static_cast<double>(entry.count) /
                                                       static_cast<double>(in_month);
        }
        timeline.months.push_back(std::move(entry));
    }
    return timeline;
}

}  // namespace depeche::search

namespace depeche::search {
namespace {

// Collects the docid of every document the matcher checks (it reads none of its values).
class MatchedDocids : public Xapian::MatchSpy {
public:
    void operator()(const Xapian::Document& document, double) override {
        docids.push_back(document.get_docid());
    }
    std::vector<Xapian::docid> docids;
};

}  // namespace

std::vector<Xapian::docid> matching_docids(const Xapian::Database& database,
                                           const SearchPlan& plan, const Deadline& deadline,
                                           bool* cut) {
    // Passed already: no match at all (the source would end it at its first document anyway).
    if (deadline.passed()) {
        if (cut != nullptr) *cut = true;
        return {};
    }
    bool stopped = false;
    Xapian::Enquire enquire(database);
    enquire.set_query(until_deadline(plan.matching, deadline, &stopped));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    // Every match, exactly: the spy sees each one checked, and every one is (no MSet is built).
    MatchedDocids spy;
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 0, database.get_doccount());
    if (stopped && cut != nullptr) *cut = true;
    std::sort(spy.docids.begin(), spy.docids.end());
    return std::move(spy.docids);
}

}  // namespace depeche::search
