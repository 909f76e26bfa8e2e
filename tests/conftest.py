"""Shared pytest fixtures. Keep this file small; add fixtures below as needed.

The servers themselves are in tests/servers/ (one launcher, tests/servers/launcher.py)."""

from __future__ import annotations

import pytest

from tests.servers.mock import MockServer


@pytest.fixture(scope="session")
def mockserver():
    """The mock HTTP server (tests/servers/mock.py) in a subprocess, for the whole session."""
    with MockServer() as server:
        yield server
