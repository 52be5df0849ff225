"""OpenAPI v1 plant endpoints and device lists, over loopback HTTP."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from emulator.model import V1_TYPE, Account, Family
from emulator.world import EmulatorConfig
from tests.conftest import Emulator
from tests.emulator.conftest import OTHER_TOKEN, V1Http, uploaded

HOME = 1234567
GARAGE = 1234568
CABIN = 1234569
FLAT = 1234570


@pytest.fixture
def emulator_config() -> EmulatorConfig:
    """No rate limits: these tests repeat identical requests on a frozen clock."""
    return EmulatorConfig(v1_rate_scale=0)


def _plant(emulator: Emulator, plant_id: int):  # type: ignore[no-untyped-def]
    plant = emulator.world.accounts[0].plant(plant_id)
    assert plant is not None
    return plant


async def test_plant_list_reads_the_form_body_of_a_get(
    emulator: Emulator, v1_http: V1Http
) -> None:
    """The library sends plant/list's parameters as a form body on a GET."""
    data = await v1_http.data(
        "GET",
        "plant/list",
        data={"page": "", "perpage": "", "search_type": "", "search_keyword": ""},
    )
    assert data["count"] == 4
    assert [p["plant_id"] for p in data["plants"]] == [HOME, GARAGE, CABIN, FLAT]
    home = data["plants"][0]
    plant = _plant(emulator, HOME)
    assert home["name"] == "Home"
    assert home["user_id"] == 1000001
    assert home["status"] == 1
    # Real accounts send current_power (W) and total_energy as strings.
    assert isinstance(home["current_power"], str)
    assert float(home["current_power"]) == pytest.approx(
        sum(d.telemetry.pv_power for d in plant.devices), abs=0.1
    )
    assert float(home["total_energy"]) == pytest.approx(
        sum(d.counters.life("pv") for d in plant.devices), abs=0.1
    )
    assert home["peak_power"] == pytest.approx(plant.nominal_power / 1000)
    assert home["latitude_d"] is None
    assert isinstance(home["latitude"], str)


async def test_plant_list_search_and_pages(v1_http: V1Http) -> None:
    found = await v1_http.data("GET", "plant/list", data={"search_keyword": "gar"})
    assert [p["name"] for p in found["plants"]] == ["Garage"]
    second = await v1_http.data(
        "GET", "plant/list", params={"page": "2", "perpage": "2"}
    )
    assert second["count"] == 4
    assert [p["plant_id"] for p in second["plants"]] == [CABIN, FLAT]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("plant/list", {}),
        ("device/list", {"plant_id": str(HOME)}),
        ("plant/user_plant_list", {}),
    ],
)
@pytest.mark.parametrize(
    ("bounds", "code"),
    [
        ({"perpage": "101"}, 10013),
        ({"page": "251"}, 10014),
        ({"perpage": "100", "page": "250"}, 0),
    ],
)
async def test_pagination_bounds(
    v1_http: V1Http,
    path: str,
    params: dict[str, str],
    bounds: dict[str, str],
    code: int,
) -> None:
    body = await v1_http.body("GET", path, params=params | bounds)
    assert body["error_code"] == code


async def test_user_plant_list(v1_http: V1Http) -> None:
    data = await v1_http.data(
        "POST",
        "plant/user_plant_list",
        data={"user_name": "demo", "page": "1", "perpage": "2"},
    )
    assert data["count"] == 4
    assert len(data["plants"]) == 2
    body = await v1_http.body(
        "POST", "plant/user_plant_list", data={"user_name": "someone"}
    )
    assert body["error_code"] == 10011


async def test_plant_details(emulator: Emulator, v1_http: V1Http) -> None:
    data = await v1_http.data("GET", "plant/details", params={"plant_id": HOME})
    plant = _plant(emulator, HOME)
    assert data["name"] == "Home"
    assert data["timezone"] == "GMT+1"
    assert data["currency"] == plant.currency
    assert data["peak_power"] == pytest.approx(plant.nominal_power / 1000)
    models = {
        entry["inverter_md"]: entry["inverter_num"] for entry in data["inverters"]
    }
    assert models == {d.model: 1 for d in plant.devices}
    assert data["maxs"] == []
    assert data["dataloggers"][0]["datalogger_num"] == len(
        {d.datalogger_sn for d in plant.devices}
    )
    garage = await v1_http.data("GET", "plant/details", params={"plant_id": GARAGE})
    assert [m["max_md"] for m in garage["maxs"]] == [
        _plant(emulator, GARAGE).devices[1].model
    ]


@pytest.mark.parametrize(
    "path", ["plant/details", "plant/data", "plant/power", "plant/energy"]
)
async def test_plant_errors(
    v1_http: V1Http, second_account: Account, path: str
) -> None:
    """10003 empty plant id, 10002 unknown plant, 10011 another account's plant."""
    extra = (
        {"start_date": "2025-06-01", "end_date": "2025-06-01"}
        if path == "plant/energy"
        else {}
    )
    empty = await v1_http.body("GET", path, params={"plant_id": ""} | extra)
    assert empty["error_code"] == 10003
    assert empty["data"] == ""
    unknown = await v1_http.body("GET", path, params={"plant_id": "999"} | extra)
    assert unknown["error_code"] == 10002
    foreign = await v1_http.body(
        "GET", path, params={"plant_id": second_account.plants[0].plant_id} | extra
    )
    assert foreign["error_code"] == 10011


async def test_plant_data_types_and_values(emulator: Emulator, v1_http: V1Http) -> None:
    """Every value a string except current_power (kW) and peak_power_actual."""
    data = await v1_http.data("GET", "plant/data", params={"plant_id": HOME})
    plant = _plant(emulator, HOME)
    assert isinstance(data["current_power"], float)
    assert data["current_power"] == pytest.approx(
        sum(d.telemetry.pv_power for d in plant.devices) / 1000, abs=0.001
    )
    for key in (
        "today_energy",
        "monthly_energy",
        "yearly_energy",
        "total_energy",
        "carbon_offset",
    ):
        assert isinstance(data[key], str), key
    assert float(data["today_energy"]) == pytest.approx(
        sum(d.counters.day("pv") for d in plant.devices), abs=0.05
    )
    assert float(data["total_energy"]) == pytest.approx(
        sum(d.counters.life("pv") for d in plant.devices), abs=0.05
    )
    assert (
        float(data["today_energy"])
        <= float(data["monthly_energy"])
        <= float(data["yearly_energy"])
    )
    assert float(data["yearly_energy"]) <= float(data["total_energy"])
    assert data["efficiency"] == ""
    assert data["timezone"] == "GMT+1"
    assert data["last_update_time"] == max(
        uploaded(emulator, d.sn) for d in plant.devices
    )


async def test_plant_data_keeps_its_total_while_devices_sleep(
    emulator: Emulator, v1_http: V1Http
) -> None:
    """The fault zeroes sleeping devices' own totals; the plant's keeps its value."""
    emulator.world.set_faults("demo", sleep_zero_totals=True)
    emulator.world.clock.advance(12 * 3600)  # midnight in Berlin
    data = await v1_http.data("GET", "plant/data", params={"plant_id": GARAGE})
    devices = _plant(emulator, GARAGE).devices
    assert [d for d in devices if d.telemetry.sleeping], "the MAX sleeps at night"
    assert float(data["total_energy"]) == pytest.approx(
        sum(d.counters.life("pv") for d in devices), abs=0.05
    )


async def test_plant_power_curve(emulator: Emulator, v1_http: V1Http) -> None:
    data = await v1_http.data(
        "GET", "plant/power", params={"plant_id": HOME, "date": "2025-06-01"}
    )
    # Noon in Berlin: 5-minute marks from 00:05 to 12:00.
    assert data["count"] == 144 == len(data["powers"])
    assert data["powers"][0]["time"] == "2025-06-01 00:05"
    assert data["powers"][-1]["time"] == "2025-06-01 12:00"
    plant = _plant(emulator, HOME)
    assert data["powers"][-1]["power"] == pytest.approx(
        sum(d.telemetry.pv_power for d in plant.devices), abs=0.2
    )
    assert data["powers"][0]["power"] == 0
    today = await v1_http.data("GET", "plant/power", params={"plant_id": HOME})
    assert today == data
    future = await v1_http.data(
        "GET", "plant/power", params={"plant_id": HOME, "date": "2025-06-02"}
    )
    assert future == {"count": 0, "powers": []}
    bad = await v1_http.body(
        "GET", "plant/power", params={"plant_id": HOME, "date": "01.06.2025"}
    )
    assert bad["error_code"] == 10003


async def test_plant_energy_by_day(v1_http: V1Http) -> None:
    data = await v1_http.data(
        "GET",
        "plant/energy",
        params={
            "plant_id": HOME,
            "start_date": "2025-05-26",
            "end_date": "2025-06-01",
            "time_unit": "day",
        },
    )
    assert data["time_unit"] == "day"
    assert data["count"] == 7
    assert [e["date"] for e in data["energys"]] == [
        (date(2025, 5, 26) + timedelta(n)).isoformat() for n in range(7)
    ]
    assert all(isinstance(e["energy"], str) for e in data["energys"])
    overview = await v1_http.data("GET", "plant/data", params={"plant_id": HOME})
    assert data["energys"][-1]["energy"] == overview["today_energy"]
    assert all(float(e["energy"]) > 0 for e in data["energys"])


async def test_plant_energy_by_month_and_year(v1_http: V1Http) -> None:
    months = await v1_http.data(
        "GET",
        "plant/energy",
        params={
            "plant_id": HOME,
            "start_date": "2024-11-15",
            "end_date": "2025-06-01",
            "time_unit": "month",
        },
    )
    assert [e["date"] for e in months["energys"]] == [
        "2024-11",
        "2024-12",
        "2025-01",
        "2025-02",
        "2025-03",
        "2025-04",
        "2025-05",
        "2025-06",
    ]
    june = float(months["energys"][-1]["energy"])
    may = float(months["energys"][-2]["energy"])
    assert may > june > 0
    years = await v1_http.data(
        "GET",
        "plant/energy",
        params={
            "plant_id": HOME,
            "start_date": "2023-01-01",
            "end_date": "2025-06-01",
            "time_unit": "year",
        },
    )
    values = {e["date"]: float(e["energy"]) for e in years["energys"]}
    # The plant was created on 2024-01-01.
    assert values["2023"] == 0
    assert values["2024"] > values["2025"] > 0
    overview = await v1_http.data("GET", "plant/data", params={"plant_id": HOME})
    assert years["energys"][-1]["energy"] == overview["yearly_energy"]


@pytest.mark.parametrize(
    "params",
    [
        {"start_date": "2025-05-01", "end_date": "2025-06-01", "time_unit": "day"},
        {"start_date": "2023-01-01", "end_date": "2025-06-01", "time_unit": "month"},
        {"start_date": "2000-01-01", "end_date": "2025-06-01", "time_unit": "year"},
        {"start_date": "2025/06/01", "end_date": "2025-06-01", "time_unit": "day"},
        {"start_date": "2025-06-02", "end_date": "2025-06-01", "time_unit": "day"},
        {"start_date": "2025-06-01", "end_date": "2025-06-01", "time_unit": "week"},
    ],
)
async def test_plant_energy_bad_range(v1_http: V1Http, params: dict[str, str]) -> None:
    body = await v1_http.body("GET", "plant/energy", params={"plant_id": HOME} | params)
    assert body["error_code"] == 10004


async def test_device_list(emulator: Emulator, v1_http: V1Http) -> None:
    data = await v1_http.data(
        "GET", "device/list", params={"plant_id": HOME, "page": "", "perpage": ""}
    )
    plant = _plant(emulator, HOME)
    assert data["count"] == 2
    by_sn = {d["device_sn"]: d for d in data["devices"]}
    for device in plant.devices:
        entry = by_sn[device.sn]
        assert entry["type"] == V1_TYPE[device.family]
        assert entry["device_id"] == device.device_id
        assert entry["datalogger_sn"] == device.datalogger_sn
        assert entry["model"] == device.model
        assert entry["manufacturer"] == "Growatt"
        assert entry["lost"] is False
        assert entry["status"] == 1
        assert entry["last_update_time"] == uploaded(emulator, device.sn)
    assert by_sn["TLX0000001"]["type"] == 7


async def test_device_list_leaves_out_noah(emulator: Emulator, v1_http: V1Http) -> None:
    """Noah has no v1 device type."""
    data = await v1_http.data("GET", "device/list", params={"plant_id": CABIN})
    families = {d.sn: d.family for d in _plant(emulator, CABIN).devices}
    assert Family.NOAH in families.values()
    assert sorted(d["device_sn"] for d in data["devices"]) == sorted(
        sn for sn, family in families.items() if family is not Family.NOAH
    )
    assert {d["type"] for d in data["devices"]} == {2, 6}


async def test_device_list_shows_a_lost_device(
    emulator: Emulator, v1_http: V1Http
) -> None:
    device = emulator.world.accounts[0].device("INV0000001")
    assert device is not None
    emulator.world.sync_all()
    heard = uploaded(emulator, "INV0000001")
    device.online = False
    emulator.world.clock.advance(3600)
    data = await v1_http.data("GET", "device/list", params={"plant_id": HOME})
    entry = next(d for d in data["devices"] if d["device_sn"] == "INV0000001")
    assert entry["lost"] is True
    assert entry["status"] == 0
    # It stopped reporting when it went offline.
    assert entry["last_update_time"] == heard


async def test_device_list_errors(v1_http: V1Http, second_account: Account) -> None:
    assert (await v1_http.body("GET", "device/list", params={"plant_id": ""}))[
        "error_code"
    ] == 10002
    assert (await v1_http.body("GET", "device/list", params={"plant_id": "42"}))[
        "error_code"
    ] == 10003
    foreign = await v1_http.body(
        "GET", "device/list", params={"plant_id": second_account.plants[0].plant_id}
    )
    assert foreign["error_code"] == 10011


async def test_other_account_sees_its_own_plants(
    v1_http: V1Http, second_account: Account
) -> None:
    v1_http.token = OTHER_TOKEN
    data = await v1_http.data("GET", "plant/list")
    assert [p["name"] for p in data["plants"]] == ["Elsewhere"]
    assert (await v1_http.body("GET", "plant/details", params={"plant_id": HOME}))[
        "error_code"
    ] == 10011


async def test_datalogger_list(emulator: Emulator, v1_http: V1Http) -> None:
    data = await v1_http.data(
        "GET", "device/datalogger/list", params={"plant_id": CABIN}
    )
    loggers = {d.datalogger_sn for d in _plant(emulator, CABIN).devices}
    assert data["count"] == len(loggers)
    assert {d["datalogger_sn"] for d in data["dataloggers"]} == loggers


@pytest.mark.parametrize(
    ("sn", "type_info"),
    [
        ("TLX0000001", 22),
        ("MIX0000001", 17),
        ("INV0000001", 16),
        ("MAX0000001", 18),
        ("SPA0000001", 19),
        ("SPF0000001", 96),
        ("0PVP50ZR16ST00CB", 1000),
    ],
)
async def test_check_sn(v1_http: V1Http, sn: str, type_info: int) -> None:
    data = await v1_http.data("GET", "device/check/sn", params={"device_sn": sn})
    assert data == {"device_sn": sn, "type_info": type_info}


async def test_check_sn_errors(v1_http: V1Http, second_account: Account) -> None:
    assert (await v1_http.body("GET", "device/check/sn", params={"device_sn": ""}))[
        "error_code"
    ] == 10002
    assert (await v1_http.body("GET", "device/check/sn", params={"device_sn": "NOPE"}))[
        "error_code"
    ] == 10003
    assert (
        await v1_http.body("GET", "device/check/sn", params={"device_sn": "TLX9999999"})
    )["error_code"] == 10011


async def test_v4_prefix_serves_v1_paths(emulator: Emulator, v1_http: V1Http) -> None:
    v1_http.base = emulator.url + "v4/"
    data = await v1_http.data("GET", "plant/list")
    assert data["count"] == 4


async def test_plant_of_lost_devices(emulator: Emulator, v1_http: V1Http) -> None:
    for device in _plant(emulator, GARAGE).devices:
        device.online = False
    emulator.world.clock.advance(600)
    data = await v1_http.data("GET", "plant/list")
    status = {p["plant_id"]: p["status"] for p in data["plants"]}
    assert status == {HOME: 1, GARAGE: 4, CABIN: 1, FLAT: 1}
    garage = next(p for p in data["plants"] if p["plant_id"] == GARAGE)
    assert garage["current_power"] == "0"
    power = await v1_http.data("GET", "plant/power", params={"plant_id": GARAGE})
    assert power == {"count": 0, "powers": []}


async def test_more_page_errors(v1_http: V1Http) -> None:
    paged = {"plant_id": CABIN, "perpage": "101"}
    assert (await v1_http.body("GET", "device/datalogger/list", params=paged))[
        "error_code"
    ] == 10013
    energy = {
        "plant_id": HOME,
        "start_date": "2025-06-01",
        "end_date": "2025-06-01",
        "page": "300",
    }
    assert (await v1_http.body("GET", "plant/energy", params=energy))[
        "error_code"
    ] == 10014
    assert (
        await v1_http.body("GET", "device/datalogger/list", params={"plant_id": ""})
    )["error_code"] == 10002
