"""A password account: the legacy ShinePhone API, read and written per family by table.

One row per family says which endpoints a telemetry read takes (and what
it costs), which identity details are read once, where the settings come
from, and how a write travels.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo
import logging
from typing import Any

import aiohttp

from . import (
    history,
    legacy_devices as reads,
    legacy_plant as plant_reads,
    legacy_writes,
)
from .account import ACCOUNT_ERRORS, DeviceListing, GrowattAccount, Listed
from .const import DEFAULT_REQUEST_TIMEOUT, Timespan
from .exceptions import GrowattError
from .legacy_session import LegacySession
from .models import (
    Device,
    DeviceFamily,
    DeviceSettings,
    Plant,
    inverter as inverter_model,
    max as max_model,
    mix as mix_model,
    noah as noah_model,
    plant as plant_model,
    spa as spa_model,
    storage as storage_model,
    tlx as tlx_model,
)
from .models.coerce import to_int, unwrap
from .setting_types import PADDED, PLAIN, SettingType, Target, setting_type
from .transport import Clock, RequestInfo, RequestStats, utc_now

_LOGGER = logging.getLogger(__name__)

# Device-list keys: TLX inverters hide in `invList`, the rest in `deviceList`;
# `bat` entries (in `batList`, or in `getAllDeviceList`'s `deviceList`) are
# TLX-H battery modules reported beside their inverter, not devices to poll.
LIST_KEYS = ("deviceList", "invList", "storageList", "sphList")
BATTERY_LIST_KEY = "batList"
BATTERY_MODULE = "bat"

type Poll = Callable[[LegacySession, Listed, tzinfo | None], Awaitable[Device]]
type Read = Callable[[LegacySession, str], Awaitable[dict[str, Any]]]
type SettingsRead = Callable[[LegacySession, str], Awaitable[DeviceSettings]]
type Write = Callable[[LegacySession, str, SettingType, DeviceSettings], Awaitable[Any]]


@dataclass(frozen=True, kw_only=True)
class LegacyFamily:
    """How the legacy API reads and writes one device family."""

    poll: Poll
    poll_cost: int
    identity: Read | None = None
    settings: SettingsRead | None = None
    write: Write | None = None


# -- telemetry ------------------------------------------------------------------------


async def _poll_tlx(api: LegacySession, listed: Listed, tz: tzinfo | None) -> Device:
    device = listed.listing
    return tlx_model.from_legacy(
        await reads.tlx_detail(api, device.serial),
        device_entry=listed.entry,
        params=listed.details,
        serial=device.serial,
        plant_id=device.plant_id,
        tz=tz,
    )


async def _poll_inverter(
    api: LegacySession, listed: Listed, tz: tzinfo | None
) -> Device:
    device = listed.listing
    build = (
        inverter_model.from_legacy
        if device.family == DeviceFamily.INVERTER
        else max_model.from_legacy
    )
    return build(
        await reads.inverter_detail(api, device.serial),
        settings=listed.details,
        device_entry=listed.entry,
        serial=device.serial,
        plant_id=device.plant_id,
        tz=tz,
    )


async def _poll_mix(api: LegacySession, listed: Listed, tz: tzinfo | None) -> Device:
    device = listed.listing
    status, totals, detail = await asyncio.gather(
        reads.mix_system_status(api, device.serial, device.plant_id),
        reads.mix_totals(api, device.serial, device.plant_id),
        reads.mix_detail(api, device.serial, device.plant_id),
    )
    return mix_model.from_legacy(
        None,
        totals=totals,
        system_status=status,
        detail=detail,
        device_entry=listed.entry,
        serial=device.serial,
        plant_id=device.plant_id,
        tz=tz,
    )


async def _poll_storage(
    api: LegacySession, listed: Listed, tz: tzinfo | None
) -> Device:
    device = listed.listing
    params, overview = await asyncio.gather(
        reads.storage_params(api, device.serial),
        reads.storage_energy_overview(api, device.plant_id, device.serial),
    )
    return storage_model.from_legacy(
        params,
        energy_overview=overview,
        device_entry=listed.entry,
        serial=device.serial,
        plant_id=device.plant_id,
        tz=tz,
    )


async def _poll_spa(api: LegacySession, listed: Listed, tz: tzinfo | None) -> Device:
    # No legacy SPA data endpoint is known: the device list entry carries its
    # power and state of charge, so a poll costs nothing beyond the list.
    device = listed.listing
    return spa_model.from_legacy(
        None,
        device_entry=listed.entry,
        serial=device.serial,
        plant_id=device.plant_id,
        tz=tz,
    )


async def _poll_noah(api: LegacySession, listed: Listed, tz: tzinfo | None) -> Device:
    device = listed.listing
    return noah_model.from_legacy(
        await reads.noah_system_status(api, device.serial),
        info=listed.details,
        device_entry=listed.entry,
        serial=device.serial,
        plant_id=device.plant_id,
        tz=tz,
    )


# -- settings -----------------------------------------------------------------------------


async def _settings_tlx(api: LegacySession, serial: str) -> DeviceSettings:
    return tlx_model.device_settings(await reads.tlx_get_all_settings(api, serial))


async def _settings_mix(api: LegacySession, serial: str) -> DeviceSettings:
    answer = await reads.get_mix_inverter_settings(api, serial)
    return mix_model.device_settings(unwrap(answer, "obj", "mixBean"))


async def _settings_spa(api: LegacySession, serial: str) -> DeviceSettings:
    answer = await reads.get_spa_inverter_settings(api, serial)
    return mix_model.device_settings(unwrap(answer, "obj", "spaBean"))


async def _settings_classic(api: LegacySession, serial: str) -> DeviceSettings:
    return inverter_model.device_settings(
        await reads.classic_inverter_info(api, serial)
    )


async def _settings_noah(api: LegacySession, serial: str) -> DeviceSettings:
    info = await reads.noah_info(api, serial)
    return noah_model.device_settings(unwrap(info, "obj", "noah"), {})


# -- writes ---------------------------------------------------------------------------------

# The app sends TLX time segments in a form body with zero-padded times;
# every other TLX setting travels in the query string.
_TLX_FORM_SETTINGS = frozenset(
    found.name
    for index in range(1, 10)
    if (found := setting_type(DeviceFamily.TLX, Target.TIME_SEGMENT, index))
)


async def _write_tlx(
    api: LegacySession, serial: str, setting: SettingType, desired: DeviceSettings
) -> Any:
    if setting.name in _TLX_FORM_SETTINGS:
        return await legacy_writes.update_tlx_inverter_form_setting(
            api, serial, setting.name, setting.encode(desired, PADDED)
        )
    return await legacy_writes.update_tlx_inverter_setting(
        api, serial, setting.name, setting.encode(desired, PLAIN)
    )


def _numbered(
    send: Callable[[LegacySession, str, str, list[str]], Awaitable[Any]],
) -> Write:
    """A write of `param1..N` as the setting encodes them, with plain times."""

    async def write(
        api: LegacySession, serial: str, setting: SettingType, desired: DeviceSettings
    ) -> Any:
        return await send(api, serial, setting.name, setting.encode(desired, PLAIN))

    return write


async def _write_classic(
    api: LegacySession, serial: str, setting: SettingType, desired: DeviceSettings
) -> Any:
    # tcpSet.do takes at most two values, as `command_1` and `command_2`.
    first, second, *_ = [*setting.encode(desired, PLAIN), "", ""]
    return await legacy_writes.update_classic_inverter_setting(
        api,
        {"action": "inverterSet", "serialNum": serial},
        {"paramId": setting.name, "command_1": first, "command_2": second},
    )


FAMILIES: dict[DeviceFamily, LegacyFamily] = {
    DeviceFamily.TLX: LegacyFamily(
        poll=_poll_tlx,
        poll_cost=1,
        identity=reads.tlx_params,
        settings=_settings_tlx,
        write=_write_tlx,
    ),
    DeviceFamily.MIX: LegacyFamily(
        poll=_poll_mix,
        poll_cost=3,
        settings=_settings_mix,
        # mixSetApiNew: `param1..N` in the query string.
        write=_numbered(legacy_writes.update_mix_inverter_setting),
    ),
    DeviceFamily.SPA: LegacyFamily(
        poll=_poll_spa,
        poll_cost=0,
        settings=_settings_spa,
        # spaSetApi: `param1..N` in the query string.
        write=_numbered(legacy_writes.update_ac_inverter_setting),
    ),
    DeviceFamily.STORAGE: LegacyFamily(poll=_poll_storage, poll_cost=2),
    DeviceFamily.INVERTER: LegacyFamily(
        poll=_poll_inverter,
        poll_cost=1,
        identity=reads.classic_inverter_info,
        settings=_settings_classic,
        write=_write_classic,
    ),
    DeviceFamily.MAX: LegacyFamily(
        poll=_poll_inverter,
        poll_cost=1,
        identity=reads.classic_inverter_info,
        settings=_settings_classic,
        write=_write_classic,
    ),
    DeviceFamily.NOAH: LegacyFamily(
        poll=_poll_noah,
        poll_cost=1,
        identity=reads.noah_info,
        settings=_settings_noah,
        # noah/set: `param1..N` in a form body.
        write=_numbered(legacy_writes.update_noah_settings),
    ),
}


def _listing(
    entry: dict[str, Any], family: DeviceFamily, plant_id: str, batteries: set[str]
) -> DeviceListing:
    datalogger = str(entry.get("datalogSn") or "") or None
    has_battery: bool | None = None
    if "capacity" in entry or (datalogger is not None and datalogger in batteries):
        has_battery = True
    # Growatt's spelling: whether a grid meter is connected (TLX entries).
    meter = to_int(entry.get("bMerterConnectFlag"))
    return DeviceListing(
        serial=str(entry["deviceSn"]),
        family=family,
        plant_id=plant_id,
        model=entry.get("deviceModel") or None,
        alias=entry.get("deviceAilas") or None,
        datalogger=datalogger,
        has_battery=has_battery,
        has_meter=None if meter is None else meter == 1,
    )


class PasswordAccount(GrowattAccount):
    """A ShinePhone account: user name and password, a cookie session."""

    refreshes_plants = True

    def __init__(
        self,
        username: str,
        password: str,
        *,
        session: aiohttp.ClientSession | None = None,
        server_url: str | None = None,
        request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
        clock: Clock = utc_now,
        on_request: Callable[[RequestInfo], None] | None = None,
    ) -> None:
        """Set up the session; nothing is sent before the first question."""
        super().__init__()
        # growattServer's agent with a random id, as the app's installs differ.
        self.api = LegacySession(
            True,
            session=session,
            server_url=server_url,
            request_timeout=request_timeout,
            clock=clock,
            on_request=on_request,
        )
        self._username = username
        self._password = password
        self.api.set_credentials(username, password)
        # Identity details (firmware, model) do not change: read once.
        self._details: dict[str, dict[str, Any]] = {}
        self._places: dict[str, Plant] | None = None

    @property
    def server_url(self) -> str:
        """The server this account's session lives on."""
        return self.api.server_url

    @property
    def request_stats(self) -> RequestStats:
        """Requests counted by endpoint and by day."""
        return self.api.request_stats

    @property
    def locked_until(self) -> datetime | None:
        """When Growatt's login lock ends, while it lasts."""
        return self.api.locked_until

    @property
    def login_paused_until(self) -> datetime | None:
        """When the next login may go, while one is needed and the guard holds it back."""
        return self.api.login_paused_until if self.api.login_needed else None

    @property
    def user_id(self) -> str | None:
        """The user id of the login."""
        return None if self.api.user_id is None else str(self.api.user_id)

    def export_session(self) -> dict[str, Any]:
        """The cookie session, any lockout and the recent logins, without the password.

        With what each device has (see `hardware`).
        """
        return self.api.export_session() | {"hardware": self._export_hardware()}

    def import_session(self, data: dict[str, Any]) -> None:
        """Resume a session: no login until it expires."""
        self.api.import_session(data)
        self._import_hardware(data.get("hardware"))

    def poll_cost(self, device: DeviceListing) -> int:
        """Requests of the family's telemetry read."""
        return FAMILIES[device.family].poll_cost

    def has_settings(self, device: DeviceListing) -> bool:
        """Every family with a settings bean (all but storage)."""
        return FAMILIES[device.family].settings is not None

    async def prepare(self) -> None:
        """Log in once, unless a resumed session already holds the user."""
        if self.api.user_id is None:
            await self.api.login(self._username, self._password)

    async def plants(self) -> list[Plant]:
        """Plants from `PlantListAPI.do`."""
        await self.prepare()
        assert self.api.user_id is not None  # a login always sets it
        answer = await plant_reads.plant_list(self.api, self.api.user_id)
        plants = [
            plant_model.from_legacy(entry)
            for entry in answer.get("data") or []
            if isinstance(entry, dict)
        ]
        if self._places is None:
            self._places = await self._read_places()
        return [
            replace(
                plant,
                timezone=place.timezone,
                country=place.country,
                currency=plant.currency or place.currency,
                created=plant.created or place.created,
            )
            if (place := self._places.get(plant.plant_id)) is not None
            else plant
            for plant in plants
        ]

    async def _read_places(self) -> dict[str, Plant]:
        """Each plant's time zone, country and currency, which the plant list lacks.

        Read once.

        The full plant beans carry them; a failure here only costs the
        plants their zone (Home Assistant's is used), not the refresh.
        """
        try:
            beans = await plant_reads.plant_list_two(self.api)
        except ACCOUNT_ERRORS:
            raise
        except GrowattError as err:
            _LOGGER.debug("Growatt's plant beans could not be read: %s", err)
            return {}
        places = [
            plant_model.from_legacy(None, settings=bean)
            for bean in beans
            if isinstance(bean, dict)
        ]
        return {place.plant_id: place for place in places if place.plant_id}

    def history_windows(self, first: date, last: date) -> list[tuple[date, date]]:
        """Calendar months: `PlantDetailAPI.do` gives a month's days at once."""
        return history.month_windows(first, last)

    async def daily_production(
        self, plant_id: str, first: date, last: date
    ) -> dict[date, float]:
        """A month's daily PV energy from `PlantDetailAPI.do?type=1`."""
        await self.prepare()
        month = datetime(first.year, first.month, 1)  # noqa: DTZ001 - a calendar date
        back = await plant_reads.plant_detail(self.api, plant_id, Timespan.day, month)
        return history.month_days(back, first, last)

    async def devices(self, plant_id: str) -> list[DeviceListing]:
        """Devices from `getAllDeviceListTwo` (with its TLX `invList`)."""
        info = await plant_reads.plant_info(self.api, plant_id)
        entries = [
            entry
            for key in LIST_KEYS
            for entry in info.get(key) or []
            if isinstance(entry, dict) and entry.get("deviceSn")
        ]
        if not entries:
            # Growatt leaves these lists empty for some plants; the library
            # then asks getAllDeviceList.
            entries = [
                entry
                for entry in await plant_reads.device_list(self.api, plant_id)
                if isinstance(entry, dict) and entry.get("deviceSn")
            ]
        modules = [*entries, *(info.get(BATTERY_LIST_KEY) or [])]
        batteries = {
            str(entry.get("datalogSn"))
            for entry in modules
            if isinstance(entry, dict)
            and str(entry.get("deviceType", "")).lower() == BATTERY_MODULE
        }
        listings: list[DeviceListing] = []
        seen: set[str] = set()
        for entry in entries:
            serial = str(entry["deviceSn"])
            try:
                family = DeviceFamily(str(entry.get("deviceType", "")).lower())
            except ValueError:
                continue
            if serial in seen:
                continue
            seen.add(serial)
            if serial not in self._details:
                identity = FAMILIES[family].identity
                self._details[serial] = (
                    await identity(self.api, serial) if identity else {}
                )
            listing = _listing(entry, family, plant_id, batteries)
            self._listed[serial] = Listed(
                listing=listing, entry=entry, details=self._details[serial]
            )
            listings.append(listing)
        return listings

    async def _telemetry(self, listed: Listed, tz: tzinfo | None) -> Device:
        return await FAMILIES[listed.listing.family].poll(self.api, listed, tz)

    async def _settings(self, listed: Listed) -> DeviceSettings:
        read = FAMILIES[listed.listing.family].settings
        if read is None:
            raise KeyError(f"{listed.listing.family} has no legacy settings")
        return await read(self.api, listed.listing.serial)

    async def _write(
        self, listed: Listed, setting: SettingType, desired: DeviceSettings
    ) -> None:
        write = FAMILIES[listed.listing.family].write
        if write is None:
            raise KeyError(f"{listed.listing.family} has no legacy writes")
        await write(self.api, listed.listing.serial, setting, desired)

    async def _read_back(
        self, listed: Listed, setting: SettingType, current: DeviceSettings
    ) -> DeviceSettings:
        # The settings bean has no rate limit: read it whole again.
        return await self._settings(listed)

    async def close(self) -> None:
        """Close the HTTP session if the account created it."""
        await self.api.close()
