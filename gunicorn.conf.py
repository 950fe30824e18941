"""gunicorn's settings for the archive (``make run`` and docker-compose.yml start it with
``--config gunicorn.conf.py``; a flag on the command line overrides a setting here).

Workers for a 2-core machine: see the comment above ``workers`` below (requests per
second measured with bench/http_load.py against 100,000 articles).
"""
import gc
import os

# 3 processes of 2 threads (gthread) on 2 cores; WEB_WORKERS, WEB_THREADS, WEB_WORKER_CLASS
# change them. Measured with bench/http_load.py (8 clients, 100,000 articles, SQLite and
# PostgreSQL) against sync workers (2, 3, 4) and gthread (2x4, 3x2, 4x2):
# - a request is Python work under one GIL per process (SQLite runs inside it too), so
#   threads add no cores: processes do, and 3 keep both cores busy while one waits (on
#   PostgreSQL, on a file of the cache) without many threads contending for one GIL;
# - gthread keeps connections alive (sync closes each one): a cached search cost the
#   server 2.9-3.5 ms of CPU (API) and 4.8-4.9 ms (page) with gthread, 3.8 and 6.1 with 3
#   sync workers, in runs back to back; and a client that reads slowly holds a connection,
#   not a worker, which matters as `make run` and docker-compose.yml serve with no proxy;
# - requests/s on this shared machine (load 3-8) varied more between runs than between
#   these settings; more processes than 3 only added memory (each loads the dictionaries).
# (An empty variable, as the Makefile exports an unset one, means the default.)
workers = int(os.environ.get("WEB_WORKERS") or 3)
worker_class = os.environ.get("WEB_WORKER_CLASS") or "gthread"
threads = int(os.environ.get("WEB_THREADS") or 2)
timeout = 60


def post_worker_init(worker):
    """Load the URL configuration (and with it every view module) now, then move everything
    loaded so far out of the garbage collector's way.

    ``gc.freeze()`` puts the objects that exist after start-up (Django's apps, models,
    templates, URL patterns) in a permanent generation that the collector never scans again:
    in process on the 100,000-article archive, a full collection took ~70 ms before it and
    ~23 ms after, and the collector's share of a search request ~0.85 -> ~0.56 ms.
    """
    from django.urls import get_resolver

    get_resolver().url_patterns  # imports archive.urls and the views it names
    gc.collect()
    gc.freeze()
