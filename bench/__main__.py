"""``python -m bench``: run every benchmark (see :mod:`bench.harness`)."""

from bench.harness import main

raise SystemExit(main())
