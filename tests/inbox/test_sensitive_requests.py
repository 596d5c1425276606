"""The detector of text asking for sensitive data: requests in any order, not safety warnings."""

from __future__ import annotations

import pytest

from redfunnel.privacy.requests import asks_for_sensitive_data, find_sensitive_requests


@pytest.mark.parametrize(("text", "kinds"), [
    ("请私信提供您的银行卡号和验证码，我们帮您查询", {"card_number", "verification_code"}),
    ("卡号发一下", {"card_number"}),
    ("您的验证码是多少", {"verification_code"}),
    ("把身份证正反面拍照发过来", {"id_photo"}),
    ("加v帮你代办，提供身份证照片即可", {"id_photo"}),
    ("请告诉我们您的取款密码", {"password"}),
    ("麻烦报一下卡背面后三位", {"card_security_code"}),
    ("请在评论区留下你的身份证号", {"id_number"}),
    ("请提供您的ＣＶＶ", {"card_security_code"}),  # full-width letters are folded
])
def test_requests_are_found(text: str, kinds: set[str]) -> None:
    assert {r.kind for r in find_sensitive_requests(text)} == kinds


@pytest.mark.parametrize("text", [
    "我行不会向您索要验证码",
    "请勿向任何人提供密码",
    "凡是索要验证码的都是诈骗",
    "验证码不要告诉别人",
    "请携带身份证到网点办理",
    "在手机银行输入交易密码即可完成",
    "验证码收不到怎么办",
    "密码忘了怎么重置",
    "为保护您的信息安全，请不要在评论区公开卡号、手机号、身份证号等个人信息哦",
    "",
])
def test_warnings_and_instructions_are_not_requests(text: str) -> None:
    assert not asks_for_sensitive_data(text)


def test_offsets_point_at_the_requested_object() -> None:
    text = "您好！请私信提供您的银行卡号"
    (found,) = find_sensitive_requests(text)
    assert text[found.start:found.end] == "银行卡号"
    assert found.label == "银行卡号"
