"""The manager's view (``queue``), failed notifications (``jobs``) and the period report
(``report``): figures read from the store's indexes, never a scan of the tickets.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from bot.desk.core import AT_RISK, Concern, Invocation, handles
from bot.i18n import t
from bot.plan import ms
from bot.policy import TIERS
from bot.presenter import one_line, when
from bot.replies import QueueView, Reply
from bot.report import build_report, parse_period, report_text
from bot.roles import Role
from bot.store import MEASURES, SAME_DAY, TIER_RANK, TIER_SPAN, sla_set

SLA_RESULTS = ("met", "missed", "pending")


class Queue(Concern):
    """``queue``, ``jobs`` and ``report``: the figures managers and directors read."""

    @handles("queue")
    async def queue(self, inv: Invocation) -> Reply:
        view = await self.queue_view(inv.workspace)
        return Reply(self.queue_text(view, inv.lang), inv.lang, queue=view)

    async def queue_view(self, workspace: str) -> QueueView:
        """Counts from sorted sets: O(log n) each, whatever the size of the queue."""
        now = self.clock.now()
        redis = self.store.redis
        keys = self.store.keys(workspace)
        agents = sorted(
            u
            for u, roles in (await self.directory.people(workspace)).items()
            if roles & {Role.AGENT, Role.SENIOR}
        )

        midnight = datetime.combine(
            now.astimezone(self.sla.policy.tz).date(), time(0), self.sla.policy.tz
        )
        today, now_ms = ms(midnight), ms(now)
        figures = [(m, r, tier) for tier in TIERS for m in MEASURES for r in SLA_RESULTS]

        async def counts() -> list[int]:
            async with redis.pipeline(transaction=False) as pipe:
                for tier in TIERS:
                    low = TIER_RANK[tier] * TIER_SPAN
                    for state in ("new", "open", "waiting"):
                        pipe.zcount(keys.index(state), low, low + TIER_SPAN - 1)
                for measure, result, tier in figures:  # today's first responses
                    high = f"({now_ms}" if result == "pending" else now_ms
                    pipe.zcount(keys.sla(sla_set(measure, result, tier)), today, high)
                pipe.zcount(keys.index("due"), ms(now), ms(now + AT_RISK))
                pipe.zcount(keys.index("due"), "-inf", f"({ms(now)}")
                pipe.zrange(keys.index("arrival"), 0, 0)
                for agent in agents:
                    pipe.zcard(keys.index(f"owner:{agent}"))
                pipe.zcard(keys.index("review"))
                pipe.zcard(keys.defects)
                pipe.llen(keys.failed)
                pipe.zrange(keys.index("new"), 0, 2)
                return list(await pipe.execute())

        results: list[Any] = await self.store.call(counts)
        by_tier: dict[str, dict[str, int]] = {}
        for i, tier in enumerate(TIERS):
            new, open_, waiting = results[i * 3 : i * 3 + 3]
            by_tier[tier] = {"new": new, "claimed": open_ - new - waiting, "waiting": waiting}
        pos = len(TIERS) * 3
        responses: dict[str, dict[str, int]] = {tier: {} for tier in TIERS}
        for (measure, result, tier), count in zip(
            figures, results[pos : pos + len(figures)], strict=True
        ):
            name = "missed" if result == "pending" else result  # a miss in progress
            if measure == SAME_DAY:
                if tier not in self.sla.policy.same_day_tiers:
                    continue
                name = f"same_day_{name}"
            responses[tier][name] = responses[tier].get(name, 0) + int(count)
        pos += len(figures)
        at_risk, breached, oldest = results[pos : pos + 3]
        pos += 3
        load = dict(zip(agents, results[pos : pos + len(agents)], strict=True))
        pos += len(agents)
        reviews, defects, failed, head = results[pos : pos + 4]
        oldest_found = await self.store.get_many(workspace, oldest)
        return QueueView(
            at=now,
            open_by_tier=by_tier,
            at_risk=at_risk,
            breached=breached,
            oldest_waiting=oldest_found[0] if oldest_found else None,
            load=load,
            reviews_pending=reviews,
            defects_open=defects,
            failed_notifications=failed,
            head=tuple(await self.store.get_many(workspace, head)),
            responses=responses,
        )

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
        key = self.store.keys(inv.workspace).failed
        rows = await self.store.call(lambda: self.store.redis.lrange(key, 0, 19))
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
