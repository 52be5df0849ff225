"""The real growattServer OpenApiV1 library (and its Min and Sph devices) against the emulator."""

from __future__ import annotations

from datetime import date, time

import growattServer
from growattServer.exceptions import GrowattV1ApiError
from growattServer.open_api_v1 import Min, Sph
import pytest

from emulator.model import Device
from emulator.world import EmulatorConfig
from tests.conftest import Emulator
from tests.emulator.conftest import V1Library

DAY = date(2025, 6, 1)


@pytest.fixture
def emulator_config() -> EmulatorConfig:
    """No rate limits: the library re-reads what it just wrote."""
    return EmulatorConfig(v1_rate_scale=0)


def _device(emulator: Emulator, sn: str) -> Device:
    device = emulator.world.accounts[0].device(sn)
    assert device is not None
    return device


async def test_plants(emulator: Emulator, v1_library: V1Library) -> None:
    plants = await v1_library.call("plant_list")
    assert plants["count"] == 4
    assert plants["plants"][0]["plant_id"] == 1234567
    details = await v1_library.call("plant_details", 1234567)
    assert details["name"] == "Home"
    overview = await v1_library.call("plant_energy_overview", 1234567)
    assert float(overview["total_energy"]) > float(overview["today_energy"]) > 0
    power = await v1_library.call("plant_power_overview", 1234567, DAY)
    assert power["count"] == len(power["powers"]) == 144
    # The library's default day is the machine's today, not the emulator's.
    assert "powers" in await v1_library.call("plant_power_overview", 1234568)
    history = await v1_library.call(
        "plant_energy_history", 1234567, date(2025, 5, 30), DAY, "day"
    )
    assert [e["date"] for e in history["energys"]] == [
        "2025-05-30",
        "2025-05-31",
        "2025-06-01",
    ]
    months = await v1_library.call(
        "plant_energy_history", 1234567, date(2025, 1, 1), DAY, "month", 1, 3
    )
    assert months["count"] == 6
    assert len(months["energys"]) == 3
    devices = await v1_library.call("device_list", 1234567)
    assert {(d["device_sn"], d["type"]) for d in devices["devices"]} == {
        ("TLX0000001", 7),
        ("INV0000001", 1),
    }


async def test_get_device(v1_library: V1Library) -> None:
    assert isinstance(await v1_library.call("get_device", "TLX0000001", 7), Min)
    assert isinstance(await v1_library.call("get_device", "MIX0000001", 5), Sph)
    with pytest.warns(UserWarning):
        assert await v1_library.call("get_device", "INV0000001", 1) is None


async def test_min_reads(emulator: Emulator, v1_library: V1Library) -> None:
    device = _device(emulator, "TLX0000001")
    detail = await v1_library.call("min_detail", "TLX0000001")
    assert detail["serialNum"] == "TLX0000001"
    assert (
        detail["tlxSetbean"]["wdisChargeSOCLowLimit"]
        == device.settings.discharge_stop_soc
    )
    energy = await v1_library.call("min_energy", "TLX0000001")
    assert energy["pac"] == pytest.approx(device.telemetry.ac_power, abs=0.05)
    history = await v1_library.call(
        "min_energy_history", "TLX0000001", DAY, DAY, None, 2, 50
    )
    assert 143 <= history["count"] <= 144  # one record per 5-minute upload
    assert len(history["datas"]) == 50
    # The 51st upload of the day.
    assert "2025-06-01 04:10" < history["datas"][0]["time"] < "2025-06-01 04:20"
    settings = await v1_library.call("min_settings", "TLX0000001")
    assert settings["chargePowerCommand"] == device.settings.charge_power
    value = await v1_library.call("min_read_parameter", "TLX0000001", "discharge_power")
    assert value == str(device.settings.discharge_power)
    register = await v1_library.call("min_read_parameter", "TLX0000001", None, 3000)
    assert register == "0"


async def test_min_writes_read_back(emulator: Emulator, v1_library: V1Library) -> None:
    assert (
        await v1_library.call("min_write_parameter", "TLX0000001", "charge_power", 65)
        == ""
    )
    assert (
        await v1_library.call("min_write_parameter", "TLX0000001", "ac_charge", [1])
        == ""
    )
    assert (
        await v1_library.call(
            "min_write_parameter", "TLX0000001", "backflow_setting", {1: 1, 2: 40}
        )
        == ""
    )
    settings = _device(emulator, "TLX0000001").settings
    assert (settings.charge_power, settings.ac_charge) == (65, True)
    assert (settings.export_limit_mode, settings.export_limit_rate) == (1, 40)
    assert (
        await v1_library.call("min_read_parameter", "TLX0000001", "backflow_setting")
        == "1_40"
    )
    result = await v1_library.call(
        "min_write_time_segment", "TLX0000001", 3, 2, time(17, 5), time(21, 0), True
    )
    assert result == ""
    segments = await v1_library.call("min_read_time_segments", "TLX0000001")
    assert len(segments) == 9
    assert segments[2] == {
        "segment_id": 3,
        "batt_mode": 2,
        "mode_name": "Grid First",
        "start_time": "17:05",
        "end_time": "21:00",
        "enabled": True,
    }
    assert segments[0]["enabled"] is False
    raw = await v1_library.call("min_settings", "TLX0000001")
    assert (
        await v1_library.call("min_read_time_segments", "TLX0000001", raw) == segments
    )
    assert raw["chargePowerCommand"] == 65
    assert raw["acChargeEnable"] == 1


async def test_min_write_errors(v1_library: V1Library) -> None:
    with pytest.raises(GrowattV1ApiError) as err:
        await v1_library.call("min_write_parameter", "TLX0000001", "charge_power", 150)
    assert err.value.error_code == 10008
    with pytest.raises(GrowattV1ApiError) as err:
        await v1_library.call(
            "min_write_time_segment", "TLX0000001", 1, 1, time(9, 0), time(8, 0)
        )
    assert err.value.error_code == 10013
    with pytest.raises(GrowattV1ApiError) as err:
        await v1_library.call("min_read_parameter", "TLX0000001", "no_such_parameter")
    assert err.value.error_code == 10009
    with pytest.raises(GrowattV1ApiError) as err:
        await v1_library.call("min_detail", "SPH_UNKNOWN")
    assert err.value.error_code == 10002


async def test_sph_reads(emulator: Emulator, v1_library: V1Library) -> None:
    device = _device(emulator, "MIX0000001")
    detail = await v1_library.call("sph_detail", "MIX0000001")
    assert detail["serialNum"] == "MIX0000001"
    energy = await v1_library.call("sph_energy", "MIX0000001")
    assert energy["ppv"] == pytest.approx(device.telemetry.pv_power, abs=0.05)
    history = await v1_library.call(
        "sph_energy_history", "MIX0000001", date(2025, 5, 31), DAY
    )
    assert history["count"] == 288 + 144
    assert history["mix_sn"] == "MIX0000001"
    assert await v1_library.call("sph_read_parameter", "MIX0000001", "pv_on_off") == "1"
    with pytest.raises(GrowattV1ApiError) as err:
        await v1_library.call("sph_read_parameter", "MIX0000001", None, 1000, 1001)
    assert err.value.error_code == 10009


async def test_sph_writes_read_back(emulator: Emulator, v1_library: V1Library) -> None:
    charge = [
        {"start_time": time(1, 0), "end_time": time(5, 30), "enabled": True},
        {"start_time": time(0, 0), "end_time": time(0, 0), "enabled": False},
        {"start_time": time(0, 0), "end_time": time(0, 0), "enabled": False},
    ]
    assert (
        await v1_library.call(
            "sph_write_ac_charge_times", "MIX0000001", 70, 95, True, charge
        )
        == ""
    )
    discharge = [
        {"start_time": time(17, 0), "end_time": time(21, 0), "enabled": True},
        {"start_time": time(0, 0), "end_time": time(0, 0), "enabled": False},
        {"start_time": time(0, 0), "end_time": time(0, 0), "enabled": False},
    ]
    assert (
        await v1_library.call(
            "sph_write_ac_discharge_times", "MIX0000001", 80, 15, discharge
        )
        == ""
    )
    read_charge = await v1_library.call("sph_read_ac_charge_times", "MIX0000001")
    assert read_charge == {
        "charge_power": 70,
        "charge_stop_soc": 95,
        "mains_enabled": True,
        "periods": [
            {
                "period_id": 1,
                "start_time": "01:00",
                "end_time": "05:30",
                "enabled": True,
            },
            {
                "period_id": 2,
                "start_time": "00:00",
                "end_time": "00:00",
                "enabled": False,
            },
            {
                "period_id": 3,
                "start_time": "00:00",
                "end_time": "00:00",
                "enabled": False,
            },
        ],
    }
    detail = await v1_library.call("sph_detail", "MIX0000001")
    read_discharge = await v1_library.call(
        "sph_read_ac_discharge_times", "MIX0000001", detail
    )
    assert read_discharge["discharge_power"] == 80
    assert read_discharge["discharge_stop_soc"] == 15
    assert read_discharge["periods"][0] == {
        "period_id": 1,
        "start_time": "17:00",
        "end_time": "21:00",
        "enabled": True,
    }
    assert (
        await v1_library.call("sph_write_parameter", "MIX0000001", "pv_on_off", "0")
        == ""
    )
    assert _device(emulator, "MIX0000001").settings.on is False
    assert (
        await v1_library.call(
            "sph_write_parameter", "MIX0000001", "mix_load_flast_value_multi", [25]
        )
        == ""
    )
    assert _device(emulator, "MIX0000001").settings.load_first_stop_soc == 25
    with pytest.raises(GrowattV1ApiError) as err:
        await v1_library.call(
            "sph_write_parameter", "MIX0000001", "mix_load_flast_value_multi", {1: 200}
        )
    assert err.value.error_code == 10008


async def test_device_objects(emulator: Emulator, v1_library: V1Library) -> None:
    """`Min` and `Sph` from get_device use the same endpoints."""
    api = v1_library.api
    tlx = api.get_device("TLX0000001", 7)
    mix = api.get_device("MIX0000001", 5)
    assert (await v1_library.run(tlx.detail))["serialNum"] == "TLX0000001"
    assert "pac" in await v1_library.run(tlx.energy)
    assert (await v1_library.run(tlx.energy_history, DAY, DAY))[
        "tlx_sn"
    ] == "TLX0000001"
    assert "time1Mode" in await v1_library.run(tlx.settings)
    assert await v1_library.run(tlx.write_parameter, "discharge_stop_soc", 30) == ""
    assert await v1_library.run(tlx.read_parameter, "discharge_stop_soc") == "30"
    assert (
        await v1_library.run(
            tlx.write_time_segment, 9, 1, time(2, 0), time(4, 0), False
        )
        == ""
    )
    segments = await v1_library.run(tlx.read_time_segments)
    assert segments[8]["start_time"] == "02:00"
    assert segments[8]["enabled"] is False
    assert (await v1_library.run(mix.detail))["deviceType"] == 5
    assert "soc" in await v1_library.run(mix.energy)
    assert (await v1_library.run(mix.energy_history, DAY, DAY))["count"] == 144
    assert await v1_library.run(mix.read_parameter, "pv_on_off") == "1"
    assert (
        await v1_library.run(mix.write_parameter, "backflow_setting", ["1", "50"]) == ""
    )
    assert await v1_library.run(mix.read_parameter, "backflow_setting") == "1_50"
    periods = [{"start_time": time(0, 0), "end_time": time(0, 0), "enabled": False}] * 3
    assert (
        await v1_library.run(mix.write_ac_charge_times, 100, 100, False, periods) == ""
    )
    assert await v1_library.run(mix.write_ac_discharge_times, 100, 10, periods) == ""
    assert (await v1_library.run(mix.read_ac_charge_times))["mains_enabled"] is False
    assert (await v1_library.run(mix.read_ac_discharge_times))[
        "discharge_stop_soc"
    ] == 10


async def test_library_sees_rate_limit_and_bad_token(
    emulator: Emulator, v1_library: V1Library
) -> None:
    emulator.world.config.v1_rate_scale = 1.0
    await v1_library.call("plant_list")
    with pytest.raises(GrowattV1ApiError) as err:
        await v1_library.call("plant_list")
    assert (err.value.error_code, err.value.error_msg) == (
        10012,
        "error_frequently_access",
    )
    v1_library.api.session.headers["token"] = "6eb6f069523055a339d71e5b1f6c88cc"
    with pytest.raises(GrowattV1ApiError) as err:
        await v1_library.call("plant_details", 1234567)
    assert err.value.error_code == growattServer.GrowattV1ApiErrorCode.NO_PRIVILEGE
