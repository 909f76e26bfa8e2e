"""Publishing Parquet files into a hive-partitioned dataset, atomically.

A file is written under a hidden name (".name.tmp", ignored by pyarrow, pandas, polars,
DuckDB and Spark), fsynced, then renamed into place: a reader sees a file complete or
not at all, and a crash leaves at most a hidden temporary file behind.

`write_table_atomically` writes one table at once; `AtomicParquetFile` streams row
groups into the hidden file, so a writer holds one row group in memory, not a file.
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
    out = AtomicParquetFile(path, table.schema, dictionary_columns=dictionary_columns, compression=compression)
    try:
        out.write(table)
    except BaseException:
        out.discard()
        raise
    return out.publish()


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


def _temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp")


class AtomicParquetFile:
    """A Parquet file written row group by row group under its hidden temporary name,
    published (fsync + rename) by `publish`, or removed by `discard`."""

    def __init__(self, path: Path, schema: pa.Schema, *, dictionary_columns: list[str] | bool = True,
                 compression: str = "zstd"):
        self.path = path
        self.tmp = _temp_name(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._sink = open(self.tmp, "wb")
        try:
            self._writer = pq.ParquetWriter(self._sink, schema, compression=compression,
                                            use_dictionary=dictionary_columns, write_statistics=True)
        except BaseException:
            self._sink.close()
            self.tmp.unlink(missing_ok=True)
            raise

    def write(self, table: pa.Table) -> None:
        """Append `table` as one row group (the file stays hidden)."""
        self._writer.write_table(table)

    def publish(self) -> Path:
        """Close, fsync and rename into place; the file is visible only from here on."""
        try:
            self._writer.close()
            self._sink.flush()
            os.fsync(self._sink.fileno())
            self._sink.close()
            os.replace(self.tmp, self.path)
        except BaseException:
            self.discard()
            raise
        _fsync_dir(self.path.parent)
        return self.path

    def discard(self) -> None:
        for close in (self._writer.close, self._sink.close):
            try:
                close()
            except Exception:  # noqa: BLE001 - already closed or broken: the file goes anyway
                pass
        self.tmp.unlink(missing_ok=True)


def partition_dir(root: Path, **partitions: str) -> Path:
    """root/key=value/... for hive-style partitions."""
    for key, value in partitions.items():
        root = root / f"{key}={value}"
    return root
