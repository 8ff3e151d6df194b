"""Post as a way to be contacted: a complainant can ask to be written to by post.

- complainants.preferred_contact: the list grows by post.

Going down, a complainant who asked for post reads as asking for email if they gave an
email address, else phone if they gave a number, else email (their address is kept).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-08 00:05:00.000000

"""

from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

METHODS = ("email", "phone")
NEW_METHOD = "post"


def _methods(methods: tuple[str, ...]) -> None:
    listed = ", ".join(f"'{method}'" for method in methods)
    with op.batch_alter_table("complainants", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_complainants_preferred_contact"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_complainants_preferred_contact"), f"preferred_contact IN ({listed})"
        )


def upgrade() -> None:
    _methods((*METHODS, NEW_METHOD))


def downgrade() -> None:
    op.execute(
        "UPDATE complainants SET preferred_contact = CASE"
        " WHEN email IS NULL AND phone IS NOT NULL THEN 'phone' ELSE 'email' END"
        f" WHERE preferred_contact = '{NEW_METHOD}'"
    )
    _methods(METHODS)
