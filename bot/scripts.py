"""The Lua scripts, kept as ``.lua`` files in ``bot/lua/`` (shipped as package data).

Each file opens with what its KEYS and ARGV are and what it returns: a reader (or an
editor with Lua support) sees the script whole, not a Python string. A script runs with
redis-py's ``register_script`` (EVALSHA, loaded again after a server restart, and sent to
the right node on a Redis Cluster: every script's keys share one workspace's hash tag).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

COMMIT = "commit"  # Store.commit: a ticket and what follows from it, compare and set
RESERVE = "reserve"  # Store.reserve_number: one ticket number per idempotency key
FIX_DEFECT = "fix_defect"  # Register.mark_fixed: close a defect entry, compare and set
CHANGE_ROLE = "change_role"  # Directory.change_role: grant or take away one role
TAKE_TIMER = "take_timer"  # Dispatcher: remove queued timers unless they moved meanwhile
CHANNEL_TURN = "channel_turn"  # Outbox: a channel's posting turn, in the line's order
CHANNEL_LINE = "channel_line"  # Outbox: the oldest notice sent back keeps its place
HGET_EACH = "hget_each"  # Cards.with_tickets: a batch's tickets and card refs at once
LEASE_EACH = "lease_each"  # Deliveries.lease_each: a batch's sent-records taken at once
SET_EACH = "set_each"  # Deliveries.done_all: a digest's sent-records marked done at once
NAMES = (
    COMMIT,
    RESERVE,
    FIX_DEFECT,
    CHANGE_ROLE,
    TAKE_TIMER,
    CHANNEL_TURN,
    CHANNEL_LINE,
    HGET_EACH,
    LEASE_EACH,
    SET_EACH,
)


@cache
def source(name: str) -> str:
    """The text of ``bot/lua/<name>.lua``."""
    return (resources.files("bot") / "lua" / f"{name}.lua").read_text(encoding="utf-8")
