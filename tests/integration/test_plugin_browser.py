"""A real browser renders the digests app served by uvicorn on 127.0.0.1, and tools/screenshot_digest.py
photographs a built digest file (skipped without Chromium). Set MEDIAMON_UPDATE_SCREENSHOT=1 to refresh
docs/digest-screenshot.png from this test (the demo's digests give a better one: see the tool's usage)."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from digest_warehouse import END, fill_warehouse

from mediamon.digest import build_digests
from mediamon.digest.webapp import create_app

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
DOCS_SHOT = ROOT / "docs" / "digest-screenshot.png"
SCREENSHOT_TOOL = ROOT / "tools" / "screenshot_digest.py"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (apt-get install -y chromium)")


def _free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over freshly built digests, served by uvicorn on 127.0.0.1 (one server for the module's
    tests, which only read); yields its base URL."""
    import uvicorn

    tmp_path = tmp_path_factory.mktemp("served")
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
    assert server.started, "uvicorn did not start within 20 s"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def _screenshot(url: str, out: Path, tmp: Path) -> None:
    """Headless Chromium screenshot of url into out."""
    subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--user-data-dir={tmp / 'profile'}", "--window-size=1280,1400", "--virtual-time-budget=5000",
                    f"--screenshot={out}", url], check=True, capture_output=True, timeout=120)


def _dom(url: str, tmp: Path) -> str:
    """The page's DOM after headless Chromium loaded it."""
    done = subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
                           f"--user-data-dir={tmp / 'profile-dom'}", "--virtual-time-budget=5000", "--dump-dom", url],
                          check=True, capture_output=True, timeout=120)
    return done.stdout.decode()


def test_digest_page_renders_in_a_browser(served: str, tmp_path: Path) -> None:
    shot = tmp_path / "digest.png"
    _screenshot(f"{served}/digests/{END.isoformat()}/country/KZ.html", shot, tmp_path)
    data = shot.read_bytes()
    assert data.startswith(PNG_MAGIC) and len(data) > 20_000   # a blank page is a few kB
    if os.environ.get("MEDIAMON_UPDATE_SCREENSHOT") == "1":
        shutil.copyfile(shot, DOCS_SHOT)


@pytest.mark.parametrize("path, expected", [
    ("/", ["What changed since yesterday", "Biggest rises against baseline", "Watches that fired", "kz-protests"]),
    ("/watches", ["kz-protests", "kz-parliament", "outbreaks", "matches per day"]),
    (f"/digests/{END.isoformat()}/index.html", ["What changed since yesterday", "Watches", "What the badges mean"]),
    (f"/digests/{END.isoformat()}/watches.html", ["Protests in Kazakhstan", "21 matches"]),
])
def test_morning_pages_render_in_a_browser(served: str, tmp_path: Path, path: str, expected: list[str]) -> None:
    dom = _dom(served + path, tmp_path)
    for text in expected:
        assert text in dom, (path, text)
    assert "<script>alert" not in dom   # hostile titles stayed text after the browser parsed the page
    shot = tmp_path / "page.png"
    _screenshot(served + path, shot, tmp_path)
    assert shot.read_bytes().startswith(PNG_MAGIC) and shot.stat().st_size > 20_000


def test_screenshot_tool_photographs_a_built_digest_file(tmp_path: Path) -> None:
    filled = fill_warehouse(tmp_path / "wh.duckdb")
    index = build_digests(filled.db_path, END.isoformat(), tmp_path / "digests", watch={"countries": ["KZ"]})
    out = tmp_path / "shots" / "index.png"
    done = subprocess.run([sys.executable, str(SCREENSHOT_TOOL), str(index), str(out), "--height", "900"],
                          capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(PNG_MAGIC) and out.stat().st_size > 20_000
    assert done.stdout.startswith(str(out))
    missing = subprocess.run([sys.executable, str(SCREENSHOT_TOOL), str(tmp_path / "nope.html"), str(out)],
                             capture_output=True, text=True, timeout=60, check=False)
    assert missing.returncode != 0 and "no such digest page" in missing.stderr
