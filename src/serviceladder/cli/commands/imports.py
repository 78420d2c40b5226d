def register(sub) -> None:
    p = sub.add_parser("import", help="import people data (roster, teams, pay, exams, violations, trainings)")
    p.set_defaults(handler=lambda args: 0)
