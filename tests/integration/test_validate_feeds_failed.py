"""A day where every feed failed names the fix when a setting caused it (private hosts refused, a WARC folder
without the feeds), and blames the network or the sources otherwise. Real feeds on 127.0.0.1."""
from __future__ import annotations

import dataclasses

import pytest

from mediamon import stages
from mediamon.errors import QualityError
from tests.support.fixture_site import RUN_DATE, bind_base_url, fixture_site, write_sources
from tests.support.server import RunningSite, Site


def _validate_day(settings) -> None:
    """Plan, discover and shard the day, then validate it (which raises when every feed failed)."""
    run_dir = stages.plan_run(settings, RUN_DATE)
    stages.discover(run_dir, stages.source_ids(run_dir), settings)
    stages.shard_items(run_dir, settings)
    stages.validate_run(run_dir, settings)


def test_feeds_on_private_hosts_name_the_setting_that_allows_them(settings):
    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        write_sources(site, settings.sources_path)
        with pytest.raises(QualityError) as err:
            _validate_day(dataclasses.replace(settings, allow_private_hosts=False))
    message = str(err.value)
    assert message.startswith("all 1 feeds failed (private-address): ")
    assert "--allow-private-hosts" in message and "MEDIAMON_ALLOW_PRIVATE_HOSTS=1" in message
    assert "network" not in message
    assert not settings.db_path.exists()


def test_a_warc_folder_without_the_feeds_says_so(tmp_path, settings):
    (tmp_path / "warc").mkdir()
    with RunningSite(fixture_site()) as site:
        bind_base_url(site)
        write_sources(site, settings.sources_path)
        with pytest.raises(QualityError) as err:
            _validate_day(dataclasses.replace(settings, replay_warc=tmp_path / "warc"))
    message = str(err.value)
    assert message.startswith("all 1 feeds failed (not-archived): ")
    assert "--from-warc" in message and "network" not in message


def test_feeds_that_answer_errors_still_blame_the_network_or_the_sources(settings):
    with RunningSite(Site()) as site:  # answers 404 for everything
        write_sources(site, settings.sources_path)
        with pytest.raises(QualityError, match=r"all 1 feeds failed \(http-404\): the network or the sources are "
                                               r"down; see the fetch log"):
            _validate_day(settings)
