"""The declarative base every model shares, and the types its columns hold.

Every model subclasses `Base` directly (`class Force(Base)`): `db = SQLAlchemy(model_class=Base)`
shares Base's registry and metadata with `db.Model`, so Flask-SQLAlchemy's session,
`db.metadata` and the migrations see every model, and mypy sees a real class (it cannot
see `db.Model`, an attribute, as one). What `db.Model` adds besides (the legacy `query`
property and a repr) the register does not use."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, TypeAlias

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, mapped_column, registry

# A value JSON holds: what a JSON column (an audit event's details) stores.
Json: TypeAlias = str | int | float | bool | Sequence["Json"] | Mapping[str, "Json"] | None


def _constraint_name(constraint: sa.Constraint, table: sa.Table) -> str:
    """A CHECK's own name; an enum column's CHECK, which has none, takes its column's
    name, so every enum column's constraint is ck_<table>_<column>."""
    if isinstance(constraint.name, str):
        return constraint.name
    (column,) = constraint.columns  # type: ignore[attr-defined]
    return str(column.name)


NAMING_CONVENTION: dict[str, Any] = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
    "constraint_name": _constraint_name,
}


class UTCDateTime(sa.TypeDecorator[datetime]):
    """A timezone-aware timestamp, stored and returned in UTC on every database."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must carry a timezone")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    registry = registry(
        metadata=sa.MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


def utcnow() -> datetime:
    return datetime.now(UTC)


def enum_column(enum_type: type[enum.Enum], **kwargs: Any) -> Any:
    """A column holding an enum's values (not its names) as plain strings, with a CHECK
    constraint, ck_<table>_<column>, that holds it to them on every database."""
    return mapped_column(
        sa.Enum(
            enum_type,
            name=None,
            native_enum=False,
            create_constraint=True,
            length=40,
            values_callable=lambda members: [member.value for member in members],
            validate_strings=True,
        ),
        **kwargs,
    )
