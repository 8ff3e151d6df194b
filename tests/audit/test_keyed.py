"""The keyed chain and its checkpoints: someone who can write to the database but has
neither the audit key nor the checkpoint file cannot rewrite the trail unseen."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sqlalchemy as sa

from oversight.audit import chain
from oversight.audit.models import AuditChainHead, AuditEvent
from tests.audit.trail import EVENTS_TABLE, record_some, verify_command

HEAD_TABLE = AuditChainHead.__table__


@pytest.fixture
def checkpoint_file(app, tmp_path, monkeypatch) -> Any:
    path = tmp_path / "checkpoints.jsonl"
    monkeypatch.setitem(app.config, "AUDIT_CHECKPOINT_FILE", str(path))
    return path


def checkpoint(runner: Any) -> Any:
    return runner.invoke(args=["audit", "checkpoint"])


def rechain(db: Any, from_seq: int, link: Any, **changes: Any) -> None:
    """What an attacker without the key does: change event `from_seq`, then recompute
    every link from it to the end with `link` and move the head to match."""
    db.session.expire_all()
    events = list(db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq)))
    prev = events[from_seq - 2].hash if from_seq > 1 else "0" * 64
    for event in events[from_seq - 1 :]:
        fields = {**chain.fields(event), **(changes if event.seq == from_seq else {})}
        new_hash = link(prev, fields)
        db.session.execute(
            sa.update(EVENTS_TABLE)
            .where(EVENTS_TABLE.c.seq == event.seq)
            .values(prev_hash=prev, hash=new_hash, **(changes if event.seq == from_seq else {}))
        )
        prev = new_hash
    db.session.execute(sa.update(HEAD_TABLE).values(last_hash=prev))
    db.session.commit()


def test_a_row_changed_and_the_chain_recomputed_with_plain_sha256_is_caught(
    db, runner, checkpoint_file
):
    record_some(db, 10)
    rechain(db, 6, chain.digest, actor="user:999")
    outcome = verify_command(runner)
    assert outcome.exit_code == 1
    assert "broken at event 6: altered since it was recorded" in outcome.output


def test_a_row_changed_and_the_chain_recomputed_with_a_wrong_key_is_caught(
    db, runner, checkpoint_file
):
    record_some(db, 10)
    rechain(db, 3, lambda prev, fields: chain.mac(b"a guess", prev, fields), actor="user:999")
    outcome = verify_command(runner)
    assert outcome.exit_code == 1
    assert "broken at event 3: altered since it was recorded" in outcome.output


def test_the_same_rewrite_with_the_key_passes_the_chain_but_not_a_checkpoint(
    db, runner, checkpoint_file
):
    """The checkpoint holds even against someone who has the key."""
    record_some(db, 10)
    assert checkpoint(runner).exit_code == 0
    key = chain.keys()[0]
    rechain(db, 4, lambda prev, fields: chain.mac(key, prev, fields), actor="user:999")
    assert chain.verify().intact
    outcome = verify_command(runner)
    assert outcome.exit_code == 1
    assert "event 10): the event's hash differs, so it was rewritten" in outcome.output


def test_moving_the_key_boundary_to_pass_off_plain_links_is_caught_by_a_checkpoint(
    db, runner, checkpoint_file
):
    record_some(db, 10)
    assert checkpoint(runner).exit_code == 0
    db.session.execute(sa.update(HEAD_TABLE).values(keyed_from_seq=11))
    db.session.commit()
    rechain(db, 1, chain.digest, actor="user:999")
    assert chain.verify().intact  # alone, the database cannot tell
    outcome = verify_command(runner)
    assert outcome.exit_code == 1
    assert "the keyed chain began at event 1, the database now says 11" in outcome.output


def test_a_key_boundary_past_the_newest_event_is_caught(db, runner, checkpoint_file):
    record_some(db, 3)
    db.session.execute(sa.update(HEAD_TABLE).values(keyed_from_seq=9))
    db.session.commit()
    outcome = verify_command(runner)
    assert outcome.exit_code == 1
    assert "the chain head's key boundary was moved" in outcome.output


def test_a_tail_cut_with_the_head_rewound_is_caught_by_the_checkpoint(db, runner, checkpoint_file):
    record_some(db, 10)
    assert checkpoint(runner).exit_code == 0
    seventh = db.session.scalar(sa.select(AuditEvent.hash).where(AuditEvent.seq == 7))
    db.session.execute(sa.delete(EVENTS_TABLE).where(EVENTS_TABLE.c.seq > 7))
    db.session.execute(sa.update(HEAD_TABLE).values(seq=7, last_hash=seventh))
    db.session.commit()
    assert chain.verify().intact  # the chain alone looks whole
    outcome = verify_command(runner)
    assert outcome.exit_code == 1
    assert "event 10): the database no longer has that event" in outcome.output
    assert "the chain ends at event 7 but a checkpoint recorded event 10" in outcome.output


def test_an_honest_chain_passes_against_every_checkpoint(db, runner, checkpoint_file):
    outcome = verify_command(runner)
    assert outcome.exit_code == 0
    assert "No checkpoints in" in outcome.output
    assert checkpoint(runner).exit_code == 0  # of the empty chain
    record_some(db, 5)
    made = checkpoint(runner)
    assert made.exit_code == 0
    record_some(db, 3)
    outcome = verify_command(runner)
    assert outcome.exit_code == 0, outcome.output
    assert "Audit trail intact: 8 events checked." in outcome.output
    assert "Checkpoints agree: 2 in" in outcome.output
    assert "the newest at event 5" in outcome.output
    lines = checkpoint_file.read_text().splitlines()
    assert [json.loads(line)["seq"] for line in lines] == [0, 5]
    assert made.output.strip() == lines[1]
    assert set(json.loads(lines[1])) == {"at", "hash", "keyed_from_seq", "seq", "mac"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: {**c, "seq": 2}, "line 1: the signature does not match"),
        (lambda c: {**c, "hash": "f" * 64}, "line 1: the signature does not match"),
        (lambda c: {**c, "mac": "0" * 64}, "line 1: the signature does not match"),
        (lambda c: {k: v for k, v in c.items() if k != "mac"}, "line 1: not a checkpoint"),
    ],
    ids=["seq", "hash", "mac", "unsigned"],
)
def test_a_tampered_checkpoint_is_reported(db, runner, checkpoint_file, change, message):
    record_some(db, 3)
    assert checkpoint(runner).exit_code == 0
    line = json.loads(checkpoint_file.read_text())
    checkpoint_file.write_text(json.dumps(change(line)) + "\nnot json\n")
    outcome = verify_command(runner)
    assert outcome.exit_code == 1
    assert message in outcome.output
    assert "line 2: not a checkpoint (it cannot be read)" in outcome.output


def test_a_checkpoint_signed_with_another_key_is_reported(app, db, runner, checkpoint_file):
    record_some(db, 3)
    app.config["AUDIT_KEY"], key = "another-key-" + "x" * 32, app.config["AUDIT_KEY"]
    try:
        # Under another key the events themselves no longer verify: no checkpoint.
        refused = checkpoint(runner)
        assert refused.exit_code == 1
        assert "No checkpoint written" in refused.output
        assert not checkpoint_file.exists()
    finally:
        app.config["AUDIT_KEY"] = key


def test_no_checkpoint_is_written_for_a_broken_chain(db, runner, checkpoint_file):
    record_some(db, 4)
    db.session.execute(sa.update(EVENTS_TABLE).where(EVENTS_TABLE.c.seq == 2).values(actor="x"))
    db.session.commit()
    outcome = checkpoint(runner)
    assert outcome.exit_code == 1
    assert "broken at event 2: altered since it was recorded" in outcome.output
    assert not checkpoint_file.exists()


def test_a_rotated_key_verifies_with_the_previous_one_set(app, db, runner, checkpoint_file):
    old = app.config["AUDIT_KEY"]
    record_some(db, 3)
    new = "the-new-audit-key-" + "n" * 32
    try:
        app.config.update(AUDIT_KEY=new, AUDIT_KEY_PREVIOUS=old)
        record_some(db, 3)
        assert chain.verify().intact
        assert verify_command(runner).exit_code == 0
        # An event under the old key after one under the new key is refused.
        fifth = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.seq == 5))
        rechain(db, 5, lambda prev, fields: chain.mac(old.encode(), prev, fields))
        assert fifth is not None
        result = chain.verify()
        assert (result.broken_at, result.reason) == (5, "altered since it was recorded")
        app.config["AUDIT_KEY_PREVIOUS"] = None
        assert chain.verify().broken_at == 1
    finally:
        app.config.update(AUDIT_KEY=old, AUDIT_KEY_PREVIOUS=None)
