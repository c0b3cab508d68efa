"""The "Media digests" web app over pre-rendered digests, and its Airflow plugin wiring."""
from __future__ import annotations

import importlib.util
import json
import re
import shutil
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlencode, urlsplit

import httpx
import pytest
from digest_warehouse import END, fill_warehouse
from fastapi import HTTPException
from fastapi.testclient import TestClient

from mediamon.digest import build_digests
from mediamon.digest.webapp import create_app

DAY = END.isoformat()
PLUGIN = Path(__file__).resolve().parents[2] / "plugins" / "mediamon_ui.py"
GX_PAGE = """<html><head>
<script src="https://cdn.jsdelivr.net/npm/vega@5"></script>
<script src="https://cdn.jsdelivr.net/npm/vega-embed@6"></script>
<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css">
<script>var spec = {};</script></head><body>GX validation results</body></html>"""


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir with the digests of END, a secret file beside them and a symlink pointing out."""
    root = tmp_path_factory.mktemp("data")
    filled = fill_warehouse(root / "wh.duckdb")
    build_digests(filled.db_path, DAY, root / "digests",
                  watch={"countries": ["KZ", "FR"], "topics": ["medtop:20000065"]})
    (root / "secret.html").write_text("TOP SECRET")
    (root / "digests" / DAY / "country" / "link.html").symlink_to(root / "secret.html")
    return root


@pytest.fixture(scope="module")
def client(data_dir: Path) -> TestClient:
    """A test client for the app without authentication."""
    return TestClient(create_app(data_dir))


def test_home_lists_the_latest_day_with_spike_badges(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert f'value="{DAY}"' in page.text and 'type="date"' in page.text
    assert f'href="digests/{DAY}/country/KZ.html"' in page.text
    assert 'class="badge spike"' in page.text and "civil unrest" in page.text
    assert "Data Docs" not in page.text  # no gx_docs yet


def test_home_for_an_unknown_or_hostile_date(client: TestClient) -> None:
    assert "No digests for 2001-01-01" in client.get("/?date=2001-01-01").text
    page = client.get("/", params={"date": "<script>"})
    assert page.status_code in (200, 422) and "<script>" not in page.text


def test_digest_pages_are_served(client: TestClient) -> None:
    page = client.get(f"/digests/{DAY}/country/KZ.html")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "&lt;script&gt;" in page.text and "<script>" not in page.text
    assert client.get(f"/digests/{DAY}/topic/medtop-20000065.json").json()["key"] == "medtop:20000065"
    assert client.get(f"/digests/{DAY}/country/KZ.md").headers["content-type"].startswith("text/markdown")
    assert client.get(f"/digests/{DAY}/index.html").status_code == 200
    assert DAY in client.get("/digests/index.html").text
    assert client.get(f"/api/summary/{DAY}").json()["run_date"] == DAY


@pytest.mark.parametrize("path", [
    "/digests/..%2Fsecret.html",
    "/digests/%2e%2e/secret.html",
    f"/digests/{DAY}/country/..%2F..%2F..%2Fsecret.html",
    "/digests/..%5Csecret.html",
    f"/digests/{DAY}/country/link.html",            # symlink out of the digests folder
    f"/digests/{DAY}/.hidden.html",
    "/digests//etc/passwd",
    f"/digests/{DAY}/country/NOPE.html",
    "/gx_docs/index.html",                           # no Data Docs built yet
    "/api/summary/..%2F..",
    "/digests/%20..%2Fsecret.html",                  # a space does not hide a parent segment
    "/gx_docs/run%20..%2F..%2Fsecret.html",
    "/gx_docs/%2Fetc%2Fpasswd",
])
def test_path_traversal_and_missing_files_are_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "TOP SECRET" not in response.text


def test_data_docs_link_and_files_when_present(data_dir: Path, tmp_path: Path) -> None:
    gx = data_dir / "gx_docs"
    (gx / "static").mkdir(parents=True)
    (gx / "index.html").write_text("<html>GX docs</html>")
    (gx / "static" / "style.css").write_text("body{}")
    client = TestClient(create_app(data_dir))
    assert 'href="gx_docs/index.html"' in client.get("/").text
    assert client.get("/gx_docs/index.html").text == "<html>GX docs</html>"
    assert client.get("/gx_docs/static/style.css").headers["content-type"].startswith("text/css")


def csp_directives(response: httpx.Response) -> dict[str, list[str]]:
    """The response's Content-Security-Policy as {directive: sources}."""
    header = response.headers["content-security-policy"]
    parts = [part.split() for part in header.split(";") if part.strip()]
    return {words[0].lower(): words[1:] for words in parts}


def effective_sources(directives: dict[str, list[str]], name: str) -> list[str]:
    """The sources a directive allows, falling back to default-src."""
    return directives.get(name, directives.get("default-src", ["*"]))


def allows_outside_origin(sources: list[str]) -> bool:
    """True when a source list admits any origin other than the page's own."""
    keywords = {"'self'", "'none'", "'unsafe-inline'", "data:"}
    return any(source.lower() not in keywords for source in sources)


@pytest.fixture
def gx_client(tmp_path: Path) -> TestClient:
    """A client for an app whose Data Docs page pulls scripts and styles from cdn.jsdelivr.net."""
    (tmp_path / "gx_docs" / "static").mkdir(parents=True)
    (tmp_path / "gx_docs" / "index.html").write_text(GX_PAGE)
    (tmp_path / "gx_docs" / "static" / "app.js").write_text("var x = 1;")
    return TestClient(create_app(tmp_path))


@pytest.mark.parametrize("path", ["/gx_docs/index.html", "/gx_docs/static/app.js"])
def test_data_docs_are_sandboxed_without_same_origin(gx_client: TestClient, path: str) -> None:
    response = gx_client.get(path)
    assert response.status_code == 200
    directives = csp_directives(response)
    assert "sandbox" in directives and "allow-same-origin" not in directives["sandbox"]
    assert "allow-scripts" in directives["sandbox"]
    assert "allow-same-origin" not in response.headers["content-security-policy"]
    assert not any("*" in s for s in effective_sources(directives, "script-src"))
    assert response.headers["x-content-type-options"] == "nosniff"


def test_data_docs_policy_keeps_outside_origins_to_the_listed_files(gx_client: TestClient) -> None:
    directives = csp_directives(gx_client.get("/gx_docs/index.html"))
    for url in ("https://evil.example/x.js", "https://cdn.jsdelivr.net/npm/evil@1", "https://unpkg.com/x.js",
                "http://code.jquery.com/jquery-3.7.1.min.js", "https://code.jquery.com/jquery-3.7.1.min.js.evil"):
        assert not csp_allows(effective_sources(directives, "script-src"), url), url
    assert not csp_allows(effective_sources(directives, "style-src"), "https://evil.example/x.css")
    assert not any("*" in s for name in directives for s in directives[name]), directives
    assert "'unsafe-inline'" in directives["script-src"]             # GX docs rely on inline scripts
    assert directives["connect-src"] == ["'none'"] and directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"] and directives["form-action"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'self'"]


def csp_allows(sources: list[str], url: str) -> bool:
    """True when a source list admits the absolute URL (scheme, host, then the path: exact, or below one ending in /)."""
    parts = urlsplit(url)
    for source in sources:
        allowed = urlsplit(source)
        if not allowed.netloc or (allowed.scheme, allowed.netloc) != (parts.scheme, parts.netloc):
            continue
        if allowed.path in ("", "/") or parts.path == allowed.path or (
                allowed.path.endswith("/") and parts.path.startswith(allowed.path)):
            return True
    return False


@pytest.fixture(scope="module")
def real_gx_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir with the Data Docs Great Expectations builds for one feed validation, under a run whose
    folder name holds a space ("run 2026-01-15-231411-1e6634")."""
    import pandas as pd

    from mediamon.quality import validate_feed_items

    root = tmp_path_factory.mktemp("gx")
    frame = pd.DataFrame.from_records([{
        "source_id": "meridian", "feed_url": "https://example.org/feed", "url": f"https://example.org/news/{n}",
        "title": f"Story {n}", "summary": "A summary.", "published_at": "2026-01-15T08:00:00Z", "guid": f"g{n}"}
        for n in (1, 2)])
    frame["published_at"] = pd.to_datetime(frame["published_at"], utc=True)
    validate_feed_items(frame, run_date="2026-01-15", run_id="2026-01-15-231411-1e6634",
                        docs_dir=root / "gx_docs")
    return root


def test_every_data_docs_result_linked_from_the_index_opens(real_gx_docs: Path) -> None:
    client = TestClient(create_app(real_gx_docs))
    index = client.get("/gx_docs/feed_items/index.html")
    links = [link for link in re.findall(r"'_table_row_link_path': '([^']+)'", index.text) if "validations/" in link]
    assert links and all("run%20" in link for link in links), links
    for link in links:
        page = client.get(f"/gx_docs/feed_items/{link}")
        assert page.status_code == 200 and "2026-01-15-231411-1e6634" in page.text, link


def test_data_docs_policy_admits_every_outside_file_the_pages_load(real_gx_docs: Path) -> None:
    client = TestClient(create_app(real_gx_docs))
    tags = {"script-src": r'<script[^>]+src="(https?://[^"]+)"',
            "style-src": r'<link[^>]+href="(https?://[^"]+)"[^>]*rel="stylesheet"|<link rel="stylesheet"[^>]+href="(https?://[^"]+)"',
            "img-src": r'<img[^>]+src="(https?://[^"]+)"'}
    pages = sorted((real_gx_docs / "gx_docs").rglob("*.html"))
    assert len(pages) >= 3
    seen = set()
    for page in pages:
        response = client.get("/gx_docs/" + page.relative_to(real_gx_docs / "gx_docs").as_posix())
        directives = csp_directives(response)
        for name, pattern in tags.items():
            for found in re.findall(pattern, response.text):
                url = "".join(found) if isinstance(found, tuple) else found
                seen.add(url)
                assert csp_allows(effective_sources(directives, name), url), (page.name, name, url)
    assert "https://code.jquery.com/jquery-3.7.1.min.js" in seen and len(seen) >= 10


@pytest.mark.parametrize("path", [
    "/", f"/?date={DAY}", f"/digests/{DAY}/country/KZ.html", f"/digests/{DAY}/country/KZ.md",
    f"/digests/{DAY}/topic/medtop-20000065.json", f"/digests/{DAY}/index.html", "/digests/index.html",
    f"/api/summary/{DAY}", f"/digests/{DAY}/country/NOPE.html", "/api/summary/2001-01-01",
])
def test_app_pages_carry_a_strict_policy(client: TestClient, path: str) -> None:
    response = client.get(path)
    directives = csp_directives(response)
    assert directives["default-src"] == ["'none'"] and "sandbox" not in directives
    assert not allows_outside_origin(effective_sources(directives, "script-src"))
    assert "'unsafe-inline'" not in effective_sources(directives, "script-src")
    assert not allows_outside_origin(effective_sources(directives, "style-src"))
    assert directives["frame-ancestors"] == ["'self'"] and directives["form-action"] == ["'self'"]
    assert directives["base-uri"] == ["'none'"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"


def test_app_policy_allows_what_the_pages_use(client: TestClient) -> None:
    page = client.get(f"/digests/{DAY}/country/KZ.html")
    assert "<style>" in page.text and "<svg" in page.text and "<script" not in page.text
    assert "'unsafe-inline'" in csp_directives(page)["style-src"]
    home = client.get("/")
    assert '<form method="get" action="">' in home.text and "<script" not in home.text


def test_refused_requests_carry_the_policy_too(data_dir: Path) -> None:
    def deny() -> None:
        raise HTTPException(status_code=401, detail="Not authenticated")

    response = TestClient(create_app(data_dir, auth_dependency=deny)).get("/gx_docs/index.html")
    assert response.status_code == 401 and csp_directives(response)["default-src"] == ["'none'"]


def test_auth_dependency_guards_every_route(data_dir: Path) -> None:
    def deny() -> None:
        raise HTTPException(status_code=401, detail="Not authenticated")

    client = TestClient(create_app(data_dir, auth_dependency=deny))
    for path in ("/", f"/digests/{DAY}/country/KZ.html", f"/api/summary/{DAY}", "/gx_docs/index.html"):
        assert client.get(path).status_code == 401, path
    allowed = TestClient(create_app(data_dir, auth_dependency=lambda: {"user": "admin"}))
    assert allowed.get(f"/digests/{DAY}/country/KZ.html").status_code == 200


def test_home_opens_with_the_quality_banner_and_what_changed(client: TestClient) -> None:
    page = client.get("/").text
    assert page.index('class="banner ok"') < page.index("What changed since yesterday") < page.index(">Countries<")
    assert f'<a href="digests/{DAY}/country/KZ.html">Kazakhstan</a>' in page          # a rise, linked
    assert f'href="digests/{DAY}/watches.html#watch-kz-protests"' in page              # a watch that fired
    assert 'href="watches?date=' in page and "What the badges mean" in page


def test_watches_page_lists_each_watch_with_its_last_28_days(client: TestClient) -> None:
    page = client.get("/watches").text
    assert client.get("/watches").headers["content-security-policy"].startswith("default-src 'none'")
    table = page[page.index("<table>"):page.index("</table>")]
    assert table.count("<tr>") == 4 and table.count('<svg class="spark"') == 3
    assert table.count("<rect") == 3 * 28
    assert '<a href="#watch-kz-protests">kz-protests</a> <span class="badge fired">fired</span>' in table
    assert '<article class="watch" id="watch-outbreaks">' in page and "&lt;script&gt;alert" in page
    assert "No digests for 2001-01-01" in client.get("/watches?date=2001-01-01").text


def test_pages_read_a_summary_written_before_these_sections(data_dir: Path) -> None:
    old_day = data_dir / "digests" / "2026-03-30"
    old_day.mkdir()
    summary = json.loads((data_dir / "digests" / DAY / "summary.json").read_text())
    for name in ("changes", "watches"):
        summary.pop(name)
    summary["quality"].pop("notes")
    for row in summary["country"] + summary["topic"]:
        row.pop("yesterday")
    (old_day / "summary.json").write_text(json.dumps(summary))
    (old_day / "index.html").write_text("<html></html>")
    client = TestClient(create_app(data_dir))
    try:
        for path in ("/?date=2026-03-30", "/watches?date=2026-03-30"):
            response = client.get(path)
            assert response.status_code == 200 and "Mon 30 Mar 2026" in response.text, path
        assert "What changed" not in client.get("/?date=2026-03-30").text
    finally:
        shutil.rmtree(old_day)   # the module's other tests see END as the only day


def test_empty_data_dir(tmp_path: Path) -> None:
    client = TestClient(create_app(tmp_path))
    assert "No digests yet" in client.get("/").text
    assert client.get("/digests/index.html").status_code == 404


def test_airflow_plugin_mounts_the_app_behind_airflow_login(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("airflow.plugins_manager")
    monkeypatch.setenv("MEDIAMON_DATA_DIR", str(tmp_path))
    spec = importlib.util.spec_from_file_location("mediamon_ui_under_test", PLUGIN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    plugin = module.MediamonUIPlugin
    app = plugin.fastapi_apps[0]
    assert plugin.name == "mediamon_ui" and app["url_prefix"] == "/mediamon"
    view, watches = plugin.external_views
    assert view["name"] == "Digests" and not view["href"].startswith("/") and view["url_route"]
    assert watches["name"] == "Watches"   # short enough for the left bar (it cut "Media digests" to "Media dig…")
    icons = [unquote(v[key]) for v in (view, watches) for key in ("icon", "icon_dark_mode")]
    assert all(icon.startswith("data:image/svg+xml,<svg ") and icon.endswith("</svg>") for icon in icons)
    assert len(set(icons)) == 4
    assert watches["href"] == "mediamon/watches" and watches["url_route"] != view["url_route"]
    response = TestClient(app["app"]).get("/", headers={"Accept": "application/json"})
    assert response.status_code == 401  # anonymous: Airflow's get_user refuses
    browser = TestClient(app["app"]).get("/watches", headers={"Accept": "text/html"}, follow_redirects=False)
    assert browser.status_code == 303 and "login" in browser.headers["location"]
    assert browser.headers["location"].endswith("next=%2Fwatches"), browser.headers["location"]


@pytest.fixture(scope="module")
def empty_day_dir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A data dir with the digests of END and of a later day the warehouse never loaded (a manual media_digest
    trigger for today), both carrying a data note; returns it and that later day."""
    root = tmp_path_factory.mktemp("empty_day")
    (root / "digests").mkdir()
    (root / "digests" / "note.json").write_text(json.dumps({"text": "Demo data: days assigned by the demo."}))
    filled = fill_warehouse(root / "wh.duckdb")
    later = date.fromordinal(END.toordinal() + 3).isoformat()
    for day in (DAY, later):
        build_digests(filled.db_path, day, root / "digests", watch={"countries": ["KZ"], "topics": []})
    return root, later


def test_pages_open_on_the_latest_day_with_a_loaded_run(empty_day_dir: tuple[Path, str]) -> None:
    root, later = empty_day_dir
    client = TestClient(create_app(root))
    for path in ("/", "/watches"):
        page = client.get(path).text
        assert f'name="date" value="{DAY}"' in page and f'max="{later}"' in page, path
    assert '<a href="#watch-kz-protests">kz-protests</a> <span class="badge fired">fired</span>' in page


def test_a_day_without_a_loaded_run_says_so(empty_day_dir: tuple[Path, str]) -> None:
    root, later = empty_day_dir
    client = TestClient(create_app(root))
    for path in (f"/?date={later}", f"/watches?date={later}"):
        page = client.get(path).text
        assert "No run was loaded for this day" in page and "checks passed" not in page, path
        assert 'class="banner ok"' not in page, path
    day_index = client.get(f"/digests/{later}/index.html").text
    assert "No run was loaded for this day" in day_index and "all 0 checks" not in day_index


def test_home_and_watches_show_the_data_note(empty_day_dir: tuple[Path, str]) -> None:
    client = TestClient(create_app(empty_day_dir[0]))
    for path in ("/", "/watches", f"/?date={empty_day_dir[1]}"):
        page = client.get(path).text
        assert "<strong>About this data:</strong> Demo data: days assigned by the demo." in page, path
    assert "About this data" not in client.get("/watches?date=2001-01-01").text


def test_article_links_open_outside_the_airflow_frame(client: TestClient) -> None:
    pages = [client.get(path).text for path in ("/", "/watches", f"/digests/{DAY}/country/KZ.html",
                                                f"/digests/{DAY}/watches.html")]
    links = [link for page in pages for link in re.findall(r"<a [^>]*>", page)]
    outside = [link for link in links if re.search(r'href="https?://', link)]
    assert len(outside) >= 5
    for link in outside:
        assert 'target="_blank"' in link and 'rel="noopener noreferrer' in link, link
    assert not [link for link in links if link not in outside and "target=" in link]


def deny() -> None:
    """An auth dependency refusing everyone, as Airflow's get_user does without a session."""
    raise HTTPException(status_code=401, detail="Not authenticated")


def test_a_browser_without_a_session_is_sent_to_the_login_page(data_dir: Path) -> None:
    client = TestClient(create_app(data_dir, auth_dependency=deny,
                                   login_url=lambda next_url: "/auth/login?" + urlencode({"next": next_url})))
    html = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/watches?date=2026-03-31", headers={"Accept": html}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/auth/login?next=%2Fwatches%3Fdate%3D2026-03-31"
    for headers in ({"Accept": "application/json"}, {}):
        refused = client.get("/watches", headers=headers, follow_redirects=False)
        assert refused.status_code == 401 and refused.json() == {"detail": "Not authenticated"}
    assert client.post("/", headers={"Accept": html}, follow_redirects=False).status_code in (401, 405)
