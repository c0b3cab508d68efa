"""Spike and watch notifications: read the alerts a digest build wrote (<day>/alerts.json) and the day's
matches of the watches marked `alert: true` (the warehouse, read-only), and send them by generic webhook
(JSON POST) or e-mail (SMTP). Each kind of alert writes its own subject, body and webhook payload. Off by
default; the Airflow DAG decides whether to call these from its connection, and this module never imports
Airflow."""
from __future__ import annotations

import base64
import json
import logging
import re
import smtplib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

import requests
from requests.utils import requote_uri

from mediamon.digest.render import clean_text, headline
from mediamon.errors import MediamonError

logger = logging.getLogger(__name__)

ALERT_TIMEOUT_S = 10.0
MAX_STORIES_IN_ALERT = 5
MAX_MATCHES_IN_ALERT = 10  # articles listed in one watch alert (the count covers them all)
REDACTED = "[redacted]"


class AlertError(MediamonError):
    """A notification could not be delivered (the message names the channel and the cause)."""


@dataclass(frozen=True)
class Story:
    """One top story carried by an alert."""

    title: str
    url: str
    outlet_count: int


@dataclass(frozen=True)
class Alert:
    """A watched country or topic that spiked on a day, with its top stories."""

    kind: str
    key: str
    label: str
    run_date: str
    articles: int
    baseline: float | None
    z: float | None
    coverage_gap: bool
    page: str                      # the digest page, relative to <data-dir>/digests/
    stories: tuple[Story, ...]

    def subject(self) -> str:
        """A one-line subject: what spiked, when, by how much."""
        return f"[mediamon] {self.label} ({self.key}) spiked on {self.run_date}: {self.articles} articles"

    def body(self, *, digest_base_url: str | None = None) -> str:
        """A plain-text body with the numbers, the top stories and a link to the digest page; outside text is cleaned
        as the digests clean it (a U+202E in a title showed the URL after it reversed in the reader's mail)."""
        baseline = "n/a" if self.baseline is None else f"{self.baseline:.1f}"
        z = "n/a" if self.z is None else f"{self.z:.1f}"
        lines = [f"{self.label} ({self.kind} {self.key}) on {self.run_date}: {self.articles} articles "
                 f"against a baseline of {baseline} (z = {z})."]
        if self.coverage_gap:
            lines.append("Note: a batch quality check failed that day; coverage may be incomplete.")
        lines += ["", "Top stories:"]
        lines += [f"- {headline(s.title)} ({s.outlet_count} outlets) {clean_text(s.url)}"
                  for s in self.stories] or ["- none"]
        if digest_base_url:
            lines += ["", f"Digest: {digest_base_url.rstrip('/')}/{self.page}"]
        return "\n".join(lines) + "\n"

    def payload(self) -> dict:
        """The JSON document POSTed to a webhook (also carries a Slack/Mattermost-style `text`)."""
        return {"text": self.subject(), "kind": self.kind, "key": self.key, "label": self.label,
                "run_date": self.run_date, "articles": self.articles, "baseline": self.baseline, "z": self.z,
                "coverage_gap": self.coverage_gap, "page": self.page,
                "top_stories": [{"title": s.title, "url": s.url, "outlet_count": s.outlet_count}
                                for s in self.stories]}


@dataclass(frozen=True)
class WatchHit:
    """One article a watch matched, with the evidence: the query's terms found and a snippet."""

    title: str
    url: str
    outlet: str
    matched_terms: tuple[str, ...]
    snippet: str


@dataclass(frozen=True)
class WatchAlert:
    """A watch (watches.yaml, `alert: true`) that matched articles of a day."""

    watch: str
    description: str | None
    run_date: str
    matches: int                   # every match of the day; `hits` lists the first MAX_MATCHES_IN_ALERT
    hits: tuple[WatchHit, ...]

    @property
    def key(self) -> str:
        """The watch's name: what a log line names the alert by."""
        return self.watch

    def subject(self) -> str:
        """A one-line subject: which watch matched how many articles, when."""
        plural = "s" if self.matches != 1 else ""
        return f"[mediamon] watch {self.watch}: {self.matches} new article{plural} on {self.run_date}"

    def body(self, *, digest_base_url: str | None = None) -> str:
        """A plain-text body: what the watch looks for, then each article with its terms and snippet, outside text
        cleaned as the digests clean it (bidi controls dropped, control characters and line breaks made harmless)."""
        lines = [f"Watch {self.watch} matched {self.matches} article(s) loaded on {self.run_date}."]
        if self.description:
            lines.append(clean_text(self.description))
        for hit in self.hits:
            lines += ["", f"- {headline(hit.title)} ({clean_text(hit.outlet)}) {clean_text(hit.url)}",
                      f"  terms: {clean_text(', '.join(hit.matched_terms))}", f"  {clean_text(hit.snippet)}"]
        if self.matches > len(self.hits):
            lines += ["", f"... and {self.matches - len(self.hits)} more (mediamon watch list, or the digest)."]
        return "\n".join(lines) + "\n"

    def payload(self) -> dict:
        """The JSON document POSTed to a webhook (also carries a Slack/Mattermost-style `text`)."""
        return {"text": self.subject(), "kind": "watch", "watch": self.watch, "description": self.description,
                "run_date": self.run_date, "matches": self.matches,
                "articles": [{"title": h.title, "url": h.url, "outlet": h.outlet,
                              "matched_terms": list(h.matched_terms), "snippet": h.snippet} for h in self.hits]}


@dataclass(frozen=True)
class SmtpTarget:
    """Where and how e-mail alerts are sent."""

    host: str
    port: int
    sender: str
    to: tuple[str, ...]
    starttls: bool = False
    username: str | None = None
    password: str | None = None


def read_alerts(day_dir: Path) -> list[Alert]:
    """The alerts of one digest day (<data-dir>/digests/<date>/alerts.json); [] when none were written. A file that
    cannot be read, or an alert in it lacking a field, is logged as an error naming the file and left out, so the
    day's other alerts and its watch alerts still go out."""
    path = Path(day_dir) / "alerts.json"
    if not path.is_file():
        return []
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(items, list):
            raise ValueError(f"a JSON {type(items).__name__}, not a list of alerts")
    except (OSError, ValueError, RecursionError) as err:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        logger.error("alerts %s cannot be read (%s: %s): its spike alerts are not sent; rebuild the day's digests",
                     path, type(err).__name__, str(err)[:120])
        return []
    alerts = []
    for number, item in enumerate(items, start=1):
        try:
            alerts.append(_alert(item))
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            logger.error("alerts %s: alert %s lacks a field or holds a wrong value (%s: %s); not sent", path, number,
                         type(err).__name__, str(err)[:120])
    return alerts


def _alert(item: dict) -> Alert:
    """An Alert from its JSON form."""
    stories = tuple(Story(title=s.get("title") or "(untitled)", url=s.get("url") or "",
                          outlet_count=int(s.get("outlet_count") or 0))
                    for s in item.get("top_stories", [])[:MAX_STORIES_IN_ALERT])
    return Alert(kind=item["kind"], key=item["key"], label=item["label"], run_date=item["run_date"],
                 articles=int(item["articles"]), baseline=item.get("baseline"), z=item.get("z"),
                 coverage_gap=bool(item.get("coverage_gap")), page=item["page"], stories=stories)


def read_watch_alerts(db_path: Path, run_date: str) -> list[WatchAlert]:
    """One alert per watch marked `alert: true` that matched articles loaded on run_date (read-only)."""
    from mediamon import warehouse

    with warehouse.connect(db_path, read_only=True, external_access=False) as con:
        warehouse.require_table(con, db_path, "watch_matches", "007_watches")
        rows = con.execute(warehouse.read_sql("queries/watch_alert_matches"), {"run_date": run_date}).fetchall()
    by_watch: dict[str, list[tuple]] = {}
    for row in rows:
        by_watch.setdefault(row[0], []).append(row)
    return [WatchAlert(watch=name, description=found[0][1], run_date=run_date, matches=len(found),
                       hits=tuple(WatchHit(title=r[2] or "(untitled)", url=r[3], outlet=r[4],
                                           matched_terms=tuple(r[5]), snippet=r[6])
                                  for r in found[:MAX_MATCHES_IN_ALERT]))
            for name, found in by_watch.items()]


def send_webhook(url: str, payload: dict, timeout_s: float = ALERT_TIMEOUT_S) -> int:
    """POST payload as JSON to url (no redirects followed); returns the 2xx status or raises AlertError."""
    # Errors name only scheme://host:port: the user info, path and query of a webhook URL are secrets.
    try:
        origin, scheme = _url_origin(url), urlsplit(url).scheme
    except ValueError:
        raise AlertError("webhook URL cannot be parsed; fix the alert connection's host") from None
    if scheme not in ("http", "https"):
        raise AlertError(f"webhook URL scheme {scheme!r} is not http(s); fix the alert connection's host")
    response, failure = _post_json(url, payload, timeout_s)
    if response is None:
        raise AlertError(f"webhook {origin}: {failure}") from None
    if not 200 <= response.status_code < 300:
        raise AlertError(f"webhook {origin} answered HTTP {response.status_code}; "
                         "check the URL and the receiver's logs")
    return response.status_code


def _post_json(url: str, payload: dict, timeout_s: float) -> tuple[requests.Response | None, str]:
    """The response, or None and why the request failed with the URL's secrets scrubbed out."""
    try:
        return requests.post(url, json=payload, timeout=timeout_s, allow_redirects=False), ""
    except requests.RequestException as err:
        failure = f"{type(err).__name__}: {_scrub(str(err), _url_secrets(url))}"
    return None, failure  # raised from here, outside the handler, so no exception quoting the URL is chained


def _url_origin(url: str) -> str:
    """scheme://host[:port] of url, without user info, path, query or fragment."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port
    return f"{parts.scheme}://{f'[{host}]' if ':' in host else host}{f':{port}' if port else ''}"


def _url_secrets(url: str) -> list[str]:
    """The parts of url that can carry a credential: user info, path, query, fragment (and the whole URL)."""
    parts = urlsplit(url)
    path = "" if parts.path == "/" else parts.path
    return [url, parts.netloc.rpartition("@")[0], parts.username or "", parts.password or "", path,
            parts.query, parts.fragment, urlunsplit(("", "", parts.path, parts.query, parts.fragment))]


def _scrub(text: str, secrets: Iterable[str]) -> str:
    """text with every secret, raw or in the spellings error messages use, replaced by [redacted]."""
    forms = {form for secret in secrets if secret for form in _spellings(secret) if form}
    if not forms:
        return text
    pattern = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
    return re.sub(pattern, REDACTED, text)


def _spellings(secret: str) -> set[str]:
    """secret as written, percent-decoded, re-quoted the way requests sends it, and inside a bytes repr."""
    forms = {secret, unquote(secret), requote_uri(secret)}
    return forms | {repr(form.encode())[2:-1] for form in forms}


def send_email(host: str, port: int, sender: str, to: str | list[str] | tuple[str, ...], subject: str,
               body: str, *, timeout_s: float = ALERT_TIMEOUT_S, starttls: bool = False,
               username: str | None = None, password: str | None = None) -> None:
    """Send a plain-text e-mail through an SMTP server; raises AlertError (never quoting the password)."""
    recipients = [to] if isinstance(to, str) else list(to)
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, ", ".join(recipients), subject
    message.set_content(body)
    failure = _deliver(host, port, sender, recipients, message, timeout_s=timeout_s, starttls=starttls,
                       username=username, password=password)
    if failure:
        raise AlertError(f"SMTP {host}:{port}: {failure}") from None


def _deliver(host: str, port: int, sender: str, recipients: list[str], message: EmailMessage, *,
             timeout_s: float, starttls: bool, username: str | None, password: str | None) -> str:
    """Hand message to the SMTP server; "" when accepted, else why not with the credentials scrubbed out."""
    try:
        with smtplib.SMTP(host, port, timeout=timeout_s) as smtp:
            if starttls:
                smtp.starttls()
            if username:
                smtp.login(username, password or "")
            smtp.send_message(message, from_addr=sender, to_addrs=recipients)
    except (smtplib.SMTPException, OSError) as err:
        failure = f"{type(err).__name__}: {_scrub(str(err), _auth_secrets(username, password))}"
    else:
        failure = ""
    return failure  # raised by the caller, outside the handler, so the unscrubbed error is not chained


def _auth_secrets(username: str | None, password: str | None) -> list[str]:
    """The password and the base64 strings AUTH PLAIN and AUTH LOGIN carry it in."""
    if not password:
        return []
    plain = f"\0{username or ''}\0{password}".encode()
    return [password, base64.b64encode(plain).decode(), base64.b64encode(password.encode()).decode()]


def notify(alerts: Sequence[Alert | WatchAlert], *, webhook_url: str | None = None, smtp: SmtpTarget | None = None,
           digest_base_url: str | None = None, timeout_s: float = ALERT_TIMEOUT_S) -> int:
    """Send every alert to each configured channel; returns the number of messages sent.
    A failing channel raises AlertError after the others were tried (so one outage hides nothing)."""
    sent, errors = 0, []
    for alert in alerts:
        channels = []
        if webhook_url:
            channels.append(lambda a=alert: send_webhook(webhook_url, a.payload(), timeout_s))
        if smtp:
            channels.append(lambda a=alert: send_email(
                smtp.host, smtp.port, smtp.sender, smtp.to, a.subject(),
                a.body(digest_base_url=digest_base_url), timeout_s=timeout_s, starttls=smtp.starttls,
                username=smtp.username, password=smtp.password))
        for send in channels:
            try:
                send()
                sent += 1
            except AlertError as err:
                logger.warning("alert key=%s run_date=%s error=%s", alert.key, alert.run_date, err)
                errors.append(str(err))
    logger.info("alerts alerts=%s sent=%s failed=%s", len(alerts), sent, len(errors))
    if errors:
        raise AlertError(f"{len(errors)} alert message(s) failed: {'; '.join(errors)}")
    return sent


def targets_from_connection(conn_type: str, *, host: str | None, port: int | None, schema: str | None,
                            login: str | None, password: str | None,
                            extra: dict) -> tuple[str | None, SmtpTarget | None]:
    """Webhook URL or SMTP target from a connection's fields (http/https → webhook, smtp → e-mail)."""
    kind = (conn_type or "").lower()
    if kind in {"http", "https"}:
        path = (schema or "").lstrip("/")
        return f"{kind}://{host}{f':{port}' if port else ''}/{path}", None
    if kind == "smtp":
        to = extra.get("to") or []
        recipients = tuple(to.split(",") if isinstance(to, str) else to)
        if not host or not extra.get("sender") or not recipients:
            raise AlertError("smtp alert connection needs a host and extra 'sender' and 'to' (comma-separated)")
        return None, SmtpTarget(host=host, port=port or 25, sender=extra["sender"], to=recipients,
                                starttls=bool(extra.get("starttls")), username=login, password=password)
    raise AlertError(f"alert connection type {conn_type!r} is not supported: use http, https or smtp")
