"""Log records of the product show credentials as ***; other packages' records are left as they are."""
from __future__ import annotations

import logging

import pytest

from mediamon import logs

URL = "https://reader:pa55@news.example/rss?section=world&api_key=k3y"


def record(name: str, msg: str, *args: object) -> logging.LogRecord:
    """A record made as a logger of that name makes it."""
    return logging.getLogger(name).makeRecord(name, logging.INFO, __file__, 1, msg, args, None)


@pytest.mark.parametrize("name", ["mediamon", "mediamon.discover.feeds"])
def test_a_record_of_the_package_shows_the_url_without_its_credentials(name: str) -> None:
    made = record(name, "feed feed_url=%s entries=%d", URL, 3)
    assert made.getMessage() == "feed feed_url=https://***@news.example/rss?section=world&api_key=*** entries=3"


def test_a_record_without_credentials_keeps_its_arguments() -> None:
    made = record("mediamon.stages", "fetch shard=%s urls=%s", "shard-001", 12)
    assert made.args == ("shard-001", 12)


@pytest.mark.parametrize("name", ["airflow.task", "mediamonitor", "requests"])
def test_records_of_other_loggers_are_left_as_they_are(name: str) -> None:
    assert record(name, "url=%s", URL).getMessage() == f"url={URL}"


class Unprintable:
    """An argument whose text cannot be made."""

    def __str__(self) -> str:
        raise RuntimeError("no text")


@pytest.mark.parametrize(("msg", "args"), [("two=%s %s", (URL,)), ("%(a)s", ({"b": 1},)), ("x=%s", (Unprintable(),))])
def test_a_call_logging_cannot_format_is_left_for_logging_to_report(msg: str, args: tuple) -> None:
    made = record("mediamon.stages", msg, *args)  # the call itself does not raise
    assert made.msg == msg
    with pytest.raises(Exception):  # noqa: B017 - each case fails its own way, as logging would meet it
        made.getMessage()


def test_installing_twice_keeps_one_redacting_factory() -> None:
    logs.install()
    factory = logging.getLogRecordFactory()
    logs.install()
    assert logging.getLogRecordFactory() is factory


def test_a_record_made_from_a_dict_is_made_as_without_the_redaction() -> None:
    # logging.makeLogRecord (used by Airflow's and uvicorn's log handling) calls the factory with name None first
    made = logging.makeLogRecord({"name": "uvicorn.error", "msg": "Started server process [%d]", "args": (7,)})
    assert made.getMessage() == "Started server process [7]" and made.name == "uvicorn.error"
    ours = logging.makeLogRecord({"name": "mediamon.stages", "msg": "url=%s", "args": (URL,)})
    assert ours.getMessage() == f"url={URL}"  # the dict's fields are set after the factory ran, as without it
