"""The multilingual label files: well-formed rows, known codes, no duplicates, references that resolve."""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pycountry
import pytest
import yaml

PROJECT = Path(__file__).resolve().parents[2]
DATA = PROJECT / "tests" / "data"
LABELS = DATA / "multilingual_labels.tsv"
WRITTEN = DATA / "multilingual_written.tsv"
HELD_OUT = DATA / "multilingual_heldout.tsv"
HELD_OUT_2 = DATA / "multilingual_heldout2.tsv"  # ids hb2-<language>-<n>; focus "-" for items about no country
HELD_OUT_3 = DATA / "multilingual_heldout3.tsv"  # ids hb3-<language>-<n>: 8 per language, two about no country
HELD_OUT_4 = DATA / "multilingual_heldout4.tsv"  # ids hb4-<language>-<n>: news-style leads, 6+ per language, one about no country
DEV_A = DATA / "multilingual_dev_a.tsv"  # topic dev sets: ids dva-/dvb-<language>-<n>; focus "-" for no country
DEV_B = DATA / "multilingual_dev_b.tsv"
DEV_C = DATA / "multilingual_dev_c.tsv"  # topic boundaries: ids dvc-<language>-<n>, 6 per language, one about no country
DEV_D = DATA / "multilingual_dev_d.tsv"  # real news: references like LABELS to other feed items; focus "-" for no country
DEV_E = DATA / "multilingual_dev_e.tsv"  # more real news: references to feed items in neither LABELS nor DEV_D
HELD_OUT_6 = DATA / "multilingual_heldout6.tsv"  # held-out real news: references to feed items in no other file, English too
LEXICONS = PROJECT / "include" / "mediamon" / "config" / "topics"  # lexicon_<language>.yaml: languages the tagger reads
PREFIXES = {HELD_OUT_2: "hb2-", HELD_OUT_3: "hb3-", HELD_OUT_4: "hb4-", DEV_A: "dva-", DEV_B: "dvb-", DEV_C: "dvc-"}  # files whose ids carry a prefix and may say "-"
TOPICS_FILE = PROJECT / "include" / "mediamon" / "config" / "topics" / "iptc_topics.yaml"
LABEL_COLUMNS = ["feed_file", "entry_index", "link", "guid", "language", "focus", "topic", "code"]
WRITTEN_COLUMNS = ["id", "language", "focus", "code", "title", "text"]
WRITTEN_MINIMUM = {"ar": 20, "fa": 20, "ja": 20, "tr": 20, "kk": 20, "ko": 10, "hi": 10, "it": 10, "pl": 10}


def read_rows(path: Path) -> tuple[list[str], list[str], list[dict[str, str]]]:
    """Comment lines, header and rows of a label file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    comments = [ln for ln in lines if ln.startswith("#")]
    body = [ln for ln in lines if ln and not ln.startswith("#")]
    reader = csv.DictReader(body, delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = list(reader)
    return comments, list(reader.fieldnames or []), rows


def top_level_topics() -> dict[str, str]:
    """IPTC top-level code -> topic key, from the tagger's topic file."""
    topics = yaml.safe_load(TOPICS_FILE.read_text(encoding="utf-8"))["topics"]
    return {t["code"]: t["key"] for t in topics if not t.get("parent")}


def valid_language(code: str) -> bool:
    return len(code) == 2 and code.islower() and pycountry.languages.get(alpha_2=code) is not None


def valid_country(code: str) -> bool:
    return len(code) == 2 and code.isupper() and pycountry.countries.get(alpha_2=code) is not None


@pytest.mark.parametrize("path", [LABELS, WRITTEN, HELD_OUT, HELD_OUT_2, HELD_OUT_3, HELD_OUT_4, DEV_A, DEV_B, DEV_C, DEV_D,
                                  DEV_E, HELD_OUT_6],
                         ids=["labels", "written", "held-out", "held-out-2", "held-out-3", "held-out-4", "dev-a", "dev-b",
                              "dev-c", "dev-d", "dev-e", "held-out-6"])
def test_file_has_a_header_comment_saying_how_it_was_made(path: Path) -> None:
    comments, _, rows = read_rows(path)
    assert len(comments) >= 3 and any("Columns:" in c for c in comments)
    assert rows


def test_there_are_17_top_level_topics() -> None:
    assert len(top_level_topics()) == 17


@pytest.mark.parametrize(("path", "no_country", "english"),
                         [(LABELS, None, False), (DEV_D, "-", False), (DEV_E, "-", False), (HELD_OUT_6, "-", True)],
                         ids=["labels", "dev-d", "dev-e", "held-out-6"])
def test_corpus_labels_are_well_formed_references_only(path: Path, no_country: str | None, english: bool) -> None:
    _, header, rows = read_rows(path)
    assert header == LABEL_COLUMNS  # references and labels only: no title or text of the publishers
    topics = top_level_topics()
    for row in rows:
        assert None not in row and all(row[c] is not None for c in LABEL_COLUMNS), row
        assert row["entry_index"].isdigit(), row
        assert row["link"].startswith(("http://", "https://")), row
        assert valid_language(row["language"]) and (english or row["language"] != "en"), row
        assert valid_country(row["focus"]) or row["focus"] == no_country, row
        assert row["code"] in topics and topics[row["code"]] == row["topic"], row


def test_real_news_dev_set_is_in_registry_languages_and_apart_from_the_labelled_items() -> None:
    _, _, rows = read_rows(DEV_D)
    assert len(rows) >= 150 and {r["language"] for r in rows} <= registry_languages_but_english()
    labelled = {(r["feed_file"], r["entry_index"]) for r in read_rows(LABELS)[2]}
    assert [r["link"] for r in rows if (r["feed_file"], r["entry_index"]) in labelled] == []


def test_second_real_news_dev_set_is_in_tagged_languages_and_apart_from_the_other_references() -> None:
    _, _, rows = read_rows(DEV_E)
    lexicons = {path.stem.removeprefix("lexicon_") for path in LEXICONS.glob("lexicon_*.yaml")}
    assert len(rows) >= 90 and sorted({r["language"] for r in rows} - lexicons) == []
    older = {(r["feed_file"], r["entry_index"]) for path in (LABELS, DEV_D) for r in read_rows(path)[2]}
    older_links = {r["link"] for path in (LABELS, DEV_D) for r in read_rows(path)[2]}
    assert [r["link"] for r in rows if (r["feed_file"], r["entry_index"]) in older or r["link"] in older_links] == []
    assert max(Counter(r["feed_file"] for r in rows).values()) <= 15


def test_real_news_held_out_set_is_apart_from_every_other_reference() -> None:
    _, _, rows = read_rows(HELD_OUT_6)
    others = [p for p in DATA.glob("multilingual_*.tsv") if p != HELD_OUT_6 and "feed_file" in read_rows(p)[1]]
    older = {(r["feed_file"], r["entry_index"]) for path in others for r in read_rows(path)[2]}
    older_links = {r["link"] for path in others for r in read_rows(path)[2]}
    assert len(others) >= 3 and len(rows) >= 100
    assert [r["link"] for r in rows if (r["feed_file"], r["entry_index"]) in older or r["link"] in older_links] == []
    assert sum(r["language"] != "en" for r in rows) >= 10 and sum(r["focus"] == "-" for r in rows) >= 10


@pytest.mark.parametrize("path", [LABELS, DEV_D, DEV_E, HELD_OUT_6], ids=["labels", "dev-d", "dev-e", "held-out-6"])
def test_corpus_labels_have_no_duplicate_references(path: Path) -> None:
    _, _, rows = read_rows(path)
    positions = Counter((r["feed_file"], r["entry_index"]) for r in rows)
    links = Counter(r["link"] for r in rows)
    guids = Counter(r["guid"] for r in rows if r["guid"])
    assert [k for k, n in positions.items() if n > 1] == []
    assert [k for k, n in links.items() if n > 1] == []
    assert [k for k, n in guids.items() if n > 1] == []


@pytest.mark.parametrize("path", [WRITTEN, HELD_OUT, HELD_OUT_2, HELD_OUT_3, HELD_OUT_4, DEV_A, DEV_B, DEV_C],
                         ids=["written", "held-out", "held-out-2", "held-out-3", "held-out-4", "dev-a", "dev-b", "dev-c"])
def test_written_items_are_well_formed(path: Path) -> None:
    _, header, rows = read_rows(path)
    assert header == WRITTEN_COLUMNS
    topics = top_level_topics()
    prefix, no_country = (PREFIXES[path], "-") if path in PREFIXES else ("", None)
    for row in rows:
        assert None not in row and all(row[c] is not None for c in WRITTEN_COLUMNS), row
        assert valid_language(row["language"]), row
        assert row["id"].startswith(f"{prefix}{row['language']}-"), row
        assert valid_country(row["focus"]) or row["focus"] == no_country, row
        assert row["code"] in topics, row
        shortest = 20 if row["language"] in ("zh", "ja") else 40  # a Chinese or Japanese character is a word or half one
        assert row["title"].strip() and len(row["text"].strip()) >= shortest, row


@pytest.mark.parametrize("path", [WRITTEN, HELD_OUT, HELD_OUT_2, HELD_OUT_3, HELD_OUT_4, DEV_A, DEV_B, DEV_C],
                         ids=["written", "held-out", "held-out-2", "held-out-3", "held-out-4", "dev-a", "dev-b", "dev-c"])
def test_written_items_have_unique_ids_and_texts(path: Path) -> None:
    _, _, rows = read_rows(path)
    for column in ("id", "title", "text"):
        repeated = [k for k, n in Counter(r[column] for r in rows).items() if n > 1]
        assert repeated == [], column


def test_written_items_cover_the_thin_languages_with_varied_topics() -> None:
    _, _, rows = read_rows(WRITTEN)
    per_language = Counter(r["language"] for r in rows)
    for language, minimum in WRITTEN_MINIMUM.items():
        assert per_language[language] >= minimum, language
    for language in WRITTEN_MINIMUM:
        assert len({r["code"] for r in rows if r["language"] == language}) >= 6, language


def registry_languages_but_english() -> set[str]:
    """The languages of the registry's outlets, English left out."""
    sources = yaml.safe_load((PROJECT / "include" / "mediamon" / "config" / "sources.yaml").read_text(encoding="utf-8"))
    return {s["language"] for s in sources["sources"]} - {"en"}


@pytest.mark.parametrize("path", [HELD_OUT, HELD_OUT_2], ids=["held-out", "held-out-2"])
def test_held_out_items_cover_every_registry_language_but_english(path: Path) -> None:
    _, _, rows = read_rows(path)
    registry = registry_languages_but_english()
    per_language = Counter(r["language"] for r in rows)
    assert sorted(registry - set(per_language)) == []
    assert min(per_language.values()) >= 6 and len({r["code"] for r in rows}) == 17


def test_dev_sets_cover_every_registry_language_but_english_once_with_every_topic() -> None:
    rows = [row for path in (DEV_A, DEV_B) for row in read_rows(path)[2]]
    registry = registry_languages_but_english()
    per_language = Counter(r["language"] for r in rows)
    assert sorted(registry - set(per_language)) == []
    assert set(per_language.values()) == {12} and len({r["code"] for r in rows}) == 17
    assert sum(r["focus"] == "-" for r in rows) >= len(rows) // 4  # items about no country
    texts = {r["text"] for path in (WRITTEN, HELD_OUT, HELD_OUT_2) for r in read_rows(path)[2]}
    assert [r["id"] for r in rows if r["text"] in texts] == []  # new items, not copies of another set's


def test_boundary_dev_set_covers_every_registry_language_six_times_with_every_topic() -> None:
    _, _, rows = read_rows(DEV_C)
    registry = registry_languages_but_english()
    assert Counter(r["language"] for r in rows) == dict.fromkeys(sorted(registry), 6)
    assert set(Counter(r["code"] for r in rows).values()) == {12} and len({r["code"] for r in rows}) == 17
    no_country = Counter(r["language"] for r in rows if r["focus"] == "-")
    assert no_country == dict.fromkeys(sorted(registry), 1)
    older = {r["text"] for path in (WRITTEN, HELD_OUT, HELD_OUT_2, DEV_A, DEV_B) for r in read_rows(path)[2]}
    assert [r["id"] for r in rows if r["text"] in older] == []  # new items, not copies of another set's


def test_third_held_out_set_is_new_with_two_items_about_no_country_per_language() -> None:
    _, _, rows = read_rows(HELD_OUT_3)
    per_language = Counter(r["language"] for r in rows)
    assert set(per_language.values()) == {8}
    assert Counter(r["language"] for r in rows if r["focus"] == "-") == dict.fromkeys(per_language, 2)
    older = {r["text"] for path in (WRITTEN, HELD_OUT, HELD_OUT_2, DEV_A, DEV_B, DEV_C) for r in read_rows(path)[2]}
    assert [r["id"] for r in rows if r["text"] in older] == []  # new items, not copies of another set's


def test_fourth_held_out_set_is_new_and_covers_the_registry_languages_and_chinese() -> None:
    _, _, rows = read_rows(HELD_OUT_4)
    per_language = Counter(r["language"] for r in rows)
    sources = yaml.safe_load((PROJECT / "include" / "mediamon" / "config" / "sources.yaml").read_text(encoding="utf-8"))
    outlets = Counter(s["language"] for s in sources["sources"])
    wanted = {language for language, n in outlets.items() if n >= 3 and language != "en"} | {"zh"}
    assert sorted(wanted - set(per_language)) == [] and min(per_language.values()) >= 6
    assert Counter(r["language"] for r in rows if r["focus"] == "-") == dict.fromkeys(per_language, 1)
    older = {r["text"] for path in (WRITTEN, HELD_OUT, HELD_OUT_2, HELD_OUT_3, DEV_A, DEV_B, DEV_C)
             for r in read_rows(path)[2]}
    assert [r["id"] for r in rows if r["text"] in older] == []  # new items, not copies of another set's


def test_second_held_out_set_has_one_item_about_no_country_per_language() -> None:
    _, _, rows = read_rows(HELD_OUT_2)
    no_country = Counter(r["language"] for r in rows if r["focus"] == "-")
    assert set(no_country.values()) == {1} and len(no_country) == len({r["language"] for r in rows})


@pytest.mark.parametrize("path", [LABELS, DEV_D, DEV_E, HELD_OUT_6], ids=["labels", "dev-d", "dev-e", "held-out-6"])
def test_corpus_references_resolve_to_feed_items(shared_dir: Path, path: Path) -> None:
    import feedparser

    feeds = shared_dir / "corpus" / "feeds"
    manifest = {r["file"]: r for r in csv.DictReader(
        (feeds / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines(), delimiter="\t")}
    _, _, rows = read_rows(path)
    parsed: dict[str, list] = {}
    for row in rows:
        name = row["feed_file"]
        assert name in manifest, name
        assert manifest[name]["language"] == row["language"], row
        if name not in parsed:
            parsed[name] = feedparser.parse((feeds / name).read_bytes()).entries
        index = int(row["entry_index"])
        assert index < len(parsed[name]), row
        entry = parsed[name][index]
        assert (entry.get("link") or "") == row["link"], row
        assert (entry.get("id") or "") == row["guid"], row
        assert (entry.get("title") or entry.get("summary") or "").strip(), row
