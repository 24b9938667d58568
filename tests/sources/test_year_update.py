"""`mips-ia data update` and `data list`: CMS's list of a year loaded in one step from
a (loopback) web server or a file, checked, stored all or nothing, and planned."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import cms_files
import pytest
from cms_files import serve, write_repository

from optimizer.cli.mips_ia import main
from optimizer.sources import year_update
from optimizer.sources.bundled import bundled_inventory, loaded_years, mvp_catalog
from optimizer.sources.year_update import CMS_REF, loaded_year_list, update_from

TODAY = date(2026, 12, 3)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def cms_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """CMS's repository, 2026 and the modified 2027, on a loopback server that the
    default URL points at."""
    root = tmp_path / "site"
    write_repository(
        root,
        CMS_REF,
        {
            2026: (cms_files.measures_2026(), cms_files.mvps_2026()),
            2027: (cms_files.measures_2027(), cms_files.mvps_2027()),
        },
    )
    with serve(root) as base:
        monkeypatch.setattr(year_update, "RAW_BASE", base)
        yield base


def stored_files(store: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(store)): p.read_bytes() for p in sorted(store.rglob("*")) if p.is_file()
    }


CHANGE_REPORT_2027 = """\
Changes against PY2026:
  - IA_PSPA_3 is IA_PSPA_40 from 2027: the same activity under a new ID
  - IA_PSPA_19 was suspended by CMS on 2027-03-02, during 2027: it counts only if the \
practice began it before then; proposed replacement: IA_PSPA_23 (Completion of CDC Training on \
Antibiotic Stewardship)
  - IA_BE_19 is not in the 2027 inventory; proposed replacement: IA_BE_27 (Comprehensive Eye \
Exams)
  - IA_AHW_9 is new in 2027
Rules read from CMS's wording that changed:
  - IA_ERP_2: period 60 days in 2026, 30 days in 2027 (CMS's wording changed)
  - IA_PSPA_4: frequency limit once every 4 years in 2026, none in 2027 (CMS's wording changed)
For a person to check:
"""


class TestUpdate:
    """A year's list read from CMS's repository layout over HTTP."""

    def test_change_report(self, capsys, data_store, cms_site, clock):
        """The report names what was added, removed, re-IDed, suspended and re-worded."""
        clock(TODAY)

        code, out, err = run(capsys, "data", "update", "--year", "2027")

        assert (0, "") == (code, err)
        assert CHANGE_REPORT_2027 in out
        assert out.startswith(
            f"PY2027: 95 activities from {cms_site}/CMSgov/qpp-measures-data/{CMS_REF}/"
            "measures/2027/measures-data.json\n"
        )

    def test_review_list(self, data_store, cms_site):
        """Facts read from new wording, and the missing rules row, are left to a person."""
        report = update_from(2027, None, None, today=TODAY)

        assert {
            "IA_ERP_2: period 30 days was read from CMS's description",
            "IA_PSPA_19: suspension suspended on 2027-03-02 was read from CMS's description",
            "IA_AHW_9 is new: check whether it needs a sponsor's selection "
            "(conditional_activities.csv) and give it an effort estimate",
            "IA_PSPA_40 (was IA_PSPA_3) has no effort estimate of its own in efforts.csv",
            "PY2027 has no row in rules.csv: its points, dates and shares are carried forward "
            "(provisional) until one is added",
        } <= set(report.review)

    def test_stored_year_is_loaded(self, data_store, cms_site):
        """The stored 2027 is read like a bundled year: its activities, facts and MVPs."""
        update_from(2027, None, None, today=TODAY)

        inventory = bundled_inventory(2027)
        assert 2027 == loaded_years()[-1]
        assert ("IA_AHW_9" in inventory, "IA_BE_19" in inventory) == (True, False)
        assert (30, "2027-03-02", None) == (
            inventory.get("IA_ERP_2").period_days,
            inventory.get("IA_PSPA_19").suspended_on,
            inventory.get("IA_PSPA_4").frequency_years,
        )
        assert {m["mvpId"] for m in cms_files.mvps_2027()} == set(mvp_catalog(2027))
        assert not any("IA_BE_19" in m.activity_ids for m in mvp_catalog(2027).values())

    def test_same_facts_as_bundled(self, data_store, cms_site):
        """CMS's 2026 file read by data update gives the bundled 2026 facts."""
        bundled = bundled_inventory(2026)

        update_from(2026, None, None, today=TODAY)

        stored = bundled_inventory(2026)
        assert "CMS's list loaded by data update" == stored.source
        assert [
            (a.id, a.title, a.subcategory, a.frequency_years, a.period_days, a.mvp_only)
            for a in bundled.activities
        ] == [
            (a.id, a.title, a.subcategory, a.frequency_years, a.period_days, a.mvp_only)
            for a in stored.activities
        ]

    def test_from_file_beside_its_mvp_file(self, data_store, tmp_path):
        """--from a downloaded checkout finds mvp/<PY>/mvp.json in the same layout."""
        base = write_repository(
            tmp_path, "x", {2027: (cms_files.measures_2027(), cms_files.mvps_2027())}
        )

        report = update_from(
            2027, str(base / "measures/2027/measures-data.json"), None, today=TODAY
        )

        assert (95, True) == (report.stored.activities, bool(mvp_catalog(2027)))


class TestAllOrNothing:
    """A file that fails a check leaves the store as it was."""

    def test_bad_mvp_file_keeps_the_stored_year(self, capsys, data_store, cms_site, tmp_path):
        """MVPs without iaMeasureIds: exit 2, one line, the earlier 2027 copy untouched."""
        update_from(2027, None, None, today=TODAY)
        before = stored_files(data_store)
        bad = tmp_path / "mvp.json"
        bad.write_text(json.dumps([{"mvpId": "G0053", "title": "x", "qualityMeasureIds": []}]))
        measures = f"{cms_site}/CMSgov/qpp-measures-data/{CMS_REF}/measures/2026/measures-data.json"

        code, _, err = run(
            capsys, "data", "update", "--year", "2027", "--from", measures, "--mvp-from", str(bad)
        )

        assert (2, before) == (code, stored_files(data_store))
        assert (
            f"mips-ia: error: {bad}, record 1 (G0053): an MVP needs 'iaMeasureIds' (a list of "
            "IDs), got nothing\n"
        ) == err

    def test_missing_file_on_the_server(self, capsys, data_store, cms_site):
        """A year CMS has not published answers 404 in words and stores nothing."""
        code, _, err = run(capsys, "data", "update", "--year", "2028")

        url = f"{cms_site}/CMSgov/qpp-measures-data/{CMS_REF}/measures/2028/measures-data.json"
        assert (2, {}) == (code, stored_files(data_store))
        assert (
            f"mips-ia: error: {url} answered 404 File not found: CMS has not published that "
            "file there (check the year, or give --from)\n"
        ) == err

    def test_size_cap(self, capsys, data_store, cms_site, monkeypatch):
        """A file over the cap is refused before its body is read."""
        monkeypatch.setattr(year_update, "MAX_MEASURES_BYTES", 64 * 1024)
        url = f"{cms_site}/CMSgov/qpp-measures-data/{CMS_REF}/measures/2026/measures-data.json"

        code, _, err = run(capsys, "data", "update", "--year", "2026")

        assert (2, {}) == (code, stored_files(data_store))
        assert f"mips-ia: error: {url} is larger than 64 KB; this is not CMS's file\n" == err

    def test_depth_cap(self, capsys, data_store, tmp_path):
        """Deeply nested JSON is refused in words, not with a RecursionError."""
        deep = tmp_path / "measures-data.json"
        deep.write_text("[" * 100_000 + "]" * 100_000)

        code, _, err = run(capsys, "data", "update", "--year", "2027", "--from", str(deep))

        assert (2, {}) == (code, stored_files(data_store))
        assert (
            f"mips-ia: error: {deep} nests lists or objects more than 32 deep; this is not "
            "CMS's file\n"
        ) == err

    def test_another_years_file(self, capsys, data_store, cms_site):
        """The 2027 file given as 2026's is refused: it holds an activity first offered in 2027."""
        url = f"{cms_site}/CMSgov/qpp-measures-data/{CMS_REF}/measures/2027/measures-data.json"

        code, _, err = run(capsys, "data", "update", "--year", "2026", "--from", url)

        assert (2, {}) == (code, stored_files(data_store))
        assert err.endswith("(IA_AHW_9): offered 2027-on, not in 2026; is this the 2026 file?\n")

    def test_scheme_refused(self, capsys, data_store):
        """Only http(s) and files are read."""
        code, _, err = run(capsys, "data", "update", "--from", "ftp://example.org/x.json")

        assert (2, "mips-ia: error: ftp://example.org/x.json: only http://, https:// or a "
                "file can be read\n") == (code, err)  # fmt: skip


class TestList:
    """`data list`: each year, bundled or updated, its source and date."""

    def test_list(self, capsys, data_store, cms_site):
        """Bundled years, the updated 2026 (it replaces the bundled list) and the
        provisional 2027 with their sources and dates."""
        update_from(2026, None, None, today=date(2026, 11, 30))
        update_from(2027, None, None, today=TODAY)

        code, out, _ = run(capsys, "data", "list")

        url = f"{cms_site}/CMSgov/qpp-measures-data/{CMS_REF}/measures"
        lines = out.splitlines()
        assert 0 == code
        assert "2025  bundled                               2026-08-20  CMSgov/qpp-measures-data" \
            " commit 100b25f9" == lines[9]  # fmt: skip
        assert f"2026  updated (replaces the bundled list)   2026-11-30  {url}/2026/" \
            "measures-data.json" == lines[10]  # fmt: skip
        assert f"2027  updated, provisional                  2026-12-03  {url}/2027/" \
            "measures-data.json" == lines[11]  # fmt: skip

    def test_list_json(self, data_store):
        """With nothing stored, every year is bundled and none provisional."""
        rows = [r.to_dict() for r in loaded_year_list()]

        assert {("bundled", False)} == {(r["kind"], r["provisional"]) for r in rows}
        assert list(range(2017, 2027)) == [r["year"] for r in rows]


class TestPlanningStoredYear:
    """A stored year is planned like a bundled one; an updated year's copy wins."""

    def test_updated_year_is_planned(self, capsys, data_store, tmp_path):
        """2026 updated without IA_BE_27: the plan, which picks it from the bundled list,
        picks from the stored list instead."""
        args = ("plan", "--year", "2026", "--format", "json", "--as-of", "2026-01-15")
        _, before, _ = run(capsys, *args)
        measures = tmp_path / "measures-data.json"
        kept = [r for r in cms_files.measures_2026() if r["measureId"] != "IA_BE_27"]
        measures.write_text(json.dumps(kept))
        mvps = tmp_path / "mvp.json"
        mvps.write_text(json.dumps(cms_files.mvps_2026()))
        update_from(2026, str(measures), str(mvps), today=TODAY)

        code, after, _ = run(capsys, *args)

        chosen = {a["id"] for a in json.loads(after)["activities"]}
        assert "IA_BE_27" in {a["id"] for a in json.loads(before)["activities"]}
        assert (0, False) == (code, "IA_BE_27" in chosen)
        assert chosen <= set(bundled_inventory(2026).ids)

    def test_stored_new_year_in_a_roadmap(self, capsys, data_store, cms_site):
        """A roadmap into the stored 2027 plans it on its own list (2026's rules stand in)."""
        update_from(2027, None, None, today=TODAY)

        code, out, _ = run(capsys, "roadmap", "--years", "2026-2027", "--as-of", "2026-01-15")

        assert 0 == code
        assert (
            "- 2027: No effort estimate for IA_AHW_9, IA_PSPA_40: 40 h assumed; set your own "
            "effort for a better plan"
        ) in out.splitlines()

    def test_stored_next_year_is_the_default_plan_in_december(self, capsys, data_store, cms_site):
        """With CMS's 2027 list loaded but no 2027 row in rules.csv, a plan with no --year on
        2026-12-02 is for 2027 on its own list, provisional on 2026's rules carried forward;
        2028 (no list, and rules two years past the table) is still refused."""
        update_from(2027, None, None, today=TODAY)
        stored = set(bundled_inventory(2027).ids)

        code, out, err = run(capsys, "plan", "--format", "json", "--as-of", "2026-12-02")

        plan = json.loads(out)
        assert (0, 2027, True, 2026) == (
            code,
            plan["year"],
            plan["provisional"],
            plan["borrowed_from"],
        )
        assert {a["id"] for a in plan["activities"]} <= stored
        assert "IA_PSPA_40" in stored
        assert "IA_PSPA_3" not in stored
        assert "rules (points, dates) are not in the project yet" in err
        code, _, err = run(capsys, "plan", "--year", "2028", "--as-of", "2026-12-02")
        assert 2 == code
        assert "2028" in err


def test_json_report(capsys, data_store, cms_site, clock):
    """--format json: the same report as data, each change with its kind."""
    clock(TODAY)
    code, out, _ = run(capsys, "data", "update", "--year", "2027", "--format", "json")

    report = json.loads(out)
    assert (0, 2026, True) == (code, report["compared_with"], report["provisional"])
    assert [("new_id", "IA_PSPA_3"), ("suspended", "IA_PSPA_19"), ("removed", "IA_BE_19"),
            ("added", "IA_AHW_9")] == [(c["kind"], c["id"]) for c in report["changes"]]  # fmt: skip
    code, out, _ = run(capsys, "data", "list", "--format", "json")
    assert {"year": 2027, "kind": "updated", "date": "2026-12-03", "provisional": True} == {
        k: v for k, v in json.loads(out)[-1].items() if k != "source"
    }


def test_activity_without_title(capsys, data_store, tmp_path):
    """An activity record lacking a field the planner reads is refused, naming it."""
    records = cms_files.measures_2026()
    del records[2]["title"]
    measures = tmp_path / "measures-data.json"
    measures.write_text(json.dumps(records))

    code, _, err = run(capsys, "data", "update", "--year", "2026", "--from", str(measures))

    assert (2, {}) == (code, stored_files(data_store))
    assert (
        f"mips-ia: error: {measures}, record 3 ({records[2]['measureId']}): an activity needs "
        "'title' (text), got nothing\n"
    ) == err
