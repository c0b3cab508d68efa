"""The morning read of a day's digests, checked as an analyst reads them: the UI's home page names the day's
spikes in the order the day page and `make demo` do, with the day's article count; the watches page carries the
data note; each watch says which articles its filters admit; the spike legend states the rule the detector
applies; the Markdown pages give z as the HTML does, count days in the singular and plural, and keep paragraphs
one blank line apart; a page for a day no run loaded says so instead of 'no articles stored yet'."""
from __future__ import annotations

import importlib.util
import json
import re
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mediamon.demo.run import spikes as demo_spikes
from mediamon.digest import build_digests, render
from mediamon.digest.changes import ChangeRules, direction
from mediamon.digest.config import DigestConfig, load_digest_config
from mediamon.digest.webapp import create_app
from mediamon.digest.wording import BADGES

WAREHOUSE_HELPERS = Path(__file__).parents[1] / "integration" / "digest_warehouse.py"
WATCH = {"countries": ["KZ", "FR", "CN"], "topics": ["medtop:20000065"]}
NOTE = "Demo data: replayed over 35 days."


def _helpers():
    """tests/integration/digest_warehouse.py: the filled warehouse the digest tests read."""
    spec = importlib.util.spec_from_file_location("digest_warehouse_review", WAREHOUSE_HELPERS)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module   # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with the filled warehouse's last day built into digests/, with a data note."""
    helpers = _helpers()
    data = tmp_path_factory.mktemp("data")
    filled = helpers.fill_warehouse(data / "mediamon.duckdb")
    (data / "digests").mkdir()
    (data / "digests" / "note.json").write_text(json.dumps({"text": NOTE}), encoding="utf-8")
    build_digests(filled.db_path, filled.end.isoformat(), data / "digests", watch=WATCH)
    return data


@pytest.fixture(scope="module")
def day(data_dir: Path) -> Path:
    """The built day's folder."""
    return next(p for p in (data_dir / "digests").iterdir() if p.is_dir())


def summary(day: Path) -> dict:
    """The day's summary.json."""
    return json.loads((day / "summary.json").read_text(encoding="utf-8"))


def spike_sentence(page: str) -> list[str]:
    """The spike names of a page's 'N spikes: A, B.' sentence, in order."""
    found = re.search(r"\d+ spikes?(?: today)?: ([^.<]+)\.", page)
    assert found, "no spike sentence"
    return [name.strip() for name in found.group(1).split(",")]


def test_the_ui_home_names_the_spikes_as_the_day_page_does_highest_z_first(data_dir: Path, day: Path) -> None:
    s = summary(day)
    by_z = [r["label"] for r in s["spikes"]]
    in_table = [r["label"] for kind in ("country", "topic") for r in s[kind] if r["spike"]]
    assert len(by_z) > 1 and by_z != in_table   # the two orders differ on this day: the page must pick one
    home = TestClient(create_app(data_dir)).get("/").text
    assert spike_sentence(home) == by_z == spike_sentence((day / "index.html").read_text(encoding="utf-8"))
    assert f"<b>{s['day_articles']} articles</b> stored today." in home


def test_the_ui_home_reads_an_older_summary_without_the_spikes_list(day: Path) -> None:
    s = summary(day)
    del s["spikes"]
    page = render.app_home_html(dates=[s["run_date"]], selected=s["run_date"], summary=s, gx_docs=[])
    assert spike_sentence(page) == [r["label"] for kind in ("country", "topic") for r in s[kind] if r["spike"]]


def test_the_watches_page_shows_the_data_note(day: Path) -> None:
    page = (day / "watches.html").read_text(encoding="utf-8")
    assert '<p class="note data-note"><strong>About this data:</strong> Demo data: replayed over 35 days.</p>' in page


def test_each_watch_says_which_articles_its_filters_admit(day: Path) -> None:
    watches = {w["name"]: w for w in summary(day)["watches"]}
    assert watches["kz-protests"]["filters"]["countries"] == ["KZ"] and not any(watches["outbreaks"]["filters"].values())
    for page in (day / "watches.html", day / "index.html"):
        html = page.read_text(encoding="utf-8")
        block = html[html.index('id="watch-kz-protests"'):html.index('id="watch-kz-parliament"')]
        assert "· only articles naming Kazakhstan</p>" in block, page.name
        outbreaks = html[html.index('id="watch-outbreaks"'):]
        assert "only articles" not in outbreaks[:outbreaks.index("</p>")], page.name
    md = (day / "index.md").read_text(encoding="utf-8")
    assert "Query: `protest AND (almaty OR shymkent)` — only articles naming Kazakhstan\n" in md
    assert "Query: `\"outbreak\"`\n" in md


def test_watch_filters_in_words() -> None:
    assert render.watch_filters_text({"countries": ["KZ", "KG", "UZ"], "topics": ["medtop:16000000"],
                                      "languages": ["ru", "kk"], "sources": ["tengrinews"]}) == (
        "only articles naming Kazakhstan, Kyrgyzstan or Uzbekistan, tagged “conflict, war and peace”, "
        "in Russian or Kazakh, from tengrinews")
    assert render.watch_filters_text({"countries": [], "topics": [], "languages": [], "sources": []}) == ""
    assert render.watch_filters_text({}) == "" and render.watch_filters_text(None) == ""


def test_the_spike_legend_states_the_rule_and_the_shipped_settings() -> None:
    legend = BADGES["spike"]
    found = re.search(r"z (\d+\.\d+), (\d+) articles, (\d+) days", legend)
    assert found and "z-score" in legend
    stated = (float(found.group(1)), int(found.group(2)), int(found.group(3)))
    for cfg in (DigestConfig(), load_digest_config()):
        assert stated == (cfg.sensitivity, cfg.min_articles, cfg.min_baseline_days)
    assert "the day's count is at least the sensitivity" not in legend   # a count is not compared with a z-score


def test_the_markdown_page_gives_z_as_the_html_does(day: Path) -> None:
    doc = json.loads((day / "country" / "KZ.json").read_text(encoding="utf-8"))
    z = doc["volume"]["z"]
    assert doc["volume"]["spike"] and round(z, 1) != round(z, 2)
    md = (day / "country" / "KZ.md").read_text(encoding="utf-8")
    assert f"**SPIKE**: z = {z:.2f} (sensitivity 3.0)" in md and f"(z {z:.2f})" in md
    assert f"<b>{z:.2f}</b>z-score" in (day / "country" / "KZ.html").read_text(encoding="utf-8")


def test_markdown_paragraphs_are_one_blank_line_apart(day: Path) -> None:
    pages = [day / "index.md", *day.glob("*/*.md")]
    quiet = [p for p in pages if p.suffix == ".md" and p.parent.name in ("country", "topic")
             and not json.loads(p.with_suffix(".json").read_text(encoding="utf-8"))["volume"]["spike"]]
    assert quiet and len(pages) > len(quiet)   # spiking and quiet pages both read
    for page in pages:
        assert "\n\n\n" not in page.read_text(encoding="utf-8"), page.name


def test_a_watch_window_of_one_day_is_worded_in_the_singular(day: Path) -> None:
    s = summary(day)
    for w in s["watches"]:
        w["daily"] = w["daily"][-1:]
    s["changes"]["watches_fired"] = [w for w in s["watches"] if w["matches_today"]]
    md = render.day_index_markdown(s)
    assert " in 1 day" in md and "1 days" not in md


def test_a_day_no_run_loaded_says_so_not_that_nothing_was_ever_stored(data_dir: Path, day: Path,
                                                                      tmp_path: Path) -> None:
    after = (date.fromisoformat(day.name) + timedelta(days=1)).isoformat()
    build_digests(data_dir / "mediamon.duckdb", after, tmp_path / "digests", watch=WATCH)
    kz = tmp_path / "digests" / after / "country" / "KZ"
    doc = json.loads(kz.with_suffix(".json").read_text(encoding="utf-8"))
    assert doc["volume"]["loaded"] is False and doc["changes"]["direction"] == "unloaded"
    assert doc["trend"] and sum(t["articles"] for t in doc["trend"]) > 0   # Kazakhstan has articles stored before
    md, html = (kz.with_suffix(s).read_text(encoding="utf-8") for s in (".md", ".html"))
    assert "- 0 articles today: no run was loaded for this day, so there is nothing to compare\n" in md
    assert "- Baseline: – (no run was loaded for this day)\n" in md
    assert "<b>0 articles</b> today: no run was loaded for this day, so there is nothing to compare." in html
    assert "No run was loaded for this day: nothing to compare today with." in html
    for text in (md, html):
        assert "no articles stored yet" not in text and "no history yet" not in text.lower()
    loaded = json.loads((day / "country" / "KZ.json").read_text(encoding="utf-8"))
    assert loaded["volume"]["loaded"] is True and loaded["changes"]["direction"] == "up"


def test_direction_of_a_day_without_a_run() -> None:
    rules = ChangeRules()
    row = {"articles": 0, "baseline": None, "baseline_days": 0, "z": None, "yesterday": None}
    assert direction(row, rules) == "empty" and direction({**row, "loaded": True}, rules) == "empty"
    assert direction({**row, "loaded": False}, rules) == "unloaded"


def test_the_demo_summary_counts_a_spike_of_one_article_in_the_singular(tmp_path: Path) -> None:
    day = tmp_path / "digests" / "2026-01-15"
    day.mkdir(parents=True)
    spikes = [{"kind": "country", "key": "MX", "label": "Mexico", "articles": 6, "z": 5.08},
              {"kind": "topic", "key": "medtop:07000000", "label": "health", "articles": 1, "z": 3.2}]
    (day / "summary.json").write_text(json.dumps({"spikes": spikes}), encoding="utf-8")
    assert demo_spikes(tmp_path, "2026-01-15") == ["Mexico (MX, 6 articles, z 5.1)",
                                                   "health (medtop:07000000, 1 article, z 3.2)"]


def test_event_counts_say_they_cover_the_whole_event(day: Path) -> None:
    for name, words in (("country/KZ", "not only those naming Kazakhstan."),
                        ("topic/medtop-20000065", "not only those tagged with civil unrest.")):
        html, md = ((day / f"{name}{s}").read_text(encoding="utf-8") for s in (".html", ".md"))
        sentence = f"Outlets and articles of each event count all its articles up to this day, {words}"
        assert f'<h2>Top events</h2>\n<p class="muted">{sentence}</p>' in html and f"## Top events\n\n{sentence}\n\n1. " in md
    empty = (day / "country" / "CN.md").read_text(encoding="utf-8")   # watched, no article: no events
    assert "## Top events\n\nNo events that day." in empty and "each event count" not in empty
