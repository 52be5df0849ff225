"""The control API and the fault switches, over loopback."""

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
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    """A plain HTTP client with a cookie jar that accepts 127.0.0.1."""
    async with aiohttp.ClientSession(
        cookie_jar=aiohttp.CookieJar(unsafe=True)
    ) as session:
        yield session


async def _login(
    http: aiohttp.ClientSession, emulator: Emulator, password: str = "demo"
) -> dict[str, Any]:
    async with http.post(
        emulator.url + "newTwoLoginAPI.do",
        data={"userName": "demo", "password": growatt_hash(password)},
        headers=UA,
    ) as response:
        assert response.status == 200
        body: dict[str, Any] = json.loads(await response.text())
        return body


async def _control(
    http: aiohttp.ClientSession,
    emulator: Emulator,
    method: str,
    path: str,
    body: object = None,
) -> Any:
    async with http.request(
        method, emulator.url + "_emulator/" + path, json=body
    ) as response:
        assert response.status == 200, await response.text()
        return await response.json()


async def test_state_lists_the_demo_world(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    state = await _control(http, emulator, "GET", "state")
    demo = state["accounts"][0]
    assert demo["username"] == "demo"
    assert [p["name"] for p in demo["plants"]] == ["Home", "Garage", "Cabin", "Flat"]
    families = {d["family"] for p in demo["plants"] for d in p["devices"]}
    assert families == {"tlx", "inverter", "mix", "max", "storage", "spa", "noah"}


async def test_request_log_records_and_clears(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    await _login(http, emulator)
    async with http.get(emulator.url + "v1/plant/list", headers=TOKEN) as response:
        assert response.status == 200
    log = await _control(http, emulator, "GET", "requests")
    assert [
        (r["method"], r["path"], r["account"], r["api"], r["status"]) for r in log
    ] == [
        ("POST", "/newTwoLoginAPI.do", "demo", "legacy", 200),
        ("GET", "/v1/plant/list", "demo", "v1", 200),
    ]
    assert all("password" not in r["params"] for r in log)
    assert log[0]["time"].startswith("2025-06-01T10:00")
    only_v1 = await _control(http, emulator, "GET", "requests?api=v1")
    assert len(only_v1) == 1
    assert (await _control(http, emulator, "DELETE", "requests")) == {"cleared": 2}
    assert await _control(http, emulator, "GET", "requests") == []


async def test_clock_moves_and_freezes(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    answer = await _control(http, emulator, "POST", "clock", {"advance": 3600})
    assert answer["now"].startswith("2025-06-01T11:00")
    answer = await _control(
        http, emulator, "POST", "clock", {"set": "2025-12-24T18:00:00+00:00"}
    )
    assert answer["now"].startswith("2025-12-24T18:00")
    assert answer["frozen"] is True
    answer = await _control(http, emulator, "POST", "clock", {"frozen": False})
    assert answer["frozen"] is False
    assert (await _control(http, emulator, "GET", "clock"))["now"].startswith(
        "2025-12-24T18:0"
    )


async def test_ua_block_fault(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    await _control(
        http,
        emulator,
        "POST",
        "faults",
        {"account": "demo", "faults": {"ua_block": True}},
    )
    async with http.post(
        emulator.url + "newTwoLoginAPI.do",
        data={"userName": "demo", "password": growatt_hash("demo")},
        headers=UA,
    ) as response:
        assert response.status == 403
        assert "denied by UA ACL = blacklist" in await response.text()


async def test_missing_user_agent_is_refused(emulator: Emulator) -> None:
    async with (
        aiohttp.ClientSession(skip_auto_headers=["User-Agent"]) as bare,
        bare.post(
            emulator.url + "newTwoLoginAPI.do", data={"userName": "demo"}
        ) as response,
    ):
        assert response.status == 403


async def test_blocked_user_agent_list(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    await _control(
        http,
        emulator,
        "POST",
        "faults",
        {"account": "*", "faults": {}, "blocked_user_agents": ["ShinePhone"]},
    )
    async with http.get(emulator.url + "v1/plant/list", headers=TOKEN) as response:
        assert response.status == 403
    await _control(http, emulator, "DELETE", "faults")
    async with http.get(emulator.url + "v1/plant/list", headers=TOKEN) as response:
        assert response.status == 200


@pytest.mark.parametrize("status", [500, 502, 503])
async def test_http_status_fault(
    emulator: Emulator, http: aiohttp.ClientSession, status: int
) -> None:
    await _control(
        http,
        emulator,
        "POST",
        "faults",
        {"account": "demo", "faults": {"http_status": status}},
    )
    async with http.get(emulator.url + "v1/plant/list", headers=TOKEN) as response:
        assert response.status == status
        assert response.content_type == "text/html"


async def test_v1_error_fault(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    await _control(
        http,
        emulator,
        "POST",
        "faults",
        {"account": "demo", "faults": {"v1_error_code": 10001}},
    )
    async with http.get(emulator.url + "v1/plant/list", headers=TOKEN) as response:
        body = json.loads(await response.text())
    assert body == {"data": "", "error_code": 10001, "error_msg": "error_system error"}


async def test_malformed_json_fault(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    await _control(
        http,
        emulator,
        "POST",
        "faults",
        {"account": "demo", "faults": {"malformed_json": True}},
    )
    async with http.get(emulator.url + "v1/plant/list", headers=TOKEN) as response:
        text = await response.text()
    with pytest.raises(json.JSONDecodeError):
        json.loads(text)


async def test_delay_fault(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    await _control(
        http, emulator, "POST", "faults", {"account": "demo", "faults": {"delay": 0.3}}
    )
    with pytest.raises(TimeoutError):
        async with http.get(
            emulator.url + "v1/plant/list",
            headers=TOKEN,
            timeout=aiohttp.ClientTimeout(total=0.1),
        ):
            pass


async def test_timeout_fault_stalls(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    emulator.world.config.timeout_delay = 5
    await _control(
        http,
        emulator,
        "POST",
        "faults",
        {"account": "demo", "faults": {"timeout": True}},
    )
    with pytest.raises(TimeoutError):
        async with http.get(
            emulator.url + "v1/plant/list",
            headers=TOKEN,
            timeout=aiohttp.ClientTimeout(total=0.2),
        ):
            pass


async def test_bad_credentials_fault(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    assert (await _login(http, emulator))["back"]["success"] is True
    await _control(
        http,
        emulator,
        "POST",
        "faults",
        {"account": "demo", "faults": {"bad_credentials": True}},
    )
    back = (await _login(http, emulator))["back"]
    assert back["success"] is False
    assert back["msg"] == "502"


async def test_lockout_after_too_many_logins_until_unlocked(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    await _control(http, emulator, "POST", "config", {"lockout_max_logins": 3})
    for _ in range(3):
        assert (await _login(http, emulator))["back"]["success"] is True
    back = (await _login(http, emulator))["back"]
    assert back["msg"] == "507"
    assert back["lockDuration"] == 24
    # Even the right password stays locked, an hour later too.
    await _control(http, emulator, "POST", "clock", {"advance": 3600})
    assert (await _login(http, emulator))["back"]["msg"] == "507"
    state = await _control(http, emulator, "GET", "state")
    assert state["accounts"][0]["locked"] is True
    await _control(http, emulator, "POST", "unlock", {"account": "demo"})
    assert (await _login(http, emulator))["back"]["success"] is True


async def test_lock_ends_by_itself_after_its_duration(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    await _control(http, emulator, "POST", "config", {"lockout_max_logins": 1})
    await _login(http, emulator)
    assert (await _login(http, emulator))["back"]["msg"] == "507"
    await _control(http, emulator, "POST", "clock", {"advance": 24 * 3600 + 1})
    assert (await _login(http, emulator))["back"]["success"] is True


async def test_expired_sessions_get_the_html_page(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    body = await _login(http, emulator)
    user_id = body["back"]["user"]["id"]
    async with http.get(
        emulator.url + "PlantListAPI.do", params={"userId": user_id}, headers=UA
    ) as response:
        assert json.loads(await response.text())["back"]["success"] is True
    assert (
        await _control(http, emulator, "POST", "sessions/expire", {"account": "demo"})
    ) == {"expired": 1}
    async with http.get(
        emulator.url + "PlantListAPI.do", params={"userId": user_id}, headers=UA
    ) as response:
        assert "you have not login" in await response.text()


async def test_session_lifetime(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    await _control(
        http, emulator, "POST", "config", {"session_ttl": 60, "expired_status": 500}
    )
    user_id = (await _login(http, emulator))["back"]["user"]["id"]
    await _control(http, emulator, "POST", "clock", {"advance": 61})
    async with http.get(
        emulator.url + "PlantListAPI.do", params={"userId": user_id}, headers=UA
    ) as response:
        assert response.status == 500
        assert "you have not login" in await response.text()


async def test_device_control(emulator: Emulator, http: aiohttp.ClientSession) -> None:
    state = await _control(
        http, emulator, "POST", "devices/TLX0000001", {"online": False, "soc": 77}
    )
    assert state["online"] is False
    assert state["telemetry"]["soc"] == 77
    state = await _control(http, emulator, "GET", "devices/TLX0000001")
    assert state["settings"]["charge_power"] == 100
    assert len(state["settings"]["time_segments"]) == 9
    async with http.get(emulator.url + "_emulator/devices/NOPE") as response:
        assert response.status == 404
    async with http.post(
        emulator.url + "_emulator/devices/TLX0000001", json={"colour": "red"}
    ) as response:
        assert response.status == 400


async def test_control_api_refuses_nonsense(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    cases: list[tuple[str, object]] = [
        ("faults", {"account": "demo", "faults": {"meteor": True}}),
        ("faults", {"account": "nobody", "faults": {}}),
        ("faults", {"account": "demo", "faults": [1]}),
        ("config", {"warp": 9}),
        ("config", {"session_ttl": "long"}),
        ("clock", {"set": "not a time"}),
        ("unlock", {"account": "nobody"}),
    ]
    for path, body in cases:
        async with http.post(emulator.url + "_emulator/" + path, json=body) as response:
            assert response.status == 400, (path, body)
    async with http.post(emulator.url + "_emulator/clock", data="{") as response:
        assert response.status == 400


async def test_rate_limit_reset(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    async with http.get(emulator.url + "v1/plant/list", headers=TOKEN) as response:
        assert json.loads(await response.text())["error_code"] == 0
    async with http.get(emulator.url + "v1/plant/list", headers=TOKEN) as response:
        assert json.loads(await response.text())["error_code"] == 10012
    await _control(http, emulator, "POST", "rate_limits/reset")
    async with http.get(emulator.url + "v1/plant/list", headers=TOKEN) as response:
        assert json.loads(await response.text())["error_code"] == 0


async def test_unknown_path_is_a_404_page(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    async with http.get(emulator.url + "noSuchAPI.do", headers=UA) as response:
        assert response.status == 404
    log = await _control(http, emulator, "GET", "requests")
    assert log[-1]["status"] == 404
