"""What a device really has: a battery, a grid meter, how many PV inputs.

Growatt answers every device of a family with the family's whole key set: a
NEO micro-inverter reports a battery SOC of 0, nine battery time segments,
grid and load powers of 0 and four PV inputs. Values that exist only for
hardware the device lacks are not readings, so the account removes them
before anyone sees them, and entities follow what the device has.

Each fact is decided from the data, most specific first:

- battery: the plant lists a battery module on the device's datalogger, or
  the device reports a battery voltage or state of charge above 0; storage
  families (SPH, SPA, SPF, Noah) always have one, string inverters never.
- meter: the device list's `bMerterConnectFlag` (misspelt by Growatt) or
  the SPH settings' `haveMeter`; else a grid import or load ever measured
  (a lifetime total above 0); storage families measure grid and load.
- PV inputs: the highest input that ever showed a voltage or a power.
  Nothing is decided at night before an input has been seen.

What was once seen stays known for the device: a battery does not vanish
when it reads 0 V during a fault, and an input does not when it is shaded.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .models import Device, DeviceFamily, DeviceSettings, EnergyCounters

# Families that are storage by design, and string inverters that never are.
BATTERY_FAMILIES = frozenset(
    {DeviceFamily.MIX, DeviceFamily.SPA, DeviceFamily.STORAGE, DeviceFamily.NOAH}
)
NO_BATTERY_FAMILIES = frozenset({DeviceFamily.INVERTER, DeviceFamily.MAX})
# Families that measure grid and load themselves (SPH and SPA need their meter
# to work, SPF measures its own input and output, Noah its output).
METERED_FAMILIES = BATTERY_FAMILIES


@dataclass(frozen=True, kw_only=True)
class Hardware:
    """What one device has, as far as its data has told so far.

    `pv_inputs` is None while no input has shown a voltage or power yet.
    """

    battery: bool
    meter: bool
    pv_inputs: int | None = None

    def merged(self, seen: Hardware) -> Hardware:
        """What is known after `seen`: nothing once seen is forgotten."""
        inputs = [n for n in (self.pv_inputs, seen.pv_inputs) if n is not None]
        return Hardware(
            battery=self.battery or seen.battery,
            meter=self.meter or seen.meter,
            pv_inputs=max(inputs) if inputs else None,
        )


def _positive(value: float | None) -> bool:
    return value is not None and value > 0


def observe(
    device: Device,
    *,
    listed_battery: bool | None = None,
    listed_meter: bool | None = None,
    listed_inputs: int | None = None,
) -> Hardware:
    """What one reading (with what the listing said) tells about the device."""
    family = device.family
    telemetry = device.telemetry
    energy = device.energy
    if family in BATTERY_FAMILIES:
        battery = True
    elif family in NO_BATTERY_FAMILIES:
        battery = bool(listed_battery)
    else:
        battery = bool(listed_battery) or any(
            _positive(value) for value in (telemetry.battery_voltage, telemetry.soc)
        )
    measured = any(
        _positive(value)
        for value in (
            energy.import_total,
            energy.load_total,
            telemetry.load_power,
            telemetry.import_power,
        )
    )
    if listed_meter is not None:
        meter = listed_meter or measured
    else:
        meter = family in METERED_FAMILIES or measured
    active = [
        string.index
        for string in telemetry.pv_strings
        if _positive(string.voltage) or _positive(string.power)
    ]
    inputs = listed_inputs or (max(active) if active else None)
    return Hardware(battery=battery, meter=meter, pv_inputs=inputs)


# PV inputs assumed while none has reported (see `fit`).
UNDECIDED_INPUTS = 2


def fit(device: Device, hardware: Hardware) -> Device:
    """The device without the values of hardware it does not have."""
    telemetry = device.telemetry
    energy = device.energy
    if not hardware.battery:
        telemetry = replace(
            telemetry,
            battery_charge_power=None,
            battery_discharge_power=None,
            soc=None,
            battery_voltage=None,
            battery_current=None,
            battery_temperature=None,
        )
        energy = _without_battery(energy)
    if not hardware.meter:
        telemetry = replace(
            telemetry, load_power=None, import_power=None, export_power=None
        )
        energy = _without_meter(energy)
    # Until an input has shown a voltage or power (a first reading at night),
    # a device is taken to have two: most have, and a higher input gets its
    # values once it reports them.
    inputs = hardware.pv_inputs or max(
        [UNDECIDED_INPUTS]
        + [
            string.index
            for string in telemetry.pv_strings
            if _positive(string.voltage) or _positive(string.power)
        ]
    )
    telemetry = replace(
        telemetry,
        pv_strings=tuple(
            string for string in telemetry.pv_strings if string.index <= inputs
        ),
    )
    settings = device.settings
    if settings is not None:
        settings = fit_settings(settings, hardware)
    if (telemetry, energy, settings) == (
        device.telemetry,
        device.energy,
        device.settings,
    ):
        return device
    return replace(device, telemetry=telemetry, energy=energy, settings=settings)


def fit_settings(settings: DeviceSettings, hardware: Hardware) -> DeviceSettings:
    """Settings without those that only steer a battery the device does not have."""
    if hardware.battery:
        return settings
    return replace(
        settings,
        ac_charge=None,
        charge_power=None,
        charge_stop_soc=None,
        discharge_power=None,
        discharge_stop_soc=None,
        on_grid_discharge_stop_soc=None,
        load_first_stop_soc=None,
        priority=None,
        time_segments=(),
        charge_periods=(),
        discharge_periods=(),
    )


def _without_battery(energy: EnergyCounters) -> EnergyCounters:
    return replace(
        energy,
        charge_today=None,
        charge_total=None,
        discharge_today=None,
        discharge_total=None,
        ac_charge_today=None,
        ac_charge_total=None,
    )


def _without_meter(energy: EnergyCounters) -> EnergyCounters:
    return replace(
        energy,
        export_today=None,
        export_total=None,
        import_today=None,
        import_total=None,
        load_today=None,
        load_total=None,
        self_today=None,
        self_total=None,
    )
