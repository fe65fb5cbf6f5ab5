#!/usr/bin/env python3
"""Runs the benchmark workloads and prints a Markdown table: median of N runs, MB/s, ratio to
the sed baseline measured in the same run. See BENCHMARKS.md for how to read it.

  python3 benches/bench.py [--size-mb 100] [--runs 5] [--jsonl]
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BIN = os.path.join(ROOT, "target", "release", "transclean")


def timed(cmd, runs, env=None, stdin=None):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        with open(stdin, "rb") if stdin else open(os.devnull, "rb") as inp:
            subprocess.run(cmd, stdin=inp, stdout=subprocess.DEVNULL, check=False,
                           env={**os.environ, **(env or {})})
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size-mb", type=int, default=100)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--files", type=int, default=10000)
    ap.add_argument("--jsonl", action="store_true", help="also W3: a 1 GB JSON Lines file")
    ap.add_argument("--dir", default="/tmp/transclean-bench")
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    gen = [sys.executable, os.path.join(HERE, "gen_corpus.py")]
    big = os.path.join(args.dir, f"w1-{args.size_mb}mb.txt")
    tree = os.path.join(args.dir, f"w1-tree-{args.files}")
    if not os.path.exists(big):
        subprocess.run(gen + ["file", big, str(args.size_mb)], check=True)
    if not os.path.exists(tree):
        subprocess.run(gen + ["tree", tree, str(args.size_mb), str(args.files)], check=True)
    size = os.path.getsize(big) / 1e6
    tree_size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(tree) for f in fs) / 1e6
    rows = []

    def row(name, seconds, mb, baseline=None):
        ratio = f"{baseline / seconds:.2f}×" if baseline else ""
        rows.append(f"| {name} | {seconds:.2f} s | {mb / seconds:.1f} MB/s | {ratio} |")

    sed = timed(["sed", "-E", "-f", os.path.join(HERE, "baseline.sed"), big], args.runs)
    row("cat (floor)", timed(["cat", big], args.runs), size)
    row("sed -E, 17 expressions (baseline)", sed, size, sed)
    row("python re, same expressions", timed([sys.executable, os.path.join(HERE, "baseline.py")], max(1, args.runs // 2), stdin=big), size, sed)
    one = {"RAYON_NUM_THREADS": "1"}
    row("W1 transclean clean, 1 thread", timed([BIN, "clean", "--no-config", big], args.runs, env=one), size, sed)
    row("W1 transclean clean, 2 threads", timed([BIN, "clean", "--no-config", big], args.runs), size, sed)
    t1 = timed([BIN, "check", "-q", "--no-config", tree], args.runs, env=one)
    t2 = timed([BIN, "check", "-q", "--no-config", tree], args.runs)
    row(f"W1 tree of {args.files} files, check, 1 thread", t1, tree_size)
    row(f"W1 tree of {args.files} files, check, 2 threads", t2, tree_size, t1)
    small = os.path.join(ROOT, "corpus", "000_9a95ba5ceb66f70d.txt")
    start = timed([BIN, "check", "-q", "--no-config", small], 20)
    rows.append(f"| W4 start-up: check one 5 KB file | {start * 1000:.1f} ms | | |")
    if args.jsonl:
        jsonl = os.path.join(args.dir, "w3-1gb.jsonl")
        if not os.path.exists(jsonl):
            subprocess.run(gen + ["jsonl", jsonl, "1000"], check=True)
        row("W3 JSON Lines, 1 GB, clean --field text", timed([BIN, "clean", "--no-config", "--format", "jsonl", jsonl], 1), os.path.getsize(jsonl) / 1e6)
    print("| workload | median | throughput | ratio |")
    print("|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
