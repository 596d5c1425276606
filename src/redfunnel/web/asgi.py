"""The app built from the environment, for uvicorn's worker processes (``serve --workers N``).

Each worker opens its own engine and keeps its own section caches; sessions, login throttling
and import-job state live in the store or the workspace, so any worker can answer any request.
"""

from __future__ import annotations

import os
import threading

from fastapi import FastAPI

from redfunnel.config import load_settings
from redfunnel.store import open_store
from redfunnel.web.app import create_app


def warm_in_background(app: FastAPI) -> None:
    """Build every section once in a daemon thread, so the first visitors do not wait for it."""
    from redfunnel.web.routes.pages import SECTION_PERMS

    def warm() -> None:
        for kind in SECTION_PERMS:
            app.state.sections.get(kind)

    threading.Thread(target=warm, name="warm-sections", daemon=True).start()


def app_from_env() -> FastAPI:
    """``REDFUNNEL_HOME`` / ``REDFUNNEL_DATABASE_URL`` as for the CLI; ``REDFUNNEL_SECURE_COOKIES=1``
    and ``REDFUNNEL_WARM=0`` as the ``serve`` options of the same names."""
    settings = load_settings()
    app = create_app(open_store(settings.resolved_database_url()), settings,
                     secure_cookies=os.environ.get("REDFUNNEL_SECURE_COOKIES") == "1")
    if os.environ.get("REDFUNNEL_WARM", "1") == "1":
        warm_in_background(app)
    return app
