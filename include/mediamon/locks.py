"""Exclusive advisory file locks (fcntl.flock) with a bounded wait: one warehouse writer, one poller."""
from __future__ import annotations

import errno
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

_BUSY = (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK)


@contextmanager
def exclusive_lock(path: Path, *, wait_s: float, poll_s: float, busy: Callable[[], Exception]) -> Iterator[None]:
    """Hold an exclusive lock on path (created if absent), retrying every poll_s for up to wait_s; past
    that, raise the error busy() builds. Closing the descriptor releases the lock."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as err:
                if err.errno not in _BUSY:
                    raise
                if time.monotonic() >= deadline:
                    raise busy() from None
                time.sleep(min(poll_s, max(deadline - time.monotonic(), 0.01)))
        yield
    finally:
        os.close(fd)
