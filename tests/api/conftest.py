"""Fixtures for the client tests: our clients and growattServer against one emulator."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
import json
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer
import growattServer
from growattServer.open_api_v1 import OpenApiV1 as LibOpenApiV1
import pytest

from custom_components.growatt.api import GrowattApi, OpenApiV1
from emulator.worlds import DEMO_TOKEN
from tests.conftest import Emulator

USERNAME = "demo"
PASSWORD = "demo"
USER_ID = 1000001
TOKEN = DEMO_TOKEN

HOME = 1234567
GARAGE = 1234568
CABIN = 1234569
FLAT = 1234570
TLX = "TLX0000001"
TLX_BATTERY = "BAT0000001"
INVERTER = "INV0000001"
MIX = "MIX0000001"
MAX = "MAX0000001"
SPF = "SPF0000001"
SPA = "SPA0000001"
NOAH = "0PVP50ZR16ST00CB"

type RunSync = Callable[..., Awaitable[Any]]


@pytest.fixture
async def api(emulator: Emulator) -> AsyncIterator[GrowattApi]:
    """Our legacy client pointed at the emulator, not logged in."""
    client = GrowattApi(True, "test-agent", server_url=emulator.url)
    try:
        yield client
    finally:
        await client.close()


@pytest.fixture
async def logged_in(api: GrowattApi) -> GrowattApi:
    """Our legacy client after a login."""
    await api.login(USERNAME, PASSWORD)
    return api


@pytest.fixture
async def v1(emulator: Emulator) -> AsyncIterator[OpenApiV1]:
    """Our v1 client with the demo token."""
    client = OpenApiV1(TOKEN, server_url=emulator.url)
    try:
        yield client
    finally:
        await client.close()


@pytest.fixture
def executor() -> Iterator[ThreadPoolExecutor]:
    """One worker thread for the synchronous growattServer; joined at teardown."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="growattServer")
    try:
        yield pool
    finally:
        pool.shutdown(wait=True)


@pytest.fixture
def run_sync(executor: ThreadPoolExecutor) -> RunSync:
    """Run a blocking call in the worker while the emulator serves in the loop."""

    async def run(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(executor, partial(func, *args, **kwargs))

    return run


@pytest.fixture
async def library(emulator: Emulator, run_sync: RunSync) -> AsyncIterator[Any]:
    """growattServer's GrowattApi, logged in to the same emulator world."""
    lib = growattServer.GrowattApi(add_random_user_id=True, agent_identifier="x")
    lib.server_url = emulator.url
    try:
        await run_sync(lib.login, USERNAME, PASSWORD)
        yield lib
    finally:
        await run_sync(lib.session.close)


@pytest.fixture
async def library_v1(emulator: Emulator, run_sync: RunSync) -> AsyncIterator[Any]:
    """growattServer's OpenApiV1 against the emulator."""
    lib = LibOpenApiV1(TOKEN)
    lib.api_url = emulator.url + "v1/"
    try:
        yield lib
    finally:
        await run_sync(lib.session.close)


@dataclass
class Canned:
    """A server answering every request with one fixed response.

    For bodies the emulator does not produce (other login codes, odd
    envelopes, redirects); everything else runs against the emulator.
    """

    server: TestServer
    status: int = 200
    body: str = "{}"
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return str(self.server.make_url("/"))

    def answer(
        self,
        body: str | dict[str, Any],
        status: int = 200,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.body = body if isinstance(body, str) else json.dumps(body)
        self.status = status
        self.content_type = content_type
        self.headers = headers or {}


@pytest.fixture
async def canned(socket_enabled: None) -> AsyncIterator[Canned]:
    """A loopback server with a fixed answer."""
    holder: list[Canned] = []

    async def handle(request: web.Request) -> web.Response:
        current = holder[0]
        return web.Response(
            text=current.body,
            status=current.status,
            content_type=current.content_type,
            headers=current.headers,
        )

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    holder.append(Canned(server=server))
    try:
        yield holder[0]
    finally:
        await server.close()
