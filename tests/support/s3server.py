"""A real S3-compatible server (moto's server mode) in its own process on 127.0.0.1, with a bucket."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REGION = "us-east-1"
ACCESS_KEY, SECRET_KEY = "testing", "testing"


@dataclass(frozen=True)
class S3Server:
    """A running server: its endpoint, and the environment a client (s3fs, boto3) needs to reach it."""

    endpoint: str
    process: subprocess.Popen

    def env(self, access_key: str = ACCESS_KEY, secret_key: str = SECRET_KEY) -> dict[str, str]:
        """AWS_* variables pointing a client at this server with the given credentials."""
        return {"AWS_ENDPOINT_URL": self.endpoint, "AWS_ACCESS_KEY_ID": access_key,
                "AWS_SECRET_ACCESS_KEY": secret_key, "AWS_DEFAULT_REGION": REGION}

    def client(self, service: str = "s3", **creds: str):
        """A boto3 client of this server (administrator credentials unless given)."""
        import boto3

        return boto3.client(service, endpoint_url=self.endpoint, region_name=REGION,
                            aws_access_key_id=creds.get("access_key", ACCESS_KEY),
                            aws_secret_access_key=creds.get("secret_key", SECRET_KEY))


def moto_server_command() -> list[str] | None:
    """The moto_server command of this environment, or None where moto[server] is not installed."""
    beside = Path(sys.executable).with_name("moto_server")
    found = str(beside) if beside.is_file() else shutil.which("moto_server")
    return [found] if found else None


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_s3(*, auth_after: int | None = None, timeout_s: float = 30.0) -> Iterator[S3Server]:
    """Start moto_server; with auth_after=N, requests after the first N are checked against moto's IAM."""
    command = moto_server_command()
    if command is None:
        raise RuntimeError("moto_server is not installed (pip install 'moto[server]')")
    port = free_port()
    env = {**os.environ, **({"INITIAL_NO_AUTH_ACTION_COUNT": str(auth_after)} if auth_after is not None else {})}
    proc = subprocess.Popen([*command, "-H", "127.0.0.1", "-p", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = S3Server(endpoint=f"http://127.0.0.1:{port}", process=proc)
    try:
        _wait_until_up(server, proc, timeout_s)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _wait_until_up(server: S3Server, proc: subprocess.Popen, timeout_s: float) -> None:
    """Poll the server's health route until it answers."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"moto_server exited with {proc.returncode}")
        try:
            urllib.request.urlopen(f"{server.endpoint}/moto-api/", timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"moto_server did not answer on {server.endpoint} within {timeout_s:.0f} s")
