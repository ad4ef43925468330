"""Disclosure control: primary and secondary suppression, the audit and the export gate.

The names below are loaded from their modules on first use (PEP 562): a job that needs only
the export (`wijkzicht.disclosure.export`) or the gate does not pay for the audit's LP
solver and sparse algebra at start-up (scipy.optimize, scipy.sparse).
"""

from __future__ import annotations

import importlib

_MODULES = {
    "AdditiveTable": "audit",
    "MeasuresStructure": "audit",
    "Relation": "audit",
    "Target": "audit",
    "audit_measures": "audit",
    "feasibility_intervals": "audit",
    "measures_structure": "audit",
    "ExportError": "gate",
    "Problem": "gate",
    "assert_export_clean": "gate",
    "blank_suppressed": "gate",
    "check_export": "gate",
    "apply_primary": "primary",
    "primary_mask": "primary",
    "round_counts": "rounding",
    "ProtectionError": "secondary",
    "apply_secondary": "secondary",
    "secondary_suppression": "secondary",
}

__all__ = sorted(_MODULES)


def __getattr__(name: str):
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_MODULES[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_MODULES])
