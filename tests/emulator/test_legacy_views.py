"""Legacy views follow the world: counters, sleep, lost devices, ownership, routing."""

from __future__ import annotations

from copy import deepcopy
from datetime import UTC, datetime, time
from typing import Any

import aiohttp
import pytest

from emulator.clock import Clock
from emulator.legacy.common import (
    co2_text,
    compact,
    energy_text,
    hm,
    java_date,
    java_date_text,
    power_text,
)
from emulator.model import Device
from emulator.world import EmulatorConfig, World
from emulator.worlds import DEFAULT_WORLD, build_world
from tests.conftest import START, Emulator
from tests.emulator.conftest import LEGACY_UA, legacy_json, uploaded

pytestmark = pytest.mark.usefixtures("socket_enabled")

HOME = "1234567"
OTHER_TLX = "OTH0000001"


@pytest.fixture
def world(emulator_config: EmulatorConfig) -> World:
    """The demo world plus a second account with a TLX of its own."""
    description = deepcopy(DEFAULT_WORLD)
    description["accounts"].append(
        {
            "username": "other",
            "password": "secret",
            "plants": [
                {
                    "plant_id": 7654321,
                    "name": "Elsewhere",
                    "devices": [{"sn": OTHER_TLX, "family": "tlx"}],
                }
            ],
        }
    )
    return build_world(
        description, clock=Clock(START, frozen=True), config=emulator_config
    )


def device(emulator: Emulator, sn: str) -> Device:
    found = emulator.world.find_device(sn)
    assert found is not None
    return found[2]


async def tlx_post(
    http: aiohttp.ClientSession, emulator: Emulator, op: str, sn: str = "TLX0000001"
) -> Any:
    return await legacy_json(
        http,
        emulator.url + "newTlxApi.do",
        "POST",
        params={"op": op},
        data={"plantId": HOME, "id": sn},
    )


async def inverter_detail(
    http: aiohttp.ClientSession, emulator: Emulator, sn: str = "INV0000001"
) -> Any:
    return await legacy_json(
        http,
        emulator.url + "newInverterAPI.do",
        params={"op": "getInverterDetailData", "inverterId": sn},
    )


async def test_daily_counters_reset_at_local_midnight_and_totals_grow(
    legacy_http: aiohttp.ClientSession, emulator: Emulator
) -> None:
    noon = (await tlx_post(legacy_http, emulator, "getEnergyOverview"))["obj"]
    assert float(noon["epvToday"]) > 1
    emulator.world.clock.advance(12.5 * 3600)  # 00:30 the next day in Berlin
    night = (await tlx_post(legacy_http, emulator, "getEnergyOverview"))["obj"]
    assert night["epvToday"] == "0"
    assert float(night["elocalLoadToday"]) < float(noon["elocalLoadToday"])
    assert float(night["epvTotal"]) > float(noon["epvTotal"])
    assert float(night["elocalLoadTotal"]) > float(noon["elocalLoadTotal"])


async def test_sleep_zero_totals_zeroes_lifetime_totals_at_night(
    legacy_http: aiohttp.ClientSession, emulator: Emulator
) -> None:
    """Some Growatt servers report lifetime totals as 0 while the inverter sleeps."""
    emulator.world.set_faults("demo", sleep_zero_totals=True)
    day = await inverter_detail(legacy_http, emulator)
    assert day["powerTotal"] > 0  # awake at noon: the fault changes nothing
    emulator.world.clock.advance(10 * 3600)  # 22:00 in Berlin
    night = await inverter_detail(legacy_http, emulator)
    assert device(emulator, "INV0000001").telemetry.sleeping
    assert night["powerTotal"] == 0
    assert night["epvTotal"] == 0
    assert night["powerToday"] >= day["powerToday"] > 0
    emulator.world.set_faults("demo", sleep_zero_totals=False)
    assert (await inverter_detail(legacy_http, emulator))["powerTotal"] > day[
        "powerTotal"
    ]


async def test_lost_device_reads_lost_with_zero_power(
    legacy_http: aiohttp.ClientSession, emulator: Emulator
) -> None:
    device(emulator, "TLX0000001").online = False
    emulator.world.clock.advance(300)
    status = (await tlx_post(legacy_http, emulator, "getSystemStatus_KW"))["obj"]
    assert status["status"] == "-1"
    assert status["lost"] == "tlx.status.lost"
    assert status["ppv"] == status["pac"] == status["pLocalLoad"] == "0"
    detail = await legacy_json(
        legacy_http,
        emulator.url + "newTlxApi.do",
        params={"op": "getTlxDetailData", "id": "TLX0000001"},
    )
    assert detail["data"]["lost"] is True
    assert detail["data"]["time"] == ""
    assert detail["data"]["pac"] == 0
    info = await legacy_json(
        legacy_http,
        emulator.url + "newTwoPlantAPI.do",
        params={"op": "getAllDeviceListTwo", "plantId": HOME},
    )
    entry = info["invList"][0]
    assert (entry["lost"], entry["deviceStatus"], entry["power"]) == (True, "-1", "0")
    assert float(entry["energy"]) > 0  # counters survive the outage
    battery = await legacy_json(
        legacy_http,
        emulator.url + "newTlxApi.do",
        "POST",
        params={"op": "getBatInfo"},
        data={"serialNum": "BAT0000001"},
    )
    assert battery["obj"]["lost"] is True


async def test_other_accounts_devices_are_refused(
    legacy_http: aiohttp.ClientSession, emulator: Emulator
) -> None:
    status = await tlx_post(legacy_http, emulator, "getSystemStatus_KW", sn=OTHER_TLX)
    assert status == {"result": 0, "msg": "error_permission_denied", "obj": None}
    detail = await legacy_json(
        legacy_http,
        emulator.url + "newTlxApi.do",
        params={"op": "getTlxDetailData", "id": OTHER_TLX},
    )
    assert detail == {"success": False, "msg": "error_permission_denied"}
    plant = await legacy_json(
        legacy_http,
        emulator.url + "newTwoPlantAPI.do",
        params={"op": "getAllDeviceListTwo", "plantId": "7654321"},
    )
    assert plant["success"] is False
    write = await legacy_json(
        legacy_http,
        emulator.url + "newTcpsetAPI.do",
        "POST",
        params={
            "op": "tlxSet",
            "serialNum": OTHER_TLX,
            "type": "charge_power",
            "param1": "50",
        },
    )
    assert write == {"success": False, "msg": "error_permission_denied"}
    assert device(emulator, OTHER_TLX).settings.charge_power == 100


async def test_unknown_op_gets_tomcat_400(
    legacy_http: aiohttp.ClientSession, emulator: Emulator
) -> None:
    async with legacy_http.get(
        emulator.url + "newTlxApi.do", params={"op": "nope"}, headers=LEGACY_UA
    ) as response:
        assert response.status == 400
        assert response.content_type == "text/html"
        assert "Parameter conditions" in await response.text()


async def test_op_may_sit_in_the_form(
    legacy_http: aiohttp.ClientSession, emulator: Emulator
) -> None:
    body = await legacy_json(
        legacy_http,
        emulator.url + "newTlxApi.do",
        "POST",
        data={"op": "getEnergyOverview", "id": "TLX0000001"},
    )
    assert body["result"] == 1


async def test_mix_plant_lists_storage_in_device_list(
    legacy_http: aiohttp.ClientSession, emulator: Emulator
) -> None:
    info = await legacy_json(
        legacy_http,
        emulator.url + "newTwoPlantAPI.do",
        params={"op": "getAllDeviceListTwo", "plantId": "1234568"},
    )
    mix = next(d for d in info["deviceList"] if d["deviceType"] == "mix")
    assert mix["capacity"] == f"{round(device(emulator, 'MIX0000001').telemetry.soc)}%"
    assert info["invList"] == []
    assert "/" in info["plantMoneyText"]


async def test_plant_list_totals_sum_the_plants(
    legacy_http: aiohttp.ClientSession, emulator: Emulator
) -> None:
    body = (
        await legacy_json(
            legacy_http, emulator.url + "PlantListAPI.do", params={"userId": "1000001"}
        )
    )["back"]
    total = sum(
        d.counters.life("pv")
        for p in emulator.world.accounts[0].plants
        for d in p.devices
    )
    assert body["totalData"]["totalEnergySum"] == energy_text(total)
    assert body["totalData"]["CO2Sum"] == co2_text(total * 0.4)


@pytest.mark.parametrize(
    ("kwh", "text"),
    [
        (0, "0 kWh"),
        (12.34, "12.3 kWh"),
        (999.9, "999.9 kWh"),
        (2562.4, "2.56 MWh"),
        (1_234_567, "1.23 GWh"),
    ],
)
def test_energy_text(kwh: float, text: str) -> None:
    assert energy_text(kwh) == text


@pytest.mark.parametrize(("kg", "text"), [(4.9, "4.90 T"), (1024.96, "1.02 KT")])
def test_co2_text_keeps_growatts_units(kg: float, text: str) -> None:
    assert co2_text(kg) == text


@pytest.mark.parametrize(
    ("watts", "text"),
    [(0, "0 W"), (430.04, "430 W"), (1234, "1.23 kW"), (2_500_000, "2.5 MW")],
)
def test_power_text(watts: float, text: str) -> None:
    assert power_text(watts) == text


def test_compact_numbers() -> None:
    assert [compact(v) for v in (0, 18.0, 12.34, -0.01, 7.05)] == [
        "0",
        "18",
        "12.3",
        "0",
        "7",
    ]


def test_times_and_java_dates() -> None:
    assert hm(time(6, 0)) == "6:0"
    assert hm(time(14, 30)) == "14:30"
    moment = datetime(2023, 12, 19, 22, 9, 18, tzinfo=UTC)
    assert java_date_text(moment) == "Wed Dec 20 06:09:18 CST 2023"
    java = java_date(moment)
    assert (java["year"], java["month"], java["date"], java["day"], java["hours"]) == (
        123,
        11,
        20,
        3,
        6,
    )
    assert java["time"] == int(moment.timestamp() * 1000)
    assert java["timezoneOffset"] == -480


@pytest.mark.parametrize(
    ("method", "path", "params", "refusal"),
    [
        ("GET", "newMixApi.do", {"op": "getMixInfo", "mixId": OTHER_TLX}, "result"),
        (
            "POST",
            "newMixApi.do",
            {"op": "getEnergyOverview", "mixId": "MIX0000001", "plantId": HOME},
            "result",
        ),
        (
            "GET",
            "newMixApi.do",
            {"op": "getMixSetParams", "serialNum": "TLX0000001"},
            "result",
        ),
        (
            "GET",
            "newStorageAPI.do",
            {"op": "getStorageInfo_sacolar", "storageId": OTHER_TLX},
            "bare",
        ),
        (
            "GET",
            "newStorageAPI.do",
            {"op": "getStorageParams_sacolar", "storageId": OTHER_TLX},
            "bare",
        ),
        (
            "POST",
            "newStorageAPI.do",
            {
                "op": "getEnergyOverviewData_sacolar",
                "storageSn": "SPF0000001",
                "plantId": HOME,
            },
            "result",
        ),
        (
            "POST",
            "noahDeviceApi/noah/getSystemStatus",
            {"deviceSn": OTHER_TLX},
            "result",
        ),
        (
            "POST",
            "noahDeviceApi/noah/getNoahInfoBySn",
            {"deviceSn": "TLX0000001"},
            "result",
        ),
        (
            "POST",
            "noahDeviceApi/noah/getBatteryData",
            {"deviceSn": "TLX0000001"},
            "result",
        ),
        (
            "POST",
            "noahDeviceApi/noah/isPlantNoahSystem",
            {"plantId": "7654321"},
            "result",
        ),
        (
            "POST",
            "newTlxApi.do",
            {"op": "getBatInfo", "serialNum": "TLX0000001"},
            "result",
        ),
        (
            "POST",
            "newTlxApi.do",
            {"op": "getBatDetailData", "id": "BAT0000001", "plantId": "1234568"},
            "bare",
        ),
        (
            "POST",
            "newTlxApi.do",
            {"op": "getTlxSetData", "serialNum": OTHER_TLX},
            "result",
        ),
        ("GET", "newTlxApi.do", {"op": "getTlxParams", "id": OTHER_TLX}, "bare"),
        ("GET", "newTlxApi.do", {"op": "getTlxData", "id": OTHER_TLX}, "bare"),
        (
            "POST",
            "newLoginAPI.do",
            {"op": "getSetPass", "deviceSn": OTHER_TLX, "type": "5"},
            "result",
        ),
        (
            "GET",
            "newInverterAPI.do",
            {"op": "getInverterDetailData", "inverterId": OTHER_TLX},
            "bare",
        ),
        (
            "GET",
            "newInverterAPI.do",
            {"op": "getInverterDetailData_two", "inverterId": OTHER_TLX},
            "bare",
        ),
        ("GET", "newPlantAPI.do", {"op": "getPlant", "plantId": "7654321"}, "bare"),
        (
            "POST",
            "newPlantAPI.do",
            {"action": "getEnergyStorageData", "plantId": "7654321"},
            "bare",
        ),
        (
            "GET",
            "newTwoPlantAPI.do",
            {"op": "getAllDeviceList", "plantId": "7654321"},
            "bare",
        ),
        (
            "POST",
            "newTwoPlantAPI.do",
            {"op": "getUserCenterEnertyDataByPlantid", "plantId": "7654321"},
            "bare",
        ),
        ("GET", "PlantDetailAPI.do", {"plantId": "7654321", "type": "1"}, "back"),
        ("GET", "newPlantDetailAPI.do", {"plantId": "7654321", "type": "1"}, "back"),
        (
            "POST",
            "tcpSet.do",
            {
                "action": "inverterSet",
                "serialNum": "TLX0000001",
                "paramId": "pv_on_off",
            },
            "bare",
        ),
        (
            "POST",
            "tcpSet.do",
            {"action": "maxSet", "serialNum": "INV0000001", "type": "pv_on_off"},
            "bare",
        ),
        (
            "POST",
            "noahDeviceApi/noah/set",
            {"serialNum": OTHER_TLX, "type": "default_power"},
            "result",
        ),
    ],
)
async def test_reads_refuse_foreign_or_mismatched_devices(
    legacy_http: aiohttp.ClientSession,
    emulator: Emulator,
    method: str,
    path: str,
    params: dict[str, str],
    refusal: str,
) -> None:
    """Each envelope family has its own failure answer."""
    body = await legacy_json(legacy_http, emulator.url + path, method, params=params)
    expected = {
        "result": {"result": 0, "msg": "error_permission_denied", "obj": None},
        "bare": {"success": False, "msg": body.get("msg")},
        "back": {"back": {"success": False, "msg": "error_permission_denied"}},
    }[refusal]
    assert body == expected
    if refusal == "bare":
        assert body["msg"] in ("error_permission_denied", "501")


async def test_history_views(
    legacy_http: aiohttp.ClientSession, emulator: Emulator
) -> None:
    years = await legacy_json(
        legacy_http,
        emulator.url + "PlantDetailAPI.do",
        params={"plantId": HOME, "type": "3"},
    )
    data = years["back"]["data"]
    assert list(data) == [str(y) for y in range(2020, 2026)]
    assert data["2023"] == "0"  # before the plant was built
    assert float(data["2024"]) > float(data["2025"]) > 0
    day = await legacy_json(
        legacy_http,
        emulator.url + "newPlantDetailAPI.do",
        params={"plantId": HOME, "type": "1", "date": "2025-06-01"},
    )
    assert sorted(day["back"]["data"])[-1] == "12:00"
    month = await legacy_json(
        legacy_http,
        emulator.url + "newPlantDetailAPI.do",
        params={"plantId": HOME, "type": "2", "date": "2025-05"},
    )
    assert len(month["back"]["data"]) == 31
    assert all(float(v) > 0 for v in month["back"]["data"].values())


async def test_period_charts(
    legacy_http: aiohttp.ClientSession, emulator: Emulator
) -> None:
    mix = await legacy_json(
        legacy_http,
        emulator.url + "newMixApi.do",
        "POST",
        params={
            "op": "getEnergyProdAndCons_KW",
            "mixId": "MIX0000001",
            "plantId": "1234568",
            "type": "2",
            "date": "2025",
        },
    )
    assert list(mix["obj"]["chartData"]) == [f"{m:02d}" for m in range(1, 13)]
    dashboard = await legacy_json(
        legacy_http,
        emulator.url + "newPlantAPI.do",
        "POST",
        params={
            "action": "getEnergyStorageData",
            "plantId": "1234568",
            "type": "1",
            "date": "2025-06",
        },
    )
    assert len(dashboard["chartData"]) == 30
    ac_curve = await legacy_json(
        legacy_http,
        emulator.url + "newTlxApi.do",
        params={"op": "getTlxData", "id": "TLX0000001", "type": "6"},
    )
    tlx = device(emulator, "TLX0000001")
    assert ac_curve["invPacData"]["2025-06-01 12:00"] == round(
        tlx.telemetry.ac_power, 1
    )


async def test_noah_battery_data(
    legacy_http: aiohttp.ClientSession, emulator: Emulator
) -> None:
    body = await legacy_json(
        legacy_http,
        emulator.url + "noahDeviceApi/noah/getBatteryData",
        "POST",
        data={"deviceSn": "0PVP50ZR16ST00CB"},
    )
    noah = device(emulator, "0PVP50ZR16ST00CB")
    battery = body["obj"]["batter"][0]
    assert battery["soc"] == str(round(noah.telemetry.soc))
    assert body["obj"]["time"] == uploaded(emulator, noah.sn)


async def test_inverter_detail_two_and_max_phases(
    legacy_http: aiohttp.ClientSession, emulator: Emulator
) -> None:
    two = await legacy_json(
        legacy_http,
        emulator.url + "newInverterAPI.do",
        params={"op": "getInverterDetailData_two", "inverterId": "MAX0000001"},
    )
    max_device = device(emulator, "MAX0000001")
    assert two["data"]["pac"] == pytest.approx(max_device.telemetry.ac_power, abs=0.05)
    assert "E_Today(kWh)" in two["parameterName"]
    detail = await inverter_detail(legacy_http, emulator, "MAX0000001")
    assert detail["pacr"] + detail["pacs"] + detail["pact"] == pytest.approx(
        detail["pac"], abs=0.2
    )
    assert detail["vpv4"] > 0
    assert detail["bigDevice"] is True


async def test_max_set_via_web_action(
    legacy_http: aiohttp.ClientSession, emulator: Emulator
) -> None:
    params = {
        "action": "maxSet",
        "serialNum": "MAX0000001",
        "type": "backflow_setting",
        "param1": "1",
        "param2": "40",
    }
    body = await legacy_json(
        legacy_http, emulator.url + "tcpSet.do", "POST", params=params
    )
    assert body == {"success": True, "msg": "inv_set_success"}
    assert device(emulator, "MAX0000001").settings.export_limit_rate == 40
