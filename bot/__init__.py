"""The support desk: platform-neutral core shared by every door (Slack, Teams, console)."""
