"""A real browser renders the digests app served by uvicorn on 127.0.0.1 (skipped without Chromium).
Set MEDIAMON_UPDATE_SCREENSHOT=1 to refresh docs/digest-screenshot.png from this test."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from digest_warehouse import END, fill_warehouse

from mediamon.digest import build_digests
from mediamon.digest.webapp import create_app

CHROMIUM = Path("/usr/bin/chromium")
DOCS_SHOT = Path(__file__).resolve().parents[2] / "docs" / "digest-screenshot.png"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (apt-get install -y chromium)")


def _free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """The app over freshly built digests, served by uvicorn on 127.0.0.1; yields its base URL."""
    import uvicorn

    filled = fill_warehouse(tmp_path / "wh.duckdb")
    build_digests(filled.db_path, END.isoformat(), tmp_path / "digests",
                  watch={"countries": ["KZ", "FR"], "topics": ["medtop:20000065"]})
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(tmp_path), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def _screenshot(url: str, out: Path, tmp: Path) -> None:
    """Headless Chromium screenshot of url into out."""
    subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--user-data-dir={tmp / 'profile'}", "--window-size=1280,1400", "--virtual-time-budget=5000",
                    f"--screenshot={out}", url], check=True, capture_output=True, timeout=120)


def test_digest_page_renders_in_a_browser(served: str, tmp_path: Path) -> None:
    shot = tmp_path / "digest.png"
    _screenshot(f"{served}/digests/{END.isoformat()}/country/KZ.html", shot, tmp_path)
    data = shot.read_bytes()
    assert data.startswith(PNG_MAGIC) and len(data) > 20_000   # a blank page is a few kB
    if os.environ.get("MEDIAMON_UPDATE_SCREENSHOT") == "1":
        shutil.copyfile(shot, DOCS_SHOT)
