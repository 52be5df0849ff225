"""When to read each device: right after its datalogger's next upload.

A datalogger uploads every few minutes (5 by default, `update_interval`);
Growatt's answers change only then. Reading on a fixed clock shows an upload
late, or reads the same upload twice. Instead each device is read just after
its next upload should have landed:

- the upload interval is learnt from the device's own `last_update` steps
  (the median of the last few, whole minutes), 5 minutes until then;
- a read `READ_DELAY` after the expected upload; if it finds nothing new, a
  retry `RETRY` later, twice at most, then the device settles to its next
  expected upload;
- a device asleep (lost at night, without a battery) is read every
  `ASLEEP_EVERY` (or the user's interval, if longer) until it wakes: it
  uploads nothing meanwhile; battery systems keep their cadence;
- an awake device is read never later than the user's update interval after
  the last read: that is the staleness the user accepts.

The schedule is pure: no Home Assistant, no I/O; the coordinator feeds it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import median

DEFAULT_UPLOAD_INTERVAL = timedelta(minutes=5)
# Uploads land a little after their slot, and Growatt needs a moment to serve them.
READ_DELAY = timedelta(seconds=40)
RETRY = timedelta(seconds=45)
RETRIES = 2
ASLEEP_EVERY = timedelta(minutes=30)
# A read held back this much past its upload waits for the next one instead.
REALIGN = timedelta(seconds=45)
# Upload steps kept to learn the interval from.
STEPS_KEPT = 6


@dataclass
class DeviceCadence:
    """What one device's uploads have shown."""

    last_upload: datetime | None = None
    last_read: datetime | None = None
    misses: int = 0
    steps: list[float] = field(default_factory=list)  # seconds between uploads

    @property
    def interval(self) -> timedelta:
        """The datalogger's upload interval, in whole minutes once learnt."""
        if not self.steps:
            return DEFAULT_UPLOAD_INTERVAL
        minutes = max(1, round(median(self.steps) / 60))
        return timedelta(minutes=minutes)

    def read(self, upload: datetime | None, at: datetime) -> bool:
        """A read at `at` found `upload` as the last upload; True when it is new."""
        self.last_read = at
        if upload is None:
            return False
        if self.last_upload is None or upload > self.last_upload:
            if self.last_upload is not None:
                step = (upload - self.last_upload).total_seconds()
                # A gap of several missed uploads says nothing about the interval.
                if 0 < step <= 2.5 * self.interval.total_seconds() or not self.steps:
                    self.steps = [*self.steps, step][-STEPS_KEPT:]
            self.last_upload = upload
            self.misses = 0
            return True
        self.misses += 1
        return False

    def next_read_after(self, moment: datetime) -> datetime | None:
        """The first read just after an expected upload, at or after `moment`."""
        if self.last_upload is None:
            return None
        first = self.last_upload + READ_DELAY
        if moment <= first:
            return first
        steps = -(-(moment - first) // self.interval)  # rounded up
        return first + steps * self.interval

    def due(
        self,
        *,
        asleep: bool,
        ceiling: timedelta,
        spacing: timedelta = timedelta(0),
    ) -> datetime | None:
        """When the device should be read next; None before its first read.

        `spacing` is the least time between two reads the API answers (v1
        refuses an identical read within 5 minutes). Where it would hold a
        read well past the upload, the read waits for the following upload
        instead: from then on each read lands right after its upload, where
        otherwise every read would stay late by the same margin.
        """
        if self.last_read is None:
            return None
        latest = self.last_read + ceiling
        if asleep:
            # No upload is coming: the user's interval, a staleness bound,
            # does not apply until it wakes.
            return self.last_read + max(ASLEEP_EVERY, ceiling)
        if self.last_upload is None:
            return latest
        expected = self.last_upload + self.interval + READ_DELAY
        while expected <= self.last_read:
            # That upload should be in: not there yet, or already read.
            if self.misses and self.misses <= RETRIES:
                expected = self.last_read + RETRY
                break
            expected += self.interval
        earliest = self.last_read + spacing
        if expected < earliest:
            if not self.misses and earliest - expected > REALIGN:
                # Once, and a little past the user's interval: the reads
                # are aligned from then on.
                return max(expected + self.interval, earliest)
            expected = earliest
        return min(expected, latest)


class ReadSchedule:
    """The next read of every device of an entry."""

    def __init__(self) -> None:
        """Nothing read yet."""
        self.devices: dict[str, DeviceCadence] = {}

    def read(self, serial: str, upload: datetime | None, at: datetime) -> bool:
        """Note a read of the device; True when it found a new upload."""
        return self.devices.setdefault(serial, DeviceCadence()).read(upload, at)

    def due(
        self,
        serial: str,
        *,
        asleep: bool,
        ceiling: timedelta,
        spacing: timedelta = timedelta(0),
    ) -> datetime | None:
        """When the device is due; None when it was never read (due now)."""
        cadence = self.devices.get(serial)
        if cadence is None:
            return None
        return cadence.due(asleep=asleep, ceiling=ceiling, spacing=spacing)

    def forget(self, serials: set[str]) -> None:
        """Drop devices that are no longer listed."""
        for serial in set(self.devices) - serials:
            del self.devices[serial]
