"""`mediamon poll` against the fixture site on 127.0.0.1: one pass stages the feed's items, the next
pass right after finds the feed not yet due, and the daily run then loads what was polled."""
from __future__ import annotations

import json

import duckdb

from mediamon.cli import main
from mediamon.discover.polling import staged_items_since
from tests.support.fixture_site import RUN_DATE, bind_base_url, fixture_site, write_sources
from tests.support.server import RunningSite


def _poll(argv: list[str], capsys) -> dict:
    """Run `mediamon poll` in-process; its JSON summary."""
    assert main(["poll", *argv]) == 0
    return json.loads(capsys.readouterr().out)


def test_poll_stages_items_once_and_the_run_loads_them(tmp_path, capsys):
    from datetime import datetime, timezone

    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        sources = write_sources(site, tmp_path / "sources.yaml")
        argv = ["--sources", str(sources), "--data-dir", str(tmp_path / "data"), "--allow-private-hosts"]
        first = _poll(argv, capsys)
        second = _poll(argv, capsys)
        staged = staged_items_since(tmp_path / "data", datetime(2000, 1, 1, tzinfo=timezone.utc))
        assert main(["run", *argv, "--date", RUN_DATE]) == 0
    assert first["feeds_due"] == 1 and first["new_items"] >= 5
    assert second["feeds_due"] == 0 and second["requests"] == 0  # not due again within its interval
    assert len({row["url"] for row in staged}) == len(staged) == first["new_items"]
    with duckdb.connect(str(tmp_path / "data" / "mediamon.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (3,)
