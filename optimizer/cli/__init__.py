"""The ``mips-ia`` command line (``main``), one module per command."""

from optimizer.cli.main import main

__all__ = ["main"]
