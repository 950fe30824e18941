"""``CACHE_URL`` -> Django's ``CACHES["default"]``: a cache every gunicorn worker shares.

    (unset)            a private folder (0700) in the system's temporary folder, one per user
    file:///path       archive.filecache.FolderCache (Django's FileBasedCache) in that folder
    redis://host:6379/0  Django's RedisCache (needs the ``redis`` package installed)
    db                 DatabaseCache in the archive's database (``manage.py createcachetable``)
    locmem             one cache per process (not shared: the generation would not be either)
    dummy              no cache

A folder by default: ``make run`` needs no server, every worker of the machine shares it,
and a read is a file open (about 0.1 ms); see BENCHMARKS.md for the measured choice.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

#: Entries a file cache keeps before it culls a third of them.
FILE_MAX_ENTRIES = 20_000


def default_folder() -> Path:
    return Path(tempfile.gettempdir()) / f"news-archive-cache-{os.getuid()}"


def cache_config(url: str) -> dict:
    url = (url or "").strip()
    if not url or url.startswith("file:"):
        folder = Path(urlsplit(url).path) if url else default_folder()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return {"BACKEND": "archive.filecache.FolderCache", "LOCATION": str(folder),
                "OPTIONS": {"MAX_ENTRIES": FILE_MAX_ENTRIES}}
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if url == "db":
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "archive_cache"}
    if url == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if url == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ValueError(f"CACHE_URL: unknown cache {url!r} (file:///folder, redis://..., db, locmem or dummy)")
