"""Shared pytest fixtures. Keep this file small; add fixtures below as needed."""

from __future__ import annotations

import pytest

try:  # tests/ as a plain directory (rootdir-relative imports) or as a package
    from mockserver import MockServer
except ImportError:  # pragma: no cover
    from tests.mockserver import MockServer


@pytest.fixture(scope="session")
def mockserver():
    """The mock HTTP server (tests/mockserver.py) in a subprocess, for the whole session."""
    with MockServer() as server:
        yield server
