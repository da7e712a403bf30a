"""Gunicorn settings for Debrief in production: `gunicorn -c deploy/gunicorn.conf.py`.

Every value can be changed from the environment (the systemd unit's environment file), so
this file stays as it is in the repository. The workload: many short requests (pages, htmx
fragments, one ballot), bursts on the voting page (a hall of 300 phones scanning the QR code
within a minute), the big screen's poll once a second, and now and then an export (DOCX, XLSX,
PDF) that takes a few seconds.
"""

import os
from pathlib import Path


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


# The repository (or installed copy) root: `debrief.wsgi` is imported from there whatever
# directory gunicorn is started in.
chdir = str(Path(__file__).resolve().parent.parent)
wsgi_app = "debrief.wsgi:application"

# Loopback by default: nginx in front ends TLS and forwards here. Another machine's proxy needs
# the server's own address, e.g. DEBRIEF_BIND=10.0.0.5:8000; several with a comma.
bind = [address.strip() for address in os.environ.get("DEBRIEF_BIND", "127.0.0.1:8000").split(",")]

# Threads in a few processes: a request spends most of its time waiting for PostgreSQL, so
# threads overlap those waits cheaply, and the processes use every core for the Python work.
# A several-second export holds one thread, not a whole process, so the voting page keeps
# answering beside it. Two processes per core and four threads each give 16 requests at
# once on two cores; each thread keeps one database connection (DEBRIEF_DB_CONN_MAX_AGE),
# so count workers x threads per app server against PostgreSQL's max_connections (100).
worker_class = "gthread"
workers = env_int("DEBRIEF_WORKERS", 2 * (os.cpu_count() or 1))
threads = env_int("DEBRIEF_THREADS", 4)

# A process whose main loop is silent this long (wedged, not merely busy: with threads, a slow
# request does not count against it) is killed and replaced. A request's own time is bounded in
# front, by nginx's proxy_read_timeout (90 s in deploy/nginx.conf); the longest export takes
# seconds.
timeout = env_int("DEBRIEF_TIMEOUT", 60)
# On restart (deploy, `systemctl reload`), requests under way get this long to finish.
graceful_timeout = env_int("DEBRIEF_GRACEFUL_TIMEOUT", 30)
# nginx keeps connections to the app servers open (`keepalive` in the upstream); a phone's own
# keep-alive ends at nginx. Longer than nginx's idle time, so gunicorn never closes first.
keepalive = env_int("DEBRIEF_KEEPALIVE", 75)

# Load the application once before forking: a worker that restarts (below) starts in
# milliseconds instead of importing Django again, and the processes share its memory.
preload_app = True
# Restart each process after a few thousand requests (spread out, so not all at once) to
# bound any slow growth of memory; a hall's burst is far below this per process.
max_requests = env_int("DEBRIEF_MAX_REQUESTS", 5000)
max_requests_jitter = max_requests // 10


def when_ready(server):
    """Before the workers fork, import every page's code (the URL configuration imports all views)
    and the translations: otherwise each new worker, and each one replaced after max_requests,
    spends its first request (a second or two) on that, while a hall is waiting."""
    if not server.cfg.preload_app:  # each worker loads the application itself
        return
    from django.urls import reverse
    from django.utils import translation

    reverse("vote:enter")  # imports the URL configuration and indexes every name for {% url %}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            translation.gettext("Enter your code")


# The heartbeat files on a memory file system: a slow disk then never makes a busy worker look
# dead (the usual advice for gunicorn under systemd or in containers).
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# Logs to standard error, which systemd's journal keeps. The access log is the request line,
# status, size and time: never a request body, so no rating reaches a log (ballot codes travel
# after the '#' of the QR link and in POST bodies, neither of which is logged).
accesslog = os.environ.get("DEBRIEF_ACCESS_LOG", "-")
errorlog = os.environ.get("DEBRIEF_ERROR_LOG", "-")
loglevel = os.environ.get("DEBRIEF_GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s"'

# X-Forwarded-Proto is believed only from these addresses (the proxy); Django reads it with
# DEBRIEF_BEHIND_TLS_PROXY=1. The client's address for the wrong-code limit and the login
# throttle comes from DEBRIEF_TRUSTED_PROXIES (debrief/lib/clients.py), not from here.
forwarded_allow_ips = os.environ.get("DEBRIEF_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

proc_name = "debrief"
