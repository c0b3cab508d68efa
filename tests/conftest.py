"""Shared fixtures: the shared corpus (skipped where absent), a local site server, settings."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.server import RunningSite, Site

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the project; tests that need it skip on a fresh clone."""
    if not SHARED.is_dir():
        pytest.skip("../shared/ is not present beside the project (it holds the corpus and benchmarks)")
    return SHARED


@pytest.fixture
def site() -> Iterator[Site]:
    """A real HTTP server on 127.0.0.1 with no routes; tests add routes or a root folder."""
    with RunningSite(Site()) as running:
        yield running


@pytest.fixture
def settings(tmp_path: Path):
    """Settings for tests: private hosts allowed (the site server is on 127.0.0.1), no host delay."""
    from mediamon.settings import Settings

    return Settings(sources_path=tmp_path / "sources.yaml", db_path=tmp_path / "wh.duckdb",
                    data_dir=tmp_path / "data", allow_private_hosts=True, host_delay_s=0.0)
