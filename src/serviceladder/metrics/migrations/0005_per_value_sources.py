"""Per-value sources (metrics/provenance.py): a row's `"sheet"` and `"sheet_fields"` become
`"sheets": {field: that sheet}`, so every figure names the file it came from."""

from django.db import migrations


def forwards(apps, schema_editor):
    MonthlyMetric = apps.get_model("metrics", "MonthlyMetric")
    changed = []
    for metric in MonthlyMetric.objects.filter(params__has_key="sheet_fields").iterator(chunk_size=2000):
        params = dict(metric.params)
        sheet = params.pop("sheet", None) or {}
        fields = params.pop("sheet_fields", None) or []
        params["sheets"] = {**dict.fromkeys(fields, sheet), **params.get("sheets", {})}
        metric.params = params
        changed.append(metric)
    MonthlyMetric.objects.bulk_update(changed, ["params"], batch_size=1000)


def backwards(apps, schema_editor):
    MonthlyMetric = apps.get_model("metrics", "MonthlyMetric")
    changed = []
    for metric in MonthlyMetric.objects.filter(params__has_key="sheets").iterator(chunk_size=2000):
        params = dict(metric.params)
        sheets = params.pop("sheets") or {}
        if sheets:
            params["sheet"] = next(iter(sheets.values()))
            params["sheet_fields"] = list(sheets)
        metric.params = params
        changed.append(metric)
    MonthlyMetric.objects.bulk_update(changed, ["params"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("metrics", "0004_import_job_problem_count")]
    operations = [migrations.RunPython(forwards, backwards)]
