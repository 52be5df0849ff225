"""Every way Growatt fails, mapped to an error that says what to do."""

from __future__ import annotations

from typing import Any

import pytest

from custom_components.growatt.api import (
    GrowattApi,
    GrowattApiError,
    GrowattBlockedError,
    GrowattConnectionError,
    GrowattParseError,
    GrowattResponseError,
    GrowattSessionExpiredError,
    GrowattTimeoutError,
    OpenApiV1,
)
from emulator.world import EmulatorConfig
from tests.conftest import Emulator

from .conftest import HOME, TLX, TOKEN, USER_ID, Canned


@pytest.mark.parametrize(("fault", "status"), [("ua_block", 403), ("waf_block", 405)])
async def test_edge_blocks(
    logged_in: GrowattApi, v1: OpenApiV1, emulator: Emulator, fault: str, status: int
) -> None:
    emulator.world.set_faults("*", **{fault: True})
    with pytest.raises(GrowattBlockedError, match="User-Agent") as err:
        await logged_in.plant_settings(HOME)
    assert err.value.status == status
    with pytest.raises(GrowattBlockedError):
        await v1.plant_list()
    with pytest.raises(GrowattBlockedError):
        await logged_in.login("demo", "demo")


async def test_blacklisted_user_agent(emulator: Emulator) -> None:
    emulator.world.blocked_user_agents.append("PyPi_GrowattServer")
    async with GrowattApi(server_url=emulator.url) as api:
        with pytest.raises(GrowattBlockedError):
            await api.login("demo", "demo")
    async with GrowattApi(False, "ShinePhone/8.1.17", server_url=emulator.url) as api:
        assert (await api.login("demo", "demo"))["success"] is True


@pytest.mark.parametrize("status", [500, 502, 503])
async def test_server_errors_are_not_taken_for_expiry(
    logged_in: GrowattApi, v1: OpenApiV1, emulator: Emulator, status: int
) -> None:
    """A 5xx outage page must not trigger logins (they lead to lockouts)."""
    emulator.world.set_faults("demo", http_status=status)
    emulator.world.requests.clear()
    with pytest.raises(GrowattResponseError) as err:
        await logged_in.plant_settings(HOME)
    assert not isinstance(err.value, GrowattSessionExpiredError)
    assert err.value.status == status
    assert [r["path"] for r in emulator.requests("legacy")] == ["/newPlantAPI.do"]
    with pytest.raises(GrowattResponseError):
        await v1.plant_list()


@pytest.mark.parametrize("emulator_config", [EmulatorConfig(timeout_delay=5.0)])
async def test_timeouts(emulator: Emulator) -> None:
    emulator.world.set_faults("*", timeout=True)
    async with GrowattApi(server_url=emulator.url, request_timeout=0.05) as api:
        with pytest.raises(GrowattTimeoutError):
            await api.login("demo", "demo")
        assert api.request_stats.total == 1
    async with OpenApiV1(TOKEN, server_url=emulator.url, request_timeout=0.05) as v1:
        with pytest.raises(GrowattConnectionError):
            await v1.plant_list()


async def test_unreachable_server(socket_enabled: None) -> None:
    async with GrowattApi(server_url="http://127.0.0.1:9/") as api:
        with pytest.raises(GrowattConnectionError) as err:
            await api.login("demo", "demo")
    assert not isinstance(err.value, GrowattTimeoutError)


async def test_malformed_json(
    logged_in: GrowattApi, v1: OpenApiV1, emulator: Emulator
) -> None:
    emulator.world.set_faults("demo", malformed_json=True)
    with pytest.raises(GrowattParseError):
        await logged_in.plant_settings(HOME)
    with pytest.raises(GrowattParseError):
        await v1.plant_list()


async def test_temporarily_unavailable(
    logged_in: GrowattApi, emulator: Emulator
) -> None:
    emulator.world.set_faults("demo", temporarily_unavailable=True)
    with pytest.raises(GrowattApiError) as err:
        await logged_in.tlx_detail(TLX)
    assert err.value.code == -5
    assert err.value.error_msg == "temporarily unavailable"


async def test_unknown_path_is_a_response_error(logged_in: GrowattApi) -> None:
    with pytest.raises(GrowattResponseError) as err:
        await logged_in.request("GET", "noSuchAPI.do")
    assert err.value.status == 404


# -- bodies the emulator does not produce ---------------------------------------------


@pytest.mark.parametrize(
    ("status", "headers"),
    [(302, {"Location": "/error.do?errorMess=errorNoLogin"})],
)
async def test_redirect_means_expired(
    canned: Canned, status: int, headers: dict[str, str]
) -> None:
    canned.answer("", status=status, headers=headers)
    async with GrowattApi(server_url=canned.url) as api:
        with pytest.raises(GrowattSessionExpiredError):
            await api.plant_list(USER_ID)


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        ("<html><p>Error</p></html>", 200, GrowattSessionExpiredError),
        (
            '<html><a href="/login" target="_top" id="login">',
            200,
            GrowattSessionExpiredError,
        ),
        ('<html data-name="login"></html>', 500, GrowattSessionExpiredError),
        ("<html>400 Bad Request</html>", 400, GrowattResponseError),
        ('{"error": "no"}', 500, GrowattResponseError),
        ("not json", 200, GrowattParseError),
    ],
)
async def test_legacy_bodies(
    canned: Canned, body: str, status: int, error: type[Exception]
) -> None:
    canned.answer(body, status=status, content_type="text/html")
    async with GrowattApi(server_url=canned.url) as api:
        with pytest.raises(error):
            await api.plant_settings(HOME)


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        ("<html>hello</html>", 200, GrowattResponseError),
        ("<html>Dear user, you have not login</html>", 200, GrowattResponseError),
        ("[]", 200, GrowattParseError),
        ('{"data": 1}', 200, GrowattParseError),
        ('{"data": 1, "error_code": "x"}', 200, GrowattParseError),
    ],
)
async def test_v1_bodies(
    canned: Canned, body: str, status: int, error: type[Exception]
) -> None:
    canned.answer(body, status=status)
    async with OpenApiV1(TOKEN, server_url=canned.url) as v1:
        with pytest.raises(error) as err:
            await v1.plant_list()
    assert not isinstance(err.value, GrowattSessionExpiredError)


@pytest.mark.parametrize(
    "body",
    [
        {"result": 0, "msg": "501", "obj": None},
        {"result": "0", "msg": ""},
        {"success": False, "msg": "inv_set_time_format"},
        {"back": {"success": False, "msg": "500"}},
    ],
)
async def test_legacy_failure_envelopes(canned: Canned, body: dict[str, Any]) -> None:
    canned.answer(body)
    async with GrowattApi(server_url=canned.url) as api:
        with pytest.raises(GrowattApiError) as err:
            await api.plant_detail(HOME, 1)
    assert "failure" in str(err.value)


async def test_legacy_answer_that_is_not_an_object(canned: Canned) -> None:
    canned.answer("[1]")
    async with GrowattApi(server_url=canned.url) as api:
        with pytest.raises(GrowattParseError):
            await api.plant_settings(HOME)


async def test_classic_inverter_page_with_broken_json(canned: Canned) -> None:
    canned.answer(
        "<html><script>var inv=JSON.parse('{\"sn\": nope}');</script></html>",
        content_type="text/html",
    )
    async with GrowattApi(server_url=canned.url) as api:
        with pytest.raises(GrowattParseError, match="not readable"):
            await api.classic_inverter_info("INV")
    canned.answer("plain text, no page", content_type="text/plain")
    async with GrowattApi(server_url=canned.url) as api:
        with pytest.raises(GrowattParseError, match="no data"):
            await api.classic_inverter_info("INV")
