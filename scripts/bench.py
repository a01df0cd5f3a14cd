#!/usr/bin/env python3
"""Corpus benchmark: whole-process timings of whosaid against the Aho-Corasick ceiling.

    python3 scripts/bench.py [--runs 5] [FILE.jsonl ...]
    python3 scripts/bench.py --adversarial [--runs 3]

Input: the given files, else all of ../shared/corpora/*/articles.jsonl when present, else the
sample shipped in tests/data. Runs, on the same input, each command --runs times and prints the
median wall time, CPU time (user + system), MB/s and articles/s (on wall time), peak RSS, and
the ratio to the baseline (one leftmost-longest Aho-Corasick pass with the same surface forms,
JSON parsing included: examples/baseline.rs). The commands run in rounds, one run of each per
round, so that the machine's changing load falls on all of them alike; the last line gives the
spread of the single-thread ratio across rounds. Builds the release binaries first.

--adversarial instead times `whosaid extract --threads 1` on generated 1 MB and 10 MB articles
built to make a careless stage quadratic (100,000s of quotation marks, abbreviations,
capitalised names, one endless sentence of attributions, words in capitals, text without
spaces) and prints the 10 MB / 1 MB time ratio: about 10 means linear.
"""
import argparse
import glob
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd):
    """Wall seconds, CPU seconds and peak RSS (MB) of one run of cmd, output discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"failed: {' '.join(cmd)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


ADVERSARIAL = {
    "quotation marks": "\u201c",
    "quoted words": "\u201ca\u201d ",
    "abbreviations": "U.S. Gen. Mr. ",
    "capitalised names": "Baqeri Shoigu Tehran Iran ",
    "endless sentence": "Baqeri said that Iran said that ",
    "capitals": "TEHRAN IRAN RUSSIA ",
    "no spaces": "a.",
}


def adversarial(runs):
    import json
    import tempfile
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "whosaid"], cwd=ROOT, check=True)
    exe = os.path.join(ROOT, "target", "release", "whosaid")
    print(f"{'input':20} {'1 MB s':>8} {'10 MB s':>8} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, unit in ADVERSARIAL.items():
            times = []
            for mb in (1, 10):
                path = os.path.join(tmp, f"{mb}.jsonl")
                with open(path, "w", encoding="utf-8") as f:
                    text = unit * (mb * 1_000_000 // len(unit.encode()))
                    f.write(json.dumps({"id": name, "text": text}) + "\n")
                cmd = [exe, "extract", "--threads", "1", "--max-article-bytes", "100000000", path]
                times.append(statistics.median(run(cmd)[0] for _ in range(runs)))
            print(f"{name:20} {times[0]:8.2f} {times[1]:8.2f} {times[1] / times[0]:6.1f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--adversarial", action="store_true", help="time 1 MB against 10 MB of adversarial input")
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    if args.adversarial:
        adversarial(args.runs)
        return
    files = args.files or sorted(glob.glob(os.path.join(ROOT, "..", "shared", "corpora", "*", "articles.jsonl")))
    if not files:
        files = [os.path.join(ROOT, "tests", "data", "bbc_sample.jsonl")]
    files = [os.path.abspath(f) for f in files]
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "whosaid", "--example", "baseline"],
                   cwd=ROOT, check=True)
    size = sum(os.path.getsize(f) for f in files)
    articles = sum(sum(1 for line in open(f, encoding="utf-8", errors="replace") if line.strip()) for f in files)
    exe = os.path.join(ROOT, "target", "release", "whosaid")
    baseline = os.path.join(ROOT, "target", "release", "examples", "baseline")
    cores = os.cpu_count()
    commands = [
        ("baseline (Aho-Corasick pass)", [baseline] + files),
        ("whosaid extract --threads 1", [exe, "extract", "--threads", "1"] + files),
        (f"whosaid extract ({cores} threads)", [exe, "extract"] + files),
        (f"whosaid cooc ({cores} threads)", [exe, "cooc"] + files),
    ]
    print(f"input: {len(files)} file(s), {size / 1e6:.1f} MB, {articles} articles; "
          f"{cores} cores; median of {args.runs} runs")
    print(f"{'command':34} {'wall s':>7} {'cpu s':>7} {'MB/s':>7} {'art/s':>8} {'RSS MB':>7} "
          f"{'×wall':>6} {'×cpu':>6}")
    # Rounds of one run of each command, so that a drift in the machine's load falls on the
    # baseline and on whosaid alike.
    runs = {name: [] for name, _ in commands}
    for _ in range(args.runs):
        for name, cmd in commands:
            runs[name].append(run(cmd))
    base = None
    for name, _ in commands:
        wall = statistics.median(r[0] for r in runs[name])
        cpu = statistics.median(r[1] for r in runs[name])
        rss = max(r[2] for r in runs[name])
        if base is None:
            base = (wall, cpu)
        print(f"{name:34} {wall:7.2f} {cpu:7.2f} {size / 1e6 / wall:7.1f} {articles / wall:8.0f} "
              f"{rss:7.0f} {wall / base[0]:6.2f} {cpu / base[1]:6.2f}")
    # The ratio within each round, whose spread shows how much the machine's noise moves it.
    first, single = commands[0][0], commands[1][0]
    ratios = sorted(s[1] / b[1] for b, s in zip(runs[first], runs[single]))
    print(f"single-thread CPU / baseline CPU, per round: min {ratios[0]:.2f}, "
          f"median {statistics.median(ratios):.2f}, max {ratios[-1]:.2f}")


if __name__ == "__main__":
    main()
