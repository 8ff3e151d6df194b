"""The demo staff: one account per role, and a second senior caseworker (so that a
senior's own case, and a review, can be signed off by someone else), each enrolled with
a fixed TOTP secret."""

from __future__ import annotations

from typing import Any

from oversight.auth import services as accounts
from oversight.auth.models import Role, User
from oversight.demo import NotForProduction
from oversight.models import utcnow

# Demo staff: for the embedded default only (seed refuses production). The TOTP secret
# is fixed so that anyone trying the demo can add it to an authenticator app.
STAFF_PASSWORD = "demo password for staff"  # noqa: S105  (demo only; seed refuses production)
STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105  (demo only)
STAFF = [
    ("caseworker@demo.example.com", "Casey Worker", "caseworker"),
    ("senior@demo.example.com", "Sam Senior", "senior_caseworker"),
    ("reviewer@demo.example.com", "Robin Reviewer", "senior_caseworker"),
    ("statistician@demo.example.com", "Stella Statistician", "statistician"),
    ("publisher@demo.example.com", "Pat Publisher", "publisher"),
    ("admin@demo.example.com", "Ada Administrator", "administrator"),
    ("rights@demo.example.com", "Ira Rights", "information_rights"),
]


def seed_staff(config: Any) -> list[str]:
    """Add the demo staff accounts not yet present, enrolled with the demo TOTP secret."""
    if config["ENV_NAME"] == "production":
        raise NotForProduction("Demo data is not for production")
    made = []
    for email, name, role in STAFF:
        if accounts.find_by_email(email) is not None:
            continue
        user = accounts.create_user(email, name, {Role(role)}, STAFF_PASSWORD, actor="demo")
        user.totp_secret = STAFF_TOTP_SECRET
        user.totp_confirmed_at = utcnow()
        made.append(email)
    return made


# The second senior caseworker, asked for by name (demo_accounts).
REVIEWER = "reviewer"


def demo_accounts(config: Any, *roles: str) -> list[User]:
    """The demo staff accounts holding `roles` (the first account with each role, or
    REVIEWER for the second senior caseworker), in that order (made if the staff seed
    has not run)."""
    emails = [_email(wanted) for wanted in roles]
    people = [accounts.find_by_email(email) for email in emails]
    if None in people:
        seed_staff(config)
        people = [accounts.find_by_email(email) for email in emails]
    if None in people:
        raise RuntimeError(f"The demo {' and '.join(roles)} accounts could not be made")
    return [person for person in people if person is not None]


def _email(wanted: str) -> str:
    if wanted == REVIEWER:
        return f"{REVIEWER}@demo.example.com"
    return next(email for email, _, role in STAFF if role == wanted)
