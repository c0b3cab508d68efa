"""The end-to-end fixture site (tests/fixtures/site) served on 127.0.0.1, and a sources file for it."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from mediamon.settings import Settings
from tests.support.server import Site

SITE_ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "site"
RUN_DATE = "2026-01-15"


def fixture_site() -> Site:
    """A Site serving the fixture feed and pages with __BASE_URL__ replaced by its own address."""
    site = Site(root=SITE_ROOT)
    return site


def bind_base_url(site: Site) -> None:
    """Point the placeholder at the running server (call after the server started)."""
    site.replacements[b"__BASE_URL__"] = site.base_url.encode()


def write_sources(site: Site, path: Path) -> Path:
    """A one-source registry whose feed is the fixture feed."""
    path.write_text(
        "sources:\n"
        "  - id: steppe-courier\n"
        "    name: The Steppe Courier\n"
        f"    feeds: [{site.url('/feed.xml')}]\n"
        f"    homepage: {site.url('/')}\n"
        "    country: KZ\n"
        "    language: en\n", encoding="utf-8")
    return path


def site_settings(site: Site, tmp_path: Path, **overrides: Any) -> Settings:
    """Settings for a run against the site: its sources file, a warehouse file and a data directory under tmp_path,
    private hosts allowed (127.0.0.1) and no delay between requests; overrides on top."""
    return Settings(sources_path=write_sources(site, tmp_path / "sources.yaml"), db_path=tmp_path / "wh.duckdb",
                    data_dir=tmp_path / "data", allow_private_hosts=True, host_delay_s=0.0, **overrides)
