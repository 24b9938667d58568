"""The workspace as a person reads it in a terminal: the practices list, one
practice with its years, and the one-line answers of mark, evidence and attest."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from optimizer.model import PlanStatus
from optimizer.wording import listed, plural
from optimizer.workspace import AttestationInfo, EvidenceInfo, PortfolioRow, ProgressInfo
from optimizer.workspace.attestation_checks import STATUS_CREDIT
from optimizer.workspace.progress import ProgressStatus, days_still_needed


def _columns(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(str(c)) for c in column) for column in zip(header, *rows, strict=True)]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    return [line.format(*header).rstrip(), *(line.format(*r).rstrip() for r in rows)]


def portfolio_table(rows: Sequence[PortfolioRow]) -> str:
    """One line per practice: its year, plan, progress, risks and submission window."""
    if not rows:
        return "No practices yet: add one with mips-ia practice add NAME"
    header = ("Practice", "TIN", "Year", "Plan", "Points", "Progress", "At risk", "Submission")
    body = [
        (
            r.practice,
            r.tin or "",
            "" if r.year is None else str(r.year),
            r.plan_status + (" (provisional)" if r.provisional else ""),
            "" if r.points is None else f"{r.points}/{r.category_max}",
            r.progress,
            "; ".join(r.at_risk + r.missed),
            r.submission,
        )
        for r in rows
    ]
    return "\n".join(_columns(header, body))


def roster_names(roster: Iterable[Any]) -> dict[str, str]:
    """Roster ID -> the clinician's name (a Clinician or its dict): the names the
    terminal shows, the NPI only where the roster gives none."""
    pairs = ((c["id"], c["name"]) if isinstance(c, Mapping) else (c.id, c.name) for c in roster)
    return {i: (n or "").strip() or i for i, n in pairs}


def named(ids: Iterable[str], names: Mapping[str, str]) -> str:
    """'Dr Lee, 1245319599': each clinician by name, else by NPI."""
    return ", ".join(names.get(c, c) for c in ids)


def progress_text(
    p: ProgressInfo, today: date | None = None, names: Mapping[str, str] | None = None
) -> str:
    """'IA_EPA_1 running: 2026-04-01 to -, 90 days required, owner Dr Lee (version 3)';
    the clinicians by ``names`` (roster ID -> name)."""
    dates = f"{p.start or '-'} to {p.end or '-'}"
    parts = [f"{p.activity_id} {p.status}: {dates}", f"{plural(p.period_days, 'day')} required"]
    if today is not None:
        left = days_still_needed(p.period_days, p.status, p.start, today)
        if left:
            parts.append(f"{plural(left, 'day')} still needed")
    if p.status is ProgressStatus.PLANNED and p.in_plan:
        parts.append(f"start by {p.last_start}")
    if p.owner:
        parts.append(f"owner {p.owner}")
    if p.clinicians:
        parts.append(f"clinicians {named(p.clinicians, names or {})}")
    if not p.in_plan:
        parts.append("not in the plan")
    return ", ".join(parts) + f" (version {p.version})"


def evidence_text(e: EvidenceInfo) -> str:
    file = f" and {e.file_name} ({plural(e.size or 0, 'byte')})" if e.file_name else ""
    return f"kept evidence {e.id} of {e.activity_id}: a note{file}"


def attested_text(name: str, year: int, rows: Sequence[AttestationInfo]) -> str:
    ids = [r.activity_id for r in rows]
    if ids == [STATUS_CREDIT]:
        return f"attested {name!r} for {year} on its status: its full credit needs no activity"
    return (
        f"attested {plural(len(ids), 'activity')} of {name!r} for {year}: {listed(ids)}; "
        "every later year's plan counts them"
    )


def show_text(data: dict[str, Any], today: date) -> str:
    """The practice, then each year: plan, progress of each activity (its clinicians
    by name), evidence, and who of the roster does what."""
    practice = data["practice"]
    names = roster_names(practice["roster"])
    lines = [f"{practice['name']}" + (f" (TIN {practice['tin']})" if practice["tin"] else "")]
    facts = [practice["reporting"]]
    if practice["clinicians"]:
        facts.append(plural(practice["clinicians"], "clinician"))
    facts += practice["statuses"]
    if practice["quality"]:
        facts.append("quality " + ", ".join(practice["quality"]))
    if practice["roster"]:
        facts.append(f"roster of {len(practice['roster'])}")
    lines.append("  " + "; ".join(facts))
    for year in data["years"]:
        plan = year["plan"]
        lines += [
            "",
            f"{year['year']}: {PlanStatus(year['status']).label}, "
            f"{plan['points']}/{plan['category_max']} points, planned on {year['planned_on']}",
        ]
        for item in year["progress"]:
            status = ProgressStatus(item["status"])
            start = None if item["start"] is None else date.fromisoformat(item["start"])
            left = days_still_needed(item["period_days"], status, start, today)
            still = f", {plural(left, 'day')} still needed" if left else ""
            where = "" if item["in_plan"] else " (not in the plan)"
            lines.append(
                f"  {item['activity_id']} {status}{where}: {item['start'] or '-'} to "
                f"{item['end'] or '-'}{still}"
                + (f", owner {item['owner']}" if item["owner"] else "")
                + (f", clinicians {named(item['clinicians'], names)}" if item["clinicians"] else "")
            )
            for e in item["evidence"]:
                file = f" [{e['file_name']}, {plural(e['size'], 'byte')}]" if e["file_name"] else ""
                lines.append(f"    evidence {e['id']}: {e['note']}{file}")
        if plan.get("assignments"):
            lines.append("  Who does what:")
            lines += [
                f"    {a['activity']}: {named(a['clinicians'], names)}" for a in plan["assignments"]
            ]
    attested = data["attestations"]
    if attested:
        lines += ["", "Attested:"]
        lines += [
            f"  {a['year']} "
            + ("full credit from the status" if a.get("credit_from_status") else a["activity_id"])
            + f" ({a['source']})"
            for a in attested
        ]
    return "\n".join(lines)
