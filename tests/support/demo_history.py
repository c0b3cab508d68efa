"""The demo's history days replayed in-process (mediamon.demo.run.run_days, as `make demo` replays them)
once per test session, on one port, and a copy of them for each test module that goes on from there: the
demo test runs the last day in-process, the end-to-end test runs `make demo`'s script through Airflow."""
from __future__ import annotations

import json
import random
import shutil
import socket
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

LAST_DAY = "2026-01-15"
HISTORY_DAYS = 7  # the fewest the digests accept before they call a spike; make demo replays 28


@dataclass(frozen=True)
class DemoHistory:
    """A data directory holding the replayed history days, the port its article URLs hold, the days run."""

    data_dir: Path
    port: int
    ran: tuple[str, ...]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing uses now, below the ephemeral range: the port is bound again
    later (the demo script serves the replayed URLs on it), and a port the system hands out to client
    connections can be taken by one in between (the demo test once failed so)."""
    low = _ephemeral_low()
    ports = range(20000, low) if low > 20200 else range(1025, low)
    for port in random.Random().sample(ports, min(200, len(ports))):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port below {low} on 127.0.0.1")


def _ephemeral_low() -> int:
    """The first port of the range the system gives client connections (32768 where it cannot be read)."""
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def demo_history(tmp_path_factory: pytest.TempPathFactory, name: str) -> DemoHistory:
    """A fresh copy (under a temp dir called name) of the session's replayed history, replayed first if needed."""
    from mediamon.demo.run import run_days

    base = tmp_path_factory.getbasetemp() / "demo-history"
    record, port_file = base / "history.json", base / "port.txt"
    if not record.is_file():
        base.mkdir(exist_ok=True)
        if not port_file.is_file():  # kept: a replay interrupted before the end resumes on the same port
            port_file.write_text(str(free_port()), encoding="utf-8")
        port = int(port_file.read_text(encoding="utf-8"))
        ran = run_days(base / "data", date.fromisoformat(LAST_DAY), HISTORY_DAYS, port=port, include_last=False)
        record.write_text(json.dumps({"port": port, "ran": ran}), encoding="utf-8")
    replayed = json.loads(record.read_text(encoding="utf-8"))
    copy = tmp_path_factory.mktemp(name) / "data"
    shutil.copytree(base / "data", copy)
    return DemoHistory(copy, replayed["port"], tuple(replayed["ran"]))
