"""Fetch throughput against local servers: fetch_all vs the politeness ideal vs a naive sequential loop.

    .venv/bin/python benchmarks/fetch.py [--hosts 50] [--pages 40] [--latency 0.1] [--delay 0.1]
                                         [--workers 110] [--naive-sample 60]

Starts --hosts HTTP servers on 127.0.0.1 (distinct ports, so distinct hosts for politeness) in a
child process; every response (robots.txt included, answered 404) takes --latency seconds.

Ideal wall time: one host can start a request only every max(delay, latency / concurrency)
seconds (the start spacing and the concurrency cap both bound its rate), and it first needs its
robots.txt answer. So the busiest host with n pages needs at least
    ideal = latency + (n - 1) * max(delay, latency / concurrency) + latency
and, when W worker threads block for `latency` per request, never less than
    total requests * latency / W.
(With delay = latency / concurrency this equals the simpler n * (latency + delay) / concurrency + latency.)
The naive loop fetches pages one after another with requests.get; it is timed on a sample and
extrapolated to all pages.
"""
from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "include"))

import requests

from mediamon.fetch.scheduler import JITTER_FRACTION, fetch_all
from mediamon.records import FetchRequest
from mediamon.settings import Settings

PAGE = b"<html><head><title>bench</title></head><body>" + b"<p>text</p>" * 200 + b"</body></html>"


def serve(hosts: int, latency_s: float) -> None:
    """Child process: run the servers, print their ports as JSON, stop when stdin closes."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            time.sleep(latency_s)
            status, body = (404, b"no robots") if self.path == "/robots.txt" else (200, PAGE)
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    servers = [ThreadingHTTPServer(("127.0.0.1", 0), Handler) for _ in range(hosts)]
    for server in servers:
        server.daemon_threads = True
        Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps([s.server_address[1] for s in servers]), flush=True)
    sys.stdin.read()


def start_servers(hosts: int, latency_s: float) -> tuple[subprocess.Popen, list[int]]:
    """The server child process and its ports."""
    child = subprocess.Popen([sys.executable, __file__, "--serve", "--hosts", str(hosts), "--latency", str(latency_s)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    return child, json.loads(child.stdout.readline())


def time_fetch_all(urls: list[str], settings: Settings) -> tuple[float, int]:
    """Wall seconds of fetch_all and how many pages came back OK."""
    started = time.monotonic()
    results = fetch_all([FetchRequest(u, "bench") for u in urls], settings)
    seconds = time.monotonic() - started
    return seconds, sum(1 for r in results if r.error is None and r.body == PAGE)


def time_naive(urls: list[str], sample: int) -> float:
    """Seconds per page of a plain sequential requests.get loop, over the first `sample` pages."""
    started = time.monotonic()
    with requests.Session() as session:
        for url in urls[:sample]:
            session.get(url, timeout=10).raise_for_status()
    return (time.monotonic() - started) / min(sample, len(urls))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--pages", type=int, default=40, help="pages per host")
    parser.add_argument("--latency", type=float, default=0.1, help="seconds per response")
    parser.add_argument("--delay", type=float, default=0.1, help="per-host delay between request starts")
    parser.add_argument("--workers", type=int, default=110, help="fetch_workers for the main run")
    parser.add_argument("--naive-sample", type=int, default=60)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        return serve(args.hosts, args.latency)
    logging.basicConfig(level=logging.WARNING)
    child, ports = start_servers(args.hosts, args.latency)
    try:
        report(args, ports)
    finally:
        child.stdin.close()
        child.wait(timeout=10)


def report(args: argparse.Namespace, ports: list[int]) -> None:
    """Run the three timings and print the figures."""
    urls = [f"http://127.0.0.1:{port}/page/{i}" for i in range(args.pages) for port in ports]
    base = Settings(allow_private_hosts=True, host_delay_s=args.delay, deadline_s=30.0)
    concurrency, total = base.host_concurrency, len(urls) + len(ports)  # pages + one robots.txt per host
    host_ideal = args.latency + (args.pages - 1) * max(args.delay, args.latency / concurrency) + args.latency
    print(f"setup: {args.hosts} hosts x {args.pages} pages, latency {args.latency} s, delay {args.delay} s "
          f"(+ up to {JITTER_FRACTION:.0%} jitter), {concurrency} in flight per host, {total} requests")
    print(f"ideal (host-bound) = latency + (pages-1)*max(delay, latency/concurrency) + latency = {host_ideal:.2f} s"
          f"  [brief's pages*(latency+delay)/concurrency = "
          f"{args.pages * (args.latency + args.delay) / concurrency:.2f} s]")
    for workers in (args.workers, Settings().fetch_workers):
        ideal = max(host_ideal, total * args.latency / workers)
        seconds, ok = time_fetch_all(urls, base.with_overrides(fetch_workers=workers))
        print(f"fetch_all workers={workers:<4} wall {seconds:6.2f} s  ok {ok}/{len(urls)}  ideal {ideal:5.2f} s  "
              f"ratio {seconds / ideal:.2f}  ({len(urls) / seconds:.0f} pages/s)")
    per_page = time_naive(urls, args.naive_sample)
    naive = per_page * len(urls)
    print(f"naive sequential loop: {per_page * 1000:.0f} ms/page over a {args.naive_sample}-page sample, "
          f"extrapolated {naive:.1f} s for {len(urls)} pages")


if __name__ == "__main__":
    main()
