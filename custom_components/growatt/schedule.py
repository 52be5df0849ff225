"""Schedule planning: the segment writes that set, force and put back a schedule.

Schedules mean different things per family: TLX/MIN has nine segments with a
mode each; MIX/SPH and SPA have three battery-first (charge) and three
grid-first (discharge) periods; Noah has numbered segments with an output
power. The actions speak one language (a segment is a mode, a start, an end
and whether it is enabled); this module maps it onto the family's schedule.

Plain data in, steps out: no Home Assistant and no I/O. A request the
device's schedule cannot take raises `ScheduleError` with the translation key
and placeholders the actions report it with.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from typing import Any

from .api.models import DeviceFamily, DeviceSettings
from .api.models.common import TimeSegment
from .api.setting_types import (
    MIDNIGHT,
    MIX_PERIODS,
    NOAH_SEGMENTS,
    TLX_SEGMENTS,
    Target,
    empty_segment,
    in_use,
    segment,
    with_segment,
)
from .const import BATTERY_MODES

LOAD_FIRST, BATTERY_FIRST, GRID_FIRST = 0, 1, 2
END_OF_DAY = time(23, 59)

# (family) -> how many segments and which modes its schedule takes
SEGMENT_FAMILIES = {
    DeviceFamily.TLX: (TLX_SEGMENTS, (LOAD_FIRST, BATTERY_FIRST, GRID_FIRST)),
    DeviceFamily.NOAH: (NOAH_SEGMENTS, (LOAD_FIRST, BATTERY_FIRST)),
}
PERIOD_FAMILIES = (DeviceFamily.MIX, DeviceFamily.SPA)

# One write of the write path: the schedule, the change to it, the segment.
type Write = tuple[Target, Callable[[DeviceSettings], DeviceSettings], int]


class ScheduleError(Exception):
    """A schedule the device cannot take: a translation key and its placeholders."""

    def __init__(self, key: str, **placeholders: str) -> None:
        """Say what is wrong in the words of the translation `key`."""
        super().__init__(key)
        self.key = key
        self.placeholders: dict[str, str] = placeholders


@dataclass(frozen=True)
class Step:
    """One segment to write: which schedule, which segment, its new value."""

    target: Target
    segment: TimeSegment


# -- checks -------------------------------------------------------------------------------


def _overlap(a: TimeSegment, b: TimeSegment) -> bool:
    """Whether two non-empty periods share time (TLX refuses that, enabled or not)."""
    a_start, a_end = a.start or MIDNIGHT, a.end or MIDNIGHT
    b_start, b_end = b.start or MIDNIGHT, b.end or MIDNIGHT
    if a_start == a_end or b_start == b_end:
        return False
    return a_start < b_end and b_start < a_end


def _check_no_overlap(entries: list[TimeSegment]) -> None:
    for n, a in enumerate(entries):
        for b in entries[n + 1 :]:
            if _overlap(a, b):
                raise ScheduleError(
                    "segments_overlap", first=str(a.index), second=str(b.index)
                )


def _segment_from(wanted: TimeSegment, index: int) -> TimeSegment:
    """A wanted segment as segment `index`, to the minute."""
    start, end = wanted.start or MIDNIGHT, wanted.end or MIDNIGHT
    if end < start:
        raise ScheduleError("end_before_start", start=str(start)[:5], end=str(end)[:5])
    return replace(
        wanted,
        index=index,
        start=start.replace(second=0, microsecond=0),
        end=end.replace(second=0, microsecond=0),
    )


def _period_target(family: DeviceFamily, mode: int) -> Target:
    """MIX/SPA: battery first is a charge period, grid first a discharge period."""
    if mode == BATTERY_FIRST:
        return Target.CHARGE_PERIOD
    if mode == GRID_FIRST:
        return Target.DISCHARGE_PERIOD
    raise ScheduleError(
        "mode_not_supported", mode=BATTERY_MODES[mode], family=family.value
    )


def check_family_mode(family: DeviceFamily, mode: int) -> None:
    """Refuse a mode the family's schedule cannot hold."""
    if family in SEGMENT_FAMILIES:
        if mode not in SEGMENT_FAMILIES[family][1]:
            raise ScheduleError(
                "mode_not_supported", mode=BATTERY_MODES[mode], family=family.value
            )
    elif family in PERIOD_FAMILIES:
        _period_target(family, mode)
    else:
        raise ScheduleError("schedule_not_supported", family=family.value)


# -- writes -------------------------------------------------------------------------------


def planned_writes(family: DeviceFamily, steps: list[Step]) -> list[Write]:
    """The writes of `steps`, in order; steps of one MIX/SPA schedule are one write."""
    if family in PERIOD_FAMILIES:
        writes: list[Write] = []
        for schedule in (Target.CHARGE_PERIOD, Target.DISCHARGE_PERIOD):
            group = [step.segment for step in steps if step.target == schedule]
            if group:
                writes.append((schedule, _replace_all(schedule, group), group[0].index))
        return writes
    return [
        (step.target, _replace_all(step.target, [step.segment]), step.segment.index)
        for step in steps
    ]


def _replace_all(
    target: Target, entries: list[TimeSegment]
) -> Callable[[DeviceSettings], DeviceSettings]:
    def change(settings: DeviceSettings) -> DeviceSettings:
        for entry in entries:
            settings = with_segment(settings, target, entry)
        return settings

    return change


# -- set_time_segment / set_schedule / read_schedule ----------------------------------------


def segment_steps(
    family: DeviceFamily, current: DeviceSettings, index: int, wanted: TimeSegment
) -> list[Step]:
    """The write that makes segment `index` of the schedule `wanted`."""
    new = _segment_from(wanted, index)
    check_family_mode(family, new.mode or 0)
    if family in PERIOD_FAMILIES:
        schedule = _period_target(family, new.mode or 0)
        if index > MIX_PERIODS:
            raise ScheduleError("segment_out_of_range", segment=str(index), count="3")
        return [Step(schedule, replace(new, power=None))]
    if family == DeviceFamily.TLX:
        others = [
            segment(current, Target.TIME_SEGMENT, n)
            for n in range(1, TLX_SEGMENTS + 1)
            if n != index
        ]
        for other in others:
            if _overlap(new, other):
                raise ScheduleError(
                    "segments_overlap", first=str(index), second=str(other.index)
                )
        new = replace(new, power=None)
    elif new.power is None:
        new = replace(
            new, power=segment(current, Target.TIME_SEGMENT, index).power or 0
        )
    return [Step(Target.TIME_SEGMENT, new)]


def schedule_steps(
    family: DeviceFamily, current: DeviceSettings, wanted: list[TimeSegment]
) -> list[Step]:
    """The writes that turn the device's schedule into `wanted`, in a safe order."""
    if family in PERIOD_FAMILIES:
        steps: list[Step] = []
        for schedule, mode in (
            (Target.CHARGE_PERIOD, BATTERY_FIRST),
            (Target.DISCHARGE_PERIOD, GRID_FIRST),
        ):
            rows = [row for row in wanted if row.mode == mode]
            if len(rows) > MIX_PERIODS:
                raise ScheduleError("too_many_segments", count=str(MIX_PERIODS))
            new = [
                replace(_segment_from(row, n), power=None, mode=mode)
                for n, row in enumerate(rows, 1)
            ]
            new += [
                replace(empty_segment(n), mode=mode) for n in range(len(new) + 1, 4)
            ]
            steps += [Step(schedule, entry) for entry in new]
        for row in wanted:
            _period_target(family, row.mode or 0)
        return steps
    if family not in SEGMENT_FAMILIES:
        raise ScheduleError("schedule_not_supported", family=family.value)
    count = SEGMENT_FAMILIES[family][0]
    new = [_segment_from(row, n) for n, row in enumerate(wanted, 1)]
    for entry in new:
        check_family_mode(family, entry.mode or 0)
    if family == DeviceFamily.NOAH:
        new = [replace(e, power=e.power or 0) for e in new]
        listed = {e.index for e in current.time_segments}
        new += [empty_segment(n) for n in range(len(new) + 1, count + 1) if n in listed]
        return [Step(Target.TIME_SEGMENT, e) for e in new]
    new = [replace(e, power=None) for e in new]
    _check_no_overlap([e for e in new if in_use(e)])
    new += [empty_segment(n) for n in range(len(new) + 1, count + 1)]
    return _tlx_steps(current, new)


def _tlx_steps(current: DeviceSettings, new: list[TimeSegment]) -> list[Step]:
    """Clear the segments that change first, then write the new ones.

    The inverter refuses a segment that overlaps another, even a disabled one,
    and still acknowledges the write; clearing first keeps every write legal.
    """
    changed = [
        e
        for e in new
        if _view(segment(current, Target.TIME_SEGMENT, e.index)) != _view(e)
    ]
    steps = [
        Step(Target.TIME_SEGMENT, empty_segment(entry.index))
        for entry in changed
        if in_use(segment(current, Target.TIME_SEGMENT, entry.index))
    ]
    steps += [Step(Target.TIME_SEGMENT, e) for e in changed if in_use(e)]
    return steps


def _view(entry: TimeSegment) -> tuple[Any, ...]:
    return (
        entry.mode or 0,
        entry.start or MIDNIGHT,
        entry.end or MIDNIGHT,
        bool(entry.enabled),
    )


def _describe(entry: TimeSegment, with_power: bool) -> dict[str, Any]:
    described: dict[str, Any] = {
        "segment": entry.index,
        "mode": BATTERY_MODES.get(entry.mode or 0, str(entry.mode)),
        "start_time": (entry.start or MIDNIGHT).strftime("%H:%M"),
        "end_time": (entry.end or MIDNIGHT).strftime("%H:%M"),
        "enabled": bool(entry.enabled),
    }
    if with_power:
        described["power"] = entry.power
    return described


def describe_schedule(
    family: DeviceFamily, settings: DeviceSettings
) -> list[dict[str, Any]]:
    """The device's schedule in the actions' language."""
    if family in PERIOD_FAMILIES:
        return [
            _describe(segment(settings, schedule, n), False)
            for schedule in (Target.CHARGE_PERIOD, Target.DISCHARGE_PERIOD)
            for n in range(1, MIX_PERIODS + 1)
        ]
    if family == DeviceFamily.TLX:
        return [
            _describe(segment(settings, Target.TIME_SEGMENT, n), False)
            for n in range(1, TLX_SEGMENTS + 1)
        ]
    if family == DeviceFamily.NOAH:
        return [_describe(e, True) for e in settings.time_segments]
    raise ScheduleError("schedule_not_supported", family=family.value)


# -- battery first / grid first until HH:MM -------------------------------------------------


def windows(start: time, until: time) -> list[tuple[time, time]]:
    """The periods from now until `until`, split at midnight."""
    if until > start:
        return [(start, until)]
    found = [(start, END_OF_DAY)]
    if until > MIDNIGHT:
        found.append((MIDNIGHT, until))
    return found


def next_moment(now: datetime, until: time) -> datetime:
    """The next moment the local clock shows `until`."""
    moment = now.replace(hour=until.hour, minute=until.minute, second=0, microsecond=0)
    return moment if moment > now else moment + timedelta(days=1)


def force_plan(
    family: DeviceFamily,
    settings: DeviceSettings,
    mode: int,
    periods: list[tuple[time, time]],
) -> tuple[list[Step], list[Step], list[Step]]:
    """(clears, forced, saved): what to clear, what to write, what to put back."""
    if family in PERIOD_FAMILIES:
        schedule = _period_target(family, mode)
        other = (
            Target.DISCHARGE_PERIOD
            if schedule == Target.CHARGE_PERIOD
            else Target.CHARGE_PERIOD
        )
        count, slot_mode = MIX_PERIODS, mode
        entries = [segment(settings, schedule, n) for n in range(1, count + 1)]
        # Periods of the other kind that overlap would fight the forced mode.
        opposite = [
            segment(settings, other, n)
            for n in range(1, count + 1)
            if segment(settings, other, n).enabled
        ]
        clears = [
            Step(other, replace(e, enabled=False))
            for e in opposite
            if any(_overlap(e, _window(w)) for w in periods)
        ]
        free = [e.index for e in entries if not e.enabled]
    else:
        schedule, count, slot_mode = (
            Target.TIME_SEGMENT,
            SEGMENT_FAMILIES[family][0],
            mode,
        )
        entries = [segment(settings, schedule, n) for n in range(1, count + 1)]
        if family == DeviceFamily.NOAH:
            listed = {e.index for e in settings.time_segments}
            clears = []
            free = [n for n in range(1, count + 1) if n not in listed]
        else:
            conflicts = [
                e
                for e in entries
                if in_use(e) and any(_overlap(e, _window(w)) for w in periods)
            ]
            clears = [Step(schedule, empty_segment(e.index)) for e in conflicts]
            cleared = {e.index for e in conflicts}
            free = [e.index for e in entries if not in_use(e) or e.index in cleared]
    if len(free) < len(periods):
        raise ScheduleError("no_free_segment", count=str(len(periods)))
    forced = []
    for index, (start, end) in zip(free, periods, strict=False):
        forced.append(
            Step(
                schedule,
                TimeSegment(
                    index=index,
                    mode=slot_mode,
                    start=start,
                    end=end,
                    enabled=True,
                    power=0 if family == DeviceFamily.NOAH else None,
                ),
            )
        )
    touched = {(s.target, s.segment.index) for s in clears + forced}
    saved = [Step(t, segment(settings, t, index)) for t, index in sorted(touched)]
    return clears, forced, saved


def _window(window: tuple[time, time]) -> TimeSegment:
    return TimeSegment(index=0, start=window[0], end=window[1], enabled=True)


def restore_steps(
    family: DeviceFamily,
    settings: DeviceSettings,
    forced: list[Step],
    saved: list[Step],
) -> list[Step]:
    """The writes that put back the segments a forced mode changed."""
    steps: list[Step] = []
    if family == DeviceFamily.TLX:
        # Clear the forced segments first, so the saved ones never overlap them.
        steps += [
            Step(s.target, empty_segment(s.segment.index))
            for s in forced
            if _view(segment(settings, s.target, s.segment.index))
            != _view(empty_segment(s.segment.index))
        ]
    return steps + saved
