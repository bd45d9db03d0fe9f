"""Run every benchmark one after the other and print their figures.

    python benchmarks/run.py            # all, with the budgets' sizes (about ten minutes)
    python benchmarks/run.py --quick    # smaller runs, for a first look

Nothing here is a test: timings depend on the machine and are never asserted.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

FULL = [
    ["load.py", "--users", "50", "--seconds", "30"],
    ["step.py", "--seconds", "10"],
    ["chat.py", "--rounds", "2"],
    ["retrieval.py"],
    ["pdf.py", "--runs", "7"],
    ["caseworker.py", "--records", "100000"],
]
QUICK = [
    ["load.py", "--users", "20", "--seconds", "10"],
    ["step.py", "--seconds", "3"],
    ["chat.py"],
    ["retrieval.py", "--rounds", "5"],
    ["pdf.py", "--runs", "3"],
    ["caseworker.py", "--records", "5000", "--runs", "5"],
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    failed = 0
    for script, *options in QUICK if args.quick else FULL:
        print(f"\n=== {script} {' '.join(options)}", flush=True)
        failed += subprocess.call([sys.executable, str(HERE / script), *options]) != 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
