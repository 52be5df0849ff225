"""The emulator on Home Assistant's clock, and the worlds it serves here."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
import copy
from dataclasses import dataclass
from datetime import datetime
import json
import time
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer
from homeassistant.util import dt as dt_util

from emulator.app import create_app
from emulator.clock import Clock
from emulator.world import RequestRecord, World
from emulator.worlds import DEFAULT_WORLD

SERIAL = "TLX0000001"  # the demo world's TLX hybrid with a 5 kWh battery


# -- worlds -----------------------------------------------------------------------


def home_world() -> dict[str, Any]:
    """The demo account with its plant 1234567 "Home" and the TLX hybrid only.

    The demo plant's classic inverter is left out: the scenario is one TLX
    battery plant, which the daily request targets are set for.
    """
    world = copy.deepcopy(DEFAULT_WORLD)
    account = world["accounts"][0]
    home = next(p for p in account["plants"] if p["plant_id"] == 1234567)
    home["devices"] = [d for d in home["devices"] if d["sn"] == SERIAL]
    account["plants"] = [home]
    return world


def ten_tlx_world() -> dict[str, Any]:
    """Plant "Home" with ten TLX hybrids behind one datalogger (a ShineMaster).

    One datalogger uploads for all ten at the same moment, so one refresh is
    due for all of them, whichever schedule an integration follows.
    """
    world = home_world()
    home = world["accounts"][0]["plants"][0]
    template = home["devices"][0]
    home["devices"] = [
        {
            **template,
            "sn": f"TLX{n:07d}",
            "alias": f"Hybrid {n}",
            "battery_sn": f"BAT{n:07d}",
        }
        for n in range(1, 11)
    ]
    return world


class HomeAssistantClock(Clock):
    """The emulator's time is Home Assistant's: the freezer moves both."""

    def now(self) -> datetime:
        """Home Assistant's (frozen) time."""
        return dt_util.utcnow()

    def set(self, moment: datetime) -> None:
        """Not here: move Home Assistant's clock (the freezer) instead."""
        raise RuntimeError("move Home Assistant's clock instead")


# -- the emulator -------------------------------------------------------------------


@dataclass
class Answer:
    """What the emulator answered, beyond its request log: the v1 error code."""

    path: str
    user_agent: str
    status: int
    error_code: int | None


@dataclass
class Emulator:
    """The emulator served on loopback, and the answers it gave."""

    world: World
    server: TestServer
    answers: list[Answer]

    @property
    def url(self) -> str:
        """Base URL with a trailing slash, like Growatt's server URLs."""
        return str(self.server.make_url("/"))

    def served(self, since: int = 0) -> list[RequestRecord]:
        """Growatt requests served (the control API left out), from an index on."""
        return [r for r in self.world.requests[since:] if r.api != "control"]


def _error_code(response: web.StreamResponse) -> int | None:
    if not isinstance(response, web.Response) or response.content_type != (
        "application/json"
    ):
        return None
    try:
        payload = json.loads(response.text or "")
    except ValueError:
        return None
    code = payload.get("error_code") if isinstance(payload, dict) else None
    return code if isinstance(code, int) else None


async def start_emulator(world: World) -> Emulator:
    """Serve a world on 127.0.0.1, noting each answer's v1 error code.

    The emulator's request log has no answers; an outer middleware reads them.
    """
    answers: list[Answer] = []

    @web.middleware
    async def note_answers(
        request: web.Request,
        handler: Callable[[web.Request], Any],
    ) -> web.StreamResponse:
        response: web.StreamResponse = await handler(request)
        answers.append(
            Answer(
                path=request.path,
                user_agent=request.headers.get("User-Agent", ""),
                status=response.status,
                error_code=_error_code(response),
            )
        )
        return response

    app = create_app(world)
    app.middlewares.insert(0, note_answers)
    server = TestServer(app, host="127.0.0.1")
    # No access log: under the freezer it cannot read the local UTC offset and
    # logs an error for every request.
    await server.start_server(access_log=None)
    return Emulator(world=world, server=server, answers=answers)


async def real_sleep(delay: float) -> None:
    """The emulator's latency in real time, off the event loop's clock.

    Under the freezer the event loop's clock stands still between ticks, so an
    `asyncio.sleep` in the emulator would never end; a thread sleeps instead.
    """
    await asyncio.get_running_loop().run_in_executor(None, time.sleep, delay)
