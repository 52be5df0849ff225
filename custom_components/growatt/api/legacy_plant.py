"""Legacy plant methods: plant lists, plant figures, device lists, the dashboard."""

from __future__ import annotations

from datetime import datetime
from typing import Any
import warnings

from .const import Timespan
from .legacy_base import LegacyBase


class LegacyPlantMixin(LegacyBase):
    """Plants and their device lists (growattServer names and arguments)."""

    def _date_string(
        self, timespan: Timespan | int | None = None, date: datetime | None = None
    ) -> str:
        """A request date: month charts take "YYYY-MM", year/total "YYYY", others a day."""
        moment = date if date is not None else self._clock()
        if timespan == Timespan.month:
            return moment.strftime("%Y-%m")
        if timespan in (Timespan.year, Timespan.total):
            return moment.strftime("%Y")
        return moment.strftime("%Y-%m-%d")

    async def plant_list(self, user_id: int | str) -> dict[str, Any]:
        """`PlantListAPI.do`: the account's plants (`back`: `data`, `totalData`)."""
        # Fetched without following redirects: an expired session redirects
        # to a login page instead of answering with one.
        payload = await self._request(
            "GET",
            "PlantListAPI.do",
            params={"userId": user_id},
            allow_redirects=False,
        )
        result: dict[str, Any] = self._back("PlantListAPI.do", payload)
        return result

    async def plant_list_two(self) -> list[dict[str, Any]]:
        """`getAllPlantListTwo`: the full plant beans of the account."""
        payload = await self._request(
            "POST",
            "newTwoPlantAPI.do",
            op="getAllPlantListTwo",
            params={"op": "getAllPlantListTwo"},
            data={
                "language": "1",
                "nominalPower": "",
                "order": "1",
                "pageSize": "15",
                "plantName": "",
                "plantStatus": "",
                "toPageNum": "1",
            },
        )
        result: list[dict[str, Any]] = self._checked("newTwoPlantAPI.do", payload).get(
            "PlantList", []
        )
        return result

    async def plant_detail(
        self, plant_id: int | str, timespan: Timespan, date: datetime | None = None
    ) -> dict[str, Any]:
        """`PlantDetailAPI.do`: the plant's energy chart for a day, month or year."""
        payload = await self._request(
            "GET",
            "PlantDetailAPI.do",
            params={
                "plantId": plant_id,
                "type": int(timespan),
                "date": self._date_string(timespan, date),
            },
        )
        result: dict[str, Any] = self._back("PlantDetailAPI.do", payload)
        return result

    async def plant_info(self, plant_id: int | str) -> dict[str, Any]:
        """`getAllDeviceListTwo`: plant totals and its devices by family."""
        payload = await self._request(
            "GET",
            "newTwoPlantAPI.do",
            op="getAllDeviceListTwo",
            params={
                "op": "getAllDeviceListTwo",
                "plantId": plant_id,
                "pageNum": 1,
                "pageSize": 1,
            },
        )
        return self._checked("newTwoPlantAPI.do", payload)

    async def plant_settings(self, plant_id: int | str) -> dict[str, Any]:
        """`getPlant`: the plant bean (name, location, tariffs, formulas)."""
        payload = await self._request(
            "GET",
            "newPlantAPI.do",
            op="getPlant",
            params={"op": "getPlant", "plantId": plant_id},
        )
        return self._checked("newPlantAPI.do", payload)

    async def plant_energy_data(self, plant_id: int | str) -> dict[str, Any]:
        """`getUserCenterEnertyDataByPlantid` (sic): today/month/year/total energy."""
        payload = await self._request(
            "POST",
            "newTwoPlantAPI.do",
            op="getUserCenterEnertyDataByPlantid",
            params={"op": "getUserCenterEnertyDataByPlantid"},
            data={"language": 1, "plantId": plant_id},
        )
        return self._checked("newTwoPlantAPI.do", payload)

    async def device_list(self, plant_id: int | str) -> list[dict[str, Any]]:
        """The plant's devices: `plant_info`'s `deviceList`, else `getAllDeviceList`.

        TLX plants list their devices only in `invList`, which is why the
        second endpoint is asked when the first list is empty.
        """
        devices: list[dict[str, Any]] = (await self.plant_info(plant_id)).get(
            "deviceList", []
        )
        if devices:
            return devices
        payload = await self._request(
            "GET",
            "newTwoPlantAPI.do",
            op="getAllDeviceList",
            params={"op": "getAllDeviceList", "plantId": plant_id, "language": 1},
        )
        result: list[dict[str, Any]] = self._checked("newTwoPlantAPI.do", payload).get(
            "deviceList", {}
        )
        return result

    async def inverter_list(self, plant_id: int | str) -> list[dict[str, Any]]:
        """Deprecated alias of `device_list` (its name says inverters only)."""
        warnings.warn(
            "inverter_list is deprecated, use device_list",
            DeprecationWarning,
            stacklevel=2,
        )
        return await self.device_list(plant_id)

    async def dashboard_data(
        self,
        plant_id: int | str,
        timespan: Timespan = Timespan.hour,
        date: datetime | None = None,
    ) -> dict[str, Any]:
        """`getEnergyStorageData`: the plant's chart and energy split (unit strings)."""
        payload = await self._request(
            "POST",
            "newPlantAPI.do",
            op="getEnergyStorageData",
            params={
                "action": "getEnergyStorageData",
                "date": self._date_string(timespan, date),
                "type": int(timespan),
                "plantId": plant_id,
            },
        )
        return self._checked("newPlantAPI.do", payload)
