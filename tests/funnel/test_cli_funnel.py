"""The funnel commands print exactly one JSON document with --json (example files as input)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from redfunnel.cli import app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_funnel_commands_json(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    for name in ("conversions.csv", "spend.csv", "touchpoints.csv"):
        shutil.copy(EXAMPLES / name, inbox / name)
    home = ["--home", str(tmp_path / "home")]
    runner = CliRunner()
    assert runner.invoke(app, [*home, "ingest", str(inbox), "--json"]).exit_code == 0

    def run(*args: str) -> dict:
        result = runner.invoke(app, [*home, *args, "--json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    assert run("track", "discover")["new_codes"] >= 0
    funnel = run("funnel", "--by", "channel")
    assert {r["group"] for r in funnel["rows"]} == {"xhs", "wechat"}
    attribution = run("attribution")
    assert attribution["kind"] == "observed_credit"
    assert attribution["shares"]["last"]["wechat"] == 1.0  # one converting journey: xhs → wechat
    roi = run("roi", "--value", "credit_card=800")
    assert roi["basis"] == "attributed_by_tracking_code"
    added = run("holdout", "add", "--key", "T1", "--channel", "xhs", "--design", "audience",
                "--treated", "1000", "--treated-conv", "50", "--control", "1000", "--control-conv", "30",
                "--attributed", "40")
    assert abs(added["factor"] - 0.5) < 1e-9
    assert run("holdout", "list")["channels"]["xhs"]["factor"] == added["factor"]
