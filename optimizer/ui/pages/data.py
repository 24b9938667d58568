"""The Data page: CMS's lists the planner knows (bundled, or updated by the user, with
source and date, provisional where the rules table has no row), and CMS's
``measures-data.json`` (with ``mvp.json``) taken as an upload to load a year. The
same as ``mips-ia data list`` and ``data update --from FILE``."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from optimizer.errors import PlannerError
from optimizer.sources.cms_json import MAX_MEASURES_BYTES, MAX_MVP_BYTES, check_size
from optimizer.sources.year_update import default_year, loaded_year_list, update_year
from optimizer.ui import sign_in
from optimizer.ui.plain_text import app_words
from optimizer.ui.state import load_bundled, today

REPORT = "data_update_report"
ERROR = "data_update_error"


def years_frame() -> pd.DataFrame:
    """One row per loaded year, as ``mips-ia data list`` prints it."""
    return pd.DataFrame(
        [
            {
                "Year": r.year,
                "List": r.kind,
                "Provisional": "yes" if r.provisional else "",
                "Date": r.loaded_on,
                "Source": r.source,
            }
            for r in loaded_year_list()
        ]
    )


def _read(key: str, limit: int) -> tuple[bytes, str] | None:
    file = st.session_state.get(key)
    if file is None:
        return None
    check_size(file.size, limit, file.name)  # before the bytes are taken
    return file.getvalue(), file.name


def _load() -> None:
    """The button's callback: store the year, or keep why not in one line."""
    if not sign_in.may_administer():  # the lists serve every organization of the server
        st.session_state[ERROR] = "Nothing was loaded: loading CMS's lists needs an admin."
        return
    st.session_state.pop(REPORT, None)
    st.session_state.pop(ERROR, None)
    try:
        measures = _read("cms_measures_file", MAX_MEASURES_BYTES)
        mvps = _read("cms_mvp_file", MAX_MVP_BYTES)
        if measures is None:
            st.session_state[ERROR] = "Choose CMS's measures-data.json first."
            return
        report = update_year(
            int(st.session_state["cms_year"]),
            measures[0],
            measures[1],
            None if mvps is None else mvps[0],
            "" if mvps is None else mvps[1],
            today=today(),
        )
    except PlannerError as exc:
        st.session_state[ERROR] = f"Nothing was loaded: {app_words(exc)}"
        return
    load_bundled.clear()  # the planner's copy of an updated year is stale now
    st.session_state[REPORT] = "\n".join(report.lines())


def data_page() -> None:
    st.title("CMS's lists")
    st.caption(
        "Each performance year the planner knows. Load CMS's new list below; it is kept "
        "in your data directory, never inside the program."
    )
    st.dataframe(years_frame(), hide_index=True, key="data_years")
    if not sign_in.may_administer():
        st.caption("An admin loads CMS's new lists.")
        return
    st.subheader("Load a year's list")
    st.number_input(
        "Performance year",
        min_value=2017,
        max_value=2100,
        value=default_year(today()),
        step=1,
        key="cms_year",
    )
    st.file_uploader(
        "CMS's measures-data.json (qpp-measures-data, measures/<year>/)",
        type=["json"],
        key="cms_measures_file",
        help=f"At most {MAX_MEASURES_BYTES // (1024 * 1024)} MB; read, never run.",
    )
    st.file_uploader(
        "CMS's mvp.json (mvp/<year>/; needed from 2023)",
        type=["json"],
        key="cms_mvp_file",
        help=f"At most {MAX_MVP_BYTES // (1024 * 1024)} MB.",
    )
    st.button("Load the year", on_click=_load, key="cms_load")
    error = st.session_state.get(ERROR)
    if error:
        st.error(error)
    report = st.session_state.get(REPORT)
    if report:
        st.success("Loaded. What changed:")
        st.text(report)
