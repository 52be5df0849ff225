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

from emulator.world import growatt_hash
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
