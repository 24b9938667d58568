"""The project's own data/ tables: complete, facts only, and exactly what the
importer makes from CMS's public data (RULES-RESEARCH.md section 7)."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from optimizer import (
    bundled_inventory,
    bundled_years,
    effort_estimates,
    mvp_catalog,
    quality_measures,
    read_inventory,
    rule_years,
)
from optimizer.data_files import DATA_DIR
from optimizer.sources.importer import import_cms, short_title
from optimizer.sources.inventory import period_from_text

YEARS = tuple(range(2017, 2027))
# RULES-RESEARCH.md section 7 (counts include IA_PCMH and, from 2024, IA_MVP).
COUNTS = {
    2017: 93, 2018: 113, 2019: 118, 2020: 106, 2021: 105,
    2022: 105, 2023: 103, 2024: 106, 2025: 104, 2026: 95,
}  # fmt: skip


class TestCompleteness:
    """Every year is bundled, with rules, efforts and MVPs."""

    def test_every_year_is_bundled(self):
        """2017-2026 each have an inventory and a rules row."""
        assert YEARS == bundled_years()
        assert set(YEARS) <= set(rule_years())

    @pytest.mark.parametrize("year", YEARS)
    def test_inventory_counts(self, year):
        """Each bundled inventory has CMS's number of activities."""
        assert COUNTS[year] == len(bundled_inventory(year))

    def test_every_activity_has_an_effort_and_a_reason(self):
        """Each ID of any year has an estimate >= 0 hours with a one-line reason."""
        ids = {a.id for year in YEARS for a in bundled_inventory(year).activities}
        estimates = effort_estimates()

        assert set() == ids - set(estimates)
        assert all(e.hours >= 0 and e.reason and "\n" not in e.reason for e in estimates.values())

    @pytest.mark.parametrize(("year", "count"), [(2023, 12), (2024, 16), (2025, 21), (2026, 27)])
    def test_mvp_counts(self, year, count):
        """The MVP lists of 2023-2026 (RULES-RESEARCH.md section 9)."""
        assert count == len(mvp_catalog(year))

    def test_no_mvps_before_2023(self):
        """MVPs start in 2023."""
        assert {} == mvp_catalog(2022)

    def test_quality_measure_titles(self):
        """The quality measures of a year carry their titles (for the app's picker)."""
        assert quality_measures(2025)["001"].startswith("Diabetes")

    @pytest.mark.parametrize(
        ("year", "limited"),
        [
            (2017, set()),
            (2018, {"IA_PSPA_4", "IA_PSPA_22", "IA_PSPA_23", "IA_PSPA_24"}),
            (2019, {"IA_PSPA_4", "IA_PSPA_22", "IA_PSPA_23", "IA_PSPA_24"}),
            (2024, {"IA_PSPA_4", "IA_PSPA_22", "IA_PSPA_23"}),
        ],
    )
    def test_frequency_limits(self, year, limited):
        """Once-every-4-years limits by year (RULES-RESEARCH.md section 7)."""
        inventory = bundled_inventory(year)

        assert limited == {a.id for a in inventory.activities if a.frequency_years == 4}

    def test_suspended_2025(self):
        """The 8 activities suspended on 2025-05-06 are marked so."""
        suspended = {a.id for a in bundled_inventory(2025).activities if a.suspended_on}

        assert {
            "IA_AHE_5", "IA_AHE_8", "IA_AHE_9", "IA_AHE_11",
            "IA_AHE_12", "IA_ERP_3", "IA_PM_6", "IA_PM_26",
        } == suspended  # fmt: skip

    def test_no_descriptions_are_bundled(self):
        """Data policy: facts only; the bundled inventories carry no description text."""
        assert all(not a.description for y in YEARS for a in bundled_inventory(y).activities)


PERIODS = {
    **{(year, "IA_ERP_1"): 184 for year in YEARS},
    **{(year, "IA_ERP_2"): 60 for year in YEARS},
    **{(year, "IA_PSPA_5"): 184 for year in (2017, 2018, 2019)},
}
"""Activities whose CMS description sets a period other than 90 days, read by hand in
every year's descriptions (RULES-RESEARCH.md section 11): IA_ERP_1 and IA_PSPA_5 at
least 6 months, IA_ERP_2 a continuous 60 days or more."""


def test_bundled_periods_are_the_ones_the_descriptions_state():
    """Every bundled year carries the periods above and no other."""
    found = {
        (year, a.id): a.period_days
        for year in YEARS
        for a in bundled_inventory(year).activities
        if a.period_days is not None
    }

    assert PERIODS == found


class TestAgainstCms:
    """The bundled tables against CMS's reference data (skipped when it is absent)."""

    @pytest.mark.parametrize("year", YEARS)
    def test_reader_reads_every_cms_year(self, cms_dir, year):
        """CMS's JSON for each year reads into the same facts as the bundled inventory."""
        path = cms_dir / "ia" / f"{year}.json"
        records = json.loads(path.read_text())

        inventory = read_inventory(path.read_bytes(), year, f"{year}.json")
        facts = [
            (a.id, short_title(a.title, a.description), a.weight, a.frequency_years)
            for a in inventory.activities
        ]
        bundled = {
            (a.id, a.title, a.weight, a.frequency_years) for a in bundled_inventory(year).activities
        }

        assert len(records) == len(inventory)
        assert bundled == set(facts)

    @pytest.mark.parametrize("year", YEARS)
    def test_periods_read_from_cms_descriptions(self, cms_dir, year):
        """The period reader finds exactly the reviewed periods in CMS's own text."""
        records = json.loads((cms_dir / "ia" / f"{year}.json").read_text())
        found = {
            (year, r["measureId"]): days
            for r in records
            if (days := period_from_text(r.get("description") or "")) is not None
        }

        assert {k: v for k, v in PERIODS.items() if k[0] == year} == found

    def test_importer_reproduces_data(self, cms_dir, tmp_path):
        """Running the importer on CMS's data gives back data/ byte for byte."""
        shutil.copy(DATA_DIR / "rules.csv", tmp_path / "rules.csv")

        import_cms(cms_dir, YEARS, tmp_path)

        for name in ["mvps.csv", "quality_measures.csv", "pairings.csv"] + [
            f"inventories/{y}.csv" for y in YEARS
        ]:
            assert (DATA_DIR / name).read_bytes() == (tmp_path / name).read_bytes(), name

    def test_no_description_sentence_is_bundled(self, cms_dir):
        """Data policy: no long sentence of CMS's descriptions appears in data/, not even
        as a title (early CMS titles that repeat the description are shortened)."""
        sentences = {
            " ".join(s.split())[:90]
            for path in (cms_dir / "ia").glob("*.json")
            for m in json.loads(path.read_text())
            for s in (m.get("description") or "").replace("\n", " ").split(". ")
            if len(" ".join(s.split())) >= 90
        }

        found = [
            (path.name, s)
            for path in DATA_DIR.rglob("*.csv")
            for s in sentences
            if s in " ".join(path.read_text().split())
        ]

        assert [] == found

    def test_guidance_borrows_no_run_of_eight_words_from_cms(self, cms_dir):
        """Data policy, for the project's own guidance and effort reasons: no run of eight
        words of any CMS description (case and punctuation aside) appears in them."""

        def words(text: str) -> list[str]:
            return re.findall(r"[a-z0-9]+", text.lower())

        runs = {
            tuple(w[i : i + 8])
            for path in (cms_dir / "ia").glob("*.json")
            for m in json.loads(path.read_text())
            for w in [words(m.get("description") or "")]
            for i in range(len(w) - 7)
        }
        ours = [
            text
            for e in effort_estimates().values()
            for text in (e.reason, e.per_clinician_reason, e.what_to_do, e.evidence_to_keep)
        ]

        found = [
            t
            for t in ours
            for w in [words(t)]
            for i in range(len(w) - 7)
            if tuple(w[i : i + 8]) in runs
        ]
        assert [] == found

    @pytest.mark.parametrize("year", [2023, 2024, 2025, 2026])
    def test_mvp_lists_match_cms(self, cms_dir, year):
        """Each MVP's activity list is CMS's iaMeasureIds."""
        cms = {
            m["mvpId"]: set(m["iaMeasureIds"])
            for m in json.loads((cms_dir / "mvp" / f"{year}.json").read_text())
        }

        assert cms == {k: set(v.activity_ids) for k, v in mvp_catalog(year).items()}


@pytest.mark.parametrize(
    ("title", "description", "expected"),
    [
        ("Short title", "Short title. More text.", "Short title"),
        (
            "Regularly assess the patient experience of care through surveys and other means",
            "Unrelated description.",
            "Regularly assess the patient experience of care through surveys and other means",
        ),
        (
            "Regularly assess the patient experience of care through surveys, advisory councils "
            "and/or other mechanisms.",
            "Regularly assess the patient experience of care through surveys, advisory councils "
            "and/or other mechanisms. More.",
            "Regularly assess the patient experience of care through surveys, advisory …",
        ),
    ],
    ids=["short", "long-but-own-words", "repeats-the-description"],
)
def test_short_title(title, description, expected):
    """Only a long title that repeats the description is cut, at a word boundary."""
    assert expected == short_title(title, description)


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_every_recent_activity_says_what_to_do_and_what_to_keep(year):
    """Issue 14: each activity of the 2024-2026 inventories has a short what-to-do line
    and an evidence-to-keep line, written by the project (no CMS sentence: the data
    policy test above), one line each, at most 160 characters."""
    estimates = effort_estimates()
    lines = [
        (a.id, estimates[a.id].what_to_do, estimates[a.id].evidence_to_keep)
        for a in bundled_inventory(year).activities
    ]

    assert [] == [i for i, do, keep in lines if not do or not keep]
    assert [] == [i for i, do, keep in lines if max(len(do), len(keep)) > 160 or "\n" in do + keep]
