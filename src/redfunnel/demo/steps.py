"""What `redfunnel demo` does after the demo world is ingested: each domain's demo step.

A step is ``run(engine: Engine, *, data_dir: Path, home: Path, seed: int) -> dict`` and returns a
JSON-serialisable summary (printed by the demo). Steps run in this order, e.g. classification
before the content report, drafts before approvals.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

DEMO_STEPS: list[str] = [
    "redfunnel.content.demo:run",
    "redfunnel.funnel.demo:run",
    "redfunnel.landscape.demo:run",
    "redfunnel.inbox.demo:run",
    "redfunnel.compliance.demo:run",
    "redfunnel.web.demo:run",  # last: demo logins for every role
]


def run_demo_steps(engine: Engine, *, data_dir: Path, home: Path, seed: int) -> dict[str, dict[str, Any]]:
    """Run every demo step in order; a failing step stops the demo (it is a bug, not bad data)."""
    done: dict[str, dict[str, Any]] = {}
    for ref in DEMO_STEPS:
        module, func = ref.split(":")
        done[module.split(".")[1]] = getattr(importlib.import_module(module), func)(
            engine, data_dir=data_dir, home=home, seed=seed)
    return done
