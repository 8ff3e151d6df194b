"""The Facial Recognition Oversight Register."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from typing import Any

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix

from oversight.config import CONFIGS, Config
from oversight.extensions import babel, csrf, db, limiter, migrate

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

    _configure_logging(app)
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
    if app.config["TRUSTED_PROXY_COUNT"]:
        count = app.config["TRUSTED_PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)  # type: ignore[method-assign]

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(ROOT, "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)

    from oversight import i18n, templating

    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)
    templating.init_app(app)

    # Import every model so the metadata (and so Alembic) sees them all.
    from oversight.audit import models as _audit  # noqa: F401  (registers tables)
    from oversight.complaints import models as _complaints  # noqa: F401  (registers tables)
    from oversight.forces import models as _forces  # noqa: F401  (registers tables)
    from oversight.notify import models as _notify  # noqa: F401  (registers tables)
    from oversight.public import models as _public  # noqa: F401  (registers tables)
    from oversight.public.views import bp as public_bp

    app.register_blueprint(public_bp)

    from oversight import cli, errors

    errors.init_app(app)
    cli.init_app(app)
    return app


def _configure_logging(app: Flask) -> None:
    """Logs go to stdout. They never carry a complainant's personal data."""
    if app.config.get("TESTING"):
        return
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("oversight")
    if not root.handlers:
        root.addHandler(handler)
    root.setLevel(logging.INFO)
