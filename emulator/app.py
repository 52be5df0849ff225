"""The emulator's aiohttp application: routing, faults and the request log."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from aiohttp import web

from . import control, legacy, v1
from .http import (
    SESSION_COOKIE,
    WORLD_KEY,
    NotLoggedInError,
    V1AuthError,
    html_response,
    json_response,
    not_logged_in,
    request_params,
    v1_error,
)
from .world import Faults, RequestRecord, World

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

TENGINE_403 = (
    '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN"><html><head><title>403 Forbidden</title>'
    "</head><body><h1>403 Forbidden</h1><p>You don't have permission to access the URL on this "
    "server.</p><p>denied by UA ACL = blacklist</p><hr/>Powered by Tengine<br/>"
    "CDN Request Id: 0bc1a2b317000000000000000e</body></html>"
)
WAF_405 = (
    "<html><head><title>405</title></head><body><h1>405 Not Allowed</h1><p>Sorry, your request "
    "has been blocked as it may cause potential threats to the server's security.</p></body></html>"
)


def _server_error_page(status: int) -> str:
    return (
        f"<html><head><title>{status}</title></head><body><center><h1>{status} "
        f"{'Bad Gateway' if status == 502 else 'Service Unavailable' if status == 503 else 'Error'}"
        "</h1></center><hr><center>Tengine</center></body></html>"
    )


def _api_of(path: str) -> str:
    if path.startswith("/_emulator"):
        return "control"
    if path.startswith(("/v1/", "/v4/")):
        return "v1"
    return "legacy"


def _account_of(
    world: World, request: web.Request, params: dict[str, str]
) -> str | None:
    """Which account a request belongs to, before the handler runs (for faults)."""
    token = request.headers.get("token")
    if token:
        account = world.account_by_token(token)
        return account.username if account else None
    session = world.sessions.get(request.cookies.get(SESSION_COOKIE, ""))
    if session is not None:
        return session.username
    username = params.get("userName")
    if username:
        account = world.account_by_username(username)
        return account.username if account else None
    return None


def _blocked(world: World, faults: Faults, user_agent: str) -> web.Response | None:
    """Growatt's edge filters on the User-Agent before the application sees anything."""
    if not user_agent.strip() or faults.ua_block:
        return html_response(TENGINE_403, 403)
    if any(blocked and blocked in user_agent for blocked in world.blocked_user_agents):
        return html_response(TENGINE_403, 403)
    if faults.waf_block:
        return html_response(WAF_405, 405)
    return None


async def _serve(
    request: web.Request, handler: Handler, world: World, api: str, faults: Faults
) -> web.StreamResponse:
    """Run the handler unless a fault answers first."""
    blocked = _blocked(world, faults, request.headers.get("User-Agent", ""))
    if blocked is not None:
        return blocked
    if faults.http_status is not None:
        return html_response(_server_error_page(faults.http_status), faults.http_status)
    if api == "v1" and faults.v1_error_code is not None:
        return v1_error(faults.v1_error_code, faults.v1_error_msg)
    if api == "legacy" and faults.temporarily_unavailable:
        return json_response({"result": -5, "msg": "temporarily unavailable"})
    try:
        return await handler(request)
    except NotLoggedInError:
        return not_logged_in(request)
    except V1AuthError:
        return v1_error(10011, "error_permission_denied")


@web.middleware
async def growatt_middleware(
    request: web.Request, handler: Handler
) -> web.StreamResponse:
    """Faults, latency and the request log around every handler."""
    world = request.app[WORLD_KEY]
    api = _api_of(request.path)
    if api == "control":
        return await handler(request)
    params = await request_params(request)
    account = _account_of(world, request, params)
    faults = world.faults_for(account)
    delay = world.config.latency + faults.delay
    if faults.timeout:
        delay += world.config.timeout_delay
    if delay > 0:
        await asyncio.sleep(delay)
    status = 500
    try:
        response = await _serve(request, handler, world, api, faults)
        status = response.status
        if (
            faults.malformed_json
            and isinstance(response, web.Response)
            and response.content_type == "application/json"
        ):
            body = response.text or ""
            response.text = body[: max(1, len(body) // 2)]
    except web.HTTPException as err:
        status = err.status
        raise
    finally:
        world.requests.append(
            RequestRecord(
                method=request.method,
                path=request.path,
                op=params.get("op") or params.get("action"),
                account=request.get("account") or account,
                time=world.now().isoformat(),
                status=status,
                api=api,
                params={
                    k: v
                    for k, v in params.items()
                    if k not in ("password", "passwordCrc")
                },
                user_agent=request.headers.get("User-Agent", ""),
                query=dict(request.query),
            )
        )
    return response


async def _not_found(request: web.Request) -> web.Response:
    """Tomcat's answer for an unknown path."""
    return html_response(
        "<html><head><title>404 Not Found</title></head><body><h1>HTTP Status 404 - "
        f"{request.path}</h1></body></html>",
        404,
    )


def create_app(world: World) -> web.Application:
    """The emulator application serving a world."""
    app = web.Application(middlewares=[growatt_middleware])
    app[WORLD_KEY] = world
    control.add_routes(app)
    legacy.add_routes(app)
    v1.add_routes(app)
    app.router.add_route("*", "/{tail:.*}", _not_found)
    return app
