"""One error hierarchy for the desk, translated into a sentence at each door.

    DeskError                 anything the desk refuses; carries a catalog key + params
    ├── PolicyError           a policy file or value is wrong (names the key)
    ├── UsageError            a command does not parse; the door shows usage
    ├── NotFound              unknown ticket, customer, product or version
    ├── Forbidden             the person lacks the role
    ├── Conflict              an illegal transition or a lost race ("already claimed by …")
    └── Unavailable           Redis (or another backing service) is down; nothing was recorded

Each error names a catalog key (see ``bot.i18n``) so the person reads a sentence in their
language, while the log keeps the traceback.
"""

from __future__ import annotations

from typing import Any


class DeskError(Exception):
    """Base of every refusal the desk explains to a person."""

    key = "error.internal"

    def __init__(self, key: str | None = None, /, **params: Any) -> None:
        self.key = key or type(self).key
        self.params = params
        super().__init__(f"{self.key} {params}" if params else self.key)


class PolicyError(DeskError):
    """The policy file (or a value in it) is not what the desk expects."""

    key = "error.policy"

    def __init__(self, message: str) -> None:
        super().__init__("error.policy", message=message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(DeskError):
    key = "error.usage"


class NotFound(DeskError):
    key = "error.not_found"


class Forbidden(DeskError):
    key = "error.forbidden"


class Conflict(DeskError):
    key = "error.conflict"


class Unavailable(DeskError):
    key = "error.unavailable"
