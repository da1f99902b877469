"""The manager's view (``queue``), failed notifications (``jobs``) and the period report
(``report``): figures read from the store's indexes, never a scan of the tickets.
"""

from __future__ import annotations

from bot.desk.core import Concern, Invocation, handles
from bot.i18n import t
from bot.presenter import one_line, when
from bot.queries import failed_notifications, queue_view
from bot.replies import QueueView, Reply
from bot.report import build_report, parse_period, report_text
from bot.roles import Role

FAILED_SHOWN = 20  # failed notifications listed by ``jobs``


class Queue(Concern):
    """``queue``, ``jobs`` and ``report``: the figures managers and directors read."""

    @handles("queue")
    async def queue(self, inv: Invocation) -> Reply:
        view = await self.queue_view(inv.workspace)
        return Reply(self.queue_text(view, inv.lang), inv.lang, queue=view)

    async def queue_view(self, workspace: str) -> QueueView:
        """Counts from sorted sets: O(log n) each, whatever the size of the queue."""
        now = self.clock.now()
        agents = sorted(
            u
            for u, roles in (await self.directory.people(workspace)).items()
            if roles & {Role.AGENT, Role.SENIOR}
        )
        return await queue_view(self.store, workspace, agents, now)

    def queue_text(self, view: QueueView, lang: str) -> str:
        lines = [t("queue.title", lang, at=when(view.at, lang, self.sla))]
        for tier, counts in view.open_by_tier.items():
            lines.append(t("queue.tier", lang, tier=tier, **counts))
        lines.append(t("queue.risk", lang, at_risk=view.at_risk, breached=view.breached))
        lines.append(t("queue.responses", lang))
        for tier, counts in view.responses.items():
            line = t(
                "queue.responses.tier",
                lang,
                tier=tier,
                met=counts.get("met", 0),
                missed=counts.get("missed", 0),
            )
            if "same_day_met" in counts:
                line += t(
                    "queue.responses.same_day",
                    lang,
                    met=counts["same_day_met"],
                    missed=counts.get("same_day_missed", 0),
                )
            lines.append(line)
        if view.oldest_waiting:
            lines.append(
                t(
                    "queue.oldest",
                    lang,
                    id=view.oldest_waiting.id,
                    since=when(view.oldest_waiting.received, lang, self.sla),
                )
            )
        load = ", ".join(f"{agent} {n}" for agent, n in view.load.items()) or "—"
        lines.append(t("queue.load", lang, load=load))
        lines.append(
            t(
                "queue.reviews",
                lang,
                reviews=view.reviews_pending,
                defects=view.defects_open,
                failed=view.failed_notifications,
            )
        )
        for ticket in view.head:
            lines.append("  " + one_line(ticket, view.at, self.sla, lang))
        return "\n".join(lines)

    @handles("jobs")
    async def jobs(self, inv: Invocation) -> Reply:
        rows = await failed_notifications(self.store, inv.workspace, FAILED_SHOWN)
        if not rows:
            return Reply(t("jobs.none_failed", inv.lang), inv.lang)
        lines = [t("jobs.failed", inv.lang, n=len(rows)), *(str(row) for row in rows)]
        return Reply("\n".join(lines), inv.lang)

    @handles("report")
    async def report(self, inv: Invocation) -> Reply:
        cmd = inv.command
        first, last = parse_period(cmd.arg(0), cmd.arg(1))
        report = await build_report(self.store, inv.workspace, first, last, self.clock.now())
        return Reply(report_text(report, inv.lang, self.sla), inv.lang)
