"""The ``redfunnel`` command line: a thin adapter over the library.

Each module of this package registers its commands on the shared app when imported.
"""

from __future__ import annotations

from redfunnel.cli import (  # noqa: F401  (imported for their commands)
    compliance,
    content,
    funnel,
    inbox,
    ingest,
    landscape,
    report,
    web,
)
from redfunnel.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    app()
