"""``python -m optimizer`` is the ``mips-ia`` command."""

import sys

from optimizer.cli.main import main

sys.exit(main())
