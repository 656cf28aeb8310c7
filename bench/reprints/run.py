#!/usr/bin/env python3
"""Reprint grouping check (issue 12): how many reprints of real articles depeche puts in the
same story as their original, and how many grouped pairs are clearly different articles.

  python3 bench/reprints/run.py [--depeche build/depeche] [--work /tmp/reprints] [--count 600]

1. Takes --count articles of the shared corpus (every k-th with at least 3 paragraphs and 120
   words, in corpus order, so the choice is deterministic and never looks at depeche).
2. Writes one reprint of each (reprints.jsonl), made by 2-4 of these edits, each drawn with its
   own random.Random(f"{SEED}:{id}"): a new title; re-dated 1 or 2 days later; trimmed (the
   last third of the paragraphs dropped); one paragraph dropped; one paragraph moved; a credit
   line added ("(Avec AFP)", "Source : AFP"...); a sentence rewritten (its clauses swapped, a
   third of its words replaced); light word edits (5 words replaced or removed).
3. Indexes the corpus and the reprints together with `depeche index`, then reads the groups
   from `depeche duplicates --format json`.
4. Measures:
   - grouped: the share of reprints in the same group as their original;
   - wrong pairs: among all pairs of articles put in one group, those whose texts are clearly
     different, meaning a word 4-shingle Jaccard below 0.2 and the smaller text less than half
     inside the larger (computed here, on lower-cased words without accents, not by depeche);
   - same-title round-ups: grouped pairs with the same title and date, and how many of them are
     wrong (the daily "le point sur la pandémie" kind).
Python 3 standard library only.
"""
import argparse
import gzip
import itertools
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
import unicodedata

SEED = 20261204
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(ROOT, "..", "shared", "corpus", "orangesum.jsonl.gz")

CREDITS = ["(Avec AFP)", "Source : AFP", "(AFP)", "Avec agences", "Par la rédaction, avec AFP"]
TITLE_PREFIXES = ["VIDÉO.", "INFO.", "DIRECT.", "Ce qu'il faut savoir :", "Actualité :"]
FILLERS = ["notamment", "également", "selon elle", "aussi", "par ailleurs", "toutefois",
           "désormais", "encore", "ainsi", "pourtant"]


def paragraphs_of(text):
    """The paragraphs a reader sees: the scraper glued them ("jeudi.Le gouvernement")."""
    text = re.sub(r'([.!?»"])(?=[A-ZÀ-ÖØ-Þ])', r"\1\n", text)
    return [p.strip() for p in text.split("\n") if p.strip()]


def folded_words(text):
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.findall(r"[a-z0-9]+", text)


def shingles(text):
    words = folded_words(text)
    return {tuple(words[i:i + 4]) for i in range(max(0, len(words) - 3))}


def clearly_different(a, b):
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return False
    inter = len(sa & sb)
    jaccard = inter / len(sa | sb)
    containment = inter / min(len(sa), len(sb))
    return jaccard < 0.2 and containment < 0.5


def shift_date(date, days):
    if not date or len(date) != 10:
        return date
    import datetime
    day = datetime.date.fromisoformat(date) + datetime.timedelta(days=days)
    return day.isoformat()


def rewrite_sentence(sentence, rng, vocabulary):
    clauses = [c.strip() for c in sentence.split(",") if c.strip()]
    if len(clauses) >= 2:
        rng.shuffle(clauses)
        sentence = ", ".join(clauses)
    words = sentence.split()
    for _ in range(max(1, len(words) // 3)):
        words[rng.randrange(len(words))] = rng.choice(vocabulary)
    return " ".join(words)


def make_reprint(article, rng, vocabulary):
    title, date, paras = article["title"], article.get("date"), paragraphs_of(article["text"])
    edits = rng.sample(["retitle", "redate", "trim", "drop", "move", "credit", "rewrite", "words"],
                       rng.randint(2, 4))
    if "trim" in edits and "drop" in edits:
        edits.remove("drop")
    for edit in edits:
        if edit == "retitle":
            words = title.split()
            rng.shuffle(words)
            title = rng.choice(TITLE_PREFIXES) + " " + " ".join(words[: max(3, len(words) - 2)])
        elif edit == "redate":
            date = shift_date(date, rng.choice([1, 2]))
        elif edit == "trim" and len(paras) >= 3:
            paras = paras[: max(2, len(paras) - len(paras) // 3)]
        elif edit == "drop" and len(paras) >= 3:
            del paras[rng.randrange(1, len(paras))]
        elif edit == "move" and len(paras) >= 3:
            paras.insert(rng.randrange(len(paras)), paras.pop(rng.randrange(len(paras))))
        elif edit == "credit":
            paras.append(rng.choice(CREDITS))
        elif edit == "rewrite":
            index = rng.randrange(len(paras))
            sentences = re.split(r"(?<=[.!?])\s+", paras[index])
            at = rng.randrange(len(sentences))
            sentences[at] = rewrite_sentence(sentences[at], rng, vocabulary)
            paras[index] = " ".join(sentences)
        elif edit == "words":
            index = rng.randrange(len(paras))
            words = paras[index].split()
            for _ in range(5):
                if len(words) < 6:
                    break
                at = rng.randrange(len(words))
                if rng.random() < 0.5:
                    del words[at]
                else:
                    words[at] = rng.choice(FILLERS)
            paras[index] = " ".join(words)
    return {"id": "reprint-of-" + article["id"], "date": date, "title": title,
            "text": "\n\n".join(paras)}, edits


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--depeche", default=os.path.join(ROOT, "build", "depeche"))
    parser.add_argument("--work", default="/tmp/reprints")
    parser.add_argument("--corpus", default=CORPUS)
    parser.add_argument("--count", type=int, default=600)
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    with gzip.open(args.corpus, "rt", encoding="utf-8") as handle:
        corpus = [json.loads(line) for line in handle if line.strip()]
    by_id = {a["id"]: a for a in corpus}
    eligible = [a for a in corpus if len(paragraphs_of(a.get("text", ""))) >= 3
                and len(a.get("text", "").split()) >= 120]
    step = max(1, len(eligible) // args.count)
    chosen = eligible[::step][: args.count]
    vocabulary = sorted({w for a in corpus[:2000] for w in a.get("text", "").split()
                         if w.isalpha() and len(w) > 3})
    reprints, edits_made = [], {}
    for article in chosen:
        reprint, edits = make_reprint(article, random.Random(f"{SEED}:{article['id']}"), vocabulary)
        reprints.append(reprint)
        edits_made[reprint["id"]] = edits
        by_id[reprint["id"]] = reprint
    reprints_path = os.path.join(args.work, "reprints.jsonl")
    with open(reprints_path, "w", encoding="utf-8") as handle:
        for reprint in reprints:
            handle.write(json.dumps(reprint, ensure_ascii=False) + "\n")
    index = os.path.join(args.work, "index")
    shutil.rmtree(index, ignore_errors=True)
    start = time.time()
    subprocess.run([args.depeche, "index", "-q", "--index", index, args.corpus, reprints_path],
                   check=True, stdout=subprocess.DEVNULL)
    seconds = time.time() - start
    out = subprocess.run([args.depeche, "duplicates", "--index", index, "--format", "json"],
                         check=False, capture_output=True, text=True).stdout
    groups = json.loads(out)["groups"]
    group_of = {}
    for number, group in enumerate(groups):
        for member in group["ids"]:
            group_of[member] = number
    grouped = [r for r in reprints if r["id"] in group_of
               and group_of.get(r["id"][len("reprint-of-"):]) == group_of[r["id"]]]
    missed = [r for r in reprints if r not in grouped]
    by_edit = {}
    for reprint in reprints:
        for edit in edits_made[reprint["id"]]:
            total, ok = by_edit.get(edit, (0, 0))
            by_edit[edit] = (total + 1, ok + (reprint in grouped))
    pairs = wrong = same_title = same_title_wrong = 0
    wrong_examples = []
    for group in groups:
        for a, b in itertools.combinations(group["ids"], 2):
            pairs += 1
            first, second = by_id[a], by_id[b]
            different = clearly_different(first["text"] or first["title"],
                                          second["text"] or second["title"])
            wrong += different
            if first["title"] == second["title"] and first.get("date") == second.get("date"):
                same_title += 1
                same_title_wrong += different
            if different and len(wrong_examples) < 8:
                wrong_examples.append((a, first["title"], b, second["title"]))
    corpus_groups = [g for g in groups if not any(i.startswith("reprint-of-") for i in g["ids"])]
    figures = {
        "reprints": len(reprints),
        "grouped": len(grouped),
        "grouped_share": round(len(grouped) / max(1, len(reprints)), 4),
        "by_edit": {edit: {"reprints": total, "grouped": ok} for edit, (total, ok) in
                    sorted(by_edit.items())},
        "groups": len(groups),
        "grouped_pairs": pairs,
        "wrong_pairs": wrong,
        "wrong_share": round(wrong / max(1, pairs), 4),
        "same_title_same_day_pairs": same_title,
        "same_title_same_day_wrong": same_title_wrong,
        "corpus_only_groups": len(corpus_groups),
        "corpus_only_articles": sum(len(g["ids"]) for g in corpus_groups),
        "index_seconds": round(seconds, 2),
    }
    print(json.dumps(figures, indent=1, ensure_ascii=False))
    print("\nmissed reprints (first 8):")
    for reprint in missed[:8]:
        print(f"  {reprint['id']}: {edits_made[reprint['id']]}  {reprint['title'][:70]}")
    print("\nwrong pairs (first 8):")
    for a, ta, b, tb in wrong_examples:
        print(f"  {a} {ta[:50]!r}  ~  {b} {tb[:50]!r}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(figures, handle, indent=1, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
