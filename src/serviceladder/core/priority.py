"""Imports give way to people: a process doing batch work (a command-line import, the upload worker) lowers
its scheduling priority, so that on a small server the pages, comments and sign-ins of everyone else get the
processor first while DuckDB computes. It changes only how the operating system shares the processor, never
what is imported. README "Long imports and a busy database"."""

from __future__ import annotations

import os

ENV = "SERVICELADDER_IMPORT_NICE"
DEFAULT = 10


def nice_increment() -> int:
    """How much lower batch work runs: SERVICELADDER_IMPORT_NICE (0 to 19; default 10; 0 keeps it as is)."""
    try:
        value = int(os.environ.get(ENV, DEFAULT))
    except ValueError:
        return DEFAULT
    return min(max(value, 0), 19)


def lower_for_batch_work() -> int:
    """Lower this process's priority (threads started afterwards, DuckDB's among them, inherit it); returns
    the increment applied, 0 where the platform has no nice() or refuses it."""
    increment = nice_increment()
    if increment == 0 or not hasattr(os, "nice"):
        return 0
    try:
        os.nice(increment)
    except OSError:
        return 0
    return increment
