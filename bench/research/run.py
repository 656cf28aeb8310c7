#!/usr/bin/env python3
"""Research workflows (issue 13): the cost of --timeline and --facets, and `depeche batch`.

  python3 bench/research/run.py --index IDX [--depeche build-rel/depeche]
                                [--search-latency build-rel/bench/search_latency] [--rounds 5]

1. Timeline cost: search_latency over broad queries (macron, coronavirus, gilets jaunes, a
   date-filtered one), with and without --timeline, alternated, --rounds times; the ratio of
   the medians, per query. The goal is at most 3x for `macron` (5,000 articles).
1b. Names facet cost: the same, with and without --facets (the 20 names most mentioned,
   counted over every match).
2. Batch throughput: the 10,000 words the shared corpus writes most often with a capital
   inside sentences (a list of names as a researcher would have), through one `depeche batch`,
   against one `depeche search --format json` process per query for the first 200 of them
   (extrapolated). The goal is at least 5x.
3. Exactness: the timeline of a few words against a scan of the corpus (word match on folded
   text and title).
Python 3 standard library only.
"""
import argparse
import collections
import gzip
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(ROOT, "..", "shared", "corpus", "orangesum.jsonl.gz")
TIMELINE_QUERIES = [("one-word", "macron", "", ""), ("one-word", "coronavirus", "", ""),
                    ("two-four-words", "gilets jaunes", "", ""),
                    ("date-filtered", "macron", "2019", "2019"), ("one-word", "france", "", "")]


def fold(text):
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower())
                   if not unicodedata.combining(c))


def articles(corpus):
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def latency(tool, index, queries_file, rounds, timeline, facets=False):
    cmd = [tool, "--index", index, "--queries", queries_file, "--repeat", str(rounds), "--json",
           "--samples"] + (["--timeline"] if timeline else []) + (["--facets"] if facets else [])
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return [statistics.median(s["times_ms"]) for s in json.loads(out)["samples"]]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", required=True)
    parser.add_argument("--depeche", default=os.path.join(ROOT, "build-rel", "depeche"))
    parser.add_argument("--search-latency",
                        default=os.path.join(ROOT, "build-rel", "bench", "search_latency"))
    parser.add_argument("--corpus", default=CORPUS)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="depeche-research-")
    figures = {}

    queries_file = os.path.join(work, "timeline.tsv")
    with open(queries_file, "w", encoding="utf-8") as handle:
        for kind, query, since, until in TIMELINE_QUERIES:
            handle.write(f"{kind}\t{query}\t{since}\t{until}\t{query}\n")
    plain, with_timeline, with_facets = [], [], []
    for _ in range(args.rounds):
        plain.append(latency(args.search_latency, args.index, queries_file, 10, False))
        with_timeline.append(latency(args.search_latency, args.index, queries_file, 10, True))
        with_facets.append(latency(args.search_latency, args.index, queries_file, 10, False, True))
    for name, runs in (("timeline", with_timeline), ("facets", with_facets)):
        figures[name] = []
        for number, (kind, query, since, until) in enumerate(TIMELINE_QUERIES):
            a = statistics.median(r[number] for r in plain)
            b = statistics.median(r[number] for r in runs)
            figures[name].append({"query": query, "since": since, "until": until,
                                  "search_ms": round(a, 3), f"with_{name}_ms": round(b, 3),
                                  "ratio": round(b / a, 2)})
            print(f"{name} {query!r} {since}: {a:.3f} -> {b:.3f} ms ({b / a:.2f}x)")

    counts = collections.Counter()
    for article in articles(args.corpus):
        for match in re.finditer(r"(?<=[a-zéèà,] )([A-ZÉÈ][a-zéèêëàâîïôöûüç]{3,})", article["text"]):
            counts[match.group(1)] += 1
    names = [word for word, _ in counts.most_common(10000)]
    names_file = os.path.join(work, "names.txt")
    with open(names_file, "w", encoding="utf-8") as handle:
        handle.write("\n".join(names) + "\n")
    start = time.time()
    subprocess.run([args.depeche, "batch", "--index", args.index, names_file], check=False,
                   stdout=subprocess.DEVNULL)
    batch_seconds = time.time() - start
    start = time.time()
    for name in names[:200]:
        subprocess.run([args.depeche, "search", "--index", args.index, "--format", "json", name],
                       check=False, stdout=subprocess.DEVNULL)
    per_process = (time.time() - start) / 200
    figures["batch"] = {"queries": len(names), "seconds": round(batch_seconds, 2),
                        "per_second": round(len(names) / batch_seconds),
                        "one_process_per_query_ms": round(per_process * 1000, 2),
                        "speedup": round(per_process * len(names) / batch_seconds, 1)}
    print(f"batch: {len(names)} queries in {batch_seconds:.2f} s; one process per query "
          f"{per_process * 1000:.1f} ms, so {per_process * len(names):.0f} s: "
          f"{per_process * len(names) / batch_seconds:.1f}x")

    figures["exact"] = []
    for word in ("lubrizol", "pangolin", "kardashian"):
        scan = collections.Counter()
        for article in articles(args.corpus):
            if re.search(r"\b" + word + r"s?\b", fold(article["title"] + " " + article["text"])):
                scan[article["date"][:7]] += 1
        out = subprocess.run([args.depeche, "search", "--index", args.index, "--timeline",
                              "--format", "json", "--limit", "0", word],
                             check=True, capture_output=True, text=True).stdout
        timeline = {m["month"]: m["count"] for m in json.loads(out)["timeline"] if m["count"]}
        same = dict(scan) == timeline
        figures["exact"].append({"word": word, "scan": sum(scan.values()),
                                 "timeline": sum(timeline.values()), "same_months": same})
        print(f"exact {word}: scan {sum(scan.values())}, timeline {sum(timeline.values())}, "
              f"{'same per month' if same else 'DIFFERENT'}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(figures, handle, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
