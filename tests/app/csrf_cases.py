"""The CSRF cases: each prepares the client and returns a form's address and a fresh
copy of its data. Here the registry and the cases for the staff pages (casework,
deployments, imports, force tokens, statistics); the public journey's and staff
accounts' cases are beside the tests, in test_csrf.py."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from datetime import date
from typing import Any

from oversight.api.tokens import services as tokens
from oversight.complaints.enums import Finding, Status
from oversight.complaints.models import Recommendation
from oversight.extensions import db as _db
from oversight.forces.models import force_by_slug
from oversight.links.enums import LinkState
from oversight.links.models import DeploymentLink
from oversight.models import utcnow
from oversight.statistics import calendar
from tests.app.security import post_with_token, statistics_release
from tests.factories import make_case, make_deployment, make_usage_return
from tests.helpers import login_as
from tests.statistics.calendar_data import ended_quarter, working_day

# ---------------------------------------------------------------- CSRF

# Each case prepares the client and returns the form's address and a fresh copy of its data.
Prepared = tuple[str, Callable[[], dict[str, Any]]]
CSRF_CASES: dict[str, Callable[[Any, Any], Prepared]] = {}


def csrf_case(name: str) -> Callable[[Callable[[Any, Any], Prepared]], Any]:
    def register(prepare: Callable[[Any, Any], Prepared]) -> Any:
        CSRF_CASES[name] = prepare
        return prepare

    return register


# Cases whose control request must change the database itself, not just the session.
CHANGES_RECORDS: set[str] = set()


def _case_action(
    action: str, status: Status, data: dict[str, Any], **fields: Any
) -> Callable[[Any, Any], Prepared]:
    """A senior caseworker's action on a case at `status`, with answers that succeed."""

    def prepare(client: Any, request: Any) -> Prepared:
        senior = request.getfixturevalue("senior_caseworker")
        login_as(client, senior)
        made = dict(fields)
        if made.pop("signed_off", False):
            made.update(signed_off_by_id=senior.id, signed_off_at=utcnow())
        complaint = make_case(status, **made)
        other = make_case(Status.RECEIVED)
        recommendation = Recommendation(
            complaint=complaint,
            force=force_by_slug("cumbria"),
            text="Put up signs.",
            due_date=date(2027, 1, 29),
            created_by="user:0",
        )
        _db.session.add(recommendation)
        _db.session.commit()
        values = {
            "version": str(complaint.version),
            "assignee": str(senior.id),
            "other": other.reference,
        }
        path = f"/staff/cases/{complaint.reference}/{action}".format(
            recommendation=recommendation.id, other=other.reference
        )
        return path, lambda: {
            name: [v.format(**values) for v in value]
            if isinstance(value, list)
            else value.format(**values)
            for name, value in data.items()
        }

    return prepare


VERSION = {"version": "{version}"}
FINDINGS = {
    "finding_no_notice": "upheld",
    "finding_protest_or_event": "not_upheld",
    "overall": "partly_upheld",
    "summary": "Signs were missing.",
}
CASE_ACTIONS: dict[str, tuple[str, Status, dict[str, Any], dict[str, Any]]] = {
    "case take": ("take", Status.RECEIVED, VERSION, {}),
    "case assign": ("assign", Status.RECEIVED, {**VERSION, "assignee": "{assignee}"}, {}),
    "case triage": (
        "triage",
        Status.IN_TRIAGE,
        {**VERSION, "in_remit": "yes", "priority": "standard", "concerns": ["no_notice"]},
        {},
    ),
    "case move": ("move", Status.RECEIVED, {**VERSION, "target": "in_triage"}, {}),
    "case note": ("notes", Status.RECEIVED, {"text": "Called the force."}, {}),
    "case request information": (
        "request-information",
        Status.INVESTIGATING,
        {**VERSION, "request_text": "Which day was it?"},
        {},
    ),
    "case reply": (
        "reply",
        Status.AWAITING_INFORMATION,
        {**VERSION, "reply_text": "The 14th."},
        {},
    ),
    "case findings": ("findings", Status.INVESTIGATING, {**VERSION, **FINDINGS}, {}),
    "case recommendation": (
        "recommendations",
        Status.INVESTIGATING,
        {"force": "cumbria", "text": "Train officers.", "due_date": "2027-02-26"},
        {},
    ),
    "case recommendation response": (
        "recommendations/{recommendation}/response",
        Status.INVESTIGATING,
        {"response": "accepted"},
        {},
    ),
    "case sign-off": ("sign-off", Status.INVESTIGATING, VERSION, {"findings": Finding.UPHELD}),
    "case issue decision": (
        "issue-decision",
        Status.INVESTIGATING,
        VERSION,
        {"findings": Finding.UPHELD, "signed_off": True},
    ),
    "case review outcome": (
        "review-outcome",
        Status.REVIEW_REQUESTED,
        {**VERSION, "outcome": "upheld", "explanation": "We will look again."},
        {},
    ),
    "case link": (
        "links",
        Status.INVESTIGATING,
        {**VERSION, "other_reference": "{other}", "kind": "related_to"},
        {},
    ),
    "case reply read": ("reply-read", Status.INVESTIGATING, VERSION, {}),
    "case suggestion link": (
        "suggestions/{other}/link",
        Status.INVESTIGATING,
        {**VERSION, "kind": "related_to"},
        {},
    ),
    "case suggestion dismiss": ("suggestions/{other}/dismiss", Status.INVESTIGATING, VERSION, {}),
}
for _name, (_action, _status, _data, _fields) in CASE_ACTIONS.items():
    csrf_case(_name)(_case_action(_action, _status, _data, **_fields))
    CHANGES_RECORDS.add(_name)


@csrf_case("case log complaint")
def _log_complaint(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("caseworker"))
    return "/staff/cases/new", lambda: {
        "channel": "post",
        "technology": "rfr",
        "force": "cumbria",
        "incident_date-day": "3",
        "incident_date-month": "5",
        "incident_date-year": "2026",
        "place": "Carlisle market",
        "what_happened": "A letter about a camera van.",
        "concerns": ["no_notice"],
        "relation": "witness",
        "outcome_wanted": "Signs.",
    }


CHANGES_RECORDS.add("case log complaint")


def _deployment_action(action: str, linked: bool = False) -> Callable[[Any, Any], Prepared]:
    def prepare(client: Any, request: Any) -> Prepared:
        login_as(client, request.getfixturevalue("senior_caseworker"))
        complaint = make_case(Status.INVESTIGATING)
        deployment = make_deployment()
        if linked:
            _db.session.add(
                DeploymentLink(
                    complaint_id=complaint.id,
                    deployment_id=deployment.id,
                    state=LinkState.CONFIRMED,
                    created_by="user:0",
                )
            )
        _db.session.commit()
        reference, number, version = complaint.reference, deployment.id, str(complaint.version)
        if action == "link":
            return f"/staff/cases/{reference}/deployments/link", lambda: {
                "version": version,
                "deployment_id": str(number),
            }
        return f"/staff/cases/{reference}/deployments/{number}/{action}", lambda: {
            "version": version
        }

    return prepare


for _name, _prepare in {
    "case deployment confirm": _deployment_action("confirm"),
    "case deployment reject": _deployment_action("reject"),
    "case deployment unlink": _deployment_action("unlink", linked=True),
    "case deployment link by number": _deployment_action("link"),
}.items():
    csrf_case(_name)(_prepare)
    CHANGES_RECORDS.add(_name)

DEPLOYMENT_FORM = {
    "force": "cumbria",
    "technology": "lfr",
    "deployed_on": "03/05/2026",
    "start_time": "10:00",
    "end_time": "16:00",
    "location_name": "Carlisle market",
    "faces_seen": "4,210",
    "source": "published_record",
}
USAGE_RETURN_FORM = {
    "force": "cumbria",
    "technology": "rfr",
    "period_start": "01/04/2026",
    "period_end": "30/06/2026",
    "searches": "1,200",
    "source": "force_submission",
}


@csrf_case("deployment new")
def _deployment_new(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("caseworker"))
    return "/staff/deployments/new", lambda: dict(DEPLOYMENT_FORM)


@csrf_case("deployment correct")
def _deployment_correct(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("caseworker"))
    deployment = make_deployment(force="cumbria", location_name="Carlisle market")
    _db.session.commit()
    return f"/staff/deployments/{deployment.id}/correct", lambda: {
        **DEPLOYMENT_FORM,
        "version": "1",
        "note": "The force re-counted the faces seen.",
    }


@csrf_case("usage return new")
def _usage_return_new(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("caseworker"))
    return "/staff/deployments/usage-returns/new", lambda: dict(USAGE_RETURN_FORM)


@csrf_case("usage return correct")
def _usage_return_correct(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("caseworker"))
    usage = make_usage_return(force="cumbria", period_start="2026-04-01", period_end="2026-06-30")
    _db.session.commit()
    return f"/staff/deployments/usage-returns/{usage.id}/correct", lambda: {
        **USAGE_RETURN_FORM,
        "version": "1",
        "note": "Late figures from the force.",
    }


CHANGES_RECORDS.update(
    {"deployment new", "deployment correct", "usage return new", "usage return correct"}
)

IMPORT_CSV = b"Force,Date,Location\r\nessex,2025-08-01,Chelmsford\r\n"


@csrf_case("imports upload")
def _imports_upload(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("caseworker"))
    return "/staff/imports", lambda: {"file": (io.BytesIO(IMPORT_CSV), "records.csv"), "force": ""}


@csrf_case("imports import")
def _imports_import(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("caseworker"))
    post_with_token(client, "/staff/imports", {"file": (io.BytesIO(IMPORT_CSV), "records.csv")})
    return "/staff/imports/import", lambda: {"checked": hashlib.sha256(IMPORT_CSV).hexdigest()}


CHANGES_RECORDS.add("imports import")


@csrf_case("force token issue")
def _issue_force_token(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("administrator"))
    return "/staff/force-tokens/new", lambda: {"force": "south-wales", "name": "Records system"}


@csrf_case("force token revoke")
def _revoke_force_token(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("administrator"))
    token, _ = tokens.issue(force_by_slug("south-wales"), "Records system", "test")
    _db.session.commit()
    return f"/staff/force-tokens/{token.id}/revoke", dict


CHANGES_RECORDS.update({"force token issue", "force token revoke"})


@csrf_case("statistics prepare")
def _statistics_prepare(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("statistician"))
    return "/staff/statistics/new", lambda: {
        "period_kind": "quarter",
        "quarter_year": "2026",
        "quarter": "2",
    }


@csrf_case("statistics recompute")
def _statistics_recompute(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("statistician"))
    number, version = statistics_release("draft")
    return f"/staff/statistics/{number}/recompute", lambda: {"version": str(version)}


@csrf_case("statistics approve")
def _statistics_approve(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("publisher"))
    number, version = statistics_release("draft")
    return f"/staff/statistics/{number}/approve", lambda: {"version": str(version), "when": "now"}


@csrf_case("statistics withdraw approval")
def _statistics_withdraw(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("publisher"))
    number, version = statistics_release("approved")
    return f"/staff/statistics/{number}/withdraw-approval", lambda: {"version": str(version)}


@csrf_case("statistics revision")
def _statistics_revision(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("statistician"))
    number, version = statistics_release("published")
    return f"/staff/statistics/{number}/revise", lambda: {
        "version": str(version),
        "revision_note": "Complaints logged late are now counted.",
    }


@csrf_case("statistics calendar announce")
def _calendar_announce(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("statistician"))
    day = working_day(20)
    return "/staff/statistics/calendar/new", lambda: {
        "period_code": ended_quarter().code,
        **{f"release_date-{part}": str(getattr(day, part)) for part in ("day", "month", "year")},
    }


@csrf_case("statistics calendar change date")
def _calendar_change(client: Any, request: Any) -> Prepared:
    user = request.getfixturevalue("publisher")
    login_as(client, user)
    entry = calendar.announce(ended_quarter(), working_day(20), user)
    _db.session.commit()
    day = working_day(40)
    return f"/staff/statistics/calendar/{entry.id}/change", lambda: {
        "version": str(entry.version),
        "reason": "Late returns.",
        **{f"release_date-{part}": str(getattr(day, part)) for part in ("day", "month", "year")},
    }


@csrf_case("statistics calendar cancel")
def _calendar_cancel(client: Any, request: Any) -> Prepared:
    change, data = _calendar_change(client, request)  # a release announced, to cancel
    reason = "The figures cannot be checked in time."
    return change.replace("/change", "/cancel"), lambda: {**data(), "reason": reason}


CHANGES_RECORDS.update(
    {
        "statistics calendar announce",
        "statistics calendar change date",
        "statistics calendar cancel",
        "statistics prepare",
        "statistics recompute",
        "statistics approve",
        "statistics withdraw approval",
        "statistics revision",
    }
)
