"""Demo step: classify the demo world's notes so the content report and plans have labels.

The demo's notes are written from ``redfunnel.demo.topics`` templates; the classifier was trained
on its own corpus and never on these, so the demo shows what it does on unseen text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from redfunnel.content.labels import label_notes


def run(engine: Engine, *, data_dir: Path, home: Path, seed: int) -> dict[str, Any]:
    """Label every demo note (and cache the trained model in the workspace)."""
    return label_notes(engine, only_new=False, cache_dir=home / "cache", actor="demo")
