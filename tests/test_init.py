"""Home Assistant finds, loads and unloads the Growatt integration."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.loader import async_get_integration
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.growatt.const import DOMAIN
from tests.conftest import START, Emulator

pytestmark = pytest.mark.usefixtures("enable_custom_integrations")


async def test_home_assistant_finds_the_custom_integration(hass: HomeAssistant) -> None:
    """The manifest passes Home Assistant's own validation of custom integrations."""
    integration = await async_get_integration(hass, DOMAIN)

    assert integration.name == "Growatt"
    assert not integration.is_built_in
    assert integration.config_flow
    assert integration.iot_class == "cloud_polling"
    assert integration.integration_type == "hub"
    assert integration.requirements == []
    assert str(integration.version) == integration.manifest["version"]


async def test_demo_entry_sets_up_and_unloads_cleanly(
    hass: HomeAssistant, emulator: Emulator, freezer: FrozenDateTimeFactory
) -> None:
    """The demo account on the emulator loads, then unloads without leftovers."""
    freezer.move_to(START)
    entry = MockConfigEntry(
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
    entry.add_to_hass(hass)

    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.NOT_LOADED
