"""The demo staff accounts `flask seed-demo` makes: one per role and a second senior
caseworker, enrolled, signing in with the demo password and code; none in production."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from oversight.auth.models import Role, User
from oversight.demo.staff import STAFF, STAFF_PASSWORD, STAFF_TOTP_SECRET
from tests.auth.sign_in import ENTER_CODE, enter_code, enter_password, reaches_staff_home
from tests.helpers import current_code


def test_seed_demo_makes_one_enrolled_demo_account_per_role_and_two_seniors(db, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    users = list(db.session.scalars(sa.select(User)))
    # Two senior caseworkers: a senior's own case, and a review, are signed off by the other.
    assert sorted(role for user in users for role in user.roles) == sorted(
        [*Role, Role.SENIOR_CASEWORKER]
    )
    assert all(len(user.roles) == 1 for user in users)
    assert all(user.mfa_enrolled and user.totp_secret == STAFF_TOTP_SECRET for user in users)
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == len(Role) + 1


@pytest.mark.parametrize("email", [email for email, _, _ in STAFF])
def test_each_demo_account_signs_in_with_the_demo_password_and_code(client, db, runner, email):
    runner.invoke(args=["seed-demo"])
    assert enter_password(client, email, STAFF_PASSWORD).headers["Location"] == ENTER_CODE
    assert enter_code(client, current_code(STAFF_TOTP_SECRET)).status_code == 302
    assert reaches_staff_home(client)


def test_seed_demo_refuses_production(app, db, runner):
    app.config["ENV_NAME"] = "production"
    try:
        result = runner.invoke(args=["seed-demo"])
    finally:
        app.config["ENV_NAME"] = "test"
    assert result.exit_code == 1
    assert "not for production" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
