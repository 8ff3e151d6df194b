"""`flask force-tokens`: issuing, listing and revoking tokens from the command line."""

from __future__ import annotations

import hashlib

from oversight.api.tokens.cli import force_tokens_cli
from tests.api.force_api import TOKEN, all_tokens, events


def test_the_command_issues_lists_and_revokes_tokens(runner, db):
    issued = runner.invoke(force_tokens_cli, ["issue", "south-wales", "Records system"])
    assert issued.exit_code == 0, issued.output
    plaintext = TOKEN.search(issued.output).group(0)
    [token] = all_tokens(db)
    assert token.token_hash == hashlib.sha256(plaintext.encode()).hexdigest()
    assert token.created_by == "cli"

    listed = runner.invoke(force_tokens_cli, ["list"])
    assert token.prefix in listed.output
    assert plaintext not in listed.output
    assert "active" in listed.output

    revoked = runner.invoke(force_tokens_cli, ["revoke", str(token.id)])
    assert revoked.exit_code == 0, revoked.output
    assert not all_tokens(db)[0].active
    assert [e.actor for e in events(db, "force_token.revoked")] == ["cli"]

    again = runner.invoke(force_tokens_cli, ["revoke", str(token.id)])
    assert again.exit_code == 1
    assert "already revoked" in again.output


def test_the_command_refuses_an_unknown_force_or_token(runner, db):
    unknown = runner.invoke(force_tokens_cli, ["issue", "atlantis", "Records system"])
    assert unknown.exit_code == 2
    assert "no force" in unknown.output
    missing = runner.invoke(force_tokens_cli, ["revoke", "999"])
    assert missing.exit_code == 2
    assert all_tokens(db) == []
