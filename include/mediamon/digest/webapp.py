"""The "Media digests" web app (FastAPI): a home page with a date picker and the day's countries and
topics with spike badges, the pre-rendered digest files, and the Great Expectations Data Docs.
It only reads files under <data-dir>/digests and <data-dir>/gx_docs; the Airflow plugin mounts it."""
from __future__ import annotations

import json
import logging
import mimetypes
import re
from collections.abc import Callable
from pathlib import Path

from fastapi import Depends, FastAPI, HTTPException, Query
from fastapi.responses import FileResponse, HTMLResponse

from mediamon.digest import render

logger = logging.getLogger(__name__)

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PART_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")   # one safe path segment, no leading dot
SERVED_SUFFIXES = {".html", ".md", ".json", ".css", ".js", ".png", ".svg", ".ico", ".woff", ".woff2", ".txt"}
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
                    "Cache-Control": "no-store"}


def digest_dates(digests_dir: Path) -> list[str]:
    """The days that have a digest index, newest first."""
    if not digests_dir.is_dir():
        return []
    return sorted((p.name for p in digests_dir.iterdir()
                   if DATE_RE.match(p.name) and (p / "index.html").is_file()), reverse=True)


def read_summary(digests_dir: Path, day: str) -> dict | None:
    """The day's summary.json, or None when that day has no digests."""
    path = digests_dir / day / "summary.json"
    if not DATE_RE.match(day) or not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def resolve_inside(root: Path, rel_path: str) -> Path:
    """root/rel_path when every segment is plain and the file exists inside root; else HTTP 404."""
    parts = rel_path.split("/")
    if not rel_path or not all(PART_RE.match(p) for p in parts):
        raise HTTPException(status_code=404, detail="not found")
    path = root.joinpath(*parts)
    try:
        inside = path.resolve(strict=True).is_relative_to(root.resolve(strict=True))
    except (OSError, RuntimeError):
        inside = False
    if not inside or not path.is_file() or path.suffix.lower() not in SERVED_SUFFIXES:
        raise HTTPException(status_code=404, detail="not found")
    return path


def _file_response(path: Path) -> FileResponse:
    """A file with its media type and the security headers."""
    media = "text/markdown; charset=utf-8" if path.suffix == ".md" else mimetypes.guess_type(path.name)[0]
    return FileResponse(path, media_type=media or "application/octet-stream", headers=SECURITY_HEADERS)


def create_app(data_dir: Path, *, auth_dependency: Callable | None = None) -> "FastAPI":
    """The digests app reading <data_dir>/digests; every route depends on auth_dependency if given."""
    data_dir = Path(data_dir)
    digests_dir, gx_dir = data_dir / "digests", data_dir / "gx_docs"
    deps = [Depends(auth_dependency)] if auth_dependency is not None else []
    app = FastAPI(title="Media digests", dependencies=deps, docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/", response_class=HTMLResponse)
    def home(date: str | None = Query(default=None, max_length=10)) -> HTMLResponse:
        """Date picker and the chosen day's countries and topics (the latest day by default)."""
        dates = digest_dates(digests_dir)
        selected = date if date and DATE_RE.match(date) else (dates[0] if dates else None)
        summary = read_summary(digests_dir, selected) if selected else None
        page = render.app_home_html(dates=dates, selected=selected, summary=summary,
                                    has_gx_docs=(gx_dir / "index.html").is_file())
        return HTMLResponse(page, headers=SECURITY_HEADERS)

    @app.get("/digests/{rel_path:path}")
    def digest_file(rel_path: str) -> FileResponse:
        """A pre-rendered digest file (HTML, Markdown, JSON) or index page."""
        return _file_response(resolve_inside(digests_dir, rel_path or "index.html"))

    @app.get("/gx_docs/{rel_path:path}")
    def gx_docs(rel_path: str) -> FileResponse:
        """The Great Expectations Data Docs site, when the quality stage has built it."""
        return _file_response(resolve_inside(gx_dir, rel_path))

    @app.get("/api/summary/{day}")
    def summary(day: str) -> dict:
        """The day's summary (keys, counts, spikes, quality) as JSON."""
        found = read_summary(digests_dir, day)
        if found is None:
            raise HTTPException(status_code=404, detail=f"no digests for {day!r}")
        return found

    return app
