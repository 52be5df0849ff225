"""The client's guards: capped login attempts (legacy) and remembered reads (v1).

Growatt locks an account for 24 hours after about 20 logins a day, counting
attempts whose answer was lost; v1 answers an identical read once per
window. Both guards refuse locally, without a request, and both memories
travel with the exported session.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer
import pytest

from custom_components.growatt.api import (
    GrowattApi,
    GrowattConnectionError,
    GrowattLoginPausedError,
    GrowattParameterError,
    GrowattParseError,
    GrowattRateLimitError,
    GrowattResponseError,
    GrowattTimeoutError,
    PasswordAccount,
    SessionState,
    TokenAccount,
)
from custom_components.growatt.api.session import (
    LOGIN_CAPS,
    LoginGuard,
    RecentRequests,
    request_key,
)
from tests.conftest import Emulator

from .conftest import HOME, TLX, TOKEN, USER_ID

LOGIN_PATH = "/newTwoLoginAPI.do"
T0 = datetime(2025, 6, 1, 10, 0, tzinfo=UTC)


def logins(emulator: Emulator) -> int:
    return sum(1 for r in emulator.requests("legacy") if r["path"] == LOGIN_PATH)


def v1_sent(emulator: Emulator, path: str) -> int:
    return sum(1 for r in emulator.requests("v1") if r["path"] == "/v1/" + path)


# -- the cap and its windows ----------------------------------------------------------


def test_caps_stay_well_below_growatts_lockout() -> None:
    """About 20 logins a day lock an account: the guard allows half, 3 per quarter hour."""
    assert dict(LOGIN_CAPS) == {timedelta(minutes=15): 3, timedelta(hours=24): 10}


def test_three_attempts_pause_until_the_first_leaves_the_quarter_hour() -> None:
    guard = LoginGuard()
    for minutes in (0, 1, 2):
        assert guard.next_allowed(T0 + timedelta(minutes=minutes)) is None
        guard.record(T0 + timedelta(minutes=minutes))
    assert guard.next_allowed(T0 + timedelta(minutes=3)) == T0 + timedelta(minutes=15)
    assert guard.next_allowed(T0 + timedelta(minutes=15)) is None


def test_ten_attempts_pause_until_the_first_is_a_day_old() -> None:
    guard = LoginGuard()
    moment = T0
    for _ in range(10):
        allowed = guard.next_allowed(moment)
        moment = moment if allowed is None else allowed
        guard.record(moment)
    # 3 per quarter hour: the tenth went out after three quarters of an hour.
    assert moment == T0 + timedelta(minutes=45)
    assert guard.next_allowed(moment) == T0 + timedelta(hours=24)
    assert guard.next_allowed(T0 + timedelta(hours=23)) == T0 + timedelta(hours=24)
    assert guard.next_allowed(T0 + timedelta(hours=24)) is None
    # Attempts older than a day are forgotten.
    assert len(guard.attempts(T0 + timedelta(hours=24, minutes=1))) == 7


def test_merge_and_discard() -> None:
    guard = LoginGuard()
    guard.record(T0)
    guard.merge([T0, T0 + timedelta(minutes=1), T0 + timedelta(minutes=2)])
    assert guard.attempts(T0 + timedelta(minutes=3)) == [
        T0,
        T0 + timedelta(minutes=1),
        T0 + timedelta(minutes=2),
    ]
    assert guard.next_allowed(T0 + timedelta(minutes=3)) is not None
    guard.discard(T0 + timedelta(minutes=2))
    assert guard.next_allowed(T0 + timedelta(minutes=3)) is None
    # Attempts at one moment are several attempts; importing them again adds none.
    twice = LoginGuard()
    twice.merge([T0, T0])
    twice.merge([T0])
    assert twice.attempts(T0) == [T0, T0]


def test_no_caps_never_pause() -> None:
    guard = LoginGuard(())
    for _ in range(50):
        guard.record(T0)
    assert guard.next_allowed(T0) is None


# -- the legacy client ------------------------------------------------------------------


async def test_garbled_logins_count_and_pause_without_a_request(
    emulator: Emulator,
) -> None:
    world = emulator.world
    t0 = world.clock.now()
    world.set_faults("demo", malformed_json=True)
    async with GrowattApi(server_url=emulator.url, clock=world.clock.now) as api:
        for _ in range(3):
            with pytest.raises(GrowattParseError):
                await api.login("demo", "demo")
            world.clock.advance(60)
        assert logins(emulator) == 3
        with pytest.raises(GrowattLoginPausedError) as err:
            await api.login("demo", "demo")
        assert err.value.retry_at == t0 + timedelta(minutes=15)
        assert api.login_paused_until == err.value.retry_at
        assert logins(emulator) == 3

        world.clear_faults()
        world.clock.set(err.value.retry_at)
        assert api.login_paused_until is None
        assert (await api.login("demo", "demo"))["userId"] == USER_ID
        assert logins(emulator) == 4
        # The successful attempt counts as well.
        assert len(api.export_session()["login_attempts"]) == 4


async def test_html_login_answers_count(emulator: Emulator) -> None:
    emulator.world.set_faults("demo", http_status=502)
    async with GrowattApi(
        server_url=emulator.url, clock=emulator.world.clock.now
    ) as api:
        for _ in range(3):
            with pytest.raises(GrowattResponseError):
                await api.login("demo", "demo")
        with pytest.raises(GrowattLoginPausedError):
            await api.login("demo", "demo")
    assert logins(emulator) == 3


@pytest.fixture
async def stalling(socket_enabled: None) -> AsyncIterator[str]:
    """A server that takes every request and never answers it."""
    release = asyncio.Event()

    async def handle(request: web.Request) -> web.Response:
        await release.wait()
        return web.Response(text="{}")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        yield str(server.make_url("/"))
    finally:
        release.set()
        await server.close()


async def test_timed_out_logins_count(stalling: str) -> None:
    """The request went out: Growatt may have counted it."""
    async with GrowattApi(server_url=stalling, request_timeout=0.05) as api:
        for _ in range(3):
            with pytest.raises(GrowattTimeoutError):
                await api.login("demo", "demo")
        with pytest.raises(GrowattLoginPausedError):
            await api.login("demo", "demo")
        assert len(api.export_session()["login_attempts"]) == 3


async def test_logins_that_never_left_do_not_count(socket_enabled: None) -> None:
    """A connection that could not be opened sent nothing Growatt could count."""
    async with GrowattApi(server_url="http://127.0.0.1:9/") as api:
        for _ in range(5):
            with pytest.raises(GrowattConnectionError):
                await api.login("demo", "demo")
        assert api.export_session()["login_attempts"] == []
        assert api.login_paused_until is None


async def test_attempts_survive_export_and_import(emulator: Emulator) -> None:
    """A new client of the account (a setup retry, a restart) knows the count."""
    world = emulator.world
    t0 = world.clock.now()
    world.set_faults("demo", malformed_json=True)
    async with GrowattApi(server_url=emulator.url, clock=world.clock.now) as api:
        for _ in range(3):
            with pytest.raises(GrowattParseError):
                await api.login("demo", "demo")
        exported = api.export_session()
    assert exported["login_attempts"] == [t0.isoformat()] * 3
    restored_state = SessionState.from_dict(exported)
    assert restored_state.login_attempts == [t0] * 3
    async with GrowattApi(clock=world.clock.now) as restored:
        restored.import_session(exported)
        with pytest.raises(GrowattLoginPausedError):
            await restored.login("demo", "demo")
    assert logins(emulator) == 3


async def test_a_session_stored_before_the_guard_still_imports() -> None:
    old = {
        "version": 1,
        "server_url": "https://openapi.growatt.com/",
        "username": "demo",
        "user_id": USER_ID,
        "user_level": 1,
        "cookies": {"JSESSIONID": "abc"},
        "created_at": "2025-06-01T08:00:00+00:00",
        "expires_at": None,
        "locked_until": None,
    }
    state = SessionState.from_dict(old)
    assert state.login_attempts == []
    assert state.logged_in
    async with GrowattApi() as api:
        api.import_session(old)
        assert api.user_id == USER_ID
        assert api.login_paused_until is None
        assert api.export_session()["login_attempts"] == []


@pytest.mark.parametrize(
    "attempts", [["yesterday"], ["2025-06-01T10:00:00"], "2025-06-01T10:00:00+00:00"]
)
def test_unreadable_attempts_are_refused(attempts: Any) -> None:
    with pytest.raises(GrowattParameterError):
        SessionState.from_dict(
            {"version": 1, "server_url": "x", "login_attempts": attempts}
        )


async def test_renewal_on_expiry_goes_through_the_guard(emulator: Emulator) -> None:
    world = emulator.world
    async with GrowattApi(server_url=emulator.url, clock=world.clock.now) as api:
        await api.login("demo", "demo")
        assert not api.login_needed
        world.set_faults("demo", malformed_json=True)
        for _ in range(2):
            world.expire_sessions("demo")
            with pytest.raises(GrowattParseError):
                await api.plant_settings(HOME)
            assert api.login_needed
        assert logins(emulator) == 3
        # (A garbled login answer may still carry a live cookie.)
        world.expire_sessions("demo")
        with pytest.raises(GrowattLoginPausedError):
            await api.plant_settings(HOME)
        assert logins(emulator) == 3


async def test_account_pauses_only_while_it_needs_a_login(emulator: Emulator) -> None:
    """A live session keeps working although the guard is full."""
    world = emulator.world
    t0 = world.clock.now()
    account = PasswordAccount(
        "demo", "demo", server_url=emulator.url, clock=world.clock.now
    )
    try:
        world.set_faults("demo", malformed_json=True)
        for _ in range(2):
            with pytest.raises(GrowattParseError):
                await account.prepare()
        assert account.login_paused_until is None
        world.clear_faults()
        await account.prepare()  # the third attempt
        assert account.api.login_paused_until == t0 + timedelta(minutes=15)
        assert account.login_paused_until is None
        assert len(await account.plants()) == 4
        world.expire_sessions("demo")
        with pytest.raises(GrowattLoginPausedError):
            await account.plants()
        assert account.login_paused_until == t0 + timedelta(minutes=15)
        assert logins(emulator) == 3
    finally:
        await account.close()


# -- the v1 memory of recent reads ------------------------------------------------------


def test_request_key_ignores_order_and_none() -> None:
    assert request_key("device/list", {"b": 2, "a": "x", "c": None}) == (
        "device/list?a=x&b=2"
    )
    assert request_key("p", {"a": 1}, {"b": 2}) == request_key("p", {"b": 2, "a": 1})


def test_recent_requests_wait_their_window() -> None:
    recent = RecentRequests({"device/list": 300.0}, 60.0)
    key = request_key("device/list", {"plant_id": 1})
    assert recent.wait(key, T0) == 0
    recent.record(key, T0)
    assert recent.wait(key, T0 + timedelta(seconds=100)) == 200
    assert recent.wait(key, T0 + timedelta(seconds=300)) == 0
    assert recent.wait(request_key("device/list", {"plant_id": 2}), T0) == 0
    other = request_key("plant/data", {"plant_id": 1})
    recent.record(other, T0)
    assert recent.wait(other, T0 + timedelta(seconds=30)) == 30  # the default
    assert recent.export(T0 + timedelta(seconds=100)) == {key: T0.isoformat()}


def test_recent_requests_forget_what_was_asked_once() -> None:
    """A history import asks each day once: neither its time nor its answer stays."""
    recent = RecentRequests({"device/tlx/tlx_data": 10.0}, 60.0)
    moment = T0
    for day in range(1, 200):
        key = request_key("device/tlx/tlx_data", {"start_date": day})
        recent.record(key, moment)
        recent.remember(key, {"datas": [{"n": day}] * 30})
        assert recent.answer(key, moment) is not None
        moment += timedelta(seconds=30)
    assert len(recent._sent) == 1
    assert len(recent._answers) == 1
    assert recent.export_answers(moment - timedelta(seconds=30)) == {
        key: {"datas": [{"n": 199}] * 30}
    }


@pytest.mark.parametrize("data", [["x"], {"plant/list?": "soon"}, {"k": None}])
def test_unreadable_recent_requests_are_refused(data: Any) -> None:
    with pytest.raises(GrowattParameterError):
        RecentRequests({}, 300.0).load(data)


async def test_token_account_answers_an_identical_read_within_its_window(
    emulator: Emulator,
) -> None:
    """Within the window the read gets Growatt's last answer again, unsent."""
    world = emulator.world
    account = TokenAccount(TOKEN, server_url=emulator.url, clock=world.clock.now)
    try:
        first = await account.plants()
        world.clock.advance(120)
        assert await account.plants() == first
        assert v1_sent(emulator, "plant/list") == 1
        world.clock.advance(180)
        assert len(await account.plants()) == 4
        assert v1_sent(emulator, "plant/list") == 2
    finally:
        await account.close()


async def test_recent_reads_survive_export_and_import(emulator: Emulator) -> None:
    """A setup retry or a restart within the window does not run into 10012."""
    world = emulator.world
    hits: list[bool] = []
    limited = world.rate_limited

    def spy(key: str, window: float) -> bool:
        hits.append(limited(key, window))
        return hits[-1]

    world.rate_limited = spy  # type: ignore[method-assign]
    first = TokenAccount(TOKEN, server_url=emulator.url, clock=world.clock.now)
    try:
        listed = await first.devices(str(HOME))
        await first.read_telemetry(listed, None)
        exported = first.export_session()
    finally:
        await first.close()
    paths = {key.partition("?")[0] for key in exported["recent"]}
    assert paths == {
        "device/list",
        "device/tlx/tlx_data_info",
        "device/tlx/tlx_last_data",
        "device/inverter/inv_data_info",
        "device/inverter/last_new_data",
    }
    assert {key.partition("?")[0] for key in exported["answers"]} == paths
    world.clock.advance(60)
    second = TokenAccount(TOKEN, server_url=emulator.url, clock=world.clock.now)
    try:
        second.import_session(exported)
        sent = v1_sent(emulator, "device/list")
        # Within the window: the answer the first client got, nothing sent.
        listed = await second.devices(str(HOME))
        assert {device.serial for device in listed} == {TLX, "INV0000001"}
        assert v1_sent(emulator, "device/list") == sent
        # Without its answer (an older export) the read is refused instead.
        third = TokenAccount(TOKEN, server_url=emulator.url, clock=world.clock.now)
        try:
            third.import_session({"recent": exported["recent"]})
            with pytest.raises(GrowattRateLimitError) as err:
                await third.devices(str(HOME))
            assert err.value.retry_after == 240
        finally:
            await third.close()
        world.clock.advance(240)
        listed = await second.devices(str(HOME))
        assert {device.serial for device in listed} == {TLX, "INV0000001"}
        assert v1_sent(emulator, "device/list") == sent + 1
    finally:
        await second.close()
    assert hits
    assert not any(hits)  # Growatt never answered 10012


async def test_a_lost_read_keeps_its_window(emulator: Emulator) -> None:
    """Growatt counted the read whose answer was garbled: it is not asked again."""
    world = emulator.world
    world.set_faults("demo", malformed_json=True)
    account = TokenAccount(TOKEN, server_url=emulator.url, clock=world.clock.now)
    try:
        with pytest.raises(GrowattParseError):
            await account.plants()
        world.clear_faults()
        with pytest.raises(GrowattRateLimitError):
            await account.plants()
        assert v1_sent(emulator, "plant/list") == 1
    finally:
        await account.close()


async def test_short_windows_are_left_to_the_write_path(emulator: Emulator) -> None:
    """Writes and their read-backs (5 s windows) are spaced by the writer, not refused."""
    world = emulator.world
    world.config.v1_rate_scale = 0.0
    account = TokenAccount(TOKEN, server_url=emulator.url, clock=world.clock.now)
    try:
        for _ in range(2):
            await account.api.min_read_parameter(TLX, "tlx_on_off")
        assert account.export_session()["recent"] == {}
    finally:
        await account.close()


async def test_token_account_ignores_a_legacy_session(emulator: Emulator) -> None:
    account = TokenAccount(TOKEN, server_url=emulator.url)
    try:
        account.import_session({"version": 1, "server_url": "x", "cookies": {}})
        assert account.export_session() == {"recent": {}, "answers": {}, "hardware": {}}
        assert account.login_paused_until is None
        with pytest.raises(GrowattParameterError):
            account.import_session({"recent": ["plant/list"]})
    finally:
        await account.close()
