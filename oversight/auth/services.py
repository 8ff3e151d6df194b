"""Staff accounts: creating and changing them, signing in, ending sessions."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from oversight.audit import services as audit
from oversight.auth import passwords, totp
from oversight.auth.models import Role, User
from oversight.extensions import db
from oversight.models import Json, utcnow
from oversight.problems import Problem


class AccountProblem(Problem):
    """A change to an account that cannot be made; `field` names the answer at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def create_user(email: str, name: str, roles: set[Role], password: str, *, actor: str) -> User:
    email = normalise_email(email)
    if find_by_email(email) is not None:
        raise AccountProblem("email", "An account with this email address already exists")
    if not roles:
        raise AccountProblem("roles", "Select at least one role")
    try:
        passwords.check_new_password(password, email=email, name=name)
    except passwords.PasswordProblem as problem:
        raise AccountProblem("password", str(problem)) from None
    user = User(email=email, name=name.strip(), password_hash=passwords.hash_password(password))
    user.roles = roles
    db.session.add(user)
    db.session.flush()
    audit.record(
        "user.created",
        actor=actor,
        object_type="user",
        object_id=str(user.id),
        email=email,
        roles=sorted(role.value for role in roles),
    )
    return user


def change_user(user: User, *, email: str, name: str, roles: set[Role], actor: str) -> None:
    email = normalise_email(email)
    other = find_by_email(email)
    if other is not None and other.id != user.id:
        raise AccountProblem("email", "An account with this email address already exists")
    if not roles:
        raise AccountProblem("roles", "Select at least one role")
    if (
        actor == f"user:{user.id}"
        and Role.ADMINISTRATOR in user.roles
        and Role.ADMINISTRATOR not in roles
    ):
        raise AccountProblem("roles", "You cannot remove your own administrator role")
    changes: dict[str, Json] = {}
    if email != user.email:
        changes["email"] = [user.email, email]
    if name.strip() != user.name:
        changes["name"] = "changed"
    if roles != user.roles:
        changes["roles"] = [sorted(r.value for r in user.roles), sorted(r.value for r in roles)]
    if not changes:
        return
    user.email, user.name, user.roles = email, name.strip(), roles
    if "roles" in changes or "email" in changes:
        user.session_version += 1
    audit.record(
        "user.changed", actor=actor, object_type="user", object_id=str(user.id), changes=changes
    )


def set_disabled(user: User, disabled: bool, *, actor: str) -> None:
    if disabled and actor == f"user:{user.id}":
        raise AccountProblem("user", "You cannot disable your own account")
    if disabled == (user.disabled_at is not None):
        return
    user.disabled_at = utcnow() if disabled else None
    user.session_version += 1
    action = "user.disabled" if disabled else "user.enabled"
    audit.record(action, actor=actor, object_type="user", object_id=str(user.id))


def reset_mfa(user: User, *, actor: str) -> None:
    user.totp_secret = None
    user.totp_confirmed_at = None
    user.totp_last_step = None
    user.session_version += 1
    audit.record("user.mfa_reset", actor=actor, object_type="user", object_id=str(user.id))


def set_password(user: User, password: str, *, actor: str) -> None:
    """Give an account a new password; every session of that user ends."""
    try:
        passwords.check_new_password(password, email=user.email, name=user.name)
    except passwords.PasswordProblem as problem:
        raise AccountProblem("password", str(problem)) from None
    user.password_hash = passwords.hash_password(password)
    user.password_changed_at = utcnow()
    user.session_version += 1
    action = "auth.password_changed" if actor == f"user:{user.id}" else "user.password_reset"
    audit.record(action, actor=actor, object_type="user", object_id=str(user.id))


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    reason: str | None = None


def check_password(email: str, password: str) -> SignInResult:
    """First factor. Records a failed attempt; success is recorded after the second factor."""
    user = find_by_email(email)
    matched = passwords.verify_password(user.password_hash if user else None, password)
    reason = None
    if user is None:
        reason = "unknown_account"
    elif not matched:
        reason = "wrong_password"
    elif not user.active:
        reason = "disabled"
    if reason is not None:
        audit.record(
            "auth.sign_in_failed",
            actor="public",
            object_type="user",
            object_id=str(user.id) if user else None,
            outcome=audit.FAILURE,
            email=normalise_email(email)[:254],
            reason=reason,
        )
        return SignInResult(None, reason)
    return SignInResult(user)


def start_enrolment(user: User) -> str:
    """The secret being enrolled: kept on the account, unconfirmed, until a code proves it."""
    if user.totp_secret is None or user.mfa_enrolled:
        user.totp_secret = totp.new_secret()
    return user.totp_secret


def check_code(user: User, code: str, *, enrolling: bool) -> bool:
    """Second factor: True, and the code's step used up, if the code is right."""
    if user.totp_secret is None:
        return False
    step = totp.matching_step(user.totp_secret, code, user.totp_last_step)
    actor = f"user:{user.id}"
    if step is None:
        audit.record(
            "auth.mfa_failed",
            actor=actor,
            object_type="user",
            object_id=str(user.id),
            outcome=audit.FAILURE,
            reason="wrong_code",
        )
        return False
    user.totp_last_step = step
    if enrolling:
        user.totp_confirmed_at = utcnow()
        audit.record("auth.mfa_enrolled", actor=actor, object_type="user", object_id=str(user.id))
    audit.record(
        "auth.sign_in", actor=actor, object_type="user", object_id=str(user.id), email=user.email
    )
    return True


def end_sessions(user: User, *, reason: str) -> None:
    """Sign out everywhere: every cookie issued before now stops working."""
    user.session_version += 1
    audit.record(
        "auth.signed_out",
        actor=f"user:{user.id}",
        object_type="user",
        object_id=str(user.id),
        reason=reason,
    )
