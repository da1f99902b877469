"""A ticket as the facts a person reads, in their language. Every door renders these
same facts (Block Kit fields, an Adaptive Card FactSet, console lines), so the wording
lives here once."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.i18n import spoken, t
from bot.policy import format_duration
from bot.sla import Sla
from bot.tickets import Ticket
from bot.versions import Support, VersionStatus

FR_DAYS = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")
EN_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def when(instant: datetime, lang: str, sla: Sla) -> str:
    """'Thu 2026-11-26 16:30' in the policy's zone."""
    local = instant.astimezone(sla.policy.tz)
    day = (FR_DAYS if lang == "fr" else EN_DAYS)[local.weekday()]
    return f"{day} {local:%Y-%m-%d %H:%M}"


def time_left(ticket: Ticket, now: datetime, sla: Sla, lang: str) -> str:
    """Business time left before the deadline, or how late it is."""
    if ticket.milestones is None:
        return ""
    calendar = sla.calendar(ticket.after_hours)
    left = calendar.between(now, ticket.deadline)
    if left >= timedelta(0):
        return t("time.left", lang, amount=format_duration(left))
    return t("time.overdue", lang, amount=format_duration(-left))


def customer_label(ticket: Ticket, lang: str) -> str:
    """The customer's name, or "unknown customer" for an unknown sender who gave none."""
    return ticket.customer_name or t("customer.unknown", lang)


def facts(ticket: Ticket, now: datetime, sla: Sla, lang: str) -> list[tuple[str, str]]:
    """(label, value) pairs of the ticket card, in ``lang``."""
    rows = [
        (t("field.tier", lang), ticket.tier),
        (t("field.customer", lang), customer_label(ticket, lang)),
        (t("field.channel", lang), t(f"channel.{ticket.channel.value}", lang)),
        (t("field.language", lang), t(f"lang.{ticket.lang}", lang)),
        (t("field.state", lang), t(f"state.{ticket.state.value}", lang)),
        (t("field.owner", lang), ticket.owner or t("field.nobody", lang)),
    ]
    if ticket.product:
        status = t(f"status.{ticket.version_status or 'unknown'}", lang)
        rows.append((t("field.version", lang), f"{ticket.product} {ticket.version} ({status})"))
    if ticket.open and ticket.milestones is not None and not ticket.answered:
        deadline = when(ticket.deadline, lang, sla)
        if not ticket.waiting:
            deadline += f" — {time_left(ticket, now, sla, lang)}"
        rows.append((t("field.deadline", lang), deadline))
    if ticket.first_response_at is not None:
        via = t(f"via.{ticket.first_response_via or 'claim'}", lang)
        rows.append(
            (
                t("field.response", lang),
                t(
                    "field.response.value",
                    lang,
                    at=when(ticket.first_response_at, lang, sla),
                    who=ticket.first_response_by or "—",
                    via=via,
                ),
            )
        )
    flags = [t(flag, lang) for flag in ticket.flags()]
    if flags:
        rows.append((t("field.flags", lang), ", ".join(flags)))
    if ticket.escalation_reason:
        rows.append((t("field.escalation", lang), spoken(ticket.escalation_reason, lang)))
    if ticket.resolution:
        rows.append((t("field.resolution", lang), spoken(ticket.resolution, lang)))
    return rows


def headline(ticket: Ticket, lang: str) -> str:
    return t(
        "ticket.headline",
        lang,
        id=ticket.id,
        tier=ticket.tier,
        customer=customer_label(ticket, lang),
        summary=ticket.summary,
    )


def as_text(ticket: Ticket, now: datetime, sla: Sla, lang: str) -> str:
    lines = [headline(ticket, lang)]
    lines += [f"  {label}: {value}" for label, value in facts(ticket, now, sla, lang)]
    return "\n".join(lines)


def one_line(ticket: Ticket, now: datetime, sla: Sla, lang: str) -> str:
    """One ticket in a list: the time left (or how late) while the customer waits for a
    response, claimed or not."""
    state = t(f"state.{ticket.state.value}", lang)
    waiting_on_us = ticket.open and not ticket.answered and not ticket.waiting
    left = time_left(ticket, now, sla, lang) if waiting_on_us else ""
    owner = f" @{ticket.owner}" if ticket.owner else ""
    customer = customer_label(ticket, lang)
    return f"{ticket.id} {ticket.tier} {customer} — {state}{owner} {left}".rstrip()


def version_sentence(status: VersionStatus, lang: str) -> str:
    key = {
        Support.CURRENT: "version.current",
        Support.SUPPORTED: "version.supported",
        Support.DISCONTINUED: "version.discontinued",
        Support.UPCOMING: "version.upcoming",
    }[status.support]
    data = status.as_json()
    last = status.last_supported_day
    return t(
        key,
        lang,
        product=status.product,
        version=status.version,
        until=last.isoformat() if last else None,
        since=data["discontinued_since"],
        withdrawn=data["withdrawn_from_sale"],
        successor=status.successor,
        current=status.current,
        released=data["released"],
    )
