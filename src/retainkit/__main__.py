from retainkit.cli import main

raise SystemExit(main())
