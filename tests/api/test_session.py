"""Sessions: renewal on expiry, export and import, and the login lockout."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from http.cookies import SimpleCookie
import json
from typing import Any

import aiohttp
import pytest
from yarl import URL

from custom_components.growatt.api import (
    GrowattAccountLockedError,
    GrowattApi,
    GrowattApiError,
    GrowattAuthenticationError,
    GrowattParameterError,
    GrowattParseError,
    GrowattResponseError,
    GrowattSessionExpiredError,
    SessionState,
)
from custom_components.growatt.api.session import cookie_expiry
from emulator.world import EmulatorConfig
from tests.conftest import Emulator

from .conftest import HOME, TLX, USER_ID, Canned


def logins(emulator: Emulator) -> list[dict[str, Any]]:
    return [r for r in emulator.requests("legacy") if r["path"] == "/newTwoLoginAPI.do"]


async def test_expired_session_relogs_in_once_for_ten_callers(
    logged_in: GrowattApi, emulator: Emulator
) -> None:
    """Ten concurrent calls on an expired session: one login, each call retried once."""
    emulator.world.expire_sessions("demo")
    emulator.world.requests.clear()
    results = await asyncio.gather(*(logged_in.tlx_detail(TLX) for _ in range(10)))
    assert all(r["data"]["serialNum"] == TLX for r in results)
    assert len(logins(emulator)) == 1
    details = [r for r in emulator.requests("legacy") if r["op"] == "getTlxDetailData"]
    assert len(details) == 20  # each call: the expired try, then one retry
    assert logged_in.request_stats.by_endpoint["newTwoLoginAPI.do"] == 2


@pytest.mark.parametrize("emulator_config", [EmulatorConfig(expired_status=500)])
async def test_expiry_as_http_500_page_is_renewed(
    logged_in: GrowattApi, emulator: Emulator
) -> None:
    emulator.world.expire_sessions("demo")
    emulator.world.requests.clear()
    assert (await logged_in.plant_settings(HOME))["id"] == HOME
    assert len(logins(emulator)) == 1


async def test_plant_list_expiry_is_renewed(
    logged_in: GrowattApi, emulator: Emulator
) -> None:
    emulator.world.expire_sessions("demo")
    back = await logged_in.plant_list(USER_ID)
    assert back["success"] is True


async def test_expiry_right_after_a_renewal_does_not_log_in_again(
    emulator: Emulator,
) -> None:
    """Logins are what locks accounts: a second expiry within the cooldown raises."""
    world = emulator.world
    async with GrowattApi(server_url=emulator.url, clock=world.clock.now) as api:
        await api.login("demo", "demo")
        world.expire_sessions("demo")
        await api.tlx_detail(TLX)
        world.expire_sessions("demo")
        with pytest.raises(GrowattSessionExpiredError, match="not logging in again"):
            await api.tlx_detail(TLX)
        assert len(logins(emulator)) == 2
        world.clock.advance(api.relogin_cooldown)
        world.expire_sessions("demo")
        assert (await api.tlx_detail(TLX))["data"]["serialNum"] == TLX
        assert len(logins(emulator)) == 3


async def test_failed_renewal_is_shared_by_all_waiters(
    logged_in: GrowattApi, emulator: Emulator
) -> None:
    emulator.world.expire_sessions("demo")
    emulator.world.set_faults("demo", bad_credentials=True)
    results = await asyncio.gather(
        *(logged_in.tlx_detail(TLX) for _ in range(5)), return_exceptions=True
    )
    assert all(isinstance(r, GrowattAuthenticationError) for r in results)
    assert len(logins(emulator)) == 2  # the first login, one failed renewal


async def test_expiry_without_credentials_asks_for_a_login(emulator: Emulator) -> None:
    async with GrowattApi(server_url=emulator.url) as api:
        with pytest.raises(GrowattSessionExpiredError, match="log in again"):
            await api.plant_settings(HOME)


async def test_exported_session_skips_the_login(
    logged_in: GrowattApi, emulator: Emulator
) -> None:
    exported = logged_in.export_session()
    assert json.loads(json.dumps(exported)) == exported
    assert exported["user_id"] == USER_ID
    assert exported["username"] == "demo"
    assert set(exported["cookies"]) == {"JSESSIONID"}
    assert "password" not in json.dumps(exported)
    emulator.world.requests.clear()
    async with GrowattApi(server_url="http://unused.invalid/") as restored:
        restored.import_session(exported)
        assert restored.server_url == emulator.url
        assert restored.user_id == USER_ID
        assert (await restored.plant_settings(HOME))["id"] == HOME
        assert logins(emulator) == []
        assert restored.export_session()["cookies"] == exported["cookies"]


async def test_imported_session_renews_with_remembered_credentials(
    logged_in: GrowattApi, emulator: Emulator
) -> None:
    exported = logged_in.export_session()
    emulator.world.expire_sessions("demo")
    async with GrowattApi() as restored:
        restored.set_credentials("demo", "demo")
        restored.import_session(exported)
        assert (await restored.plant_settings(HOME))["id"] == HOME
    assert len(logins(emulator)) == 2


async def test_imported_session_of_another_user_forgets_credentials(
    logged_in: GrowattApi, emulator: Emulator
) -> None:
    exported = logged_in.export_session() | {"username": "someone"}
    emulator.world.expire_sessions("demo")
    async with GrowattApi() as restored:
        restored.set_credentials("demo", "demo")
        restored.import_session(exported)
        with pytest.raises(GrowattSessionExpiredError):
            await restored.plant_settings(HOME)


async def test_import_into_an_injected_session_uses_its_jar(
    logged_in: GrowattApi, emulator: Emulator
) -> None:
    exported = logged_in.export_session()
    async with aiohttp.ClientSession(
        cookie_jar=aiohttp.CookieJar(unsafe=True)
    ) as session:
        api = GrowattApi(session=session)
        api.import_session(exported)
        assert (await api.plant_settings(HOME))["id"] == HOME
        await api.close()
        assert not session.closed  # an injected session belongs to the caller
        assert len(session.cookie_jar) == 1


@pytest.mark.parametrize(
    "bad",
    [
        {"version": 2, "server_url": "x"},
        {"version": 1},
        {"version": 1, "server_url": "x", "cookies": {"a": 1}},
        {"version": 1, "server_url": "x", "created_at": "yesterday"},
        {"version": 1, "server_url": "x", "locked_until": "2025-06-01T10:00:00"},
    ],
)
def test_import_rejects_what_export_did_not_write(bad: dict[str, Any]) -> None:
    with pytest.raises(GrowattParameterError):
        SessionState.from_dict(bad)


def test_session_state_round_trip() -> None:
    state = SessionState(server_url="https://x/", cookies={"a": "b"}, user_id=1)
    assert state.logged_in
    assert SessionState.from_dict(state.to_dict()) == state
    assert not SessionState(server_url="https://x/").logged_in


# -- lockout ------------------------------------------------------------------------


@pytest.mark.parametrize("emulator_config", [EmulatorConfig(lockout_max_logins=2)])
async def test_lockout_blocks_logins_until_unlock(emulator: Emulator) -> None:
    """After 507 the client refuses to log in, without asking, until the lock ends."""
    world = emulator.world
    async with GrowattApi(server_url=emulator.url, clock=world.clock.now) as api:
        await api.login("demo", "demo")
        await api.login("demo", "demo")
        with pytest.raises(GrowattAccountLockedError) as err:
            await api.login("demo", "demo")
        assert err.value.unlock_at == world.clock.now() + timedelta(hours=24)
        assert api.locked_until == err.value.unlock_at
        sent = len(emulator.requests("legacy"))
        world.clock.advance(23 * 3600)
        with pytest.raises(GrowattAccountLockedError):
            await api.login("demo", "demo")
        assert len(emulator.requests("legacy")) == sent
        exported = api.export_session()
        assert exported["locked_until"] == err.value.unlock_at.isoformat()
        world.clock.advance(3600)
        assert api.locked_until is None
        assert (await api.login("demo", "demo"))["userId"] == USER_ID
        assert len(emulator.requests("legacy")) == sent + 1


async def test_lockout_survives_export_and_import(emulator: Emulator) -> None:
    world = emulator.world
    world.set_faults("demo", lock=True)
    async with GrowattApi(server_url=emulator.url, clock=world.clock.now) as api:
        with pytest.raises(GrowattAccountLockedError):
            await api.login("demo", "demo")
        exported = api.export_session()
    sent = len(emulator.requests("legacy"))
    async with GrowattApi(clock=world.clock.now) as restored:
        restored.import_session(exported)
        with pytest.raises(GrowattAccountLockedError):
            await restored.login("demo", "demo")
        # A renewal on expiry is refused the same way.
        restored.set_credentials("demo", "demo")
        with pytest.raises(GrowattAccountLockedError):
            await restored.plant_settings(HOME)
    assert len(emulator.requests("legacy")) == sent + 1  # only the expired read


@pytest.mark.parametrize(
    ("duration", "hours"), [(2, 2), ("48", 48), ("soon", 24), (None, 24)]
)
async def test_lock_duration_sets_the_unlock_time(
    canned: Canned, duration: object, hours: int
) -> None:
    canned.answer({"back": {"success": False, "msg": "507", "lockDuration": duration}})
    now = datetime(2025, 6, 1, 10, tzinfo=UTC)
    async with GrowattApi(server_url=canned.url, clock=lambda: now) as api:
        with pytest.raises(GrowattAccountLockedError) as err:
            await api.login("demo", "demo")
    assert err.value.unlock_at == now + timedelta(hours=hours)


async def test_bad_credentials(api: GrowattApi) -> None:
    with pytest.raises(GrowattAuthenticationError, match="region"):
        await api.login("demo", "wrong")


@pytest.mark.parametrize(
    ("back", "error", "code"),
    [
        ({"success": False, "msg": "501"}, GrowattAuthenticationError, None),
        ({"success": False, "msg": "999", "error": "Nope"}, GrowattApiError, "999"),
        ({"success": False}, GrowattApiError, None),
    ],
)
async def test_other_login_refusals(
    canned: Canned, back: dict[str, Any], error: type[Exception], code: str | None
) -> None:
    canned.answer({"back": back})
    async with GrowattApi(server_url=canned.url) as api:
        with pytest.raises(error) as err:
            await api.login("demo", "demo")
    if isinstance(err.value, GrowattApiError):
        assert err.value.code == code


@pytest.mark.parametrize(
    "body",
    [
        {"back": {"success": True, "msg": ""}},
        {"nothing": 1},
        [1, 2],
    ],
)
async def test_unreadable_login_answers(canned: Canned, body: Any) -> None:
    canned.answer(json.dumps(body))
    async with GrowattApi(server_url=canned.url) as api:
        with pytest.raises(GrowattParseError):
            await api.login("demo", "demo")


async def test_html_login_answer(canned: Canned) -> None:
    canned.answer("<html><body>Tomcat</body></html>", content_type="text/html")
    async with GrowattApi(server_url=canned.url) as api:
        with pytest.raises(GrowattResponseError, match="HTML"):
            await api.login("demo", "demo")


async def test_cookie_expiry_is_exported(canned: Canned) -> None:
    canned.answer(
        {"back": {"success": True, "user": {"id": 7, "rightlevel": 1}}},
        headers={
            "Set-Cookie": "JSESSIONID=abc; Path=/; Expires=Wed, 21 Oct 2099 07:28:00 GMT"
        },
    )
    seen: list[Any] = []
    async with GrowattApi(server_url=canned.url) as api:
        api.on_request = seen.append
        await api.login("demo", "demo")
        exported = api.export_session()
    assert exported["cookies"] == {"JSESSIONID": "abc"}
    assert exported["expires_at"] == "2099-10-21T07:28:00+00:00"
    assert exported["user_id"] == 7
    assert len(seen) == 1


async def test_cookie_expiry_ignores_other_hosts_and_bad_dates() -> None:
    jar = aiohttp.CookieJar(unsafe=True)
    jar.update_cookies(
        SimpleCookie(
            "a=1; Domain=other.example; Expires=Wed, 21 Oct 2099 07:28:00 GMT"
        ),
        URL("http://other.example/"),
    )
    jar.update_cookies(
        SimpleCookie("b=2; Domain=growatt.example; Expires=someday"),
        URL("http://growatt.example/"),
    )
    jar.update_cookies(
        SimpleCookie(
            "c=3; Domain=growatt.example; Expires=Thu, 01 Jan 2098 00:00:00 GMT"
        ),
        URL("http://growatt.example/"),
    )
    assert cookie_expiry(jar, "http://api.growatt.example/") == datetime(
        2098, 1, 1, tzinfo=UTC
    )
    assert cookie_expiry(jar, "http://elsewhere.example/") is None
