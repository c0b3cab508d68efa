"""Log records of the product without credentials: a feed written with a password or an API key in its URL
('https://user:secret@host/feed', 'https://host/rss?api_key=...') is logged with them shown as ***.

install() runs when the package is imported, so every way in (the CLI, the DAGs' tasks, a script importing
mediamon) gets it; it changes only the records of the package's own loggers, and a record whose message
cannot be made is left as it is for logging to report."""
from __future__ import annotations

import logging
from typing import Any

from mediamon.errors import redact_credentials

PACKAGE = "mediamon"


def install() -> None:
    """Make every record of the package's loggers show its message with credentials redacted (once per process;
    the record factory in place is kept for every other record)."""
    current = logging.getLogRecordFactory()
    if getattr(current, "redacts_credentials", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        """The record as the factory before made it, its message redacted when it is one of ours."""
        record = current(*args, **kwargs)
        name = record.name if isinstance(record.name, str) else ""  # makeLogRecord() builds one with name None
        if name == PACKAGE or name.startswith(PACKAGE + "."):
            redact_record(record)
        return record

    factory.redacts_credentials = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


def redact_record(record: logging.LogRecord) -> None:
    """Replace the record's message by its redacted text when it holds credentials (its arguments merged in)."""
    try:
        message = record.getMessage()
    except Exception:  # a malformed call or an argument that cannot be shown: logging reports it
        return  # when a handler formats the record, as it would without this factory
    redacted = redact_credentials(message)
    if redacted != message:
        record.msg, record.args = redacted, ()
