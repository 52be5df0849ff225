"""Legacy login, lockout and session expiry, as clients must handle them."""

from __future__ import annotations

import hashlib

import aiohttp
import pytest
import requests

from emulator.world import EmulatorConfig, growatt_hash
from tests.conftest import Emulator
from tests.emulator.conftest import LEGACY_UA, LegacyLibrary, legacy_json, legacy_login

pytestmark = pytest.mark.usefixtures("socket_enabled")

LOCKOUT_AFTER = 3


@pytest.fixture
def emulator_config() -> EmulatorConfig:
    """Lock the account after a few logins, so the lockout is reachable."""
    return EmulatorConfig(lockout_max_logins=LOCKOUT_AFTER)


async def test_login_sets_session_cookie(emulator: Emulator) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            emulator.url + "newTwoLoginAPI.do",
            data={"userName": "demo", "password": growatt_hash("demo")},
            headers=LEGACY_UA,
        ) as response,
    ):
        assert response.status == 200
        cookie = response.cookies["JSESSIONID"]
        back = (await response.json(content_type=None))["back"]
    assert cookie["path"] == "/"
    assert cookie["httponly"]
    assert cookie.value in emulator.world.sessions
    assert back["success"] is True
    assert back["user"]["id"] == 1000001
    assert back["user"]["accountName"] == "demo"
    assert "counrty" in back["user"]  # sic
    assert back["data"] == [
        {"plantId": "1234567", "plantName": "Home"},
        {"plantId": "1234568", "plantName": "Garage"},
        {"plantId": "1234569", "plantName": "Cabin"},
        {"plantId": "1234570", "plantName": "Flat"},
    ]


async def test_login_compares_the_c_substituted_hash(
    legacy_library: LegacyLibrary,
) -> None:
    """The server stores MD5 with '0' at even positions replaced by 'c'."""
    plain_md5 = hashlib.md5(b"demo").hexdigest()
    assert plain_md5 != growatt_hash("demo")  # "demo" has a '0' at an even index
    refused = await legacy_library.call(
        "login", "demo", plain_md5, is_password_hashed=True
    )
    assert refused["success"] is False
    assert refused["msg"] == "502"
    accepted = await legacy_library.call(
        "login", "demo", growatt_hash("demo"), is_password_hashed=True
    )
    assert accepted["success"] is True


async def test_wrong_password_answers_502(legacy_library: LegacyLibrary) -> None:
    back = await legacy_library.call("login", "demo", "wrong")
    assert back["success"] is False
    assert back["msg"] == "502"
    assert back["error"]
    assert "user" not in back


async def test_unknown_user_answers_502(legacy_library: LegacyLibrary) -> None:
    back = await legacy_library.call("login", "nobody", "demo")
    assert back == {"success": False, "msg": "502", "error": back["error"]}


async def test_missing_fields_answer_502(emulator: Emulator) -> None:
    async with aiohttp.ClientSession() as session:
        body = await legacy_json(
            session,
            emulator.url + "newTwoLoginAPI.do",
            "POST",
            data={"userName": "demo"},
        )
    assert body["back"]["msg"] == "502"


async def test_too_many_logins_lock_the_account(
    legacy_library: LegacyLibrary, emulator: Emulator
) -> None:
    for _ in range(LOCKOUT_AFTER):
        assert (await legacy_library.call("login", "demo", "demo"))["success"] is True
    locked = await legacy_library.call("login", "demo", "demo")
    assert locked["success"] is False
    assert locked["msg"] == "507"
    assert locked["error"] == "Current account has been locked for 24 hours"
    assert locked["lockDuration"] == 24
    emulator.world.clock.advance(10 * 3600)
    still = await legacy_library.call("login", "demo", "demo")
    assert still["msg"] == "507"
    assert still["lockDuration"] == 14
    emulator.world.clock.advance(14 * 3600 + 1)
    assert (await legacy_library.call("login", "demo", "demo"))["success"] is True


async def test_v2_login_accepts_app_fields(emulator: Emulator) -> None:
    form = {
        "userName": "demo",
        "password": growatt_hash("demo"),
        "newLogin": "1",
        "phoneType": "android",
        "shinephoneVersion": "8.1.8.1",
        "phoneSn": "0f3c1a2b-1111-2222-3333-444455556666",
        "ipvcpc": "a1b2c3",
        "language": "1",
        "systemVersion": "14",
        "phoneModel": "Pixel",
        "loginTime": "2025-06-01 12:00:00",
        "appType": "ShinePhone",
        "timestamp": "1748772000042",
    }
    async with aiohttp.ClientSession() as session:
        body = await legacy_json(
            session, emulator.url + "newTwoLoginAPIV2.do", "POST", data=form
        )
    assert body["back"]["success"] is True
    assert body["back"]["user"]["id"] == 1000001


async def test_request_without_session_gets_the_login_page(emulator: Emulator) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.get(
            emulator.url + "PlantListAPI.do",
            params={"userId": "1000001"},
            headers=LEGACY_UA,
        ) as response,
    ):
        page = await response.text()
        assert response.content_type == "text/html"
    assert "you have not login to the system" in page


async def test_expired_session_gets_html_and_relogin_recovers(
    legacy_library: LegacyLibrary, emulator: Emulator
) -> None:
    """The library sees the HTML page as a JSON error; logging in again recovers."""
    assert (await legacy_library.call("login", "demo", "demo"))["success"] is True
    assert (await legacy_library.call("plant_list", "1000001"))["success"] is True
    emulator.world.clock.advance(emulator.world.config.session_ttl + 1)
    with pytest.raises(requests.exceptions.JSONDecodeError):
        await legacy_library.call("plant_list", "1000001")
    assert (await legacy_library.call("login", "demo", "demo"))["success"] is True
    assert (await legacy_library.call("plant_list", "1000001"))["success"] is True


async def test_logout_ends_the_session(emulator: Emulator) -> None:
    async with aiohttp.ClientSession(
        cookie_jar=aiohttp.CookieJar(unsafe=True)
    ) as session:
        assert (await legacy_login(session, emulator.url))["success"] is True
        assert len(emulator.world.sessions) == 1
        body = await legacy_json(session, emulator.url + "logout.do")
        assert body["result"] == 1
        assert emulator.world.sessions == {}
        async with session.get(
            emulator.url + "newTlxApi.do",
            params={"op": "getTlxDetailData", "id": "TLX0000001"},
            headers=LEGACY_UA,
        ) as response:
            assert "you have not login" in await response.text()


async def test_plant_list_of_another_user_id_is_refused(
    legacy_http: aiohttp.ClientSession, emulator: Emulator
) -> None:
    body = await legacy_json(
        legacy_http, emulator.url + "PlantListAPI.do", params={"userId": "999"}
    )
    assert body == {"back": {"success": False, "msg": "error_permission_denied"}}
