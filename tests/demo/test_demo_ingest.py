"""The demo world through the real ingest path: the article's calibration facts hold in the store."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from redfunnel.demo import write_demo_world
from redfunnel.ingest.pipeline import ingest_paths
from redfunnel.store import models


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "data"
    write_demo_world(out)
    return out


def latest_followers(engine: Engine) -> dict[str, int]:
    """Latest follower count per XHS account name (the newest snapshot wins)."""
    acc, snap = models.Account.__table__, models.AccountSnapshot.__table__
    newest = (select(snap.c.account_key, func.max(snap.c.captured_at).label("at"))
              .where(snap.c.platform == "xhs").group_by(snap.c.account_key).subquery())
    query = (select(acc.c.name, snap.c.followers)
             .join(snap, (snap.c.account_key == acc.c.account_key) & (snap.c.platform == acc.c.platform))
             .join(newest, (newest.c.account_key == snap.c.account_key) & (newest.c.at == snap.c.captured_at))
             .where(acc.c.platform == "xhs"))
    with engine.connect() as conn:
        return {name: followers for name, followers in conn.execute(query)}


def test_demo_world_calibration_in_the_store(engine: Engine, demo_dir: Path) -> None:
    results = ingest_paths(engine, [demo_dir])
    assert [r.file for r in results if r.status != "imported"] == []
    fans = latest_followers(engine)
    assert len(fans) >= 60
    assert fans["招商银行"] == 481_200 == max(fans.values())
    assert fans["中信银行信用卡"] == 125_300
    assert fans["光大银行微银行"] == 97_100
    assert fans["恒丰银行"] == 49_200
    assert abs(fans["宁波银行"] + fans["宁波银行信用卡"] + fans["宁来花"] - 200_000) <= 4_000
    assert fans["中国银行广东省分行"] > 5 * max(fans["中国银行北京市分行"], fans["中国银行上海市分行"])
    assert sum(1 for v in fans.values() if v > 10_000) == 29

    acc, inst = models.Account.__table__, models.Institution.__table__
    with engine.connect() as conn:
        linked = conn.execute(select(func.count()).select_from(acc).where(
            acc.c.platform == "xhs", acc.c.match_status == "confirmed")).scalar_one()
        invented = conn.execute(select(func.count()).select_from(inst).where(inst.c.builtin.is_(False))).scalar_one()
        icbc_ccb = list(conn.execute(select(acc.c.name).join(inst, inst.c.id == acc.c.institution_id).where(
            acc.c.platform == "xhs", inst.c.short_name.in_(["工商银行", "建设银行"]))).scalars())
    assert linked >= 60 and invented == 0  # every declared bank resolves to the registry
    assert icbc_ccb and all(fans[name] < 10_000 for name in icbc_ccb)


def test_demo_world_links_exports_masks_and_reimports(engine: Engine, demo_dir: Path) -> None:
    ingest_paths(engine, [demo_dir])
    note, snap, export = models.Note.__table__, models.NoteSnapshot.__table__, models.ExportRow.__table__
    comment, message = models.Comment.__table__, models.Message.__table__
    interactions = (func.coalesce(note.c.likes, 0) + func.coalesce(note.c.collects, 0)
                    + func.coalesce(note.c.comments, 0))
    with engine.connect() as conn:
        top = list(conn.execute(select(note.c.title).where(note.c.platform == "xhs")
                                .order_by(interactions.desc()).limit(5)).scalars())
        waiting = conn.execute(select(func.count()).select_from(export)
                               .where(export.c.matched_note_key.is_(None))).scalar_one()
        with_views = conn.execute(select(func.count()).select_from(snap).where(snap.c.views.is_not(None),
                                  snap.c.platform == "xhs")).scalar_one()
        texts = list(conn.execute(select(comment.c.text)).scalars()) + list(
            conn.execute(select(message.c.text)).scalars())
        unlinked_dms = conn.execute(select(func.count()).select_from(message)
                                    .where(message.c.account_key.startswith("name:"))).scalar_one()
        brand = conn.execute(select(func.count()).select_from(comment)
                             .where(comment.c.is_brand_reply.is_(True))).scalar_one()
    assert any("五一" in t for t in top)
    assert waiting == 3 and with_views > 100
    mobile = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
    assert not [t for t in texts if t and mobile.search(re.sub(r"[\s-]", "", t))]
    assert unlinked_dms == 0 and brand > 100
    again = ingest_paths(engine, [demo_dir])
    assert sum(r.new + r.updated for r in again) == 0
