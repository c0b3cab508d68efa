"""The watch query parser: precedence, phrases, NOT, parentheses, Unicode, and each error with its column."""
from __future__ import annotations

import pytest

from mediamon.watches.query import And, Not, Or, QueryError, Term, parse_query, positive_terms


def show(node) -> str:
    """A compact, fully parenthesised form of a tree."""
    if isinstance(node, Term):
        return node.text
    if isinstance(node, Not):
        return f"NOT {show(node.node)}"
    joiner = " AND " if isinstance(node, And) else " OR "
    assert isinstance(node, And | Or)
    return "(" + joiner.join(show(p) for p in node.parts) + ")"


@pytest.mark.parametrize(("query", "tree"), [
    ("protest almaty", "(protest AND almaty)"),
    ("a OR b c", "(a OR (b AND c))"),
    ("a b OR c", "((a AND b) OR c)"),
    ("a AND b OR c AND d", "((a AND b) OR (c AND d))"),
    ("a OR b AND c", "(a OR (b AND c))"),
    ("a NOT b OR c", "((a AND NOT b) OR c)"),
    ("NOT a b", "(NOT a AND b)"),
    ("a NOT (b OR c)", "(a AND NOT (b OR c))"),
    ("(a OR b) c", "((a OR b) AND c)"),
    ("((a))", "a"),
    ("a NOT NOT b", "(a AND NOT NOT b)"),
    ('"civil unrest" OR riot*', '("civil unrest" OR riot*)'),
    ("protest and riot", "(protest AND and AND riot)"),  # only capitals are operators
])
def test_precedence_is_not_then_and_then_or(query: str, tree: str) -> None:
    assert show(parse_query(query)) == tree


def test_a_phrase_keeps_its_words_in_order_folded() -> None:
    term = parse_query('"Human  Rights Watch"')
    assert term == Term(text='"human rights watch"', words=("human", "rights", "watch"))


def test_typographic_quotes_delimit_phrases() -> None:
    assert parse_query("«Pussy Riot» OR “civil unrest”").parts[1].words == ("civil", "unrest")


def test_a_prefix_term_and_a_hyphenated_term() -> None:
    assert parse_query("protest*") == Term(text="protest*", words=("protest",), prefix=True)
    assert parse_query("COVID-19").words == ("covid", "19")


@pytest.mark.parametrize(("query", "words"), [
    ("Élection", ("election",)),
    ("ALMATY", ("almaty",)),
    ("Алматы", ("алматы",)),
    ("Ёлка", ("елка",)),
    ("İstanbul", ("istanbul",)),
    ("中国经济", ("中国经济",)),
    ("南シナ海", ("南シナ海",)),
    ("서울", ("서울",)),
    ("الكويت", ("الكويت",)),
    ("ＣＯＶＩＤ", ("covid",)),
])
def test_terms_are_folded_in_every_script(query: str, words: tuple[str, ...]) -> None:
    assert parse_query(query).words == words


def test_a_not_inside_an_and_or_a_double_not_is_accepted() -> None:
    assert show(parse_query("(a OR b) NOT (c OR NOT d)")) == "((a OR b) AND NOT (c OR NOT d))"


def test_negated_terms_are_not_evidence() -> None:
    assert [t.text for t in positive_terms(parse_query("a (b OR NOT c) NOT d"))] == ["a", "b"]


@pytest.mark.parametrize(("query", "message", "column"), [
    ('protest "civil unrest', "unbalanced quote", 9),
    ('kazakhstan AND "almaty', "unbalanced quote", 16),
    ("(a OR b", "unbalanced parenthesis: '(' is never closed", 1),
    ("a (b (c) d", "unbalanced parenthesis: '(' is never closed", 3),
    ("a OR b)", "unexpected ')' without a matching '('", 7),
    ("a AND", "AND needs a term after it", 3),
    ("a OR OR b", "OR needs a term after it", 3),
    ("a NOT", "NOT needs a term after it", 3),
    ("AND a", "AND needs a term on its left", 1),
    ("OR a", "OR needs a term on its left", 1),
    ("a ()", "empty parentheses", 3),
    ('a ""', "empty phrase", 3),
    ("a ---", "term '---' has no letter or digit to search for", 3),
    ("p*", "prefix 'p*' is too short", 1),
    ("", "empty query", 1),
    ("   ", "empty query", 1),
    ("NOT sport", "the query only excludes", 1),
    ("protest OR NOT sport", "the query matches articles that contain none of its terms", 1),
    ("NOT (a b)", "the query only excludes", 1),
])
def test_each_error_names_its_column(query: str, message: str, column: int) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(query)
    assert caught.value.message.startswith(message)
    assert caught.value.column == column
    assert str(caught.value).endswith(f"at column {column}")


def test_the_pointer_puts_a_caret_under_the_column() -> None:
    with pytest.raises(QueryError) as caught:
        parse_query('kazakhstan AND "almaty')
    query_line, caret_line = caught.value.pointer().splitlines()
    assert query_line == '  kazakhstan AND "almaty'
    assert caret_line.index("^") == query_line.index('"')


def test_nesting_past_the_limit_is_an_error_at_the_deepest_parenthesis_not_a_crash() -> None:
    query = "(" * 300 + "protest" + ")" * 300  # 607 characters, within the length limit
    with pytest.raises(QueryError) as caught:
        parse_query(query)
    assert caught.value.message.startswith("the query nests parentheses or NOTs more than 50 deep")
    assert caught.value.column == 51
    with pytest.raises(QueryError, match="more than 50 deep"):
        parse_query("protest " + "NOT " * 400 + "sport")


def test_nesting_up_to_the_limit_parses() -> None:
    assert show(parse_query("(" * 50 + "protest" + ")" * 50)) == "protest"


def test_near_joins_two_terms_or_groups_with_a_distance() -> None:
    from mediamon.watches.query import Near

    near = parse_query("(journalist* OR reporter*) NEAR/3 detained")
    assert isinstance(near, Near) and near.distance == 3
    assert [t.text for t in near.left] == ["journalist*", "reporter*"] and [t.text for t in near.right] == ["detained"]
    assert parse_query("a NEAR b").distance == 5                        # a bare NEAR: five words
    tree = parse_query("kazakhstan a NEAR/2 b OR c")                      # NEAR binds tighter than AND and OR
    assert isinstance(tree, Or) and isinstance(tree.parts[0], And) and isinstance(tree.parts[0].parts[1], Near)
    assert [t.text for t in positive_terms(parse_query('x NOT ("a b" NEAR c)'))] == ["x"]


@pytest.mark.parametrize(("query", "message", "column"), [
    ("NEAR/2 b", "NEAR/2 needs a term on its left", 1),
    ("a NEAR/2", "NEAR/2 needs a term after it", 3),
    ("a NEAR/99 b", "NEAR/99: give at most 50 words between the two sides", 3),
    ("a NEAR b NEAR c", "one NEAR at a time: join the pairs with AND", 10),
    ("(a b) NEAR c", "each side of NEAR is a term, a phrase or (a OR b ...) of them", 1),
    ("a NEAR (b OR NOT c)", "each side of NEAR is a term, a phrase or (a OR b ...) of them", 8),
])
def test_near_errors_name_their_column(query: str, message: str, column: int) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(query)
    assert (caught.value.message, caught.value.column) == (message, column)
