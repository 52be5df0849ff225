"""The write catalogue: validation and application shared by both APIs."""

from __future__ import annotations

from datetime import time

import pytest

from emulator.model import MODE_BATTERY_FIRST, Device, Family
from emulator.settings import WriteError, apply_setting, fmt_hm, setting_types
from emulator.world import World


def _device(world: World, sn: str) -> Device:
    found = world.find_device(sn)
    assert found is not None
    return found[2]


def test_fmt_hm_is_unpadded() -> None:
    assert fmt_hm(time(6, 0)) == "6:0"
    assert fmt_hm(time(14, 30)) == "14:30"


@pytest.mark.parametrize(
    ("setting_type", "params", "attribute", "expected"),
    [
        ("charge_power", ["70"], "charge_power", 70),
        ("discharge_power", ["55"], "discharge_power", 55),
        ("charge_stop_soc", ["95"], "charge_stop_soc", 95),
        ("discharge_stop_soc", ["20"], "discharge_stop_soc", 20),
        ("on_grid_discharge_stop_soc", ["15"], "on_grid_discharge_stop_soc", 15),
        ("ac_charge", ["1"], "ac_charge", True),
        ("tlx_on_off", ["0000"], "on", False),
        ("pv_active_p_rate", ["40", "1"], "active_power_rate", 40),
        ("backflow_setting", ["1", "30"], "export_limit_rate", 30),
        ("pf_sys_year", ["2025-06-01 12:00:00"], "system_time", "2025-06-01 12:00:00"),
    ],
)
def test_tlx_writes_change_the_settings(
    world: World, setting_type: str, params: list[str], attribute: str, expected: object
) -> None:
    device = _device(world, "TLX0000001")
    assert apply_setting(device, setting_type, params) is None
    assert getattr(device.settings, attribute) == expected


@pytest.mark.parametrize(
    ("setting_type", "params", "error"),
    [
        ("charge_power", ["101"], WriteError.OUT_OF_RANGE),
        ("charge_power", ["abc"], WriteError.OUT_OF_RANGE),
        ("charge_power", [""], WriteError.VALUE_EMPTY),
        ("charge_power", [], WriteError.VALUE_EMPTY),
        ("charge_stop_soc", ["5"], WriteError.OUT_OF_RANGE),
        ("ac_charge", ["2"], WriteError.OUT_OF_RANGE),
        ("time_segment1", ["1", "25", "0", "6", "0", "1"], WriteError.TIME_FORMAT),
        ("time_segment1", ["3", "1", "0", "6", "0", "1"], WriteError.OUT_OF_RANGE),
        ("time_segment1", ["1", "8", "0", "6", "0", "1"], WriteError.END_BEFORE_START),
        ("pf_sys_year", ["yesterday"], WriteError.TIME_FORMAT),
        ("no_such_setting", ["1"], WriteError.UNKNOWN_TYPE),
        ("mix_ac_charge_time_period", ["1"], WriteError.UNKNOWN_TYPE),
    ],
)
def test_tlx_bad_writes_are_refused_and_change_nothing(
    world: World, setting_type: str, params: list[str], error: WriteError
) -> None:
    device = _device(world, "TLX0000001")
    before = repr(device.settings)
    assert apply_setting(device, setting_type, params) == error
    assert repr(device.settings) == before


def test_tlx_time_segment_write(world: World) -> None:
    device = _device(world, "TLX0000001")
    assert (
        apply_setting(device, "time_segment2", ["1", "01", "30", "05", "00", "1"])
        is None
    )
    segment = device.settings.time_segments[1]
    assert (segment.mode, segment.start, segment.end, segment.enabled) == (
        MODE_BATTERY_FIRST,
        time(1, 30),
        time(5, 0),
        True,
    )


def test_overlapping_tlx_segment_is_acknowledged_but_not_applied(world: World) -> None:
    device = _device(world, "TLX0000001")
    assert (
        apply_setting(device, "time_segment1", ["1", "1", "0", "5", "0", "0"]) is None
    )
    assert (
        apply_setting(device, "time_segment2", ["2", "4", "0", "6", "0", "1"]) is None
    )
    assert device.settings.time_segments[1].enabled is False
    assert device.settings.time_segments[1].start == time(0, 0)


def test_offline_device_refuses_writes(world: World) -> None:
    device = _device(world, "TLX0000001")
    device.online = False
    assert apply_setting(device, "charge_power", ["50"]) == WriteError.OFFLINE
    assert device.settings.charge_power == 100


def test_device_that_ignores_writes_acknowledges_them(world: World) -> None:
    device = _device(world, "TLX0000001")
    device.ignore_writes = True
    assert apply_setting(device, "charge_power", ["50"]) is None
    assert device.settings.charge_power == 100


def test_mix_charge_periods(world: World) -> None:
    device = _device(world, "MIX0000001")
    params = ["80", "95", "1", "1", "0", "5", "0", "1", "0", "0", "0", "0", "0"]
    params += ["0", "0", "0", "0", "0"]
    assert apply_setting(device, "mix_ac_charge_time_period", params) is None
    settings = device.settings
    assert (settings.charge_power, settings.charge_stop_soc, settings.ac_charge) == (
        80,
        95,
        True,
    )
    assert settings.charge_periods[0].start == time(1, 0)
    assert settings.charge_periods[0].end == time(5, 0)
    assert settings.charge_periods[0].enabled
    assert not settings.charge_periods[1].enabled


def test_mix_discharge_periods_refuse_a_missing_slot(world: World) -> None:
    device = _device(world, "MIX0000001")
    assert apply_setting(
        device, "mix_ac_discharge_time_period", ["100", "10", "17", "0"]
    ) == (WriteError.VALUE_EMPTY)


def test_spa_charge_periods_have_no_ac_flag(world: World) -> None:
    device = _device(world, "SPA0000001")
    params = ["60", "90", "2", "0", "4", "0", "1"] + ["0"] * 10
    assert apply_setting(device, "spa_ac_charge_time_period", params) is None
    assert device.settings.charge_power == 60
    assert device.settings.charge_periods[0].end == time(4, 0)


def test_noah_settings(world: World) -> None:
    device = _device(world, "0PVP50ZR16ST00CB")
    assert apply_setting(device, "default_power", ["350"]) is None
    assert apply_setting(device, "default_power", ["900"]) == WriteError.OUT_OF_RANGE
    assert apply_setting(device, "charging_soc", ["95", "15"]) is None
    assert (
        apply_setting(device, "charging_soc", ["60", "15"]) == WriteError.OUT_OF_RANGE
    )
    assert (
        apply_setting(device, "time_segment2", ["1", "8", "0", "12", "0", "0", "1"])
        is None
    )
    settings = device.settings
    assert (
        settings.default_power,
        settings.charging_soc_high,
        settings.charging_soc_low,
    ) == (
        350,
        95,
        15,
    )
    assert len(settings.time_segments) == 2
    assert settings.time_segments[1].mode == MODE_BATTERY_FIRST


def test_classic_inverter_on_off(world: World) -> None:
    device = _device(world, "INV0000001")
    assert apply_setting(device, "pv_on_off", ["0000"]) is None
    assert device.settings.on is False
    assert apply_setting(device, "pv_on_off", ["0001"]) is None
    assert device.settings.on is True


@pytest.mark.parametrize("family", list(Family))
def test_every_family_has_writable_settings(family: Family) -> None:
    assert setting_types(family)
