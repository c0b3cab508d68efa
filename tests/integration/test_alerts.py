"""Spike alerts delivered to a local webhook sink and a local SMTP sink on 127.0.0.1."""
from __future__ import annotations

import base64
import email
import json
import socket
import socketserver
import threading
import traceback
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from mediamon.digest.alerts import (
    Alert,
    AlertError,
    SmtpTarget,
    Story,
    notify,
    read_alerts,
    send_email,
    send_webhook,
)
from tests.support.webhook import webhook_sink

ALERT = Alert(kind="country", key="KZ", label="Kazakhstan", run_date="2026-03-31", articles=22, baseline=2.5,
              z=9.1, coverage_gap=False, page="2026-03-31/country/KZ.html",
              stories=(Story("Thousands protest fuel prices in Almaty", "https://wire.example/a", 4),))


class _SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP to accept one message per session (EHLO, MAIL, RCPT, DATA, QUIT)."""

    def _reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self._reply("220 sink ESMTP")
        envelope: dict = {"rcpt": []}
        while line := self.rfile.readline():
            verb = line.decode().strip().split(" ")[0].upper()
            if verb == "DATA":
                self._reply("354 go ahead")
                body = b"".join(iter(lambda: self.rfile.readline(), b".\r\n"))
                self.server.messages.append({**envelope, "data": body})
                self._reply("250 queued")
            elif verb == "QUIT":
                self._reply("221 bye")
                return
            else:
                if verb == "MAIL":
                    envelope["from"] = line.decode().strip()
                if verb == "RCPT":
                    envelope["rcpt"].append(line.decode().strip())
                self._reply("250 ok")


@pytest.fixture
def smtp_sink() -> Iterator[socketserver.ThreadingTCPServer]:
    """A local SMTP sink; received messages are in .messages."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpHandler)
    server.messages = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def hook_sink() -> Iterator[ThreadingHTTPServer]:
    """A local webhook receiver (tests.support.webhook); received requests are in .received."""
    with webhook_sink() as server:
        yield server


def test_webhook_posts_the_alert_as_json(hook_sink: ThreadingHTTPServer) -> None:
    url = f"http://127.0.0.1:{hook_sink.server_port}/hook"
    assert send_webhook(url, ALERT.payload(), 5.0) == 204
    path, payload, content_type = hook_sink.received[0]
    assert path == "/hook" and content_type == "application/json"
    assert payload["key"] == "KZ" and payload["top_stories"][0]["outlet_count"] == 4
    assert payload["text"].startswith("[mediamon] Kazakhstan (KZ) spiked on 2026-03-31")


@pytest.mark.parametrize("path", ["/fail", "/redirect"])
def test_webhook_errors_name_the_status(hook_sink: ThreadingHTTPServer, path: str) -> None:
    with pytest.raises(AlertError, match="answered HTTP (500|302)"):
        send_webhook(f"http://127.0.0.1:{hook_sink.server_port}{path}", {"a": 1}, 5.0)


def test_webhook_refuses_other_schemes_and_unreachable_hosts() -> None:
    with pytest.raises(AlertError, match="not http"):
        send_webhook("file:///etc/passwd", {}, 1.0)
    with pytest.raises(AlertError, match="127.0.0.1:9"):
        send_webhook("http://127.0.0.1:9/x", {}, 1.0)


def _closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _everything_logged(err: BaseException | None) -> str:
    """The text of err and of every exception chained to it, as a logged traceback would show them."""
    texts = []
    while err is not None:
        texts += [repr(err), *traceback.format_exception_only(err)]
        err = err.__cause__ or err.__context__
    return "".join(texts)


def test_unreachable_webhook_error_hides_the_url_secrets() -> None:
    port = _closed_port()
    url = f"http://user:pw@127.0.0.1:{port}/services/T000/B000/SECRETTOKEN?token=abc"
    with pytest.raises(AlertError) as caught:
        send_webhook(url, {}, 1.0)
    assert str(caught.value).startswith(f"webhook http://127.0.0.1:{port}: ConnectionError: ")
    assert caught.value.__cause__ is None and caught.value.__context__ is None
    logged = _everything_logged(caught.value)
    assert "[redacted]" in logged
    for secret in ("SECRETTOKEN", "services", "pw", "user", "token=abc"):
        assert secret not in logged


def test_webhook_status_and_scheme_errors_hide_the_url_secrets(hook_sink: ThreadingHTTPServer) -> None:
    with pytest.raises(AlertError, match="answered HTTP 500") as caught:
        send_webhook(f"http://user:pw@127.0.0.1:{hook_sink.server_port}/fail#SECRETTOKEN", {"a": 1}, 5.0)
    assert str(caught.value).startswith(f"webhook http://127.0.0.1:{hook_sink.server_port} answered")
    with pytest.raises(AlertError, match="scheme 'ftp' is not http") as refused:
        send_webhook("ftp://user:pw@hooks.example/services/SECRETTOKEN?token=abc", {}, 1.0)
    for err in (caught.value, refused.value):
        logged = _everything_logged(err)
        assert not any(secret in logged for secret in ("SECRETTOKEN", "pw", "user", "token=abc"))


class _EchoingAuthHandler(socketserver.StreamRequestHandler):
    """Offers AUTH PLAIN and refuses it, echoing the credential it was sent (as some servers do)."""

    def handle(self) -> None:
        self.wfile.write(b"220 sink ESMTP\r\n")
        while line := self.rfile.readline():
            words = line.decode().split()
            verb = words[0].upper() if words else ""
            if verb == "EHLO":
                self.wfile.write(b"250-sink\r\n250 AUTH PLAIN\r\n")
            elif verb == "AUTH":
                self.wfile.write(f"535 5.7.8 credentials {words[-1]} rejected\r\n".encode())
            elif verb == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


def test_smtp_login_error_hides_the_password() -> None:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _EchoingAuthHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(AlertError, match="SMTPAuthenticationError") as caught:
            send_email("127.0.0.1", server.server_address[1], "a@example.org", "b@example.org", "s", "b",
                       timeout_s=5.0, username="desk", password="s3cret-pass")
    finally:
        server.shutdown()
        server.server_close()
    logged = _everything_logged(caught.value)
    assert "[redacted]" in logged and "s3cret-pass" not in logged
    assert base64.b64encode(b"\0desk\0s3cret-pass").decode() not in logged


def test_email_reaches_the_smtp_sink(smtp_sink: socketserver.ThreadingTCPServer) -> None:
    send_email("127.0.0.1", smtp_sink.server_address[1], "mediamon@example.org", ["desk@example.org"],
               ALERT.subject(), ALERT.body(digest_base_url="http://airflow.example/mediamon/digests"))
    assert len(smtp_sink.messages) == 1
    received = smtp_sink.messages[0]
    assert "desk@example.org" in received["rcpt"][0]
    message = email.message_from_bytes(received["data"])
    assert message["Subject"] == "[mediamon] Kazakhstan (KZ) spiked on 2026-03-31: 22 articles"
    body = message.get_payload(decode=True).decode()
    assert "Thousands protest fuel prices in Almaty (4 outlets)" in body
    assert "http://airflow.example/mediamon/digests/2026-03-31/country/KZ.html" in body


def test_email_to_a_closed_port_raises() -> None:
    with pytest.raises(AlertError, match="SMTP 127.0.0.1:9"):
        send_email("127.0.0.1", 9, "a@example.org", "b@example.org", "s", "b", timeout_s=1.0)


def test_notify_sends_each_alert_to_each_channel(tmp_path: Path, hook_sink: ThreadingHTTPServer,
                                                 smtp_sink: socketserver.ThreadingTCPServer) -> None:
    day = tmp_path / "2026-03-31"
    day.mkdir()
    (day / "alerts.json").write_text(json.dumps([{
        "kind": "topic", "key": "medtop:20000065", "label": "civil unrest", "run_date": "2026-03-31",
        "articles": 19, "baseline": 0.0, "z": 19.0, "coverage_gap": True,
        "page": "2026-03-31/topic/medtop-20000065.html",
        "top_stories": [{"title": "Protest", "url": "https://a.example/", "outlet_count": 4}]}]))
    alerts = read_alerts(day)
    assert alerts[0].coverage_gap and alerts[0].stories[0].title == "Protest"
    smtp = SmtpTarget("127.0.0.1", smtp_sink.server_address[1], "m@example.org", ("d@example.org",))
    sent = notify(alerts, webhook_url=f"http://127.0.0.1:{hook_sink.server_port}/hook", smtp=smtp)
    assert sent == 2 and len(hook_sink.received) == 1 and len(smtp_sink.messages) == 1
    assert b"coverage may be incomplete" in smtp_sink.messages[0]["data"]
    assert read_alerts(tmp_path / "no-such-day") == []


def test_notify_reports_a_failing_channel_after_trying_the_others(hook_sink: ThreadingHTTPServer,
                                                                  smtp_sink: socketserver.ThreadingTCPServer) -> None:
    smtp = SmtpTarget("127.0.0.1", smtp_sink.server_address[1], "m@example.org", ("d@example.org",))
    with pytest.raises(AlertError, match="1 alert message"):
        notify([ALERT], webhook_url=f"http://127.0.0.1:{hook_sink.server_port}/fail", smtp=smtp)
    assert len(smtp_sink.messages) == 1
