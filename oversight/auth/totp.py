"""Time-based one-time passwords (RFC 6238): enrolment and one-use verification."""

from __future__ import annotations

import time

import pyotp
import segno

ISSUER = "Facial Recognition Oversight Register"
STEP_SECONDS = 30
# Accept the code of the step before and after, for clocks a little out.
DRIFT_STEPS = 1


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_svg_data_uri(uri: str) -> str:
    """The enrolment QR code as an SVG data URI, to show in an <img>."""
    return str(segno.make(uri, error="m").svg_data_uri(scale=5, border=4))


def matching_step(
    secret: str, code: str, last_step: int | None, now: float | None = None
) -> int | None:
    """The time step the code belongs to, if it is valid and newer than last_step.

    A code is refused once its step, or a later one, has been used: no code works twice.
    """
    code = "".join(code.split())
    if len(code) != 6 or not code.isdigit():
        return None
    moment = time.time() if now is None else now
    totp = pyotp.TOTP(secret)
    current = int(moment // STEP_SECONDS)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if last_step is not None and step <= last_step:
            continue
        if pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return step
    return None
