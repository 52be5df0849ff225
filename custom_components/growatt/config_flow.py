"""Config flow for Growatt: add an account, reauthenticate, reconfigure, options."""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from aiohttp import ClientSession, CookieJar
from homeassistant.config_entries import (
    SOURCE_REAUTH,
    SOURCE_RECONFIGURE,
    SOURCE_USER,
    ConfigEntry,
    ConfigEntryState,
    ConfigFlow,
    ConfigFlowResult,
)
from homeassistant.const import CONF_PASSWORD, CONF_TOKEN, CONF_USERNAME
from homeassistant.core import HomeAssistant, callback
from homeassistant.data_entry_flow import AbortFlow
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.aiohttp_client import async_create_clientsession
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
import voluptuous as vol

from .api import (
    REGIONS,
    DiscoveredRegion,
    GrowattError,
    GrowattParseError,
    discover_region,
)
from .compat import OptionsFlowWithReload
from .const import (
    AUTH_PASSWORD,
    AUTH_TOKEN,
    CONF_AUTH_TYPE,
    CONF_DAILY_BUDGET,
    CONF_IMPORT_HISTORY,
    CONF_PLANTS,
    CONF_REGION,
    CONF_SCAN_INTERVAL,
    CONF_SERVER_URL,
    DEFAULT_SCAN_INTERVAL,
    DOMAIN,
    LOGGER,
    MAX_DAILY_BUDGET,
    MAX_SCAN_INTERVAL,
    MIN_DAILY_BUDGET,
    MIN_SCAN_INTERVAL,
    REGION_AUTOMATIC,
    REGION_CUSTOM,
    REQUEST_TIMEOUT,
)
from .coordinator import build_account, hand_over_session
from .errors import form_failure
from .repairs import async_check_competing_integration
from .runtime import GrowattConfigEntry

DEFAULT_REGION = "other_regions"
DEFAULT_TITLE = "Growatt API"

STEP_PASSWORD = "password"  # noqa: S105 - a step id, not a secret
STEP_TOKEN = "token"  # noqa: S105 - a step id, not a secret
STEP_REAUTH = "reauth_confirm"
STEP_RECONFIGURE = "reconfigure"

_SECRETS = (CONF_PASSWORD, CONF_TOKEN)
_USERNAME = TextSelector(TextSelectorConfig(autocomplete="username"))
_SECRET = TextSelector(
    TextSelectorConfig(type=TextSelectorType.PASSWORD, autocomplete="current-password")
)
_URL = TextSelector(TextSelectorConfig(type=TextSelectorType.URL))


@dataclass(frozen=True, slots=True)
class GrowattAccountInfo:
    """What validating credentials found: the account, its server and its plants."""

    user_id: str
    region: str
    server_url: str
    plants: dict[str, str]  # plant id -> name
    # The legacy login session, handed to the new entry so it need not log in again.
    session: dict[str, Any] | None = None


# -- reading an account -------------------------------------------------------------


async def async_read_account(
    hass: HomeAssistant, data: Mapping[str, Any]
) -> GrowattAccountInfo:
    """Log in (or use the token) and list the plants, with a session of its own.

    Raises the client's errors, and AbortFlow("no_plants") for an account
    without plants.
    """
    # An own cookie jar: Growatt's login session lives in it, and it must not
    # mix with another account's.
    session = async_create_clientsession(
        hass, auto_cleanup=False, cookie_jar=CookieJar(unsafe=True)
    )
    try:
        return await _async_read(session, data)
    finally:
        session.detach()


async def _async_read(
    session: ClientSession, data: Mapping[str, Any]
) -> GrowattAccountInfo:
    region: str = data[CONF_REGION]
    server_url: str | None = data.get(CONF_SERVER_URL)
    found: DiscoveredRegion | None = None
    if region == REGION_AUTOMATIC:
        # REGIONS is passed from this module so that tests can point the
        # discovery at a dead port and the emulator. Discovery logs in; the
        # account resumes that session instead of logging in again.
        found = await discover_region(
            data[CONF_USERNAME],
            data[CONF_PASSWORD],
            regions=REGIONS,
            session=session,
            add_random_user_id=True,
            request_timeout=REQUEST_TIMEOUT,
        )
        region, server_url = found.region, found.server_url
    account = build_account(
        session,
        {**data, CONF_SERVER_URL: server_url},
        request_timeout=REQUEST_TIMEOUT,
    )
    if found is not None:
        account.import_session(found.session)
    await account.prepare()
    plants = await account.plants()
    if not plants:
        raise AbortFlow("no_plants")
    if account.user_id is None:
        # v1 has no "who am I": the plants' owner is the account.
        raise GrowattParseError("Growatt's plant list names no user id")
    assert server_url is not None
    return GrowattAccountInfo(
        user_id=account.user_id,
        region=region,
        server_url=server_url,
        plants={p.plant_id: p.name or p.plant_id for p in plants},
        session=account.export_session(),
    )


async def async_guard[T](
    awaitable: Awaitable[T],
) -> tuple[T | None, dict[str, str], dict[str, str]]:
    """The result, or the form error (and its placeholders) the failure means."""
    try:
        return await awaitable, {}, {}
    except AbortFlow:
        raise
    except GrowattError as err:
        LOGGER.debug("Growatt could not be asked: %s", err)
        failure = form_failure(err)
        return None, {"base": failure.key}, failure.placeholders
    except Exception:
        LOGGER.exception("Unexpected error while validating the Growatt account")
        return None, {"base": "unknown"}, {}


# -- schemas ------------------------------------------------------------------------


def _region_selector(auth_type: str) -> SelectSelector:
    # Discovery tries a login on every server: token accounts cannot use it.
    extra = (
        [REGION_CUSTOM]
        if auth_type == AUTH_TOKEN
        else [REGION_AUTOMATIC, REGION_CUSTOM]
    )
    return SelectSelector(
        SelectSelectorConfig(
            options=[*REGIONS, *extra],
            translation_key=CONF_REGION,
            mode=SelectSelectorMode.DROPDOWN,
        )
    )


def _credentials_schema(auth_type: str, *, with_region: bool) -> vol.Schema:
    fields: dict[vol.Marker, Any] = {}
    if auth_type == AUTH_TOKEN:
        fields[vol.Required(CONF_TOKEN)] = _SECRET
    else:
        fields[vol.Required(CONF_USERNAME)] = _USERNAME
        fields[vol.Required(CONF_PASSWORD)] = _SECRET
    if with_region:
        fields[vol.Required(CONF_REGION, default=DEFAULT_REGION)] = _region_selector(
            auth_type
        )
    return vol.Schema(fields)


def _plants_selector(plants: Mapping[str, str]) -> SelectSelector:
    return SelectSelector(
        SelectSelectorConfig(
            options=[
                SelectOptionDict(value=plant_id, label=name)
                for plant_id, name in plants.items()
            ],
            multiple=True,
            mode=SelectSelectorMode.LIST,
        )
    )


def _chosen(plants: Mapping[str, str], wanted: Any) -> list[str]:
    """The wanted plants the account still has; all of them when none is left."""
    return [str(p) for p in wanted or () if str(p) in plants] or list(plants)


# -- the config flow ----------------------------------------------------------------


class GrowattConfigFlow(ConfigFlow, domain=DOMAIN):
    """Add a Growatt account (password or API token), reauth, reconfigure."""

    VERSION = 1

    def __init__(self) -> None:
        """Start with nothing entered."""
        self._data: dict[str, Any] = {}
        self._credentials_step = STEP_PASSWORD
        self._account: GrowattAccountInfo | None = None
        # A custom server's URL is asked once; retried credentials keep it.
        self._custom_url: str | None = None

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> GrowattOptionsFlow:
        """The options: update interval and plants."""
        return GrowattOptionsFlow()

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask how to sign in: ShinePhone account or API token."""
        return self.async_show_menu(
            step_id="user", menu_options=[STEP_PASSWORD, STEP_TOKEN]
        )

    async def async_step_password(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """A ShinePhone user name and password, and the server."""
        if user_input is None:
            self._data = {CONF_AUTH_TYPE: AUTH_PASSWORD}
            return self._async_show_credentials(STEP_PASSWORD)
        self._data.update(user_input)
        return await self._async_route(STEP_PASSWORD)

    async def async_step_token(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """An OpenAPI v1 token, and the server."""
        if user_input is None:
            self._data = {CONF_AUTH_TYPE: AUTH_TOKEN}
            return self._async_show_credentials(STEP_TOKEN)
        self._data.update(user_input)
        return await self._async_route(STEP_TOKEN)

    async def async_step_custom_url(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """The URL of a server that is not in the list (rebranded, emulator)."""
        if user_input is None:
            return self._async_show_custom_url()
        try:
            url: str = cv.url(user_input[CONF_SERVER_URL].strip())
        except vol.Invalid:
            return self._async_show_custom_url({CONF_SERVER_URL: "invalid_url"})
        self._custom_url = self._data[CONF_SERVER_URL] = url.rstrip("/") + "/"
        return await self._async_validate()

    async def async_step_plants(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Which plants to add, when the account has more than one."""
        assert self._account is not None
        plants = self._account.plants
        if len(plants) == 1:
            return await self._async_finish(list(plants))
        errors: dict[str, str] = {}
        if user_input is not None:
            if user_input[CONF_PLANTS]:
                return await self._async_finish(user_input[CONF_PLANTS])
            errors["base"] = "no_plants_selected"
        return self.async_show_form(
            step_id="plants",
            data_schema=vol.Schema(
                {
                    vol.Required(
                        CONF_PLANTS,
                        default=_chosen(plants, self._data.get(CONF_PLANTS)),
                    ): _plants_selector(plants)
                }
            ),
            errors=errors,
            description_placeholders={"count": str(len(plants))},
        )

    async def async_step_reauth(
        self, entry_data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """Growatt refused the stored credentials."""
        self._data = dict(entry_data)
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """New credentials for the same account, on the same server."""
        if user_input is None:
            return self._async_show_credentials(STEP_REAUTH)
        self._data.update(user_input)
        self._credentials_step = STEP_REAUTH
        return await self._async_validate()

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the credentials, the server or the plants of the same account."""
        if user_input is None:
            entry = self._get_reconfigure_entry()
            self._data = {
                **entry.data,
                CONF_PLANTS: entry.options.get(CONF_PLANTS)
                or entry.data.get(CONF_PLANTS),
            }
            return self._async_show_credentials(STEP_RECONFIGURE)
        self._data.update(user_input)
        return await self._async_route(STEP_RECONFIGURE)

    # -- shared steps ---------------------------------------------------------------

    @callback
    def _async_show_credentials(
        self,
        step_id: str,
        errors: dict[str, str] | None = None,
        placeholders: dict[str, str] | None = None,
    ) -> ConfigFlowResult:
        schema = _credentials_schema(
            self._data[CONF_AUTH_TYPE], with_region=step_id != STEP_REAUTH
        )
        # Never echo a secret back into the form.
        suggested = {k: v for k, v in self._data.items() if k not in _SECRETS}
        return self.async_show_form(
            step_id=step_id,
            data_schema=self.add_suggested_values_to_schema(schema, suggested),
            errors=errors,
            description_placeholders=placeholders,
        )

    @callback
    def _async_show_custom_url(
        self, errors: dict[str, str] | None = None
    ) -> ConfigFlowResult:
        return self.async_show_form(
            step_id="custom_url",
            data_schema=self.add_suggested_values_to_schema(
                vol.Schema({vol.Required(CONF_SERVER_URL): _URL}),
                {CONF_SERVER_URL: self._data.get(CONF_SERVER_URL)},
            ),
            errors=errors,
        )

    async def _async_route(self, step_id: str) -> ConfigFlowResult:
        """After the credentials: the custom URL step, or validation."""
        self._credentials_step = step_id
        region = self._data[CONF_REGION]
        if region != REGION_CUSTOM:
            self._data[CONF_SERVER_URL] = REGIONS.get(region)
        elif self._custom_url is None:
            return await self.async_step_custom_url()
        else:
            self._data[CONF_SERVER_URL] = self._custom_url
        return await self._async_validate()

    async def _async_validate(self) -> ConfigFlowResult:
        account, errors, placeholders = await async_guard(
            async_read_account(self.hass, self._data)
        )
        if account is None:
            if (
                errors.get("base") == "cannot_connect"
                and self._data[CONF_REGION] == REGION_CUSTOM
                and self._credentials_step != STEP_REAUTH
            ):
                # A custom server that does not answer may have a wrong URL.
                return self._async_show_custom_url(errors)
            return self._async_show_credentials(
                self._credentials_step, errors, placeholders
            )
        self._account = account
        self._data[CONF_REGION] = account.region
        self._data[CONF_SERVER_URL] = account.server_url
        await self.async_set_unique_id(account.user_id)
        if self.source == SOURCE_USER:
            self._abort_if_unique_id_configured()
        else:
            self._abort_if_unique_id_mismatch(reason="wrong_account")
        if self.source == SOURCE_REAUTH:
            return self.async_update_reload_and_abort(
                self._get_reauth_entry(), data=self._data
            )
        return await self.async_step_plants()

    async def _async_finish(self, plants: list[str]) -> ConfigFlowResult:
        assert self._account is not None
        data = {**self._data, CONF_PLANTS: plants}
        if self.source == SOURCE_RECONFIGURE:
            entry = self._get_reconfigure_entry()
            # The plants chosen here replace any chosen in the options.
            options = {k: v for k, v in entry.options.items() if k != CONF_PLANTS}
            return self.async_update_reload_and_abort(entry, data=data, options=options)
        if data[CONF_AUTH_TYPE] == AUTH_TOKEN:
            title = self._account.plants[plants[0]] or DEFAULT_TITLE
        else:
            title = data[CONF_USERNAME]
        async_check_competing_integration(self.hass, data, self.unique_id)
        if self._account.session is not None and self.unique_id is not None:
            hand_over_session(self.hass, self.unique_id, self._account.session)
        # A new entry imports Growatt's past into the statistics.
        return self.async_create_entry(
            title=title, data=data, options={CONF_IMPORT_HISTORY: True}
        )


# -- options ------------------------------------------------------------------------


class GrowattOptionsFlow(OptionsFlowWithReload):
    """The update interval and the plants of an entry; changing them reloads it."""

    def __init__(self) -> None:
        """Plants are read when the form is first shown."""
        self._plants: dict[str, str] | None = None
        self._placeholders: dict[str, str] = {}

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show, then store, the options."""
        errors: dict[str, str] = {}
        if user_input is None:
            self._plants, errors, self._placeholders = await async_guard(
                self._async_read_plants()
            )
        elif CONF_PLANTS in user_input and not user_input[CONF_PLANTS]:
            errors["base"] = "no_plants_selected"
        else:
            user_input[CONF_SCAN_INTERVAL] = int(user_input[CONF_SCAN_INTERVAL])
            data = {**self.config_entry.options, **user_input}
            # An empty budget: the automatic one, per device.
            if user_input.get(CONF_DAILY_BUDGET) is None:
                data.pop(CONF_DAILY_BUDGET, None)
            else:
                data[CONF_DAILY_BUDGET] = int(user_input[CONF_DAILY_BUDGET])
            return self.async_create_entry(data=data)
        return self.async_show_form(
            step_id="init",
            data_schema=self._schema(),
            errors=errors,
            description_placeholders=self._placeholders,
        )

    async def _async_read_plants(self) -> dict[str, str]:
        entry = self.config_entry
        if entry.state is ConfigEntryState.LOADED:
            # The running client: its session is reused, so no new login.
            account = cast(GrowattConfigEntry, entry).runtime_data.account
            return {p.plant_id: p.name or p.plant_id for p in await account.plants()}
        return (await async_read_account(self.hass, entry.data)).plants

    def _schema(self) -> vol.Schema:
        options = self.config_entry.options
        minutes = options.get(
            CONF_SCAN_INTERVAL, int(DEFAULT_SCAN_INTERVAL.total_seconds() // 60)
        )
        fields: dict[vol.Marker, Any] = {
            vol.Required(CONF_SCAN_INTERVAL, default=minutes): NumberSelector(
                NumberSelectorConfig(
                    # Growatt locks accounts that log in too often and serves
                    # most v1 endpoints once per 5 minutes: never faster.
                    min=MIN_SCAN_INTERVAL.total_seconds() // 60,
                    max=MAX_SCAN_INTERVAL.total_seconds() // 60,
                    step=1,
                    unit_of_measurement="min",
                    mode=NumberSelectorMode.BOX,
                )
            ),
            vol.Optional(
                CONF_DAILY_BUDGET,
                description={"suggested_value": options.get(CONF_DAILY_BUDGET)},
            ): NumberSelector(
                NumberSelectorConfig(
                    min=MIN_DAILY_BUDGET,
                    max=MAX_DAILY_BUDGET,
                    step=10,
                    mode=NumberSelectorMode.BOX,
                )
            ),
            vol.Required(
                CONF_IMPORT_HISTORY,
                default=options.get(CONF_IMPORT_HISTORY, False),
            ): BooleanSelector(),
        }
        if self._plants is not None:
            wanted = options.get(CONF_PLANTS) or self.config_entry.data.get(CONF_PLANTS)
            fields[vol.Required(CONF_PLANTS, default=_chosen(self._plants, wanted))] = (
                _plants_selector(self._plants)
            )
        return vol.Schema(fields)
