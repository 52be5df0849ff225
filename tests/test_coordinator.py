"""The coordinator against the emulator: logins, budgets, faults and their reactions."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, issue_registry as ir
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.growatt.const import DEVICE_LIST_INTERVAL, DOMAIN
from emulator.clock import Clock
from emulator.world import EmulatorConfig, World
from emulator.worlds import DEMO_TOKEN, build_world
from tests.conftest import START, Emulator, async_add_entry as setup

pytestmark = pytest.mark.usefixtures("enable_custom_integrations")

ONE_TLX_WORLD: dict[str, Any] = {
    "accounts": [
        {
            "username": "solo",
            "password": "secret",
            "user_id": 42,
            "token": "0123456789abcdef0123456789abcdef",
            "plants": [
                {
                    "plant_id": 7001,
                    "name": "Solo",
                    "devices": [
                        {
                            "sn": "TLX7000001",
                            "family": "tlx",
                            "battery_kwh": 5,
                            "battery_sn": "BAT7000001",
                        }
                    ],
                }
            ],
        }
    ]
}


def password_entry(
    emulator: Emulator, plants: list[str] | None = None, **data: Any
) -> MockConfigEntry:
    """A password entry for the demo account on the emulator."""
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
            "plants": plants or ["1234567"],
            **data,
        },
    )


def token_entry(emulator: Emulator, plants: list[str] | None = None) -> MockConfigEntry:
    """A token entry for the demo account on the emulator."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="demo",
        unique_id="1000001",
        data={
            "auth_type": "token",
            "token": DEMO_TOKEN,
            "region": "custom",
            "server_url": emulator.url,
            "plants": plants or ["1234567"],
        },
    )


def logins(emulator: Emulator) -> int:
    """Login requests the emulator served."""
    return sum(
        1 for r in emulator.requests("legacy") if r["path"] == "/newTwoLoginAPI.do"
    )


async def tick(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, world: World, seconds: float
) -> None:
    """Move Home Assistant's and the emulator's clocks together."""
    freezer.tick(timedelta(seconds=seconds))
    world.clock.advance(seconds)
    async_fire_time_changed(hass)
    # Coordinator refreshes run as background tasks that talk to the emulator
    # over a real socket: wait for them too.
    await hass.async_block_till_done(wait_background_tasks=True)


async def next_refresh(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    world: World,
    entry: MockConfigEntry,
) -> None:
    """Move both clocks just past the coordinator's (budget-stretched) interval."""
    interval = entry.runtime_data.coordinator.update_interval
    assert interval is not None
    await tick(hass, freezer, world, interval.total_seconds() + 1)


@pytest.fixture(autouse=True)
def _start_at_emulator_time(freezer: FrozenDateTimeFactory) -> None:
    """Home Assistant's clock starts where the emulator's does."""
    freezer.move_to(START)


async def test_password_setup_logs_in_once(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    entry = password_entry(emulator)
    await setup(hass, entry)
    assert entry.state is ConfigEntryState.LOADED
    assert logins(emulator) == 1
    data = entry.runtime_data.coordinator.data
    assert set(data.plants["1234567"].devices) == {"TLX0000001", "INV0000001"}


async def test_token_setup_never_logs_in(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    entry = token_entry(emulator, ["1234568"])
    await setup(hass, entry)
    assert entry.state is ConfigEntryState.LOADED
    assert logins(emulator) == 0
    assert set(entry.runtime_data.coordinator.data.plants["1234568"].devices) == {
        "MIX0000001",
        "MAX0000001",
    }


async def test_restart_with_a_valid_session_does_not_log_in(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    """The session is stored, so a restart (reload) reuses it."""
    entry = password_entry(emulator)
    await setup(hass, entry)
    assert logins(emulator) == 1
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert logins(emulator) == 1


async def test_expired_session_logs_in_again_once(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory
) -> None:
    entry = password_entry(emulator)
    await setup(hass, entry)
    emulator.world.expire_sessions("demo")
    await next_refresh(hass, freezer, emulator.world, entry)
    assert entry.runtime_data.coordinator.last_update_success
    assert logins(emulator) == 2


class TestOneTlxDay:
    """One TLX battery inverter for a day: every upload shown, soon, few requests."""

    @pytest.fixture
    def world(self, emulator_config: EmulatorConfig) -> World:
        return build_world(
            ONE_TLX_WORLD, clock=Clock(START, frozen=True), config=emulator_config
        )

    @pytest.mark.parametrize("auth", ["password", "token"])
    async def test_a_day_of_polling(
        self,
        hass: HomeAssistant,
        emulator: Emulator,
        freezer: FrozenDateTimeFactory,
        auth: str,
    ) -> None:
        data: dict[str, Any] = {
            "auth_type": auth,
            "region": "custom",
            "server_url": emulator.url,
            "plants": ["7001"],
        }
        if auth == "password":
            data |= {"username": "solo", "password": "secret"}
        else:
            data |= {"token": "0123456789abcdef0123456789abcdef"}
        entry = MockConfigEntry(domain=DOMAIN, title="solo", unique_id="42", data=data)
        await setup(hass, entry)
        assert entry.state is ConfigEntryState.LOADED
        emulator.world.requests.clear()
        found = emulator.world.find_device("TLX7000001")
        assert found is not None
        emulated = found[2]
        coordinator = entry.runtime_data.coordinator
        # Each upload (to the second, as Growatt writes it) and when it was shown.
        uploads: dict[int, datetime | None] = {}
        for _ in range(24 * 60 * 2):
            await tick(hass, freezer, emulator.world, 30)
            emulator.world.sync_all()
            assert emulated.last_update is not None
            uploads.setdefault(int(emulated.last_update.timestamp()), None)
            shown = coordinator.data.device("TLX7000001")
            seen = shown.identity.last_update if shown else None
            key = None if seen is None else int(seen.timestamp())
            if key in uploads and uploads[key] is None:
                uploads[key] = dt_util.utcnow()
        served = [r for r in emulator.world.requests if r.api != "control"]
        assert 250 <= len(served) <= 330, len(served)
        # The emulator's sessions live 24 hours, so the session of the setup
        # ends as the day does: at most that one login, inside the 330.
        assert sum(1 for r in served if r.path == "/newTwoLoginAPI.do") <= 1
        # Reads follow the uploads: nearly all are shown, within a minute.
        delays = sorted(at.timestamp() - upload for upload, at in uploads.items() if at)
        assert len(delays) >= 0.95 * len(uploads), (len(delays), len(uploads))
        assert delays[len(delays) // 2] <= 60, delays[len(delays) // 2]
        # Settings are read hourly.
        reads = [
            r
            for r in served
            if r.op == "getTlxSetData" or r.path.endswith("tlx_set_info")
        ]
        assert 23 <= len(reads) <= 26, len(reads)
        assert all(r.status == 200 for r in served)
        if auth == "token":
            assert not any('"error_code":10012' in str(r.params) for r in served)
        assert entry.runtime_data.coordinator.last_update_success


@pytest.mark.parametrize(
    ("fault", "key"),
    [
        ({"http_status": 503}, "cannot_connect"),
        ({"malformed_json": True}, "invalid_response"),
        ({"ua_block": True}, "blocked"),
    ],
)
async def test_transient_faults_fail_the_update_without_reauth(
    hass: HomeAssistant,
    emulator: Emulator,
    freezer: FrozenDateTimeFactory,
    fault: dict[str, Any],
    key: str,
) -> None:
    entry = password_entry(emulator)
    await setup(hass, entry)
    coordinator = entry.runtime_data.coordinator
    emulator.world.set_faults("demo", **fault)
    await next_refresh(hass, freezer, emulator.world, entry)
    assert not coordinator.last_update_success
    assert coordinator.last_exception is not None
    assert getattr(coordinator.last_exception, "translation_key", None) == key
    assert not list(entry.async_get_active_flows(hass, {SOURCE_REAUTH}))
    emulator.world.clear_faults()
    await next_refresh(hass, freezer, emulator.world, entry)
    assert coordinator.last_update_success
    assert logins(emulator) == 1


async def test_bad_credentials_start_reauth(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory
) -> None:
    entry = password_entry(emulator)
    await setup(hass, entry)
    emulator.world.set_faults("demo", bad_credentials=True)
    emulator.world.expire_sessions("demo")
    await next_refresh(hass, freezer, emulator.world, entry)
    assert list(entry.async_get_active_flows(hass, {SOURCE_REAUTH}))


async def test_wrong_token_starts_reauth(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory
) -> None:
    entry = token_entry(emulator)
    await setup(hass, entry)
    emulator.world.set_faults(
        "demo", v1_error_code=10011, v1_error_msg="error_permission_denied"
    )
    await next_refresh(hass, freezer, emulator.world, entry)
    assert list(entry.async_get_active_flows(hass, {SOURCE_REAUTH}))


async def test_lock_stops_every_request_and_raises_a_repair(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory
) -> None:
    entry = password_entry(emulator)
    await setup(hass, entry)
    coordinator = entry.runtime_data.coordinator
    emulator.world.set_faults("demo", lock=True)
    emulator.world.expire_sessions("demo")
    await next_refresh(hass, freezer, emulator.world, entry)
    assert not coordinator.last_update_success
    issue = ir.async_get(hass).async_get_issue(
        DOMAIN, f"account_locked_{entry.entry_id}"
    )
    assert issue is not None
    assert issue.translation_key == "account_locked"
    assert not list(entry.async_get_active_flows(hass, {SOURCE_REAUTH}))
    served = len(emulator.world.requests)
    for _ in range(12):
        await tick(hass, freezer, emulator.world, 600)
    assert len(emulator.world.requests) == served
    # The lock survives a restart: setup waits for it without a request.
    assert not await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert len(emulator.world.requests) == served
    assert entry.state is ConfigEntryState.SETUP_RETRY


async def test_setup_retries_when_growatt_is_down(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    emulator.world.set_faults("demo", http_status=502)
    entry = password_entry(emulator)
    await setup(hass, entry)
    assert entry.state is ConfigEntryState.SETUP_RETRY


async def test_setup_with_bad_credentials_asks_for_reauth(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    entry = password_entry(emulator, password="wrong")
    await setup(hass, entry)
    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert list(entry.async_get_active_flows(hass, {SOURCE_REAUTH}))


async def test_one_offline_device_leaves_the_others(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory
) -> None:
    entry = password_entry(emulator)
    await setup(hass, entry)
    found = emulator.world.find_device("INV0000001")
    assert found is not None
    emulator.world.set_faults("demo", http_status=None)
    # A device that errors (the emulator answers its endpoint with a failure).
    found[0].plants[0].devices.remove(found[2])
    # Until its next upload is due and it is read again.
    for _ in range(7):
        await tick(hass, freezer, emulator.world, 60)
    coordinator = entry.runtime_data.coordinator
    assert coordinator.last_update_success
    devices = coordinator.data.plants["1234567"].devices
    assert "TLX0000001" in devices
    assert "INV0000001" not in devices


async def test_a_device_growatt_no_longer_lists_leaves_the_device_registry(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory
) -> None:
    """A removed or replaced inverter does not linger as a device without data."""
    entry = password_entry(emulator)
    await setup(hass, entry)
    registry = dr.async_get(hass)

    def registered() -> set[str]:
        return {
            identifier
            for device in dr.async_entries_for_config_entry(registry, entry.entry_id)
            for _, identifier in device.identifiers
        }

    assert {"plant_1234567", "TLX0000001", "INV0000001"} <= registered()
    found = emulator.world.find_device("INV0000001")
    assert found is not None
    found[1].devices.remove(found[2])

    # Growatt's device list is read again after an hour.
    await tick(hass, freezer, emulator.world, DEVICE_LIST_INTERVAL.total_seconds())

    assert "INV0000001" not in registered()
    assert {"plant_1234567", "TLX0000001"} <= registered()


async def test_token_setup_right_after_the_flow_survives_the_rate_limit(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory
) -> None:
    """The config flow has just read plant/list, which v1 serves once per 5 minutes."""
    from custom_components.growatt.api import OpenApiV1

    async with OpenApiV1(DEMO_TOKEN, server_url=emulator.url) as client:
        await client.plant_list()
    entry = token_entry(emulator)
    await setup(hass, entry)
    assert entry.state is ConfigEntryState.LOADED
    coordinator = entry.runtime_data.coordinator
    assert set(coordinator.data.plants["1234567"].devices) == {
        "TLX0000001",
        "INV0000001",
    }
    # With the next device list the plant names are read again.
    await tick(hass, freezer, emulator.world, DEVICE_LIST_INTERVAL.total_seconds() + 60)
    for _ in range(3):
        await next_refresh(hass, freezer, emulator.world, entry)
    assert coordinator.data.plants["1234567"].ref.name == "Home"
