"""Object-level rules: which cases, contact details and files a user may see or change.

Views ask here; no view decides this for itself.
"""

from __future__ import annotations

from oversight.auth.models import Role, User
from oversight.complaints.models import Complaint, Evidence

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
    return user.has_any(CASE_ROLES) and complaint.assignee_id is None


def can_assign_case(user: User, complaint: Complaint) -> bool:
    return Role.SENIOR_CASEWORKER in user.roles


def can_sign_off(user: User, complaint: Complaint) -> bool:
    """Sign-off is a senior caseworker's, and not on a case they investigated themselves."""
    return Role.SENIOR_CASEWORKER in user.roles and complaint.assignee_id != user.id


def can_log_complaint(user: User) -> bool:
    return user.has_any(CASE_ROLES)


def can_view_complainant(user: User, complaint: Complaint) -> bool:
    return can_view_case(user, complaint)


def can_download_evidence(user: User, evidence: Evidence) -> bool:
    return can_view_case(user, evidence.complaint)


def can_manage_users(user: User) -> bool:
    return Role.ADMINISTRATOR in user.roles


def can_read_audit(user: User) -> bool:
    return Role.ADMINISTRATOR in user.roles
