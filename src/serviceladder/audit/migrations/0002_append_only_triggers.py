from django.db import migrations

from serviceladder.audit.triggers import migration_drop, migration_install


class Migration(migrations.Migration):
    """Refuse UPDATE, DELETE and TRUNCATE on the audit table in the database itself (PostgreSQL, SQLite)."""

    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(migration_install, migration_drop)]
