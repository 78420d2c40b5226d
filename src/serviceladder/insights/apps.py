from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "serviceladder.insights"
    label = "insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        from serviceladder.daily.registry import daily_step

        def snapshot(day):
            # Imported when the step runs, as the other apps' steps are (see recognition.apps).
            from serviceladder.insights.services import SNAPSHOT_DAILY, eligibility_snapshot_refresh
            from serviceladder.policy.errors import NoPolicyInForce

            try:
                run = eligibility_snapshot_refresh(as_of=day, trigger=SNAPSHOT_DAILY)
            except NoPolicyInForce:
                return {"skipped": "no policy in force"}
            return {"run": run.pk, "people": run.people_count, "ms": run.duration_ms}

        daily_step("insights.eligibility_snapshot", snapshot)
