"""Hypothesis profiles for the parser fuzz tests: "ci" (default, short, part of `make test`) and
"long" (`make fuzz`, or HYPOTHESIS_PROFILE=long). Inputs that once found a bug are kept as
@example decorators on the tests, so they run under every profile."""
from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=60, deadline=None, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long", max_examples=3000, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
