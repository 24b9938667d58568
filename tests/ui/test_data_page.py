"""The Data page: the loaded years as `data list` shows them, and CMS's file taken
as an upload (size-capped, refused in one line, stored all or nothing)."""

from __future__ import annotations

import json

import cms_files
import pytest
from streamlit.testing.v1 import AppTest

from optimizer.sources.bundled import loaded_years

pytestmark = pytest.mark.usefixtures("no_paint_pauses")


def data_page_app() -> None:
    from optimizer.ui.pages.data import data_page

    data_page()


@pytest.fixture
def page(data_store, monkeypatch) -> AppTest:
    monkeypatch.setenv("IA_PLANNER_TODAY", "2026-12-03")
    return AppTest.from_function(data_page_app, default_timeout=60).run()


def put(at: AppTest, key: str, name: str, data: bytes) -> AppTest:
    uploader = next(u for u in at.get("file_uploader") if u.key == key)
    return uploader.set_value((name, data, "application/json")).run()


def years(at: AppTest) -> list[dict[str, object]]:
    return at.dataframe[0].value.to_dict("records")


def test_lists_the_bundled_years(page):
    """With nothing loaded, every year is bundled, from CMS's repository."""
    rows = years(page)

    assert not page.exception
    assert (list(range(2017, 2027)), {"bundled"}) == (
        [r["Year"] for r in rows],
        {r["List"] for r in rows},
    )


def test_upload_loads_the_year(page):
    """CMS's 2027 files uploaded: the year is listed as updated and provisional, and the
    change report is shown."""
    at = put(page, "cms_measures_file", "measures-data.json",
             json.dumps(cms_files.measures_2027()).encode())  # fmt: skip
    at = put(at, "cms_mvp_file", "mvp.json", json.dumps(cms_files.mvps_2027()).encode())
    at.number_input(key="cms_year").set_value(2027)

    at = at.button(key="cms_load").click().run()

    assert not at.exception
    assert ("updated", "yes", "2026-12-03") == tuple(
        years(at)[-1][k] for k in ("List", "Provisional", "Date")
    )
    assert "  - IA_AHW_9 is new in 2027" in at.text[0].value.splitlines()
    assert 2027 in loaded_years()


def test_bad_upload_is_one_line_and_stores_nothing(page, data_store):
    """Deeply nested JSON: one line in place, no traceback, nothing stored."""
    at = put(page, "cms_measures_file", "deep.json", b"[" * 50_000 + b"]" * 50_000)

    at = at.button(key="cms_load").click().run()

    assert not at.exception
    assert [
        "Nothing was loaded: deep.json nests lists or objects more than 32 deep; this is not "
        "CMS's file"
    ] == [e.value for e in at.error]
    assert not (data_store / "years").exists() or not any((data_store / "years").iterdir())
