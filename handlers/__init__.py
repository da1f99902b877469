"""Doors into the desk: Slack, Teams and the console; they translate, never decide."""
