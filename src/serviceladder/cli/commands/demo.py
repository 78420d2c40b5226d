def register(sub) -> None:
    p = sub.add_parser("demo", help="create the database with a demo organisation and serve it")
    p.set_defaults(handler=lambda args: 0)
