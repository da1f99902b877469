"""Kept for imports in tests: the server lives in ``bot.redis_server``."""

from bot.redis_server import RedisServer, free_port

__all__ = ["RedisServer", "free_port"]
