"""A token account: the OpenAPI v1, read and written per family by table.

One row per family names its device class (paths, serial key, parameter
count), the model builder, and where its settings come from. Growatt
answers an identical v1 request once per window (5 minutes for the detail
and settings endpoints), so the detail read with the device list also
serves the first settings read of the families that carry them in it.

The account's client remembers when it last sent each identical read and
refuses it locally within its window (`GuardedOpenApiV1`); the memory is the
account's exported session, so a setup retry or a restart within a window
does not run into 10012 either.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
import time
from typing import Any, ClassVar, Protocol

import aiohttp

from . import history
from .account import DeviceListing, GrowattAccount, Listed
from .const import (
    DEFAULT_REQUEST_TIMEOUT,
    TEN_SECONDS,
    V1_DEFAULT_RATE_WINDOW,
    V1_RATE_WINDOWS,
)
from .exceptions import (
    GrowattConnectionError,
    GrowattParameterError,
    GrowattRateLimitError,
)
from .models import (
    Device,
    DeviceFamily,
    DeviceSettings,
    Plant,
    inverter as inverter_model,
    max as max_model,
    mix as mix_model,
    plant as plant_model,
    spa as spa_model,
    storage as storage_model,
    tlx as tlx_model,
)
from .models.common import Raw
from .session import RecentRequests, reached_server, request_key
from .setting_types import PLAIN, SettingType
from .transport import Clock, Params, RequestInfo, RequestStats, utc_now
from .v1 import OpenApiV1
from .v1_base import V1Session
from .v1_devices import Inverter, Max, Min, Spa, Sph, Storage, V1Device

# The detail endpoints answer the same request once per 5 minutes.
DETAIL_WINDOW = 300.0
# Records asked of a past day: the first two and a half hours of 5-minute
# uploads, so that the records of the first hour after midnight (when
# Growatt may still serve the previous day's value) are outvoted, without
# pages of 100 records (some 300 kB) a day.
DAY_RECORDS = 30
# Growatt answers an identical write once per 5 seconds.
WRITE_SPACING = 5.0
# Reads with at least this window are refused locally within it. The shorter
# (5 s) windows are those of the writes and their read-backs, which the
# write path spaces itself.
GUARDED_WINDOW = TEN_SECONDS


class V1Builder(Protocol):
    """A family's `from_v1`: the detail, the latest record and the listing entry."""

    def __call__(
        self,
        detail: Raw | None,
        *,
        last_data: Raw | None = None,
        device_entry: Raw | None = None,
        serial: str | None = None,
        plant_id: str | int | None = None,
        tz: tzinfo | None = None,
    ) -> Device:
        """Build the device model."""


@dataclass(frozen=True, kw_only=True)
class V1Family:
    """How the v1 API reads and writes one device family."""

    device: Callable[[V1Session, str], V1Device]
    build: V1Builder
    # Settings parsed from the detail bean; None where a settings endpoint
    # of its own serves them (MIN) or the family has none (storage).
    settings_in_detail: Callable[[dict[str, Any]], DeviceSettings] | None = None
    settings_read: Callable[[V1Session, str], Awaitable[DeviceSettings]] | None = None
    # growattServer's charge and discharge period writes send exactly their
    # own parameters; every other write sends all of `param1..N`, unused empty.
    exact_layouts: frozenset[str] = frozenset()


async def _min_settings(api: V1Session, serial: str) -> DeviceSettings:
    return tlx_model.device_settings(await Min(api, serial).settings())


FAMILIES: dict[DeviceFamily, V1Family] = {
    DeviceFamily.TLX: V1Family(
        device=Min, build=tlx_model.from_v1, settings_read=_min_settings
    ),
    DeviceFamily.MIX: V1Family(
        device=Sph,
        build=mix_model.from_v1,
        settings_in_detail=mix_model.device_settings,
        exact_layouts=frozenset(
            {"mix_ac_charge_time_period", "mix_ac_discharge_time_period"}
        ),
    ),
    DeviceFamily.SPA: V1Family(
        device=Spa,
        build=spa_model.from_v1,
        settings_in_detail=mix_model.device_settings,
        exact_layouts=frozenset({"spa_ac_charge_time_period"}),
    ),
    DeviceFamily.INVERTER: V1Family(
        device=Inverter,
        build=inverter_model.from_v1,
        settings_in_detail=inverter_model.device_settings,
    ),
    DeviceFamily.MAX: V1Family(
        device=Max,
        build=max_model.from_v1,
        settings_in_detail=inverter_model.device_settings,
    ),
    DeviceFamily.STORAGE: V1Family(device=Storage, build=storage_model.from_v1),
}

# `device/list` type codes of the families above.
LIST_TYPES: dict[int, DeviceFamily] = {
    1: DeviceFamily.INVERTER,
    2: DeviceFamily.STORAGE,
    4: DeviceFamily.MAX,
    5: DeviceFamily.MIX,
    6: DeviceFamily.SPA,
    7: DeviceFamily.TLX,
}


def _check_power_and_soc(name: str, values: list[str]) -> None:
    """Refuse a period write whose power or stop SOC is not 0-100 %, as growattServer does."""
    for value in values[:2]:
        if not value.isdigit() or int(value) > 100:
            raise GrowattParameterError(f"{name}: {value} is not between 0 and 100 %")


class GuardedOpenApiV1(OpenApiV1):
    """`OpenApiV1` that does not send a read Growatt would answer with 10012.

    Every identical read (path and parameters) is remembered when it is
    sent, also when its answer is lost, with its answer when one came.
    Within the path's window it gets that answer again, or, where none came,
    GrowattRateLimitError (`retry_after` the seconds left), without a
    request. A 10012 answer keeps the full window from then on.
    """

    # Off (reads are still remembered, not refused) only against a server
    # without windows: an emulator in tests.
    guard_reads: ClassVar[bool] = True

    def __init__(
        self,
        token: str,
        *,
        recent: RecentRequests,
        session: aiohttp.ClientSession | None = None,
        server_url: str | None = None,
        request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
        clock: Clock = utc_now,
        on_request: Callable[[RequestInfo], None] | None = None,
    ) -> None:
        """Set up the client around a memory of recent requests."""
        super().__init__(
            token,
            session=session,
            server_url=server_url,
            request_timeout=request_timeout,
            clock=clock,
            on_request=on_request,
        )
        self.recent = recent

    async def call(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        data: Params | None = None,
    ) -> Any:
        """Send one v1 request, unless an identical read is still within its window."""
        window = self.recent.window(path)
        if window < GUARDED_WINDOW:
            return await super().call(method, path, params=params, data=data)
        key = request_key(path, params, data)
        now = self._clock()
        wait = self.recent.wait(key, now)
        if wait > 0 and self.guard_reads:
            if (kept := self.recent.answer(key, now)) is not None:
                # Growatt would refuse it: the answer it gave within the
                # window is still the latest there is.
                return kept
            raise GrowattRateLimitError(
                f"v1/{path} was asked within the last {window:g} s, and Growatt "
                f"answers it once per {window:g} s: not asking again for {wait:.0f} s",
                retry_after=wait,
            )
        self.recent.record(key, now)
        try:
            answer = await super().call(method, path, params=params, data=data)
        except GrowattConnectionError as err:
            if not reached_server(err):
                self.recent.discard(key, now)
            raise
        self.recent.remember(key, answer)
        return answer


class TokenAccount(GrowattAccount):
    """An OpenAPI v1 account: every request carries the token."""

    write_spacing = WRITE_SPACING
    read_spacing = timedelta(seconds=V1_DEFAULT_RATE_WINDOW)

    def __init__(
        self,
        token: str,
        *,
        session: aiohttp.ClientSession | None = None,
        server_url: str | None = None,
        request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
        clock: Clock = utc_now,
        on_request: Callable[[RequestInfo], None] | None = None,
    ) -> None:
        """Set up the client; nothing is sent before the first question."""
        super().__init__()
        self._clock = clock
        self._recent = RecentRequests(V1_RATE_WINDOWS, V1_DEFAULT_RATE_WINDOW)
        self.api = GuardedOpenApiV1(
            token,
            recent=self._recent,
            session=session,
            server_url=server_url,
            request_timeout=request_timeout,
            clock=clock,
            on_request=on_request,
        )
        self._user_id: str | None = None
        self._details: dict[str, dict[str, Any]] = {}
        self._details_at: dict[str, float] = {}

    @property
    def request_stats(self) -> RequestStats:
        """Requests counted by endpoint and by day."""
        return self.api.request_stats

    @property
    def user_id(self) -> str | None:
        """The plants' owner, once the plant list has named one.

        v1 has no "who am I"; the owner of the plants is the account, with
        the user id a ShinePhone login reports.
        """
        return self._user_id

    def export_session(self) -> dict[str, Any]:
        """When each identical read whose window still runs was sent, and its answer.

        A setup right after the config flow, a setup retry or a restart within
        a window then reads what Growatt answered instead of a 10012. With
        what each device has (see `hardware`).
        """
        now = self._clock()
        return {
            "recent": self._recent.export(now),
            "answers": self._recent.export_answers(now),
            "hardware": self._export_hardware(),
        }

    def import_session(self, data: dict[str, Any]) -> None:
        """Know the reads another client of the token sent (a legacy session has none).

        GrowattParameterError when `recent` is not what `export_session` wrote.
        """
        if "recent" in data:
            self._recent.load(data["recent"])
            self._recent.load_answers(data.get("answers"))
        self._import_hardware(data.get("hardware"))

    def poll_cost(self, device: DeviceListing) -> int:
        """One latest-record request per device."""
        return 1

    def has_settings(self, device: DeviceListing) -> bool:
        """Every family v1 lists, but storage."""
        family = FAMILIES[device.family]
        return family.settings_read is not None or family.settings_in_detail is not None

    async def prepare(self) -> None:
        """Nothing to do: every request carries the token."""

    async def plants(self) -> list[Plant]:
        """Plants from `plant/list`."""
        answer = await self.api.plant_list()
        entries = [e for e in answer.get("plants") or [] if isinstance(e, dict)]
        owners = [str(e["user_id"]) for e in entries if e.get("user_id") is not None]
        if owners:
            self._user_id = owners[0]
        return [plant_model.from_v1(entry) for entry in entries]

    def history_windows(self, first: date, last: date) -> list[tuple[date, date]]:
        """Runs of 7 days: `plant/energy` answers at most that many days at once."""
        return history.week_windows(first, last)

    async def daily_production(
        self, plant_id: str, first: date, last: date
    ) -> dict[date, float]:
        """Daily PV energy from `plant/energy` with `time_unit=day`."""
        answer = await self.api.plant_energy_history(plant_id, first, last, "day")
        return history.energys(answer, first, last)

    def keeps_device_days(self, device: DeviceListing) -> bool:
        """Every family v1 lists has a history endpoint of records."""
        return device.family in FAMILIES

    async def device_day(self, device: DeviceListing, day: date) -> list[Device]:
        """The day's first `DAY_RECORDS` records (`tlx_data`, `mix_data`, ...)."""
        family = FAMILIES[device.family]
        answer = await family.device(self.api, device.serial).energy_history(
            day, day, None, 1, DAY_RECORDS
        )
        return [
            family.build(
                None, last_data=record, serial=device.serial, plant_id=device.plant_id
            )
            for record in answer.get("datas") or []
            if isinstance(record, dict)
        ]

    async def devices(self, plant_id: str) -> list[DeviceListing]:
        """Devices from `device/list`, with each one's detail read once."""
        answer = await self.api.device_list(plant_id)
        listings: list[DeviceListing] = []
        for entry in answer.get("devices") or []:
            if not isinstance(entry, dict) or not entry.get("device_sn"):
                continue
            family = LIST_TYPES.get(int(entry.get("type") or 0))
            if family is None:
                continue
            serial = str(entry["device_sn"])
            if serial not in self._details:
                device = FAMILIES[family].device(self.api, serial)
                self._details[serial] = await device.detail()
                self._details_at[serial] = time.monotonic()
            listing = DeviceListing(
                serial=serial,
                family=family,
                plant_id=plant_id,
                model=entry.get("model") or None,
                datalogger=str(entry.get("datalogger_sn") or "") or None,
            )
            self._listed[serial] = Listed(
                listing=listing, entry=entry, details=self._details[serial]
            )
            listings.append(listing)
        return listings

    def _device(self, listed: Listed) -> V1Device:
        return FAMILIES[listed.listing.family].device(self.api, listed.listing.serial)

    async def _telemetry(self, listed: Listed, tz: tzinfo | None) -> Device:
        device = listed.listing
        return FAMILIES[device.family].build(
            listed.details,
            last_data=await self._device(listed).energy(),
            device_entry=listed.entry,
            serial=device.serial,
            plant_id=device.plant_id,
            tz=tz,
        )

    async def _settings(self, listed: Listed) -> DeviceSettings:
        family = FAMILIES[listed.listing.family]
        fetched = self._details_at.get(listed.listing.serial)
        if (
            family.settings_in_detail is not None
            and fetched is not None
            and time.monotonic() - fetched < DETAIL_WINDOW
        ):
            # The detail read with the device list: asking again now would
            # only be answered with 10012.
            return family.settings_in_detail(listed.details)
        if family.settings_read is not None:
            return await family.settings_read(self.api, listed.listing.serial)
        if family.settings_in_detail is None:
            raise KeyError(f"{listed.listing.family} has no v1 settings")
        return family.settings_in_detail(await self._device(listed).detail())

    async def _write(
        self, listed: Listed, setting: SettingType, desired: DeviceSettings
    ) -> None:
        family = FAMILIES[listed.listing.family]
        device = self._device(listed)
        values = setting.encode(desired, PLAIN)
        # The detail read with the device list no longer shows this device.
        self._details_at.pop(listed.listing.serial, None)
        if setting.name in family.exact_layouts:
            _check_power_and_soc(setting.name, values)
            await device.write_exact(setting.name, values)
        else:
            await device.write_parameter(setting.name, values)

    async def _read_back(
        self, listed: Listed, setting: SettingType, current: DeviceSettings
    ) -> DeviceSettings:
        # The settings endpoints answer once per 5 minutes: `read*Param` of
        # the one written type answers at once.
        raw = await self._device(listed).read_parameter(setting.name)
        return setting.decode(current, str(raw))

    async def close(self) -> None:
        """Close the HTTP session if the account created it."""
        await self.api.close()
