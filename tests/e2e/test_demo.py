"""A newcomer's first minutes, in Home Assistant's own frontend.

The tests run in order on one browser page and one demo: log in, add Growatt
through the config flow, switch a control and see the inverter follow, open
the Energy dashboard. Each leaves a screenshot in artifacts/e2e/.
"""

from __future__ import annotations

import re
import time

from playwright.sync_api import Page, expect

from .conftest import ARTIFACTS, Demo, screenshot

OWNER = ("demo", "demo")
TLX = "TLX0000001"  # the "Roof hybrid" of the plant "Home"


def test_owner_logs_in(page: Page, demo: Demo) -> None:
    page.goto(demo.hass_url)
    page.get_by_role("textbox", name="Username").fill(OWNER[0])
    page.get_by_role("textbox", name="Password").fill(OWNER[1])
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(re.compile(r"/lovelace/"))
    # The sidebar's Energy dashboard, there once the configuration has energy:.
    expect(page.locator("a[data-panel=energy]")).to_be_visible()
    screenshot(page, "01-overview")


def test_growatt_is_added_through_the_config_flow(page: Page, demo: Demo) -> None:
    page.goto(f"{demo.hass_url}/config/integrations/dashboard")
    page.get_by_role("button", name="Add integration").click()
    page.get_by_label("Search for a brand name").fill("Growatt")
    # Home Assistant's own "Growatt Server" is listed too.
    page.get_by_text("Growatt", exact=True).click()

    page.get_by_text("ShinePhone user name and password").click()
    page.get_by_role("textbox", name="User name").fill("demo")
    page.get_by_role("textbox", name="Password").fill("demo")
    page.get_by_role("combobox", name="Server").click()
    page.get_by_role("option", name="Custom server").click()
    screenshot(page, "02-password")
    page.get_by_role("button", name="Submit").click()

    page.get_by_role("textbox", name="Server URL").fill(demo.emulator_url)
    screenshot(page, "03-server-url")
    page.get_by_role("button", name="Submit").click()

    expect(page.get_by_text("Choose the plants")).to_be_visible()
    expect(page.get_by_role("checkbox", name="Home")).to_be_checked()
    screenshot(page, "04-plants")
    page.get_by_role("button", name="Submit").click()

    expect(page.get_by_text("Created configuration for demo.")).to_be_visible()
    expect(page.get_by_text("Roof hybrid", exact=True)).to_be_visible()
    screenshot(page, "05-success")
    page.get_by_role("button", name="Finish").click()

    page.goto(f"{demo.hass_url}/config/integrations/integration/growatt")
    expect(page.get_by_text(re.compile(r"^\d+ devices$"))).to_be_visible()
    screenshot(page, "06-integration")


def test_charge_from_grid_switch_changes_the_inverter(page: Page, demo: Demo) -> None:
    assert demo.emulator(f"devices/{TLX}")["settings"]["ac_charge"] is False
    page.goto(f"{demo.hass_url}/config/devices/dashboard?domain=growatt")
    page.get_by_text("Roof hybrid", exact=True).click()
    switch = page.get_by_role("switch", name="Charge from grid")
    expect(switch).not_to_be_checked()

    switch.click()

    deadline = time.monotonic() + 30
    while not demo.emulator(f"devices/{TLX}")["settings"]["ac_charge"]:
        assert time.monotonic() < deadline, "the inverter never charged from the grid"
        time.sleep(0.5)
    # The entity shows what the inverter reports after the write.
    expect(switch).to_be_checked()
    switch.scroll_into_view_if_needed()
    screenshot(page, "07-charge-from-grid")


def test_energy_dashboard_shows_the_home(page: Page, demo: Demo) -> None:
    assert "Energy dashboard: " in demo.setup("energy")
    page.goto(f"{demo.hass_url}/energy")

    expect(page).to_have_url(re.compile(r"/energy$"))
    for card in ("Electricity usage", "Solar production", "Energy distribution"):
        expect(page.get_by_text(card, exact=True)).to_be_visible()
    for source in ("Solar", "Grid", "Home", "Battery"):
        expect(page.get_by_text(source, exact=True).first).to_be_visible()
    screenshot(page, "08-energy")

    # The sources table names the Growatt statistics the dashboard adds up.
    sources = page.locator("hui-energy-sources-table-card")
    for sensor in (
        "Home solar production",
        "Roof hybrid grid import",
        "Roof hybrid grid export",
        "Roof hybrid battery charge",
        "Roof hybrid battery discharge",
    ):
        expect(sources.get_by_text(sensor, exact=True)).to_be_visible()
    sources.screenshot(path=ARTIFACTS / "09-energy-sources.png")
