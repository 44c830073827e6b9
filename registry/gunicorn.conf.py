"""gunicorn settings for production: ``gunicorn -c registry/gunicorn.conf.py`` (see ``make serve``).

Every value can be tuned from the environment; docs/operations.md lists the variables.
"""

import gc
import multiprocessing
import os

import gunicorn.http.wsgi

# The Server header names no software: "gunicorn" only helps a scanner pick its exploits.
# gunicorn has no setting for it; every response reads this module's value.
gunicorn.http.wsgi.SERVER = "registry"

wsgi_app = "registry.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# gunicorn's usual advice, 2 x cores + 1, capped: each worker holds a database connection.
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 9)))
# A worker silent this long is killed and replaced by the master.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM (deploys, restarts) workers get this long to finish the requests they hold.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycling workers now and then bounds the damage of any slow leak.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
# Addresses of the proxies allowed to set X-Forwarded-Proto/-For for gunicorn itself.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Runtime control happens through signals (HUP, TTIN, TTOU); no socket left in $HOME.
control_socket_disable = True

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Path without the query string (%(U)s rather than %(r)s), no Referer and no Authorization:
# nothing that could carry a token or a search someone typed ends up in the log.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'


def post_worker_init(worker):
    """Once the worker has loaded the app, move every object loaded so far (modules, models,
    settings) to the garbage collector's permanent generation: full collections then scan
    only what requests allocate, instead of pausing requests to walk the whole app."""
    gc.freeze()
