"""``python -m optimizer`` is the ``mips-ia`` command."""

import sys

from optimizer.cli import main

sys.exit(main())
