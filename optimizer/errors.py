"""What can go wrong with the user's input, as one exception tree.

* PlannerError (ValueError): the base; the CLI and the app catch only this
  + InputFileError: a file that cannot be read as a table (not a spreadsheet,
    corrupt, password-protected, empty)
    + TableFormatError: a readable table with a wrong column or a bad cell
  + DataError: a value that breaks a rule of the model (an activity ID, an effort)
  + UnknownYearError: a performance year with no rules or no bundled data
  + ProvisionalYearError: a submission for a year planned on another year's data
  + ScenarioError: choices that contradict the rules (APP before 2021, an
    unknown MVP, an unknown activity ID)
  + SolverError: a solver that is not installed or failed to run
  + WorkspaceError: the workspace database cannot be opened, or refuses a change
    (an unknown practice, a period shorter than the activity needs, a file too big)
    + StaleWriteError: a save over a change someone else made since it was read
    + AttestationRefusedError: an attestation whose year, activities, points or
      clinicians do not hold yet (each reason in words)

An infeasible plan is not an error: it is a Plan whose status says so.
"""

from __future__ import annotations


class PlannerError(ValueError):
    """Input the planner cannot use; its message says what, where and how to fix it.

    ``in_app`` is the same message in the app's words where the message names a
    command or an option (``mips-ia practice add``, ``--year``): the app shows it,
    the command line ``str(error)``."""

    def __init__(self, message: str = "", *, in_app: str | None = None) -> None:
        super().__init__(message)
        self.in_app = message if in_app is None else in_app


class InputFileError(PlannerError):
    """A file that cannot be read as a table at all."""

    def __init__(self, message: str, *, source: str, in_app: str | None = None) -> None:
        super().__init__(message, in_app=in_app)
        self.source = source


class TableFormatError(InputFileError):
    """A table whose columns or cells break a rule; names the row and column."""

    def __init__(
        self,
        message: str,
        *,
        source: str,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        super().__init__(message, source=source)
        self.row = row
        self.column = column


class DataError(PlannerError):
    """A value of an activity, an inventory or a roster that breaks the model's rules."""


class UnknownYearError(PlannerError):
    """A performance year for which the project has no rules or no inventory."""


class ProvisionalYearError(PlannerError):
    """A QPP submission asked for a year whose plan rests on another year's CMS list."""


class ScenarioError(PlannerError):
    """Planning choices that cannot go together under the year's rules."""


class SolverError(PlannerError):
    """A solver that is not installed, or that failed to run."""


class WorkspaceError(PlannerError):
    """The workspace database cannot be opened, or refuses a change; nothing is written."""


class StaleWriteError(WorkspaceError):
    """A save based on data someone else has changed since it was read (optimistic locking)."""


class AttestationRefusedError(WorkspaceError):
    """An attestation refused before anything is recorded; ``reasons`` says why, each in words."""

    def __init__(self, message: str, reasons: tuple[str, ...]) -> None:
        super().__init__(message)
        self.reasons = reasons
