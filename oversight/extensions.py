"""Flask extensions, created here and bound to the app in create_app()."""

from flask import current_app
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from oversight.models import Base

# Models subclass Base itself, which db.Model shares its registry with (see oversight/models.py).
db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
babel = Babel()
login_manager = LoginManager()


def _exempt_from_default_limits() -> bool:
    """Default limits are for anonymous POSTs; signed-in staff and reads are exempt."""
    from flask import request
    from flask_login import current_user

    return request.method != "POST" or current_user.is_authenticated


limiter = Limiter(
    key_func=get_remote_address,
    default_limits=[lambda: current_app.config["ANONYMOUS_POST_RATE_LIMIT"]],
    default_limits_exempt_when=_exempt_from_default_limits,
)
