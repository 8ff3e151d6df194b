"""Configuration classes. Secrets come from the environment only."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import ClassVar

MEGABYTE = 1024 * 1024
DEVELOPMENT_SENDER = "complaints@oversight.invalid"
AUDIT_KEY_MIN_LENGTH = 32


def database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs written the usual way."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class ConfigurationError(RuntimeError):
    """The environment does not give what this configuration needs."""


class Config:
    ENV_NAME = "base"
    SERVICE_NAME = "Facial Recognition Oversight Register"
    # hide_parameters: database errors must not carry answers (personal data) into logs.
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, object]] = {
        "pool_pre_ping": True,
        "hide_parameters": True,
    }

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = 24 * 60 * 60

    BABEL_DEFAULT_LOCALE = "en_GB"
    BABEL_DEFAULT_TIMEZONE = "Europe/London"
    LANGUAGES = ("en", "cy")
    BABEL_TRANSLATION_DIRECTORIES = str(Path(__file__).resolve().parent.parent / "translations")

    # Evidence: at most EVIDENCE_MAX_FILES files of EVIDENCE_MAX_BYTES each.
    EVIDENCE_MAX_BYTES = 20 * MEGABYTE
    EVIDENCE_MAX_FILES = 10
    MAX_CONTENT_LENGTH = EVIDENCE_MAX_FILES * EVIDENCE_MAX_BYTES + MEGABYTE
    MAX_FORM_MEMORY_SIZE = MEGABYTE
    # The rest of a refused body is read (and dropped) up to this much, so the client gets
    # the answer (oversight.web.bodies); past it the connection is closed.
    BODY_DRAIN_LIMIT = MAX_CONTENT_LENGTH + 64 * MEGABYTE
    EVIDENCE_STORAGE_DIR = os.environ.get("EVIDENCE_STORAGE_DIR")
    # A CSV of deployment records waits here between its check and its import.
    IMPORT_STORAGE_DIR = os.environ.get("IMPORT_STORAGE_DIR")
    IMPORT_MAX_BYTES = 50 * MEGABYTE

    # Answers to the complaint questions are kept server-side this long.
    DRAFT_LIFETIME = timedelta(days=1)

    # Working days from receipt (England and Wales bank holidays excluded).
    ACKNOWLEDGE_WORKING_DAYS = int(os.environ.get("ACKNOWLEDGE_WORKING_DAYS", "2"))
    TRIAGE_WORKING_DAYS = int(os.environ.get("TRIAGE_WORKING_DAYS", "10"))
    DECISION_WORKING_DAYS = int(os.environ.get("DECISION_WORKING_DAYS", "60"))
    # A case is "due soon" (on the desk, in reminders) when its next due date is today or
    # within this many working days.
    DUE_SOON_WORKING_DAYS = int(os.environ.get("DUE_SOON_WORKING_DAYS", "2"))
    # Senior caseworkers are reminded (`flask reminders send`) of open cases nobody has been
    # given for more than this many working days since they were received.
    REMINDER_UNASSIGNED_AFTER_WORKING_DAYS = int(
        os.environ.get("REMINDER_UNASSIGNED_AFTER_WORKING_DAYS", "2")
    )
    # A statistics release is published no sooner than this many days after its period
    # ends, so that records made late are counted in it.
    STATISTICS_LAG_DAYS = int(os.environ.get("STATISTICS_LAG_DAYS", "30"))

    # The retention schedule (oversight.retention.schedule): whole months after a case
    # closes before each kind of record goes. The README lists them with their defaults.
    RETENTION_CONTACT_DETAILS_MONTHS = int(os.environ.get("RETENTION_CONTACT_DETAILS_MONTHS", "24"))
    RETENTION_FREE_TEXT_MONTHS = int(os.environ.get("RETENTION_FREE_TEXT_MONTHS", "72"))
    RETENTION_EVIDENCE_MONTHS = int(os.environ.get("RETENTION_EVIDENCE_MONTHS", "24"))
    RETENTION_INTERNAL_NOTES_MONTHS = int(os.environ.get("RETENTION_INTERNAL_NOTES_MONTHS", "72"))
    RETENTION_MESSAGES_MONTHS = int(os.environ.get("RETENTION_MESSAGES_MONTHS", "24"))
    RETENTION_LOGGED_CALLS_MONTHS = int(os.environ.get("RETENTION_LOGGED_CALLS_MONTHS", "24"))

    # The largest rights request bundle (a ZIP built in a temporary file) made at once.
    RIGHTS_BUNDLE_MAX_BYTES = int(os.environ.get("RIGHTS_BUNDLE_MAX_BYTES", str(1024 * MEGABYTE)))

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    TRACK_RATE_LIMIT = os.environ.get("TRACK_RATE_LIMIT", "10 per minute;60 per hour")
    SUBMIT_RATE_LIMIT = os.environ.get("SUBMIT_RATE_LIMIT", "20 per hour")
    ANONYMOUS_POST_RATE_LIMIT = os.environ.get(
        "ANONYMOUS_POST_RATE_LIMIT", "60 per minute;600 per hour"
    )
    SIGN_IN_RATE_LIMIT = os.environ.get("SIGN_IN_RATE_LIMIT", "10 per minute;50 per hour")
    SIGN_IN_ACCOUNT_RATE_LIMIT = os.environ.get(
        "SIGN_IN_ACCOUNT_RATE_LIMIT", "5 per minute;20 per hour"
    )
    # The API: writes per force token, reads of the open register per address.
    FORCE_API_RATE_LIMIT = os.environ.get("FORCE_API_RATE_LIMIT", "120 per minute")
    OPEN_API_RATE_LIMIT = os.environ.get("OPEN_API_RATE_LIMIT", "300 per minute")

    # Staff sessions: no remember-me; idle and absolute limits.
    STAFF_IDLE_TIMEOUT = timedelta(minutes=30)
    STAFF_ABSOLUTE_TIMEOUT = timedelta(hours=12)
    # How long before each limit the page warns (oversight/auth/session.py, timeout.mjs).
    STAFF_IDLE_WARNING = timedelta(minutes=2)
    STAFF_ABSOLUTE_WARNING = timedelta(minutes=10)
    # Text typed in a long field is saved as a draft this long after the last change
    # (assets/drafts.mjs); drafts older than DRAFT_KEEP are purged (`flask drafts purge`).
    DRAFT_SAVE_DELAY = timedelta(seconds=15)
    DRAFT_KEEP = timedelta(days=30)
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)
    HSTS = False

    # Outgoing mail: kept in the outbox only, unless MAIL_SERVER is set.
    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "true").lower() == "true"
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    # Every message's From and (when set) Reply-To. Production needs MAIL_SENDER as soon
    # as MAIL_SERVER is set; development and the tests use an address nobody receives.
    MAIL_SENDER: str | None = os.environ.get("MAIL_SENDER") or DEVELOPMENT_SENDER
    MAIL_REPLY_TO: str | None = os.environ.get("MAIL_REPLY_TO") or None

    # The named contact every statistics release gives (its pages, spreadsheet and API).
    # The defaults name the regulator's statistics team; a deployment sets its own.
    STATISTICS_CONTACT_NAME = os.environ.get(
        "STATISTICS_CONTACT_NAME", "Head of Statistics, Facial Recognition Oversight Regulator"
    )
    STATISTICS_CONTACT_EMAIL = os.environ.get(
        "STATISTICS_CONTACT_EMAIL", "statistics@oversight.invalid"
    )

    # Who we are and how to reach us, for the privacy notice, the contact page and the
    # accessibility statement (oversight.pages.content). The defaults are fictional
    # (.invalid addresses, Ofcom's drama phone numbers); a deployment sets its own.
    CONTROLLER_NAME = os.environ.get("CONTROLLER_NAME", "Facial Recognition Oversight Regulator")
    CONTROLLER_ADDRESS = os.environ.get("CONTROLLER_ADDRESS", "1 Example Street, London, ZZ99 9ZZ")
    DPO_EMAIL = os.environ.get("DPO_EMAIL", "dpo@oversight.invalid")
    CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "complaints@oversight.invalid")
    CONTACT_PHONE = os.environ.get("CONTACT_PHONE", "0306 999 0123")
    CONTACT_PHONE_HOURS = os.environ.get(
        "CONTACT_PHONE_HOURS", "Monday to Friday, 9am to 5pm, except bank holidays"
    )
    CONTACT_ADDRESS = os.environ.get(
        "CONTACT_ADDRESS", "Complaints, 1 Example Street, London, ZZ99 9ZZ"
    )
    BSL_VIDEO_RELAY_URL = os.environ.get(
        "BSL_VIDEO_RELAY_URL", "https://bsl-video-relay.oversight.invalid"
    )

    # Where the public pages are, for links in messages (such as where to reply online).
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://localhost:5000").rstrip("/")

    # Number of proxies in front of the app whose X-Forwarded-For to trust.
    TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

    # The audit chain's key (oversight.audit.chain): from the environment, never the
    # database. AUDIT_KEY_PREVIOUS, while set, still verifies events from before a rotation.
    AUDIT_KEY: str | None = os.environ.get("AUDIT_KEY")
    AUDIT_KEY_PREVIOUS: str | None = os.environ.get("AUDIT_KEY_PREVIOUS") or None
    # Signed checkpoints of the chain head, one JSON line each, appended only.
    AUDIT_CHECKPOINT_FILE: str | None = None

    def init(self, instance_path: str) -> None:
        """Fill in settings that depend on the instance folder."""
        self.AUDIT_CHECKPOINT_FILE = os.environ.get("AUDIT_CHECKPOINT_FILE") or str(
            Path(instance_path) / "audit-checkpoints.jsonl"
        )
        if not self.EVIDENCE_STORAGE_DIR:
            self.EVIDENCE_STORAGE_DIR = str(Path(instance_path) / "evidence")
        if not self.IMPORT_STORAGE_DIR:
            self.IMPORT_STORAGE_DIR = str(Path(instance_path) / "imports")


class DevelopmentConfig(Config):
    """Embedded default: SQLite in the instance folder, demo data, mail kept in the outbox."""

    ENV_NAME = "development"
    DEBUG = False

    def init(self, instance_path: str) -> None:
        super().init(instance_path)
        self.SQLALCHEMY_DATABASE_URI = database_url(
            os.environ.get("DATABASE_URL")
            or "sqlite:///" + str(Path(instance_path) / "oversight.db")
        )
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or _instance_secret(instance_path)
        self.AUDIT_KEY = os.environ.get("AUDIT_KEY") or _instance_secret(instance_path, "audit_key")


class TestConfig(Config):
    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY = secrets.token_hex(32)
    # Fixed, so a test can compute the links a key holder would (and one without cannot).
    AUDIT_KEY = "test-audit-key-0123456789abcdef0123456789abcdef"
    AUDIT_KEY_PREVIOUS = None
    TRACK_RATE_LIMIT = "1000 per minute"
    SUBMIT_RATE_LIMIT = "1000 per minute"
    ANONYMOUS_POST_RATE_LIMIT = "1000 per minute"
    SIGN_IN_RATE_LIMIT = "1000 per minute"
    SIGN_IN_ACCOUNT_RATE_LIMIT = "1000 per minute"
    RATELIMIT_STORAGE_URI = "memory://"
    # Cheap hashing keeps the suite fast; production keeps argon2id's recommended cost.
    ARGON2_COST = (1, 1024, 1)
    TRACKING_CODE_HASH = "pbkdf2:sha256:1000"

    def init(self, instance_path: str) -> None:
        super().init(instance_path)
        self.SQLALCHEMY_DATABASE_URI = database_url(
            os.environ.get("TEST_DATABASE_URL")
            or "sqlite:///" + str(Path(instance_path) / "test.db")
        )


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    HSTS = True

    def init(self, instance_path: str) -> None:
        super().init(instance_path)
        needed = ["SECRET_KEY", "DATABASE_URL", "AUDIT_KEY"]
        if os.environ.get("MAIL_SERVER"):
            needed.append("MAIL_SENDER")
        missing = [name for name in needed if not os.environ.get(name)]
        if missing:
            raise ConfigurationError(
                "Production needs these environment variables: " + ", ".join(missing)
            )
        self.SECRET_KEY = os.environ["SECRET_KEY"]
        self.AUDIT_KEY = os.environ["AUDIT_KEY"]
        if len(self.AUDIT_KEY) < AUDIT_KEY_MIN_LENGTH:
            raise ConfigurationError(
                f"AUDIT_KEY must be at least {AUDIT_KEY_MIN_LENGTH} characters: make one with "
                "python3 -c 'import secrets; print(secrets.token_hex(32))'"
            )
        self.AUDIT_KEY_PREVIOUS = os.environ.get("AUDIT_KEY_PREVIOUS") or None
        self.SQLALCHEMY_DATABASE_URI = database_url(os.environ["DATABASE_URL"])
        # Read now, as the secrets are: never a development address on production mail.
        self.MAIL_SERVER = os.environ.get("MAIL_SERVER")
        self.MAIL_SENDER = os.environ.get("MAIL_SENDER")
        self.MAIL_REPLY_TO = os.environ.get("MAIL_REPLY_TO") or None


def _instance_secret(instance_path: str, name: str = "secret_key") -> str:
    """A random key made once for this development install; never a shared default."""
    path = Path(instance_path) / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}
