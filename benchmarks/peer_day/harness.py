"""Runs: one integration against one emulator, and what simulated time shows.

Both clocks are one: the emulator's `Clock` reads Home Assistant's `utcnow`, so
the test's freezer moves Growatt's servers and the dataloggers' uploads along
with Home Assistant. Time moves in ticks of at most `MAX_STEP`, and never past
the next timer of the event loop, so that a state written at a coordinator's
scheduled refresh is stamped with that moment, not with the end of a long tick.
"""

from __future__ import annotations

from collections.abc import Callable
import copy
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
import statistics
from typing import Any

from aiohttp.test_utils import TestServer
from emulated import SERIAL, Emulator, HomeAssistantClock, start_emulator
import freezegun.api
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import EVENT_STATE_CHANGED, STATE_UNAVAILABLE
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
from homeassistant.util import dt as dt_util
from homeassistant.util.async_ import get_scheduled_timer_handles
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed
from sides import OURS, add_core, add_ours, pv_power_entity, telemetry_coordinators

from emulator.model import Account, Device
from emulator.world import EmulatorConfig, RequestRecord, World
from emulator.worlds import build_world

# Noon in Berlin on a June day, as in the test suite: the sun is up.
START = datetime(2025, 6, 1, 10, 0, tzinfo=UTC)
TZ = "Europe/Berlin"
DAY = timedelta(days=1)
# The emulator's own lockout threshold stays off where a lockout would cut a
# scenario short; the lockout scenario runs with the default.
NO_LOCKOUT = EmulatorConfig(lockout_max_logins=1_000_000)

LOGIN_PATHS = frozenset({"/newTwoLoginAPI.do", "/newTwoLoginAPIV2.do"})
RATE_LIMITED = 10012

MAX_STEP = 30.0  # seconds of one tick at most
MIN_STEP = 1.0  # and at least, so that a timer due now cannot stall the clock

# The coarsest PV power Growatt serves is a kW string with two decimals, so an
# entity may differ from the upload by up to 5 W.
PV_TOLERANCE = 6.0


def wall_clock() -> float:
    """Real seconds, for wall times.

    freezegun swaps every module attribute that holds a real clock function for
    its fake, so the real one is read from freezegun's own module at each call.
    """
    return freezegun.api.real_perf_counter()


# -- a run ------------------------------------------------------------------------------


def _number(state: str) -> float | None:
    try:
        return float(state)
    except ValueError:
        return None


@dataclass
class Run:
    """One integration against one emulator, from its config flow on."""

    hass: HomeAssistant
    freezer: FrozenDateTimeFactory
    emulator: Emulator
    side: str
    auth: str
    serial: str
    entry: ConfigEntry | None = None
    setup_requests: int = 0
    ticks: int = 0
    # (upload time, PV power) of the tracked device, as the emulator served it.
    uploads: list[tuple[datetime, float]] = field(default_factory=list)
    # (time, entity id, state) of every sensor state Home Assistant wrote.
    states: list[tuple[datetime, str, str]] = field(default_factory=list)
    locked_at: datetime | None = None
    wall_started: float = field(default_factory=wall_clock)

    @property
    def world(self) -> World:
        """The emulator's world."""
        return self.emulator.world

    @property
    def account(self) -> Account:
        """The demo account."""
        return self.world.accounts[0]

    @property
    def device(self) -> Device:
        """The tracked TLX."""
        found = self.world.find_device(self.serial)
        assert found is not None
        return found[2]

    @callback
    def _state_written(self, event: Event[Any]) -> None:
        new = event.data["new_state"]
        if new is not None and new.entity_id.startswith("sensor."):
            self.states.append((dt_util.utcnow(), new.entity_id, new.state))

    def observe(self) -> None:
        """Note a new upload of the tracked device, and a lockout of the account."""
        self.world.sync(self.account)
        device = self.device
        upload = device.last_update
        if upload is not None and (not self.uploads or self.uploads[-1][0] != upload):
            self.uploads.append((upload, device.telemetry.pv_power))
        if self.locked_at is None and self.account.locked_until is not None:
            self.locked_at = dt_util.utcnow()

    def _next_timer(self) -> float | None:
        loop = self.hass.loop
        whens = [
            handle.when()
            for handle in get_scheduled_timer_handles(loop)
            if not handle.cancelled()
        ]
        return min(whens) - loop.time() if whens else None

    async def tick(self, limit: float = MAX_STEP) -> None:
        """Move both clocks to the next timer (within MIN_STEP..limit) and let it run."""
        step = limit
        if (following := self._next_timer()) is not None:
            step = min(step, max(following, MIN_STEP))
        self.freezer.tick(timedelta(seconds=step))
        async_fire_time_changed(self.hass)
        # Refreshes run as background tasks that talk to the emulator over a
        # real socket (core's in executor threads): wait for them too.
        await self.hass.async_block_till_done(wait_background_tasks=True)
        self.ticks += 1
        self.observe()

    async def advance_until(
        self, end: datetime, stop: Callable[[], bool] | None = None
    ) -> None:
        """Tick until `end` (or until `stop` says so)."""
        while (now := dt_util.utcnow()) < end:
            await self.tick(min(MAX_STEP, (end - now).total_seconds()))
            if stop is not None and stop():
                return

    # -- what it showed ------------------------------------------------------------

    def requests(self, since: int = 0) -> list[RequestRecord]:
        """Growatt requests served, from an index of the log on."""
        return self.emulator.served(since)

    def logins(self, since: int = 0) -> int:
        """Login requests served."""
        return sum(1 for r in self.requests(since) if r.path in LOGIN_PATHS)

    def rate_limited(self, since: int = 0) -> int:
        """Answers 10012 ("too frequently") given."""
        return sum(
            1 for a in self.emulator.answers[since:] if a.error_code == RATE_LIMITED
        )

    def user_agents(self) -> list[str]:
        """The User-Agents the requests came with."""
        return sorted({r.user_agent for r in self.requests()})

    def uploads_shown(self, end: datetime) -> dict[str, Any]:
        """Which uploads the PV power sensor showed before the next one landed.

        An upload counts where its PV power differs from the one before (so a
        state change can show it: daylight uploads) and the next upload landed
        before `end`. A state comes from the newest upload at or before it
        whose PV power it matches.
        """
        assert self.entry is not None
        entity_id = pv_power_entity(self.hass, self.side, self.serial)
        first_shown: dict[int, datetime] = {}
        for moment, written, state in self.states:
            if written != entity_id or (value := _number(state)) is None:
                continue
            for index in range(len(self.uploads) - 1, -1, -1):
                upload, pv = self.uploads[index]
                if upload > moment:
                    continue
                if abs(pv - value) <= PV_TOLERANCE:
                    first_shown.setdefault(index, moment)
                    break
        counted = [
            index
            for index in range(1, len(self.uploads) - 1)
            if abs(self.uploads[index][1] - self.uploads[index - 1][1])
            > 2 * PV_TOLERANCE
            and self.uploads[index + 1][0] <= end
        ]
        shown = [
            index
            for index in counted
            if index in first_shown and first_shown[index] < self.uploads[index + 1][0]
        ]
        delays = [
            (first_shown[index] - self.uploads[index][0]).total_seconds()
            for index in shown
        ]
        return {
            "uploads": len(self.uploads) - 1,
            "counted": len(counted),
            "shown": len(shown),
            "shown_share": len(shown) / len(counted) if counted else None,
            "median_delay": statistics.median(delays) if delays else None,
            "max_delay": max(delays) if delays else None,
        }

    def entities(self) -> dict[str, int]:
        """The entry's entities: registered, enabled, and enabled but unavailable."""
        assert self.entry is not None
        registered = er.async_entries_for_config_entry(
            er.async_get(self.hass), self.entry.entry_id
        )
        enabled = [e for e in registered if e.disabled_by is None]
        unavailable = [
            e
            for e in enabled
            if (state := self.hass.states.get(e.entity_id)) is None
            or state.state == STATE_UNAVAILABLE
        ]
        return {
            "entities": len(registered),
            "enabled": len(enabled),
            "unavailable": len(unavailable),
        }

    def summary(self, end: datetime) -> dict[str, Any]:
        """Everything a day shows, counted from the config flow on."""
        assert self.entry is not None
        return {
            "requests": len(self.requests()),
            "logins": self.logins(),
            "rate_limited": self.rate_limited(),
            "setup_requests": self.setup_requests,
            **self.uploads_shown(end),
            **self.entities(),
            "entry_state": str(self.entry.state),
            "user_agents": self.user_agents(),
            "ticks": self.ticks,
            "wall_seconds": round(wall_clock() - self.wall_started, 1),
        }


@dataclass
class Bench:
    """Starts runs in a test; closes their emulators afterwards."""

    hass: HomeAssistant
    freezer: FrozenDateTimeFactory
    monkeypatch: pytest.MonkeyPatch
    servers: list[TestServer] = field(default_factory=list)

    async def start(
        self,
        description: dict[str, Any],
        config: EmulatorConfig,
        side: str,
        auth: str,
        serial: str = SERIAL,
    ) -> Run:
        """A fresh world on Home Assistant's clock at START, and the integration added."""
        self.freezer.move_to(START)
        await self.hass.config.async_set_time_zone(TZ)
        home = description["accounts"][0]["plants"][0]
        self.hass.config.latitude = home.get("latitude", 48.4)
        self.hass.config.longitude = home.get("longitude", 9.99)
        world = build_world(
            description, clock=HomeAssistantClock(), config=copy.copy(config)
        )
        emulator = await start_emulator(world)
        self.servers.append(emulator.server)
        run = Run(
            hass=self.hass,
            freezer=self.freezer,
            emulator=emulator,
            side=side,
            auth=auth,
            serial=serial,
        )
        run.observe()
        self.hass.bus.async_listen(EVENT_STATE_CHANGED, run._state_written)
        if side == OURS:
            run.entry = await add_ours(self.hass, emulator, auth)
        else:
            run.entry = await add_core(self.hass, emulator, auth, self.monkeypatch)
        run.setup_requests = len(run.requests())
        run.observe()
        return run

    async def close(self) -> None:
        """Stop every emulator started."""
        for server in self.servers:
            await server.close()


@dataclass
class RefreshTimer:
    """Wall time of the coordinator refreshes of one entry, per tick."""

    coordinators: list[Any]
    records: list[tuple[Any, float, float]] = field(default_factory=list)

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Time every `DataUpdateCoordinator._async_refresh` of the coordinators."""
        original = DataUpdateCoordinator._async_refresh
        timer = self

        async def timed(coordinator: Any, *args: Any, **kwargs: Any) -> None:
            started = wall_clock()
            try:
                await original(coordinator, *args, **kwargs)
            finally:
                if any(coordinator is c for c in timer.coordinators):
                    timer.records.append((coordinator, started, wall_clock()))

        monkeypatch.setattr(DataUpdateCoordinator, "_async_refresh", timed)


async def time_full_refresh(
    run: Run,
    serials: set[str],
    monkeypatch: pytest.MonkeyPatch,
    within: timedelta = timedelta(minutes=15),
) -> dict[str, Any]:
    """Tick until one tick's requests read every device; the wall time of its refreshes.

    The refresh time is from the first of the entry's telemetry coordinators
    starting to the last finishing within that tick (ours has one, core one
    per device and one for the plant, whose timers fire together).
    """
    assert run.entry is not None
    timer = RefreshTimer(telemetry_coordinators(run.side, run.entry))
    timer.install(monkeypatch)
    end = dt_util.utcnow() + within
    ticks: list[dict[str, Any]] = []
    while dt_util.utcnow() < end:
        mark = len(run.world.requests)
        records_mark = len(timer.records)
        started = wall_clock()
        await run.tick()
        tick_wall = wall_clock() - started
        served = run.requests(mark)
        read = {v for r in served for v in r.params.values() if v in serials}
        records = timer.records[records_mark:]
        if not served:
            continue
        span = (
            max(e for _, _, e in records) - min(s for _, s, _ in records)
            if records
            else None
        )
        ticks.append(
            {
                "devices_read": len(read),
                "requests": len(served),
                "refreshes": len(records),
                "refresh_seconds": span,
                "tick_seconds": tick_wall,
            }
        )
        if read == serials:
            return {
                "seconds": span,
                "tick_seconds": tick_wall,
                "requests": len(served),
                "refreshes": len(records),
                "full": True,
            }
    longest = max(
        (t for t in ticks if t["refresh_seconds"] is not None),
        key=lambda t: t["refresh_seconds"],
        default=None,
    )
    return {
        "seconds": longest["refresh_seconds"] if longest else None,
        "full": False,
        "ticks": ticks,
    }
