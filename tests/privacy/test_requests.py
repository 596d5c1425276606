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
        # English and mixed-language requests (a desk serving foreigners)
        ("Pls send me your full card number so I can check", "card_number"),
        ("ok pls tell me the 6 digit code now, system waiting", "verification_code"),
        ("Just reply with the 短信码 you received and we finish it", "verification_code"),
        ("Send me your 网银 login password and I reset the limit", "password"),
        ("what is the three-digit number on the back of your card?", "card_security_code"),
        ("you can WeChat me your passport photo first", "id_photo"),
        ("方便的话把你的 passport number 留在评论区", "id_number"),
        ("麻烦把护照号发我一下", "id_number"),
        ("您把刚刚收到的6位数字发我一下", "verification_code"),
        ("麻烦send一下你的card number", "card_number"),
        ("密码您就跟俺说，俺给您重置", "password"),
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
        "We will never ask for your password or verification code.",
        "Never send your card number to anyone who calls you.",
        "Please enter the verification code in our official app.",
        "please DM us with your question (no card no. or code needed)",
        "@Jack 不用发护照号哦，开户进度我们私信跟你确认",
        "Please reply to this message within 3 days if you want us to keep your account number on file",
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


@pytest.mark.parametrize(
    "text",
    [
        "complete card number", "three-digit number on the back", "3 numbers at the back",
        "online banking password", "atm password", "the code you just got", "six-digit code",
        "residence permit photo", "passport scan", "exp. date", "security code", "one-time pin",
        "sms code", "account number", "id card copy", "PIN",
    ],
)
def test_english_objects_hold_an_anchor_within_reach(text: str) -> None:
    anchors = [m.start() for m in requests._OBJECT_ANCHOR_RE.finditer(text)]
    assert requests._OBJECT_RE.search(text) is not None
    assert requests._names_an_object(text, anchors)
