"""Daily country and topic digests: volume against baseline, spikes, top stories, sources,
co-mentions, a trend chart and a quality footer, as HTML, Markdown and JSON."""
from mediamon.digest.build import build_digests, digest_rows, render_digest
from mediamon.digest.spikes import spike_flags

__all__ = ["build_digests", "digest_rows", "render_digest", "spike_flags"]
