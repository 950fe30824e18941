from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "News archive"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.backends.signals import connection_created

        from archive.search import signals as search_signals
        from archive.sqlite_files import protect_sqlite_file

        search_signals.connect()
        from archive.web import search_cache

        search_cache.connect()
        from archive.search.engine import sync as engine_sync

        engine_sync.connect()
        connection_created.connect(protect_sqlite_file, dispatch_uid="archive.protect_sqlite_file")
