"""A setting written through one API shows in the other API's views."""

from __future__ import annotations

from collections.abc import AsyncIterator
import json
from typing import Any

import aiohttp
import pytest

from emulator.world import growatt_hash
from tests.conftest import Emulator

UA = {"User-Agent": "ShinePhone/8.1.17 (iPhone; iOS 15.6.1; Scale/2.00)"}
TOKEN = {"token": "deadbeefdeadbeefdeadbeefdeadbeef", **UA}


@pytest.fixture
async def http(emulator: Emulator) -> AsyncIterator[aiohttp.ClientSession]:
    """A logged-in legacy session (the v1 calls add the token header)."""
    async with aiohttp.ClientSession(
        cookie_jar=aiohttp.CookieJar(unsafe=True)
    ) as session:
        async with session.post(
            emulator.url + "newTwoLoginAPI.do",
            data={"userName": "demo", "password": growatt_hash("demo")},
            headers=UA,
        ) as response:
            assert json.loads(await response.text())["back"]["success"] is True
        yield session


async def _legacy(
    http: aiohttp.ClientSession, url: str, method: str = "GET", **kwargs: Any
) -> Any:
    async with http.request(method, url, headers=UA, **kwargs) as response:
        return json.loads(await response.text())


async def _v1(
    http: aiohttp.ClientSession, url: str, method: str = "GET", **kwargs: Any
) -> Any:
    async with http.request(method, url, headers=TOKEN, **kwargs) as response:
        body = json.loads(await response.text())
    assert body["error_code"] == 0, body
    return body["data"]


async def test_legacy_tlx_write_shows_in_v1(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    ack = await _legacy(
        http,
        emulator.url + "newTcpsetAPI.do",
        "POST",
        params={
            "op": "tlxSet",
            "serialNum": "TLX0000001",
            "type": "charge_power",
            "param1": "70",
        },
    )
    assert ack["success"] is True
    settings = await _v1(
        http,
        emulator.url + "v1/device/tlx/tlx_set_info",
        params={"device_sn": "TLX0000001"},
    )
    assert int(settings["chargePowerCommand"]) == 70
    bean = await _legacy(
        http,
        emulator.url + "newTlxApi.do",
        "POST",
        params={"op": "getTlxSetData"},
        data={"serialNum": "TLX0000001"},
    )
    assert bean["obj"]["tlxSetBean"]["charge_power"] == "70"


async def test_v1_time_segment_shows_in_legacy(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    form = {"tlx_sn": "TLX0000001", "type": "time_segment1"}
    values = ["1", "1", "30", "5", "0", "1"]
    form |= {
        f"param{n}": (values[n - 1] if n <= len(values) else "") for n in range(1, 20)
    }
    assert await _v1(http, emulator.url + "v1/tlxSet", "POST", data=form) == ""
    bean = await _legacy(
        http,
        emulator.url + "newTlxApi.do",
        "POST",
        params={"op": "getTlxSetData"},
        data={"serialNum": "TLX0000001"},
    )
    tlx = bean["obj"]["tlxSetBean"]
    assert tlx["forcedTimeStart1"] == "1:30"
    assert tlx["forcedTimeStop1"] == "5:0"
    assert tlx["time_segment1"] == "1_1:30_5:0_1"
    detail = await _v1(
        http,
        emulator.url + "v1/device/tlx/tlx_data_info",
        params={"device_sn": "TLX0000001"},
    )
    assert detail["tlxSetbean"]["forcedTimeStart1"] == "1:30"


async def test_legacy_mix_periods_show_in_v1(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    params = {
        "op": "mixSetApiNew",
        "serialNum": "MIX0000001",
        "type": "mix_ac_charge_time_period",
    }
    values = ["80", "95", "1", "1", "0", "5", "0", "1"] + ["0"] * 10
    params |= {f"param{n}": v for n, v in enumerate(values, start=1)}
    ack = await _legacy(http, emulator.url + "newTcpsetAPI.do", "POST", params=params)
    assert ack["success"] is True
    info = await _v1(
        http,
        emulator.url + "v1/device/mix/mix_data_info",
        params={"device_sn": "MIX0000001"},
    )
    assert int(info["chargePowerCommand"]) == 80
    assert int(info["acChargeEnable"]) == 1
    assert info["forcedChargeTimeStart1"] == "1:0"
    assert info["forcedChargeTimeStop1"] == "5:0"
    assert int(info["forcedChargeStopSwitch1"]) == 1


async def test_v1_on_off_shows_in_legacy_classic_view(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    form = {
        "device_sn": "INV0000001",
        "paramId": "pv_on_off",
        "command_1": "0000",
        "command_2": "",
    }
    assert await _v1(http, emulator.url + "v1/inverterSet", "POST", data=form) == ""
    async with http.get(
        emulator.url + "commonDeviceSetC/setInverter",
        params={"type": "server", "invSn": "INV0000001"},
        headers=UA,
    ) as response:
        page = await response.text()
    assert '"onOff":"0"' in page.replace(" ", "")
