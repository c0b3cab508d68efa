"""Command-line numbers past what the commands can count, seventh round: `watch test --days` beyond a 32-bit count
blamed the warehouse ("the warehouse could not be read ... restore it from a backup") for the number typed, and
`demo --history-days` reaching before year 1 ended in an OverflowError traceback (or, reaching before 1990, started
the demo site only to stop at the first day). Each is now a usage error naming the option and the most it takes,
before any warehouse is opened or any site served; the counts it takes still work."""
from __future__ import annotations

import socket
from datetime import date
from pathlib import Path

import pytest

import mediamon.cli as cli
from mediamon import warehouse
from mediamon.days import FIRST_DAY


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty warehouse (the schema only)."""
    path = tmp_path_factory.mktemp("round7-cli") / "wh.duckdb"
    with warehouse.connect(path):
        pass
    return path


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize("days", ["2147483648", "99999999999999999999", str(cli.MAX_TRIAL_DAYS + 1)])
def test_a_watch_test_over_more_days_than_it_counts_is_a_usage_error_naming_days(
        db: Path, capsys: pytest.CaptureFixture[str], days: str) -> None:
    code = cli.main(["watch", "test", "protest", "--db", str(db), "--days", days])
    err = capsys.readouterr().err
    assert code == 2
    assert "--days" in err and f"{cli.MAX_TRIAL_DAYS:,}" in err
    assert "warehouse could not be read" not in err and "backup" not in err


@pytest.mark.parametrize("days", ["1", "7", str(cli.MAX_TRIAL_DAYS)])
def test_a_watch_test_over_days_it_counts_still_runs(db: Path, capsys: pytest.CaptureFixture[str], days: str) -> None:
    code = cli.main(["watch", "test", "protest", "--db", str(db), "--days", days])
    out = capsys.readouterr().out
    assert code == 0 and f"over the {days} days" in out


@pytest.mark.parametrize("days", [1_000_000, 20_000])
def test_a_demo_history_reaching_before_the_first_day_is_a_usage_error_before_any_site_starts(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], days: int) -> None:
    port = free_port()
    code = cli.main(["demo", "--data-dir", str(tmp_path / "demo"), "--date", "2026-01-15", "--history-days", str(days),
                     "--port", str(port)])
    err = capsys.readouterr().err
    most = (date(2026, 1, 15) - FIRST_DAY).days
    assert code == 2
    assert "--history-days" in err and f"{most:,}" in err and str(FIRST_DAY) in err
    assert not (tmp_path / "demo").exists()  # nothing written, no site served


PAGE = ("<html><head><title>Water deal signed</title></head><body><article><h1>Water deal signed</h1>"
        + "".join(f"<p>Paragraph {i} of the story about the water deal signed by the two ministers today.</p>"
                  for i in range(12)) + "</article></body></html>")


@pytest.mark.parametrize("url", ["http://[::1", "javascript:alert(1)", "not a url", "https://news.example.org:99999/a",
                                 "file:///etc/passwd", "https://news..example.org/a"])
def test_extract_with_a_url_no_page_can_have_is_a_usage_error_naming_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    code = cli.main(["extract", str(page), "--url", url])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert "--url" in err and repr(url) in err and "http" in err


def test_extract_with_a_page_url_still_extracts_under_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    code = cli.main(["extract", str(page), "--url", "https://news.example.org/2026/01/15/water-deal.html"])
    out = capsys.readouterr().out
    assert code == 0
    assert '"url": "https://news.example.org/2026/01/15/water-deal.html"' in out and "Water deal signed" in out
