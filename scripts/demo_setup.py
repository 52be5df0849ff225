"""Set up the demo Home Assistant through its own APIs.

`scripts/develop` runs this once Home Assistant is starting. Each step looks
first and does only what is missing, so a second start changes nothing:

    onboarding   the owner (log in as demo / demo) and the home's location
    integration  Growatt: the emulator's password account demo / demo, every plant
    energy       the Energy dashboard from the "Home" plant's sensors

    .venv/bin/python scripts/demo_setup.py [--hass URL] [--emulator URL] [STEP ...]

Standard library and aiohttp (a Home Assistant dependency) only.
"""

from __future__ import annotations

import argparse
import asyncio
from dataclasses import dataclass
import os
import sys
from typing import Any

import aiohttp

STEPS = ("onboarding", "integration", "energy")

OWNER_NAME = "Demo"
OWNER_USERNAME = "demo"
OWNER_PASSWORD = "demo"  # noqa: S105 - the demo's published login

# Where the emulator's plants are (Ulm), so that the sun and the days agree.
HOME = {
    "latitude": 48.4,
    "longitude": 9.99,
    "elevation": 478,
    "unit_system": "metric",
    "time_zone": "Europe/Berlin",
    "currency": "EUR",
    "country": "DE",
    "language": "en",
}

# The emulator's demo account (see emulator/README.md).
GROWATT_USERNAME = "demo"
GROWATT_PASSWORD = "demo"  # noqa: S105 - the emulator's demo account

# The Energy dashboard shows the "Home" plant from the integration's
# statistics (see docs/configuration.md): the plant's solar production, with
# its history imported from Growatt, and the hybrid inverter TLX0000001's grid
# meter and battery, counted from the integration's start.
SOLAR = ("growatt:plant_1234567_solar",)
GRID_IMPORT = "growatt:tlx0000001_grid_import"
GRID_EXPORT = "growatt:tlx0000001_grid_export"
BATTERY_CHARGED = "growatt:tlx0000001_battery_charge"
BATTERY_DISCHARGED = "growatt:tlx0000001_battery_discharge"
# How long to wait for the statistics to appear after the integration starts.
STATISTICS_WAIT = 60.0


class SetupError(Exception):
    """Home Assistant answered something the demo setup cannot go on from."""


@dataclass
class HomeAssistant:
    """Home Assistant's REST and websocket APIs, as a logged-in client uses them."""

    http: aiohttp.ClientSession
    url: str
    token: str | None = None

    @property
    def client_id(self) -> str:
        """The OAuth client id: any URL of the same host, as the frontend uses."""
        return f"{self.url}/"

    async def request(
        self, method: str, path: str, *, json: Any = None, data: Any = None
    ) -> Any:
        """Call the REST API; None for a 404."""
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        async with self.http.request(
            method, self.url + path, json=json, data=data, headers=headers
        ) as response:
            if response.status == 404:
                return None
            if response.status >= 400:
                raise SetupError(
                    f"{method} {path}: HTTP {response.status} {await response.text()}"
                )
            return await response.json()

    async def command(self, message: dict[str, Any]) -> Any:
        """Send one websocket command and return its result."""
        async with self.http.ws_connect(self.url + "/api/websocket") as ws:
            await ws.receive_json()  # auth_required
            await ws.send_json({"type": "auth", "access_token": self.token})
            if (auth := await ws.receive_json())["type"] != "auth_ok":
                raise SetupError(f"websocket login refused: {auth}")
            await ws.send_json({"id": 1, **message})
            answer = await ws.receive_json()
        if not answer["success"]:
            error = answer["error"]
            if error["code"] == "not_found":
                return None
            raise SetupError(f"{message['type']}: {error['message']}")
        return answer["result"]

    async def wait_until_up(self, watch_pid: int | None) -> None:
        """Wait until the HTTP server answers (the first start takes a while)."""
        while True:
            # Home Assistant listens once it has started: any answer will do.
            try:
                async with self.http.get(self.url + "/auth/providers"):
                    return
            except aiohttp.ClientError:
                pass
            if watch_pid is not None and not _alive(watch_pid):
                raise SetupError("Home Assistant exited before it was up")
            await asyncio.sleep(1)

    async def token_from_code(self, code: str) -> str:
        """Exchange an authorization code for an access token."""
        tokens = await self.request(
            "POST",
            "/auth/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "client_id": self.client_id,
            },
        )
        return str(tokens["access_token"])

    async def log_in(self, username: str, password: str) -> str | None:
        """Log in as the login page does; the access token, or None if refused."""
        flow = await self.request(
            "POST",
            "/auth/login_flow",
            json={
                "client_id": self.client_id,
                "handler": ["homeassistant", None],
                "redirect_uri": self.client_id,
            },
        )
        result = await self.request(
            "POST",
            f"/auth/login_flow/{flow['flow_id']}",
            json={
                "client_id": self.client_id,
                "username": username,
                "password": password,
            },
        )
        if result.get("type") != "create_entry":
            return None
        return await self.token_from_code(result["result"])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def onboard(hass: HomeAssistant) -> bool:
    """Create the owner, or log in as the owner; False if another owner exists."""
    # None (404): Home Assistant was onboarded when it started.
    progress = await hass.request("GET", "/api/onboarding") or []
    steps = {step["step"]: step["done"] for step in progress}
    if not steps.get("user", True):
        created = await hass.request(
            "POST",
            "/api/onboarding/users",
            json={
                "client_id": hass.client_id,
                "name": OWNER_NAME,
                "username": OWNER_USERNAME,
                "password": OWNER_PASSWORD,
                "language": "en",
            },
        )
        hass.token = await hass.token_from_code(created["auth_code"])
        await hass.command({"type": "config/core/update", **HOME})
        print(f"Created the owner {OWNER_USERNAME} / {OWNER_PASSWORD}, home in Ulm")
    else:
        token = await hass.log_in(OWNER_USERNAME, OWNER_PASSWORD)
        if token is None:
            return False
        hass.token = token
    # scripts/develop marks these steps done in a new configuration (see there);
    # they remain only in a configuration that was started without it.
    if not steps.get("core_config", True):
        await hass.request("POST", "/api/onboarding/core_config")
    if not steps.get("analytics", True):
        await hass.request("POST", "/api/onboarding/analytics")
    if not steps.get("integration", True):
        await hass.request(
            "POST",
            "/api/onboarding/integration",
            json={"client_id": hass.client_id, "redirect_uri": hass.client_id},
        )
    return True


async def add_growatt(hass: HomeAssistant, emulator_url: str) -> None:
    """Walk the Growatt config flow as the frontend does, unless an entry exists."""
    entries = await hass.request(
        "GET", "/api/config/config_entries/entry?domain=growatt"
    )
    if entries:
        print(f"Growatt already added ({entries[0]['title']})")
        return
    step = await hass.request(
        "POST", "/api/config/config_entries/flow", json={"handler": "growatt"}
    )
    path = f"/api/config/config_entries/flow/{step['flow_id']}"
    while step["type"] != "create_entry":
        if step["type"] != "menu" and step.get("errors"):
            raise SetupError(f"Growatt step {step['step_id']}: {step['errors']}")
        match step["step_id"]:
            case "user":
                answer: dict[str, Any] = {"next_step_id": "password"}
            case "password":
                answer = {
                    "username": GROWATT_USERNAME,
                    "password": GROWATT_PASSWORD,
                    "region": "custom",
                }
            case "custom_url":
                answer = {"server_url": emulator_url}
            case "plants":
                options = step["data_schema"][0]["selector"]["select"]["options"]
                answer = {"plants": [option["value"] for option in options]}
            case other:
                raise SetupError(f"unexpected Growatt step {other}: {step}")
        step = await hass.request("POST", path, json=answer)
    print(f"Added Growatt ({step['title']}) on the emulator at {emulator_url}")


async def configure_energy(hass: HomeAssistant) -> None:
    """Fill the Energy dashboard, unless it has sources already."""
    prefs = await hass.command({"type": "energy/get_prefs"})
    if prefs and prefs["energy_sources"]:
        print("Energy dashboard already configured")
        return
    wanted = [*SOLAR, GRID_IMPORT, GRID_EXPORT, BATTERY_CHARGED, BATTERY_DISCHARGED]
    missing = list(wanted)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + STATISTICS_WAIT
    while missing and loop.time() < deadline:
        listed = await hass.command(
            {"type": "recorder/list_statistic_ids", "statistic_type": "sum"}
        )
        known = {item["statistic_id"] for item in listed}
        missing = [stat for stat in wanted if stat not in known]
        if missing:
            await asyncio.sleep(2)
    if missing:
        print(f"Energy dashboard left empty: no statistics {', '.join(missing)}")
        return
    entity = {stat: stat for stat in wanted}
    # Every key, as the frontend sends them: the schema reads the prices.
    no_price = {"entity_energy_price": None, "number_energy_price": None}
    solar = [
        {
            "type": "solar",
            "stat_energy_from": entity[unique_id],
            "config_entry_solar_forecast": None,
        }
        for unique_id in SOLAR
    ]
    grid = {
        "type": "grid",
        "flow_from": [
            {"stat_energy_from": entity[GRID_IMPORT], "stat_cost": None, **no_price}
        ],
        "flow_to": [
            {
                "stat_energy_to": entity[GRID_EXPORT],
                "stat_compensation": None,
                **no_price,
            }
        ],
        "cost_adjustment_day": 0,
    }
    battery = {
        "type": "battery",
        "stat_energy_from": entity[BATTERY_DISCHARGED],
        "stat_energy_to": entity[BATTERY_CHARGED],
    }
    await hass.command(
        {"type": "energy/save_prefs", "energy_sources": [grid, *solar, battery]}
    )
    print("Energy dashboard: " + ", ".join(wanted))


async def run(args: argparse.Namespace) -> int:
    """Do the chosen steps; the exit status."""
    steps = args.steps or list(STEPS)
    async with aiohttp.ClientSession() as http:
        hass = HomeAssistant(http, args.hass.rstrip("/"))
        try:
            async with asyncio.timeout(args.timeout):
                await hass.wait_until_up(args.watch_pid)
        except TimeoutError:
            raise SetupError(
                f"Home Assistant did not answer within {args.timeout:.0f} s"
            ) from None
        if "onboarding" in steps:
            onboarded = await onboard(hass)
        else:
            hass.token = await hass.log_in(OWNER_USERNAME, OWNER_PASSWORD)
            onboarded = hass.token is not None
        if not onboarded:
            print(
                f"This Home Assistant has an owner other than {OWNER_USERNAME}: "
                "the demo setup leaves it as it is"
            )
            return 0
        if "integration" in steps:
            await add_growatt(hass, args.emulator)
        if "energy" in steps:
            await configure_energy(hass)
    return 0


def main() -> None:
    """Parse the command line and set up what is missing."""
    parser = argparse.ArgumentParser(
        prog="scripts/demo_setup.py",
        description="Onboard Home Assistant, add Growatt, fill the Energy dashboard.",
    )
    parser.add_argument(
        "steps", nargs="*", metavar="STEP", help=f"any of {', '.join(STEPS)} (all)"
    )
    parser.add_argument("--hass", default="http://127.0.0.1:8123")
    parser.add_argument("--emulator", default="http://127.0.0.1:8081/")
    parser.add_argument(
        "--timeout",
        type=float,
        default=600,
        help="seconds to wait for Home Assistant to answer (default 600)",
    )
    parser.add_argument(
        "--watch-pid",
        type=int,
        help="stop waiting when this process (Home Assistant) has exited",
    )
    args = parser.parse_args()
    if unknown := set(args.steps) - set(STEPS):
        parser.error(f"unknown steps: {', '.join(sorted(unknown))}")
    try:
        sys.exit(asyncio.run(run(args)))
    except SetupError as err:
        sys.exit(f"Demo setup failed: {err}")
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
