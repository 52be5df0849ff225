"""Fixtures of the peer-day benchmark, and its results file."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
import json
import os
from pathlib import Path
import types
from typing import Any

from emulated import real_sleep
from freezegun.api import FrozenDateTimeFactory
from harness import Bench
from homeassistant.core import HomeAssistant
import pytest

# Imported before Home Assistant mounts its test config dir, so that
# pytest-homeassistant-custom-component finds custom_components.
import custom_components.growatt  # noqa: F401
import emulator.app

RESULTS: pytest.StashKey[dict[str, Any]] = pytest.StashKey()
RESULTS_FILE = Path(
    os.environ.get("PEER_DAY_RESULTS", Path(__file__).with_name("results.json"))
)


def pytest_configure(config: pytest.Config) -> None:
    """Start an empty results file's content."""
    config.stash[RESULTS] = {"results": {}, "errors": {}}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Note a scenario that failed, so that the table can say so."""
    report = yield
    if report.failed:
        message = str(call.excinfo.value) if call.excinfo else report.longreprtext
        item.config.stash[RESULTS]["errors"][item.nodeid] = (
            message.splitlines()[0][:300] if message else "failed"
        )
    return report


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Write what the scenarios measured."""
    RESULTS_FILE.write_text(
        json.dumps(session.config.stash[RESULTS], indent=1, default=str)
    )


@pytest.fixture
def record(request: pytest.FixtureRequest) -> Callable[..., None]:
    """Store a scenario's numbers for one side: `record("day_password", "ours", {...})`."""
    results = request.config.stash[RESULTS]["results"]

    def store(scenario: str, side: str, values: dict[str, Any]) -> None:
        results.setdefault(scenario, {}).setdefault(side, {}).update(values)

    return store


@pytest.fixture(autouse=True)
async def home_assistant_executor() -> None:
    """The executor Home Assistant runs with (64 workers), not asyncio's default.

    Core's integration polls in executor jobs; with asyncio's default (CPU
    count + 4 workers) its refreshes would queue as they never do in Home
    Assistant.
    """
    loop = asyncio.get_running_loop()
    if getattr(loop, "_default_executor", None) is None:
        loop.set_default_executor(
            ThreadPoolExecutor(max_workers=64, thread_name_prefix="SyncWorker")
        )


@pytest.fixture(autouse=True)
def latency_in_real_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """The emulator's added latency sleeps in a thread (the loop's clock is frozen)."""
    monkeypatch.setattr(
        emulator.app, "asyncio", types.SimpleNamespace(sleep=real_sleep)
    )


@pytest.fixture
async def bench(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
    socket_enabled: None,
    enable_custom_integrations: None,
) -> AsyncIterator[Bench]:
    """Runs of either integration against fresh emulators."""
    bench = Bench(hass=hass, freezer=freezer, monkeypatch=monkeypatch)
    try:
        yield bench
    finally:
        await bench.close()
