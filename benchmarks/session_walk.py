"""The issue's walk through the pages, headless (Streamlit's AppTest on the app's
navigation script, a workspace of its own in a temporary folder): a group of 6
clinicians with the small-practice status on the Planner, then the Portfolio, the
Planner again, the Roadmap, and a practice added on the Portfolio. Prints what each
page shows of the practice and how long each run took on the server (no browser:
the script's own time, the front end's not counted).

    python benchmarks/session_walk.py [--as-of 2026-11-02]
"""

from __future__ import annotations

import argparse
import os
import tempfile
from datetime import date
from time import perf_counter

from streamlit.testing.v1 import AppTest

from optimizer.model import Reporting
from optimizer.ui.pages import NAVIGATION_SCRIPT

SMALL = "status_small-practice"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 11, 2))
    args = parser.parse_args()
    os.environ.setdefault("IA_PLANNER_TODAY", "2026-01-15")
    os.environ["IA_PLANNER_DB"] = os.path.join(tempfile.mkdtemp(), "workspace.db")
    import optimizer.ui.pages.planner as planner  # the browser's paint pauses: none here

    planner.FIRST_PAINT_PAUSE_S = planner.FIRST_VISIT_PAUSE_S = 0.0

    def timed(label: str, at: AppTest) -> AppTest:
        start = perf_counter()
        at.run()
        print(f"{label:<28} {1000 * (perf_counter() - start):7.0f} ms  {shown(at)}")
        return at

    def shown(at: AppTest) -> str:
        title = at.title[0].value if at.title else "?"
        keys = {w.key for w in [*at.selectbox, *at.number_input, *at.toggle]}
        if "reporting" not in keys:
            return title
        small = at.toggle(key=SMALL).value if SMALL in keys else "-"
        return (
            f"{title}: {at.selectbox(key='reporting').value}, "
            f"{at.number_input(key='clinicians').value} clinicians, small practice {small}"
        )

    app = AppTest.from_file(str(NAVIGATION_SCRIPT), default_timeout=120)
    at = timed("first screen (Planner)", app)
    at.selectbox(key="reporting").set_value(Reporting.GROUP)
    timed("group", at)
    at.number_input(key="clinicians").set_value(6)
    timed("6 clinicians", at)
    at.toggle(key=SMALL).set_value(True)
    timed("small practice", at)
    at.text_input(key="as_of_text").set_value(args.as_of.isoformat())
    timed(f"as of {args.as_of}", at)
    timed("-> Portfolio", at.switch_page("scripts/portfolio.py"))
    timed("-> Planner", at.switch_page("scripts/planner.py"))
    at = timed("-> Roadmap", at.switch_page("scripts/roadmap.py"))
    print(f"{'':<38}Roadmap from {at.selectbox(key='roadmap_first').value}")
    at = timed("-> Portfolio", at.switch_page("scripts/portfolio.py"))
    at.text_input(key="new_practice_name").set_value("Charlie Care")
    next(b for b in at.button if b.label == "Add the practice").click()
    at = timed("add a practice", at)
    print(f"{'':<38}listed: {at.dataframe[0].value['Practice'].tolist() if at.dataframe else []}")


if __name__ == "__main__":
    main()
