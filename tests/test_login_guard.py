"""Setup retries and restarts never lock the account, nor run into 10012.

Home Assistant retries a failed setup every 80 s at most, each time with a
new client that restores the stored session. The legacy client's login
attempts and the token client's recent reads are part of that session, so
the guards count across retries and restarts.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
)

from custom_components.growatt.api import (
    GrowattLoginPausedError,
    GrowattParseError,
)
from custom_components.growatt.const import DOMAIN
from custom_components.growatt.errors import (
    form_failure,
    lock_time,
    read_back_failure,
    update_failure,
    write_failure,
)
from emulator.world import World
from emulator.worlds import DEMO_TOKEN
from tests.conftest import START, Emulator, async_add_entry as setup, async_move

pytestmark = pytest.mark.usefixtures("enable_custom_integrations")

# Home Assistant's longest wait between setup retries is 80 s plus up to 1 s.
RETRY = 82


def password_entry(emulator: Emulator) -> MockConfigEntry:
    return MockConfigEntry(
        domain=DOMAIN,
        title="demo",
        unique_id="1000001",
        data={
            "auth_type": "password",
            "username": "demo",
            "password": "demo",
            "region": "custom",
            "server_url": emulator.url,
            "plants": ["1234567"],
        },
    )


def token_entry(emulator: Emulator) -> MockConfigEntry:
    return MockConfigEntry(
        domain=DOMAIN,
        title="demo",
        unique_id="1000001",
        data={
            "auth_type": "token",
            "token": DEMO_TOKEN,
            "region": "custom",
            "server_url": emulator.url,
            "plants": ["1234567"],
        },
    )


def logins(emulator: Emulator) -> int:
    return sum(
        1 for r in emulator.requests("legacy") if r["path"] == "/newTwoLoginAPI.do"
    )


def growatt_requests(emulator: Emulator) -> int:
    return sum(1 for r in emulator.world.requests if r.api != "control")


async def tick(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, world: World, seconds: float
) -> None:
    """Move both clocks by `seconds` in one step; run what is due."""
    await async_move(hass, freezer, world, seconds, step=seconds)


def pause_issue(hass: HomeAssistant, entry: MockConfigEntry) -> ir.IssueEntry | None:
    return ir.async_get(hass).async_get_issue(DOMAIN, f"login_paused_{entry.entry_id}")


def stored_session(hass_storage: dict[str, Any], entry: MockConfigEntry) -> Any:
    return hass_storage[f"{DOMAIN}.{entry.entry_id}.session"]["data"]["session"]


@pytest.fixture(autouse=True)
def _start_at_emulator_time(freezer: FrozenDateTimeFactory) -> None:
    freezer.move_to(START)


@pytest.fixture
def ten_o_twelve() -> list[bool]:
    """Collects the emulator's rate-limit verdicts (True: answered 10012)."""
    return []


@pytest.fixture
def spy_rate_limits(emulator: Emulator, ten_o_twelve: list[bool]) -> None:
    world = emulator.world
    limited = world.rate_limited

    def spy(key: str, window: float) -> bool:
        ten_o_twelve.append(limited(key, window))
        return ten_o_twelve[-1]

    world.rate_limited = spy  # type: ignore[method-assign]


# -- password: garbled login answers while Home Assistant starts ---------------------


async def test_two_hours_of_setup_retries_stay_within_the_cap(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory
) -> None:
    """Garbled logins: 10 attempts (not 90), no lock, and a repair names the next."""
    world = emulator.world
    world.set_faults("demo", malformed_json=True)
    entry = password_entry(emulator)
    await setup(hass, entry)
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert logins(emulator) == 1

    for _ in range(2 * 3600 // RETRY):
        await tick(hass, freezer, world, RETRY)
        assert entry.state is ConfigEntryState.SETUP_RETRY
        assert logins(emulator) <= 10

    # 3 per quarter hour, then the day's 10 are used up.
    assert logins(emulator) == 10
    account = world.account_by_username("demo")
    assert account is not None
    assert not world.is_locked(account)
    assert (
        ir.async_get(hass).async_get_issue(DOMAIN, f"account_locked_{entry.entry_id}")
        is None
    )
    assert not list(entry.async_get_active_flows(hass, {SOURCE_REAUTH}))
    issue = pause_issue(hass, entry)
    assert issue is not None
    assert issue.translation_key == "login_paused"
    # The first attempt leaves the 24-hour window: the next goes then.
    assert issue.translation_placeholders == {
        "until": lock_time(START + timedelta(hours=24)),
        "account": "demo",
    }

    # Growatt recovers; once the window has passed, one login sets the entry up.
    world.clear_faults()
    waited = datetime.now(START.tzinfo) - START
    await tick(hass, freezer, world, (timedelta(hours=24) - waited).total_seconds())
    assert entry.state is ConfigEntryState.LOADED
    assert logins(emulator) == 11
    assert pause_issue(hass, entry) is None


async def test_the_count_survives_a_restart(
    hass: HomeAssistant,
    emulator: Emulator,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    world = emulator.world
    world.set_faults("demo", malformed_json=True)
    entry = password_entry(emulator)
    await setup(hass, entry)
    for _ in range(2):
        await tick(hass, freezer, world, RETRY)
    assert logins(emulator) == 3
    # Every failed setup stored its attempt.
    assert len(stored_session(hass_storage, entry)["login_attempts"]) == 3

    # Home Assistant stops and starts again: a new client, the same store.
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert logins(emulator) == 3
    issue = pause_issue(hass, entry)
    assert issue is not None
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["until"] == lock_time(
        START + timedelta(minutes=15)
    )

    # The quarter hour passes; Growatt answers again: one login, and done.
    # (Newer Home Assistants back setup retries off further: wait up to an hour.)
    world.clear_faults()
    for _ in range(60 * 60 // RETRY):
        await tick(hass, freezer, world, RETRY)
        if entry.state is ConfigEntryState.LOADED:
            break
    assert entry.state is ConfigEntryState.LOADED
    assert logins(emulator) == 4
    assert pause_issue(hass, entry) is None
    assert len(stored_session(hass_storage, entry)["login_attempts"]) == 4


async def test_garbled_renewals_pause_a_running_entry(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory
) -> None:
    """The re-login on an expired session counts too; paused, the poll sends nothing."""
    world = emulator.world
    entry = password_entry(emulator)
    await setup(hass, entry)
    assert entry.state is ConfigEntryState.LOADED
    coordinator = entry.runtime_data.coordinator
    world.set_faults("demo", malformed_json=True)
    polls = START
    for _ in range(2):
        world.expire_sessions("demo")
        interval = coordinator.update_interval
        assert interval is not None
        await tick(hass, freezer, world, interval.total_seconds() + 1)
        polls += interval + timedelta(seconds=1)
        assert not coordinator.last_update_success
    assert logins(emulator) == 3  # the setup's and two renewals
    assert getattr(coordinator.last_exception, "translation_key", None) == (
        "invalid_response"
    )
    # The third attempt used up the quarter hour: the repair says until when.
    issue = pause_issue(hass, entry)
    assert issue is not None
    assert issue.translation_placeholders is not None
    until = START + timedelta(minutes=15)
    assert polls < until
    assert issue.translation_placeholders["until"] == lock_time(until)

    sent = growatt_requests(emulator)
    await coordinator.async_refresh()
    assert growatt_requests(emulator) == sent
    assert getattr(coordinator.last_exception, "translation_key", None) == (
        "login_paused"
    )
    assert coordinator.last_exception is not None
    assert getattr(coordinator.last_exception, "translation_placeholders", None) == {
        "until": lock_time(until)
    }
    assert not list(entry.async_get_active_flows(hass, {SOURCE_REAUTH}))

    world.clear_faults()
    world.expire_sessions("demo")
    interval = coordinator.update_interval
    assert interval is not None
    await tick(hass, freezer, world, interval.total_seconds() + 1)
    assert datetime.now(START.tzinfo) >= until
    assert coordinator.last_update_success
    assert logins(emulator) == 4
    assert pause_issue(hass, entry) is None


def test_every_caller_names_the_pause() -> None:
    retry_at = START + timedelta(minutes=15)
    err = GrowattLoginPausedError("paused", retry_at=retry_at)
    expected = {"until": lock_time(retry_at)}
    assert update_failure(err).key == "login_paused"
    assert update_failure(err).placeholders == expected
    assert write_failure(err).key == "login_paused"
    assert read_back_failure(err).key == "login_paused"
    # The config flow's forms have no such error.
    assert form_failure(err).key == "cannot_connect"
    assert update_failure(GrowattParseError("x")).key == "invalid_response"


# -- token: setup retries and restarts within a window ---------------------------------


@pytest.mark.usefixtures("spy_rate_limits")
async def test_token_setup_retry_within_the_window_gets_no_10012(
    hass: HomeAssistant,
    emulator: Emulator,
    freezer: FrozenDateTimeFactory,
    ten_o_twelve: list[bool],
    hass_storage: dict[str, Any],
) -> None:
    world = emulator.world
    world.set_faults("demo", malformed_json=True)
    entry = token_entry(emulator)
    await setup(hass, entry)
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert stored_session(hass_storage, entry)["recent"]
    world.clear_faults()

    # The first retry comes after 5 s: plant/list was asked (and counted by
    # Growatt) 5 s ago, so the configured plants stand in for it.
    await tick(hass, freezer, world, 6)
    assert entry.state is ConfigEntryState.LOADED
    assert ten_o_twelve
    assert not any(ten_o_twelve)
    assert sum(1 for r in emulator.requests("v1") if r["path"] == "/v1/plant/list") == 1
    assert set(entry.runtime_data.coordinator.data.plants["1234567"].devices) == {
        "TLX0000001",
        "INV0000001",
    }


@pytest.mark.usefixtures("spy_rate_limits")
async def test_token_restart_right_after_setup_reads_what_growatt_answered(
    hass: HomeAssistant,
    emulator: Emulator,
    freezer: FrozenDateTimeFactory,
    ten_o_twelve: list[bool],
) -> None:
    """Every read of the setup is within its window: the restart sends none of them.

    It loads at once from the answers the setup got, stored with the session,
    and reads again once the windows have passed.
    """
    world = emulator.world
    entry = token_entry(emulator)
    await setup(hass, entry)
    assert entry.state is ConfigEntryState.LOADED
    sent = growatt_requests(emulator)

    await tick(hass, freezer, world, 30)
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert growatt_requests(emulator) == sent
    assert entry.runtime_data.coordinator.data.device("TLX0000001") is not None

    for _ in range(10 * 60 // RETRY):
        await tick(hass, freezer, world, RETRY)
    assert growatt_requests(emulator) > sent
    assert entry.runtime_data.coordinator.last_update_success
    assert ten_o_twelve
    assert not any(ten_o_twelve)
