"""The rule engine runs compiled (mypyc, built at install from ``checker.py``) and must check
exactly as its source does; a stale build never runs in place of an edited source."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

from redfunnel import compiled
from redfunnel.compliance import checker
from redfunnel.compliance.evaluate import DATASETS, load_labelled
from redfunnel.compliance.rulebook import load_rulebook


def _source_checker(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """``checker.py`` imported from its source under another name, beside the compiled one."""
    path = Path(checker.__file__).with_name("checker.py")
    spec = importlib.util.spec_from_file_location("_checker_from_source", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    assert module.__file__ == str(path)
    return module


def test_the_rule_engine_is_compiled_and_checks_as_its_source_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``make test`` installs the checker compiled; a failed build would only show as a slower
    checker, so the suite insists on it. Every text of three hand-written sets and some odd
    ones (empty, emoji, full-width, traditional, spaced and pinyin evasions, quoted and denied
    claims) get the same product, findings and doubts from both."""
    assert compiled.is_compiled(checker), "the rule engine was not compiled at install"
    source = _source_checker(monkeypatch)
    assert not compiled.is_compiled(source)
    book = load_rulebook()
    sets = ("heldout_c", "heldout_gt", "heldout_ho")
    items = [item for name in sets for item in load_labelled(DATASETS[name])]
    odd = ["", " ", "🧧🧧", "ＡＢＣ１２３％保本", "大額存單係存款，穩賺唔賠",
           "保 本 理 财 稳zhuan不赔", "“保本保息”是骗子的话术，我行理财不保本",
           "验证码发我\n卡号 6222 0212 3456 7890 128"]
    cases = [(i.text, i.kind, i.product) for i in items] + [(t, "note", None) for t in odd]
    assert len(cases) > 700
    for text, kind, product in cases:
        got = checker.check_text(text, kind=kind, product=product, rulebook=book)
        want = source.check_text(text, kind=kind, product=product, rulebook=book)
        assert got.to_dict() == want.to_dict(), text


def test_an_edited_source_runs_instead_of_its_stale_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editable install builds the extension next to the source; once the source is newer,
    :func:`fresh_source` imports the source (with a warning to rebuild), and leaves a build that
    is up to date alone."""
    package = tmp_path / "fresh_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "mod.py").write_text("WHERE = 'source'\n")
    build = package / "mod.cpython-311-x86_64-linux-gnu.so"
    build.write_bytes(b"")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.import_module("fresh_pkg")
    built_spec = importlib.util.spec_from_file_location("fresh_pkg.mod", package / "mod.py")
    assert built_spec is not None
    built_spec.origin = str(build)  # what find_spec reports when the extension shadows mod.py
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: built_spec)
    monkeypatch.delitem(sys.modules, "fresh_pkg.mod", raising=False)

    os.utime(build, (2_000_000_000, 2_000_000_000))  # built after the source: left alone
    compiled.fresh_source("fresh_pkg.mod")
    assert "fresh_pkg.mod" not in sys.modules

    os.utime(package / "mod.py", (2_000_000_100, 2_000_000_100))  # then the source is edited
    with pytest.warns(RuntimeWarning, match="make install"):
        compiled.fresh_source("fresh_pkg.mod")
    assert sys.modules["fresh_pkg.mod"].WHERE == "source"
    assert sys.modules["fresh_pkg.mod"].__file__ == str(package / "mod.py")
    monkeypatch.delitem(sys.modules, "fresh_pkg.mod")
    monkeypatch.delitem(sys.modules, "fresh_pkg")
