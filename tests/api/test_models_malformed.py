"""Missing and malformed payloads give None fields, never an exception."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any

import pytest

from custom_components.growatt.api.models import (
    Device,
    inverter,
    max as max_models,
    mix,
    noah,
    plant,
    spa,
    storage,
    tlx,
)

BAD_VALUES: list[Any] = [None, "", "null", "garbage", "12abc", [], {}, "nan", "1.2.3"]

# Keys each family reads, to be filled with bad values.
KEYS = [
    "serialNum", "ppv", "pac", "vac1", "fac", "SOC", "soc", "bmsSoc", "capacity",
    "pLocalLoad", "pactouser", "pactogrid", "chargePower", "pdisCharge", "vBat",
    "status", "lost", "time", "lastUpdateTime", "epvToday", "epvTotal", "eacToday",
    "etoGridToday", "etogridTotal", "elocalLoadToday", "etouser", "powerToday",
    "outPutPower", "pCharge", "pDischarge", "eChargeToday", "vpv1", "ipv1", "ppv1",
    "time1Mode", "forcedTimeStart1", "forcedTimeStop1", "forcedStopSwitch1",
    "time_segment1", "chargePowerCommand", "charge_power", "acChargeEnable",
    "forcedChargeTimeStart1", "forcedChargeStopSwitch1", "priorityChoose",
    "exportLimit", "onOff", "activeRate", "time_segment", "defaultPower",
    "workMode", "plantMoneyText", "todayEnergy", "currentPower", "timezone",
]  # fmt: skip

BUILDERS: dict[str, Callable[[Any], Device]] = {
    "tlx_legacy": lambda raw: tlx.from_legacy(
        raw, energy_overview=raw, system_status=raw, settings=raw, device_entry=raw, params=raw
    ),
    "tlx_v1": lambda raw: tlx.from_v1(raw, last_data=raw, settings=raw, device_entry=raw),
    "mix_legacy": lambda raw: mix.from_legacy(
        raw, totals=raw, system_status=raw, detail=raw, settings=raw, device_entry=raw
    ),
    "mix_v1": lambda raw: mix.from_v1(raw, last_data=raw, device_entry=raw),
    "spa_legacy": lambda raw: spa.from_legacy(raw, device_entry=raw),
    "spa_v1": lambda raw: spa.from_v1(raw, last_data=raw),
    "storage_legacy": lambda raw: storage.from_legacy(
        raw, detail=raw, energy_overview=raw, device_entry=raw
    ),
    "storage_v1": lambda raw: storage.from_v1(raw, last_data=raw),
    "inverter_legacy": lambda raw: inverter.from_legacy(raw, settings=raw, device_entry=raw),
    "inverter_v1": lambda raw: inverter.from_v1(raw, last_data=raw, settings=raw),
    "max_legacy": lambda raw: max_models.from_legacy(raw, settings=raw),
    "max_v1": lambda raw: max_models.from_v1(raw, last_data=raw),
    "noah_legacy": lambda raw: noah.from_legacy(raw, info=raw, battery=raw, device_entry=raw),
}  # fmt: skip


def all_values(device: Device) -> list[Any]:
    """Every leaf value of a device's telemetry, energy and settings."""
    values: list[Any] = []
    for part in (device.telemetry, device.energy, device.settings):
        if part is None:
            continue
        for f in fields(part):
            value = getattr(part, f.name)
            if isinstance(value, tuple):
                for item in value:
                    values.extend(getattr(item, g.name) for g in fields(item))
            elif f.name != "status_text":  # free text, passed through
                values.append(value)
    return values


@pytest.mark.parametrize("builder", BUILDERS.values(), ids=BUILDERS.keys())
@pytest.mark.parametrize("bad", BAD_VALUES, ids=repr)
def test_bad_values_give_none(builder: Callable[[Any], Device], bad: Any) -> None:
    device = builder(dict.fromkeys(KEYS, bad))
    for value in all_values(device):
        # Indexes of listed segments/strings are ours; every reading is None.
        assert value is None or (
            isinstance(value, int) and not isinstance(value, bool)
        ), value


@pytest.mark.parametrize("builder", BUILDERS.values(), ids=BUILDERS.keys())
@pytest.mark.parametrize(
    "payload",
    [
        None,
        {},
        {"data": None},
        {"obj": None},
        {"data": "text"},
        {"obj": {"mixBean": None}},
    ],
    ids=repr,
)
def test_missing_payloads_give_empty_models(
    builder: Callable[[Any], Device], payload: Any
) -> None:
    device = builder(payload)
    assert device.identity.serial == ""
    assert all(
        value is None for value in all_values(device) if not isinstance(value, tuple)
    )
    assert device.telemetry.pv_strings == ()


@pytest.mark.parametrize("bad", BAD_VALUES, ids=repr)
def test_plants_with_bad_values(bad: Any) -> None:
    raw = dict.fromkeys(
        ["plantName", "todayEnergy", "totalEnergy", "invTodayPpv", "nominalPower",
         "plantMoneyText", "totalMoneyText", "timezone", "peak_power",
         "current_power", "today_energy", "total_energy", "currency"],
        bad,
    )  # fmt: skip
    for model in (
        plant.from_legacy(raw, info=raw, settings=raw, energy=raw, plant_id=7),
        plant.from_v1(raw, details=raw, data=raw, plant_id=7),
    ):
        assert model.plant_id == "7"
        assert model.energy_today is None
        assert model.energy_total is None
        assert model.current_power is None
        assert model.nominal_power is None
        assert model.money_today is None


def test_noah_malformed_segments_are_dropped() -> None:
    device = noah.from_legacy(
        {},
        info={"time_segment": {"time_segment1": "1_25:0_8:0_x", "bad": "0_1:0_2:0_0"}},
    )
    assert device.settings is not None
    (segment,) = device.settings.time_segments
    assert segment.start is None
    assert segment.end is not None
    assert segment.power is None
