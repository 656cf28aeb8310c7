"""Mines candidate transliteration variants among the corpus's names (standard library only).

A name is a word the corpus writes capitalised mid-sentence: first letter upper case, not at
the start of a line (or of the title), not after . ! ? … : or an opening quote or dash, not the
second half of a glued word ("SyrieLe"). For each folded word it counts the articles holding it
(in any case), the articles where it is capitalised mid-sentence and the occurrences
capitalised / lower case mid-sentence. Candidate groups are words whose transliteration keys
(see `skeleton`) coincide; they are printed for verification by reading contexts
(`python3 bench/names/mine.py contexts WORD...`), which is how variants.tsv and lookalikes.tsv
were made. Nothing here is read by run.py.

    python3 bench/names/mine.py names  [--min N]         # the name list with counts
    python3 bench/names/mine.py pairs  [--min N] [--similarity S]   # candidate pairs
    python3 bench/names/mine.py contexts SPELLING...     # a few sentences of each spelling
    python3 bench/names/mine.py count SPELLING...        # article counts (phrases too)
"""
import argparse
import collections
import math
import os
import pickle
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True  # leave no __pycache__ in the repository
import corpus as corpus_mod  # noqa: E402

_SENTENCE_END = set(".!?…:;«\"“(—–•*[")


def name_stats(c):
    """{folded: [articles, cap_mid_articles, cap_mid_occurrences, lower_occurrences]}"""
    stats = collections.defaultdict(lambda: [0, 0, 0, 0])
    for n, text in enumerate(c.texts):
        seen = set()
        capped = set()
        for start, end, raw, glued in corpus_mod.words_of(text):
            word = corpus_mod.fold(raw)
            entry = stats[word]
            if word not in seen:
                seen.add(word)
                entry[0] += 1
            if glued:
                continue
            # the previous non-blank character, on the same line
            i = start - 1
            while i >= 0 and text[i] in " \t\u00a0\u202f":
                i -= 1
            if i < 0 or text[i] == "\n" or text[i] in _SENTENCE_END:
                continue
            if text[i] == "-" and (i == 0 or not text[i - 1].isalpha()):
                continue  # a dash, not a hyphen ("al-Assad" is mid-sentence)
            # a word right after a lower-case letter with no space is glued: skip
            first = raw[0]
            if first.isupper():
                if len(raw) > 1 and raw.isupper():
                    continue  # acronyms (ONU) are left out of the cap ratio
                entry[2] += 1
                if word not in capped:
                    capped.add(word)
                    entry[1] += 1
            else:
                entry[3] += 1
    return dict(stats)


def load(cache="/tmp/names-mine-cache"):
    """The corpus and its name statistics, cached in /tmp (the scan takes minutes)."""
    corpus_cache, stats_cache = cache + ".corpus.pickle", cache + ".stats.pickle"
    if os.path.exists(corpus_cache):
        with open(corpus_cache, "rb") as f:
            c = pickle.load(f)
    else:
        c = corpus_mod.Corpus()
        with open(corpus_cache, "wb") as f:
            pickle.dump(c, f)
    if os.path.exists(stats_cache):
        with open(stats_cache, "rb") as f:
            stats = pickle.load(f)
    else:
        stats = name_stats(c)
        with open(stats_cache, "wb") as f:
            pickle.dump(stats, f)
    return c, stats


def is_name(entry, ratio=0.75):
    _, cap_articles, cap, lower = entry
    return cap_articles >= 1 and cap >= ratio * (cap + lower)


# Transliteration alternations folded away, in order: what two spellings of one name share.
_RULES = [
    (r"tsch|tch|sch|sh|ch", "S"),                 # Tchekhov/Chekhov, Iarmych/Yarmysh
    (r"kh|ck|q|k|c(?=[aoulr]|$)", "K"),           # Kadhafi/Khadafi, Tawfik/Tawfiq
    (r"gu(?=[eiy])|gh", "G"),                     # Sergueï/Sergei, Ghandi/Gandhi
    (r"dzh|dj|zh|j", "J"),                        # Djeddah/Jeddah, Lidjian/Lijian
    (r"ph|f", "F"),                               # Moustapha/Moustafa
    (r"tz|ts|z", "Z"),                            # Yangtsé/Yangtze
    (r"th", "t"), (r"dh", "d"),                   # Dhabi/Dabi
    (r"ou|oo|u|w", "U"),                          # Ouganda/Uganda
    (r"ie|ei|ey|ay|ai|y|i|e", "I"),               # Idleb/Idlib, Dmitri/Dmitry
    (r"h", ""),                                   # Hodeida/Hodeidah
    (r"(.)\1+", r"\1"),                           # Mitterrand/Mitterand
    (r"s$", ""),                                  # Houthi/Houthis
    (r"I$", ""),                                  # Trotski/Trotsky, Staline/Stalin
    (r"^(al|el|ul|Il)(?=[a-zA-Z]{4})", ""),       # al-/el- glued
]


def skeleton(word):
    """A key under which transliterations of one name meet (look-alikes meet too)."""
    for pattern, replacement in _RULES:
        word = re.sub(pattern, replacement, word)
    return word


def edit_distance(a, b):
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def candidate_pairs(c, stats, min_length=4, ratio=0.6):
    """Pairs of names sharing a skeleton, with the cosine of their neighbour-word vectors.

    Neighbours are the words (longer than 3 letters) within 4 words of each occurrence:
    two spellings of one person share first names, titles and places ("Kira", "porte-parole",
    "Navalny"); look-alikes mostly do not. Sorted by similarity, best first.
    """
    buckets = collections.defaultdict(list)
    for word, entry in stats.items():
        if len(word) >= min_length and word.isascii() and is_name(entry, ratio):
            buckets[skeleton(word)].append(word)
    pairs = [(a, b) for words in buckets.values() for i, a in enumerate(words)
             for b in words[i + 1:]]
    wanted = {w for pair in pairs for w in pair}
    context = {w: collections.Counter() for w in wanted}
    for seq in c.tokens:
        for i, token in enumerate(seq):
            if token in context:
                counter = context[token]
                for neighbour in seq[max(0, i - 4):i] + seq[i + 1:i + 5]:
                    if len(neighbour) > 3:
                        counter[neighbour] += 1

    def cosine(a, b):
        va = {k: v for k, v in context[a].items() if k not in (a, b)}
        vb = {k: v for k, v in context[b].items() if k not in (a, b)}
        dot = sum(v * vb.get(k, 0) for k, v in va.items())
        na = math.sqrt(sum(v * v for v in va.values()))
        nb = math.sqrt(sum(v * v for v in vb.values()))
        return dot / (na * nb) if na and nb else 0.0

    rows = [(cosine(a, b), a, stats[a][0], b, stats[b][0], edit_distance(a, b)) for a, b in pairs]
    return sorted(rows, reverse=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["names", "pairs", "contexts", "count"])
    parser.add_argument("words", nargs="*")
    parser.add_argument("--min", type=int, default=1, help="least articles per spelling")
    parser.add_argument("--limit", type=int, default=4, help="contexts per spelling")
    parser.add_argument("--similarity", type=float, default=0.12,
                        help="pairs: least context cosine (default %(default)s)")
    args = parser.parse_intermixed_args()
    c, stats = load()
    if args.command == "names":
        names = [(e[0], w, e) for w, e in stats.items() if is_name(e) and e[0] >= args.min]
        for articles, word, e in sorted(names, reverse=True):
            print(f"{word}\t{articles}\tcap_articles={e[1]}\tcap={e[2]}\tlower={e[3]}")
    elif args.command == "pairs":
        for similarity, a, na, b, nb, distance in candidate_pairs(c, stats):
            if similarity >= args.similarity and min(na, nb) >= args.min:
                print(f"{similarity:.2f}\t{a} {na}\t{b} {nb}\tedits={distance}")
    elif args.command == "count":
        for spelling in args.words:
            e = stats.get(corpus_mod.fold(spelling))
            print(f"{spelling}\t{len(c.articles_with(spelling))}\t{e}")
    else:
        for spelling in args.words:
            found = c.articles_with(spelling)
            print(f"== {spelling}: {len(found)} articles {stats.get(corpus_mod.fold(spelling))}")
            for id_, snippet in c.contexts(spelling, limit=args.limit):
                print(f"  [{id_}] {snippet}")


if __name__ == "__main__":
    main()
