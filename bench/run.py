#!/usr/bin/env python3
"""Benchmarks depeche against the tools people would use instead, in one run.

    python3 bench/run.py [--work DIR] [--repeat N] [--sizes 100000,300000,1000000]
                         [--quick] [--skip-scale] [--skip-incremental] [--build DIR] [--no-build]
                         [--phases fresh,noop,search,incremental,scale]

Phases (see bench/README.md, section "run.py"):
  1. machine, date, commit and tool versions;
  2. input in --work: the shared corpus as one text file per article and as JSONL;
  3. fresh indexing, every tool --repeat times, interleaved: depeche (text files and JSONL),
     omindex, recollindex, floor_indexer (plain Xapian);
  4. no-op reruns on the unchanged input;
  5. search: in-process latency (search_latency against bare_search, a bare Xapian searcher on
     floor_indexer's database, passes interleaved) and one process per query for
     `depeche search`, `quest` and `recollq`;
  6. incremental: 1,000 new articles added to indexes of the other 35,152, depeche against
     omindex, --repeat rounds, each from a copy of the same base indexes;
  7. scaling: generated corpora of --sizes articles, indexed by depeche and searched;
  8. bench/results/latest.json (every run), bench/results/scaling.svg and the generated section
     of BENCHMARKS.md. --quick writes bench/results/quick.json, bench/results/scaling-quick.svg
     and BENCHMARKS-quick.md instead, so it never overwrites real results; so does a run
     restricted by --phases to less than fresh, noop and search (bench/results/partial-*.json,
     WORK/BENCHMARKS-partial.md).

Python 3 standard library only. Needs omindex (xapian-omega), quest and xapian-delve
(xapian-tools), recollindex and recollq (recollcmd): `bash bench/install.sh` as root installs
everything.
"""
import argparse
import atexit
import datetime
import gzip
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH_DIR)
sys.path.insert(0, BENCH_DIR)
sys.dont_write_bytecode = True  # no bench/__pycache__ in the repository
import plot  # noqa: E402  (bench/plot.py, next to this file)

CORPUS = os.path.normpath(os.path.join(REPO, "..", "shared", "corpus", "orangesum.jsonl.gz"))
QUERIES = os.path.join(BENCH_DIR, "queries.tsv")
RESULTS_DIR = os.path.join(BENCH_DIR, "results")
MARK_START = "<!-- bench:results:start -->"
MARK_END = "<!-- bench:results:end -->"
SEED = 42
ARTICLES_PER_TEXT_DIR = 1000
INPUT_FORMAT = 1  # bump when the prepared input's layout changes, so old work dirs are redone
MIB = 1024 * 1024
GIB = 1024 * MIB

# Where each external program comes from, for the "missing tool" message.
PACKAGES = {"omindex": "xapian-omega", "quest": "xapian-tools",
            "recollindex": "recollcmd", "recollq": "recollcmd"}
# The phases, in the order they run; --phases/--only picks some, --skip-* leave some out.
PHASES = ["fresh", "noop", "search", "incremental", "scale"]
# A run without all of these writes its results aside (partial), never over the real ones.
COMPLETE_PHASES = {"fresh", "noop", "search"}
# The incremental phase: every INCREMENTAL_STRIDE-th article (the 36th, 72nd...) is the batch of
# new articles, at most INCREMENTAL_BATCH of them; the others are the base.
INCREMENTAL_STRIDE = 36
INCREMENTAL_BATCH = 1000

START = time.monotonic()


def log(message):
    elapsed = int(time.monotonic() - START)
    print(f"[{elapsed // 3600:d}:{elapsed // 60 % 60:02d}:{elapsed % 60:02d}] {message}",
          file=sys.stderr, flush=True)


class BenchError(Exception):
    """A problem that stops the benchmark (missing tool, missing input...)."""


# ----------------------------------------------------------------------------------------------
# Small helpers

def parse_count(text):
    """'100000', '100k', '1M' -> int."""
    text = text.strip().lower().replace("_", "")
    factor = 1
    if text.endswith("k"):
        factor, text = 1000, text[:-1]
    elif text.endswith("m"):
        factor, text = 1_000_000, text[:-1]
    value = float(text) * factor
    if value <= 0 or value != int(value):
        raise argparse.ArgumentTypeError(f"not a positive article count: {text!r}")
    return int(value)


def parse_phases(text):
    phases = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [phase for phase in phases if phase not in PHASES]
    if unknown or not phases:
        raise argparse.ArgumentTypeError(
            f"unknown phase(s) {', '.join(unknown) or '(none)'}: choose among {', '.join(PHASES)}")
    return phases


def parse_sizes(text):
    try:
        return [parse_count(part) for part in text.split(",") if part.strip()]
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def tree_bytes(path):
    """Sum of the sizes of the regular files under path (symlinks not followed)."""
    total = 0
    if os.path.isfile(path):
        return os.path.getsize(path)
    for root, _, files in os.walk(path):
        for name in files:
            try:
                stat = os.lstat(os.path.join(root, name))
            except OSError:
                continue
            if not os.path.islink(os.path.join(root, name)):
                total += stat.st_size
    return total


def files_under(path):
    if os.path.isfile(path):
        yield path
        return
    for root, dirs, files in os.walk(path):
        dirs.sort()
        for name in sorted(files):
            yield os.path.join(root, name)


def percentile(values, fraction):
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * fraction // 1))  # ceil
    return ordered[int(min(rank, len(ordered))) - 1]


def median(values):
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        return None
    middle = n // 2
    return ordered[middle] if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def pool_latency(reports):
    """One report, in search_latency's JSON format, from the reports of several processes run
    with --samples: the timed searches of all are pooled, percentiles by the nearest rank as the
    tools compute them. None when there is nothing to pool."""
    reports = [r for r in reports if isinstance(r, dict) and isinstance(r.get("samples"), list)]
    if not reports:
        return None
    queries = {}  # line -> {"kind", "query", "times", "found_nothing"}, in file order
    failed = {}
    errors = 0
    for report in reports:
        errors += report.get("errors") or 0
        for item in report.get("failed") or []:
            entry = failed.setdefault(item["line"], dict(item, failures=0))
            entry["failures"] += item.get("failures") or 0
        for sample in report["samples"]:
            entry = queries.setdefault(sample["line"], {"kind": sample["kind"],
                                                        "query": sample["query"], "times": [],
                                                        "found_nothing": None})
            entry["times"].extend(sample["times_ms"])
            if entry["found_nothing"] is None:
                entry["found_nothing"] = sample.get("found_nothing")

    def stats(samples, count):
        out = {"queries": count, "searches": len(samples)}
        for key, fraction in (("p50_ms", 0.50), ("p95_ms", 0.95), ("p99_ms", 0.99)):
            out[key] = round(percentile(samples, fraction), 3) if samples else 0
        out["max_ms"] = round(max(samples), 3) if samples else 0
        out["mean_ms"] = round(sum(samples) / len(samples), 3) if samples else 0
        return out
    everything = [t for entry in queries.values() for t in entry["times"]]
    pooled = {"queries": reports[0].get("queries", len(queries)),
              "runs": sum(r.get("runs") or 0 for r in reports), "passes": len(reports),
              "warmup": reports[0].get("warmup"), "limit": reports[0].get("limit")}
    for key in ("default_op", "no_peer"):
        if key in reports[0]:
            pooled[key] = reports[0][key]
    pooled["searches"] = len(everything)
    pooled["errors"] = errors
    pooled.update({k: v for k, v in stats(everything, len(queries)).items()
                   if k not in ("queries", "searches")})
    pooled["zero_results"] = [{"line": line, "kind": e["kind"], "query": e["query"]}
                              for line, e in queries.items() if e["found_nothing"]]
    pooled["failed"] = list(failed.values())
    ranked = sorted(((percentile(e["times"], 0.5), line, e) for line, e in queries.items()
                     if e["times"]), key=lambda item: -item[0])  # stable: ties in file order
    pooled["slowest"] = [{"line": line, "kind": e["kind"], "query": e["query"],
                          "median_ms": round(value, 3), "max_ms": round(max(e["times"]), 3)}
                         for value, line, e in ranked[:10]]
    by_kind = {}
    for entry in queries.values():
        kind = by_kind.setdefault(entry["kind"], {"count": 0, "times": []})
        kind["count"] += 1
        kind["times"].extend(entry["times"])
    pooled["by_kind"] = {kind: stats(v["times"], v["count"]) for kind, v in by_kind.items()}
    return pooled


def summary(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": median(values), "min": min(values), "max": max(values), "n": len(values)}


def num(value, unit=""):
    """A number with about three significant digits, '–' for None."""
    if value is None:
        return "–"
    magnitude = abs(value)
    if magnitude >= 100:
        text = f"{value:,.0f}"
    elif magnitude >= 10:
        text = f"{value:.1f}"
    elif magnitude >= 1:
        text = f"{value:.2f}"
    elif magnitude >= 0.01:
        text = f"{value:.3f}"
    elif magnitude == 0:
        text = "0"
    else:
        text = f"{value:.2g}"
    return text + unit


def ranged(stats, scale=1.0, unit=""):
    """'median (min–max)' from a summary(), scaled."""
    if not stats:
        return "–"
    text = num(stats["median"] * scale, unit)
    if stats["n"] > 1 and stats["min"] != stats["max"]:
        text += f" ({num(stats['min'] * scale)}–{num(stats['max'] * scale)})"
    return text


def ratio(numerator, denominator):
    if numerator is None or denominator in (None, 0):
        return None
    return numerator / denominator


def times(value):
    return "–" if value is None else f"{value:.2f}×"


def md_code(text):
    """text as an inline code span that survives a Markdown table."""
    text = text.replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    return f"{fence}{text}{fence}" if text else "–"


def command_output(cmd, timeout=30):
    """stdout+stderr of cmd, or None when it cannot run."""
    try:
        done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, timeout=timeout, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.decode("utf-8", "replace")


def log_tail(path, lines=8):
    try:
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 8192))
            text = handle.read().decode("utf-8", "replace")
    except OSError:
        return ""
    kept = [line[:240] for line in text.splitlines() if line.strip()][-lines:]
    return "\n".join(kept)


# ----------------------------------------------------------------------------------------------
# Timed child processes
#
# A process's peak RSS (ru_maxrss, from wait4) includes the memory of the process it was
# spawned from: exec records the old address space's high-water mark, and Python spawns with
# vfork, so a tool started straight from this script would "use" at least this script's peak
# (tens of MiB, more after reading the corpus). Every measured tool is therefore started by a
# small helper process (python3 -S, about 10 MiB) that does nothing else: spawn, wait4 on that
# pid, report. Its own floor is measured at the start (a process running `true`) and reported.

SPAWNER_CODE = r"""
import json, os, sys, time
for line in sys.stdin:
    request = json.loads(line)
    opened = []
    try:
        def open_fd(path, append):
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | (os.O_APPEND if append else os.O_TRUNC),
                         0o644)
            opened.append(fd)
            return fd
        stdin = os.open(os.devnull, os.O_RDONLY)
        opened.append(stdin)
        out = open_fd(request["stdout"], True)
        err = out if request["stderr"] == request["stdout"] else open_fd(request["stderr"], True)
        actions = [(os.POSIX_SPAWN_DUP2, stdin, 0), (os.POSIX_SPAWN_DUP2, out, 1),
                   (os.POSIX_SPAWN_DUP2, err, 2)]
        started = time.perf_counter()
        pid = os.posix_spawn(request["cmd"][0], request["cmd"], request["env"],
                             file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - started
        reply = {"exit": os.waitstatus_to_exitcode(status), "wall_s": wall,
                 "user_s": usage.ru_utime, "sys_s": usage.ru_stime,
                 "max_rss_kib": usage.ru_maxrss}
    except OSError as error:
        reply = {"exit": 127, "error": str(error)}
    finally:
        for fd in opened:
            os.close(fd)
    sys.stdout.write(json.dumps(reply) + "\n")
    sys.stdout.flush()
"""


class Spawner:
    """The helper process that starts and measures every tool (see above)."""

    def __init__(self):
        self.process = subprocess.Popen([sys.executable, "-S", "-E", "-s", "-c", SPAWNER_CODE],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True, encoding="utf-8")

    def run(self, cmd, stdout_path, stderr_path, env):
        program = cmd[0] if os.sep in cmd[0] else (shutil.which(cmd[0]) or cmd[0])
        request = {"cmd": [program] + list(cmd[1:]), "stdout": stdout_path,
                   "stderr": stderr_path, "env": env if env is not None else dict(os.environ)}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise BenchError("the process spawner died (interrupted?)")
        reply = json.loads(line)
        reply["cpu_s"] = (reply["user_s"] + reply["sys_s"]) if "user_s" in reply else None
        for key in ("wall_s", "user_s", "sys_s", "max_rss_kib"):
            reply.setdefault(key, None)
        return reply


SPAWNER = None
SCRATCH = None


def spawner():
    global SPAWNER, SCRATCH
    if SPAWNER is None:
        SPAWNER = Spawner()
        SCRATCH = tempfile.mkdtemp(prefix="depeche-bench-")
        atexit.register(shutil.rmtree, SCRATCH, True)
    return SPAWNER


def run_timed(cmd, log_path, env=None, stdout_path=None):
    """Runs cmd to completion; returns its exit status, wall time and its own rusage.

    stderr (and stdout unless stdout_path is given) goes to log_path, after a '$ cmd' line.
    """
    os.makedirs(os.path.dirname(log_path), exist_ok=True)
    with open(log_path, "w", encoding="utf-8") as log_file:
        log_file.write("$ " + shlex.join(cmd) + "\n")
    if stdout_path:
        open(stdout_path, "w").close()
    reply = spawner().run(cmd, stdout_path or log_path, log_path, env)
    if reply.get("error"):
        with open(log_path, "a", encoding="utf-8") as log_file:
            log_file.write(f"cannot start: {reply['error']}\n")
    reply["cmd"] = cmd
    return reply


def run_short(cmd, env=None, capture=False):
    """One short process (a search): stdout discarded unless capture, stderr kept."""
    spawner()
    out_path = os.path.join(SCRATCH, "stdout") if capture else os.devnull
    err_path = os.path.join(SCRATCH, "stderr")
    for path in ([out_path] if capture else []) + [err_path]:
        open(path, "w").close()
    reply = spawner().run(cmd, out_path, err_path, env)

    def read(path):
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    reply["stderr"] = reply.get("error") or read(err_path)[-2000:]
    reply["stdout"] = read(out_path) if capture else ""
    return reply


# ----------------------------------------------------------------------------------------------
# The benchmark

class Bench:
    def __init__(self, args):
        self.args = args
        self.quick = args.quick
        self.work = os.path.abspath(args.work)
        build = args.build or os.environ.get("DEPECHE_BUILD_DIR") or "build"
        self.build = build if os.path.isabs(build) else os.path.join(REPO, build)
        self.depeche = os.path.join(self.build, "depeche")
        self.bench_bin = os.path.join(self.build, "bench")
        self.logs = os.path.join(self.work, "logs")
        self.index_root = os.path.join(self.work, "indexes")
        self.home = os.path.join(self.work, "home")  # recoll's $HOME: never the user's
        self.queries = os.path.abspath(args.queries)
        self.phases = args.phases
        self.failures = []  # every non-zero exit, counted or not
        self.results = {
            "schema": 1,
            "quick": self.quick,
            "partial": not COMPLETE_PHASES <= set(args.phases),
            "command": "python3 bench/run.py" + (" " + shlex.join(sys.argv[1:]) if sys.argv[1:]
                                                  else ""),
            "started": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "settings": {"repeat": args.repeat, "search_repeat": args.search_repeat,
                         "scale_repeat": args.scale_repeat, "sizes": args.sizes,
                         "skip_scale": "scale" not in args.phases,
                         "phases": args.phases, "corpus_limit": args.corpus_limit,
                         "seed": SEED, "work": self.work, "build": self.build,
                         "queries": os.path.relpath(os.path.abspath(args.queries), REPO)},
            "failures": self.failures,
        }

    # -- environment -----------------------------------------------------------------------

    def tool(self, name):
        return os.path.join(self.bench_bin, name)

    def child_env(self, recoll_conf=None):
        env = dict(os.environ)
        env.pop("DEPECHE_INDEX", None)
        env["NO_COLOR"] = "1"
        if recoll_conf:
            env["HOME"] = self.home
            env["XDG_CONFIG_HOME"] = os.path.join(self.home, ".config")
            env["XDG_CACHE_HOME"] = os.path.join(self.home, ".cache")
            env["XDG_DATA_HOME"] = os.path.join(self.home, ".local", "share")
            env["RECOLL_CONFDIR"] = recoll_conf
        return env

    def build_binaries(self):
        if self.args.no_build:
            return
        log(f"building into {self.build} (bash scripts/build.sh; --no-build skips this)")
        os.makedirs(self.logs, exist_ok=True)
        env = dict(os.environ, DEPECHE_BUILD_DIR=self.build)
        record = run_timed(["bash", os.path.join(REPO, "scripts", "build.sh")],
                           os.path.join(self.logs, "build.log"), env=env)
        self.results["build_run"] = {k: record[k] for k in ("exit", "wall_s")}
        if record["exit"] != 0:
            raise BenchError(f"the build failed (exit {record['exit']}); last lines of "
                             f"{self.logs}/build.log:\n{log_tail(os.path.join(self.logs, 'build.log'), 20)}")
        log(f"built in {record['wall_s']:.0f} s")

    def check_tools(self):
        problems = []
        programs = dict(PACKAGES)
        if "incremental" in self.phases:
            programs["xapian-delve"] = "xapian-tools"
        for program, package in programs.items():
            if not shutil.which(program):
                problems.append(f"{program} not found: install the Debian package {package} "
                                f"(bash bench/install.sh, as root, installs everything)")
        needed = [self.depeche, self.tool("floor_indexer"), self.tool("search_latency")]
        if "search" in self.phases:
            needed.append(self.tool("bare_search"))
        if "scale" in self.phases:
            needed.append(self.tool("generate_articles"))
        for path in needed:
            if not os.access(path, os.X_OK):
                problems.append(f"{path} not found: build with `bash scripts/build.sh` "
                                f"(DEPECHE_BUILD_DIR={self.build}), or run without --no-build")
        if not os.path.isfile(CORPUS):
            problems.append(f"the shared corpus {CORPUS} is missing (see ../shared/README.md)")
        if not os.path.isfile(self.queries):
            problems.append(f"{self.queries} is missing")
        if problems:
            raise BenchError("cannot run the benchmark:\n  " + "\n  ".join(problems))

    def record_environment(self):
        log("phase 1: machine, commit and versions")
        cpu_model = platform.processor() or platform.machine()
        try:
            with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as handle:
                for line in handle:
                    if line.startswith(("model name", "Model", "cpu model")):
                        cpu_model = line.split(":", 1)[1].strip()
                        break
        except OSError:
            pass
        memory_kib = None
        try:
            with open("/proc/meminfo", encoding="utf-8") as handle:
                for line in handle:
                    if line.startswith("MemTotal:"):
                        memory_kib = int(line.split()[1])
        except OSError:
            pass
        os_name = None
        try:
            with open("/etc/os-release", encoding="utf-8") as handle:
                for line in handle:
                    if line.startswith("PRETTY_NAME="):
                        os_name = line.split("=", 1)[1].strip().strip('"')
        except OSError:
            pass
        os.makedirs(self.work, exist_ok=True)
        disk = shutil.disk_usage(self.work)
        self.results["machine"] = {
            "cpu": cpu_model, "cores": os.cpu_count(),
            "cores_usable": len(os.sched_getaffinity(0)),
            "memory_bytes": memory_kib * 1024 if memory_kib else None,
            "kernel": platform.release(), "os": os_name,
            "disk_free_bytes": disk.free, "disk_total_bytes": disk.total,
            "load_average_start": os.getloadavg(),
        }

        def git(*arguments):
            try:
                done = subprocess.run(["git", "-C", REPO, *arguments], stdout=subprocess.PIPE,
                                      stderr=subprocess.DEVNULL, timeout=30, check=False)
            except (OSError, subprocess.SubprocessError):
                return None
            return done.stdout.decode("utf-8", "replace").strip() if done.returncode == 0 else None

        dirty = git("status", "--porcelain", "--untracked-files=no")
        self.results["git"] = {
            "commit": git("rev-parse", "HEAD"),
            "subject": git("log", "-1", "--format=%s"),
            "date": git("log", "-1", "--format=%cI"),
            "uncommitted_changes": None if dirty is None else
            [line[3:] for line in dirty.splitlines() if line.strip()],
        }

        def first_line(cmd):
            output = command_output(cmd)
            return output.strip().splitlines()[0] if output and output.strip() else None

        recoll = None
        help_text = command_output(["recollindex", "-h"]) or ""
        match = re.search(r"Recoll version:\s*(.+)", help_text)
        if match:
            recoll = match.group(1).strip()
        else:
            recoll = (command_output(["dpkg-query", "-W", "-f=${Version}", "recollcmd"]) or "").strip() or None
        build_type = None
        try:
            with open(os.path.join(self.build, "CMakeCache.txt"), encoding="utf-8") as handle:
                for line in handle:
                    if line.startswith("CMAKE_BUILD_TYPE:"):
                        build_type = line.split("=", 1)[1].strip()
        except OSError:
            pass
        def strip_name(text):  # "omindex - xapian-omega 1.4.22" -> "xapian-omega 1.4.22"
            return text.split(" - ", 1)[-1] if text else text
        self.results["versions"] = {
            "depeche": first_line([self.depeche, "--version"]),
            "depeche_build_type": build_type,
            "xapian_omega": strip_name(first_line(["omindex", "--version"])),
            "xapian_core": strip_name(first_line(["xapian-config", "--version"])),
            "recoll": recoll,
            "gxx": first_line(["g++", "--version"]),
            "icu": first_line(["pkg-config", "--modversion", "icu-uc"]),
            "python": platform.python_version(),
        }
        floor = [run_short([shutil.which("true") or "/bin/true"]).get("max_rss_kib") or 0
                 for _ in range(3)]
        self.results["measurement"] = {
            "rss_floor_kib": min(floor),
            "note": "peak RSS of a process running `true` started the same way as every tool; "
                    "smaller peaks read as this"}
        if not self.quick and disk.free < 6 * GIB:
            log(f"  !! only {disk.free / GIB:.1f} GiB free in {self.work}: the corpus phase needs "
                "about 3 GB and the 1M-article size about 12 GB (--work elsewhere?)")
        machine = self.results["machine"]
        log(f"  {machine['cpu']}, {machine['cores']} cores, "
            f"{(machine['memory_bytes'] or 0) / GIB:.1f} GiB RAM, kernel {machine['kernel']}, "
            f"{disk.free / GIB:.0f} GiB free in {self.work}")
        log(f"  commit {self.results['git']['commit']}; " +
            ", ".join(f"{k}: {v}" for k, v in self.results["versions"].items()))

    # -- input -----------------------------------------------------------------------------

    def prepare_input(self):
        limit = self.args.corpus_limit
        name = "orangesum" + (f"-first{limit}" if limit else "")
        directory = os.path.join(self.work, "input", name)
        manifest_path = os.path.join(directory, "manifest.json")
        source = os.stat(CORPUS)
        expected = {"format": INPUT_FORMAT, "source": CORPUS, "source_bytes": source.st_size,
                    "source_mtime": int(source.st_mtime), "limit": limit}
        self.text_dir = os.path.join(directory, "text")
        self.jsonl = os.path.join(directory, "corpus.jsonl")
        self.model = os.path.join(directory, "corpus.jsonl.gz") if limit else CORPUS
        try:
            with open(manifest_path, encoding="utf-8") as handle:
                manifest = json.load(handle)
            if all(manifest.get(k) == v for k, v in expected.items()):
                log(f"phase 2: reusing the input in {directory} "
                    f"({manifest['articles']:,} articles)")
                self.results["input"] = manifest
                return
        except (OSError, ValueError):
            pass
        log(f"phase 2: writing the input into {directory}")
        shutil.rmtree(directory, ignore_errors=True)
        os.makedirs(self.text_dir)
        articles = skipped = text_bytes = 0
        used_names = set()
        gz_out = gzip.open(self.model, "wb") if limit else None
        with gzip.open(CORPUS, "rb") as source_file, open(self.jsonl, "wb") as jsonl_out:
            for raw in source_file:
                if limit and articles >= limit:
                    break
                try:
                    record = json.loads(raw)
                    identifier = str(record["id"])
                except (ValueError, KeyError, TypeError):
                    skipped += 1
                    continue
                jsonl_out.write(raw if raw.endswith(b"\n") else raw + b"\n")
                if gz_out:
                    gz_out.write(raw if raw.endswith(b"\n") else raw + b"\n")
                date = str(record.get("date") or "")
                title = str(record.get("title") or "")
                text = str(record.get("text") or "")
                # The sample format (../shared/corpus/README.md): " date D title\n\ntext".
                content = " date " + date + " " + title + "\n\n" + text
                subdirectory = os.path.join(self.text_dir, f"{articles // ARTICLES_PER_TEXT_DIR:03d}")
                if articles % ARTICLES_PER_TEXT_DIR == 0:
                    os.makedirs(subdirectory, exist_ok=True)
                file_name = re.sub(r"[^A-Za-z0-9._-]", "_", identifier)[:120] or "article"
                while file_name in used_names:
                    file_name += "_"
                used_names.add(file_name)
                data = content.encode("utf-8", "surrogatepass")
                with open(os.path.join(subdirectory, file_name + ".txt"), "wb") as out:
                    out.write(data)
                text_bytes += len(data)
                articles += 1
                if articles % 5000 == 0:
                    log(f"  {articles:,} articles written")
        if gz_out:
            gz_out.close()
        manifest = dict(expected, articles=articles, skipped_records=skipped,
                        text_files=articles, text_bytes=text_bytes,
                        jsonl_bytes=os.path.getsize(self.jsonl),
                        text_dir=self.text_dir, jsonl=self.jsonl)
        with open(manifest_path, "w", encoding="utf-8") as handle:
            json.dump(manifest, handle, indent=1)
        self.results["input"] = manifest
        log(f"  {articles:,} articles: {text_bytes / 1e6:.1f} MB of text files, "
            f"{manifest['jsonl_bytes'] / 1e6:.1f} MB JSONL ({skipped} unreadable records skipped)")

    def warm(self, paths, label):
        """Reads paths once, untimed, so that every tool starts with its input in the page cache."""
        started = time.perf_counter()
        total = 0
        for path in paths:
            for file_path in files_under(path):
                try:
                    with open(file_path, "rb", buffering=0) as handle:
                        while True:
                            chunk = handle.read(1 << 20)
                            if not chunk:
                                break
                            total += len(chunk)
                except OSError:
                    pass
        seconds = time.perf_counter() - started
        self.results.setdefault("warmups", []).append(
            {"label": label, "bytes": total, "seconds": seconds})
        log(f"  warm-up read of the input ({label}): {total / 1e6:.0f} MB in {seconds:.1f} s, untimed")

    # -- tools -----------------------------------------------------------------------------

    def write_recoll_conf(self, index_dir):
        conf = os.path.join(index_dir, "conf")
        os.makedirs(conf, exist_ok=True)
        os.makedirs(self.home, exist_ok=True)
        with open(os.path.join(conf, "recoll.conf"), "w", encoding="utf-8") as handle:
            handle.write(
                "# Written by bench/run.py: index the text files only, French stemming.\n"
                f"topdirs = {self.text_dir}\n"
                f"dbdir = {os.path.join(index_dir, 'xapiandb')}\n"
                "indexstemminglanguages = french\n"
                "noaspell = 1\n"
                "followLinks = 0\n"
                "loglevel = 2\n"
                f"logfilename = {os.path.join(conf, 'recoll.log')}\n")
        return conf

    def index_tools(self):
        """The fresh/no-op indexers: name, label, command builder, index size dir, exits that
        still mean a complete run, whether a no-op rerun makes sense."""
        depeche_ok = {0, 1}  # 1: done, but some records were skipped (counted, shown)
        return [
            {"name": "depeche-text", "label": "depeche index (text files)",
             "cmd": lambda d: [self.depeche, "index", "-q", "--index", d, self.text_dir],
             "size": lambda d: d, "ok": depeche_ok, "noop": True},
            {"name": "depeche-jsonl", "label": "depeche index (JSONL)",
             "cmd": lambda d: [self.depeche, "index", "-q", "--index", d, self.jsonl],
             "size": lambda d: d, "ok": depeche_ok, "noop": True},
            {"name": "omindex", "label": "omindex --stemmer=french",
             "cmd": lambda d: ["omindex", "--db", d, "--url", "/", "--stemmer=french",
                               self.text_dir],
             "size": lambda d: d, "ok": {0}, "noop": True},
            {"name": "recollindex", "label": "recollindex (French stemming)",
             "cmd": lambda d: ["recollindex", "-c", os.path.join(d, "conf")],
             "size": lambda d: os.path.join(d, "xapiandb"), "ok": {0}, "noop": True,
             "prepare": self.write_recoll_conf, "recoll": True},
            {"name": "floor", "label": "floor_indexer (plain Xapian)",
             "cmd": lambda d: [self.tool("floor_indexer"), "--db", d, self.text_dir],
             "size": lambda d: d, "ok": {0}, "noop": False},
        ]

    def note_failure(self, phase, tool, run, record, counted, log_path=None, detail=None):
        entry = {"phase": phase, "tool": tool, "run": run, "exit": record["exit"],
                 "counted": counted, "log": log_path,
                 "tail": detail if detail is not None else (log_tail(log_path) if log_path else "")}
        self.failures.append(entry)
        if not counted:
            log(f"  !! {tool} {phase} run {run}: exit {record['exit']} (FAILED, left out of the "
                f"medians){'; see ' + log_path if log_path else ''}")

    def run_indexer(self, phase, tool, run, runs, index_dir):
        log_path = os.path.join(self.logs, f"{phase}-{tool['name']}-{run}.log")
        env = self.child_env(os.path.join(index_dir, "conf") if tool.get("recoll") else None)
        record = run_timed(tool["cmd"](index_dir), log_path, env=env)
        record.update(phase=phase, tool=tool["name"], run=run,
                      log=os.path.relpath(log_path, self.work))
        record["ok"] = record["exit"] in tool["ok"]
        size_dir = tool["size"](index_dir)
        record["index_bytes"] = tree_bytes(size_dir) if os.path.exists(size_dir) else None
        self.parse_indexer_log(tool, record, log_path, index_dir)
        if record["exit"] != 0:
            self.note_failure(phase, tool["name"], run, record, record["ok"], log_path)
        extra = ""
        if record.get("articles_added") is not None:
            extra = (f", added {record['articles_added']:,} updated {record['articles_updated']:,}"
                     f" unchanged {record['articles_unchanged']:,}")
        log(f"  {phase} {run}/{runs} {tool['name']}: "
            + (f"{record['wall_s']:.2f} s wall, {record['cpu_s']:.2f} s CPU, "
               f"peak RSS {record['max_rss_kib'] / 1024:.0f} MiB" if record["wall_s"] is not None
               else "did not start")
            + (f", index {record['index_bytes'] / MIB:.1f} MiB" if record["index_bytes"] else "")
            + extra + ("" if record["exit"] == 0 else f", exit {record['exit']}"))
        return record

    @staticmethod
    def parse_indexer_log(tool, record, log_path, index_dir):
        try:
            with open(log_path, encoding="utf-8", errors="replace") as handle:
                text = handle.read()
        except OSError:
            return
        if tool["name"].startswith("depeche"):
            match = re.search(r"added (\d+), updated (\d+), unchanged (\d+), removed (\d+)", text)
            if match:
                (record["articles_added"], record["articles_updated"],
                 record["articles_unchanged"], record["articles_removed"]) = map(int, match.groups())
            match = re.search(r"the index holds (\d+) articles", text)
            if match:
                record["index_articles"] = int(match.group(1))
        elif tool["name"] == "floor":
            match = re.search(r"floor_indexer: (\d+) articles indexed", text)
            if match:
                record["index_articles"] = int(match.group(1))
        elif tool.get("recoll"):
            try:
                with open(os.path.join(index_dir, "conf", "idxstatus.txt"), encoding="utf-8") as handle:
                    status = dict(line.split(" = ", 1) for line in handle.read().splitlines()
                                  if " = " in line)
                record["recoll_status"] = {k: status.get(k) for k in
                                           ("dbtotdocs", "filesdone", "fileerrors", "totfiles")}
            except (OSError, ValueError):
                pass

    # -- index stamps: which indexes in the work directory a later phase may reuse -----------

    def binary_identity(self, program):
        """What tells whether a binary changed: its real path, size and mtime."""
        path = program if os.sep in program else (shutil.which(program) or program)
        try:
            stat = os.stat(path)
        except OSError:
            return {"path": path}
        return {"path": os.path.realpath(path), "bytes": stat.st_size, "mtime_ns": stat.st_mtime_ns}

    def input_identity(self):
        manifest = self.results["input"]
        return {k: manifest.get(k) for k in ("format", "source", "source_bytes", "source_mtime",
                                              "limit", "articles", "text_dir", "jsonl")}

    def index_stamp(self, tool, index_dir):
        """What an index is made of: the input and the indexer's binary."""
        return {"tool": tool["name"], "cmd": tool["cmd"](index_dir), "input": self.input_identity(),
                "binary": self.binary_identity(tool["cmd"](index_dir)[0])}

    @staticmethod
    def stamp_path(index_dir):
        return index_dir.rstrip(os.sep) + ".stamp.json"

    def write_stamp(self, tool, index_dir):
        with open(self.stamp_path(index_dir), "w", encoding="utf-8") as handle:
            json.dump(self.index_stamp(tool, index_dir), handle, indent=1)

    def stamp_matches(self, tool, index_dir):
        try:
            with open(self.stamp_path(index_dir), encoding="utf-8") as handle:
                stamp = json.load(handle)
        except (OSError, ValueError):
            return False
        return os.path.isdir(index_dir) and stamp == json.loads(
            json.dumps(self.index_stamp(tool, index_dir)))

    def remove_stamp(self, index_dir):
        try:
            os.remove(self.stamp_path(index_dir))
        except OSError:
            pass

    def fresh_index(self, phase, tool, run, runs):
        """One fresh run of tool into its (emptied) directory of the work dir; stamps it when ok."""
        index_dir = os.path.join(self.index_root, tool["name"])
        self.remove_stamp(index_dir)
        shutil.rmtree(index_dir, ignore_errors=True)
        os.makedirs(index_dir)
        if tool.get("prepare"):
            tool["prepare"](index_dir)
        record = self.run_indexer(phase, tool, run, runs, index_dir)
        if record["ok"]:
            self.write_stamp(tool, index_dir)
        return record

    def ensure_indexes(self, names, why):
        """Indexes a phase needs when the fresh phase did not run: reused when their stamp says
        they were made from this input by these binaries, else built again, untimed."""
        tools = [tool for tool in self.index_tools() if tool["name"] in names]
        setup = self.results.setdefault("index_setup", [])
        for tool in tools:
            index_dir = os.path.join(self.index_root, tool["name"])
            if self.stamp_matches(tool, index_dir):
                log(f"  reusing {index_dir} for {why} (same input and binary)")
                continue
            log(f"  building {tool['name']} for {why} (untimed: not in this run's phases)")
            record = self.fresh_index("setup", tool, 1, 1)
            setup.append(record)
            if not record["ok"]:
                log(f"  !! {tool['name']} could not be built: {why} will fail on it")

    # -- phases 3 and 4 --------------------------------------------------------------------

    def fresh(self):
        tools = self.index_tools()
        repeat = self.args.repeat
        inputs = [self.text_dir, self.jsonl]
        log(f"phase 3: fresh indexing of the corpus, {repeat} run(s) of each tool, interleaved")
        fresh = []
        for run in range(1, repeat + 1):
            self.warm(inputs, f"fresh round {run}")
            for tool in tools:
                fresh.append(self.fresh_index("fresh", tool, run, repeat))
        self.results["fresh"] = {"runs": fresh}
        self.save_partial()

    def noop(self):
        tools = [tool for tool in self.index_tools() if tool["noop"]]
        repeat = self.args.repeat
        inputs = [self.text_dir, self.jsonl]
        if "fresh" not in self.phases:
            self.ensure_indexes({tool["name"] for tool in tools}, "the no-op reruns")
        log(f"phase 4: no-op reruns on the unchanged input, {repeat} run(s) each, interleaved")
        noop = []
        for run in range(1, repeat + 1):
            self.warm(inputs, f"no-op round {run}")
            for tool in tools:
                index_dir = os.path.join(self.index_root, tool["name"])
                record = self.run_indexer("noop", tool, run, repeat, index_dir)
                if record.get("articles_added") or record.get("articles_updated"):
                    log(f"  !! {tool['name']} no-op rerun changed articles: not a no-op")
                noop.append(record)
        self.results["noop"] = {"runs": noop}
        self.save_partial()

    # -- phase 5 ---------------------------------------------------------------------------

    def load_queries(self):
        queries = []
        with open(self.queries, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                line = line.rstrip("\n").rstrip("\r")
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                fields = line.split("\t") + [""] * 5
                kind, query, since, until, peer = (field.strip() for field in fields[:5])
                if not query:
                    continue

                def empty(value):
                    return "" if value in ("", "-") else value
                queries.append({"line": number, "kind": kind or "?", "query": query,
                                "since": empty(since), "until": empty(until),
                                "peer": empty(peer)})
        if not queries:
            raise BenchError(f"{self.queries} holds no queries")
        return queries

    def search_commands(self, query):
        depeche_index = os.path.join(self.index_root, "depeche-text")
        omega_db = os.path.join(self.index_root, "omindex")
        recoll_conf = os.path.join(self.index_root, "recollindex", "conf")
        depeche = [self.depeche, "search", "--index", depeche_index]
        if query["since"]:
            depeche += ["--since", query["since"]]
        if query["until"]:
            depeche += ["--until", query["until"]]
        commands = {"depeche": (depeche + ["--", query["query"]], self.child_env())}
        peer = query["peer"]
        if peer:
            commands["quest"] = (["quest", "-d", omega_db, "-s", "french", "-f", "default,wildcard",
                                  "-m", "10"]
                                 + (["--"] if peer.startswith("-") else []) + [peer],
                                 self.child_env())
            commands["recollq"] = (["recollq", "-c", recoll_conf, "-s", "french", "-n", "10", peer],
                                   self.child_env(recoll_conf))
        return commands

    def run_latency(self, cmd, label, tool="search_latency"):
        """Runs search_latency or bare_search (with --json) and reads its report."""
        log_path = os.path.join(self.logs, f"{tool}-{label}.log")
        json_path = os.path.join(self.logs, f"{tool}-{label}.json")
        record = run_timed(cmd, log_path, env=self.child_env(), stdout_path=json_path)
        try:
            with open(json_path, encoding="utf-8", errors="replace") as handle:
                stdout = handle.read()
        except OSError:
            stdout = ""
        record["log"] = os.path.relpath(log_path, self.work)
        try:
            record["result"] = json.loads(stdout)
        except ValueError:
            record["result"] = None
            record["stdout"] = stdout[-2000:]
        if not isinstance(record["result"], dict):
            record["result"] = None
        if record["exit"] != 0 or record["result"] is None:
            # Exit 1 with a report: some searches failed, the others were timed (kept, shown).
            detail = log_tail(log_path)
            if record["result"] is None:
                detail += "\n(stdout was not a JSON object: " + stdout[-300:] + ")"
            self.note_failure(tool, label, "–", record, record["result"] is not None, log_path,
                              detail)
        return record

    def in_process_search(self, index_dir, label):
        record = self.run_latency([self.tool("search_latency"), "--index", index_dir, "--queries",
                                   self.queries, "--repeat", str(self.args.search_repeat),
                                   "--json"], label)
        if record["result"] is not None:
            result = record["result"]
            log(f"  search_latency on {label}: p50 {num(result.get('p50_ms'))} ms, "
                f"p95 {num(result.get('p95_ms'))} ms, p99 {num(result.get('p99_ms'))} ms "
                f"over {result.get('searches')} searches")
        return record

    def in_process_against_bare(self):
        """search_latency on the depeche index of the text files and bare_search (AND, then OR)
        on floor_indexer's database, one pass over every query per process (after one untimed
        warm-up pass), --search-repeat passes of each, alternated (ABC, then CBA...) so that
        machine noise hits all; each one's timed searches pooled into one report."""
        passes = self.args.search_repeat
        searchers = [
            ("depeche", "search_latency",
             [self.tool("search_latency"), "--index", os.path.join(self.index_root, "depeche-text")]),
            ("bare-and", "bare_search",
             [self.tool("bare_search"), "--db", os.path.join(self.index_root, "floor"),
              "--default-op", "and"]),
            ("bare-or", "bare_search",
             [self.tool("bare_search"), "--db", os.path.join(self.index_root, "floor"),
              "--default-op", "or"]),
        ]
        log(f"  in process: search_latency and bare_search (AND, OR), {passes} pass(es) each, "
            "alternated, one process per pass")
        records = {name: [] for name, _, _ in searchers}
        for number in range(1, passes + 1):
            order = searchers if number % 2 else searchers[::-1]
            for name, tool, cmd in order:
                records[name].append(self.run_latency(
                    cmd + ["--queries", self.queries, "--repeat", "1", "--warmup", "1", "--json",
                           "--samples"], f"corpus-{name}-{number}", tool))
        out = {}
        for name, tool, cmd in searchers:
            runs = records[name]
            pooled = pool_latency([r["result"] for r in runs if r["result"] is not None])
            bad = [r for r in runs if r["exit"] != 0 or r["result"] is None]
            out[name] = {"tool": tool, "cmd": cmd, "passes": passes,
                         "exit": bad[0]["exit"] if bad else 0, "result": pooled,
                         "runs": [{k: r.get(k) for k in ("exit", "wall_s", "cpu_s", "max_rss_kib",
                                                        "log")} for r in runs]}
            if pooled:
                log(f"  {name}: p50 {num(pooled['p50_ms'])} ms, p95 {num(pooled['p95_ms'])} ms, "
                    f"p99 {num(pooled['p99_ms'])} ms over {pooled['searches']} searches")
        return out

    @staticmethod
    def result_count(tool, stdout):
        if tool == "depeche":
            try:
                return json.loads(stdout).get("total_estimate")
            except (ValueError, AttributeError):
                return None
        if tool == "quest":
            match = (re.search(r"best estimate is (\d+)", stdout)
                     or re.search(r"^(?:Exactly|About|Between) (\d+)", stdout, re.M))
        else:
            match = re.search(r"^(\d+) results", stdout, re.M)
        return int(match.group(1)) if match else None

    def search(self):
        queries = self.load_queries()
        self.results["queries"] = queries
        log(f"phase 5: search ({len(queries)} queries from {self.queries})")
        if "fresh" not in self.phases:
            self.ensure_indexes({"depeche-text", "omindex", "recollindex", "floor"}, "the search")
        searched = self.in_process_against_bare()
        in_process = searched["depeche"]
        ok_exits = {"depeche": {0, 1}, "quest": {0}, "recollq": {0}}

        # Untimed pass: warms every index and records how many results each tool finds.
        counts = []
        for index, query in enumerate(queries):
            found = {}
            for tool, (cmd, env) in self.search_commands(query).items():
                if tool == "depeche":
                    cmd = cmd[:2] + ["--format", "json"] + cmd[2:]
                done = run_short(cmd, env, capture=True)
                found[tool] = self.result_count(tool, done["stdout"])
                if done["exit"] not in ok_exits[tool]:
                    self.note_failure("search-check", tool, "untimed", done, False, None,
                                      f"query {query['query']!r}: {done['stderr'].strip()[-500:]}")
            counts.append(found)
        self.results["search_counts"] = counts

        repeat = self.args.repeat
        runs = []
        for round_number in range(1, repeat + 1):
            started = time.perf_counter()
            for index, query in enumerate(queries):
                for tool, (cmd, env) in self.search_commands(query).items():
                    done = run_short(cmd, env)
                    ok = done["exit"] in ok_exits[tool]
                    runs.append({"tool": tool, "query": index, "round": round_number,
                                 "exit": done["exit"], "ok": ok, "wall_s": done["wall_s"],
                                 "cpu_s": done.get("cpu_s"), "max_rss_kib": done.get("max_rss_kib")})
                    if not ok:
                        self.note_failure("search-process", tool, round_number, done, False, None,
                                          f"query {query['query']!r}: "
                                          f"{done['stderr'].strip()[-500:]}")
            log(f"  per-process search round {round_number}/{repeat}: "
                f"{len(queries)} queries x tools in {time.perf_counter() - started:.1f} s")
        self.results["search"] = {"in_process": in_process, "per_process": {"runs": runs},
                                  "index": "depeche-text",
                                  "bare": {"and": searched["bare-and"], "or": searched["bare-or"],
                                           "database": "floor"}}
        self.save_partial()

    # -- incremental ---------------------------------------------------------------------

    def prepare_incremental_input(self, root):
        """The base (every article but the batch) and the batch of new articles, as hard links
        to the input's text files (copies where links fail), in the input's layout; reused while
        the input is the same. Returns (base_dir, batch_dir, base count, batch count)."""
        base_dir = os.path.join(root, "text")
        batch_dir = os.path.join(root, "batch", "new")
        moved_in = os.path.join(base_dir, "new")
        manifest_path = os.path.join(root, "input.json")
        expected = {"input": self.input_identity(), "stride": INCREMENTAL_STRIDE,
                    "batch_limit": INCREMENTAL_BATCH}
        if os.path.isdir(moved_in) and not os.path.exists(batch_dir):
            os.rename(moved_in, batch_dir)  # an interrupted round left the batch in the base
        try:
            with open(manifest_path, encoding="utf-8") as handle:
                manifest = json.load(handle)
            if (all(manifest.get(k) == v for k, v in expected.items())
                    and os.path.isdir(base_dir) and os.path.isdir(batch_dir)
                    and not os.path.exists(moved_in)):
                log(f"  reusing the base and batch in {root}")
                return base_dir, batch_dir, manifest["base_articles"], manifest["batch_articles"]
        except (OSError, ValueError, KeyError):
            pass
        log(f"  writing the base and the batch into {root} (hard links to the input)")
        for stale in (os.path.join(root, "text"), os.path.join(root, "batch"), manifest_path):
            if os.path.isdir(stale):
                shutil.rmtree(stale)
            elif os.path.exists(stale):
                os.remove(stale)
        files = list(files_under(self.text_dir))
        batch_size = min(INCREMENTAL_BATCH, len(files) // INCREMENTAL_STRIDE)
        base = batch = 0
        for position, source in enumerate(files):
            relative = os.path.relpath(source, self.text_dir)
            in_batch = position % INCREMENTAL_STRIDE == INCREMENTAL_STRIDE - 1 and batch < batch_size
            target = os.path.join(batch_dir if in_batch else base_dir, relative)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            try:
                os.link(source, target)
            except OSError:
                shutil.copy2(source, target)
            if in_batch:
                batch += 1
            else:
                base += 1
        manifest = dict(expected, base_articles=base, batch_articles=batch,
                        rule=f"every {INCREMENTAL_STRIDE}th text file in path order (the "
                             f"{INCREMENTAL_STRIDE}th, {2 * INCREMENTAL_STRIDE}th...), at most "
                             f"{INCREMENTAL_BATCH:,}")
        with open(manifest_path, "w", encoding="utf-8") as handle:
            json.dump(manifest, handle, indent=1)
        return base_dir, batch_dir, base, batch

    def incremental(self):
        """Adding a batch of new articles to big indexes, the daily use: depeche against omindex,
        each round from a copy of the same base indexes, the batch moved into the base's tree
        (a directory `new`) just before the timed run and out again after it."""
        repeat = self.args.repeat
        root = os.path.join(self.work, "incremental")
        os.makedirs(root, exist_ok=True)
        log("phase 6: incremental batch, new articles added to indexes of the others, "
            f"{repeat} round(s), interleaved")
        base_dir, batch_dir, base_count, batch_count = self.prepare_incremental_input(root)
        moved_in = os.path.join(base_dir, "new")
        info = {"base_articles": base_count, "batch_articles": batch_count,
                "rule": f"every {INCREMENTAL_STRIDE}th text file in path order, at most "
                        f"{INCREMENTAL_BATCH:,}",
                "base_dir": base_dir, "batch_dir": moved_in, "setup": [], "runs": []}
        self.results["incremental"] = info
        log(f"  base {base_count:,} articles in {base_dir}; batch {batch_count:,} moved in as "
            f"{moved_in}")
        tools = [
            {"name": "depeche-text", "label": "depeche index",
             "cmd": lambda d: [self.depeche, "index", "-q", "--index", d, base_dir],
             "size": lambda d: d, "ok": {0, 1}},
            {"name": "omindex", "label": "omindex --stemmer=french",
             "cmd": lambda d: ["omindex", "--db", d, "--url", "/", "--stemmer=french", base_dir],
             "size": lambda d: d, "ok": {0}},
        ]
        # The base indexes, built once (untimed) and kept while the input and binaries are the
        # same; every round works on a copy.
        pristine = {}
        for tool in tools:
            index_dir = os.path.join(root, f"{tool['name']}-base")
            stamp = dict(self.index_stamp(tool, index_dir), base_articles=base_count)
            stamp_path = self.stamp_path(index_dir)
            try:
                with open(stamp_path, encoding="utf-8") as handle:
                    reusable = json.load(handle) == json.loads(json.dumps(stamp))
            except (OSError, ValueError):
                reusable = False
            if reusable and os.path.isdir(index_dir):
                log(f"  reusing the base index {index_dir}")
            else:
                self.remove_stamp(index_dir)
                shutil.rmtree(index_dir, ignore_errors=True)
                os.makedirs(index_dir)
                log(f"  building the base index {index_dir} (untimed)")
                record = self.run_indexer("incremental-base", tool, 1, 1, index_dir)
                info["setup"].append(record)
                count = (record.get("articles_added") if tool["name"].startswith("depeche")
                         else self.xapian_documents(index_dir))
                if not record["ok"] or count != base_count:
                    if record["ok"]:
                        self.note_failure("incremental-base", tool["name"], 1, record, False,
                                          None, f"the base index holds {count} articles, not "
                                                f"{base_count}")
                    log(f"  !! the base index of {tool['name']} is not usable; skipping it")
                    continue
                with open(stamp_path, "w", encoding="utf-8") as handle:
                    json.dump(stamp, handle, indent=1)
            pristine[tool["name"]] = index_dir
        for run in range(1, repeat + 1):
            self.warm([base_dir, batch_dir], f"incremental round {run}")
            for tool in tools:
                if tool["name"] not in pristine:
                    continue
                copy = os.path.join(root, f"{tool['name']}-copy")
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(pristine[tool["name"]], copy, symlinks=True)
                os.sync()  # the copy's writeback must not overlap the timed run
                os.rename(batch_dir, moved_in)
                try:
                    record = self.run_indexer("incremental", tool, run, repeat, copy)
                finally:
                    os.rename(moved_in, batch_dir)
                if tool["name"].startswith("depeche"):
                    problem = None
                    if record.get("articles_added") != batch_count:
                        problem = (f"added {record.get('articles_added')} articles, not "
                                   f"{batch_count}")
                    elif record.get("articles_updated") or record.get("articles_removed"):
                        problem = (f"updated {record['articles_updated']}, removed "
                                   f"{record['articles_removed']}: the base should be unchanged")
                else:
                    record["index_articles"] = self.xapian_documents(copy)
                    problem = (None if record["index_articles"] == base_count + batch_count else
                               f"the database holds {record['index_articles']} documents, not "
                               f"{base_count + batch_count}")
                if problem and record["ok"]:
                    record["ok"] = False
                    record["problem"] = problem
                    self.note_failure("incremental", tool["name"], run, record, False,
                                      os.path.join(self.work, record["log"]), problem)
                info["runs"].append(record)
            self.save_partial()
        for tool in tools:
            shutil.rmtree(os.path.join(root, f"{tool['name']}-copy"), ignore_errors=True)

    @staticmethod
    def xapian_documents(database):
        """The number of documents in a Xapian database (xapian-delve), None when unknown."""
        output = command_output(["xapian-delve", database]) or ""
        match = re.search(r"number of documents = (\d+)", output)
        return int(match.group(1)) if match else None

    # -- phase 7 ---------------------------------------------------------------------------

    def scale(self):
        sizes = self.args.sizes
        scale_dir = os.path.join(self.work, "scale")
        os.makedirs(scale_dir, exist_ok=True)
        log(f"phase 7: scaling, generated corpora of {', '.join(f'{n:,}' for n in sizes)} articles")
        input_info = self.results["input"]
        jsonl_per_article = input_info["jsonl_bytes"] / max(1, input_info["articles"])
        index_sizes = [r["index_bytes"] / max(1, r.get("index_articles") or input_info["articles"])
                       for r in self.results.get("fresh", {}).get("runs", [])
                       if r["tool"] == "depeche-jsonl" and r["ok"] and r.get("index_bytes")]
        index_per_article = max(index_sizes) if index_sizes else 10_000
        entries = []
        self.results["scale"] = {"sizes": entries, "seed": SEED, "model": self.model}
        # The generated JSONL is reused when the model, seed, count and generator source match.
        generator_source = os.path.join(BENCH_DIR, "generate_articles.cpp")
        try:
            with open(generator_source, "rb") as handle:
                generator_hash = hashlib.sha256(handle.read()).hexdigest()
        except OSError:
            generator_hash = None
        for position, count in enumerate(sizes):
            entry = {"articles": count, "runs": []}
            entries.append(entry)
            jsonl = os.path.join(scale_dir, f"articles-{count}.jsonl")
            manifest_path = jsonl + ".manifest.json"
            model = os.stat(self.model)
            expected = {"model": self.model, "model_bytes": model.st_size, "count": count,
                        "seed": SEED, "generator_source_sha256": generator_hash}
            have_jsonl = False
            try:
                with open(manifest_path, encoding="utf-8") as handle:
                    manifest = json.load(handle)
                have_jsonl = (all(manifest.get(k) == v for k, v in expected.items())
                              and os.path.getsize(jsonl) == manifest.get("bytes"))
            except (OSError, ValueError):
                pass
            need = count * (index_per_article + (0 if have_jsonl else jsonl_per_article)) * 1.2
            need += 512 * MIB
            free = shutil.disk_usage(scale_dir).free
            entry["disk_needed_bytes"], entry["disk_free_bytes"] = need, free
            if free < need:
                entry["skipped"] = (f"not enough disk: about {need / GIB:.1f} GiB needed, "
                                    f"{free / GIB:.1f} GiB free")
                log(f"  !! {count:,} articles skipped: {entry['skipped']}")
                continue
            if have_jsonl:
                log(f"  reusing {jsonl}")
            else:
                partial = os.path.join(scale_dir, f"articles-{count}.partial.jsonl")
                for stale in (jsonl, manifest_path, partial):
                    if os.path.exists(stale):
                        os.remove(stale)
                log(f"  generating {count:,} articles (seed {SEED}, model {self.model})")
                log_path = os.path.join(self.logs, f"generate-{count}.log")
                record = run_timed([self.tool("generate_articles"), "--model", self.model,
                                    "--count", str(count), "--seed", str(SEED), "--jsonl", partial],
                                   log_path, env=self.child_env())
                entry["generate"] = {k: record[k] for k in ("exit", "wall_s", "cpu_s")}
                if record["exit"] != 0 or not os.path.exists(partial):
                    self.note_failure("generate", "generate_articles", count, record, False,
                                      log_path)
                    entry["skipped"] = f"generate_articles failed (exit {record['exit']})"
                    continue
                os.replace(partial, jsonl)
                with open(manifest_path, "w", encoding="utf-8") as handle:
                    json.dump(dict(expected, bytes=os.path.getsize(jsonl)), handle)
                log(f"  generated {os.path.getsize(jsonl) / 1e6:.0f} MB in {record['wall_s']:.1f} s")
            entry["jsonl_bytes"] = os.path.getsize(jsonl)

            tool = {"name": f"depeche-scale-{count}", "label": f"depeche index ({count:,})",
                    "cmd": lambda d, path=jsonl: [self.depeche, "index", "-q", "--index", d, path],
                    "size": lambda d: d, "ok": {0, 1}}
            index_dir = os.path.join(self.index_root, "scale")
            runs = self.args.scale_repeat
            for run in range(1, runs + 1):
                self.warm([jsonl], f"scale {count}")
                shutil.rmtree(index_dir, ignore_errors=True)
                os.makedirs(index_dir)
                entry["runs"].append(self.run_indexer("scale", tool, run, runs, index_dir))
            ok_runs = [r for r in entry["runs"] if r["ok"]]
            if ok_runs:
                entry["search"] = self.in_process_search(index_dir, f"scale-{count}")
            else:
                entry["search"] = {"skipped": "no complete index"}
            search_result = entry["search"].get("result") or {}
            entry["summary"] = {
                "wall_s": median([r["wall_s"] for r in ok_runs]) if ok_runs else None,
                "cpu_s": median([r["cpu_s"] for r in ok_runs]) if ok_runs else None,
                "max_rss_kib": max((r["max_rss_kib"] for r in ok_runs), default=None),
                "index_bytes": median([r["index_bytes"] for r in ok_runs if r["index_bytes"]])
                if ok_runs else None,
                "p50_ms": search_result.get("p50_ms"), "p95_ms": search_result.get("p95_ms"),
                "p99_ms": search_result.get("p99_ms"),
            }
            shutil.rmtree(index_dir, ignore_errors=True)
            # Keep the generated JSONL for the next run unless the next size would not fit.
            if position + 1 < len(sizes):
                following = sizes[position + 1]
                next_need = following * (index_per_article + jsonl_per_article) * 1.2 + 512 * MIB
                if shutil.disk_usage(scale_dir).free < next_need:
                    log(f"  deleting {jsonl} to make room for {following:,} articles")
                    os.remove(jsonl)
                    os.remove(manifest_path)
            self.save_partial()

    # -- results ---------------------------------------------------------------------------

    def save_partial(self):
        path = os.path.join(self.work, "partial-results.json")
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(self.results, handle, indent=1, default=str)

    def run(self):
        self.build_binaries()
        self.check_tools()
        self.record_environment()
        self.prepare_input()
        log(f"phases: {', '.join(self.phases)}"
            + ("" if not self.results["partial"] else
               " (not all of fresh, noop and search: the results go aside, "
               f"{shown_path(output_paths(self.results)[2])})"))
        for phase, method in (("fresh", self.fresh), ("noop", self.noop), ("search", self.search),
                              ("incremental", self.incremental), ("scale", self.scale)):
            if phase in self.phases:
                method()
        self.results["machine"]["load_average_end"] = os.getloadavg()
        self.results["finished"] = datetime.datetime.now(datetime.timezone.utc).isoformat(
            timespec="seconds")
        self.results["duration_s"] = time.monotonic() - START
        self.results["caption"] = self.plot_caption()
        write_outputs(self.results, write_json=True)
        return 1 if any(not f["counted"] for f in self.failures) else 0

    def plot_caption(self):
        machine = self.results["machine"]
        commit = (self.results["git"].get("commit") or "?")[:10]
        return (f"{machine['cpu']}, {machine['cores']} cores; commit {commit}; "
                f"{self.results['started'][:10]}" + ("; QUICK RUN" if self.quick else ""))


# ----------------------------------------------------------------------------------------------
# The report

class Report:
    TOOL_LABELS = {
        "depeche-text": "depeche (text files)", "depeche-jsonl": "depeche (JSONL)",
        "omindex": "omindex --stemmer=french", "recollindex": "recollindex (French stemming)",
        "floor": "floor_indexer (plain Xapian)",
    }
    PEERS = ["omindex", "recollindex", "floor"]

    def __init__(self, results, plot_path, markdown_dir=REPO):
        self.r = results
        self.plot_path = plot_path
        self.markdown_dir = markdown_dir
        self.summary = self.summarize()
        self.targets = self.evaluate_targets()

    # -- numbers ---------------------------------------------------------------------------

    @staticmethod
    def tool_summary(runs, tool):
        ok = [r for r in runs if r["tool"] == tool and r.get("ok")]
        return {
            "runs": len([r for r in runs if r["tool"] == tool]), "ok_runs": len(ok),
            "wall_s": summary([r["wall_s"] for r in ok]),
            "cpu_s": summary([r["cpu_s"] for r in ok]),
            "max_rss_kib": summary([r["max_rss_kib"] for r in ok]),
            "index_bytes": summary([r.get("index_bytes") for r in ok]),
            "exits": sorted({r["exit"] for r in runs if r["tool"] == tool}),
        }

    def summarize(self):
        r = self.r
        fresh_runs = r.get("fresh", {}).get("runs", [])
        noop_runs = r.get("noop", {}).get("runs", [])
        incremental_runs = (r.get("incremental") or {}).get("runs", [])
        out = {"fresh": {}, "noop": {}, "incremental": {}}
        for tool in self.TOOL_LABELS:
            if any(run["tool"] == tool for run in fresh_runs):
                out["fresh"][tool] = self.tool_summary(fresh_runs, tool)
            if any(run["tool"] == tool for run in noop_runs):
                out["noop"][tool] = self.tool_summary(noop_runs, tool)
            if any(run["tool"] == tool for run in incremental_runs):
                out["incremental"][tool] = self.tool_summary(incremental_runs, tool)

        queries = r.get("queries", [])
        per_process = r.get("search", {}).get("per_process", {}).get("runs", [])
        # The comparison uses the queries with a peer form on which all three tools succeeded
        # every time, so that every tool is timed on the same requests.
        failed = {run["query"] for run in per_process if not run["ok"]}
        common = {i for i, q in enumerate(queries) if q["peer"] and i not in failed}
        search = {"common_queries": len(common),
                  "peer_queries": sum(1 for q in queries if q["peer"])}
        for tool in ("depeche", "quest", "recollq"):
            for subset, allowed in (("all", None), ("with_peer", common)):
                times_ms = [run["wall_s"] * 1000 for run in per_process
                            if run["tool"] == tool and run["ok"] and run["wall_s"] is not None
                            and (allowed is None or run["query"] in allowed)]
                if times_ms:
                    search[f"{tool}/{subset}"] = {
                        "median_ms": median(times_ms), "p95_ms": percentile(times_ms, 0.95),
                        "max_ms": max(times_ms), "min_ms": min(times_ms), "n": len(times_ms)}
        by_kind = {}
        for index, query in enumerate(queries):
            for tool in ("depeche", "quest", "recollq"):
                by_kind.setdefault(query["kind"], {}).setdefault(tool, []).extend(
                    run["wall_s"] * 1000 for run in per_process
                    if run["tool"] == tool and run["query"] == index and run["ok"]
                    and run["wall_s"] is not None)
        search["by_kind"] = {kind: {tool: median(v) for tool, v in tools.items() if v}
                             for kind, tools in by_kind.items()}
        out["per_process"] = search
        return out

    def rss_cell(self, stats):
        """Peak RSS in MiB; '≤ floor' when every run measured no more than the helper's floor."""
        floor = self.r.get("measurement", {}).get("rss_floor_kib")
        if stats and floor and stats["max"] <= floor * 1.02:
            return f"≤ {num(floor / 1024)} (floor)"
        return ranged(stats, 1 / 1024)

    def fresh(self, tool, key):
        stats = self.summary["fresh"].get(tool, {}).get(key)
        return stats["median"] if stats else None

    def noop(self, tool, key):
        stats = self.summary["noop"].get(tool, {}).get(key)
        return stats["median"] if stats else None

    def incremental(self, tool, key):
        stats = self.summary.get("incremental", {}).get(tool, {}).get(key)
        return stats["median"] if stats else None

    def in_process(self):
        return (self.r.get("search", {}).get("in_process", {}) or {}).get("result") or {}

    def bare(self, op):
        """The pooled report of bare_search with the default operator op ("and", "or")."""
        return ((self.r.get("search", {}).get("bare") or {}).get(op) or {}).get("result") or {}

    def ran(self, phase):
        phases = self.r["settings"].get("phases")
        return phase in phases if phases is not None else phase != "incremental"

    def scale_rows(self):
        return [e for e in self.r.get("scale", {}).get("sizes", [])
                if (e.get("summary") or {}).get("wall_s") is not None]

    # -- targets ---------------------------------------------------------------------------

    def evaluate_targets(self):
        targets = []

        def add(name, measured, met, detail):
            status = "not measured" if met is None else ("met" if met else "missed")
            targets.append({"target": name, "measured": measured, "status": status,
                            "detail": detail})

        depeche_wall = self.fresh("depeche-text", "wall_s")
        omindex_wall = self.fresh("omindex", "wall_s")
        speed = ratio(omindex_wall, depeche_wall)
        jsonl_speed = ratio(omindex_wall, self.fresh("depeche-jsonl", "wall_s"))
        if speed is None:
            add("fresh indexing ≥ 3× omindex's speed", "–", None, "")
        else:
            add("fresh indexing ≥ 3× omindex's speed",
                f"{speed:.2f}× (text files; JSONL {times(jsonl_speed)})", speed >= 3,
                f"{speed / 3:.2f}× the target" if speed >= 3 else
                f"by {3 / speed:.2f}×: took {num(depeche_wall)} s, needs ≤ "
                f"{num(omindex_wall / 3)} s ({(1 - omindex_wall / 3 / depeche_wall) * 100:.0f}% "
                f"less)")

        batch = (self.r.get("incremental") or {}).get("batch_articles")
        label = (f"adding {batch:,} new articles to an index of {self.r['incremental']['base_articles']:,}"
                 if batch else "adding new articles to a big index") + " ≥ 3× omindex's speed"
        depeche_add = self.incremental("depeche-text", "wall_s")
        omindex_add = self.incremental("omindex", "wall_s")
        add_speed = ratio(omindex_add, depeche_add)
        if add_speed is None:
            add(label, "–", None, "")
        else:
            add(label, f"{add_speed:.2f}× ({num(depeche_add)} s vs {num(omindex_add)} s)",
                add_speed >= 3,
                f"{add_speed / 3:.2f}× the target" if add_speed >= 3 else
                f"by {3 / add_speed:.2f}×: took {num(depeche_add)} s, needs ≤ "
                f"{num(omindex_add / 3)} s")

        size = ratio(self.fresh("depeche-text", "index_bytes"), self.fresh("omindex", "index_bytes"))
        if size is None:
            add("index size ≤ 0.6× omindex's", "–", None, "")
        else:
            target_bytes = 0.6 * self.fresh("omindex", "index_bytes")
            actual = self.fresh("depeche-text", "index_bytes")
            add("index size ≤ 0.6× omindex's", f"{size:.2f}× ({num(actual / MIB)} MiB)",
                size <= 0.6,
                f"{num((target_bytes - actual) / MIB)} MiB under" if size <= 0.6 else
                f"{num((actual - target_bytes) / MIB)} MiB over ({(actual / target_bytes - 1) * 100:.0f}% "
                f"over the {num(target_bytes / MIB)} MiB target)")

        rss_runs = [(run["max_rss_kib"], f"{run['phase']} {run['tool']}")
                    for phase in ("fresh", "noop", "incremental")
                    for run in (self.r.get(phase) or {}).get("runs", [])
                    if run["tool"].startswith("depeche") and run.get("max_rss_kib")]
        for entry in self.r.get("scale", {}).get("sizes", []):
            rss_runs += [(run["max_rss_kib"], f"scale {entry['articles']:,}")
                         for run in entry.get("runs", []) if run.get("max_rss_kib")]
        if rss_runs:
            peak, where = max(rss_runs)
            peak_bytes = peak * 1024
            add("peak RSS of `depeche index` < 1 GiB", f"{num(peak_bytes / MIB)} MiB ({where})",
                peak_bytes < GIB,
                f"{num((GIB - peak_bytes) / MIB)} MiB to spare" if peak_bytes < GIB else
                f"{num((peak_bytes - GIB) / MIB)} MiB over")
        else:
            add("peak RSS of `depeche index` < 1 GiB", "–", None, "")

        noop_depeche = self.noop("depeche-text", "wall_s")
        noop_omindex = self.noop("omindex", "wall_s")
        if noop_depeche is None or noop_omindex is None:
            add("no-op rerun ≤ omindex's", "–", None, "")
        else:
            add("no-op rerun ≤ omindex's",
                f"{num(noop_depeche * 1000)} ms vs {num(noop_omindex * 1000)} ms "
                f"(JSONL {num((self.noop('depeche-jsonl', 'wall_s') or 0) * 1000)} ms)",
                noop_depeche <= noop_omindex,
                f"{noop_omindex / noop_depeche:.2f}× faster" if noop_depeche <= noop_omindex else
                f"{noop_depeche / noop_omindex:.2f}× slower "
                f"({num((noop_depeche - noop_omindex) * 1000)} ms over)")

        result = self.in_process()
        for key, limit in (("p50_ms", 1.0), ("p99_ms", 10.0)):
            label = f"in-process search {key[:3]} ≤ {limit:g} ms (corpus)"
            value = result.get(key)
            if value is None:
                add(label, "–", None, "")
            else:
                add(label, f"{num(value)} ms", value <= limit,
                    f"{num(limit - value)} ms to spare" if value <= limit else
                    f"{num(value - limit)} ms over ({value / limit:.2f}× the limit)")
        bare = self.bare("and")
        for key in ("p50_ms", "p99_ms"):
            label = f"in-process search {key[:3]} ≤ 1.5× a bare Xapian searcher's (AND)"
            value, floor = result.get(key), bare.get(key)
            share = ratio(value, floor)
            if share is None:
                add(label, "–", None, "")
            else:
                add(label, f"{share:.2f}× ({num(value)} ms vs {num(floor)} ms)", share <= 1.5,
                    f"{num(1.5 * floor - value)} ms to spare" if share <= 1.5 else
                    f"by {share / 1.5:.2f}×: needs ≤ {num(1.5 * floor)} ms, "
                    f"{num(value - 1.5 * floor)} ms over")

        depeche_process = self.summary["per_process"].get("depeche/with_peer", {}).get("median_ms")
        quest_process = self.summary["per_process"].get("quest/with_peer", {}).get("median_ms")
        if depeche_process is None or quest_process is None:
            add("`depeche search` process ≤ `quest`'s (median)", "–", None, "")
        else:
            add("`depeche search` process ≤ `quest`'s (median)",
                f"{num(depeche_process)} ms vs {num(quest_process)} ms",
                depeche_process <= quest_process,
                f"{num(quest_process - depeche_process)} ms faster"
                if depeche_process <= quest_process else
                f"{num(depeche_process - quest_process)} ms slower "
                f"({depeche_process / quest_process:.2f}×)")

        rows = self.scale_rows()
        at_million = [e for e in rows if e["articles"] == 1_000_000]
        label = "search p50 ≤ 20 ms at 1M articles"
        if at_million and at_million[0]["summary"].get("p50_ms") is not None:
            value = at_million[0]["summary"]["p50_ms"]
            add(label, f"{num(value)} ms", value <= 20,
                f"{num(20 - value)} ms to spare" if value <= 20 else f"{num(value - 20)} ms over")
        elif rows and rows[-1]["summary"].get("p50_ms") is not None:
            add(label, f"not run at 1M; at {rows[-1]['articles']:,}: "
                f"{num(rows[-1]['summary']['p50_ms'])} ms", None, "")
        else:
            add(label, "–", None, "")

        label = "indexing time ~linear in articles"
        if len(rows) >= 2:
            first, last = rows[0], rows[-1]
            size_ratio = last["articles"] / first["articles"]
            time_ratio = last["summary"]["wall_s"] / first["summary"]["wall_s"]
            per_first = first["summary"]["wall_s"] / first["articles"] * 1e6
            per_last = last["summary"]["wall_s"] / last["articles"] * 1e6
            growth = time_ratio / size_ratio
            name = f"{plot.count_label(last['articles'])}/{plot.count_label(first['articles'])}"
            add(f"{label} (within 25%)",
                f"{name}: {time_ratio:.1f}× the time for {size_ratio:.0f}× the articles "
                f"({num(per_first)} → {num(per_last)} µs/article)", growth <= 1.25,
                f"time per article grew {(growth - 1) * 100:+.0f}%")
        else:
            add(label, "–", None, "needs two sizes")
        return targets

    # -- Markdown --------------------------------------------------------------------------

    def markdown(self):
        r = self.r
        out = []
        machine, versions, git = r["machine"], r["versions"], r.get("git", {})
        quick_note = (" **Quick run (`--quick`): a small subset and small sizes, to test the "
                      "script; not a measurement.**" if r["quick"] else "")
        started = datetime.datetime.fromisoformat(r["started"]).strftime("%Y-%m-%d %H:%M UTC")
        out.append(f"_Generated by `bench/run.py` on {started} in "
                   f"{r['duration_s'] / 60:.0f} min; rewritten at each run, do not edit between "
                   f"the markers._{quick_note}\n")
        out.append(f"Command: `{r['command']}`\n")
        commit = git.get("commit") or "unknown"
        changes = git.get("uncommitted_changes")
        commit_text = f"`{commit[:12]}` {git.get('subject') or ''}".strip()
        if changes:
            commit_text += f" (plus uncommitted changes to {len(changes)} file(s))"
        memory = machine.get("memory_bytes")
        inp = r["input"]
        out.append("| | |\n| --- | --- |")
        out.append(f"| machine | {machine['cpu']}, {machine['cores']} cores "
                   f"({machine['cores_usable']} usable), "
                   f"{num(memory / GIB) if memory else '?'} GiB RAM, {machine['os']}, "
                   f"kernel {machine['kernel']} |")
        out.append(f"| load average | {machine['load_average_start'][0]:.2f} at the start, "
                   f"{machine.get('load_average_end', [0])[0]:.2f} at the end |")
        out.append(f"| disk free | {num(machine['disk_free_bytes'] / GIB)} GiB in "
                   f"`{r['settings']['work']}` at the start |")
        out.append(f"| commit | {commit_text} |")
        out.append(f"| depeche | {versions.get('depeche')}, {versions.get('depeche_build_type')} "
                   f"build, {versions.get('gxx')} |")
        out.append(f"| peers | {versions.get('xapian_omega')} (omindex, quest); "
                   f"{versions.get('xapian_core')}; recollcmd: {versions.get('recoll')} |")
        out.append(f"| input | {inp['articles']:,} articles of the shared OrangeSum corpus"
                   + (f" (the first {inp['limit']:,})" if inp.get("limit") else "")
                   + f": {num(inp['text_bytes'] / 1e6)} MB as {inp['text_files']:,} text files "
                   f"in directories of {ARTICLES_PER_TEXT_DIR:,}, "
                   f"{num(inp['jsonl_bytes'] / 1e6)} MB as one JSONL file |")
        out.append("")
        s = r["settings"]
        out.append(
            f"Every indexer ran {s['repeat']} time(s), interleaved (each round runs every tool "
            "once, in the same order), each fresh run into an empty directory. Cells show the "
            "median with the min–max range in brackets. Wall time is the whole process from "
            "spawn to exit; CPU is its user+system time and peak RSS its maximum resident set "
            "(`wait4` on that process). The page cache was not dropped: before every round the "
            "input was read once, untimed, so every tool started with it cached. Index size is "
            "the sum of the file sizes in the index directory (recoll: its `xapiandb`). "
            f"depeche uses every core by default (`--jobs`); omindex and floor_indexer use one; "
            "recollindex uses its default threads. MiB = 2^20 bytes. Every tool is started by a "
            "small helper process, so a peak RSS cannot read below that helper's "
            f"{num(r.get('measurement', {}).get('rss_floor_kib', 0) / 1024)} MiB (what `true` "
            "measures).\n")

        if not self.ran("fresh") or not self.ran("noop") or not self.ran("search"):
            out.append(f"**A partial run:** phases {', '.join(s.get('phases') or [])} only; the "
                       "others are missing from this report.\n")
        fresh = self.summary["fresh"]
        articles = inp["articles"]
        out.extend(self.fresh_markdown(fresh, articles) if self.ran("fresh") else
                   ["### Fresh indexing of the corpus\n", "_Not run (`--phases`)._\n"])
        out.extend(self.noop_markdown() if self.ran("noop") else
                   ["### No-op rerun (unchanged input)\n", "_Not run (`--phases`)._\n"])
        out.extend(self.search_markdown() if self.ran("search") else
                   ["### Search\n", "_Not run (`--phases`)._\n"])
        out.extend(self.incremental_markdown())
        out.extend(self.scale_markdown())
        out.extend(self.targets_and_failures_markdown())
        return "\n".join(out)

    def fresh_markdown(self, fresh, articles):
        r = self.r
        out = []
        out.append("### Fresh indexing of the corpus\n")
        out.append("| tool | wall s | CPU s | peak RSS MiB | index MiB | articles/s |")
        out.append("| --- | --- | --- | --- | --- | --- |")
        for tool, stats in fresh.items():
            failed = stats["runs"] - stats["ok_runs"]
            wall = stats["wall_s"]
            rate = articles / wall["median"] if wall else None
            out.append(f"| {self.TOOL_LABELS[tool]}{f' ({failed} failed)' if failed else ''} | "
                       f"{ranged(wall)} | {ranged(stats['cpu_s'])} | "
                       f"{self.rss_cell(stats['max_rss_kib'])} | "
                       f"{ranged(stats['index_bytes'], 1 / MIB)} | {num(rate)} |")
        out.append("")
        out.append("Ratios against the peers, same run (medians):\n")
        out.append("| peer | peer time / depeche time (text) | (JSONL) | depeche size / peer size "
                   "| depeche RSS / peer RSS | peer CPU / depeche CPU |")
        out.append("| --- | --- | --- | --- | --- | --- |")
        for peer in self.PEERS:
            if peer not in fresh:
                continue
            out.append(
                f"| {self.TOOL_LABELS[peer]} | "
                f"{times(ratio(self.fresh(peer, 'wall_s'), self.fresh('depeche-text', 'wall_s')))} | "
                f"{times(ratio(self.fresh(peer, 'wall_s'), self.fresh('depeche-jsonl', 'wall_s')))} | "
                f"{times(ratio(self.fresh('depeche-text', 'index_bytes'), self.fresh(peer, 'index_bytes')))} | "
                f"{times(ratio(self.fresh('depeche-text', 'max_rss_kib'), self.fresh(peer, 'max_rss_kib')))} | "
                f"{times(ratio(self.fresh(peer, 'cpu_s'), self.fresh('depeche-text', 'cpu_s')))} |")
        out.append("")
        counts = [f"{self.TOOL_LABELS[run['tool']]}: {run['index_articles']:,}"
                  for run in r.get("fresh", {}).get("runs", [])
                  if run.get("index_articles") is not None and run["run"] == 1]
        recoll = [run.get("recoll_status", {}) for run in r.get("fresh", {}).get("runs", [])
                  if run["tool"] == "recollindex" and run["run"] == 1]
        if recoll and recoll[0]:
            counts.append(f"recollindex: {recoll[0].get('dbtotdocs')} documents "
                          f"(directories count as documents), {recoll[0].get('fileerrors')} file errors")
        if counts:
            out.append("Articles in the index after a fresh run: " + "; ".join(counts) + ".\n")
        return out

    def noop_markdown(self):
        out = ["### No-op rerun (unchanged input)\n"]
        out.append("| tool | wall ms | CPU ms | peak RSS MiB | depeche (text) time / tool time |")
        out.append("| --- | --- | --- | --- | --- |")
        for tool, stats in self.summary["noop"].items():
            failed = stats["runs"] - stats["ok_runs"]
            out.append(f"| {self.TOOL_LABELS[tool]}{f' ({failed} failed)' if failed else ''} | "
                       f"{ranged(stats['wall_s'], 1000)} | {ranged(stats['cpu_s'], 1000)} | "
                       f"{self.rss_cell(stats['max_rss_kib'])} | "
                       f"{times(ratio(self.noop('depeche-text', 'wall_s'), self.noop(tool, 'wall_s')))} |")
        out.append("")
        return out

    def targets_and_failures_markdown(self):
        r = self.r
        out = []
        out.append("### Targets\n")
        out.append("| target | measured | status |")
        out.append("| --- | --- | --- |")
        for target in self.targets:
            status = {"met": "**met**", "missed": "**missed**"}.get(target["status"],
                                                                    target["status"])
            detail = f": {target['detail']}" if target["detail"] else ""
            out.append(f"| {target['target']} | {target['measured']} | {status}{detail} |")
        out.append("")

        out.append("### Non-zero exits\n")
        failures = r.get("failures", [])
        if not failures:
            out.append("None: every tool exited 0 (`depeche search` exits 1 when it finds "
                       "nothing; such queries are listed above).\n")
        else:
            out.append("| phase | tool | run | exit | counted in the medians | last lines of "
                       "the log (in the work directory) |")
            out.append("| --- | --- | --- | --- | --- | --- |")
            for failure in failures[:40]:
                tail = (failure.get("tail") or "").strip().replace("|", "\\|")
                tail = "<br>".join(md_code(line) for line in tail.splitlines()[-4:]) or "–"
                out.append(f"| {failure['phase']} | {failure['tool']} | {failure['run']} | "
                           f"{failure['exit']} | {'yes' if failure['counted'] else 'no'} | "
                           f"{tail}{' (' + failure['log'] + ')' if failure.get('log') else ''} |")
            if len(failures) > 40:
                out.append(f"\n… and {len(failures) - 40} more in the JSON results.")
            out.append("")
        out.append(f"Every run's raw numbers: `{shown_path(output_paths(r)[0])}`.")
        return out

    def search_markdown(self):
        r = self.r
        out = ["### Search\n"]
        result = self.in_process()
        in_process = r.get("search", {}).get("in_process", {}) or {}
        s = r["settings"]
        if result.get("passes"):
            out.append(f"In-process (`search_latency`: the index opened once, each `Index::search` "
                       f"timed alone, 10 results with snippets) on the depeche index of the text "
                       f"files, every query of `{s['queries']}` {s['search_repeat']} time(s): "
                       f"{result['passes']} processes of one timed pass each (after one untimed "
                       f"warm-up pass), alternated with the bare Xapian searcher's below, their "
                       f"searches pooled:\n")
        else:
            out.append(f"In-process (`search_latency`, the index opened once) on the depeche index "
                       f"of the text files, every query of `{s['queries']}` {s['search_repeat']} "
                       f"time(s):\n")
        if not result:
            out.append(f"_search_latency failed (exit {in_process.get('exit')}); see Non-zero "
                       f"exits._\n")
        else:
            out.append("| kind | queries | searches | p50 ms | p95 ms | p99 ms | max ms | mean ms |")
            out.append("| --- | --- | --- | --- | --- | --- | --- | --- |")

            def row(kind, stats):
                return (f"| {kind} | {stats.get('queries', '–')} | {stats.get('searches', '–')} | "
                        f"{num(stats.get('p50_ms'))} | {num(stats.get('p95_ms'))} | "
                        f"{num(stats.get('p99_ms'))} | {num(stats.get('max_ms'))} | "
                        f"{num(stats.get('mean_ms'))} |")
            out.append(row("**all**", result))
            by_kind = result.get("by_kind") or {}
            for kind, stats in by_kind.items():
                if isinstance(stats, dict):
                    out.append(row(kind, stats))

            def query_text(item):
                return md_code(item.get("query", "")) if isinstance(item, dict) else md_code(str(item))
            slowest = result.get("slowest") or []
            if slowest:
                out.append("\nSlowest queries (median of their timed searches): " + ", ".join(
                    f"{query_text(q)} {num(q.get('median_ms'))} ms" for q in slowest[:5]
                    if isinstance(q, dict)) + ".")
            zero = result.get("zero_results") or []
            if zero:
                out.append(f"\nQueries with no results ({len(zero)}): "
                           + ", ".join(query_text(q) for q in zero) + ".")
            failed = result.get("failed") or []
            if failed:
                out.append(f"\nQueries that failed ({len(failed)}): " + ", ".join(
                    f"{query_text(q)} ({q.get('message', '')})" if isinstance(q, dict)
                    else query_text(q) for q in failed) + ".")
            out.append("")

        out.extend(self.bare_markdown(result))

        per = self.summary["per_process"]
        queries = r.get("queries", [])
        out.append(f"One process per query, start-up included (`depeche search` with the "
                   f"query's dates; `quest -s french -f default,wildcard -m 10` on the omindex database and "
                   f"`recollq -s french -n 10` on the recoll index with the peer query, without "
                   f"dates; output to /dev/null), every query {s['repeat']} time(s), the tools "
                   f"interleaved, after one untimed pass. {per['peer_queries']} of {len(queries)} "
                   f"queries have a peer form; the comparison uses the {per['common_queries']} on "
                   f"which every tool succeeded every time:\n")
        out.append("| tool | queries | median ms | p95 ms | min–max ms | depeche / tool (median; "
                   "< 1: depeche faster) | depeche / tool (p95) |")
        out.append("| --- | --- | --- | --- | --- | --- | --- |")
        base = per.get("depeche/with_peer")
        rows = [("depeche search", "depeche/all", "all that succeeded"),
                ("depeche search", "depeche/with_peer", "compared"),
                ("quest", "quest/with_peer", "compared"),
                ("recollq", "recollq/with_peer", "compared")]
        for label, key, subset in rows:
            stats = per.get(key)
            if not stats:
                continue
            compare = key.startswith(("quest", "recollq")) and base
            out.append(f"| {label} | {subset} | {num(stats['median_ms'])} | "
                       f"{num(stats['p95_ms'])} | {num(stats['min_ms'])}–{num(stats['max_ms'])} | "
                       f"{times(ratio(base['median_ms'], stats['median_ms'])) if compare else ''} | "
                       f"{times(ratio(base['p95_ms'], stats['p95_ms'])) if compare else ''} |")
        by_kind = per.get("by_kind") or {}
        if by_kind:
            out.append("\nMedian ms per query kind (one process per query):\n")
            out.append("| kind | depeche search | quest | recollq |")
            out.append("| --- | --- | --- | --- |")
            for kind, tools in by_kind.items():
                out.append(f"| {kind} | {num(tools.get('depeche'))} | {num(tools.get('quest'))} | "
                           f"{num(tools.get('recollq'))} |")
        counts = r.get("search_counts") or []
        if counts and queries:
            zero = {tool: sum(1 for found in counts if found.get(tool) == 0)
                    for tool in ("depeche", "quest", "recollq")}
            out.append(f"\nQueries that found nothing (untimed pass): depeche {zero['depeche']}, "
                       f"quest {zero['quest']}, recollq {zero['recollq']}.\n")
            out.append("<details><summary>Results found for each query (depeche's estimate, "
                       "quest's estimate, recollq's count)</summary>\n")
            out.append("| kind | query | dates | peer query | depeche | quest | recollq |")
            out.append("| --- | --- | --- | --- | --- | --- | --- |")
            for query, found in zip(queries, counts):
                dates = " – ".join(filter(None, [query["since"], query["until"]])) or ""
                if query["since"] and not query["until"]:
                    dates = f"from {query['since']}"
                elif query["until"] and not query["since"]:
                    dates = f"to {query['until']}"

                def show(tool):
                    return "–" if found.get(tool) is None else f"{found[tool]:,}"
                out.append(f"| {query['kind']} | {md_code(query['query'])} | {dates} | "
                           f"{md_code(query['peer'])} | {show('depeche')} | {show('quest')} | "
                           f"{show('recollq')} |")
            out.append("\n</details>")
        out.append("")
        return out

    def bare_markdown(self, result):
        """depeche's in-process search against bare_search on floor_indexer's database."""
        bare = (self.r.get("search") or {}).get("bare")
        if not bare:
            return []
        out = ["In-process against a bare Xapian searcher: `bare_search` on floor_indexer's "
               "database of the same text files (plain TermGenerator, French stemmer), the peer "
               "form of every query through `Xapian::QueryParser` (French stemmer, STEM_SOME, "
               "flags default and wildcard, as quest), `Enquire`, top 10 by relevance, each "
               "hit's document data fetched for its title; no snippets, dates, accent folding, "
               "spelling or second tier. Same protocol, passes alternated with depeche's. "
               "Default operator AND asks what depeche's first tier asks (every word) and is the "
               "target's reference; OR (quest's default) is shown for scale: depeche falls back "
               "to some of the words only when all of them find fewer than 10.\n"]
        rows = [("depeche (`search_latency`)", result),
                ("bare Xapian, AND", self.bare("and")), ("bare Xapian, OR", self.bare("or"))]
        failed = [op for op in ("and", "or") if not self.bare(op)]
        for op in failed:
            out.append(f"_bare_search --default-op {op} failed (exit "
                       f"{(bare.get(op) or {}).get('exit')}); see Non-zero exits._\n")
        out.append("| searcher | searches | found nothing | p50 ms | p95 ms | p99 ms | max ms | "
                   "mean ms | depeche / it: p50 | p95 | p99 |")
        out.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for label, stats in rows:
            if not stats:
                continue
            compare = stats is not result and result
            out.append(f"| {label} | {stats.get('searches', '–')} | "
                       f"{len(stats.get('zero_results') or [])} | {num(stats.get('p50_ms'))} | "
                       f"{num(stats.get('p95_ms'))} | {num(stats.get('p99_ms'))} | "
                       f"{num(stats.get('max_ms'))} | {num(stats.get('mean_ms'))} | " + " | ".join(
                           times(ratio(result.get(k), stats.get(k))) if compare else ""
                           for k in ("p50_ms", "p95_ms", "p99_ms")) + " |")
        and_kinds = self.bare("and").get("by_kind") or {}
        or_kinds = self.bare("or").get("by_kind") or {}
        kinds = result.get("by_kind") or {}
        if kinds and (and_kinds or or_kinds):
            out.append("\nPer kind, p50 and p99 in ms (depeche / bare AND in brackets):\n")
            out.append("| kind | depeche p50 | bare AND p50 | bare OR p50 | depeche p99 | "
                       "bare AND p99 | bare OR p99 |")
            out.append("| --- | --- | --- | --- | --- | --- | --- |")
            for kind, stats in kinds.items():
                if not isinstance(stats, dict):
                    continue
                cells = []
                for key in ("p50_ms", "p99_ms"):
                    share = ratio(stats.get(key), (and_kinds.get(kind) or {}).get(key))
                    cells += [f"{num(stats.get(key))}" + (f" ({times(share)})" if share else ""),
                              num((and_kinds.get(kind) or {}).get(key)),
                              num((or_kinds.get(kind) or {}).get(key))]
                out.append(f"| {kind} | " + " | ".join(cells) + " |")
        out.append("")
        return out

    def incremental_markdown(self):
        r = self.r
        info = r.get("incremental")
        out = ["### Incremental: new articles added to a big index\n"]
        if not info or not self.ran("incremental"):
            out.append("_Not run (`--skip-incremental` or `--phases`)._\n")
            return out
        out.append(
            f"The daily use: {info['batch_articles']:,} new articles ({info['rule']}) added to an "
            f"index of the other {info['base_articles']:,}, as text files. The base indexes are "
            "built once, untimed; each round (interleaved, "
            f"{r['settings']['repeat']} round(s)) copies them, moves the batch into the base's "
            "tree as the directory `new` and times `depeche index -q --index COPY BASE` and "
            "`omindex --db COPY --url / --stemmer=french BASE`, then moves the batch out "
            "again. Every round starts from the same state, the input read once before it, "
            "untimed. Checked: depeche reports exactly the batch added (nothing updated or "
            "removed), omindex's database holds base + batch documents (`xapian-delve`).\n")
        stats = self.summary.get("incremental") or {}
        out.append("| tool | wall s | CPU s | peak RSS MiB | index MiB after | omindex time / "
                   "tool time |")
        out.append("| --- | --- | --- | --- | --- | --- |")
        for tool, tool_stats in stats.items():
            failed = tool_stats["runs"] - tool_stats["ok_runs"]
            label = {"depeche-text": "depeche index", "omindex": "omindex --stemmer=french"}.get(
                tool, tool)
            out.append(f"| {label}{f' ({failed} failed)' if failed else ''} | "
                       f"{ranged(tool_stats['wall_s'])} | {ranged(tool_stats['cpu_s'])} | "
                       f"{self.rss_cell(tool_stats['max_rss_kib'])} | "
                       f"{ranged(tool_stats['index_bytes'], 1 / MIB)} | "
                       f"{times(ratio(self.incremental('omindex', 'wall_s'), self.incremental(tool, 'wall_s')))} |")
        added = [run.get("articles_added") for run in info.get("runs", [])
                 if run["tool"] == "depeche-text"]
        if added:
            out.append(f"\ndepeche reported added: {', '.join(str(a) for a in added)} "
                       f"(expected {info['batch_articles']:,} each round).")
        out.append("")
        return out

    def scale_markdown(self):
        r = self.r
        entries = r.get("scale", {}).get("sizes", [])
        if r["settings"].get("skip_scale") or not entries:
            return ["### Scaling\n", "_Not run (`--skip-scale` or `--phases`)._\n"]
        out = ["### Scaling\n"]
        out.append(f"Generated articles (`generate_articles --seed {r['scale']['seed']}`, modelled "
                   f"on the corpus), indexed fresh from one JSONL file by `depeche index` "
                   f"({r['settings']['scale_repeat']} run(s) each), then searched in-process with "
                   f"every query {r['settings']['search_repeat']} time(s).\n")
        out.append("| articles | JSONL MB | wall s | CPU s | µs/article (wall) | peak RSS MiB | "
                   "index MiB | p50 ms | p95 ms | p99 ms | time vs first size |")
        out.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        first = None
        for entry in entries:
            if entry.get("skipped"):
                out.append(f"| {entry['articles']:,} | skipped: {entry['skipped']} |"
                           + " |" * 9)
                continue
            summ = entry.get("summary") or {}
            wall = summ.get("wall_s")
            if wall is not None and first is None:
                first = entry
            growth = ""
            if wall is not None and first is not None and first is not entry:
                growth = (f"{wall / first['summary']['wall_s']:.1f}× for "
                          f"{entry['articles'] / first['articles']:.0f}× the articles")
            out.append(
                f"| {entry['articles']:,} | {num(entry.get('jsonl_bytes', 0) / 1e6)} | "
                f"{num(wall)} | {num(summ.get('cpu_s'))} | "
                f"{num(wall / entry['articles'] * 1e6) if wall else '–'} | "
                f"{num(summ['max_rss_kib'] / 1024) if summ.get('max_rss_kib') else '–'} | "
                f"{num(summ['index_bytes'] / MIB) if summ.get('index_bytes') else '–'} | "
                f"{num(summ.get('p50_ms'))} | {num(summ.get('p95_ms'))} | "
                f"{num(summ.get('p99_ms'))} | {growth} |")
        out.append("")
        if self.scale_rows():
            relative = os.path.relpath(self.plot_path, self.markdown_dir)
            out.append(f"![scaling]({relative})\n")
        return out


def output_paths(results):
    """(results JSON, plot SVG, Markdown file): a quick run never overwrites real results, nor
    does a partial one (--phases without all of fresh, noop and search), whose JSON goes to
    bench/results/partial-PHASES.json (ignored by git) and whose Markdown and plot go to the
    work directory."""
    if results["quick"]:
        return (os.path.join(RESULTS_DIR, "quick.json"),
                os.path.join(RESULTS_DIR, "scaling-quick.svg"),
                os.path.join(REPO, "BENCHMARKS-quick.md"))
    if results.get("partial"):
        phases = results["settings"].get("phases") or []
        work = results["settings"]["work"]
        return (os.path.join(RESULTS_DIR, f"partial-{'+'.join(phases)}.json"),
                os.path.join(work, "scaling-partial.svg"),
                os.path.join(work, "BENCHMARKS-partial.md"))
    return (os.path.join(RESULTS_DIR, "latest.json"), os.path.join(RESULTS_DIR, "scaling.svg"),
            os.path.join(REPO, "BENCHMARKS.md"))


def shown_path(path):
    """path relative to the repository when inside it, else as it is."""
    relative = os.path.relpath(path, REPO)
    return path if relative.startswith("..") else relative


def write_outputs(results, write_json):
    """Writes the results JSON (when write_json), the plot and the Markdown section."""
    json_path, svg_path, markdown_path = output_paths(results)
    report = Report(results, svg_path, os.path.dirname(markdown_path))
    results["summary"] = report.summary
    results["targets"] = report.targets
    os.makedirs(RESULTS_DIR, exist_ok=True)
    if write_json:
        with open(json_path, "w", encoding="utf-8") as handle:
            json.dump(results, handle, indent=1, default=str)
            handle.write("\n")
        log(f"wrote {shown_path(json_path)}")
    rows = plot.rows_from_results(results)
    if rows:
        with open(svg_path, "w", encoding="utf-8") as handle:
            handle.write(plot.scaling_svg(rows, results.get("caption", "")))
        log(f"wrote {shown_path(svg_path)}")
    os.makedirs(os.path.dirname(markdown_path), exist_ok=True)
    update_markdown(markdown_path, report.markdown(), results["quick"] or results.get("partial"))
    log(f"wrote the results section of {shown_path(markdown_path)}")


def update_markdown(path, section, quick):
    """Replaces the text between the markers in path, creating the file when it is missing."""
    block = f"{MARK_START}\n{section.rstrip()}\n{MARK_END}"
    if os.path.exists(path):
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    else:
        title = "# Benchmarks (quick or partial run)" if quick else "# Benchmarks"
        text = (f"{title}\n\n"
                "depeche measured side by side with the tools people would use instead "
                "(Xapian's omindex and quest, Recoll's recollindex and recollq) in the same run, "
                "on the same machine. To reproduce (Debian bookworm, as root; see "
                "bench/README.md):\n\n"
                "```sh\nbash bench/install.sh\npython3 bench/run.py\n```\n\n"
                "The section between the markers below is rewritten by `bench/run.py`; "
                "everything outside them is written by hand.\n\n"
                f"{MARK_START}\n{MARK_END}\n\n## Optimisation log\n")
    start, end = text.find(MARK_START), text.find(MARK_END)
    if start != -1 and end > start:
        text = text[:start] + block + text[end + len(MARK_END):]
    else:
        heading = text.find("\n## Optimisation log")
        if heading != -1:
            text = text[:heading + 1] + block + "\n\n" + text[heading + 1:]
        else:
            text = text.rstrip("\n") + "\n\n" + block + "\n"
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(temporary, path)


# ----------------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(
        description="Benchmark depeche against omindex/quest, recollindex/recollq and a plain "
                    "Xapian indexer in one run; writes bench/results/ and BENCHMARKS.md.")
    parser.add_argument("--work", default="/tmp/depeche-bench",
                        help="work directory for the input, indexes and logs; reused when the "
                             "input there is complete (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=None,
                        help="runs of each indexer and rounds of per-process searches "
                             "(default 3; 1 with --quick)")
    parser.add_argument("--sizes", type=parse_sizes, default=None,
                        help="article counts for the scaling phase, e.g. 100k,300k,1M "
                             "(default 100000,300000,1000000; 5000,10000,20000 with --quick)")
    parser.add_argument("--quick", action="store_true",
                        help="test the script: the first 3,000 corpus articles, small sizes, one "
                             "run; writes bench/results/quick.json and BENCHMARKS-quick.md")
    parser.add_argument("--skip-scale", action="store_true", help="skip the scaling phase")
    parser.add_argument("--skip-incremental", action="store_true",
                        help="skip the incremental phase (a batch of new articles added to big "
                             "indexes)")
    parser.add_argument("--phases", "--only", type=parse_phases, default=None, metavar="LIST",
                        help="run only these phases, comma-separated, of "
                             f"{','.join(PHASES)} (default: all; e.g. --only incremental,search). "
                             "Indexes a phase needs are reused from an earlier run when made from "
                             "the same input by the same binaries, else built untimed. Without all "
                             "of fresh, noop and search the results go to "
                             "bench/results/partial-PHASES.json and WORK/BENCHMARKS-partial.md")
    parser.add_argument("--build", help="build directory (default $DEPECHE_BUILD_DIR, else build/)")
    parser.add_argument("--no-build", action="store_true",
                        help="do not run scripts/build.sh first; use the binaries as they are")
    parser.add_argument("--queries", default=QUERIES,
                        help="query list (default bench/queries.tsv)")
    parser.add_argument("--report-from", metavar="RESULTS.json",
                        help="measure nothing: rewrite the plot and the Markdown section from a "
                             "results file (bench/results/latest.json or quick.json)")
    parser.add_argument("--scale-repeat", type=int, default=1,
                        help="fresh indexing runs per size in the scaling phase (default 1)")
    parser.add_argument("--search-repeat", type=int, default=None,
                        help="passes of search_latency and of bare_search over every query, "
                             "alternated, and timed runs of each query in the scaling phase "
                             "(default 10; 2 with --quick)")
    args = parser.parse_args()
    if args.repeat is None:
        args.repeat = 1 if args.quick else 3
    if args.sizes is None:
        args.sizes = [5000, 10000, 20000] if args.quick else [100_000, 300_000, 1_000_000]
    if args.search_repeat is None:
        args.search_repeat = 2 if args.quick else 10
    args.corpus_limit = 3000 if args.quick else None
    if args.repeat < 1 or args.scale_repeat < 1 or args.search_repeat < 1:
        parser.error("--repeat, --scale-repeat and --search-repeat must be at least 1")
    args.sizes = sorted(set(args.sizes))
    chosen = set(args.phases or PHASES)
    if args.skip_scale:
        chosen.discard("scale")
    if args.skip_incremental:
        chosen.discard("incremental")
    args.phases = [phase for phase in PHASES if phase in chosen]
    if not args.phases and not args.report_from:
        parser.error("no phase left to run")
    if args.report_from:
        with open(args.report_from, encoding="utf-8") as handle:
            write_outputs(json.load(handle), write_json=False)
        return 0
    try:
        return Bench(args).run()
    except BenchError as error:
        log(f"error: {error}")
        return 2
    except KeyboardInterrupt:
        log("interrupted; partial results in the work directory (partial-results.json)")
        return 130


if __name__ == "__main__":
    sys.exit(main())
