"""TLX settings views: `getTlxParams`, `getTlxSetData` (tlxSetBean) and `getSetPass`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiohttp import web

from ..model import Family, Settings
from .common import (
    DeviceView,
    Params,
    bare_failure,
    find_view,
    fixed,
    flag,
    growatt_json,
    hm,
    java_date,
    result_failure,
    result_obj,
    stamp,
    timezone_number,
)
from .idle_tlx import PARAMS, SET_BEAN

TLX = (Family.TLX,)
SEGMENTS = 9
SEASON_OFF = "0_0_0_0_0_0_0"
SPECIAL_OFF = "0_0_0_0_0_0"

# Setting types getSetPass reports as enabled ("tlx_on_off" is "0" in captures;
# `on_grid_discharge_stop_soc` works although it is not listed).
ENABLED_TYPES = (
    "ac_charge",
    "backflow_setting",
    "charge_power",
    "charge_stop_soc",
    "discharge_power",
    "discharge_stop_soc",
    "pf_sys_year",
    "pv_active_p_rate",
    "pv_grid_frequency_high",
    "pv_grid_frequency_low",
    "pv_grid_voltage_high",
    "pv_grid_voltage_low",
    "pv_reactive_p_rate",
    *(f"time_segment{n}" for n in range(1, SEGMENTS + 1)),
    "tlx_ac_discharge_frequency",
    "tlx_ac_discharge_time_period",
    "tlx_ac_discharge_voltage",
    "tlx_backflow_default_power",
    "tlx_cc_current",
    "tlx_custom_pf_curve",
    "tlx_cv_voltage",
    "tlx_dry_contact_enable",
    "tlx_dry_contact_off_power",
    "tlx_dry_contact_power",
    "tlx_exter_comm_Off_GridEn",
    "tlx_lcd_Language",
    "tlx_limit_device",
    "tlx_off_grid_enable",
    "tlx_optimezer_set_param_multi",
    "tlx_reset_to_factory",
)


def system_time(view: DeviceView) -> str:
    """The inverter clock: as last written (pf_sys_year), else the plant's local time."""
    settings = view.device.settings
    if settings.system_time and "-" in settings.system_time:
        return settings.system_time
    return stamp(view.now, view.plant.tz)


def segment_keys(settings: Settings) -> dict[str, str]:
    """Time segments in their four read-back forms, unpadded "H:M"."""
    keys: dict[str, str] = {}
    for n in range(1, SEGMENTS + 1):
        segment = (
            settings.time_segments[n - 1] if n <= len(settings.time_segments) else None
        )
        mode = segment.mode if segment else 0
        start = hm(segment.start) if segment else "0:0"
        end = hm(segment.end) if segment else "0:0"
        enabled = flag(segment.enabled) if segment else "0"
        keys |= {
            f"time{n}Mode": str(mode),
            f"forcedTimeStart{n}": start,
            f"forcedTimeStop{n}": end,
            f"forcedStopSwitch{n}": enabled,
            f"time_segment{n}": f"{mode}_{start}_{end}_{enabled}",
        }
    return keys


def tlx_set_bean(view: DeviceView) -> dict[str, Any]:
    """`tlxSetBean`: every value a string, most settings under their read and write names.

    The real bean has no serial number, no reactive power rate and no
    `exportLimitPowerRate`: the rate is `exportLimitPowerRateStr` ("50.0"),
    the active power rate `activeRate`, the on-grid discharge stop SOC only
    `on_grid_discharge_stop_soc`.
    """
    device = view.device
    s = device.settings
    bean: dict[str, Any] = SET_BEAN | {
        "acChargeEnable": flag(s.ac_charge),
        "ac_charge": flag(s.ac_charge),
        "chargePowerCommand": str(s.charge_power),
        "charge_power": str(s.charge_power),
        "wchargeSOCLowLimit": str(s.charge_stop_soc),
        "charge_stop_soc": str(s.charge_stop_soc),
        "ub_ac_charging_stop_soc": str(s.charge_stop_soc),
        "disChargePowerCommand": str(s.discharge_power),
        "discharge_power": str(s.discharge_power),
        "wdisChargeSOCLowLimit": str(s.discharge_stop_soc),
        "discharge_stop_soc": str(s.discharge_stop_soc),
        "on_grid_discharge_stop_soc": str(s.on_grid_discharge_stop_soc),
        **segment_keys(s),
        **{
            f"season{q}Time{n}": SEASON_OFF
            for q in range(1, 5)
            for n in range(1, SEGMENTS + 1)
        },
        **{f"season{q}MonthTime": "0_0_0" for q in range(1, 5)},
        **{
            f"special{q}Time{n}": SPECIAL_OFF
            for q in (1, 2)
            for n in range(1, SEGMENTS + 1)
        },
        "year_time1": SEASON_OFF,
        **{f"year_time{n}": "" for n in range(2, SEGMENTS + 1)},
        "pf_sys_year": system_time(view),
        "pv_grid_voltage_high": fixed(s.grid_voltage_high),
        "pv_grid_voltage_low": fixed(s.grid_voltage_low),
        "pv_grid_frequency_high": fixed(s.grid_frequency_high, 2),
        "pv_grid_frequency_low": fixed(s.grid_frequency_low, 2),
        "activeRate": str(s.active_power_rate),
        "tlx_pf": fixed(s.power_factor),
        "exportLimit": str(s.export_limit_mode),
        "exportLimitPowerRateStr": fixed(s.export_limit_rate),
        "tlx_on_off": flag(s.on),
        "tlx_off_grid_enable": flag(s.off_grid_enable),
        "tlx_ac_discharge_frequency": str(s.ac_discharge_frequency),
        "tlx_ac_discharge_voltage": str(s.ac_discharge_voltage),
        "tlx_lcd_Language": "1",
        "normalPower": str(device.nominal_power),
        "modbusVersion": "307",
        "dtc": "5100",
        "priorityChoose": str(s.priority),
    }
    # Types the emulator only stores read back as written.
    for name, values in s.extra.items():
        bean[name] = "_".join(values) if len(values) > 1 else values[0]
    return bean


async def tlx_settings(request: web.Request, params: Params) -> web.Response:
    """`POST newTlxApi.do?op=getTlxSetData`, form `serialNum`: `obj.tlxSetBean`."""
    view = find_view(request, params.get("serialNum", ""), TLX)
    if view is None:
        return result_failure()
    return result_obj({"tlxSetBean": tlx_set_bean(view)})


async def tlx_params(request: web.Request, params: Params) -> web.Response:
    """`GET newTlxApi.do?op=getTlxParams&id=`: inverter type and the device bean."""
    view = find_view(request, params.get("id", ""), TLX)
    if view is None:
        return bare_failure()
    device = view.device
    status = {-1: "tlx.status.lost", 0: "tlx.status.checking"}.get(
        view.status, "tlx.status.operating"
    )
    return growatt_json(
        {
            "inverterType": device.model,
            "region": "",
            "newBean": PARAMS
            | {
                "serialNum": device.sn,
                "alias": device.alias,
                "dataLogSn": device.datalogger_sn,
                "deviceType": 5,
                "dtc": 5100,
                "fwVersion": device.firmware,
                "innerVersion": device.inner_version,
                "communicationVersion": "ZAba-0001",
                "modelText": "S00B00D00T00P0FU00M0000",
                "model": 0,
                "pmax": device.nominal_power,
                "vnormal": 360,
                "status": view.status,
                "statusText": status,
                "lost": view.lost,
                "lastUpdateTime": java_date(view.last_update),
                "lastUpdateTimeText": stamp(view.last_update, view.plant.tz),
                "tcpServerIp": "127.0.0.1",
                "timezone": timezone_number(view.plant),
                "treeID": f"ST_{device.sn}",
                "treeName": device.alias,
                "parentID": f"LIST_{device.datalogger_sn}_22",
                "tlxSetbean": None,
                "bdc1Sn": device.battery_sn,
                # Growatt pads unset version strings with NUL characters.
                "bdc1Version": "\u0000\u0000\u0000\u0000-0",
                "manufacturer": "   PV Inverter  ",
                # Growatt does not join this bean to its plant.
                "plantId": 0,
                "children": [],
                "optimezerList": [],
                "eToday": round(view.today("ac"), 1),
                "eTotal": round(view.total("ac"), 1),
                "power": round(view.live.ac_power, 1),
                "pCharge": round(view.live.charge_power, 1),
                "pDischarge": round(view.live.discharge_power, 1),
                "priorityChoose": device.settings.priority,
                "batteryType": 1 if device.has_battery else 0,
                "batSysEnergy": round(device.battery_kwh * 1000),
            },
        }
    )


async def enabled_settings(request: web.Request, params: Params) -> web.Response:
    """`POST newLoginAPI.do?op=getSetPass`: `msg` is the installer password of the day."""
    view = find_view(request, params.get("deviceSn", ""), TLX)
    if view is None:
        return result_failure()
    try:
        day = datetime.strptime(params.get("stringTime", ""), "%Y-%m-%d").date()  # noqa: DTZ007
    except ValueError:
        day = view.local_now.date()
    enable = dict.fromkeys(ENABLED_TYPES, "1") | {"tlx_on_off": "0"}
    return result_obj(
        {"enable": enable, "haveAfci": False, "switch": True},
        msg=f"growatt{day:%Y%m%d}",
    )


SETTINGS_OPS = {
    "getTlxParams": tlx_params,
    "getTlxSetData": tlx_settings,
}

NEW_LOGIN_OPS = {
    "getSetPass": enabled_settings,
}
