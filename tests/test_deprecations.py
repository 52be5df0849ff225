"""The suite fails when this integration uses something deprecated.

Home Assistant warns for months before a deprecated API stops working; the
autouse fixture `no_deprecations` (conftest) turns each warning that names
this integration into a failed test. These tests show that it bites, and
that it leaves other integrations' deprecations alone.
"""

from __future__ import annotations

import warnings

from homeassistant.core import HomeAssistant
from homeassistant.helpers.frame import report_usage
from homeassistant.loader import async_get_integration
import pytest

from custom_components.growatt.const import DOMAIN

from .conftest import INTEGRATION_DIR, deprecations, fail_on_deprecations

pytestmark = pytest.mark.usefixtures("enable_custom_integrations")


async def test_a_deprecation_home_assistant_reports_fails_the_test(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture
) -> None:
    """What `report_usage` logs about this integration fails the test."""
    await async_get_integration(hass, DOMAIN)
    report_usage(
        "calls an API that is going away",
        breaks_in_ha_version="2099.1.0",
        integration_domain=DOMAIN,
    )

    found = deprecations(caplog.records, [])
    assert len(found) == 1
    assert f"custom integration '{DOMAIN}' calls an API that is going away" in found[0]
    with pytest.raises(pytest.fail.Exception, match="going away"):
        fail_on_deprecations(caplog.records, [])
    # Caught as it should be: this test itself passes.
    caplog.clear()


def test_a_python_deprecation_in_the_integration_fails_the_test() -> None:
    """A DeprecationWarning raised from the integration's code fails the test."""
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        warnings.warn_explicit(
            "datetime.utcnow() is deprecated",
            DeprecationWarning,
            str(INTEGRATION_DIR / "coordinator.py"),
            1,
        )
        warnings.warn_explicit(
            "not ours", DeprecationWarning, "/elsewhere/library.py", 1
        )

    assert deprecations([], warned) == ["datetime.utcnow() is deprecated"]
    with pytest.raises(pytest.fail.Exception, match="utcnow"):
        fail_on_deprecations([], warned)


async def test_another_integrations_deprecation_is_not_this_ones(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture
) -> None:
    """Only deprecations that name this integration fail its tests."""
    await async_get_integration(hass, "sun")
    report_usage(
        "calls an API that is going away",
        breaks_in_ha_version="2099.1.0",
        integration_domain="sun",
    )

    assert "integration 'sun' calls an API that is going away" in caplog.text
    assert deprecations(caplog.records, []) == []
    fail_on_deprecations(caplog.records, [])
