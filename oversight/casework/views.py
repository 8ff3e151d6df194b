"""Staff views of cases: the list, one case, its contact details and its evidence.

Every view of a case, of a complainant's details and every download is audited.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, render_template, send_file
from flask_login import current_user

from oversight import policy
from oversight.access import actor, refuse, roles_required
from oversight.audit import services as audit
from oversight.complaints.evidence import evidence_store
from oversight.complaints.models import Complaint, Evidence
from oversight.complaints.services import find_by_reference
from oversight.extensions import db
from oversight.policy import CASE_ROLES

bp = Blueprint("casework", __name__, url_prefix="/staff/cases")
PAGE_SIZE = 50


def _case(reference: str) -> Complaint:
    complaint = find_by_reference(reference)
    if complaint is None:
        abort(404)
    return complaint


@bp.get("")
@roles_required(*CASE_ROLES)
def case_list() -> str:
    if not policy.can_list_cases(current_user):
        refuse("case")
    cases = list(
        db.session.scalars(
            sa.select(Complaint).order_by(Complaint.received_at.desc()).limit(PAGE_SIZE)
        )
    )
    audit.record("case.list_viewed", actor=actor(), object_type="case", count=len(cases))
    db.session.commit()
    return render_template("casework/case_list.html", cases=cases)


@bp.get("/<reference>")
@roles_required(*CASE_ROLES)
def case_detail(reference: str) -> str:
    complaint = _case(reference)
    if not policy.can_view_case(current_user, complaint):
        refuse("case", reference)
    audit.record(
        "case.viewed", actor=actor(), object_type="case", object_id=reference, reference=reference
    )
    db.session.commit()
    return render_template("casework/case_detail.html", complaint=complaint)


@bp.get("/<reference>/complainant")
@roles_required(*CASE_ROLES)
def complainant(reference: str) -> str:
    complaint = _case(reference)
    if not policy.can_view_complainant(current_user, complaint):
        refuse("complainant", reference)
    audit.record(
        "complainant.viewed",
        actor=actor(),
        object_type="case",
        object_id=reference,
        reference=reference,
    )
    db.session.commit()
    return render_template("casework/complainant.html", complaint=complaint)


@bp.get("/<reference>/evidence/<int:evidence_id>")
@roles_required(*CASE_ROLES)
def download_evidence(reference: str, evidence_id: int) -> Any:
    complaint = _case(reference)
    evidence = db.session.get(Evidence, evidence_id)
    if evidence is None or evidence.complaint_id != complaint.id:
        abort(404)
    if not policy.can_download_evidence(current_user, evidence):
        refuse("evidence", str(evidence_id))
    path = evidence_store().path(evidence.storage_key)
    if not path.is_file():
        abort(404)
    audit.record(
        "evidence.downloaded",
        actor=actor(),
        object_type="evidence",
        object_id=str(evidence.id),
        reference=reference,
        evidence_id=evidence.id,
    )
    db.session.commit()
    return send_file(
        path,
        mimetype=evidence.content_type,
        as_attachment=True,
        download_name=evidence.original_name,
        max_age=0,
    )
