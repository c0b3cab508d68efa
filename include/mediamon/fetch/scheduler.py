"""Fetch URLs politely in parallel; reads FetchRequests, gives one FetchResult per attempt (+ a WARC file).

Politeness: robots.txt (RFC 9309) is read once per origin per run; at most settings.host_concurrency
requests are in flight per site (the host, plus any non-default port), and request starts on one
site are spaced by settings.host_delay_s (or the robots.txt Crawl-delay, if longer) plus up to 10 %
jitter. A scheduler hands a request to a worker only when its host is ready, so workers never sleep
on a politeness delay and many hosts progress in parallel with few threads. A retried request
(see step) pauses its whole host; a host that fails HOST_MAX_FAILURES times in a row is skipped.
"""
from __future__ import annotations

import heapq
import itertools
import logging
import random
import threading
import time
from collections import Counter, deque
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from mediamon.errors import FetchError
from mediamon.fetch.archive import WarcWriter
from mediamon.fetch.client import HttpClient
from mediamon.fetch.robots import Robots
from mediamon.fetch.step import Job, Outcome, Stepper, reason_of
from mediamon.records import FetchRequest, FetchResult
from mediamon.settings import Settings

logger = logging.getLogger(__name__)

MAX_CRAWL_DELAY_S = 10.0  # a larger robots.txt Crawl-delay is capped (logged) so a run can finish
JITTER_FRACTION = 0.1
SCHEDULER_MAX_WAIT_S = 0.5  # the scheduler re-checks its queues at least this often, even without a wake-up
HOST_MAX_FAILURES = 5  # consecutive failed attempts before a host is skipped for the run


def fetch_all(requests: Iterable[FetchRequest], settings: Settings, *, warc_path: Path | None = None,
              robots_log: list[FetchResult] | None = None) -> list[FetchResult]:
    """Fetch every request politely in parallel; every attempt's result, grouped by request in input order.

    The last result of each request is its outcome. Per-URL problems never raise: they end in a
    result whose error holds a reason code from errors.REASONS (optionally followed by ": detail").
    robots_log, when given, receives a result (kind robots) for each robots.txt request the run made.
    """
    started = time.monotonic()
    requests = list(requests)
    client = HttpClient(settings)
    try:
        if warc_path is None:
            run = _Run(settings, client, None)
            results = run.run(requests)
        else:
            with WarcWriter(warc_path) as writer:
                run = _Run(settings, client, writer)
                results = run.run(requests)
    finally:
        client.close()
    if robots_log is not None:
        robots_log.extend(run.robots_log)
    _log_summary(requests, results, time.monotonic() - started)
    return results


def fetch_one(request: FetchRequest, settings: Settings) -> FetchResult:
    """Fetch one URL with the same checks as fetch_all; the outcome (last attempt)."""
    return fetch_all([request], settings)[-1]


def _log_summary(requests: list[FetchRequest], results: list[FetchResult], seconds: float) -> None:
    """One INFO line: outcomes per reason code."""
    outcomes = {r.url: r for r in results}  # later attempts overwrite earlier ones
    reasons = Counter(reason_of(r.error) or "ok" for r in outcomes.values())
    detail = " ".join(f"{k}={v}" for k, v in sorted(reasons.items()) if k != "ok")
    logger.info("fetch in=%s ok=%s attempts=%s %s seconds=%.1f", len(requests), reasons.get("ok", 0),
                len(results), detail, seconds)


@dataclass
class HostState:
    """Politeness state of one site (netsafety.Target.host_key)."""

    key: str
    queue: deque[Job] = field(default_factory=deque)
    in_flight: int = 0
    next_start: float = 0.0  # time.monotonic() before which no request may start
    delay_s: float = 0.0
    failures: int = 0  # consecutive failed attempts
    skipped: str | None = None  # why the host is skipped for the rest of the run


class _Run:
    """One fetch_all call: queues per host, a worker pool, and the results in input order."""

    def __init__(self, settings: Settings, client: HttpClient, writer: WarcWriter | None) -> None:
        self.settings = settings
        self.writer = writer
        self.robots: dict[str, Robots] = {}
        self.stepper = Stepper(settings, client, self.robots)
        self.hosts: dict[str, HostState] = {}
        self.robots_pending: set[str] = set()
        self.delayed: list[tuple[float, int, Job]] = []
        self.counter = itertools.count()
        self.results: list[list[FetchResult]] = []
        self.robots_log: list[FetchResult] = []  # one row per robots.txt request
        self.open_jobs = 0
        self.workers = max(1, settings.fetch_workers)
        self.free_workers = self.workers
        self.cond = threading.Condition()
        self.random = random.Random()
        self.archive_error: OSError | None = None  # the WARC file could not be written: the run stops

    def run(self, requests: list[FetchRequest]) -> list[FetchResult]:
        """Fetch every request; each attempt's result, grouped by request in input order."""
        self.results = [[] for _ in requests]
        with self.cond:
            for index, request in enumerate(requests):
                self._admit(Job(index, request, request.url))
        with ThreadPoolExecutor(self.workers, thread_name_prefix="fetch") as pool:
            while (job := self._next_job()) is not None:
                pool.submit(self._work, job)
        if self.archive_error is not None:
            raise self.archive_error
        return [result for attempts in self.results for result in attempts]

    def _admit(self, job: Job, *, front: bool = False) -> None:
        """Queue a job on its host (caller holds the lock); unfetchable URLs end at once."""
        try:
            target = job.target
        except FetchError as err:
            self._record(job.index, self.stepper.base_result(job, error=str(err)))
            return
        host = self.hosts.get(target.host_key)
        if host is None:
            host = self.hosts[target.host_key] = HostState(target.host_key, delay_s=self.settings.host_delay_s)
        if front:
            host.queue.appendleft(job)
        else:
            host.queue.append(job)
        self.open_jobs += 1

    def _next_job(self) -> Job | None:
        """Block until a worker is free and some host may start a request; None when all is done."""
        with self.cond:
            while True:
                now = time.monotonic()
                self._release_delayed(now)
                if self.archive_error is not None or (self.open_jobs == 0 and not self.delayed):
                    return None
                wait = SCHEDULER_MAX_WAIT_S
                if self.free_workers > 0:
                    job, host_wait = self._pick(now)
                    if job is not None:
                        self.free_workers -= 1
                        return job
                    if self.open_jobs == 0 and not self.delayed:
                        continue  # draining a skipped host ended the last jobs: nobody is left to notify us
                    wait = min(wait, host_wait if host_wait is not None else wait)
                if self.delayed:
                    wait = min(wait, self.delayed[0][0] - now)
                self.cond.wait(timeout=max(wait, 0.001))

    def _release_delayed(self, now: float) -> None:
        """Move retries and redirects whose wait is over into their host queues."""
        while self.delayed and self.delayed[0][0] <= now:
            self._admit(heapq.heappop(self.delayed)[2], front=True)

    def _pick(self, now: float) -> tuple[Job | None, float | None]:
        """The next job of the ready host with the longest queue, or how long until one may be ready."""
        best: HostState | None = None
        wait: float | None = None
        for host in self.hosts.values():
            if host.skipped and host.queue:
                self._drain_skipped(host)
            if not host.queue or host.in_flight >= self.settings.host_concurrency:
                continue
            if host.next_start > now:
                wait = min(wait if wait is not None else 1e9, host.next_start - now)
                continue
            if host.queue[0].robots_origin is None and self._robots_blocked(host):
                continue
            if best is None or len(host.queue) > len(best.queue):
                best = host
        if best is None:
            return None, wait
        return self._start(best, now), None

    def _robots_blocked(self, host: HostState) -> bool:
        """True while the head job's robots.txt is being fetched; queues that fetch when it is unknown."""
        origin = host.queue[0].target.origin
        if origin in self.robots:
            return False
        if origin not in self.robots_pending:
            self.robots_pending.add(origin)
            host.queue.appendleft(Job(-1, host.queue[0].request, f"{origin}/robots.txt", robots_origin=origin))
            self.open_jobs += 1
            return False
        return True

    def _start(self, host: HostState, now: float) -> Job:
        """Take the host's next job and reserve a request slot (politeness delay with jitter)."""
        host.in_flight += 1
        host.next_start = now + host.delay_s * (1 + JITTER_FRACTION * self.random.random())
        return host.queue.popleft()

    def _drain_skipped(self, host: HostState) -> None:
        """End every queued job of a skipped host with host-skipped."""
        while host.queue:
            job = host.queue.popleft()
            self.open_jobs -= 1
            if job.robots_origin is None:
                self._record(job.index, self.stepper.base_result(job, error=f"host-skipped: {host.skipped}"))

    def _work(self, job: Job) -> None:
        """Worker: run one step, archive its result, hand the outcome back to the scheduler."""
        try:
            outcome = self.stepper.step(job)
        except Exception as err:
            logger.exception("fetch url=%s reason=unexpected-error", job.url)
            outcome = self._unexpected(job, err)
        try:
            if self.writer is not None and outcome.result is not None:
                self.writer.write_result(outcome.result, request_headers=outcome.sent_headers,
                                         response_headers=outcome.received_headers)
        except OSError as err:  # a full disk stops the run: results that are not archived are not kept
            with self.cond:
                self.archive_error = self.archive_error or OSError(
                    err.errno, f"could not write the WARC file: {err.strerror or err}", str(self.writer.path))
        finally:
            with self.cond:
                self._finish(job, outcome)
                self.cond.notify_all()

    def _unexpected(self, job: Job, err: Exception) -> Outcome:
        """The outcome of a step that raised a bug instead of a FetchError."""
        detail = f"unexpected-error: {type(err).__name__}: {err}"[:300]
        if job.robots_origin is not None:
            return Outcome(robots=Robots("unreachable", detail=detail))
        return Outcome(result=self.stepper.base_result(job, error=detail))

    def _finish(self, job: Job, outcome: Outcome) -> None:
        """Release the host slot, update its failure count, record the result, queue any follow-up."""
        host = self.hosts[job.target.host_key]
        host.in_flight -= 1
        self.free_workers += 1
        self.open_jobs -= 1
        self._count_failure(host, outcome)
        if outcome.robots is not None and job.robots_origin is not None:
            self._store_robots(host, job.robots_origin, outcome.robots)
        if outcome.robots_log is not None:
            self.robots_log.append(outcome.robots_log)
        if outcome.result is not None:
            self._record(job.index, outcome.result)
        if outcome.pause_host_s:
            host.next_start = max(host.next_start, time.monotonic() + outcome.pause_host_s)
        if outcome.follow is not None:
            if outcome.follow_delay_s > 0:
                due = time.monotonic() + outcome.follow_delay_s
                heapq.heappush(self.delayed, (due, next(self.counter), outcome.follow))
            else:
                self._admit(outcome.follow, front=True)

    def _count_failure(self, host: HostState, outcome: Outcome) -> None:
        """Consecutive transient failures; at HOST_MAX_FAILURES the host is skipped for the run."""
        failed = outcome.host_ok is False
        host.failures = host.failures + 1 if failed else (0 if outcome.host_ok else host.failures)
        if host.failures >= HOST_MAX_FAILURES and not host.skipped:
            last = outcome.result.error if outcome.result else (outcome.robots.detail if outcome.robots else "")
            host.skipped = f"{host.key} failed {host.failures} times in a row (last: {last})"[:300]
            logger.warning("fetch host=%s reason=host-skipped failures=%s", host.key, host.failures)

    def _store_robots(self, host: HostState, origin: str, robots: Robots) -> None:
        """Cache an origin's robots.txt for the run and apply its Crawl-delay to the host."""
        self.robots[origin] = robots
        self.robots_pending.discard(origin)
        delay = robots.crawl_delay_s(self.settings.user_agent)
        if delay:
            if delay > MAX_CRAWL_DELAY_S:
                logger.info("fetch host=%s crawl_delay=%s capped_at=%s", host.key, delay, MAX_CRAWL_DELAY_S)
            host.delay_s = max(host.delay_s, min(float(delay), MAX_CRAWL_DELAY_S))

    def _record(self, index: int, result: FetchResult) -> None:
        """Keep a result under its request (caller holds the lock) and log failures."""
        self.results[index].append(result)
        if result.error:
            logger.info("fetch url=%s reason=%s attempt=%s", result.url, reason_of(result.error), result.attempt)
