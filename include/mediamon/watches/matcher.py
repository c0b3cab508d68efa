"""Match articles against watches: the filters first, then the query over the folded title and text,
and for each match its evidence (the query's terms found and a snippet around the first hit).

A term matches whole words (a prefix term `protest*` any word starting with it); in scripts written
without spaces (Han, kana, Hangul, Thai, ...) it matches as a substring. A phrase matches its words in
a row, separated by spaces or punctuation.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from mediamon.watches.query import And, Node, Not, Or, Term, all_terms, parse_query, positive_terms
from mediamon.watches.text import fold, is_substring_script, nfc

SNIPPET_BEFORE_CHARS = 80
SNIPPET_AFTER_CHARS = 120
Hit = tuple[str, int, int] | None  # (field, start, end) of a term's first occurrence, field 'title' or 'text'


@dataclass(frozen=True)
class Watch:
    """A saved search: a name, a Boolean query and optional filters (empty = any)."""

    name: str
    query: str
    countries: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()       # IPTC codes
    languages: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    description: str | None = None
    alert: bool = False


@dataclass(frozen=True)
class ArticleDoc:
    """What a watch looks at in an article."""

    article_id: str
    title: str
    text: str
    language: str | None = None
    source_id: str | None = None
    countries: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Match:
    """One article a watch matched, with its evidence."""

    watch_name: str
    article_id: str
    matched_terms: tuple[str, ...]
    snippet: str
    matched_in: str  # title | text


@dataclass(frozen=True)
class CompiledTerm:
    """A term's regular expression over folded text, and a literal that every match contains."""

    term: Term
    pattern: re.Pattern[str]
    literal: str


@dataclass(frozen=True)
class CompiledWatch:
    """A watch with its query parsed and its terms compiled."""

    watch: Watch
    tree: Node
    terms: dict[Term, CompiledTerm]


def compile_watch(watch: Watch) -> CompiledWatch:
    """Parse the watch's query and compile each of its terms; QueryError on a bad query."""
    tree = parse_query(watch.query)
    return CompiledWatch(watch, tree, {term: compile_term(term) for term in all_terms(tree)})


def compile_term(term: Term) -> CompiledTerm:
    """The regular expression of a term: word boundaries except beside characters of unspaced scripts."""
    pieces = []
    for i, word in enumerate(term.words):
        if i:
            joined = is_substring_script(term.words[i - 1][-1]) or is_substring_script(word[0])
            pieces.append(r"[\W_]*" if joined else r"[\W_]+")
        pieces.append(re.escape(word))
    first, last = term.words[0][0], term.words[-1][-1]
    left = "" if is_substring_script(first) else r"(?<!\w)"
    right = r"\w*" if term.prefix else "" if is_substring_script(last) else r"(?!\w)"
    return CompiledTerm(term, re.compile(left + "".join(pieces) + right), max(term.words, key=len))


@dataclass
class _Folded:
    """An article's title and text in NFC and folded, and the first hit of each term found so far."""

    title: str
    text: str
    folded: dict[str, str]
    hits: dict[Term, Hit] = field(default_factory=dict)

    def hit(self, compiled: CompiledTerm) -> Hit:
        """The term's first occurrence, in the title if it is there, else in the text (memoised)."""
        if compiled.term not in self.hits:
            self.hits[compiled.term] = self.find(compiled, "title") or self.find(compiled, "text")
        return self.hits[compiled.term]

    def find(self, compiled: CompiledTerm, name: str) -> Hit:
        """The term's first occurrence in one field (title or text), or None."""
        haystack = self.folded[name]
        if compiled.literal in haystack and (m := compiled.pattern.search(haystack)):
            return name, m.start(), m.end()
        return None


def passes_filters(watch: Watch, article: ArticleDoc) -> bool:
    """True when the article has one of each non-empty filter's values."""
    return ((not watch.countries or not article.countries.isdisjoint(watch.countries))
            and (not watch.topics or not article.topics.isdisjoint(watch.topics))
            and (not watch.languages or article.language in watch.languages)
            and (not watch.sources or article.source_id in watch.sources))


def evaluate(node: Node, doc: _Folded, terms: dict[Term, CompiledTerm]) -> bool:
    """Whether the query tree matches the article (AND and OR stop at the first deciding part)."""
    if isinstance(node, Term):
        return doc.hit(terms[node]) is not None
    if isinstance(node, Not):
        return not evaluate(node.node, doc, terms)
    if isinstance(node, And):
        return all(evaluate(part, doc, terms) for part in node.parts)
    if isinstance(node, Or):
        return any(evaluate(part, doc, terms) for part in node.parts)
    raise TypeError(f"not a query node: {node!r}")


def match_articles(watches: Iterable[Watch], articles: Iterable[ArticleDoc]) -> list[Match]:
    """Every (watch, article) match with its evidence, in article order then watch order."""
    compiled = [compile_watch(w) for w in watches]
    matches = []
    for article in articles:
        wanted = [c for c in compiled if passes_filters(c.watch, article)]
        if not wanted:
            continue
        doc = fold_article(article)
        for watch in wanted:
            if evaluate(watch.tree, doc, watch.terms):
                matches.append(evidence(watch, article, doc))
    return matches


def fold_article(article: ArticleDoc) -> _Folded:
    """The article's title and text ready for matching."""
    title, text = nfc(article.title or ""), nfc(article.text or "")
    return _Folded(title, text, {"title": fold(title), "text": fold(text)})


def evidence(watch: CompiledWatch, article: ArticleDoc, doc: _Folded) -> Match:
    """The terms found and a snippet around the first hit in the text (the title if none is in the text)."""
    found, seen = [], set()
    for term in positive_terms(watch.tree):
        if term.text not in seen and doc.hit(watch.terms[term]) is not None:
            found.append(term)
            seen.add(term.text)
    in_text = [h for t in found if (h := doc.find(watch.terms[t], "text")) is not None]
    first = min(in_text, key=lambda h: h[1]) if in_text else doc.hit(watch.terms[found[0]])
    field_name, start, end = first  # a matched query has at least one positive term found
    source = doc.text if field_name == "text" else doc.title
    return Match(watch.watch.name, article.article_id, tuple(t.text for t in found),
                 snippet_around(source, start, end), field_name)


def snippet_around(text: str, start: int, end: int) -> str:
    """About 200 characters of text around [start, end), cut at spaces where there are any, with '…'."""
    left = max(0, start - SNIPPET_BEFORE_CHARS)
    right = min(len(text), end + SNIPPET_AFTER_CHARS)
    if left > 0 and (space := text.find(" ", left, start)) != -1:
        left = space + 1
    if right < len(text) and (space := text.rfind(" ", end, right)) != -1:
        right = space
    body = " ".join(text[left:right].split())
    return ("…" if left > 0 else "") + body + ("…" if right < len(text) else "")
