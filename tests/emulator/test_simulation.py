"""The simulated plants behave like real ones: balanced, monotonic, following settings."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from emulator.clock import Clock
from emulator.model import MODE_BATTERY_FIRST, MODE_GRID_FIRST, Device, TimeSegment
from emulator.simulation import (
    UPLOAD_JITTER,
    daylight,
    household_load,
    is_lost,
    sun_factor,
    upload_before,
)
from emulator.world import World
from emulator.worlds import build_world, default_world

BERLIN = ZoneInfo("Europe/Berlin")
BERLIN_NOON = datetime(2025, 6, 1, 10, 0, tzinfo=UTC)
BERLIN_NIGHT = datetime(2025, 6, 1, 0, 30, tzinfo=UTC)  # 02:30 local
# Long enough for the next datalogger upload to land, jitter included.
UPLOAD = 5 * 60 + int(UPLOAD_JITTER) + 1


def _world(start: datetime = BERLIN_NOON) -> World:
    return default_world(clock=Clock(start, frozen=True))


def _device(world: World, sn: str) -> Device:
    found = world.find_device(sn)
    assert found is not None
    return found[2]


def test_sun_is_down_at_night_and_up_at_noon() -> None:
    local = datetime(2025, 6, 1, 2, 30)
    assert sun_factor(local, 48.4, "X") == 0.0
    assert sun_factor(local.replace(hour=13), 48.4, "X") > 0.2


def test_days_are_longer_in_summer() -> None:
    summer = daylight(datetime(2025, 6, 21).date(), 48.4)
    winter = daylight(datetime(2025, 12, 21).date(), 48.4)
    assert summer[1] - summer[0] > 15
    assert winter[1] - winter[0] < 9


def test_household_load_is_deterministic_and_positive() -> None:
    moment = datetime(2025, 6, 1, 19, 0)
    assert household_load(moment, "A") == household_load(moment, "A")
    assert household_load(moment, "A") > household_load(moment.replace(hour=3), "A")


@pytest.mark.parametrize("sn", ["TLX0000001", "MIX0000001", "SPA0000001"])
def test_hybrid_energy_balances(sn: str) -> None:
    """PV + import + discharge = load + export + charge, less inverter losses."""
    world = _world()
    world.clock.advance(12 * 3600)
    world.sync_all()
    counters = _device(world, sn).counters
    sources = counters.day("pv") + counters.day("import") + counters.day("discharge")
    sinks = counters.day("load") + counters.day("export") + counters.day("charge")
    assert sources > 0
    assert sinks == pytest.approx(sources, rel=0.06)
    assert sinks <= sources + 0.01


def test_classic_inverter_exports_what_it_produces() -> None:
    world = _world()
    device = _device(world, "INV0000001")
    assert device.telemetry.ac_power > 0
    assert device.telemetry.export_power == device.telemetry.ac_power
    assert device.counters.day("export") == pytest.approx(device.counters.day("ac"))
    assert device.counters.day("pv1") + device.counters.day("pv2") == pytest.approx(
        device.counters.day("pv")
    )


def test_daily_counters_reset_at_local_midnight() -> None:
    # 21:50 UTC is 23:50 in Berlin: ten minutes before the local midnight.
    world = _world(datetime(2025, 6, 1, 21, 50, tzinfo=UTC))
    device = _device(world, "TLX0000001")
    before = device.counters.day("pv")
    lifetime = device.counters.life("pv")
    assert before > 1
    # The first upload after midnight lands within one upload interval.
    world.clock.advance(10 * 60 + UPLOAD)
    world.sync_all()
    assert device.counters.day("pv") == 0
    assert device.counters.day("load") < 0.1
    assert device.counters.life("pv") == pytest.approx(lifetime)


def test_lifetime_counters_never_go_down() -> None:
    world = _world()
    device = _device(world, "MIX0000001")
    last = dict(device.counters.total)
    for _ in range(30):
        world.clock.advance(3 * 3600)
        world.sync_all()
        for key, value in device.counters.total.items():
            assert value >= last.get(key, 0.0)
        last = dict(device.counters.total)


def test_a_long_clock_jump_is_estimated_not_simulated() -> None:
    world = _world()
    device = _device(world, "TLX0000001")
    before = device.counters.life("pv")
    world.clock.advance(90 * 86400)
    world.sync_all()
    # Roughly 2.7 kWh per kW and day for 90 days.
    assert device.counters.life("pv") - before > 90 * 3 * 1.5


def test_night_is_sleep_for_a_pv_inverter() -> None:
    world = _world(BERLIN_NIGHT)
    assert _device(world, "INV0000001").telemetry.sleeping
    assert _device(world, "INV0000001").telemetry.pv_power == 0
    assert not _device(_world(), "INV0000001").telemetry.sleeping


def test_battery_first_with_ac_charge_charges_from_the_grid_at_night() -> None:
    world = _world(BERLIN_NIGHT)
    device = _device(world, "TLX0000001")
    device.settings.ac_charge = True
    device.settings.time_segments[0] = TimeSegment(
        mode=MODE_BATTERY_FIRST, start=time(0, 0), end=time(6, 0), enabled=True
    )
    soc = device.telemetry.soc
    world.clock.advance(1800)
    world.sync_all()
    assert device.telemetry.mode == MODE_BATTERY_FIRST
    assert device.telemetry.ac_charge_power > 0
    assert device.telemetry.import_power >= device.telemetry.ac_charge_power
    assert device.telemetry.soc > soc


def test_load_first_at_night_discharges_to_the_house() -> None:
    world = _world(datetime(2025, 6, 1, 18, 0, tzinfo=UTC))  # 20:00 local
    device = _device(world, "MIX0000001")
    device.telemetry.soc = 80
    world.clock.advance(600)
    world.sync_all()
    assert device.telemetry.discharge_power > 0
    assert device.telemetry.export_power == 0


def test_grid_first_discharges_to_the_grid() -> None:
    world = _world(datetime(2025, 6, 1, 19, 0, tzinfo=UTC))  # 21:00 local
    device = _device(world, "MIX0000001")
    device.telemetry.soc = 90
    device.settings.discharge_periods[0] = TimeSegment(
        start=time(20, 0), end=time(23, 0), enabled=True
    )
    world.clock.advance(600)
    world.sync_all()
    assert device.telemetry.mode == MODE_GRID_FIRST
    assert device.telemetry.export_power > 0


def test_stop_soc_is_respected() -> None:
    world = _world(datetime(2025, 6, 1, 18, 0, tzinfo=UTC))
    device = _device(world, "TLX0000001")
    device.telemetry.soc = 31
    device.settings.on_grid_discharge_stop_soc = 30
    world.clock.advance(4 * 3600)
    world.sync_all()
    assert device.telemetry.soc >= 30 - 0.01
    assert device.telemetry.discharge_power == 0


def test_export_limit_caps_export() -> None:
    world = _world()
    device = _device(world, "MAX0000001")
    assert device.telemetry.export_power > 2000
    device.settings.export_limit_mode = 1
    device.settings.export_limit_rate = 10
    world.clock.advance(120)
    world.sync_all()
    assert device.telemetry.export_power <= device.nominal_power * 0.1 + 0.1


def test_switched_off_inverter_produces_nothing() -> None:
    world = _world()
    device = _device(world, "INV0000001")
    device.settings.on = False
    produced = device.counters.day("pv")
    world.clock.advance(600)
    world.sync_all()
    assert device.telemetry.ac_power == 0
    assert device.counters.day("pv") == pytest.approx(produced)


def test_active_power_rate_limits_output() -> None:
    world = _world()
    device = _device(world, "MAX0000001")
    device.settings.active_power_rate = 20
    world.clock.advance(120)
    world.sync_all()
    assert device.telemetry.ac_power <= device.nominal_power * 0.2 + 0.1


def test_offline_device_keeps_its_last_upload() -> None:
    world = _world()
    device = _device(world, "TLX0000001")
    seen = device.last_update
    energy = device.counters.life("pv")
    power = device.telemetry.pv_power
    assert power > 0
    device.online = False
    world.clock.advance(3600)
    world.sync_all()
    assert device.last_update == seen
    assert device.telemetry.pv_power == power
    assert device.counters.life("pv") == energy
    device.online = True
    world.clock.advance(UPLOAD)
    world.sync_all()
    assert device.last_update is not None
    assert seen is not None
    assert device.last_update - seen >= timedelta(hours=1)


def test_noah_follows_its_output_power() -> None:
    world = _world()
    device = _device(world, "0PVP50ZR16ST00CB")
    device.settings.time_segments.clear()
    device.settings.default_power = 300
    device.telemetry.soc = 50
    world.clock.advance(UPLOAD)
    world.sync_all()
    assert device.telemetry.ac_power == pytest.approx(300, abs=1)
    device.settings.priority = MODE_BATTERY_FIRST
    world.clock.advance(UPLOAD)
    world.sync_all()
    assert device.telemetry.ac_power == 0
    assert device.telemetry.charge_power > 0


def test_world_timezone_matters() -> None:
    """Sydney's noon is Berlin's night: the same UTC moment gives different suns."""
    world = build_world(
        {
            "accounts": [
                {
                    "username": "a",
                    "password": "b",
                    "plants": [
                        {
                            "timezone": "Australia/Sydney",
                            "latitude": -33.9,
                            "devices": [{"sn": "SYD1", "family": "inverter"}],
                        },
                        {"devices": [{"sn": "BER1", "family": "inverter"}]},
                    ],
                }
            ]
        },
        clock=Clock(datetime(2025, 6, 1, 2, 0, tzinfo=UTC), frozen=True),
    )
    assert _device(world, "SYD1").telemetry.ac_power > 0
    assert _device(world, "BER1").telemetry.ac_power == 0


# -- uploads, night sleep, drop-outs ----------------------------------------------


def test_values_change_only_when_an_upload_lands() -> None:
    world = _world()
    device = _device(world, "TLX0000001")
    landed = device.last_update
    assert landed is not None
    assert world.now() - timedelta(seconds=UPLOAD) < landed <= world.now()
    power, energy = device.telemetry.pv_power, device.counters.life("pv")
    # Just before the next upload nothing has changed.
    following = upload_before(device, landed + timedelta(seconds=UPLOAD))
    world.clock.set(following - timedelta(seconds=1))
    world.sync_all()
    assert device.last_update == landed
    assert (device.telemetry.pv_power, device.counters.life("pv")) == (power, energy)
    # When it lands, everything moves at once.
    world.clock.set(following)
    world.sync_all()
    assert device.last_update == following
    assert device.counters.life("pv") > energy
    gap = (following - landed).total_seconds()
    assert 5 * 60 - UPLOAD_JITTER <= gap <= 5 * 60 + UPLOAD_JITTER


def test_each_datalogger_has_its_own_phase_and_interval() -> None:
    world = _world()
    tlx = _device(world, "TLX0000001")
    inverter = _device(world, "INV0000001")
    assert tlx.last_update != inverter.last_update
    inverter.update_interval = 10
    slots = [
        upload_before(inverter, world.now() + timedelta(minutes=m)) for m in (10, 20)
    ]
    assert (
        600 - UPLOAD_JITTER
        <= (slots[1] - slots[0]).total_seconds()
        <= 600 + UPLOAD_JITTER
    )


def test_inverter_without_battery_sleeps_from_dusk_to_dawn() -> None:
    world = _world(BERLIN_NIGHT)
    inverter = _device(world, "INV0000001")
    hybrid = _device(world, "TLX0000001")
    night = world.now()
    # Heard from last at yesterday's dusk; lost since.
    assert inverter.last_update is not None
    assert inverter.last_update.astimezone(BERLIN).hour in (20, 21, 22)
    assert is_lost(inverter, night)
    assert inverter.telemetry.pv_power == inverter.telemetry.ac_power == 0
    # The battery keeps the hybrid's datalogger powered: it uploads all night.
    assert not is_lost(hybrid, night)
    assert hybrid.last_update is not None
    assert night - hybrid.last_update < timedelta(seconds=UPLOAD)
    # At sunrise the inverter wakes and uploads again.
    world.clock.set(datetime(2025, 6, 1, 6, 0, tzinfo=UTC))  # 08:00 local
    world.sync_all()
    assert not is_lost(inverter, world.now())
    assert inverter.telemetry.pv_power > 0
    # After sunset it goes quiet again: lost within three missed uploads.
    world.clock.set(datetime(2025, 6, 1, 21, 0, tzinfo=UTC))  # 23:00 local
    world.sync_all()
    assert is_lost(inverter, world.now())
    dusk = inverter.last_update
    assert dusk is not None
    assert 19 <= dusk.astimezone(BERLIN).hour <= 22


def test_a_datalogger_that_drops_off_line_is_lost_with_frozen_values() -> None:
    world = _world()
    device = _device(world, "INV0000001")
    power = device.telemetry.ac_power
    device.online = False
    assert is_lost(device, world.now())
    world.clock.advance(2 * 3600)
    world.sync_all()
    assert device.telemetry.ac_power == power
    assert device.last_update is not None
    assert world.now() - device.last_update > timedelta(hours=2)
