"""The PostgreSQL role the app runs as: what it may do to each table.

Migrations run as the owner of the tables. The app connects as another role, granted
here: reads and writes on the ordinary tables, but on `audit_events` and
`message_template_versions` only SELECT and INSERT (never UPDATE, DELETE or TRUNCATE), on the chain head only the two columns a new
event moves, and no TRUNCATE anywhere (TRUNCATE would pass the row triggers that keep
published statistics releases). Not being the owner, it cannot ALTER a table to drop or
disable those triggers either. Run `flask audit grant-app-role ROLE` after every
`flask db upgrade`, so new tables are granted too.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

ROLE_PATTERN = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
APPEND_ONLY = "audit_events"
# Tables the app only adds to: a message template version is kept as it was.
INSERT_ONLY = frozenset({APPEND_ONLY, "message_template_versions"})
CHAIN_HEAD = "audit_chain_head"
READ_ONLY = frozenset({"alembic_version"})


class RoleProblem(ValueError):
    """The role cannot be granted as asked; the message says what to do."""


def statements(tables: list[str], role: str, schema: str) -> list[str]:
    """The GRANTs (after a REVOKE ALL, so running them again gives the same result)."""
    if not ROLE_PATTERN.match(role):
        raise RoleProblem(
            "Give the role's name in lower case letters, digits and underscores, "
            "for example oversight_app"
        )
    quoted_schema = f'"{schema}"'
    sql = [f"GRANT USAGE ON SCHEMA {quoted_schema} TO {role}"]
    for table in sorted(tables):
        name = f'{quoted_schema}."{table}"'
        sql.append(f"REVOKE ALL ON TABLE {name} FROM {role}")
        if table in INSERT_ONLY:
            sql.append(f"GRANT SELECT, INSERT ON TABLE {name} TO {role}")
        elif table == CHAIN_HEAD:
            sql.append(f"GRANT SELECT, UPDATE (seq, last_hash) ON TABLE {name} TO {role}")
        elif table in READ_ONLY:
            sql.append(f"GRANT SELECT ON TABLE {name} TO {role}")
        else:
            sql.append(f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE {name} TO {role}")
    sql.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {quoted_schema} TO {role}")
    return sql


def grant(connection: sa.Connection, role: str, *, dry_run: bool = False) -> list[str]:
    """Grant the app role its rights on every table of the current schema."""
    if connection.dialect.name != "postgresql":
        raise RoleProblem(
            "Database roles are only for PostgreSQL: on SQLite whoever can open the file "
            "can change it, so keep the file readable by the app's user only"
        )
    schema = connection.scalar(sa.text("SELECT current_schema()"))
    found = connection.execute(
        sa.text("SELECT rolsuper, rolname = current_user FROM pg_roles WHERE rolname = :role"),
        {"role": role},
    ).first()
    if found is None:
        raise RoleProblem(
            f"There is no role {role}: create it first, for example "
            f"CREATE ROLE {role} LOGIN PASSWORD '…'"
        )
    superuser, is_current = found
    owner = connection.scalar(
        sa.text(
            "SELECT tableowner FROM pg_tables"
            " WHERE schemaname = current_schema() AND tablename = :table"
        ),
        {"table": APPEND_ONLY},
    )
    owns = owner is not None and connection.scalar(
        sa.text("SELECT pg_has_role(:role, :owner, 'MEMBER')"), {"role": role, "owner": owner}
    )
    if superuser or is_current or owns:
        raise RoleProblem(
            f"{role} is a superuser, the tables' owner (or a member of it) or the role running "
            "this command: the app's role must be "
            "another, ordinary role, or it could rewrite the audit trail"
        )
    tables = sa.inspect(connection).get_table_names(schema=schema)
    sql = statements(tables, role, str(schema))
    if not dry_run:
        for statement in sql:
            connection.execute(sa.text(statement))
    return sql
