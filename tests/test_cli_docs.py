"""Every CLI command is documented with help text and an example (sqlite-utils' test_docs idea)."""

from __future__ import annotations

from typing import Any

import pytest
import typer

from redfunnel.cli import app


def _commands(group: Any, prefix: str = "") -> list[tuple[str, Any]]:
    found = []
    for name, cmd in group.commands.items():
        if hasattr(cmd, "commands"):
            found += _commands(cmd, f"{prefix}{name} ")
        else:
            found.append((f"{prefix}{name}", cmd))
    return found


COMMANDS = _commands(typer.main.get_group(app))


def test_the_foundation_commands_exist() -> None:
    names = {name for name, _ in COMMANDS}
    assert {"ingest", "stats", "demo", "accounts review", "accounts confirm"} <= names


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_command_has_chinese_help_and_example(name: str, command: Any) -> None:
    assert command.help, name
    assert "Example:" in command.help and "redfunnel" in command.help.split("Example:")[1]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in command.help.split("Example:")[0])
