"""Which reason a failed connection or read is recorded under (urllib3 2 makes every failed connect a timeout)."""
from __future__ import annotations

import errno

import pytest
from urllib3.exceptions import ConnectTimeoutError, LocationParseError, NewConnectionError, ReadTimeoutError

from mediamon.fetch.client import _network_error

URL = "http://news.example.org/a"


def raised_from(cause: OSError) -> NewConnectionError:
    """A NewConnectionError raised from cause, as urllib3's connection raises it."""
    try:
        try:
            raise cause
        except OSError as err:
            raise NewConnectionError(None, f"Failed to establish a new connection: {err}") from err  # type: ignore[arg-type]
    except NewConnectionError as err:
        return err


@pytest.mark.parametrize(("err", "reason"), [
    (raised_from(ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused")), "connection-refused"),
    (ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"), "connection-refused"),
    (raised_from(OSError(errno.ENETUNREACH, "Network is unreachable")), "connection-error"),
    (raised_from(OSError(errno.EHOSTUNREACH, "No route to host")), "connection-error"),
    (ConnectTimeoutError(None, "connect timed out"), "timeout"),
    (ReadTimeoutError(None, URL, "read timed out"), "timeout"),  # type: ignore[arg-type]
    (ConnectionResetError(errno.ECONNRESET, "Connection reset by peer"), "connection-error"),
])
def test_network_errors_are_recorded_under_what_happened(err: BaseException, reason: str) -> None:
    assert _network_error(URL, err, "waiting for the response", peer="93.184.216.34:80").reason == reason


def test_refused_connection_names_the_address_and_port() -> None:
    err = _network_error(URL, raised_from(ConnectionRefusedError(errno.ECONNREFUSED, "refused")), "connecting",
                         peer="[2001:db8::1]:8080")
    assert str(err).startswith("connection-refused: [2001:db8::1]:8080 refused the connection")


@pytest.mark.parametrize("err", [
    LocationParseError("http://user:secret@news.example.org:99x/a"),
    ConnectionResetError(errno.ECONNRESET, "reset talking to http://user:secret@news.example.org/a"),
])
def test_network_error_messages_hide_url_credentials(err: BaseException) -> None:
    message = str(_network_error("http://user:secret@news.example.org/a", err, "connecting"))
    assert "secret" not in message and "http://***@news.example.org" in message
