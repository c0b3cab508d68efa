"""Every enrichment figure in one run: countries, topics, both per language, and stories, against their goals.

    .venv/bin/python benchmarks/enrichment.py

Runs `enrichment_countries.py`, `enrichment_topics.py`, `enrichment_multilingual.py` and `stories.py`
one after the other (each in its own process, so one's imports do not time the other) and prints
their output as it comes, then a one-line summary of which parts ran. Needs ../shared (the labelled
sets stay outside the repository); exits 1 when a part fails.
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PARTS = ("enrichment_countries.py", "enrichment_topics.py", "enrichment_multilingual.py", "stories.py")


def run_part(script: str) -> tuple[int, float]:
    """Run one benchmark script with this interpreter; its exit code and wall seconds."""
    print(f"== {script}", flush=True)
    started = time.perf_counter()
    code = subprocess.run([sys.executable, str(HERE / script)], check=False).returncode
    return code, time.perf_counter() - started


def main() -> int:
    """Run every part and summarise; non-zero when any part failed."""
    results = {script: run_part(script) for script in PARTS}
    summary = ", ".join(f"{script} exit {code} in {seconds:.0f} s" for script, (code, seconds) in results.items())
    print(f"== enrichment: {summary}")
    return 0 if all(code == 0 for code, _ in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
