"""Demo complaints for the embedded default, so a new install has something to show."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from oversight.complaints import services as complaints
from oversight.models import utcnow

DEMO = [
    (
        "demo-1",
        "DEMO-TRAK-0001",
        {
            "technology": "lfr",
            "force": "metropolitan",
            "incident_date": "2026-10-03",
            "incident_date_approximate": False,
            "place": "Outside Oxford Circus station, London",
            "what_happened": "A van with cameras was parked by the station. Officers stopped me and said I matched someone on a watchlist. I showed my ID and they let me go after 20 minutes.",
            "concerns": ["misidentification", "stopped_after_alert", "no_notice"],
            "relation": "subject",
            "outcome_wanted": "An apology and confirmation that my image has been deleted.",
            "wants_contact": "yes",
            "name": "Sam Example",
            "email": "sam@example.com",
            "phone": None,
            "preferred_contact": "email",
            "accessibility_needs": None,
            "consent_to_share": "yes",
        },
    ),
    (
        "demo-2",
        "DEMO-TRAK-0002",
        {
            "technology": "rfr",
            "force": "unknown",
            "incident_date": "2026-09-01",
            "incident_date_approximate": True,
            "place": "Online",
            "what_happened": "I believe a photo from my social media was searched against police databases after a protest.",
            "concerns": ["image_source", "protest_or_event", "retention"],
            "relation": "subject",
            "outcome_wanted": "To know whether my image was searched and to have it deleted.",
            "wants_contact": "no",
        },
    ),
    (
        "demo-3",
        "DEMO-TRAK-0003",
        {
            "technology": "oifr",
            "force": "south-wales",
            "incident_date": "2026-11-02",
            "incident_date_approximate": False,
            "place": "Queen Street, Cardiff",
            "what_happened": "An officer took a photo of a teenager on a phone app and checked it against a database over a minor matter.",
            "concerns": ["minor_or_non_crime", "officer_conduct"],
            "relation": "witness",
            "outcome_wanted": "A review of when officers may use the app.",
            "wants_contact": "yes",
            "name": "Alex Example",
            "email": None,
            "phone": "07700 900 982",
            "preferred_contact": "phone",
            "accessibility_needs": "Please call after 5pm.",
            "consent_to_share": "no",
        },
    ),
]


class NotForProduction(RuntimeError):
    """Demo data asked for where real data lives."""


def seed(config: Any) -> list[tuple[str, str]]:
    """Add the demo complaints not yet present; return their references and codes."""
    if config["ENV_NAME"] == "production":
        raise NotForProduction("Demo data is not for production")
    made = []
    targets = complaints.Targets(
        config["ACKNOWLEDGE_WORKING_DAYS"],
        config["TRIAGE_WORKING_DAYS"],
        config["DECISION_WORKING_DAYS"],
    )
    for index, (key, code, answers) in enumerate(DEMO):
        if complaints.find_by_submission(key) is not None:
            continue
        complaint = complaints.create_complaint(
            answers,
            tracking_code=code,
            received_at=utcnow() - timedelta(days=3 - index),
            targets=targets,
            submission_key=key,
            actor="demo",
        )
        made.append((complaint.reference, code))
    return made


# Demo staff: for the embedded default only (seed refuses production). The TOTP secret
# is fixed so that anyone trying the demo can add it to an authenticator app.
STAFF_PASSWORD = "demo password for staff"  # noqa: S105  (demo only; seed refuses production)
STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105  (demo only)
STAFF = [
    ("caseworker@demo.example.com", "Casey Worker", "caseworker"),
    ("senior@demo.example.com", "Sam Senior", "senior_caseworker"),
    ("statistician@demo.example.com", "Stella Statistician", "statistician"),
    ("publisher@demo.example.com", "Pat Publisher", "publisher"),
    ("admin@demo.example.com", "Ada Administrator", "administrator"),
]


def seed_staff(config: Any) -> list[str]:
    """Add the demo staff accounts not yet present, enrolled with the demo TOTP secret."""
    from oversight.auth import services as accounts
    from oversight.auth.models import Role

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
