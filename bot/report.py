"""The support report, for the tickets received between two dates (local days, both
included): SLA attainment per tier and per agent, first-response times in business
minutes (p50, p90, max), escalations (by hand and automatic), and the 10-day reviews with
the director's outcomes.

One computation for two readers: ``supportbot report`` (a table in the terminal, or CSV)
and the desk's ``report FROM TO`` (a summary in chat, for managers and directors).

Definitions:

- a ticket's SLA results are the ones the SLA figures use (``bot.store.sla_entries``),
  one per promise: the first response against ``response_due`` (every tier) and, for P1,
  against ``same_day_due``. *met* when first answered by that time; *missed* when answered
  after it, closed without an answer, or still unanswered past it; otherwise *pending*
  (not yet due). Attainment is met / (met + missed). A claim is not a response.
- the first response is the contact with the customer that stopped the clock (``ticket
  respond``, or a resolution of a never-answered ticket); its agent is the one who made
  it. The response time is business time from receipt (when the customer called or wrote)
  to that moment on the customer's calendar.
- escalations are the history's "escalated" events; automatic ones are the breach
  escalations the timers made.

The tickets come from the ``all`` index (by receipt time), then are read with their
history in pipelined batches: no scan of the other tickets.
"""

from __future__ import annotations

import csv
import io
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from bot.errors import UsageError
from bot.i18n import t
from bot.plan import ms
from bot.policy import TIERS
from bot.presenter import when
from bot.sla import Sla
from bot.store import MEASURES, RESPONSE, SAME_DAY, Event, Store, sla_entries
from bot.tickets import Outcome, Ticket

SYSTEM = "supportbot"  # who the timers act as (jobs.tasks.SYSTEM)
BATCH = 500
OUTCOMES = tuple(o.value for o in Outcome)


@dataclass(frozen=True)
class Facts:
    """What the report needs from one ticket and its history."""

    tier: str
    result: str  # met | missed | pending: the first response against response_due
    same_day: str  # met | missed | pending, or "" for a tier without the same-day promise
    responder: str  # "" when not answered yet
    minutes: float | None  # business minutes to the first response
    escalations: int
    automatic: int
    reviewed: bool
    outcome: str


def facts_of(ticket: Ticket, history: list[Event], sla: Sla, now: datetime) -> Facts:
    entries = sla_entries(ticket)
    results = {measure: _result(entries.get(measure), now) for measure in MEASURES}
    minutes = None
    if ticket.first_response_at is not None:
        spent = sla.calendar(ticket.after_hours).between(ticket.received, ticket.first_response_at)
        minutes = max(0.0, spent.total_seconds() / 60)
    escalated = [e for e in history if e.what == "escalated"]
    reviewed = ticket.under_review or bool(ticket.outcome)
    return Facts(
        tier=ticket.sla_tier,
        result=results[RESPONSE] or "pending",
        same_day=results[SAME_DAY],
        responder=ticket.first_response_by,
        minutes=minutes,
        escalations=len(escalated),
        automatic=sum(1 for e in escalated if e.who == SYSTEM),
        reviewed=reviewed or any(e.what == "review" for e in history),
        outcome=ticket.outcome,
    )


def _result(entry: tuple[str, float] | None, now: datetime) -> str:
    """met | missed | pending from an SLA entry; a pending one past its time is missed."""
    if entry is None:
        return ""
    result = entry[0].split(":")[-2]
    return "missed" if result == "pending" and entry[1] < ms(now) else result


@dataclass
class Figures:
    """The figures of one group of tickets (a tier, an agent, all of them)."""

    tickets: int = 0
    met: int = 0
    missed: int = 0
    pending: int = 0
    same_day_met: int = 0
    same_day_missed: int = 0
    same_day_pending: int = 0
    minutes: list[float] = field(default_factory=list)
    escalations: int = 0
    automatic: int = 0
    reviews: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)

    def add(self, facts: Facts) -> None:
        self.tickets += 1
        setattr(self, facts.result, getattr(self, facts.result) + 1)
        if facts.same_day:
            name = f"same_day_{facts.same_day}"
            setattr(self, name, getattr(self, name) + 1)
        if facts.minutes is not None:
            self.minutes.append(facts.minutes)
        self.escalations += facts.escalations
        self.automatic += facts.automatic
        self.reviews += facts.reviewed
        if facts.outcome:
            self.outcomes[facts.outcome] += 1

    @property
    def answered(self) -> int:
        return len(self.minutes)

    @property
    def attainment(self) -> float | None:
        decided = self.met + self.missed
        return 100 * self.met / decided if decided else None

    @property
    def same_day_attainment(self) -> float | None:
        decided = self.same_day_met + self.same_day_missed
        return 100 * self.same_day_met / decided if decided else None

    @property
    def awaiting(self) -> int:
        return self.reviews - sum(self.outcomes.values())

    def percentile(self, p: float) -> float | None:
        """Nearest rank: the smallest value with at least p % of the values at or below it."""
        if not self.minutes:
            return None
        ordered = sorted(self.minutes)
        return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


@dataclass
class Report:
    workspace: str
    first: date
    last: date
    at: datetime
    zone: str
    total: Figures = field(default_factory=Figures)
    tiers: dict[str, Figures] = field(default_factory=lambda: {tier: Figures() for tier in TIERS})
    agents: dict[str, Figures] = field(default_factory=dict)  # "" = not answered yet

    def add(self, facts: Facts) -> None:
        self.total.add(facts)
        self.tiers.setdefault(facts.tier, Figures()).add(facts)
        self.agents.setdefault(facts.responder, Figures()).add(facts)


def parse_period(first: str, last: str, usage: str = "usage.report") -> tuple[date, date]:
    """Two ISO dates, in either order."""
    days = []
    for text in (first, last):
        try:
            days.append(date.fromisoformat(text.strip()))
        except ValueError:
            raise UsageError("error.bad_date", value=text.strip()[:40], command=usage) from None
    return min(days), max(days)


async def build_report(
    store: Store, workspace: str, first: date, last: date, now: datetime
) -> Report:
    tz = store.sla.policy.tz
    start = datetime.combine(first, time(0), tz)
    end = datetime.combine(last + timedelta(days=1), time(0), tz)
    report = Report(workspace, first, last, now, store.sla.policy.zone)
    members = await store.members_by_score(workspace, "all", ms(start), f"({ms(end)}")
    for offset in range(0, len(members), BATCH):
        chunk = members[offset : offset + BATCH]
        for ticket, history in await store.with_history(workspace, chunk):
            report.add(facts_of(ticket, history, store.sla, now))
    return report


# -- for people ----------------------------------------------------------------------
def _pct(value: float | None, lang: str) -> str:
    if value is None:
        return "—"
    return f"{value:.0f} %" if lang == "fr" else f"{value:.0f}%"


def _min(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def _agent(name: str, lang: str) -> str:
    return name or t("report.nobody", lang)


def _title(report: Report, lang: str, sla: Sla) -> str:
    return t(
        "report.title",
        lang,
        first=report.first.isoformat(),
        last=report.last.isoformat(),
        zone=report.zone,
        at=when(report.at, lang, sla),
    )


def report_text(report: Report, lang: str, sla: Sla) -> str:
    """The summary a manager reads in chat."""
    title = _title(report, lang, sla)
    if not report.total.tickets:
        return "\n".join([title, t("report.none", lang)])
    lines = [title]
    groups = [(tier, report.tiers[tier]) for tier in report.tiers if report.tiers[tier].tickets]
    for name, figures in [*groups, (t("report.all", lang), report.total)]:
        lines.append(
            t(
                "report.group",
                lang,
                name=name,
                tickets=figures.tickets,
                attainment=_pct(figures.attainment, lang),
                met=figures.met,
                missed=figures.missed,
                pending=figures.pending,
                p50=_min(figures.percentile(50)),
                p90=_min(figures.percentile(90)),
                max=_min(max(figures.minutes, default=None)),
                escalations=figures.escalations,
                automatic=figures.automatic,
            )
        )
        if figures.same_day_met + figures.same_day_missed + figures.same_day_pending:
            lines.append(_same_day_line(figures, lang))
    lines.append(t("report.agents", lang))
    for name, figures in sorted(report.agents.items(), key=lambda kv: (not kv[0], kv[0])):
        lines.append(
            t(
                "report.agent",
                lang,
                name=_agent(name, lang),
                tickets=figures.tickets,
                attainment=_pct(figures.attainment, lang),
                met=figures.met,
                missed=figures.missed,
                p50=_min(figures.percentile(50)),
                p90=_min(figures.percentile(90)),
                max=_min(max(figures.minutes, default=None)),
            )
        )
    total = report.total
    lines.append(
        t(
            "report.reviews",
            lang,
            reviews=total.reviews,
            non_critical=total.outcomes["non-critical"],
            feature=total.outcomes["feature"],
            defect=total.outcomes["defect"],
            awaiting=total.awaiting,
        )
    )
    return "\n".join(lines)


def _same_day_line(figures: Figures, lang: str) -> str:
    return t(
        "report.same_day",
        lang,
        attainment=_pct(figures.same_day_attainment, lang),
        met=figures.same_day_met,
        missed=figures.same_day_missed,
        pending=figures.same_day_pending,
    )


COLUMNS = (
    "tickets",
    "met",
    "missed",
    "pending",
    "attainment",
    "same_day_met",
    "same_day_missed",
    "p50",
    "p90",
    "max",
    "escalations",
    "automatic",
    "reviews",
    "non_critical",
    "feature",
    "defect",
)


def _cells(figures: Figures, lang: str) -> list[str]:
    return [
        str(figures.tickets),
        str(figures.met),
        str(figures.missed),
        str(figures.pending),
        _pct(figures.attainment, lang),
        str(figures.same_day_met),
        str(figures.same_day_missed),
        _min(figures.percentile(50)),
        _min(figures.percentile(90)),
        _min(max(figures.minutes, default=None)),
        str(figures.escalations),
        str(figures.automatic),
        str(figures.reviews),
        str(figures.outcomes["non-critical"]),
        str(figures.outcomes["feature"]),
        str(figures.outcomes["defect"]),
    ]


def report_table(report: Report, lang: str, sla: Sla) -> str:
    """The terminal's table: a row per tier, all tickets, then a row per agent."""
    rows: list[list[str]] = [["", *(t(f"report.col.{c}", lang) for c in COLUMNS)]]
    for tier, figures in report.tiers.items():
        rows.append([tier, *_cells(figures, lang)])
    rows.append([t("report.all", lang), *_cells(report.total, lang)])
    agents = sorted(report.agents.items(), key=lambda kv: (not kv[0], kv[0]))
    rows += [[_agent(name, lang), *_cells(figures, lang)] for name, figures in agents]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]

    def line(row: list[str]) -> str:
        first = row[0].ljust(widths[0])
        rest = (cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True))
        return "  ".join([first, *rest]).rstrip()

    title = _title(report, lang, sla)
    body = [line(rows[0]), *(line(r) for r in rows[1 : 2 + len(report.tiers)])]
    body += [t("report.agents", lang), *(line(r) for r in rows[2 + len(report.tiers) :])]
    return "\n".join([f"{title} ({report.workspace})", *body, t("report.legend", lang)])


CSV_HEADER = (
    "workspace",
    "from",
    "to",
    "group",
    "name",
    "tickets",
    "answered",
    "met",
    "missed",
    "pending",
    "attainment_pct",
    "p50_business_min",
    "p90_business_min",
    "max_business_min",
    "escalations",
    "escalations_automatic",
    "reviews",
    "awaiting_outcome",
    "non_critical",
    "feature",
    "defect",
    "same_day_met",
    "same_day_missed",
    "same_day_pending",
    "same_day_attainment_pct",
)


def report_csv(reports: list[Report]) -> str:
    """One CSV for every workspace: a row per tier, the total, and a row per agent."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)

    def number(value: float | None) -> str:
        return "" if value is None else f"{value:.1f}"

    for report in reports:
        rows = [("tier", tier, f) for tier, f in report.tiers.items()]
        rows.append(("total", "", report.total))
        rows += [
            ("agent" if name else "unanswered", name, f)
            for name, f in sorted(report.agents.items(), key=lambda kv: (not kv[0], kv[0]))
        ]
        for group, name, f in rows:
            writer.writerow(
                [
                    report.workspace,
                    report.first.isoformat(),
                    report.last.isoformat(),
                    group,
                    name,
                    f.tickets,
                    f.answered,
                    f.met,
                    f.missed,
                    f.pending,
                    number(f.attainment),
                    number(f.percentile(50)),
                    number(f.percentile(90)),
                    number(max(f.minutes, default=None)),
                    f.escalations,
                    f.automatic,
                    f.reviews,
                    f.awaiting,
                    f.outcomes["non-critical"],
                    f.outcomes["feature"],
                    f.outcomes["defect"],
                    f.same_day_met,
                    f.same_day_missed,
                    f.same_day_pending,
                    number(f.same_day_attainment),
                ]
            )
    return out.getvalue()
