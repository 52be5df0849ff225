"""Every method of the growattServer README table works against the emulator.

The real library (sync `requests`) runs in a worker thread while the emulator
serves in the test loop; each test checks the shape Growatt answers with and that
the values come from the world.
"""

from __future__ import annotations

from datetime import time
import re

import growattServer
from growattServer import Timespan
import pytest

from emulator.model import Device
from emulator.world import World
from tests.conftest import Emulator
from tests.emulator.conftest import LegacyLibrary

pytestmark = pytest.mark.usefixtures("socket_enabled")

HOME, GARAGE, CABIN, FLAT = "1234567", "1234568", "1234569", "1234570"
NOAH = "0PVP50ZR16ST00CB"


@pytest.fixture
async def library(legacy_library: LegacyLibrary) -> LegacyLibrary:
    """The library, logged in as the demo account."""
    login = await legacy_library.call("login", "demo", "demo")
    assert login["success"] is True
    return legacy_library


def device(world: World, sn: str) -> Device:
    found = world.find_device(sn)
    assert found is not None
    return found[2]


def number(text: str) -> float:
    """The number in a Growatt string such as "12.3", "12.3kWh" or "45%"."""
    match = re.match(r"-?\d+(\.\d+)?", text)
    assert match, text
    return float(match.group(0))


async def test_login_returns_user_and_plants(legacy_library: LegacyLibrary) -> None:
    login = await legacy_library.call("login", "demo", "demo")
    assert login["success"] is True
    assert login["userId"] == 1000001
    assert isinstance(login["user"]["id"], int)
    assert login["userLevel"] == 1
    assert [p["plantId"] for p in login["data"]] == [HOME, GARAGE, CABIN, FLAT]


async def test_plant_list(library: LegacyLibrary, emulator: Emulator) -> None:
    result = await library.call("plant_list", "1000001")
    assert result["success"] is True
    home = result["data"][0]
    assert home["plantId"] == HOME
    assert home["plantName"] == "Home"
    assert re.fullmatch(r"\d+(\.\d+)? k?W", home["currentPower"])
    assert re.fullmatch(r"\d+(\.\d+)? (kWh|MWh)", home["totalEnergy"])
    assert home["plantMoneyText"].endswith(" ")
    assert home["isHaveStorage"] == "true"
    today = sum(
        d.counters.day("pv") for d in emulator.world.accounts[0].plants[0].devices
    )
    assert number(home["todayEnergy"]) == pytest.approx(today, abs=0.05)
    totals = result["totalData"]
    assert set(totals) >= {
        "CO2Sum",
        "currentPowerSum",
        "todayEnergySum",
        "totalEnergySum",
        "eTotalMoneyText",
    }
    assert totals["CO2Sum"].endswith((" T", " KT"))


async def test_plant_detail_days_of_month(
    library: LegacyLibrary, emulator: Emulator
) -> None:
    result = await library.call("plant_detail", HOME, Timespan.day)
    assert result["success"] is True
    assert len(result["data"]) == 30  # June
    today = sum(
        d.counters.day("pv") for d in emulator.world.accounts[0].plants[0].devices
    )
    assert float(result["data"]["01"]) == pytest.approx(today, abs=0.05)
    assert result["data"]["02"] == "0"  # ahead of the simulated clock


async def test_plant_detail_months_of_year(library: LegacyLibrary) -> None:
    result = await library.call("plant_detail", HOME, Timespan.month)
    assert list(result["data"]) == [f"{m:02d}" for m in range(1, 13)]
    assert float(result["data"]["05"]) > float(result["data"]["06"]) > 0
    assert result["data"]["07"] == "0"


async def test_plant_list_two(library: LegacyLibrary) -> None:
    plants = await library.call("plant_list_two")
    assert [p["id"] for p in plants] == [1234567, 1234568, 1234569, 1234570]
    assert plants[0]["timezoneText"] == "GMT+1"
    assert plants[0]["currentPacStr"].endswith("kW")
    assert isinstance(plants[0]["createDate"], dict)


async def test_plant_info_lists_tlx_only_in_inv_list(library: LegacyLibrary) -> None:
    info = await library.call("plant_info", HOME)
    assert [d["deviceSn"] for d in info["deviceList"]] == ["INV0000001"]
    assert [d["deviceSn"] for d in info["invList"]] == ["TLX0000001"]
    assert info["invList"][0]["deviceAilas"] == "Roof hybrid"
    assert [b["deviceSn"] for b in info["batList"]] == ["BAT0000001"]
    assert re.fullmatch(r"\d+(\.\d+)?/€", info["plantMoneyText"])
    assert info["nominalPower"] == 4500
    assert info["nominal_Power"] == 4500
    assert float(info["todayEnergy"]) > 0


async def test_plant_settings(library: LegacyLibrary) -> None:
    bean = await library.call("plant_settings", HOME)
    for key in (
        "formulaCoal",
        "formulaSo2",
        "userAccount",
        "id",
        "country",
        "plantType",
        "formulaMoneyStr",
        "plantAddress",
        "timezone",
        "plant_lng",
        "city",
        "formulaCo2",
        "formulaMoneyUnitId",
        "nominalPower",
        "plant_lat",
        "createDateText",
        "plantName",
    ):
        assert key in bean, key
    assert bean["id"] == 1234567
    assert bean["userAccount"] == "demo"
    assert bean["createDate"]["year"] == 124  # years since 1900
    assert bean["createDate"]["timezoneOffset"] == -480


async def test_plant_energy_data(library: LegacyLibrary) -> None:
    data = await library.call("plant_energy_data", HOME)
    assert (
        float(data["todayValue"])
        <= float(data["monthValue"])
        <= float(data["yearValue"])
    )
    assert float(data["yearValue"]) <= float(data["totalValue"])
    assert data["todayStr"].endswith("kWh")
    assert data["nominalPowerStr"] == "4.5kWp"
    assert "formulaCo2Vlue" in data
    assert data["plantBean"]["id"] == 1234567


async def test_device_list_falls_back_for_tlx_only_plant(
    library: LegacyLibrary, emulator: Emulator
) -> None:
    home = emulator.world.accounts[0].plants[0]
    home.devices = [d for d in home.devices if d.sn == "TLX0000001"]
    info = await library.call("plant_info", HOME)
    assert info["deviceList"] == []
    devices = await library.call("device_list", HOME)
    assert [(d["deviceSn"], d["deviceType"]) for d in devices] == [
        ("TLX0000001", "tlx"),
        ("BAT0000001", "bat"),
    ]
    assert devices[0]["type2"] == "5"


async def test_device_list_and_inverter_list(library: LegacyLibrary) -> None:
    devices = await library.call("device_list", CABIN)
    assert {d["deviceType"] for d in devices} == {"storage", "spa", "noah"}
    with pytest.warns(DeprecationWarning):
        inverters = await library.call("inverter_list", GARAGE)
    assert {d["deviceSn"] for d in inverters} == {"MIX0000001", "MAX0000001"}


async def test_dashboard_data(library: LegacyLibrary, emulator: Emulator) -> None:
    data = await library.call("dashboard_data", GARAGE)
    assert data["chartDataUnit"] == "kW"
    assert data["chartData"]
    mix = device(emulator.world, "MIX0000001")
    assert data["etouser"].endswith("kWh")
    assert number(data["etouser"]) == pytest.approx(
        mix.counters.day("import"), abs=0.05
    )
    assert number(data["eCharge"]) == pytest.approx(mix.counters.day("pv"), abs=0.05)
    assert data["ratio1"].endswith("%")
    assert "echargeToat" in data


async def test_inverter_data(library: LegacyLibrary) -> None:
    data = await library.call("inverter_data", "INV0000001")
    assert data["date"] == "2025-06-01"
    assert data["invPacData"]
    refused = await library.call("inverter_data", "TLX0000001")
    assert refused == {"success": False, "msg": "501"}


async def test_inverter_detail(library: LegacyLibrary, emulator: Emulator) -> None:
    detail = await library.call("inverter_detail", "INV0000001")
    inverter = device(emulator.world, "INV0000001")
    assert detail["powerToday"] == pytest.approx(inverter.counters.day("ac"), abs=0.05)
    assert detail["powerTotal"] == pytest.approx(inverter.counters.life("ac"), abs=0.05)
    assert detail["pac"] == pytest.approx(inverter.telemetry.ac_power, abs=0.05)
    assert detail["vpv1"] == inverter.telemetry.strings[0].voltage
    for key in (
        "ipv1",
        "ppv1",
        "vacr",
        "iacr",
        "fac",
        "pacr",
        "ipmTemperature",
        "temperature",
    ):
        assert key in detail


async def test_tlx_system_status_in_kw(
    library: LegacyLibrary, emulator: Emulator
) -> None:
    status = await library.call("tlx_system_status", HOME, "TLX0000001")
    tlx = device(emulator.world, "TLX0000001")
    assert status["unit"] == "kW"
    assert all(isinstance(v, str) for v in status.values())
    assert float(status["ppv"]) == pytest.approx(
        tlx.telemetry.pv_power / 1000, abs=0.01
    )
    assert float(status["pLocalLoad"]) == pytest.approx(
        tlx.telemetry.load_power / 1000, abs=0.01
    )
    assert status["SOC"] == str(round(tlx.telemetry.soc))
    assert status["lost"] == "tlx.status.operating"


async def test_tlx_energy_overview(library: LegacyLibrary, emulator: Emulator) -> None:
    overview = await library.call("tlx_energy_overview", HOME, "TLX0000001")
    tlx = device(emulator.world, "TLX0000001")
    assert float(overview["epvToday"]) == pytest.approx(
        tlx.counters.day("pv"), abs=0.05
    )
    assert float(overview["etogridTotal"]) == pytest.approx(
        tlx.counters.life("export"), abs=0.05
    )
    assert "etoGridToday" in overview


async def test_tlx_energy_prod_cons(library: LegacyLibrary) -> None:
    day = await library.call("tlx_energy_prod_cons", HOME, "TLX0000001")
    marks = sorted(day["chartData"])
    assert marks[0] == "00:05"
    assert marks[-1] == "12:00"  # noon in Berlin
    assert set(day["chartData"]["12:00"]) >= {
        "ppv",
        "sysOut",
        "userLoad",
        "pacToGrid",
        "pacToUser",
        "chargePower",
    }
    assert day["unit"] == "kWh"
    month = await library.call(
        "tlx_energy_prod_cons", HOME, "TLX0000001", Timespan.month
    )
    assert month["chartData"]["date"] == "2025-06"
    assert len(month["chartData"]["eac"]) == 30


async def test_tlx_data(library: LegacyLibrary) -> None:
    data = await library.call("tlx_data", "TLX0000001")
    assert data["date"] == "2025-06-01"
    assert "2025-06-01 12:00" in data["invPacData"]
    assert data["nominalPower"] == "3000"


async def test_tlx_detail(library: LegacyLibrary, emulator: Emulator) -> None:
    detail = await library.call("tlx_detail", "TLX0000001")
    data = detail["data"]
    tlx = device(emulator.world, "TLX0000001")
    assert "epvToday" not in data
    assert data["epvTotal"] == pytest.approx(tlx.counters.life("pv"), abs=0.05)
    assert data["eacToday"] == pytest.approx(tlx.counters.day("ac"), abs=0.05)
    assert data["ppv"] == pytest.approx(tlx.telemetry.pv_power, abs=0.05)
    assert data["bmsSoc"] == round(tlx.telemetry.soc)
    assert data["statusText"] == "Normal"
    assert "Pac(W)" in detail["parameterName"]


async def test_tlx_params(library: LegacyLibrary) -> None:
    params = await library.call("tlx_params", "TLX0000001")
    assert params["inverterType"] == "MIN 3000TL-XH"
    bean = params["newBean"]
    assert bean["serialNum"] == "TLX0000001"
    assert bean["treeID"] == "ST_TLX0000001"
    assert bean["parentID"] == "LIST_QMN0000000000001_22"
    assert bean["bdc1Sn"] == "BAT0000001"
    assert isinstance(bean["lastUpdateTime"], dict)


async def test_tlx_all_settings(library: LegacyLibrary) -> None:
    bean = await library.call("tlx_all_settings", "TLX0000001")
    assert bean is not None
    assert all(
        isinstance(v, str) for k, v in bean.items() if k != "safetyCorrespondNumList"
    )
    assert bean["forcedTimeStart1"] == "0:0"
    assert bean["time_segment1"] == "0_0:0_0:0_0"
    assert bean["chargePowerCommand"] == bean["charge_power"] == "100"


async def test_tlx_enabled_settings(library: LegacyLibrary) -> None:
    enabled = await library.call("tlx_enabled_settings", "TLX0000001")
    assert enabled["enable"]["charge_power"] == "1"
    assert enabled["enable"]["time_segment9"] == "1"
    assert enabled["enable"]["tlx_on_off"] == "0"
    assert enabled["switch"] is True


async def test_tlx_battery_info(library: LegacyLibrary, emulator: Emulator) -> None:
    info = await library.call("tlx_battery_info", "BAT0000001")
    assert info["lost"] is False
    assert info["soc"] == str(round(device(emulator.world, "TLX0000001").telemetry.soc))
    detailed = await library.call("tlx_battery_info_detailed", HOME, "BAT0000001")
    data = detailed["data"]
    tlx = device(emulator.world, "TLX0000001")
    expected = tlx.telemetry.charge_power - tlx.telemetry.discharge_power
    assert float(data["chargeOrDisPower"]) == pytest.approx(expected, abs=0.1)
    assert detailed["parameterName"] == ""


async def test_mix_info(library: LegacyLibrary, emulator: Emulator) -> None:
    info = await library.call("mix_info", "MIX0000001", GARAGE)
    mix = device(emulator.world, "MIX0000001")
    assert info["soc"] == f"{round(mix.telemetry.soc)}%"
    assert info["capacity"] == str(round(mix.telemetry.soc))
    assert info["epvToday"] == pytest.approx(mix.counters.day("pv"), abs=0.05)
    assert info["eBatChargeTotal"] == pytest.approx(
        mix.counters.life("charge"), abs=0.05
    )
    assert (await library.call("mix_info", "MIX0000001"))["soc"] == info["soc"]


async def test_mix_totals(library: LegacyLibrary, emulator: Emulator) -> None:
    totals = await library.call("mix_totals", "MIX0000001", GARAGE)
    mix = device(emulator.world, "MIX0000001")
    assert float(totals["etogridTotal"]) == pytest.approx(
        mix.counters.life("export"), abs=0.05
    )
    assert float(totals["elocalLoadToday"]) == pytest.approx(
        mix.counters.day("load"), abs=0.05
    )
    assert totals["unit"] == "€"


async def test_mix_system_status(library: LegacyLibrary, emulator: Emulator) -> None:
    status = await library.call("mix_system_status", "MIX0000001", GARAGE)
    mix = device(emulator.world, "MIX0000001")
    assert status["unit"] == "kW"
    assert float(status["pPv1"]) == pytest.approx(
        mix.telemetry.strings[0].power / 1000, abs=0.01
    )
    assert float(status["pactogrid"]) == pytest.approx(
        mix.telemetry.export_power / 1000, abs=0.01
    )
    assert status["lost"] == "mix.status.normal"


async def test_mix_detail_chart_is_never_empty(
    library: LegacyLibrary, emulator: Emulator
) -> None:
    detail = await library.call("mix_detail", "MIX0000001", GARAGE)
    assert sorted(detail["chartData"])[-1] == "12:00"
    assert {"pacToGrid", "pacToUser", "pdischarge", "ppv", "sysOut"} == set(
        detail["chartData"]["12:00"]
    )
    for key in ("eCharge", "eChargeToday", "eChargeToday1", "echarge1", "etouser"):
        float(detail[key])
    emulator.world.clock.advance(12 * 3600 + 60)  # 00:01 in Berlin
    after_midnight = await library.call("mix_detail", "MIX0000001", GARAGE)
    assert after_midnight["chartData"]


async def test_get_mix_inverter_settings(library: LegacyLibrary) -> None:
    settings = await library.call("get_mix_inverter_settings", "MIX0000001")
    bean = settings["obj"]["mixBean"]
    assert bean["forcedChargeTimeStart1"] == "0:0"
    assert bean["forcedChargeStopSwitch6"] == "0"
    assert bean["chargePowerCommand"] == "100"


async def test_storage_views(library: LegacyLibrary, emulator: Emulator) -> None:
    spf = device(emulator.world, "SPF0000001")
    detail = await library.call("storage_detail", "SPF0000001")
    assert all(isinstance(v, str) for v in detail.values())
    assert float(detail["ppv"]) == pytest.approx(spf.telemetry.pv_power, abs=0.05)
    params = await library.call("storage_params", "SPF0000001")
    bean = params["storageDetailBean"]
    assert bean["capacity"] == round(spf.telemetry.soc)
    assert bean["eChargeTotal"] == pytest.approx(spf.counters.life("charge"), abs=0.05)
    assert params["storageBean"]["status"] in ("0", "1", "2")
    overview = await library.call("storage_energy_overview", CABIN, "SPF0000001")
    assert float(overview["useEnergyToday"]) == pytest.approx(
        spf.counters.day("load"), abs=0.05
    )


async def test_noah_views(library: LegacyLibrary, emulator: Emulator) -> None:
    check = await library.call("is_plant_noah_system", CABIN)
    assert check["result"] == 1
    assert check["obj"]["isPlantNoahSystem"] is True
    assert check["obj"]["deviceSn"] == NOAH
    negative = await library.call("is_plant_noah_system", HOME)
    assert negative["obj"]["isPlantHaveNoah"] is False
    status = await library.call("noah_system_status", NOAH)
    noah = device(emulator.world, NOAH)
    assert all(isinstance(v, str) for v in status["obj"].values())
    assert status["obj"]["pac"] == str(round(noah.telemetry.ac_power))
    assert float(status["obj"]["eacToday"]) == pytest.approx(
        noah.counters.day("ac"), abs=0.05
    )
    info = await library.call("noah_info", NOAH)
    assert info["obj"]["noah"]["time_segment"] == {"time_segment1": "0_0:0_23:59_200"}
    assert info["obj"]["noah"]["defaultPower"] == "200"


async def test_update_plant_settings(
    library: LegacyLibrary, emulator: Emulator
) -> None:
    answer = await library.call(
        "update_plant_settings", HOME, {"plantName": "Roof", "plantTimezone": "3"}
    )
    assert answer["success"] is True
    plant = emulator.world.accounts[0].plants[0]
    assert plant.name == "Roof"
    assert plant.timezone == "Etc/GMT-3"
    bean = await library.call("plant_settings", HOME)
    assert bean["plantName"] == "Roof"
    assert bean["timezone"] == 3


async def test_update_tlx_inverter_setting(library: LegacyLibrary) -> None:
    answer = await library.call(
        "update_tlx_inverter_setting", "TLX0000001", "charge_power", 70
    )
    assert answer == {"success": True, "msg": "inv_set_success"}
    bean = await library.call("tlx_all_settings", "TLX0000001")
    assert bean["chargePowerCommand"] == "70"


async def test_update_tlx_inverter_time_segment(library: LegacyLibrary) -> None:
    answer = await library.call(
        "update_tlx_inverter_time_segment",
        "TLX0000001",
        2,
        1,
        time(6, 0),
        time(8, 30),
        True,
    )
    assert answer["success"] is True
    bean = await library.call("tlx_all_settings", "TLX0000001")
    assert bean["time_segment2"] == "1_6:0_8:30_1"
    assert bean["forcedTimeStart2"] == "6:0"
    with pytest.raises(growattServer.GrowattError, match="inv_set_time_error"):
        await library.call(
            "update_tlx_inverter_time_segment",
            "TLX0000001",
            3,
            1,
            time(9, 0),
            time(8, 0),
            True,
        )


async def test_update_mix_inverter_setting(library: LegacyLibrary) -> None:
    answer = await library.call(
        "update_mix_inverter_setting",
        "MIX0000001",
        "mix_load_flast_value_multi",
        ["25"],
    )
    assert answer["success"] is True
    settings = await library.call("get_mix_inverter_settings", "MIX0000001")
    assert settings["obj"]["mixBean"]["loadFirstStopSocSet"] == "25"


async def test_update_ac_inverter_setting(
    library: LegacyLibrary, emulator: Emulator
) -> None:
    values = ["50", "90", "2", "0", "4", "30", "1"] + ["0"] * 10
    answer = await library.call(
        "update_ac_inverter_setting", "SPA0000001", "spa_ac_charge_time_period", values
    )
    assert answer["success"] is True
    spa = device(emulator.world, "SPA0000001")
    assert spa.settings.charge_power == 50
    assert spa.settings.charge_periods[0].enabled is True


async def test_update_noah_settings(library: LegacyLibrary) -> None:
    answer = await library.call("update_noah_settings", NOAH, "default_power", ["300"])
    assert answer["result"] == 1
    info = await library.call("noah_info", NOAH)
    assert info["obj"]["noah"]["defaultPower"] == "300"


async def test_classic_inverter_settings(library: LegacyLibrary) -> None:
    info = await library.call("classic_inverter_info", "INV0000001")
    assert info["onOff"] == "1"
    assert info["activeRate"] == "100"
    answer = await library.call(
        "update_classic_inverter_setting",
        {"action": "inverterSet", "serialNum": "INV0000001"},
        {"paramId": "pv_active_p_rate", "command_1": "60", "command_2": ""},
    )
    assert answer["success"] is True
    assert (await library.call("set_classic_inverter_on_off", "INV0000001", False))[
        "success"
    ] is True
    info = await library.call("classic_inverter_info", "INV0000001")
    assert info["onOff"] == "0"
    assert info["activeRate"] == "60"
    assert (
        await library.call("set_classic_inverter_active_power_rate", "INV0000001", 40)
    )["success"] is True
    assert (await library.call("classic_inverter_info", "INV0000001"))[
        "activeRate"
    ] == "40"


async def test_classic_inverter_info_of_unknown_device_raises(
    library: LegacyLibrary,
) -> None:
    with pytest.raises(growattServer.GrowattError):
        await library.call("classic_inverter_info", "NOPE000000")
