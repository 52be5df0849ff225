"""OpenAPI v1 device families: MIN (TLX), SPH (MIX), classic inverter, storage, MAX, SPA."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, TypedDict

from .const import BatteryMode, DeviceType
from .exceptions import GrowattParameterError

if TYPE_CHECKING:
    from .v1_base import V1Session

type ParameterValue = str | int | float | bool | list[Any] | dict[int | str, Any]

MAX_HISTORY_DAYS = 7
MODE_NAMES: dict[int, str] = {
    BatteryMode.LOAD_FIRST: "Load First",
    BatteryMode.BATTERY_FIRST: "Battery First",
    BatteryMode.GRID_FIRST: "Grid First",
}


class ChargePeriod(TypedDict):
    """One of the three SPH/SPA charge or discharge slots to write."""

    start_time: time
    end_time: time
    enabled: bool


def _unset(raw: object) -> bool:
    return raw is None or raw in ("", "null")


def _clock_text(raw: object) -> str:
    """Growatt's unpadded "H:M" (or a padded one) as "HH:MM"; "00:00" when unreadable."""
    if _unset(raw):
        return "00:00"
    try:
        hour, minute = str(raw).split(":")[:2]
        return f"{int(hour):02d}:{int(minute):02d}"
    except ValueError:
        return "00:00"


def _int_or(raw: object, default: int | None) -> int | None:
    if _unset(raw):
        return default
    try:
        return int(float(str(raw)))
    except ValueError:
        return default


def _flag(raw: object) -> bool:
    return _int_or(raw, 0) == 1


def _parse_periods(settings: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    """The three `forced<kind>Time*` slots of an SPH/SPA bean."""
    return [
        {
            "period_id": slot,
            "start_time": _clock_text(settings.get(f"forced{kind}TimeStart{slot}")),
            "end_time": _clock_text(settings.get(f"forced{kind}TimeStop{slot}")),
            "enabled": _flag(settings.get(f"forced{kind}StopSwitch{slot}")),
        }
        for slot in range(1, 4)
    ]


def _slot_params(periods: list[ChargePeriod], first: int) -> dict[str, str]:
    """3 slots x (start h, start m, end h, end m, enabled) from `param<first>` on."""
    if len(periods) != 3:
        raise GrowattParameterError("periods must hold exactly 3 slots")
    params: dict[str, str] = {}
    for index, period in enumerate(periods):
        base = first + index * 5
        params[f"param{base}"] = str(period["start_time"].hour)
        params[f"param{base + 1}"] = str(period["start_time"].minute)
        params[f"param{base + 2}"] = str(period["end_time"].hour)
        params[f"param{base + 3}"] = str(period["end_time"].minute)
        params[f"param{base + 4}"] = "1" if period["enabled"] else "0"
    return params


def _percent(name: str, value: int) -> str:
    if not 0 <= value <= 100:
        raise GrowattParameterError(f"{name} must be between 0 and 100")
    return str(value)


class V1Device:
    """A device behind the v1 API; subclasses name the family's paths and keys."""

    DEVICE_TYPE_ID: ClassVar[int]
    detail_path: ClassVar[str]
    energy_path: ClassVar[str]
    history_path: ClassVar[str]
    read_path: ClassVar[str]
    write_path: ClassVar[str]
    sn_key: ClassVar[str]  # form key of the serial for realtime, history, writes
    param_count: ClassVar[int] = 19
    # Register reads: MIN copies a missing bound from the other, SPH sends none.
    copy_register_bounds: ClassVar[bool] = True

    def __init__(self, api: V1Session, device_sn: str) -> None:
        """Bind a serial number to the client."""
        self.api = api
        self.device_sn = device_sn

    async def detail(self) -> dict[str, Any]:
        """The device bean (with its settings)."""
        result: dict[str, Any] = await self.api.call(
            "GET", self.detail_path, params={"device_sn": self.device_sn}
        )
        return result

    async def energy(self) -> dict[str, Any]:
        """The latest realtime record."""
        result: dict[str, Any] = await self.api.call(
            "POST", self.energy_path, data={self.sn_key: self.device_sn}
        )
        return result

    async def energy_history(
        self,
        start_date: date | None = None,
        end_date: date | None = None,
        timezone: str | None = None,
        page: int | None = None,
        limit: int | None = None,
    ) -> dict[str, Any]:
        """Realtime records of a range of at most 7 days (`datas`, paged)."""
        today = self.api.local_today()
        if start_date is None:
            start_date = end_date if end_date is not None else today
        if end_date is None:
            end_date = start_date
        if end_date - start_date > timedelta(days=MAX_HISTORY_DAYS):
            raise GrowattParameterError("date interval must not exceed 7 days")
        result: dict[str, Any] = await self.api.call(
            "POST",
            self.history_path,
            data={
                self.sn_key: self.device_sn,
                "start_date": start_date.strftime("%Y-%m-%d"),
                "end_date": end_date.strftime("%Y-%m-%d"),
                "timezone_id": timezone,
                "page": page,
                "perpage": limit,
            },
        )
        return result

    async def read_parameter(
        self,
        parameter_id: str | None = None,
        start_address: int | None = None,
        end_address: int | None = None,
    ) -> Any:
        """Read a named setting, or registers `start_address..end_address`."""
        if parameter_id is None and start_address is None:
            raise GrowattParameterError(
                "specify either parameter_id or start_address/end_address"
            )
        if parameter_id is not None and start_address is not None:
            raise GrowattParameterError(
                "specify either parameter_id or start_address/end_address, not both"
            )
        if parameter_id is not None:
            start_address = end_address = 0
        else:
            parameter_id = "set_any_reg"
            if self.copy_register_bounds and end_address is None:
                end_address = start_address
        return await self.api.call(
            "POST",
            self.read_path,
            data={
                "device_sn": self.device_sn,
                "paramId": parameter_id,
                "startAddr": start_address,
                "endAddr": end_address,
            },
        )

    async def write_parameter(
        self, parameter_id: str, parameter_values: ParameterValue | None = None
    ) -> Any:
        """Write a setting: `param1..paramN` always all sent, unused ones empty.

        A scalar goes to `param1`, a list fills from `param1`, a dict maps
        positions to values.
        """
        values = dict.fromkeys(range(1, self.param_count + 1), "")
        if isinstance(parameter_values, list):
            for position, value in enumerate(parameter_values[: self.param_count], 1):
                values[position] = str(value)
        elif isinstance(parameter_values, dict):
            for raw_position, value in parameter_values.items():
                position = int(raw_position)
                if 1 <= position <= self.param_count:
                    values[position] = str(value)
        elif parameter_values is not None:
            values[1] = str(parameter_values)
        return await self._write(
            parameter_id,
            {f"param{position}": value for position, value in values.items()},
        )

    async def write_exact(self, setting_type: str, values: list[str]) -> Any:
        """Write a setting with exactly `values` as `param1..`, nothing after them."""
        return await self._write(
            setting_type,
            {f"param{position}": value for position, value in enumerate(values, 1)},
        )

    async def _write(self, setting_type: str, params: dict[str, str]) -> Any:
        return await self.api.call(
            "POST",
            self.write_path,
            data={self.sn_key: self.device_sn, "type": setting_type, **params},
        )


class Min(V1Device):
    """A MIN (TLX, TL-X/TL-XH/MIC/MOD/NEO) inverter."""

    DEVICE_TYPE_ID = DeviceType.MIN
    detail_path = "device/tlx/tlx_data_info"
    energy_path = "device/tlx/tlx_last_data"
    history_path = "device/tlx/tlx_data"
    read_path = "readMinParam"
    write_path = "tlxSet"
    sn_key = "tlx_sn"
    param_count = 19

    async def settings(self) -> dict[str, Any]:
        """The settings bean (`tlx_set_info`)."""
        result: dict[str, Any] = await self.api.call(
            "GET", "device/tlx/tlx_set_info", params={"device_sn": self.device_sn}
        )
        return result

    async def write_time_segment(
        self,
        segment_id: int,
        batt_mode: int,
        start_time: time,
        end_time: time,
        enabled: bool = True,
    ) -> Any:
        """Write time segment 1-9: mode, start and end (unpadded), enabled."""
        if not 1 <= segment_id <= 9:
            raise GrowattParameterError("segment_id must be between 1 and 9")
        if batt_mode not in tuple(BatteryMode):
            raise GrowattParameterError("batt_mode must be between 0 and 2")
        params = {
            "param1": str(int(batt_mode)),
            "param2": str(start_time.hour),
            "param3": str(start_time.minute),
            "param4": str(end_time.hour),
            "param5": str(end_time.minute),
            "param6": "1" if enabled else "0",
        }
        params.update({f"param{n}": "" for n in range(7, self.param_count + 1)})
        return await self._write(f"time_segment{segment_id}", params)

    async def read_time_segments(
        self, settings_data: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """The nine time segments of the settings (read them when not given)."""
        if settings_data is None:
            settings_data = await self.settings()
        segments: list[dict[str, Any]] = []
        for segment in range(1, 10):
            mode = _int_or(settings_data.get(f"time{segment}Mode"), None)
            segments.append(
                {
                    "segment_id": segment,
                    "batt_mode": mode,
                    "mode_name": "Unknown"
                    if mode is None
                    else MODE_NAMES.get(mode, "Unknown"),
                    "start_time": _clock_text(
                        settings_data.get(f"forcedTimeStart{segment}")
                    ),
                    "end_time": _clock_text(
                        settings_data.get(f"forcedTimeStop{segment}")
                    ),
                    "enabled": _flag(settings_data.get(f"forcedStopSwitch{segment}")),
                }
            )
        return segments


class _ChargeSchedules(V1Device):
    """SPH and SPA: a bean with three charge and three discharge slots."""

    async def read_ac_charge_times(
        self, settings_data: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Charge power, stop SOC, grid charging and the three charge slots."""
        if settings_data is None:
            settings_data = await self.detail()
        return {
            "charge_power": _int_or(settings_data.get("chargePowerCommand"), 0),
            "charge_stop_soc": _int_or(settings_data.get("wchargeSOCLowLimit"), 100),
            "mains_enabled": _flag(settings_data.get("acChargeEnable")),
            "periods": _parse_periods(settings_data, "Charge"),
        }

    async def read_ac_discharge_times(
        self, settings_data: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Discharge power, stop SOC and the three discharge slots."""
        if settings_data is None:
            settings_data = await self.detail()
        return {
            "discharge_power": _int_or(settings_data.get("disChargePowerCommand"), 0),
            "discharge_stop_soc": _int_or(
                settings_data.get("wdisChargeSOCLowLimit"), 10
            ),
            "periods": _parse_periods(settings_data, "Discharge"),
        }


class Sph(_ChargeSchedules):
    """An SPH (MIX) hybrid inverter."""

    DEVICE_TYPE_ID = DeviceType.SPH
    detail_path = "device/mix/mix_data_info"
    energy_path = "device/mix/mix_last_data"
    history_path = "device/mix/mix_data"
    read_path = "readMixParam"
    write_path = "mixSet"
    sn_key = "mix_sn"
    param_count = 18
    copy_register_bounds = False

    async def write_ac_charge_times(
        self,
        charge_power: int,
        charge_stop_soc: int,
        mains_enabled: bool,
        periods: list[ChargePeriod],
    ) -> Any:
        """`mix_ac_charge_time_period`: p1 power, p2 stop SOC, p3 grid, p4-p18 slots."""
        params = {
            "param1": _percent("charge_power", charge_power),
            "param2": _percent("charge_stop_soc", charge_stop_soc),
            "param3": "1" if mains_enabled else "0",
            **_slot_params(periods, 4),
        }
        return await self._write("mix_ac_charge_time_period", params)

    async def write_ac_discharge_times(
        self,
        discharge_power: int,
        discharge_stop_soc: int,
        periods: list[ChargePeriod],
    ) -> Any:
        """`mix_ac_discharge_time_period`: p1 power, p2 stop SOC, p3-p17 slots."""
        params = {
            "param1": _percent("discharge_power", discharge_power),
            "param2": _percent("discharge_stop_soc", discharge_stop_soc),
            **_slot_params(periods, 3),
        }
        return await self._write("mix_ac_discharge_time_period", params)


class Spa(_ChargeSchedules):
    """An SPA (AC-coupled) storage inverter; its paths mirror SPH's."""

    DEVICE_TYPE_ID = DeviceType.SPA
    detail_path = "device/spa/spa_data_info"
    energy_path = "device/spa/spa_last_data"
    history_path = "device/spa/spa_data"
    read_path = "readSpaParam"
    write_path = "spaSet"
    sn_key = "spa_sn"
    param_count = 18

    async def write_ac_charge_times(
        self, charge_power: int, charge_stop_soc: int, periods: list[ChargePeriod]
    ) -> Any:
        """`spa_ac_charge_time_period`: p1 power, p2 stop SOC, p3-p17 slots."""
        params = {
            "param1": _percent("charge_power", charge_power),
            "param2": _percent("charge_stop_soc", charge_stop_soc),
            **_slot_params(periods, 3),
        }
        return await self._write("spa_ac_charge_time_period", params)


class Inverter(V1Device):
    """A classic (and MAX, v1 type 1) grid inverter."""

    DEVICE_TYPE_ID = DeviceType.INVERTER
    detail_path = "device/inverter/inv_data_info"
    energy_path = "device/inverter/last_new_data"
    history_path = "device/inverter/data"
    read_path = "readInverterParam"
    write_path = "inverterSet"
    sn_key = "device_sn"

    async def write_parameter(
        self, parameter_id: str, parameter_values: ParameterValue | None = None
    ) -> Any:
        """`inverterSet`: `paramId`, `command_1` and `command_2` (a list gives both)."""
        if isinstance(parameter_values, dict):
            raise GrowattParameterError("inverterSet takes at most two values")
        if isinstance(parameter_values, list):
            values = [str(value) for value in parameter_values]
        else:
            values = [] if parameter_values is None else [str(parameter_values)]
        if len(values) > 2:
            raise GrowattParameterError("inverterSet takes at most two values")
        values += [""] * (2 - len(values))
        return await self.api.call(
            "POST",
            self.write_path,
            data={
                "device_sn": self.device_sn,
                "paramId": parameter_id,
                "command_1": values[0],
                "command_2": values[1],
            },
        )


class Storage(V1Device):
    """A storage unit (SPF off-grid); its paths follow MIN's pattern."""

    DEVICE_TYPE_ID = DeviceType.STORAGE
    detail_path = "device/storage/storage_data_info"
    energy_path = "device/storage/storage_last_data"
    history_path = "device/storage/storage_data"
    read_path = "readStorageParam"
    write_path = "storageSet"
    sn_key = "storage_sn"


class Max(V1Device):
    """A MAX commercial inverter; its paths follow MIN's pattern."""

    DEVICE_TYPE_ID = DeviceType.MAX
    detail_path = "device/max/max_data_info"
    energy_path = "device/max/max_last_data"
    history_path = "device/max/max_data"
    read_path = "readMaxParam"
    write_path = "maxSet"
    sn_key = "max_sn"


DEVICE_CLASSES: dict[int, type[V1Device]] = {
    cls.DEVICE_TYPE_ID: cls for cls in (Inverter, Storage, Max, Sph, Spa, Min)
}
