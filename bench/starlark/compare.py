#!/usr/bin/env python3
"""Runs each bench/starlark program under `pitch eval` and under python3 in
the same run, and prints the median wall time of each and their ratio.

usage: compare.py PITCH_BINARY [--runs N] [--markdown]
A ratio below 1.0 means pitch is faster than CPython."""
import argparse
import pathlib
import statistics
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent


def timed(cmd):
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr}")
    return elapsed, proc.stdout


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
        pitch_times, python_times = [], []
        for _ in range(args.runs):
            t, out_pitch = timed([args.pitch, "eval", str(program)])
            pitch_times.append(t)
            t, out_python = timed([python, str(program)])
            python_times.append(t)
        if out_pitch != out_python:
            sys.exit(f"{program.name}: outputs differ: pitch {out_pitch!r} vs python {out_python!r}")
        p, c = statistics.median(pitch_times), statistics.median(python_times)
        rows.append((program.stem, p, c, p / c))
    if args.markdown:
        print(f"| program | pitch (s) | {version} (s) | ratio |")
        print("|---|---:|---:|---:|")
        for name, p, c, r in rows:
            print(f"| {name} | {p:.3f} | {c:.3f} | {r:.2f} |")
    else:
        print(f"{'program':<16} {'pitch':>8} {'python3':>8} {'ratio':>6}   ({version}, median of {args.runs})")
        for name, p, c, r in rows:
            print(f"{name:<16} {p:>8.3f} {c:>8.3f} {r:>6.2f}")
    slower = [name for name, _, _, r in rows if r >= 1.0]
    print(f"\n{len(rows) - len(slower)} of {len(rows)} programs faster than {version}"
          + (f"; slower: {', '.join(slower)}" if slower else ""))


if __name__ == "__main__":
    main()
