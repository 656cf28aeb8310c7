#!/usr/bin/env python3
"""Known-item ranking benchmark: depeche against omindex + quest on the same queries.

    python3 bench/knownitem/run.py [--work DIR] [--depeche PATH] [--depeche-index DIR]
                                   [--skip-omega] [--styles S ...] [--limit-queries N]
                                   [--jobs N] [--compare OLD_results.json]
                                   [--write-benchmarks FILE] [--show-misses N]

1. queries: WORK/queries.jsonl from generate.py (regenerated when missing or stale);
2. indexes: depeche's of the corpus JSONL, omindex's of the corpus as text files (reused when
   present and complete);
3. every query through `depeche search --format json --limit 10` and `quest -m 10`, one
   process per query, --jobs in parallel;
4. S@1, S@10 and MRR@10 per style and overall, a Markdown table, WORK/results.json with
   per-query ranks; --compare diffs them against an older results.json.

Python 3 standard library only. Details: bench/knownitem/README.md.
"""
import argparse
import concurrent.futures
import datetime
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the repository
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import generate  # noqa: E402  (bench/knownitem/generate.py)

REPO = generate.REPO
MARK_START = "<!-- knownitem:start -->"
MARK_END = "<!-- knownitem:end -->"
ARTICLES_PER_TEXT_DIR = 1000
TEXT_FORMAT = 1      # bump when the text files' layout changes
RESULTS_FORMAT = 1
TOP = 10
TIMEOUT_S = 60
START = time.monotonic()


def log(message):
    elapsed = int(time.monotonic() - START)
    print(f"[{elapsed // 60:d}:{elapsed % 60:02d}] {message}", file=sys.stderr, flush=True)


class RunError(Exception):
    pass


def read_json(path, default=None):
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return default


def write_json(path, data, indent=None):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=indent, sort_keys=True)
        handle.write("\n")
    os.replace(tmp, path)


def file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def first_line(cmd):
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        return (done.stdout or done.stderr).strip().splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        return None


def tool_version(cmd):
    """'omindex - xapian-omega 1.4.22' -> 'xapian-omega 1.4.22'; 'depeche 0.1.0' as it is."""
    line = first_line(cmd)
    return line.split(" - ", 1)[-1] if line else None


def git_commit():
    try:
        done = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=10)
        return done.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


# ----------------------------------------------------------------------------------------------
# 1. Queries

def generator_sha256():
    return file_sha256(os.path.join(HERE, "generate.py"))


def ensure_queries(args):
    meta_path = os.path.join(args.work, "queries.meta.json")
    queries_path = os.path.join(args.work, "queries.jsonl")
    meta = read_json(meta_path)
    key = generate.corpus_key(args.corpus)
    fresh = (meta and os.path.exists(queries_path)
             and meta.get("generator_version") == generate.GENERATOR_VERSION
             and meta.get("generator_sha256") == generator_sha256()
             and meta.get("corpus") == key and meta.get("seed") == generate.SEED
             and meta.get("requested_per_style") == generate.PER_STYLE
             and meta.get("queries_sha256") == file_sha256(queries_path))
    if not fresh:
        log("phase 1: generating the queries")
        meta = generate.generate(args.corpus, args.work)
    else:
        log(f"phase 1: queries up to date ({queries_path})")
    with open(queries_path, encoding="utf-8") as handle:
        queries = [json.loads(line) for line in handle if line.strip()]
    return queries, meta


# ----------------------------------------------------------------------------------------------
# 2. Indexes

def ensure_depeche_index(args):
    if args.depeche_index:
        if not os.path.isdir(args.depeche_index):
            raise RunError(f"--depeche-index {args.depeche_index}: no such directory")
        log(f"phase 2: depeche index given: {args.depeche_index} (used as it is)")
        return args.depeche_index, None
    index = os.path.join(args.work, "depeche-index")
    marker_path = os.path.join(args.work, "depeche-index.done.json")
    want = {"corpus": generate.corpus_key(args.corpus),
            "depeche_sha256": file_sha256(args.depeche)}
    marker = read_json(marker_path)
    if marker and marker.get("key") == want and os.path.isdir(index):
        log(f"phase 2: depeche index up to date ({index})")
        return index, marker.get("seconds")
    log("phase 2: depeche index (fresh, for this binary)")
    if os.path.exists(marker_path):
        os.remove(marker_path)
    shutil.rmtree(index, ignore_errors=True)
    started = time.monotonic()
    done = subprocess.run([args.depeche, "index", "--index", index, "--quiet", args.corpus],
                          capture_output=True, text=True)
    seconds = round(time.monotonic() - started, 1)
    if done.returncode != 0:
        raise RunError(f"depeche index failed (exit {done.returncode}): {done.stderr[-2000:]}")
    write_json(marker_path, {"key": want, "seconds": seconds})
    log(f"  depeche index: {seconds} s")
    return index, seconds


def ensure_text_files(args, records):
    text_dir = os.path.join(args.work, "text")
    marker_path = os.path.join(args.work, "text.done.json")
    want = {"corpus": generate.corpus_key(args.corpus), "format": TEXT_FORMAT}
    marker = read_json(marker_path)
    if marker and marker.get("key") == want and os.path.isdir(text_dir):
        return text_dir
    log("  writing the corpus as text files")
    shutil.rmtree(text_dir, ignore_errors=True)
    for index, record in enumerate(records):
        folder = os.path.join(text_dir, f"{index // ARTICLES_PER_TEXT_DIR:03d}")
        if index % ARTICLES_PER_TEXT_DIR == 0:
            os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, record["id"] + ".txt"), "w", encoding="utf-8") as handle:
            handle.write(" date " + record["date"] + " " + record["title"] + "\n\n"
                         + record["text"])
    write_json(marker_path, {"key": want})
    return text_dir


def ensure_omega_db(args, records):
    db = os.path.join(args.work, "omega-db")
    marker_path = os.path.join(args.work, "omega-db.done.json")
    version = first_line(["omindex", "--version"])
    if version is None:
        raise RunError("omindex not found: `bash bench/install.sh` installs xapian-omega "
                       "(or pass --skip-omega)")
    want = {"corpus": generate.corpus_key(args.corpus), "format": TEXT_FORMAT,
            "omindex": version}
    marker = read_json(marker_path)
    if marker and marker.get("key") == want and os.path.isdir(db):
        log(f"phase 2: omindex database up to date ({db})")
        return db, marker.get("seconds")
    log("phase 2: omindex database (one-off, 1-2 minutes)")
    text_dir = ensure_text_files(args, records)
    if os.path.exists(marker_path):
        os.remove(marker_path)
    shutil.rmtree(db, ignore_errors=True)
    started = time.monotonic()
    with open(os.path.join(args.work, "omindex.log"), "w") as out:
        done = subprocess.run(["omindex", "--db", db, "--url", "/", "--stemmer=french",
                               text_dir], stdout=out, stderr=subprocess.STDOUT)
    seconds = round(time.monotonic() - started, 1)
    if done.returncode != 0:
        raise RunError(f"omindex failed (exit {done.returncode}), see WORK/omindex.log")
    write_json(marker_path, {"key": want, "seconds": seconds})
    log(f"  omindex: {seconds} s")
    return db, seconds


# ----------------------------------------------------------------------------------------------
# 3. Searches

def run_one(cmd):
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S)
        return done.returncode, done.stdout.decode("utf-8", "replace"), \
            done.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return None, "", f"timeout after {TIMEOUT_S} s"
    except OSError as error:
        return None, "", str(error)


def first_rank(ids, accepted):
    for position, doc_id in enumerate(ids[:TOP], 1):
        if doc_id in accepted:
            return position
    return None


def depeche_search(args, index, query):
    code, stdout, stderr = run_one([args.depeche, "search", "--index", index, "--format", "json",
                                    "--limit", str(TOP), "--", query["query"]])
    record = {"exit": code}
    results = None
    if code in (0, 1):
        try:
            results = json.loads(stdout)["results"]
        except (ValueError, KeyError, TypeError):
            results = None
    if results is None:
        record["error"] = (stderr.strip() or stdout.strip())[-300:] or f"exit {code}"
        record["top"] = []
    else:
        record["top"] = [r.get("id") for r in results]
        record["titles"] = [r.get("title") for r in results[:3]]
    record["rank"] = first_rank(record["top"], set(query["accepted"]))
    return record


URL_RE = re.compile(r"^url=(.*)$", re.M)


def quest_search(args, db, query):
    # quest's defaults: QueryParser flags "default" (phrase, boolean, love/hate), operator OR,
    # BM25: what omega users get. With -s french, words are stemmed as omindex stemmed them.
    code, stdout, stderr = run_one(["quest", "-d", db, "-s", "french", "-m", str(TOP),
                                    "-o", "or", "--", query["query"]])
    record = {"exit": code}
    if code != 0 or not stdout.startswith("Parsed Query:"):
        record["error"] = (stderr.strip() or stdout.strip())[-300:] or f"exit {code}"
        record["top"] = []
    else:
        record["top"] = [os.path.basename(url.strip()).removesuffix(".txt")
                         for url in URL_RE.findall(stdout)]
    record["rank"] = first_rank(record["top"], set(query["accepted"]))
    return record


def run_all(args, label, function, target, queries):
    log(f"phase 3: {len(queries)} queries through {label} ({args.jobs} in parallel)")
    started = time.monotonic()
    out = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(function, args, target, q): q["qid"] for q in queries}
        for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
            out[futures[future]] = future.result()
            if done % 300 == 0:
                log(f"  {label}: {done}/{len(queries)}")
    seconds = time.monotonic() - started
    log(f"  {label}: {seconds:.0f} s ({seconds * 1000 / max(1, len(queries)):.0f} ms a query "
        f"with {args.jobs} jobs)")
    return out, round(seconds, 1)


# ----------------------------------------------------------------------------------------------
# 4. Metrics and reports

def metrics(records):
    n = len(records)
    if n == 0:
        return {"queries": 0}
    ranks = [r["rank"] for r in records]
    return {"queries": n,
            "s1": sum(1 for r in ranks if r == 1) / n,
            "s10": sum(1 for r in ranks if r is not None) / n,
            "mrr": sum(1 / r for r in ranks if r is not None) / n,
            "failures": sum(1 for r in records if "error" in r)}


def summarise(queries, per_query, styles):
    summary = {}
    for tool in ("depeche", "quest"):
        table = {}
        for style in list(styles) + ["all"]:
            records = [per_query[q["qid"]][tool] for q in queries
                       if (style == "all" or q["style"] == style)
                       and per_query[q["qid"]].get(tool) is not None]
            table[style] = metrics(records)
        summary[tool] = table
    return summary


def markdown_table(summary, styles, quest_note=""):
    def cell(tool, style, key):
        value = summary.get(tool, {}).get(style, {})
        if not value.get("queries"):
            return "–"
        return f"{value[key]:.3f}" if key != "failures" else str(value[key])

    lines = ["| style | queries | depeche S@1 | S@10 | MRR | quest S@1 | S@10 | MRR | "
             "failures (depeche / quest) |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for style in list(styles) + ["all"]:
        name = "**all**" if style == "all" else f"`{style}`"
        count = summary["depeche"][style].get("queries") or \
            summary.get("quest", {}).get(style, {}).get("queries", 0)
        lines.append(
            f"| {name} | {count:,} | {cell('depeche', style, 's1')} | "
            f"{cell('depeche', style, 's10')} | {cell('depeche', style, 'mrr')} | "
            f"{cell('quest', style, 's1')} | {cell('quest', style, 's10')} | "
            f"{cell('quest', style, 'mrr')} | {cell('depeche', style, 'failures')} / "
            f"{cell('quest', style, 'failures')} |")
    return "\n".join(lines) + ("\n\n" + quest_note if quest_note else "")


def compare(old_path, queries, per_query, out=sys.stdout):
    old = read_json(old_path)
    if not old or "queries" not in old:
        raise RunError(f"--compare {old_path}: not a results.json of this benchmark")
    old_by_qid = {q["qid"]: q for q in old["queries"]}
    print(f"\n### Compared with {old_path} (depeche; commit {old.get('meta', {}).get('commit')})",
          file=out)
    if old.get("meta", {}).get("queries_sha256") != per_query.get("_sha"):
        print("Note: the query files differ; only queries with the same qid and text are "
              "compared.", file=out)
    changes = {}
    for query in queries:
        before = old_by_qid.get(query["qid"])
        if not before or before.get("query") != query["query"]:
            continue
        old_rank = (before.get("depeche") or {}).get("rank")
        new_rank = per_query[query["qid"]]["depeche"]["rank"]
        o, n = old_rank or TOP + 1, new_rank or TOP + 1
        if o != n:
            kind = "better" if n < o else "worse"
            changes.setdefault(query["style"], {"better": [], "worse": []})[kind].append(
                (query, old_rank, new_rank))
    print("\n| style | improved | worsened |\n| --- | ---: | ---: |", file=out)
    total_better = total_worse = 0
    for style in generate.STYLES:
        got = changes.get(style, {"better": [], "worse": []})
        total_better += len(got["better"])
        total_worse += len(got["worse"])
        print(f"| `{style}` | {len(got['better'])} | {len(got['worse'])} |", file=out)
    print(f"| **all** | {total_better} | {total_worse} |", file=out)
    for kind in ("better", "worse"):
        examples = [c for style in generate.STYLES
                    for c in changes.get(style, {}).get(kind, [])]
        examples.sort(key=lambda c: -abs((c[1] or TOP + 1) - (c[2] or TOP + 1)))
        print(f"\n{'Improved' if kind == 'better' else 'Worsened'} (10 with the largest change):",
              file=out)
        if not examples:
            print("- (none)", file=out)
        for query, old_rank, new_rank in examples[:10]:
            print(f"- {query['qid']}: {old_rank or '–'} -> {new_rank or '–'}  "
                  f"{query['query']!r}  (target: {query['target_title'][:70]})", file=out)


def show_misses(queries, per_query, count, out=sys.stdout):
    print(f"\n### Queries depeche did not answer first ({count} a style, misses of the top "
          f"{TOP} first, spread over the query order)", file=out)
    for style in generate.STYLES:
        misses = [q for q in queries if q["style"] == style
                  and per_query[q["qid"]]["depeche"]["rank"] is None]
        later = [q for q in queries if q["style"] == style
                 and (per_query[q["qid"]]["depeche"]["rank"] or 1) > 1]
        if not misses and not later:
            continue
        step = max(1, len(later) // max(1, count - len(misses)))
        print(f"\n`{style}`: {len(misses)} not in the top {TOP}, {len(later)} lower than "
              f"first", file=out)
        misses = (misses[:count] + later[::step])[:count]
        for query in misses:
            record = per_query[query["qid"]]["depeche"]
            quest = per_query[query["qid"]].get("quest") or {}
            first = (record.get("titles") or ["(nothing)"])[0]
            print(f"- {query['qid']} (rank {record['rank'] or '–'}) {query['query']!r}\n"
                  f"  target {query['target']}: "
                  f"{query['target_title'][:90]}\n  depeche #1: {first[:90]}"
                  f"{'' if 'error' not in record else '  ERROR ' + record['error'][:80]}"
                  f"  (quest rank: {quest.get('rank') or '–'})", file=out)


def write_benchmarks(path, section):
    text = ""
    if os.path.exists(path):
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    block = f"{MARK_START}\n{section.rstrip()}\n{MARK_END}"
    if MARK_START in text and MARK_END in text and text.index(MARK_START) < text.index(MARK_END):
        before = text[:text.index(MARK_START)]
        after = text[text.index(MARK_END) + len(MARK_END):]
        text = before + block + after
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + block + "\n"
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


# ----------------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(
        description="Known-item ranking benchmark (see bench/knownitem/README.md).")
    parser.add_argument("--work", default="/tmp/knownitem", help="work directory")
    parser.add_argument("--corpus", default=generate.DEFAULT_CORPUS)
    parser.add_argument("--depeche", default=os.path.join(REPO, "build", "depeche"),
                        help="depeche binary (default: build/depeche of this repository)")
    parser.add_argument("--depeche-index", help="use this existing depeche index as it is")
    parser.add_argument("--skip-omega", action="store_true",
                        help="reuse the omindex + quest results stored by an earlier run")
    parser.add_argument("--styles", nargs="+", choices=generate.STYLES,
                        default=list(generate.STYLES))
    parser.add_argument("--limit-queries", type=int, metavar="N",
                        help="only the first N queries of each style")
    parser.add_argument("--jobs", type=int, default=2, help="searches run in parallel")
    parser.add_argument("--compare", metavar="OLD_RESULTS_JSON",
                        help="count the queries that got better or worse since that run")
    parser.add_argument("--write-benchmarks", metavar="FILE",
                        help="write the table between the knownitem markers of FILE")
    parser.add_argument("--show-misses", type=int, default=0, metavar="N",
                        help="print N queries a style that depeche missed")
    args = parser.parse_args()
    args.work = os.path.abspath(args.work)
    args.depeche = os.path.abspath(args.depeche)
    args.corpus = os.path.abspath(args.corpus)
    os.makedirs(args.work, exist_ok=True)
    command = "python3 " + " ".join(shlex.quote(a) for a in
                                    [os.path.relpath(sys.argv[0], REPO)
                                     if os.path.abspath(sys.argv[0]).startswith(REPO + os.sep)
                                     else sys.argv[0]] + sys.argv[1:])
    try:
        if not os.access(args.depeche, os.X_OK):
            raise RunError(f"no depeche binary at {args.depeche} (bash scripts/build.sh, "
                           "or --depeche PATH)")
        queries, qmeta = ensure_queries(args)
        queries = [q for q in queries if q["style"] in args.styles]
        if args.limit_queries:
            kept = []
            for style in args.styles:
                kept += [q for q in queries if q["style"] == style][:args.limit_queries]
            queries = kept
        styles = [s for s in generate.STYLES if s in args.styles]

        index, depeche_index_s = ensure_depeche_index(args)
        omega_store_path = os.path.join(args.work, "omega-results.json")
        omega_seconds = None
        if args.skip_omega:
            stored = read_json(omega_store_path, {})
            results = stored.get("results", {})
            quest_results = {}
            for query in queries:
                got = results.get(query["qid"])
                if got and got.get("query") == query["query"] and \
                        got.get("accepted") == query["accepted"]:
                    quest_results[query["qid"]] = got["record"]
            missing = len(queries) - len(quest_results)
            log(f"phase 3: quest results reused from {omega_store_path} "
                f"({len(quest_results)} found" + (f", {missing} missing)" if missing else ")"))
            omega_db_s = stored.get("omindex_seconds")
            quest_version = stored.get("quest_version")
            omega_seconds = stored.get("quest_seconds")
        else:
            records = generate.load_corpus(args.corpus)
            db, omega_db_s = ensure_omega_db(args, records)
            del records
            quest_version = tool_version(["omindex", "--version"])
            quest_results, omega_seconds = run_all(args, "quest", quest_search, db, queries)
            stored = read_json(omega_store_path, {}) or {}
            results = stored.get("results", {}) if \
                stored.get("omindex_key") == read_json(
                    os.path.join(args.work, "omega-db.done.json"), {}).get("key") else {}
            for query in queries:
                results[query["qid"]] = {"query": query["query"],
                                         "accepted": query["accepted"],
                                         "record": quest_results[query["qid"]]}
            write_json(omega_store_path, {
                "results": results, "omindex_seconds": omega_db_s,
                "quest_version": quest_version, "quest_seconds": omega_seconds,
                "omindex_key": read_json(os.path.join(args.work, "omega-db.done.json"),
                                         {}).get("key"),
                "date": datetime.datetime.now(datetime.timezone.utc).isoformat(
                    timespec="seconds")})

        depeche_results, depeche_seconds = run_all(args, "depeche", depeche_search, index,
                                                   queries)
        per_query = {q["qid"]: {"depeche": depeche_results[q["qid"]],
                                "quest": quest_results.get(q["qid"])} for q in queries}
        summary = summarise(queries, per_query, styles)
        now = datetime.datetime.now(datetime.timezone.utc)
        commit = git_commit()
        meta = {"format": RESULTS_FORMAT, "date": now.isoformat(timespec="seconds"),
                "commit": commit, "command": command, "work": args.work,
                "depeche": args.depeche, "depeche_version": tool_version([args.depeche,
                                                                          "--version"]),
                "depeche_sha256": file_sha256(args.depeche), "depeche_index": index,
                "depeche_index_seconds": depeche_index_s, "omindex_seconds": omega_db_s,
                "quest_version": quest_version, "skip_omega": args.skip_omega,
                "queries_sha256": qmeta.get("queries_sha256"),
                "generator_version": qmeta.get("generator_version"), "seed": qmeta.get("seed"),
                "styles": styles, "limit_queries": args.limit_queries, "jobs": args.jobs,
                "search_seconds": {"depeche": depeche_seconds, "quest": omega_seconds},
                "total_seconds": round(time.monotonic() - START, 1)}
        out = {"meta": meta, "summary": summary, "queries": [
            {"qid": q["qid"], "style": q["style"], "query": q["query"], "target": q["target"],
             "accepted": q["accepted"], "target_title": q["target_title"],
             "depeche": per_query[q["qid"]]["depeche"], "quest": per_query[q["qid"]]["quest"]}
            for q in queries]}
        results_path = os.path.join(args.work, "results.json")
        if args.compare and os.path.abspath(args.compare) == results_path and \
                os.path.exists(results_path):
            shutil.copyfile(results_path, results_path + ".previous")
            args.compare = results_path + ".previous"
        write_json(results_path, out)

        quest_note = ("quest: `quest -d DB -s french -m 10 -o or -- QUERY` (default QueryParser "
                      "flags, BM25) on `omindex --stemmer=french` of the same articles as text "
                      "files" + ("; results reused from an earlier run (--skip-omega)"
                                 if args.skip_omega else "") + ".")
        table = markdown_table(summary, styles)
        print(table)
        print(f"\nS@k: share of queries with the target or one of its reposts in the top k; "
              f"MRR: mean of 1/rank of the first such hit in the top {TOP} (0 if none). "
              f"{quest_note}")
        print(f"\nresults: {results_path} ({len(queries)} queries, "
              f"{meta['total_seconds']:.0f} s in all)")
        if args.show_misses:
            show_misses(queries, per_query, args.show_misses)
        if args.compare:
            per_query["_sha"] = qmeta.get("queries_sha256")
            compare(args.compare, queries, per_query)
        if args.write_benchmarks:
            section = "\n".join([
                "### Known-item ranking (bench/knownitem)", "",
                f"_Generated by `bench/knownitem/run.py` on {now:%Y-%m-%d %H:%M} UTC at commit "
                f"`{commit}`; rewritten at each run, do not edit between the markers._", "",
                f"Command: `{command}`", "",
                f"{len(queries):,} queries generated from the shared corpus by "
                f"`bench/knownitem/generate.py` (version {qmeta.get('generator_version')}, "
                f"seed {qmeta.get('seed')}, queries.jsonl sha256 "
                f"`{(qmeta.get('queries_sha256') or '')[:12]}`); "
                f"{meta['depeche_version'] or 'depeche ?'}, {quest_version or 'xapian-omega ?'} "
                f"(omindex, quest). S@k: the target "
                f"or one of its reposts in the top k; MRR over the top {TOP}.", "",
                table, "", quest_note])
            write_benchmarks(args.write_benchmarks, section)
            log(f"section written into {args.write_benchmarks}")
    except RunError as error:
        print(f"run.py: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
