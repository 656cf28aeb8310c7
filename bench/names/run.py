#!/usr/bin/env python3
"""Name-variant check of depeche on the real corpus (Python standard library only).

For every spelling S of every group of variants.tsv it runs
`depeche search --format json --limit 1000000 -- S` and measures, against the article sets of
its own corpus scan (corpus.py: whole words, case- and accent-insensitive):

- cross recall: of the articles that use another spelling of the group but not S, the share
  returned for S (multi-word spellings: only results holding all the words count; quoted as a
  phrase they are measured again, separately);
- own recall: of the articles that use S, the share returned for S.

For every pair (X, Y) of lookalikes.tsv it counts the false merges: articles returned for X
that contain Y but not X, and the other way round.

Results collapsed as reposts (same title and date) stand for the reposts they fold: each hit
counts for the `reposts` other articles of its repost group too.

    python3 bench/names/run.py [--work DIR] [--depeche PATH] [--index DIR] [--exact]
                               [--json OUT] [--jobs 2] [--reindex] [--corpus FILE]

Exit status: 0 measured, 2 error (no depeche, failed index, searches failing).
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
import pickle
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # leave no __pycache__ in the repository
import corpus as corpus_mod  # noqa: E402

SCAN_VERSION = 1
HIGHLIGHT = re.compile(r"\*\*(.+?)\*\*")


# ---------------------------------------------------------------- lists

def parse_counted(field):
    """'Idleb (14) | Idlib (2)' -> [('Idleb', 14), ('Idlib', 2)]"""
    out = []
    for part in field.split(" | "):
        part = part.strip()
        if part.endswith(")") and " (" in part:
            name, count = part[:-1].rsplit(" (", 1)
            out.append((name.strip(), int(count)))
        else:
            out.append((part, None))
    return out


def read_tsv(path):
    rows = []
    with open(path, encoding="utf-8") as stream:
        for number, line in enumerate(stream, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            rows.append((number, line.split("\t")))
    return rows


def load_variants(path):
    groups = []
    for number, fields in read_tsv(path):
        if len(fields) < 2:
            raise SystemExit(f"{path}:{number}: expected group<TAB>spellings[<TAB>kind<TAB>note]")
        groups.append({"group": fields[0], "spellings": parse_counted(fields[1]),
                       "kind": fields[2] if len(fields) > 2 else "",
                       "note": fields[3] if len(fields) > 3 else "", "line": number})
    return groups


def load_lookalikes(path):
    pairs = []
    for number, fields in read_tsv(path):
        names = [s.strip() for s in fields[0].split(" | ")]
        if len(names) != 2:
            raise SystemExit(f"{path}:{number}: expected 'X | Y' in the first column")
        counts = [None, None]
        if len(fields) > 1:
            try:
                counts = [int(c) for c in fields[1].split(" | ")]
            except ValueError:
                pass
        pairs.append({"x": names[0], "y": names[1], "counts": counts,
                      "relation": fields[2] if len(fields) > 2 else "",
                      "why": fields[3] if len(fields) > 3 else "", "line": number})
    return pairs


# ---------------------------------------------------------------- corpus scan (cached)

def scan_corpus(corpus_path, spellings, work):
    words = sorted({w for s in spellings for w in corpus_mod.phrase_key(s)})
    stat = os.stat(corpus_path)
    corpus_src = open(os.path.join(HERE, "corpus.py"), "rb").read()
    key = hashlib.sha256(json.dumps([SCAN_VERSION, os.path.abspath(corpus_path), stat.st_size,
                                     stat.st_mtime, words]).encode() + corpus_src).hexdigest()[:16]
    cache = os.path.join(work, f"scan-{key}.pickle")
    if os.path.exists(cache):
        with open(cache, "rb") as stream:
            return pickle.load(stream)
    started = time.time()
    print(f"scanning {corpus_path} for {len(words)} words...", file=sys.stderr)
    scan = corpus_mod.WordScan(words, corpus_path)
    print(f"  {len(scan.ids)} articles in {time.time() - started:.0f} s", file=sys.stderr)
    with open(cache, "wb") as stream:
        pickle.dump(scan, stream)
    return scan


# ---------------------------------------------------------------- depeche

def file_digest(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def ensure_index(depeche, index, corpus_path, work, explicit, reindex):
    """Reuse `index` if it was built by this very binary (or was given with --index)."""
    stamp = os.path.join(work, "index.stamp")
    wanted = json.dumps({"depeche": file_digest(depeche), "corpus": os.path.abspath(corpus_path),
                         "size": os.stat(corpus_path).st_size})
    usable = os.path.isdir(index) and not reindex
    if usable and not explicit:
        usable = os.path.exists(stamp) and open(stamp).read() == wanted
    problem = ""
    if usable:
        probe = subprocess.run([depeche, "stats", "--index", index, "--format", "json"],
                               capture_output=True, text=True)
        usable = probe.returncode == 0
        problem = probe.stderr.strip()
    if usable:
        return "reused"
    if explicit and os.path.isdir(index) and not reindex:
        raise SystemExit(f"--index {index}: not a usable index ({problem}); "
                         "add --reindex to rebuild it")
    command = [depeche, "index", "--index", index, "--quiet", corpus_path]
    if os.path.isdir(index):
        command.insert(2, "--rebuild")
    print("building the index:", " ".join(command), file=sys.stderr)
    started = time.time()
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"depeche index failed ({done.returncode}): {done.stderr.strip()}")
    print(f"  built in {time.time() - started:.0f} s", file=sys.stderr)
    if not explicit:
        with open(stamp, "w") as stream:
            stream.write(wanted)
    return "built"


def search(depeche, index, query, exact):
    command = [depeche, "search", "--index", index, "--format", "json", "--limit", "1000000"]
    if exact:
        command.append("--exact")
    command += ["--", query]
    started = time.time()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.time() - started
    if done.returncode not in (0, 1):
        return {"query": query, "error": done.stderr.strip() or f"exit {done.returncode}",
                "seconds": seconds}
    try:
        answer = json.loads(done.stdout)
    except json.JSONDecodeError as error:
        return {"query": query, "error": f"unreadable JSON: {error}", "seconds": seconds}
    hits = [(r["id"], bool(r.get("all_words", True)), int(r.get("reposts", 0) or 0),
             highlighted(r.get("snippet") or ""))
            for r in answer.get("results", [])]
    return {"query": query, "hits": hits, "total_estimate": answer.get("total_estimate"),
            "also_searched": answer.get("also_searched", []), "seconds": seconds}


def highlighted(snippet):
    """Folded words the snippet marks **like this**: the words the query matched."""
    words = []
    for marked in HIGHLIGHT.findall(snippet):
        words.extend(corpus_mod.phrase_key(marked))
    return tuple(words)


def variants_of(depeche, index, name):
    """`depeche variants NAME --format json` when this depeche has it, else None."""
    done = subprocess.run([depeche, "variants", "--index", index, "--format", "json", "--", name],
                          capture_output=True, text=True)
    if done.returncode not in (0, 1):
        return None
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError:
        return {"raw": done.stdout.strip()}


# ---------------------------------------------------------------- measuring

class Expander:
    """Turns hits (id, reposts) into article numbers, reposts included."""

    def __init__(self, scan, interesting):
        self.scan = scan
        self.interesting = interesting  # article -> frozenset of spellings it holds
        self.ambiguous = 0

    def articles(self, hits, all_words_only, highlights=None):
        """Article numbers of `hits`; `highlights`, when given, gets article -> marked words."""
        found = set()
        for id_, all_words, reposts, marked in hits:
            if all_words_only and not all_words:
                continue
            n = self.scan_index(id_)
            if n is None:
                continue
            found.add(n)
            if highlights is not None:
                highlights[n] = marked
            if reposts:
                key = self.scan.repost_key[n]
                others = [m for m in self.scan.groups.get(key, []) if m != n]
                if len(others) > reposts:
                    # Some of the group did not match: take those most like this hit.
                    self.ambiguous += 1
                    mine = self.interesting.get(n, frozenset())
                    others.sort(key=lambda m: (self.interesting.get(m, frozenset()) != mine, m))
                found.update(others[:reposts])
                if highlights is not None:
                    for m in others[:reposts]:
                        highlights.setdefault(m, marked)
        return found

    def scan_index(self, id_):
        if not hasattr(self, "_index"):
            self._index = {i: n for n, i in enumerate(self.scan.ids)}
        return self._index.get(id_)


def is_form_of(marked, word, other):
    """Whether a marked (matched) word is `word` or an inflection of it, and not of `other`."""
    key, other_key = corpus_mod.phrase_key(word), corpus_mod.phrase_key(other)
    y = key[-1] if key else ""
    x = other_key[-1] if other_key else ""
    if marked in key:
        return True
    if marked in other_key or len(y) < 4 or (x and marked.startswith(x)):
        return False
    return marked.startswith(y[:-1]) and len(marked) <= len(y) + 3


def ratio(a, b):
    return a / b if b else None


def fmt(value, digits=3):
    return "–" if value is None else f"{value:.{digits}f}"


def measure(groups, pairs, scan, answers, expander):
    sets = {}

    def articles_with(spelling):
        if spelling not in sets:
            sets[spelling] = scan.articles_with(spelling)
        return sets[spelling]

    group_rows = []
    micro = {"attested": [0, 0], "alias": [0, 0], "absent": [0, 0], "phrase": [0, 0],
             "own": [0, 0], "some_words": [0, 0]}
    by_kind = {}
    for g in groups:
        spellings = [s for s, _ in g["spellings"]]
        union = set().union(*(articles_with(s) for s in spellings))
        rows = []
        for s in spellings:
            own = articles_with(s)
            others = union - own
            answer = answers[(s, "typed")]
            multi = len(corpus_mod.phrase_key(s)) > 1
            returned = expander.articles(answer.get("hits", []), all_words_only=True)
            returned_any = expander.articles(answer.get("hits", []), all_words_only=False)
            row = {"spelling": s, "articles": len(own), "others": len(others),
                   "cross_found": len(returned & others), "own_found": len(returned & own),
                   "returned": len(returned_any), "error": answer.get("error"),
                   "also_searched": answer.get("also_searched", []),
                   "per_other": {}}
            if multi:
                row["some_words_found"] = len(returned_any & others)
                phrase = answers.get((s, "phrase"), {})
                returned_phrase = expander.articles(phrase.get("hits", []), all_words_only=False)
                row["phrase_cross_found"] = len(returned_phrase & others)
                row["phrase_own_found"] = len(returned_phrase & own)
                micro["phrase"][0] += row["phrase_cross_found"]
                micro["phrase"][1] += len(others)
                micro["some_words"][0] += row["some_words_found"]
                micro["some_words"][1] += len(others)
            for t in spellings:
                if t == s:
                    continue
                only_t = articles_with(t) - own
                if only_t:
                    row["per_other"][t] = [len(returned & only_t), len(only_t)]
            row["cross_recall"] = ratio(row["cross_found"], len(others))
            row["own_recall"] = ratio(row["own_found"], len(own))
            tier = "absent" if not own else "alias" if g["kind"] == "alias" else "attested"
            micro[tier][0] += row["cross_found"]
            micro[tier][1] += len(others)
            micro["own"][0] += row["own_found"]
            micro["own"][1] += len(own)
            kind = by_kind.setdefault(g["kind"] or "-", [0, 0, 0])
            if own:
                kind[0] += row["cross_found"]
                kind[1] += len(others)
            rows.append(row)
        attested = [r for r in rows if r["articles"] and r["others"]]
        multi = any(len(corpus_mod.phrase_key(r["spelling"])) > 1 for r in rows)
        cross = sum(r["cross_found"] for r in attested)
        total = sum(r["others"] for r in attested)
        macro_values = [r["cross_recall"] for r in attested]
        group_rows.append({
            "group": g["group"], "kind": g["kind"], "spellings": rows, "multiword": multi,
            "cross_found": cross, "cross_total": total, "cross_recall": ratio(cross, total),
            "macro": sum(macro_values) / len(macro_values) if macro_values else None,
            "own_recall": ratio(sum(r["own_found"] for r in rows),
                                sum(r["articles"] for r in rows)),
        })
        by_kind[g["kind"] or "-"][2] += 1

    pair_rows = []
    for p in pairs:
        ax, ay = articles_with(p["x"]), articles_with(p["y"])
        row = {"x": p["x"], "y": p["y"], "x_articles": len(ax), "y_articles": len(ay),
               "relation": p["relation"]}
        for a, b, a_set, b_set in ((p["x"], p["y"], ax, ay), (p["y"], p["x"], ay, ax)):
            answer = answers[(a, "typed")]
            marks = {}
            returned = expander.articles(answer.get("hits", []), all_words_only=False,
                                         highlights=marks)
            merged = sorted(returned & (b_set - a_set))
            confirmed = [n for n in merged if any(is_form_of(h, b, a) for h in marks.get(n, ()))]
            # What else the query matched in articles without its word, by marked form.
            strays = {}
            for n in returned - a_set:
                for h in set(marks.get(n, ())):
                    strays[h] = strays.get(h, 0) + 1
            row[f"{a} -> {b}"] = {
                "false_merges": len(confirmed), "co_occurrences": len(merged),
                "examples": [scan.ids[n] for n in confirmed[:5]],
                "unconfirmed_examples": [scan.ids[n] for n in merged if n not in confirmed][:5],
                "matched_without_the_word": len(returned - a_set),
                "stray_forms": sorted(strays.items(), key=lambda kv: -kv[1])[:8],
                "also_searched": answer.get("also_searched", []),
                "error": answer.get("error")}
        directions = [k for k in row if " -> " in k]
        row["false_merges"] = sum(row[k]["false_merges"] for k in directions)
        row["co_occurrences"] = sum(row[k]["co_occurrences"] for k in directions)
        pair_rows.append(row)

    macro = [g["macro"] for g in group_rows if g["macro"] is not None and g["kind"] != "alias"]
    stray_articles = {}
    for row in pair_rows:
        for key in row:
            if " -> " in key:
                stray_articles[key.split(" -> ")[0]] = row[key]["matched_without_the_word"]
    # Respellings depeche announced (also_searched) that lead outside the group.
    strays = []
    for g, row in zip(groups, group_rows):
        words = {w for s, _ in g["spellings"] for w in corpus_mod.phrase_key(s)}
        for r in row["spellings"]:
            for a in r["also_searched"]:
                variant = corpus_mod.fold(str(a.get("variant", "")))
                if variant and variant not in words:
                    strays.append(f"{a.get('typed')}→{a.get('variant')} ({g['group']})")
    summary = {
        "cross_recall": ratio(*micro["attested"]), "cross_found": micro["attested"][0],
        "cross_total": micro["attested"][1],
        "cross_recall_macro": sum(macro) / len(macro) if macro else None,
        "alias_cross_recall": ratio(*micro["alias"]), "alias_found": micro["alias"][0],
        "alias_total": micro["alias"][1],
        "absent_spellings_cross_recall": ratio(*micro["absent"]),
        "absent_found": micro["absent"][0], "absent_total": micro["absent"][1],
        "phrase_cross_recall": ratio(*micro["phrase"]),
        "multiword_some_words_cross_recall": ratio(*micro["some_words"]),
        "own_recall": ratio(*micro["own"]), "own_found": micro["own"][0],
        "own_total": micro["own"][1],
        "false_merge_pairs": sum(1 for r in pair_rows if r["false_merges"]),
        "false_merge_articles": sum(r["false_merges"] for r in pair_rows),
        "lookalike_queries_articles_without_their_word": sum(stray_articles.values()),
        "co_occurrence_pairs": sum(1 for r in pair_rows if r["co_occurrences"]),
        "co_occurrence_articles": sum(r["co_occurrences"] for r in pair_rows),
        "pairs": len(pair_rows), "groups": len(group_rows),
        "respellings_outside_group": sorted(set(strays)),
        "by_kind": {k: {"cross_recall": ratio(v[0], v[1]), "found": v[0], "total": v[1],
                        "groups": v[2]} for k, v in sorted(by_kind.items())},
    }
    return summary, group_rows, pair_rows


def check_counts(groups, pairs, scan):
    mismatches = []
    for g in groups:
        for s, count in g["spellings"]:
            actual = len(scan.articles_with(s))
            if count is not None and count != actual:
                mismatches.append(f"variants.tsv:{g['line']}: {s}: file says {count}, "
                                  f"corpus has {actual}")
    for p in pairs:
        for s, count in zip((p["x"], p["y"]), p["counts"]):
            actual = len(scan.articles_with(s))
            if count is not None and count != actual:
                mismatches.append(f"lookalikes.tsv:{p['line']}: {s}: file says {count}, "
                                  f"corpus has {actual}")
    return mismatches


# ---------------------------------------------------------------- report

def report(summary, group_rows, pair_rows, meta, worst):
    out = []
    out.append(f"## Name variants: depeche {meta['mode']} ({meta['when']})\n")
    out.append(f"`{meta['depeche']}` (sha256 {meta['depeche_sha256']}, repository "
               f"{meta['repository']}); "
               f"{summary['groups']} groups, {summary['pairs']} look-alike pairs; "
               f"index {meta['index_status']}; {meta['queries']} searches in "
               f"{meta['search_seconds']:.0f} s ({meta['jobs']} processes)\n")
    out.append("| measure | value |")
    out.append("| --- | --- |")
    s = summary
    out.append(f"| cross recall, micro (spellings the corpus uses; aliases apart) | "
               f"**{fmt(s['cross_recall'])}** ({s['cross_found']}/{s['cross_total']}) |")
    out.append(f"| cross recall, macro over groups (aliases apart) | {fmt(s['cross_recall_macro'])} |")
    out.append(f"| cross recall of aliases (Pékin/Beijing: no rule can learn them) | "
               f"{fmt(s['alias_cross_recall'])} ({s['alias_found']}/{s['alias_total']}) |")
    out.append(f"| cross recall of absent spellings (Putin, Gaddafi...) | "
               f"{fmt(s['absent_spellings_cross_recall'])} ({s['absent_found']}/{s['absent_total']}) |")
    out.append(f"| multi-word spellings quoted as phrases | {fmt(s['phrase_cross_recall'])} |")
    out.append(f"| multi-word, counting 'some words' results too | "
               f"{fmt(s['multiword_some_words_cross_recall'])} |")
    out.append(f"| own recall | {fmt(s['own_recall'])} ({s['own_found']}/{s['own_total']}) |")
    out.append(f"| false merges: pairs with any | **{s['false_merge_pairs']}** / {s['pairs']} |")
    out.append(f"| false merges: articles | **{s['false_merge_articles']}** |")
    out.append(f"| look-alike queries: articles returned without the word typed (any cause) | "
               f"{s['lookalike_queries_articles_without_their_word']} |")
    out.append(f"| returned for X, hold Y but not X (false merges or not): pairs / articles | "
               f"{s['co_occurrence_pairs']} / {s['co_occurrence_articles']} |")
    out.append("")
    out.append("| kind | groups | cross recall |")
    out.append("| --- | --- | --- |")
    for kind, v in s["by_kind"].items():
        out.append(f"| {kind} | {v['groups']} | {fmt(v['cross_recall'])} ({v['found']}/{v['total']}) |")
    out.append("")

    ranked = sorted((g for g in group_rows
                     if g["cross_recall"] is not None and g["kind"] != "alias"),
                    key=lambda g: (g["cross_recall"], -g["cross_total"]))
    out.append(f"### {min(worst, len(ranked))} worst groups (cross recall; aliases apart)\n")
    out.append("| group | kind | cross recall | macro | own | per direction (found/articles) | also searched |")
    out.append("| --- | --- | --- | --- | --- | --- | --- |")
    for g in ranked[:worst]:
        directions = []
        also = set()
        for r in g["spellings"]:
            for t, (found, total) in r["per_other"].items():
                directions.append((-total, f"{r['spelling']}→{t} {found}/{total}"))
            for a in r["also_searched"]:
                also.add(f"{a.get('typed')}→{a.get('variant')}")
        out.append(f"| {g['group']} | {g['kind']} | {fmt(g['cross_recall'], 2)} "
                   f"({g['cross_found']}/{g['cross_total']}) | {fmt(g['macro'], 2)} | "
                   f"{fmt(g['own_recall'], 2)} | "
                   f"{'; '.join(d for _, d in sorted(directions)[:4])}"
                   f"{'; …' if len(directions) > 4 else ''} | "
                   f"{', '.join(sorted(also)) or '–'} |")
    out.append("")
    if s["respellings_outside_group"]:
        out.append("Respellings of variant-group queries that leave the group: "
                   + ", ".join(s["respellings_outside_group"]) + "\n")
    merged = sorted((p for p in pair_rows if p["false_merges"] or p["co_occurrences"]),
                    key=lambda p: (-p["false_merges"], -p["co_occurrences"]))
    out.append(f"### Look-alike pairs with false merges ({summary['false_merge_pairs']}) "
               f"or co-occurrences\n")
    if merged:
        out.append("| pair | articles | false merges X→Y / Y→X | hold Y not X | also searched "
                   "| other forms matched (X; Y) |")
        out.append("| --- | --- | --- | --- | --- | --- |")
        for p in merged:
            xy, yx = p[f"{p['x']} -> {p['y']}"], p[f"{p['y']} -> {p['x']}"]
            also = {f"{a.get('typed')}→{a.get('variant')}"
                    for a in xy["also_searched"] + yx["also_searched"]}
            strays = "; ".join(", ".join(f"{w} {c}" for w, c in d["stray_forms"][:3]) or "–"
                               for d in (xy, yx))
            out.append(f"| {p['x']} / {p['y']} | {p['x_articles']} / {p['y_articles']} | "
                       f"{xy['false_merges']} / {yx['false_merges']} | "
                       f"{xy['co_occurrences']} / {yx['co_occurrences']} | "
                       f"{', '.join(sorted(also)) or '–'} | {strays} |")
    out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------- main

def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", default="/tmp/depeche-names-bench",
                        help="work directory: index, scan cache (default %(default)s)")
    parser.add_argument("--depeche", help="the binary (default: $DEPECHE, else build/depeche)")
    parser.add_argument("--index", help="use this index as is (default: WORK/index, built "
                        "or rebuilt when the binary changed)")
    parser.add_argument("--reindex", action="store_true", help="rebuild the index")
    parser.add_argument("--exact", action="store_true",
                        help="search with --exact (no name expansion; newer depeche only)")
    parser.add_argument("--json", help="write the full results here")
    parser.add_argument("--jobs", type=int, default=2, help="parallel searches (default 2)")
    parser.add_argument("--corpus", default=corpus_mod.DEFAULT_CORPUS)
    parser.add_argument("--variants", default=os.path.join(HERE, "variants.tsv"))
    parser.add_argument("--lookalikes", default=os.path.join(HERE, "lookalikes.tsv"))
    parser.add_argument("--worst", type=int, default=15, help="worst groups listed")
    parser.add_argument("--no-variants-command", action="store_true",
                        help="do not ask `depeche variants` (when it exists)")
    args = parser.parse_args()

    depeche = os.path.abspath(args.depeche or os.environ.get("DEPECHE")
                              or os.path.join(REPO, "build", "depeche"))
    if not os.access(depeche, os.X_OK):
        print(f"error: no depeche binary at {depeche} (build it: bash scripts/build.sh, "
              "or give --depeche)", file=sys.stderr)
        return 2
    os.makedirs(args.work, exist_ok=True)
    groups = load_variants(args.variants)
    pairs = load_lookalikes(args.lookalikes)
    spellings = sorted({s for g in groups for s, _ in g["spellings"]} |
                       {p["x"] for p in pairs} | {p["y"] for p in pairs})

    scan = scan_corpus(args.corpus, spellings, args.work)
    mismatches = check_counts(groups, pairs, scan)
    for line in mismatches:
        print("count mismatch:", line, file=sys.stderr)

    index = os.path.abspath(args.index or os.path.join(args.work, "index"))
    index_status = ensure_index(depeche, index, args.corpus, args.work,
                                explicit=bool(args.index), reindex=args.reindex)

    if args.exact:
        probe = search(depeche, index, "idleb", exact=True)
        if "error" in probe:
            print(f"error: this depeche has no --exact ({probe['error']})", file=sys.stderr)
            return 2

    jobs = [(s, "typed", s) for s in spellings]
    jobs += [(s, "phrase", f'"{s}"') for g in groups for s, _ in g["spellings"]
             if len(corpus_mod.phrase_key(s)) > 1]
    answers = {}
    started = time.time()
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {pool.submit(search, depeche, index, q, args.exact): (s, mode)
                   for s, mode, q in jobs}
        for future in concurrent.futures.as_completed(futures):
            answers[futures[future]] = future.result()
    search_seconds = time.time() - started
    errors = [a for a in answers.values() if "error" in a]
    for a in errors[:10]:
        print(f"search failed: {a['query']!r}: {a['error']}", file=sys.stderr)
    if len(errors) == len(answers):
        return 2

    variants_command = None
    if not args.no_variants_command:
        if variants_of(depeche, index, "Idleb") is not None:
            variants_command = {}
            with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
                for s, v in zip(spellings, pool.map(lambda s: variants_of(depeche, index, s),
                                                    spellings)):
                    variants_command[s] = v

    interesting = {}
    for s in spellings:
        for n in scan.articles_with(s):
            interesting.setdefault(n, set()).add(s)
    interesting = {n: frozenset(v) for n, v in interesting.items()}
    expander = Expander(scan, interesting)
    summary, group_rows, pair_rows = measure(groups, pairs, scan, answers, expander)
    head = subprocess.run(["git", "-C", REPO, "describe", "--always", "--dirty"],
                          capture_output=True, text=True).stdout.strip()
    meta = {"depeche": depeche, "depeche_sha256": file_digest(depeche)[:16],
            "repository": head or None, "index": index, "index_status": index_status,
            "mode": "--exact" if args.exact else "default", "jobs": args.jobs,
            "when": time.strftime("%Y-%m-%d %H:%M"), "queries": len(jobs),
            "search_seconds": search_seconds, "search_errors": len(errors),
            "ambiguous_repost_collapses": expander.ambiguous,
            "count_mismatches": mismatches,
            "variants_command": "absent" if variants_command is None else "present"}
    print(report(summary, group_rows, pair_rows, meta, args.worst))
    if mismatches:
        print(f"{len(mismatches)} article counts in the lists differ from the corpus scan "
              "(see stderr); update the lists.")
    if errors:
        print(f"{len(errors)} searches failed (see stderr).")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as stream:
            json.dump({"meta": meta, "summary": summary, "groups": group_rows,
                       "pairs": pair_rows, "variants_command": variants_command},
                      stream, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
