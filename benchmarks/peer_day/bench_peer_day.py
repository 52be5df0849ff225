"""Our integration and core's growatt_server, each against the emulator on its own.

Each scenario runs once per side, in a Home Assistant of its own against a
fresh emulator built from the same world description at the same moment, so
both see the same uploads. They do not share one account: each one's logins
and v1 reads would count against the other's lockout and rate windows. Table:
`python table.py results.json` (the `run` script does it).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from emulated import home_world, ten_tlx_world
from harness import DAY, NO_LOCKOUT, START, Bench, time_full_refresh, wall_clock
import pytest
from sides import SIDES

from emulator.world import EmulatorConfig

Record = Callable[[str, str, dict[str, Any]], None]


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("auth", ["password", "token"])
async def test_day(bench: Bench, record: Record, side: str, auth: str) -> None:
    """One simulated day of plant "Home", from the config flow on."""
    run = await bench.start(home_world(), NO_LOCKOUT, side, auth)
    # A day is [START, START + 24 h): the session of the setup ends with it.
    end = START + DAY
    await run.advance_until(end - timedelta(seconds=1))
    record(f"day_{auth}", side, run.summary(end))


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("auth", ["password", "token"])
async def test_restart(bench: Bench, record: Record, side: str, auth: str) -> None:
    """Home Assistant restarts the entry 30 minutes after it was added."""
    run = await bench.start(home_world(), NO_LOCKOUT, side, auth)
    await run.advance_until(START + timedelta(minutes=30))
    assert run.entry is not None
    requests_mark = len(run.world.requests)
    answers_mark = len(run.emulator.answers)
    started = wall_clock()
    reloaded = await bench.hass.config_entries.async_reload(run.entry.entry_id)
    await bench.hass.async_block_till_done(wait_background_tasks=True)
    record(
        f"restart_{auth}",
        side,
        {
            "requests": len(run.requests(requests_mark)),
            "logins": run.logins(requests_mark),
            "rate_limited": run.rate_limited(answers_mark),
            "loaded": bool(reloaded),
            "answers": [
                f"{a.path} {a.error_code}" if a.error_code else a.path
                for a in run.emulator.answers[answers_mark:]
            ],
            "entry_state": str(run.entry.state),
            "wall_seconds": round(wall_clock() - started, 2),
        },
    )


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("auth", ["password", "token"])
async def test_refresh(
    bench: Bench,
    record: Record,
    monkeypatch: pytest.MonkeyPatch,
    side: str,
    auth: str,
) -> None:
    """Ten TLX hybrids refreshed with every request taking a second.

    The entry is added without latency; then every answer takes 1 s and the
    clock runs until one refresh reads all ten (15 minutes at most).
    """
    description = ten_tlx_world()
    serials = {d["sn"] for d in description["accounts"][0]["plants"][0]["devices"]}
    run = await bench.start(description, NO_LOCKOUT, side, auth)
    run.world.config.latency = 1.0
    measured = await time_full_refresh(run, serials, monkeypatch)
    record(f"refresh_{auth}", side, measured)


@pytest.mark.parametrize("side", SIDES)
async def test_lockout(bench: Bench, record: Record, side: str) -> None:
    """A password day at the emulator's default lockout threshold; stops at a lockout."""
    config = EmulatorConfig()
    run = await bench.start(home_world(), config, side, "password")
    await run.advance_until(START + DAY, stop=lambda: run.locked_at is not None)
    hours = (
        None
        if run.locked_at is None
        else (run.locked_at - START).total_seconds() / 3600
    )
    record(
        "lockout",
        side,
        {
            "hours": hours,
            "threshold": config.lockout_max_logins,
            "window_hours": config.lockout_window / 3600,
            "logins": run.logins(),
            "requests": len(run.requests()),
        },
    )
