"""The reminders tests' SMTP server (aiosmtpd on loopback, as the outbox tests use)."""

from tests.notify.mail import smtp  # noqa: F401  (the fixture)
