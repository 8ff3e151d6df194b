"""Demo complaints for the embedded default, so a new install has something to show."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from oversight.auth.models import User
from oversight.casework import services as casework
from oversight.casework.states import ClosureReason, ReferralBody
from oversight.complaints import services as complaints
from oversight.complaints.enums import Channel, Concern, Finding, LinkKind, Priority, Status
from oversight.complaints.models import Complaint
from oversight.models import utcnow
from oversight.notify import services as notify
from oversight.workdays import local_date

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


# The rest of the demo queue: what people complain about, where, and how far each case
# has got. Every case is made and worked through the real services, so its timeline,
# audit events and messages are what a caseworker would have left. (The services stamp
# each step with the time the demo is loaded; the receipt dates are spread back, and each
# acknowledgement is dated at its complaint's receipt.)
# technology | concerns | relation | what happened | outcome wanted
STORIES = [
    "lfr | misidentification stopped_after_alert | subject | Cameras on a police van flagged me as a match for someone wanted. Officers held my arms and searched my bag before checking my ID. It was not me. | An apology, and my image deleted.",
    "lfr | no_notice | passer_by | There was a facial recognition van on the street but I saw no signs until I had already walked past it. | Clear signs before anyone reaches the cameras.",
    "lfr | protest_or_event watchlist | third_party | Live facial recognition was used at a peaceful protest. We want to know who was on the watchlist and why. | The watchlist criteria made public.",
    "lfr | discrimination stopped_after_alert | subject | I was stopped after an alert. Everyone I saw being stopped was a young black man. | An explanation of how the system was tested for bias.",
    "rfr | image_source retention | subject | I was told a photo from my social media profile was searched against the custody database after a fight I was not part of. | To know where the photo came from, and to have it deleted.",
    "rfr | image_source data_sharing | subject | Police took footage from a neighbour's doorbell camera and ran my face through their system. | Confirmation that the footage has been destroyed.",
    "rfr | misidentification | subject | A search of shop CCTV matched me to a theft. I was interviewed under caution before they accepted it was not me. | My details removed from the investigation.",
    "oifr | minor_or_non_crime officer_conduct | witness | An officer photographed a teenager with a phone app because he was cycling on the pavement. | A review of when officers may use the app.",
    "oifr | officer_conduct no_notice | subject | An officer pointed a phone at my face without saying why. When I asked, he said it was none of my business. | An apology and an explanation.",
    "other_biometric | retention data_sharing | subject | When I called the police I was told my voice might be kept for voice matching. | My voice recording deleted.",
    "not_sure | no_notice retention | passer_by | Cameras on poles at the station entrance seemed to pick out faces. Nobody could tell me what they were. | To know what the system was and how long images are kept.",
    "lfr | retention watchlist | subject | I was arrested years ago and never charged. I think my custody photo is still on the watchlist. | My custody image deleted.",
    "lfr | minor_or_non_crime protest_or_event | witness | Facial recognition cameras were used outside a football match to look for people banned from grounds. | Limits on its use at sports events.",
    "rfr | data_sharing other | third_party | A shopping centre shares its CCTV with the police, who search it with facial recognition. | A review of the data sharing agreement.",
    "lfr | misidentification officer_conduct | third_party | My 15-year-old son was stopped after an alert and kept for 40 minutes without an adult. | An apology to my son and a change of procedure.",
    "oifr | image_source | subject | Officers photographed me at a traffic stop and said it would be checked against all their databases. | To know which databases were searched.",
]
PLACES = {
    "metropolitan": [
        "Outside Croydon station, London",
        "Oxford Street, London",
        "Stratford Centre, London",
        "Notting Hill Carnival, London",
    ],
    "south-wales": [
        "Queen Street, Cardiff",
        "Outside the Principality Stadium, Cardiff",
        "Swansea city centre",
    ],
    "essex": ["Chelmsford High Street", "Southend seafront"],
    "west-midlands": ["The Bullring, Birmingham"],
    "greater-manchester": ["Piccadilly Gardens, Manchester"],
    "hampshire": ["Southampton city centre"],
    "northamptonshire": ["Northampton town centre"],
    "bedfordshire": ["Luton town centre"],
    "btp": ["King's Cross station, London"],
    "west-yorkshire": ["Briggate, Leeds"],
    "police-scotland": ["Buchanan Street, Glasgow"],
    "psni": ["Donegall Place, Belfast"],
    "unknown": ["Online", "I am not sure where the images were taken"],
}
PEOPLE = [
    ("Priya Shah", "email"),
    (None, None),
    ("Tom Evans", "phone"),
    ("Aisha Bello", "email"),
    (None, None),
    ("Gareth Jones", "email"),
]

# (days ago, story, force, channel, what happened next, who has it, priority)
# Scripts: received, triage, asked_in_triage, investigating, asked, replied, decided,
# closed, review, referred:<body>, out_of_remit, withdrawn, withdrawn_waiting,
# duplicate:<key>, vexatious. Who: casey, sam, assign (Sam gives it to Casey) or "".
PLAN = [
    (0, 1, "metropolitan", "web", "received", "", ""),
    (0, 10, "btp", "web", "received", "", ""),
    (1, 4, "unknown", "web", "received", "", ""),
    (1, 8, "south-wales", "phone", "received", "", ""),
    (2, 6, "essex", "web", "received", "", ""),
    (3, 13, "west-midlands", "email", "received", "", ""),
    (4, 2, "metropolitan", "web", "received", "", ""),
    (6, 9, "unknown", "post", "received", "", ""),
    (3, 3, "metropolitan", "web", "triage", "casey", ""),
    (5, 0, "south-wales", "web", "triage", "", ""),
    (7, 11, "bedfordshire", "web", "triage", "sam", ""),
    (9, 5, "hampshire", "email", "triage", "casey", ""),
    (12, 12, "south-wales", "web", "triage", "", ""),
    (18, 7, "northamptonshire", "web", "triage", "casey", ""),
    (24, 15, "essex", "phone", "triage", "sam", ""),
    (30, 1, "greater-manchester", "web", "triage", "", ""),
    (8, 4, "unknown", "web", "asked_in_triage", "casey", ""),
    (15, 13, "west-yorkshire", "web", "asked_in_triage", "sam", ""),
    (21, 9, "metropolitan", "email", "asked_in_triage", "casey", ""),
    (16, 14, "metropolitan", "web", "investigating", "casey", "urgent"),
    (22, 3, "metropolitan", "web", "investigating", "sam", "high"),
    (28, 0, "essex", "web", "investigating", "assign", ""),
    (35, 5, "unknown", "web", "investigating", "casey", ""),
    (44, 2, "south-wales", "post", "investigating", "sam", ""),
    (52, 6, "west-midlands", "web", "investigating", "casey", "high"),
    (63, 10, "btp", "web", "investigating", "assign", ""),
    (75, 12, "south-wales", "web", "investigating", "sam", ""),
    (95, 7, "hampshire", "web", "investigating", "casey", ""),
    (120, 0, "metropolitan", "web", "investigating", "sam", "urgent"),
    (40, 11, "essex", "web", "asked", "casey", ""),
    (58, 15, "bedfordshire", "phone", "asked", "sam", ""),
    (80, 4, "unknown", "web", "asked", "casey", ""),
    (47, 8, "northamptonshire", "web", "replied", "casey", ""),
    (70, 1, "metropolitan", "email", "replied", "sam", "high"),
    (65, 2, "essex", "web", "decided", "casey", ""),
    (78, 0, "south-wales", "web", "decided", "assign", "high"),
    (88, 13, "greater-manchester", "web", "decided", "casey", ""),
    (100, 5, "unknown", "web", "decided", "casey", ""),
    (90, 1, "metropolitan", "web", "closed", "casey", ""),
    (110, 9, "west-yorkshire", "web", "closed", "casey", ""),
    (130, 6, "hampshire", "post", "closed", "casey", ""),
    (140, 12, "south-wales", "web", "closed", "assign", ""),
    (150, 11, "metropolitan", "web", "closed", "casey", ""),
    (85, 14, "metropolitan", "web", "review", "casey", "urgent"),
    (105, 3, "south-wales", "web", "review", "casey", ""),
    (20, 8, "metropolitan", "web", "referred:iopc", "casey", ""),
    (26, 9, "unknown", "email", "referred:ico", "sam", ""),
    (33, 8, "west-midlands", "web", "referred:force_professional_standards", "casey", ""),
    (13, 0, "police-scotland", "web", "referred:pirc", "sam", ""),
    (19, 15, "psni", "phone", "referred:police_ombudsman_ni", "casey", ""),
    (11, 10, "unknown", "web", "out_of_remit", "sam", ""),
    (36, 13, "btp", "web", "out_of_remit", "casey", ""),
    (42, 11, "essex", "web", "withdrawn", "casey", ""),
    (55, 4, "unknown", "web", "withdrawn_waiting", "sam", ""),
    (2, 0, "metropolitan", "web", "duplicate:demo-1", "", ""),
    (10, 2, "metropolitan", "web", "duplicate:demo-10", "casey", ""),
    (60, 9, "unknown", "email", "vexatious", "sam", ""),
]
FINDINGS = [Finding.UPHELD, Finding.PARTLY_UPHELD, Finding.NOT_UPHELD, Finding.UNABLE_TO_DETERMINE]
RECOMMENDATIONS = {
    Concern.NO_NOTICE: "Put up signs at every entrance to the area the cameras cover.",
    Concern.MISIDENTIFICATION: "Check identity before any stop that follows an alert.",
    Concern.STOPPED_AFTER_ALERT: "Record every stop that follows an alert, and its result.",
    Concern.RETENTION: "Delete images of people not on the watchlist at once.",
    Concern.WATCHLIST: "Publish how people are chosen for a watchlist.",
    Concern.IMAGE_SOURCE: "Stop searching images taken from social media.",
}


def _answers(number: int, story: int, force: str) -> dict[str, Any]:
    technology, concerns, relation, what, outcome = STORIES[story].split(" | ")
    places = PLACES[force]
    name, contact = PEOPLE[number % len(PEOPLE)]
    answers: dict[str, Any] = {
        "technology": technology,
        "force": force,
        "incident_date": "",
        "incident_date_approximate": number % 5 == 0,
        "place": places[number % len(places)],
        "what_happened": what,
        "concerns": concerns.split(),
        "relation": relation,
        "outcome_wanted": outcome,
        "wants_contact": "yes" if name else "no",
    }
    if name:
        answers |= {
            "name": name,
            "email": f"{name.split()[0].lower()}@example.com" if contact == "email" else None,
            "phone": "07700 900 123" if contact == "phone" else None,
            "preferred_contact": contact,
            "consent_to_share": "yes" if number % 2 else "no",
        }
    return answers


def _make(
    number: int,
    days_ago: int,
    story: int,
    force: str,
    channel: str,
    targets: complaints.Targets,
    casey: User,
) -> tuple[Complaint, str]:
    received_at = utcnow() - timedelta(days=days_ago, hours=1 + number % 7)
    answers = _answers(number, story, force)
    answers["incident_date"] = (received_at - timedelta(days=number % 9)).date().isoformat()
    key = f"demo-{number}"
    if channel == "web":
        code = f"DEMO-TRAK-{number:04d}"
        complaint = complaints.create_complaint(
            answers,
            tracking_code=code,
            received_at=received_at,
            targets=targets,
            submission_key=key,
            actor="demo",
        )
    else:
        complaint, code = casework.log_complaint(
            answers, Channel(channel), casey, received_at, targets
        )
        complaint.submission_key = key  # so a second seed finds it
    _acknowledge(complaint)
    return complaint, code


def _acknowledge(complaint: Complaint) -> None:
    """The acknowledgement, dated when the complaint was received, as the public form
    sends it: not when the demo was loaded, which would make every demo complaint look
    acknowledged days or months late (the statistics time acknowledgements from it)."""
    notify.queue_acknowledgement(complaint).created_at = complaint.received_at


def _work(
    complaint: Complaint, script: str, who: str, priority: str, casey: User, sam: User
) -> None:
    """Take the case as far as its script says, through the casework services."""
    if script == "received":
        return
    kind, _, detail = script.partition(":")
    if kind == "duplicate":
        other = complaints.find_by_submission(detail)
        if other is not None:
            casework.link(
                complaint, other.reference, LinkKind.DUPLICATE_OF, casey, complaint.version
            )
        return
    if who == "assign":
        casework.assign(complaint, casey, sam, complaint.version)
    elif who:
        casework.take(complaint, casey if who == "casey" else sam, complaint.version)
    worker = sam if who == "sam" else casey
    casework.move(complaint, Status.IN_TRIAGE, worker, complaint.version)
    if kind == "triage":
        return
    if kind == "asked_in_triage":
        casework.request_information(
            complaint,
            "Please tell us the date and time, and anything the officers said about the cameras.",
            worker,
            complaint.version,
        )
        return
    if kind == "vexatious":
        casework.move(
            complaint,
            Status.CLOSED,
            worker,
            complaint.version,
            reason=ClosureReason.VEXATIOUS,
            note="The same complaint made many times a day.",
        )
        return
    level = Priority(priority) if priority else Priority.STANDARD
    decision = casework.Triage(
        in_remit=kind not in ("referred", "out_of_remit"),
        priority=level,
        priority_reason={
            Priority.URGENT: "A child was involved",
            Priority.HIGH: "Several complaints about one deployment",
        }.get(level),
        concerns={c.concern for c in complaint.concerns},
        referred_to=ReferralBody(detail) if kind == "referred" else None,
        reason={"referred": ClosureReason.REFERRED, "out_of_remit": ClosureReason.OUT_OF_REMIT}.get(
            kind
        ),
        note="Referred: this is for another body to decide." if kind == "referred" else None,
    )
    casework.triage(complaint, decision, worker, complaint.version)
    if kind in ("referred", "out_of_remit", "investigating"):
        if kind == "investigating" and complaint.id % 2:
            casework.add_note(
                complaint,
                "Asked the force for its deployment record and the watchlist size.",
                worker,
            )
        return
    if kind in ("asked", "replied", "withdrawn_waiting"):
        casework.request_information(
            complaint, "Do you have any photos or messages from the day?", worker, complaint.version
        )
        if kind == "replied":
            casework.log_reply(
                complaint, "I have sent two photos of the van by post.", worker, complaint.version
            )
        if kind == "withdrawn_waiting":
            casework.move(
                complaint,
                Status.CLOSED,
                worker,
                complaint.version,
                reason=ClosureReason.WITHDRAWN,
                note="The complainant asked us to stop.",
            )
        return
    if kind == "withdrawn":
        casework.move(
            complaint, Status.CLOSED, worker, complaint.version, reason=ClosureReason.WITHDRAWN
        )
        return
    _decide(complaint, casey, sam)
    if kind in ("closed", "review"):
        casework.move(
            complaint, Status.CLOSED, casey, complaint.version, reason=ClosureReason.OUTCOME_ISSUED
        )
    if kind == "review":
        casework.request_review(complaint, "You did not look at the footage I sent.", utcnow())


def _decide(complaint: Complaint, casey: User, sam: User) -> None:
    """Findings by the caseworker, signed off by the senior caseworker, then issued."""
    findings = {
        c.concern: FINDINGS[(complaint.id + i) % len(FINDINGS)]
        for i, c in enumerate(complaint.concerns)
    }
    overall = min(findings.values(), key=FINDINGS.index)
    casework.record_findings(
        complaint,
        findings,
        overall,
        "We looked at the force's records of the deployment and its policy.",
        casey,
        complaint.version,
    )
    upheld = [c for c, f in findings.items() if f in (Finding.UPHELD, Finding.PARTLY_UPHELD)]
    if complaint.force is not None and upheld:
        casework.add_recommendation(
            complaint,
            complaint.force,
            RECOMMENDATIONS.get(upheld[0], "Review the policy for this use and publish it."),
            local_date(utcnow()) + timedelta(days=90),
            casey,
        )
    casework.sign_off(complaint, sam, complaint.version)
    casework.issue_decision(complaint, casey, complaint.version)


def demo_accounts(config: Any, *roles: str) -> list[User]:
    """The demo staff accounts holding `roles`, in that order (made if the staff seed
    has not run)."""
    from oversight.auth import services as accounts

    emails = [next(email for email, _, role in STAFF if role == wanted) for wanted in roles]
    people = [accounts.find_by_email(email) for email in emails]
    if None in people:
        seed_staff(config)
        people = [accounts.find_by_email(email) for email in emails]
    if None in people:
        raise RuntimeError(f"The demo {' and '.join(roles)} accounts could not be made")
    return [person for person in people if person is not None]


def _demo_staff(config: Any) -> tuple[User, User]:
    casey, sam = demo_accounts(config, "caseworker", "senior_caseworker")
    return casey, sam


def seed(config: Any) -> list[tuple[str, str]]:
    """Add the demo complaints not yet present; return their references and codes.

    The three named demo complaints come first; then a working queue of cases across
    forces, technologies and every status, allocated to the demo caseworkers.
    """
    if config["ENV_NAME"] == "production":
        raise NotForProduction("Demo data is not for production")
    made = []
    targets = complaints.Targets.from_config(config)
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
        _acknowledge(complaint)
        made.append((complaint.reference, code))
    casey, sam = _demo_staff(config)
    for number, (days_ago, story, force, channel, script, who, priority) in enumerate(
        PLAN, start=len(DEMO) + 1
    ):
        if complaints.find_by_submission(f"demo-{number}") is not None:
            continue
        complaint, code = _make(number, days_ago, story, force, channel, targets, casey)
        _work(complaint, script, who, priority, casey, sam)
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
