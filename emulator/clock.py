"""The simulated clock: real time plus an offset, or frozen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import time as _time


class Clock:
    """Simulated UTC time that tests and the control API can move."""

    def __init__(self, start: datetime | None = None, *, frozen: bool = False) -> None:
        """Start at `start` (default: now), running unless frozen."""
        self._offset = timedelta(0)
        self._frozen_at: datetime | None = None
        if start is not None:
            self.set(start)
        if frozen:
            self.freeze()

    @staticmethod
    def _real() -> datetime:
        return datetime.now(UTC)

    def now(self) -> datetime:
        """The simulated time, timezone-aware UTC."""
        if self._frozen_at is not None:
            return self._frozen_at
        return self._real() + self._offset

    def monotonic(self) -> float:
        """Simulated seconds for windows and lockouts."""
        return self.now().timestamp()

    def set(self, moment: datetime) -> None:
        """Jump to a moment (naive values are taken as UTC)."""
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        if self._frozen_at is not None:
            self._frozen_at = moment
        else:
            self._offset = moment - self._real()

    def advance(self, seconds: float) -> None:
        """Move the clock forward (or back, with a negative value)."""
        self.set(self.now() + timedelta(seconds=seconds))

    def freeze(self) -> None:
        """Stop the clock at the current simulated time."""
        if self._frozen_at is None:
            self._frozen_at = self.now()

    def unfreeze(self) -> None:
        """Let the clock run again from where it stands."""
        if self._frozen_at is not None:
            frozen = self._frozen_at
            self._frozen_at = None
            self._offset = frozen - self._real()

    @property
    def frozen(self) -> bool:
        """Whether the clock stands still."""
        return self._frozen_at is not None


def monotonic_real() -> float:
    """Real monotonic seconds (for added latency)."""
    return _time.monotonic()
