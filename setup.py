"""The compiled parts of redfunnel; everything else about the package is in pyproject.toml.

Both are optional: where they cannot be built the install goes on with the same code in
Python (slower, same results).

- ``redfunnel.compliance._ngram_scoring``: the statistical layer's scorer in C (see its header).
- ``redfunnel.compliance.checker``: the rule engine, compiled by mypyc from its own typed
  source. The checker runs on every draft, reply and DM the team writes; interpreted, its loops
  over rules, hits and clauses cost more than the regular expressions they call (measured in
  ``benchmarks/compliance_bench.py``). mypyc turns the same module into a C extension with
  the same behaviour, so there is no second implementation to keep in step. An editable
  install builds it next to the source; :mod:`redfunnel.compliance` loads the source instead
  when it has changed since (see ``fresh_source``).
"""

from __future__ import annotations

from setuptools import Extension, setup

COMPILED = ["src/redfunnel/compliance/checker.py"]

extensions = [
    Extension(
        "redfunnel.compliance._ngram_scoring",
        ["src/redfunnel/compliance/_ngram_scoring.c"],
        optional=True,
    )
]
try:
    from mypyc.build import mypycify
except ImportError:  # pragma: no cover - mypy is a build requirement; a bare setup.py call
    pass
else:
    # The modules it imports are read for their types, not compiled, nor held to mypy's checks.
    options = ["--ignore-missing-imports", "--follow-imports=silent"]
    compiled = mypycify([*options, *COMPILED], opt_level="3")
    for extension in compiled:
        extension.optional = True
    extensions += compiled

setup(ext_modules=extensions)
