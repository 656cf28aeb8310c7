// Names in a text, from the analyzer's tokens (see name_mentions.hpp). The rules, in order:
//  - a run starts at a capitalised word that is not a function word, a day, a month or a title,
//    or at a capitalised article or particle ("Le Pen", "Al-Qaïda") right before one;
//  - it goes on over words joined by one space, a hyphen or an elided "d'" ("Giscard
//    d'Estaing"), capitalised or particles ("de", "al", "bin"; "sur", "en" inside hyphenated
//    place names only), and ends at anything else: punctuation, a line break, a lower-case word;
//  - particles at its end are dropped;
//  - a run that is only the first word of a sentence is dropped ("Selon", "Hier", but also
//    "Paris" there: a capital at a sentence start says nothing), and an article starting a
//    sentence is not part of the run ("La France a..." gives "France");
//  - words in capitals longer than 6 letters end a run (headings), and so does a run of four
//    or more words all in capitals;
//  - "M. Macron", "Dr. Fauci": the full stop of a title does not end a sentence; runs longer than max_name_words are dropped.
#include "analysis/name_mentions.hpp"

#include <algorithm>
#include <iterator>
#include <unordered_set>

#include "analysis/steps.hpp"

namespace depeche::analysis {
namespace {

// Folded. Function words a sentence (or a clause) starts with, days, months and titles.
constexpr std::string_view never_names[] = {
    "a", "ainsi", "alors", "apres", "au", "aucun", "aucune", "aujourd", "aujourd'hui",
    "auparavant", "aussi", "autant", "autre", "autres", "aux", "avant", "avec", "avril", "bien",
    "bref", "car", "ce", "ceci", "cela", "celle", "celles", "celui", "cependant", "certains",
    "certaines", "certes", "ces", "cet", "cette", "chacun", "chaque", "chez", "comme", "comment",
    "contre", "dans", "decembre", "deja", "demain", "depuis", "desormais", "dimanche", "donc",
    "dont", "dr", "durant", "elle", "elles", "en", "encore", "enfin", "ensuite", "entre", "et",
    "fevrier", "grace", "hier", "ici", "il", "ils", "janvier", "je", "jeudi", "juillet", "juin",
    "lorsque", "lors", "lundi", "mai", "mais", "malgre", "mardi", "mars", "me", "mercredi", "mgr",
    "mlle", "mme", "mmes", "moi", "mr", "ni", "non", "notamment", "nous", "novembre", "octobre",
    "on", "or", "oui", "ou", "outre", "par", "parce", "parmi", "pendant", "peu", "plusieurs",
    "pour", "pourquoi", "pourtant", "pr", "puis", "quand", "que", "quelques", "qui", "samedi",
    "sans", "selon", "septembre", "si", "sous", "sur", "tandis", "tous", "tout", "toute",
    "toutes", "toutefois", "tu", "vendredi", "vers", "voici", "voila", "vous"};

// Folded particles that may sit inside a name, as separate words or hyphenated parts.
constexpr std::string_view particles[] = {
    "abou", "abu", "al", "ben", "bin", "bint", "d", "da", "das", "de", "del", "della", "den",
    "der", "des", "di", "do", "dos", "du", "el", "ibn", "l", "la", "le", "les", "ould", "van",
    "von", "y", "zu"};

// Particles of hyphenated place names only ("Boulogne-sur-Mer", "Saint-Germain-en-Laye"):
// with a space they are prepositions ("Macron en Chine").
constexpr std::string_view hyphen_particles[] = {"aux", "en", "les", "sous", "sur"};

bool is_article(std::string_view folded) {
    return folded == "le" || folded == "la" || folded == "les" || folded == "l";
}

template <std::size_t N>
bool holds(const std::string_view (&words)[N], std::string_view word) {
    return std::find(std::begin(words), std::end(words), word) != std::end(words);
}

// What separates two tokens of one name: one or more spaces or tabs, a hyphen, or spaces and
// an elided particle ("d'", "d’"). Anything else (punctuation, a line break) ends the name.
enum class Gap { joins, hyphen, ends };
Gap gap_between(std::string_view text, std::uint32_t end, std::uint32_t begin) {
    if (begin < end || begin > text.size()) return Gap::ends;
    std::string_view gap = text.substr(end, begin - end);
    if (gap == "-" || gap == "\xE2\x80\x90") return Gap::hyphen;  // - and ‐ (U+2010)
    std::size_t spaces = 0;
    while (spaces < gap.size() && (gap[spaces] == ' ' || gap[spaces] == '\t')) ++spaces;
    gap.remove_prefix(spaces);
    if (gap.empty()) return spaces > 0 ? Gap::joins : Gap::ends;
    // An elided particle: one ASCII letter and an apostrophe (' ’ ʼ).
    if ((gap[0] == 'd' || gap[0] == 'D') &&
        (gap.substr(1) == "'" || gap.substr(1) == "\xE2\x80\x99" || gap.substr(1) == "\xCA\xBC")) {
        return Gap::joins;
    }
    return Gap::ends;
}

// A capitalised word that may be (part of) a name.
bool is_name_word(const Token& token) {
    if (!token.capitalised || token.is_number || token.folded.empty()) return false;
    if (token.is_stopword || is_never_a_name(token.folded)) return false;
    if (token.all_capitals && token.end - token.begin > 6) return false;  // a heading's word
    return true;
}

// Titles written with a full stop ("M. Macron", "MM. Dupont et Durand", "Dr. Fauci"): the word
// after them does not start a sentence, whatever the analyzer's capitals step says.
bool is_title_with_stop(std::string_view text, const Token& title, const Token& next) {
    static constexpr std::string_view titles[] = {"m", "mm", "dr", "pr", "mgr", "me", "st"};
    if (!holds(titles, title.folded) || !title.capitalised) return false;
    std::string_view gap = text.substr(title.end, next.begin - title.end);
    return gap.size() >= 2 && gap[0] == '.' && gap.find_first_not_of(" \t", 1) == std::string_view::npos;
}

void collapse_spaces(std::string_view text, std::string& out) {
    out.clear();
    bool space = false;
    for (const char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = true;
            continue;
        }
        if (space && !out.empty()) out.push_back(' ');
        space = false;
        out.push_back(c);
    }
}

}  // namespace

bool is_never_a_name(std::string_view folded) {
    static const std::unordered_set<std::string_view> set(std::begin(never_names),
                                                          std::end(never_names));
    return set.contains(folded);
}

bool is_name_particle_word(std::string_view folded) {
    // Asked for every word of every name counted: most are longer than any particle.
    return folded.size() <= 5 && holds(particles, folded);
}

std::string name_key(const std::vector<Token>& tokens) {
    std::string key;
    for (const Token& token : tokens) {
        if (token.compound_parts != 0 || token.folded.empty()) continue;
        if (!key.empty()) key.push_back(' ');
        key += token.folded;
    }
    return key;
}

std::vector<NameMention> find_name_mentions(std::string_view text,
                                            const std::vector<Token>& tokens) {
    // The words: every token but the joined form of compounds (their parts are the words).
    std::vector<const Token*> words;
    words.reserve(tokens.size());
    for (const Token& token : tokens) {
        if (token.compound_parts == 0 && token.end <= text.size()) words.push_back(&token);
    }
    // Whether each word starts a sentence (the analyzer's flag, corrected after titles).
    std::vector<bool> at_sentence_start(words.size());
    for (std::size_t at = 0; at < words.size(); ++at) {
        at_sentence_start[at] = words[at]->starts_sentence &&
                                !(at > 0 && words[at - 1]->end <= words[at]->begin &&
                                  is_title_with_stop(text, *words[at - 1], *words[at]));
    }
    std::vector<NameMention> mentions;
    std::unordered_set<std::string> seen;
    std::string surface;
    // words[first..last]; `first` is a capitalised particle opening the name when
    // `opens_with_particle`. Particles at the end are not part of the name.
    const auto emit = [&](std::size_t first, std::size_t last, bool opens_with_particle) {
        while (last > first && !is_name_word(*words[last])) --last;
        if (!is_name_word(*words[last])) return;
        std::size_t name_words = 0, in_capitals = 0;
        bool all_at_sentence_start = true;
        for (std::size_t at = first; at <= last; ++at) {
            if (!is_name_word(*words[at])) continue;
            ++name_words;
            if (words[at]->all_capitals) ++in_capitals;
            if (!at_sentence_start[at]) all_at_sentence_start = false;
        }
        if (opens_with_particle && !at_sentence_start[first]) all_at_sentence_start = false;
        if (all_at_sentence_start || last - first + 1 > max_name_words) return;
        if (in_capitals >= 4 && in_capitals == name_words) return;
        std::string key;
        for (std::size_t at = first; at <= last; ++at) {
            if (!key.empty()) key.push_back(' ');
            key += words[at]->folded;
        }
        if (key.size() > max_name_key_bytes || !seen.insert(key).second) return;
        collapse_spaces(text.substr(words[first]->begin, words[last]->end - words[first]->begin),
                        surface);
        mentions.push_back({std::move(key), surface});
    };
    std::size_t index = 0;
    while (index < words.size()) {
        const Token& start = *words[index];
        // A capitalised article or particle opens a run when a name word follows it directly
        // ("Le Pen", "Al-Qaïda"), except an article opening a sentence ("La France a...").
        const bool opens_with_particle =
            start.capitalised && is_name_particle_word(start.folded) && index + 1 < words.size() &&
            is_name_word(*words[index + 1]) &&
            gap_between(text, start.end, words[index + 1]->begin) != Gap::ends &&
            !(at_sentence_start[index] && is_article(start.folded));
        if (!is_name_word(start) && !opens_with_particle) {
            ++index;
            continue;
        }
        std::size_t last = index;
        while (last + 1 < words.size()) {
            const Token& next = *words[last + 1];
            const Gap gap = gap_between(text, words[last]->end, next.begin);
            if (gap == Gap::ends) break;
            const bool particle =
                is_name_particle_word(next.folded) ||
                (gap == Gap::hyphen && next.joined_by_hyphen_to_next &&
                 holds(hyphen_particles, next.folded));
            if (!is_name_word(next) && !particle) break;
            ++last;
        }
        emit(index, last, opens_with_particle && !is_name_word(start));
        index = last + 1;
    }
    return mentions;
}

}  // namespace depeche::analysis
