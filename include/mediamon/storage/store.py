"""DataStore: the object storage behind MEDIAMON_DATA_URL (s3://, gs://, file:// ...), through fsspec.

Paths inside the store are POSIX paths relative to the URL ("runs/2026-01-15/<run_id>/plan.json"). Each
file is written whole in one request (an S3 PUT up to 5 GiB), so a reader sees the old object or the new
one, never a part; on a file system (file://) the file is written beside its name and renamed into place.
Credentials and endpoints come from each backend's usual settings (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID ...).
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fsspec
from fsspec.core import url_to_fs

from mediamon.errors import StorageError

SINGLE_PUT_BYTES = 5 * 2**30  # an S3 PUT takes up to 5 GiB in one request
WRITE_CHECK_DIR = ".mediamon-write-check"


@dataclass(frozen=True)
class DataStore:
    """One data URL: its fsspec filesystem and the root path inside it."""

    url: str
    fs: fsspec.AbstractFileSystem
    root: str

    @classmethod
    def from_url(cls, url: str) -> DataStore:
        """The store of a data URL; an unknown scheme or a missing backend package is a StorageError."""
        try:
            fs, root = url_to_fs(url)
        except (ImportError, ValueError) as err:
            raise StorageError(f"MEDIAMON_DATA_URL={url!r} cannot be opened: {err}. Use s3://bucket/prefix, "
                               "gs://bucket/prefix or file:///path, with its fsspec backend installed") from err
        return cls(url=url.rstrip("/"), fs=fs, root=root.rstrip("/"))

    @property
    def is_object_store(self) -> bool:
        """True for a bucket (one PUT per object), False for a file system (write, then rename)."""
        return "file" not in _protocols(self.fs)

    def path(self, rel: str) -> str:
        """The backend path of a store-relative path."""
        return f"{self.root}/{rel.lstrip('/')}" if rel else self.root

    def uri(self, rel: str = "") -> str:
        """The full URL of a store-relative path, for messages."""
        return f"{self.url}/{rel.lstrip('/')}" if rel else self.url

    def put_bytes(self, rel: str, data: bytes) -> None:
        """Write one object whole."""
        target = self.path(rel)
        with _errors(self, rel, "write"):
            if self.is_object_store:
                self.fs.pipe_file(target, data, **_single_put(self.fs))
                return
            self.fs.makedirs(self.fs._parent(target), exist_ok=True)
            tmp = f"{target}.{uuid.uuid4().hex[:8]}.tmp"
            self.fs.pipe_file(tmp, data)
            self.fs.mv(tmp, target)

    def put_file(self, local: Path, rel: str) -> int:
        """Upload a local file as one object; returns its size."""
        data = Path(local).read_bytes()
        self.put_bytes(rel, data)
        return len(data)

    def cat(self, rel: str) -> bytes | None:
        """An object's bytes, or None when it does not exist."""
        with _errors(self, rel, "read"):
            try:
                return self.fs.cat_file(self.path(rel))
            except FileNotFoundError:
                return None

    def get_file(self, rel: str, local: Path) -> int:
        """Download one object to a local file (written beside it, then renamed); returns its size."""
        data = self.cat(rel)
        if data is None:
            raise StorageError(f"{self.uri(rel)} is listed in a manifest but missing from the store; "
                               "re-run the task that wrote it")
        local = Path(local)
        local.parent.mkdir(parents=True, exist_ok=True)
        tmp = local.with_name(f"{local.name}.{uuid.uuid4().hex[:8]}.part")
        try:
            tmp.write_bytes(data)
            os.replace(tmp, local)
        finally:
            tmp.unlink(missing_ok=True)  # a file that could not be written or moved into place leaves no part
        return len(data)

    def list(self, rel_dir: str) -> list[str]:
        """Store-relative paths of the objects directly under a folder (none when it does not exist)."""
        with _errors(self, rel_dir, "list"):
            try:
                self.fs.invalidate_cache(self.path(rel_dir))
                found = self.fs.ls(self.path(rel_dir), detail=False)
            except FileNotFoundError:
                return []
        prefix = self.root + "/"
        return sorted(p[len(prefix):] if p.startswith(prefix) else p for p in found)

    def find(self, rel_dir: str) -> dict[str, int]:
        """Every object under a folder, at any depth, with its size (store-relative paths)."""
        with _errors(self, rel_dir, "list"):
            try:
                self.fs.invalidate_cache(self.path(rel_dir))
                found = self.fs.find(self.path(rel_dir), detail=True)
            except FileNotFoundError:
                return {}
        prefix = self.root + "/"
        return {name[len(prefix):] if name.startswith(prefix) else name: int(info.get("size") or 0)
                for name, info in found.items() if info.get("type", "file") == "file"}

    def check_writable(self) -> None:
        """Write and delete a probe object; a StorageError says what to fix when the store refuses."""
        rel = f"{WRITE_CHECK_DIR}/{uuid.uuid4().hex}"
        self.put_bytes(rel, b"ok")
        with _errors(self, rel, "delete"):
            self.fs.rm_file(self.path(rel))


def _protocols(fs: fsspec.AbstractFileSystem) -> tuple[str, ...]:
    """A filesystem's protocol names."""
    return (fs.protocol,) if isinstance(fs.protocol, str) else tuple(fs.protocol)


def _single_put(fs: fsspec.AbstractFileSystem) -> dict[str, Any]:
    """pipe_file options that keep an upload in one request where the backend splits large ones."""
    return {"chunksize": SINGLE_PUT_BYTES} if "s3" in _protocols(fs) else {}


@contextmanager
def _errors(store: DataStore, rel: str, action: str) -> Iterator[None]:
    """Turn a backend's failure into a StorageError naming the URL and the fix."""
    try:
        yield
    except StorageError:
        raise
    except Exception as err:
        raise StorageError(_message(store, rel, action, err)) from err


def _message(store: DataStore, rel: str, action: str, err: Exception) -> str:
    """What failed, where, and what to do about it."""
    where = store.uri(rel)
    if isinstance(err, PermissionError):
        return (f"cannot {action} {where}: access denied ({err}). Give these credentials permission to "
                f"{action} objects under {store.url}, or point MEDIAMON_DATA_URL at a bucket they may use")
    if isinstance(err, FileNotFoundError):
        return (f"cannot {action} {where}: the bucket or folder does not exist ({err}). Create it, or fix "
                "MEDIAMON_DATA_URL")
    return (f"cannot {action} {where}: {type(err).__name__}: {err}. Check that the storage is reachable "
            "(AWS_ENDPOINT_URL for an S3-compatible server); the task retries")
