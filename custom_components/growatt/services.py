"""Actions for automations: time segments, whole schedules, and forced modes with restore.

The handlers find the device an action addresses, leave the planning to
`schedule` and forced modes to `forced`, and report a schedule the device
cannot take as the caller's mistake.

Times are the inverter's clock, the plant's local time, in every action: a
segment is written as given, a forced mode starts at the plant's current
minute and ends when the plant's clock shows its end time, and
`read_schedule` answers with the plant's timezone and the end of a forced
mode in it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass
from datetime import date
from functools import wraps
from typing import Any

from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.translation import async_get_translations
import voluptuous as vol

from .api import DeviceListing
from .api.models import DeviceSettings
from .api.models.common import TimeSegment
from .api.setting_types import TLX_SEGMENTS
from .const import BATTERY_MODES, DOMAIN
from .history import NoHistoryError, recorder_ready
from .runtime import GrowattConfigEntry, GrowattRuntimeData
from .schedule import (
    BATTERY_FIRST,
    GRID_FIRST,
    ScheduleError,
    Step,
    describe_schedule,
    planned_writes,
    schedule_steps,
    segment_steps,
)

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
SERVICE_IMPORT_HISTORY = "import_history"
SERVICE_CANCEL_HISTORY_IMPORT = "cancel_history_import"
ATTR_START_DATE = "start"
ATTR_END_DATE = "end"

MODE_NUMBERS = {name: number for number, name in BATTERY_MODES.items()}

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
IMPORT_HISTORY_SCHEMA = vol.Schema(
    {
        vol.Required(ATTR_DEVICE_ID): cv.string,
        vol.Optional(ATTR_START_DATE): cv.date,
        vol.Optional(ATTR_END_DATE): cv.date,
    }
)
CANCEL_HISTORY_SCHEMA = vol.Schema({vol.Optional(ATTR_DEVICE_ID): cv.string})
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


# Placeholders that hold an id with a translated name: the device family and
# the mode, named by their `selector` options. A placeholder is a plain value,
# so the name is in Home Assistant's language, usually the user's too.
NAMED_PLACEHOLDERS = frozenset({"family", "mode"})


async def _async_named(
    hass: HomeAssistant, placeholders: Mapping[str, str]
) -> dict[str, str]:
    """The placeholders with ids replaced by their names in Home Assistant's language."""
    names = await async_get_translations(
        hass, hass.config.language, "selector", [DOMAIN]
    )
    return {
        key: names.get(f"component.{DOMAIN}.selector.{key}.options.{value}", value)
        if key in NAMED_PLACEHOLDERS
        else value
        for key, value in placeholders.items()
    }


def _schedule_errors[R](
    handler: Callable[[ServiceCall], Awaitable[R]],
) -> Callable[[ServiceCall], Coroutine[Any, Any, R]]:
    """Report a schedule the device cannot take as the caller's mistake."""

    @wraps(handler)
    async def handle(call: ServiceCall) -> R:
        try:
            return await handler(call)
        except ScheduleError as err:
            placeholders = await _async_named(call.hass, err.placeholders)
            raise _invalid(err.key, **placeholders) from err

    return handle


# -- which device -----------------------------------------------------------------------


@dataclass(frozen=True)
class Addressed:
    """The device an action addresses, with its entry's runtime data."""

    entry: GrowattConfigEntry
    ref: DeviceListing
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
    # The loaded entry that lists the device.
    entries: list[GrowattConfigEntry] = hass.config_entries.async_loaded_entries(DOMAIN)
    found = [
        (entry, ref)
        for entry in entries
        if serial is not None
        and (ref := entry.runtime_data.settings.ref(serial)) is not None
    ]
    if not found:
        raise _invalid("invalid_device", device=device.name or device_id)
    entry, ref = found[0]
    settings = (entry.runtime_data.settings.data or {}).get(ref.serial)
    if settings is None:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="settings_unknown",
            translation_placeholders={"device": device.name or ref.serial},
        )
    return Addressed(entry, ref, settings)


def _wanted(data: Mapping[str, Any]) -> TimeSegment:
    """A segment as an action gives it; the schedule decides where it goes."""
    return TimeSegment(
        index=0,
        mode=MODE_NUMBERS[data[ATTR_MODE]],
        start=data[ATTR_START],
        end=data[ATTR_END],
        enabled=data[ATTR_ENABLED],
        power=data.get(ATTR_POWER),
    )


async def _async_write(target: Addressed, steps: list[Step]) -> None:
    for schedule, change, index in planned_writes(target.ref.family, steps):
        await target.runtime.writer.async_apply(
            target.ref.serial, schedule, change, index
        )


# -- set_time_segment / set_schedule / read_schedule ------------------------------------------


@_schedule_errors
async def _set_time_segment(call: ServiceCall) -> None:
    target = _resolve(call.hass, call.data[ATTR_DEVICE_ID])
    steps = segment_steps(
        target.ref.family, target.settings, call.data[ATTR_SEGMENT], _wanted(call.data)
    )
    await _async_write(target, steps)


@_schedule_errors
async def _set_schedule(call: ServiceCall) -> None:
    target = _resolve(call.hass, call.data[ATTR_DEVICE_ID])
    wanted = [_wanted(row) for row in call.data[ATTR_SEGMENTS]]
    await _async_write(
        target, schedule_steps(target.ref.family, target.settings, wanted)
    )


@_schedule_errors
async def _read_schedule(call: ServiceCall) -> ServiceResponse:
    target = _resolve(call.hass, call.data[ATTR_DEVICE_ID])
    family = target.ref.family
    response: dict[str, Any] = {"family": family.value}
    response["segments"] = describe_schedule(family, target.settings)
    zone = target.runtime.forced.plant_tz(target.ref)
    response["time_zone"] = getattr(zone, "key", None) or str(zone)
    until = target.runtime.forced.until(target.ref.serial)
    response["forced_until"] = until.isoformat() if until else None
    return response


# -- battery first / grid first until HH:MM -------------------------------------------------


async def _force(call: ServiceCall, mode: int) -> None:
    target = _resolve(call.hass, call.data[ATTR_DEVICE_ID])
    await target.runtime.forced.async_force(
        target.ref.serial,
        mode,
        call.data[ATTR_END],
        call.data.get(ATTR_CHARGE_FROM_GRID),
    )


@_schedule_errors
async def _battery_first_until(call: ServiceCall) -> None:
    await _force(call, BATTERY_FIRST)


@_schedule_errors
async def _grid_first_until(call: ServiceCall) -> None:
    await _force(call, GRID_FIRST)


async def _restore_schedule(call: ServiceCall) -> None:
    target = _resolve(call.hass, call.data[ATTR_DEVICE_ID])
    if target.ref.serial not in target.runtime.forced:
        raise _invalid("not_forced")
    await target.runtime.forced.async_restore(target.ref.serial)


@callback
# -- history ----------------------------------------------------------------------------


def _resolve_plant(
    hass: HomeAssistant, device_id: str
) -> tuple[GrowattConfigEntry, str, str | None, str]:
    """The loaded entry and plant of a plant or of one of its devices.

    With the device's serial (None for the plant) and a name.
    """
    device = dr.async_get(hass).async_get(device_id)
    if device is None:
        raise _invalid("invalid_device", device=device_id)
    idents = [ident for domain, ident in device.identifiers if domain == DOMAIN]
    entries: list[GrowattConfigEntry] = hass.config_entries.async_loaded_entries(DOMAIN)
    for entry in entries:
        plants = entry.runtime_data.coordinator.data.plants
        for ident in idents:
            plant_id = ident.removeprefix("plant_")
            if ident.startswith("plant_") and plant_id in plants:
                return entry, plant_id, None, device.name or plant_id
            for candidate, plant in plants.items():
                if any(ref.serial == ident for ref in plant.listings):
                    return entry, candidate, ident, device.name or ident
    raise _invalid("invalid_device", device=device.name or device_id)


async def _import_history(call: ServiceCall) -> None:
    entry, plant_id, serial, name = _resolve_plant(call.hass, call.data[ATTR_DEVICE_ID])
    start: date | None = call.data.get(ATTR_START_DATE)
    end: date | None = call.data.get(ATTR_END_DATE)
    if start is not None and end is not None and end < start:
        raise _invalid("history_range_reversed", start=str(start), end=str(end))
    if not recorder_ready(call.hass):
        raise _invalid("history_no_recorder")
    statistics = entry.runtime_data.statistics
    if serial is not None and not statistics.keeps_days(plant_id, serial):
        # Growatt gives this device's past only as part of its plant's.
        serial = None
    try:
        await statistics.async_request(plant_id, start, end, serial)
    except NoHistoryError as err:
        raise _invalid(
            "history_no_data",
            plant=name,
            start=str(start or "…"),
            end=str(end or "…"),
        ) from err


async def _cancel_history_import(call: ServiceCall) -> ServiceResponse:
    plant_id: str | None = None
    entries: list[GrowattConfigEntry] = call.hass.config_entries.async_loaded_entries(
        DOMAIN
    )
    if (device_id := call.data.get(ATTR_DEVICE_ID)) is not None:
        entry, plant_id, _, _ = _resolve_plant(call.hass, device_id)
        entries = [entry]
    cancelled = [
        entry.runtime_data.statistics.async_cancel(plant_id) for entry in entries
    ]
    return {"cancelled": any(cancelled)}


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
    hass.services.async_register(
        DOMAIN, SERVICE_IMPORT_HISTORY, _import_history, IMPORT_HISTORY_SCHEMA
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_CANCEL_HISTORY_IMPORT,
        _cancel_history_import,
        CANCEL_HISTORY_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
