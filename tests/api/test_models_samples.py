"""Models from sample payloads of both APIs, with their real quirks (docs/growatt-api.md)."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

import pytest

from custom_components.growatt.api.models import (
    BatteryMode,
    DeviceFamily,
    NoahMode,
    inverter,
    mix,
    noah,
    plant,
    storage,
    tlx,
)

# getTlxDetailData (abridged detail of a midday MIN TL-XH)
TLX_DETAIL: dict[str, Any] = {
    "data": {
        "serialNum": "BZP0000000", "dataLogSn": "QMN0000000000000",
        "time": "2025-06-01 12:05:11", "lost": False, "status": 1,
        "statusText": "Normal", "pac": 2503.8, "ppv": 2558.7, "ppv1": 1500.7,
        "ppv2": 1058.0, "vpv1": 258.6, "ipv1": 5.8, "vpv2": 233.9, "ipv2": 4.5,
        "vac1": 239.5, "iac1": 10.7, "fac": 50.01, "temp1": 47.8, "temp2": 0,
        "temp3": 0, "temp4": 0, "temp5": 51.7, "eacToday": 21.6, "eacTotal": 1859.5,
        "epv1Today": 13.2, "epv1Total": 926.6, "epv2Today": 8.2, "epv2Total": 906.4,
        "epvTotal": 1833.0, "echargeToday": 3.1, "echargeTotal": 402.7,
        "edischargeToday": 2.0, "edischargeTotal": 388.1, "etoGridToday": 9.4,
        "etoGridTotal": 640.2, "etoUserToday": 1.2, "etoUserTotal": 310.8,
        "elocalLoadToday": 14.3, "elocalLoadTotal": 1500.3, "eselfToday": 12.2,
        "eselfTotal": 1219.3, "esystemToday": 21.6, "esystemTotal": 1859.5,
        "eacChargeToday": 0, "eacChargeTotal": 12.0, "pself": 1200.0,
        "psystem": 2503.8, "pacToGridTotal": 1303.8, "pacToUserTotal": 0,
        "pacToLocalLoad": 1200.0, "bdc1ChargePower": 0, "bdc1DischargePower": 0,
        "bdc1Soc": 87, "bmsSoc": 87, "uwSysWorkMode": 0,
    },
    "parameterName": "Fac(Hz),Pac(W)",
}  # fmt: skip

# getSystemStatus_KW (all strings, kW)
TLX_STATUS: dict[str, Any] = {
    "ppv": "0.02", "pPv1": "0.02", "pPv2": "0", "pPv3": "0", "pPv4": "0",
    "vPv1": "29.5", "vPv2": "10", "vPv3": "0", "vPv4": "0", "pac": "0.01",
    "pmax": "0.8", "vAc1": "232.1", "vac1": "232.1", "fAc": "50", "pactogrid": "0",
    "pactouser": "0", "pLocalLoad": "0", "pex": "0", "chargePower": "0.02",
    "pdisCharge": "0", "SOC": "0", "vBat": "0", "bmsBatteryEnergy": "0kWh",
    "status": "1", "lost": "tlx.status.checking", "priorityChoose": "0", "unit": "kW",
}  # fmt: skip

# getEnergyOverview
TLX_OVERVIEW = {
    "epvToday": "1.3", "epvTotal": "12.3", "echargetoday": "0", "echargetotal": "0",
    "edischargeToday": "0", "edischargeTotal": "0", "elocalLoadToday": "0",
    "elocalLoadTotal": "0", "etoGridToday": "0", "etogridTotal": "0",
    "isMasterOne": "0",
}  # fmt: skip

# a configured v1 tlx_set_info
TLX_SET_INFO = {
    "forcedTimeStart1": "6:0", "forcedTimeStop1": "8:0", "time1Mode": 1,
    "forcedStopSwitch1": 1, "forcedTimeStart2": "22:0", "forcedTimeStop2": "23:59",
    "time2Mode": 2, "forcedStopSwitch2": 0, "acChargeEnable": 1,
    "chargePowerCommand": 50, "wchargeSOCLowLimit": 90, "disChargePowerCommand": 80,
    "wdisChargeSOCLowLimit": 20, "onGridDischargeStopSOC": 15, "serialNum": "MIN123456",
}  # fmt: skip

# The same settings as a legacy tlxSetBean: all strings, both names.
TLX_SET_BEAN = {
    "forcedTimeStart1": "6:0", "forcedTimeStop1": "8:0", "time1Mode": "1",
    "forcedStopSwitch1": "1", "time_segment1": "1_6:0_8:0_1",
    "time_segment2": "2_22:0_23:59_0",
    "acChargeEnable": "1", "ac_charge": "1", "chargePowerCommand": "50",
    "charge_power": "50", "wchargeSOCLowLimit": "90", "charge_stop_soc": "90",
    "disChargePowerCommand": "80", "discharge_power": "80",
    "wdisChargeSOCLowLimit": "20", "discharge_stop_soc": "20",
    "onGridDischargeStopSOC": "15", "on_grid_discharge_stop_soc": "15",
}  # fmt: skip


def test_tlx_legacy_detail_sample() -> None:
    device = tlx.from_legacy(TLX_DETAIL, energy_overview=TLX_OVERVIEW)
    assert device.identity.serial == "BZP0000000"
    assert device.identity.family is DeviceFamily.TLX
    assert device.identity.online is True
    assert device.identity.last_update == datetime(2025, 6, 1, 12, 5, 11)
    t = device.telemetry
    assert (t.pv_power, t.ac_power, t.export_power, t.load_power) == (
        2558.7,
        2503.8,
        1303.8,
        1200.0,
    )
    assert t.pv_strings[0].power == 1500.7
    assert t.pv_strings[1].current == 4.5
    assert (t.soc, t.temperature, t.status_text) == (87.0, 47.8, "Normal")
    e = device.energy
    # epvToday comes only from the energy overview.
    assert e.pv_today == 1.3
    assert (e.export_total, e.import_today, e.self_total) == (640.2, 1.2, 1219.3)
    assert device.settings is None
    assert device.raw["esystemTotal"] == 1859.5


def test_tlx_pv_today_sums_the_inputs_without_overview() -> None:
    assert tlx.from_legacy(TLX_DETAIL).energy.pv_today == pytest.approx(21.4)


def test_tlx_system_status_sample_is_read_in_watts() -> None:
    device = tlx.from_legacy(None, system_status={"result": 1, "obj": TLX_STATUS})
    t = device.telemetry
    assert t.pv_power == 20.0
    assert t.ac_power == 10.0
    assert t.battery_charge_power == 20.0
    assert t.pv_strings[0].power == 20.0
    assert t.pv_strings[0].voltage == 29.5
    assert t.ac_voltage == 232.1
    assert t.status == 1
    assert device.identity.online is True  # "tlx.status.checking" is not lost


def test_tlx_settings_legacy_strings_equal_v1_ints() -> None:
    legacy = tlx.from_legacy(None, settings={"obj": {"tlxSetBean": TLX_SET_BEAN}})
    v1 = tlx.from_v1({"serialNum": "MIN123456"}, settings={"data": TLX_SET_INFO})
    assert legacy.settings == v1.settings
    s = v1.settings
    assert s is not None
    assert (s.charge_power, s.charge_stop_soc, s.discharge_power) == (50, 90, 80)
    assert (s.discharge_stop_soc, s.on_grid_discharge_stop_soc) == (20, 15)
    assert s.ac_charge is True
    first, second = s.time_segments[:2]
    assert (first.mode, first.start, first.end, first.enabled) == (
        BatteryMode.BATTERY_FIRST,
        time(6, 0),
        time(8, 0),
        True,
    )
    assert (second.mode, second.end, second.enabled) == (
        BatteryMode.GRID_FIRST,
        time(23, 59),
        False,
    )


def test_tlx_v1_factory_bean_blank_write_names_fall_back_to_read_names() -> None:
    """v1 `tlxSetbean` carries `charge_power: ""` next to `chargePowerCommand: 100`."""
    detail = {
        "serialNum": "FDCJQ00003", "dataLogSn": "VC51030322020001",
        "fwVersion": "xx1.0", "lost": False, "status": 0,
        "lastUpdateTime": {"year": 122, "month": 3, "date": 12, "time": 1649753182000},
        "tlxSetbean": {
            "time1Mode": 0, "forcedTimeStart1": "0:0", "forcedTimeStop1": "0:0",
            "forcedStopSwitch1": 0, "chargePowerCommand": 100,
            "disChargePowerCommand": 100, "wdisChargeSOCLowLimit": 5,
            "acChargeEnable": 0, "charge_power": "", "tlx_on_off": "", "exportLimit": 0,
        },
    }  # fmt: skip
    device = tlx.from_v1({"data": detail})
    assert device.identity.firmware == "xx1.0"
    assert device.identity.last_update == datetime.fromtimestamp(1649753182, tz=UTC)
    s = device.settings
    assert s is not None
    assert (s.charge_power, s.discharge_power, s.discharge_stop_soc) == (100, 100, 5)
    assert s.on is None
    assert s.export_limit_enabled is False
    assert s.charge_stop_soc is None


def test_tlx_v1_last_data_sample() -> None:
    last = {
        "serialNum": "AFE494403F", "time": "2022-04-09 14:52:39", "lost": False,
        "pac": 2503.8, "ppv": 2558.7, "epv1Today": 13.2, "epv2Today": 8.2,
        "epvTotal": 1833.0, "etoGridTotal": 0, "bdc1Soc": 0, "bmsSoc": 0,
        "warnCode": 220,
    }  # fmt: skip
    device = tlx.from_v1(None, last_data={"data": last})
    assert device.identity.serial == "AFE494403F"
    assert device.energy.pv_today == pytest.approx(21.4)
    assert device.telemetry.soc == 0.0
    assert device.settings is None


# getMixInfo, getEnergyOverview, getSystemStatus_KW, getEnergyProdAndCons_KW,
# getMixSetParams
MIX_INFO = {
    "capacity": "45", "soc": "45%", "vbat": 52.1, "vbatdsp": 51.8, "vpv1": 310.2,
    "vpv2": 0, "pCharge1": 0, "pDischarge1": 430, "isCharge": 0,
    "eBatChargeToday": 2.1, "eBatChargeTotal": 402.7, "eBatDisChargeToday": 3.4,
    "eBatDisChargeTotal": 380.0, "epvToday": 6.2, "epvTotal": 2810.5,
    "acChargeEnergyToday": 2.7, "acChargeEnergyTotal": 25.3, "acChargePower": 0,
}  # fmt: skip
MIX_TOTALS = {
    "echargetoday": "2.1", "echargetotal": "402.7", "edischarge1Today": "3.4",
    "edischarge1Total": "380.0", "elocalLoadToday": "12.1",
    "elocalLoadTotal": "8123.4", "epvToday": "6.2", "epvTotal": "2810.5",
    "etoGridToday": "0.4", "etogridTotal": "97.3", "unit": "£",
}  # fmt: skip
MIX_STATUS = {
    "SOC": "78", "chargePower": "0", "pdisCharge1": "0.43", "pLocalLoad": "0.61",
    "pPv1": "0.2", "pPv2": "0", "ppv": "0.2", "pactogrid": "0", "pactouser": "0.02",
    "vAc1": "241.3", "vBat": "52.1", "vPv1": "310.2", "vPv2": "0", "fAc": "50",
    "lost": "mix.status.normal", "status": "6", "priorityChoose": "0", "unit": "kW",
}  # fmt: skip
MIX_DETAIL = {
    "chartData": {"00:05": {"ppv": "0"}}, "eCharge": "9.8", "eChargeToday1": "3.4",
    "elocalLoad": "12.1", "etouser": "7.5", "unit": "kWh",
}  # fmt: skip
MIX_SETTINGS = {
    "result": 1, "msg": "msg",
    "obj": {"mixBean": {
        "chargePowerCommand": "100", "acChargeEnable": "1", "wchargeSOCLowLimit1": "95",
        "wchargeSOCLowLimit2": "90", "disChargePowerCommand": "80",
        "wdisChargeSOCLowLimit1": "15", "wdisChargeSOCLowLimit2": "10",
        "forcedChargeTimeStart1": "1:0", "forcedChargeTimeStop1": "5:0",
        "forcedChargeStopSwitch1": "1", "forcedDischargeTimeStart1": "17:30",
        "forcedDischargeTimeStop1": "20:0", "forcedDischargeStopSwitch1": "0",
        "loadFirstStopSocSet": "12", "priorityChoose": "0", "exportLimit": "1",
        "exportLimitPowerRate": "50", "onOff": "1", "serialNum": "KHM0A1B2C3",
        "lastUpdateTime": "Wed Dec 20 06:09:18 CST 2023",
    }},
}  # fmt: skip


def test_mix_legacy_samples() -> None:
    device = mix.from_legacy(
        MIX_INFO,
        totals=MIX_TOTALS,
        system_status=MIX_STATUS,
        detail=MIX_DETAIL,
        settings=MIX_SETTINGS,
    )
    t = device.telemetry
    assert (t.pv_power, t.load_power, t.import_power) == (200.0, 610.0, 20.0)
    assert t.battery_discharge_power == 430.0  # mix_info's W figure
    assert t.soc == 78.0
    assert t.pv_strings[0].power == 200.0
    assert t.pv_strings[0].voltage == 310.2
    assert t.ac_power is None  # no legacy source without the device list
    e = device.energy
    assert (e.export_today, e.export_total) == (0.4, 97.3)
    assert (e.import_today, e.load_today) == (7.5, 12.1)
    assert e.self_today == pytest.approx(4.6)
    assert e.ac_charge_total == 25.3
    assert e.import_total is None
    s = device.settings
    assert s is not None
    assert (s.charge_stop_soc, s.discharge_stop_soc) == (90, 10)  # the "2" keys
    assert (s.load_first_stop_soc, s.export_limit_rate) == (12, 50.0)
    assert s.export_limit_enabled is True
    assert s.charge_periods[0].start == time(1, 0)
    assert s.charge_periods[0].mode is BatteryMode.BATTERY_FIRST
    assert s.discharge_periods[0].enabled is False
    assert s.discharge_periods[0].start == time(17, 30)
    assert device.identity.last_update is not None
    assert device.identity.last_update.astimezone(UTC) == datetime(
        2023, 12, 19, 22, 9, 18, tzinfo=UTC
    )


def test_mix_v1_ha_fixture_padded_times() -> None:
    """Home Assistant's test fixture pads times ("01:00") and puts realtime keys in the detail."""
    detail = {
        "bmsSOC": 75, "vbat": 52.4, "vpv1": 380.0, "vpv2": 370.0, "vac1": 230.0,
        "pcharge1": 1200, "pdischarge1": 0, "pacToGridTotal": 0.5, "fac": 50.0,
        "temp1": 35.0, "chargePowerCommand": 100, "wchargeSOCLowLimit": 90,
        "acChargeEnable": 1, "forcedChargeTimeStart1": "01:00",
        "forcedChargeTimeStop1": "05:00", "forcedChargeStopSwitch1": 1,
        "disChargePowerCommand": 100, "wdisChargeSOCLowLimit": 10,
        "forcedDischargeTimeStart1": "10:00", "forcedDischargeTimeStop1": "16:00",
        "forcedDischargeStopSwitch1": 1,
    }  # fmt: skip
    energy = {
        "ppv1": 800, "ppv2": 700, "ppv": 1500, "echarge1Today": 5.0,
        "echarge1Total": 120.0, "edischarge1Today": 3.0, "edischarge1Total": 90.0,
        "epvtoday": 8.0, "epvTotal": 2000.0, "eselfToday": 7.5, "etoUserToday": 1.5,
        "etoGridToday": 2.0, "etogridTotal": 500.0, "elocalLoadToday": 9.0,
        "elocalLoadTotal": 1800.0, "time": "2024-01-15 12:30:00",
    }  # fmt: skip
    device = mix.from_v1(detail, last_data=energy)
    assert device.telemetry.soc == 75.0
    assert device.telemetry.battery_charge_power == 1200.0
    assert device.telemetry.pv_power == 1500.0
    assert device.energy.pv_today == 8.0
    assert device.energy.charge_today == 5.0
    assert device.energy.export_total == 500.0
    assert device.energy.self_today == 7.5
    assert device.identity.last_update == datetime(2024, 1, 15, 12, 30)
    s = device.settings
    assert s is not None
    assert s.charge_periods[0].start == time(1, 0)
    assert s.discharge_periods[0].end == time(16, 0)
    assert (s.charge_stop_soc, s.discharge_stop_soc, s.ac_charge) == (90, 10, True)


def test_storage_params_real_dump_numbers_and_unit_strings() -> None:
    """A real storage dump: numbers with float noise, and elsewhere "44%" strings."""
    params = {
        "storageDetailBean": {
            "outPutPower": 54, "capacity": 98, "eChargeToday": 7.8,
            "eChargeTotal": 1767.3999999999999, "vBat": 53.08000183105469,
            "pAcCharge": 0, "eToUserToday": 0, "eToUserTotal": 0, "bmsSoh": 0,
            "vBuckText": "0.0 V",
        },
        "storageBean": {"outputConfig": "0"},
    }  # fmt: skip
    device = storage.from_legacy(params)
    assert device.telemetry.load_power == 54.0
    assert device.telemetry.soc == 98.0
    assert device.energy.charge_total == pytest.approx(1767.4)
    assert device.settings is not None
    assert device.settings.priority == 0
    other = storage.from_legacy(
        {"storageDetailBean": {"capacity": "44%", "outputConfig": 2}}
    )
    assert other.telemetry.soc == 44.0
    assert other.settings is not None
    assert other.settings.priority == 2


def test_storage_energy_overview_sample() -> None:
    overview = {
        "result": 1, "msg": "",
        "obj": {
            "epvToday": "4.1", "epvTotal": "2210.7", "eChargeToday": "3.0",
            "eChargeTotal": "1767.4", "eDischargeToday": "2.2",
            "eDischargeTotal": "1502.9", "eToUserToday": "1.1", "eToUserTotal": "980.4",
            "eToGridToday": "0", "eToGridTotal": "0", "useEnergyToday": "6.3",
            "useEnergyTotal": "4101.2",
        },
    }  # fmt: skip
    e = storage.from_legacy(None, energy_overview=overview).energy
    assert (e.pv_today, e.discharge_total, e.import_total) == (4.1, 1502.9, 980.4)
    assert (e.load_total, e.self_today) == (4101.2, pytest.approx(5.2))


def test_inverter_detail_sample() -> None:
    detail = {
        "powerToday": 5.3, "powerTotal": 1630.7, "pac": 1250.5, "ppv": 1290.1,
        "ppv1": 700.2, "ppv2": 589.9, "ppv3": 0, "vpv1": 312.5, "ipv1": 2.24,
        "vpv2": 305.1, "ipv2": 1.93, "vpv3": 0, "ipv3": 0, "vacr": 231.2, "vacs": 0,
        "vact": 0, "iacr": 5.4, "iacs": 0, "iact": 0, "fac": 50.01,
        "epv1Today": 2.8, "epv2Today": 2.5, "epvTotal": 1630.7, "temperature": 38.5,
        "ipmTemperature": 40.1, "status": 1, "statusText": "Normal",
        "time": "2025-01-02 12:04:05",
    }  # fmt: skip
    info = {
        "sn": "XYZ", "alias": "Garage", "datalogSn": "DL1",
        "deviceModel": "GROWATT 3000MTL-S", "fwVersion": "AH1.0", "onOff": "1",
        "activeRate": "100", "lost": "false", "nominalPower": "3600",
    }  # fmt: skip
    device = inverter.from_legacy(detail, settings=info)
    assert device.identity.serial == "XYZ"
    assert device.identity.model == "GROWATT 3000MTL-S"
    assert device.identity.online is True
    assert device.telemetry.ac_current == 5.4
    assert len(device.telemetry.pv_strings) == 3
    assert device.energy.ac_today == 5.3
    assert device.energy.pv_today == pytest.approx(5.3)
    assert device.settings is not None
    assert (device.settings.on, device.settings.active_power_rate) == (True, 100)


def test_noah_library_docstring_units_and_null_soc() -> None:
    """growattServer's docstring: "200Watt" and "20.5kWh" strings, a null SOC, a numeric work mode."""
    status = {
        "msg": "", "result": 1,
        "obj": {
            "chargePower": "200Watt", "disChargePower": "200Watt", "workMode": 0,
            "soc": None, "pac": "200Watt", "ppv": "200Watt", "eacToday": "20.5kWh",
            "eacTotal": "20.5kWh", "alias": "NOAH", "moneyUnit": "€",
            "profitTotal": 0.0, "plantId": "1234567", "status": None,
        },
    }  # fmt: skip
    device = noah.from_legacy(status, serial="0PVP50ZR16ST00CB")
    assert device.identity.serial == "0PVP50ZR16ST00CB"
    assert device.identity.plant_id == "1234567"
    assert device.telemetry.pv_power == 200.0
    assert device.telemetry.soc is None
    assert device.telemetry.status is None
    assert device.energy.ac_today == 20.5
    assert device.settings is None


def test_noah_recent_capture_and_segments() -> None:
    status = {
        "soc": "56", "chargePower": "112", "disChargePower": "0", "pac": "0",
        "ppv": "112", "eacToday": "1.4", "eacTotal": "118.2", "workMode": "2",
        "status": "6", "loadPower": "387", "gridPower": "387",
    }  # fmt: skip
    info = {
        "result": 1,
        "obj": {
            "noah": {
                "time_segment": {
                    "time_segment1": "0_0:0_8:0_150",
                    "time_segment2": "1_8:0_18:0_0_0",
                    "time_segment3": "garbage",
                },
                "chargingSocHighLimit": "100", "chargingSocLowLimit": "10",
                "defaultPower": "200", "deviceSn": "0PVP50ZR16ST00CB",
                "version": "V1.0", "model": "Noah 2000",
            }
        },
    }  # fmt: skip
    device = noah.from_legacy(status, info=info)
    assert device.identity.online is True
    assert device.identity.model == "Noah 2000"
    assert device.telemetry.import_power == 387.0
    s = device.settings
    assert s is not None
    assert s.work_mode is NoahMode.SMART  # no defaultMode: the status's mode
    assert (s.charge_soc_high, s.discharge_soc_low, s.default_power) == (100, 10, 200)
    assert len(s.time_segments) == 2
    one, two = s.time_segments
    assert (one.index, one.mode, one.start, one.end, one.power) == (
        1,
        NoahMode.LOAD_FIRST,
        time(0, 0),
        time(8, 0),
        150,
    )
    assert (two.mode, two.power, two.enabled) == (NoahMode.BATTERY_FIRST, 0, True)


def test_noah_segments_as_list_of_maps() -> None:
    segments = noah.time_segments([{"time_segment2": "1_8:0_18:0_0"}, {"x": None}])
    assert [s.index for s in segments] == [2]


def test_plant_legacy_samples() -> None:
    entry = {
        "isHaveStorage": "false", "currentPower": "0 W", "totalEnergy": "2.56 MWh",
        "plantMoneyText": "0.0 ", "plantId": "2016929", "todayEnergy": "9.3 kWh",
        "plantName": "SYLVESTER-BRADLEY CB8",
    }  # fmt: skip
    listed = plant.from_legacy(entry)
    assert listed.plant_id == "2016929"
    assert (listed.energy_total, listed.energy_today) == (2560.0, 9.3)
    assert listed.current_power == 0.0
    assert listed.money_total == 0.0
    info = {
        "deviceList": [], "todayEnergy": "0.2", "totalEnergy": "27.3",
        "invTodayPpv": "0", "nominalPower": 800, "plantMoneyText": "0.1/€",
        "totalMoneyText": "8.19",
    }  # fmt: skip
    settings = {
        "id": 1234567, "plantName": "My plant", "country": "Germany", "city": "Ulm",
        "timezone": 1, "nominalPower": 800, "formulaMoneyUnitId": "EUR",
        "moneyUnitText": "€",
    }  # fmt: skip
    full = plant.from_legacy(None, info=info, settings=settings)
    assert full.plant_id == "1234567"
    assert (full.energy_today, full.energy_total) == (0.2, 27.3)
    assert (full.money_today, full.money_total, full.currency) == (0.1, 8.19, "EUR")
    assert full.timezone == "GMT+1"
    assert full.nominal_power == 800.0


def test_plant_v1_samples() -> None:
    entry = {
        "plant_id": 3127501, "name": "Balkondach", "country": "Germany",
        "city": "Günzburg", "peak_power": 0.8, "current_power": "91.8",
        "total_energy": "45",
    }  # fmt: skip
    data = {
        "data": {
            "current_power": 0, "today_energy": "0.2", "monthly_energy": "17.8",
            "total_energy": "45.1", "timezone": "GMT+1",
        },
        "error_code": 0,
    }  # fmt: skip
    model = plant.from_v1(entry, data=data)
    assert model.plant_id == "3127501"
    assert model.nominal_power == 800.0
    assert model.current_power == 0.0  # plant/data wins over the list
    assert (model.energy_today, model.energy_total) == (0.2, 45.1)
    assert model.timezone == "GMT+1"
    assert plant.from_v1(entry).current_power == 91.8
