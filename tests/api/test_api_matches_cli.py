"""A plan through the API is the plan the CLI prints, over many random scenarios: the
same JSON when the CLI plans (exit 0 or 1), a 422 when it refuses the input (exit 2)."""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from local_client import local_client

from optimizer.cli.mips_ia import main
from optimizer.planning.resolve import default_inventory

EXAMPLES = 150
"""Random scenarios compared (the count the report gives)."""
YEARS = (2019, 2022, 2024, 2025, 2026, 2027)
STATUSES = ("small-practice", "rural", "hpsa", "non-patient-facing")
REPORTING = ("individual", "group", "virtual-group", "apm-entity")
AS_OF = ("2025-01-10", "2025-06-01", "2025-09-20", "2026-01-15", "2026-08-01")
CLIENT = local_client()


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    """A request body: a year, and some of the fields a person sets, drawn from the
    year's own activity IDs (and sometimes one that is not there)."""
    year = draw(st.sampled_from(YEARS))
    ids = sorted(default_inventory(min(year, 2026)).ids)
    some_ids = st.lists(st.sampled_from([*ids, "IA_XYZ_9"]), max_size=3, unique=True)
    fields: dict[str, Any] = {"year": year}
    optional: dict[str, st.SearchStrategy[Any]] = {
        "statuses": st.lists(st.sampled_from(STATUSES), max_size=2, unique=True),
        "apm": st.booleans(),
        "pcmh": st.booleans(),
        "app": st.booleans(),
        "pi_reweighted": st.booleans(),
        "reporting": st.sampled_from(REPORTING),
        "clinicians": st.integers(1, 40),
        "include": some_ids,
        "exclude": some_ids,
        "target": st.integers(1, 60),
        "max_concurrent": st.integers(1, 3),
        "min_paired": st.integers(0, 2),
        "efforts": st.dictionaries(st.sampled_from(ids), st.integers(0, 80), max_size=3),
        "history": st.lists(
            st.fixed_dictionaries(
                {"activity_id": st.sampled_from(ids), "year": st.integers(2017, year)}
            ),
            max_size=2,
        ),
    }
    for name, strategy in optional.items():
        if draw(st.booleans()):
            fields[name] = draw(strategy)
    return {"scenario": fields, "as_of": draw(st.sampled_from(AS_OF))}


def _options(body: dict[str, Any], folder: Path) -> list[str]:
    """The same request as `mips-ia plan` options (history and efforts as files)."""
    fields = body["scenario"]
    argv = ["plan", "--format", "json", "--as-of", body["as_of"], "--year", str(fields["year"])]
    for status in fields.get("statuses", ()):
        argv += ["--status", status]
    if fields.get("statuses") == []:
        argv += ["--status", "none"]
    for flag in ("apm", "pcmh", "app", "pi_reweighted"):
        if flag in fields:
            argv.append(f"--{'' if fields[flag] else 'no-'}{flag.replace('_', '-')}")
    for name in ("reporting", "clinicians", "target", "max_concurrent", "min_paired"):
        if name in fields:
            argv += [f"--{name.replace('_', '-')}", str(fields[name])]
    for name in ("include", "exclude"):
        for activity_id in fields.get(name, ()):
            argv += [f"--{name}", activity_id]
    if "efforts" in fields:
        lines = [f"{i},{h}" for i, h in fields["efforts"].items()]
        (folder / "efforts.csv").write_text("\n".join(["Activity ID,Effort", *lines]) + "\n")
        argv += ["--efforts", str(folder / "efforts.csv")]
    if "history" in fields:
        lines = [f"{h['activity_id']},{h['year']}" for h in fields["history"]]
        (folder / "history.csv").write_text("\n".join(["Activity ID,Year", *lines]) + "\n")
        argv += ["--history", str(folder / "history.csv")]
    return argv


def _cli(argv: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(body=scenarios())
def test_the_api_plan_is_the_cli_plan(body):
    """Same scenario, same answer: the CLI's JSON, or a refusal on both faces."""
    with tempfile.TemporaryDirectory() as folder:
        code, printed = _cli(_options(body, Path(folder)))
    response = CLIENT.post("/api/v1/plan", json=body)
    event(f"CLI exit {code}")
    if code == 2:
        assert 422 == response.status_code, response.text
    else:
        assert 200 == response.status_code, response.text
        assert json.loads(printed) == response.json()
