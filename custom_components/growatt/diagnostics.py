"""Diagnostics: what helps debugging, chosen field by field; everything else redacted.

Growatt's raw answers carry hundreds of keys, and any of them may name the
user (`treeName` holds a device's alias), so nothing is shown because it is
not on a deny-list: values are shown because a rule allows them, and every
other value becomes "**REDACTED**" under its key, as `async_redact_data`
does, so the structure stays readable.

The rules, in order, for every value of a raw answer or a typed model:

1. Blank values (None, "") stay: they say "not reported" and nothing else.
2. A key made of an identity word (`IDENTITY_WORDS`: id, sn, serial, name,
   alias, email, phone, address, city, lat, lng, user, token ...) redacts its
   value, whatever the value is, and all of it when it is a list or a map.
3. A value holding a known identifier of this account is redacted under any
   key: the serials, aliases, plant ids and names, dataloggers, the user name
   and the entry's title, from the typed models, the config entry and every
   raw value under an identity key (`Identifiers`). E-mail addresses (an
   "@") are redacted wherever they are. Dict keys holding one are too.
4. Flags (booleans) are shown.
5. Numbers are shown below a billion (`NUMBER_LIMIT`). Growatt reports
   telemetry under hundreds of keys that change with every firmware, so
   listing them would hide exactly the new keys a bug report needs; a number
   cannot hold a name, and the numbers that identify (plant, user and device
   ids, coordinates, phone numbers) sit under identity keys (rule 2), are
   known identifiers (rule 3) or are too long (phone numbers, numeric serials,
   millisecond timestamps). Text that is only a number, with or without a
   unit ("230", "0.2kW", "12.30 MWh", "100%", "0.1/€"), counts as a number:
   the legacy API sends most telemetry as such text.
6. Other text is shown only under an allow-listed key (`TEXT_KEYS`,
   `TEXT_KEY_PATTERNS`, or a key ending in one of `TEXT_KEY_SUFFIXES`):
   statuses, firmware versions, models, units, times and time segments.
7. Everything else is redacted.

The entry's own data is chosen explicitly: its auth type, region, the server
when it is one of Growatt's, and the scan interval of the options.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import Enum
import math
import re
from typing import Any, Final

from homeassistant.components.diagnostics import REDACTED
from homeassistant.const import CONF_PASSWORD, CONF_TOKEN, CONF_USERNAME
from homeassistant.core import HomeAssistant

from .api.const import DEPRECATED_SERVER_URLS, REGIONS
from .api.models import Device, Plant
from .const import (
    CONF_AUTH_TYPE,
    CONF_PLANTS,
    CONF_REGION,
    CONF_SCAN_INTERVAL,
    CONF_SERVER_URL,
)
from .coordinator import PlantData
from .runtime import GrowattConfigEntry

# -- the allow-list ------------------------------------------------------------------

# Words of a key (camelCase, snake_case and digits split, compared casefolded)
# that make it an identity key: its value is never shown (rule 2).
IDENTITY_WORDS: Final = frozenset(
    {
        # ids and serial numbers
        "id",
        "ids",
        "uid",
        "guid",
        "uuid",
        "sn",
        "sns",
        "serial",
        "serials",
        "datalog",
        "datalogger",
        "imei",
        "iccid",
        "mac",
        "ip",
        # names
        "name",
        "names",
        "nickname",
        "nick",
        "alias",
        "ailas",  # Growatt's `deviceAilas`
        "user",
        "username",
        "account",
        "owner",
        "installer",
        "operator",
        "agent",
        "dealer",
        "distributor",
        "company",
        "customer",
        "manager",
        # contact details and places
        "email",
        "mail",
        "phone",
        "tel",
        "telephone",
        "mobile",
        "fax",
        "address",
        "addr",
        "street",
        "zip",
        "zipcode",
        "postcode",
        "postal",
        "city",
        "town",
        "district",
        "county",
        "province",
        "country",
        "location",
        "position",
        "gps",
        "geo",
        "coordinate",
        "coordinates",
        "lat",
        "lng",
        "lon",
        "latitude",
        "longitude",
        # secrets and links
        "password",
        "passwd",
        "pwd",
        "token",
        "secret",
        "key",
        "cookie",
        "cookies",
        "jsessionid",
        "session",
        "url",
        "uri",
        "image",
        "picture",
        "photo",
        "avatar",
    }
)

# Keys with an identity word that name no one: `manName` is the manufacturer.
TECHNICAL_KEYS: Final = frozenset({"manname"})

# Keys (casefolded) whose text is shown (rule 6): statuses, firmware, models,
# units and times. Numbers and number-like text need no entry here (rule 5).
TEXT_KEYS: Final = frozenset(
    key.casefold()
    for key in (
        # statuses and error texts
        "status",
        "statusText",
        "status_text",  # typed
        "lost",  # a flag, or an i18n key ("tlx.status.lost")
        "deviceStatus",
        "storageStatus",
        "bmsStatus",
        "errorText",
        "warnText",
        "faultText",
        "errorCode",
        "warnCode",
        "faultCode",
        # families, models and firmware
        "family",  # typed
        "firmware",  # typed
        "deviceType",
        "inverterType",
        "modelText",
        "manufacturer",
        "manName",
        "isHaveCt",
        "isHaveStorage",
        "isParallel",
        # units and currency
        "currency",
        "formulaMoneyUnitId",
        "moneyUnitText",
        # times
        "timezone",
        "timezoneText",
        "time",
        "sysTime",
        "lastUpdateTime",
        "lastUpdateTimeText",
        "last_update_time",
        "pf_sys_year",
    )
)

# Numbered settings whose text is a time or a schedule ("0_0:0_23:59_200").
TEXT_KEY_PATTERNS: Final = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"time_segment\d+",
        r"forced(?:charge|discharge)?time(?:start|stop)\d+",
        r"season\d+(?:time\d+|monthtime)",
    )
)

# A key whose last word is one of these holds a technical text:
# `fwVersion`, `bdc1Version`, `deviceModel`, `ammeterModel`, `unit2`, `moneyUnit`.
TEXT_KEY_SUFFIXES: Final = frozenset({"version", "model", "unit"})

# Numbers from a billion on may be phone numbers or numeric serials (rule 5).
NUMBER_LIMIT: Final = 1_000_000_000

_UNITS = (
    "W|kW|MW|GW|Wh|kWh|MWh|GWh|Watt|V|kV|mV|A|mA|Ah|kAh|Hz|%|°C|℃|°F|"
    "VA|kVA|var|kvar|h|min|s|ms|€|\\$|£|¥"
)
# Text that is one number, with or without a unit ("0.2kW", "12.30 MWh", "0.1/€").
_NUMBER_TEXT: Final = re.compile(
    rf"[+-]?(\d{{1,9}}(?:\.\d+)?)\s*(?:/?(?:{_UNITS}))?", re.IGNORECASE
)
_PLAIN_NUMBER: Final = re.compile(r"[+-]?\d+(?:\.\d+)?")
_KEY_WORDS: Final = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
# Values too short or too common to identify anyone.
_TRIVIAL: Final = frozenset({"null", "none", "true", "false", "nan", "n/a"})
# Identifiers shorter than this are matched whole, not inside other text.
_MIN_IDENTIFIER = 3
# Numbers with fewer significant digits (100, 48.4) are too common to match.
_MIN_NUMBER_DIGITS = 4


def key_words(key: str) -> list[str]:
    """The words of a key, casefolded: "deviceSN" -> ["device", "sn"]."""
    return [word.casefold() for word in _KEY_WORDS.findall(key)]


def is_identity_key(key: str) -> bool:
    """Whether a key names who or where (rule 2).

    "user" after "to" is a direction, not a person: `pacToUser`,
    `eToUserToday`, `etoUserTotal` are grid import.
    """
    if key.casefold() in TECHNICAL_KEYS:
        return False
    words = key_words(key)
    return any(
        word in IDENTITY_WORDS
        and not (word == "user" and index > 0 and words[index - 1].endswith("to"))
        for index, word in enumerate(words)
    )


def is_text_key(key: str) -> bool:
    """Whether a key's text is shown (rule 6)."""
    if key.casefold() in TEXT_KEYS:
        return True
    if any(pattern.fullmatch(key) for pattern in TEXT_KEY_PATTERNS):
        return True
    words = key_words(key)
    while words and words[-1].isdigit():
        words.pop()
    return bool(words) and words[-1] in TEXT_KEY_SUFFIXES


def _digits(text: str) -> int:
    """Significant digits of a plain number's text ("0052.5200" -> 4)."""
    whole, _, fraction = text.lstrip("+-").partition(".")
    return len((whole + fraction.rstrip("0")).lstrip("0"))


def _number_text(value: float) -> str:
    """A number as text, without a trailing ".0"."""
    text = repr(value)
    return text.removesuffix(".0")


@dataclass
class Identifiers:
    """What identifies this account, to redact wherever it shows up (rule 3)."""

    texts: set[str] = field(default_factory=set)
    numbers: set[float] = field(default_factory=set)

    def add(self, value: Any) -> None:
        """An identifier (or a list or map of them)."""
        if isinstance(value, Mapping):
            for item in value.values():
                self.add(item)
        elif isinstance(value, list | tuple | set | frozenset):
            for item in value:
                self.add(item)
        elif isinstance(value, bool):
            return
        elif isinstance(value, int | float):
            self._add_number(value)
        elif isinstance(value, str):
            self._add_text(value)

    def _add_number(self, value: float) -> None:
        if not math.isfinite(value):
            return
        text = _number_text(value)
        if _digits(text) >= _MIN_NUMBER_DIGITS:
            self.numbers.add(float(value))
            self.texts.add(text.lstrip("+-"))

    def _add_text(self, value: str) -> None:
        text = value.strip()
        if text.casefold() in _TRIVIAL:
            return
        if _PLAIN_NUMBER.fullmatch(text):
            if _digits(text) >= _MIN_NUMBER_DIGITS:
                self.numbers.add(float(text))
                self.texts.add(text.lstrip("+-").casefold())
            return
        if text:
            self.texts.add(text.casefold())

    def harvest(self, raw: Any) -> None:
        """Every value under an identity key of a raw answer, at any depth."""
        if isinstance(raw, Mapping):
            for key, value in raw.items():
                if is_identity_key(str(key)):
                    self.add(value)
                else:
                    self.harvest(value)
        elif isinstance(raw, list | tuple):
            for item in raw:
                self.harvest(item)

    def hides(self, text: str) -> bool:
        """Whether a text holds an identifier or an e-mail address."""
        if "@" in text:
            return True
        folded = text.strip().casefold()
        if not folded:
            return False
        if folded in self.texts:
            return True
        if _PLAIN_NUMBER.fullmatch(folded) and float(folded) in self.numbers:
            return True
        return any(
            len(identifier) >= _MIN_IDENTIFIER and identifier in folded
            for identifier in self.texts
        )


class Redactor:
    """The rules of the module docstring, over raw answers and typed models."""

    def __init__(self, identifiers: Identifiers) -> None:
        """Redact with these known identifiers."""
        self.identifiers = identifiers

    def value(self, key: str, value: Any) -> Any:
        """A value under `key`, shown or redacted."""
        if value is None or (isinstance(value, str) and not value):
            return value  # rule 1
        if is_identity_key(key):
            return REDACTED  # rule 2
        if isinstance(value, Mapping):
            return self.mapping(value)
        if isinstance(value, list | tuple):
            return [self.value(key, item) for item in value]
        if isinstance(value, Enum):
            value = value.value
        if isinstance(value, bool):
            return value  # rule 4
        if isinstance(value, int | float):
            return value if self._number(value) else REDACTED
        if isinstance(value, str):
            return value if self._text(key, value) else REDACTED
        # Typed models only: their moments and durations.
        if isinstance(value, datetime | date | time):
            return value.isoformat()
        if isinstance(value, timedelta):
            return str(value)
        return REDACTED  # rule 7

    def mapping(self, data: Mapping[Any, Any]) -> dict[str, Any]:
        """Every key of a map (keys holding an identifier redacted), values by rule."""
        result: dict[str, Any] = {}
        for raw_key, item in data.items():
            key = str(raw_key)
            result[self.key(key, result)] = self.value(key, item)
        return result

    def key(self, key: str, taken: Iterable[str] = ()) -> str:
        """A dict key, unless it holds an identifier (then numbered to stay unique)."""
        if not self.identifiers.hides(key):
            return key
        used = set(taken)
        name, number = REDACTED, 1
        while name in used:
            number += 1
            name = f"{REDACTED}{number}"
        return name

    def typed(self, model: Any) -> dict[str, Any] | None:
        """A typed model (a dataclass) by the same rules, without its `raw`."""
        if model is None:
            return None
        if isinstance(model, Device | Plant):
            model = replace(model, raw={})
        fields = asdict(model)
        fields.pop("raw", None)
        return self.mapping(fields)

    def _number(self, value: float) -> bool:
        if not math.isfinite(value):
            return True  # NaN and infinities name no one
        return (
            abs(value) < NUMBER_LIMIT and float(value) not in self.identifiers.numbers
        )

    def _text(self, key: str, text: str) -> bool:
        if self.identifiers.hides(text):
            return False  # rule 3
        if text.strip().casefold() in _TRIVIAL:
            return True  # "true", "null": flags and blanks
        if is_text_key(key):
            return True  # rule 6
        number = _NUMBER_TEXT.fullmatch(text.strip())
        return number is not None and self._number(float(number.group(1)))  # rule 5


# -- the diagnostics -----------------------------------------------------------------


def known_identifiers(entry: GrowattConfigEntry) -> Identifiers:
    """The account's identifiers: entry, typed models and raw identity values."""
    identifiers = Identifiers()
    identifiers.add([entry.title, entry.unique_id])
    identifiers.add(
        [
            entry.data.get(key)
            for key in (CONF_USERNAME, CONF_PASSWORD, CONF_TOKEN, CONF_PLANTS)
        ]
    )
    identifiers.add(entry.options.get(CONF_PLANTS))
    data = entry.runtime_data.coordinator.data
    for plant in data.plants.values() if data is not None else ():
        identifiers.add([plant.ref.plant_id, plant.ref.name])
        identifiers.add(
            [
                plant.plant.plant_id,
                plant.plant.name,
                plant.plant.city,
                plant.plant.country,
            ]
        )
        identifiers.harvest(plant.plant.raw)
        for ref in plant.listings:
            identifiers.add([ref.serial, ref.plant_id, ref.alias, ref.datalogger])
        for device in plant.devices.values():
            identity = device.identity
            identifiers.add(
                [
                    identity.serial,
                    identity.alias,
                    identity.datalogger_serial,
                    identity.plant_id,
                ]
            )
            identifiers.harvest(device.raw)
    return identifiers


def _entry(entry: GrowattConfigEntry) -> dict[str, Any]:
    """The entry's data and options: the allowed keys shown, the rest redacted."""
    shown_data = {CONF_AUTH_TYPE, CONF_REGION}
    servers = {*REGIONS.values(), *DEPRECATED_SERVER_URLS}
    data = {
        key: (
            value
            if key in shown_data
            or (key == CONF_SERVER_URL and isinstance(value, str) and value in servers)
            else _redacted(value)
        )
        for key, value in entry.data.items()
    }
    options = {
        key: value if key == CONF_SCAN_INTERVAL else _redacted(value)
        for key, value in entry.options.items()
    }
    return {"data": data, "options": options}


def _endpoints(redactor: Redactor, counts: Mapping[str, int]) -> dict[str, int]:
    """Requests per endpoint (our own counters; a name holding an id is redacted)."""
    result: dict[str, int] = {}
    for name, count in counts.items():
        result[redactor.key(name, result)] = count
    return result


def _redacted(value: Any) -> Any:
    """REDACTED, but blanks stay blank (as `async_redact_data` does)."""
    return value if value is None or value == "" else REDACTED


def _plant(
    redactor: Redactor, entry: GrowattConfigEntry, plant: PlantData
) -> dict[str, Any]:
    """One plant: its timezone, typed model, raw answer and devices."""
    runtime = entry.runtime_data
    settings = runtime.settings.data or {}
    devices: list[dict[str, Any]] = []
    for ref in plant.listings:
        device = plant.devices.get(ref.serial)
        forced = runtime.forced.get(ref.serial)
        devices.append(
            {
                "family": str(ref.family),
                "listing": redactor.typed(ref),
                "reported": device is not None,
                "settings": redactor.typed(settings.get(ref.serial)),
                "forced_until": forced.until.isoformat() if forced else None,
                "device": (
                    (redactor.typed(device) or {})
                    | {"raw": redactor.mapping(device.raw)}
                    if device is not None
                    else None
                ),
            }
        )
    return {
        "timezone": redactor.value("timezone", plant.ref.timezone),
        "plant": (redactor.typed(plant.plant) or {})
        | {"raw": redactor.mapping(plant.plant.raw)},
        "devices": devices,
    }


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: GrowattConfigEntry
) -> dict[str, Any]:
    """The entry, request accounting and the latest data, by allow-list."""
    runtime = entry.runtime_data
    coordinator = runtime.coordinator
    redactor = Redactor(known_identifiers(entry))
    session: dict[str, Any] | None = None
    if (exported := runtime.account.export_session()) is not None:
        session = {
            "logged_in": bool(exported.get("cookies")),
            "created_at": exported.get("created_at"),
            "expires_at": exported.get("expires_at"),
            "locked_until": exported.get("locked_until"),
        }
    data = coordinator.data
    error = coordinator.last_exception
    return {
        "entry": _entry(entry),
        "update_interval": str(coordinator.update_interval),
        "last_update_success": coordinator.last_update_success,
        "last_error": type(error).__name__ if error is not None else None,
        "settings_update_success": runtime.settings.last_update_success,
        "budget": {
            "per_day": runtime.budget.per_day,
            "used_today": runtime.budget.used_today,
            "used_last_24h": runtime.budget.used_last_24h,
            "requests_per_refresh": coordinator.requests_per_refresh,
            "by_endpoint": _endpoints(redactor, runtime.budget.by_endpoint),
        },
        "session": session,
        "plant_data": [
            _plant(redactor, entry, plant)
            for plant in (data.plants.values() if data is not None else ())
        ],
    }
