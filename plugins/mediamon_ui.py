"""Airflow UI plugin: "Digests" and "Watches" pages (left nav) serving the pre-rendered
digests and the watches (saved searches) with their last 28 days, behind Airflow's own login. The app
itself is mediamon.digest.webapp (testable without Airflow)."""
from __future__ import annotations

from urllib.parse import quote

from airflow.plugins_manager import AirflowPlugin

# Left-bar icons (24 px line drawings, as Airflow's own): a newspaper for the digests, an eye for the watches.
DIGESTS_ICON = ('<path d="M4 22h16a2 2 0 0 0 2-2V4a2 2 0 0 0-2-2H8a2 2 0 0 0-2 2v16a2 2 0 0 1-2 2Zm0 0a2 2 0 0 1-2-2v-9'
                'c0-1.1.9-2 2-2h2"/><path d="M18 14h-8"/><path d="M15 18h-5"/><path d="M10 6h8v4h-8V6Z"/>')
WATCHES_ICON = '<path d="M2 12s3-7 10-7 10 7 10 7-3 7-10 7-10-7-10-7Z"/><circle cx="12" cy="12" r="3"/>'
ICON_COLOUR, ICON_COLOUR_DARK = "#2d3748", "#e2e8f0"   # the nav's text colours in light and dark mode


def icon_uri(drawing: str, colour: str) -> str:
    """An SVG icon as a data: URI (no request, so no login needed to show it)."""
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24" fill="none" '
           f'stroke="{colour}" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">{drawing}</svg>')
    return "data:image/svg+xml," + quote(svg)


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
    """Mounts the digests app at /mediamon and adds "Digests" and "Watches" to the left nav (each in an iframe)."""

    name = "mediamon_ui"
    fastapi_apps = [{"app": _app(), "url_prefix": "/mediamon", "name": "Media digests"}]
    external_views = [{"name": "Digests", "href": "mediamon/", "url_route": "media-digests",
                       "icon": icon_uri(DIGESTS_ICON, ICON_COLOUR), "icon_dark_mode": icon_uri(DIGESTS_ICON, ICON_COLOUR_DARK),
                       "destination": "nav", "nav_top_level": True},
                      {"name": "Watches", "href": "mediamon/watches", "url_route": "media-watches",
                       "icon": icon_uri(WATCHES_ICON, ICON_COLOUR), "icon_dark_mode": icon_uri(WATCHES_ICON, ICON_COLOUR_DARK),
                       "destination": "nav", "nav_top_level": True}]
