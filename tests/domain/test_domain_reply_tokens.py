"""Reply tokens: a desk answer's thread found again from the resident's reply."""

from __future__ import annotations

from heka_asoy.domain import reply_tokens as rt
from heka_asoy.domain.contacts import ASOY_DESK_EMAIL


def test_a_token_survives_the_reply_address_and_the_subject():
    """Is the token read back from the sub-address and from a replied subject, and only from
    the desk's own address?"""
    token = rt.new_token()
    assert rt.is_token(token)
    assert len(token) == rt.LENGTH
    address = rt.reply_address(ASOY_DESK_EMAIL, token)
    assert address == f"asiakaspalvelu.asoyasunnot+{token}@hekaoy.fi"
    assert rt.token_in_address(address.upper(), ASOY_DESK_EMAIL) == token
    assert rt.token_in_address(f"someone+{token}@hekaoy.fi", ASOY_DESK_EMAIL) is None
    assert (
        rt.token_in_address(f"asiakaspalvelu.asoyasunnot+{token}@evil.example", ASOY_DESK_EMAIL)
        is None
    )
    assert rt.token_in_address(ASOY_DESK_EMAIL, ASOY_DESK_EMAIL) is None
    assert (
        rt.token_in_address("asiakaspalvelu.asoyasunnot+short@hekaoy.fi", ASOY_DESK_EMAIL) is None
    )
    subject = rt.tag_subject("Vuokranmaksu", token)
    assert subject == f"Vuokranmaksu [#{token}]"
    assert rt.tag_subject(f"Re: {subject}", token) == f"Re: {subject}"  # tagged once
    assert rt.token_in_subject(f"VS: Re: {subject}") == token
    assert rt.token_in_subject("Vuokranmaksu [#abc]") is None
    assert rt.token_in_subject("") is None


def test_tokens_are_random_and_without_look_alikes():
    tokens = {rt.new_token() for _ in range(200)}
    assert len(tokens) == 200
    assert not set("".join(tokens)) & set("01lo")
