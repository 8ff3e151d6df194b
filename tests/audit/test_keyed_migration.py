"""Migration 0008 begins the keyed chain after the events already recorded: they keep
their plain links and still verify, the events after them are keyed, and a rewrite of
the plain part without the key breaks the first keyed link. Going down is refused once
keyed events exist."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from oversight import create_app
from oversight.audit import chain
from oversight.audit import services as audit
from oversight.audit.models import AuditChainHead, AuditEvent
from oversight.extensions import db as _db


def test_events_from_before_the_key_stay_plain_and_are_held_by_the_keyed_ones(tmp_path):
    app = create_app(
        "test",
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'keyed.db'}",
            "EVIDENCE_STORAGE_DIR": str(tmp_path / "evidence"),
        },
    )
    with app.app_context():
        upgrade(revision="0007")
        for day in (1, 2, 3):
            event = AuditEvent(
                seq=day,
                at=datetime(2026, 5, day, 9, 30, tzinfo=UTC),
                actor="public",
                action="case.viewed",
                object_type="case",
                object_id=f"FR-{day}",
                outcome="success",
                request_id=None,
                details={"reference": f"FR-{day}"},
                prev_hash=_db.session.scalar(sa.select(AuditChainHead.last_hash)),
            )
            event.hash = chain.digest(event.prev_hash, chain.fields(event))
            _db.session.add(event)
            _db.session.execute(sa.update(AuditChainHead).values(seq=day, last_hash=event.hash))
            _db.session.commit()
        _db.session.remove()
        upgrade()
        head = _db.session.get(AuditChainHead, 1)
        assert head is not None and head.keyed_from_seq == 4
        assert chain.verify().intact
        audit.record("user.disabled", actor="cli", object_type="user", object_id="1")
        _db.session.commit()
        result = chain.verify()
        assert (result.intact, result.checked, result.unkeyed) == (True, 4, 3)
        keyed = _db.session.scalar(sa.select(AuditEvent).where(AuditEvent.seq == 4))
        assert keyed is not None and keyed.hash != chain.digest(
            keyed.prev_hash, chain.fields(keyed)
        )

        # Rewriting a plain event and its plain successors cannot reach past event 4.
        second = _db.session.scalar(sa.select(AuditEvent).where(AuditEvent.seq == 2))
        assert second is not None
        fields = {**chain.fields(second), "actor": "user:999"}
        forged = chain.digest(second.prev_hash, fields)
        table = AuditEvent.__table__
        _db.session.execute(
            sa.update(table).where(table.c.seq == 2).values(actor="user:999", hash=forged)
        )
        third = _db.session.scalar(sa.select(AuditEvent).where(AuditEvent.seq == 3))
        assert third is not None
        _db.session.execute(
            sa.update(table)
            .where(table.c.seq == 3)
            .values(prev_hash=forged, hash=chain.digest(forged, chain.fields(third)))
        )
        _db.session.commit()
        _db.session.expire_all()
        result = chain.verify()
        assert (result.broken_at, result.reason) == (4, "does not follow the event before it")

        # Flask-Migrate logs the migration's refusal and exits 1; the schema stays.
        with pytest.raises(SystemExit):
            downgrade(revision="0007")
        version = _db.session.scalar(sa.text("SELECT version_num FROM alembic_version"))
        assert version == "0008"
        _db.session.remove()
        _db.engine.dispose()
