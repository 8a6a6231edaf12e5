"""The one source of time. Tests replace it with a ManualClock to test expiry without sleeping."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone


class Clock:
    def now(self) -> datetime:
        """Naive UTC, as stored in the database."""
        return datetime.now(timezone.utc).replace(tzinfo=None)


class ManualClock(Clock):
    def __init__(self, start: datetime | None = None):
        self._now = start or datetime(2026, 1, 1, 12, 0, 0)

    def now(self) -> datetime:
        return self._now

    def advance(self, **kwargs) -> None:
        self._now += timedelta(**kwargs)
