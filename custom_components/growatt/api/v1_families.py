"""OpenAPI v1 methods of the families growattServer lacks: classic inverter, storage, MAX, SPA."""

from __future__ import annotations

from datetime import date
from typing import Any

from .v1_base import V1Base
from .v1_devices import ChargePeriod, Inverter, Max, ParameterValue, Spa, Storage


class V1FamiliesMixin(V1Base):
    """Classic inverter, storage, MAX and SPA endpoints the v1 documentation lists."""

    async def inverter_detail(self, device_sn: str) -> dict[str, Any]:
        """`inv_data_info`: the classic inverter's bean."""
        return await Inverter(self, device_sn).detail()

    async def inverter_energy(self, device_sn: str) -> dict[str, Any]:
        """`last_new_data`: the classic inverter's latest record."""
        return await Inverter(self, device_sn).energy()

    async def inverter_energy_history(
        self,
        device_sn: str,
        start_date: date | None = None,
        end_date: date | None = None,
        timezone: str | None = None,
        page: int | None = None,
        limit: int | None = None,
    ) -> dict[str, Any]:
        """`device/inverter/data`: the classic inverter's records of at most 7 days."""
        return await Inverter(self, device_sn).energy_history(
            start_date, end_date, timezone, page, limit
        )

    async def inverter_read_parameter(
        self,
        device_sn: str,
        parameter_id: str | None = None,
        start_address: int | None = None,
        end_address: int | None = None,
    ) -> Any:
        """`readInverterParam`: a named setting or a register range."""
        return await Inverter(self, device_sn).read_parameter(
            parameter_id, start_address, end_address
        )

    async def inverter_write_parameter(
        self,
        device_sn: str,
        parameter_id: str,
        parameter_values: ParameterValue | None = None,
    ) -> Any:
        """`inverterSet`: `paramId`, `command_1`, `command_2`."""
        return await Inverter(self, device_sn).write_parameter(
            parameter_id, parameter_values
        )

    async def storage_detail(self, device_sn: str) -> dict[str, Any]:
        """`storage_data_info`: the storage unit's bean."""
        return await Storage(self, device_sn).detail()

    async def storage_energy(self, device_sn: str) -> dict[str, Any]:
        """`storage_last_data`: the storage unit's latest record."""
        return await Storage(self, device_sn).energy()

    async def storage_energy_history(
        self,
        device_sn: str,
        start_date: date | None = None,
        end_date: date | None = None,
        timezone: str | None = None,
        page: int | None = None,
        limit: int | None = None,
    ) -> dict[str, Any]:
        """`storage_data`: the storage unit's records of at most 7 days."""
        return await Storage(self, device_sn).energy_history(
            start_date, end_date, timezone, page, limit
        )

    async def storage_read_parameter(
        self,
        device_sn: str,
        parameter_id: str | None = None,
        start_address: int | None = None,
        end_address: int | None = None,
    ) -> Any:
        """`readStorageParam`: a named setting or a register range."""
        return await Storage(self, device_sn).read_parameter(
            parameter_id, start_address, end_address
        )

    async def storage_write_parameter(
        self,
        device_sn: str,
        parameter_id: str,
        parameter_values: ParameterValue | None = None,
    ) -> Any:
        """`storageSet`: one storage setting, `param1..param19`."""
        return await Storage(self, device_sn).write_parameter(
            parameter_id, parameter_values
        )

    async def max_detail(self, device_sn: str) -> dict[str, Any]:
        """`max_data_info`: the MAX inverter's bean."""
        return await Max(self, device_sn).detail()

    async def max_energy(self, device_sn: str) -> dict[str, Any]:
        """`max_last_data`: the MAX inverter's latest record."""
        return await Max(self, device_sn).energy()

    async def max_energy_history(
        self,
        device_sn: str,
        start_date: date | None = None,
        end_date: date | None = None,
        timezone: str | None = None,
        page: int | None = None,
        limit: int | None = None,
    ) -> dict[str, Any]:
        """`max_data`: the MAX inverter's records of at most 7 days."""
        return await Max(self, device_sn).energy_history(
            start_date, end_date, timezone, page, limit
        )

    async def max_read_parameter(
        self,
        device_sn: str,
        parameter_id: str | None = None,
        start_address: int | None = None,
        end_address: int | None = None,
    ) -> Any:
        """`readMaxParam`: a named setting or a register range."""
        return await Max(self, device_sn).read_parameter(
            parameter_id, start_address, end_address
        )

    async def max_write_parameter(
        self,
        device_sn: str,
        parameter_id: str,
        parameter_values: ParameterValue | None = None,
    ) -> Any:
        """`maxSet`: one MAX setting, `param1..param19`."""
        return await Max(self, device_sn).write_parameter(
            parameter_id, parameter_values
        )

    async def spa_detail(self, device_sn: str) -> dict[str, Any]:
        """`spa_data_info`: the SPA bean with its charge settings."""
        return await Spa(self, device_sn).detail()

    async def spa_energy(self, device_sn: str) -> dict[str, Any]:
        """`spa_last_data`: the SPA's latest record."""
        return await Spa(self, device_sn).energy()

    async def spa_energy_history(
        self,
        device_sn: str,
        start_date: date | None = None,
        end_date: date | None = None,
        timezone: str | None = None,
        page: int | None = None,
        limit: int | None = None,
    ) -> dict[str, Any]:
        """`spa_data`: the SPA's records of at most 7 days."""
        return await Spa(self, device_sn).energy_history(
            start_date, end_date, timezone, page, limit
        )

    async def spa_read_parameter(
        self,
        device_sn: str,
        parameter_id: str | None = None,
        start_address: int | None = None,
        end_address: int | None = None,
    ) -> Any:
        """`readSpaParam`: a named setting or a register range."""
        return await Spa(self, device_sn).read_parameter(
            parameter_id, start_address, end_address
        )

    async def spa_write_parameter(
        self,
        device_sn: str,
        parameter_id: str,
        parameter_values: ParameterValue | None = None,
    ) -> Any:
        """`spaSet`: one SPA setting, `param1..param18`."""
        return await Spa(self, device_sn).write_parameter(
            parameter_id, parameter_values
        )

    async def spa_write_ac_charge_times(
        self,
        device_sn: str,
        charge_power: int,
        charge_stop_soc: int,
        periods: list[ChargePeriod],
    ) -> Any:
        """`spaSet` `spa_ac_charge_time_period`."""
        return await Spa(self, device_sn).write_ac_charge_times(
            charge_power, charge_stop_soc, periods
        )
