"""Request and response helpers shared by the legacy and v1 views."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import BodyPartReader, web

from .model import Account
from .world import World

WORLD_KEY: web.AppKey[World] = web.AppKey("world", World)

JSON_CONTENT_TYPE = "application/json;charset=UTF-8"
HTML_CONTENT_TYPE = "text/html;charset=UTF-8"
SESSION_COOKIE = "JSESSIONID"

NOT_LOGGED_IN_PAGE = """<!DOCTYPE html>
<html>
<head><meta charset="UTF-8"><title>Error500</title></head>
<body>
<div class="error">
<p>Note: Dear user, you have not login to the system, skip login page login..</p>
<a href="./login.do" target="_top" id="login">login</a>
</div>
</body>
</html>
"""


def world_of(request: web.Request) -> World:
    """The world behind the application."""
    return request.app[WORLD_KEY]


async def request_params(request: web.Request) -> dict[str, str]:
    """Query, form and multipart fields merged (the body wins), cached per request."""
    cached = request.get("params")
    if isinstance(cached, dict):
        return cached
    params: dict[str, str] = dict(request.query)
    if request.body_exists:
        content_type = request.content_type
        if content_type == "multipart/form-data":
            reader = await request.multipart()
            while (part := await reader.next()) is not None:
                if isinstance(part, BodyPartReader) and part.name:
                    params[part.name] = (await part.read(decode=True)).decode()
        else:
            # GET v1 plant/list carries a form body: read it whatever the method.
            form = await request.post() if request.method != "GET" else None
            if form is None:
                text = await request.text()
                if text:
                    from urllib.parse import parse_qsl

                    form_items = parse_qsl(text, keep_blank_values=True)
                    params.update(dict(form_items))
            else:
                params.update({k: v for k, v in form.items() if isinstance(v, str)})
    request["params"] = params
    return params


def json_response(payload: Any, status: int = 200) -> web.Response:
    """A JSON answer with Growatt's content type."""
    return web.Response(
        text=json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
        status=status,
        content_type="application/json",
        charset="UTF-8",
    )


def html_response(text: str, status: int = 200) -> web.Response:
    """An HTML answer."""
    return web.Response(
        text=text, status=status, content_type="text/html", charset="UTF-8"
    )


def not_logged_in(request: web.Request) -> web.Response:
    """Growatt's answer to a request without a valid session."""
    return html_response(NOT_LOGGED_IN_PAGE, world_of(request).config.expired_status)


class NotLoggedInError(Exception):
    """Raised by `legacy_account`; the middleware answers with the HTML page."""


class V1AuthError(Exception):
    """Raised by `v1_account`; the middleware answers with error 10011."""


def legacy_account(request: web.Request) -> Account:
    """The account of the request's session cookie, synced to now.

    Raises NotLoggedInError, which the middleware turns into Growatt's HTML page.
    """
    world = world_of(request)
    account = world.session_account(request.cookies.get(SESSION_COOKIE))
    if account is None:
        raise NotLoggedInError
    request["account"] = account.username
    world.sync(account)
    return account


def v1_account(request: web.Request) -> Account:
    """The account of the request's `token` header, synced to now.

    Raises V1AuthError, which the middleware turns into error 10011.
    """
    world = world_of(request)
    account = world.account_by_token(request.headers.get("token", ""))
    if account is None:
        raise V1AuthError
    request["account"] = account.username
    world.sync(account)
    return account


def v1_envelope(
    data: Any, error_code: int = 0, error_msg: str = "", **extra: Any
) -> web.Response:
    """The v1 answer `{data, error_code, error_msg}` plus top-level extras."""
    payload: dict[str, Any] = {
        **extra,
        "data": data,
        "error_code": error_code,
        "error_msg": error_msg,
    }
    return json_response(payload)


def v1_error(error_code: int, error_msg: str) -> web.Response:
    """A v1 error answer (data is an empty string, as Growatt sends)."""
    return v1_envelope("", error_code, error_msg)
