"""Object-level rules: which cases, contact details and files a user may see or change.

Views ask here; no view decides this for itself.
"""

from __future__ import annotations

from oversight.auth.models import Role, User
from oversight.complaints.models import Complaint, Decision, Evidence

CASE_ROLES = frozenset({Role.CASEWORKER, Role.SENIOR_CASEWORKER})
# Who may add and correct deployment records and usage returns, and import them.
RECORD_ROLES = frozenset({Role.CASEWORKER, Role.SENIOR_CASEWORKER, Role.ADMINISTRATOR})


def can_list_cases(user: User) -> bool:
    return user.has_any(CASE_ROLES)


def can_view_case(user: User, complaint: Complaint) -> bool:
    return user.has_any(CASE_ROLES)


def can_change_case(user: User, complaint: Complaint) -> bool:
    """Caseworkers work on cases assigned to them or to nobody; seniors on any."""
    if Role.SENIOR_CASEWORKER in user.roles:
        return True
    return Role.CASEWORKER in user.roles and complaint.assignee_id in (None, user.id)


def can_take_case(user: User, complaint: Complaint) -> bool:
    """Anyone in casework takes an unassigned case, but not the one who signed it off."""
    return (
        user.has_any(CASE_ROLES)
        and complaint.assignee_id is None
        and complaint.signed_off_by_id != user.id
    )


def can_assign_case(user: User, complaint: Complaint) -> bool:
    return Role.SENIOR_CASEWORKER in user.roles


def findings_authors(complaint: Complaint) -> set[int]:
    """Everyone who recorded or last changed the findings now on the case."""
    authors = {f.recorded_by_id for f in complaint.findings if f.recorded_by_id is not None}
    if complaint.findings_by_id is not None:
        authors.add(complaint.findings_by_id)
    return authors


def can_sign_off(user: User, complaint: Complaint) -> bool:
    """Sign-off is a senior caseworker's, never on a case they investigated themselves
    nor on findings they recorded or changed (the database holds this too)."""
    return (
        Role.SENIOR_CASEWORKER in user.roles
        and user.disabled_at is None
        and complaint.assignee_id != user.id
        and user.id not in findings_authors(complaint)
    )


def can_decide_review(user: User, decision: Decision) -> bool:
    """A review's outcome is a senior caseworker's who did not sign off that decision."""
    return Role.SENIOR_CASEWORKER in user.roles and decision.signed_off_by_id != user.id


def can_hold_case(user: User, complaint: Complaint) -> bool:
    """A legal hold on a case (oversight.retention.holds), which stops the retention
    schedule, is set and released by a senior caseworker."""
    return Role.SENIOR_CASEWORKER in user.roles and can_view_case(user, complaint)


def can_log_complaint(user: User) -> bool:
    return user.has_any(CASE_ROLES)


# Need-to-know: who sees a complainant's contact details and evidence. Beyond the case's
# own assignee, these roles see them on any case, and these on a case nobody has yet (to
# triage and take it). A role added later that needs them is one line here; every other
# role (statisticians, publishers, administrators) never sees them.
PERSONAL_DATA_ON_ANY_CASE = frozenset({Role.SENIOR_CASEWORKER})
PERSONAL_DATA_ON_UNASSIGNED_CASE = frozenset({Role.CASEWORKER})


def needs_personal_data(user: User, complaint: Complaint) -> bool:
    """The case's assignee, the roles that see any case's, and caseworkers on a case
    nobody has: only they need its contact details and evidence."""
    if user.has_any(PERSONAL_DATA_ON_ANY_CASE):
        return True
    if not can_view_case(user, complaint):
        return False
    if complaint.assignee_id is None:
        return user.has_any(PERSONAL_DATA_ON_UNASSIGNED_CASE)
    return complaint.assignee_id == user.id


def can_view_complainant(user: User, complaint: Complaint) -> bool:
    return needs_personal_data(user, complaint)


def can_view_evidence(user: User, complaint: Complaint) -> bool:
    """Whether the case page lists the case's files for download."""
    return needs_personal_data(user, complaint)


def can_download_evidence(user: User, evidence: Evidence) -> bool:
    return needs_personal_data(user, evidence.complaint)


def can_manage_users(user: User) -> bool:
    return Role.ADMINISTRATOR in user.roles


def can_read_audit(user: User) -> bool:
    return Role.ADMINISTRATOR in user.roles


# Rights requests are need-to-know: the information rights officer handles them; they
# see every case's contact details for that work, so no other role is given the pages.
RIGHTS_ROLES = frozenset({Role.INFORMATION_RIGHTS})


def can_handle_rights_requests(user: User) -> bool:
    return user.has_any(RIGHTS_ROLES)


# Letters by post (oversight.letters): a letter shows the complainant's name and address,
# so it is printed by those who may see them; marking it posted is a change to the case.
def can_print_letter(user: User, complaint: Complaint) -> bool:
    return can_view_complainant(user, complaint)


def can_post_letter(user: User, complaint: Complaint) -> bool:
    return can_change_case(user, complaint) and can_view_complainant(user, complaint)
