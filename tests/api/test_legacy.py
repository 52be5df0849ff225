"""Every legacy method against the emulator: the request it sends, the answer it returns."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

import pytest

from custom_components.growatt.api import (
    DEFAULT_USER_AGENT,
    GrowattApi,
    GrowattApiError,
    GrowattParseError,
    Timespan,
    hash_password,
)
from emulator.model import Device
from tests.conftest import Emulator

from .conftest import (
    CABIN,
    FLAT,
    GARAGE,
    HOME,
    INVERTER,
    MAX,
    MIX,
    NOAH,
    SPA,
    SPF,
    TLX,
    TLX_BATTERY,
    USER_ID,
)

DAY = datetime(2025, 6, 1, 10, 0, tzinfo=UTC)


def device(emulator: Emulator, sn: str) -> Device:
    found = emulator.world.find_device(sn)
    assert found is not None
    return found[2]


def last_request(emulator: Emulator) -> dict[str, Any]:
    return emulator.requests("legacy")[-1]


async def test_login_adds_user_id_and_level(
    api: GrowattApi, emulator: Emulator
) -> None:
    back = await api.login("demo", "demo")
    assert back["success"] is True
    assert back["userId"] == USER_ID == back["user"]["id"] == api.user_id
    assert back["userLevel"] == back["user"]["rightlevel"] == api.user_level
    request = last_request(emulator)
    assert (request["method"], request["path"]) == ("POST", "/newTwoLoginAPI.do")
    assert request["params"]["userName"] == "demo"


async def test_login_with_hashed_password(api: GrowattApi) -> None:
    back = await api.login("demo", hash_password("demo"), True)
    assert back["userId"] == USER_ID


async def test_user_agent_options(emulator: Emulator) -> None:
    """GrowattApi(), GrowattApi(True) and GrowattApi(False, agent) as in the library."""
    plain, suffixed, custom = (
        GrowattApi(server_url=emulator.url),
        GrowattApi(True, server_url=emulator.url),
        GrowattApi(False, "my_agent", server_url=emulator.url),
    )
    for client in (plain, suffixed, custom):
        async with client:
            await client.login("demo", "demo")
    agents = [r["user_agent"] for r in emulator.requests("legacy")]
    assert agents[0] == DEFAULT_USER_AGENT
    assert agents[1].startswith(DEFAULT_USER_AGENT + " - ")
    assert agents[1][-5:].isdigit()
    assert agents[2] == "my_agent"


async def test_plant_list(logged_in: GrowattApi, emulator: Emulator) -> None:
    back = await logged_in.plant_list(USER_ID)
    assert [p["plantId"] for p in back["data"]] == [
        str(HOME),
        str(GARAGE),
        str(CABIN),
        str(FLAT),
    ]
    assert back["data"][0]["plantName"] == "Home"
    assert back["totalData"]["todayEnergySum"].endswith("kWh")
    assert last_request(emulator)["params"] == {"userId": str(USER_ID)}


async def test_plant_list_two(logged_in: GrowattApi) -> None:
    plants = await logged_in.plant_list_two()
    assert {p["id"] for p in plants} == {HOME, GARAGE, CABIN, FLAT}


async def test_plant_info_and_device_list(logged_in: GrowattApi) -> None:
    info = await logged_in.plant_info(HOME)
    assert "/" in info["plantMoneyText"]
    assert [d["deviceSn"] for d in info["invList"]] == [TLX]
    devices = await logged_in.device_list(GARAGE)
    assert {d["deviceSn"]: d["deviceType"] for d in devices} == {
        MIX: "mix",
        MAX: "max",
    }


async def test_device_list_falls_back_to_get_all_device_list(
    logged_in: GrowattApi, emulator: Emulator
) -> None:
    """TLX plants list their devices only in invList; getAllDeviceList has them."""
    home = emulator.world.accounts[0].plants[0]
    home.devices = [d for d in home.devices if d.sn != INVERTER]
    emulator.world.requests.clear()
    devices = await logged_in.device_list(HOME)
    assert [r["op"] for r in emulator.requests("legacy")] == [
        "getAllDeviceListTwo",
        "getAllDeviceList",
    ]
    assert {d["deviceSn"]: d["deviceType"] for d in devices} == {
        TLX: "tlx",
        TLX_BATTERY: "bat",
    }


async def test_inverter_list_is_deprecated(logged_in: GrowattApi) -> None:
    with pytest.warns(DeprecationWarning):
        devices = await logged_in.inverter_list(GARAGE)
    assert {d["deviceSn"] for d in devices} == {MIX, MAX}


async def test_plant_settings_and_energy(logged_in: GrowattApi) -> None:
    settings = await logged_in.plant_settings(HOME)
    assert (settings["id"], settings["plantName"]) == (HOME, "Home")
    energy = await logged_in.plant_energy_data(HOME)
    assert energy["plantBean"]["id"] == HOME
    assert energy["todayStr"].endswith("kWh")


@pytest.mark.parametrize(
    ("timespan", "date_param"),
    [
        (Timespan.day, "2025-06-01"),
        (Timespan.month, "2025-06"),
        (Timespan.year, "2025"),
    ],
)
async def test_plant_detail_dates(
    logged_in: GrowattApi,
    emulator: Emulator,
    timespan: Timespan,
    date_param: str,
) -> None:
    back = await logged_in.plant_detail(HOME, timespan, DAY)
    assert back["plantData"]["plantId"] == str(HOME)
    assert last_request(emulator)["params"] == {
        "plantId": str(HOME),
        "type": str(int(timespan)),
        "date": date_param,
    }


async def test_dashboard_data(logged_in: GrowattApi, emulator: Emulator) -> None:
    data = await logged_in.dashboard_data(GARAGE, Timespan.hour, DAY)
    assert data["etouser"].endswith("kWh")
    request = last_request(emulator)
    assert request["method"] == "POST"
    assert request["op"] == "getEnergyStorageData"
    assert request["params"]["date"] == "2025-06-01"


async def test_classic_inverter_reads(logged_in: GrowattApi) -> None:
    detail = await logged_in.inverter_detail(INVERTER)
    assert detail["pac"] > 0  # noon in June
    two = await logged_in.inverter_detail_two(INVERTER)
    assert "e_today" in two["data"]
    data = await logged_in.inverter_data(INVERTER, DAY)
    assert data
    info = await logged_in.classic_inverter_info(INVERTER)
    assert info["sn"] == INVERTER
    assert info["onOff"] == "1"


async def test_inverter_data_of_a_tlx_is_a_failure(logged_in: GrowattApi) -> None:
    """Growatt answers {"success": false, "msg": "501"} for NEO/TLX serials."""
    with pytest.raises(GrowattApiError) as err:
        await logged_in.inverter_data(TLX, DAY)
    assert err.value.code == "501"


async def test_classic_inverter_info_without_data(logged_in: GrowattApi) -> None:
    with pytest.raises(GrowattParseError):
        await logged_in.classic_inverter_info("NOPE000000")


async def test_tlx_reads(logged_in: GrowattApi, emulator: Emulator) -> None:
    status = await logged_in.tlx_system_status(HOME, TLX)
    assert status["unit"] == "kW"
    assert float(status["ppv"]) > 0
    overview = await logged_in.tlx_energy_overview(HOME, TLX)
    assert float(overview["epvToday"]) > 0
    prod = await logged_in.tlx_energy_prod_cons(HOME, TLX, Timespan.hour, DAY)
    assert prod["chartData"]
    data = await logged_in.tlx_data(TLX, DAY)
    assert data["date"] == "2025-06-01"
    detail = await logged_in.tlx_detail(TLX)
    assert detail["data"]["serialNum"] == TLX
    params = await logged_in.tlx_params(TLX)
    assert params["newBean"]["serialNum"] == TLX
    settings = await logged_in.tlx_get_all_settings(TLX)
    assert settings is not None
    assert settings["charge_power"] == "100"
    assert await logged_in.tlx_all_settings(TLX) == settings
    enabled = await logged_in.tlx_get_enabled_settings(TLX)
    assert enabled["enable"]["ac_charge"] == "1"
    request = last_request(emulator)
    assert request["params"]["type"] == "5"
    assert request["params"]["deviceSn"] == TLX
    assert await logged_in.tlx_enabled_settings(TLX) == enabled


async def test_tlx_battery(logged_in: GrowattApi) -> None:
    info = await logged_in.tlx_battery_info(TLX_BATTERY)
    assert info["serialNum"] == TLX_BATTERY
    detailed = await logged_in.tlx_battery_info_detailed(HOME, TLX_BATTERY)
    assert detailed["data"]["soc"] == info["soc"]


async def test_mix_reads(logged_in: GrowattApi, emulator: Emulator) -> None:
    info = await logged_in.mix_info(MIX, GARAGE)
    assert last_request(emulator)["params"]["plantId"] == str(GARAGE)
    assert "soc" in info
    await logged_in.mix_info(MIX)
    assert "plantId" not in last_request(emulator)["params"]
    totals = await logged_in.mix_totals(MIX, GARAGE)
    assert float(totals["epvToday"]) > 0
    status = await logged_in.mix_system_status(MIX, GARAGE)
    assert status["unit"] == "kW"
    detail = await logged_in.mix_detail(MIX, GARAGE, Timespan.hour, DAY)
    assert detail["chartData"]
    request = last_request(emulator)
    assert request["method"] == "POST"
    assert request["params"]["mixId"] == MIX
    settings = await logged_in.get_mix_inverter_settings(MIX)
    assert settings["obj"]["mixBean"]["serialNum"] == MIX


async def test_storage_reads(logged_in: GrowattApi) -> None:
    detail = await logged_in.storage_detail(SPF)
    assert detail
    params = await logged_in.storage_params(SPF)
    assert "storageDetailBean" in params
    overview = await logged_in.storage_energy_overview(CABIN, SPF)
    assert "epvToday" in overview


async def test_noah_reads(logged_in: GrowattApi) -> None:
    system = await logged_in.is_plant_noah_system(CABIN)
    assert system["obj"]["deviceSn"] == NOAH
    assert system["obj"]["isPlantNoahSystem"] is True
    status = await logged_in.noah_system_status(NOAH)
    assert status["result"] == 1
    assert "soc" in status["obj"]
    info = await logged_in.noah_info(NOAH)
    assert info["obj"]["noah"]["deviceSn"] == NOAH


async def test_foreign_serial_raises_api_error(logged_in: GrowattApi) -> None:
    """Growatt answers result 0 with a message; growattServer would return {}."""
    with pytest.raises(GrowattApiError) as err:
        await logged_in.tlx_system_status(HOME, "XXX0000000")
    assert err.value.error_msg


# -- writes -----------------------------------------------------------------------


async def test_update_tlx_inverter_setting_sends_everything_in_the_query(
    logged_in: GrowattApi, emulator: Emulator
) -> None:
    ack = await logged_in.update_tlx_inverter_setting(TLX, "charge_power", 70)
    assert ack == {"success": True, "msg": "inv_set_success"}
    assert device(emulator, TLX).settings.charge_power == 70
    request = last_request(emulator)
    assert request["params"] == {
        "op": "tlxSet",
        "serialNum": TLX,
        "type": "charge_power",
        "param1": "70",
    }
    await logged_in.update_tlx_inverter_setting(TLX, "discharge_power", [80])
    assert device(emulator, TLX).settings.discharge_power == 80
    await logged_in.update_tlx_inverter_setting(TLX, "ac_charge", {"param1": "1"})
    assert device(emulator, TLX).settings.ac_charge is True


async def test_update_tlx_time_segment_sends_a_padded_form(
    logged_in: GrowattApi, emulator: Emulator
) -> None:
    ack = await logged_in.update_tlx_inverter_time_segment(
        TLX, 1, 1, time(6, 5), time(8, 0), True
    )
    assert ack["success"] is True
    request = last_request(emulator)
    assert request["params"]["param2"] == "06"
    assert request["params"]["param3"] == "05"
    segment = device(emulator, TLX).settings.time_segments[0]
    assert (segment.start, segment.end, segment.enabled) == (time(6, 5), time(8), True)
    ack = await logged_in.update_tlx_inverter_time_segment(
        TLX, 2, 2, "22:0", "23:30", False
    )
    assert ack["success"] is True


async def test_update_tlx_time_segment_rejects_bad_times(logged_in: GrowattApi) -> None:
    with pytest.raises(ValueError, match="time of day"):
        await logged_in.update_tlx_inverter_time_segment(TLX, 1, 1, "six", "8:0", True)


async def test_failed_write_raises_with_the_servers_message(
    logged_in: GrowattApi,
) -> None:
    with pytest.raises(GrowattApiError) as err:
        await logged_in.update_tlx_inverter_setting(TLX, "charge_power", 170)
    assert err.value.error_msg


async def test_update_mix_and_ac_settings(
    logged_in: GrowattApi, emulator: Emulator
) -> None:
    ack = await logged_in.update_mix_inverter_setting(MIX, "mix_off_grid_enable", ["1"])
    assert ack["success"] is True
    assert device(emulator, MIX).settings.off_grid_enable is True
    assert last_request(emulator)["op"] == "mixSetApiNew"
    periods = ["50", "90", "1", "0", "30", "5", "0", "1"] + ["0"] * 10
    ack = await logged_in.update_ac_inverter_setting(
        SPA, "spa_ac_charge_time_period", periods[:2] + periods[3:]
    )
    assert ack["success"] is True
    assert device(emulator, SPA).settings.charge_power == 50


async def test_update_noah_settings_in_the_form(
    logged_in: GrowattApi, emulator: Emulator
) -> None:
    result = await logged_in.update_noah_settings(NOAH, "default_power", ["300"])
    assert result["result"] == 1
    assert device(emulator, NOAH).settings.default_power == 300
    assert last_request(emulator)["params"]["param1"] == "300"


async def test_classic_inverter_writes(
    logged_in: GrowattApi, emulator: Emulator
) -> None:
    ack = await logged_in.set_classic_inverter_active_power_rate(INVERTER, 60)
    assert ack["success"] is True
    assert device(emulator, INVERTER).settings.active_power_rate == 60
    assert last_request(emulator)["params"]["command_2"] == ""
    await logged_in.set_classic_inverter_on_off(INVERTER, False)
    assert device(emulator, INVERTER).settings.on is False
    await logged_in.update_classic_inverter_setting(
        {"action": "inverterSet", "serialNum": INVERTER},
        {"paramId": "pv_on_off", "command_1": "0001", "command_2": ""},
    )
    assert device(emulator, INVERTER).settings.on is True


async def test_update_plant_settings_is_multipart(
    logged_in: GrowattApi, emulator: Emulator
) -> None:
    result = await logged_in.update_plant_settings(HOME, {"plantName": "House"})
    assert result["success"] is True
    assert (await logged_in.plant_settings(HOME))["plantName"] == "House"
    update = [r for r in emulator.requests("legacy") if r["op"] == "updatePlant"][-1]
    assert update["params"]["plantFirm"] == "0"
    assert update["params"]["plantID"] == str(HOME)
    current = await logged_in.plant_settings(HOME)
    await logged_in.update_plant_settings(HOME, {"plantName": "Home"}, current)
    assert (await logged_in.plant_settings(HOME))["plantName"] == "Home"
