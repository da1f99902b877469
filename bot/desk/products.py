"""Products: the version catalog (add, release, list, status), the defect register (§6)
and the feature requests the director's outcomes collect.
"""

from __future__ import annotations

from datetime import datetime

from bot.defects import STATES, Defect, parse_defect_id
from bot.desk.core import LIST_LIMIT, Actor, Concern, Invocation, Limit, handles
from bot.errors import Conflict, NotFound, UsageError
from bot.i18n import said, t
from bot.presenter import customer_label, one_line, version_sentence, when
from bot.replies import Reply
from bot.store import member_of
from bot.tickets import Ticket
from bot.versions import Release

FEATURE_LIMIT = 500  # feature requests listed (newest last)


class Products(Concern):
    """The ``version``, ``defect`` and ``feature`` commands."""

    @handles("version add")
    async def version_add(self, inv: Invocation) -> Reply:
        cmd = inv.command
        product, version = cmd.arg(0), cmd.arg(1)
        try:
            released = datetime.fromisoformat(cmd.arg(2)).date()
        except ValueError:
            raise UsageError(
                "error.bad_date", value=cmd.arg(2)[: Limit.ECHO], command="usage.version.add"
            ) from None
        force = cmd.rest(3).lower() == "force"
        return await self.release(inv.actor, inv.lang, Release(product, version, released), force)

    @handles("version release")
    async def version_release(self, inv: Invocation) -> Reply:
        cmd = inv.command
        product, version = cmd.arg(0)[: Limit.NAME], cmd.arg(1)[: Limit.VERSION]
        today = self.clock.now().astimezone(self.sla.policy.tz).date()
        force = cmd.rest(2).lower() == "force"
        return await self.release(inv.actor, inv.lang, Release(product, version, today), force)

    async def release(self, actor: Actor, lang: str, release: Release, force: bool) -> Reply:
        """Record a release. One already in the catalog keeps its date unless ``force``:
        moving it would move when the version before it stops being supported."""
        known = next(
            (
                r
                for r in await self.directory.releases(actor.workspace)
                if r.product.casefold() == release.product.casefold()
                and r.version == release.version
            ),
            None,
        )
        if known is not None and known.released != release.released and not force:
            raise Conflict(
                "conflict.version_exists",
                product=known.product,
                version=known.version,
                released=known.released.isoformat(),
            )
        if known is not None:
            release = Release(known.product, release.version, release.released)
        await self.directory.add_release(actor.workspace, release)
        return Reply(
            t(
                "version.added",
                lang,
                product=release.product,
                version=release.version,
                released=release.released.isoformat(),
            ),
            lang,
        )

    @handles("version list")
    async def version_list(self, inv: Invocation) -> Reply:
        product = inv.command.arg(0)
        releases = sorted(
            (
                r
                for r in await self.directory.releases(inv.workspace)
                if r.product.casefold() == product.casefold()
            ),
            key=lambda r: r.released,
        )
        if not releases:
            raise NotFound("error.unknown_product", product=product[: Limit.NAME])
        now = self.clock.now()
        lines = []
        for release in releases:
            status = await self.version_of(inv.workspace, release.product, release.version, now)
            if status:
                lines.append(version_sentence(status, inv.lang))
        return Reply("\n".join(lines), inv.lang)

    @handles("version status")
    async def version_status(self, inv: Invocation) -> Reply:
        cmd = inv.command
        product, version = cmd.arg(0), cmd.arg(1)
        status = await self.version_of(inv.workspace, product, version, self.clock.now())
        if status is None:
            raise NotFound(
                "error.unknown_version",
                product=product[: Limit.NAME],
                version=version[: Limit.VERSION],
            )
        return Reply(version_sentence(status, inv.lang), inv.lang)

    @handles("defect list")
    async def defect_list(self, inv: Invocation) -> Reply:
        cmd = inv.command
        state = (cmd.args[0] if cmd.args else "open").lower()
        if state not in STATES:
            raise UsageError("error.usage", command="usage.defect.list")
        defects = await self.register.listed(inv.workspace, state, LIST_LIMIT)
        if not defects:
            return Reply(
                t("defect.none", inv.lang, state=t(f"defect.state.{state}", inv.lang)), inv.lang
            )
        return Reply("\n".join(self.defect_line(d, inv.lang) for d in defects), inv.lang)

    def defect_line(self, defect: Defect, lang: str) -> str:
        product = f"{defect.product} {defect.version}".strip() or "—"
        if defect.fixed_at is not None:
            return t(
                "defect.line.fixed",
                lang,
                id=defect.id,
                product=product,
                summary=defect.summary,
                tickets=", ".join(defect.tickets),
                version=defect.fixed_in,
                at=when(defect.fixed_at, lang, self.sla),
            )
        return t(
            "defect.line.open",
            lang,
            id=defect.id,
            product=product,
            summary=defect.summary,
            tickets=", ".join(defect.tickets),
            at=when(defect.opened_at, lang, self.sla),
        )

    @handles("defect show")
    async def defect_show(self, inv: Invocation) -> Reply:
        id_ = parse_defect_id(inv.command.arg(0), "usage.defect.show")
        defect = await self.register.require(inv.workspace, id_)
        opened = t("defect.opened_by", inv.lang, who=defect.opened_by, ticket=defect.ticket)
        lines = [self.defect_line(defect, inv.lang), opened]
        now = self.clock.now()
        members = [member_of(tk) for tk in defect.tickets]
        for ticket in await self.store.get_many(inv.workspace, members):
            lines.append("  " + one_line(ticket, now, self.sla, inv.lang))
        return Reply("\n".join(lines), inv.lang)

    @handles("defect fixed")
    async def defect_fixed(self, inv: Invocation) -> Reply:
        """``defect fixed D-n <version>``: the fix shipped. Each linked ticket is resolved by
        it and its owner will be asked for the satisfaction follow-up (§6: after the fix)."""
        cmd = inv.command
        ws = inv.workspace
        id_ = parse_defect_id(cmd.arg(0), "usage.defect.fixed")
        version = cmd.arg(1)[: Limit.VERSION]
        defect = await self.register.require(ws, id_)
        if defect.fixed_at is not None:
            raise Conflict("conflict.defect_fixed", id=id_, version=defect.fixed_in)
        product_known = any(
            r.product.casefold() == defect.product.casefold()
            for r in await self.directory.releases(ws)
        )
        now = self.clock.now()
        if product_known and await self.version_of(ws, defect.product, version, now) is None:
            raise NotFound("error.unknown_version", product=defect.product, version=version)
        lines = []
        for linked in defect.tickets:  # each ticket first: a repeated command finishes the job
            try:
                ticket = await self.change(
                    ws,
                    linked,
                    lambda tk: self.lifecycle.fixed(tk, version, now),
                    inv.user,
                    "fixed",
                    said("detail.fixed", defect=id_, version=version),
                )
            except Conflict:
                continue  # fixed already (a repeated command)
            asked = ticket.owner or t("role.manager", inv.lang)
            lines.append(
                t(
                    "defect.followup",
                    inv.lang,
                    id=ticket.id,
                    who=asked,
                    at=when(self.sla.followup_due(now), inv.lang, self.sla),
                )
            )
        await self.register.mark_fixed(ws, id_, version, inv.user, now)
        return Reply(
            "\n".join([t("defect.fixed", inv.lang, id=id_, version=version), *lines]), inv.lang
        )

    @handles("feature list")
    async def feature_list(self, inv: Invocation) -> Reply:
        """Feature requests (the director's "feature" outcome), per product, for planning."""
        product = inv.command.rest(0).casefold()
        members = await self.store.members(inv.workspace, "features", 0, FEATURE_LIMIT - 1)
        by_product: dict[str, list[Ticket]] = {}
        for ticket in await self.store.get_many(inv.workspace, members):
            if not product or ticket.product.casefold() == product:
                by_product.setdefault(ticket.product, []).append(ticket)
        if not by_product:
            return Reply(t("feature.none", inv.lang), inv.lang)
        lines = []
        for name in sorted(by_product, key=lambda p: (not p, p.casefold())):
            lines.append(name or t("feature.no_product", inv.lang))
            for ticket in by_product[name]:
                assert ticket.outcome_at is not None
                lines.append(
                    t(
                        "feature.line",
                        inv.lang,
                        id=ticket.id,
                        version=ticket.version or "—",
                        customer=customer_label(ticket, inv.lang),
                        summary=ticket.summary,
                        at=when(ticket.outcome_at, inv.lang, self.sla),
                    )
                )
        return Reply("\n".join(lines), inv.lang)
