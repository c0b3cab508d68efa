"""The "Media digests" web app (FastAPI): a home page with a date picker, the day's quality banner, what
changed since yesterday and the day's countries and topics with their badges; a watches page (each
saved search with its matches and its last 28 days); the pre-rendered digest files; and the Great
Expectations Data Docs.
It only reads files under <data-dir>/digests and <data-dir>/gx_docs (copied from MEDIAMON_DATA_URL first when
the data directory is shared); the Airflow plugin mounts it."""
from __future__ import annotations

import json
import logging
import mimetypes
import re
from collections.abc import Callable
from datetime import date as Date
from pathlib import Path

import jinja2
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mediamon.digest import render

logger = logging.getLogger(__name__)

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# One path segment: no slash, backslash or leading dot or space. Spaces and + = @ , ~ are kept for the folder names
# Great Expectations makes from run names ("run 2026-01-15-231411-1e6634").
PART_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.,+=@~ -]*$")
# What rendering a page raises when a summary lacks a field it reads, or holds one of another type.
PAGE_ERRORS = (LookupError, TypeError, AttributeError, ValueError, jinja2.UndefinedError)
GX_SUITE_FOLDERS = ("batch", "articles", "feed_items")   # <data-dir>/gx_docs/<suite>/index.html
SERVED_SUFFIXES = {".html", ".md", ".json", ".css", ".js", ".png", ".svg", ".ico", ".woff", ".woff2", ".txt"}
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
                    "Cache-Control": "no-store"}
# The app's own pages: inline <style> and inline SVG only, a GET form back to the app, framed by Airflow.
APP_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
           "base-uri 'none'; frame-ancestors 'self'")
# What the Data Docs pages of Great Expectations 1.x load from CDNs (render/view/templates): exactly these files,
# the Font Awesome fonts and the GX logo; nothing else from outside origins.
GX_CDN_SCRIPTS = (
    "https://code.jquery.com/jquery-3.7.1.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js",
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js",
    "https://cdn.jsdelivr.net/npm/vega@5", "https://cdn.jsdelivr.net/npm/vega-lite@5",
    "https://cdn.jsdelivr.net/npm/vega-embed@6")
GX_CDN_STYLES = (
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css",
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css",
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css",
    "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css")
GX_CDN_FONTS = ("https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/webfonts/",)
GX_CDN_IMAGES = ("https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/logo-long.png",)
# The Data Docs: their own files, inline scripts and the CDN files above, sandboxed into an opaque origin so that
# neither they nor a CDN can reach the Airflow session, cookies or API (GX's footer then cannot read
# sessionStorage and stays hidden, which costs nothing).
GX_DOCS_CSP = (f"default-src 'self'; script-src 'self' 'unsafe-inline' {' '.join(GX_CDN_SCRIPTS)}; "
               f"style-src 'self' 'unsafe-inline' {' '.join(GX_CDN_STYLES)}; "
               f"img-src 'self' data: {' '.join(GX_CDN_IMAGES)}; font-src 'self' data: {' '.join(GX_CDN_FONTS)}; "
               "connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'; "
               "sandbox allow-scripts")


def digest_dates(digests_dir: Path) -> list[str]:
    """The days that have a digest index, newest first."""
    if not digests_dir.is_dir():
        return []
    return sorted((p.name for p in digests_dir.iterdir()
                   if DATE_RE.match(p.name) and (p / "index.html").is_file()), reverse=True)


def read_summary(digests_dir: Path, day: str) -> dict | None:
    """The day's summary.json, or None when that day has no digests or its summary cannot be read (summary_problem
    says why)."""
    return _summary_and_problem(digests_dir, day)[0]


def summary_problem(digests_dir: Path, day: str) -> str | None:
    """Why the day's summary.json cannot be read (not UTF-8, not JSON, not an object) and what to do; None when it
    reads or does not exist."""
    return _summary_and_problem(digests_dir, day)[1]


def _summary_and_problem(digests_dir: Path, day: str) -> tuple[dict | None, str | None]:
    """The day's summary, or None and why it cannot be read (None too when the day has no digests)."""
    if not DATE_RE.match(day):
        return None, None
    path = digests_dir / day / "summary.json"
    found, problem = _read_summary_file(path)
    if problem is None:
        return found, None
    logger.warning("digests %s cannot be read (%s)", path, problem)
    return None, (f"the digests of {day} cannot be read: its summary.json is damaged ({problem}); rebuild them "
                  f"(`mediamon run --date {day}` or the media_digest DAG for that day)")


def _read_summary_file(path: Path) -> tuple[dict | None, str | None]:
    """A summary.json as an object, or None and why it cannot be read (not UTF-8, not JSON, not an object); (None,
    None) when there is no such file."""
    if not path.is_file():
        return None, None
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as err:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return None, f"{type(err).__name__}: {str(err)[:120]}"
    if not isinstance(found, dict):
        return None, f"it holds a JSON {type(found).__name__}, not an object"
    return found, None


def checked_day(value: str) -> str:
    """value when it is a calendar day written YYYY-MM-DD in ASCII digits; else HTTP 422 saying what to give (the
    value itself is not echoed: it may hold markup)."""
    if DATE_RE.match(value) and value.isascii():
        try:
            Date.fromisoformat(value)
            return value
        except ValueError:
            pass
    raise HTTPException(status_code=422, detail="the date asked for is not a day: give a day written YYYY-MM-DD, "
                                                "e.g. 2026-03-31")


def page_problem(summary: dict, day: str) -> str | None:
    """Why the home or the watches page cannot show the summary (a field they read missing, or of another type), or
    None when both can."""
    try:
        render.app_home_html(dates=[day], selected=day, summary=summary, gx_docs=[])
        render.app_watches_html(dates=[day], selected=day, summary=summary)
    except PAGE_ERRORS as err:
        return f"the pages cannot show it ({type(err).__name__}: {str(err)[:120]})"
    return None


def is_loaded(summary: dict) -> bool:
    """True when a run was loaded for the summary's day: it has articles or recorded quality checks."""
    quality = summary.get("quality")
    return bool(summary.get("day_articles") or isinstance(quality, dict) and quality.get("checks"))


def default_day(digests_dir: Path, dates: list[str]) -> str | None:
    """The newest day with a loaded run whose summary.json the pages can show (a digest built for a day never loaded
    is skipped); else the newest day whose summary they can show; else the newest day. A summary.json that cannot be
    read (cut short, not JSON, not an object) or that the pages cannot show (a field missing, or of another type) is
    skipped with a warning naming it."""
    fallback = None
    for day in dates:
        path = digests_dir / day / "summary.json"
        summary, problem = _read_summary_file(path)
        loaded = summary is not None and is_loaded(summary)
        if summary is not None and not loaded and fallback is not None:
            continue  # a newer day never loaded is already the fallback
        if summary is not None and (problem := page_problem(summary, day)) is None:
            if loaded:
                return day
            fallback = day
        elif problem is not None:
            logger.warning("digests %s skipped for the default day: %s; the newest day the pages can show is picked "
                           "instead (rebuild this one: `mediamon run --date %s`)", path, problem, day)
    return fallback or (dates[0] if dates else None)


def gx_docs_pages(gx_dir: Path) -> list[tuple[str, str]]:
    """The Data Docs index pages that exist, as (app path, name): the site's own index, then one per suite."""
    pages = [("gx_docs/index.html", "Data Docs")] if (gx_dir / "index.html").is_file() else []
    return pages + [(f"gx_docs/{folder}/index.html", f"Data Docs: {folder}") for folder in GX_SUITE_FOLDERS
                    if (gx_dir / folder / "index.html").is_file()]


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


def page_headers(csp: str = APP_CSP) -> dict[str, str]:
    """The security headers with a Content-Security-Policy."""
    return {**SECURITY_HEADERS, "Content-Security-Policy": csp}


class DefaultHeaders:
    """ASGI middleware: adds each of its headers to every response that does not set it already."""

    def __init__(self, app: ASGIApp, headers: dict[str, str]) -> None:
        """Wraps app; headers are the defaults."""
        self.app, self.headers = app, headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Passes the request on and fills the missing headers into the response start."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_defaults(message: Message) -> None:
            """Adds the default headers to the response start message."""
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_defaults)


def _file_response(path: Path, csp: str = APP_CSP) -> FileResponse:
    """A file with its media type, the security headers and the given Content-Security-Policy."""
    media = "text/markdown; charset=utf-8" if path.suffix == ".md" else mimetypes.guess_type(path.name)[0]
    return FileResponse(path, media_type=media or "application/octet-stream", headers=page_headers(csp))


def is_browser_page_request(request: Request) -> bool:
    """True for a browser asking for a page (GET accepting HTML), false for API clients."""
    return request.method == "GET" and "text/html" in request.headers.get("accept", "")


def login_redirect(login_url: Callable[[str], str]) -> Callable:
    """An HTTP error handler sending a browser refused with 401 to login_url(the page it asked for), with a 303;
    API clients and other errors get the usual JSON answer."""

    async def handle(request: Request, exc: StarletteHTTPException) -> Response:
        """The redirect for a browser's 401; FastAPI's JSON error otherwise."""
        if exc.status_code != 401 or not is_browser_page_request(request):
            return await http_exception_handler(request, exc)
        asked = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(login_url(asked), status_code=303, headers=page_headers())

    return handle


def create_app(data_dir: Path, *, auth_dependency: Callable | None = None,
               refresh: Callable[[], None] | None = None,
               login_url: Callable[[str], str] | None = None) -> FastAPI:
    """The digests app reading <data_dir>/digests; every route depends on auth_dependency if given, and
    calls refresh first if given (it brings new digests from the shared store). login_url(next path), if given,
    is where a browser refused with 401 is sent."""
    data_dir = Path(data_dir)
    digests_dir, gx_dir = data_dir / "digests", data_dir / "gx_docs"
    deps = [Depends(auth_dependency)] if auth_dependency is not None else []
    if refresh is not None:
        deps.append(Depends(refresh))
    app = FastAPI(title="Media digests", dependencies=deps, docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(DefaultHeaders, headers=page_headers())   # API, 401, 404 and 422 responses too
    if login_url is not None:
        app.add_exception_handler(StarletteHTTPException, login_redirect(login_url))

    def chosen(date: str | None) -> tuple[list[str], str | None, dict | None]:
        """The days with digests, the chosen one (by default the latest with a loaded run) and its summary."""
        dates = digest_dates(digests_dir)
        selected = checked_day(date) if date else default_day(digests_dir, dates)
        return dates, selected, read_summary(digests_dir, selected) if selected else None

    def shown(page: Callable[..., str], selected: str | None, summary: dict | None, **parts: object) -> str:
        """The page for the chosen day; when its summary cannot be read, or lacks what the page shows (damaged, or
        written by another version), the page without it, saying why and what to do."""
        if summary is None:
            problem = summary_problem(digests_dir, selected) if selected else None
            return page(selected=selected, summary=None, problem=problem, **parts)
        try:
            return page(selected=selected, summary=summary, **parts)
        except PAGE_ERRORS as err:
            logger.warning("digests day=%s summary.json cannot be shown (%s: %s)", selected, type(err).__name__, err)
            problem = (f"the digests of {selected} cannot be shown: its summary.json lacks what this page needs "
                       f"({type(err).__name__}: {str(err)[:120]}); rebuild them (`mediamon run --date {selected}` "
                       "or the media_digest DAG for that day)")
            return page(selected=selected, summary=None, problem=problem, **parts)

    @app.get("/", response_class=HTMLResponse)
    def home(date: str | None = Query(default=None, max_length=10)) -> HTMLResponse:
        """Date picker, quality banner, what changed, and the chosen day's countries and topics."""
        dates, selected, summary = chosen(date)
        page = shown(render.app_home_html, selected, summary, dates=dates, gx_docs=gx_docs_pages(gx_dir))
        return HTMLResponse(page, headers=page_headers())

    @app.get("/watches", response_class=HTMLResponse)
    def watches(date: str | None = Query(default=None, max_length=10)) -> HTMLResponse:
        """Each watch with its matches on the chosen day (the latest loaded by default) and its last 28 days."""
        dates, selected, summary = chosen(date)
        return HTMLResponse(shown(render.app_watches_html, selected, summary, dates=dates), headers=page_headers())

    @app.get("/digests/{rel_path:path}")
    def digest_file(rel_path: str) -> FileResponse:
        """A pre-rendered digest file (HTML, Markdown, JSON) or index page."""
        return _file_response(resolve_inside(digests_dir, rel_path or "index.html"))

    @app.get("/gx_docs/{rel_path:path}")
    def gx_docs(rel_path: str) -> FileResponse:
        """The Great Expectations Data Docs site, when the quality stage has built it (sandboxed)."""
        return _file_response(resolve_inside(gx_dir, rel_path), GX_DOCS_CSP)

    @app.get("/api/summary/{day}")
    def summary(day: str) -> dict:
        """The day's summary (keys, counts, spikes, quality) as JSON."""
        found, problem = _summary_and_problem(digests_dir, checked_day(day))
        if found is None:
            raise HTTPException(status_code=404, detail=problem or f"no digests for {day!r}")
        return found

    return app
