"""`OpenApiV1`: Growatt's documented OpenAPI (token header), async."""

from __future__ import annotations

from datetime import date, time
from typing import Any
import warnings

from .v1_base import default_user_agent
from .v1_devices import DEVICE_CLASSES, ChargePeriod, Min, ParameterValue, Sph, V1Device
from .v1_families import V1FamiliesMixin


class OpenApiV1(V1FamiliesMixin):
    """Growatt's OpenAPI v1 with growattServer's `OpenApiV1` method names.

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

    # -- MIN (TLX) --------------------------------------------------------------------

    async def min_detail(self, device_sn: str) -> dict[str, Any]:
        """`tlx_data_info`: the MIN bean with `tlxSetbean`."""
        return await Min(self, device_sn).detail()

    async def min_energy(self, device_sn: str) -> dict[str, Any]:
        """`tlx_last_data`: the MIN's latest realtime record."""
        return await Min(self, device_sn).energy()

    async def min_energy_history(
        self,
        device_sn: str,
        start_date: date | None = None,
        end_date: date | None = None,
        timezone: str | None = None,
        page: int | None = None,
        limit: int | None = None,
    ) -> dict[str, Any]:
        """`tlx_data`: the MIN's records of at most 7 days."""
        return await Min(self, device_sn).energy_history(
            start_date, end_date, timezone, page, limit
        )

    async def min_settings(self, device_sn: str) -> dict[str, Any]:
        """`tlx_set_info`: the MIN's settings bean."""
        return await Min(self, device_sn).settings()

    async def min_read_parameter(
        self,
        device_sn: str,
        parameter_id: str | None = None,
        start_address: int | None = None,
        end_address: int | None = None,
    ) -> Any:
        """`readMinParam`: a named setting or a register range."""
        return await Min(self, device_sn).read_parameter(
            parameter_id, start_address, end_address
        )

    async def min_write_parameter(
        self,
        device_sn: str,
        parameter_id: str,
        parameter_values: ParameterValue | None = None,
    ) -> Any:
        """`tlxSet`: one MIN setting, `param1..param19`."""
        return await Min(self, device_sn).write_parameter(
            parameter_id, parameter_values
        )

    async def min_write_time_segment(
        self,
        device_sn: str,
        segment_id: int,
        batt_mode: int,
        start_time: time,
        end_time: time,
        enabled: bool = True,
    ) -> Any:
        """`tlxSet` `time_segment<N>`: one of the MIN's nine segments."""
        return await Min(self, device_sn).write_time_segment(
            segment_id, batt_mode, start_time, end_time, enabled
        )

    async def min_read_time_segments(
        self, device_sn: str, settings_data: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """The MIN's nine time segments, parsed from its settings."""
        return await Min(self, device_sn).read_time_segments(settings_data)

    # -- SPH (MIX) --------------------------------------------------------------------

    async def sph_detail(self, device_sn: str) -> dict[str, Any]:
        """`mix_data_info`: the SPH bean with its charge settings."""
        return await Sph(self, device_sn).detail()

    async def sph_energy(self, device_sn: str) -> dict[str, Any]:
        """`mix_last_data`: the SPH's latest realtime record."""
        return await Sph(self, device_sn).energy()

    async def sph_energy_history(
        self,
        device_sn: str,
        start_date: date | None = None,
        end_date: date | None = None,
        timezone: str | None = None,
        page: int | None = None,
        limit: int | None = None,
    ) -> dict[str, Any]:
        """`mix_data`: the SPH's records of at most 7 days."""
        return await Sph(self, device_sn).energy_history(
            start_date, end_date, timezone, page, limit
        )

    async def sph_read_parameter(
        self,
        device_sn: str,
        parameter_id: str | None = None,
        start_address: int | None = None,
        end_address: int | None = None,
    ) -> Any:
        """`readMixParam`: a named setting or a register range."""
        return await Sph(self, device_sn).read_parameter(
            parameter_id, start_address, end_address
        )

    async def sph_write_parameter(
        self,
        device_sn: str,
        parameter_id: str,
        parameter_values: ParameterValue | None = None,
    ) -> Any:
        """`mixSet`: one SPH setting, `param1..param18`."""
        return await Sph(self, device_sn).write_parameter(
            parameter_id, parameter_values
        )

    async def sph_write_ac_charge_times(
        self,
        device_sn: str,
        charge_power: int,
        charge_stop_soc: int,
        mains_enabled: bool,
        periods: list[ChargePeriod],
    ) -> Any:
        """`mixSet` `mix_ac_charge_time_period` (battery first)."""
        return await Sph(self, device_sn).write_ac_charge_times(
            charge_power, charge_stop_soc, mains_enabled, periods
        )

    async def sph_write_ac_discharge_times(
        self,
        device_sn: str,
        discharge_power: int,
        discharge_stop_soc: int,
        periods: list[ChargePeriod],
    ) -> Any:
        """`mixSet` `mix_ac_discharge_time_period` (grid first)."""
        return await Sph(self, device_sn).write_ac_discharge_times(
            discharge_power, discharge_stop_soc, periods
        )

    async def sph_read_ac_charge_times(
        self, device_sn: str, settings_data: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """The SPH's charge settings and slots, parsed from its bean."""
        return await Sph(self, device_sn).read_ac_charge_times(settings_data)

    async def sph_read_ac_discharge_times(
        self, device_sn: str, settings_data: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """The SPH's discharge settings and slots, parsed from its bean."""
        return await Sph(self, device_sn).read_ac_discharge_times(settings_data)


__all__ = ["OpenApiV1", "default_user_agent"]
