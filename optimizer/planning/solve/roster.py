"""Who does what, for a group with a roster: the assignment part of the integer
program, added to one year's model by ``model.add_problem`` (x[a] = 1 when
activity a is chosen):

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
from optimizer.planning.solve import names
from optimizer.planning.solve.problem import clinician_hours, effort_units
from optimizer.rules.eligibility import Candidate
from optimizer.rules.group_rule import cap_of

_PULP_NAME_CHARACTERS = str.maketrans("-+[] ->/", "________")
"""PuLP turns these characters of a constraint name into '_'."""

Term = tuple[Any, float]
"""A variable and its coefficient in a row or the objective."""


class RosterModel:
    """The assignment variables and constraints of one group's year."""

    def __init__(
        self, scenario: Scenario, needed: int, candidates: Sequence[Candidate], tag: str
    ) -> None:
        self.needed = needed
        self.scenario = scenario
        self.candidates = tuple(candidates)
        self.tag = tag
        self._assign: dict[tuple[str, str], Any] = {}
        self._hours: dict[tuple[str, str], float] = {}

    def add_to(
        self, prob: pulp.LpProblem, choose: Mapping[str, Any], scale: int, year: int | None
    ) -> list[Term]:
        """Add the assignment variables and constraints; return their objective terms."""
        roster = self.scenario.roster
        doers: dict[str, list[Term]] = {c.id: [] for c in self.candidates}
        takes: dict[str, list[Term]] = {c.id: [] for c in roster}
        for i, candidate in enumerate(self.candidates):
            for j, clinician in enumerate(roster):
                if clinician.can_do(candidate.id) and cap_of(clinician, self.scenario) != 0:
                    variable = prob.add_variable(f"assign_{self.tag}_{i}_{j}", cat=pulp.LpBinary)
                    self._assign[candidate.id, clinician.id] = variable
                    self._hours[candidate.id, clinician.id] = clinician_hours(clinician, candidate)
                    doers[candidate.id].append((variable, 1))
                    takes[clinician.id].append((variable, 1))
        for candidate in self.candidates:
            terms = [*doers[candidate.id], (choose[candidate.id], -self.needed)]
            name = names.in_year(names.about(names.GROUP_50_PERCENT, candidate.id), year)
            prob += pulp.LpConstraint(pulp.LpAffineExpression(terms), pulp.LpConstraintEQ, name, 0)
        used: set[str] = set()
        for j, clinician in enumerate(roster):
            cap = cap_of(clinician, self.scenario)
            if cap is None or not takes[clinician.id]:
                continue
            # Keep names that PuLP would make equal distinct.
            name = names.in_year(names.about(names.CLINICIAN_CAP, clinician.id), year)
            if name.translate(_PULP_NAME_CHARACTERS) in used:
                name = f"{name}#{j}"
            used.add(name.translate(_PULP_NAME_CHARACTERS))
            expression = pulp.LpAffineExpression(takes[clinician.id])
            prob += pulp.LpConstraint(expression, pulp.LpConstraintLE, name, cap)
        return [(v, effort_units(self._hours[key]) * scale) for key, v in self._assign.items()]

    def assignments(self, chosen: Iterable[str]) -> tuple[Assignment, ...]:
        """Who does each chosen activity, in roster order, once the model is solved."""
        picked: dict[str, list[str]] = {a: [] for a in chosen}
        for (a, c), variable in self._assign.items():
            if a in picked and (variable.value() or 0) > 0.5:
                picked[a].append(c)
        return tuple(Assignment(a, tuple(cs)) for a, cs in picked.items())
