"""The control API under /_emulator/: faults, clock, devices, request log.

No Growatt client calls these paths. They let tests, demos and benchmarks
switch faults at runtime, move the simulated clock and observe the traffic.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import datetime
import json
from typing import Any

from aiohttp import web

from .http import WORLD_KEY
from .model import Device, to_jsonable
from .world import EmulatorConfig, World

PREFIX = "/_emulator"


def _world(request: web.Request) -> World:
    return request.app[WORLD_KEY]


def _ok(payload: Any, status: int = 200) -> web.Response:
    return web.json_response(
        payload, status=status, dumps=lambda o: json.dumps(o, default=to_jsonable)
    )


def _bad(message: str) -> web.Response:
    return _ok({"error": message}, 400)


async def _body(request: web.Request) -> dict[str, Any]:
    if not request.body_exists:
        return {}
    try:
        body = await request.json()
    except ValueError as err:
        raise web.HTTPBadRequest(text=f"invalid JSON: {err}") from err
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="expected a JSON object")
    return body


def _device_state(device: Device) -> dict[str, Any]:
    data = asdict(device)
    data["family"] = str(device.family)
    data["last_update"] = device.last_update.isoformat() if device.last_update else None
    data["sim_time"] = device.sim_time.isoformat() if device.sim_time else None
    return data


async def get_state(request: web.Request) -> web.Response:
    """Clock, config, faults and the accounts with their plants and devices."""
    world = _world(request)
    world.sync_all()
    return _ok(
        {
            "now": world.now().isoformat(),
            "frozen": world.clock.frozen,
            "config": asdict(world.config),
            "faults": {name: f.to_dict() for name, f in world.faults.items()},
            "blocked_user_agents": world.blocked_user_agents,
            "sessions": len(world.sessions),
            "accounts": [
                {
                    "username": account.username,
                    "user_id": account.user_id,
                    "token": account.token,
                    "locked": world.is_locked(account),
                    "plants": [
                        {
                            "plant_id": plant.plant_id,
                            "name": plant.name,
                            "timezone": plant.timezone,
                            "devices": [
                                {
                                    "sn": d.sn,
                                    "family": str(d.family),
                                    "online": d.online,
                                    "battery_sn": d.battery_sn or None,
                                }
                                for d in plant.devices
                            ],
                        }
                        for plant in account.plants
                    ],
                }
                for account in world.accounts
            ],
        }
    )


async def get_requests(request: web.Request) -> web.Response:
    """Every request served (filter with ?account=, ?api=, ?path=)."""
    world = _world(request)
    records = [asdict(r) for r in world.requests]
    for key in ("account", "api", "path"):
        if wanted := request.query.get(key):
            records = [r for r in records if r[key] == wanted]
    return _ok(records)


async def delete_requests(request: web.Request) -> web.Response:
    """Forget the request log."""
    world = _world(request)
    count = len(world.requests)
    world.requests.clear()
    return _ok({"cleared": count})


async def get_faults(request: web.Request) -> web.Response:
    """The fault switches per account ('*' applies to all)."""
    world = _world(request)
    return _ok({name: f.to_dict() for name, f in world.faults.items()})


async def post_faults(request: web.Request) -> web.Response:
    """Switch faults: {"account": "demo", "faults": {"timeout": true}}."""
    world = _world(request)
    body = await _body(request)
    account = str(body.get("account", "*"))
    changes = body.get("faults", {})
    if not isinstance(changes, dict):
        return _bad("'faults' must be an object")
    if account != "*" and world.account_by_username(account) is None:
        return _bad(f"unknown account {account}")
    try:
        faults = world.set_faults(account, **changes)
    except KeyError as err:
        return _bad(f"unknown fault {err.args[0]}")
    if "blocked_user_agents" in body:
        world.blocked_user_agents = [str(ua) for ua in body["blocked_user_agents"]]
    return _ok({account: faults.to_dict()})


async def delete_faults(request: web.Request) -> web.Response:
    """Clear every fault, lock and blocked User-Agent."""
    world = _world(request)
    world.clear_faults()
    world.blocked_user_agents.clear()
    return _ok({"cleared": True})


async def get_clock(request: web.Request) -> web.Response:
    """The simulated time."""
    world = _world(request)
    return _ok({"now": world.now().isoformat(), "frozen": world.clock.frozen})


async def post_clock(request: web.Request) -> web.Response:
    """Move the clock: {"set": ISO time} | {"advance": seconds}, and/or {"frozen": bool}."""
    world = _world(request)
    body = await _body(request)
    try:
        if "set" in body:
            world.clock.set(datetime.fromisoformat(str(body["set"])))
        if "advance" in body:
            world.clock.advance(float(body["advance"]))
    except (TypeError, ValueError) as err:
        return _bad(str(err))
    if "frozen" in body:
        if body["frozen"]:
            world.clock.freeze()
        else:
            world.clock.unfreeze()
    world.sync_all()
    return _ok({"now": world.now().isoformat(), "frozen": world.clock.frozen})


async def get_config(request: web.Request) -> web.Response:
    """Tunables: session TTL, lockout, v1 rate scale, latency."""
    return _ok(asdict(_world(request).config))


async def post_config(request: web.Request) -> web.Response:
    """Change tunables: {"session_ttl": 60, "lockout_max_logins": 3, ...}."""
    world = _world(request)
    body = await _body(request)
    names = {f.name: f.type for f in fields(EmulatorConfig)}
    for key, value in body.items():
        if key not in names:
            return _bad(f"unknown setting {key}")
        if not isinstance(value, int | float) or isinstance(value, bool):
            return _bad(f"{key} must be a number")
        current = getattr(world.config, key)
        setattr(world.config, key, type(current)(value))
    return _ok(asdict(world.config))


async def post_expire_sessions(request: web.Request) -> web.Response:
    """End login sessions: {"account": "demo"} (all accounts when omitted)."""
    world = _world(request)
    body = await _body(request)
    account = body.get("account")
    expired = world.expire_sessions(str(account) if account else None)
    return _ok({"expired": expired})


async def post_unlock(request: web.Request) -> web.Response:
    """Lift a lockout: {"account": "demo"}."""
    world = _world(request)
    body = await _body(request)
    account = world.account_by_username(str(body.get("account", "")))
    if account is None:
        return _bad("unknown account")
    account.locked_until = None
    account.login_times.clear()
    world.set_faults(account.username, lock=False)
    return _ok({"unlocked": account.username})


async def post_reset_rate_limits(request: web.Request) -> web.Response:
    """Forget v1 requests seen, so no 10012 is pending."""
    _world(request).reset_rate_limits()
    return _ok({"reset": True})


def _find(world: World, sn: str) -> Device:
    found = world.find_device(sn)
    if found is None:
        raise web.HTTPNotFound(text=f"no device {sn}")
    return found[2]


async def get_device(request: web.Request) -> web.Response:
    """A device's canonical state: settings, telemetry, counters."""
    world = _world(request)
    world.sync_all()
    return _ok(_device_state(_find(world, request.match_info["sn"])))


async def post_device(request: web.Request) -> web.Response:
    """Change a device: online, ignore_writes or soc.

    {"online": false} takes it offline; {"ignore_writes": true} makes it
    acknowledge writes without applying them; {"soc": 80} sets the battery.
    """
    world = _world(request)
    world.sync_all()
    device = _find(world, request.match_info["sn"])
    body = await _body(request)
    for key, value in body.items():
        if key in ("online", "ignore_writes"):
            setattr(device, key, bool(value))
        elif key == "soc" and isinstance(value, int | float):
            device.telemetry.soc = max(0.0, min(100.0, float(value)))
        else:
            return _bad(f"cannot set {key}")
    return _ok(_device_state(device))


def add_routes(app: web.Application) -> None:
    """Mount the control API."""
    r = app.router
    r.add_get(f"{PREFIX}/state", get_state)
    r.add_get(f"{PREFIX}/requests", get_requests)
    r.add_delete(f"{PREFIX}/requests", delete_requests)
    r.add_get(f"{PREFIX}/faults", get_faults)
    r.add_post(f"{PREFIX}/faults", post_faults)
    r.add_delete(f"{PREFIX}/faults", delete_faults)
    r.add_get(f"{PREFIX}/clock", get_clock)
    r.add_post(f"{PREFIX}/clock", post_clock)
    r.add_get(f"{PREFIX}/config", get_config)
    r.add_post(f"{PREFIX}/config", post_config)
    r.add_post(f"{PREFIX}/sessions/expire", post_expire_sessions)
    r.add_post(f"{PREFIX}/unlock", post_unlock)
    r.add_post(f"{PREFIX}/rate_limits/reset", post_reset_rate_limits)
    r.add_get(f"{PREFIX}/devices/{{sn}}", get_device)
    r.add_post(f"{PREFIX}/devices/{{sn}}", post_device)
