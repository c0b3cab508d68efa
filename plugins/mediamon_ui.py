"""Airflow UI plugin: "Media digests" and "Media watches" pages (left nav) serving the pre-rendered
digests and the watches (saved searches) with their last 28 days, behind Airflow's own login. The app
itself is mediamon.digest.webapp (testable without Airflow)."""
from __future__ import annotations

from airflow.plugins_manager import AirflowPlugin


def _auth_dependency():
    """Airflow's get_user: an internal API (pinned Airflow), imported only when the plugin loads."""
    from airflow.api_fastapi.core_api.security import get_user

    return get_user


def _login_url(next_url: str) -> str:
    """The Airflow login page, coming back to next_url after signing in."""
    from airflow.api_fastapi.app import create_auth_manager

    return create_auth_manager().get_url_login(next_url=next_url)


def _app():
    """The digests app over MEDIAMON_DATA_DIR (kept up to date from MEDIAMON_DATA_URL when set), every route
    behind Airflow's login; a browser without a session is sent to the login page."""
    from mediamon.digest.webapp import create_app
    from mediamon.settings import settings_from_env
    from mediamon.storage.shared import published_mirror

    settings = settings_from_env()
    return create_app(settings.data_dir, auth_dependency=_auth_dependency(), refresh=published_mirror(settings),
                      login_url=_login_url)


class MediamonUIPlugin(AirflowPlugin):
    """Mounts the digests app at /mediamon and adds "Media digests" and "Media watches" to the left nav
    (each in an iframe)."""

    name = "mediamon_ui"
    fastapi_apps = [{"app": _app(), "url_prefix": "/mediamon", "name": "Media digests"}]
    external_views = [{"name": "Media digests", "href": "mediamon/", "url_route": "media-digests",
                       "destination": "nav", "nav_top_level": True},
                      {"name": "Media watches", "href": "mediamon/watches", "url_route": "media-watches",
                       "destination": "nav", "nav_top_level": True}]
