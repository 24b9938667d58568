"""The ``mips-ia`` command line (``main``), one module per command."""

from optimizer.cli.mips_ia import main

__all__ = ["main"]
