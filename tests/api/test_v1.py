"""OpenAPI v1: every method against the emulator, the write layouts, the error codes."""

from __future__ import annotations

import contextlib
from datetime import date, time
from typing import Any

import pytest

from custom_components.growatt.api import (
    V1_RATE_WINDOWS,
    ChargePeriod,
    GrowattApiError,
    GrowattAuthenticationError,
    GrowattParameterError,
    GrowattRateLimitError,
    Inverter,
    Max,
    Min,
    OpenApiV1,
    Spa,
    Sph,
    Storage,
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
    SPA,
    SPF,
    TLX,
    RunSync,
)

DAY = date(2025, 6, 1)
PERIODS: list[ChargePeriod] = [
    {"start_time": time(1, 0), "end_time": time(5, 30), "enabled": True},
    {"start_time": time(0, 0), "end_time": time(0, 0), "enabled": False},
    {"start_time": time(0, 0), "end_time": time(0, 0), "enabled": False},
]


def device(emulator: Emulator, sn: str) -> Device:
    found = emulator.world.find_device(sn)
    assert found is not None
    return found[2]


def last(emulator: Emulator) -> dict[str, Any]:
    return emulator.requests("v1")[-1]


async def test_urls_follow_the_configured_server(emulator: Emulator) -> None:
    """growattServer freezes api_url at init; changing server_url must take effect."""
    async with OpenApiV1("deadbeefdeadbeefdeadbeefdeadbeef") as v1:
        assert v1.api_url == "https://openapi.growatt.com/v1/"
        v1.server_url = emulator.url
        assert v1.api_url == emulator.url + "v1/"
        assert (await v1.plant_list())["count"] == 4
    assert last(emulator)["user_agent"].startswith("Python/")


async def test_plants(v1: OpenApiV1, emulator: Emulator) -> None:
    plants = await v1.plant_list()
    assert [p["plant_id"] for p in plants["plants"]] == [HOME, GARAGE, CABIN, FLAT]
    # growattServer sends plant/list's parameters as a form body on a GET.
    request = last(emulator)
    assert request["method"] == "GET"
    assert request["params"] == {
        "page": "",
        "perpage": "",
        "search_type": "",
        "search_keyword": "",
    }
    users = await v1.user_plant_list("demo", page=1, perpage=10)
    assert users["count"] == 4
    details = await v1.plant_details(HOME)
    assert details["name"] == "Home"
    overview = await v1.plant_energy_overview(HOME)
    assert "today_energy" in overview
    power = await v1.plant_power_overview(HOME, DAY)
    assert power["count"] == len(power["powers"]) > 0
    assert last(emulator)["params"] == {"plant_id": str(HOME), "date": "2025-06-01"}
    history = await v1.plant_energy_history(HOME, date(2025, 5, 28), DAY)
    assert history["time_unit"] == "day"
    assert [e["date"] for e in history["energys"]][-1] == "2025-06-01"
    assert "page" not in last(emulator)["params"]
    devices = await v1.device_list(HOME)
    assert {d["device_sn"]: d["type"] for d in devices["devices"]} == {
        TLX: 7,
        INVERTER: 1,
    }
    loggers = await v1.datalogger_list(HOME)
    assert loggers["count"] >= 1
    checked = await v1.check_sn(TLX)
    assert checked["device_sn"] == TLX


async def test_default_days_use_today(emulator: Emulator) -> None:
    async with OpenApiV1(
        "deadbeefdeadbeefdeadbeefdeadbeef",
        server_url=emulator.url,
        clock=emulator.world.clock.now,
    ) as v1:
        today = v1.local_today().isoformat()
        await v1.plant_power_overview(GARAGE)
        assert last(emulator)["params"]["date"] == today
        await v1.plant_energy_history(GARAGE)
        assert last(emulator)["params"]["start_date"] == today
        await v1.plant_energy_history(CABIN, end_date=DAY, time_unit="month")
        assert last(emulator)["params"]["start_date"] == "2025-06-01"
        await v1.min_energy_history(TLX)
        assert last(emulator)["params"]["start_date"] == today


@pytest.mark.parametrize(
    ("start", "end", "unit"),
    [
        (date(2025, 5, 1), DAY, "day"),
        (date(2023, 1, 1), DAY, "month"),
        (date(2000, 1, 1), DAY, "year"),
    ],
)
async def test_plant_energy_history_warns_on_long_ranges(
    v1: OpenApiV1, start: date, end: date, unit: str
) -> None:
    # Growatt may refuse the range; the warning comes before asking.
    with pytest.warns(RuntimeWarning), contextlib.suppress(GrowattApiError):
        await v1.plant_energy_history(HOME, start, end, unit)


async def test_get_device(v1: OpenApiV1) -> None:
    assert isinstance(v1.get_device(TLX, 7), Min)
    assert isinstance(v1.get_device(MIX, 5), Sph)
    assert isinstance(v1.get_device(INVERTER, 1), Inverter)
    assert isinstance(v1.get_device(SPF, 2), Storage)
    assert isinstance(v1.get_device(MAX, 4), Max)
    assert isinstance(v1.get_device(SPA, 6), Spa)
    with pytest.warns(UserWarning, match="not been implemented"):
        assert v1.get_device("X", 3) is None
    sph = v1.get_device(MIX, 5)
    assert sph is not None
    assert (await sph.detail())["serialNum"] == MIX


async def test_min(v1: OpenApiV1, emulator: Emulator) -> None:
    detail = await v1.min_detail(TLX)
    assert detail["serialNum"] == TLX
    energy = await v1.min_energy(TLX)
    assert energy["serialNum"] == TLX
    assert last(emulator)["params"] == {"tlx_sn": TLX}
    history = await v1.min_energy_history(TLX, DAY, DAY, "Europe/Berlin", 1, 10)
    assert len(history["datas"]) == 10
    assert last(emulator)["params"]["timezone_id"] == "Europe/Berlin"
    segments = await v1.min_read_time_segments(TLX)
    assert [s["segment_id"] for s in segments] == list(range(1, 10))
    emulator.world.clock.advance(300)  # the same settings request again
    settings = await v1.min_settings(TLX)
    assert await v1.min_read_time_segments(TLX, settings) == segments
    assert await v1.min_read_parameter(TLX, "charge_power") == "100"
    assert last(emulator)["params"]["startAddr"] == "0"
    await v1.min_read_parameter(TLX, start_address=3)
    assert last(emulator)["params"]["endAddr"] == "3"


async def test_min_write_parameter_sends_all_19_params(
    v1: OpenApiV1, emulator: Emulator
) -> None:
    assert await v1.min_write_parameter(TLX, "charge_power", 70) == ""
    assert device(emulator, TLX).settings.charge_power == 70
    params = last(emulator)["params"]
    assert params == {
        "tlx_sn": TLX,
        "type": "charge_power",
        "param1": "70",
        **{f"param{n}": "" for n in range(2, 20)},
    }
    await v1.min_write_parameter(TLX, "discharge_power", [60])
    assert device(emulator, TLX).settings.discharge_power == 60
    await v1.min_write_parameter(TLX, "ac_charge", {1: 1, "30": "ignored"})
    assert device(emulator, TLX).settings.ac_charge is True
    assert len(last(emulator)["params"]) == 21


async def test_min_time_segment_round_trip(v1: OpenApiV1, emulator: Emulator) -> None:
    await v1.min_write_time_segment(TLX, 2, 1, time(6, 0), time(8, 5))
    params = last(emulator)["params"]
    assert [params[f"param{n}"] for n in range(1, 7)] == ["1", "6", "0", "8", "5", "1"]
    assert params["param19"] == ""
    segment = (await v1.min_read_time_segments(TLX))[1]
    assert segment == {
        "segment_id": 2,
        "batt_mode": 1,
        "mode_name": "Battery First",
        "start_time": "06:00",
        "end_time": "08:05",
        "enabled": True,
    }


@pytest.mark.parametrize(("segment", "mode"), [(0, 1), (10, 1), (1, 3), (1, -1)])
async def test_min_time_segment_bounds(v1: OpenApiV1, segment: int, mode: int) -> None:
    with pytest.raises(GrowattParameterError):
        await v1.min_write_time_segment(TLX, segment, mode, time(1), time(2))


def test_time_segment_parsing_tolerates_growatt_values() -> None:
    segments = Min.__new__(Min)
    parsed = pytest.importorskip("asyncio").run(
        segments.read_time_segments(
            {
                "time1Mode": "null",
                "forcedTimeStart1": "null",
                "forcedTimeStop1": "",
                "forcedStopSwitch1": "null",
                "time2Mode": "x",
                "forcedTimeStart2": "6",
                "forcedTimeStop2": "24:00",
                "forcedStopSwitch2": "1",
                "time3Mode": 2,
            }
        )
    )
    assert parsed[0] == {
        "segment_id": 1,
        "batt_mode": None,
        "mode_name": "Unknown",
        "start_time": "00:00",
        "end_time": "00:00",
        "enabled": False,
    }
    assert parsed[1]["start_time"] == "00:00"
    assert parsed[1]["end_time"] == "24:00"
    assert parsed[1]["enabled"] is True
    assert parsed[2]["mode_name"] == "Grid First"


async def test_read_parameter_needs_exactly_one_selector(v1: OpenApiV1) -> None:
    with pytest.raises(GrowattParameterError):
        await v1.min_read_parameter(TLX)
    with pytest.raises(GrowattParameterError, match="not both"):
        await v1.sph_read_parameter(MIX, "pv_on_off", 3)


async def test_history_longer_than_7_days_is_refused(v1: OpenApiV1) -> None:
    with pytest.raises(GrowattParameterError, match="7 days"):
        await v1.sph_energy_history(MIX, date(2025, 5, 1), DAY)


async def test_sph(v1: OpenApiV1, emulator: Emulator) -> None:
    detail = await v1.sph_detail(MIX)
    assert detail["serialNum"] == MIX
    energy = await v1.sph_energy(MIX)
    assert energy["serialNum"] == MIX
    history = await v1.sph_energy_history(MIX, DAY)
    assert history["mix_sn"] == MIX
    assert await v1.sph_read_parameter(MIX, "pv_on_off") == "1"
    # Register reads are documented for MIN only; SPH refuses the type.
    with pytest.raises(GrowattApiError) as err:
        await v1.sph_read_parameter(MIX, start_address=3)
    assert err.value.code == 10009
    assert "endAddr" not in last(emulator)["params"]  # growattServer sends none
    charge = await v1.sph_read_ac_charge_times(MIX, detail)
    assert set(charge) == {
        "charge_power",
        "charge_stop_soc",
        "mains_enabled",
        "periods",
    }
    discharge = await v1.sph_read_ac_discharge_times(MIX, detail)
    assert len(discharge["periods"]) == 3


async def test_sph_writes(v1: OpenApiV1, emulator: Emulator) -> None:
    assert await v1.sph_write_ac_charge_times(MIX, 80, 90, True, PERIODS) == ""
    params = last(emulator)["params"]
    assert set(params) == {"mix_sn", "type"} | {f"param{n}" for n in range(1, 19)}
    assert [params[f"param{n}"] for n in range(1, 9)] == [
        "80", "90", "1", "1", "0", "5", "30", "1",
    ]  # fmt: skip
    settings = device(emulator, MIX).settings
    assert (settings.charge_power, settings.charge_stop_soc, settings.ac_charge) == (
        80,
        90,
        True,
    )
    await v1.sph_write_ac_discharge_times(MIX, 70, 20, PERIODS)
    params = last(emulator)["params"]
    assert set(params) == {"mix_sn", "type"} | {f"param{n}" for n in range(1, 18)}
    assert device(emulator, MIX).settings.discharge_stop_soc == 20
    charge = await v1.sph_read_ac_charge_times(MIX)
    assert charge["charge_power"] == 80
    assert charge["periods"][0] == {
        "period_id": 1,
        "start_time": "01:00",
        "end_time": "05:30",
        "enabled": True,
    }
    emulator.world.clock.advance(300)
    discharge = await v1.sph_read_ac_discharge_times(MIX)
    assert discharge["discharge_stop_soc"] == 20
    await v1.sph_write_parameter(MIX, "mix_off_grid_enable", "1")
    assert len(last(emulator)["params"]) == 20
    assert device(emulator, MIX).settings.off_grid_enable is True


@pytest.mark.parametrize(
    ("power", "soc", "periods"),
    [(101, 50, PERIODS), (50, -1, PERIODS), (50, 50, PERIODS[:2])],
)
async def test_sph_write_bounds(
    v1: OpenApiV1, power: int, soc: int, periods: list[ChargePeriod]
) -> None:
    with pytest.raises(GrowattParameterError):
        await v1.sph_write_ac_charge_times(MIX, power, soc, True, periods)
    with pytest.raises(GrowattParameterError):
        await v1.sph_write_ac_discharge_times(MIX, power, soc, periods)


async def test_charge_schedule_defaults() -> None:
    sph = Sph.__new__(Sph)
    charge = await sph.read_ac_charge_times({"chargePowerCommand": "null"})
    assert charge["charge_power"] == 0
    assert charge["charge_stop_soc"] == 100
    assert charge["mains_enabled"] is False
    discharge = await sph.read_ac_discharge_times({"wdisChargeSOCLowLimit": ""})
    assert discharge["discharge_stop_soc"] == 10


async def test_classic_inverter(v1: OpenApiV1, emulator: Emulator) -> None:
    assert (await v1.inverter_detail(INVERTER))["serialNum"] == INVERTER
    assert (await v1.inverter_energy(INVERTER))["pac"] > 0
    assert last(emulator)["params"] == {"device_sn": INVERTER}
    history = await v1.inverter_energy_history(INVERTER, DAY)
    assert history["count"] > 0
    assert await v1.inverter_read_parameter(INVERTER, "pv_active_p_rate") == "100"
    await v1.inverter_write_parameter(INVERTER, "pv_active_p_rate", 55)
    assert last(emulator)["params"] == {
        "device_sn": INVERTER,
        "paramId": "pv_active_p_rate",
        "command_1": "55",
        "command_2": "",
    }
    assert device(emulator, INVERTER).settings.active_power_rate == 55
    await v1.inverter_write_parameter(INVERTER, "pv_reactive_p_rate", ["40", "over"])
    assert device(emulator, INVERTER).settings.reactive_power_rate == 40
    with pytest.raises(GrowattApiError) as err:
        await v1.inverter_write_parameter(INVERTER, "pv_on_off")
    assert err.value.code == 10007  # value empty
    assert last(emulator)["params"]["command_1"] == ""


@pytest.mark.parametrize("values", [{1: 2}, [1, 2, 3]])
async def test_inverter_write_takes_two_values(v1: OpenApiV1, values: Any) -> None:
    with pytest.raises(GrowattParameterError):
        await v1.inverter_write_parameter(INVERTER, "pv_on_off", values)


async def test_storage(v1: OpenApiV1, emulator: Emulator) -> None:
    assert (await v1.storage_detail(SPF))["serialNum"] == SPF
    assert (await v1.storage_energy(SPF))["serialNum"] == SPF
    assert last(emulator)["params"] == {"storage_sn": SPF}
    assert (await v1.storage_energy_history(SPF, DAY))["count"] > 0
    assert await v1.storage_read_parameter(SPF, "charge_power") is not None
    await v1.storage_write_parameter(SPF, "charge_power", 40)
    assert len(last(emulator)["params"]) == 21
    assert device(emulator, SPF).settings.charge_power == 40


async def test_max(v1: OpenApiV1, emulator: Emulator) -> None:
    assert (await v1.max_detail(MAX))["serialNum"] == MAX
    assert (await v1.max_energy(MAX))["serialNum"] == MAX
    assert (await v1.max_energy_history(MAX, DAY))["count"] > 0
    assert await v1.max_read_parameter(MAX, "pv_active_p_rate") == "100"
    await v1.max_write_parameter(MAX, "pv_active_p_rate", 90)
    assert last(emulator)["params"]["max_sn"] == MAX
    assert device(emulator, MAX).settings.active_power_rate == 90


async def test_spa(v1: OpenApiV1, emulator: Emulator) -> None:
    detail = await v1.spa_detail(SPA)
    assert detail["serialNum"] == SPA
    assert (await v1.spa_energy(SPA))["serialNum"] == SPA
    assert (await v1.spa_energy_history(SPA, DAY))["count"] > 0
    assert await v1.spa_read_parameter(SPA, "spa_off_grid_enable") == "0"
    await v1.spa_write_ac_charge_times(SPA, 60, 95, PERIODS)
    params = last(emulator)["params"]
    assert set(params) == {"spa_sn", "type"} | {f"param{n}" for n in range(1, 18)}
    assert device(emulator, SPA).settings.charge_stop_soc == 95
    await v1.spa_write_parameter(SPA, "spa_off_grid_enable", 1)
    assert len(last(emulator)["params"]) == 20
    spa = v1.get_device(SPA, 6)
    assert isinstance(spa, Spa)
    emulator.world.clock.advance(300)
    charge = await spa.read_ac_charge_times()
    assert charge["charge_stop_soc"] == 95


# -- error codes -------------------------------------------------------------------


async def test_wrong_token_is_an_authentication_error(emulator: Emulator) -> None:
    async with OpenApiV1("0" * 32, server_url=emulator.url) as v1:
        with pytest.raises(GrowattAuthenticationError, match="token"):
            await v1.plant_list()


async def test_identical_request_is_rate_limited_with_its_window(
    v1: OpenApiV1, emulator: Emulator
) -> None:
    await v1.plant_details(HOME)
    with pytest.raises(GrowattRateLimitError) as err:
        await v1.plant_details(HOME)
    assert err.value.retry_after == V1_RATE_WINDOWS["plant/details"] == 300
    await v1.plant_details(GARAGE)  # another request is not limited
    emulator.world.clock.advance(err.value.retry_after)
    assert (await v1.plant_details(HOME))["name"] == "Home"


async def test_write_rate_limit_is_five_seconds(
    v1: OpenApiV1, emulator: Emulator
) -> None:
    await v1.min_write_parameter(TLX, "charge_power", 50)
    with pytest.raises(GrowattRateLimitError) as err:
        await v1.min_write_parameter(TLX, "charge_power", 50)
    assert err.value.retry_after == 5


async def test_10012_on_a_write_can_mean_no_such_device(
    v1: OpenApiV1, emulator: Emulator
) -> None:
    """On tlxSet, 10012 is also "Min does not exist"; only the message tells."""
    emulator.world.set_faults(
        "demo", v1_error_code=10012, v1_error_msg="error_min_not_exist"
    )
    with pytest.raises(GrowattApiError) as err:
        await v1.min_write_parameter(TLX, "charge_power", 50)
    assert not isinstance(err.value, GrowattRateLimitError)
    assert err.value.code == 10012
    with pytest.raises(GrowattRateLimitError) as limited:
        await v1.min_detail(TLX)
    assert limited.value.retry_after == 300


async def test_other_codes_are_api_errors(v1: OpenApiV1, emulator: Emulator) -> None:
    emulator.world.set_faults("demo", v1_error_code=10001)
    with pytest.raises(GrowattApiError) as err:
        await v1.plant_list()
    assert (err.value.code, err.value.error_msg) == (10001, "error_system error")


async def test_device_errors(v1: OpenApiV1, emulator: Emulator) -> None:
    device(emulator, TLX).online = False
    with pytest.raises(GrowattApiError) as err:
        await v1.min_write_parameter(TLX, "charge_power", 10)
    assert err.value.code == 10003
    with pytest.raises(GrowattApiError) as err:
        await v1.min_write_parameter("NOPE", "charge_power", 11)
    assert err.value.code in (10002, 10012, 10011)


# -- same requests as growattServer ----------------------------------------------


WRITES: list[tuple[str, tuple[Any, ...]]] = [
    ("min_write_parameter", (TLX, "charge_power", 66)),
    ("min_write_parameter", (TLX, "discharge_power", [55, 1])),
    ("min_write_time_segment", (TLX, 3, 2, time(22, 0), time(23, 30), False)),
    ("sph_write_parameter", (MIX, "mix_off_grid_enable", "1")),
    ("sph_write_ac_charge_times", (MIX, 70, 90, False, PERIODS)),
    ("sph_write_ac_discharge_times", (MIX, 70, 20, PERIODS)),
    ("min_read_parameter", (TLX, "charge_power")),
    ("min_energy", (TLX,)),
    ("sph_energy", (MIX,)),
    ("min_energy_history", (TLX, DAY, DAY, None, 2, 5)),
]


@pytest.mark.parametrize(("method", "args"), WRITES, ids=[m for m, _ in WRITES])
async def test_requests_match_growattserver(
    v1: OpenApiV1,
    library_v1: Any,
    run_sync: RunSync,
    emulator: Emulator,
    method: str,
    args: tuple[Any, ...],
) -> None:
    theirs = await run_sync(getattr(library_v1, method), *args)
    their_request = last(emulator)
    emulator.world.clock.advance(300)
    ours = await getattr(v1, method)(*args)
    our_request = last(emulator)
    assert our_request["path"] == their_request["path"]
    assert our_request["method"] == their_request["method"]
    assert our_request["params"] == their_request["params"]
    if "write" in method:
        assert ours == theirs == ""
    else:  # the clock moved between the two reads; the shape is the same
        assert type(ours) is type(theirs)
        assert ours
