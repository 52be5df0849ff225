"""Counters never go backwards: money totals, restarts, and the plant's midnight.

Against the emulator: its counters are forced through the emulator's own state
(`Counters.today`, the `sleep_zero_totals` fault, a plant's timezone). The one
thing mocked is the plant timezone the integration reads, because neither of
the emulator's APIs names one it can resolve (it serves "GMT+1" at most), so
without it the plant always falls back to Home Assistant's timezone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant, State
import pytest
from pytest_homeassistant_custom_component.common import (
    mock_restore_cache_with_extra_data,
)

from custom_components.growatt.api import PasswordAccount
from custom_components.growatt.api.models import (
    Device,
    DeviceFamily,
    DeviceIdentity,
    EnergyCounters,
    Plant,
)
from custom_components.growatt.counters import (
    CounterGuard,
    CounterStoredData,
    fresh_today,
)
from custom_components.growatt.runtime import GrowattConfigEntry
from emulator.model import Device as EmulatedDevice, Plant as EmulatedPlant

from .conftest import (
    START,
    TZ,
    Emulator,
    async_jump,
    async_move,
    async_setup,
    sensor_entity_id as entity_id,
    sensor_number as number,
)

pytestmark = pytest.mark.usefixtures("enable_custom_integrations")

HOME = "1234567"  # TLX0000001 and INV0000001
MIX = "MIX0000001"  # the SPH of plant 1234568
TLX = "TLX0000001"
MONEY = f"{HOME}_plant_money_total"
MONEY_ENTITY = "sensor.home_lifetime_earnings"
IMPORT_TODAY = f"{MIX}_import_energy_today"
IMPORT_TODAY_ENTITY = "sensor.garage_sph_import_from_grid_today"


@pytest.fixture(autouse=True)
async def berlin_at_start(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Home Assistant in the plants' timezone, at the emulator's frozen moment."""
    await hass.config.async_set_time_zone(TZ)
    freezer.move_to(START)


def emulated(emulator: Emulator, serial: str) -> EmulatedDevice:
    """A device of the emulator's world."""
    found = emulator.world.find_device(serial)
    assert found is not None
    return found[2]


def emulated_plant(emulator: Emulator, plant_id: str) -> EmulatedPlant:
    """A plant of the emulator's demo account."""
    account = emulator.world.account_by_username("demo")
    assert account is not None
    plant = account.plant(int(plant_id))
    assert plant is not None
    return plant


def force_import_today(emulator: Emulator, kwh: float) -> None:
    """What the SPH reports as today's grid import from now on (until it imports)."""
    emulator.world.sync_all()
    emulated(emulator, MIX).counters.today["import"] = kwh


def reported_money(entry: GrowattConfigEntry) -> float | None:
    """The lifetime earnings the integration last read from Growatt."""
    return entry.runtime_data.coordinator.data.plants[HOME].plant.money_total


async def async_reload(hass: HomeAssistant, entry: GrowattConfigEntry) -> None:
    """A restart of the integration: the sensors restore what they showed."""
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()


def stored(
    state: State, value: float, unit: str | None, **extra: object
) -> tuple[State, dict[str, object]]:
    """A state and its extra restore data as Home Assistant stored them."""
    return state, {"native_value": value, "native_unit_of_measurement": unit} | extra


# -- money totals ------------------------------------------------------------------------


async def test_lifetime_earnings_never_go_down_at_night(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory
) -> None:
    """Growatt's earnings follow its lifetime energy to 0 at night; the sensor does not.

    The plant list is read again with the hourly device list, so each jump of
    the clocks reads the earnings afresh.
    """
    entry = await async_setup(hass, emulator)
    emulator.world.set_faults("demo", sleep_zero_totals=True)
    # 18:00 in Berlin: the inverters still produce.
    await async_jump(
        hass, freezer, emulator.world, datetime(2025, 6, 1, 16, 0, tzinfo=UTC)
    )
    evening = number(hass, MONEY)
    assert evening == reported_money(entry)
    assert evening > 1000

    # 23:00 in Berlin: the PV inverter sleeps and its total reads 0.
    await async_jump(
        hass, freezer, emulator.world, datetime(2025, 6, 1, 21, 0, tzinfo=UTC)
    )
    night = reported_money(entry)
    assert night is not None
    assert night < evening, "the fault should lower the reported earnings"
    assert number(hass, MONEY) == evening

    # The next morning the totals come back, and the earnings grow again.
    await async_jump(
        hass, freezer, emulator.world, datetime(2025, 6, 2, 10, 0, tzinfo=UTC)
    )
    morning = reported_money(entry)
    assert morning is not None
    assert morning > evening
    assert number(hass, MONEY) == morning


async def test_lifetime_earnings_survive_a_restart_at_night(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory
) -> None:
    """Reloaded while Growatt reads less, the earnings resume from the last shown."""
    entry = await async_setup(hass, emulator)
    emulator.world.set_faults("demo", sleep_zero_totals=True)
    await async_jump(
        hass, freezer, emulator.world, datetime(2025, 6, 1, 16, 0, tzinfo=UTC)
    )
    evening = number(hass, MONEY)
    await async_jump(
        hass, freezer, emulator.world, datetime(2025, 6, 1, 21, 0, tzinfo=UTC)
    )

    await async_reload(hass, entry)

    night = reported_money(entry)
    assert night is not None
    assert night < evening, "the first read after the restart is the smaller one"
    assert number(hass, MONEY) == evening

    await async_jump(
        hass, freezer, emulator.world, datetime(2025, 6, 2, 10, 0, tzinfo=UTC)
    )
    assert number(hass, MONEY) == reported_money(entry)
    assert number(hass, MONEY) > evening


async def test_lifetime_earnings_restored_at_start_ignore_a_smaller_value(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory
) -> None:
    """The issue's case: 1892.1 before the restart, Growatt's night figure after."""
    night = datetime(2025, 6, 1, 21, 0, tzinfo=UTC)
    freezer.move_to(night)
    emulator.world.clock.set(night)
    emulator.world.set_faults("demo", sleep_zero_totals=True)
    mock_restore_cache_with_extra_data(
        hass, [stored(State(MONEY_ENTITY, "1892.1"), 1892.1, "EUR")]
    )

    entry = await async_setup(hass, emulator)

    assert entity_id(hass, MONEY) == MONEY_ENTITY
    reported = reported_money(entry)
    assert reported is not None
    assert reported < 1892.1
    assert number(hass, MONEY) == 1892.1

    # A sunny day later Growatt's figure passes the restored one.
    await async_jump(
        hass, freezer, emulator.world, datetime(2025, 6, 2, 16, 0, tzinfo=UTC)
    )
    reported = reported_money(entry)
    assert reported is not None
    assert reported > 1892.1
    assert number(hass, MONEY) == reported


async def test_earnings_in_another_currency_start_afresh(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    """A stored total in another unit is not the same counter: it is not restored."""
    mock_restore_cache_with_extra_data(
        hass, [stored(State(MONEY_ENTITY, "99999.0"), 99999.0, "USD")]
    )

    entry = await async_setup(hass, emulator)

    assert number(hass, MONEY) == reported_money(entry)


# -- daily counters across a restart ---------------------------------------------------------


async def test_daily_counter_survives_a_reload_within_the_day(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory
) -> None:
    """The SPH's import of 0.1 stays 0.1 when Growatt reads 0.0 right after a reload."""
    entry = await async_setup(hass, emulator)
    force_import_today(emulator, 0.1)
    await async_move(hass, freezer, emulator.world, 10 * 60)
    assert number(hass, IMPORT_TODAY) == pytest.approx(0.1)
    shown = number(hass, IMPORT_TODAY)

    force_import_today(emulator, 0.0)
    await async_reload(hass, entry)

    device = entry.runtime_data.coordinator.data.device(MIX)
    assert device is not None
    assert device.energy.import_today == 0.0, "the first poll should read 0.0"
    assert number(hass, IMPORT_TODAY) == shown

    # Later in the day the counter goes on from there.
    force_import_today(emulator, 0.3)
    await async_move(hass, freezer, emulator.world, 10 * 60)
    assert number(hass, IMPORT_TODAY) == pytest.approx(0.3)


async def test_daily_counter_restored_at_start_within_the_day(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    """Home Assistant starting with a value stored today keeps it over Growatt's 0."""
    mock_restore_cache_with_extra_data(
        hass,
        [
            stored(
                State(IMPORT_TODAY_ENTITY, "0.1"),
                0.1,
                "kWh",
                day="2025-06-01",
                yesterday=None,
            )
        ],
    )
    force_import_today(emulator, 0.0)

    await async_setup(hass, emulator)

    assert entity_id(hass, IMPORT_TODAY) == IMPORT_TODAY_ENTITY
    assert number(hass, IMPORT_TODAY) == 0.1


@pytest.mark.parametrize(
    ("last_changed", "expected"),
    [
        (datetime(2025, 6, 1, 7, 0, tzinfo=UTC), 0.1),  # 09:00 today in Berlin
        (datetime(2025, 5, 31, 21, 30, tzinfo=UTC), 0.0),  # 23:30 yesterday
    ],
    ids=["changed-today", "changed-yesterday"],
)
async def test_daily_counter_stored_without_a_day_dates_it_by_its_last_change(
    hass: HomeAssistant, emulator: Emulator, last_changed: datetime, expected: float
) -> None:
    """Data stored before days were (a plain RestoreSensor's): the state's change dates it."""
    mock_restore_cache_with_extra_data(
        hass,
        [
            stored(
                State(IMPORT_TODAY_ENTITY, "0.1", last_changed=last_changed),
                0.1,
                "kWh",
            )
        ],
    )
    force_import_today(emulator, 0.0)

    await async_setup(hass, emulator)

    assert number(hass, IMPORT_TODAY) == expected


async def test_daily_counter_restarted_on_the_next_day_starts_from_that_day(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory
) -> None:
    """Stopped late in the evening, started the next morning: no stale value."""
    entry = await async_setup(hass, emulator)
    # 23:30 in Berlin.
    await async_jump(
        hass, freezer, emulator.world, datetime(2025, 6, 1, 21, 30, tzinfo=UTC)
    )
    force_import_today(emulator, 3.0)
    await async_move(hass, freezer, emulator.world, 10 * 60)
    evening = number(hass, IMPORT_TODAY)
    assert evening >= 3.0

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    # 07:00 in Berlin: the emulator started the SPH's day at midnight.
    morning = datetime(2025, 6, 2, 5, 0, tzinfo=UTC)
    freezer.move_to(morning)
    emulator.world.clock.set(morning)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    device = entry.runtime_data.coordinator.data.device(MIX)
    assert device is not None
    assert device.energy.import_today is not None
    assert device.energy.import_today < evening
    assert number(hass, IMPORT_TODAY) == device.energy.import_today


async def test_daily_counter_restored_from_another_day_is_not_restored(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    """A value stored yesterday is not today's: Growatt's new-day value shows."""
    mock_restore_cache_with_extra_data(
        hass,
        [
            stored(
                State(IMPORT_TODAY_ENTITY, "5.0"),
                5.0,
                "kWh",
                day="2025-05-31",
                yesterday=None,
            )
        ],
    )
    force_import_today(emulator, 0.2)

    await async_setup(hass, emulator)

    assert number(hass, IMPORT_TODAY) == pytest.approx(0.2)


async def test_yesterdays_value_served_after_a_restart_past_midnight_reads_zero(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory
) -> None:
    """Restarted just after midnight while Growatt still serves yesterday's record."""
    just_after = datetime(2025, 6, 1, 22, 10, tzinfo=UTC)  # 00:10 on June 2 in Berlin
    freezer.move_to(just_after)
    emulator.world.clock.set(just_after)
    mock_restore_cache_with_extra_data(
        hass,
        [
            stored(
                State(IMPORT_TODAY_ENTITY, "4.2"),
                4.2,
                "kWh",
                day="2025-06-01",
                yesterday=None,
            )
        ],
    )
    force_import_today(emulator, 4.2)

    entry = await async_setup(hass, emulator)

    assert number(hass, IMPORT_TODAY) == 0.0

    # The real value of the new day counts.
    force_import_today(emulator, 0.1)
    await async_move(hass, freezer, emulator.world, 10 * 60)
    assert number(hass, IMPORT_TODAY) == pytest.approx(0.1)
    assert entry.runtime_data.coordinator.last_update_success


# The test writes yesterday's value into the device's counters: every request
# must see it at once, not at the next datalogger upload.
@pytest.mark.emulator_config(uploads=False)
async def test_pending_yesterday_survives_a_restart(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory
) -> None:
    """Reloaded at 00:10 while Growatt bounces yesterday's PV: still 0, not yesterday's.

    PV is used because it stands still at night, so Growatt's stale value stays
    exactly yesterday's last one.
    """
    key = f"{MIX}_pv_energy_today"
    entry = await async_setup(hass, emulator)
    # 23:50 in Berlin.
    await async_jump(
        hass, freezer, emulator.world, datetime(2025, 6, 1, 21, 50, tzinfo=UTC)
    )
    yesterday = number(hass, key)
    assert yesterday > 5

    # 00:01 in Berlin: Growatt still serves yesterday's PV as today's.
    after_midnight = datetime(2025, 6, 1, 22, 1, tzinfo=UTC)
    freezer.move_to(after_midnight)
    emulator.world.clock.set(after_midnight)
    emulator.world.sync_all()
    emulated(emulator, MIX).counters.today["pv"] = yesterday
    await async_move(hass, freezer, emulator.world, 10 * 60)
    device = entry.runtime_data.coordinator.data.device(MIX)
    assert device is not None
    assert device.energy.pv_today == yesterday
    assert number(hass, key) == 0.0

    await async_reload(hass, entry)

    assert number(hass, key) == 0.0


# -- the plant's midnight, not Home Assistant's -----------------------------------------------


@pytest.fixture
def plant_timezone(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Give the integration's plants a named timezone (see the module's docstring)."""

    def use(name: str) -> None:
        original = PasswordAccount.plants

        async def plants(self: PasswordAccount) -> list[Plant]:
            return [replace(plant, timezone=name) for plant in await original(self)]

        monkeypatch.setattr(PasswordAccount, "plants", plants)

    return use


@pytest.mark.parametrize(
    ("ha_tz", "plant_tz", "plant_midnight"),
    [
        ("UTC", "Europe/Berlin", datetime(2025, 6, 1, 22, 0, tzinfo=UTC)),
        ("Europe/Berlin", "UTC", datetime(2025, 6, 2, 0, 0, tzinfo=UTC)),
    ],
    ids=["ha-utc-plant-berlin", "ha-berlin-plant-utc"],
)
async def test_daily_counter_resets_once_at_the_plants_midnight(
    hass: HomeAssistant,
    emulator: Emulator,
    freezer: FrozenDateTimeFactory,
    plant_timezone: Callable[[str], None],
    ha_tz: str,
    plant_tz: str,
    plant_midnight: datetime,
) -> None:
    """Through both midnights, the daily load counter goes down once: at the plant's."""
    await hass.config.async_set_time_zone(ha_tz)
    emulated_plant(emulator, HOME).timezone = plant_tz
    plant_timezone(plant_tz)
    entry = await async_setup(hass, emulator)
    assert str(entry.runtime_data.coordinator.data.plants[HOME].ref.tz) == plant_tz

    # From 40 minutes before the first midnight to 40 minutes after the second.
    await async_jump(
        hass, freezer, emulator.world, datetime(2025, 6, 1, 21, 20, tzinfo=UTC)
    )
    key = f"{TLX}_load_energy_today"
    seen: list[tuple[datetime, float]] = [(emulator.world.now(), number(hass, key))]
    while emulator.world.now() < datetime(2025, 6, 2, 0, 40, tzinfo=UTC):
        await async_move(hass, freezer, emulator.world, 60, step=60)
        seen.append((emulator.world.now(), number(hass, key)))

    drops = [
        (moment, value)
        for (_, before), (moment, value) in pairwise(seen)
        if value < before
    ]
    assert len(drops) == 1, drops
    moment, value = drops[0]
    assert plant_midnight <= moment < plant_midnight + timedelta(minutes=15)
    assert value < 1
    assert seen[-1][1] > value, "the new day's counter grows on"


async def test_restart_after_the_plants_midnight_but_before_has_is_a_new_day(
    hass: HomeAssistant,
    emulator: Emulator,
    freezer: FrozenDateTimeFactory,
    plant_timezone: Callable[[str], None],
) -> None:
    """HA on UTC, the plant in Berlin: at 00:10 in Berlin yesterday's value is stale.

    Home Assistant's date has not changed yet, the plant's has.
    """
    await hass.config.async_set_time_zone("UTC")
    plant_timezone("Europe/Berlin")
    entry = await async_setup(hass, emulator)
    # 23:30 in Berlin.
    await async_jump(
        hass, freezer, emulator.world, datetime(2025, 6, 1, 21, 30, tzinfo=UTC)
    )
    force_import_today(emulator, 3.0)
    await async_move(hass, freezer, emulator.world, 10 * 60)
    assert number(hass, IMPORT_TODAY) >= 3.0

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    restart = datetime(2025, 6, 1, 22, 10, tzinfo=UTC)  # 00:10 in Berlin, June 2
    freezer.move_to(restart)
    emulator.world.clock.set(restart)
    force_import_today(emulator, 0.1)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    assert number(hass, IMPORT_TODAY) == pytest.approx(0.1)


# -- the guard itself ------------------------------------------------------------------------


def test_restored_lifetime_guard_ignores_smaller_values() -> None:
    """A restored lifetime counter resumes from its value, whatever the day."""
    guard = CounterGuard(daily=False)
    guard.restore(1892.1, None)
    assert guard.update(0.0, UTC) == 1892.1
    assert guard.update(1262.0, UTC) == 1892.1
    assert guard.update(1892.4, UTC) == 1892.4


def test_restored_daily_guard_needs_its_day(freezer: FrozenDateTimeFactory) -> None:
    """Without a day a daily value is not restored; from the day before it is yesterday's."""
    freezer.move_to(datetime(2025, 6, 2, 9, 0, tzinfo=UTC))
    undated = CounterGuard(daily=True)
    undated.restore(5.0, None)
    assert undated.update(0.5, UTC) == 0.5

    from_yesterday = CounterGuard(daily=True)
    from_yesterday.restore(5.0, date(2025, 6, 1))
    assert from_yesterday.update(5.0, UTC) == 0.0, "yesterday's record bouncing back"
    assert from_yesterday.update(0.5, UTC) == 0.5

    from_long_ago = CounterGuard(daily=True)
    from_long_ago.restore(5.0, date(2025, 5, 20))
    assert from_long_ago.update(5.0, UTC) == 5.0, "only yesterday's value can bounce"


def test_stored_data_round_trip() -> None:
    """The stored form reads back, and a plain RestoreSensor's reads without a day."""
    data = CounterStoredData(0.1, "kWh", day=date(2025, 6, 1), yesterday=4.2)
    assert CounterStoredData.from_dict(data.as_dict()) == data
    plain = CounterStoredData.from_dict(
        {"native_value": 12.5, "native_unit_of_measurement": "kWh"}
    )
    assert plain == CounterStoredData(12.5, "kWh")
    assert CounterStoredData.from_dict({"native_value": 1}) is None


def test_record_from_before_the_plants_midnight_reads_zero(
    freezer: FrozenDateTimeFactory,
) -> None:
    """Yesterday's record is judged by the plant's midnight, not the moment's zone."""
    freezer.move_to(datetime(2025, 6, 1, 22, 30, tzinfo=UTC))  # 00:30 in Berlin
    device = Device(
        identity=DeviceIdentity(
            serial="X",
            family=DeviceFamily.TLX,
            # 23:30 in Berlin, reported in UTC.
            last_update=datetime(2025, 6, 1, 21, 30, tzinfo=UTC),
        ),
        energy=EnergyCounters(pv_today=12.5),
    )
    assert fresh_today(device, 12.5, ZoneInfo("Europe/Berlin")) == 0.0
    assert fresh_today(device, 12.5, UTC) == 12.5
