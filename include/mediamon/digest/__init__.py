"""Daily country and topic digests: what changed since yesterday, volume against baseline, spikes, top
events, sources, co-mentions, watches, a trend chart, and the quality banner and footer, as HTML,
Markdown and JSON.

The public functions are imported on first use, so the web app (webapp, render) loads without
pandas or DuckDB."""
from __future__ import annotations

from importlib import import_module

_PUBLIC = {"build_digests": "build", "digest_rows": "build", "render_digest": "build", "spike_flags": "spikes"}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> object:
    """build_digests, digest_rows, render_digest, spike_flags, loaded from their modules on demand."""
    if name not in _PUBLIC:
        raise AttributeError(f"module 'mediamon.digest' has no attribute {name!r}")
    return getattr(import_module(f"mediamon.digest.{_PUBLIC[name]}"), name)
