"""A replay server: real Growatt answers (tests/fixtures/real/legacy) served by request.

Unlike the emulator, nothing here is simulated. Each request is matched against
the `request` of the captures' provenance (method, path, and the `op` or
`action` the server dispatches on, plus `type` where captures differ by it) and
answered with the captured `body`, its anonymised identifiers (`{PLANT_ID}`,
`{INVERTER_SN}`, ...) filled in with one consistent demo identity.

Anything the captures do not cover is not invented: the request is recorded as
a gap and answered with an HTTP 404, so that a test sees it. Requests whose
identifiers differ from what the capture's request had (another serial, another
plant) or that come without the session cookie are recorded as problems too.
"""

from __future__ import annotations

from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass, field
import json
from pathlib import Path
import re
import secrets
from typing import Any

from aiohttp import web

from custom_components.growatt.api.legacy_session import LOGIN_ENDPOINT, hash_password

LEGACY = Path(__file__).parent / "fixtures" / "real" / "legacy"

# The one real account most legacy captures come from: a NEO 800M-X recorded
# by the author of growattServer PR #94.
NEO_DEVICE = "NEO 800M-X"

SESSION_COOKIE = "JSESSIONID"
DISPATCH_KEYS = ("op", "action")

# Growatt's answer to a request without a session: an HTML page (see
# docs/growatt-api.md, "The cookie session and its expiry").
NOT_LOGGED_IN = (
    "<!DOCTYPE html><html><head><title>Error500</title></head><body>"
    "<p>Note: Dear user, you have not login to the system, skip login page "
    'login..</p><a href="./login.do" id="login">login</a></body></html>'
)

_PLACEHOLDER = re.compile(r"\{[A-Za-z_/]+\}")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")


@dataclass(frozen=True)
class Identity:
    """What the anonymised captures' placeholders stand for, consistently."""

    username: str = "neo_owner"
    password: str = "neo-secret"
    user_id: int = 3000003
    plant_id: int = 4000004
    plant_name: str = "Balcony"
    serial: str = "NEO0800001"
    datalogger: str = "DLG0800001"

    def body_values(self) -> dict[str, str]:
        """Placeholders of the answers (as the sources anonymised them)."""
        return {
            "{USER_ID}": str(self.user_id),
            "{USER_NAME}": self.username,
            "{PASSWORD_HASH}": hash_password(self.password),
            "{USER_EMAIL}": f"{self.username}@example.com",
            "{INSTALLER_CODE}": "INSTALLER1",
            "{PLANT_ID}": str(self.plant_id),
            "{PLANT_NAME}": self.plant_name,
            # The NEO's plant energy data names the city and country unquoted.
            "{CITY}": "Ulm",
            "{COUNTRY}": "Germany",
            "{STREET}": "Hauptstrasse 1",
            "{PLANT_ADDRESS}": "Hauptstrasse 1",
            # One inverter: every way the sources wrote its serial.
            "{DEVICE_SN/INVERTER_ID/TLX_ID}": self.serial,
            "{INVERTER_SN}": self.serial,
            "{INVERTER_ID}": self.serial,
            "{DATALOGGER_SN}": self.datalogger,
            "{DATALOGGER_ID}": self.datalogger,
        }

    def request_values(self) -> dict[str, str]:
        """Placeholders of the captured requests (README: `request`)."""
        return {
            "{sn}": self.serial,
            "{plant_id}": str(self.plant_id),
            "{user_id}": str(self.user_id),
            "{username}": self.username,
            "{password_hash}": hash_password(self.password),
        }


def _path_tokens(path: str) -> list[str | int]:
    """`invList[0].plantId` -> ["invList", 0, "plantId"]."""
    tokens: list[str | int] = []
    for part in path.split("."):
        name, *indexes = re.split(r"\[(\d+)\]", part)
        if name:
            tokens.append(name)
        tokens.extend(int(index) for index in indexes if index != "")
    return tokens


def _fill(value: Any, values: dict[str, str]) -> Any:
    """Every placeholder in every string of `value` replaced."""
    if isinstance(value, str):
        for placeholder, text in values.items():
            value = value.replace(placeholder, text)
        return value
    if isinstance(value, list):
        return [_fill(item, values) for item in value]
    if isinstance(value, dict):
        return {key: _fill(item, values) for key, item in value.items()}
    return value


def _left_over(value: Any) -> Iterator[str]:
    """Placeholders no value was given for."""
    if isinstance(value, str):
        yield from _PLACEHOLDER.findall(value)
    elif isinstance(value, list):
        for item in value:
            yield from _left_over(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _left_over(item)


def _envelope(part: str, body: Any) -> Any:
    """The whole answer around the part a capture shows.

    Where a source shows only a part, the envelope is rebuilt as small as the
    part's path says: `obj` answers get the `result`/`msg`/`obj` envelope that
    the real Family B answers of the same account show whole
    (noah_is_plant_noah_system_neo, mix_detail_504); `back` and the bare lists
    (`deviceList`, `PlantList`) get only their own key, nothing invented beside.
    """
    if part in ("whole", "error"):
        return body
    first, *rest = part.split(".")
    for key in reversed(rest):
        body = {key: body}
    if first == "obj":
        return {"result": 1, "msg": "", "obj": body}
    return {first: body}


@dataclass(frozen=True)
class Capture:
    """One real answer, ready to serve."""

    name: str
    method: str
    path: str
    dispatch: str | None  # the op or action value
    params: dict[str, str]  # query and form of the captured request
    answer: Any

    @property
    def type(self) -> str | None:
        """The captured request's `type` (day, month, ...)."""
        return self.params.get("type")


def load_captures(identity: Identity, device: str = NEO_DEVICE) -> list[Capture]:
    """The legacy captures of one real device, identifiers filled in.

    Raises when a capture keeps a placeholder no value is known for: a
    served answer must not carry `{...}` to the integration unnoticed.
    """
    values = identity.body_values()
    captures = []
    for path in sorted(LEGACY.glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        provenance = raw["provenance"]
        if provenance.get("device") != device:
            continue
        body = _fill(deepcopy(raw["body"]), values)
        # Values the source anonymised unquoted are numbers on the wire.
        for where, kind in (provenance.get("placeholders") or {}).items():
            if kind == "number":
                *parents, last = _path_tokens(where)
                holder: Any = body
                for token in parents:
                    holder = holder[token]
                holder[last] = int(holder[last])
        left = sorted(set(_left_over(body)))
        if left:
            raise ValueError(f"{path.name}: no value for {left}")
        request = provenance["request"]
        params = {**request.get("query", {}), **request.get("form", {})}
        dispatch = next((params[k] for k in DISPATCH_KEYS if k in params), None)
        captures.append(
            Capture(
                name=path.stem,
                method=request["method"],
                path=request["path"],
                dispatch=dispatch,
                params=params,
                answer=_envelope(provenance["part"], body),
            )
        )
    return captures


@dataclass
class Served:
    """One request the replay server received, and what it answered."""

    method: str
    path: str
    params: dict[str, str]
    capture: str | None  # the capture's name; None for a gap
    status: int


@dataclass
class Replay:
    """Real answers by request, with a record of everything asked."""

    identity: Identity = field(default_factory=Identity)
    device: str = NEO_DEVICE
    served: list[Served] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    sessions: set[str] = field(default_factory=set)
    url: str = ""

    def __post_init__(self) -> None:
        """Load the captures; no two may answer the same request."""
        self.captures = load_captures(self.identity, self.device)
        seen: dict[tuple[str, str, str | None, str | None], str] = {}
        for capture in self.captures:
            key = (capture.method, capture.path, capture.dispatch, capture.type)
            if key in seen:
                raise ValueError(f"{capture.name} and {seen[key]} answer {key}")
            seen[key] = capture.name

    def app(self) -> web.Application:
        """The aiohttp application that serves the captures."""
        app = web.Application()
        app.router.add_route("*", "/{path:.*}", self._handle)
        return app

    # -- what was asked --------------------------------------------------------------

    @property
    def gaps(self) -> list[str]:
        """Requests no real answer covers, as `METHOD path?op=...`."""
        return [
            _describe(s.method, s.path, s.params) for s in self.served if not s.capture
        ]

    def names(self) -> list[str]:
        """The captures served, in order."""
        return [s.capture for s in self.served if s.capture]

    def count(self, name: str) -> int:
        """How often a capture was served."""
        return self.names().count(name)

    def expire_sessions(self) -> None:
        """End every session, as Growatt does after about a day."""
        self.sessions.clear()

    # -- answering ---------------------------------------------------------------------

    def match(self, method: str, path: str, params: dict[str, str]) -> Capture | None:
        """The capture of the same request: method, path, op/action, then type."""
        dispatch = next((params[k] for k in DISPATCH_KEYS if k in params), None)
        same = [c for c in self.captures if c.path == path and c.dispatch == dispatch]
        if len({c.type for c in same}) > 1:
            same = [c for c in same if c.type == params.get("type")]
        exact = [c for c in same if c.method == method]
        if not exact and same:
            self.problems.append(
                f"{_describe(method, path, params)}: only captured as "
                f"{', '.join(sorted({c.method for c in same}))}"
            )
        return exact[0] if len(exact) == 1 else None

    def check_identifiers(
        self, capture: Capture, params: dict[str, str], described: str
    ) -> None:
        """The request names the same things as the capture's request did.

        Placeholders of the captured request (`{sn}`, `{plant_id}`, the login's
        `{username}` and `{password_hash}`, a `{date}` or `{month}`) must be
        sent with the demo identity's values, or the request is a problem (it
        is answered all the same, so the test sees it in `problems`). Literal
        values (`language`, `pageSize`) may differ: the app and the client
        page differently, and one plant fits in any page.
        """
        values = self.identity.request_values()
        for key, captured in capture.params.items():
            sent = params.get(key)
            if captured in values:
                if sent != values[captured]:
                    self.problems.append(
                        f"{described}: {key}={sent!r}, expected {values[captured]!r}"
                    )
            elif captured == "{date}" and not _DAY.match(sent or ""):
                self.problems.append(f"{described}: {key}={sent!r} is not a day")
            elif captured == "{month}" and not _MONTH.match(sent or ""):
                self.problems.append(f"{described}: {key}={sent!r} is not a month")

    async def _handle(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        params = dict(request.query)
        if request.method == "POST" and request.body_exists:
            form = await request.post()
            params.update({k: v for k, v in form.items() if isinstance(v, str)})
        described = _describe(request.method, path, params)
        capture = self.match(request.method, path, params)
        if capture is None:
            self.served.append(Served(request.method, path, params, None, 404))
            return web.Response(
                status=404, text=f"No real answer recorded for {described}"
            )
        self.check_identifiers(capture, params, described)
        if path == LOGIN_ENDPOINT:
            self.served.append(Served(request.method, path, params, capture.name, 200))
            response = _json(capture.answer)
            session = secrets.token_hex(16).upper()
            self.sessions.add(session)
            response.set_cookie(SESSION_COOKIE, session, path="/", httponly=True)
            return response
        if request.cookies.get(SESSION_COOKIE) not in self.sessions:
            # Not a problem in itself (sessions end), but the client must then
            # log in again: the test sees the login in `served`.
            self.served.append(
                Served(request.method, path, params, "not_logged_in", 200)
            )
            return web.Response(text=NOT_LOGGED_IN, content_type="text/html")
        self.served.append(Served(request.method, path, params, capture.name, 200))
        return _json(capture.answer)


def _describe(method: str, path: str, params: dict[str, str]) -> str:
    keys = [f"{k}={params[k]}" for k in (*DISPATCH_KEYS, "type") if k in params]
    return f"{method} {path}" + (f"?{'&'.join(keys)}" if keys else "")


def _json(payload: Any) -> web.Response:
    """JSON as Growatt sends it (its content type, UTF-8, no ASCII escapes)."""
    return web.Response(
        text=json.dumps(payload, ensure_ascii=False),
        content_type="application/json",
        charset="UTF-8",
    )
