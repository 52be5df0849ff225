"""Schedule planning without Home Assistant: the checks per family and the plant's clock."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from custom_components.growatt.api.models import DeviceFamily, DeviceSettings
from custom_components.growatt.api.models.common import TimeSegment
from custom_components.growatt.api.setting_types import Target
from custom_components.growatt.schedule import (
    BATTERY_FIRST,
    GRID_FIRST,
    LOAD_FIRST,
    ScheduleError,
    Step,
    force_plan,
    next_moment,
    planned_writes,
    restore_steps,
    schedule_steps,
    segment_steps,
    windows,
)

BERLIN = ZoneInfo("Europe/Berlin")


def seg(
    index: int,
    mode: int,
    start: str,
    end: str,
    enabled: bool = True,
    power: int | None = None,
) -> TimeSegment:
    return TimeSegment(
        index=index,
        mode=mode,
        start=time.fromisoformat(start),
        end=time.fromisoformat(end),
        enabled=enabled,
        power=power,
    )


def refusal(error: pytest.ExceptionInfo[ScheduleError]) -> tuple[str, dict[str, str]]:
    return error.value.key, error.value.placeholders


# -- the plant's clock ------------------------------------------------------------------


def berlin(text: str, fold: int = 0) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=BERLIN, fold=fold)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "until", "moment"),
    [
        (berlin("2025-06-01 12:00"), "18:00", utc("2025-06-01 16:00")),
        (berlin("2025-06-01 12:00"), "06:00", utc("2025-06-02 04:00")),
        (berlin("2025-06-01 12:00"), "12:00", utc("2025-06-02 10:00")),
        # A night of 23 hours, then a time the clock skips: passed at the jump.
        (berlin("2025-03-29 22:00"), "06:00", utc("2025-03-30 04:00")),
        (berlin("2025-03-29 22:00"), "02:30", utc("2025-03-30 01:00")),
        (berlin("2025-03-29 22:00"), "02:00", utc("2025-03-30 01:00")),
        (berlin("2025-03-29 22:00"), "03:00", utc("2025-03-30 01:00")),
        # A night of 25 hours, and a time the clock shows twice.
        (berlin("2025-10-25 22:00"), "06:00", utc("2025-10-26 05:00")),
        (berlin("2025-10-25 22:00"), "02:30", utc("2025-10-26 00:30")),
        # In the repeated hour: the next showing may be the second one.
        (berlin("2025-10-26 02:40"), "02:35", utc("2025-10-26 01:35")),
        (berlin("2025-10-26 02:40", fold=1), "02:35", utc("2025-10-27 01:35")),
        (berlin("2025-10-26 02:40", fold=1), "02:50", utc("2025-10-26 01:50")),
    ],
)
def test_next_moment_is_the_next_time_the_plant_clock_shows_it(
    now: datetime, until: str, moment: datetime
) -> None:
    found = next_moment(now, time.fromisoformat(until))
    assert found.astimezone(UTC) == moment
    assert found.tzinfo is BERLIN


def test_next_moment_in_another_zone_than_home_assistant() -> None:
    """20:04 UTC is 22:04 in Berlin: 23:30 comes in 86 minutes, not 27 hours."""
    now = utc("2025-06-01 20:04").astimezone(BERLIN)
    assert next_moment(now, time(23, 30)) == utc("2025-06-01 21:30")


def test_windows_split_at_midnight() -> None:
    assert windows(time(12), time(18)) == [(time(12), time(18))]
    assert windows(time(22), time(6)) == [(time(22), time(23, 59)), (time(0), time(6))]
    assert windows(time(22), time(0)) == [(time(22), time(23, 59))]
    assert windows(time(23, 59), time(6)) == [(time(0), time(6))]


# -- checks per family --------------------------------------------------------------------

TLX = DeviceSettings(
    time_segments=(
        seg(1, BATTERY_FIRST, "01:00", "05:00"),
        seg(2, GRID_FIRST, "17:00", "19:00"),
        seg(3, LOAD_FIRST, "20:00", "21:00", enabled=False),
    )
)
MIX = DeviceSettings(
    charge_periods=(
        seg(1, BATTERY_FIRST, "01:00", "05:00"),
        seg(2, BATTERY_FIRST, "10:00", "11:00", enabled=False),
        seg(3, BATTERY_FIRST, "00:00", "00:00", enabled=False),
    ),
    discharge_periods=(
        seg(1, GRID_FIRST, "17:00", "19:00"),
        seg(2, GRID_FIRST, "00:00", "00:00", enabled=False),
        seg(3, GRID_FIRST, "00:00", "00:00", enabled=False),
    ),
)
NOAH = DeviceSettings(time_segments=(seg(1, LOAD_FIRST, "00:00", "23:59", power=200),))


@pytest.mark.parametrize(
    ("family", "settings", "index", "wanted", "refused"),
    [
        # TLX: a disabled segment counts too.
        (
            DeviceFamily.TLX,
            TLX,
            5,
            seg(0, GRID_FIRST, "20:30", "22:00"),
            ("segments_overlap", {"first": "5", "second": "3"}),
        ),
        (
            DeviceFamily.TLX,
            TLX,
            5,
            seg(0, GRID_FIRST, "05:00", "06:00", enabled=False),
            None,
        ),
        # Rewriting a segment in place does not meet its old self.
        (DeviceFamily.TLX, TLX, 1, seg(0, BATTERY_FIRST, "02:00", "06:00"), None),
        # MIX: enabled periods, within and across the charge and discharge periods.
        (
            DeviceFamily.MIX,
            MIX,
            3,
            seg(0, BATTERY_FIRST, "04:00", "06:00"),
            ("charge_periods_overlap", {"first": "3", "second": "1"}),
        ),
        (
            DeviceFamily.MIX,
            MIX,
            3,
            seg(0, GRID_FIRST, "04:00", "06:00"),
            ("charge_discharge_overlap", {"charge": "1", "discharge": "3"}),
        ),
        (
            DeviceFamily.SPA,
            MIX,
            2,
            seg(0, GRID_FIRST, "18:00", "20:00"),
            ("discharge_periods_overlap", {"first": "2", "second": "1"}),
        ),
        (
            DeviceFamily.SPA,
            MIX,
            2,
            seg(0, BATTERY_FIRST, "18:00", "20:00"),
            ("charge_discharge_overlap", {"charge": "2", "discharge": "1"}),
        ),
        # A disabled period, new or old, meets nothing.
        (DeviceFamily.MIX, MIX, 3, seg(0, BATTERY_FIRST, "10:30", "12:00"), None),
        (
            DeviceFamily.MIX,
            MIX,
            3,
            seg(0, GRID_FIRST, "04:00", "06:00", enabled=False),
            None,
        ),
        # Noah: enabled segments with different modes at the same time.
        (
            DeviceFamily.NOAH,
            NOAH,
            2,
            seg(0, BATTERY_FIRST, "09:00", "15:00"),
            ("segments_conflict", {"first": "2", "second": "1"}),
        ),
        (DeviceFamily.NOAH, NOAH, 2, seg(0, LOAD_FIRST, "09:00", "15:00"), None),
        (
            DeviceFamily.NOAH,
            NOAH,
            2,
            seg(0, BATTERY_FIRST, "09:00", "15:00", enabled=False),
            None,
        ),
        (
            DeviceFamily.NOAH,
            NOAH,
            10,
            seg(0, LOAD_FIRST, "09:00", "15:00"),
            ("segment_out_of_range", {"segment": "10", "count": "9"}),
        ),
    ],
)
def test_a_segment_is_checked_against_the_schedule_it_joins(
    family: DeviceFamily,
    settings: DeviceSettings,
    index: int,
    wanted: TimeSegment,
    refused: tuple[str, dict[str, str]] | None,
) -> None:
    if refused is None:
        assert segment_steps(family, settings, index, wanted)
        return
    with pytest.raises(ScheduleError) as caught:
        segment_steps(family, settings, index, wanted)
    assert refusal(caught) == refused


def test_a_whole_schedule_is_checked_as_written() -> None:
    with pytest.raises(ScheduleError) as caught:
        schedule_steps(
            DeviceFamily.MIX,
            MIX,
            [
                seg(0, GRID_FIRST, "08:00", "09:00"),
                seg(0, BATTERY_FIRST, "01:00", "05:00"),
                seg(0, GRID_FIRST, "04:00", "06:00"),
            ],
        )
    assert refusal(caught) == (
        "charge_discharge_overlap",
        {"charge": "1", "discharge": "2"},
    )
    # The device's own periods are replaced, so they meet nothing.
    steps = schedule_steps(
        DeviceFamily.MIX, MIX, [seg(0, GRID_FIRST, "02:00", "03:00")]
    )
    assert len(steps) == 6
    with pytest.raises(ScheduleError) as caught:
        schedule_steps(
            DeviceFamily.NOAH,
            NOAH,
            [
                seg(0, LOAD_FIRST, "06:00", "12:00"),
                seg(0, BATTERY_FIRST, "11:00", "15:00"),
            ],
        )
    assert refusal(caught) == ("segments_conflict", {"first": "1", "second": "2"})
    with pytest.raises(ScheduleError) as caught:
        schedule_steps(
            DeviceFamily.TLX, TLX, [seg(0, LOAD_FIRST, "00:00", "00:30")] * 10
        )
    assert refusal(caught) == ("segment_out_of_range", {"segment": "10", "count": "9"})


def test_new_charge_periods_wait_for_the_discharge_periods_they_would_meet() -> None:
    """Swapping a charge and a discharge time writes the discharge periods first."""
    steps = schedule_steps(
        DeviceFamily.MIX,
        MIX,
        [seg(0, BATTERY_FIRST, "17:00", "19:00"), seg(0, GRID_FIRST, "01:00", "05:00")],
    )
    assert [target for target, _, _ in planned_writes(DeviceFamily.MIX, steps)] == [
        Target.DISCHARGE_PERIOD,
        Target.CHARGE_PERIOD,
    ]


# -- forced modes -------------------------------------------------------------------------


def test_forcing_mix_clears_both_schedules_and_puts_them_back_in_order() -> None:
    clears, forced, saved = force_plan(
        DeviceFamily.MIX, MIX, GRID_FIRST, [(time(3), time(18))]
    )
    assert clears == [
        Step(Target.CHARGE_PERIOD, seg(1, BATTERY_FIRST, "01:00", "05:00", False)),
        Step(Target.DISCHARGE_PERIOD, seg(1, GRID_FIRST, "17:00", "19:00", False)),
    ]
    assert forced == [
        Step(Target.DISCHARGE_PERIOD, seg(1, GRID_FIRST, "03:00", "18:00")),
    ]
    writes = planned_writes(DeviceFamily.MIX, clears + forced)
    assert [target for target, _, _ in writes] == [
        Target.CHARGE_PERIOD,
        Target.DISCHARGE_PERIOD,
    ]
    back = restore_steps(DeviceFamily.MIX, MIX, forced, saved)
    assert [s.target for s in back] == [Target.DISCHARGE_PERIOD, Target.CHARGE_PERIOD]
    assert [s.segment for s in back] == [
        MIX.discharge_periods[0],
        MIX.charge_periods[0],
    ]


def test_forcing_noah_clears_the_segments_it_overlaps() -> None:
    clears, forced, saved = force_plan(
        DeviceFamily.NOAH, NOAH, BATTERY_FIRST, [(time(12), time(18))]
    )
    assert [s.segment.index for s in clears] == [1]
    assert forced == [
        Step(Target.TIME_SEGMENT, seg(1, BATTERY_FIRST, "12:00", "18:00", power=0))
    ]
    during = DeviceSettings(time_segments=(forced[0].segment,))
    back = restore_steps(DeviceFamily.NOAH, during, forced, saved)
    assert [s.segment.enabled for s in back] == [False, True]
    assert back[-1].segment == NOAH.time_segments[0]


def test_forcing_keeps_a_full_schedule() -> None:
    full = DeviceSettings(
        time_segments=tuple(
            seg(n, BATTERY_FIRST, f"0{n - 1}:00", f"0{n - 1}:30") for n in range(1, 10)
        )
    )
    with pytest.raises(ScheduleError) as caught:
        force_plan(DeviceFamily.TLX, full, GRID_FIRST, [(time(12), time(13))])
    assert refusal(caught) == ("no_free_segment", {"count": "1"})
