"""The shared request path: accounting, the hook, secrets, sessions, hashing, imports."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
import logging
from pathlib import Path

import aiohttp
import pytest

from custom_components.growatt import api as api_package
from custom_components.growatt.api import (
    GrowattApi,
    GrowattError,
    OpenApiV1,
    RequestInfo,
    hash_password,
)
from custom_components.growatt.api.transport import clean
from tests.conftest import Emulator

from .conftest import HOME, PASSWORD, TLX, TOKEN, USER_ID


@pytest.mark.parametrize(
    ("plain", "hashed"),
    [
        ("banaan", "31d674be46e1ba6b54388a671cc9accb"),
        ("password", "5f4dcc3b5aa765d61d8327deb882cf99"),
        ("test123", "ccc3e747a6afbbcbf8be7668acfebee5"),
        ("Password1", "2ac9cb7dc02b3cc083eb70898e549b63"),
    ],
)
def test_password_hash_vectors(plain: str, hashed: str) -> None:
    assert hash_password(plain) == hashed


def test_no_home_assistant_import_in_api() -> None:
    """api/ must move to PyPI unchanged."""
    root = Path(api_package.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.name}: {n}" for n in names if n.split(".")[0] == "homeassistant"
            ]
    assert offenders == []
    assert (root / "py.typed").exists()


def test_clean_drops_none_and_stringifies() -> None:
    assert clean({"a": None, "b": 1, "c": "", "d": True}) == {
        "b": "1",
        "c": "",
        "d": "True",
    }
    assert clean(None) is None


async def test_requests_are_counted_and_reported(emulator: Emulator) -> None:
    seen: list[RequestInfo] = []
    async with GrowattApi(server_url=emulator.url, on_request=seen.append) as api:
        await api.login("demo", "demo")
        await api.tlx_detail(TLX)
        await api.tlx_detail(TLX)
        emulator.world.set_faults("demo", http_status=503)
        with pytest.raises(GrowattError):
            await api.plant_settings(HOME)
        stats = api.request_stats
        assert api.on_request is not None
    assert [i.name for i in seen] == [
        "newTwoLoginAPI.do",
        "newTlxApi.do?op=getTlxDetailData",
        "newTlxApi.do?op=getTlxDetailData",
        "newPlantAPI.do?op=getPlant",
    ]
    assert [i.status for i in seen] == [200, 200, 200, 503]
    assert [i.error for i in seen] == [None, None, None, "GrowattResponseError"]
    assert all(i.api == "legacy" and i.duration >= 0 for i in seen)
    assert stats.total == 4
    assert stats.by_endpoint["newTlxApi.do?op=getTlxDetailData"] == 2
    day = seen[0].time.astimezone(UTC).date().isoformat()
    assert stats.count(day) == 4
    assert stats.count(day, "newPlantAPI.do?op=getPlant") == 1
    assert stats.by_day == {day: 4}


async def test_hook_failures_do_not_break_requests(
    emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(info: RequestInfo) -> None:
        raise RuntimeError("budget exploded")

    async with OpenApiV1(TOKEN, server_url=emulator.url) as v1:
        v1.on_request = broken
        assert (await v1.plant_list())["count"] == 4
        assert v1.request_stats.by_endpoint == {"v1/plant/list": 1}
        assert v1.on_request is broken
    assert "on_request hook failed" in caplog.text


async def test_request_times_come_from_the_clock(emulator: Emulator) -> None:
    moment = datetime(2025, 1, 2, 3, 4, tzinfo=UTC)
    seen: list[RequestInfo] = []
    async with GrowattApi(
        server_url=emulator.url, clock=lambda: moment, on_request=seen.append
    ) as api:
        await api.login("demo", "demo")
        assert api.request_stats.by_day == {"2025-01-02": 1}
        assert api.export_session()["created_at"] == moment.isoformat()
    assert seen[0].time == moment


async def test_no_secrets_in_logs(
    emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    """Passwords, their hash, the token and the cookie never reach the log."""
    caplog.set_level(logging.DEBUG, logger="custom_components.growatt.api")
    async with GrowattApi(server_url=emulator.url) as api:
        await api.login("demo", PASSWORD)
        await api.plant_list(USER_ID)
        emulator.world.expire_sessions("demo")
        await api.tlx_detail(TLX)
        cookie = api.export_session()["cookies"]["JSESSIONID"]
        emulator.world.set_faults("demo", bad_credentials=True)
        with pytest.raises(GrowattError):
            await api.login("demo", PASSWORD)
    async with OpenApiV1(TOKEN, server_url=emulator.url) as v1:
        await v1.plant_list()
        emulator.world.set_faults("*", v1_error_code=10011)
        with pytest.raises(GrowattError) as err:
            await v1.plant_list()
    api_records = [
        r for r in caplog.records if r.name.startswith("custom_components.growatt.api")
    ]
    assert len(api_records) >= 7
    text = "\n".join(r.getMessage() for r in api_records) + str(err.value)
    for secret in (hash_password(PASSWORD), TOKEN, cookie, "password="):
        assert secret not in text


async def test_own_session_is_closed_injected_session_is_not(
    emulator: Emulator,
) -> None:
    api = GrowattApi(server_url=emulator.url)
    await api.login("demo", "demo")
    own = api._transport.session
    await api.close()
    assert own.closed
    await api.close()  # twice is harmless
    async with aiohttp.ClientSession(
        cookie_jar=aiohttp.CookieJar(unsafe=True)
    ) as session:
        async with GrowattApi(session=session, server_url=emulator.url) as api:
            await api.login("demo", "demo")
            assert api.request_timeout > 0
        assert not session.closed
        assert len(session.cookie_jar) == 1  # the login cookie landed in its jar
        async with OpenApiV1(TOKEN, session=session, server_url=emulator.url) as v1:
            await v1.plant_list()
        assert not session.closed


async def test_server_url_can_change_after_creation(emulator: Emulator) -> None:
    async with GrowattApi() as api:
        assert api.server_url == "https://openapi.growatt.com/"
        api.server_url = emulator.url
        assert (await api.login("demo", "demo"))["success"] is True
