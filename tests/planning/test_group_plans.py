"""The group rule with a roster: enough clinicians on every activity (one before
2020, half from 2020 on), only those who can do it, within each one's cap, at
the least total effort; infeasible plans say which constraint binds."""

from __future__ import annotations

import json
from datetime import date
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import make_inventory, said
from optimizer import (
    Clinician,
    ExclusionCode,
    PlanStatus,
    Reporting,
    Scenario,
    ScenarioError,
    effort_estimates,
    plan,
    rules_for,
)
from optimizer.cli.mips_ia import main
from optimizer.rules.group_rule import clinicians_needed
from optimizer.ui.plan_tables import who_does_what_frame

GROUP = Reporting.GROUP


def roster(count: int, **by_index: dict) -> tuple[Clinician, ...]:
    """``count`` clinicians with NPIs 1000000001...; ``by_index`` sets fields ('c3')."""
    return tuple(
        Clinician(id=str(1000000000 + n), **by_index.get(f"c{n}", {})) for n in range(1, count + 1)
    )


def highs_and_mediums(year: int = 2021):
    """Two high activities (5 h, 6 h) or four cheap mediums (1 h each) reach 40."""
    return make_inventory(
        year,
        ("IA_PM_1", "high", 5),
        ("IA_PM_2", "high", 6),
        ("IA_PM_7", "medium", 1),
        ("IA_PM_4", "medium", 1),
        ("IA_PM_5", "medium", 1),
        ("IA_PM_6", "medium", 1),
    )


def two_highs(year: int = 2021):
    return make_inventory(year, ("IA_PM_1", "high", 5), ("IA_PM_2", "high", 6))


@pytest.mark.parametrize(
    ("year", "clinicians", "expected"),
    [
        (2017, 120, 1),
        (2019, 120, 1),
        (2019, 7, 1),
        (2020, 120, 60),
        (2020, 7, 4),
        (2021, 1, 1),
        (2024, 8, 4),
        (2025, 9, 5),
    ],
    ids=["2017-one", "2019-one", "2019-odd", "2020-even", "2020-odd", "2021-solo", "2024", "2025"],
)
def test_clinicians_needed_per_year(year, clinicians, expected):
    """At least one clinician before 2020; at least half, rounded up, from 2020 on."""
    assert expected == clinicians_needed(rules_for(year), clinicians)


@pytest.mark.parametrize(
    ("year", "size", "needed"),
    [(2019, 6, 1), (2020, 6, 3), (2020, 7, 4), (2024, 8, 4)],
    ids=["2019-one", "2020-even", "2020-odd", "2024-even"],
)
def test_every_planned_activity_gets_the_years_share_of_the_roster(year, size, needed):
    """Each chosen activity is assigned exactly the clinicians the year's rule needs."""
    scenario = Scenario(year=year, reporting=GROUP, roster=roster(size))

    result = plan(scenario, highs_and_mediums(year), pairings={})

    assert PlanStatus.OPTIMAL == result.status
    assert result.activity_ids == tuple(a.activity for a in result.assignments)
    assert {needed} == {len(set(a.clinicians)) for a in result.assignments}
    assert {needed} == {a.clinicians_needed for a in result.activities}


def test_an_activity_too_few_can_do_is_excluded_with_the_count():
    """Only 41 of 120 can do the cheapest activity: it is left out, with the reason."""
    inventory = make_inventory(
        2021, ("IA_BMH_7", "high", 1), ("IA_PM_1", "high", 5), ("IA_PM_2", "high", 6)
    )
    cannot = {f"c{n}": {"cannot": {"IA_BMH_7"}} for n in range(42, 121)}
    scenario = Scenario(year=2021, reporting=GROUP, roster=roster(120, **cannot))

    result = plan(scenario, inventory, pairings={})

    assert ("IA_PM_1", "IA_PM_2") == result.activity_ids
    exclusion = next(e for e in result.excluded if e.id == "IA_BMH_7")
    assert ExclusionCode.TOO_FEW_CLINICIANS == exclusion.code
    assert "only 41 of 120 clinicians can do IA_BMH_7; 60 are needed" == exclusion.reason


def test_requiring_an_activity_too_few_can_do_explains_the_count():
    """Must include an activity 41 of 120 can do: no plan, and the count in words."""
    inventory = make_inventory(
        2021, ("IA_BMH_7", "high", 1), ("IA_PM_1", "high", 5), ("IA_PM_2", "high", 6)
    )
    cannot = {f"c{n}": {"cannot": {"IA_BMH_7"}} for n in range(42, 121)}
    scenario = Scenario(
        year=2021, reporting=GROUP, roster=roster(120, **cannot), include={"IA_BMH_7"}
    )

    result = plan(scenario, inventory, pairings={})

    assert PlanStatus.INFEASIBLE == result.status
    assert (
        (
            "must_include:IA_BMH_7",
            "You require IA_BMH_7, but only 41 of 120 clinicians can do IA_BMH_7; 60 are needed",
            "take IA_BMH_7 off the must-include list or change the roster",
        )
    ) == said(result.reasons)[0]


def test_only_clinicians_who_can_do_an_activity_are_assigned_to_it():
    """Clinicians with an activity on their 'cannot do' list never get it."""
    cannot = {"c1": {"cannot": {"IA_PM_1"}}, "c2": {"cannot": {"IA_PM_1"}}}
    scenario = Scenario(year=2021, reporting=GROUP, roster=roster(4, **cannot))

    result = plan(scenario, two_highs(), pairings={})

    assert ("1000000003", "1000000004") == result.assignments[0].clinicians


def test_a_cap_of_one_spreads_the_activities_over_the_group():
    """Four clinicians taking on one activity each: two per activity, none twice."""
    scenario = Scenario(year=2021, reporting=GROUP, roster=roster(4), max_per_clinician=1)

    result = plan(scenario, two_highs(), pairings={})

    assert [1, 1, 1, 1] == who_does_what_frame(result)["Count"].tolist()


def test_a_tight_cap_leaves_no_plan_and_says_so():
    """Three clinicians, one activity each, two needed per activity: no two activities fit."""
    scenario = Scenario(year=2021, reporting=GROUP, roster=roster(3), max_per_clinician=1)

    result = plan(scenario, two_highs(), pairings={})

    assert PlanStatus.INFEASIBLE == result.status
    assert (
        (
            "clinician_cap",
            "The roster's 3 clinicians, at most 1 activity each, fill 3 places; the 2 "
            "activities needed for 40 points take 2 x 2 = 4",
            "allow more activities per clinician or add clinicians",
        ),
    ) == said(result.reasons)


@pytest.mark.parametrize(
    "scenario",
    [
        Scenario(year=2021, reporting=GROUP, roster=roster(4), max_per_clinician=1),
        Scenario(year=2021, reporting=GROUP, clinicians=4, max_per_clinician=1),
        Scenario(
            year=2021,
            reporting=GROUP,
            roster=roster(4, **{f"c{n}": {"max_activities": 1} for n in range(1, 5)}),
        ),
    ],
    ids=["roster-and-group-cap", "interchangeable", "roster-own-caps"],
)
def test_caps_turn_four_cheap_activities_into_two_dear_ones(scenario):
    """Uncapped, four 1-hour mediums win; capped at one each, only two activities can
    be staffed, so the two high ones (11 h) win."""
    uncapped = Scenario(year=2021, reporting=GROUP, clinicians=4)

    assert 4.0 == plan(uncapped, highs_and_mediums(), pairings={}).total_effort
    assert ("IA_PM_1", "IA_PM_2") == plan(scenario, highs_and_mediums(), pairings={}).activity_ids


def test_interchangeable_clinicians_with_a_tight_cap_say_so():
    """Without a roster the cap is a count: 3 clinicians x 1 // 2 = room for 1 activity."""
    scenario = Scenario(year=2021, reporting=GROUP, clinicians=3, max_per_clinician=1)

    result = plan(scenario, two_highs(), pairings={})

    assert (
        (
            "clinician_cap",
            "3 clinicians taking on at most 1 activity each fill 3 places, and each activity "
            "needs 2: room for 1 activity; 2 activities are needed for 40 points",
            "allow more activities per clinician",
        ),
    ) == said(result.reasons)


def test_clinicians_own_effort_steers_who_does_what_and_counts_in_the_total():
    """The clinician with 100 own hours on IA_PM_1 is spared; the others' hours count."""
    efforts = {
        "c1": {"efforts": {"IA_PM_1": 100}},
        "c2": {"efforts": {"IA_PM_1": 1}},
        "c3": {"efforts": {"IA_PM_1": 1}},
    }
    scenario = Scenario(year=2021, reporting=GROUP, roster=roster(3, **efforts))

    result = plan(scenario, two_highs(), pairings={})

    assert ("1000000002", "1000000003") == result.assignments[0].clinicians
    assert [7.0, 6.0] == [a.effort for a in result.activities]
    assert 13.0 == result.total_effort


def test_the_json_lists_who_does_each_activity():
    """to_dict adds 'assignments' as {activity, clinicians}."""
    scenario = Scenario(year=2019, reporting=GROUP, roster=roster(2), max_per_clinician=1)

    actual = plan(scenario, two_highs(2019), pairings={}).to_dict()["assignments"]

    assert [len(a["clinicians"]) for a in actual] == [1, 1]
    assert {"activity", "clinicians"} == set(actual[0])


def test_a_roster_larger_than_the_clinician_count_is_refused():
    """'clinicians' below the roster's size is a ScenarioError, in words."""
    with pytest.raises(ScenarioError) as raised:
        Scenario(year=2021, reporting=GROUP, clinicians=2, roster=roster(3))

    assert "'clinicians' (2) is smaller than the roster (3 clinicians)" == str(raised.value)


def test_the_rule_counts_the_whole_group_when_the_roster_lists_only_some():
    """120 clinicians but a roster of 50 willing ones: 60 are needed, so no plan."""
    scenario = Scenario(year=2021, reporting=GROUP, clinicians=120, roster=roster(50))

    result = plan(scenario, two_highs(), pairings={})

    assert PlanStatus.INFEASIBLE == result.status
    assert (
        (
            "group_50_percent:IA_PM_1",
            "Too few clinicians can do IA_PM_1: only 50 of 120 clinicians can do IA_PM_1; "
            "60 are needed",
            "shorten the roster's 'cannot do' lists or add clinicians",
        )
    ) == said(result.reasons)[0]


def test_the_command_line_plans_a_group_from_a_roster_file(tmp_path, capsys, clock):
    """mips-ia plan --reporting group --roster FILE prints assignments and a schedule."""
    clock(date(2021, 1, 4))  # plans of 2021 on are not late yet
    path = tmp_path / "roster.csv"
    path.write_text("Name,Cannot do\nDr A,\nDr B,\nDr C,IA_EPA_1\nDr D,\n", encoding="utf-8")

    code = main(
        [
            "plan",
            "--year",
            "2021",
            "--reporting",
            "group",
            "--roster",
            str(path),
            "--max-per-clinician",
            "2",
            "--start-date",
            "2021-04-01",
            "--max-concurrent",
            "2",
            "--format",
            "json",
        ]
    )
    payload = json.loads(capsys.readouterr().out)

    assert 0 == code
    assert [a["id"] for a in payload["activities"]] == [
        a["activity"] for a in payload["assignments"]
    ]
    assert all(len(a["clinicians"]) == 2 for a in payload["assignments"])
    assert all("2021-04-01" <= w["start"] <= "2021-10-03" for w in payload["schedule"])


def test_the_command_line_refuses_a_bad_roster(tmp_path, capsys):
    """A bad roster cell exits with code 2 and the row-numbered message."""

    path = tmp_path / "roster.csv"
    path.write_text("NPI\n123\n", encoding="utf-8")

    code = main(["plan", "--year", "2021", "--reporting", "group", "--roster", str(path)])

    assert 2 == code
    assert (
        "mips-ia: error: roster.csv, line 2, column 'NPI': an NPI has 10 digits, got '123'\n"
        == capsys.readouterr().err
    )


ACTIVITIES = ["IA_PM_1", "IA_PM_2", "IA_PM_7", "IA_PM_4"]


@st.composite
def groups(draw):
    year = draw(st.sampled_from([2019, 2020, 2021, 2025]))
    specs = [
        (
            i,
            draw(st.sampled_from(["medium", "high"])) if year <= 2024 else None,
            draw(st.integers(0, 20)),
        )
        for i in ACTIVITIES
    ]
    size = draw(st.integers(1, 5))
    clinicians = tuple(
        Clinician(
            id=f"Dr {n}",
            cannot=frozenset(draw(st.sets(st.sampled_from(ACTIVITIES), max_size=3))),
            max_activities=draw(st.one_of(st.none(), st.integers(0, 3))),
        )
        for n in range(size)
    )
    cap = draw(st.one_of(st.none(), st.integers(1, 3)))
    scenario = Scenario(year=year, reporting=GROUP, roster=clinicians, max_per_clinician=cap)
    return make_inventory(year, *specs), scenario


def staffable(ids, scenario, needed):
    """Whether some assignment gives each activity ``needed`` able clinicians within caps."""
    caps = {
        c.id: c.max_activities if c.max_activities is not None else scenario.max_per_clinician
        for c in scenario.roster
    }

    def fill(rest, load):
        if not rest:
            return True
        able = [c.id for c in scenario.roster if c.can_do(rest[0])]
        for team in combinations(able, needed):
            within = all(caps[c] is None or load[c] < caps[c] for c in team)
            if within and fill(rest[1:], {c: load[c] + (c in team) for c in load}):
                return True
        return False

    return fill(list(ids), dict.fromkeys(caps, 0))


@settings(max_examples=80, deadline=None)
@given(groups())
def test_every_assignment_keeps_the_rule_and_the_plan_is_cheapest(group):
    """On random rosters every assignment has the year's share of able clinicians within
    their caps, and the plan costs what an exhaustive search over staffable sets finds."""
    inventory, scenario = group
    rules = rules_for(scenario.year)
    needed = clinicians_needed(rules, len(scenario.roster))
    points = {a.id: rules.activity_points_for(a, scenario) for a in inventory.activities}
    best = None
    for count in range(len(ACTIVITIES) + 1):
        for ids in combinations(ACTIVITIES, count):
            if sum(points[i] for i in ids) >= 40 and staffable(ids, scenario, needed):
                key = (sum(round(inventory.get(i).effort * 100) for i in ids), count)
                best = key if best is None or key < best else best

    result = plan(scenario, inventory, pairings={})

    if best is None:
        assert PlanStatus.INFEASIBLE == result.status
        return
    assert PlanStatus.OPTIMAL == result.status
    assert best == (round(result.total_effort * 100), len(result.activities))
    load = dict.fromkeys((c.id for c in scenario.roster), 0)
    by_id = {c.id: c for c in scenario.roster}
    for assignment in result.assignments:
        assert needed <= len(set(assignment.clinicians))
        assert all(by_id[c].can_do(assignment.activity) for c in assignment.clinicians)
        for c in assignment.clinicians:
            load[c] += 1
    for c in scenario.roster:
        cap = c.max_activities if c.max_activities is not None else scenario.max_per_clinician
        assert cap is None or load[c.id] <= cap


def test_a_groups_effort_counts_each_participating_clinician():
    """Issue 11: a 40-clinician group needs 20 on each activity (2020+), so an activity
    costs its practice part plus 20 times its per-clinician part; a solo practice pays
    one clinician's part."""
    scenario = Scenario(year=2024, reporting=GROUP, clinicians=40)
    solo = plan(Scenario(year=2024), as_of=date(2024, 1, 2))

    result = plan(scenario, as_of=date(2024, 1, 2))
    estimate = effort_estimates()

    assert all(
        a.effort == estimate[a.id].practice_hours + 20 * estimate[a.id].per_clinician_hours
        for a in result.activities
    )
    assert [a.practice_effort + a.clinician_effort for a in result.activities] == [
        a.effort for a in result.activities
    ]
    assert result.total_effort > solo.total_effort


def test_many_clinicians_favour_activities_with_a_small_per_clinician_part():
    """Minimising total staff hours: cheap-to-set-up but per-clinician-heavy A wins for
    one clinician (10 + 5 < 30 + 0) and loses for a group of 40 (10 + 20 x 5 > 30)."""
    inventory = make_inventory(2024, ("IA_PM_1", "high", None), ("IA_PM_2", "high", None))
    efforts = {"IA_PM_1": 10.0, "IA_PM_2": 30.0}
    per_clinician = {"IA_PM_1": 5.0, "IA_PM_2": 0.0}

    def chosen(**group: object) -> tuple[str, ...]:
        scenario = Scenario(
            year=2024, efforts=efforts, clinician_efforts=per_clinician, target=20, **group
        )
        return plan(scenario, inventory, pairings={}).activity_ids

    assert ("IA_PM_1",) == chosen()
    assert ("IA_PM_2",) == chosen(reporting=GROUP, clinicians=40)
