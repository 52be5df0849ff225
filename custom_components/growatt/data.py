"""What a refresh asks Growatt for: the fewest requests that cover the entities.

One `GrowattAccount` per config entry hides the two APIs behind the same three
questions (which plants, which devices, what does a device report now) and
answers them with the client's typed models. Identity details that never change
(firmware, model) come with the device list, not with every poll.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import tzinfo
import time
from typing import Any
from zoneinfo import ZoneInfo

from .api import (
    GrowattAccountLockedError,
    GrowattApi,
    GrowattAuthenticationError,
    GrowattError,
    GrowattRateLimitError,
    OpenApiV1,
)
from .api.models import (
    Device,
    DeviceFamily,
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
from .api.models.common import DeviceSettings
from .api.setting_types import SettingType
from .const import LOGGER
from .data_settings import (
    LEGACY_SETTINGS,
    V1_DETAIL_SETTINGS,
    V1_SETTINGS,
    legacy_write,
    v1_read_back,
    v1_write,
)

# v1 `device/list` type codes of the families we poll.
V1_FAMILIES: dict[int, DeviceFamily] = {
    1: DeviceFamily.INVERTER,
    2: DeviceFamily.STORAGE,
    4: DeviceFamily.MAX,
    5: DeviceFamily.MIX,
    6: DeviceFamily.SPA,
    7: DeviceFamily.TLX,
}

# Legacy device-list keys: TLX inverters hide in `invList`, the rest in
# `deviceList`; `bat` entries are TLX-H battery modules reported by the inverter.
LEGACY_LIST_KEYS = ("deviceList", "invList", "storageList", "sphList")

# v1 answers the same detail request once per 5 minutes.
V1_WINDOW = 300.0

# How many devices of one plant are read at the same time.
DEVICE_CONCURRENCY = 3

# Requests one poll of a device costs, per family (legacy; v1 needs one each).
REQUESTS_PER_POLL: dict[DeviceFamily, int] = {
    DeviceFamily.TLX: 1,
    DeviceFamily.INVERTER: 1,
    DeviceFamily.MAX: 1,
    DeviceFamily.MIX: 3,
    DeviceFamily.STORAGE: 2,
    DeviceFamily.SPA: 0,
    DeviceFamily.NOAH: 1,
}

# Errors about the account, not one device: the whole refresh fails on them.
ACCOUNT_ERRORS = (
    GrowattAuthenticationError,
    GrowattAccountLockedError,
    GrowattRateLimitError,
)


@dataclass(frozen=True, kw_only=True)
class DeviceRef:
    """A device as the plant's device list names it."""

    serial: str
    family: DeviceFamily
    plant_id: str
    alias: str | None = None
    model: str | None = None
    entry: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    # Identity details read once when the device is found (firmware, model).
    details: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, kw_only=True)
class PlantRef:
    """A plant of the account, with its timezone for local times."""

    plant_id: str
    name: str
    timezone: str | None = None

    @property
    def tz(self) -> tzinfo | None:
        """The plant's timezone, when Growatt names a known one."""
        if not self.timezone:
            return None
        try:
            return ZoneInfo(self.timezone)
        except (ValueError, KeyError):
            return None


class GrowattAccount(ABC):
    """One Growatt account, reached through one of the two APIs."""

    @property
    @abstractmethod
    def client(self) -> GrowattApi | OpenApiV1:
        """The API client (for request accounting and session export)."""

    @abstractmethod
    async def async_prepare(self) -> None:
        """Make sure requests can go out (the legacy API needs a login first)."""

    @abstractmethod
    async def async_plants(self) -> list[Plant]:
        """The account's plants."""

    @abstractmethod
    async def async_device_refs(self, plant: PlantRef) -> list[DeviceRef]:
        """The devices of a plant, with the identity details read once."""

    @abstractmethod
    async def async_device(self, ref: DeviceRef, plant: PlantRef) -> Device:
        """What a device reports now."""

    @abstractmethod
    def has_settings(self, family: DeviceFamily) -> bool:
        """Whether the API reads (and so can verify) this family's settings."""

    @abstractmethod
    async def async_settings(self, ref: DeviceRef) -> DeviceSettings:
        """The device's writable settings, read whole."""

    @abstractmethod
    async def async_write(self, ref: DeviceRef, name: str, params: list[str]) -> None:
        """One write of setting type `name`; raises when Growatt refuses it."""

    @abstractmethod
    async def async_read_back(
        self, ref: DeviceRef, setting: SettingType, current: DeviceSettings
    ) -> DeviceSettings:
        """The settings after a write, with `setting` as the device reports it now."""

    async def async_devices(
        self, refs: list[DeviceRef], plant: PlantRef
    ) -> dict[str, Device]:
        """Several devices of a plant, read concurrently with a small bound."""
        return await read_each(refs, lambda ref: self.async_device(ref, plant))


async def read_each[T](
    refs: list[DeviceRef], read: Callable[[DeviceRef], Awaitable[T]]
) -> dict[str, T]:
    """Read every device concurrently with a small bound, by serial number.

    A device that fails is left out, so its entities go unavailable while
    the others stay; errors about the account itself (credentials, lock,
    rate limit) and a read where every device failed raise.
    """
    semaphore = asyncio.Semaphore(DEVICE_CONCURRENCY)

    async def one(ref: DeviceRef) -> T:
        async with semaphore:
            return await read(ref)

    results = await asyncio.gather(*(one(ref) for ref in refs), return_exceptions=True)
    found: dict[str, T] = {}
    failures: list[BaseException] = []
    for ref, result in zip(refs, results, strict=True):
        if isinstance(result, BaseException):
            if isinstance(result, ACCOUNT_ERRORS) or not isinstance(
                result, GrowattError
            ):
                raise result
            LOGGER.debug("Growatt device %s did not answer: %s", ref.serial, result)
            failures.append(result)
        else:
            found[ref.serial] = result
    if failures and not found:
        raise failures[0]
    return found


class LegacyAccount(GrowattAccount):
    """A ShinePhone (username and password) account."""

    def __init__(self, client: GrowattApi, username: str, password: str) -> None:
        """Wrap a legacy client; the credentials renew an expired session."""
        self._client = client
        self._username = username
        self._password = password
        self._details: dict[str, dict[str, Any]] = {}
        client.set_credentials(username, password)

    async def async_prepare(self) -> None:
        """Log in once, unless a restored session already holds the user."""
        if self._client.user_id is None:
            await self._client.login(self._username, self._password)

    @property
    def client(self) -> GrowattApi:
        """The legacy client."""
        return self._client

    async def async_plants(self) -> list[Plant]:
        """Plants from `PlantListAPI.do`."""
        if self._client.user_id is None:
            raise RuntimeError("the legacy client has no user id: log in first")
        answer = await self._client.plant_list(self._client.user_id)
        entries = answer.get("data") or []
        return [
            plant_model.from_legacy(entry)
            for entry in entries
            if isinstance(entry, dict)
        ]

    async def async_device_refs(self, plant: PlantRef) -> list[DeviceRef]:
        """Devices from `getAllDeviceListTwo` (with its TLX `invList`)."""
        info = await self._client.plant_info(plant.plant_id)
        entries: dict[str, dict[str, Any]] = {}
        for key in LEGACY_LIST_KEYS:
            for entry in info.get(key) or []:
                if isinstance(entry, dict) and entry.get("deviceSn"):
                    entries.setdefault(str(entry["deviceSn"]), entry)
        if not entries:
            # Growatt leaves deviceList empty for some plants; the library
            # then asks getAllDeviceList.
            for entry in await self._client.device_list(plant.plant_id):
                if isinstance(entry, dict) and entry.get("deviceSn"):
                    entries.setdefault(str(entry["deviceSn"]), entry)
        refs: list[DeviceRef] = []
        for serial, entry in entries.items():
            try:
                family = DeviceFamily(str(entry.get("deviceType", "")).lower())
            except ValueError:
                continue
            # Firmware and model do not change: read once per device.
            if serial not in self._details:
                self._details[serial] = await self._identity_details(serial, family)
            details = self._details[serial]
            refs.append(
                DeviceRef(
                    serial=serial,
                    family=family,
                    plant_id=plant.plant_id,
                    alias=entry.get("deviceAilas") or None,
                    entry=entry,
                    details=details,
                )
            )
        return refs

    async def _identity_details(
        self, serial: str, family: DeviceFamily
    ) -> dict[str, Any]:
        """Firmware and model, which the polled endpoints do not carry."""
        if family == DeviceFamily.TLX:
            return await self._client.tlx_params(serial)
        if family in (DeviceFamily.INVERTER, DeviceFamily.MAX):
            return await self._client.classic_inverter_info(serial)
        if family == DeviceFamily.NOAH:
            return await self._client.noah_info(serial)
        return {}

    async def async_device(self, ref: DeviceRef, plant: PlantRef) -> Device:
        """The family's poll: one request for TLX, inverter, MAX and Noah."""
        fetch = _LEGACY_FETCHERS[ref.family]
        return await fetch(self._client, ref, plant)

    def has_settings(self, family: DeviceFamily) -> bool:
        """Every family but storage has a legacy settings read."""
        return family in LEGACY_SETTINGS

    async def async_settings(self, ref: DeviceRef) -> DeviceSettings:
        """The family's settings bean."""
        return await LEGACY_SETTINGS[ref.family](self._client, ref.serial)

    async def async_write(self, ref: DeviceRef, name: str, params: list[str]) -> None:
        """A legacy write (`tlxSet`, `mixSetApiNew`, `spaSetApi`, `noah/set`, `tcpSet.do`)."""
        await legacy_write(self._client, ref.family, ref.serial, name, params)

    async def async_read_back(
        self, ref: DeviceRef, setting: SettingType, current: DeviceSettings
    ) -> DeviceSettings:
        """The legacy settings bean again: it has no rate limit."""
        return await self.async_settings(ref)


async def _legacy_tlx(client: GrowattApi, ref: DeviceRef, plant: PlantRef) -> Device:
    detail = await client.tlx_detail(ref.serial)
    return tlx_model.from_legacy(
        detail,
        device_entry=ref.entry,
        params=ref.details,
        serial=ref.serial,
        plant_id=ref.plant_id,
        tz=plant.tz,
    )


async def _legacy_inverter(
    client: GrowattApi, ref: DeviceRef, plant: PlantRef
) -> Device:
    detail = await client.inverter_detail(ref.serial)
    build = (
        inverter_model.from_legacy
        if ref.family == DeviceFamily.INVERTER
        else max_model.from_legacy
    )
    return build(
        detail,
        settings=ref.details,
        device_entry=ref.entry,
        serial=ref.serial,
        plant_id=ref.plant_id,
        tz=plant.tz,
    )


async def _legacy_mix(client: GrowattApi, ref: DeviceRef, plant: PlantRef) -> Device:
    status, totals, detail = await asyncio.gather(
        client.mix_system_status(ref.serial, ref.plant_id),
        client.mix_totals(ref.serial, ref.plant_id),
        client.mix_detail(ref.serial, ref.plant_id),
    )
    return mix_model.from_legacy(
        None,
        totals=totals,
        system_status=status,
        detail=detail,
        device_entry=ref.entry,
        serial=ref.serial,
        plant_id=ref.plant_id,
        tz=plant.tz,
    )


async def _legacy_storage(
    client: GrowattApi, ref: DeviceRef, plant: PlantRef
) -> Device:
    params, overview = await asyncio.gather(
        client.storage_params(ref.serial),
        client.storage_energy_overview(ref.plant_id, ref.serial),
    )
    return storage_model.from_legacy(
        params,
        energy_overview=overview,
        device_entry=ref.entry,
        serial=ref.serial,
        plant_id=ref.plant_id,
        tz=plant.tz,
    )


async def _legacy_spa(client: GrowattApi, ref: DeviceRef, plant: PlantRef) -> Device:
    # The spec documents no legacy SPA data endpoint: the device list entry
    # carries its power and state of charge.
    return spa_model.from_legacy(
        None,
        device_entry=ref.entry,
        serial=ref.serial,
        plant_id=ref.plant_id,
        tz=plant.tz,
    )


async def _legacy_noah(client: GrowattApi, ref: DeviceRef, plant: PlantRef) -> Device:
    status = await client.noah_system_status(ref.serial)
    return noah_model.from_legacy(
        status,
        info=ref.details,
        device_entry=ref.entry,
        serial=ref.serial,
        plant_id=ref.plant_id,
        tz=plant.tz,
    )


LegacyFetcher = Callable[[GrowattApi, DeviceRef, PlantRef], Awaitable[Device]]

_LEGACY_FETCHERS: dict[DeviceFamily, LegacyFetcher] = {
    DeviceFamily.TLX: _legacy_tlx,
    DeviceFamily.INVERTER: _legacy_inverter,
    DeviceFamily.MAX: _legacy_inverter,
    DeviceFamily.MIX: _legacy_mix,
    DeviceFamily.STORAGE: _legacy_storage,
    DeviceFamily.SPA: _legacy_spa,
    DeviceFamily.NOAH: _legacy_noah,
}


# Per v1 family: the client method of the detail (read once), of the latest
# record (read every poll), and the model builder.
V1_READERS: dict[DeviceFamily, tuple[str, str, Callable[..., Device]]] = {
    DeviceFamily.TLX: ("min_detail", "min_energy", tlx_model.from_v1),
    DeviceFamily.MIX: ("sph_detail", "sph_energy", mix_model.from_v1),
    DeviceFamily.INVERTER: (
        "inverter_detail",
        "inverter_energy",
        inverter_model.from_v1,
    ),
    DeviceFamily.STORAGE: ("storage_detail", "storage_energy", storage_model.from_v1),
    DeviceFamily.MAX: ("max_detail", "max_energy", max_model.from_v1),
    DeviceFamily.SPA: ("spa_detail", "spa_energy", spa_model.from_v1),
}


class V1Account(GrowattAccount):
    """An OpenAPI v1 (token) account."""

    def __init__(self, client: OpenApiV1) -> None:
        """Wrap a v1 client."""
        self._client = client
        self._details: dict[str, dict[str, Any]] = {}
        self._details_at: dict[str, float] = {}

    @property
    def client(self) -> OpenApiV1:
        """The v1 client."""
        return self._client

    async def async_prepare(self) -> None:
        """Nothing to do: every v1 request carries the token."""

    async def async_plants(self) -> list[Plant]:
        """Plants from `plant/list`."""
        answer = await self._client.plant_list()
        entries = answer.get("plants") or []
        return [
            plant_model.from_v1(entry) for entry in entries if isinstance(entry, dict)
        ]

    async def async_device_refs(self, plant: PlantRef) -> list[DeviceRef]:
        """Devices from `device/list`, with each one's detail read once."""
        answer = await self._client.device_list(plant.plant_id)
        refs: list[DeviceRef] = []
        for entry in answer.get("devices") or []:
            if not isinstance(entry, dict) or not entry.get("device_sn"):
                continue
            family = V1_FAMILIES.get(int(entry.get("type") or 0))
            if family is None:
                continue
            serial = str(entry["device_sn"])
            if serial not in self._details:
                self._details[serial] = await self._detail(serial, family)
                self._details_at[serial] = time.monotonic()
            details = self._details[serial]
            refs.append(
                DeviceRef(
                    serial=serial,
                    family=family,
                    plant_id=plant.plant_id,
                    model=entry.get("model") or None,
                    entry=entry,
                    details=details,
                )
            )
        return refs

    async def _detail(self, serial: str, family: DeviceFamily) -> dict[str, Any]:
        """The family's `*_data_info`: identity and settings."""
        detail_method, _, _ = V1_READERS[family]
        result: dict[str, Any] = await getattr(self._client, detail_method)(serial)
        return result

    async def async_device(self, ref: DeviceRef, plant: PlantRef) -> Device:
        """The family's latest record: one request per device."""
        _, last_method, build = V1_READERS[ref.family]
        last = await getattr(self._client, last_method)(ref.serial)
        return build(
            ref.details,
            last_data=last,
            device_entry=ref.entry,
            serial=ref.serial,
            plant_id=ref.plant_id,
            tz=plant.tz,
        )

    def has_settings(self, family: DeviceFamily) -> bool:
        """v1 reads the settings of every family it lists but storage."""
        return family in V1_SETTINGS

    async def async_settings(self, ref: DeviceRef) -> DeviceSettings:
        """The family's settings or detail endpoint."""
        parse = V1_DETAIL_SETTINGS.get(ref.family)
        fetched = self._details_at.get(ref.serial)
        if parse and fetched is not None and time.monotonic() - fetched < V1_WINDOW:
            return parse(self._details[ref.serial])
        return await V1_SETTINGS[ref.family](self._client, ref.serial)

    async def async_write(self, ref: DeviceRef, name: str, params: list[str]) -> None:
        """A v1 write (`tlxSet`, `mixSet`, `spaSet`, `maxSet`, `inverterSet`)."""
        await v1_write(self._client, ref.family, ref.serial, name, params)

    async def async_read_back(
        self, ref: DeviceRef, setting: SettingType, current: DeviceSettings
    ) -> DeviceSettings:
        """`read*Param` of the written setting (the settings endpoints allow 1 in 5 min)."""
        return await v1_read_back(
            self._client, ref.family, ref.serial, setting, current
        )
