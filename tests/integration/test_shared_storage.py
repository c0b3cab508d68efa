"""A day run by two workers that share nothing but an S3 bucket (moto's server on 127.0.0.1) holds exactly
the rows of the same day run on one machine; half-written stages stay invisible; a store that cannot be
written stops the run before any request."""
from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from mediamon.errors import StorageError
from mediamon.settings import Settings
from mediamon.stages import (
    cluster_stories,
    discover,
    enrich_shard,
    extract_shard,
    fetch_shard,
    load_run,
    plan_run,
    run_day,
    shard_items,
    source_groups,
    validate_run,
)
from mediamon.storage import sync
from mediamon.storage.shared import shared_task
from mediamon.storage.store import DataStore
from tests.support.fixture_site import RUN_DATE, bind_base_url, fixture_site, write_sources
from tests.support.s3server import S3Server, running_s3
from tests.support.server import RunningSite

BUCKET = "mediamon-data"
# Every stored row, without the columns that name a run or a time (they differ between any two runs).
COMPARED = {
    "articles": "SELECT url, title, text, author, published_at, language, story_id, event_id FROM articles",
    "article_countries": "SELECT a.url, c.country_code, c.mentions, c.is_focus FROM article_countries c "
                         "JOIN articles a USING (article_id)",
    "article_topics": "SELECT a.url, t.topic_code, t.score FROM article_topics t JOIN articles a USING (article_id)",
    "quarantine": "SELECT record_key, stage, reasons FROM quarantine",
    "fetch_log": "SELECT url, kind, status, error FROM fetch_log",
    "feeds": "SELECT feed_url, source_id, last_status, items_last FROM feeds",
    "validation_results": "SELECT suite, expectation, success, unexpected_count FROM validation_results",
}


@contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables for the block (s3fs reads the endpoint and keys from them)."""
    import s3fs

    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    s3fs.S3FileSystem.clear_instance_cache()
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old
        s3fs.S3FileSystem.clear_instance_cache()


@pytest.fixture(scope="module")
def s3() -> Iterator[S3Server]:
    """moto's S3 server with an empty bucket, and the environment pointing at it."""
    try:
        server_cm = running_s3()
        server = server_cm.__enter__()
    except RuntimeError as err:
        pytest.skip(f"no S3 server: {err}")
    try:
        server.client().create_bucket(Bucket=BUCKET)
        with environment(server.env()):
            yield server
    finally:
        server_cm.__exit__(None, None, None)


def _rows(db: Path) -> dict[str, list[tuple]]:
    """The compared tables of a warehouse, sorted."""
    with duckdb.connect(str(db), read_only=True) as con:
        return {name: sorted(con.execute(sql).fetchall(), key=repr) for name, sql in COMPARED.items()}


def _two_worker_day(a: Settings, b: Settings, day: str) -> str:
    """Every task of media_ingest, alternating between worker a (the warehouse's host) and worker b."""
    with shared_task(a, "plan") as t:
        run = t.ref(plan_run(a, day))
    with shared_task(b, "sources", run) as t:
        groups = source_groups(t.path)
    for n, ids in enumerate(groups):
        worker = (b, a)[n % 2]
        with shared_task(worker, "discover", run, key=ids[0]) as t:
            t.ref(discover(t.path, ids, worker))
    with shared_task(a, "shard", run, outputs=["gx_docs"]) as t:
        shards = t.ref(shard_items(t.path, a))
    for n, shard in enumerate(shards):
        one, other = (b, a) if n % 2 == 0 else (a, b)
        with shared_task(one, "fetch", shard) as t:
            fetched = t.ref(fetch_shard(t.path, one))
        with shared_task(other, "extract", fetched) as t:
            extracted = t.ref(extract_shard(t.path, other))
        with shared_task(one, "enrich", extracted) as t:
            t.ref(enrich_shard(t.path, one))
    with shared_task(b, "stories", run) as t:
        t.ref(cluster_stories(t.path))
    with shared_task(a, "validate", run, outputs=["gx_docs"]) as t:
        t.ref(validate_run(t.path, a))
    with shared_task(a, "load", run) as t:
        load_run(t.path, a)
    return run


@pytest.fixture(scope="module")
def shared_and_local(s3, tmp_path_factory):
    """The fixture day run once by two workers through the bucket, once on one machine."""
    tmp = tmp_path_factory.mktemp("shared")
    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        base = Settings(sources_path=write_sources(site, tmp / "sources.yaml"), allow_private_hosts=True,
                        host_delay_s=0.0)
        a = replace(base, data_dir=tmp / "worker-a", db_path=tmp / "worker-a" / "wh.duckdb",
                    data_url=f"s3://{BUCKET}/day")
        b = replace(a, data_dir=tmp / "worker-b", db_path=tmp / "worker-b" / "no-warehouse-here.duckdb")
        run = _two_worker_day(a, b, RUN_DATE)
        local = replace(base, data_dir=tmp / "local", db_path=tmp / "local" / "wh.duckdb")
        run_day(local, RUN_DATE)
    return a, b, local, run


def test_two_workers_store_exactly_the_rows_of_one_machine(shared_and_local):
    a, _, local, _ = shared_and_local
    shared, alone = _rows(a.db_path), _rows(local.db_path)
    assert len(shared["articles"]) == 3 and len(shared["quarantine"]) == 3
    for table in COMPARED:
        assert shared[table] == alone[table], table


def test_workers_share_no_local_folder_and_every_task_left_a_manifest(shared_and_local):
    a, b, _, run = shared_and_local
    assert not b.db_path.exists()  # worker b never opened the warehouse
    assert not (b.data_dir / run / "validated" / "articles.parquet").exists()  # ... nor validated (ran on a)
    assert (a.data_dir / run / "enriched").is_dir()  # a pulled the shards b enriched
    store = DataStore.from_url(a.data_url)
    manifests = {Path(n).stem.split("-")[0] for n in store.list(f"{run}/manifests")}
    assert manifests == {"plan", "sources", "discover", "shard", "fetch", "extract", "enrich", "stories",
                         "validate", "load"}
    listed = sync.manifest_files(store, run)
    assert "validated/articles.parquet" in listed
    assert any(name.startswith("warc/pages-") for name in listed)
    suites = {Path(name).parts[1] for name in store.find("gx_docs")}
    assert {"feed_items", "articles", "batch"} <= suites  # the Data Docs of shard and validate were pushed


def test_files_without_a_manifest_are_never_pulled(s3, tmp_path):
    store = DataStore.from_url(f"s3://{BUCKET}/half")
    run = "runs/2026-01-01/r1"
    (tmp_path / "w1" / run / "extracted").mkdir(parents=True)
    (tmp_path / "w1" / run / "extracted" / "shard-00.jsonl").write_text('{"a": 1}\n')
    sync.push(store, run, tmp_path / "w1" / run, ["extracted/shard-00.jsonl"])  # a push killed before its manifest
    assert sync.pull(store, run, tmp_path / "w2" / run, "enrich", "shard-00").files == 0
    sync.push(store, run, tmp_path / "w1" / run, ["extracted/shard-00.jsonl"], manifest="extract-shard-00")
    assert sync.pull(store, run, tmp_path / "w2" / run, "enrich", "shard-00").files == 1
    assert (tmp_path / "w2" / run / "extracted" / "shard-00.jsonl").read_text() == '{"a": 1}\n'


def test_a_task_that_fails_pushes_nothing(s3, tmp_path):
    settings = Settings(data_dir=tmp_path / "w", data_url=f"s3://{BUCKET}/failed")
    ref = "runs/2026-01-01/r2/extracted/shard-00.jsonl"
    with pytest.raises(RuntimeError, match="killed"):
        with shared_task(settings, "enrich", ref) as t:
            out = t.path.parent.parent / "enriched" / "shard-00.jsonl"
            out.parent.mkdir(parents=True)
            out.write_text("half\n")
            raise RuntimeError("killed in the middle of the stage")
    store = DataStore.from_url(settings.data_url)
    assert store.list("runs/2026-01-01/r2/enriched") == []
    assert store.list("runs/2026-01-01/r2/manifests") == []


def test_a_missing_bucket_stops_the_run_before_any_request(s3, tmp_path):
    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        settings = Settings(sources_path=write_sources(site, tmp_path / "sources.yaml"), data_dir=tmp_path / "w",
                            db_path=tmp_path / "wh.duckdb", allow_private_hosts=True,
                            data_url="s3://no-such-bucket-here/day")
        with pytest.raises(StorageError, match="does not exist.*MEDIAMON_DATA_URL"):
            with shared_task(settings, "plan") as t:
                t.ref(plan_run(settings, RUN_DATE))
        assert site.requests == []
    assert not (tmp_path / "w" / "runs").exists()


def test_a_bucket_without_write_permission_is_a_clear_error(tmp_path):
    """moto checks requests against its IAM once the first few (the setup below) are done."""
    try:
        server_cm = running_s3(auth_after=4)
        server = server_cm.__enter__()
    except RuntimeError as err:
        pytest.skip(f"no S3 server: {err}")
    try:
        server.client().create_bucket(Bucket=BUCKET)
        iam = server.client("iam")
        iam.create_user(UserName="reader")
        policy = {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"}]}
        iam.put_user_policy(UserName="reader", PolicyName="read-only", PolicyDocument=json.dumps(policy))
        key = iam.create_access_key(UserName="reader")["AccessKey"]
        with environment(server.env(key["AccessKeyId"], key["SecretAccessKey"])):
            store = DataStore.from_url(f"s3://{BUCKET}/day")
            assert store.list("runs") == []  # reading is allowed
            with pytest.raises(StorageError, match="access denied.*permission to write"):
                store.check_writable()
    finally:
        server_cm.__exit__(None, None, None)


def test_a_file_url_shares_a_mounted_folder_the_same_way(tmp_path):
    store = DataStore.from_url(f"file://{tmp_path / 'shared'}")
    assert not store.is_object_store
    store.check_writable()
    store.put_bytes("runs/d/r/plan.json", b"{}")
    assert store.cat("runs/d/r/plan.json") == b"{}"
    assert [p for p in (tmp_path / "shared").rglob("*") if p.name.endswith(".tmp")] == []


def test_the_web_ui_on_another_host_serves_the_digests_the_warehouse_host_pushed(shared_and_local, tmp_path):
    from fastapi.testclient import TestClient

    from mediamon.digest.webapp import create_app
    from mediamon.stages import build_digest
    from mediamon.storage.shared import published_mirror

    a, _, _, _ = shared_and_local
    with shared_task(a, "digest", outputs=["digests"]):
        build_digest(a, RUN_DATE)
    ui = replace(a, data_dir=tmp_path / "ui-host")
    assert RUN_DATE not in TestClient(create_app(ui.data_dir)).get("/").text  # nothing local on that host
    client = TestClient(create_app(ui.data_dir, refresh=published_mirror(ui, every_s=0)))
    home = client.get("/")
    assert home.status_code == 200 and f'value="{RUN_DATE}"' in home.text
    page = client.get(f"/digests/{RUN_DATE}/index.html")
    assert page.status_code == 200
    assert page.text == (a.data_dir / "digests" / RUN_DATE / "index.html").read_text(encoding="utf-8")
