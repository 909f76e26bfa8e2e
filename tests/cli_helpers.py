"""Running the real `newscrawl` CLI in a subprocess, as a user would, and reading back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyarrow.dataset as ds

REPO = Path(__file__).resolve().parent.parent


def run_cli(*args: str, cwd: Path, stdin: str | None = None, timeout: float = 180) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", *args],
        cwd=cwd, env=env, input=stdin, capture_output=True, text=True, timeout=timeout,
    )


def read_rows(output: Path) -> list[dict]:
    return ds.dataset(output, format="parquet", partitioning="hive").to_table().to_pylist()
