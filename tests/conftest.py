"""Shared fixtures: the emulator on loopback with a frozen, known clock."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
import logging
from pathlib import Path
import re
from typing import Any
from unittest.mock import PropertyMock, patch
import warnings

from aiohttp.test_utils import TestServer
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

# Imported before Home Assistant mounts its test config dir, so that
# pytest-homeassistant-custom-component finds custom_components.
import custom_components.growatt
from custom_components.growatt import writes
from custom_components.growatt.api import TokenAccount
from custom_components.growatt.const import DOMAIN
from custom_components.growatt.runtime import GrowattConfigEntry
from emulator.app import create_app
from emulator.clock import Clock
from emulator.settings import fmt_hm
from emulator.world import EmulatorConfig, World
from emulator.worlds import default_world

# Noon in Berlin on a June day: the sun is up, batteries are busy.
START = datetime(2025, 6, 1, 10, 0, tzinfo=UTC)
TZ = "Europe/Berlin"  # the demo plants' timezone

TOKEN = "deadbeefdeadbeefdeadbeefdeadbeef"
PLANTS = ["1234567", "1234568", "1234569"]
# Every plant of the demo world: the three above and the flat with the
# micro-inverter and the MIN without battery.
ALL_PLANTS = [*PLANTS, "1234570"]


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker that tunes the emulator of a test module."""
    config.addinivalue_line(
        "markers",
        "emulator_config(**tunables): EmulatorConfig fields for these tests' emulator",
    )


# -- deprecations ---------------------------------------------------------------------

INTEGRATION_DIR = Path(custom_components.growatt.__file__).parent
# How Home Assistant reports this integration's use of something it deprecated:
# `report_usage` logs "Detected that custom integration 'growatt' ...", its
# deprecation helpers "The deprecated function x was called from growatt".
REPORTED = re.compile(rf"integration '{DOMAIN}'|deprecated .+ from {DOMAIN}\b")


def deprecations(
    records: Iterable[logging.LogRecord],
    warned: Iterable[warnings.WarningMessage],
) -> list[str]:
    """What Home Assistant logged, or Python warned, as deprecated in this integration."""
    found = [r.getMessage() for r in records if REPORTED.search(r.getMessage())]
    found += [
        str(w.message)
        for w in warned
        if issubclass(w.category, DeprecationWarning)
        and (
            Path(w.filename).is_relative_to(INTEGRATION_DIR)
            or REPORTED.search(str(w.message))
        )
    ]
    return found


def fail_on_deprecations(
    records: Iterable[logging.LogRecord],
    warned: Iterable[warnings.WarningMessage],
) -> None:
    """Fail the test if this integration used something deprecated."""
    if found := deprecations(records, warned):
        pytest.fail(
            "Deprecated use by this integration:\n" + "\n".join(found), pytrace=False
        )


@pytest.fixture(autouse=True)
def no_deprecations(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Every test fails if this integration uses something deprecated.

    Home Assistant only logs most deprecations until the release that breaks
    them, so without this a test passes while the integration is months from
    breaking.
    """
    with warnings.catch_warnings(record=True) as warned:
        yield
    # Handed on, so that pytest still lists them.
    for warning in warned:
        warnings.warn_explicit(
            warning.message, warning.category, warning.filename, warning.lineno
        )
    records = [*caplog.get_records("setup"), *caplog.get_records("call")]
    fail_on_deprecations([*records, *caplog.records], warned)


@dataclass
class Emulator:
    """A running emulator and its world."""

    world: World
    server: TestServer

    @property
    def url(self) -> str:
        """Base URL with a trailing slash, like Growatt's server URLs."""
        return str(self.server.make_url("/"))

    def requests(self, api: str | None = None) -> list[dict[str, object]]:
        """Requests served so far (optionally of one API: legacy, v1, control)."""
        return [vars(r) for r in self.world.requests if api is None or r.api == api]


@pytest.fixture
def emulator_config(request: pytest.FixtureRequest) -> EmulatorConfig:
    """Emulator tunables; override in a test module to shorten windows.

    A module (or test) may instead mark itself
    `pytest.mark.emulator_config(v1_rate_scale=0.0)`.
    """
    marker = request.node.get_closest_marker("emulator_config")
    return EmulatorConfig(**marker.kwargs) if marker else EmulatorConfig()


@pytest.fixture
def world(emulator_config: EmulatorConfig) -> World:
    """The default demo world on a frozen clock."""
    return default_world(clock=Clock(START, frozen=True), config=emulator_config)


@pytest.fixture
async def emulator(world: World, socket_enabled: None) -> AsyncIterator[Emulator]:
    """The emulator served on 127.0.0.1 inside the test's event loop."""
    server = TestServer(create_app(world), host="127.0.0.1")
    await server.start_server()
    try:
        yield Emulator(world=world, server=server)
    finally:
        await server.close()


@pytest.fixture
def entity_registry_enabled_by_default() -> Iterator[None]:
    """Every entity enabled, also those disabled by default (for snapshots)."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        return_value=True,
        new_callable=PropertyMock,
    ):
        yield


@pytest.fixture
async def quick_writes(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No waiting between a write and its read-back (the emulator applies at once).

    Opt-in, for the control and action tests:
    `pytestmark = pytest.mark.usefixtures("quick_writes")`.
    """
    monkeypatch.setattr(writes, "READ_BACK_DELAYS", (0.0, 0.0, 0.0))
    monkeypatch.setattr(TokenAccount, "write_spacing", 0.0)
    await hass.config.async_set_time_zone(TZ)
    freezer.move_to(START)


def plain(value: Any) -> Any:
    """Enums as their values: Home Assistant 2026 keys state attributes by enum."""
    return value.value if isinstance(value, Enum) else value


def entry_data(
    emulator: Emulator, auth: str, plants: list[str] | None = None
) -> dict[str, Any]:
    """Config entry data of the demo account (with `PLANTS` unless told)."""
    data: dict[str, Any] = {
        "auth_type": auth,
        "region": "custom",
        "server_url": emulator.url,
        "plants": PLANTS if plants is None else plants,
    }
    if auth == "password":
        return data | {"username": "demo", "password": "demo"}
    return data | {"token": TOKEN}


async def async_setup(
    hass: HomeAssistant,
    emulator: Emulator,
    auth: str = "password",
    plants: list[str] | None = None,
) -> GrowattConfigEntry:
    """Set the demo account up with the real client against the emulator."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="demo",
        unique_id="demo",
        data=entry_data(emulator, auth, plants),
        # Fixed, so that snapshots (and the budget sensor's unique id) are stable.
        entry_id=f"growatt_demo_{auth}",
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    return entry  # type: ignore[return-value]


async def async_move(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    world: World | None,
    seconds: float,
    step: float = 30,
) -> None:
    """Move Home Assistant's and the emulator's clocks together, in small ticks.

    Without a world (answers replayed, not emulated) Home Assistant's alone.
    """
    moved = 0.0
    while moved < seconds:
        tick = min(step, seconds - moved)
        freezer.tick(timedelta(seconds=tick))
        if world is not None:
            world.clock.advance(tick)
        async_fire_time_changed(hass)
        # The coordinator refreshes in a background task.
        await hass.async_block_till_done(wait_background_tasks=True)
        moved += tick


async def async_jump(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, world: World, moment: datetime
) -> None:
    """Both clocks to `moment`, then a few ticks so that a refresh runs."""
    freezer.move_to(moment)
    world.clock.set(moment)
    await async_move(hass, freezer, world, 60)


def sensor_entity_id(hass: HomeAssistant, unique_id: str) -> str:
    """The entity id of a sensor of this integration."""
    found = er.async_get(hass).async_get_entity_id("sensor", DOMAIN, unique_id)
    assert found, f"no sensor {unique_id}"
    return found


def sensor_state(hass: HomeAssistant, unique_id: str) -> State:
    """The state of a sensor of this integration."""
    found = hass.states.get(sensor_entity_id(hass, unique_id))
    assert found is not None
    return found


def sensor_number(hass: HomeAssistant, unique_id: str) -> float:
    """The numeric state of a sensor."""
    return float(sensor_state(hass, unique_id).state)


# -- actions --------------------------------------------------------------------------

# What a user might have set: two periods and a disabled one kept for later.
TLX_SCHEDULE = [
    {"mode": "battery_first", "start_time": "01:00", "end_time": "05:00"},
    {"mode": "grid_first", "start_time": "17:00", "end_time": "19:00"},
    {
        "mode": "load_first",
        "start_time": "20:00",
        "end_time": "21:00",
        "enabled": False,
    },
]


def device_id(hass: HomeAssistant, serial: str) -> str:
    """The device registry id of a Growatt device."""
    # async_get_device is deprecated in newer Home Assistant versions.
    registry = dr.async_get(hass)
    found = [
        device.id
        for entry in hass.config_entries.async_entries(DOMAIN)
        for device in dr.async_entries_for_config_entry(registry, entry.entry_id)
        if (DOMAIN, serial) in device.identifiers
    ]
    assert len(found) == 1
    return found[0]


async def call(
    hass: HomeAssistant, service: str, serial: str, **data: Any
) -> dict[str, Any] | None:
    """Run an action as an automation would."""
    return await hass.services.async_call(
        DOMAIN,
        service,
        {"device_id": device_id(hass, serial), **data},
        blocking=True,
        return_response=service == "read_schedule",
    )


def emulated(emulator: Emulator, serial: str, kind: str = "time_segments") -> list[Any]:
    """A device's schedule as the emulator holds it: (mode, start, end, on, power)."""
    found = emulator.world.find_device(serial)
    assert found is not None
    return [
        (s.mode, fmt_hm(s.start), fmt_hm(s.end), s.enabled, s.power)
        for s in getattr(found[2].settings, kind)
    ]


async def move_to(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    emulator: Emulator,
    moment: datetime,
) -> None:
    """Both clocks to `moment`, and let timers fire."""
    freezer.move_to(moment)
    emulator.world.clock.set(moment)
    async_fire_time_changed(hass, moment)
    await hass.async_block_till_done(wait_background_tasks=True)


async def async_add_entry(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Add a config entry and set it up."""
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
