#!/usr/bin/env python3
"""Runs every benchmark workload and the baselines in one go, checks that each baseline gives
the same output as transclean on a sample before timing it, and prints a Markdown table
(median of N runs, throughput, ratio to the baseline of the same run). With --write it also
replaces the results section of BENCHMARKS.md.

  python3 benches/bench.py                       # everything, 5 runs each (about 25 minutes)
  python3 benches/bench.py --runs 3 --no-jsonl   # quicker, without the 1 GB JSON Lines file

Needs sed, python3, GNU time (/usr/bin/time) for peak memory, and for W2 `pip install typos
codespell` and ../shared/external/dictionaries/codespell/dictionary.txt. Generated inputs go to
--dir (default /tmp/transclean-bench) and are reused by later runs.
"""
import argparse
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BIN = os.path.join(ROOT, "target", "release", "transclean")
BASELINE = os.path.join(HERE, "baseline")
CODESPELL = os.path.join(ROOT, "..", "shared", "external", "dictionaries", "codespell", "dictionary.txt")
ONE_THREAD = {"RAYON_NUM_THREADS": "1"}


def run(cmd, stdin=None, stdout=subprocess.DEVNULL, env=None):
    with open(stdin, "rb") if stdin else open(os.devnull, "rb") as inp:
        return subprocess.run(cmd, stdin=inp, stdout=stdout, stderr=subprocess.DEVNULL,
                              env={**os.environ, **(env or {})}, check=False)


def timed(cmd, runs, stdin=None, env=None, setup=None):
    """Median wall time of `runs` runs; `setup` runs untimed before each one."""
    times = []
    for _ in range(runs):
        if setup:
            setup()
        start = time.perf_counter()
        run(cmd, stdin=stdin, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_memory_mb(cmd, env=None):
    """Peak resident memory of one run, from GNU time."""
    result = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env={**os.environ, **(env or {})}, check=False)
    return int(result.stderr.decode().strip().splitlines()[-1]) / 1024


def output_of(cmd, stdin=None):
    return run(cmd, stdin=stdin, stdout=subprocess.PIPE).stdout


def same_output(name, ours, theirs):
    if ours != theirs:
        sys.exit(f"{name}: output differs from transclean's on the sample; not comparing times")


def mb(path):
    if os.path.isdir(path):
        return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs) / 1e6
    return os.path.getsize(path) / 1e6


class Table:
    def __init__(self):
        self.rows = []

    def add(self, name, seconds, size_mb=None, baseline=None, note=""):
        speed = f"{size_mb / seconds:.1f} MB/s" if size_mb else ""
        ratio = f"{baseline / seconds:.2f}×" if baseline else ""
        self.rows.append(f"| {name} | {seconds * 1000:.1f} ms | {speed} | {ratio} | {note} |"
                         if seconds < 1 else
                         f"| {name} | {seconds:.2f} s | {speed} | {ratio} | {note} |")

    def text(self):
        return "\n".join(["| workload | median | throughput | ratio to baseline | notes |",
                          "|---|---|---|---|---|"] + self.rows)


def generate(args):
    gen = [sys.executable, os.path.join(HERE, "gen_corpus.py")]
    os.makedirs(args.dir, exist_ok=True)
    paths = {
        "big": os.path.join(args.dir, f"w1-{args.size_mb}mb.txt"),
        "tree": os.path.join(args.dir, f"w1-tree-{args.files}"),
        "w2": os.path.join(args.dir, "w2-20mb.txt"),
        "jsonl": os.path.join(args.dir, "w3-1gb.jsonl"),
    }
    if not os.path.exists(paths["big"]):
        run(gen + ["file", paths["big"], str(args.size_mb)])
    if not os.path.exists(paths["tree"]):
        run(gen + ["tree", paths["tree"], "0", str(args.files)])
    if not os.path.exists(paths["w2"]):
        with open(paths["big"], "rb") as src, open(paths["w2"], "wb") as dst:
            dst.write(src.read(20_000_000).rsplit(b"\n", 1)[0] + b"\n")
    if args.jsonl and not os.path.exists(paths["jsonl"]):
        run(gen + ["jsonl", paths["jsonl"], "1000"])
    sample = os.path.join(args.dir, "sample.txt")
    with open(paths["big"], "rb") as src, open(sample, "wb") as dst:
        dst.write(src.read(2_000_000).rsplit(b"\n", 1)[0] + b"\n")
    paths["sample"] = sample
    return paths


def w1(args, paths, table):
    subprocess.run([sys.executable, os.path.join(BASELINE, "generate.py")], check=True)
    sed = ["sed", "-E", "-f", os.path.join(BASELINE, "baseline.sed")]
    python = [sys.executable, os.path.join(BASELINE, "baseline.py")]
    subset = [BIN, "--no-builtin", "--no-config", "--rules", os.path.join(BASELINE, "rules.toml"), "clean"]
    ours = output_of(subset + [paths["sample"]])
    same_output("sed -E", ours, output_of(sed + [paths["sample"]]))
    same_output("python re", ours, output_of(python, stdin=paths["sample"]))

    big, size = paths["big"], mb(paths["big"])
    table.add("cat (floor)", timed(["cat", big], args.runs), size)
    base = timed(sed + [big], args.runs)
    table.add("sed -E, the baseline rules (16)", base, size, base, "the W1 baseline")
    table.add("python re, the baseline rules", timed(python, max(1, args.runs // 2), stdin=big), size, base)
    table.add("transclean, the baseline rules, 1 thread", timed(subset + [big], args.runs, env=ONE_THREAD), size, base,
              "same output as sed on the sample")
    w1_one = timed([BIN, "--no-config", "clean", big], args.runs, env=ONE_THREAD)
    table.add("W1 transclean, built-in rules, one file, 1 thread", w1_one, size, base)
    memory = peak_memory_mb([BIN, "--no-config", "clean", big], env=ONE_THREAD)
    table.add("W1 peak memory, one file", w1_one, size, None, f"{memory:.0f} MB = {memory / size:.1f}× the file")

    tree, tree_size = paths["tree"], mb(paths["tree"])
    tree_sed = timed(["sh", "-c", f"find {tree} -name '*.txt' -print0 | xargs -0 {' '.join(sed)} > /dev/null"],
                     args.runs)
    table.add(f"sed -E over the tree of {args.files} files", tree_sed, tree_size, tree_sed, "the tree baseline")
    t1 = timed([BIN, "--no-config", "-j", "1", "check", tree], args.runs)
    t2 = timed([BIN, "--no-config", "-j", "2", "check", tree], args.runs)
    table.add(f"W1 transclean, tree of {args.files} files, 1 thread", t1, tree_size, tree_sed)
    table.add(f"W1 transclean, tree of {args.files} files, 2 threads", t2, tree_size, tree_sed,
              f"{t1 / t2:.2f}× one thread")


def w2(args, paths, table):
    if not (os.path.exists(CODESPELL) and shutil.which("typos") and shutil.which("codespell")):
        table.rows.append("| W2 | skipped | | | needs `pip install typos codespell` and ../shared/external |")
        return
    rules = os.path.join(args.dir, "codespell.toml")
    subprocess.run([BIN, "import", "codespell", CODESPELL, "-o", rules], check=True,
                   stderr=subprocess.DEVNULL)
    source, size = paths["w2"], mb(paths["w2"])
    copy = os.path.join(args.dir, "w2-copy.txt")
    fresh = lambda: shutil.copyfile(source, copy)  # noqa: E731 (each writing run starts from the original)
    typos = timed(["typos", "--write-changes", "--isolated", copy], args.runs, setup=fresh)
    table.add("typos --write-changes", typos, size, typos, "the W2 baseline")
    table.add("codespell -w", timed(["codespell", "-w", copy], max(1, args.runs // 2), setup=fresh), size, typos)
    alike = [BIN, "--no-config", "--no-builtin", "--rules", rules, "clean", "--write", copy]
    table.add("transclean --write, the codespell rules only, 1 thread",
              timed(alike, args.runs, env=ONE_THREAD, setup=fresh), size, typos, "like for like with the spell checkers")
    ours = [BIN, "--no-config", "--rules", rules, "clean", "--write", copy]
    table.add("W2 transclean --write, built-in + codespell rules, 1 thread",
              timed(ours, args.runs, env=ONE_THREAD, setup=fresh), size, typos)
    small = os.path.join(ROOT, "corpus", "000_9a95ba5ceb66f70d.txt")
    load = timed([BIN, "--no-config", "--rules", rules, "check", small], args.runs)
    table.add("W2 start-up: load + compile the codespell rules, check one small file", load, None, None,
              "target < 200 ms")


def w3(args, paths, table):
    if not args.jsonl:
        return
    jsonl, size = paths["jsonl"], mb(paths["jsonl"])
    cmd = [BIN, "--no-config", "clean", "--format", "jsonl", "--field", "text", jsonl]
    table.add("cat the JSON Lines file (floor)", timed(["cat", jsonl], 1), size)
    seconds = timed(cmd, 1)
    memory = peak_memory_mb(cmd)
    table.add("W3 JSON Lines, 1 GB, clean --field text (1 run)", seconds, size, None,
              f"peak memory {memory:.0f} MB")


def w4(args, table):
    small = os.path.join(ROOT, "corpus", "000_9a95ba5ceb66f70d.txt")
    table.add("cat one 5 KB file (what starting any process costs here)", timed(["cat", small], 20), None, None,
              "median of 20")
    table.add("W4 start-up: check one 5 KB file, built-in rules", timed([BIN, "check", small], 20), None, None,
              "median of 20")


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor())
    return f"{os.cpu_count()} CPUs ({cpu}), {platform.system()} {platform.release()}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size-mb", type=int, default=100)
    ap.add_argument("--files", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-jsonl", dest="jsonl", action="store_false", help="skip W3 (1 GB)")
    ap.add_argument("--dir", default="/tmp/transclean-bench")
    ap.add_argument("--write", action="store_true", help="put the results in BENCHMARKS.md")
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    paths = generate(args)
    table = Table()
    w1(args, paths, table)
    w2(args, paths, table)
    w3(args, paths, table)
    w4(args, table)
    command = "python3 benches/bench.py" + ("" if args.jsonl else " --no-jsonl") + \
        ("" if args.runs == 5 else f" --runs {args.runs}")
    report = (f"Measured {datetime.date.today()} on {machine()}, with `{command}`; "
              f"median of {args.runs} runs unless noted.\n\n{table.text()}\n")
    print(report)
    if args.write:
        path = os.path.join(ROOT, "BENCHMARKS.md")
        text = open(path).read()
        start, end = "<!-- results -->\n", "<!-- /results -->"
        head, rest = text.split(start)
        open(path, "w").write(head + start + report + end + rest.split(end, 1)[1])


if __name__ == "__main__":
    main()
