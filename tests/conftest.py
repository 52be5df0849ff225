"""Shared fixtures: the emulator on loopback with a frozen, known clock."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from unittest.mock import PropertyMock, patch

from aiohttp.test_utils import TestServer
import pytest

# Imported before Home Assistant mounts its test config dir, so that
# pytest-homeassistant-custom-component finds custom_components.
import custom_components.growatt  # noqa: F401
from emulator.app import create_app
from emulator.clock import Clock
from emulator.world import EmulatorConfig, World
from emulator.worlds import default_world

# Noon in Berlin on a June day: the sun is up, batteries are busy.
START = datetime(2025, 6, 1, 10, 0, tzinfo=UTC)


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
def emulator_config() -> EmulatorConfig:
    """Emulator tunables; override in a test module to shorten windows."""
    return EmulatorConfig()


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
