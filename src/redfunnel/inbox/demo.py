"""Demo step: build the inbox from the demo world's comments and DMs, classified and escalated.

It also shows the article's service questions — original receipts, consumer-loan applications,
积存金 to physical gold fees, asked as inquiries or (消费贷怎么申请呀) as leads — with the FAQ
entries suggested for them, and walks three replies
through the checks: an approved FAQ answer that is sent, a reply asking for a card number and
验证码 that is blocked, and a complaint reply routed to compliance approval.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from redfunnel.access import Scope
from redfunnel.demo.world import DEMO_NOW
from redfunnel.inbox.faq import FaqIndex, approved_entries
from redfunnel.inbox.models import InboxThread
from redfunnel.inbox.policy import load_policy
from redfunnel.inbox.replies import draft_reply
from redfunnel.inbox.threads import build_threads

ACTOR = "demo-operator"
# The article's three kinds of DM question, with the demo FAQ entry that answers each.
ARTICLE_QUESTIONS = {
    "bill_receipt": ("原始票据/电子回单", "FAQ-001"),
    "loan_apply": ("消费贷申请", "FAQ-005"),
    "gold": ("积存金兑换实物黄金费用", "FAQ-013"),
}
_MARKERS = {"bill_receipt": ("原始票据", "回单"), "loan_apply": ("消费贷",), "gold": ("积存金",)}


def run(engine: Engine, *, data_dir: Path, home: Path, seed: int) -> dict[str, Any]:
    policy = load_policy(home)
    counts = build_threads(engine, policy=policy, now=DEMO_NOW, actor=ACTOR)
    index = FaqIndex(approved_entries(engine))
    thread = InboxThread.__table__
    article: dict[str, Any] = {}
    with engine.connect() as conn:
        rows = conn.execute(select(thread.c.id, thread.c.topic, thread.c.text, thread.c.intent,
                                   thread.c.channel)
                            .where(thread.c.topic.in_(list(ARTICLE_QUESTIONS)),
                                   thread.c.intent.in_(("inquiry", "lead")))
                            .order_by(thread.c.id)).all()
    for topic, (label, expected) in ARTICLE_QUESTIONS.items():
        matching = [r for r in rows if r.topic == topic and r.text
                    and any(m in r.text for m in _MARKERS[topic])]
        hits = 0
        example = None
        for r in matching:
            keys = [s.faq_key for s in index.suggest(r.text, k=3)]
            hits += expected in keys
            if example is None and r.channel == "dm":
                example = {"thread": r.id, "text": r.text, "suggested": keys}
        article[topic] = {"label": label, "threads": len(matching), "expected_faq": expected,
                          "top3_hits": hits, "example": example}
    scope = Scope.everything()
    replies: dict[str, Any] = {}
    with engine.connect() as conn:
        inquiry = conn.execute(select(thread.c.id).where(thread.c.topic == "gold",
                                                         thread.c.intent == "inquiry",
                                                         thread.c.state == "new")
                               .order_by(thread.c.id).limit(1)).scalar()
        complaint = conn.execute(select(thread.c.id).where(thread.c.intent == "complaint",
                                                           thread.c.account_id.is_not(None),
                                                           thread.c.channel == "dm")
                                 .order_by(thread.c.id).limit(1)).scalar()
    if inquiry is not None:
        sent = draft_reply(engine, scope, inquiry, actor=ACTOR, faq_key="FAQ-013", now=DEMO_NOW)
        blocked = draft_reply(engine, scope, inquiry, actor=ACTOR, now=DEMO_NOW,
                              text="您好，请私信发一下您的卡号和收到的验证码，我们帮您查询。")
        replies["faq_reply"] = {"thread": inquiry, "status": sent["status"]}
        replies["blocked_reply"] = {"thread": inquiry, "status": blocked["status"],
                                    "reasons": [r["code"] for r in blocked["blocked_reasons"] or []]}
    if complaint is not None:
        pending = draft_reply(engine, scope, complaint, actor=ACTOR, now=DEMO_NOW,
                              text="非常抱歉给您带来不便，您反映的问题已转交消费者权益保护部门核实，"
                                   "工作人员将在规定时限内与您联系。")
        replies["complaint_reply"] = {"thread": complaint, "status": pending["status"],
                                      "approval_ref": pending["approval_ref"]}
    return {"threads": counts, "article_questions": article, "replies": replies}
