"""Legacy writes: each acknowledged write shows in every view of the setting."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from emulator.model import Device
from tests.conftest import Emulator
from tests.emulator.conftest import legacy_json

pytestmark = pytest.mark.usefixtures("socket_enabled")

NOAH = "0PVP50ZR16ST00CB"
OK = {"success": True, "msg": "inv_set_success"}


def device(emulator: Emulator, sn: str) -> Device:
    found = emulator.world.find_device(sn)
    assert found is not None
    return found[2]


async def tlx_set(
    http: aiohttp.ClientSession,
    emulator: Emulator,
    setting: str,
    *values: str,
    sn: str = "TLX0000001",
) -> Any:
    """`tlxSet` as the library sends it: everything in the query, empty body."""
    params = {"op": "tlxSet", "serialNum": sn, "type": setting}
    params |= {f"param{n}": value for n, value in enumerate(values, start=1)}
    return await legacy_json(
        http, emulator.url + "newTcpsetAPI.do", "POST", params=params
    )


async def tlx_bean(http: aiohttp.ClientSession, emulator: Emulator) -> dict[str, Any]:
    body = await legacy_json(
        http,
        emulator.url + "newTlxApi.do",
        "POST",
        params={"op": "getTlxSetData"},
        data={"serialNum": "TLX0000001"},
    )
    assert body["result"] == 1
    return body["obj"]["tlxSetBean"]


async def tlx_get(
    http: aiohttp.ClientSession, emulator: Emulator, op: str, **params: str
) -> Any:
    return await legacy_json(
        http,
        emulator.url + "newTlxApi.do",
        params={"op": op, "id": "TLX0000001", **params},
    )


@pytest.mark.parametrize(
    ("setting", "value", "read_keys"),
    [
        ("charge_power", "70", ("charge_power", "chargePowerCommand")),
        ("discharge_power", "55", ("discharge_power", "disChargePowerCommand")),
        ("charge_stop_soc", "90", ("charge_stop_soc", "wchargeSOCLowLimit")),
        ("discharge_stop_soc", "20", ("discharge_stop_soc", "wdisChargeSOCLowLimit")),
        (
            "on_grid_discharge_stop_soc",
            "15",
            ("on_grid_discharge_stop_soc",),
        ),
        ("ac_charge", "1", ("ac_charge", "acChargeEnable")),
        ("pv_active_p_rate", "80", ("activeRate",)),
        ("tlx_off_grid_enable", "1", ("tlx_off_grid_enable",)),
        ("tlx_lcd_Language", "2", ("tlx_lcd_Language",)),
    ],
)
async def test_tlx_setting_reads_back_under_both_names(
    legacy_http: aiohttp.ClientSession,
    emulator: Emulator,
    setting: str,
    value: str,
    read_keys: tuple[str, ...],
) -> None:
    before = await tlx_bean(legacy_http, emulator)
    assert all(before[key] != value for key in read_keys)
    assert await tlx_set(legacy_http, emulator, setting, value) == OK
    after = await tlx_bean(legacy_http, emulator)
    assert all(after[key] == value for key in read_keys)


async def test_tlx_time_segment_from_a_form_body(
    legacy_http: aiohttp.ClientSession, emulator: Emulator
) -> None:
    """update_tlx_inverter_time_segment sends a form body with zero-padded hours."""
    form = {
        "serialNum": "TLX0000001",
        "type": "time_segment3",
        "param1": "2",
        "param2": "06",
        "param3": "05",
        "param4": "14",
        "param5": "30",
        "param6": "1",
    }
    ack = await legacy_json(
        legacy_http,
        emulator.url + "newTcpsetAPI.do",
        "POST",
        params={"op": "tlxSet"},
        data=form,
    )
    assert ack == OK
    bean = await tlx_bean(legacy_http, emulator)
    assert bean["time3Mode"] == "2"
    assert bean["forcedTimeStart3"] == "6:5"
    assert bean["forcedTimeStop3"] == "14:30"
    assert bean["forcedStopSwitch3"] == "1"
    assert bean["time_segment3"] == "2_6:5_14:30_1"


async def test_tlx_on_off_shows_in_set_bean(
    legacy_http: aiohttp.ClientSession, emulator: Emulator
) -> None:
    assert await tlx_set(legacy_http, emulator, "tlx_on_off", "0000") == OK
    assert (await tlx_bean(legacy_http, emulator))["tlx_on_off"] == "0"


async def test_tlx_export_limit_shows_in_every_view(
    legacy_http: aiohttp.ClientSession, emulator: Emulator
) -> None:
    assert await tlx_set(legacy_http, emulator, "backflow_setting", "1", "50") == OK
    bean = await tlx_bean(legacy_http, emulator)
    assert bean["exportLimit"] == "1"
    assert bean["exportLimitPowerRateStr"] == "50.0"
    data = await tlx_get(
        legacy_http, emulator, "getTlxData", type="1", date="2025-06-01"
    )
    assert data["exportLimit"] == 1
    assert data["exportLimitPower"] == "1500"
    prod = await legacy_json(
        legacy_http,
        emulator.url + "newTlxApi.do",
        "POST",
        params={"op": "getEnergyProdAndCons_KW"},
        data={
            "plantId": "1234567",
            "id": "TLX0000001",
            "type": "0",
            "date": "2025-06-01",
            "language": "1",
        },
    )
    assert prod["obj"]["newBean"]["exportLimit"] == 1
    assert prod["obj"]["newBean"]["exportLimitPower2"] == "1.5kW"


async def test_tlx_clock_write(
    legacy_http: aiohttp.ClientSession, emulator: Emulator
) -> None:
    assert (
        await tlx_set(legacy_http, emulator, "pf_sys_year", "2025-06-01 11:59:00") == OK
    )
    assert (await tlx_bean(legacy_http, emulator))[
        "pf_sys_year"
    ] == "2025-06-01 11:59:00"
    refused = await tlx_set(legacy_http, emulator, "pf_sys_year", "1.6.2025")
    assert refused == {"success": False, "msg": "inv_set_time_format"}


@pytest.mark.parametrize(
    ("setting", "values", "msg"),
    [
        ("charge_power", ("150",), "inv_set_value_error"),
        ("charge_power", ("",), "inv_set_value_empty"),
        ("charge_power", (), "inv_set_value_empty"),
        ("no_such_setting", ("1",), "inv_set_type_error"),
        ("time_segment1", ("1", "9", "0", "8", "0", "1"), "inv_set_time_error"),
        ("time_segment1", ("1", "25", "0", "26", "0", "1"), "inv_set_time_format"),
    ],
)
async def test_tlx_bad_values_are_refused(
    legacy_http: aiohttp.ClientSession,
    emulator: Emulator,
    setting: str,
    values: tuple[str, ...],
    msg: str,
) -> None:
    before = await tlx_bean(legacy_http, emulator)
    assert await tlx_set(legacy_http, emulator, setting, *values) == {
        "success": False,
        "msg": msg,
    }
    assert await tlx_bean(legacy_http, emulator) == before


async def test_offline_device_refuses_writes_with_501(
    legacy_http: aiohttp.ClientSession, emulator: Emulator
) -> None:
    device(emulator, "TLX0000001").online = False
    assert await tlx_set(legacy_http, emulator, "charge_power", "70") == {
        "success": False,
        "msg": "501",
    }
    assert (await tlx_bean(legacy_http, emulator))["charge_power"] == "100"
    device(emulator, NOAH).online = False
    noah = await legacy_json(
        legacy_http,
        emulator.url + "noahDeviceApi/noah/set",
        "POST",
        data={"serialNum": NOAH, "type": "default_power", "param1": "300"},
    )
    assert noah == {"result": 0, "msg": "501", "obj": None}


async def test_write_to_a_device_of_another_family_is_refused(
    legacy_http: aiohttp.ClientSession, emulator: Emulator
) -> None:
    refused = await tlx_set(
        legacy_http, emulator, "charge_power", "70", sn="MIX0000001"
    )
    assert refused == {"success": False, "msg": "error_permission_denied"}
    assert device(emulator, "MIX0000001").settings.charge_power == 100


async def mix_bean(http: aiohttp.ClientSession, emulator: Emulator) -> dict[str, Any]:
    body = await legacy_json(
        http,
        emulator.url + "newMixApi.do",
        params={"op": "getMixSetParams", "serialNum": "MIX0000001", "kind": "0"},
    )
    return body["obj"]["mixBean"]


@pytest.mark.parametrize("op", ["mixSetApiNew", "mixSetApi"])
async def test_mix_charge_periods_read_back(
    legacy_http: aiohttp.ClientSession, emulator: Emulator, op: str
) -> None:
    values = [
        "80",
        "95",
        "1",
        "1",
        "0",
        "5",
        "0",
        "1",
        "22",
        "30",
        "23",
        "59",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
    ]
    params = {"op": op, "serialNum": "MIX0000001", "type": "mix_ac_charge_time_period"}
    params |= {f"param{n}": value for n, value in enumerate(values, start=1)}
    assert (
        await legacy_json(
            legacy_http, emulator.url + "newTcpsetAPI.do", "POST", params=params
        )
        == OK
    )
    bean = await mix_bean(legacy_http, emulator)
    assert bean["chargePowerCommand"] == "80"
    assert bean["wchargeSOCLowLimit2"] == "95"
    assert bean["acChargeEnable"] == "1"
    assert (
        bean["forcedChargeTimeStart1"],
        bean["forcedChargeTimeStop1"],
        bean["forcedChargeStopSwitch1"],
    ) == (
        "1:0",
        "5:0",
        "1",
    )
    assert (
        bean["forcedChargeTimeStart2"],
        bean["forcedChargeTimeStop2"],
        bean["forcedChargeStopSwitch2"],
    ) == (
        "22:30",
        "23:59",
        "0",
    )


async def test_mix_discharge_periods_and_load_first_soc(
    legacy_http: aiohttp.ClientSession, emulator: Emulator
) -> None:
    values = ["60", "20", "17", "0", "21", "0", "1"] + ["0"] * 10
    params = {
        "op": "mixSetApiNew",
        "serialNum": "MIX0000001",
        "type": "mix_ac_discharge_time_period",
    }
    params |= {f"param{n}": value for n, value in enumerate(values, start=1)}
    assert (
        await legacy_json(
            legacy_http, emulator.url + "newTcpsetAPI.do", "POST", params=params
        )
        == OK
    )
    load_first = {
        "op": "mixSetApiNew",
        "serialNum": "MIX0000001",
        "type": "mix_load_flast_value_multi",
        "param1": "30",
    }
    assert (
        await legacy_json(
            legacy_http, emulator.url + "newTcpsetAPI.do", "POST", params=load_first
        )
        == OK
    )
    bean = await mix_bean(legacy_http, emulator)
    assert bean["disChargePowerCommand"] == "60"
    assert bean["wdisChargeSOCLowLimit2"] == "20"
    assert bean["forcedDischargeTimeStart1"] == "17:0"
    assert bean["forcedDischargeStopSwitch1"] == "1"
    assert bean["loadFirstStopSocSet"] == "30"


async def test_spa_charge_periods_read_back(
    legacy_http: aiohttp.ClientSession, emulator: Emulator
) -> None:
    values = ["40", "85", "3", "15", "6", "45", "1"] + ["0"] * 10
    params = {
        "op": "spaSetApi",
        "serialNum": "SPA0000001",
        "type": "spa_ac_charge_time_period",
    }
    params |= {f"param{n}": value for n, value in enumerate(values, start=1)}
    assert (
        await legacy_json(
            legacy_http, emulator.url + "newTcpsetAPI.do", "POST", params=params
        )
        == OK
    )
    body = await legacy_json(
        legacy_http,
        emulator.url + "newSpaApi.do",
        params={"op": "getSpaSetData", "serialNum": "SPA0000001"},
    )
    bean = body["obj"]["spaBean"]
    assert bean["chargePowerCommand"] == "40"
    assert bean["forcedChargeTimeStart1"] == "3:15"
    assert bean["forcedChargeTimeStop1"] == "6:45"


async def classic_page(http: aiohttp.ClientSession, emulator: Emulator, sn: str) -> str:
    async with http.get(
        emulator.url + "commonDeviceSetC/setInverter",
        params={"type": "server", "invSn": sn},
        headers={"User-Agent": "test"},
    ) as response:
        assert response.content_type == "text/html"
        return await response.text()


@pytest.mark.parametrize("sn", ["INV0000001", "MAX0000001"])
async def test_classic_inverter_set_shows_in_settings_page(
    legacy_http: aiohttp.ClientSession, emulator: Emulator, sn: str
) -> None:
    assert "var inv=JSON.parse('{" in await classic_page(legacy_http, emulator, sn)
    for param_id, command in (
        ("pv_on_off", "0000"),
        ("pv_active_p_rate", "35"),
        ("pv_grid_voltage_high", "260.5"),
    ):
        params = {
            "action": "inverterSet",
            "serialNum": sn,
            "paramId": param_id,
            "command_1": command,
            "command_2": "",
        }
        assert (
            await legacy_json(
                legacy_http, emulator.url + "tcpSet.do", "POST", params=params
            )
            == OK
        )
    page = await classic_page(legacy_http, emulator, sn)
    assert '"onOff":"0"' in page
    assert '"activeRate":"35"' in page
    assert '"voltageHighLimit":"260.5"' in page
    bad = {
        "action": "inverterSet",
        "serialNum": sn,
        "paramId": "pv_active_p_rate",
        "command_1": "101",
        "command_2": "",
    }
    assert await legacy_json(
        legacy_http, emulator.url + "tcpSet.do", "POST", params=bad
    ) == {
        "success": False,
        "msg": "inv_set_value_error",
    }


async def noah_set(
    http: aiohttp.ClientSession, emulator: Emulator, setting: str, *values: str
) -> Any:
    form = {"serialNum": NOAH, "type": setting} | {
        f"param{n}": v for n, v in enumerate(values, start=1)
    }
    return await legacy_json(
        http, emulator.url + "noahDeviceApi/noah/set", "POST", data=form
    )


async def noah_settings(
    http: aiohttp.ClientSession, emulator: Emulator
) -> dict[str, Any]:
    body = await legacy_json(
        http,
        emulator.url + "noahDeviceApi/noah/getNoahInfoBySn",
        "POST",
        data={"deviceSn": NOAH},
    )
    return body["obj"]["noah"]


async def test_noah_settings_read_back(
    legacy_http: aiohttp.ClientSession, emulator: Emulator
) -> None:
    assert (await noah_set(legacy_http, emulator, "charging_soc", "90", "20"))[
        "result"
    ] == 1
    assert (
        await noah_set(
            legacy_http,
            emulator,
            "time_segment2",
            "0",
            "18",
            "0",
            "22",
            "30",
            "350",
            "1",
        )
    )["result"] == 1
    noah = await noah_settings(legacy_http, emulator)
    assert noah["chargingSocHighLimit"] == "90"
    assert noah["chargingSocLowLimit"] == "20"
    assert noah["time_segment"]["time_segment2"] == "0_18:0_22:30_350"
    assert (
        await noah_set(
            legacy_http,
            emulator,
            "time_segment2",
            "0",
            "18",
            "0",
            "22",
            "30",
            "350",
            "0",
        )
    )["result"] == 1
    assert (
        "time_segment2"
        not in (await noah_settings(legacy_http, emulator))["time_segment"]
    )
    refused = await noah_set(legacy_http, emulator, "charging_soc", "50", "20")
    assert refused == {"result": 0, "msg": "inv_set_value_error", "obj": None}


async def update_plant(
    http: aiohttp.ClientSession, emulator: Emulator, **fields: str
) -> Any:
    form = aiohttp.FormData()
    for name, value in fields.items():
        form.add_field(name, value)
    return await legacy_json(
        http, emulator.url + "newTwoPlantAPI.do?op=updatePlant", "POST", data=form
    )


async def test_update_plant_is_multipart_and_changes_the_world(
    legacy_http: aiohttp.ClientSession, emulator: Emulator
) -> None:
    answer = await update_plant(
        legacy_http,
        emulator,
        plantID="1234568",
        plantName="Workshop",
        plantCity="Munich",
        plantLat="48.1",
        plantLng="11.6",
        plantIncome="0.25",
        plantMoney="GBP",
        plantTimezone="1",
    )
    assert answer == {"success": True, "msg": ""}
    plant = emulator.world.accounts[0].plants[1]
    assert (plant.name, plant.city, plant.latitude, plant.longitude) == (
        "Workshop",
        "Munich",
        48.1,
        11.6,
    )
    assert plant.timezone == "Europe/Berlin"  # same offset: the named zone stays
    info = await legacy_json(
        legacy_http,
        emulator.url + "newTwoPlantAPI.do",
        params={"op": "getAllDeviceListTwo", "plantId": "1234568"},
    )
    assert info["plantMoneyText"].endswith("/£")
    listed = await legacy_json(
        legacy_http, emulator.url + "PlantListAPI.do", params={"userId": "1000001"}
    )
    assert listed["back"]["data"][1]["plantName"] == "Workshop"


async def test_update_plant_rejects_bad_fields(
    legacy_http: aiohttp.ClientSession, emulator: Emulator
) -> None:
    answer = await update_plant(
        legacy_http, emulator, plantID="1234568", plantName="X", plantLat="123"
    )
    assert answer["success"] is False
    assert emulator.world.accounts[0].plants[1].name == "Garage"
    foreign = await update_plant(legacy_http, emulator, plantID="42", plantName="X")
    assert foreign == {"success": False, "msg": "error_permission_denied"}
