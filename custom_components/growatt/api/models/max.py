"""MAX family (commercial three-phase inverters): the classic inverter models.

The legacy API serves MAX through the classic inverter endpoints
(`inverter_detail()`, `classic_inverter_info()`); no MAX-specific legacy
read is known, so export limitation and other MAX settings stay
None. v1 `device/max/...` detail and last data use the inverter key set with
`eacToday`/`eacTotal` for the AC energy.
"""

from __future__ import annotations

from datetime import tzinfo

from .common import Device, DeviceFamily, Raw
from .inverter import build


def from_legacy(
    detail: Raw | None,
    *,
    settings: Raw | None = None,
    device_entry: Raw | None = None,
    serial: str | None = None,
    plant_id: str | int | None = None,
    tz: tzinfo | None = None,
) -> Device:
    """A MAX from `inverter_detail()` and `classic_inverter_info()`."""
    return build(
        DeviceFamily.MAX,
        detail=None,
        last_data=detail,
        settings=settings,
        device_entry=device_entry,
        serial=serial,
        plant_id=plant_id,
        tz=tz,
    )


def from_v1(
    detail: Raw | None,
    *,
    last_data: Raw | None = None,
    settings: Raw | None = None,
    device_entry: Raw | None = None,
    serial: str | None = None,
    plant_id: str | int | None = None,
    tz: tzinfo | None = None,
) -> Device:
    """A MAX from the v1 MAX detail and last data."""
    return build(
        DeviceFamily.MAX,
        detail=detail,
        last_data=last_data,
        settings=settings,
        device_entry=device_entry,
        serial=serial,
        plant_id=plant_id,
        tz=tz,
    )


__all__ = ["from_legacy", "from_v1"]
