from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WellbeingConfig(AppConfig):
    name = "serviceladder.wellbeing"
    label = "wellbeing"
    verbose_name = _("Wellbeing")

    def ready(self) -> None:
        # Each topic registers its kinds of pending work (todos.registry) and its daily steps here, importing
        # its services only when a step runs (see recognition.apps for why).
        _signals_ready()
        _voice_ready()
        _cases_ready()
        _activities_ready()
        _retention_ready()
        _pulse_ready()


def _voice_ready() -> None:
    """The voice channel: items to answer and escalated items in the to-do registry; the daily escalation of
    items past their answer deadline (exactly once each); HR's to-do to import a year's official holiday
    calendar while a deadline is provisional, and the recount of those deadlines once the year is official."""
    from serviceladder.daily.registry import daily_step
    from serviceladder.todos.registry import register
    from serviceladder.wellbeing import todos_voice
    from serviceladder.workcalendar.hooks import on_years_official

    def escalate(day):
        from serviceladder.wellbeing.services.voice import voice_escalate_due

        return voice_escalate_due(day)

    def recompute(*, actor, calendar, years):
        from serviceladder.wellbeing.services.voice import voice_recompute_provisional_due

        return voice_recompute_provisional_due(actor=actor, calendar=calendar, years=years)

    register("wellbeing.voice", todos_voice.voice_todos, kinds=todos_voice.KINDS)
    daily_step("wellbeing.voice_escalation", escalate)
    on_years_official("wellbeing.voice", recompute)


def _signals_ready() -> None:
    """Stages and signals: the daily scan of the last complete month once it has figures."""
    from serviceladder.daily.registry import daily_step

    def scan(day):
        from serviceladder.wellbeing.services.scan import scan_due

        return scan_due(day)

    daily_step("wellbeing.signals", scan)


def _cases_ready() -> None:
    """Cases: a warning to act on without a case, the owner's actions due, a follow-up due; the daily
    reminder of each overdue action, sent once (the retention purge is services/retention.py)."""
    from serviceladder.daily.registry import daily_step
    from serviceladder.todos.registry import register
    from serviceladder.wellbeing import todos_cases

    def remind(day):
        from serviceladder.wellbeing.services.cases import case_reminders_send

        return case_reminders_send(day)

    register("wellbeing.cases", todos_cases.case_todos, kinds=todos_cases.KINDS)
    daily_step("wellbeing.case_reminders", remind)


def _activities_ready() -> None:
    """The organiser's attendance to record after an activity."""
    from serviceladder.todos.registry import register
    from serviceladder.wellbeing import todos_activities

    register("wellbeing.activities", todos_activities.activity_todos, kinds=todos_activities.KINDS)


def _retention_ready() -> None:
    """The daily purge of wellbeing data past the policy's retention_months."""
    from serviceladder.daily.registry import daily_step

    def purge(day):
        from serviceladder.wellbeing.services.retention import retention_purge

        return retention_purge(today=day)

    daily_step("wellbeing.retention", purge)


def _pulse_ready() -> None:
    """The pulse: the person's pulse to answer; the daily step that opens and closes cycles by date."""
    from serviceladder.daily.registry import daily_step
    from serviceladder.todos.registry import register
    from serviceladder.wellbeing import todos_pulse

    def cycles(day):
        from serviceladder.wellbeing.services.pulse import pulse_cycles_step

        return pulse_cycles_step(day)

    register("wellbeing.pulse", todos_pulse.pulse_todos, kinds=todos_pulse.KINDS)
    daily_step("wellbeing.pulse", cycles)
