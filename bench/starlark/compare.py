#!/usr/bin/env python3
"""Runs each bench/starlark program under `pitch eval` and under python3 in
the same run, and prints the median wall time and peak memory (maximum
resident set) of each and their ratios.

usage: compare.py PITCH_BINARY [--runs N] [--markdown]
A ratio below 1.0 means pitch is faster than CPython."""
import argparse
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent


GNU_TIME = shutil.which("time", path="/usr/bin:/bin")


def timed(cmd):
    """(wall seconds, peak RSS in MiB, stdout) of one run.

    Peak RSS comes from GNU time, which forks the program from its own small
    process: a child forked straight from this Python script would start its
    maximum resident set at this script's size, hiding anything smaller."""
    with tempfile.NamedTemporaryFile("r") as rss_file:
        prefix = [GNU_TIME, "-q", "-f", "%M", "-o", rss_file.name] if GNU_TIME else []
        start = time.perf_counter()
        proc = subprocess.run(prefix + cmd, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr}")
        rss_kib = rss_file.read().strip()
    return elapsed, int(rss_kib) / 1024 if rss_kib else float("nan"), proc.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pitch")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    python = sys.executable
    version = subprocess.run([python, "--version"], capture_output=True, text=True).stdout.strip()
    rows = []
    for program in sorted(HERE.glob("*.star")):
        pitch_runs, python_runs = [], []
        for _ in range(args.runs):
            t, rss, out_pitch = timed([args.pitch, "eval", str(program)])
            pitch_runs.append((t, rss))
            t, rss, out_python = timed([python, str(program)])
            python_runs.append((t, rss))
        if out_pitch != out_python:
            sys.exit(f"{program.name}: outputs differ: pitch {out_pitch!r} vs python {out_python!r}")
        p = statistics.median(t for t, _ in pitch_runs)
        c = statistics.median(t for t, _ in python_runs)
        pm = max(m for _, m in pitch_runs)
        cm = max(m for _, m in python_runs)
        rows.append((program.stem, p, c, p / c, pm, cm, pm / cm))
    if args.markdown:
        print(f"| program | pitch (s) | {version} (s) | time ratio | pitch (MiB) | python3 (MiB) | memory ratio |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for name, p, c, r, pm, cm, mr in rows:
            print(f"| {name} | {p:.3f} | {c:.3f} | {r:.2f} | {pm:.1f} | {cm:.1f} | {mr:.2f} |")
    else:
        print(f"{'program':<16} {'pitch':>8} {'python3':>8} {'ratio':>6} {'MiB':>7} {'MiB':>7} {'ratio':>6}"
              f"   ({version}, median time / peak RSS of {args.runs})")
        for name, p, c, r, pm, cm, mr in rows:
            print(f"{name:<16} {p:>8.3f} {c:>8.3f} {r:>6.2f} {pm:>7.1f} {cm:>7.1f} {mr:>6.2f}")
    slower = [row[0] for row in rows if row[3] >= 1.0]
    print(f"\n{len(rows) - len(slower)} of {len(rows)} programs faster than {version}"
          + (f"; slower: {', '.join(slower)}" if slower else ""))


if __name__ == "__main__":
    main()
