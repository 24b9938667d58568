"""The rules the 2026-12-02 audit found missing (issue 20, "Rules that change a plan
or a score"), each tested with its source (RULES-RESEARCH.md, audit of 2026-12-02)."""

from __future__ import annotations

import csv
import json
from datetime import date

import pytest

from optimizer import (
    ExclusionCode,
    PlanStatus,
    Reporting,
    Scenario,
    SpecialStatus,
    effort_estimates,
    plan,
    rules_for,
)
from optimizer.cli.mips_ia import main
from optimizer.data_files import EFFORTS_FILE
from optimizer.exports.workbook_layout import documentation_reminder
from optimizer.sources.bundled import bundled_inventory
from optimizer.sources.field_values import measure_ids

RURAL = frozenset({SpecialStatus.RURAL})
SMALL = frozenset({SpecialStatus.SMALL_PRACTICE})


def test_an_apm_entity_is_held_to_the_50_percent_rule_like_a_group():
    """qpp.cms.gov PY2024: "For group and APM Entity reporting ... at least 50% of the
    clinicians in the group, virtual group, or APM Entity": a 20-clinician APM Entity
    costs what a 20-clinician group does, not one clinician's part."""
    entity = plan(Scenario(2025, reporting=Reporting.APM_ENTITY, clinicians=20))
    group = plan(Scenario(2025, reporting=Reporting.GROUP, clinicians=20, apm=True))

    assert (group.activity_ids, group.total_effort) == (entity.activity_ids, entity.total_effort)
    assert entity.total_effort > 8.5


def test_a_60_day_activity_may_start_after_the_90_day_last_start():
    """42 CFR 414.1360(a)(1): 90 days "unless otherwise stated in the activity
    description"; IA_ERP_2 (60 days) may still start on 2025-10-10, and the plan says
    so instead of "only activities the practice already runs can still count"."""
    result = plan(Scenario(2025, statuses=RURAL), as_of=date(2025, 10, 10))

    assert (PlanStatus.OPTIMAL, ("IA_ERP_2",)) == (result.status, result.activity_ids)
    assert [
        "Today (2025-10-10) is past 2025's last 90-day start (2025-10-03): only "
        "activities with a shorter period (the latest start is 2025-11-02) or that the "
        "practice already runs can still count; submit them 2026-01-02 to 2026-03-31"
    ] == [w for w in result.warnings if w.startswith("Today")]


@pytest.mark.parametrize(
    ("began", "counts"),
    [(date(2025, 5, 6), True), (date(2025, 6, 1), False)],
    ids=["begun-on-the-day", "begun-after"],
)
def test_a_suspended_activity_counts_only_if_begun_by_the_suspension(began, counts):
    """CMS change file IA_PY25_CR_20250506 (qpp-measures-data): the eight activities
    suspended on 2025-05-06 count only if completed or under way on that day."""
    scenario = Scenario(2025, statuses=SMALL, running=(("IA_AHE_12", began),))

    result = plan(scenario, as_of=date(2025, 7, 1))

    assert counts == ("IA_AHE_12" in result.activity_ids)
    if not counts:
        (exclusion,) = [e for e in result.excluded if e.id == "IA_AHE_12"]
        assert (
            ExclusionCode.SUSPENDED,
            (
                "suspended by CMS on 2025-05-06: it counts only if begun on or before that "
                "day, and its window began on 2025-06-01"
            ),
        ) == (exclusion.code, exclusion.reason)


@pytest.mark.parametrize(
    ("year", "fields", "weight"),
    [
        (2025, {"statuses": SMALL}, 30),
        (2025, {"statuses": SMALL, "pi_reweighted": False}, 15),
        (2025, {"statuses": SMALL, "cost_reweighted": True}, 50),
        (2022, {"statuses": SMALL}, 30),
        (2021, {"statuses": SMALL}, 15),
        (2021, {"statuses": SMALL, "pi_reweighted": True}, 15),
        (2025, {"statuses": RURAL}, 15),
        (2025, {"statuses": RURAL, "pi_reweighted": True}, 15),
        (2025, {"statuses": RURAL, "pi_reweighted": True, "cost_reweighted": True}, 15),
        (2025, {"app": True, "pi_reweighted": True}, 25),
        (2025, {"app": True}, 20),
    ],
    ids=[
        "small-2025",
        "small-pi-scored",
        "small-no-cost",
        "small-2022",
        "small-2021",
        "small-2021-pi-reweighted",
        "rural",
        "rural-no-pi",
        "rural-no-pi-no-cost",
        "app-no-pi",
        "app",
    ],
)
def test_the_ia_weight_follows_cms_reweighting_table(year, fields, weight):
    """42 CFR 414.1380(c)(2)(ii): a small practice's Promoting Interoperability is
    reweighted automatically from PY2022, so IA weighs 30% (50% with cost reweighted
    too); others keep 15%; the APP's IA weighs 25% with PI reweighted (414.1367(d))."""
    result = plan(Scenario(year, **fields))

    assert (weight, float(weight)) == (result.category_weight, result.final_score_points)


@pytest.mark.parametrize(
    ("flags", "weight", "basis"),
    [
        ((), 30, "Promoting Interoperability reweighted (automatic for a small practice)"),
        (("--no-pi-reweighted",), 15, ""),
        (
            ("--cost-reweighted",),
            50,
            "Promoting Interoperability (automatic for a small practice) and cost reweighted",
        ),
    ],
    ids=["default", "pi-scored", "cost-too"],
)
def test_the_command_line_takes_the_reweighting_and_says_why(capsys, flags, weight, basis):
    """--pi-reweighted / --cost-reweighted reach the score; the JSON says why."""
    code = main(
        [
            "plan",
            "--year",
            "2025",
            "--as-of",
            "2025-01-06",
            "--status",
            "small-practice",
            "--format",
            "json",
            *flags,
        ]
    )
    data = json.loads(capsys.readouterr().out)

    assert (0, weight, float(weight), basis) == (
        code,
        data["category_weight"],
        data["final_score_points"],
        data["category_weight_basis"],
    )


APM_NOTE = (
    "The APM credit (20 of 40 points) counts only if the practice attests at least one "
    "improvement activity or submits Quality and Promoting Interoperability data (42 CFR "
    "414.1380(b)(3)(i)): this plan has no activity"
)


@pytest.mark.parametrize(
    ("target", "noted"), [(20, True), (None, False)], ids=["no-activity", "activities"]
)
def test_a_plan_with_no_activity_says_what_the_apm_credit_needs(target, noted):
    """42 CFR 414.1380(b)(3)(i): the APM half credit needs one attested activity or
    Quality and PI data; a plan with no activity says so."""
    result = plan(Scenario(2025, apm=True, target=target))

    assert noted == (APM_NOTE in result.warnings)


def test_py2017_submission_closed_on_april_3_2018():
    """CMS extended the PY2017 window to April 3, 2018 (RULES-RESEARCH.md, audit of
    2026-12-02)."""
    assert date(2018, 4, 3) == rules_for(2017).submission_close


def test_the_workbook_says_how_long_cms_may_ask_for_records_and_how_long_it_encourages():
    """CMS's MIPS data validation fact sheet: records may be requested for 6 years;
    CMS encourages keeping them 10."""
    assert (
        "Keep the documentation of every activity (what was done, when and by whom): "
        "CMS may ask for it for 6 years after submitting and encourages keeping it for 10"
    ) == documentation_reminder(rules_for(2025))


@pytest.mark.parametrize(
    ("year", "activity_id", "precondition"),
    [
        (2022, "IA_PSPA_10", "DEA waiver to prescribe buprenorphine"),
        (2019, "IA_PSPA_14", "Bridges to Excellence"),
        (2021, "IA_PSPA_30", "PCI Bleeding Campaign"),
    ],
    ids=["buprenorphine-waiver", "bridges-to-excellence", "pci-bleeding-campaign"],
)
def test_an_activity_with_a_precondition_is_left_out_unless_included(
    year, activity_id, precondition
):
    """Their descriptions (RULES-RESEARCH.md, audit of 2026-12-02): a waiver, a
    recognition or a campaign's membership the practice may not have; the planner
    names it and plans the activity only when the practice includes it."""
    left_out = plan(Scenario(year)).excluded
    (exclusion,) = [e for e in left_out if e.id == activity_id]
    included = plan(Scenario(year, include=frozenset({activity_id})))

    assert ExclusionCode.NEEDS_SELECTION == exclusion.code
    assert precondition in exclusion.reason
    assert activity_id in included.activity_ids


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("MOA 1, 001", ("MOA 1", "001")),
        ("moa  12; 1 119", ("MOA 12", "001", "119")),
        ("MOA1", ("MOA1",)),
    ],
    ids=["with-a-comma", "spaces-between-numbers", "no-space"],
)
def test_a_quality_id_with_a_space_is_read_whole(typed, expected):
    """CMS's 2017 quality list has IDs such as "MOA 1": a space between letters and
    their number is part of the ID, not a separator."""
    assert expected == measure_ids(typed)


def test_a_2017_plan_takes_a_quality_id_with_a_space_from_the_command_line(capsys):
    """--quality "MOA 1" reaches the 2017 scenario whole (not 'MOA' and '001')."""
    code = main(
        [
            "plan",
            "--year",
            "2017",
            "--as-of",
            "2017-01-03",
            "--quality",
            "MOA 1,236",
            "--format",
            "json",
        ]
    )
    err = capsys.readouterr().err

    assert (0, "") == (code, err)


def test_ia_mvp_pairs_with_the_quality_measures_of_its_mvp():
    """IA_MVP (2024 on) is a quality-improvement plan on measures of the MVP reported:
    it pairs with that MVP's quality measures, as any activity the MVP lists does."""
    scenario = Scenario(
        2025,
        mvp="G0053",
        quality=frozenset({"039"}),
        require_pairing=True,
        include=frozenset({"IA_MVP"}),
    )

    result = plan(scenario)

    (planned,) = [a for a in result.activities if a.id == "IA_MVP"]
    assert ("039",) == planned.paired_measures


@pytest.mark.parametrize(
    ("year", "activity_id", "words"),
    [
        (2025, "IA_BE_4", "enhanced portal"),
        (2026, "IA_BE_4", "new patient/caregiver portal"),
        (2025, "IA_BMH_1", "for diabetes"),
        (2026, "IA_BMH_1", "add one monitoring fix"),
        (2021, "IA_AHE_1", "10 business days"),
        (2022, "IA_AHE_1", "Measure days from"),
    ],
    ids=["BE_4-2025", "BE_4-2026", "BMH_1-2025", "BMH_1-2026", "AHE_1-2021", "AHE_1-2022"],
)
def test_what_to_do_follows_the_year_s_wording(year, activity_id, words):
    """Where CMS rewrote an activity (descriptions compared year to year), the plan's
    "what to do" line is the one for the plan's year (efforts.csv year ranges)."""
    result = plan(Scenario(year, include=frozenset({activity_id})))

    (planned,) = [a for a in result.activities if a.id == activity_id]
    assert words in planned.what_to_do


def test_a_new_portal_costs_more_than_an_enhanced_one():
    """IA_BE_4 asks for a new portal from 2026: its estimate is larger than the
    2017-2025 one, which an existing portal can meet."""
    assert effort_estimates(2025)["IA_BE_4"].hours < effort_estimates(2026)["IA_BE_4"].hours


def test_each_year_has_one_effort_row_per_rewritten_activity():
    """An activity with year ranges in efforts.csv has exactly one row for each
    bundled year it is in (at most one in any year), and each row names its source."""
    with EFFORTS_FILE.open(newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["first_year"] or r["last_year"]]
    by_id: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        by_id.setdefault(r["activity_id"], []).append(r)

    def covers(r: dict[str, str], year: int) -> bool:
        return int(r["first_year"] or 0) <= year <= int(r["last_year"] or 9999)

    ids = {y: set(bundled_inventory(y).ids) for y in range(2017, 2027)}

    assert {} == {
        (a, y): n
        for a, rs in by_id.items()
        for y in range(2017, 2027)
        if (n := sum(covers(r, y) for r in rs)) > 1 or (n == 0 and a in ids[y])
    }
    assert all(r["wording_source"] for r in rows)


def test_an_included_suspended_activity_cannot_start_after_the_suspension():
    """Including a suspended activity on 2025-07-01 would begin it after 2025-05-06,
    so it does not count (CMS change file IA_PY25_CR_20250506)."""
    scenario = Scenario(2025, statuses=SMALL, include=frozenset({"IA_AHE_12"}))

    result = plan(scenario, as_of=date(2025, 7, 1))

    (exclusion,) = [e for e in result.excluded if e.id == "IA_AHE_12"]
    assert (
        "suspended by CMS on 2025-05-06: it counts only if begun on or before that day, "
        "and the plan's activities start no earlier than 2025-07-01"
    ) == exclusion.reason
