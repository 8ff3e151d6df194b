"""The Facial Recognition Oversight Register."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix

from oversight import logs
from oversight.config import CONFIGS, Config
from oversight.extensions import babel, csrf, db, limiter, login_manager, migrate

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def create_app(
    config: str | type[Config] | None = None, overrides: Mapping[str, Any] | None = None
) -> Flask:
    """Build the app. `config` names a configuration (APP_ENV, else production)."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("INSTANCE_PATH") or os.path.join(ROOT, "instance"),
        template_folder=os.path.join(ROOT, "templates"),
    )
    if config is None or isinstance(config, str):
        config = CONFIGS[config or os.environ.get("APP_ENV", "production")]
    settings = config()
    settings.init(app.instance_path)
    app.config.from_object(settings)
    app.config.update(overrides or {})

    logs.configure(testing=bool(app.config.get("TESTING")))
    if app.config.get("ARGON2_COST"):
        from oversight.auth import passwords

        passwords.configure(*app.config["ARGON2_COST"])
    if app.config.get("TRACKING_CODE_HASH"):
        from oversight.complaints import codes

        codes.configure(app.config["TRACKING_CODE_HASH"])
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(os.path.join(ROOT, "templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    from oversight.web.bodies import DrainBodies

    app.wsgi_app = DrainBodies(app.wsgi_app, app.config["BODY_DRAIN_LIMIT"])  # type: ignore[method-assign]
    if app.config["TRUSTED_PROXY_COUNT"]:
        count = app.config["TRUSTED_PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)  # type: ignore[method-assign]

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(ROOT, "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.session_protection = None  # sessions end by version and timeout instead

    from oversight.web import i18n, templating

    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)
    templating.init_app(app)

    # Import every model so the metadata (and so Alembic) sees them all.
    from oversight.api.statistics import bp as api_statistics_bp
    from oversight.api.tokens import models as _tokens  # noqa: F401  (registers tables)
    from oversight.api.tokens.admin import bp as tokens_bp
    from oversight.api.views import bp as api_bp
    from oversight.audit import models as _audit  # noqa: F401  (registers tables)
    from oversight.audit.access_log.views import bp as access_log_bp
    from oversight.audit.views import bp as audit_bp
    from oversight.auth import models as _auth  # noqa: F401  (registers tables)
    from oversight.auth.admin import bp as users_bp
    from oversight.auth.session import bp as session_bp
    from oversight.auth.views import bp as auth_bp
    from oversight.casework.duplicates.views import bp as duplicates_bp
    from oversight.casework.intake.views import bp as intake_bp
    from oversight.casework.queue import models as _queue  # noqa: F401  (registers tables)
    from oversight.casework.queue.views import bp as queue_bp
    from oversight.casework.replies.views import bp as new_reply_bp
    from oversight.casework.views import bp as casework_bp
    from oversight.complaints import models as _complaints  # noqa: F401  (registers tables)
    from oversight.deployments.imports.views import bp as imports_bp
    from oversight.deployments.records import models as _deployments  # noqa: F401  (registers tables)
    from oversight.deployments.register.views import bp as register_bp
    from oversight.deployments.staff.views import bp as deployments_bp
    from oversight.drafts import models as _drafts  # noqa: F401  (registers tables)
    from oversight.drafts.views import bp as drafts_bp
    from oversight.forces import models as _forces  # noqa: F401  (registers tables)
    from oversight.letters.views import bp as letters_bp
    from oversight.links import models as _links  # noqa: F401  (registers tables)
    from oversight.links.views import bp as linking_bp
    from oversight.notify import models as _notify  # noqa: F401  (registers tables)
    from oversight.notify.wording.views import bp as message_templates_bp
    from oversight.pages import models as _pages  # noqa: F401  (registers tables)
    from oversight.pages.views import bp as pages_bp
    from oversight.public import models as _public  # noqa: F401  (registers tables)
    from oversight.public.saving import bp as saving_bp
    from oversight.public.track.views import bp as track_bp
    from oversight.public.views import bp as public_bp
    from oversight.reminders import models as _reminders  # noqa: F401  (registers tables)
    from oversight.retention import models as _retention  # noqa: F401  (registers tables)
    from oversight.retention.hold_views import bp as legal_holds_bp
    from oversight.retention.views import bp as retention_bp
    from oversight.rights import models as _rights  # noqa: F401  (registers tables)
    from oversight.rights.web.requests import bp as rights_bp
    from oversight.rights.web.work import bp as rights_work_bp
    from oversight.statistics import calendar as _calendar  # noqa: F401  (registers tables)
    from oversight.statistics import checks as _checks  # noqa: F401  (registers tables)
    from oversight.statistics import models as _statistics  # noqa: F401  (registers tables)
    from oversight.statistics.web.calendar import bp as statistics_calendar_bp
    from oversight.statistics.web.calendar_staff import bp as statistics_calendar_staff_bp
    from oversight.statistics.web.downloads import bp as statistics_downloads_bp
    from oversight.statistics.web.public import bp as statistics_bp
    from oversight.statistics.web.staff import bp as statistics_staff_bp
    from oversight.statistics.web.trends import bp as statistics_trends_bp

    for blueprint in (
        public_bp,
        track_bp,
        saving_bp,
        auth_bp,
        users_bp,
        audit_bp,
        casework_bp,
        new_reply_bp,
        duplicates_bp,
        intake_bp,
        deployments_bp,
        imports_bp,
        linking_bp,
        register_bp,
        api_bp,
        api_statistics_bp,
        tokens_bp,
        statistics_bp,
        statistics_downloads_bp,
        statistics_staff_bp,
        statistics_calendar_bp,
        statistics_calendar_staff_bp,
        statistics_trends_bp,
        rights_bp,
        rights_work_bp,
        legal_holds_bp,
        retention_bp,
        access_log_bp,
        pages_bp,
        session_bp,
        drafts_bp,
        queue_bp,
        letters_bp,
        message_templates_bp,
    ):
        app.register_blueprint(blueprint)

    # Sections other packages add to the case page, in the order it shows them.
    from oversight.casework import page as case_page
    from oversight.casework.duplicates.views import DUPLICATES
    from oversight.casework.replies.views import NEW_REPLY
    from oversight.links.case_page import DEPLOYMENTS

    case_page.add_section(app, NEW_REPLY)
    case_page.add_section(app, DEPLOYMENTS)
    case_page.add_section(app, DUPLICATES)
    from oversight.retention.hold_views import LEGAL_HOLD

    case_page.add_section(app, LEGAL_HOLD)
    from oversight.letters.views import LETTERS

    case_page.add_section(app, LETTERS)

    from oversight import access, cli
    from oversight.web import errors, headers

    access.init_app(app)
    headers.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    from oversight.reminders.cli import reminders_cli

    app.cli.add_command(reminders_cli)
    return app
