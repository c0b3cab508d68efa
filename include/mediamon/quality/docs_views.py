"""GX Data Docs views that share their compiled Jinja templates across the process.

Each GX view builds its own Jinja environment, so every section of every Data Docs build compiles
the same templates again: compiling was most of the docs' time. These views are GX's own, with one
bytecode cache shared by all of them; templates are looked up by name and source checksum, so a
changed template is compiled again.
"""
from __future__ import annotations

from typing import Any

from great_expectations.render.view import DefaultJinjaIndexPageView, DefaultJinjaPageView
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in this process's memory."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill the bucket from memory when this template was compiled before."""
        if (code := self._compiled.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep a newly compiled template."""
        self._compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = MemoryBytecodeCache()


class SharedTemplatesPageView(DefaultJinjaPageView):
    """GX's page view, compiling each template once per process."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.env.bytecode_cache = TEMPLATES


class SharedTemplatesIndexPageView(DefaultJinjaIndexPageView):
    """GX's index page view, compiling each template once per process."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.env.bytecode_cache = TEMPLATES
