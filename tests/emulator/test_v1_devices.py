"""OpenAPI v1 device views of every family: details, realtime and history."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from emulator.model import Account, Device
from emulator.world import EmulatorConfig
from tests.conftest import Emulator
from tests.emulator.conftest import V1Http, uploaded


@pytest.fixture
def emulator_config() -> EmulatorConfig:
    """No rate limits: these tests repeat identical requests on a frozen clock."""
    return EmulatorConfig(v1_rate_scale=0)


@dataclass(frozen=True)
class Family:
    """The v1 endpoints of one device family and how its records name things."""

    sn: str
    info: str
    last: str
    last_sn: str
    history: str
    power_key: str  # realtime power key -> telemetry field
    power_field: str
    total_key: str  # lifetime energy key -> counter
    total_counter: str
    other_sn: str  # a device of another family


FAMILIES = {
    "tlx": Family(
        "TLX0000001",
        "device/tlx/tlx_data_info",
        "device/tlx/tlx_last_data",
        "tlx_sn",
        "device/tlx/tlx_data",
        "pac",
        "ac_power",
        "eacTotal",
        "ac",
        "MIX0000001",
    ),
    "mix": Family(
        "MIX0000001",
        "device/mix/mix_data_info",
        "device/mix/mix_last_data",
        "mix_sn",
        "device/mix/mix_data",
        "pcharge1",
        "charge_power",
        "etogridTotal",
        "export",
        "TLX0000001",
    ),
    "inverter": Family(
        "INV0000001",
        "device/inverter/inv_data_info",
        "device/inverter/last_new_data",
        "device_sn",
        "device/inverter/data",
        "pac",
        "ac_power",
        "eacTotal",
        "ac",
        "TLX0000001",
    ),
    "storage": Family(
        "SPF0000001",
        "device/storage/storage_data_info",
        "device/storage/storage_last_data",
        "storage_sn",
        "device/storage/storage_data",
        "outPutPower",
        "load_power",
        "epvTotal",
        "pv",
        "SPA0000001",
    ),
    "max": Family(
        "MAX0000001",
        "device/max/max_data_info",
        "device/max/max_last_data",
        "max_sn",
        "device/max/max_data",
        "pac",
        "ac_power",
        "eacTotal",
        "ac",
        "INV0000001",
    ),
    "spa": Family(
        "SPA0000001",
        "device/spa/spa_data_info",
        "device/spa/spa_last_data",
        "spa_sn",
        "device/spa/spa_data",
        "pcharge1",
        "charge_power",
        "echarge1Total",
        "charge",
        "MIX0000001",
    ),
}
NAMES = list(FAMILIES)


def _device(emulator: Emulator, sn: str) -> Device:
    device = emulator.world.accounts[0].device(sn)
    assert device is not None
    return device


@pytest.mark.parametrize("name", NAMES)
async def test_details(emulator: Emulator, v1_http: V1Http, name: str) -> None:
    family = FAMILIES[name]
    body = await v1_http.body("GET", family.info, params={"device_sn": family.sn})
    assert body["error_code"] == 0
    device = _device(emulator, family.sn)
    assert body["data"]["serialNum"] == device.sn
    assert body["data"]["dataLogSn"] == device.datalogger_sn
    assert body["data"]["lost"] is False
    assert body["data"]["lastUpdateTimeText"] == uploaded(emulator, family.sn)


@pytest.mark.parametrize("name", NAMES)
async def test_realtime_follows_the_world(
    emulator: Emulator, v1_http: V1Http, name: str
) -> None:
    family = FAMILIES[name]
    body = await v1_http.body("POST", family.last, data={family.last_sn: family.sn})
    assert body["error_code"] == 0
    device = _device(emulator, family.sn)
    assert body[family.last_sn] == device.sn
    assert body["datalogger_sn"] == device.datalogger_sn
    data = body["data"]
    assert data["time"] == uploaded(emulator, family.sn)
    assert data[family.power_key] == pytest.approx(
        getattr(device.telemetry, family.power_field), abs=0.05
    )
    assert data[family.power_key] != 0 or name == "mix"
    assert data[family.total_key] == pytest.approx(
        device.counters.life(family.total_counter), abs=0.05
    )
    assert data[family.total_key] > 0


@pytest.mark.parametrize("name", NAMES)
async def test_history(emulator: Emulator, v1_http: V1Http, name: str) -> None:
    family = FAMILIES[name]
    form = {
        family.last_sn: family.sn,
        "start_date": "2025-05-31",
        "end_date": "2025-06-01",
        "timezone_id": "",
        "page": "",
        "perpage": "",
    }
    data = await v1_http.data("POST", family.history, data=form)
    # One record per upload, every 5 minutes, up to noon of the second day;
    # an inverter without battery uploads nothing at night.
    device = _device(emulator, family.sn)
    first = data["datas"][0]["time"]
    if device.stays_awake:
        assert 288 + 144 - 2 <= data["count"] <= 288 + 144
        assert "2025-05-31 00:00:00" < first < "2025-05-31 00:05:21"
    else:
        assert 150 < data["count"] < 288
        assert "2025-05-31 03:00" < first < "2025-05-31 07:00"
    assert data[family.last_sn] == family.sn
    assert len(data["datas"]) == 20
    assert data["next_page_start_id"] == 21
    pages = -(-data["count"] // 100)
    last_page = await v1_http.data(
        "POST", family.history, data=form | {"page": str(pages), "perpage": "100"}
    )
    assert last_page["next_page_start_id"] == -1
    assert last_page["datas"][-1]["time"] == uploaded(emulator, family.sn)
    realtime = await v1_http.data("POST", family.last, data={family.last_sn: family.sn})
    assert set(last_page["datas"][-1]) == set(realtime)
    # Lifetime totals grow towards today's, never beyond.
    totals = [record[family.total_key] for record in last_page["datas"]]
    assert totals == sorted(totals)
    assert totals[-1] == pytest.approx(realtime[family.total_key], abs=0.05)


async def test_history_in_another_timezone(v1_http: V1Http) -> None:
    form = {
        "tlx_sn": "TLX0000001",
        "start_date": "2025-06-01",
        "end_date": "2025-06-01",
    }
    data = await v1_http.data(
        "POST",
        "device/tlx/tlx_data",
        data=form | {"timezone_id": "UTC", "perpage": "1"},
    )
    # The first upload after Berlin's midnight, printed in UTC.
    assert "2025-05-31 22:00:00" < data["datas"][0]["time"] < "2025-05-31 22:05:21"


@pytest.mark.parametrize("name", NAMES)
async def test_history_errors(
    v1_http: V1Http, second_account: Account, name: str
) -> None:
    family = FAMILIES[name]
    dates = {"start_date": "2025-06-01", "end_date": "2025-06-01"}
    cases = [
        ({family.last_sn: ""} | dates, 10002),
        ({family.last_sn: "NOPE"} | dates, 10005),
        ({family.last_sn: family.other_sn} | dates, 10005),
        ({family.last_sn: family.sn, "start_date": "June", "end_date": ""}, 10003),
        (
            {
                family.last_sn: family.sn,
                "start_date": "2025-06-01",
                "end_date": "2025-05-31",
            },
            10003,
        ),
        (
            {
                family.last_sn: family.sn,
                "start_date": "2025-05-20",
                "end_date": "2025-06-01",
            },
            10004,
        ),
        ({family.last_sn: family.sn, "perpage": "500"} | dates, 10013),
        ({family.last_sn: "TLX9999999"} | dates, 10011),
    ]
    for form, code in cases:
        body = await v1_http.body("POST", family.history, data=form)
        assert (body["error_code"], body["data"]) == (code, ""), form


@pytest.mark.parametrize("name", NAMES)
async def test_device_lookup_errors(
    v1_http: V1Http, second_account: Account, name: str
) -> None:
    """Empty SN 10003, unknown or other-family SN 10002, another account's 10011."""
    family = FAMILIES[name]
    for sn, code in (
        ("", 10003),
        ("NOPE", 10002),
        (family.other_sn, 10002),
        ("MIX9999999", 10011),
    ):
        info = await v1_http.body("GET", family.info, params={"device_sn": sn})
        assert info["error_code"] == code, (family.info, sn)
        last = await v1_http.body("POST", family.last, data={family.last_sn: sn})
        assert last["error_code"] == code, (family.last, sn)


@pytest.mark.parametrize("name", NAMES)
async def test_offline_device_reads_lost_and_zero(
    emulator: Emulator, v1_http: V1Http, name: str
) -> None:
    family = FAMILIES[name]
    emulator.world.sync_all()
    heard = uploaded(emulator, family.sn)
    _device(emulator, family.sn).online = False
    emulator.world.clock.advance(600)
    data = await v1_http.data("POST", family.last, data={family.last_sn: family.sn})
    assert data["lost"] is True if "lost" in data else data["status"] == 0
    assert data[family.power_key] == 0
    # A datalogger off line uploads nothing: the last time the device was
    # heard from stays.
    assert data["time"] == heard


async def test_sleep_zero_totals_at_night(emulator: Emulator, v1_http: V1Http) -> None:
    """Growatt reports lifetime totals as 0 while the inverter sleeps (fault switch)."""
    emulator.world.clock.advance(12 * 3600)
    emulator.world.set_faults("demo", sleep_zero_totals=True)
    data = await v1_http.data(
        "POST", "device/inverter/last_new_data", data={"device_sn": "INV0000001"}
    )
    assert _device(emulator, "INV0000001").telemetry.sleeping
    assert data["eacTotal"] == 0
    assert data["epvTotal"] == 0
    assert data["status"] == 0
    emulator.world.set_faults("demo", sleep_zero_totals=False)
    data = await v1_http.data(
        "POST", "device/inverter/last_new_data", data={"device_sn": "INV0000001"}
    )
    assert data["eacTotal"] == pytest.approx(
        _device(emulator, "INV0000001").counters.life("ac"), abs=0.05
    )


async def test_tlx_data_info_envelope(emulator: Emulator, v1_http: V1Http) -> None:
    body = await v1_http.body(
        "GET", "device/tlx/tlx_data_info", params={"device_sn": "TLX0000001"}
    )
    assert set(body) == {"device_sn", "dataloggerSn", "data", "error_code", "error_msg"}
    assert body["device_sn"] == "TLX0000001"
    assert body["dataloggerSn"] == "QMN0000000000001"
    data = body["data"]
    device = _device(emulator, "TLX0000001")
    assert data["bdc1Sn"] == device.battery_sn
    assert data["power"] == pytest.approx(device.telemetry.ac_power, abs=0.05)
    assert data["statusText"] == "tlx.status.operating"
    assert data["lastUpdateTime"]["time"] == int(device.last_update.timestamp() * 1000)  # type: ignore[union-attr]
    assert data["tlxSetbean"]["chargePowerCommand"] == device.settings.charge_power


async def test_tlx_last_data_keys(emulator: Emulator, v1_http: V1Http) -> None:
    body = await v1_http.body(
        "POST", "device/tlx/tlx_last_data", data={"tlx_sn": "TLX0000001"}
    )
    assert set(body) == {
        "tlx_sn",
        "datalogger_sn",
        "dataloggerSn",
        "data",
        "error_code",
        "error_msg",
    }
    data = body["data"]
    device = _device(emulator, "TLX0000001")
    # MIN has no epvToday: clients add the strings.
    assert "epvToday" not in data
    assert data["epv1Today"] + data["epv2Today"] == pytest.approx(
        device.counters.day("pv"), abs=0.1
    )
    assert data["ppv"] == pytest.approx(device.telemetry.pv_power, abs=0.05)
    assert data["bdc1Soc"] == round(device.telemetry.soc)
    assert data["etoGridTotal"] == pytest.approx(
        device.counters.life("export"), abs=0.05
    )
    assert data["elocalLoadToday"] == pytest.approx(
        device.counters.day("load"), abs=0.05
    )
    assert data["pacToUserTotal"] == pytest.approx(
        device.telemetry.import_power, abs=0.05
    )
    assert data["statusText"] == "Normal"
    assert isinstance(data["pac"], int | float)


async def test_mix_last_data_keys(emulator: Emulator, v1_http: V1Http) -> None:
    body = await v1_http.body(
        "POST", "device/mix/mix_last_data", data={"mix_sn": "MIX0000001"}
    )
    assert set(body) == {"mix_sn", "datalogger_sn", "data", "error_code", "error_msg"}
    data = body["data"]
    device = _device(emulator, "MIX0000001")
    soc = round(device.telemetry.soc)
    assert (data["soc"], data["socText"], data["bmsSOC"]) == (soc, f"{soc}%", soc)
    assert data["status"] == 5
    assert data["statusText"] == "PV Bat Online"
    assert data["ppv"] == pytest.approx(device.telemetry.pv_power, abs=0.05)
    assert data["pacToGridTotal"] == pytest.approx(
        device.telemetry.export_power, abs=0.05
    )
    assert data["etoGridToday"] == pytest.approx(
        device.counters.day("export"), abs=0.05
    )
    assert "etoGridTotal" not in data
    assert data["echarge1Total"] == pytest.approx(
        device.counters.life("charge"), abs=0.05
    )
    assert data["time"] == uploaded(emulator, device.sn)


async def test_mix_data_info_is_the_schedule_bean(
    emulator: Emulator, v1_http: V1Http
) -> None:
    body = await v1_http.body(
        "GET", "device/mix/mix_data_info", params={"device_sn": "MIX0000001"}
    )
    assert set(body) == {"data", "error_code", "error_msg"}
    data = body["data"]
    settings = _device(emulator, "MIX0000001").settings
    assert data["chargePowerCommand"] == settings.charge_power
    assert data["wchargeSOCLowLimit"] == settings.charge_stop_soc
    assert data["wdisChargeSOCLowLimit"] == settings.discharge_stop_soc
    assert data["acChargeEnable"] == 0
    for n in (1, 2, 3):
        assert data[f"forcedChargeTimeStart{n}"] == "0:0"
        assert data[f"forcedDischargeStopSwitch{n}"] == 0


async def test_tlx_status_texts(emulator: Emulator, v1_http: V1Http) -> None:
    emulator.world.clock.advance(15 * 3600)  # 03:00 in Berlin
    device = _device(emulator, "TLX0000001")
    device.settings.on_grid_discharge_stop_soc = 100  # nothing left to discharge
    emulator.world.clock.advance(600)
    detail = await v1_http.data(
        "GET", "device/tlx/tlx_data_info", params={"device_sn": "TLX0000001"}
    )
    assert device.telemetry.sleeping
    assert (detail["status"], detail["statusText"]) == (0, "tlx.status.waiting")
    device.online = False
    emulator.world.clock.advance(600)
    detail = await v1_http.data(
        "GET", "device/tlx/tlx_data_info", params={"device_sn": "TLX0000001"}
    )
    assert (detail["lost"], detail["statusText"]) == (True, "tlx.status.lost")
