"""Parse a watch's Boolean query into a tree of terms; errors name the column and draw a caret.

Grammar (operators are written in capitals; a lower-case "and", "or", "not" is an ordinary term):

    query   := or
    or      := and ("OR" and)*
    and     := unary (["AND"] unary)*        -- bare terms side by side are ANDed
    unary   := "NOT" unary | near
    near    := primary ["NEAR/n" primary]       -- n words apart at most (NEAR alone: NEAR/5)
    primary := TERM | "PHRASE" | "(" or ")"

so NEAR binds tightest, then NOT, then AND (explicit or implicit), then OR: `a b OR c NOT d` reads
`(a AND b) OR (c AND (NOT d))`. A TERM ending in `*` matches any word starting with it. `a NEAR/5 b` matches
where a and b occur, in either order, with at most 5 words between them, in the title or in the text; each
side is a term, a "phrase" or a parenthesised OR of them (`(journalist* OR reporter*) NEAR/5 (detained OR
jailed)`), so a watch finds journalists detained, not an article that names a reporter once and a detention
ten paragraphs later. A query must
not match an article that contains none of its terms (`NOT a`, `a OR NOT b`): a watch matches on what
an article says, not only on what it lacks, and every match has a term as evidence.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from mediamon.errors import ConfigError
from mediamon.text.terminal import terminal_columns
from mediamon.text.utf8 import SURROGATE_RE, not_utf8_problem
from mediamon.text.words import WORD_CHAR
from mediamon.watches.text import fold_query, is_substring_script

OPERATORS = ("AND", "OR", "NOT")
NEAR_RE = re.compile(r"NEAR(?:/(\d+))?")
NEAR_LIKE_RE = re.compile(r"NEAR/")  # a capitalised word that starts as NEAR/n does: a NEAR written wrong
NEAR_DEFAULT = 5   # words between the two sides of a bare NEAR
NEAR_MAX = 50
MAX_QUERY_CHARS = 2000
POINTER_CHARS = 100  # of a query shown above the caret of an error
MAX_DEPTH = 50  # nested parentheses and NOTs a query may hold
MAX_PHRASE_WORDS = 12  # a phrase is tried word by word where its first word occurs: an article repeating that word
# a million times took 15 s against a phrase of 300 words (a name or a saying holds fewer than 12)
WORD_RE = re.compile(f"{WORD_CHAR}+")  # a word keeps its combining vowel signs (चुनाव)


class QueryError(ConfigError):
    """A query that cannot be parsed: the message, the 1-based column, and a caret line under the query."""

    def __init__(self, message: str, query: str, column: int) -> None:
        self.message, self.query, self.column = message, query, column
        super().__init__(f"{message} at column {column}")

    def pointer(self) -> str:
        """The query and a caret under the offending column, for a terminal; a query longer than POINTER_CHARS is
        shown as the POINTER_CHARS around that column, cut ends marked '…', and a control, line break or bidi
        character of it as U+FFFD (an ESC [ 2 J in a query cleared the screen, a line break split the caret line)."""
        start = min(max(0, self.column - 1 - POINTER_CHARS // 2), max(0, len(self.query) - POINTER_CHARS))
        shown = terminal_columns(self.query[start:start + POINTER_CHARS])
        before, after = ("…" if start else ""), ("…" if start + POINTER_CHARS < len(self.query) else "")
        return f"  {before}{shown}{after}\n  {' ' * (len(before) + self.column - 1 - start)}^"


@dataclass(frozen=True)
class Term:
    """A word, a word prefix (`protest*`) or a "phrase": its words folded for matching."""

    text: str                 # as shown in evidence: lower-cased, a phrase in double quotes
    words: tuple[str, ...]    # folded words, ß spelled ss (one for a term, one or more for a phrase)
    prefix: bool = False      # the last word matches any word starting with it


@dataclass(frozen=True)
class Not:
    """Articles the inner query does not match."""

    node: Node


@dataclass(frozen=True)
class And:
    """Articles every part matches."""

    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    """Articles any part matches."""

    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Near:
    """Articles where one of the left terms and one of the right terms occur at most `distance` words apart (the
    words between them), in either order, in one field (title or text)."""

    left: tuple[Term, ...]
    right: tuple[Term, ...]
    distance: int


Node = Term | Not | And | Or | Near


@dataclass(frozen=True)
class Token:
    """One lexical token and its 1-based column."""

    kind: str    # TERM, PHRASE, AND, OR, NOT, NEAR, LPAREN, RPAREN
    value: str
    column: int


def parse_query(query: str) -> Node:
    """The tree of a query; QueryError naming the column when it cannot be parsed."""
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"query is longer than {MAX_QUERY_CHARS} characters", query, MAX_QUERY_CHARS + 1)
    if (found := SURROGATE_RE.search(query)) is not None:
        raise QueryError(not_utf8_problem(query, "the query") or "", query, found.start() + 1)
    tokens = tokenize(query)
    if not tokens:
        raise QueryError("empty query: write at least one term", query, 1)
    parser = _Parser(query, tokens)
    node = parser.parse_or()
    if parser.pos < len(tokens):
        token = tokens[parser.pos]
        raise QueryError(f"unexpected {_describe(token)}" + (" without a matching '('" if token.kind == "RPAREN" else ""),
                         query, token.column)
    if not positive_terms(node):
        raise QueryError("the query only excludes (NOT ...): add a term an article must contain", query, 1)
    if holds_without_terms(node):
        raise QueryError("the query matches articles that contain none of its terms (a NOT joined by OR): "
                         "add a term every match must contain", query, 1)
    return node


def holds_without_terms(node: Node) -> bool:
    """Whether the query matches an article that contains none of its terms."""
    if isinstance(node, Term | Near):
        return False
    if isinstance(node, Not):
        return not holds_without_terms(node.node)
    if isinstance(node, And):
        return all(holds_without_terms(part) for part in node.parts)
    return any(holds_without_terms(part) for part in node.parts)


def tokenize(query: str) -> list[Token]:
    """The tokens of a query: terms, "phrases", parentheses and the capitalised operators."""
    tokens, i = [], 0
    while i < len(query):
        char = query[i]
        if char.isspace():
            i += 1
        elif char in "()":
            tokens.append(Token("LPAREN" if char == "(" else "RPAREN", char, i + 1))
            i += 1
        elif char in '"“”„«»':
            i = _read_phrase(query, i, tokens)
        else:
            start = i
            while i < len(query) and not query[i].isspace() and query[i] not in '()"“”„«»':
                i += 1
            word = query[start:i]
            kind = word if word in OPERATORS else "NEAR" if NEAR_RE.fullmatch(word) else "TERM"
            if kind == "TERM" and NEAR_LIKE_RE.match(word):
                raise QueryError(f"{word[:30]!r} is no NEAR: write NEAR/n with n a whole number of words from 0 to "
                                 f"{NEAR_MAX} (NEAR alone is NEAR/{NEAR_DEFAULT})", query, start + 1)
            tokens.append(Token(kind, word, start + 1))
    return tokens


def _read_phrase(query: str, start: int, tokens: list[Token]) -> int:
    """Read a quoted phrase starting at query[start]; returns the index after its closing quote."""
    end = next((j for j in range(start + 1, len(query)) if query[j] in '"“”„«»'), -1)
    if end < 0:
        raise QueryError("unbalanced quote", query, start + 1)
    text = query[start + 1:end]
    if not text.strip():
        raise QueryError("empty phrase", query, start + 1)
    tokens.append(Token("PHRASE", text, start + 1))
    return end + 1


def positive_terms(node: Node) -> list[Term]:
    """The terms outside any NOT, in query order: the evidence a match can show."""
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Near):
        return [*node.left, *node.right]
    if isinstance(node, Not):
        return []
    return [term for part in node.parts for term in positive_terms(part)]


def all_terms(node: Node) -> list[Term]:
    """Every term of the query, negated or not, in query order."""
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Near):
        return [*node.left, *node.right]
    if isinstance(node, Not):
        return all_terms(node.node)
    return [term for part in node.parts for term in all_terms(part)]


class _Parser:
    """Recursive descent over the tokens, one method per precedence level."""

    def __init__(self, query: str, tokens: list[Token]) -> None:
        self.query, self.tokens, self.pos, self.depth = query, tokens, 0, 0

    def peek(self) -> Token | None:
        """The next token, or None at the end."""
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def parse_or(self) -> Node:
        """and ("OR" and)*"""
        parts = [self.parse_and()]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.pos += 1
            parts.append(self._operand_after(token, self.parse_and))
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def parse_and(self) -> Node:
        """unary (["AND"] unary)*"""
        parts = [self.parse_unary()]
        while (token := self.peek()) is not None and token.kind in ("AND", "NOT", "TERM", "PHRASE", "LPAREN"):
            if token.kind == "AND":
                self.pos += 1
                parts.append(self._operand_after(token, self.parse_unary))
            else:
                parts.append(self.parse_unary())
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def parse_unary(self) -> Node:
        """"NOT" unary | near"""
        token = self.peek()
        if token is not None and token.kind == "NOT":
            self.pos += 1
            with self._nested(token):
                return Not(self._operand_after(token, self.parse_unary))
        return self.parse_near()

    def parse_near(self) -> Node:
        """primary ["NEAR/n" primary]"""
        start = self.peek()
        left = self.parse_primary()
        token = self.peek()
        if token is None or token.kind != "NEAR":
            return left
        self.pos += 1
        distance = int(NEAR_RE.fullmatch(token.value).group(1) or NEAR_DEFAULT)  # type: ignore[union-attr]
        if not 0 <= distance <= NEAR_MAX:
            raise QueryError(f"{token.value}: give at most {NEAR_MAX} words between the two sides", self.query,
                             token.column)
        right_token = self.peek()
        right = self._operand_after(token, self.parse_primary)
        if (after := self.peek()) is not None and after.kind == "NEAR":
            raise QueryError("one NEAR at a time: join the pairs with AND", self.query, after.column)
        return Near(self._near_side(left, start), self._near_side(right, right_token), distance)

    def _near_side(self, node: Node, token: Token | None) -> tuple[Term, ...]:
        """A side of NEAR as its terms: a term, a phrase, or a parenthesised OR of them; QueryError otherwise."""
        if isinstance(node, Term):
            return (node,)
        if isinstance(node, Or) and all(isinstance(part, Term) for part in node.parts):
            return tuple(node.parts)  # type: ignore[arg-type]
        raise QueryError("each side of NEAR is a term, a phrase or (a OR b ...) of them", self.query,
                         token.column if token else 1)

    def parse_primary(self) -> Node:
        """TERM | "PHRASE" | "(" or ")\""""
        token = self.peek()
        if token is None:
            raise QueryError("the query ends where a term was expected", self.query, len(self.query) + 1)
        if token.kind in ("TERM", "PHRASE"):
            self.pos += 1
            return make_term(token, self.query)
        if token.kind == "LPAREN":
            self.pos += 1
            if (inner := self.peek()) is not None and inner.kind == "RPAREN":
                raise QueryError("empty parentheses", self.query, token.column)
            with self._nested(token):
                node = self.parse_or()
            closing = self.peek()
            if closing is None or closing.kind != "RPAREN":
                raise QueryError("unbalanced parenthesis: '(' is never closed", self.query, token.column)
            self.pos += 1
            return node
        if token.kind == "RPAREN":
            raise QueryError("unexpected ')' without a matching '('", self.query, token.column)
        raise QueryError(f"{token.value} needs a term on its left", self.query, token.column)  # AND, OR, NEAR

    @contextmanager
    def _nested(self, token: Token) -> Iterator[None]:
        """One level deeper; a QueryError at the token that goes past MAX_DEPTH."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError(f"the query nests parentheses or NOTs more than {MAX_DEPTH} deep", self.query,
                             token.column)
        try:
            yield
        finally:
            self.depth -= 1

    def _operand_after(self, operator: Token, parse: object) -> Node:
        """The operand following an operator, or an error pointing at the operator when there is none."""
        token = self.peek()
        if token is None or token.kind in ("OR", "AND", "RPAREN", "NEAR"):
            raise QueryError(f"{operator.value} needs a term after it", self.query, operator.column)
        return parse()  # type: ignore[operator]


def make_term(token: Token, query: str) -> Term:
    """A Term from a TERM or PHRASE token; QueryError when it holds no letter or digit."""
    raw = token.value
    prefix = token.kind == "TERM" and raw.endswith("*")
    words = tuple(WORD_RE.findall(fold_query(raw.rstrip("*") if prefix else raw)))
    if not any(char.isalnum() for word in words for char in word):  # underscores or combining marks alone
        raise QueryError(f"{_describe(token)} has no letter or digit to search for", query, token.column)
    if prefix and len(words[-1]) < 2 and not is_substring_script(words[-1]):
        raise QueryError(f"prefix {raw!r} is too short: give at least two characters before '*'", query,
                         token.column)
    if len(words) > MAX_PHRASE_WORDS:
        shown = _describe(token) if len(token.value) <= 60 else f"{_describe(token)[:60]}..."
        raise QueryError(f"{shown} has {len(words)} words: keep a phrase to {MAX_PHRASE_WORDS} "
                         "words, or join shorter phrases with AND or NEAR", query, token.column)
    if token.kind == "PHRASE" or len(words) > 1:
        return Term(text=f'"{" ".join(raw.lower().split())}"' if token.kind == "PHRASE" else raw.lower(),
                    words=words, prefix=prefix)
    return Term(text=raw.lower(), words=words, prefix=prefix)


def _describe(token: Token) -> str:
    """A token as an error message names it."""
    return {"PHRASE": f'phrase "{terminal_columns(token.value)}"', "TERM": f"term {token.value!r}", "LPAREN": "'('",
            "RPAREN": "')'"}.get(token.kind, token.value)
