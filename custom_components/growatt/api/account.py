"""One Growatt account, whichever API reaches it: the seam the integration builds on.

`PasswordAccount` (the legacy ShinePhone API) and `TokenAccount` (OpenAPI v1)
answer the same questions in typed models only: which plants, which devices
a plant has (a `DeviceListing`), what a device reports now, its settings, and
a write of one setting with its read-back. What a caller must know about the
API in play is an attribute (`locked_until`, `login_paused_until`,
`write_spacing`, `poll_cost`, `refreshes_plants`, the session export), so
nobody asks which API it is.
Raw answers stay inside: the listing's entry and identity details are kept
here and handed to the model builders.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
import logging
from typing import Any

from .exceptions import (
    GrowattAccountLockedError,
    GrowattAuthenticationError,
    GrowattError,
    GrowattLoginPausedError,
    GrowattRateLimitError,
)
from .hardware import Hardware, fit, fit_settings, observe
from .models import Device, DeviceFamily, DeviceSettings, Plant
from .setting_types import SettingType
from .transport import RequestStats

_LOGGER = logging.getLogger(__name__)

# How many devices of one plant are read at the same time. A plant's devices
# that share a datalogger upload together and are due together: one burst
# reads them at once, as the ShinePhone app's plant page does. The count of
# requests a day is bounded by the budget, not by this; an SPH's three reads
# make at most 30 requests in flight for ten of them.
DEVICE_CONCURRENCY = 10

# Errors about the account, not one device: a read of several devices fails
# on them as a whole.
ACCOUNT_ERRORS = (
    GrowattAuthenticationError,
    GrowattAccountLockedError,
    GrowattLoginPausedError,
    GrowattRateLimitError,
)


@dataclass(frozen=True, kw_only=True)
class DeviceListing:
    """A device as its plant's device list names it.

    `has_battery`, `has_meter` and `pv_inputs` say what the listing itself
    tells about the hardware; None where it says nothing.
    """

    serial: str
    family: DeviceFamily
    plant_id: str
    model: str | None = None
    alias: str | None = None
    datalogger: str | None = None
    has_battery: bool | None = None
    has_meter: bool | None = None
    pv_inputs: int | None = None


@dataclass(frozen=True, kw_only=True)
class Listed:
    """A listing with the raw answers the model builders take (inside `api/` only)."""

    listing: DeviceListing
    entry: dict[str, Any]
    details: dict[str, Any]


class GrowattAccount(ABC):
    """One Growatt account, reached through one of the two APIs."""

    # Seconds between two writes of one setting type to one device.
    write_spacing: float = 0.0
    # The least time between two telemetry reads of one device that the API
    # answers both of (v1 refuses an identical read within its window).
    read_spacing: timedelta = timedelta(0)
    # Whether the plant list (with its money figures) is worth re-reading
    # with the device list.
    refreshes_plants: bool = False

    def __init__(self) -> None:
        """Start with no device listed."""
        self._listed: dict[str, Listed] = {}
        self._hardware: dict[str, Hardware] = {}

    # -- what callers must know ---------------------------------------------------

    @property
    @abstractmethod
    def request_stats(self) -> RequestStats:
        """Requests counted by endpoint and by day."""

    @property
    def locked_until(self) -> datetime | None:
        """When Growatt's lock of the account ends; None while it is not locked."""
        return None

    @property
    def login_paused_until(self) -> datetime | None:
        """When the next login may go, while one is needed and the guard holds it back.

        None while no login is needed (a live session, or a token) or one may
        be sent now.
        """
        return None

    @property
    @abstractmethod
    def user_id(self) -> str | None:
        """The account's user id, once known (after a login or the plant list)."""

    def export_session(self) -> dict[str, Any] | None:
        """What to keep across restarts (a session, recent requests); None if nothing."""
        return None

    @abstractmethod
    def import_session(self, data: dict[str, Any]) -> None:
        """Resume what `export_session` gave (what another API exported is ignored)."""

    @abstractmethod
    def poll_cost(self, device: DeviceListing) -> int:
        """Requests one telemetry read of the device costs."""

    @abstractmethod
    def has_settings(self, device: DeviceListing) -> bool:
        """Whether the API reads (and so can verify) the device's settings."""

    # -- questions ------------------------------------------------------------------

    @abstractmethod
    async def prepare(self) -> None:
        """Make sure requests can go out (a password account logs in once)."""

    @abstractmethod
    async def plants(self) -> list[Plant]:
        """The account's plants."""

    @abstractmethod
    async def devices(self, plant_id: str) -> list[DeviceListing]:
        """The devices of a plant, with identity details read once per device."""

    @abstractmethod
    def history_windows(self, first: date, last: date) -> list[tuple[date, date]]:
        """The spans (first and last day) one history request covers, oldest first."""

    @abstractmethod
    async def daily_production(
        self, plant_id: str, first: date, last: date
    ) -> dict[date, float]:
        """The plant's PV energy (kWh) per local day, for one window's days.

        Days Growatt leaves out are missing; a window is one request.
        """

    def keeps_device_days(self, device: DeviceListing) -> bool:
        """Whether `device_day` can read the device's past days."""
        return False

    async def device_day(self, device: DeviceListing, day: date) -> list[Device]:
        """Records the device uploaded on its plant's local day `day` (one request).

        Each record's energy counters hold the day's energy up to the record
        and the lifetime totals at the same moment, so their difference is
        the lifetime total at the day's start, whichever record it is. Empty
        when the device uploaded nothing that day.
        """
        raise NotImplementedError

    @abstractmethod
    async def _telemetry(self, listed: Listed, tz: tzinfo | None) -> Device:
        """What a device reports now."""

    @abstractmethod
    async def _settings(self, listed: Listed) -> DeviceSettings:
        """The device's writable settings, read whole."""

    @abstractmethod
    async def _write(
        self, listed: Listed, setting: SettingType, desired: DeviceSettings
    ) -> None:
        """Send `setting` as it is in `desired`."""

    @abstractmethod
    async def _read_back(
        self, listed: Listed, setting: SettingType, current: DeviceSettings
    ) -> DeviceSettings:
        """`current` with `setting` as the device reports it now."""

    @abstractmethod
    async def close(self) -> None:
        """Close the HTTP session if the account created it."""

    # -- the same for both APIs -------------------------------------------------

    def _known(self, device: DeviceListing) -> Listed:
        listed = self._listed.get(device.serial)
        if listed is None:
            raise KeyError(f"device {device.serial} was not listed by this account")
        return listed

    def hardware(self, device: DeviceListing) -> Hardware | None:
        """What the device has, as far as its readings told; None before the first."""
        return self._hardware.get(device.serial)

    async def telemetry(self, device: DeviceListing, tz: tzinfo | None) -> Device:
        """What a device reports now; `tz` is its plant's timezone.

        Values of hardware the device does not have (a battery, a meter, PV
        inputs beyond its own) are left out: see `hardware`.
        """
        reading = await self._telemetry(self._known(device), tz)
        seen = observe(
            reading,
            listed_battery=device.has_battery,
            listed_meter=device.has_meter,
            listed_inputs=device.pv_inputs,
        )
        known = self._hardware.get(device.serial)
        hardware = known.merged(seen) if known else seen
        self._hardware[device.serial] = hardware
        return fit(reading, hardware)

    async def settings(self, device: DeviceListing) -> DeviceSettings:
        """The device's writable settings, read whole (battery ones only with a battery)."""
        settings = await self._settings(self._known(device))
        hardware = self._hardware.get(device.serial)
        return fit_settings(settings, hardware) if hardware else settings

    def _export_hardware(self) -> dict[str, Any]:
        """What each device has, to know it again at once after a restart."""
        return {
            serial: {
                "battery": known.battery,
                "meter": known.meter,
                "pv_inputs": known.pv_inputs,
            }
            for serial, known in self._hardware.items()
        }

    def _import_hardware(self, data: Any) -> None:
        """Take back what `_export_hardware` wrote; anything else is ignored."""
        if not isinstance(data, dict):
            return
        for serial, known in data.items():
            if not isinstance(known, dict):
                continue
            inputs = known.get("pv_inputs")
            self._hardware[str(serial)] = Hardware(
                battery=known.get("battery") is True,
                meter=known.get("meter") is True,
                pv_inputs=inputs if isinstance(inputs, int) and inputs > 0 else None,
            )

    async def write(
        self, device: DeviceListing, setting: SettingType, desired: DeviceSettings
    ) -> None:
        """Write one setting type as `desired` has it; raises when Growatt refuses.

        The payload is encoded once, in the API's layout (parameters, query
        or form body, time format).
        """
        await self._write(self._known(device), setting, desired)

    async def read_back(
        self, device: DeviceListing, setting: SettingType, current: DeviceSettings
    ) -> DeviceSettings:
        """The settings after a write, with `setting` as the device reports it now."""
        settings = await self._read_back(self._known(device), setting, current)
        hardware = self._hardware.get(device.serial)
        return fit_settings(settings, hardware) if hardware else settings

    async def read_telemetry(
        self, devices: list[DeviceListing], tz: tzinfo | None
    ) -> dict[str, Device]:
        """Several devices of a plant, by serial; see `read_each`."""
        return await read_each(devices, lambda device: self.telemetry(device, tz))

    async def read_settings(
        self, devices: list[DeviceListing]
    ) -> dict[str, DeviceSettings]:
        """The settings of every device that has them, by serial; see `read_each`."""
        return await read_each(
            [device for device in devices if self.has_settings(device)], self.settings
        )


async def read_each[T](
    devices: list[DeviceListing], read: Callable[[DeviceListing], Awaitable[T]]
) -> dict[str, T]:
    """Read every device concurrently with a small bound, by serial number.

    A device that fails is left out, so the others still count; errors about
    the account itself (credentials, lock, rate limit) and a read where every
    device failed raise.
    """
    semaphore = asyncio.Semaphore(DEVICE_CONCURRENCY)

    async def one(device: DeviceListing) -> T:
        async with semaphore:
            return await read(device)

    results = await asyncio.gather(
        *(one(device) for device in devices), return_exceptions=True
    )
    found: dict[str, T] = {}
    failures: list[BaseException] = []
    for device, result in zip(devices, results, strict=True):
        if isinstance(result, BaseException):
            if isinstance(result, ACCOUNT_ERRORS) or not isinstance(
                result, GrowattError
            ):
                raise result
            _LOGGER.debug("Growatt device %s did not answer: %s", device.serial, result)
            failures.append(result)
        else:
            found[device.serial] = result
    if failures and not found:
        raise failures[0]
    return found
