"""Sign-in is audited: failures with their reason, wrong codes, signing in and out,
setting up a code."""

from __future__ import annotations

import pytest

from oversight.auth.models import Role
from oversight.models import utcnow
from tests.auth.sign_in import (
    SET_UP_CODE,
    enter_code,
    enter_password,
    events,
    set_up_page,
    sign_in,
    sign_out,
    wrong_code,
)
from tests.factories import PASSWORD, make_user
from tests.helpers import current_code

# Audit ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "email, password, reason",
    [
        ("caseworker@example.test", "not the right password", "wrong_password"),
        ("nobody@example.test", PASSWORD, "unknown_account"),
        ("disabled@example.test", PASSWORD, "disabled"),
    ],
)
def test_a_failed_sign_in_is_audited_with_its_reason(client, db, staff, email, password, reason):
    make_user({Role.CASEWORKER}, email="disabled@example.test", disabled_at=utcnow())
    db.session.commit()
    enter_password(client, email, password)
    [event] = events(db, "auth.sign_in_failed")
    assert event.outcome == "failure"
    assert event.actor == "public"
    assert event.details == {"email": email, "reason": reason}
    assert password not in str(event.details)
    assert events(db, "auth.sign_in") == []


def test_a_wrong_code_is_audited_as_a_failure(client, db, staff):
    enter_password(client, staff.email)
    enter_code(client, wrong_code())
    [event] = events(db, "auth.mfa_failed")
    assert (event.actor, event.outcome) == (f"user:{staff.id}", "failure")
    assert events(db, "auth.sign_in") == []


def test_signing_in_and_out_is_audited(client, db, staff):
    sign_in(client, staff)
    [signed_in] = events(db, "auth.sign_in")
    assert (signed_in.actor, signed_in.object_id, signed_in.outcome) == (
        f"user:{staff.id}",
        str(staff.id),
        "success",
    )
    assert signed_in.request_id
    sign_out(client)
    [signed_out] = events(db, "auth.signed_out")
    assert signed_out.actor == f"user:{staff.id}"
    assert signed_out.details == {"reason": "signed_out"}


def test_setting_up_a_code_is_audited(client, db):
    user = make_user({Role.CASEWORKER}, email="new@example.test", enrolled=False)
    db.session.commit()
    secret, _ = set_up_page(client, user)
    enter_code(client, current_code(secret), SET_UP_CODE)
    [enrolled] = events(db, "auth.mfa_enrolled")
    assert enrolled.actor == f"user:{user.id}"
    assert len(events(db, "auth.sign_in")) == 1
