"""Region discovery: the first server that accepts the account is the account's."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp.test_utils import TestServer
import pytest

from custom_components.growatt.api import (
    REGIONS,
    GrowattAccountLockedError,
    GrowattApi,
    GrowattAuthenticationError,
    GrowattBlockedError,
    GrowattConnectionError,
    discover_region,
)
from emulator.app import create_app
from emulator.clock import Clock
from emulator.world import World
from tests.conftest import START, Emulator

from .conftest import HOME, USER_ID

UNREACHABLE = "http://127.0.0.1:9/"


@pytest.fixture
async def empty_region(socket_enabled: None) -> AsyncIterator[str]:
    """A Growatt server where the demo account does not live."""
    server = TestServer(create_app(World([], clock=Clock(START, frozen=True))))
    await server.start_server()
    try:
        yield str(server.make_url("/"))
    finally:
        await server.close()


def test_known_regions_in_order() -> None:
    assert list(REGIONS) == [
        "other_regions",
        "north_america",
        "australia_new_zealand",
        "china",
        "smten_server",
        "era_server",
    ]
    assert REGIONS["other_regions"] == "https://openapi.growatt.com/"


async def test_finds_the_region_and_hands_over_the_session(
    emulator: Emulator, empty_region: str
) -> None:
    found = await discover_region(
        "demo",
        "demo",
        regions={"elsewhere": empty_region, "down": UNREACHABLE, "home": emulator.url},
    )
    assert (found.region, found.server_url) == ("home", emulator.url)
    assert found.session["user_id"] == USER_ID
    async with GrowattApi() as api:
        api.import_session(found.session)
        assert (await api.plant_settings(HOME))["id"] == HOME
    logins = [r for r in emulator.requests("legacy") if r["op"] is None]
    assert len([r for r in logins if r["path"] == "/newTwoLoginAPI.do"]) == 1


async def test_wrong_password_everywhere(emulator: Emulator, empty_region: str) -> None:
    with pytest.raises(GrowattAuthenticationError):
        await discover_region(
            "demo",
            "wrong",
            regions={"a": empty_region, "b": UNREACHABLE, "c": emulator.url},
        )


async def test_no_server_reachable(socket_enabled: None) -> None:
    with pytest.raises(GrowattConnectionError):
        await discover_region("demo", "demo", regions={"a": UNREACHABLE})


async def test_no_regions_at_all() -> None:
    with pytest.raises(GrowattAuthenticationError):
        await discover_region("demo", "demo", regions={})


@pytest.mark.parametrize(
    ("fault", "error"),
    [("lock", GrowattAccountLockedError), ("ua_block", GrowattBlockedError)],
)
async def test_stops_at_errors_another_server_cannot_cure(
    emulator: Emulator, fault: str, error: type[Exception]
) -> None:
    emulator.world.set_faults("*", **{fault: True})
    with pytest.raises(error):
        await discover_region(
            "demo",
            "demo",
            regions={"home": emulator.url, "never": UNREACHABLE},
            add_random_user_id=True,
            agent_identifier="config-flow",
        )
