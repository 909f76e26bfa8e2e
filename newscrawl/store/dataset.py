"""Publishing Parquet files into a hive-partitioned dataset, atomically, under names that never collide.

A file is written under a hidden name (".name.tmp", ignored by pyarrow, pandas, polars,
DuckDB and Spark), fsynced, then linked into place — never over an existing file — and
the hidden name removed: a reader sees a file complete or not at all, and a crash leaves
at most a hidden temporary file behind. The writer holds an flock on its hidden file
while it writes, so `remove_abandoned_temp_files` can tell a dead writer's leftover (no
lock) from a live writer's file, whatever run or site either belongs to.

File names (`part_name`) carry the crawl id and site made safe for a file name, plus a
random token per writer: two runs given the same `--crawl-id`, at the same time or one
after the other, write different files, and no id can make a path leave its partition.

`write_table_atomically` writes one table at once; `AtomicParquetFile` streams row
groups into the hidden file, so a writer holds one row group in memory, not a file.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import secrets
import time
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


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def name_component(value: str, limit: int = 64) -> str:
    """`value` as one piece of a file name: only [A-Za-z0-9._-] (others become "_"), no
    leading dot or dash, at most `limit` characters; never empty, never a path."""
    safe = _UNSAFE.sub("_", value).lstrip(".-")[:limit]
    return safe or "_"


def new_file_token() -> str:
    """Random part of a file name: a writer's files never share a name with another's."""
    return secrets.token_hex(4)


def part_name(crawl_id: str, site: str | None, token: str, number: int) -> str:
    """part-<crawl id>[-<site>]-<token>-<n>.parquet (the one place this name is spelled)."""
    site_part = f"-{name_component(site)}" if site else ""
    return f"part-{name_component(crawl_id)}{site_part}-{token}-{number:05d}.parquet"


class PublishRefused(RuntimeError):
    """The file cannot be published: a write into it failed, or its name is taken."""


ABANDONED_AFTER_SECONDS = 60.0   # a hidden file younger than this may be one still being created


def remove_abandoned_temp_files(root: Path, min_age: float = ABANDONED_AFTER_SECONDS) -> int:
    """Remove the hidden temporary files (".*.tmp") under `root` whose writer is gone: no
    process holds their lock. Returns how many were removed."""
    removed = 0
    now = time.time()
    for tmp in root.glob("**/.*.tmp") if root.is_dir() else ():
        try:
            if now - tmp.stat().st_mtime < min_age:
                continue
            fd = os.open(tmp, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue   # a live writer holds it
        else:
            tmp.unlink(missing_ok=True)
            removed += 1
        finally:
            os.close(fd)
    return removed


def _link_into_place(tmp: Path, path: Path) -> None:
    """Make `tmp` visible as `path`, refusing to replace an existing file."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise PublishRefused(f"{path} already exists; not replacing it") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        # No hard links on this file system: a rename that checks first (the random
        # token in every name is what keeps names apart there).
        if path.exists():
            raise PublishRefused(f"{path} already exists; not replacing it") from None
        os.rename(tmp, path)
        return
    tmp.unlink()


class AtomicParquetFile:
    """A Parquet file written row group by row group under its hidden temporary name
    (locked while open), published (fsync + link into place) by `publish`, or removed by
    `discard`. After a failed write the file can only be discarded."""

    def __init__(self, path: Path, schema: pa.Schema, *, dictionary_columns: list[str] | bool = True,
                 compression: str = "zstd"):
        self.path = path
        self.tmp = _temp_name(path)
        self.failed: BaseException | None = None
        path.parent.mkdir(parents=True, exist_ok=True)
        self._sink = open(self.tmp, "xb")
        try:
            fcntl.flock(self._sink.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            self._writer = pq.ParquetWriter(self._sink, schema, compression=compression,
                                            use_dictionary=dictionary_columns, write_statistics=True)
        except BaseException:
            self._sink.close()
            self.tmp.unlink(missing_ok=True)
            raise

    def write(self, table: pa.Table) -> None:
        """Append `table` as one row group (the file stays hidden)."""
        if self.failed is not None:
            raise PublishRefused(f"an earlier write into {self.tmp.name} failed: {self.failed}")
        try:
            self._writer.write_table(table)
        except BaseException as exc:
            self.failed = exc
            raise

    def publish(self) -> Path:
        """Close, fsync and link into place; the file is visible only from here on."""
        if self.failed is not None:
            self.discard()
            raise PublishRefused(f"not publishing {self.path.name}: a write into it failed ({self.failed})")
        try:
            self._writer.close()
            self._sink.flush()
            os.fsync(self._sink.fileno())
            _link_into_place(self.tmp, self.path)
        except BaseException:
            self.discard()
            raise
        self._sink.close()
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
