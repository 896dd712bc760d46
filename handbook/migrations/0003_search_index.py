"""The GIN index behind the German full-text search, on PostgreSQL only.

SQLite has no tsvector (handbook.search falls back to a scan there), so the index is made
by SQL that runs only on PostgreSQL instead of a ``GinIndex`` in the model's Meta.
"""

from django.db import migrations

INDEX = "handbook_document_search_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # The search page: documents whose search_vector matches the query (@@).
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON handbook_document USING gin (search_vector)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("handbook", "0002_sections_fields_readerships")]
    operations = [migrations.RunPython(create, drop)]
