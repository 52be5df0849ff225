"""The one write path: a queue per device, the write, and a verified read-back.

Growatt relays a write to the device and acknowledges it before the device
has applied it (docs/growatt-api.md, When a write is applied); some writes
are acknowledged and never applied (a TLX segment that overlaps another, a
device that ignores the command). So a
write is only done when a read-back shows the asked value, and the entities
always show what the device reports, never an optimistic value.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
import time

from homeassistant.exceptions import HomeAssistantError, ServiceValidationError

from .api import (
    DeviceListing,
    GrowattAccountLockedError,
    GrowattAuthenticationError,
    GrowattError,
)
from .api.models import DeviceSettings
from .api.setting_types import SettingType, Target, setting_type
from .const import DOMAIN, LOGGER
from .coordinator import GrowattSettingsCoordinator
from .errors import Failure, read_back_failure, write_failure

type Change = Callable[[DeviceSettings], DeviceSettings]

# Seconds to wait before each read-back: values appear a few seconds after
# the acknowledgement. v1 answers an identical `read*Param` once
# per 5 seconds, so retries are at least that far apart.
READ_BACK_DELAYS: tuple[float, ...] = (3.0, 6.0, 10.0)


@dataclass
class _Pending:
    """A write waiting for its turn; later changes to the same setting join it."""

    changes: list[Change]
    future: asyncio.Future[DeviceSettings]


@dataclass
class _DeviceQueue:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    waiting: dict[str, _Pending] = field(default_factory=dict)
    last_write: dict[str, float] = field(default_factory=dict)


class SettingsWriter:
    """Writes the settings of one config entry's devices, one at a time per device."""

    def __init__(self, coordinator: GrowattSettingsCoordinator) -> None:
        """Write through the settings coordinator's account and data."""
        self.coordinator = coordinator
        self._queues: dict[str, _DeviceQueue] = {}

    async def async_apply(
        self,
        serial: str,
        target: Target,
        change: Change,
        index: int | None = None,
    ) -> DeviceSettings:
        """Change one setting of a device; return the settings as read back.

        Writes to one device run one after the other. A change to a setting
        type that is already waiting joins that write, so a burst of slider
        moves becomes one write of the last value.
        """
        ref = self.coordinator.ref(serial)
        setting = setting_type(ref.family, target, index) if ref else None
        if ref is None or setting is None:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="not_supported",
                translation_placeholders={"device": serial},
            )
        self._refuse_while_locked()
        queue = self._queues.setdefault(serial, _DeviceQueue())
        if (waiting := queue.waiting.get(setting.name)) is not None:
            waiting.changes.append(change)
            return await asyncio.shield(waiting.future)
        pending = _Pending([change], asyncio.get_running_loop().create_future())
        queue.waiting[setting.name] = pending
        async with queue.lock:
            queue.waiting.pop(setting.name, None)
            try:
                result = await self._write(ref, setting, pending.changes, queue)
            except HomeAssistantError as err:
                pending.future.set_exception(err)
            else:
                pending.future.set_result(result)
        return await pending.future

    def _refuse_while_locked(self) -> None:
        if (until := self.coordinator.locked_until) is not None:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="account_locked",
                translation_placeholders={"until": self.coordinator.lock_issue(until)},
            )

    async def _write(
        self,
        ref: DeviceListing,
        setting: SettingType,
        changes: list[Change],
        queue: _DeviceQueue,
    ) -> DeviceSettings:
        self._refuse_while_locked()
        current = (self.coordinator.data or {}).get(ref.serial)
        if current is None:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="settings_unknown",
                translation_placeholders={"device": ref.serial},
            )
        desired = current
        for change in changes:
            desired = change(desired)
        if setting.view(desired) == setting.view(current):
            return current
        account = self.coordinator.account
        # Growatt may answer an identical write only once in a while (v1:
        # once per 5 seconds): writes of one type to one device wait for it.
        since = time.monotonic() - queue.last_write.get(setting.name, -1e9)
        if since < account.write_spacing:
            await asyncio.sleep(account.write_spacing - since)
        LOGGER.debug("Writing %s of %s", setting.name, ref.serial)
        try:
            await account.write(ref, setting, desired)
        except GrowattError as err:
            raise self._translate(err, write_failure) from err
        finally:
            queue.last_write[setting.name] = time.monotonic()
        read_back = current
        for delay in READ_BACK_DELAYS:
            await asyncio.sleep(delay)
            try:
                read_back = await account.read_back(ref, setting, current)
            except GrowattError as err:
                raise self._translate(err, read_back_failure) from err
            if setting.view(read_back) == setting.view(desired):
                break
        self._store(ref.serial, read_back)
        if setting.view(read_back) != setting.view(desired):
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="not_applied",
                translation_placeholders={"setting": setting.name},
            )
        return read_back

    def _store(self, serial: str, settings: DeviceSettings) -> None:
        """Show the read-back at once, without another request."""
        data = dict(self.coordinator.data or {})
        data[serial] = settings
        self.coordinator.async_set_updated_data(data)

    def _translate(
        self, err: GrowattError, meaning: Callable[[GrowattError], Failure]
    ) -> HomeAssistantError:
        """A translated error that says what happened and what the user can do."""
        if isinstance(err, GrowattAuthenticationError):
            self.coordinator.config_entry.async_start_reauth(self.coordinator.hass)
        if isinstance(err, GrowattAccountLockedError):
            self.coordinator.lock_issue(err.unlock_at)
        failure = meaning(err)
        error = (
            ServiceValidationError
            if failure.key == "invalid_value"
            else HomeAssistantError
        )
        return error(
            translation_domain=DOMAIN,
            translation_key=failure.key,
            translation_placeholders=failure.placeholders or None,
        )
