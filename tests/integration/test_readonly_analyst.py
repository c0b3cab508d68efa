"""An analyst holds the warehouse open read-only (another process) while the daily load runs.

Day 1 stores one article; day 2 is staged with two more. The load of day 2 must succeed while the
reader keeps its connection, the reader must keep seeing day 1 only, and new readers must see all.
"""
from __future__ import annotations

import functools
import json
import logging
import shutil
import subprocess
import sys

import duckdb
import pytest

from mediamon import warehouse
from mediamon.errors import WarehouseError
from mediamon.warehouse.load import load_staged
from mediamon.warehouse.search import search_articles
from tests.support.two_days import build_two_days

# A separate process, like `duckdb -readonly`: prints its view, waits for a line on stdin, prints again.
HOLDER = """
import json, sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "read_only")
def view():
    return {"articles": con.execute("SELECT count(*) FROM articles").fetchall()[0][0],
            "countries": con.execute("SELECT count(*) FROM article_countries").fetchall()[0][0],
            "terms": con.execute("SELECT count(*) FROM search_terms").fetchall()[0][0],
            "urls": [r[0].rsplit("/", 1)[1] for r in con.execute("SELECT url FROM articles ORDER BY url").fetchall()]}
print(json.dumps(view()), flush=True)
sys.stdin.readline()
print(json.dumps(view()), flush=True)
"""


@pytest.fixture(scope="module")
def two_days(tmp_path_factory):
    """A warehouse holding day 1 (one article) and a staged, not yet loaded, day 2 (two more)."""
    return build_two_days(tmp_path_factory.mktemp("analyst"))


@pytest.fixture
def short_wait(monkeypatch):
    """The load waits 0.5 s for the lock instead of LOCK_WAIT_S, polling every 0.1 s."""
    monkeypatch.setattr(warehouse, "LOCK_POLL_S", 0.1)
    monkeypatch.setattr(warehouse, "connect", functools.partial(warehouse.connect, wait_s=0.5))


class Holder:
    """A process holding the warehouse open (read_only or read_write) until told to look again."""

    def __init__(self, db, mode: str) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), mode], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        assert line, self.proc.stderr.read()
        self.first_view = json.loads(line)

    def look_again_and_close(self) -> dict:
        """The holder's second view, taken on its original connection; then it exits."""
        out, err = self.proc.communicate("\n", timeout=30)
        assert self.proc.returncode == 0, err
        return json.loads(out)

    def is_holding(self) -> bool:
        return self.proc.poll() is None


@pytest.fixture
def day_one_db(two_days, tmp_path):
    """A private copy of the day-1 warehouse."""
    db, run_dir = two_days
    copy = tmp_path / "wh.duckdb"
    shutil.copyfile(db, copy)
    return copy, run_dir


def _view(db) -> dict:
    with duckdb.connect(str(db), read_only=True) as con:
        return {"articles": con.execute("SELECT count(*) FROM articles").fetchall()[0][0],
                "urls": [r[0].rsplit("/", 1)[1] for r in con.execute("SELECT url FROM articles ORDER BY url").fetchall()]}


def _leftovers(db) -> list[str]:
    """Files beside the warehouse other than itself and its writer lock (which stays, like a .wal would)."""
    return sorted(p.name for p in db.parent.iterdir() if p.name not in (db.name, db.name + warehouse.WRITER_LOCK_SUFFIX))


def test_load_succeeds_while_an_analyst_holds_the_file_read_only(day_one_db, short_wait, caplog):
    db, run_dir = day_one_db
    caplog.set_level(logging.INFO, logger="mediamon.warehouse")
    analyst = Holder(db, "read_only")
    assert analyst.first_view["urls"] == ["water-deal.html"]

    counts = load_staged(run_dir, db)

    assert analyst.is_holding()
    assert counts["new_articles"] == 2 and counts["warehouse_articles"] == 3
    assert _view(db)["urls"] == ["floods.html", "tbilisi-protest.html", "water-deal.html"]
    assert [h.url.rsplit("/", 1)[1] for h in search_articles(db, "Tbilisi protesters")] == ["tbilisi-protest.html"]
    assert analyst.look_again_and_close() == analyst.first_view  # the old snapshot, whole and unchanged
    assert _leftovers(db) == []
    messages = [r.getMessage() for r in caplog.records]
    assert any("held by readers" in m and "swapping it in" in m and str(db) in m for m in messages)
    assert any(m.startswith("warehouse swapped") for m in messages)


def test_load_again_after_the_swap_changes_nothing(day_one_db, short_wait):
    db, run_dir = day_one_db
    analyst = Holder(db, "read_only")
    load_staged(run_dir, db)
    analyst.look_again_and_close()
    with duckdb.connect(str(db), read_only=True) as con:
        terms_before = con.execute("SELECT count(*) FROM search_terms").fetchall()
    load_staged(run_dir, db)  # nobody holds it now: written in place
    assert _view(db)["articles"] == 3
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM search_terms").fetchall() == terms_before


def test_a_failed_load_while_an_analyst_reads_leaves_the_warehouse_untouched(day_one_db, short_wait, tmp_path):
    db, run_dir = day_one_db
    broken = tmp_path / "broken-run"
    shutil.copytree(run_dir, broken)
    (broken / "validated" / "article_topics.parquet").unlink()
    analyst = Holder(db, "read_only")

    with pytest.raises(WarehouseError, match="rolled back"):
        load_staged(broken, db)

    assert analyst.look_again_and_close() == analyst.first_view
    assert _view(db)["urls"] == ["water-deal.html"]
    assert _leftovers(db) == ["broken-run"]


def test_a_writer_holding_the_file_is_never_bypassed(day_one_db, short_wait):
    db, run_dir = day_one_db
    other_writer = Holder(db, "read_write")

    with pytest.raises(WarehouseError, match="held by another writer"):
        load_staged(run_dir, db)

    assert other_writer.look_again_and_close()["urls"] == ["water-deal.html"]
    assert _view(db)["urls"] == ["water-deal.html"]
    assert _leftovers(db) == []
