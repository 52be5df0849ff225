"""Fixtures for driving the emulator with the synchronous growattServer library.

The library uses `requests`, so its calls run in a worker thread while the
emulator serves in the test's event loop. The executor is shut down in the
teardown, because phcc's `verify_cleanup` fails a test that leaves threads.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
import functools
import json
from typing import Any

import aiohttp
import growattServer
import pytest

from emulator.model import Account
from emulator.world import World, growatt_hash
from emulator.worlds import build_world
from tests.conftest import Emulator


@dataclass
class SyncRunner:
    """Runs blocking calls in one worker thread without blocking the event loop."""

    executor: ThreadPoolExecutor

    async def __call__(
        self, func: Callable[..., Any], *args: Any, **kwargs: Any
    ) -> Any:
        """Run `func(*args, **kwargs)` in the worker thread and await its result."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self.executor, functools.partial(func, *args, **kwargs)
        )


@pytest.fixture
async def sync_runner() -> AsyncIterator[SyncRunner]:
    """A single worker thread for blocking library calls, joined at teardown."""
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="growatt-library")
    try:
        yield SyncRunner(executor)
    finally:
        executor.shutdown(wait=True)


@dataclass
class LegacyLibrary:
    """growattServer.GrowattApi pointed at the emulator (not logged in yet)."""

    api: growattServer.GrowattApi
    run: SyncRunner

    async def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """Call a GrowattApi method by name in the worker thread."""
        return await self.run(getattr(self.api, method), *args, **kwargs)


@pytest.fixture
async def legacy_library(
    emulator: Emulator, sync_runner: SyncRunner
) -> AsyncIterator[LegacyLibrary]:
    """The real legacy library talking to the emulator over loopback."""
    api = growattServer.GrowattApi(add_random_user_id=True, agent_identifier="test")
    api.server_url = emulator.url
    try:
        yield LegacyLibrary(api, sync_runner)
    finally:
        await sync_runner(api.session.close)


# A phone-app User-Agent: Growatt's edge refuses requests without one.
LEGACY_UA = {"User-Agent": "ShinePhone/8.1.17 (iPhone; iOS 15.6.1; Scale/2.00)"}


async def legacy_login(
    session: aiohttp.ClientSession,
    url: str,
    username: str = "demo",
    password: str = "demo",
) -> Any:
    """Log a raw aiohttp session in through `newTwoLoginAPI.do`; returns the `back` object."""
    async with session.post(
        url + "newTwoLoginAPI.do",
        data={"userName": username, "password": growatt_hash(password)},
        headers=LEGACY_UA,
    ) as response:
        return json.loads(await response.text())["back"]


async def legacy_json(
    session: aiohttp.ClientSession, url: str, method: str = "GET", **kwargs: Any
) -> Any:
    """One legacy request, its body parsed from text (Growatt's content types vary)."""
    async with session.request(method, url, headers=LEGACY_UA, **kwargs) as response:
        return json.loads(await response.text())


@pytest.fixture
async def legacy_http(emulator: Emulator) -> AsyncIterator[aiohttp.ClientSession]:
    """A raw aiohttp session logged in as the demo account (cookie jar for an IP host)."""
    async with aiohttp.ClientSession(
        cookie_jar=aiohttp.CookieJar(unsafe=True)
    ) as session:
        back = await legacy_login(session, emulator.url)
        assert back["success"] is True
        yield session


# -- OpenAPI v1 --------------------------------------------------------------------

V1_TOKEN = "deadbeefdeadbeefdeadbeefdeadbeef"


@dataclass
class V1Http:
    """A raw aiohttp session sending the demo token to the emulator's `/v1/`."""

    session: aiohttp.ClientSession
    base: str
    token: str = V1_TOKEN

    async def body(self, method: str, path: str, **kwargs: Any) -> Any:
        """The whole envelope of one v1 request, parsed from text."""
        headers = {"token": self.token, "User-Agent": "Python/3.13 (Linux; x86_64)"}
        headers |= kwargs.pop("headers", {})
        async with self.session.request(
            method, self.base + path, headers=headers, **kwargs
        ) as response:
            return json.loads(await response.text())

    async def data(self, method: str, path: str, **kwargs: Any) -> Any:
        """`data` of a successful v1 request (fails the test on an error code)."""
        body = await self.body(method, path, **kwargs)
        assert body["error_code"] == 0, body
        return body["data"]


@pytest.fixture
async def v1_http(emulator: Emulator) -> AsyncIterator[V1Http]:
    """Raw v1 requests to the emulator with the demo account's token."""
    async with aiohttp.ClientSession() as session:
        yield V1Http(session, emulator.url + "v1/")


@dataclass
class V1Library:
    """growattServer.OpenApiV1 pointed at the emulator."""

    api: growattServer.OpenApiV1
    run: SyncRunner

    async def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """Call an OpenApiV1 method by name in the worker thread."""
        return await self.run(getattr(self.api, method), *args, **kwargs)


@pytest.fixture
async def v1_library(
    emulator: Emulator, sync_runner: SyncRunner
) -> AsyncIterator[V1Library]:
    """The real OpenApiV1 library talking to the emulator with the demo token.

    OpenApiV1 freezes `api_url` from the server URL in its constructor, so
    the emulator's URL goes into `api_url` itself.
    """
    api = growattServer.OpenApiV1(token=V1_TOKEN)
    api.api_url = emulator.url + "v1/"
    try:
        yield V1Library(api, sync_runner)
    finally:
        await sync_runner(api.session.close)


OTHER_TOKEN = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def second_account(world: World) -> Account:
    """A second account in the world (plant 7654321, TLX9999999, MIX9999999)."""
    other = build_world(
        {
            "accounts": [
                {
                    "username": "other",
                    "password": "other",
                    "user_id": 2000002,
                    "token": OTHER_TOKEN,
                    "plants": [
                        {
                            "plant_id": 7654321,
                            "name": "Elsewhere",
                            "devices": [
                                {"sn": "TLX9999999", "family": "tlx"},
                                {"sn": "MIX9999999", "family": "mix"},
                            ],
                        }
                    ],
                }
            ]
        },
        clock=world.clock,
    )
    world.accounts.extend(other.accounts)
    return other.accounts[0]


def uploaded(emulator: Emulator, sn: str) -> str:
    """The local time text of the device's last upload, as Growatt writes it."""
    found = emulator.world.find_device(sn)
    assert found is not None
    _, plant, device = found
    assert device.last_update is not None
    return device.last_update.astimezone(plant.tz).strftime("%Y-%m-%d %H:%M:%S")
