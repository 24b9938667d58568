"""The integer program of one practice-year, built in one place for every route
that solves one: a plan, the next plans, and each year of a roadmap.

    minimise   sum(effort_i * x_i)            (then fewer activities)
    subject to sum(points_i * x_i) >= needed                     "reach_N_points"
               x_i = 1 for activities the user must do            "must_include:ID"
               sum(x_i for paired i) >= K                         "at_least_K_paired"
               sum(x_i for counted i) <= most                     "clinician_cap", "schedule_room"
               x_i in {0, 1}

Activities the rules rule out never become variables (``rules/eligibility.py``).
Groups with a roster add who does each activity (``roster.py``). A roadmap adds
several years to one model, each row named for its year ("reach_40_points:2027").
Efforts count in integral hundredths of an hour, times ``scale`` (more than the
number of activities), plus one per activity: the least effort wins, and among
equal efforts the fewest activities.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

import pulp

from optimizer.model import Assignment
from optimizer.planning.solve import names
from optimizer.planning.solve.problem import Problem
from optimizer.planning.solve.roster import RosterModel, Term
from optimizer.planning.solve.status import Solver, SolveStatus, run
from optimizer.rules.eligibility import Candidate


def add_row(prob: pulp.LpProblem, terms: Sequence[Term], sense: int, rhs: float, name: str) -> None:
    """Add ``sum(coefficient * variable) <sense> rhs`` named ``name``, built directly
    from its terms (PuLP's operators cost more than the solve on a large model)."""
    prob += pulp.LpConstraint(pulp.LpAffineExpression(terms), sense, name=name, rhs=rhs)


@dataclass(slots=True)
class YearModel:
    """One practice-year inside a model: its choice variables, its assignment part,
    and its terms of the objective."""

    problem: Problem
    x: dict[str, Any]
    """Candidate ID -> its choice variable."""
    terms: list[Term]
    roster: RosterModel | None

    def chosen(self) -> tuple[Candidate, ...]:
        """The candidates chosen, in inventory order, once the model is solved."""
        return tuple(c for c in self.problem.choosable if (self.x[c.id].value() or 0) > 0.5)

    def assignments(self, chosen: Sequence[Candidate]) -> tuple[Assignment, ...]:
        return () if self.roster is None else self.roster.assignments(c.id for c in chosen)


def add_problem(
    prob: pulp.LpProblem, problem: Problem, *, scale: int, year: int | None = None
) -> YearModel:
    """Add one practice-year's variables and rows to ``prob`` and return it with its
    objective terms; ``year`` names the rows of a roadmap's year."""
    tag = str(problem.year)
    candidates = problem.choosable
    x = {c.id: prob.add_variable(f"choose_{tag}_{c.id}", cat=pulp.LpBinary) for c in candidates}
    terms: list[Term] = [
        (x[c.id], cost * scale + 1) for c, cost in zip(candidates, problem.costs, strict=True)
    ]
    earned = [(x[c.id], c.points) for c in candidates]
    name = names.in_year(names.reach_points(problem.needed), year)
    add_row(prob, earned, pulp.LpConstraintGE, problem.needed, name)
    for activity_id in sorted(problem.include & x.keys()):
        name = names.in_year(names.about(names.MUST_INCLUDE, activity_id), year)
        add_row(prob, [(x[activity_id], 1)], pulp.LpConstraintEQ, 1, name)
    if problem.min_paired:
        paired = [(x[c.id], 1) for c in candidates if c.paired_measures]
        name = names.in_year(names.at_least_paired(problem.min_paired), year)
        add_row(prob, paired, pulp.LpConstraintGE, problem.min_paired, name)
    for limit in problem.limits:
        counted = [(x[c.id], 1) for c in candidates if limit.counts(c.id)]
        add_row(prob, counted, pulp.LpConstraintLE, limit.most, names.in_year(limit.name, year))
    roster = None
    if problem.roster and problem.clinicians_needed is not None:
        roster = RosterModel(problem.scenario, problem.clinicians_needed, candidates, tag)
        terms += roster.add_to(prob, x, scale, year)
    return YearModel(problem, x, terms, roster)


class PlanModel:
    """One practice-year's integer program, to be solved once or again and again with
    cuts (the next plans) or with an activity left out (what to do instead)."""

    def __init__(self, problem: Problem, solver: Solver) -> None:
        self.solver = solver
        self.prob = pulp.LpProblem("ia_plan", pulp.LpMinimize)
        self.year = add_problem(self.prob, problem, scale=len(problem.choosable) + 1)
        self.prob.setObjective(pulp.LpAffineExpression(self.year.terms))
        self.cuts = 0

    def cut(self, plan: Collection[str]) -> None:
        """Rule out ``plan`` and every plan that contains it."""
        terms = [(self.year.x[a], 1) for a in plan]
        name = f"{names.NOT_PLAN}_{self.cuts}"
        add_row(self.prob, terms, pulp.LpConstraintLE, len(terms) - 1, name)
        self.cuts += 1

    def leave_out(self, activity_id: str) -> None:
        name = names.about(names.WITHOUT, activity_id)
        add_row(self.prob, [(self.year.x[activity_id], 1)], pulp.LpConstraintEQ, 0, name)

    def solve(self) -> tuple[tuple[Candidate, ...], tuple[Assignment, ...]] | None:
        """The cheapest plan left and who does what in it (None: no plan is left)."""
        if run(self.prob, self.solver) is SolveStatus.INFEASIBLE:
            return None
        chosen = self.year.chosen()
        return chosen, self.year.assignments(chosen)
