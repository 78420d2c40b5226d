"""`serviceladder health`: the upload worker's state and the import queue; exits 1 when the worker is down."""

from __future__ import annotations

import json

from serviceladder.cli.main import EXIT_ERROR, EXIT_OK


def register(sub) -> None:
    p = sub.add_parser("health", help="the upload worker's state and the import queue (exit 1: worker down)")
    p.add_argument("--json", action="store_true", help="print the state as JSON")
    p.set_defaults(handler=_health)


def _health(args) -> int:
    from django.utils.translation import gettext as _

    from serviceladder.metrics.worker_state import worker_health

    state = worker_health()
    if args.json:
        print(json.dumps(state))
    else:
        label = {
            "running": _("running (pid %(pid)s, last heartbeat %(beat)s s ago)"),
            "down": _("DOWN (last heartbeat %(beat)s s ago from pid %(pid)s)"),
            "never_started": _("DOWN (it never started: is `serviceladder serve` running?)"),
        }[state["worker"]] % {"pid": state["pid"], "beat": state["last_beat_seconds"]}
        print(_("upload worker: %(state)s") % {"state": label})
        print(
            _("import queue: %(queued)s waiting, %(running)s running")
            % {"queued": state["queued"], "running": state["running"]}
        )
        if state["oldest_queued_seconds"] is not None:
            print(_("oldest waiting: %(seconds)s s") % {"seconds": state["oldest_queued_seconds"]})
        daily = state["daily"]
        if daily["last_day"] is None:
            print(_("daily job: never ran"))
        else:
            print(
                _("daily job: last ran for %(day)s, finished %(at)s")
                % {"day": daily["last_day"], "at": daily["last_finished_at"] or "-"}
            )
        if daily["failed_steps"]:
            print(_("daily steps that failed: %(steps)s") % {"steps": ", ".join(daily["failed_steps"])})
        print(_("next daily run: %(at)s") % {"at": daily["next_run_at"] or _("none queued")})
    return EXIT_OK if state["worker"] == "running" else EXIT_ERROR
