"""Shared fixtures: the emulator on loopback with a frozen, known clock."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import Any
from unittest.mock import PropertyMock, patch

from aiohttp.test_utils import TestServer
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

# Imported before Home Assistant mounts its test config dir, so that
# pytest-homeassistant-custom-component finds custom_components.
import custom_components.growatt  # noqa: F401
from custom_components.growatt import writes
from custom_components.growatt.api import TokenAccount
from custom_components.growatt.const import DOMAIN
from custom_components.growatt.runtime import GrowattConfigEntry
from emulator.app import create_app
from emulator.clock import Clock
from emulator.world import EmulatorConfig, World
from emulator.worlds import default_world

# Noon in Berlin on a June day: the sun is up, batteries are busy.
START = datetime(2025, 6, 1, 10, 0, tzinfo=UTC)
TZ = "Europe/Berlin"  # the demo plants' timezone

TOKEN = "deadbeefdeadbeefdeadbeefdeadbeef"
PLANTS = ["1234567", "1234568", "1234569"]


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker that tunes the emulator of a test module."""
    config.addinivalue_line(
        "markers",
        "emulator_config(**tunables): EmulatorConfig fields for these tests' emulator",
    )


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


def entry_data(emulator: Emulator, auth: str) -> dict[str, Any]:
    """Config entry data of the demo account."""
    data: dict[str, Any] = {
        "auth_type": auth,
        "region": "custom",
        "server_url": emulator.url,
        "plants": PLANTS,
    }
    if auth == "password":
        return data | {"username": "demo", "password": "demo"}
    return data | {"token": TOKEN}


async def async_setup(
    hass: HomeAssistant, emulator: Emulator, auth: str = "password"
) -> GrowattConfigEntry:
    """Set the demo account up with the real client against the emulator."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="demo",
        unique_id="demo",
        data=entry_data(emulator, auth),
        # Fixed, so that snapshots (and the budget sensor's unique id) are stable.
        entry_id=f"growatt_demo_{auth}",
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    return entry  # type: ignore[return-value]
