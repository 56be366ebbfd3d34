from astra_tui.cli import main

raise SystemExit(main())
