#!/usr/bin/env python3
"""Runs every benchmark workload and the baselines in one go, checks that each baseline gives
the same output as transclean on a sample before timing it, and prints a Markdown table
(median of N runs, throughput, ratio to the baseline of the same run). With --write it also
replaces the results section of BENCHMARKS.md.

  python3 benches/bench.py                       # everything, 5 runs each (25 minutes on 2 idle cores)
  python3 benches/bench.py --runs 3 --no-jsonl   # quicker, without the 1 GB JSON Lines file
  python3 benches/bench.py --quick               # small inputs, one run: checks the script

Before timing anything it checks that the engine's output is byte-identical to the reference
engine's (commit REFERENCE_COMMIT below, the last engine before the issue 15 redesign, built once
into --dir) on the whole generated corpus: `clean` and `diff --format json`, on the one file and
on the tree. It stops, naming the first differing byte, if they differ.

Needs sed, python3, GNU time (/usr/bin/time) for peak memory, and for W2 `pip install typos
codespell` and ../shared/external/dictionaries/codespell/dictionary.txt. Generated inputs go to
--dir (default /tmp/transclean-bench) and are reused by later runs.
"""
import argparse
import datetime
import json
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
TWO_THREADS = {"RAYON_NUM_THREADS": "2"}
# The last engine before the issue 15 redesign: the new one must write the same bytes.
REFERENCE_COMMIT = "05d08cf"


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


def timed_alternately(cmds, runs):
    """Median wall times of `runs` runs of each (command, env) pair, taken in turn: a ratio of
    two of them (two threads against one) is then not moved by load that came and went while
    one group ran, as it was when each was timed in a block (BENCHMARKS.md, fourth session)."""
    times = [[] for _ in cmds]
    for _ in range(runs):
        for i, (cmd, env) in enumerate(cmds):
            start = time.perf_counter()
            run(cmd, env=env)
            times[i].append(time.perf_counter() - start)
    return [statistics.median(t) for t in times]


def peak_memory_mb(cmd, env=None):
    """Peak resident memory of one run, from GNU time, in MB of 10^6 bytes like every size here
    (GNU time gives KiB: dividing by 1024 made MiB, which against a file's MB understated the
    ratio by 5%)."""
    result = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env={**os.environ, **(env or {})}, check=False)
    return int(result.stderr.decode().strip().splitlines()[-1]) * 1024 / 1e6


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
        self.facts = {}  # figures the targets table reads, by key

    def add(self, name, seconds, size_mb=None, baseline=None, note="", key=None):
        if key:
            self.facts[key] = {"seconds": seconds, "mbps": size_mb / seconds if size_mb else None,
                               "ratio": baseline / seconds if baseline else None}
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
        "w2": os.path.join(args.dir, f"w2-{args.w2_mb}mb.txt"),
        "jsonl": os.path.join(args.dir, f"w3-{args.jsonl_mb}mb.jsonl"),
    }
    if not os.path.exists(paths["big"]):
        run(gen + ["file", paths["big"], str(args.size_mb)])
    if not os.path.exists(paths["tree"]):
        run(gen + ["tree", paths["tree"], "0", str(args.files)])
    if not os.path.exists(paths["w2"]):
        with open(paths["big"], "rb") as src, open(paths["w2"], "wb") as dst:
            dst.write(src.read(args.w2_mb * 1_000_000).rsplit(b"\n", 1)[0] + b"\n")
    if args.jsonl and not os.path.exists(paths["jsonl"]):
        run(gen + ["jsonl", paths["jsonl"], str(args.jsonl_mb)])
    sample = os.path.join(args.dir, "sample.txt")
    with open(paths["big"], "rb") as src, open(sample, "wb") as dst:
        dst.write(src.read(2_000_000).rsplit(b"\n", 1)[0] + b"\n")
    paths["sample"] = sample
    return paths


def reference_binary(args):
    """transclean built at REFERENCE_COMMIT, once: a detached worktree under --dir, its own
    target folder, and the binary kept as --dir/reference-COMMIT/transclean."""
    commit = subprocess.run(["git", "rev-parse", "--short=7", REFERENCE_COMMIT], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.strip()
    cached = os.path.join(args.dir, f"reference-{commit}", "transclean")
    if os.path.exists(cached):
        return cached
    print(f"building the reference engine ({commit}) once, into {os.path.dirname(cached)}", file=sys.stderr)
    source = os.path.join(args.dir, f"reference-{commit}-source")
    if not os.path.exists(source):
        subprocess.run(["git", "worktree", "add", "--detach", source, commit], cwd=ROOT, check=True)
    target = os.path.join(args.dir, f"reference-{commit}-target")
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "transclean"], cwd=source, check=True,
                   env={**os.environ, "CARGO_TARGET_DIR": target})
    os.makedirs(os.path.dirname(cached), exist_ok=True)
    shutil.copy2(os.path.join(target, "release", "transclean"), cached)
    subprocess.run(["git", "worktree", "remove", "--force", source], cwd=ROOT, check=False)
    return cached


def first_difference(a, b):
    """The offset of the first byte where files a and b differ, or None if they are equal."""
    with open(a, "rb") as fa, open(b, "rb") as fb:
        offset = 0
        while True:
            x, y = fa.read(1 << 20), fb.read(1 << 20)
            if x != y:
                return offset + next((i for i, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
            if not x:
                return None
            offset += len(x)


def remove(path):
    """Removes a file or a tree, if there is one."""
    if os.path.isdir(path):
        shutil.rmtree(path)
    elif os.path.exists(path):
        os.remove(path)


def first_file_difference(a, b):
    """Where files a and b first differ, `byte N`; None if they are equal."""
    at = first_difference(a, b)
    return None if at is None else f"byte {at}"


def first_tree_difference(a, b):
    """Where trees a and b first differ: a file only one has, or `FILE at byte N`; None if equal."""
    def files(root):
        return sorted(os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs)
    ours, theirs = files(a), files(b)
    if ours != theirs:
        return f"the file list ({sorted(set(ours) ^ set(theirs))[:3]})"
    for name in ours:
        at = first_difference(os.path.join(a, name), os.path.join(b, name))
        if at is not None:
            return f"{name} at byte {at}"
    return None


def identity(args, paths):
    """Stops unless this engine writes the same bytes as the reference engine on the whole
    generated corpus (issue 15: the redesign must not change any output)."""
    reference = reference_binary(args)
    out_dir = os.path.join(args.dir, "identity")
    os.makedirs(out_dir, exist_ok=True)
    inputs = [("the one file", paths["big"]), (f"the tree of {args.files} files", paths["tree"])]
    commands = [("clean", ["clean"]), ("diff --format json", ["diff", "--format", "json"])]
    for where, target in inputs:
        for what, sub in commands:
            # The cleaned text of a tree is compared file by file (`--out`): printed, it has
            # `==> NAME <==` headers, which the reference engine's command line did not write.
            to_dir = os.path.isdir(target) and sub == ["clean"]
            outputs = []
            for name, binary in [("ours", BIN), ("reference", reference)]:
                out = os.path.join(out_dir, f"{name}.out")
                remove(out)
                args_out = ["--out", out] if to_dir else []
                with open(os.devnull if to_dir else out, "wb") as f:
                    code = subprocess.run([binary, "--no-config"] + sub + args_out + [target], stdout=f,
                                          stderr=subprocess.DEVNULL, check=False).returncode
                outputs.append((out, code))
            (ours, our_code), (theirs, their_code) = outputs
            at = first_tree_difference(ours, theirs) if to_dir else first_file_difference(ours, theirs)
            if at is not None or our_code != their_code:
                kept = [os.path.join(out_dir, f"{n}-{what.split()[0]}.out") for n in ("ours", "reference")]
                for old_path, new_path in zip((ours, theirs), kept):
                    remove(new_path)
                    os.replace(old_path, new_path)
                sys.exit(f"byte identity: `transclean {what}` on {where} ({target}) differs from the "
                         f"reference engine ({REFERENCE_COMMIT}): "
                         + (f"first at {at}" if at is not None else f"exit code {our_code} vs {their_code}")
                         + f"; both outputs kept: {kept[0]} {kept[1]}. Not timing a different engine.")
            print(f"byte identity: {what} on {where}: same bytes as {REFERENCE_COMMIT}", file=sys.stderr)
    shutil.rmtree(out_dir)


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
    floor(args, big, size, table)
    base = timed(sed + [big], args.runs)
    table.add("sed -E, the baseline rules (16)", base, size, base, "the W1 baseline", key="sed")
    table.add("python re, the baseline rules", timed(python, max(1, args.runs // 2), stdin=big), size, base)
    table.add("transclean, the baseline rules, 1 thread", timed(subset + [big], args.runs, env=ONE_THREAD), size, base,
              "same output as sed on the sample", key="alike")
    clean = [BIN, "--no-config", "clean", big]
    w1_one, w1_two = timed_alternately([([BIN, "--no-config", "-j", "1", "clean", big], ONE_THREAD),
                                        ([BIN, "--no-config", "-j", "2", "clean", big], TWO_THREADS)],
                                       args.runs)
    table.add("W1 transclean, built-in rules, one file, 1 thread", w1_one, size, base, key="w1-one")
    table.add("W1 transclean, built-in rules, one file, 2 threads", w1_two, size, base,
              f"{w1_one / w1_two:.2f}× one thread (target ≥ 1.8×)", key="w1-two")
    table.facts["w1-two"]["speedup"] = w1_one / w1_two
    json_one = timed([BIN, "--no-config", "-j", "1", "diff", "--format", "json", big], args.runs, env=ONE_THREAD)
    table.add("W1 full provenance: diff --format json > /dev/null, one file, 1 thread", json_one, size, base,
              "target ≥ 100 MB/s", key="w1-json")
    memory = peak_memory_mb(clean, env=ONE_THREAD)
    table.add("W1 peak memory, one file", w1_one, size, None,
              f"{memory:.0f} MB = {memory / size:.2f}× the file (target < 2×)")
    table.facts["memory"] = memory / size

    tree, tree_size = paths["tree"], mb(paths["tree"])
    tree_sed = timed(["sh", "-c", f"find {tree} -name '*.txt' -print0 | xargs -0 {' '.join(sed)} > /dev/null"],
                     args.runs)
    table.add(f"sed -E over the tree of {args.files} files", tree_sed, tree_size, tree_sed, "the tree baseline")
    t1, t2 = timed_alternately([([BIN, "--no-config", "-j", "1", "check", tree], ONE_THREAD),
                                ([BIN, "--no-config", "-j", "2", "check", tree], TWO_THREADS)],
                               args.runs)
    table.add(f"W1 transclean, tree of {args.files} files, 1 thread", t1, tree_size, tree_sed, key="tree-one")
    table.add(f"W1 transclean, tree of {args.files} files, 2 threads", t2, tree_size, tree_sed,
              f"{t1 / t2:.2f}× one thread", key="tree-two")
    table.facts["tree-two"]["speedup"] = t1 / t2


def floor_binary():
    """The `floor` bench (benches/floor.rs), built in release; its path from cargo."""
    built = subprocess.run(["cargo", "bench", "--bench", "floor", "--no-run", "--message-format", "json"],
                           cwd=ROOT, check=True, capture_output=True, text=True).stdout
    for line in built.splitlines():
        message = json.loads(line)
        if message.get("target", {}).get("name") == "floor" and message.get("executable"):
            return message["executable"]
    sys.exit("cargo built no `floor` bench")


def floor(args, path, size, table):
    """The row of issue 15's floor: one scan for the rules' literals and byte classes."""
    out = subprocess.run([floor_binary(), path, str(args.runs)], check=True, capture_output=True,
                         text=True).stdout.split()
    seconds, literals, hits = float(out[0]), int(out[2]), int(out[3])
    table.add("scan for the built-in rules' literals and byte classes (the floor, benches/floor.rs)", seconds,
              size, None, f"{literals} literals, {hits} hits; aho-corasick + a byte-class scan", key="floor")


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
    table.add("typos --write-changes", typos, size, typos, "the W2 baseline", key="typos")
    table.add("codespell -w", timed(["codespell", "-w", copy], max(1, args.runs // 2), setup=fresh), size, typos)
    alike = [BIN, "--no-config", "--no-builtin", "--rules", rules, "-j", "1", "clean", "--write", copy]
    table.add("transclean --write, the codespell rules only, 1 thread",
              timed(alike, args.runs, env=ONE_THREAD, setup=fresh), size, typos, "like for like with the spell checkers",
              key="w2-alike")
    ours = [BIN, "--no-config", "--rules", rules, "-j", "1", "clean", "--write", copy]
    table.add("W2 transclean --write, built-in + codespell rules, 1 thread",
              timed(ours, args.runs, env=ONE_THREAD, setup=fresh), size, typos, key="w2")
    small = os.path.join(ROOT, "corpus", "000_9a95ba5ceb66f70d.txt")
    load = timed([BIN, "--no-config", "--rules", rules, "check", small], args.runs)
    table.add("W2 start-up: load + compile the codespell rules, check one small file", load, None, None,
              "target < 200 ms", key="w2-load")


def w3(args, paths, table):
    if not args.jsonl:
        return
    jsonl, size = paths["jsonl"], mb(paths["jsonl"])
    cmd = [BIN, "--no-config", "-j", "2", "clean", "--format", "jsonl", "--field", "text", jsonl]
    table.add("cat the JSON Lines file (floor)", timed(["cat", jsonl], 1), size)
    seconds = timed(cmd, 1, env=TWO_THREADS)
    memory = peak_memory_mb(cmd, env=TWO_THREADS)
    amount = f"{size / 1000:.1f} GB" if size >= 1000 else f"{size:.0f} MB"
    table.add(f"W3 JSON Lines, {amount}, clean --field text, 2 threads (1 run)", seconds, size, None,
              f"peak memory {memory:.0f} MB; target ≥ 150 MB/s, < 100 MB", key="w3")
    table.facts["w3"]["memory"] = memory


def w4(args, table):
    small = os.path.join(ROOT, "corpus", "000_9a95ba5ceb66f70d.txt")
    table.add("cat one 5 KB file (what starting any process costs here)", timed(["cat", small], 20), None, None,
              "median of 20", key="cat-small")
    table.add("W4 start-up: check one 5 KB file, built-in rules", timed([BIN, "check", small], 20), None, None,
              "median of 20; target < 5 ms", key="w4")


def targets(table):
    """The table of issue 15's targets, from the figures of this run."""
    f = table.facts

    def get(key, field):
        return f.get(key, {}).get(field) if isinstance(f.get(key), dict) else None

    def row(target, reached, met):
        return f"| {target} | {reached} | {'yes' if met else 'no'} |"

    rows = ["| target | reached (run above) | met |", "|---|---|---|"]
    w1 = get("w1-one", "mbps")
    if w1:
        rows.append(row("W1 one file, 1 thread: ≥ 10× `sed -E`, ≥ 250 MB/s",
                        f"{get('w1-one', 'ratio'):.2f}× sed, {w1:.1f} MB/s (floor {get('floor', 'mbps') or 0:.1f} MB/s)",
                        get("w1-one", "ratio") >= 10 and w1 >= 250))
        rows.append(row("W1 tree, 1 thread: ≥ 10× sed over the tree",
                        f"{get('tree-one', 'ratio'):.2f}×, {get('tree-one', 'mbps'):.1f} MB/s",
                        get("tree-one", "ratio") >= 10))
        rows.append(row("W1 tree, 2 threads ≥ 1.8× one", f"{get('tree-two', 'speedup'):.2f}×",
                        get("tree-two", "speedup") >= 1.8))
        rows.append(row("W1 one file, 2 threads ≥ 1.8× one", f"{get('w1-two', 'speedup'):.2f}×",
                        get("w1-two", "speedup") >= 1.8))
        rows.append(row("W1 full provenance (`diff --format json`) ≥ 100 MB/s per thread",
                        f"{get('w1-json', 'mbps'):.1f} MB/s", get("w1-json", "mbps") >= 100))
        rows.append(row("memory for one file < 2× the file", f"{f['memory']:.2f}×", f["memory"] < 2))
    if get("w2", "mbps"):
        rows.append(row("W2 built-in + codespell rules: ≥ 5× `typos -w`, ≥ 100 MB/s per thread",
                        f"{get('w2', 'ratio'):.2f}×, {get('w2', 'mbps'):.1f} MB/s; codespell rules only "
                        f"{get('w2-alike', 'ratio'):.2f}×, {get('w2-alike', 'mbps'):.1f} MB/s",
                        get("w2", "ratio") >= 5 and get("w2", "mbps") >= 100))
    if get("w3", "mbps"):
        rows.append(row("W3 JSON Lines: ≥ 150 MB/s on 2 threads, peak memory < 100 MB",
                        f"{get('w3', 'mbps'):.1f} MB/s, {get('w3', 'memory'):.0f} MB",
                        get("w3", "mbps") >= 150 and get("w3", "memory") < 100))
    if get("w4", "seconds"):
        rows.append(row("W4 one 5 KB file < 5 ms",
                        f"{get('w4', 'seconds') * 1000:.1f} ms (starting any process here: "
                        f"{get('cat-small', 'seconds') * 1000:.1f} ms)", get("w4", "seconds") < 0.005))
    return "\n".join(rows)


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor())
    return f"{os.cpu_count()} CPUs ({cpu}), {platform.system()} {platform.release()}"


def replace_between(text, start, end, body):
    head, rest = text.split(start)
    return head + start + body + end + rest.split(end, 1)[1]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size-mb", type=int, default=100)
    ap.add_argument("--files", type=int, default=10000)
    ap.add_argument("--w2-mb", type=int, default=20)
    ap.add_argument("--jsonl-mb", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-jsonl", dest="jsonl", action="store_false", help="skip W3 (1 GB)")
    ap.add_argument("--no-identity", dest="identity", action="store_false",
                    help="skip the byte-identity check against the reference engine")
    ap.add_argument("--quick", action="store_true",
                    help="5 MB, 200 files, 2 MB for W2, 20 MB of JSON Lines, one run: to test the script")
    ap.add_argument("--dir", default="/tmp/transclean-bench")
    ap.add_argument("--write", action="store_true", help="put the results in BENCHMARKS.md")
    args = ap.parse_args()
    if args.quick:
        args.size_mb, args.files, args.w2_mb, args.jsonl_mb, args.runs = 5, 200, 2, 20, 1
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    paths = generate(args)
    if args.identity:
        identity(args, paths)
    table = Table()
    w1(args, paths, table)
    w2(args, paths, table)
    w3(args, paths, table)
    w4(args, table)
    sizes = [("--size-mb", args.size_mb, 100), ("--files", args.files, 10000), ("--w2-mb", args.w2_mb, 20),
             ("--jsonl-mb", args.jsonl_mb, 1000)]
    command = "python3 benches/bench.py" + (" --quick" if args.quick else "") + \
        "".join(f" {flag} {value}" for flag, value, default in sizes if not args.quick and value != default) + \
        ("" if args.jsonl else " --no-jsonl") + ("" if args.runs == (1 if args.quick else 5) else f" --runs {args.runs}")
    identical = (f" Before timing, the output (`clean`, `diff --format json`) was checked byte-identical to the "
                 f"reference engine ({REFERENCE_COMMIT}) on the one file and the tree." if args.identity else "")
    report = (f"Measured {datetime.date.today()} on {machine()}, with `{command}`; "
              f"median of {args.runs} runs unless noted.{identical}\n\n{table.text()}\n")
    goals = targets(table) + "\n"
    print(report)
    print(goals)
    if args.write:
        path = os.path.join(ROOT, "BENCHMARKS.md")
        text = replace_between(open(path).read(), "<!-- results -->\n", "<!-- /results -->", report)
        text = replace_between(text, "<!-- targets -->\n", "<!-- /targets -->", goals)
        open(path, "w").write(text)


if __name__ == "__main__":
    main()
