"""The OpenAPI v1 (token header, `{data, error_code, error_msg}`) over the emulated world.

Paths hang off `/v1/` (and `/v4/`, which also accepts v1 paths). Every
request goes through the same pipeline: the token (10011 when wrong or
missing, answered by the middleware), the merged query and form parameters
(`plant/list` is a GET with a form body), the identical-request rate limit
(10012), then the endpoint. Modules split by family: plant (plants and device
lists), tlx (MIN), mix (SPH), inverter (classic), storage (SPF), max, spa;
shared pieces live in common (lookups, answers), limits (the rate-limit table
and page bounds), params (setting reads and writes) and history (realtime and
5-minute history records).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from ..http import request_params, v1_account, v1_error, world_of
from . import inverter, max as max_, mix, plant, spa, storage, tlx
from .common import Handler, V1Call
from .limits import RATE_LIMITED, RATE_LIMITED_MSG, rate_limited

PREFIXES = ("/v1/", "/v4/")

ENDPOINTS: dict[str, Handler] = {
    **plant.ENDPOINTS,
    **tlx.ENDPOINTS,
    **mix.ENDPOINTS,
    **inverter.ENDPOINTS,
    **storage.ENDPOINTS,
    **max_.ENDPOINTS,
    **spa.ENDPOINTS,
}


def serve(
    path: str, handler: Handler
) -> Callable[[web.Request], Awaitable[web.Response]]:
    """Wrap an endpoint in the token check and the rate limit."""

    async def handle(request: web.Request) -> web.Response:
        account = v1_account(request)
        params = await request_params(request)
        world = world_of(request)
        if rate_limited(world, account.token, path, params):
            return v1_error(RATE_LIMITED, RATE_LIMITED_MSG)
        return handler(V1Call(world=world, account=account, params=dict(params)))

    handle.__name__ = f"v1_{path.replace('/', '_')}"
    return handle


def add_routes(app: web.Application) -> None:
    """Mount every v1 path (GET and POST) on the application."""
    for path, handler in ENDPOINTS.items():
        handle = serve(path, handler)
        for prefix in PREFIXES:
            app.router.add_route("GET", prefix + path, handle)
            app.router.add_route("POST", prefix + path, handle)


__all__ = ["ENDPOINTS", "add_routes"]
