"""The Roadmap page and the planner's Alternatives tab, driven headless with
``AppTest`` on the bundled data, and the tables they show."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from conftest import TODAY
from optimizer import Attestation, Scenario, SpecialStatus, latest_year
from optimizer.planning.alternatives.next_plans import alternatives
from optimizer.planning.roadmap.build import roadmap
from optimizer.planning.roadmap.years import first_open_year
from optimizer.ui.pages import NAVIGATION_SCRIPT
from optimizer.ui.roadmap_tables import (
    STATUS_COLUMNS,
    alternatives_frame,
    grid_frame,
    statuses_frame,
    statuses_from_frame,
    years_frame,
)

pytestmark = pytest.mark.usefixtures("no_paint_pauses")
APP = str(NAVIGATION_SCRIPT)
"""The Streamlit script ``app.py`` serves (AppTest runs the script, not the launcher)."""
YEAR = latest_year()


def roadmap_page_app() -> None:
    from optimizer.ui.pages.roadmap import roadmap_page

    roadmap_page()


def page() -> AppTest:
    return AppTest.from_function(roadmap_page_app, default_timeout=60)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def years_table(at: AppTest) -> list[dict[str, object]]:
    frames = [d.value for d in at.dataframe if "Without the repeat saving (h)" in d.value.columns]
    return frames[0].to_dict("records")


class TestRoadmapPage:
    def test_default_is_four_years_from_the_first_open_year(self):
        """With no input the page plans the first year whose activities can still start
        on the app's day (IA_PLANNER_TODAY, the tests' clock), and the 3 after it."""
        first = first_open_year(TODAY)

        at = page().run()

        assert not at.exception
        assert [first, first + 1, first + 2, first + 3] == [r["Year"] for r in years_table(at)]
        assert "Years" in metrics(at)

    def test_status_toggle_applies_to_every_year(self):
        """The small-practice toggle needs one activity a year (2025 on)."""
        at = page().run()

        at.toggle(key="status_small-practice").set_value(True).run()

        assert [1, 1, 1, 1] == [len(str(r["Activities"]).split(", ")) for r in years_table(at)]

    def test_repeat_effort_1_saves_nothing(self):
        at = page().run()

        at.slider(key="repeat_effort").set_value(1.0).run()

        assert "0 h" == metrics(at)["Saved by repeating"]

    def test_history_from_the_planner_page_blocks_an_activity(self):
        """A history row of the planner page keeps IA_PSPA_23 off the first years."""
        at = page()
        at.session_state["history"] = (Attestation("IA_PSPA_23", YEAR - 1),)

        at.run()

        assert "IA_PSPA_23" not in str(years_table(at)[0]["Activities"])

    def test_the_app_lists_the_page(self):
        """The app's navigation offers the Planner and the Roadmap pages."""
        text = Path(APP).read_text()

        assert 'title="Roadmap"' in text


def alternatives_section() -> AppTest:
    """The planner page with its Alternatives section open."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    return at.radio(key="planner_section").set_value("Alternatives").run()


def plan_ids(at: AppTest) -> list[str]:
    return at.table[0].value["Activity ID"].tolist()


class TestAlternativesSection:
    def test_lists_the_plan_and_its_alternatives(self):
        at = alternatives_section()

        frame = next(d.value for d in at.dataframe if "Extra (h)" in d.value.columns)

        assert [1, 2, 3, 4] == frame["Plan"].tolist()
        assert 0.0 == frame["Extra (h)"].iloc[0]

    def test_swap_marks_the_activity_cant_do_and_replans(self):
        """One click on a swap takes the activity out and its replacement in."""
        at = alternatives_section()
        before = plan_ids(at)
        swap = next(b for b in at.button if str(b.key).startswith("swap_"))
        activity = str(swap.key).removeprefix("swap_")

        swap.click().run()

        after = plan_ids(at)
        assert activity in before
        assert activity not in after
        assert at.session_state["edits"][YEAR][activity].cant_do

    def test_use_plan_makes_it_the_plan(self):
        at = alternatives_section()
        frame = next(d.value for d in at.dataframe if "Extra (h)" in d.value.columns)
        wanted = sorted(frame["Activities"].iloc[1].split(", "))

        at.button(key="use_plan_2").click().run()

        assert wanted == sorted(plan_ids(at))


class TestTables:
    def test_grid_frame_marks_new_and_again(self):
        result = roadmap(Scenario(year=2025), 2026)

        kinds = grid_frame(result).groupby("Year")["Kind"].apply(set).to_dict()

        assert {"2025": {"new"}, "2026": {"again"}} == kinds

    def test_years_frame_says_whose_data(self):
        rows = years_frame(roadmap(Scenario(year=YEAR), YEAR + 1)).to_dict("records")

        assert ["own", f"{YEAR}'s"] == [r["Data"] for r in rows]

    def test_statuses_round_trip(self):
        """The statuses table gives back what it shows, one year changed."""
        frame = statuses_frame([2026, 2027], {SpecialStatus.RURAL})
        frame.loc[1, STATUS_COLUMNS[SpecialStatus.SMALL_PRACTICE]] = True

        assert {
            2026: frozenset({SpecialStatus.RURAL}),
            2027: frozenset({SpecialStatus.RURAL, SpecialStatus.SMALL_PRACTICE}),
        } == statuses_from_frame(frame)

    def test_empty_ticks_count_as_unticked(self):
        frame = pd.DataFrame([{"Year": 2026, **dict.fromkeys(STATUS_COLUMNS.values(), None)}])

        assert {2026: frozenset()} == statuses_from_frame(frame)

    def test_alternatives_frame_starts_with_the_plan(self):
        found = alternatives(Scenario(year=2024), count=2)

        frame = alternatives_frame(found)

        assert [1, 2, 3] == frame["Plan"].tolist()
        assert found.plan.total_effort == frame["Effort (h)"].iloc[0]
