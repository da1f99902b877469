"""The people at the desk: who holds which role (``role``), the language they read
(``lang``), and ``help``.
"""

from __future__ import annotations

from bot.commands import BY_NAME, IMPLIED_GROUP, VERBS
from bot.desk.core import Concern, Invocation, Limit, handles
from bot.errors import UsageError
from bot.i18n import LANGUAGES, has_key, t
from bot.replies import Reply
from bot.roles import Role


class Staff(Concern):
    """``role``, ``lang`` and ``help``."""

    @handles("role add")
    async def role_add(self, inv: Invocation) -> Reply:
        return await self.role_change(inv, add=True)

    @handles("role remove")
    async def role_remove(self, inv: Invocation) -> Reply:
        return await self.role_change(inv, add=False)

    async def role_change(self, inv: Invocation, add: bool) -> Reply:
        cmd, lang = inv.command, inv.lang
        user = cmd.arg(0).lstrip("@")[: Limit.NAME]
        try:
            role = Role(cmd.arg(1).lower())
        except ValueError:
            raise UsageError("error.usage", command=cmd.usage_key) from None
        roles = await self.directory.change_role(inv.workspace, user, role, add)
        names = ", ".join(t(f"role.{r.value}", lang) for r in sorted(roles)) or "—"
        return Reply(t("role.now", lang, user=user, roles=names), lang)

    @handles("role list")
    async def role_list(self, inv: Invocation) -> Reply:
        people = await self.directory.people(inv.workspace)
        lines = [
            f"{user}: " + ", ".join(t(f"role.{r.value}", inv.lang) for r in sorted(roles))
            for user, roles in sorted(people.items())
        ]
        return Reply("\n".join(lines) or t("list.empty", inv.lang), inv.lang)

    @handles("help")
    async def help(self, inv: Invocation) -> Reply:
        return Reply(self.help_for(inv.command.raw.split()[1:], inv.lang), inv.lang)

    def help_text(self, lang: str) -> str:
        contact = self.sla.policy.contact
        return t(
            "help",
            lang,
            phone=contact.phone,
            toll_free=contact.toll_free,
            email=contact.email,
            website=contact.website,
        )

    def help_for(self, words: list[str], lang: str) -> str:
        """``help`` alone: every command; ``help ticket respond`` (or ``help respond``):
        that command's form and an example, as declared (``bot.commands.SPECS``);
        ``help customer``: the group's forms."""
        wanted = [word.lower() for word in words[:2]]
        if wanted and wanted[0] in VERBS[IMPLIED_GROUP] and wanted[0] not in VERBS:
            wanted.insert(0, IMPLIED_GROUP)
        spec = BY_NAME.get(" ".join(wanted[:2])) or BY_NAME.get(" ".join(wanted[:1]))
        if spec is not None:
            usage, example = spec.usage_key, spec.example_key
        elif wanted and wanted[0] in VERBS:
            usage, example = f"usage.{wanted[0]}", f"example.{wanted[0]}"
        else:
            return self.help_text(lang)
        found = t("help.usage", lang, usage=t(usage, lang))
        if has_key(example):
            found += "\n" + t("help.example", lang, example=t(example, lang))
        return found

    @handles("lang")
    async def set_language(self, inv: Invocation) -> Reply:
        command = inv.command
        choice = command.args[0].lower() if command.args else ""
        if choice not in LANGUAGES:
            raise UsageError("error.usage", command="usage.lang")
        await self.directory.set_language(inv.workspace, inv.user, choice)
        return Reply(t("lang.set", choice), choice)
