"""Who does what, for a group with a roster: the assignment part of the integer
program, on top of ``milp.py``'s model (x[a] = 1 when activity a is chosen):

    y[a,c] in {0, 1}, only where clinician c can do a and may take anything on
    sum_c y[a,c] = needed * x[a]         "group_50_percent:ID"  (more adds only effort)
    sum_a y[a,c] <= cap_c                "clinician_cap:NPI"
    minimise ... + sum(hours[a,c] * y[a,c])   (the clinician's own hours from the
                                              roster, else the per-clinician estimate)

Activities too few roster clinicians can do never get here: eligibility has
already ruled them out (``rules/group_rule.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pulp

from optimizer.model import Assignment, Scenario
from optimizer.planning.solve.knapsack import EFFORT_UNIT
from optimizer.rules.eligibility import Candidate
from optimizer.rules.group_rule import cap_of

_PULP_NAME_CHARACTERS = str.maketrans("-+[] ->/", "________")
"""PuLP turns these characters of a constraint name into '_'."""


class RosterModel:
    """The assignment variables and constraints of one group's plan."""

    def __init__(self, scenario: Scenario, needed: int, candidates: Sequence[Candidate]) -> None:
        self.needed = needed
        self.scenario = scenario
        self.candidates = tuple(candidates)
        self._assign: dict[tuple[str, str], Any] = {}
        self._clinicians = {c.id: c for c in scenario.roster}
        self._per_clinician = {c.id: c.hours.per_clinician for c in self.candidates}

    def add_to(self, prob: pulp.LpProblem, choose: Mapping[str, Any], scale: int) -> Any:
        """Add the assignment variables and constraints; return their objective terms."""
        roster = self.scenario.roster
        doers: dict[str, list[Any]] = {c.id: [] for c in self.candidates}
        takes: dict[str, list[Any]] = {c.id: [] for c in roster}
        for i, candidate in enumerate(self.candidates):
            for j, clinician in enumerate(roster):
                if clinician.can_do(candidate.id) and cap_of(clinician, self.scenario) != 0:
                    variable = prob.add_variable(f"assign_{i}_{j}", cat=pulp.LpBinary)
                    self._assign[candidate.id, clinician.id] = variable
                    doers[candidate.id].append(variable)
                    takes[clinician.id].append(variable)
        for candidate in self.candidates:
            prob += (
                pulp.lpSum(doers[candidate.id]) == self.needed * choose[candidate.id],
                f"group_50_percent:{candidate.id}",
            )
        used: set[str] = set()
        for j, clinician in enumerate(roster):
            cap = cap_of(clinician, self.scenario)
            if cap is None or not takes[clinician.id]:
                continue
            # Keep names that PuLP would make equal distinct.
            name = f"clinician_cap:{clinician.id}"
            if name.translate(_PULP_NAME_CHARACTERS) in used:
                name = f"{name}#{j}"
            used.add(name.translate(_PULP_NAME_CHARACTERS))
            prob += (pulp.lpSum(takes[clinician.id]) <= cap, name)
        return pulp.lpSum(
            round(self.hours(a, c) * EFFORT_UNIT) * scale * v for (a, c), v in self._assign.items()
        )

    def hours(self, activity_id: str, clinician_id: str) -> float:
        """One clinician's hours on one activity: the roster's, else the estimate."""
        clinician = self._clinicians[clinician_id]
        return clinician.effort_for(activity_id, self._per_clinician[activity_id])

    def assignments(self, chosen: Iterable[str]) -> tuple[Assignment, ...]:
        """Who does each chosen activity, in roster order, once the model is solved."""
        picked: dict[str, list[str]] = {a: [] for a in chosen}
        for (a, c), variable in self._assign.items():
            if a in picked and (variable.value() or 0) > 0.5:
                picked[a].append(c)
        return tuple(Assignment(a, tuple(cs)) for a, cs in picked.items())
