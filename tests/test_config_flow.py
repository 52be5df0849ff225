"""The config flow against the emulator: adding, reauth, reconfigure, options, repairs.

The real client talks to the emulator over loopback. Entry creation would set
the entry up; the lead's setup is tested elsewhere, so `async_setup_entry` is
patched to return True wherever a flow ends in a created or reloaded entry
(except the options test that needs a loaded entry).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
import json
import logging
from pathlib import Path
import re
from typing import Any
from unittest.mock import AsyncMock, patch

from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.const import CONF_PASSWORD, CONF_TOKEN, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResult, FlowResultType, InvalidData
from homeassistant.helpers import issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.growatt.api import REGIONS, OpenApiV1, PasswordAccount
from custom_components.growatt.compat import OPTIONS_FLOW_RELOADS
from custom_components.growatt.const import (
    CONF_AUTH_TYPE,
    CONF_DAILY_BUDGET,
    CONF_IMPORT_HISTORY,
    CONF_PLANTS,
    CONF_REGION,
    CONF_SCAN_INTERVAL,
    CONF_SERVER_URL,
    DAILY_BUDGET_PER_DEVICE,
    DOMAIN,
)
from custom_components.growatt.repairs import (
    COMPETING_DOMAIN,
    async_check_competing_integration,
    competing_issue_id,
)
from emulator.model import Account, Plant
from emulator.worlds import DEMO_TOKEN
from tests.conftest import Emulator

pytestmark = pytest.mark.usefixtures("enable_custom_integrations")

DEMO_USER_ID = "1000001"
ALL_PLANTS = ["1234567", "1234568", "1234569", "1234570"]
OTHER_TOKEN = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def mock_setup() -> Iterator[AsyncMock]:
    """Entries created or reloaded by a flow are not really set up."""
    with patch(
        "custom_components.growatt.async_setup_entry", return_value=True
    ) as mock:
        yield mock


@pytest.fixture
def other_account(emulator: Emulator) -> Account:
    """A second Growatt account with one plant, for the wrong-account branches."""
    account = Account(
        username="other",
        password="other",
        user_id=2000002,
        token=OTHER_TOKEN,
        plants=[Plant(plant_id=7654321, name="Barn")],
    )
    emulator.world.accounts.append(account)
    return account


def demo(emulator: Emulator) -> Account:
    """The demo account of the emulator's world."""
    account = emulator.world.account_by_username("demo")
    assert account is not None
    return account


def password_data(emulator: Emulator, **changes: Any) -> dict[str, Any]:
    """Entry data of the demo account with its password."""
    return {
        CONF_AUTH_TYPE: "password",
        CONF_USERNAME: "demo",
        CONF_PASSWORD: "demo",
        CONF_REGION: "custom",
        CONF_SERVER_URL: emulator.url,
        CONF_PLANTS: ["1234567"],
        **changes,
    }


def token_data(emulator: Emulator, **changes: Any) -> dict[str, Any]:
    """Entry data of the demo account with its API token."""
    return {
        CONF_AUTH_TYPE: "token",
        CONF_TOKEN: DEMO_TOKEN,
        CONF_REGION: "custom",
        CONF_SERVER_URL: emulator.url,
        CONF_PLANTS: ["1234567"],
        **changes,
    }


def add_entry(
    hass: HomeAssistant, data: dict[str, Any], **kwargs: Any
) -> MockConfigEntry:
    """An entry of the demo account, added but not set up."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="demo",
        unique_id=DEMO_USER_ID,
        data=data,
        **kwargs,
    )
    entry.add_to_hass(hass)
    return entry


async def start(hass: HomeAssistant, method: str) -> FlowResult:
    """Open the user flow and pick `password` or `token` in the menu."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == ["password", "token"]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": method}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == method
    return result


async def submit_credentials(
    hass: HomeAssistant, emulator: Emulator, method: str, **credentials: str
) -> FlowResult:
    """Open the flow, enter the demo credentials and the emulator as custom server."""
    result = await start(hass, method)
    if method == "password":
        user_input = {CONF_USERNAME: "demo", CONF_PASSWORD: "demo"}
    else:
        user_input = {CONF_TOKEN: DEMO_TOKEN}
    user_input |= credentials
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**user_input, CONF_REGION: "custom"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "custom_url"
    return await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_SERVER_URL: emulator.url}
    )


def suggested_values(result: FlowResult) -> dict[str, Any]:
    """What a form shows filled in."""
    return {
        str(key): key.description["suggested_value"]
        for key in result["data_schema"].schema
        if key.description
    }


def logins(emulator: Emulator) -> int:
    """Logins the emulator has served."""
    return sum(
        1 for r in emulator.requests("legacy") if r["path"] == "/newTwoLoginAPI.do"
    )


# -- adding an account ---------------------------------------------------------------


@pytest.mark.usefixtures("mock_setup")
async def test_password_account_on_a_custom_server_with_chosen_plants(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    """The whole path: menu, credentials, custom URL, plants, entry."""
    result = await start(hass, "password")
    schema = result["data_schema"].schema
    region = next(k for k in schema if k == CONF_REGION)
    assert region.default() == "other_regions"
    options = schema[region].config["options"]
    assert options == [
        "other_regions",
        "north_america",
        "australia_new_zealand",
        "china",
        "smten_server",
        "era_server",
        "automatic",
        "custom",
    ]
    assert schema[region].config["translation_key"] == "region"

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_USERNAME: "demo", CONF_PASSWORD: "demo", CONF_REGION: "custom"},
    )
    assert result["step_id"] == "custom_url"
    # Without the trailing slash Growatt's server URLs have.
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_SERVER_URL: " " + emulator.url.rstrip("/") + " "}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "plants"
    assert result["description_placeholders"] == {"count": "4"}
    selector = result["data_schema"].schema[CONF_PLANTS]
    assert selector.config["multiple"] is True
    assert selector.config["options"] == [
        {"value": "1234567", "label": "Home"},
        {"value": "1234568", "label": "Garage"},
        {"value": "1234569", "label": "Cabin"},
        {"value": "1234570", "label": "Flat"},
    ]

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PLANTS: ["1234567", "1234569"]}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "demo"
    assert result["data"] == {
        CONF_AUTH_TYPE: "password",
        CONF_USERNAME: "demo",
        CONF_PASSWORD: "demo",
        CONF_REGION: "custom",
        CONF_SERVER_URL: emulator.url,
        CONF_PLANTS: ["1234567", "1234569"],
    }
    # A new entry imports Growatt's past into the statistics.
    assert result["options"] == {CONF_IMPORT_HISTORY: True}
    assert result["result"].unique_id == DEMO_USER_ID
    assert logins(emulator) == 1


@pytest.mark.usefixtures("mock_setup")
async def test_token_account_is_titled_after_its_first_chosen_plant(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    """A token names no user, so the entry takes the plant's name."""
    result = await submit_credentials(hass, emulator, "token")
    assert result["step_id"] == "plants"

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PLANTS: ["1234568"]}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Garage"
    assert result["data"] == token_data(emulator, **{CONF_PLANTS: ["1234568"]})
    # The same user id as the password login: one account, one entry.
    assert result["result"].unique_id == DEMO_USER_ID
    assert logins(emulator) == 0


async def test_token_form_offers_no_automatic_region(hass: HomeAssistant) -> None:
    """Discovery needs a login, which a token account cannot do."""
    result = await start(hass, "token")
    schema = result["data_schema"].schema
    assert list(schema) == [CONF_TOKEN, CONF_REGION]
    assert "automatic" not in schema[CONF_REGION].config["options"]
    assert "custom" in schema[CONF_REGION].config["options"]


@pytest.mark.usefixtures("mock_setup")
@pytest.mark.parametrize(("method", "title"), [("password", "demo"), ("token", "Home")])
async def test_single_plant_account_skips_the_plant_step(
    hass: HomeAssistant, emulator: Emulator, method: str, title: str
) -> None:
    """With one plant there is nothing to choose."""
    account = demo(emulator)
    account.plants = account.plants[:1]

    result = await submit_credentials(hass, emulator, method)

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == title
    assert result["data"][CONF_PLANTS] == ["1234567"]


@pytest.mark.parametrize("method", ["password", "token"])
async def test_account_without_plants_aborts(
    hass: HomeAssistant, emulator: Emulator, method: str
) -> None:
    """An entry with nothing to show is not created."""
    demo(emulator).plants = []

    result = await submit_credentials(hass, emulator, method)

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "no_plants"


async def test_no_plant_chosen_shows_an_error(
    hass: HomeAssistant, emulator: Emulator, mock_setup: AsyncMock
) -> None:
    """An empty choice is refused, then a choice goes through."""
    result = await submit_credentials(hass, emulator, "password")

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PLANTS: []}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "no_plants_selected"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PLANTS: ["1234568"]}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_PLANTS] == ["1234568"]


@pytest.mark.usefixtures("mock_setup")
async def test_invalid_custom_url_is_refused(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    """Only http(s) URLs are servers."""
    result = await start(hass, "password")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_USERNAME: "demo", CONF_PASSWORD: "demo", CONF_REGION: "custom"},
    )
    for bad in ("ftp://example.com/", "not a url"):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_SERVER_URL: bad}
        )
        assert result["type"] is FlowResultType.FORM
        assert result["step_id"] == "custom_url"
        assert result["errors"] == {CONF_SERVER_URL: "invalid_url"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_SERVER_URL: emulator.url}
    )
    assert result["step_id"] == "plants"


@pytest.mark.usefixtures("mock_setup")
async def test_automatic_region_finds_the_accounts_server(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    """Discovery skips a server that does not answer and settles on the emulator."""
    result = await start(hass, "password")
    # The real regions are Growatt's servers; the emulator stands in for one of
    # them, after a dead port, so the discovery has to go on past a failure.
    regions = {"north_america": "http://127.0.0.1:9/", "other_regions": emulator.url}
    with patch("custom_components.growatt.config_flow.REGIONS", regions):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"],
            {CONF_USERNAME: "demo", CONF_PASSWORD: "demo", CONF_REGION: "automatic"},
        )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "plants"

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PLANTS: ALL_PLANTS}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_REGION] == "other_regions"
    assert result["data"][CONF_SERVER_URL] == emulator.url
    # The discovery's login is reused to list the plants.
    assert logins(emulator) == 1


@pytest.mark.parametrize(
    ("method", "faults", "error"),
    [
        ("password", {"bad_credentials": True}, "invalid_auth"),
        ("password", {"lock": True}, "account_locked"),
        ("password", {"http_status": 503}, "cannot_connect"),
        ("password", {"malformed_json": True}, "cannot_connect"),
        ("password", {"timeout": True}, "cannot_connect"),
        ("password", {"ua_block": True}, "blocked"),
        ("token", {"v1_error_code": 10011}, "invalid_auth"),
        ("token", {"v1_error_code": 10012}, "rate_limited"),
        ("token", {"v1_error_code": 10013}, "cannot_connect"),
        ("token", {"http_status": 503}, "cannot_connect"),
    ],
)
async def test_failures_show_a_translated_error_and_can_be_retried(
    hass: HomeAssistant,
    emulator: Emulator,
    mock_setup: AsyncMock,
    caplog: pytest.LogCaptureFixture,
    method: str,
    faults: dict[str, Any],
    error: str,
) -> None:
    """Each of Growatt's failures has its own error; the form stays usable.

    A custom server that cannot be reached may have a wrong URL, so its form
    comes back; other failures are about the account, so the credentials
    form comes back and the server chosen stays.
    """
    caplog.set_level(logging.DEBUG, logger="custom_components.growatt")
    emulator.world.config.timeout_delay = 1.0
    emulator.world.set_faults("demo", **faults)

    with patch("custom_components.growatt.config_flow.REQUEST_TIMEOUT", 0.2):
        result = await submit_credentials(hass, emulator, method)

    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}
    if error == "cannot_connect":
        assert result["step_id"] == "custom_url"
        assert suggested_values(result) == {CONF_SERVER_URL: emulator.url}
    else:
        # Back on the credentials form, without the secret echoed back.
        assert result["step_id"] == method
        suggested = suggested_values(result)
        assert suggested.get(CONF_REGION) == "custom"
        assert CONF_PASSWORD not in suggested
        assert CONF_TOKEN not in suggested
    if error == "account_locked":
        # Growatt locks for 24 hours; the user is told until when, local time.
        assert re.fullmatch(
            r"\d{4}-\d\d-\d\d \d\d:\d\d", result["description_placeholders"]["until"]
        )
    if "timeout" in faults:
        assert "did not answer" in caplog.text

    emulator.world.clear_faults()
    emulator.world.reset_rate_limits()
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_SERVER_URL: emulator.url}
        if error == "cannot_connect"
        else {CONF_PASSWORD: "demo", CONF_USERNAME: "demo", CONF_REGION: "custom"}
        if method == "password"
        else {CONF_TOKEN: DEMO_TOKEN, CONF_REGION: "custom"},
    )
    assert result["step_id"] == "plants"


@pytest.mark.usefixtures("mock_setup")
async def test_a_wrong_password_keeps_the_custom_server(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    """The server URL is asked once: a corrected password goes straight on."""
    result = await submit_credentials(hass, emulator, "password", password="wrong")
    assert result["step_id"] == "password"
    assert result["errors"] == {"base": "invalid_auth"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_USERNAME: "demo", CONF_PASSWORD: "demo", CONF_REGION: "custom"},
    )

    assert result["step_id"] == "plants"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PLANTS: ["1234567"]}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_SERVER_URL] == emulator.url


@pytest.mark.usefixtures("mock_setup")
async def test_a_custom_server_with_a_wrong_url_can_be_corrected(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    """A URL nothing answers on comes back with the error, to be corrected."""
    result = await start(hass, "password")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_USERNAME: "demo", CONF_PASSWORD: "demo", CONF_REGION: "custom"},
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_SERVER_URL: "http://127.0.0.1:9/"}
    )
    assert result["step_id"] == "custom_url"
    assert result["errors"] == {"base": "cannot_connect"}
    assert suggested_values(result) == {CONF_SERVER_URL: "http://127.0.0.1:9/"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_SERVER_URL: emulator.url}
    )

    assert result["step_id"] == "plants"


async def test_unexpected_error_is_logged_and_shown_as_unknown(
    hass: HomeAssistant, emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    """A bug must not raise out of the flow.

    The emulator only produces Growatt's failures, so the client is made to
    raise something it never raises.
    """
    with patch.object(PasswordAccount, "prepare", side_effect=RuntimeError("boom")):
        result = await submit_credentials(hass, emulator, "password")

    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "unknown"}
    assert "boom" in caplog.text


async def test_plant_list_without_user_id_cannot_identify_the_account(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    """Without a user id a token entry cannot be told apart from another.

    Growatt's plant/list (and the emulator's) always names the user; the
    client is made to return a list without it.
    """
    answer = {"count": 1, "plants": [{"plant_id": 1, "name": "Somewhere"}]}
    with patch.object(OpenApiV1, "plant_list", return_value=answer):
        result = await submit_credentials(hass, emulator, "token")

    assert result["errors"] == {"base": "cannot_connect"}


@pytest.mark.parametrize("method", ["password", "token"])
async def test_the_same_account_cannot_be_added_twice(
    hass: HomeAssistant, emulator: Emulator, method: str
) -> None:
    """A password entry and a token entry of one account are the same account."""
    add_entry(hass, password_data(emulator))

    result = await submit_credentials(hass, emulator, method)

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


# -- reauth ---------------------------------------------------------------------------


async def test_reauth_with_a_new_password(
    hass: HomeAssistant, emulator: Emulator, mock_setup: AsyncMock
) -> None:
    """A changed password is asked for and stored; region and plants stay."""
    entry = add_entry(hass, password_data(emulator, **{CONF_PASSWORD: "old"}))
    demo(emulator).password = "new"

    result = await entry.start_reauth_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reauth_confirm"
    assert list(result["data_schema"].schema) == [CONF_USERNAME, CONF_PASSWORD]

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: "demo", CONF_PASSWORD: "wrong"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reauth_confirm"
    assert result["errors"] == {"base": "invalid_auth"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: "demo", CONF_PASSWORD: "new"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert entry.data == password_data(emulator, **{CONF_PASSWORD: "new"})
    await hass.async_block_till_done()
    assert mock_setup.called


async def test_reauth_that_cannot_reach_the_server_stays_on_its_form(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    """Reauth keeps the entry's server, so no URL is asked for, even a custom one."""
    entry = add_entry(hass, password_data(emulator))
    emulator.world.set_faults("demo", http_status=503)

    result = await entry.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: "demo", CONF_PASSWORD: "demo"}
    )

    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reauth_confirm"
    assert result["errors"] == {"base": "cannot_connect"}


async def test_reauth_with_a_new_token(
    hass: HomeAssistant, emulator: Emulator, mock_setup: AsyncMock
) -> None:
    """A token entry asks for the token only."""
    entry = add_entry(hass, token_data(emulator, **{CONF_TOKEN: "f" * 32}))

    result = await entry.start_reauth_flow(hass)
    assert list(result["data_schema"].schema) == [CONF_TOKEN]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_TOKEN: DEMO_TOKEN}
    )

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert entry.data[CONF_TOKEN] == DEMO_TOKEN


@pytest.mark.parametrize("method", ["password", "token"])
async def test_reauth_with_another_account_is_refused(
    hass: HomeAssistant, emulator: Emulator, other_account: Account, method: str
) -> None:
    """Reauth must not quietly turn the entry into another account."""
    data = password_data(emulator) if method == "password" else token_data(emulator)
    entry = add_entry(hass, data)

    result = await entry.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_USERNAME: "other", CONF_PASSWORD: "other"}
        if method == "password"
        else {CONF_TOKEN: OTHER_TOKEN},
    )

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_account"
    assert entry.data == data


# -- reconfigure ------------------------------------------------------------------------


async def test_reconfigure_changes_server_and_plants(
    hass: HomeAssistant, emulator: Emulator, mock_setup: AsyncMock
) -> None:
    """Credentials, server and plants change; the plants chosen here win over options."""
    entry = add_entry(
        hass,
        password_data(emulator, **{CONF_SERVER_URL: "http://old.example/"}),
        options={CONF_SCAN_INTERVAL: 10, CONF_PLANTS: ["1234568"]},
    )

    result = await entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_USERNAME: "demo", CONF_PASSWORD: "demo", CONF_REGION: "custom"},
    )
    assert result["step_id"] == "custom_url"
    suggested = next(iter(result["data_schema"].schema)).description
    assert suggested == {"suggested_value": "http://old.example/"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_SERVER_URL: emulator.url}
    )
    assert result["step_id"] == "plants"
    # The plants in force (from the options) are preselected.
    assert result["data_schema"]({})[CONF_PLANTS] == ["1234568"]

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PLANTS: ["1234567", "1234568"]}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.data == password_data(
        emulator, **{CONF_PLANTS: ["1234567", "1234568"]}
    )
    assert entry.options == {CONF_SCAN_INTERVAL: 10}


async def test_reconfigure_token_entry(
    hass: HomeAssistant, emulator: Emulator, mock_setup: AsyncMock
) -> None:
    """A token entry reconfigures its token and server; a failure keeps the form."""
    entry = add_entry(hass, token_data(emulator))

    result = await entry.start_reconfigure_flow(hass)
    assert list(result["data_schema"].schema) == [CONF_TOKEN, CONF_REGION]
    emulator.world.set_faults("demo", v1_error_code=10011)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_TOKEN: DEMO_TOKEN, CONF_REGION: "custom"}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_SERVER_URL: emulator.url}
    )
    assert result["step_id"] == "reconfigure"
    assert result["errors"] == {"base": "invalid_auth"}

    emulator.world.clear_faults()
    emulator.world.reset_rate_limits()
    # The server URL entered before stays.
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_TOKEN: DEMO_TOKEN, CONF_REGION: "custom"}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PLANTS: ALL_PLANTS}
    )
    assert result["reason"] == "reconfigure_successful"
    assert entry.data[CONF_PLANTS] == ALL_PLANTS


async def test_reconfigure_with_another_account_is_refused(
    hass: HomeAssistant, emulator: Emulator, other_account: Account
) -> None:
    """Another account is another entry."""
    data = password_data(emulator)
    entry = add_entry(hass, data)

    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_USERNAME: "other", CONF_PASSWORD: "other", CONF_REGION: "custom"},
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_SERVER_URL: emulator.url}
    )

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_account"
    assert entry.data == data


# -- options -------------------------------------------------------------------------------


async def test_options_of_a_loaded_entry_reuse_its_session(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    """Listing the plants of a running entry costs no login."""
    entry = add_entry(hass, password_data(emulator))
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    before = logins(emulator)

    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "init"
    assert result["data_schema"]({}) == {
        CONF_SCAN_INTERVAL: 5,
        CONF_IMPORT_HISTORY: False,
        CONF_PLANTS: ["1234567"],
    }
    assert logins(emulator) == before

    with pytest.raises(InvalidData):
        await hass.config_entries.options.async_configure(
            result["flow_id"], {CONF_SCAN_INTERVAL: 4, CONF_PLANTS: ["1234567"]}
        )
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_SCAN_INTERVAL: 15, CONF_PLANTS: ALL_PLANTS}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {
        CONF_SCAN_INTERVAL: 15,
        CONF_PLANTS: ALL_PLANTS,
        CONF_IMPORT_HISTORY: False,
    }
    await hass.async_block_till_done()

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()


async def test_changed_options_reload_the_entry(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    """The new interval applies at once.

    An update listener reloads the entry only where Home Assistant's options
    flow cannot (before 2025.8).
    """
    entry = add_entry(hass, password_data(emulator))
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert bool(entry.update_listeners) is not OPTIONS_FLOW_RELOADS
    before = entry.runtime_data.coordinator

    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_SCAN_INTERVAL: 15, CONF_PLANTS: ["1234567"]}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()

    assert entry.state is ConfigEntryState.LOADED
    coordinator = entry.runtime_data.coordinator
    assert coordinator is not before
    # The longest wait between two reads; reads follow the uploads within it.
    assert coordinator.base_interval == timedelta(minutes=15)
    assert coordinator.update_interval is not None
    assert coordinator.update_interval <= timedelta(minutes=15)


async def test_the_daily_budget_is_the_users_to_set(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    """Set, it replaces the automatic budget; cleared, the automatic one returns."""
    entry = add_entry(hass, password_data(emulator))
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.runtime_data.budget.per_day == DAILY_BUDGET_PER_DEVICE * 2
    two_plants = ["1234567", "1234568"]  # four devices

    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {CONF_SCAN_INTERVAL: 5, CONF_DAILY_BUDGET: 200, CONF_PLANTS: two_plants},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert entry.options[CONF_DAILY_BUDGET] == 200
    assert entry.runtime_data.budget.per_day == 200
    # 200 requests cannot read four devices after every upload: spaced out.
    coordinator = entry.runtime_data.coordinator
    assert coordinator.requests_per_upload_day > 200
    assert coordinator.update_interval is not None
    assert coordinator.update_interval > timedelta(minutes=5)

    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_SCAN_INTERVAL: 5, CONF_PLANTS: two_plants}
    )
    await hass.async_block_till_done()
    assert CONF_DAILY_BUDGET not in entry.options
    assert entry.runtime_data.budget.per_day == DAILY_BUDGET_PER_DEVICE * 4


async def test_reconfiguring_a_loaded_entry_reloads_it(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    """The flow reloads the entry; Home Assistant 2026 warns if a listener would too."""
    entry = add_entry(hass, password_data(emulator))
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    before = entry.runtime_data.coordinator

    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_USERNAME: "demo", CONF_PASSWORD: "demo", CONF_REGION: "custom"},
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_SERVER_URL: emulator.url}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PLANTS: ALL_PLANTS}
    )
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()

    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data.coordinator is not before
    assert set(entry.runtime_data.coordinator.data.plants) == set(ALL_PLANTS)


async def test_options_of_a_token_entry_that_is_not_loaded(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    """Without a running client the plants are read with a client of its own."""
    entry = add_entry(hass, token_data(emulator), options={CONF_PLANTS: ["1234569"]})

    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["errors"] == {}
    assert result["data_schema"]({})[CONF_PLANTS] == ["1234569"]

    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_SCAN_INTERVAL: 5, CONF_PLANTS: []}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "no_plants_selected"}

    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_SCAN_INTERVAL: 30.0, CONF_PLANTS: ["1234567"]}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {
        CONF_SCAN_INTERVAL: 30,
        CONF_PLANTS: ["1234567"],
        CONF_IMPORT_HISTORY: False,
    }
    assert isinstance(entry.options[CONF_SCAN_INTERVAL], int)


async def test_options_show_the_error_when_plants_cannot_be_read(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    """The interval can still be changed; the chosen plants stay."""
    entry = add_entry(hass, password_data(emulator), options={CONF_PLANTS: ["1234567"]})
    emulator.world.set_faults("demo", lock=True)

    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "account_locked"}
    assert result["description_placeholders"]["until"]
    assert list(result["data_schema"].schema) == [
        CONF_SCAN_INTERVAL,
        CONF_DAILY_BUDGET,
        CONF_IMPORT_HISTORY,
    ]

    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_SCAN_INTERVAL: 20}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {
        CONF_SCAN_INTERVAL: 20,
        CONF_PLANTS: ["1234567"],
        CONF_IMPORT_HISTORY: False,
    }


async def test_options_abort_when_the_account_has_no_plants(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    """Nothing to choose from."""
    entry = add_entry(hass, password_data(emulator))
    demo(emulator).plants = []

    result = await hass.config_entries.options.async_init(entry.entry_id)

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "no_plants"


# -- the repair issue ---------------------------------------------------------------------


@pytest.mark.usefixtures("mock_setup")
async def test_competing_growatt_server_entry_raises_a_repair_issue(
    hass: HomeAssistant, emulator: Emulator, issue_registry: ir.IssueRegistry
) -> None:
    """Two integrations on one account double its logins and get it locked."""
    MockConfigEntry(
        domain=COMPETING_DOMAIN,
        title="Growatt (core)",
        data={"auth_type": "password", CONF_USERNAME: " DEMO ", CONF_PASSWORD: "x"},
    ).add_to_hass(hass)

    result = await submit_credentials(hass, emulator, "password")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PLANTS: ALL_PLANTS}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY

    issue = issue_registry.async_get_issue(DOMAIN, competing_issue_id(DEMO_USER_ID))
    assert issue is not None
    assert issue.translation_key == "competing_integration"
    assert issue.severity is ir.IssueSeverity.WARNING
    assert not issue.is_fixable
    assert issue.translation_placeholders == {
        "account": "demo",
        "title": "Growatt (core)",
    }


async def test_competing_check_compares_tokens_and_clears_the_issue(
    hass: HomeAssistant, issue_registry: ir.IssueRegistry
) -> None:
    """Token entries match by token; a removed or disabled competitor ends the issue."""
    ours = {CONF_AUTH_TYPE: "token", CONF_TOKEN: DEMO_TOKEN}
    issue_id = competing_issue_id(DEMO_USER_ID)
    competitor = MockConfigEntry(
        domain=COMPETING_DOMAIN, data={CONF_TOKEN: DEMO_TOKEN.upper()}
    )
    competitor.add_to_hass(hass)
    MockConfigEntry(domain=COMPETING_DOMAIN, data={CONF_USERNAME: "demo"}).add_to_hass(
        hass
    )

    assert async_check_competing_integration(hass, ours, DEMO_USER_ID)
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["account"] == "…beef"
    assert DEMO_TOKEN not in str(issue.translation_placeholders)

    await hass.config_entries.async_remove(competitor.entry_id)
    assert not async_check_competing_integration(hass, ours, DEMO_USER_ID)
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None

    # An entry without a token never matches a token-less competitor.
    assert not async_check_competing_integration(
        hass, {CONF_AUTH_TYPE: "token"}, DEMO_USER_ID
    )


# -- translations ---------------------------------------------------------------------------

EN = Path(__file__).parent.parent / "custom_components/growatt/translations/en.json"


def test_every_field_error_and_abort_has_english_text() -> None:
    """Every form field has a label and a description; every key the flow uses exists."""
    strings = json.loads(EN.read_text(encoding="utf-8"))
    config = strings["config"]
    for step_id, step in [*config["step"].items(), *strings["options"]["step"].items()]:
        assert step["title"], step_id
        if step_id != "user":
            assert set(step["data"]) == set(step["data_description"]), step_id
            assert all(step["data_description"].values()), step_id
    assert set(config["step"]["user"]["menu_options"]) == {"password", "token"}
    fields = {
        "password": {CONF_USERNAME, CONF_PASSWORD, CONF_REGION},
        "token": {CONF_TOKEN, CONF_REGION},
        "custom_url": {CONF_SERVER_URL},
        "plants": {CONF_PLANTS},
        "reauth_confirm": {CONF_USERNAME, CONF_PASSWORD, CONF_TOKEN},
        "reconfigure": {CONF_USERNAME, CONF_PASSWORD, CONF_TOKEN, CONF_REGION},
    }
    assert {
        k: set(v["data"]) for k, v in config["step"].items() if k != "user"
    } == fields
    assert set(strings["options"]["step"]["init"]["data"]) == {
        CONF_SCAN_INTERVAL,
        CONF_DAILY_BUDGET,
        CONF_IMPORT_HISTORY,
        CONF_PLANTS,
    }
    errors = {"invalid_auth", "account_locked", "cannot_connect", "blocked"}
    errors |= {"rate_limited", "unknown", "no_plants_selected"}
    assert set(config["error"]) == errors | {"invalid_url"}
    assert set(strings["options"]["error"]) == errors
    assert "{until}" in config["error"]["account_locked"]
    assert "{until}" in strings["options"]["error"]["account_locked"]
    assert set(config["abort"]) == {
        "already_configured",
        "no_plants",
        "wrong_account",
        "reauth_successful",
        "reconfigure_successful",
    }
    assert set(strings["options"]["abort"]) == {"no_plants"}
    assert set(strings["selector"]["region"]["options"]) == {
        *REGIONS,
        "automatic",
        "custom",
    }
    # The lockout advice, once on every form that asks for a password.
    for step in ("password", "reauth_confirm", "reconfigure"):
        form = config["step"][step]
        texts = [form["description"], *form["data_description"].values()]
        assert sum("24 hours" in text for text in texts) == 1, step
        assert sum("visitor account" in text for text in texts) == 1, step
    token = config["step"]["token"]["data_description"][CONF_TOKEN]
    assert "Me → API token" in token
    assert "Account management → API token" in token
    issue = strings["issues"]["competing_integration"]
    assert "{account}" in issue["title"]
    assert "{title}" in issue["description"]


async def test_a_new_password_entry_starts_with_the_flows_login(
    hass: HomeAssistant, emulator: Emulator
) -> None:
    """The flow's login session goes to the entry: adding an account logs in once."""
    result = await submit_credentials(hass, emulator, "password")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PLANTS: ["1234567"]}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()

    entry = result["result"]
    assert entry.state is ConfigEntryState.LOADED
    assert logins(emulator) == 1
