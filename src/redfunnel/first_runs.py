"""The record of first evaluations of hand-written held-out sets.

A held-out set is an honest estimate of accuracy on unseen wording only until someone looks at
its errors and changes a rule, a threshold or a training sentence. So the figures of each set's
first evaluation are appended to a JSON file in the repository and printed with every later
evaluation; a set can be recorded only once.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["append_first_run", "read_first_runs"]


def read_first_runs(path: Path) -> list[dict[str, Any]]:
    """The recorded runs, oldest first (none when the file does not exist yet)."""
    if not path.exists():
        return []
    return list(json.loads(path.read_text(encoding="utf-8"))["runs"])


def append_first_run(path: Path, run: dict[str, Any]) -> dict[str, Any]:
    """Append ``run`` (which names its ``set``); refuse a set that already has a first run."""
    data = (json.loads(path.read_text(encoding="utf-8")) if path.exists()
            else {"note": "", "runs": []})
    if any(r["set"] == run["set"] for r in data["runs"]):
        raise ValueError(f"{path}: set {run['set']!r} already has a first run")
    data["runs"].append(run)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return run
