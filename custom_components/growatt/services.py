"""Actions for automations: time segments, whole schedules, and forced modes with restore.

Schedules mean different things per family: TLX/MIN has nine segments with a
mode each; MIX/SPH and SPA have three battery-first (charge) and three
grid-first (discharge) periods; Noah has numbered segments with an output
power. The actions speak one language (a segment is a mode, a start, an end
and whether it is enabled) and map it onto the family's schedule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from typing import Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import (
    CALLBACK_TYPE,
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.event import async_call_later, async_track_point_in_time
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util
import voluptuous as vol

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
from .const import BATTERY_MODES, DOMAIN, LOGGER
from .coordinator import GrowattConfigEntry, GrowattRuntimeData
from .data import DeviceRef

ATTR_DEVICE_ID = "device_id"
ATTR_SEGMENT = "segment"
ATTR_SEGMENTS = "segments"
ATTR_MODE = "mode"
ATTR_START = "start_time"
ATTR_END = "end_time"
ATTR_ENABLED = "enabled"
ATTR_POWER = "power"
ATTR_CHARGE_FROM_GRID = "charge_from_grid"

SERVICE_SET_TIME_SEGMENT = "set_time_segment"
SERVICE_SET_SCHEDULE = "set_schedule"
SERVICE_READ_SCHEDULE = "read_schedule"
SERVICE_BATTERY_FIRST_UNTIL = "battery_first_until"
SERVICE_GRID_FIRST_UNTIL = "grid_first_until"
SERVICE_RESTORE_SCHEDULE = "restore_schedule"

MODE_NUMBERS = {name: number for number, name in BATTERY_MODES.items()}
LOAD_FIRST, BATTERY_FIRST, GRID_FIRST = 0, 1, 2
END_OF_DAY = time(23, 59)
RESTORE_RETRY = timedelta(minutes=5)
FORCED_STORE_VERSION = 1

_SEGMENT_FIELDS = {
    vol.Required(ATTR_MODE): vol.In(list(MODE_NUMBERS)),
    vol.Required(ATTR_START): cv.time,
    vol.Required(ATTR_END): cv.time,
    vol.Optional(ATTR_ENABLED, default=True): cv.boolean,
    vol.Optional(ATTR_POWER): vol.All(vol.Coerce(int), vol.Range(min=0, max=800)),
}

SET_TIME_SEGMENT_SCHEMA = vol.Schema(
    {
        vol.Required(ATTR_DEVICE_ID): cv.string,
        vol.Required(ATTR_SEGMENT): vol.All(
            vol.Coerce(int), vol.Range(min=1, max=TLX_SEGMENTS)
        ),
        **_SEGMENT_FIELDS,
    }
)
SET_SCHEDULE_SCHEMA = vol.Schema(
    {
        vol.Required(ATTR_DEVICE_ID): cv.string,
        vol.Required(ATTR_SEGMENTS): vol.All(
            cv.ensure_list, [vol.Schema(_SEGMENT_FIELDS)], vol.Length(max=TLX_SEGMENTS)
        ),
    }
)
DEVICE_SCHEMA = vol.Schema({vol.Required(ATTR_DEVICE_ID): cv.string})
FORCE_SCHEMA = vol.Schema(
    {
        vol.Required(ATTR_DEVICE_ID): cv.string,
        vol.Required(ATTR_END): cv.time,
        vol.Optional(ATTR_CHARGE_FROM_GRID): cv.boolean,
    }
)


def _invalid(key: str, **placeholders: str) -> ServiceValidationError:
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders=placeholders or None,
    )


# -- which device -----------------------------------------------------------------------


@dataclass(frozen=True)
class Addressed:
    """The device an action addresses, with its entry's runtime data."""

    entry: GrowattConfigEntry
    ref: DeviceRef
    settings: DeviceSettings

    @property
    def runtime(self) -> GrowattRuntimeData:
        """The entry's runtime data."""
        return self.entry.runtime_data


def _resolve(hass: HomeAssistant, device_id: str) -> Addressed:
    """A Growatt inverter or Noah of a loaded entry, by device registry id."""
    device = dr.async_get(hass).async_get(device_id)
    if device is None:
        raise _invalid("invalid_device", device=device_id)
    serial = next(
        (
            ident
            for domain, ident in device.identifiers
            if domain == DOMAIN and not ident.startswith("plant_")
        ),
        None,
    )
    entries = [
        entry
        for entry in hass.config_entries.async_entries(DOMAIN)
        if entry.entry_id in device.config_entries
        and entry.state is ConfigEntryState.LOADED
    ]
    if serial is None or not entries:
        raise _invalid("invalid_device", device=device.name or device_id)
    entry: GrowattConfigEntry = entries[0]
    ref = entry.runtime_data.settings.ref(serial)
    settings = (entry.runtime_data.settings.data or {}).get(serial)
    if ref is None:
        raise _invalid("invalid_device", device=device.name or device_id)
    if settings is None:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="settings_unknown",
            translation_placeholders={"device": device.name or serial},
        )
    return Addressed(entry, ref, settings)


# -- schedules in one language ------------------------------------------------------------

# (family) -> how many segments and which modes its schedule takes
_SEGMENT_FAMILIES = {
    DeviceFamily.TLX: (TLX_SEGMENTS, (LOAD_FIRST, BATTERY_FIRST, GRID_FIRST)),
    DeviceFamily.NOAH: (NOAH_SEGMENTS, (LOAD_FIRST, BATTERY_FIRST)),
}
_PERIOD_FAMILIES = (DeviceFamily.MIX, DeviceFamily.SPA)


def _overlap(a: TimeSegment, b: TimeSegment) -> bool:
    """Whether two non-empty periods share time (TLX refuses that, enabled or not)."""
    a_start, a_end = a.start or MIDNIGHT, a.end or MIDNIGHT
    b_start, b_end = b.start or MIDNIGHT, b.end or MIDNIGHT
    if a_start == a_end or b_start == b_end:
        return False
    return a_start < b_end and b_start < a_end


def _segment_from(data: dict[str, Any], index: int) -> TimeSegment:
    start, end = data[ATTR_START], data[ATTR_END]
    if end < start:
        raise _invalid("end_before_start", start=str(start)[:5], end=str(end)[:5])
    return TimeSegment(
        index=index,
        mode=MODE_NUMBERS[data[ATTR_MODE]],
        start=start.replace(second=0, microsecond=0),
        end=end.replace(second=0, microsecond=0),
        enabled=data[ATTR_ENABLED],
        power=data.get(ATTR_POWER),
    )


def _period_target(family: DeviceFamily, mode: int) -> Target:
    """MIX/SPA: battery first is a charge period, grid first a discharge period."""
    if mode == BATTERY_FIRST:
        return Target.CHARGE_PERIOD
    if mode == GRID_FIRST:
        return Target.DISCHARGE_PERIOD
    raise _invalid("mode_not_supported", mode=BATTERY_MODES[mode], family=family.value)


def _check_family_mode(family: DeviceFamily, mode: int) -> None:
    if family in _SEGMENT_FAMILIES:
        if mode not in _SEGMENT_FAMILIES[family][1]:
            raise _invalid(
                "mode_not_supported", mode=BATTERY_MODES[mode], family=family.value
            )
    elif family in _PERIOD_FAMILIES:
        _period_target(family, mode)
    else:
        raise _invalid("schedule_not_supported", family=family.value)


def _check_no_overlap(entries: list[TimeSegment]) -> None:
    for n, a in enumerate(entries):
        for b in entries[n + 1 :]:
            if _overlap(a, b):
                raise _invalid(
                    "segments_overlap", first=str(a.index), second=str(b.index)
                )


@dataclass(frozen=True)
class Step:
    """One segment to write: which schedule, which segment, its new value."""

    target: Target
    segment: TimeSegment


async def _apply_steps(target: Addressed, steps: list[Step]) -> None:
    """Write steps in order; steps of one MIX/SPA schedule go in one write."""
    writer = target.runtime.writer
    serial = target.ref.serial
    if target.ref.family in _PERIOD_FAMILIES:
        for schedule in (Target.CHARGE_PERIOD, Target.DISCHARGE_PERIOD):
            group = [step.segment for step in steps if step.target == schedule]
            if group:
                await writer.async_apply(
                    serial, schedule, _replace_all(schedule, group), group[0].index
                )
        return
    for step in steps:
        await writer.async_apply(
            serial,
            step.target,
            _replace_all(step.target, [step.segment]),
            step.segment.index,
        )


def _replace_all(
    target: Target, entries: list[TimeSegment]
) -> Callable[[DeviceSettings], DeviceSettings]:
    def change(settings: DeviceSettings) -> DeviceSettings:
        for entry in entries:
            settings = with_segment(settings, target, entry)
        return settings

    return change


# -- set_time_segment / set_schedule / read_schedule ------------------------------------------


async def _set_time_segment(call: ServiceCall) -> None:
    target = _resolve(call.hass, call.data[ATTR_DEVICE_ID])
    family = target.ref.family
    index = call.data[ATTR_SEGMENT]
    new = _segment_from(call.data, index)
    _check_family_mode(family, new.mode or 0)
    if family in _PERIOD_FAMILIES:
        schedule = _period_target(family, new.mode or 0)
        if index > MIX_PERIODS:
            raise _invalid("segment_out_of_range", segment=str(index), count="3")
        new = replace(new, power=None)
        await _apply_steps(target, [Step(schedule, new)])
        return
    if family == DeviceFamily.TLX:
        others = [
            segment(target.settings, Target.TIME_SEGMENT, n)
            for n in range(1, TLX_SEGMENTS + 1)
            if n != index
        ]
        for other in others:
            if _overlap(new, other):
                raise _invalid(
                    "segments_overlap", first=str(index), second=str(other.index)
                )
        new = replace(new, power=None)
    elif new.power is None:
        new = replace(
            new, power=segment(target.settings, Target.TIME_SEGMENT, index).power or 0
        )
    await _apply_steps(target, [Step(Target.TIME_SEGMENT, new)])


def _schedule_steps(target: Addressed, wanted: list[dict[str, Any]]) -> list[Step]:
    """The writes that turn the device's schedule into `wanted`, in a safe order."""
    family = target.ref.family
    current = target.settings
    if family in _PERIOD_FAMILIES:
        steps: list[Step] = []
        for schedule, mode in (
            (Target.CHARGE_PERIOD, BATTERY_FIRST),
            (Target.DISCHARGE_PERIOD, GRID_FIRST),
        ):
            rows = [row for row in wanted if MODE_NUMBERS[row[ATTR_MODE]] == mode]
            if len(rows) > MIX_PERIODS:
                raise _invalid("too_many_segments", count=str(MIX_PERIODS))
            new = [
                replace(_segment_from(row, n), power=None, mode=mode)
                for n, row in enumerate(rows, 1)
            ]
            new += [
                replace(empty_segment(n), mode=mode) for n in range(len(new) + 1, 4)
            ]
            steps += [Step(schedule, entry) for entry in new]
        for row in wanted:
            _period_target(family, MODE_NUMBERS[row[ATTR_MODE]])
        return steps
    if family not in _SEGMENT_FAMILIES:
        raise _invalid("schedule_not_supported", family=family.value)
    count = _SEGMENT_FAMILIES[family][0]
    new = [_segment_from(row, n) for n, row in enumerate(wanted, 1)]
    for entry in new:
        _check_family_mode(family, entry.mode or 0)
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


async def _set_schedule(call: ServiceCall) -> None:
    target = _resolve(call.hass, call.data[ATTR_DEVICE_ID])
    await _apply_steps(target, _schedule_steps(target, call.data[ATTR_SEGMENTS]))


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


async def _read_schedule(call: ServiceCall) -> ServiceResponse:
    target = _resolve(call.hass, call.data[ATTR_DEVICE_ID])
    family = target.ref.family
    settings = target.settings
    response: dict[str, Any] = {"family": family.value}
    if family in _PERIOD_FAMILIES:
        response["segments"] = [
            _describe(segment(settings, schedule, n), False)
            for schedule in (Target.CHARGE_PERIOD, Target.DISCHARGE_PERIOD)
            for n in range(1, MIX_PERIODS + 1)
        ]
    elif family == DeviceFamily.TLX:
        response["segments"] = [
            _describe(segment(settings, Target.TIME_SEGMENT, n), False)
            for n in range(1, TLX_SEGMENTS + 1)
        ]
    elif family == DeviceFamily.NOAH:
        response["segments"] = [_describe(e, True) for e in settings.time_segments]
    else:
        raise _invalid("schedule_not_supported", family=family.value)
    forced = target.runtime.forced.get(target.ref.serial)
    response["forced_until"] = forced.until.isoformat() if forced else None
    return response


# -- battery first / grid first until HH:MM -------------------------------------------------


@dataclass
class Forced:
    """A forced mode in progress: when it ends, and the segments to put back."""

    until: datetime
    saved: list[Step]
    forced: list[Step]
    ac_charge: bool | None = None
    timer: CALLBACK_TYPE | None = None

    def as_dict(self) -> dict[str, Any]:
        """What the store keeps."""
        return {
            "until": self.until.isoformat(),
            "saved": [_step_dict(step) for step in self.saved],
            "forced": [_step_dict(step) for step in self.forced],
            "ac_charge": self.ac_charge,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Forced:
        """Back from the store."""
        until = dt_util.parse_datetime(data["until"])
        if until is None:
            raise ValueError("until is not a date and time")
        return cls(
            until=until,
            saved=[_step_from(step) for step in data["saved"]],
            forced=[_step_from(step) for step in data["forced"]],
            ac_charge=data.get("ac_charge"),
        )


def _step_dict(step: Step) -> dict[str, Any]:
    entry = step.segment
    return {
        "target": step.target.value,
        "index": entry.index,
        "mode": entry.mode,
        "start": (entry.start or MIDNIGHT).strftime("%H:%M"),
        "end": (entry.end or MIDNIGHT).strftime("%H:%M"),
        "enabled": entry.enabled,
        "power": entry.power,
    }


def _step_from(data: dict[str, Any]) -> Step:
    return Step(
        Target(data["target"]),
        TimeSegment(
            index=data["index"],
            mode=data["mode"],
            start=time.fromisoformat(data["start"]),
            end=time.fromisoformat(data["end"]),
            enabled=data["enabled"],
            power=data["power"],
        ),
    )


def forced_store(
    hass: HomeAssistant, entry: GrowattConfigEntry
) -> Store[dict[str, Any]]:
    """Where forced modes survive a restart, so their schedule is always put back."""
    return Store(hass, FORCED_STORE_VERSION, f"{DOMAIN}.{entry.entry_id}.forced")


def _windows(start: time, until: time) -> list[tuple[time, time]]:
    """The periods from now until `until`, split at midnight."""
    if until > start:
        return [(start, until)]
    windows = [(start, END_OF_DAY)]
    if until > MIDNIGHT:
        windows.append((MIDNIGHT, until))
    return windows


def _force_plan(
    target: Addressed, mode: int, windows: list[tuple[time, time]]
) -> tuple[list[Step], list[Step], list[Step]]:
    """(clears, forced, saved): what to clear, what to write, what to put back."""
    family = target.ref.family
    settings = target.settings
    if family in _PERIOD_FAMILIES:
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
            if any(_overlap(e, _window(w)) for w in windows)
        ]
        free = [e.index for e in entries if not e.enabled]
    else:
        schedule, count, slot_mode = (
            Target.TIME_SEGMENT,
            _SEGMENT_FAMILIES[family][0],
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
                if in_use(e) and any(_overlap(e, _window(w)) for w in windows)
            ]
            clears = [Step(schedule, empty_segment(e.index)) for e in conflicts]
            cleared = {e.index for e in conflicts}
            free = [e.index for e in entries if not in_use(e) or e.index in cleared]
    if len(free) < len(windows):
        raise _invalid("no_free_segment", count=str(len(windows)))
    forced = []
    for index, (start, end) in zip(free, windows, strict=False):
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


async def _force(call: ServiceCall, mode: int) -> None:
    hass = call.hass
    target = _resolve(hass, call.data[ATTR_DEVICE_ID])
    _check_family_mode(target.ref.family, mode)
    runtime = target.runtime
    serial = target.ref.serial
    if serial in runtime.forced:
        await _restore(hass, target.entry, serial)
        target = _resolve(hass, call.data[ATTR_DEVICE_ID])
    now = dt_util.now()
    start = time(now.hour, now.minute)
    until: time = call.data[ATTR_END].replace(second=0, microsecond=0)
    if until == start:
        raise _invalid("until_is_now")
    clears, forced, saved = _force_plan(target, mode, _windows(start, until))
    grid = call.data.get(ATTR_CHARGE_FROM_GRID)
    record = Forced(
        until=_next(now, until),
        saved=saved,
        forced=forced,
        ac_charge=target.settings.ac_charge if grid is not None else None,
    )
    runtime.forced[serial] = record
    await _save_forced(hass, target.entry)
    try:
        await _apply_steps(target, clears + forced)
        if grid is not None and mode == BATTERY_FIRST:
            await runtime.writer.async_apply(
                serial, Target.AC_CHARGE, lambda s: replace(s, ac_charge=grid)
            )
    except HomeAssistantError:
        # Put back what was already changed before reporting the failure.
        await _restore(hass, target.entry, serial)
        raise
    _schedule_restore(hass, target.entry, serial)


def _next(now: datetime, until: time) -> datetime:
    """The next moment the local clock shows `until`."""
    moment = now.replace(hour=until.hour, minute=until.minute, second=0, microsecond=0)
    return moment if moment > now else moment + timedelta(days=1)


@callback
def _schedule_restore(
    hass: HomeAssistant, entry: GrowattConfigEntry, serial: str
) -> None:
    record = entry.runtime_data.forced[serial]
    if record.timer:
        record.timer()

    async def run(_: datetime) -> None:
        record.timer = None
        try:
            await _restore(hass, entry, serial)
        except HomeAssistantError as err:
            LOGGER.warning(
                "Could not restore the schedule of %s, retrying in 5 minutes: %s",
                serial,
                err,
            )
            record.timer = async_call_later(hass, RESTORE_RETRY, run)

    if record.until <= dt_util.now():
        record.timer = async_call_later(hass, 0, run)
    else:
        record.timer = async_track_point_in_time(hass, run, record.until)


async def _restore(hass: HomeAssistant, entry: GrowattConfigEntry, serial: str) -> None:
    """Put back the segments a forced mode changed; forget it once done."""
    runtime = entry.runtime_data
    record = runtime.forced.get(serial)
    if record is None:
        return
    settings = (runtime.settings.data or {}).get(serial)
    ref = runtime.settings.ref(serial)
    if ref is None or settings is None:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="settings_unknown",
            translation_placeholders={"device": serial},
        )
    target = Addressed(entry, ref, settings)
    steps: list[Step] = []
    if ref.family == DeviceFamily.TLX:
        # Clear the forced segments first, so the saved ones never overlap them.
        steps += [
            Step(s.target, empty_segment(s.segment.index))
            for s in record.forced
            if _view(segment(settings, s.target, s.segment.index))
            != _view(empty_segment(s.segment.index))
        ]
    steps += record.saved
    await _apply_steps(target, steps)
    if record.ac_charge is not None:
        await runtime.writer.async_apply(
            serial,
            Target.AC_CHARGE,
            lambda s: replace(s, ac_charge=record.ac_charge),
        )
    if record.timer:
        record.timer()
    runtime.forced.pop(serial, None)
    await _save_forced(hass, entry)


async def _save_forced(hass: HomeAssistant, entry: GrowattConfigEntry) -> None:
    await forced_store(hass, entry).async_save(
        {
            serial: record.as_dict()
            for serial, record in entry.runtime_data.forced.items()
        }
    )


async def async_restore_forced(hass: HomeAssistant, entry: GrowattConfigEntry) -> None:
    """After a restart, schedule the end of every forced mode still in progress."""
    stored = await forced_store(hass, entry).async_load() or {}
    for serial, data in stored.items():
        try:
            entry.runtime_data.forced[serial] = Forced.from_dict(data)
        except (KeyError, TypeError, ValueError):
            LOGGER.warning("Dropping an unreadable forced mode of %s", serial)
            continue
        _schedule_restore(hass, entry, serial)

    @callback
    def cancel_timers() -> None:
        for record in entry.runtime_data.forced.values():
            if record.timer:
                record.timer()
                record.timer = None

    entry.async_on_unload(cancel_timers)


async def _battery_first_until(call: ServiceCall) -> None:
    await _force(call, BATTERY_FIRST)


async def _grid_first_until(call: ServiceCall) -> None:
    await _force(call, GRID_FIRST)


async def _restore_schedule(call: ServiceCall) -> None:
    target = _resolve(call.hass, call.data[ATTR_DEVICE_ID])
    if target.ref.serial not in target.runtime.forced:
        raise _invalid("not_forced")
    await _restore(call.hass, target.entry, target.ref.serial)


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the integration's actions."""
    hass.services.async_register(
        DOMAIN, SERVICE_SET_TIME_SEGMENT, _set_time_segment, SET_TIME_SEGMENT_SCHEMA
    )
    hass.services.async_register(
        DOMAIN, SERVICE_SET_SCHEDULE, _set_schedule, SET_SCHEDULE_SCHEMA
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_READ_SCHEDULE,
        _read_schedule,
        DEVICE_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
    hass.services.async_register(
        DOMAIN, SERVICE_BATTERY_FIRST_UNTIL, _battery_first_until, FORCE_SCHEMA
    )
    hass.services.async_register(
        DOMAIN, SERVICE_GRID_FIRST_UNTIL, _grid_first_until, FORCE_SCHEMA
    )
    hass.services.async_register(
        DOMAIN, SERVICE_RESTORE_SCHEDULE, _restore_schedule, DEVICE_SCHEMA
    )
