from serviceladder.cli.main import main

raise SystemExit(main())
