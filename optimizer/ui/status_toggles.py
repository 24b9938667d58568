"""The what-if toggles, above the plan they change: the practice's special statuses,
its credits (APM, APM Performance Pathway, medical home) and the categories CMS
reweights (PI, cost), which change the IA weight in the final score. They run inside the
plan's fragment, so a toggle re-plans and redraws the plan alone, not the sidebar."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from optimizer.model import Scenario, SpecialStatus
from optimizer.rules.year_rules import YearRules
from optimizer.ui.labels import status_labels
from optimizer.ui.plan_tables import small_practice_hint


def status_toggles_ui(base: Scenario, rules: YearRules) -> Scenario:
    """``base`` with the statuses and credits the toggles hold."""
    st.caption("What if the practice is ...")
    with st.container(horizontal=True, gap="medium"):
        statuses = frozenset(
            status
            for status, label in status_labels(rules).items()
            if st.toggle(label, key=f"status_{status}")
        )
        share = rules.apm_points / rules.category_max
        apm = st.toggle(f"APM participant ({share:.0%} automatic credit)", key="apm")
        app = st.toggle(
            "APM Performance Pathway (full credit)",
            key="app",
            disabled=not rules.app_full_credit,
            help=None if rules.app_full_credit else f"The APP starts in 2021, not in {base.year}",
        )
        pcmh = st.toggle("Medical home, PCMH (full credit)", key="pcmh")
    small = SpecialStatus.SMALL_PRACTICE in statuses
    pi_default = rules.small_pi_reweighted and small
    with st.container(horizontal=True, gap="medium"):
        pi = st.toggle(
            "Promoting Interoperability reweighted",
            value=pi_default,
            key=f"pi_reweighted_{pi_default}",
            help="Automatic for a small practice from 2022; otherwise by a hardship "
            "exception. Raises the IA weight in the final score (CMS's reweighting table)",
        )
        cost = st.toggle(
            "Cost reweighted",
            key="cost_reweighted",
            help="The cost category reweighted to 0% (with PI reweighted, a small "
            "practice's IA weighs 50%)",
        )
    hint = small_practice_hint(base.clinicians, small, rules)
    if hint:
        st.caption(hint)
    return replace(
        base,
        statuses=statuses,
        apm=apm,
        app=app and rules.app_full_credit,
        pcmh=pcmh,
        pi_reweighted=None if pi == pi_default else pi,
        cost_reweighted=cost,
    )
