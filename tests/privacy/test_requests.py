"""Requests for sensitive data: public-destination cues, negation over coordinated cues, and the
leading reply address that is not a cue."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redfunnel.privacy import requests
from redfunnel.privacy.requests import find_sensitive_requests


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("请把卡号和手机号发到评论区，我们帮您查", "card_number"),
        ("把你的银行卡号贴出来看看是哪个网点的卡", "card_number"),
        ("身份证号发在评论区就行", "id_number"),
        ("验证码贴到这里，我帮你看看", "verification_code"),
        ("回复：请提供卡号", "card_number"),
        ("回复@小鱼：您的验证码是多少", "verification_code"),
    ],
)
def test_requests_are_found(text: str, kind: str) -> None:
    hits = find_sensitive_requests(text)
    assert [h.kind for h in hits] == [kind]


@pytest.mark.parametrize(
    "text",
    [
        "您好，我行工作人员不会以任何理由要求您提供验证码、密码。",
        "我们不会以任何理由要求您提供验证码或卡号，请注意防范。",
        "银行不会通过电话或短信索要您的卡号、密码和验证码",
        "回复：请保管好验证码",
        "回复@阿杰：卡号已经帮您挂失了",
        "私信回复：密码请在手机银行自行修改",
    ],
)
def test_safe_replies_are_not_requests(text: str) -> None:
    assert find_sensitive_requests(text) == []


def test_offsets_point_into_the_original_text_after_an_address() -> None:
    text = "回复@小鱼：把卡号发到评论区"
    (hit,) = find_sensitive_requests(text)
    assert text[hit.start : hit.end] == "卡号"


@given(st.text(alphabet="身份证件號码号手机银行密卡背安全有效期验短信动态校收到的完整储蓄借记社保工资账面正反照片拍cvCVotpOTPapAP和 ，", max_size=30))
def test_object_anchors_find_every_object(text: str) -> None:
    anchors = [m.start() for m in requests._OBJECT_ANCHOR_RE.finditer(text)]
    has_object = requests._OBJECT_RE.search(text) is not None
    assert requests._names_an_object(text, anchors) == has_object
    # find_sensitive_requests skips clauses holding no anchor word: they hold no object either.
    assert anchors or not has_object
