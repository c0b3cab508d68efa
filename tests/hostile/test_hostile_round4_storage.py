"""Red-team cases on a shared data directory (MEDIAMON_DATA_URL) that someone else can write: manifest entries and
object names that climb out of the run folder ('../../../../x', an absolute path, a backslash, a NUL), which a
worker's pull or the digests mirror would write outside its data directory, and manifests that are not JSON or not
of their shape. The climbing entry is not downloaded (a warning names it) and the rest are; a damaged manifest is a
StorageError naming it and saying to re-run the task that wrote it."""
from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from mediamon.errors import StorageError
from mediamon.storage.store import DataStore
from mediamon.storage.sync import mirror, pull

RUN = "runs/2026-01-01/r1"


@pytest.fixture
def sides(tmp_path: Path) -> tuple[DataStore, Path, Path]:
    """A file:// store at tmp/store/data, the worker's run folder under tmp/local/data, and tmp itself."""
    (tmp_path / "store" / "data").mkdir(parents=True)
    return DataStore.from_url(f"file://{tmp_path / 'store' / 'data'}"), tmp_path / "local" / "data" / RUN, tmp_path


def publish(store: DataStore, files: dict[str, bytes]) -> None:
    """Put each file at RUN/<rel> in the store (as the backend resolves it) and a manifest listing them all."""
    for rel, data in files.items():
        target = Path(store.path(f"{RUN}/{rel}"))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    store.put_bytes(f"{RUN}/manifests/t.json", json.dumps({"task": "t", "written_at": "2026-01-01T00:00:00+00:00",
                                                            "files": {rel: len(d) for rel, d in files.items()}}).encode())


@pytest.mark.parametrize(("task", "climbing"), [
    ("validate", "../../../../escape.txt"),
    ("load", "shards/../../../../../escape.txt"),
    ("shard", "feeds/../../../../../escape.jsonl"),
    ("validate", "ABSOLUTE"),
])
def test_a_manifest_entry_climbing_out_of_the_run_folder_is_not_downloaded(
        sides: tuple[DataStore, Path, Path], caplog: pytest.LogCaptureFixture, task: str, climbing: str) -> None:
    store, local_run, tmp = sides
    if climbing == "ABSOLUTE":
        climbing = str(tmp / "escape.txt")
    publish(store, {"plan.json": b'{"run_date": "2026-01-01"}', "feeds/daily.jsonl": b"{}\n", climbing: b"pwned"})
    with caplog.at_level(logging.WARNING, logger="mediamon.storage.sync"):
        pull(store, RUN, local_run, task)
    escaped = [p for p in tmp.rglob("escape*") if "store" not in p.relative_to(tmp).parts]
    assert escaped == [], escaped
    assert (local_run / "plan.json").read_bytes() == b'{"run_date": "2026-01-01"}'
    assert any("not a path inside the folder" in r.getMessage() for r in caplog.records)


class ListedStore:
    """A store whose listing holds the object names given (an S3 bucket may hold '../' in a key)."""

    def __init__(self, names: list[str]) -> None:
        self.names = names

    def find(self, rel_dir: str) -> dict[str, int]:
        """Every name, with its size."""
        return {name: 4 for name in self.names}

    def get_file(self, rel: str, local: Path) -> int:
        """Write the object's bytes to local."""
        local.parent.mkdir(parents=True, exist_ok=True)
        local.write_bytes(b"page")
        return 4

    def uri(self, rel: str = "") -> str:
        """The store's URL of rel."""
        return f"s3://bucket/{rel}"


@pytest.mark.parametrize("name", ["digests/../../escape.html", "digests/2026-01-01/../../../escape.html",
                                  "digests//escape.html", "digests/..\\..\\escape.html", "digests/a\x00/escape.html",
                                  "elsewhere/escape.html"])
def test_an_object_name_climbing_out_of_the_digests_is_not_mirrored(tmp_path: Path, name: str) -> None:
    local = tmp_path / "data" / "digests"
    moved = mirror(ListedStore([name, "digests/2026-01-01/index.html"]), "digests", local)  # type: ignore[arg-type]
    assert moved.files == 1 and (local / "2026-01-01" / "index.html").read_bytes() == b"page"
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()] == [
        "data/digests/2026-01-01/index.html"]


@pytest.mark.parametrize("manifest", [b"{not json", b"\xff\xfe", b"[1, 2]", b'{"files": ["plan.json"]}',
                                      b'{"files": {"plan.json": "12"}}', b'{"files": {"plan.json": 1}, "written_at": 5}'])
def test_a_damaged_manifest_is_a_storage_error_naming_it(sides: tuple[DataStore, Path, Path], manifest: bytes) -> None:
    store, local_run, _ = sides
    publish(store, {"plan.json": b"{}"})
    store.put_bytes(f"{RUN}/manifests/z.json", manifest)
    with pytest.raises(StorageError, match=r"manifests/z\.json: .*the manifest is damaged: re-run the task"):
        pull(store, RUN, local_run, "validate")
