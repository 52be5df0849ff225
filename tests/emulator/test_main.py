"""`python -m emulator` serves a world on the port it is given."""

from __future__ import annotations

import asyncio
from pathlib import Path
import socket
import subprocess
import sys

import aiohttp
import pytest

ROOT = Path(__file__).parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.mark.usefixtures("socket_enabled")
@pytest.mark.parametrize("world_file", [None, "world.yaml"])
async def test_command_line_serves_the_world(
    tmp_path: Path, world_file: str | None
) -> None:
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "emulator",
        "--port",
        str(port),
        "--latency",
        "0.01",
    ]
    if world_file:
        path = tmp_path / world_file
        path.write_text(
            "accounts:\n  - username: jane\n    password: pw\n    plants:\n"
            "      - devices: [{sn: INVX, family: inverter}]\n"
        )
        command += ["--world", str(path)]
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        state = None
        async with aiohttp.ClientSession() as http:
            for _ in range(100):
                try:
                    async with http.get(
                        f"http://127.0.0.1:{port}/_emulator/state"
                    ) as response:
                        state = await response.json()
                        break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.1)
        assert state is not None, "the emulator did not start"
        expected = "jane" if world_file else "demo"
        assert state["accounts"][0]["username"] == expected
        assert state["config"]["latency"] == 0.01
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}/" in output.decode()
