"""gunicorn's settings for the register, read by `gunicorn app:app` run from the repository
root (or named with `-c gunicorn.conf.py`). Each can be set from the environment.

A worker that dies (killed, out of memory, timed out) is replaced at once: the app is
loaded once in the master before it forks (`preload_app`), so a new worker starts in
milliseconds instead of importing the app again (3 s of CPU on the 2-core machine, which
is what made killed workers take the service down with them). A forked worker never uses a
database connection opened before the fork: `post_fork` empties the pool it inherits.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def _number(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# Where to listen: behind the reverse proxy on the same host by default.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
# Sync workers, one request at a time each: a worker killed mid-request cuts off that one
# request only. WEB_CONCURRENCY sets their number: three per core by default, as each
# request also waits on the database (bench/faults.py on 2 cores, a worker killed every
# second: 95 % of the no-kill throughput with 6 workers, 76 % with 4).
workers = _number("WEB_CONCURRENCY", 3 * (os.cpu_count() or 1))
worker_class = "sync"
# Connections waiting for a free worker queue here, so a dying worker drops none of them.
backlog = _number("GUNICORN_BACKLOG", 2048)

preload_app = True
# A worker silent this long (a request stuck on a lock, a hung call) is killed and
# replaced. 30 s is far beyond any public page; preparing a statistics release from the
# staff pages runs in the request and takes longer on a large register: set
# GUNICORN_TIMEOUT=120 there, or prepare it with `flask statistics prepare` instead.
timeout = _number("GUNICORN_TIMEOUT", 30)
# On a restart or shutdown, a worker has this long to finish the request it is serving.
graceful_timeout = _number("GUNICORN_GRACEFUL_TIMEOUT", 20)
# Replace each worker after about this many requests (0: never), at staggered times.
max_requests = _number("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _number("GUNICORN_MAX_REQUESTS_JITTER", 200)
# Workers' heartbeat files in memory, so a busy disk cannot make a live worker look hung.
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else None  # noqa: S108  (not a secret)
# No access log: paths and query strings can carry references and search words.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# No runtime control socket (gunicornc): nothing here needs one, and several servers on
# one host (a benchmark, a test) would otherwise share its default path.
control_socket_disable = True
proc_name = "oversight"


def when_ready(server: Any) -> None:
    """Do in the master, once, what each worker would otherwise do on its first requests:
    compile every template (about 2 s of CPU for them all; a fresh worker took 0.4 s
    over its first page and 0.1 s over each new one), load the bank holidays (0.2 s over
    the first complaint sent), set up the ORM's mappers and the URL map. Reads no data
    and opens no connection. Then freeze what is loaded, so the collector in each worker
    leaves those pages shared with the master instead of copying them."""
    import gc
    from datetime import date

    import sqlalchemy as sa

    from oversight import workdays

    flask_app = server.app.wsgi()
    sa.orm.configure_mappers()
    flask_app.url_map.update()
    environment = flask_app.jinja_env
    for name in environment.list_templates(extensions=("html", "txt")):
        environment.get_template(name)
    today = date.today()
    for year in (today.year, today.year + 1):
        workdays.is_working_day(date(year, 1, 1))
    gc.collect()
    gc.freeze()
    server.log.info("templates compiled before the workers start")


def post_fork(server: Any, worker: Any) -> None:
    """Empty the database pool the worker inherited from the master: a connection used by
    two processes corrupts both. (`create_app` opens none, but anything run in the master
    before the fork could.) The worker opens its own on its first request."""
    from oversight.extensions import db

    flask_app = server.app.wsgi()
    with flask_app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)


def worker_int(worker: Any) -> None:
    worker.log.info("worker %s interrupted; finishing", worker.pid)


def worker_abort(worker: Any) -> None:
    """Logged when the master kills a worker that went silent for `timeout` seconds. Only
    the process id: the request it was serving may carry a complainant's answers."""
    worker.log.warning(
        "worker %s timed out after %s s and is replaced; its request was cut off",
        worker.pid,
        worker.cfg.timeout,
    )
