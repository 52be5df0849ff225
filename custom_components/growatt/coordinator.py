"""The coordinators: the one place client errors become HA errors."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, tzinfo
from typing import Any

from aiohttp import ClientSession
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_PASSWORD, CONF_TOKEN, CONF_USERNAME
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers import device_registry as dr, issue_registry as ir, sun
from homeassistant.helpers.storage import Store
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from .api import (
    DeviceListing,
    GrowattAccount,
    GrowattAccountLockedError,
    GrowattApiError,
    GrowattAuthenticationError,
    GrowattError,
    GrowattLoginPausedError,
    GrowattRateLimitError,
    PasswordAccount,
    RequestInfo,
    TokenAccount,
)
from .api.account import ACCOUNT_ERRORS
from .api.history import HISTORY_ENDPOINTS
from .api.models import Device, DeviceFamily, DeviceSettings, Plant
from .api.models.timezones import plant_zone
from .cadence import DEFAULT_UPLOAD_INTERVAL, ReadSchedule
from .compat import async_remove_entry_device
from .const import (
    AUTH_TOKEN,
    CONF_AUTH_TYPE,
    CONF_DAILY_BUDGET,
    CONF_PLANTS,
    CONF_SERVER_URL,
    DAILY_BUDGET_PER_DEVICE,
    DEVICE_LIST_INTERVAL,
    DOMAIN,
    LOGGER,
    MAX_SCAN_INTERVAL,
    REQUEST_TIMEOUT,
    SETTINGS_INTERVAL,
    SILENT_FOR,
)
from .errors import lock_time, update_failure

STORAGE_VERSION = 1
# Plan with part of the allowance, so retries and logins still fit in it.
BUDGET_PLANNING_SHARE = 0.95
# Never two refreshes closer than this, and a device due within the tolerance
# of a refresh is read with it.
MIN_REFRESH = timedelta(seconds=20)
DUE_TOLERANCE = timedelta(seconds=15)


@dataclass(frozen=True, kw_only=True)
class PlantRef:
    """A plant of the account, with the zone of its wall clock for local times."""

    plant_id: str
    name: str
    tz: tzinfo

    @property
    def timezone(self) -> str:
        """The zone's name ("Europe/Berlin", or "GMT+3" for a bare offset)."""
        return str(self.tz)


@dataclass(frozen=True, kw_only=True)
class PlantData:
    """A plant and what its devices report."""

    ref: PlantRef
    plant: Plant
    devices: dict[str, Device]
    listings: tuple[DeviceListing, ...]


@dataclass(frozen=True, kw_only=True)
class GrowattData:
    """One refresh of the whole account."""

    plants: dict[str, PlantData]
    # Devices whose last upload has not changed for `SILENT_FOR`: lost, even
    # where the answer's own flag says nothing or lags.
    silent: frozenset[str] = frozenset()

    def device(self, serial: str) -> Device | None:
        """A device by serial number, in whichever plant."""
        for plant in self.plants.values():
            if serial in plant.devices:
                return plant.devices[serial]
        return None

    def lost(self, serial: str) -> bool:
        """Growatt says the device is lost, or has not heard from it for long."""
        device = self.device(serial)
        return device is not None and (
            device.identity.online is False or serial in self.silent
        )


# The history import's requests (HISTORY_ENDPOINTS) are counted today, but
# not against the polling's 24 hours. The import has a cap of its own (see
# history.py) and must not slow the polling down while it imports the past.


@dataclass
class RequestBudget:
    """Requests against a daily allowance: per local day, and over the last 24 hours."""

    per_day: int
    used: int = 0
    day: str = ""
    by_endpoint: dict[str, int] = field(default_factory=dict)
    recent: deque[datetime] = field(default_factory=deque)

    def record(self, info: RequestInfo) -> None:
        """Count one request (the client's `on_request` hook)."""
        now = dt_util.now()
        today = now.date().isoformat()
        if today != self.day:
            self.day, self.used, self.by_endpoint = today, 0, {}
        self.used += 1
        self.by_endpoint[info.name] = self.by_endpoint.get(info.name, 0) + 1
        if info.endpoint not in HISTORY_ENDPOINTS:
            self.recent.append(now)

    @property
    def used_today(self) -> int:
        """Requests made since local midnight."""
        return self.used if self.day == dt_util.now().date().isoformat() else 0

    @property
    def used_last_24h(self) -> int:
        """Requests made in the last 24 hours."""
        horizon = dt_util.now() - timedelta(days=1)
        while self.recent and self.recent[0] <= horizon:
            self.recent.popleft()
        return len(self.recent)

    def interval(
        self, base: timedelta, per_refresh: float, per_day: float = 0.0
    ) -> timedelta:
        """The polling interval that keeps any 24 hours within the allowance.

        `per_refresh` requests go out with every poll, `per_day` on a clock of
        their own (hourly device lists, settings every 30 minutes). The polls
        share what those leave of the allowance evenly over a day; once the
        last 24 hours used it up, polling slows to the longest interval instead
        of running into Growatt's limits. Never shorter than `base`.
        """
        allowance = self.per_day * BUDGET_PLANNING_SHARE
        if self.used_last_24h >= allowance:
            return max(base, MAX_SCAN_INTERVAL)
        left = allowance - per_day
        if left <= per_refresh:
            return max(base, MAX_SCAN_INTERVAL)
        needed = timedelta(days=1) * (per_refresh / left)
        return max(base, min(needed, MAX_SCAN_INTERVAL))


def build_account(
    session: ClientSession,
    data: Mapping[str, Any],
    on_request: Callable[[RequestInfo], None] | None = None,
    request_timeout: float = REQUEST_TIMEOUT,
) -> GrowattAccount:
    """The account of a config entry's data (or of a config flow's input)."""
    if data[CONF_AUTH_TYPE] == AUTH_TOKEN:
        return TokenAccount(
            data[CONF_TOKEN],
            session=session,
            server_url=data[CONF_SERVER_URL],
            request_timeout=request_timeout,
            on_request=on_request,
        )
    return PasswordAccount(
        data[CONF_USERNAME],
        data[CONF_PASSWORD],
        session=session,
        server_url=data[CONF_SERVER_URL],
        request_timeout=request_timeout,
        on_request=on_request,
    )


def session_store(hass: HomeAssistant, entry: ConfigEntry) -> Store[dict[str, Any]]:
    """Where the session survives setup retries and restarts.

    For a password: the login session, any lockout and the recent login
    attempts; for a token: when each identical read was last sent.
    """
    return Store(hass, STORAGE_VERSION, f"{DOMAIN}.{entry.entry_id}.session")


def account_identifier(entry_id: str) -> tuple[str, str]:
    """The device registry identifier of the entry's account (a service device)."""
    return (DOMAIN, f"account_{entry_id}")


def login_paused_issue_id(entry_id: str) -> str:
    """The repair issue of an entry whose logins are paused."""
    return f"login_paused_{entry_id}"


def hand_over_session(
    hass: HomeAssistant, unique_id: str, session: dict[str, Any]
) -> None:
    """Keep the config flow's login session for the entry it creates."""
    hass.data.setdefault(DOMAIN, {}).setdefault("sessions", {})[unique_id] = session


def take_handed_over_session(
    hass: HomeAssistant, unique_id: str | None
) -> dict[str, Any] | None:
    """The login session the config flow left for this entry, once."""
    sessions: dict[str, dict[str, Any]] = hass.data.get(DOMAIN, {}).get("sessions", {})
    return sessions.pop(unique_id, None) if unique_id else None


class GrowattErrors:
    """Turning client errors into Home Assistant's, shared by both coordinators."""

    hass: HomeAssistant
    config_entry: ConfigEntry
    account: GrowattAccount
    base_interval: timedelta
    update_interval: timedelta | None

    @property
    def _lock_issue_id(self) -> str:
        return f"account_locked_{self.config_entry.entry_id}"

    @property
    def _pause_issue_id(self) -> str:
        return login_paused_issue_id(self.config_entry.entry_id)

    @property
    def locked_until(self) -> datetime | None:
        """When Growatt's lock of the account ends; None when it is not locked."""
        return self.account.locked_until

    def _check_lock(self) -> None:
        """While Growatt locks the account, or logins are paused, nothing goes out.

        Logins pause only while one is needed: a live session keeps polling.
        """
        if (until := self.locked_until) is not None:
            raise self._locked(until)
        if (retry_at := self.account.login_paused_until) is not None:
            raise self._paused(retry_at)

    def _raise_issue(
        self, issue_id: str, key: str, until: datetime, severity: ir.IssueSeverity
    ) -> str:
        """Raise a repair issue that names a time; that time as the user reads it."""
        local = lock_time(until)
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            issue_id,
            is_fixable=False,
            severity=severity,
            translation_key=key,
            translation_placeholders={
                "until": local,
                "account": self.config_entry.title,
            },
        )
        return local

    def lock_issue(self, until: datetime) -> str:
        """Raise the repair issue of a lockout; the unlock time as the user reads it."""
        return self._raise_issue(
            self._lock_issue_id, "account_locked", until, ir.IssueSeverity.ERROR
        )

    def pause_issue(self, retry_at: datetime) -> str:
        """Raise the repair issue of paused logins; the next attempt as the user reads it."""
        return self._raise_issue(
            self._pause_issue_id, "login_paused", retry_at, ir.IssueSeverity.WARNING
        )

    def _locked(self, until: datetime) -> UpdateFailed:
        """The error that fails an update while the account is locked."""
        return UpdateFailed(
            translation_domain=DOMAIN,
            translation_key="account_locked",
            translation_placeholders={"until": self.lock_issue(until)},
        )

    def _paused(self, retry_at: datetime) -> UpdateFailed:
        """The error that fails an update while logins are paused.

        The next update is due when the pause ends, not before.
        """
        self.update_interval = max(self.base_interval, retry_at - dt_util.utcnow())
        return UpdateFailed(
            translation_domain=DOMAIN,
            translation_key="login_paused",
            translation_placeholders={"until": self.pause_issue(retry_at)},
        )

    def _wait(self, wait: timedelta) -> None:
        """Poll again no sooner than Growatt asks after a rate limit."""
        self.update_interval = max(self.base_interval, wait)

    def _translate(self, err: GrowattError) -> Exception:
        """Map a client error to what Home Assistant should do about it."""
        if isinstance(err, GrowattAccountLockedError):
            return self._locked(err.unlock_at)
        if isinstance(err, GrowattLoginPausedError):
            return self._paused(err.retry_at)
        if (retry_at := self.account.login_paused_until) is not None:
            # The attempt that failed used up the guard's allowance: say now
            # when the next one goes.
            self.pause_issue(retry_at)
        if isinstance(err, GrowattRateLimitError):
            self._wait(timedelta(seconds=max(60.0, float(err.retry_after or 300))))
        failure = update_failure(err)
        error = (
            ConfigEntryAuthFailed
            if isinstance(err, GrowattAuthenticationError)
            else UpdateFailed
        )
        return error(
            translation_domain=DOMAIN,
            translation_key=failure.key,
            translation_placeholders=failure.placeholders or None,
        )


class GrowattCoordinator(GrowattErrors, DataUpdateCoordinator[GrowattData]):
    """Polls every selected plant of one Growatt account."""

    config_entry: ConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        account: GrowattAccount,
        budget: RequestBudget,
        interval: timedelta,
    ) -> None:
        """Poll an account at an interval that the budget may stretch."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} {entry.title}",
            update_interval=interval,
        )
        self.account = account
        self.budget = budget
        self.base_interval = interval
        self._store = session_store(hass, entry)
        self._saved_session: dict[str, Any] | None = None
        self._plants: dict[str, PlantRef] = {}
        self._plant_models: dict[str, Plant] = {}
        self._listings: dict[str, tuple[DeviceListing, ...]] = {}
        self._listed_at: datetime | None = None
        self._plants_provisional = False
        # The user's daily budget (an option); None: per device listed.
        budget_option = entry.options.get(CONF_DAILY_BUDGET)
        self.daily_budget: int | None = (
            int(budget_option) if isinstance(budget_option, int | float) else None
        )
        self._next_read: datetime | None = None
        # Per device: its last upload as reported, and when that last changed
        # (on Home Assistant's clock, which Growatt's timestamps may not share).
        self._heard: dict[str, tuple[datetime | None, datetime]] = {}
        self.reads = ReadSchedule()

    # -- session persistence --------------------------------------------------

    async def async_restore_session(self) -> None:
        """Resume the stored session, so a restart does not log in (or ask) again.

        Also what it counted comes back: the login attempts of a password,
        the recent reads of a token.
        """
        if self.account.export_session() is None:
            return
        stored = await self._store.async_load()
        handed = take_handed_over_session(self.hass, self.config_entry.unique_id)
        if handed is not None and not stored:
            # The config flow's session (its login, or its token's reads and
            # their answers): stored at once, so that a restart before the
            # first refresh ends does not log in or ask again either.
            stored = {"session": handed}
            await self._store.async_save(stored)
        if not stored or not isinstance(stored.get("session"), dict):
            return
        try:
            self.account.import_session(stored["session"])
        except GrowattError:
            LOGGER.debug("Stored Growatt session unreadable; logging in afresh")
            return
        self._saved_session = stored["session"]

    async def async_save_session(self) -> None:
        """Store the session when it changed: after every refresh, failed or not."""
        session = self.account.export_session()
        if session is not None and session != self._saved_session:
            await self._store.async_save({"session": session})
            self._saved_session = session

    # -- refresh ----------------------------------------------------------------

    async def _async_update_data(self) -> GrowattData:
        """Refresh the device list when due, then every device."""
        self._check_lock()
        try:
            data = await self._async_fetch()
        except GrowattError as err:
            # A failed refresh is tried again after the user's interval, not
            # at the next upload (a rate limit may ask for longer).
            self.update_interval = self.base_interval
            raise self._translate(err) from err
        finally:
            # Whatever happened, a login attempt counted must survive the
            # setup retry or the restart that may follow.
            await self.async_save_session()
        ir.async_delete_issue(self.hass, DOMAIN, self._lock_issue_id)
        ir.async_delete_issue(self.hass, DOMAIN, self._pause_issue_id)
        self._stretch_interval()
        return data

    async def _async_fetch(self) -> GrowattData:
        await self.account.prepare()
        now = dt_util.utcnow()
        due = self._listed_at is None or now - self._listed_at >= DEVICE_LIST_INTERVAL
        # The legacy plant list carries the plants' energy and money figures,
        # so it is read again with the device list; v1 serves plant/list only
        # "10 times a day" and is read again only to replace provisional names.
        reload_plants = self._plants_provisional or self.account.refreshes_plants
        if not self._plants or (due and reload_plants):
            await self._async_load_plants()
        if due:
            for plant_id in self._plants:
                self._listings[plant_id] = tuple(await self.account.devices(plant_id))
            self._listed_at = now
            polled = sum(len(listed) for listed in self._listings.values())
            self.budget.per_day = self.daily_budget or (
                DAILY_BUDGET_PER_DEVICE * max(1, polled)
            )
            self.reads.forget(
                {
                    device.serial
                    for listed in self._listings.values()
                    for device in listed
                }
            )
            self._remove_stale_devices()
        plants: dict[str, PlantData] = {}
        previous = self.data if isinstance(self.data, GrowattData) else None
        for plant_id, ref in self._plants.items():
            listings = self._listings.get(plant_id, ())
            to_read = [item for item in listings if self._due(item, now, previous)]
            read = await self._read(to_read, listings, ref)
            for serial, reading in read.items():
                self.reads.read(serial, aware(reading.identity.last_update), now)
            devices: dict[str, Device] = {}
            for item in listings:
                if item.serial in read:
                    devices[item.serial] = read[item.serial]
                elif (
                    item not in to_read
                    and previous is not None
                    and (kept := previous.device(item.serial)) is not None
                ):
                    # Not due: its last reading is still Growatt's latest.
                    devices[item.serial] = kept
            plant = self._plant_models[plant_id]
            plants[plant_id] = PlantData(
                ref=ref,
                plant=plant,
                devices=night_totals(plant, devices),
                listings=listings,
            )
        data = GrowattData(plants=plants, silent=self._silent(plants, now))
        self._next_read = self._next_due(now, data)
        return data

    async def _read(
        self,
        to_read: list[DeviceListing],
        listings: tuple[DeviceListing, ...],
        ref: PlantRef,
    ) -> dict[str, Device]:
        """Read the devices due; a refusal about them alone does not fail the refresh.

        Where the others were not due, their last readings still stand: a
        device Growatt refuses to answer for is left out (its entities
        unavailable). A server that fails, or an account error, fails the
        refresh as always.
        """
        if not to_read:
            return {}
        try:
            return await self.account.read_telemetry(to_read, ref.tz)
        except GrowattApiError as err:
            # Growatt answered, about the device (not the server, not the
            # account): the others' readings stand.
            if len(to_read) == len(listings) or isinstance(err, ACCOUNT_ERRORS):
                raise
            LOGGER.debug("Growatt devices %s did not answer: %s", to_read, err)
            return {}

    def asleep(self, device: DeviceListing, data: GrowattData | None = None) -> bool:
        """Lost at night without a battery: nothing to read until sunrise.

        `data` is the refresh to judge by, the latest one unless given.
        """
        if data is None:
            data = self.data if isinstance(self.data, GrowattData) else None
        if data is None or not data.lost(device.serial):
            return False
        hardware = self.account.hardware(device)
        return (
            hardware is not None and not hardware.battery and not sun.is_up(self.hass)
        )

    def _due_at(
        self, device: DeviceListing, data: GrowattData | None
    ) -> datetime | None:
        """When the device is to be read next (None: now)."""
        return self.reads.due(
            device.serial,
            asleep=self.asleep(device, data),
            ceiling=self.base_interval,
            spacing=self.account.read_spacing,
        )

    def _due(
        self, device: DeviceListing, now: datetime, data: GrowattData | None
    ) -> bool:
        due = self._due_at(device, data)
        return due is None or due <= now + DUE_TOLERANCE

    def _next_due(self, now: datetime, data: GrowattData) -> datetime:
        """The earliest next read of any device."""
        moments = [
            due
            for device in self.listings
            if (due := self._due_at(device, data)) is not None
        ]
        return min(moments, default=now + self.base_interval)

    def _silent(self, plants: dict[str, PlantData], now: datetime) -> frozenset[str]:
        """The devices whose last upload has not moved for `SILENT_FOR`."""
        silent: set[str] = set()
        for plant in plants.values():
            for serial, device in plant.devices.items():
                upload = device.identity.last_update
                heard = self._heard.get(serial)
                if heard is None or heard[0] != upload:
                    self._heard[serial] = (upload, now)
                elif upload is not None and now - heard[1] > SILENT_FOR:
                    silent.add(serial)
        return frozenset(silent)

    async def _async_load_plants(self) -> None:
        wanted = {
            str(p)
            for p in self.config_entry.options.get(CONF_PLANTS)
            or self.config_entry.data.get(CONF_PLANTS)
            or []
        }
        try:
            plants = await self.account.plants()
        except GrowattRateLimitError:
            # v1 serves plant/list once per 5 minutes, and the config flow has
            # just asked it: start from the configured plant ids, and read the
            # names with the next device list.
            if not wanted:
                raise
            plants = [Plant(plant_id=plant_id) for plant_id in sorted(wanted)]
            self._plants_provisional = True
        else:
            self._plants_provisional = False
        self._plants.clear()
        home = dt_util.get_default_time_zone()
        for plant in plants:
            if wanted and plant.plant_id not in wanted:
                continue
            self._plants[plant.plant_id] = PlantRef(
                plant_id=plant.plant_id,
                name=plant.name or plant.plant_id,
                # Growatt gives an offset without daylight saving time: the
                # zone comes from it, the country and Home Assistant's zone.
                tz=plant_zone(plant.timezone, plant.country, home),
            )
            self._plant_models[plant.plant_id] = plant

    @callback
    def _remove_stale_devices(self) -> None:
        """Devices Growatt no longer lists leave the device registry."""
        registry = dr.async_get(self.hass)
        current = {(DOMAIN, device.serial) for device in self.listings}
        current |= {(DOMAIN, f"plant_{plant_id}") for plant_id in self._plants}
        current.add(account_identifier(self.config_entry.entry_id))
        for device in dr.async_entries_for_config_entry(
            registry, self.config_entry.entry_id
        ):
            if not device.identifiers & current:
                async_remove_entry_device(
                    registry, device.id, self.config_entry.entry_id
                )

    @property
    def listings(self) -> list[DeviceListing]:
        """Every device of the selected plants, as last listed."""
        return [device for listed in self._listings.values() for device in listed]

    @property
    def requests_per_refresh(self) -> float:
        """Requests one poll of every device costs."""
        return max(1.0, float(sum(map(self.account.poll_cost, self.listings))))

    @property
    def requests_per_day(self) -> float:
        """Requests on their own clock: device lists hourly, settings every 30 minutes."""
        lists = len(self._plants) + (1 if self.account.refreshes_plants else 0)
        settings = sum(map(self.account.has_settings, self.listings))
        day = timedelta(days=1)
        return lists * (day / DEVICE_LIST_INTERVAL) + settings * (
            day / SETTINGS_INTERVAL
        )

    def _stretch_interval(self) -> None:
        """The next refresh: the next device due, as far as the budget allows.

        Reads follow the uploads (see `cadence.py`) while the day's reads at
        that cadence fit the budget; otherwise refreshes are spaced as the
        budget allows, each still landing on the next upload after that.
        """
        now = dt_util.utcnow()
        if self.requests_per_upload_day + self.requests_per_day <= (
            self.budget.per_day * BUDGET_PLANNING_SHARE
        ):
            wait = max(MIN_REFRESH, (self._next_read or now) - now)
            self.update_interval = min(wait, self.base_interval)
            return
        floor = self.budget.interval(
            MIN_REFRESH, self.requests_per_refresh, self.requests_per_day
        )
        # The first read just after an upload once the budget allows one.
        aligned = [
            moment
            for cadence in self.reads.devices.values()
            if (moment := cadence.next_read_after(now + floor)) is not None
        ]
        self.update_interval = max(MIN_REFRESH, min(aligned, default=now + floor) - now)

    @property
    def requests_per_upload_day(self) -> float:
        """Requests a day to read every device once per upload."""
        day = timedelta(days=1)
        total = 0.0
        for device in self.listings:
            cadence = self.reads.devices.get(device.serial)
            interval = cadence.interval if cadence else DEFAULT_UPLOAD_INTERVAL
            spacing = max(interval, self.account.read_spacing)
            total += self.account.poll_cost(device) * (day / spacing)
        return total


class GrowattSettingsCoordinator(
    GrowattErrors, DataUpdateCoordinator[dict[str, DeviceSettings]]
):
    """Reads the writable settings of every device, every 30 minutes and after writes.

    Settings change rarely and mostly through us, so they are read far less
    often than telemetry; a write updates a device's entry with its read-back.
    """

    config_entry: ConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        account: GrowattAccount,
        telemetry: GrowattCoordinator,
    ) -> None:
        """Read the settings of the devices the telemetry coordinator lists."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} {entry.title} settings",
            update_interval=SETTINGS_INTERVAL,
        )
        self.account = account
        self.telemetry = telemetry
        self.base_interval = SETTINGS_INTERVAL

    def ref(self, serial: str) -> DeviceListing | None:
        """A device's listing by serial number."""
        return next(
            (device for device in self.telemetry.listings if device.serial == serial),
            None,
        )

    def _wait(self, wait: timedelta) -> None:
        """After a rate limit, try again as soon as Growatt allows, not in 30 minutes."""
        self.update_interval = min(self.base_interval, wait)

    async def _async_update_data(self) -> dict[str, DeviceSettings]:
        """Every device's settings; one that fails keeps its entities unavailable."""
        self._check_lock()
        try:
            settings = await self.account.read_settings(self.telemetry.listings)
        except GrowattError as err:
            raise self._translate(err) from err
        finally:
            # A read may have renewed the login (or sent reads): keep the count.
            await self.telemetry.async_save_session()
        self.update_interval = self.base_interval
        return settings


def night_totals(plant: Plant, devices: dict[str, Device]) -> dict[str, Device]:
    """Lifetime totals of lost devices that Growatt reports as 0.

    Some servers report a sleeping inverter's lifetime totals as 0 all night.
    A lifetime total of a device that has produced is never 0: it is unknown
    until the device wakes (the sensors keep their last value meanwhile). Its
    PV total is known, though, where the plant has no other PV device: the
    plant list still reports the plant's total.
    """
    producers = [
        serial
        for serial, device in devices.items()
        if device.family is not DeviceFamily.NOAH
    ]
    fitted: dict[str, Device] = {}
    for serial, device in devices.items():
        if device.identity.online is not False:
            fitted[serial] = device
            continue
        energy = device.energy
        if energy.pv_total == 0 and producers == [serial] and plant.energy_total:
            energy = replace(energy, pv_total=plant.energy_total)
        fitted[serial] = replace(device, energy=energy)
    return fitted


def aware(moment: datetime | None) -> datetime | None:
    """A moment with its zone (one Home Assistant can show); None for one without."""
    return moment if moment is not None and moment.tzinfo is not None else None
