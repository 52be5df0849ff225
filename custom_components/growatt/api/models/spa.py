"""SPA family (AC-coupled storage): the MIX models with SPA keys.

The legacy API reads an SPA through its settings bean
(`newSpaApi.do?op=getSpaSetData` -> `obj.spaBean`, the same keys as MIX's
`mixBean`; the op name is from openHAB and unverified) and its
`device_list()` entry (`capacity`, `pCharge`, `activePower`,
`eChargeToday`); no legacy SPA telemetry endpoint is known, so
MIX-shaped payloads are accepted when a client has them. v1
`device/spa/...` detail and last data use the `mix_data_info` /
`mix_last_data` key sets.
"""

from __future__ import annotations

from datetime import tzinfo

from .coerce import unwrap
from .common import Device, DeviceFamily, Raw
from .mix import build_legacy, build_v1


def from_legacy(
    settings: Raw | None = None,
    *,
    device_entry: Raw | None = None,
    info: Raw | None = None,
    totals: Raw | None = None,
    system_status: Raw | None = None,
    detail: Raw | None = None,
    serial: str | None = None,
    plant_id: str | int | None = None,
    tz: tzinfo | None = None,
) -> Device:
    """An SPA from its legacy settings bean and device-list entry."""
    return build_legacy(
        DeviceFamily.SPA,
        info=info,
        totals=totals,
        system_status=system_status,
        detail=detail,
        bean=unwrap(settings, "obj", "spaBean"),
        device_entry=device_entry,
        serial=serial,
        plant_id=plant_id,
        tz=tz,
    )


def from_v1(
    detail: Raw | None,
    *,
    last_data: Raw | None = None,
    device_entry: Raw | None = None,
    serial: str | None = None,
    plant_id: str | int | None = None,
    tz: tzinfo | None = None,
) -> Device:
    """An SPA from the v1 SPA detail and last data."""
    return build_v1(
        DeviceFamily.SPA,
        detail=detail,
        last_data=last_data,
        device_entry=device_entry,
        serial=serial,
        plant_id=plant_id,
        tz=tz,
    )


__all__ = ["from_legacy", "from_v1"]
