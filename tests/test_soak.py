"""A seeded multi-day soak: random faults, restarts and night zeros.

What users judge us by, checked over days rather than single events: no
lifetime counter (energy or money) ever goes down, every daily counter
starts over once per plant-local midnight and never goes down otherwise,
no login storm (the emulator never locks the account), and nothing logs a
traceback. The faults are Growatt's: 5xx pages, cut JSON, stalled answers,
"temporarily unavailable", lifetime totals that read 0 while an inverter
sleeps. Restarts reload the entry, which goes through the stored session
and the restored sensor states, as a Home Assistant restart does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
import logging
import random
from typing import Any
from zoneinfo import ZoneInfo

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.growatt.const import DOMAIN
from emulator.clock import Clock
from emulator.world import EmulatorConfig, World
from emulator.worlds import build_world
from tests.conftest import START, Emulator

pytestmark = pytest.mark.usefixtures("enable_custom_integrations")

PLANT_TZ = ZoneInfo("Europe/Berlin")
DAYS = 2
TICK = 60  # seconds between clock steps
SEED = 20261127

SOAK_WORLD: dict[str, Any] = {
    "accounts": [
        {
            "username": "soak",
            "password": "secret",
            "user_id": 77,
            "token": "77777777777777777777777777777777",
            "plants": [
                {
                    "plant_id": 7701,
                    "name": "Soak",
                    "timezone": "Europe/Berlin",
                    "devices": [
                        {
                            "sn": "TLX7700001",
                            "family": "tlx",
                            "battery_kwh": 5,
                            "battery_sn": "BAT7700001",
                        },
                        {"sn": "MIX7700001", "family": "mix", "battery_kwh": 5},
                    ],
                }
            ],
        }
    ]
}

# Faults that come and go; each lasts a few minutes to an hour. (Stalled
# answers need the event loop's clock to run, which the frozen test clock
# stops: timeouts are tested on their own, in the config flow and client tests.)
TRANSIENT_FAULTS: list[dict[str, Any]] = [
    {"http_status": 503},
    {"malformed_json": True},
    {"temporarily_unavailable": True},
]


@pytest.fixture
def world(emulator_config: EmulatorConfig) -> World:
    """One plant with a TLX and an SPH battery inverter, in Berlin."""
    return build_world(
        SOAK_WORLD, clock=Clock(START, frozen=True), config=emulator_config
    )


@dataclass
class Watch:
    """Every counter's history, checked as it goes."""

    last: dict[str, float] = field(default_factory=dict)
    last_day: dict[str, date] = field(default_factory=dict)
    resets: dict[tuple[str, date], int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    samples: int = 0

    def see(self, entity_id: str, value: float, daily: bool, now: datetime) -> None:
        self.samples += 1
        day = now.astimezone(PLANT_TZ).date()
        before = self.last.get(entity_id)
        if before is not None and value < before:
            if not daily:
                self.problems.append(f"{now}: {entity_id} {before} -> {value}")
            elif self.last_day.get(entity_id) == day:
                # A daily counter may only start over on a new plant-local day.
                self.problems.append(f"{now}: {entity_id} {before} -> {value} same day")
            else:
                key = (entity_id, day)
                self.resets[key] = self.resets.get(key, 0) + 1
                if self.resets[key] > 1:
                    self.problems.append(f"{now}: {entity_id} reset twice on {day}")
        self.last[entity_id] = value
        self.last_day[entity_id] = day


def _counters(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, bool]:
    """Energy and money counters of the entry: entity id -> whether it is daily."""
    found: dict[str, bool] = {}
    for item in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id):
        if item.domain != "sensor" or item.original_device_class not in (
            "energy",
            "monetary",
        ):
            continue
        if item.unique_id.endswith("_today"):
            found[item.entity_id] = True
        elif item.unique_id.endswith("_total"):
            found[item.entity_id] = False
    return found


def _sample(
    hass: HomeAssistant, watch: Watch, counters: dict[str, bool], now: datetime
) -> None:
    for entity_id, daily in counters.items():
        state = hass.states.get(entity_id)
        if state is None:
            continue
        try:
            value = float(state.state)
        except ValueError:
            continue  # unavailable or unknown while a fault lasts
        watch.see(entity_id, value, daily, now)


async def _tick(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, world: World
) -> None:
    freezer.tick(timedelta(seconds=TICK))
    world.clock.advance(TICK)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


@pytest.mark.parametrize("auth", ["password", "token"])
async def test_days_of_faults_restarts_and_night_zeros(
    hass: HomeAssistant,
    emulator: Emulator,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    auth: str,
) -> None:
    freezer.move_to(START)
    await hass.config.async_set_time_zone("UTC")
    caplog.set_level(logging.WARNING)
    rng = random.Random(f"{SEED}-{auth}")
    data: dict[str, Any] = {
        "auth_type": auth,
        "region": "custom",
        "server_url": emulator.url,
        "plants": ["7701"],
    }
    if auth == "password":
        data |= {"username": "soak", "password": "secret"}
    else:
        data |= {"token": "77777777777777777777777777777777"}
    entry = MockConfigEntry(domain=DOMAIN, title="soak", unique_id="77", data=data)
    entry.add_to_hass(hass)
    world = emulator.world
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    counters = _counters(hass, entry)
    assert len(counters) >= 10, counters
    watch = Watch()
    fault_ends: datetime | None = None
    restarts = 0
    for _ in range(DAYS * 24 * 3600 // TICK):
        now = world.clock.now()
        # Growatt's totals read 0 while an inverter sleeps, every night.
        world.set_faults("soak", sleep_zero_totals=True)
        if fault_ends is not None and now >= fault_ends:
            world.set_faults(
                "soak",
                http_status=None,
                malformed_json=False,
                temporarily_unavailable=False,
            )
            fault_ends = None
        if fault_ends is None and rng.random() < 1 / 180:
            world.set_faults("soak", **rng.choice(TRANSIENT_FAULTS))
            fault_ends = now + timedelta(minutes=rng.randint(3, 60))
        if rng.random() < 1 / 480:
            restarts += 1
            await hass.config_entries.async_reload(entry.entry_id)
            await hass.async_block_till_done()
            counters = _counters(hass, entry) or counters
        await _tick(hass, freezer, world)
        _sample(hass, watch, counters, world.clock.now())

    assert restarts >= 2, "the seed should restart the entry a few times"
    assert watch.samples > 1000
    assert watch.problems == []
    # Every daily counter that produced energy started over once a day at most,
    # and did start over on the days it had counted something the day before.
    assert all(count == 1 for count in watch.resets.values())
    account = world.account_by_username("soak")
    assert account is not None
    assert account.locked_until is None, "the soak locked the account"
    logins = sum(1 for r in world.requests if r.path == "/newTwoLoginAPI.do")
    # A login when the session ends (24 h) and after a few lost answers: far
    # from Growatt's ~20 a day that lock an account.
    assert logins <= (6 if auth == "password" else 0), logins
    tracebacks = [r for r in caplog.records if r.exc_info or "Traceback" in r.message]
    assert tracebacks == []
