"""Faults during a whole run: the load killed mid-transaction, a full disk, the warehouse locked by a
reader, a source timing out on every request. Each ends in a clear error or a recorded reason, the
warehouse stays whole, and the good articles load."""
from __future__ import annotations

import contextlib
import functools
import logging
import shutil
import threading
import time

import duckdb
import pytest

from mediamon import stages, warehouse
from mediamon.errors import WarehouseError
from mediamon.rundir import read_jsonl
from mediamon.settings import Settings
from mediamon.warehouse.load import load_staged
from tests.support import faults
from tests.support.fixture_site import RUN_DATE, bind_base_url, fixture_site, write_sources
from tests.support.server import RunningSite

SOURCE_ID = "steppe-courier"  # the fixture site's one source
RUN_BUDGET_S = 30.0  # a whole fixture day takes ~6 s here; a fault must not make it hang


@pytest.fixture(scope="module")
def day(tmp_path_factory):
    """The fixture day staged up to load, a reference warehouse holding it loaded once, and the live site."""
    tmp = tmp_path_factory.mktemp("faults")
    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        settings = Settings(sources_path=write_sources(site, tmp / "sources.yaml"), db_path=tmp / "reference.duckdb",
                            data_dir=tmp / "data", allow_private_hosts=True, host_delay_s=0.0)
        run_dir = faults.stage_until_enrich(settings, RUN_DATE)
        stages.validate_run(run_dir, settings)
        load_staged(run_dir, settings.db_path)
        yield settings, run_dir, faults.warehouse_fingerprint(settings.db_path)


def test_reference_day_has_articles_and_quarantine(day):
    _, _, reference = day
    assert reference["counts"]["articles"] == 3
    assert reference["counts"]["quarantine"] == 3
    assert reference["counts"]["runs"] == 1


# --- the load killed mid-transaction ----------------------------------------------------------------


@pytest.mark.parametrize(("before", "loaded_before"), [
    ("05_articles_unique", False),  # sources, feeds and fetch_log were written in the open transaction
    (faults.KILL_BEFORE_COMMIT, False),  # every step ran; COMMIT never did
    ("11_quarantine", True),  # a re-load of a day that is already in the warehouse
])
def test_load_killed_mid_transaction_leaves_no_partial_day_and_a_rerun_loads_it_once(day, tmp_path, before,
                                                                                       loaded_before):
    _, run_dir, reference = day
    db = tmp_path / "wh.duckdb"
    if loaded_before:
        load_staged(run_dir, db)
    expected_after_kill = reference if loaded_before else {"counts": dict.fromkeys(faults.TABLES, 0)}

    done = faults.load_killed(run_dir, db, before=before)

    assert faults.was_killed(done), done.stderr
    assert done.stdout == "killing\n"
    after_kill = faults.warehouse_fingerprint(db)  # opens: the file is not corrupt
    assert {k: after_kill[k] for k in expected_after_kill} == expected_after_kill
    load_staged(run_dir, db)
    assert faults.warehouse_fingerprint(db) == reference
    load_staged(run_dir, db)
    assert faults.warehouse_fingerprint(db) == reference


# --- the disk full while writing WARC, JSONL or Parquet ---------------------------------------------


def _empty_warehouse(db):
    """A warehouse with the schema and no rows (as on a first day)."""
    with warehouse.connect(db):
        pass
    return faults.table_counts(db)


@pytest.fixture
def tiny_disk():
    """Mount a small tmpfs at a path for this test; skipped where mounting is not permitted."""
    with contextlib.ExitStack() as stack:
        def mount(path, size_kb):
            try:
                return stack.enter_context(faults.tiny_disk(path, size_kb))
            except faults.MountRefused as err:
                pytest.skip(str(err))
        yield mount


def test_disk_full_while_writing_parquet_is_a_clear_error_and_a_later_run_loads(day, tmp_path, tiny_disk):
    settings, run_dir, reference = day
    copy = faults.copy_run(run_dir, tmp_path / "data")
    staged_by_shard = {p.name: p.read_bytes() for p in (copy / "validated").glob("feed_items_*.jsonl")}
    shutil.rmtree(copy / "validated")
    mine = settings.with_overrides(data_dir=tmp_path / "data", db_path=tmp_path / "wh.duckdb")
    before = _empty_warehouse(mine.db_path)
    validated = tiny_disk(copy / "validated", size_kb=256)
    for name, body in staged_by_shard.items():
        (validated / name).write_bytes(body)
    filler = faults.fill_disk(validated)

    with pytest.raises(OSError, match="No space left on device; free space on that disk") as raised:
        stages.validate_run(copy, mine)

    assert raised.value.filename == str(validated / "articles.parquet")
    assert not (validated / "run.json").exists()
    assert faults.table_counts(mine.db_path) == before
    filler.unlink()
    stages.validate_run(copy, mine)
    assert stages.load_run(copy, mine)["new_articles"] == 3
    assert faults.warehouse_fingerprint(mine.db_path) == reference


def test_disk_full_while_writing_jsonl_names_the_file_and_leaves_no_temp_file(day, tmp_path, monkeypatch):
    settings, run_dir, reference = day
    copy = faults.copy_run(run_dir, tmp_path / "data")
    mine = settings.with_overrides(data_dir=tmp_path / "data", db_path=tmp_path / "wh.duckdb")
    shard = max((copy / "shards").glob("*.jsonl"), key=lambda p: p.stat().st_size)
    shutil.rmtree(copy / "extracted")
    shutil.rmtree(copy / "rejected")
    faults.simulate_full_disk(monkeypatch, copy, room=100)

    with pytest.raises(OSError, match="No space left on device") as raised:
        stages.extract_shard(shard, mine)

    assert raised.value.filename is not None and str(copy) in str(raised.value)
    assert list(copy.glob("*/*.tmp")) == []
    monkeypatch.undo()
    for each in sorted((copy / "shards").glob("*.jsonl")):
        stages.enrich_shard(stages.extract_shard(each, mine), mine)
    stages.validate_run(copy, mine)
    stages.load_run(copy, mine)
    assert faults.warehouse_fingerprint(mine.db_path) == reference


def test_disk_full_while_writing_warc_is_a_clear_error_and_a_later_run_works(day, tmp_path):
    _, run_dir, _ = day
    copy = faults.copy_run(run_dir, tmp_path / "data")
    shutil.rmtree(copy / "warc")
    (copy / "warc").mkdir()
    try:
        with faults.tiny_disk(copy / "warc", size_kb=64) as warc:
            filler = faults.fill_disk(warc)
            done = faults.discover_in_child(copy, SOURCE_ID, simulate_full=None, timeout_s=10)
            filler.unlink()
    except faults.MountRefused:
        done = faults.discover_in_child(copy, SOURCE_ID, simulate_full=copy / "warc", timeout_s=10)
    assert done.returncode != 0
    assert "No space left on device" in done.stderr and "feeds-steppe-courier-1.warc.gz" in done.stderr
    again = faults.discover_in_child(copy, SOURCE_ID, simulate_full=None, timeout_s=30)
    assert again.stdout == "finished\n", again.stderr


def test_a_fetch_retried_after_a_torn_warc_record_extracts_normally(day, tmp_path):
    settings, run_dir, _ = day
    copy = faults.copy_run(run_dir, tmp_path / "data")
    mine = settings.with_overrides(data_dir=tmp_path / "data")
    warc = max((copy / "warc").glob("pages-*.warc.gz"), key=lambda p: p.stat().st_size)
    shard = copy / "shards" / f"{warc.name.removeprefix('pages-').removesuffix('.warc.gz')}.jsonl"
    faults.tear_tail(warc)  # the first attempt died (full disk, killed task) in the middle of a record

    stages.extract_shard(stages.fetch_shard(shard, mine), mine)

    extracted = [row["url"] for row in read_jsonl(copy / "extracted" / shard.name)]
    assert extracted == [row["url"] for row in read_jsonl(run_dir / "extracted" / shard.name)]
    assert len(extracted) == 3


# --- the warehouse locked by a reader ---------------------------------------------------------------


@pytest.fixture
def short_lock_wait(monkeypatch):
    """Make warehouse.connect wait at most `seconds` for a lock, polling every 0.1 s; returns a setter."""
    real = warehouse.connect
    monkeypatch.setattr(warehouse, "LOCK_POLL_S", 0.1)

    def limit(seconds: float) -> None:
        monkeypatch.setattr(warehouse, "connect", functools.partial(real, wait_s=seconds))
    return limit


def test_load_waits_for_a_reader_and_succeeds_when_it_closes(day, tmp_path, short_lock_wait, caplog):
    _, run_dir, reference = day
    db = tmp_path / "wh.duckdb"
    _empty_warehouse(db)
    short_lock_wait(15.0)
    caplog.set_level(logging.WARNING, logger="mediamon.warehouse")
    with faults.ReadLock(db) as reader:
        timer = reader.release_after(1.0)
        started = time.monotonic()
        load_staged(run_dir, db)
        waited = time.monotonic() - started
        timer.join()
    assert 0.8 <= waited < 10
    assert any("warehouse locked" in r.getMessage() and str(db) in r.getMessage() for r in caplog.records)
    assert faults.warehouse_fingerprint(db) == reference


def test_load_past_the_wait_either_fails_clearly_or_writes_the_day_once(day, tmp_path, short_lock_wait, caplog):
    """A reader that stays open past the bounded wait: the load ends in time, with a clear error naming
    the file (the warehouse unchanged), or by writing a copy swapped into place; never a half-written day."""
    _, run_dir, reference = day
    db = tmp_path / "wh.duckdb"
    empty = _empty_warehouse(db)
    short_lock_wait(1.0)
    caplog.set_level(logging.WARNING, logger="mediamon.warehouse")
    with faults.ReadLock(db):
        started = time.monotonic()
        try:
            load_staged(run_dir, db)
            refused = None
        except WarehouseError as err:
            refused = str(err)
        waited = time.monotonic() - started
    assert 0.9 <= waited < 6
    assert any(str(db) in r.getMessage() for r in caplog.records)
    if refused is not None:
        assert str(db) in refused and "locked by another process" in refused
        assert faults.table_counts(db) == empty
    else:
        assert faults.warehouse_fingerprint(db) == reference
    load_staged(run_dir, db)
    assert faults.warehouse_fingerprint(db) == reference


def test_load_killed_while_a_reader_holds_the_warehouse_leaves_it_whole(day, tmp_path):
    _, run_dir, reference = day
    db = tmp_path / "wh.duckdb"
    empty = _empty_warehouse(db)
    with faults.ReadLock(db):
        done = faults.load_killed(run_dir, db, before="05_articles_unique", lock_wait_s=0.5)
        if not faults.was_killed(done):  # the load refused to write while the reader held the file
            assert "locked by another process" in done.stderr, done.stderr
    assert faults.table_counts(db) == empty
    load_staged(run_dir, db)
    assert faults.warehouse_fingerprint(db) == reference


def test_readers_can_plan_a_run_while_another_reader_holds_the_warehouse(day, tmp_path):
    settings, _, _ = day
    db = tmp_path / "wh.duckdb"
    shutil.copy(settings.db_path, db)
    mine = settings.with_overrides(data_dir=tmp_path / "data", db_path=db)
    with faults.ReadLock(db):
        run_dir = stages.plan_run(mine, RUN_DATE)
    known = (run_dir / "known_urls.txt").read_text(encoding="utf-8").split()
    assert len(known) == 6  # 3 articles + 3 refused for good


# --- a source timing out on every request -----------------------------------------------------------


@pytest.fixture(scope="module")
def timeout_days(tmp_path_factory):
    """Two runs of one day: the fixture source, and a source whose feed never answers in time."""
    tmp = tmp_path_factory.mktemp("timeout")
    release = threading.Event()
    with RunningSite(fixture_site()) as good, RunningSite(faults.slow_site(release)) as slow:
        bind_base_url(good)
        sources = faults.write_sources(tmp / "sources.yaml", {SOURCE_ID: good.url("/feed.xml"),
                                                               "slow-gazette": slow.url("/feed.xml")})
        settings = Settings(sources_path=sources, db_path=tmp / "wh.duckdb", data_dir=tmp / "data",
                            allow_private_hosts=True, host_delay_s=0.0, connect_timeout_s=0.5,
                            read_timeout_s=0.5, deadline_s=0.5, max_tries=2)
        runs = []
        try:
            for _ in range(2):
                with faults.stopwatch() as timing:
                    counts = stages.run_day(settings, RUN_DATE)
                runs.append((counts, timing["seconds"], faults.warehouse_fingerprint(settings.db_path)))
        finally:
            release.set()
    return settings, slow.url("/feed.xml"), runs


def test_a_source_timing_out_does_not_hold_up_the_run(timeout_days):
    _, _, runs = timeout_days
    assert [seconds < RUN_BUDGET_S for _, seconds, _ in runs] == [True, True]
    assert runs[0][0]["new_articles"] == 3
    assert runs[1][0]["new_articles"] == 0 and runs[1][0]["warehouse_articles"] == 3


def test_every_timed_out_attempt_is_in_the_fetch_log(timeout_days):
    _, slow_feed, runs = timeout_days
    attempts = [(attempt, error.split(":")[0]) for _, url, attempt, error in runs[1][2]["fetch_log"]
                if url == slow_feed]
    assert sorted(attempts) == [(1, "timeout"), (1, "timeout"), (2, "timeout"), (2, "timeout")]
    assert len({run_id for run_id, url, _, _ in runs[1][2]["fetch_log"] if url == slow_feed}) == 2


def test_the_feed_health_counts_consecutive_timeouts(timeout_days):
    settings, slow_feed, runs = timeout_days
    health = [{url: (failures, (error or "").split(":")[0]) for url, failures, error in fingerprint["feeds"]}
              for _, _, fingerprint in runs]
    assert [h[slow_feed] for h in health] == [(1, "timeout"), (2, "timeout")]
    good = [h for url, h in health[1].items() if url != slow_feed]
    assert good == [(0, "")]
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        last_success = con.execute("SELECT last_success_at FROM feeds WHERE feed_url = ?", [slow_feed]).fetchone()
    assert last_success == (None,)
