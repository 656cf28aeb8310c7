// The name-variant model (see names.hpp).
//
// The evidence, in order:
//   1. Is it a name? The lexicon counts how often the corpus writes the word with a capital
//      initial inside a sentence (sentence starts and words in capitals say nothing).
//   2. Which spellings may be the same name? Those sharing its transliteration skeleton
//      (analysis/transliteration.hpp) that the corpus also writes as names. "bien" never
//      becomes "Biden": a common word is not a name, and gets no variants.
//   3. Are they the same name? Different people and places share skeletons too (Martin and
//      Martine, Évry and Ivry, Ghali and Ghaly). A spelling of the same name is written among
//      the same other names: Bachar and Bashar among Assad, Syrie, Damas; Martin and Martine
//      among different people. The context of a spelling is the names (N terms) of up to
//      `context_sample` of its articles, weighted by how many of them hold each and by
//      log(1 + N/df); two spellings are one name when the cosine of their contexts reaches
//      `same_name_similarity`, or when one of them is rare and it reaches
//      `rare_spelling_similarity`. Masculine and feminine given names (Martin, Martine) are
//      never merged this way.
//      The thresholds come from `depeche variants --all --format json` on the shared corpus
//      for every pair of bench/names (2026-12-03): the look-alike pairs sharing a skeleton
//      reach 0.30 only as masculine/feminine pairs (Emmanuel/Emmanuelle, Jean/Jeanne), 0.21
//      otherwise (Fatah/Fattah, Lyon/Léon 0.17, Évry/Ivry 0.13); those with a side in at most
//      7 articles stay at or below 0.04 (Ghali/Ghaly, Ruffin/Rufin, Bakou/Baku; the next,
//      Sanaa/Sana, has 8 articles and 0.08). Variants
//      above 0.30: Daech/Daesh 0.52, Kadhafi/Khadafi 0.44, Raqqa/Raqa 0.42, Glucksmann 0.39;
//      rare ones from 0.06: Idlib 0.11, Netanyahou 0.18, Riyadh 0.19, Trotsky 0.07,
//      Mitterand (6 articles) 0.23. Rare spellings below 0.06 stay apart: Uganda 0.04,
//      Zelenski 0.05, Ghandi 0.01 are written in unrelated copy (motoring, sport). Common
//      pairs between (Mohamed/Mohammed 0.23, Mitterrand/Mitterand 0.23) stay apart: the
//      corpus cannot tell them from look-alikes.
//   3b. Given names: different people share a given name, so their contexts differ
//      (Mohamed / Mohammed 0.23). A spelling written right before another capitalised word
//      (a surname) at least `given_name_share` of the time is a given name; two given names
//      sharing a skeleton are one name, unless masculine and feminine. On bench/names the
//      look-alike pairs that are not masculine/feminine never have both sides above 0.25
//      (Lyon 0.49 but Léon 0.24, Fattah 0.39 but Fatah 0.10), while Mohamed 0.69 /
//      Mohammed 0.50, Moustapha, Youssef... pass 0.45.
//   4. The query itself: a spelling turned down in 3 is still taken when the corpus writes it
//      next to the rest of the multi-word name typed ("Bashar al-Assad": "Bachar" followed by
//      "Assad" within 3 words), since then it is that name.
// A spelling the index does not hold as a name ("Putin") is read through the most used
// spelling that shares its skeleton ("Poutine"), the reference for the others.
#include "search/names.hpp"

#include <algorithm>
#include <cmath>

#include "analysis/transliteration.hpp"
#include "store/schema.hpp"

namespace depeche::search {
namespace {

std::string name_term(std::string_view folded) {
    return std::string(schema::name_prefix) + std::string(folded);
}

// Share of its capitalised occurrences inside sentences right before another capitalised word.
double given_name_share_of(const WordCounts& counts) {
    return counts.capitalised_inside > 0 ? static_cast<double>(counts.before_a_name) /
                                               static_cast<double>(counts.capitalised_inside)
                                         : 0.0;
}

double capital_share(const WordCounts& counts) {
    const double inside = static_cast<double>(counts.capitalised_inside) +
                          static_cast<double>(counts.lower_case_inside);
    return inside > 0 ? static_cast<double>(counts.capitalised_inside) / inside : 0.0;
}

std::string fixed(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f", value);
    return buffer;
}

// Whether the corpus writes `first` followed by `second` within `window` positions.
bool written_together(const Xapian::Database& database, const std::string& first,
                      const std::string& second, Xapian::termcount window) {
    const std::vector<Xapian::Query> terms = {Xapian::Query(first), Xapian::Query(second)};
    Xapian::Enquire enquire(database);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), window));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    return !enquire.get_mset(0, 1).empty();
}

}  // namespace

bool is_gender_pair(std::string_view a, std::string_view b) {
    if (a.size() > b.size()) std::swap(a, b);
    if (b.size() < 2 || b.back() != 'e' || a.empty()) return false;
    const std::string_view stem = b.substr(0, b.size() - 1);  // Martine -> Martin
    if (stem == a) return true;
    // Danielle, Jeanne, Emmanuelle: the last consonant doubled
    if (stem.size() == a.size() + 1 && stem.starts_with(a) && stem.back() == a.back()) return true;
    // Frédéric / Frédérique
    return a.back() == 'c' && b.ends_with("que") &&
           a.substr(0, a.size() - 1) == b.substr(0, b.size() - 3);
}

bool is_name_particle(std::string_view folded) {
    return folded == "al" || folded == "el" || folded == "ad" || folded == "ed" ||
           folded == "ar" || folded == "er" || folded == "as" || folded == "es" ||
           folded == "az" || folded == "ez" || folded == "ach" || folded == "ech";
}

void NameModel::follow(std::uint64_t revision) {
    if (revision == revision_) return;
    readings_.clear();
    contexts_.clear();
    idf_.clear();
    forms_.clear();
    revision_ = revision;
}

double NameModel::idf(const Xapian::Database& database, const std::string& term) {
    const auto found = idf_.find(term);
    if (found != idf_.end()) return found->second;
    const double frequency = std::max<double>(1, database.get_termfreq(term));
    const double value = std::log(1.0 + static_cast<double>(database.get_doccount()) / frequency);
    idf_.emplace(term, value);
    return value;
}

const NameModel::Context& NameModel::context_of(const Xapian::Database& database,
                                                const std::string& word,
                                                const std::vector<std::string>& spellings) {
    const auto found = contexts_.find(word);
    if (found != contexts_.end()) return found->second;
    Context context;
    const std::string term = name_term(word);
    const Xapian::doccount articles = database.get_termfreq(term);
    const Xapian::doccount step = std::max<Xapian::doccount>(1, articles / context_sample);
    std::unordered_map<std::string, Xapian::doccount> holding;  // N term -> sampled articles
    Xapian::doccount sampled = 0;
    Xapian::doccount index = 0;
    const std::string prefix(schema::name_prefix);
    for (auto posting = database.postlist_begin(term); posting != database.postlist_end(term);
         ++posting, ++index) {
        if (index % step != 0) continue;
        if (++sampled > context_sample) break;
        auto other = database.termlist_begin(*posting);
        other.skip_to(prefix);
        for (; other != database.termlist_end(*posting); ++other) {
            const std::string name = *other;
            if (!name.starts_with(prefix)) break;
            // The spellings of this very name are not its context.
            if (std::binary_search(spellings.begin(), spellings.end(), name)) continue;
            ++holding[name];
        }
    }
    sampled = std::min(sampled, context_sample);
    for (const auto& [name, count] : holding) {
        const double weight = static_cast<double>(count) / std::max<double>(1, sampled) *
                              idf(database, name);
        context.weights.emplace(name, weight);
        context.norm += weight * weight;
    }
    context.norm = std::sqrt(context.norm);
    return contexts_.emplace(word, std::move(context)).first->second;
}

double NameModel::similarity(const Xapian::Database& database, const std::string& a,
                             const std::string& b, const std::vector<std::string>& spellings) {
    const Context& first = context_of(database, a, spellings);
    const Context& second = context_of(database, b, spellings);
    if (first.norm == 0 || second.norm == 0) return 0;
    const Context& smaller = first.weights.size() <= second.weights.size() ? first : second;
    const Context& larger = &smaller == &first ? second : first;
    double dot = 0;
    for (const auto& [name, weight] : smaller.weights) {
        const auto other = larger.weights.find(name);
        if (other != larger.weights.end()) dot += weight * other->second;
    }
    return dot / (first.norm * second.norm);
}

NameReading NameModel::read_alone(const Xapian::Database& database, LexiconReader& lexicon,
                                  const std::string& folded, bool typed_capitalised) {
    NameReading reading;
    const std::optional<WordCounts> counts = lexicon.counts(database, folded);
    reading.typed_articles = database.get_termfreq(name_term(folded));
    if (counts && reading.typed_articles > 0) {
        const double share = capital_share(*counts);
        reading.is_name = share >= name_share || (typed_capitalised && share >= typed_name_share);
        reading.also_common = 1.0 - share >= common_word_share && counts->lower_case_inside > 0;
    }
    // A common word of the corpus is not a name, and has no spellings of a name.
    if (counts && !reading.is_name) return reading;
    if (folded.size() < min_variant_letters) return reading;

    std::vector<NameSpelling> candidates;
    for (const std::string& word : lexicon.words_with_skeleton(database,
                                                              analysis::name_skeleton(folded))) {
        if (word == folded) continue;
        const std::optional<WordCounts> word_counts = lexicon.counts(database, word);
        if (!word_counts || capital_share(*word_counts) < name_share) continue;
        const Xapian::doccount articles = database.get_termfreq(name_term(word));
        if (articles == 0) continue;
        candidates.push_back({word, articles, NameSpelling::Source::learnt, 0,
                              given_name_share_of(*word_counts), {}});
    }
    if (candidates.empty()) return reading;
    std::sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
        return a.articles > b.articles || (a.articles == b.articles && a.word < b.word);
    });
    std::vector<std::string> spellings = {name_term(folded)};
    for (const NameSpelling& candidate : candidates) spellings.push_back(name_term(candidate.word));
    std::sort(spellings.begin(), spellings.end());

    std::string reference = folded;
    if (reading.typed_articles == 0 && candidates.front().articles < min_reference_articles) {
        return reading;
    }
    if (reading.typed_articles == 0) {
        // Not in the index as a name ("putin"): read as the most used spelling of its skeleton.
        reading.is_name = true;
        candidates.front().similarity = 1;
        candidates.front().reason = "the index's most used spelling sharing the skeleton of '" +
                                    folded + "', which it does not hold";
        reference = candidates.front().word;
        reading.accepted.push_back(candidates.front());
        candidates.erase(candidates.begin());
    }
    const Xapian::doccount reference_articles = database.get_termfreq(name_term(reference));
    // The rules that need no article read first: a one-shot search pays for contexts only
    // when they decide.
    const std::optional<WordCounts> reference_counts = lexicon.counts(database, reference);
    const double reference_given_name =
        reference_counts ? given_name_share_of(*reference_counts) : 0.0;
    for (NameSpelling& candidate : candidates) {
        const bool rare = std::min(candidate.articles, reference_articles) <= rare_spelling_articles;
        if (is_gender_pair(reference, candidate.word)) {
            candidate.reason = "a masculine and a feminine name";
            reading.rejected.push_back(std::move(candidate));
            continue;
        }
        if (candidate.given_name >= given_name_share && reference_given_name >= given_name_share) {
            candidate.reason = "both given names (before another name " +
                               fixed(reference_given_name) + " and " +
                               fixed(candidate.given_name) + " of the time)";
            reading.accepted.push_back(std::move(candidate));
            continue;
        }
        candidate.similarity = similarity(database, reference, candidate.word, spellings);
        if (candidate.similarity >= same_name_similarity) {
            candidate.reason = "written among the same names as '" + reference + "' (similarity " +
                               fixed(candidate.similarity) + ")";
            reading.accepted.push_back(std::move(candidate));
        } else if (rare && candidate.similarity >= rare_spelling_similarity) {
            candidate.reason = "a rare spelling written among names of '" + reference +
                               "' (similarity " + fixed(candidate.similarity) + ")";
            reading.accepted.push_back(std::move(candidate));
        } else {
            candidate.reason = "written among other names than '" + reference + "' (similarity " +
                               fixed(candidate.similarity) + ")";
            reading.rejected.push_back(std::move(candidate));
        }
    }
    return reading;
}

NameReading NameModel::read(const Xapian::Database& database, LexiconReader& lexicon,
                            const std::string& folded, bool typed_capitalised,
                            const NameNeighbours& neighbours) {
    const auto key = std::make_pair(folded, typed_capitalised);
    auto found = readings_.find(key);
    if (found == readings_.end()) {
        found = readings_.emplace(key, read_alone(database, lexicon, folded, typed_capitalised))
                    .first;
    }
    NameReading reading = found->second;
    if (!reading.is_name || (neighbours.before.empty() && neighbours.after.empty())) {
        return reading;
    }
    // The rest of a multi-word name typed around it: a spelling the corpus writes next to it
    // is that name ("Bashar al-Assad" takes "Bachar", written before "Assad").
    constexpr Xapian::termcount window = 3;
    for (auto candidate = reading.rejected.begin(); candidate != reading.rejected.end();) {
        const std::string term = name_term(candidate->word);
        std::string together;
        if (!neighbours.after.empty() &&
            written_together(database, term, name_term(neighbours.after), window)) {
            together = neighbours.after;
        } else if (!neighbours.before.empty() &&
                   written_together(database, name_term(neighbours.before), term, window)) {
            together = neighbours.before;
        }
        if (together.empty()) {
            ++candidate;
            continue;
        }
        candidate->reason = "written next to '" + together + "', typed with it";
        reading.accepted.push_back(std::move(*candidate));
        candidate = reading.rejected.erase(candidate);
    }
    return reading;
}

}  // namespace depeche::search
