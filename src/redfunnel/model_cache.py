"""Trained models kept on disk under a fingerprint of everything they were built from.

The content, inbox and compliance models are trained from corpora shipped in the repository on
first use (nothing pickled in git, nothing downloaded). Training takes seconds, so each model is
also saved per user (or per workspace) keyed by a hash of its corpus files, the code its features
come from, a model version and the scikit-learn version: a changed corpus or rule retrains, and
a later command starts at once. A cache that cannot be read or written only costs a retrain.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import sklearn

__all__ = ["default_cache_dir", "fingerprint", "load_or_build"]

T = TypeVar("T")


def default_cache_dir() -> Path:
    """``$REDFUNNEL_CACHE_DIR``, else ``$XDG_CACHE_HOME/redfunnel``, else ``~/.cache/redfunnel``."""
    explicit = os.environ.get("REDFUNNEL_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "redfunnel"


def fingerprint(inputs: Iterable[Path], version: str) -> str:
    """Hash of the input files' bytes (and names), the model version and scikit-learn's version."""
    digest = hashlib.sha256(version.encode())
    digest.update(sklearn.__version__.encode())
    for path in inputs:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def load_or_build(name: str, inputs: Iterable[Path], version: str, build: Callable[[], T],
                  kind: type[T], cache_dir: Path | None = None) -> T:
    """The cached model ``name`` for these inputs, or a freshly built (and then saved) one."""
    folder = cache_dir if cache_dir is not None else default_cache_dir()
    path = folder / f"{name}-{fingerprint(inputs, version)}.pkl"
    try:
        with path.open("rb") as fh:
            model = pickle.load(fh)
        if isinstance(model, kind):
            return model
    except Exception:  # noqa: BLE001 - a missing, stale or truncated cache only means retraining
        pass
    model = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(model, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass
    return model
