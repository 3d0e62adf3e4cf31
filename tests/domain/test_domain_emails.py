"""Masking an e-mail address for display."""

from __future__ import annotations

import pytest

from heka_asoy.domain.emails import mask_email


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("maija.lahtinen@example.fi", "m***n@example.fi"),
        ("ab@example.fi", "a***@example.fi"),
        ("a@example.fi", "a***@example.fi"),
        ("not-an-address", "***"),
        ("", "***"),
    ],
)
def test_mask_email(address, masked):
    """Does the mask keep the first and last character and the domain, and hide the rest?"""
    assert mask_email(address) == masked
    if "@" in address:
        assert address.split("@")[0] not in masked or len(address.split("@")[0]) == 1
