"""Running a benchmark suite from a test: ``python -m bench SUITE`` in a child process on its
own throw-away database, returning the results it wrote. The smoke tests check their shape only:
performance is measured in bench/, never asserted in tests (DESIGN.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from numbers import Real
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def is_number(value) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def run_suite(suite: str, tmp_path: Path, *args: str, timeout: int = 900) -> dict:
    output = tmp_path / "results" / f"{suite}.json"
    # The child sets up its own database: nothing of this test process's database may leak in.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SAPHAN_DATA_DIR", "SAPHAN_THROWAWAY_DB", "DJANGO_SETTINGS_MODULE"}
    }
    env["PYTHAINLP_OFFLINE"] = "1"
    command = [sys.executable, "-m", "bench", suite, *args, "--output", str(output)]
    run = subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert run.returncode == 0, f"{run.stdout[-4000:]}\n{run.stderr[-4000:]}"
    return json.loads(output.read_text(encoding="utf-8"))
