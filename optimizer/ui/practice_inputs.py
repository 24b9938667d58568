"""The practice of the sidebar read from session state: its widgets' values as the
Scenario fields the planner takes (the sidebar draws them; the session's practice
and the Planner read them before they are drawn)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import streamlit as st

from optimizer.model import Reporting, Scenario
from optimizer.rules.year_rules import YearRules, rules_for
from optimizer.sources.scenario_fields import scenario_from_fields
from optimizer.ui.labels import (
    NO_MVP,
    PAIRING_ALL,
    PAIRING_AT_LEAST,
    PAIRING_NONE,
    sidebar_field_error,
    status_labels,
)


def practice_fields(
    year: int,
    rules: YearRules,
    value: Callable[[str, Any], Any],
) -> dict[str, Any]:
    """The Scenario fields of the sidebar, each read by ``value(key, default)``: from
    session state before the widgets are drawn, or from the widgets themselves."""
    statuses = frozenset(s for s in status_labels(rules) if value(f"status_{s}", False))
    pairing = value("pairing", PAIRING_NONE)
    mvp = value(f"mvp_{year}", NO_MVP) if rules.mvp else NO_MVP
    start = value("start_date", None)
    return {
        "year": year,
        "statuses": statuses,
        "apm": bool(value("apm", False)),
        "app": bool(value("app", False)) and rules.app_full_credit,
        "pcmh": bool(value("pcmh", False)),
        "mvp": None if mvp == NO_MVP else mvp,
        "reporting": value("reporting", Reporting.INDIVIDUAL),
        "clinicians": value("clinicians", None),
        "quality": value(f"quality_{year}", []),
        "require_pairing": pairing == PAIRING_ALL,
        "min_paired": int(value("min_paired", 1)) if pairing == PAIRING_AT_LEAST else 0,
        "start_date": start if isinstance(start, date) else None,
        "max_concurrent": value("max_concurrent", None),
    }


def practice_from_state(year: int) -> Scenario:
    """The sidebar's practice as the widgets hold it, read before they are drawn: the
    page plans first and draws the sidebar after, so the plan reaches the screen
    first (``practice_ui`` draws them and says if they hold anything else)."""
    state = st.session_state
    return scenario_from_fields(
        practice_fields(year, rules_for(year), state.get), locate=sidebar_field_error
    )
