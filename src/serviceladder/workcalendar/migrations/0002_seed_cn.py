"""Seed the CN calendar from the installed chinese-calendar package (every year it knows; later years stay
provisional until HR imports the official schedule)."""

from django.db import migrations


def seed(apps, schema_editor):
    from serviceladder.workcalendar.seeding import seed_from_package

    seed_from_package(
        apps.get_model("workcalendar", "CalendarDay"),
        apps.get_model("workcalendar", "CalendarYear"),
        calendar="CN",
    )


def unseed(apps, schema_editor):
    apps.get_model("workcalendar", "CalendarDay").objects.filter(calendar="CN", source="package").delete()
    apps.get_model("workcalendar", "CalendarYear").objects.filter(calendar="CN", source="package").delete()


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
