"""Sensors of every device family, against the emulator, on both APIs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    mock_restore_cache_with_extra_data,
)
from pytest_homeassistant_custom_component.syrupy import (
    HomeAssistantSnapshotExtension,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.growatt.api.models import (
    Device,
    DeviceFamily,
    DeviceIdentity,
    EnergyCounters,
)
from custom_components.growatt.const import (
    DAILY_BUDGET_PER_DEVICE,
    DEVICE_LIST_INTERVAL,
    DOMAIN,
)
from custom_components.growatt.counters import CounterGuard, fresh_today

from .conftest import (
    ALL_PLANTS,
    START,
    TZ,
    Emulator,
    async_jump,
    async_move,
    async_setup,
    plain,
    sensor_entity_id as entity_id,
    sensor_number as number,
    sensor_state as state,
)

pytestmark = pytest.mark.usefixtures("enable_custom_integrations")

TLX = "TLX0000001"
INV = "INV0000001"  # PV only: sleeps at night


def has_device(
    registry: dr.DeviceRegistry, entry: MockConfigEntry, serial: str
) -> bool:
    """Whether the entry has a device with this serial (works on every HA version)."""
    return any(
        (DOMAIN, serial) in device.identifiers
        for device in dr.async_entries_for_config_entry(registry, entry.entry_id)
    )


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Snapshots with Home Assistant's serializer (random ids left out).

    pytest-homeassistant-custom-component defines this fixture too, but
    syrupy's own wins the lookup here.
    """
    return snapshot.use_extension(HomeAssistantSnapshotExtension)


@pytest.fixture(autouse=True)
async def berlin_at_start(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Home Assistant in the plants' timezone, at the emulator's frozen moment."""
    await hass.config.async_set_time_zone(TZ)
    freezer.move_to(START)


# -- every entity ------------------------------------------------------------------------


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("auth", ["password", "token"])
async def test_every_sensor_of_every_family(
    hass: HomeAssistant,
    emulator: Emulator,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    freezer: FrozenDateTimeFactory,
    auth: str,
) -> None:
    """One snapshot per API of every sensor of every device of the demo world.

    The zoo: a TLX hybrid with battery and meter, a MIN without battery, a NEO
    micro-inverter, SPH, SPF, SPA, MAX, a classic inverter and Noah. Only
    what a user sees is compared, so the snapshot holds on every Home
    Assistant version (their registry entries carry different fields).
    """
    # The clocks together: the wait until the next read is a snapshot value.
    freezer.move_to(START)
    entry = await async_setup(hass, emulator, auth, ALL_PLANTS)

    entries = [
        e
        for e in er.async_entries_for_config_entry(entity_registry, entry.entry_id)
        if e.domain == "sensor"
    ]
    assert entries
    view: dict[str, dict[str, Any]] = {}
    for registry_entry in sorted(entries, key=lambda e: e.entity_id):
        state = hass.states.get(registry_entry.entity_id)
        assert state is not None, registry_entry.entity_id
        view[registry_entry.entity_id] = {
            "unique_id": registry_entry.unique_id,
            "translation_key": registry_entry.translation_key,
            "entity_category": plain(registry_entry.entity_category),
            "device_class": plain(registry_entry.original_device_class),
            "unit": registry_entry.unit_of_measurement,
            "state": state.state,
            "attributes": {
                str(plain(key)): plain(value) for key, value in state.attributes.items()
            },
        }
    assert view == snapshot


async def test_noisy_sensors_are_disabled_by_default(
    hass: HomeAssistant, emulator: Emulator, entity_registry: er.EntityRegistry
) -> None:
    """Per-string values, AC voltage/current/frequency and temperatures start off."""
    await async_setup(hass, emulator)

    for key in ("pv1_voltage", "pv1_current", "ac_voltage", "temperature"):
        entry = entity_registry.async_get(entity_id(hass, f"{TLX}_{key}"))
        assert entry is not None
        assert entry.disabled_by is er.RegistryEntryDisabler.INTEGRATION
    assert number(hass, f"{TLX}_pv1_power") > 0
    assert number(hass, f"{TLX}_pv_power") > 0


async def test_sensors_exist_only_for_values_the_device_reports(
    hass: HomeAssistant, emulator: Emulator, entity_registry: er.EntityRegistry
) -> None:
    """A PV-only inverter has no battery or grid sensors; a hybrid has them."""
    await async_setup(hass, emulator)

    assert (
        entity_registry.async_get_entity_id("sensor", DOMAIN, "INV0000001_soc") is None
    )
    assert (
        entity_registry.async_get_entity_id(
            "sensor", DOMAIN, "INV0000001_import_energy_today"
        )
        is None
    )
    assert number(hass, f"{TLX}_soc") == 100
    assert state(hass, f"{TLX}_import_energy_total").attributes["state_class"] == (
        "total_increasing"
    )


# -- energy dashboard ----------------------------------------------------------------------


async def test_daily_counters_start_over_at_local_midnight(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory
) -> None:
    """After local midnight a daily counter is today's, lifetime ones keep growing."""
    await async_setup(hass, emulator)
    # 23:50 in Berlin.
    await async_jump(
        hass, freezer, emulator.world, datetime(2025, 6, 1, 21, 50, tzinfo=UTC)
    )
    pv_today = number(hass, f"{TLX}_pv_energy_today")
    load_today = number(hass, f"{TLX}_load_energy_today")
    load_total = number(hass, f"{TLX}_load_energy_total")
    plant_today = number(hass, "1234567_plant_pv_energy_today")
    assert pv_today > 5
    assert load_today > 5
    assert plant_today >= pv_today

    await async_move(hass, freezer, emulator.world, 20 * 60)

    assert number(hass, f"{TLX}_pv_energy_today") == 0
    assert number(hass, "1234567_plant_pv_energy_today") == 0
    assert number(hass, f"{TLX}_load_energy_today") < 1
    assert number(hass, f"{TLX}_load_energy_total") > load_total


async def test_lifetime_counter_keeps_last_good_value_while_inverter_sleeps(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory
) -> None:
    """Growatt's 0 for a sleeping inverter's lifetime total never reaches the dashboard."""
    entry = await async_setup(hass, emulator)
    emulator.world.set_faults("demo", sleep_zero_totals=True)
    # 18:00 in Berlin: the sun is still up.
    await async_jump(
        hass, freezer, emulator.world, datetime(2025, 6, 1, 16, 0, tzinfo=UTC)
    )
    evening = number(hass, f"{INV}_pv_energy_total")
    plant_evening = number(hass, "1234567_plant_pv_energy_total")
    assert evening > 1000
    assert plant_evening > evening

    # 23:00 in Berlin: the inverters sleep.
    await async_jump(
        hass, freezer, emulator.world, datetime(2025, 6, 1, 21, 0, tzinfo=UTC)
    )
    device = entry.runtime_data.coordinator.data.device(INV)
    assert device is not None
    assert device.energy.pv_total == 0, "the fault should zero the reported total"
    assert number(hass, f"{INV}_pv_energy_total") == evening
    assert number(hass, "1234567_plant_pv_energy_total") == plant_evening

    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()

    assert number(hass, f"{INV}_pv_energy_total") == evening
    assert number(hass, "1234567_plant_pv_energy_total") == plant_evening


async def test_lifetime_counter_restores_last_good_value_after_restart(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory
) -> None:
    """Started at night with a 0 from Growatt, the counter resumes from before."""
    night = datetime(2025, 6, 1, 21, 0, tzinfo=UTC)
    freezer.move_to(night)
    emulator.world.clock.set(night)
    emulator.world.set_faults("demo", sleep_zero_totals=True)
    mock_restore_cache_with_extra_data(
        hass,
        [
            (
                State("sensor.shed_inverter_lifetime_pv_energy", "5000.0"),
                {"native_value": 5000.0, "native_unit_of_measurement": "kWh"},
            )
        ],
    )

    await async_setup(hass, emulator)

    assert entity_id(hass, f"{INV}_pv_energy_total") == (
        "sensor.shed_inverter_lifetime_pv_energy"
    )
    assert number(hass, f"{INV}_pv_energy_total") == 5000.0


def test_daily_counter_of_a_record_from_yesterday_reads_zero(
    freezer: FrozenDateTimeFactory,
) -> None:
    """A device that stopped reporting last evening still serves yesterday's counters."""
    yesterday = datetime(2025, 6, 1, 9, 0, tzinfo=UTC) - timedelta(days=1)
    device = Device(
        identity=DeviceIdentity(
            serial="X", family=DeviceFamily.TLX, last_update=yesterday
        ),
        energy=EnergyCounters(pv_today=12.5, pv_total=100.0),
    )
    assert fresh_today(device, device.energy.pv_today) == 0
    fresh = Device(
        identity=DeviceIdentity(serial="X", family=DeviceFamily.TLX, last_update=START),
        energy=EnergyCounters(pv_today=12.5),
    )
    assert fresh_today(fresh, fresh.energy.pv_today) == 12.5


def test_counter_guard_lifetime_never_goes_down() -> None:
    """A 0 or a smaller lifetime total keeps the last good value."""
    guard = CounterGuard(daily=False)
    assert guard.update(100.0, UTC) == 100.0
    assert guard.update(0.0, UTC) == 100.0
    assert guard.update(99.5, UTC) == 100.0
    assert guard.update(None, UTC) == 100.0
    assert guard.update(100.2, UTC) == 100.2


def test_counter_guard_daily_ignores_yesterdays_value_after_midnight(
    freezer: FrozenDateTimeFactory,
) -> None:
    """After midnight, yesterday's last value bouncing back reads 0 until a new one."""
    guard = CounterGuard(daily=True)
    freezer.move_to(datetime(2025, 6, 1, 21, 0, tzinfo=UTC))
    assert guard.update(12.0, UTC) == 12.0
    assert guard.update(0.0, UTC) == 12.0, "a transient 0 within the day is ignored"
    freezer.move_to(datetime(2025, 6, 2, 0, 5, tzinfo=UTC))
    assert guard.update(12.0, UTC) == 0
    assert guard.update(0.0, UTC) == 0
    assert guard.update(12.0, UTC) == 0
    assert guard.update(0.1, UTC) == 0.1
    assert guard.update(12.0, UTC) == 12.0, "a real value after the bounce counts"


# -- devices that come, go, and stop reporting -------------------------------------------------


async def test_new_device_gets_sensors_without_reload(
    hass: HomeAssistant,
    emulator: Emulator,
    freezer: FrozenDateTimeFactory,
    entity_registry: er.EntityRegistry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """A device added to the plant appears with the next device list; a removed one goes."""
    home = emulator.world.account_by_username("demo").plant(1234567)  # type: ignore[union-attr]
    inverter = next(d for d in home.devices if d.sn == "INV0000001")
    home.devices.remove(inverter)
    entry = await async_setup(hass, emulator)
    assert not entity_registry.async_get_entity_id(
        "sensor", DOMAIN, "INV0000001_pv_power"
    )
    reloads = entry.state

    home.devices.append(inverter)
    await async_move(
        hass, freezer, emulator.world, DEVICE_LIST_INTERVAL.total_seconds() + 600, 60
    )

    assert number(hass, "INV0000001_pv_power") > 0
    assert number(hass, "INV0000001_ac_energy_total") > 0
    assert entry.state is reloads
    assert has_device(device_registry, entry, "INV0000001")

    home.devices.remove(inverter)
    await async_move(
        hass, freezer, emulator.world, DEVICE_LIST_INTERVAL.total_seconds() + 600, 60
    )

    assert not entity_registry.async_get_entity_id(
        "sensor", DOMAIN, "INV0000001_pv_power"
    )
    assert not has_device(device_registry, entry, "INV0000001")
    assert number(hass, f"{TLX}_pv_power") > 0


async def test_offline_device_does_not_take_the_others_down(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory
) -> None:
    """A lost device's powers go unavailable, its counters keep their values."""
    await async_setup(hass, emulator)
    total = number(hass, f"{TLX}_pv_energy_total")
    found = emulator.world.find_device(TLX)
    assert found is not None
    found[2].online = False

    # Past the next refresh, which the budget may stretch beyond 5 minutes.
    await async_move(hass, freezer, emulator.world, 10 * 60)

    assert state(hass, f"{TLX}_pv_power").state == STATE_UNAVAILABLE
    assert number(hass, f"{TLX}_status") == -1
    assert number(hass, f"{TLX}_pv_energy_total") >= total
    assert number(hass, "INV0000001_pv_power") > 0
    assert number(hass, "MIX0000001_pv_power") > 0


# -- request budget -------------------------------------------------------------------------


@pytest.mark.parametrize(("auth", "api"), [("password", "legacy"), ("token", "v1")])
async def test_budget_sensor_counts_the_requests_growatt_saw(
    hass: HomeAssistant,
    emulator: Emulator,
    freezer: FrozenDateTimeFactory,
    auth: str,
    api: str,
) -> None:
    """Today's request count is what the emulator logged, against the daily budget."""
    entry = await async_setup(hass, emulator, auth)
    unique_id = f"{entry.entry_id}_requests_today"

    assert number(hass, unique_id) == len(emulator.requests(api))
    first = number(hass, unique_id)

    # Past the next refresh, which the budget may stretch beyond 5 minutes.
    await async_move(hass, freezer, emulator.world, 10 * 60)

    assert number(hass, unique_id) == len(emulator.requests(api)) > first
    sensor = state(hass, unique_id)
    assert (
        sensor.attributes["budget"]
        == entry.runtime_data.budget.per_day
        == DAILY_BUDGET_PER_DEVICE * (7 if auth == "password" else 6)
    )
    # The wait until the next read: just after the next upload, within the
    # 5-minute interval (once up to one upload longer, to align with v1's window).
    interval = entry.runtime_data.coordinator.update_interval
    assert interval is not None
    assert sensor.attributes["interval"] == round(interval.total_seconds() / 60, 1)
    assert 0 < interval.total_seconds() <= 10 * 60


async def test_plant_money_follows_the_plant_list(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory
) -> None:
    """Password accounts read the plant list again with the device list."""
    await async_setup(hass, emulator)
    before = number(hass, "1234567_plant_money_total")
    emulator.world.requests.clear()

    await async_move(
        hass, freezer, emulator.world, DEVICE_LIST_INTERVAL.total_seconds() + 900, 60
    )

    lists = [r for r in emulator.world.requests if r.path == "/PlantListAPI.do"]
    assert len(lists) == 1
    assert number(hass, "1234567_plant_money_total") > before
