"""What a settings read, a write and its read-back ask Growatt for, per family and API.

Settings reads cost one request per device: the legacy family's settings
bean, or the v1 family's settings or detail endpoint. A read-back after a
write re-reads the legacy bean; in v1 those endpoints answer once per 5
minutes, so the read-back asks `read*Param` for the one setting written.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import time
from typing import Any

from .api import GrowattApi, OpenApiV1
from .api.models import (
    DeviceFamily,
    inverter as inverter_model,
    mix as mix_model,
    noah as noah_model,
    tlx as tlx_model,
)
from .api.models.coerce import unwrap
from .api.models.common import DeviceSettings
from .api.setting_types import SettingType

# -- reads ---------------------------------------------------------------------------

LegacyReader = Callable[[GrowattApi, str], Awaitable[DeviceSettings]]
V1Reader = Callable[[OpenApiV1, str], Awaitable[DeviceSettings]]


async def _legacy_tlx(client: GrowattApi, serial: str) -> DeviceSettings:
    return tlx_model.device_settings(await client.tlx_get_all_settings(serial))


async def _legacy_mix(client: GrowattApi, serial: str) -> DeviceSettings:
    answer = await client.get_mix_inverter_settings(serial)
    return mix_model.device_settings(unwrap(answer, "obj", "mixBean"))


async def _legacy_spa(client: GrowattApi, serial: str) -> DeviceSettings:
    answer = await client.get_spa_inverter_settings(serial)
    return mix_model.device_settings(unwrap(answer, "obj", "spaBean"))


async def _legacy_classic(client: GrowattApi, serial: str) -> DeviceSettings:
    return inverter_model.device_settings(await client.classic_inverter_info(serial))


async def _legacy_noah(client: GrowattApi, serial: str) -> DeviceSettings:
    info = await client.noah_info(serial)
    return noah_model.device_settings(unwrap(info, "obj", "noah"), {})


LEGACY_SETTINGS: dict[DeviceFamily, LegacyReader] = {
    DeviceFamily.TLX: _legacy_tlx,
    DeviceFamily.MIX: _legacy_mix,
    DeviceFamily.SPA: _legacy_spa,
    DeviceFamily.INVERTER: _legacy_classic,
    DeviceFamily.MAX: _legacy_classic,
    DeviceFamily.NOAH: _legacy_noah,
}


async def _v1_tlx(client: OpenApiV1, serial: str) -> DeviceSettings:
    return tlx_model.device_settings(await client.min_settings(serial))


async def _v1_mix(client: OpenApiV1, serial: str) -> DeviceSettings:
    return mix_model.device_settings(await client.sph_detail(serial))


async def _v1_spa(client: OpenApiV1, serial: str) -> DeviceSettings:
    return mix_model.device_settings(await client.spa_detail(serial))


async def _v1_inverter(client: OpenApiV1, serial: str) -> DeviceSettings:
    return inverter_model.device_settings(await client.inverter_detail(serial))


async def _v1_max(client: OpenApiV1, serial: str) -> DeviceSettings:
    return inverter_model.device_settings(await client.max_detail(serial))


# Families whose v1 settings come with the detail, which the device list has
# just read: parsed from that copy while a new request would answer 10012.
V1_DETAIL_SETTINGS: dict[DeviceFamily, Callable[[dict[str, Any]], DeviceSettings]] = {
    DeviceFamily.MIX: mix_model.device_settings,
    DeviceFamily.SPA: mix_model.device_settings,
    DeviceFamily.INVERTER: inverter_model.device_settings,
    DeviceFamily.MAX: inverter_model.device_settings,
}

V1_SETTINGS: dict[DeviceFamily, V1Reader] = {
    DeviceFamily.TLX: _v1_tlx,
    DeviceFamily.MIX: _v1_mix,
    DeviceFamily.SPA: _v1_spa,
    DeviceFamily.INVERTER: _v1_inverter,
    DeviceFamily.MAX: _v1_max,
}

# v1 `read*Param` per family, for the read-back of one written setting.
V1_PARAMETER_READS: dict[DeviceFamily, str] = {
    DeviceFamily.TLX: "min_read_parameter",
    DeviceFamily.MIX: "sph_read_parameter",
    DeviceFamily.SPA: "spa_read_parameter",
    DeviceFamily.INVERTER: "inverter_read_parameter",
    DeviceFamily.MAX: "max_read_parameter",
}


async def v1_read_back(
    client: OpenApiV1,
    family: DeviceFamily,
    serial: str,
    setting: SettingType,
    current: DeviceSettings,
) -> DeviceSettings:
    """The settings with the one written setting as `read*Param` answers it now."""
    raw = await getattr(client, V1_PARAMETER_READS[family])(serial, setting.name)
    return setting.decode(current, str(raw))


# -- writes ----------------------------------------------------------------------------


def _segment_args(params: list[str]) -> tuple[int, time, time, bool]:
    """Mode, start, end and enabled of a TLX `time_segment<N>` parameter list."""
    mode, h1, m1, h2, m2, enabled = params[:6]
    return (
        int(mode),
        time(int(h1), int(m1)),
        time(int(h2), int(m2)),
        enabled == "1",
    )


def _slot_args(params: list[str], first: int) -> list[Any]:
    """Three MIX/SPA slots from the 0-based position `first` of a parameter list."""
    slots = []
    for n in range(3):
        h1, m1, h2, m2, enabled = params[first + 5 * n : first + 5 * n + 5]
        slots.append(
            {
                "start_time": time(int(h1), int(m1)),
                "end_time": time(int(h2), int(m2)),
                "enabled": enabled == "1",
            }
        )
    return slots


async def legacy_write(
    client: GrowattApi, family: DeviceFamily, serial: str, name: str, params: list[str]
) -> None:
    """One legacy write with the family's endpoint and layout (spec §4.33-4.38)."""
    if family == DeviceFamily.TLX:
        if name.startswith("time_segment"):
            number = int(name.removeprefix("time_segment"))
            await client.update_tlx_inverter_time_segment(
                serial, number, *_segment_args(params)
            )
        else:
            await client.update_tlx_inverter_setting(serial, name, params)
    elif family == DeviceFamily.MIX:
        await client.update_mix_inverter_setting(serial, name, params)
    elif family == DeviceFamily.SPA:
        await client.update_ac_inverter_setting(serial, name, params)
    elif family == DeviceFamily.NOAH:
        await client.update_noah_settings(serial, name, params)
    else:
        await client.update_classic_inverter_setting(
            {"action": "inverterSet", "serialNum": serial},
            {
                "paramId": name,
                "command_1": params[0],
                "command_2": params[1] if len(params) > 1 else "",
            },
        )


async def v1_write(
    client: OpenApiV1, family: DeviceFamily, serial: str, name: str, params: list[str]
) -> None:
    """One v1 write through the library method that documents its layout (§6.7)."""
    if family == DeviceFamily.TLX:
        if name.startswith("time_segment"):
            number = int(name.removeprefix("time_segment"))
            await client.min_write_time_segment(serial, number, *_segment_args(params))
        else:
            await client.min_write_parameter(serial, name, params)
    elif family == DeviceFamily.MIX:
        if name == "mix_ac_charge_time_period":
            await client.sph_write_ac_charge_times(
                serial,
                int(params[0]),
                int(params[1]),
                params[2] == "1",
                _slot_args(params, 3),
            )
        elif name == "mix_ac_discharge_time_period":
            await client.sph_write_ac_discharge_times(
                serial, int(params[0]), int(params[1]), _slot_args(params, 2)
            )
        else:
            await client.sph_write_parameter(serial, name, params)
    elif family == DeviceFamily.SPA:
        if name == "spa_ac_charge_time_period":
            await client.spa_write_ac_charge_times(
                serial, int(params[0]), int(params[1]), _slot_args(params, 2)
            )
        else:
            await client.spa_write_parameter(serial, name, params)
    elif family == DeviceFamily.MAX:
        await client.max_write_parameter(serial, name, params)
    else:
        await client.inverter_write_parameter(serial, name, params[:2])
