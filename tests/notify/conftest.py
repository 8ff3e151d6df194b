"""The outbox tests' SMTP server: aiosmtpd on loopback, a real server and not a mock."""

from tests.notify.mail import smtp  # noqa: F401  (the fixture)
