"""OpenAPI v1 token check and identical-request rate limits (docs/growatt-api.md)."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.model import Account
from emulator.v1 import ENDPOINTS
from emulator.v1.limits import RATE_WINDOWS
from emulator.world import EmulatorConfig
from tests.conftest import Emulator
from tests.emulator.conftest import OTHER_TOKEN, V1Http

LIMITED = {"data": "", "error_code": 10012, "error_msg": "error_frequently_access"}
DENIED = {"data": "", "error_code": 10011, "error_msg": "error_permission_denied"}

# One successful request per window class: (method, path, params or form).
REQUESTS: dict[str, tuple[str, str, dict[str, str]]] = {
    "plant/list": ("GET", "plant/list", {}),
    "plant/data": ("GET", "plant/data", {"plant_id": "1234567"}),
    "device/list": ("GET", "device/list", {"plant_id": "1234567"}),
    "tlx_data_info": ("GET", "device/tlx/tlx_data_info", {"device_sn": "TLX0000001"}),
    "tlx_set_info": ("GET", "device/tlx/tlx_set_info", {"device_sn": "TLX0000001"}),
    "tlx_last_data": ("POST", "device/tlx/tlx_last_data", {"tlx_sn": "TLX0000001"}),
    "tlx_data": (
        "POST",
        "device/tlx/tlx_data",
        {"tlx_sn": "TLX0000001", "start_date": "2025-06-01", "end_date": "2025-06-01"},
    ),
    "mix_data_info": ("GET", "device/mix/mix_data_info", {"device_sn": "MIX0000001"}),
    "mix_last_data": ("POST", "device/mix/mix_last_data", {"mix_sn": "MIX0000001"}),
    "mix_data": (
        "POST",
        "device/mix/mix_data",
        {"mix_sn": "MIX0000001", "start_date": "2025-06-01", "end_date": "2025-06-01"},
    ),
    "readMinParam": (
        "POST",
        "readMinParam",
        {"device_sn": "TLX0000001", "paramId": "ac_charge"},
    ),
    "tlxSet": (
        "POST",
        "tlxSet",
        {"tlx_sn": "TLX0000001", "type": "charge_power", "param1": "50"},
    ),
    "readMixParam": (
        "POST",
        "readMixParam",
        {"device_sn": "MIX0000001", "paramId": "pv_on_off"},
    ),
    "mixSet": (
        "POST",
        "mixSet",
        {"mix_sn": "MIX0000001", "type": "pv_on_off", "param1": "1"},
    ),
    "inverterSet": (
        "POST",
        "inverterSet",
        {"device_sn": "INV0000001", "paramId": "pv_active_p_rate", "command_1": "90"},
    ),
}
WINDOWS = {
    "plant/list": 300,
    "plant/data": 300,
    "device/list": 300,
    "tlx_data_info": 300,
    "tlx_set_info": 300,
    "tlx_last_data": 300,
    "tlx_data": 10,
    "mix_data_info": 300,
    "mix_last_data": 10,
    "mix_data": 300,
    "readMinParam": 5,
    "tlxSet": 5,
    "readMixParam": 5,
    "mixSet": 5,
    "inverterSet": 5,
}


async def send(v1_http: V1Http, name: str, **changes: str) -> Any:
    """One of REQUESTS, with some parameters changed."""
    method, path, values = REQUESTS[name]
    values = values | changes
    if method == "GET":
        return await v1_http.body(method, path, params=values)
    return await v1_http.body(method, path, data=values)


@pytest.mark.parametrize("name", list(REQUESTS))
async def test_identical_request_is_limited_for_its_window(
    emulator: Emulator, v1_http: V1Http, name: str
) -> None:
    window = WINDOWS[name]
    assert (await send(v1_http, name))["error_code"] == 0
    assert await send(v1_http, name) == LIMITED
    emulator.world.clock.advance(window - 1)
    assert await send(v1_http, name) == LIMITED
    emulator.world.clock.advance(1)
    assert (await send(v1_http, name))["error_code"] == 0


async def test_another_device_or_date_is_not_limited(v1_http: V1Http) -> None:
    assert (await send(v1_http, "plant/data"))["error_code"] == 0
    assert (await send(v1_http, "plant/data", plant_id="1234568"))["error_code"] == 0
    assert (await send(v1_http, "tlx_data"))["error_code"] == 0
    other_day = await send(
        v1_http, "tlx_data", start_date="2025-05-31", end_date="2025-05-31"
    )
    assert other_day["error_code"] == 0
    assert (await send(v1_http, "tlxSet"))["error_code"] == 0
    assert (await send(v1_http, "tlxSet", param1="60"))["error_code"] == 0
    assert await send(v1_http, "tlxSet", param1="60") == LIMITED


async def test_tokens_are_limited_separately(
    v1_http: V1Http, second_account: Account
) -> None:
    assert (await send(v1_http, "plant/list"))["error_code"] == 0
    v1_http.token = OTHER_TOKEN
    data = await send(v1_http, "plant/list")
    assert data["error_code"] == 0
    assert [p["name"] for p in data["data"]["plants"]] == ["Elsewhere"]


@pytest.mark.parametrize("emulator_config", [EmulatorConfig(v1_rate_scale=0.01)])
async def test_rate_scale_shortens_windows(emulator: Emulator, v1_http: V1Http) -> None:
    """Tests shorten the windows through the config: 300 s become 3 s."""
    assert (await send(v1_http, "plant/list"))["error_code"] == 0
    assert await send(v1_http, "plant/list") == LIMITED
    emulator.world.clock.advance(3)
    assert (await send(v1_http, "plant/list"))["error_code"] == 0


def test_every_endpoint_has_a_documented_window() -> None:
    assert set(ENDPOINTS) == set(RATE_WINDOWS)
    assert set(RATE_WINDOWS.values()) == {5.0, 10.0, 300.0}
    for path, window in RATE_WINDOWS.items():
        if path.startswith(("read", "device/check")) or path.endswith("Set"):
            continue
        assert window in (10.0, 300.0), path


@pytest.mark.parametrize(
    "token",
    ["", "ffffffffffffffffffffffffffffffff", "6eb6f069523055a339d71e5b1f6c88cc"],
)
@pytest.mark.parametrize(
    "name", ["plant/list", "tlx_last_data", "tlxSet", "readMixParam"]
)
async def test_wrong_or_missing_token(v1_http: V1Http, token: str, name: str) -> None:
    v1_http.token = token
    assert await send(v1_http, name) == DENIED


async def test_missing_token_header(emulator: Emulator, v1_http: V1Http) -> None:
    async with v1_http.session.get(
        emulator.url + "v1/plant/list", headers={"User-Agent": "Python/3.13"}
    ) as response:
        assert response.status == 200
        assert await response.json(content_type=None) == DENIED
    assert emulator.requests("v1")[-1]["account"] is None


async def test_requests_are_logged_with_the_account(
    emulator: Emulator, v1_http: V1Http
) -> None:
    await send(v1_http, "tlx_last_data")
    record = emulator.requests("v1")[-1]
    assert record["path"] == "/v1/device/tlx/tlx_last_data"
    assert record["account"] == "demo"
    assert record["params"] == {"tlx_sn": "TLX0000001"}
