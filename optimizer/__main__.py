"""``python -m optimizer`` is the ``mips-ia`` command."""

import sys

from optimizer.cli.mips_ia import main

sys.exit(main())
