"""The "Media digests" web app over pre-rendered digests, and its Airflow plugin wiring."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from fastapi import HTTPException
from fastapi.testclient import TestClient

from digest_warehouse import END, fill_warehouse
from mediamon.digest import build_digests
from mediamon.digest.webapp import create_app

DAY = END.isoformat()
PLUGIN = Path(__file__).resolve().parents[2] / "plugins" / "mediamon_ui.py"


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


def test_auth_dependency_guards_every_route(data_dir: Path) -> None:
    def deny() -> None:
        raise HTTPException(status_code=401, detail="Not authenticated")

    client = TestClient(create_app(data_dir, auth_dependency=deny))
    for path in ("/", f"/digests/{DAY}/country/KZ.html", f"/api/summary/{DAY}", "/gx_docs/index.html"):
        assert client.get(path).status_code == 401, path
    allowed = TestClient(create_app(data_dir, auth_dependency=lambda: {"user": "admin"}))
    assert allowed.get(f"/digests/{DAY}/country/KZ.html").status_code == 200


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
    view = plugin.external_views[0]
    assert view["name"] == "Media digests" and not view["href"].startswith("/") and view["url_route"]
    response = TestClient(app["app"]).get("/")
    assert response.status_code == 401  # anonymous: Airflow's get_user refuses
