"""The README's column table is the analysts' contract: it must list exactly the columns
of ARTICLE_SCHEMA, in order, with their Arrow types."""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow as pa

from newscrawl.store.schema import ARTICLE_SCHEMA

README = Path(__file__).resolve().parents[2] / "README.md"


def _readme_columns() -> list[tuple[str, str]]:
    section = README.read_text(encoding="utf-8").split("## The dataset", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \| ([^|]+) \|", section, re.MULTILINE)
    return [(name, kind.strip()) for name, kind in rows if kind.strip() != "partition"]


def _readme_type(arrow_type: pa.DataType) -> str:
    if pa.types.is_list(arrow_type):
        return f"list\\<{arrow_type.value_type}\\>"
    if pa.types.is_timestamp(arrow_type):
        return f"timestamp[{arrow_type.unit}, {arrow_type.tz}]"
    return str(arrow_type)


def test_readme_lists_every_column_in_schema_order():
    assert [name for name, _ in _readme_columns()] == ARTICLE_SCHEMA.names


def test_readme_types_match_the_schema():
    types = dict(_readme_columns())
    assert {f.name: _readme_type(f.type) for f in ARTICLE_SCHEMA} == types
