"""The web UI's mirror of the shared store (MEDIAMON_DATA_URL) on a host that cannot write a file, seventh round: a full
or read-only disk, or an object name that is a folder on this host (a bucket may hold both 'digests/d' and
'digests/d/index.html'). The OSError escaped the mirror, which runs before every page, so every page of the Digests
and Watches views answered 500 until the disk or the bucket was fixed. Now the file that cannot be written is named
in a warning, the others are mirrored, and the pages are served from the copy the host holds."""
from __future__ import annotations

import errno
import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mediamon.digest.webapp import create_app
from mediamon.settings import Settings
from mediamon.storage.shared import published_mirror
from mediamon.storage.store import DataStore

DAY, NEW_DAY = "2026-01-14", "2026-01-15"


@pytest.fixture
def shared(tmp_path: Path, settings: Settings) -> Settings:
    """Settings on a file:// store holding two days' digest folders; the UI host holds neither."""
    store = tmp_path / "store"
    for day in (DAY, NEW_DAY):
        folder = store / "digests" / day
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(f"<html><body>digests of {day}</body></html>", encoding="utf-8")
        (folder / "country").mkdir()
        (folder / "country" / "KZ.html").write_text(f"<html><body>KZ on {day}</body></html>", encoding="utf-8")
    return settings.with_overrides(data_url=f"file://{store}")


def test_an_object_named_like_a_folder_here_costs_that_file_only(shared: Settings,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    blocked = shared.data_dir / "digests" / NEW_DAY / "index.html"
    blocked.mkdir(parents=True)
    refresh = published_mirror(shared)
    assert refresh is not None
    with caplog.at_level(logging.WARNING, logger="mediamon.storage"):
        refresh()
    digests = shared.data_dir / "digests"
    assert (digests / DAY / "index.html").read_text(encoding="utf-8") == f"<html><body>digests of {DAY}</body></html>"
    assert (digests / NEW_DAY / "country" / "KZ.html").is_file() and blocked.is_dir()
    assert any("index.html" in r.getMessage() and NEW_DAY in r.getMessage() for r in caplog.records)
    assert not list(digests.rglob("*.part"))  # no half-written file left beside it


def test_a_full_disk_leaves_the_pages_served_from_the_copy_held(shared: Settings, monkeypatch: pytest.MonkeyPatch,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    held = shared.data_dir / "digests" / DAY
    held.mkdir(parents=True)
    (held / "index.html").write_text("<html><body>the copy held</body></html>", encoding="utf-8")

    def disk_full(self: DataStore, rel: str, local: Path) -> int:
        raise OSError(errno.ENOSPC, "No space left on device", str(local))

    monkeypatch.setattr(DataStore, "get_file", disk_full)
    client = TestClient(create_app(shared.data_dir, refresh=published_mirror(shared)), raise_server_exceptions=False)
    with caplog.at_level(logging.WARNING, logger="mediamon.storage"):
        page = client.get(f"/digests/{DAY}/index.html")
    assert page.status_code == 200 and "the copy held" in page.text
    assert any("No space left on device" in r.getMessage() for r in caplog.records)
    assert client.get("/").status_code == 200
