"""The command line run inside the test process, the digest warehouse its hostile cases query, and what a terminal
acts on in its output."""
from __future__ import annotations

import re
import threading
from collections.abc import Callable

import pytest

import mediamon.cli as cli
from tests.integration.digest_warehouse import fill_warehouse

TERMINAL_ACTS_ON = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def run_cli(capsys: pytest.CaptureFixture[str], *args: str, wait_s: float | None = None) -> tuple[int, str, str]:
    """The command line in this process: exit code, stdout and stderr (an exception fails the test). With wait_s it
    runs in a thread, and the test fails if it has not ended within wait_s (the thread, blocked, is left behind as a
    daemon)."""
    if wait_s is None:
        code = cli.main(list(args))
    else:
        ended: list[int] = []
        thread = threading.Thread(target=lambda: ended.append(cli.main(list(args))), daemon=True)
        thread.start()
        thread.join(wait_s)
        assert ended, f"mediamon {' '.join(args)} still running after {wait_s} s"
        code = ended[0]
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def digest_db_fixture(folder: str) -> Callable[..., str]:
    """A module's `db` fixture: the digest test warehouse in a temporary folder of this name (its END day holds a
    title with U+202E, a BEL and ESC [ 31 m)."""
    @pytest.fixture(scope="module", name="db")
    def db(tmp_path_factory: pytest.TempPathFactory) -> str:
        """The digest test warehouse's path."""
        return str(fill_warehouse(tmp_path_factory.mktemp(folder) / "wh.duckdb").db_path)
    return db
