"""The compliance commands through the CLI: JSON-lines check, eval, drafts, audit."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from redfunnel.cli import app
from redfunnel.store import open_store
from tests.compliance.conftest import add_account

runner = CliRunner()


def test_check_reads_and_writes_json_lines(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"text": "这款理财保本保息"}, ensure_ascii=False)
        + "\n\n"
        + json.dumps({"text": "最近网点营业时间调整", "product": "none"}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["--home", str(tmp_path), "check", str(src), "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 2
    assert lines[0]["product"] == "wealth" and lines[0]["findings"][0]["family"] == "return_promise"
    assert lines[0]["findings"][0]["span"] == [4, 6]
    assert lines[1] == {"product": "none", "blocked": False, "findings": [], "doubted": []}


def test_check_from_stdin_and_bad_line(tmp_path: Path) -> None:
    ok = runner.invoke(
        app,
        ["--home", str(tmp_path), "check", "-", "--json"],
        input='{"text": "请提供验证码", "kind": "dm_reply"}\n',
    )
    assert ok.exit_code == 0 and json.loads(ok.stdout)["findings"][0]["family"] == "pii_request"
    bad = runner.invoke(
        app, ["--home", str(tmp_path), "check", "-", "--json"], input='{"txt": 1}\n'
    )
    assert bad.exit_code == 2 and "第 1 行" in bad.output and "text" in bad.output


def test_eval_compliance_prints_one_json_document(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["--home", str(tmp_path), "eval", "compliance", "--set", "dev", "--json"]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["dataset"] == "labelled_dev.jsonl"
    assert set(doc["families"]) >= {"absolute_terms", "pii_request", "missing_ad_label"}
    assert doc["p0_recall"] >= 0.95 and doc["clean_fp_rate"] <= 0.02


def test_drafts_approve_and_audit_commands(tmp_path: Path) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'redfunnel.db'}")
    account = add_account(engine)
    engine.dispose()
    home = ["--home", str(tmp_path)]
    sub = runner.invoke(
        app,
        [
            *home,
            "draft",
            "submit",
            "--account",
            str(account),
            "--author",
            "op",
            "--kind",
            "dm_reply",
            "--body",
            "您好，网点营业时间为9点至17点。",
            "--json",
        ],
    )
    assert sub.exit_code == 0, sub.output
    draft_id = json.loads(sub.stdout)["id"]
    selfie = runner.invoke(app, [*home, "approve", str(draft_id), "--as", "op"])
    assert selfie.exit_code == 2 and "自我审批" in selfie.output
    ok = runner.invoke(app, [*home, "approve", str(draft_id), "--as", "li", "--json"])
    assert ok.exit_code == 0 and json.loads(ok.stdout)["status"] == "approved"
    shown = json.loads(runner.invoke(app, [*home, "draft", "show", str(draft_id), "--json"]).stdout)
    assert shown["approvals"][0]["approver"] == "li" and shown["approvals"][0]["sealed"]
    verify = runner.invoke(app, [*home, "audit", "verify", "--json"])
    assert verify.exit_code == 0 and json.loads(verify.stdout)["ok"]
    exported = runner.invoke(
        app, [*home, "audit", "export", "--out", str(tmp_path / "exp"), "--json"]
    )
    assert exported.exit_code == 0
    assert Path(json.loads(exported.stdout)["xlsx"]).is_file()
    import sqlite3

    with sqlite3.connect(tmp_path / "redfunnel.db") as db:
        db.execute(
            "UPDATE audit_event SET actor = 'x' WHERE id = (SELECT min(id) FROM audit_event)"
        )
    tampered = runner.invoke(app, [*home, "audit", "verify", "--json"])
    assert tampered.exit_code == 1 and not json.loads(tampered.stdout)["ok"]


def test_eval_compliance_refuses_a_second_first_run(tmp_path: Path) -> None:
    again = runner.invoke(app, ["--home", str(tmp_path), "eval", "compliance",
                                "--record-first-run", "heldout_a"])
    assert again.exit_code == 2 and "already has a first run" in again.output
    unknown = runner.invoke(app, ["--home", str(tmp_path), "eval", "compliance",
                                  "--record-first-run", "heldout_zz"])
    assert unknown.exit_code == 2 and "heldout_zz" in unknown.output


def test_first_runs_are_summed_up_per_rulebook_version() -> None:
    """The estimate on unseen wording is a round of sets scored by one untouched rulebook."""
    from redfunnel.compliance.evaluate import first_run_rounds

    def run(name: str, version: str, recall: float, fp: float) -> dict[str, object]:
        return {"set": name, "rulebook_version": version, "items": 300, "p0_recall": recall,
                "clean_fp_rate": fp}

    runs = [run("a", "v1", 0.90, 0.05), run("b", "v2", 0.94, 0.03), run("c", "v2", 0.98, 0.01),
            run("d", "v3", 0.96, 0.03)]
    rounds = first_run_rounds(runs, last=2)
    assert [r["rulebook_version"] for r in rounds] == ["v2", "v3"]
    assert rounds[0]["sets"] == ["b", "c"] and rounds[0]["items"] == 600
    assert abs(rounds[0]["p0_recall"] - 0.96) < 1e-9 and abs(rounds[0]["clean_fp_rate"] - 0.02) < 1e-9
    assert rounds[0]["meets_targets"] and not rounds[1]["meets_targets"]  # 3% of clean posts flagged
