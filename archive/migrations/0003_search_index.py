"""The full-text index, built by the database itself, one migration state on every vendor.

PostgreSQL gets a generated tsvector column with a GIN index; SQLite an FTS5
table kept by triggers (see archive.search.backends). Django's model state does
not change: the index is not a model field, like contrib.postgres's CreateExtension.
"""
from django.db import migrations


class CreateSearchIndex(migrations.operations.base.Operation):
    """Create the vendor's full-text index over the article lemma columns."""

    reversible = True
    reduces_to_sql = False

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        from archive.search.backends import get_backend

        get_backend(schema_editor.connection).install(schema_editor)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        from archive.search.backends import get_backend

        get_backend(schema_editor.connection).uninstall(schema_editor)

    def describe(self):
        return "Create the full-text search index for articles"

    @property
    def migration_name_fragment(self):
        return "search_index"


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0002_nlp_curation"),
    ]

    operations = [CreateSearchIndex()]
