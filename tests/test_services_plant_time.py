"""Forced modes run on the plant's clock, not Home Assistant's.

Home Assistant is on UTC here while the demo plants are in Europe/Berlin: a
forced period starts at the plant's current minute, its end is the plant's
local time, and the restore fires at that absolute moment, also across
midnight and across both changes of daylight saving time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest

from custom_components.growatt.api import PasswordAccount, TokenAccount
from custom_components.growatt.api.models import Plant
from custom_components.growatt.runtime import GrowattConfigEntry
from emulator.clock import Clock
from emulator.world import EmulatorConfig, World
from emulator.worlds import default_world

from .conftest import (
    START,
    TLX_SCHEDULE,
    Emulator,
    async_setup,
    call,
    emulated,
    move_to,
)

TLX, MIX = "TLX0000001", "MIX0000001"

pytestmark = [
    pytest.mark.usefixtures("enable_custom_integrations", "quick_writes"),
    pytest.mark.emulator_config(v1_rate_scale=0.0),
]

BERLIN = "Europe/Berlin"


@pytest.fixture
def start() -> datetime:
    """When the test begins (UTC); a test parametrizes it to move the day."""
    return START


@pytest.fixture
def world(emulator_config: EmulatorConfig, start: datetime) -> World:
    """The demo world, its clock frozen at the test's start."""
    return default_world(clock=Clock(start, frozen=True), config=emulator_config)


@pytest.fixture(autouse=True)
async def utc_home_assistant(
    hass: HomeAssistant,
    quick_writes: None,
    freezer: FrozenDateTimeFactory,
    start: datetime,
) -> None:
    """Home Assistant on UTC, at the test's start."""
    await hass.config.async_set_time_zone("UTC")
    freezer.move_to(start)


@pytest.fixture(autouse=True)
def plants_name_their_zone(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """The account's plants name the emulator plant's timezone (Europe/Berlin).

    Growatt's plant lists carry no zone name (the plant beans only a "GMT+1"
    without daylight saving time), so the client reads none from the emulator.
    """
    zones = {
        str(plant.plant_id): plant.timezone
        for account in world.accounts
        for plant in account.plants
    }
    for account in (PasswordAccount, TokenAccount):

        def named(
            listed: Callable[[Any], Awaitable[list[Plant]]],
        ) -> Callable[[Any], Awaitable[list[Plant]]]:
            async def plants(self: Any) -> list[Plant]:
                return [
                    replace(p, timezone=zones.get(p.plant_id))
                    for p in await listed(self)
                ]

            return plants

        monkeypatch.setattr(account, "plants", named(account.plants))


def at(text: str) -> datetime:
    """A UTC moment from "YYYY-MM-DD HH:MM"."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize("auth", ["password", "token"])
@pytest.mark.parametrize("start", [at("2025-06-01 20:04")])
async def test_a_forced_mode_starts_and_ends_on_the_plant_clock(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory, auth: str
) -> None:
    """20:04 UTC is 22:04 in Berlin: battery first 22:04-23:30, restored 21:30 UTC."""
    entry: GrowattConfigEntry = await async_setup(hass, emulator, auth)
    plant = entry.runtime_data.coordinator.data.plants["1234567"]
    assert str(plant.ref.tz) == BERLIN
    await call(hass, "set_schedule", TLX, segments=TLX_SCHEDULE)
    before = emulated(emulator, TLX)

    await call(hass, "battery_first_until", TLX, end_time="23:30")

    forced = [s for s in emulated(emulator, TLX) if s not in before]
    assert forced == [(1, "22:4", "23:30", True, 0)]
    response = await call(hass, "read_schedule", TLX)
    assert response is not None
    assert response["time_zone"] == BERLIN
    assert response["forced_until"] == "2025-06-01T23:30:00+02:00"

    await move_to(hass, freezer, emulator, at("2025-06-01 21:29"))
    assert emulated(emulator, TLX) != before
    await move_to(hass, freezer, emulator, at("2025-06-01 21:30"))
    assert emulated(emulator, TLX) == before
    assert entry.runtime_data.forced == {}


@pytest.mark.parametrize("start", [at("2025-06-01 21:30")])
async def test_a_forced_mode_across_the_plant_midnight(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory
) -> None:
    """23:30 in Berlin until 01:00: split at the plant's midnight, over at 23:00 UTC.

    Home Assistant's own day (UTC) is still 1 June throughout.
    """
    entry: GrowattConfigEntry = await async_setup(hass, emulator, "token")
    await call(hass, "set_schedule", MIX, segments=TLX_SCHEDULE[:2])
    before = (
        emulated(emulator, MIX, "charge_periods"),
        emulated(emulator, MIX, "discharge_periods"),
    )

    await call(hass, "grid_first_until", MIX, end_time="01:00")

    discharge = [s[1:4] for s in emulated(emulator, MIX, "discharge_periods")]
    assert ("23:30", "23:59", True) in discharge
    assert ("0:0", "1:0", True) in discharge
    until = entry.runtime_data.forced.until(MIX)
    assert until is not None
    assert until.isoformat() == "2025-06-02T01:00:00+02:00"

    await move_to(hass, freezer, emulator, at("2025-06-01 22:59"))
    assert entry.runtime_data.forced.until(MIX) is not None
    await move_to(hass, freezer, emulator, at("2025-06-01 23:00"))
    after = (
        emulated(emulator, MIX, "charge_periods"),
        emulated(emulator, MIX, "discharge_periods"),
    )
    assert after == before
    assert entry.runtime_data.forced == {}


@pytest.mark.parametrize(
    ("start", "end_time", "forced", "restore"),
    [
        # Spring forward (30 March, 02:00 -> 03:00): a night of 7 hours.
        (
            at("2025-03-29 21:00"),
            "06:00",
            [(1, "0:0", "6:0", True, 0), (1, "22:0", "23:59", True, 0)],
            at("2025-03-30 04:00"),
        ),
        # An end the clock skips: over when the clock jumps to 03:00.
        (
            at("2025-03-29 21:00"),
            "02:30",
            [(1, "0:0", "2:30", True, 0), (1, "22:0", "23:59", True, 0)],
            at("2025-03-30 01:00"),
        ),
        # Fall back (26 October, 03:00 -> 02:00): a night of 9 hours.
        (
            at("2025-10-25 20:00"),
            "06:00",
            [(1, "0:0", "6:0", True, 0), (1, "22:0", "23:59", True, 0)],
            at("2025-10-26 05:00"),
        ),
        # An end the clock shows twice: the first time, still in summer time.
        (
            at("2025-10-25 20:00"),
            "02:30",
            [(1, "0:0", "2:30", True, 0), (1, "22:0", "23:59", True, 0)],
            at("2025-10-26 00:30"),
        ),
    ],
    ids=["spring", "spring-skipped-end", "fall", "fall-repeated-end"],
)
async def test_a_forced_mode_across_a_change_of_daylight_saving_time(
    hass: HomeAssistant,
    emulator: Emulator,
    freezer: FrozenDateTimeFactory,
    end_time: str,
    forced: list[tuple[object, ...]],
    restore: datetime,
) -> None:
    entry: GrowattConfigEntry = await async_setup(hass, emulator)
    await call(hass, "set_schedule", TLX, segments=TLX_SCHEDULE)
    before = emulated(emulator, TLX)

    await call(hass, "battery_first_until", TLX, end_time=end_time)

    assert sorted(s for s in emulated(emulator, TLX) if s not in before) == forced
    until = entry.runtime_data.forced.until(TLX)
    assert until is not None
    # (An hour the clock shows twice never equals a moment of another zone.)
    assert until.astimezone(UTC) == restore
    await move_to(hass, freezer, emulator, restore - timedelta(minutes=1))
    assert emulated(emulator, TLX) != before
    await move_to(hass, freezer, emulator, restore)
    assert emulated(emulator, TLX) == before
    assert entry.runtime_data.forced == {}


@pytest.mark.parametrize("start", [at("2025-06-01 20:04")])
async def test_a_restart_keeps_the_plant_end(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory
) -> None:
    """The stored end is the plant's, with its zone, and still fires at 21:30 UTC."""
    entry: GrowattConfigEntry = await async_setup(hass, emulator)
    await call(hass, "set_schedule", TLX, segments=TLX_SCHEDULE)
    before = emulated(emulator, TLX)
    await call(hass, "battery_first_until", TLX, end_time="23:30")

    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    until = entry.runtime_data.forced.until(TLX)
    assert until is not None
    assert until.isoformat() == "2025-06-01T23:30:00+02:00"
    assert str(until.tzinfo) == BERLIN

    await move_to(hass, freezer, emulator, at("2025-06-01 21:30"))
    assert emulated(emulator, TLX) == before
