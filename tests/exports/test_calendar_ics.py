"""The plan's dates as an .ics file (RFC 5545): one all-day event per date, stable
UIDs, lines folded at 75 octets and text escaped, read back by a strict small parser
and by the icalendar library."""

from __future__ import annotations

from datetime import date

import icalendar
from workspace_fixtures import ACME

from conftest import make_inventory
from optimizer import Scenario, plan
from optimizer.exports.calendar_ics import (
    CONTROL,
    calendar_file_name,
    plan_calendar,
    practice_year_calendar,
    roadmap_calendar,
)
from optimizer.planning.roadmap.build import roadmap
from optimizer.workspace import ProgressChange, ProgressStatus, get_practice_year, mark_progress

AS_OF = date(2026, 1, 15)


def strict_events(data: bytes) -> list[dict[str, str]]:
    """Each VEVENT's properties as written (name with parameters -> raw value), after
    checking the RFC 5545 framing: CRLF line ends, at most 75 octets a line, folded
    lines start with one space, the calendar's required properties."""
    assert data.endswith(b"\r\n")
    physical = data[:-2].split(b"\r\n")
    assert all(b"\n" not in line and b"\r" not in line for line in physical)
    assert all(len(line) <= 75 for line in physical), max(physical, key=len)
    lines: list[str] = []
    for line in physical:
        if line.startswith(b" "):
            lines[-1] += line[1:].decode()
        else:
            lines.append(line.decode())
    assert "BEGIN:VCALENDAR" == lines[0]
    assert "END:VCALENDAR" == lines[-1]
    assert {"VERSION:2.0", "METHOD:PUBLISH"} <= set(lines)
    assert any(line.startswith("PRODID:") for line in lines)
    events: list[dict[str, str]] = []
    for line in lines[1:-1]:
        if line == "BEGIN:VEVENT":
            events.append({})
        elif line != "END:VEVENT" and events:
            name, _, value = line.partition(":")
            events[-1][name] = value
    return events


def known_plan():
    """The bundled 2026 plan as of 2026-01-15: IA_BE_27 and IA_PSPA_23 from that day."""
    return plan(Scenario(year=2026), as_of=AS_OF)


def test_a_known_plan_has_one_event_per_date_with_the_right_dates():
    """Start-by, window start and end of each activity, then the year's three dates."""
    events = strict_events(plan_calendar(known_plan()))

    assert [
        ("py2026-ia-be-27-start-by@ia-planner", "20261003", "20261004"),
        ("py2026-ia-be-27-window-start@ia-planner", "20260115", "20260116"),
        ("py2026-ia-be-27-window-end@ia-planner", "20260414", "20260415"),
        ("py2026-ia-pspa-23-start-by@ia-planner", "20261003", "20261004"),
        ("py2026-ia-pspa-23-window-start@ia-planner", "20260115", "20260116"),
        ("py2026-ia-pspa-23-window-end@ia-planner", "20260414", "20260415"),
        ("py2026-last-start@ia-planner", "20261003", "20261004"),
        ("py2026-submission-opens@ia-planner", "20270104", "20270105"),
        ("py2026-submission-closes@ia-planner", "20270331", "20270401"),
    ] == [(e["UID"], e["DTSTART;VALUE=DATE"], e["DTEND;VALUE=DATE"]) for e in events]
    assert {"20260115T000000Z"} == {e["DTSTAMP"] for e in events}
    assert "IA_BE_27: starts (90 days\\, to 2026-04-14)" == events[1]["SUMMARY"]


def test_the_library_reads_the_file_back():
    """icalendar parses it: nine all-day events with their summaries."""
    cal = icalendar.Calendar.from_ical(plan_calendar(known_plan(), "Acme Clinic"))
    events = cal.walk("VEVENT")

    assert 9 == len(events)
    assert date(2027, 3, 31) == events[-1].decoded("dtstart")
    assert "Acme Clinic: PY2026: submission window closes" == str(events[-1]["summary"])


def test_uids_are_stable_between_runs_and_unique_within_a_file():
    """Planning again gives the same bytes; every UID appears once."""
    first, second = plan_calendar(known_plan(), "Acme"), plan_calendar(known_plan(), "Acme")
    uids = [e["UID"] for e in strict_events(first)]

    assert first == second
    assert len(uids) == len(set(uids))


def test_the_practice_keeps_its_uids_apart_in_any_case():
    """Two practices never share a UID; the same name in another case is the same practice."""
    result = known_plan()

    def uids(name: str) -> set[str]:
        return {e["UID"] for e in strict_events(plan_calendar(result, name))}

    assert uids("Acme Clinic") == uids("ACME clinic")
    assert not uids("Acme Clinic") & uids("Huge Health")
    assert not uids("Acme Clinic") & uids("")


def test_a_long_name_with_commas_and_semicolons_is_folded_and_escaped():
    """Commas, semicolons, backslashes and a newline escaped; accented letters folded
    by octets, never split inside a character; the library reads the name back whole."""
    name = "Sainte-Anne Family Médecine, Pédiatrie; Obstétrique \\ Nord-Est\nSite 2 " * 2
    data = plan_calendar(known_plan(), name)
    summary = strict_events(data)[0]["SUMMARY"]

    assert summary.startswith(
        "Sainte-Anne Family Médecine\\, Pédiatrie\\; Obstétrique \\\\ Nord-Est\\nSite 2 "
    )
    cal = icalendar.Calendar.from_ical(data)
    assert f"{name}: IA_BE_27: last day to start its 90-day period" == str(
        cal.walk("VEVENT")[0]["summary"]
    )


def test_control_characters_become_spaces():
    """A bell or NUL in a name is not text RFC 5545 allows: a space in its place; a
    carriage return and line feed is one escaped newline."""
    data = plan_calendar(known_plan(), "Acme\x07Clinic\x00 East\r\nSite")

    assert (
        "Acme Clinic  East\\nSite: IA_BE_27: last day to start its 90-day period"
        == (strict_events(data)[0]["SUMMARY"])
    )
    assert not CONTROL.search(data.decode().replace("\r\n", "").replace("\t", ""))


def test_an_impossible_plan_still_has_the_years_dates():
    """No activities: the last start and the submission window, three events."""
    result = plan(Scenario(year=2025), make_inventory(2025, ("IA_T_1", None, 1)), as_of=AS_OF)
    events = strict_events(plan_calendar(result))

    assert ["py2025-last-start", "py2025-submission-opens", "py2025-submission-closes"] == [
        e["UID"].removesuffix("@ia-planner") for e in events
    ]


def test_a_roadmap_has_each_years_dates_with_the_plans_uids():
    """Every year of the roadmap, its events as its own year's plan would have them."""
    inventories = {
        y: make_inventory(y, ("IA_T_1", None, 10), ("IA_T_2", None, 12)) for y in (2025, 2026)
    }
    result = roadmap(Scenario(year=2025), 2026, inventories=inventories, as_of=date(2025, 2, 1))
    events = strict_events(roadmap_calendar(result, "Acme"))
    by_year = [strict_events(plan_calendar(y.plan, "Acme")) for y in result.years]

    assert [e["UID"] for y in by_year for e in y] == [e["UID"] for e in events]
    assert {"2025", "2026"} == {e["UID"][2:6] for e in events}


def by_uid_kind(events: list[dict[str, str]]) -> dict[str, str]:
    """Each event's start day by what its UID says: 'ia-be-27-window-start' -> '20260105'."""
    return {
        e["UID"].split("@")[0].removeprefix("py2026-").rsplit("-", 1)[0]: e["DTSTART;VALUE=DATE"]
        for e in events
    }


def test_a_practice_year_has_its_planned_windows_and_the_years_dates(acme):  # type: ignore[no-untyped-def]
    """A saved year: each activity in the plan with its start-by and its planned window,
    then the year's dates; the summaries and file name carry the practice."""
    events = strict_events(practice_year_calendar(acme))
    planned = [p for p in acme.progress if p.in_plan]
    window = {w["activity"]: w for w in acme.plan["schedule"]}[planned[0].activity_id]
    first = by_uid_kind(events)

    assert 3 * len(planned) + 3 == len(events)
    assert (
        f"{ACME}: {planned[0].activity_id}: last day to start its 90-day period"
        == events[0]["SUMMARY"]
    )
    assert planned[0].last_start.strftime("%Y%m%d") == events[0]["DTSTART;VALUE=DATE"]
    assert window["start"].replace("-", "") == first["ia-be-27-window-start"]
    assert "20270331" == events[-1]["DTSTART;VALUE=DATE"]
    assert "acme-clinic-ia-calendar-2026.ics" == calendar_file_name(2026, ACME)


def test_a_practice_year_takes_the_days_recorded(ws, acme):  # type: ignore[no-untyped-def]
    """Started on February 2 with no end yet: the window runs its 90 days from then,
    under the same UIDs as before."""
    before = strict_events(practice_year_calendar(acme))
    change = ProgressChange(status=ProgressStatus.RUNNING, start=date(2026, 2, 2))
    mark_progress(ws, ACME, 2026, "IA_BE_27", change)
    after = strict_events(practice_year_calendar(get_practice_year(ws, ACME, 2026)))

    assert [e["UID"] for e in before] == [e["UID"] for e in after]
    assert ("20260202", "20260502") == (
        by_uid_kind(after)["ia-be-27-window-start"],
        by_uid_kind(after)["ia-be-27-window-end"],
    )
