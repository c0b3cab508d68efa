"""Month names of the registry's languages in config/date_names.yaml, as feeds and pages write dates."""
from __future__ import annotations

from datetime import date

import pytest

from mediamon.text.dates import find_date, parse_date


@pytest.mark.parametrize("text, expected", [
    ("5. detsember 2026", date(2026, 12, 5)),          # Estonian
    ("2026 m. vasario 3 d.", date(2026, 2, 3)),         # Lithuanian genitive
    ("12 Μαΐου 2026", date(2026, 5, 12)),               # Greek genitive
    ("5 снежня 2026", date(2026, 12, 5)),               # Belarusian
    ("3 avqust 2026", date(2026, 8, 3)),                # Azerbaijani
    ("3 באוגוסט 2026", date(2026, 8, 3)),                # Hebrew, with the prefix "in"
    ("3 Mac 2026", date(2026, 3, 3)),                   # Malay
    ("5 ديسمبر 2026", date(2026, 12, 5)),               # Arabic
    ("۵ دسامبر ۲۰۲۶", date(2026, 12, 5)),               # Persian, Persian digits
    ("5 دسمبر 2026", date(2026, 12, 5)),                # Urdu
    ("3 қазан 2026", date(2026, 10, 3)),                # Kazakh
    ("5 दिसंबर 2026", date(2026, 12, 5)),               # Hindi: the vowel signs stay in the word
    ("५ डिसेम्बर २०२६", date(2026, 12, 5)),             # Nepali, Devanagari digits
    ("৫ ডিসেম্বর ২০২৬", date(2026, 12, 5)),             # Bengali, Bengali digits
    ("5 de diciembre de 2026", date(2026, 12, 5)),      # unchanged: Spanish
    ("Dec 5, 2026", date(2026, 12, 5)),                 # unchanged: English
])
def test_month_names_of_registry_languages(text: str, expected: date) -> None:
    parsed = parse_date(text)
    assert parsed is not None and parsed.date() == expected


def test_a_month_name_alone_is_no_date() -> None:
    assert parse_date("avqust 2026") is None and parse_date("5 בדצמבר") is None


def test_a_date_in_hindi_running_text_is_found() -> None:
    found = find_date("प्रकाशित: 5 दिसंबर 2026, 10:30")
    assert found is not None and (found.date(), found.hour, found.minute) == (date(2026, 12, 5), 10, 30)
