"""Legacy writes: plant settings and the settings of TLX, MIX, SPA, Noah and classic inverters.

Each is a function of the `LegacySession`, named and shaped as growattServer's
method of the same name.
"""

from __future__ import annotations

from datetime import time
from typing import Any

import aiohttp

from .exceptions import GrowattParameterError
from .legacy_plant import plant_settings
from .legacy_session import LegacySession

type Parameters = dict[str, Any] | list[Any]

# update_plant_settings: form field <- key of the plant_settings bean.
_PLANT_FORM_FIELDS = {
    "plantCoal": "formulaCoal",
    "plantSo2": "formulaSo2",
    "accountName": "userAccount",
    "plantID": "id",
    "plantCountry": "country",
    "plantType": "plantType",
    "plantIncome": "formulaMoneyStr",
    "plantAddress": "plantAddress",
    "plantTimezone": "timezone",
    "plantLng": "plant_lng",
    "plantCity": "city",
    "plantCo2": "formulaCo2",
    "plantMoney": "formulaMoneyUnitId",
    "plantPower": "nominalPower",
    "plantLat": "plant_lat",
    "plantDate": "createDateText",
    "plantName": "plantName",
}


def numbered(parameters: Parameters) -> dict[str, Any]:
    """A list as `param1..paramN`; a dict as it is."""
    if isinstance(parameters, list):
        return {f"param{index}": value for index, value in enumerate(parameters, 1)}
    return dict(parameters)


def _clock_time(value: time | str) -> time:
    """A `datetime.time`, or "H:M" text as the README documents it."""
    if isinstance(value, time):
        return value
    try:
        hour, minute = value.split(":")
        return time(int(hour), int(minute))
    except ValueError as err:
        raise GrowattParameterError(f"{value!r} is not a time of day") from err


async def _write(
    api: LegacySession,
    endpoint: str,
    *,
    op: str | None,
    params: dict[str, Any] | None = None,
    data: dict[str, Any] | aiohttp.FormData | None = None,
) -> dict[str, Any]:
    payload = await api.request("POST", endpoint, op=op, params=params, data=data)
    return api.checked(endpoint, payload)


async def update_plant_settings(
    api: LegacySession,
    plant_id: int | str,
    changed_settings: dict[str, Any],
    current_settings: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """`updatePlant`: resend every plant field, with `changed_settings` applied.

    `changed_settings` uses the form's names (`plantName`, `plantMoney`, ...).
    """
    if current_settings is None:
        current_settings = await plant_settings(api, plant_id)
    fields = {
        form_key: str(current_settings[bean_key])
        for form_key, bean_key in _PLANT_FORM_FIELDS.items()
    }
    fields["plantFirm"] = "0"
    fields.update({key: str(value) for key, value in changed_settings.items()})
    form = aiohttp.FormData(default_to_multipart=True)
    for key, value in fields.items():
        form.add_field(key, value)
    return await _write(
        api,
        "newTwoPlantAPI.do",
        op="updatePlant",
        params={"op": "updatePlant"},
        data=form,
    )


async def update_inverter_setting(
    api: LegacySession,
    serial_number: str,
    setting_type: str,
    default_parameters: dict[str, Any],
    parameters: Parameters,
) -> dict[str, Any]:
    """`newTcpsetAPI.do`: everything in the query string, an empty body."""
    _ = serial_number, setting_type
    merged = {**default_parameters, **numbered(parameters)}
    return await _write(api, "newTcpsetAPI.do", op=merged.get("op"), params=merged)


async def update_tlx_inverter_setting(
    api: LegacySession,
    serial_number: str,
    setting_type: str,
    parameter: Parameters | str | int | float,
) -> dict[str, Any]:
    """`tlxSet`: one TLX/MIN setting; a scalar goes to `param1`."""
    if not isinstance(parameter, dict | list):
        parameter = {"param1": parameter}
    return await update_inverter_setting(
        api,
        serial_number,
        setting_type,
        {"op": "tlxSet", "serialNum": serial_number, "type": setting_type},
        parameter,
    )


async def update_tlx_inverter_time_segment(
    api: LegacySession,
    serial_number: str,
    segment_id: int,
    batt_mode: int,
    start_time: time | str,
    end_time: time | str,
    enabled: bool,
) -> dict[str, Any]:
    """`tlxSet` `time_segment<N>`: mode, start, end (zero-padded), enabled; form body."""
    start = _clock_time(start_time)
    end = _clock_time(end_time)
    return await update_tlx_inverter_form_setting(
        api,
        serial_number,
        f"time_segment{segment_id}",
        [
            int(batt_mode),
            start.strftime("%H"),
            start.strftime("%M"),
            end.strftime("%H"),
            end.strftime("%M"),
            "1" if enabled else "0",
        ],
    )


async def update_tlx_inverter_form_setting(
    api: LegacySession,
    serial_number: str,
    setting_type: str,
    parameters: Parameters,
) -> dict[str, Any]:
    """`tlxSet` with the setting in a form body, as the app sends time segments."""
    return await _write(
        api,
        "newTcpsetAPI.do",
        op="tlxSet",
        params={"op": "tlxSet"},
        data={"serialNum": serial_number, "type": setting_type, **numbered(parameters)},
    )


async def update_mix_inverter_setting(
    api: LegacySession, serial_number: str, setting_type: str, parameters: Parameters
) -> dict[str, Any]:
    """`mixSetApiNew`: one MIX/SPH setting, `param1..N` in the query."""
    return await update_inverter_setting(
        api,
        serial_number,
        setting_type,
        {"op": "mixSetApiNew", "serialNum": serial_number, "type": setting_type},
        parameters,
    )


async def update_ac_inverter_setting(
    api: LegacySession, serial_number: str, setting_type: str, parameters: Parameters
) -> dict[str, Any]:
    """`spaSetApi`: one SPA (AC-coupled) setting, `param1..N` in the query."""
    return await update_inverter_setting(
        api,
        serial_number,
        setting_type,
        {"op": "spaSetApi", "serialNum": serial_number, "type": setting_type},
        parameters,
    )


async def update_noah_settings(
    api: LegacySession, serial_number: str, setting_type: str, parameters: Parameters
) -> dict[str, Any]:
    """`noahDeviceApi/noah/set`: one Noah setting, `param1..N` in the form body."""
    return await _write(
        api,
        "noahDeviceApi/noah/set",
        op=None,
        data={
            "serialNum": serial_number,
            "type": setting_type,
            **numbered(parameters),
        },
    )


async def update_classic_inverter_setting(
    api: LegacySession, default_parameters: dict[str, Any], parameters: Parameters
) -> dict[str, Any]:
    """`tcpSet.do`: a classic inverter setting (`paramId`, `command_1`, `command_2`)."""
    merged = {**default_parameters, **numbered(parameters)}
    return await _write(api, "tcpSet.do", op=merged.get("action"), params=merged)


async def set_classic_inverter_active_power_rate(
    api: LegacySession, serial_number: str, power_rate: int
) -> dict[str, Any]:
    """Limit a classic inverter's active power to `power_rate` % (0-100)."""
    return await update_classic_inverter_setting(
        api,
        {"action": "inverterSet", "serialNum": serial_number},
        {
            "paramId": "pv_active_p_rate",
            "command_1": str(power_rate),
            "command_2": "",
        },
    )


async def set_classic_inverter_on_off(
    api: LegacySession, serial_number: str, enabled: bool
) -> dict[str, Any]:
    """Switch a classic inverter on or off."""
    return await update_classic_inverter_setting(
        api,
        {"action": "inverterSet", "serialNum": serial_number},
        {
            "paramId": "pv_on_off",
            "command_1": "0001" if enabled else "0000",
            "command_2": "",
        },
    )
