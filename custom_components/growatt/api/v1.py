"""`OpenApiV1`: Growatt's documented OpenAPI (token header), async."""

from __future__ import annotations

from datetime import date
from typing import Any
import warnings

from .methods import on_device
from .v1_base import V1Session, default_user_agent
from .v1_devices import (
    DEVICE_CLASSES,
    Inverter,
    Max,
    Min,
    Spa,
    Sph,
    Storage,
    V1Device,
)


class OpenApiV1(V1Session):
    """Growatt's OpenAPI v1 with growattServer's `OpenApiV1` method names.

    The plant methods are its own; the device methods are a table over the
    family classes of `v1_devices` (`min_detail(sn)` is `Min(api, sn).detail()`).

    `OpenApiV1(token)`, keyword arguments `session`, `request_timeout`,
    `server_url`, `user_agent`, `clock`, `on_request`. Every URL is built from
    the current `server_url`. Errors: 10011 GrowattAuthenticationError, 10012
    GrowattRateLimitError (`retry_after` = the endpoint's window), other codes
    GrowattApiError.
    """

    # -- plants ---------------------------------------------------------------------

    async def plant_list(self) -> dict[str, Any]:
        """`plant/list`: `{count, plants}`; also validates the token."""
        # growattServer sends these as a form body on a GET, and Growatt takes it.
        result: dict[str, Any] = await self.call(
            "GET",
            "plant/list",
            data={"page": "", "perpage": "", "search_type": "", "search_keyword": ""},
        )
        return result

    async def user_plant_list(
        self, user_name: str, page: int | None = None, perpage: int | None = None
    ) -> dict[str, Any]:
        """`plant/user_plant_list`: the plants of a user (installer accounts)."""
        result: dict[str, Any] = await self.call(
            "POST",
            "plant/user_plant_list",
            data={"user_name": user_name, "page": page, "perpage": perpage},
        )
        return result

    async def plant_details(self, plant_id: int | str) -> dict[str, Any]:
        """`plant/details`: the plant's description."""
        result: dict[str, Any] = await self.call(
            "GET", "plant/details", params={"plant_id": plant_id}
        )
        return result

    async def plant_energy_overview(self, plant_id: int | str) -> dict[str, Any]:
        """`plant/data`: current power and today's to total energy."""
        result: dict[str, Any] = await self.call(
            "GET", "plant/data", params={"plant_id": plant_id}
        )
        return result

    async def plant_power_overview(
        self, plant_id: int | str, day: str | date | None = None
    ) -> dict[str, Any]:
        """`plant/power`: the 5-minute power of a day (default today)."""
        if day is None:
            day = self.local_today()
        result: dict[str, Any] = await self.call(
            "GET", "plant/power", params={"plant_id": plant_id, "date": str(day)}
        )
        return result

    async def plant_energy_history(
        self,
        plant_id: int | str,
        start_date: date | None = None,
        end_date: date | None = None,
        time_unit: str = "day",
        page: int | None = None,
        perpage: int | None = None,
    ) -> dict[str, Any]:
        """`plant/energy`: energy per day, month or year of a range.

        Growatt bounds the range (7 days, the same or previous year, 20 years);
        longer ones are sent anyway, with a RuntimeWarning.
        """
        today = self.local_today()
        if start_date is None:
            start_date = end_date if end_date is not None else today
        if end_date is None:
            end_date = start_date
        if time_unit == "day" and (end_date - start_date).days > 7:
            warnings.warn(
                "Date interval must not exceed 7 days in 'day' mode.",
                RuntimeWarning,
                stacklevel=2,
            )
        elif time_unit == "month" and end_date.year - start_date.year > 1:
            warnings.warn(
                "Start date must be within same or previous year in 'month' mode.",
                RuntimeWarning,
                stacklevel=2,
            )
        elif time_unit == "year" and end_date.year - start_date.year > 20:
            warnings.warn(
                "Date interval must not exceed 20 years in 'year' mode.",
                RuntimeWarning,
                stacklevel=2,
            )
        result: dict[str, Any] = await self.call(
            "GET",
            "plant/energy",
            params={
                "plant_id": plant_id,
                "start_date": start_date.strftime("%Y-%m-%d"),
                "end_date": end_date.strftime("%Y-%m-%d"),
                "time_unit": time_unit,
                "page": page,
                "perpage": perpage,
            },
        )
        return result

    async def device_list(self, plant_id: int | str) -> dict[str, Any]:
        """`device/list`: `{count, devices}` with v1 type codes."""
        result: dict[str, Any] = await self.call(
            "GET",
            "device/list",
            params={"plant_id": plant_id, "page": "", "perpage": ""},
        )
        return result

    async def datalogger_list(self, plant_id: int | str) -> dict[str, Any]:
        """`device/datalogger/list`: the plant's dataloggers."""
        result: dict[str, Any] = await self.call(
            "GET", "device/datalogger/list", params={"plant_id": plant_id}
        )
        return result

    async def check_sn(self, device_sn: str) -> dict[str, Any]:
        """`device/check/sn`: the device's `type_info` code."""
        result: dict[str, Any] = await self.call(
            "GET", "device/check/sn", params={"device_sn": device_sn}
        )
        return result

    def get_device(self, device_sn: str, device_type: int) -> V1Device | None:
        """The device object of a `device/list` type; None (and a warning) if unknown."""
        device_class = DEVICE_CLASSES.get(device_type)
        if device_class is None:
            warnings.warn(
                f"Device for type id: {device_type} has not been implemented yet.",
                stacklevel=2,
            )
            return None
        return device_class(self, device_sn)

    # -- devices: growattServer's names over the family classes ----------------------
    min_detail = on_device(Min, Min.detail)
    min_energy = on_device(Min, Min.energy)
    min_energy_history = on_device(Min, Min.energy_history)
    min_settings = on_device(Min, Min.settings)
    min_read_parameter = on_device(Min, Min.read_parameter)
    min_write_parameter = on_device(Min, Min.write_parameter)
    min_write_time_segment = on_device(Min, Min.write_time_segment)
    min_read_time_segments = on_device(Min, Min.read_time_segments)

    sph_detail = on_device(Sph, Sph.detail)
    sph_energy = on_device(Sph, Sph.energy)
    sph_energy_history = on_device(Sph, Sph.energy_history)
    sph_read_parameter = on_device(Sph, Sph.read_parameter)
    sph_write_parameter = on_device(Sph, Sph.write_parameter)
    sph_write_ac_charge_times = on_device(Sph, Sph.write_ac_charge_times)
    sph_write_ac_discharge_times = on_device(Sph, Sph.write_ac_discharge_times)
    sph_read_ac_charge_times = on_device(Sph, Sph.read_ac_charge_times)
    sph_read_ac_discharge_times = on_device(Sph, Sph.read_ac_discharge_times)

    # The families growattServer lacks, named after its MIN and SPH methods.
    inverter_detail = on_device(Inverter, Inverter.detail)
    inverter_energy = on_device(Inverter, Inverter.energy)
    inverter_energy_history = on_device(Inverter, Inverter.energy_history)
    inverter_read_parameter = on_device(Inverter, Inverter.read_parameter)
    inverter_write_parameter = on_device(Inverter, Inverter.write_parameter)

    storage_detail = on_device(Storage, Storage.detail)
    storage_energy = on_device(Storage, Storage.energy)
    storage_energy_history = on_device(Storage, Storage.energy_history)
    storage_read_parameter = on_device(Storage, Storage.read_parameter)
    storage_write_parameter = on_device(Storage, Storage.write_parameter)

    max_detail = on_device(Max, Max.detail)
    max_energy = on_device(Max, Max.energy)
    max_energy_history = on_device(Max, Max.energy_history)
    max_read_parameter = on_device(Max, Max.read_parameter)
    max_write_parameter = on_device(Max, Max.write_parameter)

    spa_detail = on_device(Spa, Spa.detail)
    spa_energy = on_device(Spa, Spa.energy)
    spa_energy_history = on_device(Spa, Spa.energy_history)
    spa_read_parameter = on_device(Spa, Spa.read_parameter)
    spa_write_parameter = on_device(Spa, Spa.write_parameter)
    spa_write_ac_charge_times = on_device(Spa, Spa.write_ac_charge_times)


__all__ = ["OpenApiV1", "default_user_agent"]
