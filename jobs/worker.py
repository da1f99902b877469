"""``supportbot worker``: an RQ worker plus the timer dispatcher, in one process.

Run as many as you like on the same Redis: each pulls jobs from the ``supportbot`` queue,
and the dispatchers take turns (one tick at a time) moving due timers onto it.
"""

from __future__ import annotations

import logging
import threading

import redis
from rq import Queue, Worker

from bot.clock import SystemClock
from jobs.dispatcher import QUEUE, Dispatcher


def run_worker(redis_url: str, burst: bool = False) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    connection = redis.Redis.from_url(redis_url)
    queue = Queue(QUEUE, connection=connection)
    dispatcher = Dispatcher(connection, SystemClock(), queue)
    stop = threading.Event()
    if burst:
        dispatcher.tick()
    else:
        threading.Thread(target=dispatcher.run, args=(stop,), daemon=True).start()
    try:
        Worker([queue], connection=connection).work(burst=burst, with_scheduler=False)
    finally:
        stop.set()
    return 0
