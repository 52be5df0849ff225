"""Run the emulator: `python -m emulator --port 8081`."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from aiohttp import web

from .app import create_app
from .world import EmulatorConfig
from .worlds import DEMO_TOKEN, default_world, load_world_file


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and serve until interrupted."""
    parser = argparse.ArgumentParser(
        prog="python -m emulator",
        description="A local Growatt cloud: legacy ShinePhone API and OpenAPI v1.",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)"
    )
    parser.add_argument("--port", type=int, default=8081, help="port (default 8081)")
    parser.add_argument("--world", type=Path, help="a JSON or YAML world description")
    parser.add_argument(
        "--latency", type=float, default=0.0, help="seconds added to every answer"
    )
    parser.add_argument(
        "--session-ttl",
        type=float,
        default=24 * 3600,
        help="login session lifetime in seconds",
    )
    parser.add_argument(
        "--v1-rate-scale",
        type=float,
        default=1.0,
        help="multiplier for v1 rate-limit windows",
    )
    args = parser.parse_args(argv)

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s"
    )
    config = EmulatorConfig(
        latency=args.latency,
        session_ttl=args.session_ttl,
        v1_rate_scale=args.v1_rate_scale,
    )
    world = (
        load_world_file(args.world, config=config)
        if args.world
        else default_world(config=config)
    )
    print(f"Growatt emulator on http://{args.host}:{args.port}/")
    if not args.world:
        print(f"  demo account: username demo, password demo, v1 token {DEMO_TOKEN}")
    print(f"  control API: http://{args.host}:{args.port}/_emulator/state")
    web.run_app(create_app(world), host=args.host, port=args.port, print=None)


if __name__ == "__main__":
    main()
