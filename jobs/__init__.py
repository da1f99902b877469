"""Timers: the dispatcher moves due schedule entries to RQ; workers run ``jobs.tasks``."""
