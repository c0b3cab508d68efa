"""Red-team watch queries of the fifth round: queries holding terminal controls, line breaks or bidi overrides (the
error's caret line printed them raw), NEAR written wrong (it became a term 'near' silently), terms of marks or
underscores alone, regular-expression syntax, NOT-only queries, unbalanced quotes of every kind and OR lists as long
as a query may be. Every bad query ends in an error at its column that a terminal shows as written; every good one is
matched literally, in bounded time."""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import yaml

import mediamon.cli as cli
from mediamon import warehouse
from mediamon.errors import ConfigError
from mediamon.watches.config import load_watches
from mediamon.watches.matcher import ArticleDoc, Watch, match_articles
from mediamon.watches.query import MAX_QUERY_CHARS, Near, QueryError, Term, parse_query

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty warehouse (the schema only): a bad query is refused before any article is read."""
    path = tmp_path_factory.mktemp("round5-watch") / "wh.duckdb"
    with warehouse.connect(path):
        pass
    return path


def watch_test(capsys: pytest.CaptureFixture[str], db: Path, query: str, *more: str) -> tuple[int, str, str]:
    """`mediamon watch test QUERY` in this process: exit code, stdout, stderr."""
    code = cli.main(["watch", "test", "--db", str(db), query, *more])
    out, err = capsys.readouterr()
    return code, out, err


def query_error(query: str) -> QueryError:
    """The QueryError parse_query raises for query (the test fails if it parses)."""
    with pytest.raises(QueryError) as caught:
        parse_query(query)
    return caught.value


def articles(*texts: str) -> list[ArticleDoc]:
    """One article per text, its title 'Report'."""
    return [ArticleDoc(f"a{i}", "Report", text) for i, text in enumerate(texts)]


def matched(query: str, docs: list[ArticleDoc]) -> list[str]:
    """The ids of the articles a watch of this query matches."""
    return [m.article_id for m in match_articles([Watch("w", query)], docs)]


# --- errors a terminal shows as written --------------------------------------------------------------------------

TERMINAL_ATTACKS = {
    "clear-screen": ("\x1b[2J\x1b[H protest AND", "AND"),
    "window-title": ("\x1b]0;owned\x07 protest OR", "OR"),
    "line-break": ("protest\r\nAND", "AND"),
    "bell-and-nul": ("pro\x07\x00test NOT", "NOT"),
    "c1-csi": ("\x9b31m protest AND", "AND"),
    "bidi-override": ("\u202eprotest\u202c AND", "AND"),
}


@pytest.mark.parametrize("attack", TERMINAL_ATTACKS)
def test_a_bad_query_holding_controls_is_shown_without_them_and_the_caret_under_its_fault(
        db: Path, capsys: pytest.CaptureFixture[str], attack: str) -> None:
    query, fault = TERMINAL_ATTACKS[attack]
    code, out, err = watch_test(capsys, db, query)
    assert code == 2 and out == "" and "needs a term after it" in err
    assert not UNSAFE.search(err), repr(err)
    shown, caret = err.splitlines()[-2:]
    assert shown[caret.index("^"):].startswith(fault)


def test_a_phrase_of_controls_alone_is_named_without_them() -> None:
    error = query_error('protest "\x1b[\x07"')
    assert "has no letter or digit" in str(error) and error.column == 9
    assert not UNSAFE.search(str(error) + error.pointer())


def test_a_watches_file_query_holding_an_escape_is_reported_without_it(tmp_path: Path) -> None:
    path = tmp_path / "watches.yaml"
    path.write_text(yaml.safe_dump({"watches": [{"name": "esc", "query": "\x1b]52;c;cm0=\x07 AND"}]}), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_watches(path)
    assert "needs a term after it" in str(caught.value) and not UNSAFE.search(str(caught.value))


# --- NEAR written wrong -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("near", ["NEAR/", "NEAR/-1", "NEAR/x", "NEAR/3.5", "NEAR/5/6", "NEAR/²", "NEAR/+5"])
def test_a_near_written_wrong_is_an_error_at_its_column_not_a_term(near: str) -> None:
    error = query_error(f"journalist* {near} detained")
    assert error.column == 13 and "is no NEAR" in error.message and "NEAR/n" in error.message


@pytest.mark.parametrize("query, distance", [("journalist NEAR/05 detained", 5), ("journalist NEAR/٣ detained", 3),
                                             ("journalist NEAR detained", 5), ("journalist NEAR/0 detained", 0)])
def test_a_near_written_right_in_any_digits_is_a_near(query: str, distance: int) -> None:
    node = parse_query(query)
    assert isinstance(node, Near) and node.distance == distance


def test_a_lower_case_near_is_an_ordinary_term_as_the_grammar_says() -> None:
    node = parse_query("journalist near/5")
    assert not isinstance(node, Near)
    docs = articles("The journalist was near 5 police cars.", "The journalist was detained.")
    assert matched("journalist near/5", docs) == ["a0"]


# --- terms with nothing to search for -----------------------------------------------------------------------------


@pytest.mark.parametrize("term", ["\u0301", "_", "__", "\u093e", "_\u0301_", '"_ \u0301"'])
def test_a_term_of_marks_or_underscores_alone_has_no_letter_to_search_for(term: str) -> None:
    error = query_error(f"protest {term}")
    assert "has no letter or digit" in error.message and error.column == 9


def test_a_word_with_marks_and_underscores_beside_letters_is_still_a_term() -> None:
    assert isinstance(parse_query("चुनाव"), Term) and isinstance(parse_query("snake_case"), Term)


# --- regular-expression syntax is text ----------------------------------------------------------------------------


@pytest.mark.parametrize("query", [r"\d+", "[a-z]+", "x{1,1000000}", "(a+)+$", "a|b", ".+?", "(?i)x", r"\w*\s"])
def test_regex_syntax_in_a_query_is_matched_literally_and_quickly(query: str) -> None:
    try:
        parse_query(query)
    except QueryError as err:
        assert "has no letter or digit" in err.message or "too short" in err.message
        return
    docs = articles("a" * 50_000 + "!", "12345 67890 and every letter", "x" * 1000)
    started = time.monotonic()
    found = matched(query, docs)
    assert time.monotonic() - started < 1.0
    assert "a1" not in found  # '\d+', '[a-z]+' or '.+?' would match it as patterns


def test_a_query_of_regex_words_finds_those_words() -> None:
    docs = articles("The d shift and the w s ranks.", "No such words.")
    assert matched(r"\d+ \w*\s", docs) == ["a0"]


# --- queries that only exclude, and unbalanced quotes -------------------------------------------------------------


@pytest.mark.parametrize("query", ["NOT protest", "NOT NOT NOT protest", "NOT (protest OR strike)",
                                   "protest OR NOT strike", "(NOT protest) OR (NOT strike)",
                                   "NOT protest AND NOT strike"])
def test_a_query_that_matches_without_any_term_is_refused(query: str) -> None:
    error = query_error(query)
    assert error.column == 1 and ("only excludes" in error.message or "none of its terms" in error.message)


@pytest.mark.parametrize("query, column", [('"strike', 1), ("protest «strike", 9), ("protest „strike", 9),
                                           ('a "b c" "d', 9), ("protest “", 9)])
def test_an_unbalanced_quote_of_any_kind_is_refused_at_its_column(query: str, column: int) -> None:
    error = query_error(query)
    assert error.message == "unbalanced quote" and error.column == column


# --- queries as long as a query may be ----------------------------------------------------------------------------


def longest(parts: list[str], joiner: str, tail: str) -> str:
    """As many parts joined as fit MAX_QUERY_CHARS with tail after them."""
    query = ""
    for part in parts:
        if len(query) + len(joiner) + len(part) + len(tail) > MAX_QUERY_CHARS:
            break
        query = f"{query}{joiner}{part}" if query else part
    return query + tail


def test_an_or_list_as_long_as_a_query_may_be_finds_its_last_term_in_bounded_time() -> None:
    query = longest([f"absent{i}*" for i in range(1000)], " OR ", " OR harbour")
    assert len(query) > MAX_QUERY_CHARS - 20
    docs = articles(*(["lorem ipsum dolor " * 300] * 99 + ["The harbour reopened."]))
    started = time.monotonic()
    assert matched(query, docs) == ["a99"]
    assert time.monotonic() - started < 2.0


def test_a_list_of_hundreds_of_nots_keeps_the_articles_without_them() -> None:
    query = longest([f"NOT absent{i}" for i in range(1000)], " ", " harbour")
    docs = articles("The harbour reopened.", "The harbour reopened, absent7 said.", "Nothing here.")
    started = time.monotonic()
    assert matched(query, docs) == ["a0"]
    assert time.monotonic() - started < 2.0
