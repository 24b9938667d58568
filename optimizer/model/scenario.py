"""What the user decides about one plan: the practice, its statuses and credits,
its history and efforts, and the limits it sets. Checks that need the year's
rules live in ``rules/checks.py``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache

from optimizer.errors import ScenarioError
from optimizer.model.activity import Attestation
from optimizer.model.values import MAX_CLINICIANS, BadValue, hours


class SpecialStatus(StrEnum):
    """Statuses that double points (to 2024) or halve the activities needed (2025 on)."""

    SMALL_PRACTICE = "small-practice"
    RURAL = "rural"
    HPSA = "hpsa"
    NON_PATIENT_FACING = "non-patient-facing"


class Reporting(StrEnum):
    """Who submits: one clinician, a group (TIN), a virtual group or an APM Entity."""

    INDIVIDUAL = "individual"
    GROUP = "group"
    VIRTUAL_GROUP = "virtual-group"
    APM_ENTITY = "apm-entity"


def _frozen_efforts(
    efforts: Mapping[str, float] | Iterable[tuple[str, float]], whose: str = ""
) -> tuple[tuple[str, float], ...]:
    items = efforts.items() if isinstance(efforts, Mapping) else efforts
    pairs = tuple(tuple(pair) for pair in items)
    try:
        return _checked_efforts(pairs, whose)
    except TypeError:  # a value that cannot be hashed: checked (and refused) uncached
        return _checked_efforts.__wrapped__(pairs, whose)


@lru_cache(maxsize=1024)
def _checked_efforts(
    items: tuple[tuple[object, ...], ...], whose: str
) -> tuple[tuple[str, float], ...]:
    """The efforts checked and sorted, once per distinct tuple: a Scenario copied with
    one field changed (``dataclasses.replace``, many times per what-if table) does not
    check its efforts again."""
    checked = []
    for activity_id, value in items:
        try:
            checked.append((str(activity_id), hours(value)))
        except BadValue as exc:
            raise ScenarioError(f"effort of {activity_id}{whose} {exc}") from None
    return tuple(sorted(checked))


@dataclass(frozen=True, slots=True)
class Clinician:
    """One clinician of a group's roster: who they are, what they cannot do, what
    each activity costs them (hours), and how many activities they may take on."""

    id: str
    name: str = ""
    role: str = ""
    cannot: frozenset[str] = frozenset()
    efforts: tuple[tuple[str, float], ...] = ()
    max_activities: int | None = None
    statuses: frozenset[SpecialStatus] = frozenset()
    """The clinician's own statuses (non-patient facing, in a rural or HPSA area): a
    group holds a status when enough of its clinicians do (``rules/group_status.py``)."""

    def __post_init__(self) -> None:
        if not self.id.strip():
            msg = "a clinician needs an NPI or a name"
            raise ScenarioError(msg)
        object.__setattr__(self, "cannot", frozenset(self.cannot))
        object.__setattr__(self, "statuses", frozenset(SpecialStatus(s) for s in self.statuses))
        object.__setattr__(self, "efforts", _frozen_efforts(self.efforts, f" for {self.id}"))
        if self.max_activities is not None and self.max_activities < 0:
            msg = f"'max_activities' of {self.id} must be 0 or more: {self.max_activities}"
            raise ScenarioError(msg)

    @property
    def label(self) -> str:
        """'1234567893 (Dr Lee)' when both are known, else whichever is."""
        return f"{self.id} ({self.name})" if self.name and self.name != self.id else self.id

    def can_do(self, activity_id: str) -> bool:
        return activity_id not in self.cannot

    def effort_for(self, activity_id: str, default: float = 0.0) -> float:
        """This clinician's own hours for an activity (``default`` when the roster gives none)."""
        return dict(self.efforts).get(activity_id, default)


@dataclass(frozen=True, slots=True)
class Scenario:
    """Everything the user decides about one plan. The CLI, the app, batch and the
    workbook all build one through ``sources/scenario_fields.py``; ``plan`` turns
    it into a Plan.

    Usage::

        Scenario(year=2021, statuses=frozenset({SpecialStatus.RURAL}), apm=True)
        Scenario(year=2025, quality=frozenset({"001"}), require_pairing=True)

    ``target`` None means the year's category maximum (full credit).
    """

    year: int
    statuses: frozenset[SpecialStatus] = frozenset()
    apm: bool = False
    app: bool = False
    pcmh: bool = False
    mvp: str | None = None
    reporting: Reporting = Reporting.INDIVIDUAL
    clinicians: int | None = None
    history: tuple[Attestation, ...] = ()
    efforts: tuple[tuple[str, float], ...] = ()
    clinician_efforts: tuple[tuple[str, float], ...] = ()
    quality: frozenset[str] = frozenset()
    require_pairing: bool = False
    min_paired: int = 0
    include: frozenset[str] = frozenset()
    exclude: frozenset[str] = frozenset()
    target: int | None = None
    roster: tuple[Clinician, ...] = ()
    max_per_clinician: int | None = None
    start_date: date | None = None
    max_concurrent: int | None = None
    running: tuple[tuple[str, date | None], ...] = ()
    """Activities the practice already runs, each with the day its window began (None:
    since the start of the year). Their windows are fixed; they cost little more."""
    ia_study: bool = False
    """A participant of CMS's improvement-activity study (full credit, 2017-2019)."""
    web_interface: bool = False
    """An APM Entity reporting quality through the CMS Web Interface (MSSP, Next
    Generation ACO): its IA weight under the APM scoring standard differs in 2017."""
    pi_reweighted: bool | None = None
    """Promoting Interoperability reweighted to 0% (a hardship or exception): the IA
    weight may rise (``YearRules.weight_for``). None: the year's default, which from
    2022 reweights a small practice's PI automatically."""
    cost_reweighted: bool = False
    """The cost category reweighted to 0% (too few attributed episodes, an exception)."""

    def __post_init__(self) -> None:
        # Normalise containers so equal scenarios compare equal however they were built.
        object.__setattr__(self, "statuses", frozenset(SpecialStatus(s) for s in self.statuses))
        object.__setattr__(self, "reporting", Reporting(self.reporting))
        if self.mvp is not None:
            object.__setattr__(self, "mvp", self.mvp.strip().upper() or None)
        object.__setattr__(self, "history", tuple(sorted(set(self.history))))
        object.__setattr__(self, "efforts", _frozen_efforts(self.efforts))
        object.__setattr__(
            self, "clinician_efforts", _frozen_efforts(self.clinician_efforts, " per clinician")
        )
        object.__setattr__(self, "quality", frozenset(self.quality))
        object.__setattr__(self, "include", frozenset(self.include))
        object.__setattr__(self, "exclude", frozenset(self.exclude))
        if self.clinicians is not None and self.clinicians < 1:
            msg = f"'clinicians' must be at least 1: {self.clinicians}"
            raise ScenarioError(msg)
        if self.clinicians is not None and self.clinicians > MAX_CLINICIANS:
            msg = f"'clinicians' must be at most {MAX_CLINICIANS:,}: {self.clinicians:,}"
            in_app = f"Clinicians must be at most {MAX_CLINICIANS:,}: {self.clinicians:,}"
            raise ScenarioError(msg, in_app=in_app)
        if self.min_paired < 0:
            msg = f"'min_paired' must be 0 or more: {self.min_paired}"
            raise ScenarioError(msg)
        if self.target is not None and self.target < 1:
            msg = f"'target' must be at least 1 point: {self.target}"
            raise ScenarioError(msg)
        both = sorted(self.include & self.exclude)
        if both:
            msg = f"{', '.join(both)} cannot be both included and excluded"
            raise ScenarioError(msg)
        self._check_running()
        self._check_group_and_schedule()

    def _check_running(self) -> None:
        started: dict[str, date | None] = {}
        for activity_id, began in self.running:
            if activity_id in started and started[activity_id] != began:
                msg = f"{activity_id} is running since two different days"
                raise ScenarioError(msg)
            if began is not None and began.year != self.year:
                msg = (
                    f"{activity_id} runs for {self.year}, so its window must begin in "
                    f"{self.year}, not on {began.isoformat()}"
                )
                raise ScenarioError(msg)
            started[activity_id] = began
        object.__setattr__(self, "running", tuple(sorted(started.items())))
        both = sorted(set(started) & self.exclude)
        if both:
            msg = f"{', '.join(both)} cannot be both running and excluded"
            raise ScenarioError(msg)

    def _check_group_and_schedule(self) -> None:
        object.__setattr__(self, "roster", tuple(self.roster))
        if self.roster and not self.is_group:
            msg = (
                f"A roster applies to group or virtual-group reporting, "
                f"not to {self.reporting} reporting"
            )
            raise ScenarioError(msg)
        seen: set[str] = set()
        for clinician in self.roster:
            if clinician.id in seen:
                msg = f"clinician {clinician.id} appears twice in the roster"
                raise ScenarioError(msg)
            seen.add(clinician.id)
        if self.roster and self.clinicians is not None and self.clinicians < len(self.roster):
            msg = (
                f"'clinicians' ({self.clinicians}) is smaller than the roster "
                f"({len(self.roster)} clinicians)"
            )
            raise ScenarioError(msg)
        for name in ("max_per_clinician", "max_concurrent"):
            value = getattr(self, name)
            if value is not None and value < 1:
                msg = f"'{name}' must be at least 1: {value}"
                raise ScenarioError(msg)
        if self.start_date is not None and not isinstance(self.start_date, date):
            msg = f"'start_date' must be a date like {self.year}-08-01: {self.start_date!r}"
            raise ScenarioError(msg)

    @property
    def is_group(self) -> bool:
        return self.reporting in (Reporting.GROUP, Reporting.VIRTUAL_GROUP)

    @property
    def group_size(self) -> int | None:
        """How many clinicians the 50% rule counts: the given number, else the roster's.
        An APM Entity is held to the rule like a group (qpp.cms.gov PY2024: "at least
        50% of the clinicians in the group, virtual group, or APM Entity")."""
        if not (self.is_group or self.reporting is Reporting.APM_ENTITY):
            return None
        return self.clinicians if self.clinicians is not None else (len(self.roster) or None)

    @property
    def running_since(self) -> dict[str, date | None]:
        """Running activity ID -> the day its window began (None: the year's start)."""
        return dict(self.running)

    @property
    def has_special_status(self) -> bool:
        return bool(self.statuses)

    @property
    def effort_overrides(self) -> dict[str, float]:
        """The practice's own hours per activity: the activity's whole effort, unless
        ``clinician_efforts`` also gives each clinician's part."""
        return dict(self.efforts)

    @property
    def clinician_effort_overrides(self) -> dict[str, float]:
        """The practice's own hours per participating clinician, per activity."""
        return dict(self.clinician_efforts)
