"""Disclosure control: primary and secondary suppression, the audit and the export gate."""

from wijkzicht.disclosure.audit import (
    AdditiveTable,
    MeasuresStructure,
    Relation,
    Target,
    audit_measures,
    feasibility_intervals,
    measures_structure,
)
from wijkzicht.disclosure.gate import (
    ExportError,
    Problem,
    assert_export_clean,
    blank_suppressed,
    check_export,
)
from wijkzicht.disclosure.primary import apply_primary, primary_mask
from wijkzicht.disclosure.rounding import round_counts
from wijkzicht.disclosure.secondary import (
    ProtectionError,
    apply_secondary,
    secondary_suppression,
)

__all__ = [
    "AdditiveTable",
    "ExportError",
    "MeasuresStructure",
    "Problem",
    "ProtectionError",
    "Relation",
    "Target",
    "apply_primary",
    "apply_secondary",
    "assert_export_clean",
    "audit_measures",
    "blank_suppressed",
    "check_export",
    "feasibility_intervals",
    "measures_structure",
    "primary_mask",
    "round_counts",
    "secondary_suppression",
]
