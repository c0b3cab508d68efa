"""Take a screenshot of a digest page (a file or an http:// URL) with headless Chromium, for docs/.

    python tools/screenshot_digest.py data/demo/digests/<date>/index.html docs/digest-screenshot.png
    python tools/screenshot_digest.py data/demo/digests/<date>/country/KZ.html out.png --height 1800

Needs Debian's chromium (apt-get install -y chromium) or --chromium PATH. The page is loaded from the
file itself, so it must be a page the digest build wrote (its links and styles are inline or relative).
Prints the output path and its size; exits non-zero with a message when Chromium is missing or fails.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

DEFAULT_CHROMIUM = "/usr/bin/chromium"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
TIMEOUT_S = 120


def page_url(page: str) -> str:
    """An http(s) URL as given, or the file:// URL of a local page (which must exist)."""
    if page.startswith(("http://", "https://")):
        return page
    path = Path(page).resolve()
    if not path.is_file():
        raise SystemExit(f"{page}: no such digest page (build the digests first, e.g. make demo)")
    return path.as_uri()


def screenshot(page: str, out: Path, *, width: int = 1280, height: int = 1400,
               chromium: str = DEFAULT_CHROMIUM) -> Path:
    """Render page in headless Chromium at width x height and write a PNG to out; returns out."""
    browser = shutil.which(chromium) or (chromium if Path(chromium).is_file() else None)
    if browser is None:
        raise SystemExit(f"{chromium}: Chromium not found (apt-get install -y chromium, or pass --chromium PATH)")
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                               f"--user-data-dir={profile}", f"--window-size={width},{height}",
                               "--virtual-time-budget=5000", f"--screenshot={out}", page_url(page)],
                              capture_output=True, timeout=TIMEOUT_S, check=False)
    if done.returncode != 0 or not out.is_file() or not out.read_bytes().startswith(PNG_MAGIC):
        raise SystemExit(f"chromium failed ({done.returncode}): {done.stderr.decode(errors='replace')[-500:]}")
    return out


def main(argv: list[str] | None = None) -> None:
    """Parse the arguments, take the screenshot, print where it is."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", help="a digest HTML file (or an http:// URL of the digests app)")
    parser.add_argument("out", type=Path, help="the PNG to write, e.g. docs/digest-screenshot.png")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1400)
    parser.add_argument("--chromium", default=DEFAULT_CHROMIUM)
    args = parser.parse_args(argv)
    out = screenshot(args.page, args.out, width=args.width, height=args.height, chromium=args.chromium)
    sys.stdout.write(f"{out} {out.stat().st_size} bytes\n")


if __name__ == "__main__":
    main()
