"""Grid import, export, load and self-consumption: reported, or derived from the others."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from custom_components.growatt.api.models import (
    ENERGY_PERIODS,
    EnergyCounters,
    EnergyPeriod,
    PeriodEnergy,
)

type Derivation = Callable[[EnergyCounters, EnergyPeriod], float | None]

DERIVATIONS: dict[str, Derivation] = {
    "grid_import": EnergyCounters.grid_import,
    "grid_export": EnergyCounters.grid_export,
    "load": EnergyCounters.load,
    "self_consumption": EnergyCounters.self_consumption,
}


def counters(period: EnergyPeriod, **values: float) -> EnergyCounters:
    """Counters with `values` (named without the period) in `period`'s fields."""
    return EnergyCounters(
        **{f"{name}_{period}": value for name, value in values.items()}
    )


def test_reported_reads_each_periods_own_fields() -> None:
    """`reported` gives a period's fields as they are, nothing derived."""
    energy = EnergyCounters(
        pv_today=1.0,
        ac_today=2.0,
        charge_today=3.0,
        discharge_today=4.0,
        ac_charge_today=5.0,
        export_today=6.0,
        import_today=7.0,
        load_today=8.0,
        self_today=9.0,
        pv_total=10.0,
        ac_total=20.0,
        charge_total=30.0,
        discharge_total=40.0,
        ac_charge_total=50.0,
        export_total=60.0,
        import_total=70.0,
        load_total=80.0,
        self_total=90.0,
    )
    assert energy.reported("today") == PeriodEnergy(
        pv=1.0,
        ac=2.0,
        charge=3.0,
        discharge=4.0,
        ac_charge=5.0,
        grid_export=6.0,
        grid_import=7.0,
        load=8.0,
        self_consumption=9.0,
    )
    assert energy.reported("total") == PeriodEnergy(
        pv=10.0,
        ac=20.0,
        charge=30.0,
        discharge=40.0,
        ac_charge=50.0,
        grid_export=60.0,
        grid_import=70.0,
        load=80.0,
        self_consumption=90.0,
    )
    assert EnergyCounters(load_today=5.0).reported("today").grid_import is None


@pytest.mark.parametrize("period", ENERGY_PERIODS)
def test_reported_value_wins_over_the_derivation(period: EnergyPeriod) -> None:
    """A reported value is kept even where the others would derive another one."""
    reported = {"ac": 9.0, "export": 1.0, "import": 2.0, "load": 7.0, "self": 3.0}
    # Derived, they would read: import 4, export 4, load 5, self-consumption 5.
    energy = counters(period, **reported)
    assert energy.grid_import(period) == 2.0
    assert energy.grid_export(period) == 1.0
    assert energy.load(period) == 7.0
    assert energy.self_consumption(period) == 3.0


@pytest.mark.parametrize("period", ENERGY_PERIODS)
@pytest.mark.parametrize(
    ("derivation", "values", "expected"),
    [
        # Import: the load not met by self-consumption came from the grid.
        ("grid_import", {"load": 5.0, "self": 3.5}, 1.5),
        # Export: AC output plus import, minus what the load took.
        ("grid_export", {"ac": 6.0, "import": 1.0, "load": 5.0}, 2.0),
        # ... with the import itself derived from load and self-consumption.
        ("grid_export", {"ac": 6.0, "load": 5.0, "self": 4.5}, 1.5),
        # Load: self-consumption plus import.
        ("load", {"self": 3.0, "import": 1.0}, 4.0),
        # Self-consumption: load minus import.
        ("self_consumption", {"load": 5.0, "import": 1.0}, 4.0),
        # Sums and differences are rounded to 6 decimals: no float noise.
        ("load", {"self": 0.1, "import": 0.2}, 0.3),
        ("self_consumption", {"load": 0.3, "import": 0.1}, 0.2),
    ],
)
def test_missing_values_are_derived_from_the_others(
    period: EnergyPeriod,
    derivation: str,
    values: dict[str, float],
    expected: float,
) -> None:
    """Import, export, load and self-consumption follow from the others."""
    assert DERIVATIONS[derivation](counters(period, **values), period) == expected


@pytest.mark.parametrize("period", ENERGY_PERIODS)
@pytest.mark.parametrize(
    ("derivation", "values"),
    [
        ("grid_import", {}),
        ("grid_import", {"load": 5.0}),
        ("grid_import", {"self": 3.0}),
        ("grid_export", {}),
        ("grid_export", {"ac": 6.0, "load": 5.0}),  # no import, not derivable
        ("grid_export", {"ac": 6.0, "import": 1.0}),
        ("grid_export", {"import": 1.0, "load": 5.0}),
        ("load", {}),
        ("load", {"self": 3.0}),
        ("load", {"import": 1.0}),
        ("self_consumption", {}),
        ("self_consumption", {"load": 5.0}),
        ("self_consumption", {"import": 1.0}),
    ],
)
def test_a_missing_operand_gives_none(
    period: EnergyPeriod, derivation: str, values: dict[str, float]
) -> None:
    """Unknown is not 0: without every operand the result is None."""
    assert DERIVATIONS[derivation](counters(period, **values), period) is None


@pytest.mark.parametrize("period", ENERGY_PERIODS)
@pytest.mark.parametrize(
    ("derivation", "values"),
    [
        ("grid_import", {"load": 3.0, "self": 3.5}),
        ("grid_export", {"ac": 2.0, "import": 1.0, "load": 5.0}),
        ("grid_export", {"ac": 2.0, "load": 5.0, "self": 4.5}),
        ("self_consumption", {"load": 1.0, "import": 2.0}),
    ],
)
def test_negative_differences_are_clamped_to_zero(
    period: EnergyPeriod, derivation: str, values: dict[str, float]
) -> None:
    """Counters out of step never give a negative energy."""
    assert DERIVATIONS[derivation](counters(period, **values), period) == 0.0


@pytest.mark.parametrize("derivation", sorted(DERIVATIONS))
def test_periods_do_not_mix(derivation: str) -> None:
    """Today's values derive only from today's counters, lifetime from lifetime's."""
    read = DERIVATIONS[derivation]
    today = EnergyCounters(
        ac_today=6.0, import_today=1.0, load_today=5.0, self_today=4.0
    )
    total = EnergyCounters(
        ac_total=6.0, import_total=1.0, load_total=5.0, self_total=4.0
    )
    assert read(today, "total") is None
    assert read(total, "today") is None
    assert read(today, "today") == read(total, "total")
