"""A plain (non-editable) `pip install .` gives a working package: SQL, configuration, the topic model
and the demo site ship inside it, and `mediamon extract` runs on a bundled page from another folder.

The new virtualenv takes the package from a wheel built here, offline (--no-deps, no build isolation);
its dependencies are read from this environment's site-packages, listed in a .pth file, which does
not bring this checkout's editable install along.
"""
from __future__ import annotations

import json
import shutil
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run a command; fail the test with its output when it fails."""
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A new virtualenv with mediamon installed from a wheel of this checkout; returns its python."""
    tmp = tmp_path_factory.mktemp("install")
    source = tmp / "source"
    shutil.copytree(PROJECT / "include", source / "include", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copy(PROJECT / "pyproject.toml", source / "pyproject.toml")
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp / "dist"),
         str(source)], cwd=tmp)
    wheel = next((tmp / "dist").glob("mediamon-*.whl"))
    env_dir = tmp / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)], cwd=tmp)
    purelib = run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=tmp)
    Path(purelib.stdout.strip(), "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    return python


def test_the_package_is_imported_from_the_new_environment(installed, tmp_path):
    where = run([str(installed), "-c", "import mediamon.settings as s; print(s.PACKAGE_DIR)"], cwd=tmp_path)
    package_dir = Path(where.stdout.strip())
    assert package_dir.is_relative_to(installed.parents[1]), package_dir
    for shipped in ["sql/migrations", "config/sources.yaml", "config/topics/model.npz", "demo/site/robots.txt",
                    "digest/templates"]:
        assert (package_dir / shipped).exists(), shipped


def test_mediamon_extract_runs_on_a_bundled_page(installed, tmp_path):
    package_dir = Path(run([str(installed), "-c", "import mediamon.settings as s; print(s.PACKAGE_DIR)"],
                           cwd=tmp_path).stdout.strip())
    page = package_dir / "demo" / "site" / "gv" / "index_12.html"
    done = run([str(installed.parent / "mediamon"), "extract", str(page), "--url",
                "https://globalvoices.org/2026/01/12/example/"], cwd=tmp_path)
    out = json.loads(done.stdout)
    assert out["title"] and len(out["text"]) > 500 and out["language"] == "en"
    assert out["countries"] and out["topics"]
