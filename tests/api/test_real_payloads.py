"""Real Growatt answers (tests/fixtures/real/) through the client's model builders.

Each test feeds captured answers to the builders the accounts use and checks
that the values come out as the answers say: the real key names are the ones
read, and Growatt's strings, units and zeros are understood. A builder that
reads an invented key would give None here, not the captured value.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
import json
from pathlib import Path
from typing import Any

import pytest

from custom_components.growatt.api.exceptions import GrowattAuthenticationError
from custom_components.growatt.api.models import (
    BatteryMode,
    DeviceFamily,
    inverter,
    mix,
    noah,
    plant,
    tlx,
)
from custom_components.growatt.api.models.coerce import to_float
from custom_components.growatt.api.v1_base import V1Session

FIXTURES = Path(__file__).parents[1] / "fixtures" / "real"


def body(name: str) -> Any:
    """The captured answer of a fixture file."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))["body"]


def number(value: Any) -> float:
    """A captured value as a number (Growatt sends many numbers as strings)."""
    parsed = to_float(value)
    assert parsed is not None, value
    return parsed


# -- TLX (NEO 800M-X) ------------------------------------------------------------------


def test_tlx_status_kw_strings_become_watts() -> None:
    """`getSystemStatus_KW` sends kW strings; the model holds W."""
    status = body("legacy/tlx_system_status_neo.json")
    device = tlx.from_legacy(None, system_status=status, serial="NEO")
    t = device.telemetry
    assert t.pv_power == pytest.approx(number(status["ppv"]) * 1000)
    assert t.ac_power == pytest.approx(number(status["pac"]) * 1000)
    assert t.ac_voltage == number(status["vAc1"])
    assert t.ac_frequency == number(status["fAc"])
    assert t.soc == number(status["SOC"])
    assert t.status == int(status["status"])
    assert t.status_text == status["lost"]
    first = t.pv_strings[0]
    assert first.voltage == number(status["vPv1"])
    assert first.power == pytest.approx(number(status["pPv1"]) * 1000)
    assert device.identity.online is True  # "tlx.status.checking" is not lost


def test_tlx_sleeping_detail_reads_zero_not_missing() -> None:
    """At night the detail is all zeros: every value is read as 0, none is lost."""
    detail = body("legacy/tlx_detail_neo_standby.json")
    device = tlx.from_legacy(detail, serial="NEO", plant_id="1")
    t = device.telemetry
    for value in (t.pv_power, t.ac_power, t.ac_voltage, t.ac_frequency, t.soc):
        assert value == 0
    assert t.status == 0
    assert t.status_text == "Standby"
    e = device.energy
    for value in (e.ac_today, e.ac_total, e.pv_total, e.export_total, e.load_total):
        assert value == 0
    # The sleeping detail carries no identity: the listing's serial stays.
    assert device.identity.serial == "NEO"
    assert device.identity.online is False


def test_tlx_energy_overview() -> None:
    overview = body("legacy/tlx_energy_overview_neo.json")
    energy = tlx.from_legacy(None, energy_overview=overview, serial="NEO").energy
    assert energy.pv_total == number(overview["epvTotal"]) == 12.3
    assert energy.pv_today == number(overview["epvToday"])
    assert energy.export_total == number(overview["etogridTotal"])
    assert energy.charge_total == number(overview["echargetotal"])


def test_tlx_settings_bean_reads_the_real_names() -> None:
    """The real bean has `activeRate` and `exportLimitPowerRateStr`, no invented keys."""
    bean = body("legacy/tlx_settings_neo.json")
    assert "exportLimitPowerRate" not in bean
    settings = tlx.from_legacy(None, settings=bean, serial="NEO").settings
    assert settings is not None
    assert settings.on is True  # tlx_on_off "1"
    assert settings.active_power_rate == int(bean["activeRate"]) == 100
    assert settings.export_limit_mode == int(bean["exportLimit"])
    assert settings.export_limit_enabled is False
    assert settings.export_limit_rate == number(bean["exportLimitPowerRateStr"])
    assert settings.charge_power == int(bean["chargePowerCommand"])
    assert settings.charge_stop_soc == int(bean["wchargeSOCLowLimit"])
    assert settings.discharge_power == int(bean["disChargePowerCommand"])
    assert settings.discharge_stop_soc == int(bean["wdisChargeSOCLowLimit"])
    assert settings.on_grid_discharge_stop_soc == int(
        bean["on_grid_discharge_stop_soc"]
    )
    assert settings.ac_charge is False
    assert settings.priority == BatteryMode.LOAD_FIRST
    assert len(settings.time_segments) == 9
    assert all(segment.enabled is False for segment in settings.time_segments)
    assert settings.time_segments[0].start == time(0, 0)


def test_tlx_params_give_identity_not_plant_zero() -> None:
    """`getTlxParams` names the model and firmware; its `plantId` 0 names no plant."""
    params = body("legacy/tlx_params_neo.json")
    assert params["newBean"]["plantId"] == 0
    device = tlx.from_legacy(None, params=params, serial="NEO", plant_id="4242")
    identity = device.identity
    assert identity.model == params["inverterType"] == "NEO 800M-X"
    assert identity.firmware == params["newBean"]["fwVersion"]
    assert identity.datalogger_serial == params["newBean"]["dataLogSn"]
    assert identity.online is False  # lost
    assert identity.plant_id == "4242"


def test_tlx_listing_entry() -> None:
    entry = body("legacy/device_list_neo.json")[0]
    device = tlx.from_legacy(None, device_entry=entry, serial="NEO")
    assert device.identity.alias == entry["deviceAilas"]
    assert device.identity.datalogger_serial == entry["datalogSn"]
    assert device.identity.online is True  # lost false, deviceStatus "1"


def test_tlx_sleeping_plant_info_entry_is_offline() -> None:
    """At night the plant's `invList` entry reads lost true, deviceStatus "-1"."""
    entry = body("legacy/plant_info_neo.json")["invList"][0]
    device = tlx.from_legacy(None, device_entry=entry, serial="NEO")
    assert device.identity.online is False
    assert device.identity.plant_id is not None


def test_tlx_v1_realtime_record() -> None:
    """`tlx_last_data` (documentation example): numbers with Java float noise."""
    last = body("v1/tlx_last_data_doc.json")
    data = last["data"]
    device = tlx.from_v1(None, last_data=last, serial="MIN")
    t = device.telemetry
    assert t.pv_power == data["ppv"] == 2558.7
    assert t.ac_voltage == data["vac1"]
    assert t.soc == data["bmsSoc"]
    assert t.pv_strings[0].voltage == data["vpv1"]
    assert t.pv_strings[1].voltage == data["vpv2"] == 168
    assert device.energy.ac_today == data["eacToday"]
    assert device.identity.serial == data["serialNum"]
    assert device.identity.last_update is not None


def test_tlx_v1_device_bean() -> None:
    info = body("v1/tlx_data_info_doc.json")
    device = tlx.from_v1(info, serial="MIN")
    assert device.identity.serial == info["data"]["serialNum"]
    assert device.identity.firmware == info["data"]["fwVersion"]
    settings = device.settings
    assert settings is not None
    # The documented bean leaves its write names and the legacy rate text
    # empty: they read as missing, not as 0.
    assert settings.export_limit_rate is None
    assert settings.charge_power is None
    assert settings.on is None


# -- MIX / SPH ---------------------------------------------------------------------------


def test_mix_settings_of_an_sph() -> None:
    """`getMixSetParams` of an SPH 10000TL3 BH-UP."""
    answer = body("legacy/mix_settings_sph10000.json")
    bean = answer["obj"]["mixBean"]
    device = mix.from_legacy(None, settings=answer, serial="SPH")
    settings = device.settings
    assert settings is not None
    assert settings.charge_power == int(bean["chargePowerCommand"]) == 100
    assert settings.ac_charge is True
    assert settings.charge_stop_soc == int(bean["wchargeSOCLowLimit2"])
    assert settings.discharge_power == int(bean["disChargePowerCommand"])
    assert settings.discharge_stop_soc == int(bean["wdisChargeSOCLowLimit2"]) == 10
    assert settings.load_first_stop_soc == int(bean["loadFirstStopSocSet"]) == 98
    assert settings.on is True
    assert settings.active_power_rate == int(bean["activeRate"])
    assert settings.export_limit_mode == 0
    assert settings.export_limit_rate == number(bean["exportLimitPowerRate"])
    assert settings.priority == BatteryMode.LOAD_FIRST
    first, second, third = settings.charge_periods
    assert (first.start, first.end, first.enabled) == (time(1, 0), time(2, 0), False)
    assert (second.start, second.end, second.enabled) == (time(4, 0), time(6, 0), True)
    assert third.enabled is False
    assert all(period.enabled is False for period in settings.discharge_periods)
    identity = device.identity
    assert identity.serial == bean["serialNum"]
    assert identity.firmware == bean["fwVersion"]
    # "Wed Dec 20 06:09:18 CST 2023": China Standard Time.
    assert identity.last_update == datetime(2023, 12, 19, 22, 9, 18, tzinfo=UTC)


def test_mix_info() -> None:
    info = body("legacy/mix_info_mix.json")
    device = mix.from_legacy(info, serial="MIX")
    assert device.telemetry.soc == number(info["soc"]) == 45
    assert device.telemetry.battery_voltage == info["vbat"]
    assert device.telemetry.battery_discharge_power == info["pDischarge1"]
    assert device.energy.ac_charge_today == info["acChargeEnergyToday"] == 2.7
    assert device.energy.ac_charge_total == info["acChargeEnergyTotal"]
    assert device.energy.charge_today == info["eBatChargeToday"]


# -- classic inverter endpoint ----------------------------------------------------------


def test_inverter_detail_bean_is_read() -> None:
    """The classic bean's names (`powerToday`, `fac`, `vacr`) are read; zeros stay zero."""
    detail = body("legacy/inverter_detail_neo.json")
    device = inverter.from_legacy(detail, serial="INV")
    t = device.telemetry
    for value in (t.ac_power, t.pv_power, t.ac_frequency, t.ac_voltage):
        assert value == 0
    assert t.status == detail["status"]
    assert device.energy.ac_today == detail["powerToday"]
    assert device.energy.ac_total == detail["powerTotal"]


# -- Noah -----------------------------------------------------------------------------------


def test_noah_status_watt_strings() -> None:
    """The documentation's "200Watt" and "20.5kWh" strings."""
    status = body("legacy/noah_system_status_doc.json")
    info = body("legacy/noah_info_doc.json")
    device = noah.from_legacy(status, info=info, serial="NOAH")
    t = device.telemetry
    obj = status["obj"]
    assert t.pv_power == number(obj["ppv"]) == 200
    assert t.battery_charge_power == number(obj["chargePower"])
    assert device.energy.ac_today == number(obj["eacToday"]) == 20.5
    assert t.soc is None  # null in the example
    settings = device.settings
    assert settings is not None
    segments = settings.time_segments
    assert [s.index for s in segments] == [1, 2]
    assert (segments[0].start, segments[0].end, segments[0].power) == (
        time(0, 0),
        time(8, 0),
        150,
    )


# -- plants -----------------------------------------------------------------------------------


def test_plant_of_a_neo_account() -> None:
    info = body("legacy/plant_info_neo.json")
    entry = body("legacy/plant_list_neo.json")["data"][0]
    settings = body("legacy/plant_settings_neo.json")
    energy = body("legacy/plant_energy_data_neo.json")
    result = plant.from_legacy(entry, info=info, settings=settings, energy=energy)
    assert result.name == settings["plantName"]
    assert result.timezone == settings["timezoneText"] == "GMT+1"
    assert result.nominal_power == info["nominalPower"] == 800
    assert result.energy_today == number(info["todayEnergy"])
    assert result.energy_total == number(info["totalEnergy"]) == 27.3
    assert result.money_today == 0.1  # "0.1/€"
    assert result.money_total == number(info["totalMoneyText"])
    assert result.currency == settings["formulaMoneyUnitId"] == "EUR"


def test_plant_list_entry_units() -> None:
    """The plant list writes "0 W", "9.3 kWh" and "2.56 MWh"."""
    entry = body("legacy/plant_list_spf3600.json")["data"][0]
    result = plant.from_legacy(entry)
    assert result.plant_id == entry["plantId"] == "2016929"
    assert result.name == entry["plantName"]
    assert result.current_power == 0
    assert result.energy_today == 9.3
    assert result.energy_total == 2560
    assert result.money_total == 0


def test_plant_info_of_an_spf() -> None:
    info = body("legacy/plant_info_spf3600_partial.json")
    result = plant.from_legacy(None, info=info, plant_id="2016929")
    assert result.nominal_power == info["nominal_Power"] == 3680
    assert result.energy_total == number(info["totalEnergy"]) == 2562.4


def test_plant_energy_data_alone() -> None:
    """The plant tab's strings ("1.1kWh", "0kW") and its `plantBean`."""
    energy = body("legacy/plant_energy_data_neo.json")
    result = plant.from_legacy(None, energy=energy, plant_id="1")
    assert result.energy_today == number(energy["todayValue"]) == 1.1
    assert result.energy_total == number(energy["totalValue"])
    assert result.current_power == 0
    assert result.nominal_power == 800
    assert result.timezone == "GMT+1"  # plantBean.timezone 1


# -- v1 errors --------------------------------------------------------------------------------


async def test_v1_permission_denied_is_an_authentication_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """10011 "error_permission_denied" is a token the server does not accept.

    The transport is replaced because the answer is the point here: the
    emulator's own 10011 is covered by the v1 tests.
    """
    answer = body("v1/plant_list_permission_denied.json")

    async def request(*args: Any, **kwargs: Any) -> Any:
        return answer

    api = V1Session("0" * 32)
    monkeypatch.setattr(api._transport, "request", request)
    with pytest.raises(GrowattAuthenticationError, match="error_permission_denied"):
        await api.call("GET", "plant/list")
    await api.close()


def test_families_of_real_devices() -> None:
    """Every builder above names its family."""
    assert tlx.from_legacy(None, serial="x").identity.family is DeviceFamily.TLX
    assert mix.from_legacy(None, serial="x").identity.family is DeviceFamily.MIX
