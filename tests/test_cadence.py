"""When each device is read: right after its datalogger's next upload."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from custom_components.growatt.cadence import (
    ASLEEP_EVERY,
    READ_DELAY,
    RETRY,
    DeviceCadence,
    ReadSchedule,
)

T0 = datetime(2025, 6, 1, 10, 0, tzinfo=UTC)
FIVE = timedelta(minutes=5)
CEILING = timedelta(minutes=5)


def _at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_the_next_read_lands_just_after_the_next_upload() -> None:
    cadence = DeviceCadence()
    assert cadence.due(asleep=False, ceiling=CEILING) is None  # never read: now
    assert cadence.read(_at(-30), _at(0))
    ten = timedelta(minutes=10)
    assert cadence.due(asleep=False, ceiling=ten) == _at(-30) + FIVE + READ_DELAY
    # The user's interval, from the last read, still bounds it.
    assert cadence.due(asleep=False, ceiling=CEILING) == _at(0) + CEILING


def test_nothing_new_retries_soon_then_settles() -> None:
    cadence = DeviceCadence()
    cadence.read(_at(0), _at(40))
    due = cadence.due(asleep=False, ceiling=CEILING)
    assert due == _at(300) + READ_DELAY
    # The upload is late: the read finds the old one.
    assert not cadence.read(_at(0), due)
    assert cadence.due(asleep=False, ceiling=CEILING) == due + RETRY
    assert not cadence.read(_at(0), due + RETRY)
    assert cadence.due(asleep=False, ceiling=CEILING) == due + 2 * RETRY
    assert not cadence.read(_at(0), due + 2 * RETRY)
    # Twice is enough: the next try is the upload after.
    settled = cadence.due(asleep=False, ceiling=timedelta(hours=1))
    assert settled == _at(600) + READ_DELAY


def test_the_interval_is_learnt_from_the_uploads() -> None:
    cadence = DeviceCadence()
    for n in range(5):
        cadence.read(_at(n * 600 + (n % 2) * 7), _at(n * 600 + 40))
    assert cadence.interval == timedelta(minutes=10)
    # A gap of missed uploads does not teach a longer interval.
    cadence.read(_at(5 * 600 + 3 * 600), _at(8 * 600 + 40))
    assert cadence.interval == timedelta(minutes=10)


def test_the_users_interval_bounds_the_wait() -> None:
    cadence = DeviceCadence()
    cadence.read(_at(0), _at(40))
    for _ in range(3):
        cadence.read(_at(0), _at(40))
    assert cadence.due(asleep=False, ceiling=timedelta(minutes=2)) == _at(160)


def test_an_asleep_device_is_read_rarely() -> None:
    """Every 30 minutes, also under the default 5-minute interval; a longer one wins."""
    cadence = DeviceCadence()
    cadence.read(_at(0), _at(40))
    five = timedelta(minutes=5)
    assert cadence.due(asleep=True, ceiling=five) == _at(40) + ASLEEP_EVERY
    hour = timedelta(hours=1)
    assert cadence.due(asleep=True, ceiling=hour) == _at(40) + hour


def test_a_spacing_that_holds_a_read_late_waits_for_the_next_upload_once() -> None:
    """v1 answers one identical read per 5 minutes: align once, then stay aligned."""
    cadence = DeviceCadence()
    spacing = timedelta(minutes=5)
    # Set up 105 s after an upload.
    cadence.read(_at(0), _at(105))
    due = cadence.due(asleep=False, ceiling=CEILING, spacing=spacing)
    assert due == _at(600) + READ_DELAY  # not 405 s: wait for the upload after
    cadence.read(_at(600), due)
    # From then on each read lands right after its upload.
    assert cadence.due(asleep=False, ceiling=CEILING, spacing=spacing) == (
        _at(900) + READ_DELAY
    )


def test_the_schedule_forgets_devices_no_longer_listed() -> None:
    schedule = ReadSchedule()
    assert schedule.read("A", _at(0), _at(40))
    schedule.read("B", None, _at(40))
    assert schedule.due("A", asleep=False, ceiling=CEILING) is not None
    schedule.forget({"B"})
    assert schedule.due("A", asleep=False, ceiling=CEILING) is None
    assert schedule.due("B", asleep=False, ceiling=CEILING) == _at(40) + CEILING


def test_a_spaced_out_read_still_lands_just_after_an_upload() -> None:
    cadence = DeviceCadence()
    assert cadence.next_read_after(_at(0)) is None
    cadence.read(_at(0), _at(40))
    # The budget allows the next read in 12 minutes: after the third upload.
    assert cadence.next_read_after(_at(40 + 12 * 60)) == _at(900) + READ_DELAY
    assert cadence.next_read_after(_at(10)) == _at(0) + READ_DELAY
