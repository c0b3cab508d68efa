"""Red-team request parameters on the digests web app, eighth round. A `date` of the right shape that is no calendar
day (2026-13-45, 2026-02-30, 0000-00-00) or written in other digits (Arabic-Indic) reached the page's day filter,
whose date.fromisoformat raised: the home and watches pages answered 500. Any date that is not a day written
YYYY-MM-DD is now a 422 saying what to give; a date that is not of that shape (`../../etc`, `abc`, a NUL) was
quietly replaced by the latest day and is now refused the same way. Paths reaching outside the digests folder
stay 404."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from mediamon.digest import build_digests
from mediamon.digest.webapp import create_app
from tests.integration.digest_warehouse import END, fill_warehouse

GOOD = END.isoformat()
NOT_DAYS = ["2026-13-45", "2026-02-30", "0000-00-00", "\u0662\u0660\u0662\u0666-\u0660\u0663-\u0663\u0661",
            "../../etc", "abc", "\x00", "2026/03/31", "<script>"]
OUTSIDE = ["/digests/..%2f..%2fetc/passwd", "/digests/%2e%2e/%2e%2e/etc/passwd", "/digests/..%5c..%5cetc%5cpasswd",
           "/digests//etc/passwd", "/digests/%2Fetc%2Fpasswd", "/digests/C:%5cwindows%5cwin.ini",
           f"/digests/{GOOD}/..%2f..%2fwh.duckdb", "/gx_docs/..%2fdigests%2findex.html", "/api/summary/..%2f..%2fetc"]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    """The app over a data dir holding one real day's digests (END) beside the warehouse they came from."""
    root = tmp_path_factory.mktemp("round8-ui")
    filled = fill_warehouse(root / "wh.duckdb")
    build_digests(filled.db_path, GOOD, root / "digests")
    return TestClient(create_app(root), raise_server_exceptions=False)


@pytest.mark.parametrize("page", ["/", "/watches"])
@pytest.mark.parametrize("day", NOT_DAYS)
def test_a_date_that_is_no_day_is_a_422_saying_what_to_give(client: TestClient, page: str, day: str) -> None:
    response = client.get(page, params={"date": day})
    assert response.status_code == 422
    assert "YYYY-MM-DD" in response.json()["detail"] and "<" not in response.text


@pytest.mark.parametrize("day", ["2026-13-45", "2026-02-30", "\u0662\u0660\u0662\u0666-\u0660\u0663-\u0663\u0661"])
def test_the_summary_api_refuses_a_date_that_is_no_day_with_a_422(client: TestClient, day: str) -> None:
    response = client.get(f"/api/summary/{day}")
    assert response.status_code == 422
    assert "YYYY-MM-DD" in response.json()["detail"]


@pytest.mark.parametrize("page", ["/", "/watches"])
def test_a_real_day_or_no_date_still_shows_the_page(client: TestClient, page: str) -> None:
    for params in ({"date": GOOD}, {"date": ""}, {}):
        response = client.get(page, params=params)
        assert response.status_code == 200
        assert f"?date={GOOD}" in response.text


def test_a_day_without_digests_is_still_a_page_saying_so(client: TestClient) -> None:
    response = client.get("/", params={"date": "2001-01-01"})
    assert response.status_code == 200 and "No digests for 2001-01-01" in response.text


@pytest.mark.parametrize("path", OUTSIDE)
def test_a_path_reaching_outside_the_digests_folder_is_a_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "SQLite" not in response.text and "root:" not in response.text and "DUCK" not in response.text
