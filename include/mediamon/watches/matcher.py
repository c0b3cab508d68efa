"""Match articles against watches: the filters first, then the query over the folded title and text,
and for each match its evidence (the query's terms found and a snippet around the first hit).

A term matches whole words (a prefix term `protest*` any word starting with it); in scripts written
without spaces (Han, kana, Hangul, Thai, ...) it matches as a substring. A phrase matches its words in
a row, separated by spaces or punctuation. Case and accents do not count, and ß is ss (strasse, Straße
and STRASSE are one word). `a NEAR/n b` counts the words between an occurrence of a and one of b, in one field.

The terms are matched in the article's skeleton: its folded text with every character that is no letter,
digit, underscore or mark written as a space, character for character. A term's expression then needs no
class of the thousands of marks (compiling one took 30 ms, so a watches file of 55 phrases took 2 s before
its first article), and its occurrences are sought where its first word occurs (str.find), not by a regular
expression starting with a look-behind, which tried every position of a 10 MB text for each term.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from mediamon.text.words import WORD_CHAR
from mediamon.watches.query import And, Near, Node, Not, Or, Term, all_terms, parse_query, positive_terms
from mediamon.watches.text import fold, is_substring_script, nfc

SNIPPET_BEFORE_CHARS = 80
SNIPPET_AFTER_CHARS = 120
_BETWEEN = "[ _]"  # in a skeleton, what may stand between the words of a phrase: no letter, digit or mark
_WORD_CHAR = "[^ ]"  # in a skeleton, a letter, digit, underscore or mark (WORD_CHAR)
_NOT_WORD_CHAR = re.compile(f"[^{WORD_CHAR[1:-1]}]")
_ASCII_SKELETON = {code: " " for code in range(128) if not re.match(WORD_CHAR, chr(code))}
_SKELETON_WORD_RE = re.compile(f"{_WORD_CHAR}+")
_TOKEN_SPLIT = re.compile("[ _]+")
ANCHORED_WATCHES = 8  # from this many watches an article's tokens (read once) save more than they cost
COMPILED_TERMS_KEPT = 4096  # terms whose expressions are kept between evaluations ('watch test', each shard)
SS_PATTERN = "(?:ss|ß)"  # a query's ss (its ß is spelled so) matches an article's ss or ß
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


class ArticleDoc(NamedTuple):
    """What a watch looks at in an article (a named tuple: a day's thousands are built in a blink)."""

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
    literal: str   # the term's longest word (or piece between two ss): an article without it cannot match
    first: str     # the term's first word up to its first ss: where a match starts ("" when it starts with ss)
    starts_word: bool = True  # a match starts a word (after a space or at the start); False for unspaced scripts


@dataclass(frozen=True)
class CompiledWatch:
    """A watch with its query parsed and compiled into a test over an article's folded title and text."""

    watch: Watch
    tree: Node
    terms: tuple[CompiledTerm, ...]      # every distinct term; a term's index is its slot in the memo
    positive: tuple[int, ...]            # indices of the terms outside NOT, in query order (the evidence)
    test: Callable[[_Folded], bool]
    anchors: frozenset[str] | None = None  # words one of which every match holds as a token (None: not known)


def compile_watch(watch: Watch) -> CompiledWatch:
    """Parse the watch's query and compile it; QueryError on a bad query."""
    tree = parse_query(watch.query)
    index: dict[Term, int] = {}
    for term in all_terms(tree):
        index.setdefault(term, len(index))
    terms = tuple(compile_term(term) for term in index)
    positive = tuple(dict.fromkeys(index[t] for t in positive_terms(tree)))
    return CompiledWatch(watch, tree, terms, positive, _compile_node(tree, index, terms), anchors(tree))


def anchors(node: Node) -> frozenset[str] | None:
    """Words one of which every article the (sub)query matches holds as a token of its skeleton (split at spaces
    and underscores), or None when no such set is known (a NOT, a term of unspaced script, ss or a short prefix)."""
    if isinstance(node, Term):
        if words := whole_words(node):
            return frozenset({max(words, key=len)})
        last = node.words[-1]
        return frozenset({last + "*"}) if node.prefix and _whole(last) else None
    if isinstance(node, Not):
        return None
    if isinstance(node, Near):
        return _union([anchors(term) for term in node.left])
    if isinstance(node, Or):
        return _union([anchors(part) for part in node.parts])
    known = [found for part in node.parts if (found := anchors(part)) is not None]
    return min(known, key=len) if known else None


def _union(sets: list[frozenset[str] | None]) -> frozenset[str] | None:
    """The union of the sets, None if one is None."""
    return None if any(found is None for found in sets) else frozenset().union(*sets)  # type: ignore[arg-type]


def whole_words(term: Term) -> list[str]:
    """The words of the term that every match holds whole between spaces or underscores: those without ss (an
    article may write ß), an underscore or a character of an unspaced script; the last one unless it is a prefix."""
    return [w for w in (term.words[:-1] if term.prefix else term.words) if _whole(w)]


def _whole(word: str) -> bool:
    """Whether an article holds the word as the query spells it (no ss, underscore or unspaced script)."""
    return "ss" not in word and "_" not in word and not any(is_substring_script(c) for c in word)


def holds_anchor(found: frozenset[str], tokens: set[str], ordered: list[str]) -> bool:
    """Whether the tokens hold one of the anchor words, or a token starting with an anchor ending in '*'."""
    for anchor in found:
        if anchor[-1] != "*":
            if anchor in tokens:
                return True
            continue
        start = anchor[:-1]
        at = bisect_left(ordered, start)
        if at < len(ordered) and ordered[at].startswith(start):
            return True
    return False


@lru_cache(maxsize=COMPILED_TERMS_KEPT)
def compile_term(term: Term) -> CompiledTerm:
    """The regular expression of a term over a skeleton: word boundaries except beside characters of
    unspaced scripts."""
    pieces = []
    for i, word in enumerate(term.words):
        if i:
            joined = is_substring_script(term.words[i - 1][-1]) or is_substring_script(word[0])
            pieces.append(f"{_BETWEEN}*" if joined else f"{_BETWEEN}+")
        pieces.append(re.escape(word).replace("ss", SS_PATTERN))
    first, last = term.words[0][0], term.words[-1][-1]
    left = "" if is_substring_script(first) else f"(?<!{_WORD_CHAR})"
    right = f"{_WORD_CHAR}*" if term.prefix else "" if is_substring_script(last) else f"(?!{_WORD_CHAR})"
    literal = max((piece for word in term.words for piece in word.split("ss")), key=len)
    return CompiledTerm(term, re.compile(left + "".join(pieces) + right), literal, term.words[0].split("ss")[0],
                        starts_word=bool(left))


def skeleton(folded: str) -> str:
    """The folded text with each character that is no letter, digit, underscore or mark as a space (as long)."""
    if folded.isascii():
        return folded.translate(_ASCII_SKELETON)
    return _NOT_WORD_CHAR.sub(" ", folded)  # a character at a time: a run's spaces by a callback took twice as long


class _Folded:
    """An article's title and text (NFC), both folded and joined by a line break, and their skeleton (made when a
    term's literal is in the folded text: a literal holds word characters only, so it is in the skeleton exactly
    when it is in the folded text, and most articles hold no watch's literal), with a memo of the first hit of
    each term of the watch being evaluated."""

    __slots__ = ("display", "lowered", "_skeleton", "hits", "title_end", "_word_starts")

    def __init__(self, title: str, text: str) -> None:
        self.display = f"{title}\n{text}"
        self.lowered = fold(self.display)
        self._skeleton: str | None = None
        self.title_end = len(title)        # the line break between title and text
        self.hits: list[Hit | bool] = []   # per term: True = not looked for yet, None = absent, else the hit
        self._word_starts: list[int] | None = None

    @property
    def folded(self) -> str:
        """The skeleton of the folded title and text (made once, when first read)."""
        if self._skeleton is None:
            self._skeleton = skeleton(self.lowered)
        return self._skeleton

    def word_spans(self, compiled: CompiledTerm) -> list[tuple[bool, int, int]]:
        """Every occurrence of the term as (in the title, first word's number, last word's number), the words
        numbered over title and text (found once per article, when a NEAR asks)."""
        if compiled.literal not in self.lowered:
            return []
        if self._word_starts is None:
            self._word_starts = [m.start() for m in _SKELETON_WORD_RE.finditer(self.folded)]
        starts, end = self._word_starts, self.title_end
        found = [*self._occurrences(compiled, 0, end), *self._occurrences(compiled, end + 1, len(self.folded))]
        return [(m.start() < end, bisect_right(starts, m.start()) - 1, bisect_right(starts, m.end() - 1) - 1)
                for m in found]

    def _occurrences(self, compiled: CompiledTerm, start: int, end: int) -> list[re.Match[str]]:
        """The term's occurrences in folded[start:end] that do not overlap, as finditer finds them, looked for
        where the term's first word occurs."""
        if not compiled.first:
            return list(compiled.pattern.finditer(self.folded, start, end))
        haystack, match = self.folded, compiled.pattern.match
        found: list[re.Match[str]] = []
        free = start  # where the next occurrence may start: after the last one found
        for at in self._starts(compiled, start, end):
            if at >= free and (hit := match(haystack, at, end)) is not None:
                found.append(hit)
                free = hit.end()
        return found

    def _starts(self, compiled: CompiledTerm, start: int, end: int) -> Iterator[int]:
        """Where in folded[start:end] the term's first word occurs and a match of the term may start: only after a
        space or at the very start when the term starts a word, so a word of 5 MB holding the first word at each
        of its letters costs one look, not a match tried at each letter."""
        haystack, first = self.folded, compiled.first
        if compiled.starts_word:
            if start == 0 and haystack.startswith(first, 0, end):
                yield 0
            first, shift, start = " " + first, 1, max(start - 1, 0)
        else:
            shift = 0
        at = haystack.find(first, start, end)
        while at != -1:
            yield at + shift
            at = haystack.find(first, at + 1, end)

    def first_hit(self, compiled: CompiledTerm, start: int = 0) -> Hit:
        """The term's first occurrence from `start` as (field, start, end), never across title and text."""
        if compiled.literal not in self.lowered:
            return None
        haystack, end = self.folded, self.title_end
        match = compiled.pattern.match
        if not compiled.first:
            return self._search(compiled.pattern, start)
        for at in self._starts(compiled, start, len(haystack)):  # faster than a search for the pattern
            found = match(haystack, at, end) if at < end else match(haystack, at)
            if found is not None:
                return ("title" if at < end else "text", found.start(), found.end())
        return None

    def _search(self, pattern: re.Pattern[str], start: int) -> Hit:
        """The pattern's first occurrence from `start`, in the title first, then in the text."""
        if start < self.title_end and (found := pattern.search(self.folded, start, self.title_end)) is not None:
            return ("title", found.start(), found.end())
        found = pattern.search(self.folded, max(start, self.title_end))
        return None if found is None else ("text", found.start(), found.end())


def _compile_node(node: Node, index: dict[Term, int], terms: tuple[CompiledTerm, ...]) -> Callable[[_Folded], bool]:
    """A function of a folded article telling whether the (sub)query matches it; terms looked up once."""
    if isinstance(node, Term):
        slot, compiled = index[node], terms[index[node]]

        def term(doc: _Folded) -> bool:
            hit = doc.hits[slot]
            if hit is True:
                hit = doc.hits[slot] = doc.first_hit(compiled)
            return hit is not None
        return term
    if isinstance(node, Near):
        left, right = ([terms[index[t]] for t in side] for side in (node.left, node.right))
        present = [[_compile_node(t, index, terms) for t in side] for side in (node.left, node.right)]

        def near(doc: _Folded) -> bool:  # both sides' first hits first (cheap, and the evidence reads them)
            return (all(any(found(doc) for found in side) for side in present)
                    and _near(doc, left, right, node.distance))
        return near
    if isinstance(node, Not):
        inner = _compile_node(node.node, index, terms)
        return lambda doc: not inner(doc)
    parts = tuple(_compile_node(part, index, terms) for part in node.parts)
    if isinstance(node, And):
        return lambda doc: all(part(doc) for part in parts)
    return lambda doc: any(part(doc) for part in parts)


def _near(doc: _Folded, left: list[CompiledTerm], right: list[CompiledTerm], distance: int) -> bool:
    """Whether an occurrence of a left term and one of a right term, in one field and not overlapping, have at
    most `distance` words between them (each left occurrence looks up the right ones by word number)."""
    spans = [s for c in right for s in doc.word_spans(c)]
    if not spans:
        return False
    firsts = sorted((in_title, first) for in_title, first, _ in spans)
    lasts = sorted((in_title, last) for in_title, _, last in spans)
    for in_title, first, last in (s for c in left for s in doc.word_spans(c)):
        after = bisect_right(firsts, (in_title, last))            # a right term starting after this one ends
        if after < len(firsts) and firsts[after][0] == in_title and firsts[after][1] - last - 1 <= distance:
            return True
        before = bisect_right(lasts, (in_title, first - 1)) - 1    # one ending before this one starts
        if before >= 0 and lasts[before][0] == in_title and first - lasts[before][1] - 1 <= distance:
            return True
    return False


def passes_filters(watch: Watch, article: ArticleDoc) -> bool:
    """True when the article has one of each non-empty filter's values."""
    return ((not watch.countries or not article.countries.isdisjoint(watch.countries))
            and (not watch.topics or not article.topics.isdisjoint(watch.topics))
            and (not watch.languages or article.language in watch.languages)
            and (not watch.sources or article.source_id in watch.sources))


def match_articles(watches: Iterable[Watch], articles: Iterable[ArticleDoc]) -> list[Match]:
    """Every (watch, article) match with its evidence, in article order then watch order."""
    compiled = [compile_watch(w) for w in watches]
    return [match for article in articles for match in match_article(compiled, article)]


def match_article(compiled: Sequence[CompiledWatch], article: ArticleDoc) -> list[Match]:
    """The compiled watches one article matches, with their evidence, in watch order; the article is
    folded once, and only when a watch's filters let it through."""
    wanted = [c for c in compiled if passes_filters(c.watch, article)]
    if not wanted:
        return []
    doc = fold_article(article)
    if len(wanted) >= ANCHORED_WATCHES:  # leave out the watches none of whose anchor words the article holds
        tokens = set(_TOKEN_SPLIT.split(doc.folded))
        ordered = sorted(tokens)
        wanted = [w for w in wanted if w.anchors is None or holds_anchor(w.anchors, tokens, ordered)]
    matches = []
    for watch in wanted:
        doc.hits = [True] * len(watch.terms)
        if watch.test(doc):
            matches.append(evidence(watch, article, doc))
    return matches


def fold_article(article: ArticleDoc) -> _Folded:
    """The article's title and text ready for matching."""
    return _Folded(nfc(" ".join((article.title or "").split())), nfc(article.text or ""))


def evidence(watch: CompiledWatch, article: ArticleDoc, doc: _Folded) -> Match:
    """The terms found and a snippet around the first hit in the text (the title if none is in the text)."""
    found = _present(watch.positive, watch, doc) or _present(range(len(watch.terms)), watch, doc)  # NOT NOT a
    in_text = [h for slot in found if (h := doc.first_hit(watch.terms[slot], doc.title_end + 1)) is not None]
    field_name, start, end = min(in_text, key=lambda h: h[1]) if in_text else doc.hits[found[0]]
    if field_name == "text":
        source, offset = doc.display[doc.title_end + 1:], doc.title_end + 1
    else:
        source, offset = doc.display[:doc.title_end], 0
    texts = tuple(dict.fromkeys(watch.terms[slot].term.text for slot in found))
    return Match(watch.watch.name, article.article_id, texts, snippet_around(source, start - offset, end - offset),
                 field_name)


def _present(slots: Iterable[int], watch: CompiledWatch, doc: _Folded) -> list[int]:
    """The slots among these whose term occurs in the article."""
    found = []
    for slot in slots:
        if doc.hits[slot] is True:
            doc.hits[slot] = doc.first_hit(watch.terms[slot])
        if doc.hits[slot] is not None:
            found.append(slot)
    return found


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
