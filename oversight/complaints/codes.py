"""Complaint references and tracking codes: short, unambiguous, easy to read aloud."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from werkzeug.security import check_password_hash, generate_password_hash

# Crockford's base 32: no I, L, O or U, so nothing is mistaken for 1, 0 or V.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
REFERENCE_PREFIX = "FR"
REFERENCE_LENGTH = 8  # characters after the prefix
# Hash of a code nobody holds, checked when a reference is unknown so that a wrong
# reference and a wrong code take the same time.
_HASH_METHOD = "scrypt"
_DUMMY_HASH = generate_password_hash("not-a-tracking-code", method=_HASH_METHOD)


def configure(method: str) -> None:
    """Set the hashing method (the tests use a cheap one; production keeps scrypt)."""
    global _HASH_METHOD, _DUMMY_HASH
    _HASH_METHOD = method
    _DUMMY_HASH = generate_password_hash("not-a-tracking-code", method=method)


def _group(chars: str) -> str:
    return "-".join(chars[i : i + 4] for i in range(0, len(chars), 4))


def new_reference() -> str:
    """A fresh reference such as FR-7KQM-2XPD."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(REFERENCE_LENGTH))
    return f"{REFERENCE_PREFIX}-{_group(chars)}"


def normalise_reference(text: str) -> str:
    """Accept a reference however it was typed: any case, spaces, dashes or none, with
    or without the prefix (a reference typed without it may itself begin with FR)."""
    chars = _clean(text)
    if chars.startswith(REFERENCE_PREFIX) and len(chars) > REFERENCE_LENGTH:
        chars = chars[len(REFERENCE_PREFIX) :]
    return f"{REFERENCE_PREFIX}-{_group(chars)}" if chars else ""


def tracking_code_for(secret_key: str, draft_token: str) -> str:
    """The tracking code of the complaint made from a draft.

    It is derived from the draft's secret token, so every submit of the same draft
    (a double click, a refresh, a second tab) shows the same code; only its hash is stored.
    """
    digest = hmac.new(secret_key.encode(), b"tracking-code:" + draft_token.encode(), hashlib.sha256)
    chars = "".join(ALPHABET[byte % len(ALPHABET)] for byte in digest.digest()[:12])
    return _group(chars)


def new_tracking_code() -> str:
    """A fresh random tracking code, for complaints logged by staff."""
    return _group("".join(secrets.choice(ALPHABET) for _ in range(12)))


def normalise_tracking_code(text: str) -> str:
    return _group(_clean(text))


def hash_tracking_code(code: str) -> str:
    return generate_password_hash(normalise_tracking_code(code), method=_HASH_METHOD)


def check_tracking_code(stored_hash: str | None, code: str) -> bool:
    """True if `code` matches; with no stored hash, spend the same time and say no."""
    matched = check_password_hash(stored_hash or _DUMMY_HASH, normalise_tracking_code(code))
    return matched and stored_hash is not None


def _clean(text: str) -> str:
    kept = "".join(c for c in text.upper().translate(_CONFUSABLE) if c.isalnum())
    return kept
