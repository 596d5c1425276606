"""Modules compiled at install from their own Python source (see ``setup.py``).

An editable install (``make`` installs with ``pip install -e``) builds a compiled module next to
its source, and Python imports the extension before the ``.py`` file. After an edit the stale
build would go on running the old code until the next install; the package that holds such a
module calls :func:`fresh_source` first, so the source runs instead, with a warning to rebuild.
"""

from __future__ import annotations

import importlib.util
import sys
import warnings
from pathlib import Path

__all__ = ["fresh_source", "is_compiled"]


def fresh_source(module: str) -> None:
    """Import ``module`` from its ``.py`` source when its compiled build is older than that
    source (the build would run code that is no longer in the file). Call it from the parent
    package's ``__init__`` before anything imports the module."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None or spec.origin.endswith(".py"):
        return
    built = Path(spec.origin)
    source = built.parent / (module.rpartition(".")[2] + ".py")
    if not source.exists() or source.stat().st_mtime <= built.stat().st_mtime:
        return
    warnings.warn(
        f"{source} changed after it was compiled; running the source (slower). "
        "Run `make install` to compile it again.",
        RuntimeWarning,
        stacklevel=2,
    )
    source_spec = importlib.util.spec_from_file_location(module, source)
    assert source_spec is not None and source_spec.loader is not None
    loaded = importlib.util.module_from_spec(source_spec)
    sys.modules[module] = loaded
    source_spec.loader.exec_module(loaded)


def is_compiled(module: object) -> bool:
    """Whether a module runs from a compiled extension rather than its Python source."""
    return not str(getattr(module, "__file__", "") or "").endswith(".py")
