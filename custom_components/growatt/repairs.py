"""Repair issues of the Growatt integration that the config flow raises."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from homeassistant.const import CONF_TOKEN, CONF_USERNAME
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir

from .const import AUTH_TOKEN, CONF_AUTH_TYPE, DOMAIN

# Home Assistant's own Growatt integration.
COMPETING_DOMAIN: Final = "growatt_server"


def competing_issue_id(unique_id: str | None) -> str:
    """The issue id of one account."""
    return f"competing_integration_{unique_id}"


@callback
def async_check_competing_integration(
    hass: HomeAssistant, data: Mapping[str, Any], unique_id: str | None
) -> bool:
    """Raise a repair issue while growatt_server polls the same account; True if so.

    Two integrations on one account double its logins, and Growatt locks an
    account for 24 hours after too many of them. The issue goes away once the
    other entry is removed or disabled and this check runs again.
    """
    key = CONF_TOKEN if data.get(CONF_AUTH_TYPE) == AUTH_TOKEN else CONF_USERNAME
    ours = _normalised(data.get(key))
    issue_id = competing_issue_id(unique_id)
    for entry in hass.config_entries.async_entries(
        COMPETING_DOMAIN, include_ignore=False, include_disabled=False
    ):
        if ours and _normalised(entry.data.get(key)) == ours:
            ir.async_create_issue(
                hass,
                DOMAIN,
                issue_id,
                is_fixable=False,
                severity=ir.IssueSeverity.WARNING,
                translation_key="competing_integration",
                translation_placeholders={
                    "account": _account_label(key, data.get(key)),
                    "title": entry.title,
                },
            )
            return True
    ir.async_delete_issue(hass, DOMAIN, issue_id)
    return False


def _normalised(value: Any) -> str:
    return str(value or "").strip().casefold()


def _account_label(key: str, value: Any) -> str:
    """The user name, or only the end of a token: issues are not secret."""
    text = str(value or "")
    return "…" + text[-4:] if key == CONF_TOKEN else text
