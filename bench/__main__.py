"""`python -m bench SUITE [--scale N] [--requests 200] [--data-dir DIR]` (or `make bench SUITE=...
SCALE=...`): run a benchmark suite on its own throw-away database and write
bench/results/<suite>.json. See bench/README.md."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# name -> module with DEFAULT_SCALE, TARGET_SCALE, run(ctx) -> dict and table(result).
SUITES = {
    "cases": "bench.cases",
    "knowledge": "bench.knowledge",
    "insight": "bench.insight",
    "households": "bench.households",
    "durability": "bench.durability",
    "api": "bench.api",
    "load": "bench.load",
}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bench",
        description="Run a Saphan benchmark suite on a throw-away database.",
    )
    p.add_argument("suite", nargs="?", help=f"one of: {', '.join(SUITES)}")
    p.add_argument("--scale", type=int, help="how many synthetic persons (default: the suite's)")
    p.add_argument(
        "--requests", type=int, default=200, help="timed requests per measure (default 200)"
    )
    p.add_argument(
        "--queries", type=int, default=600, help="labelled duplicate-check queries (default 600)"
    )
    p.add_argument(
        "--variant-queries",
        type=int,
        default=1200,
        help="cases: planted persons and queries of the independent variant set (default 1200)",
    )
    p.add_argument(
        "--seed", type=int, default=2569, help="seed of the synthetic data (default 2569)"
    )
    p.add_argument(
        "--data-dir", type=Path, help="an empty folder for the database (default: a temp dir)"
    )
    p.add_argument(
        "--users", default="", help="load: levels of simulated users (default 25,50,100,200)"
    )
    p.add_argument("--seconds", type=int, default=0, help="load: seconds per level (default 60)")
    p.add_argument("--output", type=Path, help="results file (default: bench/results/SUITE.json)")
    p.add_argument("--keep-data", action="store_true", help="keep the database after the run")
    p.add_argument(
        "--reuse-data",
        action="store_true",
        help="measure again on the kept database in --data-dir (suites that support it: cases, insight, load)",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.suite not in SUITES:
        what = f"Unknown suite {args.suite!r}." if args.suite else "No suite given."
        print(
            f"{what} Known suites: {', '.join(SUITES)}.\n"
            "Run one with: make bench SUITE=cases SCALE=100000 (or python -m bench cases --scale 100000)",
            file=sys.stderr,
        )
        return 2
    if args.scale is not None and args.scale < 100:
        print("--scale must be at least 100.", file=sys.stderr)
        return 2
    if args.requests < 1 or args.queries < 1:
        print("--requests and --queries must be positive.", file=sys.stderr)
        return 2
    from .runner import run

    return run(suite=args.suite, module_name=SUITES[args.suite], args=args)


if __name__ == "__main__":
    sys.exit(main())
