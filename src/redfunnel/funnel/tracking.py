"""Tracking codes: issuing them, carrying them in links and QR codes, and joining conversions.

Xiaohongshu allows no outbound links in most notes, so banks carry a short code that readers
type into the app (口令) or scan (QR on an image); the bank's systems log it with every click,
lead, application and approval (the conversions CSV). A code registered here says which note,
campaign, account, channel and product it stands for, so conversions join to all of them.

Codes already in use are *discovered* rather than re-issued: an ``RF-…`` code in a note body is
that note's code, and a spend campaign id that also appears on conversions is that campaign's.
"""

from __future__ import annotations

import re
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from sqlalchemy import Engine, Select, and_, func, literal, or_, select

from redfunnel.access import Scope
from redfunnel.funnel.models import TrackingCode
from redfunnel.store.audit import append_event
from redfunnel.store.models import Account, Campaign, Conversion, Note, Spend

__all__ = [
    "CODE_PATTERN", "IssuedCode", "TrackingError", "issue_code", "link_parameters",
    "discover_codes", "joined_conversions", "list_codes", "scope_condition",
]

CODE_PATTERN = re.compile(r"\bRF-[A-Z]{2,5}-[A-HJ-KM-NP-Z2-9]{4,10}\b")
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: codes are typed by hand
_PREFIX = {"xhs": "XHS", "xhs_juguang": "XHS", "wechat": "WX", "douyin": "DY"}
_UTM_SOURCE = {"xhs": "xiaohongshu", "xhs_juguang": "xiaohongshu", "wechat": "wechat",
               "douyin": "douyin"}

codes_table = TrackingCode.__table__
conversions_table = Conversion.__table__


class TrackingError(ValueError):
    """A code request that cannot be honoured (unknown note or campaign, duplicate code)."""


@dataclass(frozen=True)
class IssuedCode:
    """A registered code with the parameters to put in its link and QR code."""

    code: str
    note_key: str | None
    campaign_key: str | None
    account_key: str | None
    channel: str | None
    product: str | None
    url: str | None
    qr_payload: str
    params: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "note_key": self.note_key, "campaign_key": self.campaign_key,
                "account_key": self.account_key, "channel": self.channel, "product": self.product,
                "url": self.url, "qr_payload": self.qr_payload, "params": self.params}


def link_parameters(code: str, *, channel: str | None, campaign_key: str | None,
                    note_key: str | None, landing_url: str | None) -> tuple[dict[str, str], str | None, str]:
    """UTM-style query parameters, the landing URL carrying them, and the QR payload string.

    The QR payload is the full URL when there is a landing page, else ``rf_code=<code>`` — a
    string any QR generator (or the bank's app) can encode; no image is produced here.
    """
    params = {"rf_code": code, "utm_source": _UTM_SOURCE.get(channel or "", channel or "other"),
              "utm_medium": "note" if note_key else "campaign"}
    if campaign_key:
        params["utm_campaign"] = campaign_key
    if note_key:
        params["utm_content"] = note_key
    url = None
    if landing_url:
        parts = urlsplit(landing_url)
        query = "&".join(q for q in (parts.query, urlencode(params)) if q)
        url = urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))
    return params, url, url or urlencode({"rf_code": code})


def _new_code(channel: str | None, taken: set[str]) -> str:
    prefix = _PREFIX.get(channel or "", "CMP")
    while True:
        code = f"RF-{prefix}-{''.join(secrets.choice(_ALPHABET) for _ in range(6))}"
        if code not in taken:
            return code


def issue_code(
    engine: Engine, *, note_key: str | None = None, campaign_key: str | None = None,
    channel: str | None = None, product: str | None = None, landing_url: str | None = None,
    code: str | None = None, actor: str = "cli",
) -> IssuedCode:
    """Register a new code for a note and/or campaign (audited) and return its link parameters."""
    if not note_key and not campaign_key:
        raise TrackingError("请指定笔记（--note）或活动（--campaign）")
    with engine.begin() as conn:
        account_key = platform = None
        if note_key:
            row = conn.execute(select(Note.__table__.c.platform, Note.__table__.c.account_key)
                               .where(Note.__table__.c.note_key == note_key)).first()
            if row is None:
                raise TrackingError(f"库中没有笔记 {note_key}（请先导入该笔记）")
            platform, account_key = row.platform, row.account_key
            channel = channel or platform
        if campaign_key and channel is None:
            channel = conn.execute(select(Campaign.__table__.c.channel)
                                   .where(Campaign.__table__.c.campaign_key == campaign_key)).scalar()
        taken = set(conn.execute(select(codes_table.c.code)).scalars())
        if code is not None and code in taken:
            raise TrackingError(f"追踪码 {code} 已存在")
        code = code or _new_code(channel, taken)
        params, url, qr = link_parameters(code, channel=channel, campaign_key=campaign_key,
                                          note_key=note_key, landing_url=landing_url)
        conn.execute(codes_table.insert().values(
            code=code, platform=platform, note_key=note_key, campaign_key=campaign_key,
            account_key=account_key, channel=channel, product=product, landing_url=landing_url,
            origin="issued", params=params, created_at=datetime.now(UTC).replace(microsecond=0),
            created_by=actor))
        append_event(conn, actor, "tracking_code.issue", "tracking_code", code,
                     {"note_key": note_key, "campaign_key": campaign_key, "channel": channel,
                      "product": product})
    return IssuedCode(code, note_key, campaign_key, account_key, channel, product, url, qr, params)


def discover_codes(engine: Engine, actor: str = "system") -> dict[str, int]:
    """Register codes found in note bodies and spend campaign ids that conversions carry.

    A note body code (``RF-XXX-…``) makes a note code; a spend line whose campaign id is a code
    seen on conversions makes a campaign code, linked to the promoted note when the line names
    one. The product is the one most conversions of the code report. Existing codes are left
    as they are; the number of new codes per kind is returned (and audited).
    """
    n_tab, s_tab = Note.__table__, Spend.__table__
    with engine.begin() as conn:
        known = set(conn.execute(select(codes_table.c.code)).scalars())
        products: dict[str, Counter[str]] = {}
        for code, product, n in conn.execute(
                select(conversions_table.c.tracking_code, conversions_table.c.product, func.count())
                .group_by(conversions_table.c.tracking_code, conversions_table.c.product)):
            products.setdefault(code, Counter())[product] += n
        channels = dict(conn.execute(
            select(conversions_table.c.tracking_code, func.max(conversions_table.c.channel))
            .group_by(conversions_table.c.tracking_code)).all())
        rows: dict[str, dict[str, Any]] = {}
        body_like = or_(n_tab.c.body.like("%RF-%"), n_tab.c.title.like("%RF-%"))
        for note in conn.execute(select(n_tab.c.note_key, n_tab.c.platform, n_tab.c.account_key,
                                        n_tab.c.title, n_tab.c.body).where(body_like)):
            for code in CODE_PATTERN.findall(f"{note.title or ''}\n{note.body or ''}"):
                if code in known or code in rows:
                    continue
                rows[code] = {"code": code, "platform": note.platform, "note_key": note.note_key,
                              "account_key": note.account_key, "channel": note.platform,
                              "campaign_key": None}
        spend_codes = conn.execute(
            select(s_tab.c.campaign_key, func.max(s_tab.c.channel), func.max(s_tab.c.note_key))
            .where(s_tab.c.campaign_key.in_(select(conversions_table.c.tracking_code).distinct()))
            .group_by(s_tab.c.campaign_key)).all()
        for code, channel, note_key in spend_codes:
            if code in known:
                continue
            entry = rows.setdefault(code, {"code": code, "platform": None, "note_key": None,
                                           "account_key": None, "channel": channel})
            entry["campaign_key"] = code
            entry["channel"] = channel  # paid promotion of a note counts under the paid channel
            if note_key and not entry.get("note_key"):
                note = conn.execute(select(n_tab.c.platform, n_tab.c.account_key)
                                    .where(n_tab.c.note_key == note_key)).first()
                entry["note_key"] = note_key
                entry["platform"] = note.platform if note else "xhs"
                entry["account_key"] = note.account_key if note else None
        now = datetime.now(UTC).replace(microsecond=0)
        for entry in rows.values():
            counts = products.get(entry["code"])
            entry["product"] = counts.most_common(1)[0][0] if counts else None
            entry["channel"] = entry.get("channel") or channels.get(entry["code"])
            params, _, _ = link_parameters(entry["code"], channel=entry["channel"],
                                           campaign_key=entry.get("campaign_key"),
                                           note_key=entry.get("note_key"), landing_url=None)
            entry.update(origin="discovered", params=params, created_at=now, created_by=actor,
                         landing_url=None)
        if rows:
            conn.execute(codes_table.insert(), list(rows.values()))
        summary = {"note_codes": sum(1 for r in rows.values() if r.get("note_key")),
                   "campaign_codes": sum(1 for r in rows.values() if r.get("campaign_key")),
                   "new_codes": len(rows)}
        if rows:
            append_event(conn, actor, "tracking_code.discover", "tracking_code", None, summary)
    return summary


def scope_condition(scope: Scope | None) -> Any:
    """Condition on ``tracking_code.account_key`` for a restricted scope (or ``None``)."""
    if scope is None or scope.unrestricted:
        return None
    acc = Account.__table__
    return codes_table.c.account_key.in_(select(acc.c.account_key).where(scope.where(acc.c.id)))


def joined_conversions(scope: Scope | None = None) -> Select[Any]:
    """Conversions joined to their code's note, campaign, account, channel and product.

    Unregistered codes still appear (campaign and note unknown, channel from the conversion
    row) so nothing is silently dropped; a restricted scope keeps only codes of its accounts.
    """
    c, t = conversions_table, codes_table
    query = select(
        c.c.conversion_key, c.c.tracking_code, c.c.stage, c.c.product.label("conv_product"),
        c.c.value, c.c.occurred_at,
        func.coalesce(t.c.channel, c.c.channel, literal("unknown")).label("channel"),
        t.c.note_key, t.c.campaign_key, t.c.account_key, t.c.platform,
        func.coalesce(t.c.product, c.c.product).label("product"),
    ).select_from(c.outerjoin(t, t.c.code == c.c.tracking_code))
    cond = scope_condition(scope)
    if cond is not None:
        query = query.where(and_(t.c.code.is_not(None), cond))
    return query


def list_codes(engine: Engine, scope: Scope | None = None) -> list[dict[str, Any]]:
    """Registered codes with their conversion counts by stage."""
    t, c = codes_table, conversions_table
    query = select(t).order_by(t.c.created_at, t.c.code)
    cond = scope_condition(scope)
    if cond is not None:
        query = query.where(cond)
    with engine.connect() as conn:
        codes = [dict(r._mapping) for r in conn.execute(query)]
        counts: dict[str, dict[str, int]] = {}
        for code, stage, n in conn.execute(select(c.c.tracking_code, c.c.stage, func.count())
                                           .group_by(c.c.tracking_code, c.c.stage)):
            counts.setdefault(code, {})[stage] = n
    for row in codes:
        row["stages"] = counts.get(row["code"], {})
        row.pop("id", None)
    return codes
