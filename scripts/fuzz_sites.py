"""Fuzz whole sites for longer than CI does.

    .venv/bin/python scripts/fuzz_sites.py                   # 2,000 fresh random examples
    .venv/bin/python scripts/fuzz_sites.py --examples 20000 --seed 7

Runs the property of tests/test_fuzz_sites.py (a damaged site builds or is
reported cleanly: never exit 3, never a traceback, never a file outside
--out) with the "long" Hypothesis profile: random rather than derandomized
examples, as many as asked. A failure is shrunk to a small example and printed
with the mutations that caused it; `--seed` repeats a run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=2000, help="how many sites (default 2000)")
    parser.add_argument("--seed", type=int, help="Hypothesis seed, to repeat a run")
    args = parser.parse_args()
    env = {**os.environ, "FUZZ_PROFILE": "long", "FUZZ_EXAMPLES": str(args.examples)}
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
               "--hypothesis-show-statistics", "tests/test_fuzz_sites.py"]
    if args.seed is not None:
        command.append(f"--hypothesis-seed={args.seed}")
    return subprocess.call(command, cwd=REPO, env=env)


if __name__ == "__main__":
    sys.exit(main())
