"""Forced modes: battery or grid first until a time, and putting the schedule back.

A forced mode writes its own segments into the device's schedule and keeps
the segments it changed. At its end they are written back; the record lives
in a store, so a restart (or a failed write-back, retried) never leaves the
device in the forced mode.

Every time is the plant's: the forced segments start at the current minute of
the plant's clock (its timezone, or Home Assistant's when Growatt names none),
and the end is the next time the plant's clock shows `until`. The record keeps
that end as an absolute moment with the plant's zone, so the restore fires at
the right instant whatever Home Assistant's timezone and across daylight
saving time.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.event import (
    async_call_later,
    async_track_point_in_utc_time,
)
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from .api import DeviceListing
from .api.models import DeviceSettings
from .api.models.common import TimeSegment
from .api.setting_types import MIDNIGHT, Target
from .const import DOMAIN, LOGGER
from .coordinator import GrowattSettingsCoordinator
from .schedule import (
    BATTERY_FIRST,
    ScheduleError,
    Step,
    check_charge_from_grid,
    check_family_mode,
    force_plan,
    next_moment,
    planned_writes,
    restore_steps,
    windows,
)
from .writes import SettingsWriter

RESTORE_RETRY = timedelta(minutes=5)
FORCED_STORE_VERSION = 1


@dataclass(frozen=True)
class Forced:
    """A forced mode in progress: when it ends, and the segments to put back.

    `until` is aware: the plant's local end time, in the plant's zone.
    """

    until: datetime
    saved: list[Step]
    forced: list[Step]
    ac_charge: bool | None = None

    def as_dict(self) -> dict[str, Any]:
        """What the store keeps: the end with its offset, and the zone's name."""
        return {
            "until": self.until.isoformat(),
            "time_zone": getattr(self.until.tzinfo, "key", None),
            "saved": [_step_dict(step) for step in self.saved],
            "forced": [_step_dict(step) for step in self.forced],
            "ac_charge": self.ac_charge,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Forced:
        """Back from the store, also a record of older versions.

        Those kept the end in Home Assistant's timezone, without the zone's
        name: its offset still makes it the same moment.
        """
        until = dt_util.parse_datetime(data["until"])
        if until is None:
            raise ValueError("until is not a date and time")
        if until.tzinfo is None:
            until = until.replace(tzinfo=dt_util.get_default_time_zone())
        if zone := _zone(data.get("time_zone")):
            until = until.astimezone(zone)
        return cls(
            until=until,
            saved=[_step_from(step) for step in data["saved"]],
            forced=[_step_from(step) for step in data["forced"]],
            ac_charge=data.get("ac_charge"),
        )


def _zone(name: Any) -> tzinfo | None:
    """A timezone by its IANA name; None for none or an unknown one."""
    if not isinstance(name, str) or not name:
        return None
    try:
        return ZoneInfo(name)
    except (ValueError, ZoneInfoNotFoundError):
        return None


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


def forced_store(hass: HomeAssistant, entry_id: str) -> Store[dict[str, Any]]:
    """Where forced modes survive a restart, so their schedule is always put back."""
    return Store(hass, FORCED_STORE_VERSION, f"{DOMAIN}.{entry_id}.forced")


class ForcedModes(Mapping[str, Forced]):
    """The forced modes of one config entry, by serial, with their store and timers."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry_id: str,
        writer: SettingsWriter,
        settings: GrowattSettingsCoordinator,
    ) -> None:
        """Force and restore through the entry's write path and settings."""
        self._hass = hass
        self._writer = writer
        self._settings = settings
        self._store = forced_store(hass, entry_id)
        self._records: dict[str, Forced] = {}
        self._timers: dict[str, CALLBACK_TYPE] = {}

    def __getitem__(self, serial: str) -> Forced:
        """The forced mode of a device."""
        return self._records[serial]

    def __iter__(self) -> Iterator[str]:
        """The serials of the devices in a forced mode."""
        return iter(self._records)

    def __len__(self) -> int:
        """How many devices are in a forced mode."""
        return len(self._records)

    def until(self, serial: str) -> datetime | None:
        """When a device's forced mode ends (plant time); None when it is not forced."""
        record = self._records.get(serial)
        return record.until if record else None

    def plant_tz(self, ref: DeviceListing) -> tzinfo:
        """The timezone of a device's plant, or Home Assistant's when unknown."""
        data = self._settings.telemetry.data
        plant = data.plants.get(ref.plant_id) if data is not None else None
        zone = plant.ref.tz if plant is not None else None
        return zone or dt_util.get_default_time_zone()

    async def async_load(self) -> None:
        """After a restart, schedule the end of every forced mode still in progress."""
        stored = await self._store.async_load() or {}
        for serial, data in stored.items():
            try:
                self._records[serial] = Forced.from_dict(data)
            except (KeyError, TypeError, ValueError):
                LOGGER.warning("Dropping an unreadable forced mode of %s", serial)
                continue
            self._schedule_restore(serial)

    @callback
    def async_cancel_timers(self) -> None:
        """Stop every pending restore (the entry unloads; the store keeps them)."""
        for cancel in self._timers.values():
            cancel()
        self._timers.clear()

    async def async_force(
        self, serial: str, mode: int, until: time, charge_from_grid: bool | None
    ) -> None:
        """Battery or grid first from now until `until`, then the schedule as it was.

        Now and `until` are the plant's local time. Raises `ScheduleError` for
        a request the schedule cannot take.
        """
        ref, settings = self._device(serial)
        check_family_mode(ref.family, mode)
        # Charging from the grid goes with battery first only, and only where
        # the family can write it: refused before anything is written.
        if mode != BATTERY_FIRST:
            charge_from_grid = None
        if charge_from_grid is not None:
            check_charge_from_grid(ref.family)
        if serial in self._records:
            await self.async_restore(serial)
            ref, settings = self._device(serial)
        now = dt_util.utcnow().astimezone(self.plant_tz(ref))
        start = time(now.hour, now.minute)
        until = until.replace(second=0, microsecond=0)
        periods = windows(start, until)
        if until == start or not periods:
            raise ScheduleError("until_is_now")
        clears, forced, saved = force_plan(ref.family, settings, mode, periods)
        self._records[serial] = Forced(
            until=next_moment(now, until),
            saved=saved,
            forced=forced,
            ac_charge=settings.ac_charge if charge_from_grid is not None else None,
        )
        await self._async_save()
        try:
            await self._async_write(ref, clears + forced)
            if charge_from_grid is not None and mode == BATTERY_FIRST:
                await self._writer.async_apply(
                    serial,
                    Target.AC_CHARGE,
                    lambda s: replace(s, ac_charge=charge_from_grid),
                )
        except HomeAssistantError:
            # Put back what was already changed before reporting the failure.
            await self.async_restore(serial)
            raise
        self._schedule_restore(serial)

    async def async_restore(self, serial: str) -> None:
        """Put back the segments a forced mode changed; forget it once done."""
        record = self._records.get(serial)
        if record is None:
            return
        ref, settings = self._device(serial)
        await self._async_write(
            ref, restore_steps(ref.family, settings, record.forced, record.saved)
        )
        if record.ac_charge is not None:
            await self._writer.async_apply(
                serial,
                Target.AC_CHARGE,
                lambda s: replace(s, ac_charge=record.ac_charge),
            )
        if cancel := self._timers.pop(serial, None):
            cancel()
        self._records.pop(serial, None)
        await self._async_save()

    def _device(self, serial: str) -> tuple[DeviceListing, DeviceSettings]:
        ref = self._settings.ref(serial)
        settings = (self._settings.data or {}).get(serial)
        if ref is None or settings is None:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="settings_unknown",
                translation_placeholders={"device": serial},
            )
        return ref, settings

    async def _async_write(self, ref: DeviceListing, steps: list[Step]) -> None:
        for target, change, index in planned_writes(ref.family, steps):
            await self._writer.async_apply(ref.serial, target, change, index)

    async def _async_save(self) -> None:
        await self._store.async_save(
            {serial: record.as_dict() for serial, record in self._records.items()}
        )

    @callback
    def _schedule_restore(self, serial: str) -> None:
        if cancel := self._timers.pop(serial, None):
            cancel()

        async def run(_: datetime) -> None:
            self._timers.pop(serial, None)
            try:
                await self.async_restore(serial)
            except HomeAssistantError as err:
                LOGGER.warning(
                    "Could not restore the schedule of %s, retrying in 5 minutes: %s",
                    serial,
                    err,
                )
                self._timers[serial] = async_call_later(self._hass, RESTORE_RETRY, run)

        # An absolute moment: compared and tracked in UTC, never on a wall clock.
        until = dt_util.as_utc(self._records[serial].until)
        if until <= dt_util.utcnow():
            self._timers[serial] = async_call_later(self._hass, 0, run)
        else:
            self._timers[serial] = async_track_point_in_utc_time(self._hass, run, until)
