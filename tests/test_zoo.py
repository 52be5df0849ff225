"""Entities follow what each device has; nights and drop-outs read true.

The demo world's flat holds a NEO micro-inverter (two inputs, no battery, no
meter) and a MIN without battery but with a meter. Each is set up through
the integration with both APIs, by day and, for the first time, at night.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest

from custom_components.growatt.api.models import (
    Device,
    DeviceFamily,
    DeviceIdentity,
    EnergyCounters,
    Plant,
)
from custom_components.growatt.const import DOMAIN
from custom_components.growatt.coordinator import night_totals

from .conftest import (
    ALL_PLANTS,
    START,
    TZ,
    Emulator,
    async_move,
    async_setup,
    device_id,
    sensor_number as number,
    sensor_state as state,
)

pytestmark = pytest.mark.usefixtures("enable_custom_integrations")

NEO = "QXB1CKS03A"
MIN_X = "BZP2CK502B"
INVERTER = "INV0000001"
HYBRID = "TLX0000001"
FLAT = "1234570"
# 02:30 in Berlin: every inverter without battery has been asleep for hours.
NIGHT = datetime(2025, 6, 2, 0, 30, tzinfo=UTC)

BATTERY_KEYS = (
    "soc",
    "battery_charge_power",
    "battery_discharge_power",
    "charge_energy_total",
    "discharge_energy_total",
)
METER_KEYS = (
    "load_power",
    "import_power",
    "export_power",
    "import_energy_total",
    "export_energy_total",
    "load_energy_total",
)


def _keys(hass: HomeAssistant, serial: str) -> dict[str, set[str]]:
    """The entity keys of one device, by platform."""
    registry = er.async_get(hass)
    found: dict[str, set[str]] = {}
    for entry in er.async_entries_for_device(registry, device_id(hass, serial)):
        found.setdefault(entry.domain, set()).add(
            entry.unique_id.removeprefix(f"{serial}_")
        )
    return found


async def _at_home(hass: HomeAssistant) -> None:
    """Home Assistant where the demo plants are: its sun is theirs."""
    await hass.config.async_set_time_zone(TZ)
    hass.config.latitude, hass.config.longitude = 48.4, 9.99


@pytest.mark.parametrize("auth", ["password", "token"])
async def test_micro_inverter_gets_only_what_it_has(
    hass: HomeAssistant, emulator: Emulator, auth: str
) -> None:
    await async_setup(hass, emulator, auth, [FLAT])
    neo = _keys(hass, NEO)
    sensors = neo["sensor"]
    assert {"pv_power", "ac_power", "pv_energy_total", "last_update"} <= sensors
    assert {"pv1_power", "pv2_power"} <= sensors
    assert not {"pv3_power", "pv4_power"} & sensors
    assert not set(BATTERY_KEYS) & sensors
    assert not set(METER_KEYS) & sensors
    # No battery: no charge or discharge control, no battery time segments.
    controls = neo.get("number", set()) | neo.get("select", set())
    controls |= neo.get("time", set())
    assert not {key for key in controls if "segment" in key or "charge" in key}
    assert not {key for key in neo.get("switch", set()) if "charge" in key}
    assert "inverter_on" in neo["switch"]

    carport = _keys(hass, MIN_X)
    assert set(METER_KEYS) <= carport["sensor"]
    assert not set(BATTERY_KEYS) & carport["sensor"]
    assert number(hass, f"{MIN_X}_load_power") > 0


@pytest.mark.parametrize("auth", ["password", "token"])
async def test_the_request_counter_is_the_accounts(
    hass: HomeAssistant, emulator: Emulator, auth: str
) -> None:
    entry = await async_setup(hass, emulator, auth, ALL_PLANTS)
    registry = er.async_get(hass)
    entity_id = registry.async_get_entity_id(
        "sensor", DOMAIN, f"{entry.entry_id}_requests_today"
    )
    assert entity_id is not None
    registered = registry.async_get(entity_id)
    assert registered is not None
    assert registered.device_id is not None
    account = dr.async_get(hass).async_get(registered.device_id)
    assert account is not None
    assert account.identifiers == {(DOMAIN, f"account_{entry.entry_id}")}
    assert account.entry_type is dr.DeviceEntryType.SERVICE
    assert account.name == entry.title
    assert int(hass.states.get(entity_id).state) > 0  # type: ignore[union-attr]
    # Neither a reload nor the next device list takes the account device away.
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert dr.async_get(hass).async_get(registered.device_id) is not None
    assert registry.async_get(entity_id) is not None


async def test_money_carries_its_currency(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    await async_setup(hass, emulator, "password", [FLAT])
    earnings = state(hass, f"{FLAT}_plant_money_total")
    assert earnings.attributes["unit_of_measurement"] == "EUR"
    assert earnings.attributes["device_class"] == "monetary"


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("auth", ["password", "token"])
async def test_first_setup_at_night(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory, auth: str
) -> None:
    """Asleep inverters: powers 0 W, lifetime totals right, never 0."""
    await _at_home(hass)
    world = emulator.world
    world.set_faults("demo", sleep_zero_totals=True)
    freezer.move_to(NIGHT)
    world.clock.set(NIGHT)
    await async_setup(hass, emulator, auth, ["1234567", FLAT])
    plant_total = sum(
        d.counters.life("pv")
        for p in world.accounts[0].plants
        if p.plant_id == int(FLAT)
        for d in p.devices
    )

    # Asleep at night: no production, a true 0 W, not a gap.
    assert number(hass, f"{NEO}_pv_power") == 0
    assert number(hass, f"{INVERTER}_ac_power") == 0
    assert number(hass, f"{NEO}_pv1_power") == 0
    # What is unknown while it sleeps is unavailable, not 0.
    assert state(hass, f"{NEO}_ac_voltage").state == STATE_UNAVAILABLE
    # Growatt reports the lifetime totals as 0: unknown until it wakes.
    assert state(hass, f"{NEO}_pv_energy_total").state == STATE_UNKNOWN
    assert state(hass, f"{INVERTER}_pv_energy_total").state == STATE_UNKNOWN
    # The plant's lifetime total is right from the first minute (the plant
    # list writes it in MWh with two decimals).
    assert number(hass, f"{FLAT}_plant_pv_energy_total") == pytest.approx(
        plant_total, abs=5
    )
    # The battery keeps the hybrid awake: its figures are fresh.
    assert number(hass, f"{HYBRID}_pv_energy_total") > 0
    assert state(hass, f"{HYBRID}_soc").state not in (STATE_UNAVAILABLE, STATE_UNKNOWN)
    # When Growatt last heard from the micro-inverter: at yesterday's dusk.
    heard = datetime.fromisoformat(state(hass, f"{NEO}_last_update").state)
    assert timedelta(hours=2) < NIGHT - heard < timedelta(hours=8)

    # Sunrise: it wakes, and the totals continue from where they were.
    await async_move(hass, freezer, world, 5 * 3600 + 600, step=300)
    assert number(hass, f"{NEO}_pv_power") > 0
    assert number(hass, f"{NEO}_pv_energy_total") > 0


@pytest.mark.parametrize("auth", ["password", "token"])
async def test_a_datalogger_drop_out_by_day(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory, auth: str
) -> None:
    """A lost device by day: power unknown, energy kept, last upload shown."""
    await _at_home(hass)
    freezer.move_to(START)
    await async_setup(hass, emulator, auth, ["1234567"])
    energy = number(hass, f"{INVERTER}_pv_energy_total")
    assert number(hass, f"{INVERTER}_pv_power") > 0
    heard = state(hass, f"{INVERTER}_last_update").state
    found = emulator.world.find_device(INVERTER)
    assert found is not None
    found[2].online = False
    # Whether or not the answer flags it lost, its uploads stopped.
    await async_move(hass, freezer, emulator.world, 45 * 60, step=60)
    assert state(hass, f"{INVERTER}_pv_power").state == STATE_UNAVAILABLE
    assert number(hass, f"{INVERTER}_pv_energy_total") == energy
    assert state(hass, f"{INVERTER}_last_update").state == heard


def test_the_only_pv_device_of_a_plant_takes_the_plants_total_at_night() -> None:
    plant = Plant(plant_id="1", energy_total=1234.5)
    asleep = Device(
        identity=DeviceIdentity(serial="A", family=DeviceFamily.TLX, online=False),
        energy=EnergyCounters(pv_total=0.0, pv_today=0.0),
    )
    noah = Device(identity=DeviceIdentity(serial="N", family=DeviceFamily.NOAH))
    alone = night_totals(plant, {"A": asleep, "N": noah})
    assert alone["A"].energy.pv_total == 1234.5
    other = replace(asleep, identity=replace(asleep.identity, serial="B"))
    shared = night_totals(plant, {"A": asleep, "B": other})
    # Two PV devices share the plant's total: neither can take it.
    assert shared["A"].energy.pv_total == 0
    awake = replace(asleep, identity=replace(asleep.identity, online=True))
    assert night_totals(plant, {"A": awake})["A"].energy.pv_total == 0
