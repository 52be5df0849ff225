"""The demo from scratch and a Chromium to drive it.

`demo` starts `scripts/develop` on a new configuration directory and free
ports, with only the owner set up (`DEVELOP_SETUP=onboarding`): what the test
adds, it adds through the frontend. `page` is Debian's Chromium, driven by
Playwright; screenshots and the demo's log go to artifacts/e2e/.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from dataclasses import dataclass
import json
import os
from pathlib import Path
import signal
import socket
import subprocess
import time
from typing import TYPE_CHECKING, Any
import urllib.request

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
ARTIFACTS = REPO / "artifacts" / "e2e"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# The first start on a new configuration, on two slow cores, takes a minute or
# more; a frontend package to install adds to it.
START_TIMEOUT = 420


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool:
    """Only `scripts/e2e` runs these tests: the unit suite leaves them out."""
    return config.inipath != HERE / "pytest.ini"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Demo:
    """The running demo: where Home Assistant and the emulator answer."""

    hass_url: str
    emulator_url: str

    def emulator(self, path: str) -> Any:
        """GET from the emulator's control API (/_emulator/...)."""
        with urllib.request.urlopen(f"{self.emulator_url}_emulator/{path}") as answer:
            return json.load(answer)

    def setup(self, *steps: str) -> str:
        """Run steps of scripts/demo_setup.py against this demo; their output."""
        return subprocess.run(
            [
                REPO / ".venv" / "bin" / "python",
                REPO / "scripts" / "demo_setup.py",
                "--hass",
                self.hass_url,
                "--emulator",
                self.emulator_url,
                *steps,
            ],
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """scripts/develop on a new configuration: onboarded, nothing added yet."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.iterdir():
        old.unlink()
    hass_port, emulator_port = _free_port(), _free_port()
    env = {
        **os.environ,
        "DEVELOP_CONFIG": str(tmp_path_factory.mktemp("config")),
        "DEVELOP_HASS_PORT": str(hass_port),
        "DEVELOP_EMULATOR_PORT": str(emulator_port),
        "DEVELOP_SETUP": "onboarding",
    }
    log_path = ARTIFACTS / "develop.log"
    with log_path.open("w") as log:
        # A session of its own, so that the whole group (the script, Home
        # Assistant, the emulator) can be stopped together.
        develop = subprocess.Popen(
            [REPO / "scripts" / "develop"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while "Ready: " not in log_path.read_text():
            if develop.poll() is not None:
                pytest.fail(f"scripts/develop exited early, see {log_path}")
            if time.monotonic() > deadline:
                pytest.fail(f"the demo was not ready in {START_TIMEOUT} s")
            time.sleep(1)
        yield Demo(
            hass_url=f"http://127.0.0.1:{hass_port}",
            emulator_url=f"http://127.0.0.1:{emulator_port}/",
        )
    finally:
        _stop(develop)


def _stop(develop: subprocess.Popen[bytes]) -> None:
    """Stop the script, Home Assistant and the emulator: their whole group."""
    try:
        os.killpg(develop.pid, signal.SIGTERM)
        develop.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(develop.pid, signal.SIGKILL)
        develop.wait()
    except ProcessLookupError:
        pass


@pytest.fixture(scope="session")
def page(demo: Demo) -> Iterator[Page]:
    """A Chromium page, in the home's time zone so dates read as in the house."""
    # Imported here: the unit suite loads this file without playwright installed.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        context = browser.new_context(
            viewport={"width": 1600, "height": 1000},
            timezone_id="Europe/Berlin",
            locale="en-US",
        )
        page = context.new_page()
        page.set_default_timeout(30_000)
        try:
            yield page
        finally:
            browser.close()


def screenshot(page: Page, name: str) -> None:
    """Keep what the page shows now as artifacts/e2e/<name>.png."""
    page.screenshot(path=ARTIFACTS / f"{name}.png")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """A screenshot of the page a test failed on."""
    report = yield
    if report.failed and (page := getattr(item, "funcargs", {}).get("page")):
        screenshot(page, f"failed-{item.name}")
    return report
