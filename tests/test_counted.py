"""Lifetime energies the integration counts where Growatt reports none."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest

from custom_components.growatt.counted import MAX_GAP, EnergyCount

from .conftest import (
    START,
    TZ,
    Emulator,
    async_move,
    async_setup,
    sensor_number as number,
)

pytestmark = pytest.mark.usefixtures("enable_custom_integrations")

DAY = date(2025, 6, 1)
T0 = datetime(2025, 6, 1, 10, 0, tzinfo=UTC)


def test_a_daily_value_is_counted_by_what_it_grew() -> None:
    count = EnergyCount()
    count.add_daily(3.0, DAY)  # the first reading: the count starts here
    assert count.total == 0
    count.add_daily(3.5, DAY)
    count.add_daily(3.4, DAY)  # a smaller value for a moment counts nothing
    count.add_daily(4.0, DAY)
    assert count.total == pytest.approx(1.0)
    # The plant's midnight: the new day's value is all new.
    count.add_daily(0.2, DAY + timedelta(days=1))
    count.add_daily(0.7, DAY + timedelta(days=1))
    assert count.total == pytest.approx(1.7)


def test_a_power_is_counted_between_close_readings_only() -> None:
    count = EnergyCount()
    count.add_power(1000.0, T0)
    count.add_power(2000.0, T0 + timedelta(minutes=6))  # 1.5 kW for 0.1 h
    assert count.total == pytest.approx(0.15)
    # A lost reading breaks the chain; the next one only starts it again.
    count.add_power(None, T0 + timedelta(minutes=12))
    count.add_power(1000.0, T0 + timedelta(minutes=18))
    assert count.total == pytest.approx(0.15)
    # Readings further apart than the gap allowed count nothing.
    count.add_power(1000.0, T0 + timedelta(minutes=18) + MAX_GAP + timedelta(1))
    assert count.total == pytest.approx(0.15)


async def test_counted_energies_fill_what_growatt_lacks(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory
) -> None:
    """SPH grid import from its daily value, Noah's battery from its power."""
    await hass.config.async_set_time_zone(TZ)
    freezer.move_to(START)
    entry = await async_setup(hass, emulator, "password")
    mix, noah = "MIX0000001", "0PVP50ZR16ST00CB"
    assert number(hass, f"{mix}_import_energy_counted") == 0
    start = {
        key: number(hass, f"{noah}_{key}_energy_counted")
        for key in ("battery_charge", "battery_discharge", "pv")
    }
    world = emulator.world
    found = world.find_device(mix)
    assert found is not None
    imported = found[2].counters.day("import")
    await async_move(hass, freezer, world, 3 * 3600, step=300)
    grown = found[2].counters.day("import") - imported
    counted = number(hass, f"{mix}_import_energy_counted")
    assert counted == pytest.approx(grown, abs=0.2)
    after = {
        key: number(hass, f"{noah}_{key}_energy_counted")
        for key in ("battery_charge", "battery_discharge", "pv")
    }
    assert after["pv"] > start["pv"]
    assert sum(after.values()) > sum(start.values())
    # The counts resume where they were after a restart.
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert number(hass, f"{mix}_import_energy_counted") >= counted
