"""E-mail addresses as shown back to a person."""

from __future__ import annotations


def mask_email(address: str) -> str:
    """Enough of an address for its owner to recognise it, not enough to read it off a screen:
    the first and last character of the local part and the domain, e.g. ``m***a@example.fi``."""
    local, at, domain = (address or "").partition("@")
    if not at:
        return "***"
    shown = local[0] + "***" + local[-1] if len(local) > 2 else local[:1] + "***"
    return f"{shown}@{domain}"
