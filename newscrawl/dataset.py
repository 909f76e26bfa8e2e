"""Publishing Parquet files into a hive-partitioned dataset, atomically.

A file is written under a hidden name (".name.tmp", ignored by pyarrow, pandas, polars,
DuckDB and Spark), fsynced, then renamed into place: a reader sees a file complete or
not at all, and a crash leaves at most a hidden temporary file behind.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


def write_table_atomically(
    table: pa.Table,
    path: Path,
    *,
    dictionary_columns: list[str] | bool = True,
    compression: str = "zstd",
) -> Path:
    """Write `table` to `path` so that `path` only ever exists complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open(tmp, "wb") as sink:
            pq.write_table(
                table,
                sink,
                compression=compression,
                use_dictionary=dictionary_columns,
                write_statistics=True,
            )
            sink.flush()
            os.fsync(sink.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)
    return path


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def partition_dir(root: Path, **partitions: str) -> Path:
    """root/key=value/... for hive-style partitions."""
    for key, value in partitions.items():
        root = root / f"{key}={value}"
    return root
