"""A title that opens with a country as its label ('North Korea: ...') makes that country the focus."""
from __future__ import annotations

import pytest

from mediamon.enrich.countries import tag_countries

BODY = ("American officials said the United States would protest. Americans in Washington and across America "
        "followed the case; the American embassy said little.")


@pytest.mark.parametrize(("title", "focus"), [
    ("North Korea: Two American Journalists Sentenced to Hard Labor", "KP"),
    ("Brazil: Amplified conversations to fight the Digital Crimes Bill", "BR"),
    ("France : le gouvernement tombe", "FR"),
    ("Украина: удары по энергосистеме", "UA"),
    ("«Казахстан»: итоги года", "KZ"),
])
def test_a_country_labelling_the_title_is_the_focus(title: str, focus: str) -> None:
    assert tag_countries(title, BODY).focus == focus


@pytest.mark.parametrize("title", [
    "US - North Korea talks stall",          # a dash joins two countries: no label
    "Talks stall: North Korea walks out",    # the country is not what the title opens with
    "Kim Jong Un: the interview",            # a person, not a place
])
def test_other_titles_keep_the_scored_focus(title: str) -> None:
    assert tag_countries(title, BODY).focus == "US"


def test_a_news_agency_named_after_a_country_is_no_mention_of_it() -> None:
    tags = tag_countries("Over 60 dead in Kenya cholera outbreak",
                         "NAIROBI (Agence France-Presse) - Over 60 people died, Agence France Presse reported.")
    assert (tags.focus, [c.code for c in tags.countries]) == ("KE", ["KE"])


@pytest.mark.parametrize(("title", "text", "focus"), [
    ("Ebola outbreak in Congo", "An outbreak in the Republic of Congo near the Gabon border; Congolese officials in "
                                "Brazzaville said the Congo needs help.", "CG"),
    ("Plague kills scores in Congo", "Plague in the Democratic Republic of Congo, officials in Kinshasa said.", "CD"),
    ("Congo election", "Voters in Congo went to the polls.", "CD"),          # a bare Congo: the larger one
])
def test_a_bare_congo_follows_the_congo_the_article_names(title: str, text: str, focus: str) -> None:
    tags = tag_countries(title, text)
    assert tags.focus == focus and {c.code for c in tags.countries} <= {focus, "GA"}
