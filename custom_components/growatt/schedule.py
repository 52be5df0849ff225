"""Schedule planning: the segment writes that set, force and put back a schedule.

Schedules mean different things per family: TLX/MIN has nine segments with a
mode each; MIX/SPH and SPA have three battery-first (charge) and three
grid-first (discharge) periods; Noah has numbered segments with an output
power. The actions speak one language (a segment is a mode, a start, an end,
whether it is enabled and, on a Noah only, an output power); this module maps
it onto the family's schedule.

Every time here is the inverter's clock: the plant's local time.

Plain data in, steps out: no Home Assistant and no I/O. A request the
device's schedule cannot take raises `ScheduleError` with the translation key
and placeholders the actions report it with. A schedule is checked as it would
be after the change, the device's other segments included:

- TLX: no two segments holding a period overlap, enabled or not (the inverter
  refuses that and still acknowledges the write);
- MIX/SPH, SPA: no two enabled periods overlap, within the charge periods,
  within the discharge periods, or a charge period with a discharge period;
- Noah: no two enabled segments with different modes overlap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
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
    setting_type,
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
PERIOD_SCHEDULES = (Target.CHARGE_PERIOD, Target.DISCHARGE_PERIOD)

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
    """Whether two non-empty periods share time (end exclusive)."""
    a_start, a_end = a.start or MIDNIGHT, a.end or MIDNIGHT
    b_start, b_end = b.start or MIDNIGHT, b.end or MIDNIGHT
    if a_start == a_end or b_start == b_end:
        return False
    return a_start < b_end and b_start < a_end


def _checked(
    family: DeviceFamily, settings: DeviceSettings
) -> list[tuple[Target, TimeSegment]]:
    """The segments that take part in the checks of a family's schedule."""
    if family in PERIOD_FAMILIES:
        return [
            (schedule, entry)
            for schedule in PERIOD_SCHEDULES
            for entry in (
                segment(settings, schedule, n) for n in range(1, MIX_PERIODS + 1)
            )
            if entry.enabled
        ]
    if family == DeviceFamily.NOAH:
        # A Noah drops a disabled segment: only the enabled ones act.
        return [
            (Target.TIME_SEGMENT, entry)
            for entry in sorted(settings.time_segments, key=lambda e: e.index)
            if entry.enabled
        ]
    # TLX refuses overlapping segments, enabled or not.
    return [
        (Target.TIME_SEGMENT, entry)
        for entry in (
            segment(settings, Target.TIME_SEGMENT, n)
            for n in range(1, TLX_SEGMENTS + 1)
        )
        if (entry.start or MIDNIGHT) != (entry.end or MIDNIGHT)
    ]


def _conflict(
    family: DeviceFamily,
    mine: tuple[Target, TimeSegment],
    other: tuple[Target, TimeSegment],
) -> ScheduleError | None:
    """Why two segments cannot both be in the schedule; None when they can."""
    (my_schedule, entry), (other_schedule, against) = mine, other
    if not _overlap(entry, against):
        return None
    first, second = str(entry.index), str(against.index)
    if family == DeviceFamily.NOAH:
        if (entry.mode or 0) == (against.mode or 0):
            return None
        return ScheduleError("segments_conflict", first=first, second=second)
    if family in PERIOD_FAMILIES:
        if my_schedule == other_schedule:
            key = (
                "charge_periods_overlap"
                if my_schedule == Target.CHARGE_PERIOD
                else "discharge_periods_overlap"
            )
            return ScheduleError(key, first=first, second=second)
        charge, discharge = (
            (first, second) if my_schedule == Target.CHARGE_PERIOD else (second, first)
        )
        return ScheduleError(
            "charge_discharge_overlap", charge=charge, discharge=discharge
        )
    return ScheduleError("segments_overlap", first=first, second=second)


def check_schedule(
    family: DeviceFamily,
    settings: DeviceSettings,
    changed: Iterable[tuple[Target, int]],
) -> None:
    """Refuse a schedule in which a changed segment conflicts with another one.

    `settings` hold the schedule as it would be after the change. Conflicts
    among segments the change leaves alone are not the change's to report
    (the inverter's own check works the same way).
    """
    entries = _checked(family, settings)
    for target, index in changed:
        mine = next(
            (e for e in entries if e[0] == target and e[1].index == index), None
        )
        if mine is None:
            continue
        for other in entries:
            if other[0] == target and other[1].index == index:
                continue
            if (error := _conflict(family, mine, other)) is not None:
                raise error


def _after(settings: DeviceSettings, steps: Iterable[Step]) -> DeviceSettings:
    """The settings once `steps` are written, in order."""
    for step in steps:
        settings = with_segment(settings, step.target, step.segment)
    return settings


def _check_steps(
    family: DeviceFamily,
    current: DeviceSettings,
    steps: list[Step],
    changed: list[Step] | None = None,
) -> None:
    """Check the schedule `steps` leave, for conflicts of the `changed` segments."""
    check_schedule(
        family,
        _after(current, steps),
        [(s.target, s.segment.index) for s in (steps if changed is None else changed)],
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


def _check_power(family: DeviceFamily, wanted: TimeSegment) -> None:
    """Refuse an output power on a segment of a family whose segments have none."""
    if wanted.power is not None and family != DeviceFamily.NOAH:
        raise ScheduleError("power_not_supported", family=family.value)


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
    """The writes of `steps`, in order; steps of one MIX/SPA schedule are one write.

    A MIX/SPA schedule is written when its first step comes.
    """
    if family in PERIOD_FAMILIES:
        order = list(dict.fromkeys(step.target for step in steps))
        writes: list[Write] = []
        for schedule in order:
            group = [step.segment for step in steps if step.target == schedule]
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
    _check_power(family, new)
    if family in PERIOD_FAMILIES:
        schedule = _period_target(family, new.mode or 0)
        if index > MIX_PERIODS:
            raise ScheduleError(
                "segment_out_of_range", segment=str(index), count=str(MIX_PERIODS)
            )
        steps = [Step(schedule, new)]
    else:
        count = SEGMENT_FAMILIES[family][0]
        if index > count:
            raise ScheduleError(
                "segment_out_of_range", segment=str(index), count=str(count)
            )
        if family == DeviceFamily.NOAH and new.power is None:
            new = replace(
                new, power=segment(current, Target.TIME_SEGMENT, index).power or 0
            )
        steps = [Step(Target.TIME_SEGMENT, new)]
    _check_steps(family, current, steps)
    return steps


def schedule_steps(
    family: DeviceFamily, current: DeviceSettings, wanted: list[TimeSegment]
) -> list[Step]:
    """The writes that turn the device's schedule into `wanted`, in a safe order."""
    if family in PERIOD_FAMILIES:
        return _period_schedule_steps(family, current, wanted)
    if family not in SEGMENT_FAMILIES:
        raise ScheduleError("schedule_not_supported", family=family.value)
    count = SEGMENT_FAMILIES[family][0]
    if len(wanted) > count:
        raise ScheduleError(
            "segment_out_of_range", segment=str(len(wanted)), count=str(count)
        )
    new = [_segment_from(row, n) for n, row in enumerate(wanted, 1)]
    for entry in new:
        check_family_mode(family, entry.mode or 0)
        _check_power(family, entry)
    if family == DeviceFamily.NOAH:
        new = [replace(e, power=e.power or 0) for e in new]
        listed = {e.index for e in current.time_segments}
        # The segments that go first, so the new ones never meet them.
        gone = [empty_segment(n) for n in range(len(new) + 1, count + 1) if n in listed]
        steps = [Step(Target.TIME_SEGMENT, e) for e in gone + new]
        _check_steps(family, current, steps)
        return steps
    new += [empty_segment(n) for n in range(len(new) + 1, count + 1)]
    _check_steps(family, current, [Step(Target.TIME_SEGMENT, e) for e in new])
    return _tlx_steps(current, new)


def _period_schedule_steps(
    family: DeviceFamily, current: DeviceSettings, wanted: list[TimeSegment]
) -> list[Step]:
    """MIX/SPA: battery-first rows fill the charge periods, grid-first the discharge."""
    for row in wanted:
        _period_target(family, row.mode or 0)
        _check_power(family, row)
    new: dict[Target, list[Step]] = {}
    for schedule, mode in zip(
        PERIOD_SCHEDULES, (BATTERY_FIRST, GRID_FIRST), strict=True
    ):
        rows = [row for row in wanted if row.mode == mode]
        if len(rows) > MIX_PERIODS:
            raise ScheduleError("too_many_segments", count=str(MIX_PERIODS))
        entries = [
            replace(_segment_from(row, n), mode=mode) for n, row in enumerate(rows, 1)
        ]
        entries += [
            replace(empty_segment(n), mode=mode)
            for n in range(len(entries) + 1, MIX_PERIODS + 1)
        ]
        new[schedule] = [Step(schedule, entry) for entry in entries]
    charge, discharge = new[Target.CHARGE_PERIOD], new[Target.DISCHARGE_PERIOD]
    _check_steps(family, current, charge + discharge)
    # Written one schedule at a time: when the new charge periods would meet the
    # discharge periods still in place, the discharge periods go first.
    now_discharging = [
        e for t, e in _checked(family, current) if t == Target.DISCHARGE_PERIOD
    ]
    meets = any(
        _overlap(step.segment, other)
        for step in charge
        if step.segment.enabled
        for other in now_discharging
    )
    return discharge + charge if meets else charge + discharge


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
            for schedule in PERIOD_SCHEDULES
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
    """The periods of the plant's clock from `start` until `until`, split at midnight."""
    if until > start:
        return [(start, until)]
    found = [(start, END_OF_DAY)] if start < END_OF_DAY else []
    if until > MIDNIGHT:
        found.append((MIDNIGHT, until))
    return found


def next_moment(now: datetime, until: time) -> datetime:
    """The next moment after `now` at which the clock of `now`'s zone shows `until`.

    `now` is aware, in the plant's zone; so is the answer. Days are the plant's,
    so a night across a change of daylight saving time lasts 23 or 25 hours. A
    time the clock skips (spring forward) is passed when the clock jumps over
    it; a time it shows twice (fall back) comes first with the summer offset.
    """
    zone = now.tzinfo
    if zone is None:
        raise ValueError("now must be aware")
    instant = now.astimezone(UTC)
    wall = until.replace(second=0, microsecond=0)
    for days in range(3):
        for moment in _moments(now.date() + timedelta(days=days), wall, zone):
            if moment > instant:
                return moment.astimezone(zone)
    raise AssertionError(
        "a clock shows every minute within two days"
    )  # pragma: no cover


def _moments(day: date, wall: time, zone: tzinfo) -> list[datetime]:
    """The instants (UTC) at which the clock of `zone` shows `wall` on `day`."""
    shown = datetime.combine(day, wall)
    early = shown.replace(tzinfo=zone).astimezone(UTC)
    late = shown.replace(tzinfo=zone, fold=1).astimezone(UTC)
    if early == late:
        return [early]
    if early < late:  # shown twice: the clock fell back
        return [early, late]
    # Skipped (the clock sprang forward): fold=1 maps it to before the jump,
    # fold=0 to after. The moment it is passed is the jump itself, the first
    # minute in between whose clock shows `wall` or later.
    low, high = 0, int((early - late) / timedelta(minutes=1))
    while low < high:
        middle = (low + high) // 2
        moment = late + timedelta(minutes=middle)
        if moment.astimezone(zone).replace(tzinfo=None) >= shown:
            high = middle
        else:
            low = middle + 1
    return [late + timedelta(minutes=low)]


def force_plan(
    family: DeviceFamily,
    settings: DeviceSettings,
    mode: int,
    periods: list[tuple[time, time]],
) -> tuple[list[Step], list[Step], list[Step]]:
    """(clears, forced, saved): what to clear, what to write, what to put back.

    Every segment that would conflict with the forced periods is cleared first
    (MIX/SPA and Noah: disabled; TLX: emptied, as the inverter wants) and put
    back at the end. They only lose time the forced mode covers: the periods
    cover its whole span, which is shorter than a day.
    """
    spans = [_window(w) for w in periods]
    if family in PERIOD_FAMILIES:
        schedule = _period_target(family, mode)
        # Periods of the other kind first: they would fight the forced mode.
        conflicts = [
            (target, entry)
            for target in sorted(PERIOD_SCHEDULES, key=lambda t: t == schedule)
            for target_, entry in _checked(family, settings)
            if target_ == target and any(_overlap(entry, w) for w in spans)
        ]
        clears = [Step(t, replace(e, enabled=False)) for t, e in conflicts]
        cleared = {e.index for t, e in conflicts if t == schedule}
        count = MIX_PERIODS
        entries = [segment(settings, schedule, n) for n in range(1, count + 1)]
        free = [e.index for e in entries if not e.enabled or e.index in cleared]
    else:
        if family not in SEGMENT_FAMILIES:
            raise ScheduleError("schedule_not_supported", family=family.value)
        schedule, count = Target.TIME_SEGMENT, SEGMENT_FAMILIES[family][0]
        entries = [segment(settings, schedule, n) for n in range(1, count + 1)]
        if family == DeviceFamily.NOAH:
            # Any enabled segment: the forced one alone decides while it runs.
            overlapping = [
                e for e in entries if e.enabled and any(_overlap(e, w) for w in spans)
            ]
            taken = {e.index for e in entries if e.enabled}
        else:
            overlapping = [
                e for e in entries if in_use(e) and any(_overlap(e, w) for w in spans)
            ]
            taken = {e.index for e in entries if in_use(e)}
        clears = [Step(schedule, empty_segment(e.index)) for e in overlapping]
        taken -= {e.index for e in overlapping}
        free = [e.index for e in entries if e.index not in taken]
    if len(free) < len(periods):
        raise ScheduleError("no_free_segment", count=str(len(periods)))
    forced = [
        Step(
            schedule,
            TimeSegment(
                index=index,
                mode=mode,
                start=start,
                end=end,
                enabled=True,
                power=0 if family == DeviceFamily.NOAH else None,
            ),
        )
        for index, (start, end) in zip(free, periods, strict=False)
    ]
    _check_steps(family, settings, clears + forced, forced)
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
    """The writes that put back the segments a forced mode changed.

    The forced segments go first, so the saved ones never meet them: TLX and
    Noah clear them before writing the saved segments; MIX/SPA write the forced
    schedule back before the other one.
    """
    if family in PERIOD_FAMILIES:
        schedules = {s.target for s in forced}
        return [s for s in saved if s.target in schedules] + [
            s for s in saved if s.target not in schedules
        ]
    clears = [
        Step(s.target, empty_segment(s.segment.index))
        for s in forced
        if _view(segment(settings, s.target, s.segment.index))
        != _view(empty_segment(s.segment.index))
    ]
    return clears + saved


def check_charge_from_grid(family: DeviceFamily) -> None:
    """ScheduleError unless the family can switch charging from the grid."""
    if setting_type(family, Target.AC_CHARGE) is None:
        raise ScheduleError("charge_from_grid_not_supported", family=family.value)
