"""Red-team watch descriptions in the alert mail, eighth round. The mail body cleaned every title, outlet, term and
snippet as the digests do, but wrote the watch's description (free text in watches.yaml, shown in the digests
cleaned) as it came: an ESC [ 2 J, a BEL, a U+202E or a line break in it reached the reader's mail. It is now cleaned
the same way, on one line; the webhook payload keeps it whole."""
from __future__ import annotations

import re

import pytest

from mediamon.digest.alerts import WatchAlert, WatchHit

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
HIT = WatchHit("Protest in Almaty", "https://news.example/b", "Outlet", ("protest",), "a protest in Almaty")


@pytest.mark.parametrize("description", ["Protests \x1b[2Jin Kazakhstan", "Protests\x07 in \u202eKazakhstan",
                                         "Protests\r\nin Kazakhstan", "\u2066Protests\u2069 in Kazakhstan\x9b31m"])
def test_a_hostile_watch_description_reaches_the_mail_cleaned_on_one_line(description: str) -> None:
    body = WatchAlert("kz-protests", description, "2026-03-31", 1, (HIT,)).body()
    lines = body.splitlines()
    assert not UNSAFE.search(body.replace("\n", "")), repr(body)
    assert "Protests" in lines[1] and "Kazakhstan" in lines[1] and lines[2] == ""


def test_the_webhook_payload_keeps_the_description_whole() -> None:
    description = "Protests \u202ein Kazakhstan"
    assert WatchAlert("kz-protests", description, "2026-03-31", 1, (HIT,)).payload()["description"] == description
