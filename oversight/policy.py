"""Object-level rules: which cases, contact details and files a user may see or change.

Views ask here; no view decides this for itself.
"""

from __future__ import annotations

from oversight.auth.models import Role, User
from oversight.complaints.models import Complaint, Evidence

CASE_ROLES = frozenset({Role.CASEWORKER, Role.SENIOR_CASEWORKER})


def can_list_cases(user: User) -> bool:
    return user.has_any(CASE_ROLES)


def can_view_case(user: User, complaint: Complaint) -> bool:
    return user.has_any(CASE_ROLES)


def can_view_complainant(user: User, complaint: Complaint) -> bool:
    return can_view_case(user, complaint)


def can_download_evidence(user: User, evidence: Evidence) -> bool:
    return can_view_case(user, evidence.complaint)


def can_manage_users(user: User) -> bool:
    return Role.ADMINISTRATOR in user.roles


def can_read_audit(user: User) -> bool:
    return Role.ADMINISTRATOR in user.roles
