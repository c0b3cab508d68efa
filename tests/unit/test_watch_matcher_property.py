"""The watch matcher against a plain reference: for random queries (terms, prefixes, phrases, AND, OR, NOT, NEAR)
over random titles and texts made of words that hold each other ('ai' in 'aiai', 'mail', 'iai'), punctuation, ß,
accents and a script written without spaces, the matches, their terms, snippets and fields, and each term's first
occurrence and word spans are those of re.finditer over the whole folded field with word boundaries."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mediamon.watches.matcher import (
    ArticleDoc,
    Match,
    Watch,
    compile_term,
    fold_article,
    match_articles,
    snippet_around,
)
from mediamon.watches.query import all_terms, parse_query
from mediamon.watches.text import fold, is_substring_script

TEXT_WORDS = ["ai", "AI", "aia", "aiai", "iai", "A.I.", "ai-ai", "ai_ai", "mail", "main", "Mainz", "ma", "a",
              "i", "Straße", "strasse", "mass", "maß", "élan", "Elan", "中国", "经济", "中国经济", "covid-19",
              "COVID", "19", "x", "aiaiai"]
TEXT_GAPS = [" ", " ", " ", ", ", ". ", "-", "_", "'", "\n", " – ", "(", ") ", ""]
QUERY_WORDS = ["ai", "AI", "aia", "aiai", "iai", "mail", "ma", "main", "a", "i", "strasse", "Straße", "mass", "élan",
               "elan", "中国", "经济", "covid", "19", "x"]
FOCUS_WORDS = ["ai", "aia", "iai", "ma"]  # drawn half the time: repeated words, and phrases that overlap
FIELD_WORD = re.compile(r"\w+")
text_words = st.sampled_from(FOCUS_WORDS) | st.sampled_from(TEXT_WORDS)
query_words = st.sampled_from(FOCUS_WORDS) | st.sampled_from(QUERY_WORDS)


@dataclass(frozen=True)
class RefTerm:
    """A query term as the reference reads it: its text in the query, its folded words, and whether a prefix."""

    raw: str
    words: tuple[str, ...]
    prefix: bool
    phrase: bool

    @property
    def shown(self) -> str:
        """The term as a match names it: lower-cased, a phrase in double quotes."""
        return f'"{self.raw.lower()}"' if self.phrase else self.raw.lower()


@dataclass(frozen=True)
class RefNode:
    """A query node: kind is term, and, or, not, near; terms of a NEAR side are in `sides`."""

    kind: str
    term: RefTerm | None = None
    parts: tuple[RefNode, ...] = ()
    sides: tuple[tuple[RefTerm, ...], tuple[RefTerm, ...]] = ((), ())
    distance: int = 0


@st.composite
def terms(draw: st.DrawFn) -> RefTerm:
    """A word, a word of pieces joined by '-' or '.', a prefix, or a phrase of one to three words."""
    kind = draw(st.sampled_from(["word", "word", "joined", "prefix", "phrase"]))
    count = 1 if kind in ("word", "prefix") else draw(st.integers(2 if kind == "joined" else 1, 3))
    picked = draw(st.lists(query_words, min_size=count, max_size=count))
    if kind == "prefix":
        last = picked[-1]
        cut = draw(st.integers(1 if is_substring_script(last[0]) else min(2, len(last)), len(last)))
        picked[-1] = last[:cut]
        if len(picked[-1]) < 2 and not is_substring_script(picked[-1][0]):
            picked[-1] = "ma"
    joiner = " " if kind == "phrase" else draw(st.sampled_from(["-", "."]))
    raw = joiner.join(picked) + ("*" if kind == "prefix" else "")
    words = tuple(fold(word).replace("ß", "ss") for word in picked)
    return RefTerm(raw, words, kind == "prefix", kind == "phrase")


def _near_side(draw: st.DrawFn) -> tuple[RefTerm, ...]:
    """One side of a NEAR: a term, or two or three terms joined by OR."""
    return tuple(draw(st.lists(terms(), min_size=1, max_size=3)))


@st.composite
def nodes(draw: st.DrawFn, depth: int = 0) -> RefNode:
    """A positive query node: a term, a NEAR, an OR of nodes, or an AND of nodes with NOTs beside them."""
    kinds = ["term", "near"] + (["or", "and"] if depth < 2 else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "term":
        return RefNode("term", draw(terms()))
    if kind == "near":
        return RefNode("near", sides=(_near_side(draw), _near_side(draw)), distance=draw(st.integers(0, 6)))
    parts = draw(st.lists(nodes(depth + 1), min_size=2 if kind == "or" else 1, max_size=3))
    if kind == "and":
        negated = draw(st.lists(terms().map(lambda t: RefNode("not", parts=(RefNode("term", t),))), max_size=2))
        parts = parts + negated
    return RefNode(kind, parts=tuple(parts))


def render(node: RefNode) -> str:
    """The query text of a node, every compound part in parentheses."""
    if node.kind == "term":
        assert node.term is not None
        return f'"{node.term.raw}"' if node.term.phrase else node.term.raw
    if node.kind == "near":
        left, right = (side[0].raw if len(side) == 1 and not side[0].phrase else
                       "(" + " OR ".join(render(RefNode("term", t)) for t in side) + ")" for side in node.sides)
        return f"{left} NEAR/{node.distance} {right}"
    if node.kind == "not":
        return "NOT " + render(node.parts[0])
    joined = " OR " if node.kind == "or" else " AND "
    return joined.join(render(p) if p.kind in ("term", "not") else f"({render(p)})" for p in node.parts)


def positive_terms(node: RefNode) -> list[RefTerm]:
    """The terms outside NOT, in the order the query writes them."""
    if node.kind == "term":
        assert node.term is not None
        return [node.term]
    if node.kind == "near":
        return [*node.sides[0], *node.sides[1]]
    if node.kind == "not":
        return []
    return [t for part in node.parts for t in positive_terms(part)]


def term_pattern(term: RefTerm) -> re.Pattern[str]:
    """The term over folded text: its words with non-word characters between them (none needed beside a script
    written without spaces), whole words except beside such a script, ss also written ß."""
    pattern = ""
    for i, word in enumerate(term.words):
        if i:
            unspaced = is_substring_script(term.words[i - 1][-1]) or is_substring_script(word[0])
            pattern += r"[\W_]*" if unspaced else r"[\W_]+"
        pattern += re.escape(word).replace("ss", "(?:ss|ß)")
    left = "" if is_substring_script(term.words[0][0]) else r"(?<!\w)"
    right = r"\w*" if term.prefix else "" if is_substring_script(term.words[-1][-1]) else r"(?!\w)"
    return re.compile(left + pattern + right)


class Article:
    """An article as the reference reads it: the title and text shown, folded, and their words numbered."""

    def __init__(self, title: str, text: str) -> None:
        self.title = " ".join(title.split())
        self.text = text
        self.fields = {"title": fold(self.title), "text": fold(self.text)}
        joined = self.fields["title"] + "\n" + self.fields["text"]
        self.word_starts = [m.start() for m in FIELD_WORD.finditer(joined)]
        self.text_at = len(self.title) + 1

    def first(self, term: RefTerm, fields: tuple[str, ...] = ("title", "text")) -> tuple[str, int, int] | None:
        """The term's first occurrence as (field, start, end), offsets over title, line break and text."""
        for name in fields:
            if (found := term_pattern(term).search(self.fields[name])) is not None:
                offset = 0 if name == "title" else self.text_at
                return name, found.start() + offset, found.end() + offset
        return None

    def spans(self, term: RefTerm) -> list[tuple[bool, int, int]]:
        """Every occurrence (not overlapping) as (in the title, first word's number, last word's number)."""
        spans = []
        for name, offset in (("title", 0), ("text", self.text_at)):
            for found in term_pattern(term).finditer(self.fields[name]):
                first = bisect_right(self.word_starts, found.start() + offset) - 1
                last = bisect_right(self.word_starts, found.end() - 1 + offset) - 1
                spans.append((name == "title", first, last))
        return spans

    def near(self, left: tuple[RefTerm, ...], right: tuple[RefTerm, ...], distance: int) -> bool:
        """Whether an occurrence of a left and one of a right term, in one field and apart, have at most
        `distance` words between them."""
        rights = [s for t in right for s in self.spans(t)]
        for in_title, first, last in (s for t in left for s in self.spans(t)):
            for r_title, r_first, r_last in rights:
                if r_title == in_title and (0 <= r_first - last - 1 <= distance or 0 <= first - r_last - 1 <= distance):
                    return True
        return False

    def holds(self, node: RefNode) -> bool:
        """Whether the query node matches the article."""
        if node.kind == "term":
            assert node.term is not None
            return self.first(node.term) is not None
        if node.kind == "near":
            return self.near(node.sides[0], node.sides[1], node.distance)
        if node.kind == "not":
            return not self.holds(node.parts[0])
        if node.kind == "and":
            return all(self.holds(part) for part in node.parts)
        return any(self.holds(part) for part in node.parts)

    def evidence(self, name: str, article_id: str, node: RefNode) -> Match:
        """The match: terms found in query order, and a snippet around the first one found in the text (around
        the first term's occurrence in the title when none is in the text)."""
        found = [t for t in dict.fromkeys(positive_terms(node)) if self.first(t) is not None]
        in_text = [h for t in found if (h := self.first(t, ("text",))) is not None]
        field, start, end = min(in_text, key=lambda h: h[1]) if in_text else self.first(found[0])  # type: ignore[misc]
        source, offset = (self.text, self.text_at) if field == "text" else (self.title, 0)
        shown = tuple(dict.fromkeys(t.shown for t in found))
        return Match(name, article_id, shown, snippet_around(source, start - offset, end - offset), field)


@st.composite
def texts(draw: st.DrawFn, words: st.SearchStrategy[str], most: int, padded: bool = False) -> str:
    """Up to `most` of these words with punctuation, spaces, line breaks or nothing between them; padded, sometimes
    after or before 160 characters of other words (a snippet is then cut)."""
    picked = draw(st.lists(words, max_size=most))
    gaps = draw(st.lists(st.sampled_from(TEXT_GAPS), min_size=len(picked), max_size=len(picked)))
    text = "".join(word + gap for word, gap in zip(picked, gaps, strict=True))
    if not padded:
        return text
    before, after = (draw(st.sampled_from(["", "", PADDING])) for _ in range(2))
    return before + text + after


PADDING = "the news of the day " * 8


def planted(queries: list[RefNode]) -> list[str]:
    """The queries' terms as a text may write them: their words, a prefix's also with a letter after it."""
    found = []
    for term in (t for node in queries for t in _all_terms(node)):
        found.append(" ".join(term.words))
        if term.prefix:
            found.append(" ".join(term.words) + "i")
    return found


@st.composite
def cases(draw: st.DrawFn, most_queries: int) -> tuple[list[RefNode], list[tuple[str, str]]]:
    """Queries, and one to three articles (title, text) of the alphabet's words and the queries' terms."""
    queries = draw(st.lists(nodes(), min_size=1, max_size=most_queries))
    words = st.sampled_from(planted(queries)) | text_words
    pages = draw(st.lists(st.tuples(texts(words, 6), texts(words, 60, padded=True)), min_size=1, max_size=3))
    return queries, pages


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases(9))
def test_matches_terms_and_snippets_are_the_reference_ones(case: tuple[list[RefNode], list[tuple[str, str]]]) -> None:
    """Nine watches at most: from eight on, the watches none of whose anchor words an article holds are left out."""
    queries, pages = case
    watches = [Watch(f"w{i}", render(node)) for i, node in enumerate(queries)]
    docs = [ArticleDoc(f"a{i}", title, text) for i, (title, text) in enumerate(pages)]
    expected = []
    for doc in docs:
        article = Article(doc.title, doc.text)
        expected += [article.evidence(w.name, doc.article_id, node) for w, node in zip(watches, queries, strict=True)
                     if article.holds(node)]
    assert match_articles(watches, docs) == expected


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases(1))
def test_each_terms_first_occurrence_and_word_spans_are_the_reference_ones(
        case: tuple[list[RefNode], list[tuple[str, str]]]) -> None:
    """Where each term first occurs (from the start and from the text's start) and every occurrence's words."""
    [query], pages = case
    parsed = {t.text: t for t in all_terms(parse_query(render(query)))}
    for page in pages:
        article = Article(*page)
        doc = fold_article(ArticleDoc("a", *page))
        for term in dict.fromkeys(_all_terms(query)):
            compiled = compile_term(parsed[term.shown])
            assert compiled.term.words == term.words
            assert doc.first_hit(compiled) == article.first(term), term.raw
            assert doc.first_hit(compiled, article.text_at) == article.first(term, ("text",)), term.raw
            assert doc.word_spans(compiled) == article.spans(term), term.raw


def _all_terms(node: RefNode) -> list[RefTerm]:
    """Every term of the query, negated or not."""
    if node.kind == "term":
        assert node.term is not None
        return [node.term]
    if node.kind == "near":
        return [*node.sides[0], *node.sides[1]]
    return [t for part in node.parts for t in _all_terms(part)]
