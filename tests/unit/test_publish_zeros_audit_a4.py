"""`publish_zeros: false` with a small wijk of residents: the audit reads a count alone (A4).

Needs `audit.MeasuresStructure.counts` (the patch /tmp/A4/audit_for_lead.patch): the
audit's targets of a primary count (`audit.measures_targets`) and of a residual of counts
(residents in the gemeente but in no wijk) are judged with `primary.sensitive`'s
`count_rows`. Without it the rest of a wijk of 3 residents (0 by construction, "everybody")
was a target no pattern could widen (every count's rest is 0 in the LP too) and disclosure
control failed.
"""

from __future__ import annotations

from test_publish_zeros_a4 import GEO, LARGE, THRESHOLD, inhabitants

from wijkzicht.disclosure.residents import protect_with_residents


def test_without_zeros_a_small_wijk_is_protected_as_with_zeros():
    inw = inhabitants({**LARGE, "WK034404": 3})
    _, with_zeros, _ = protect_with_residents(inw.iloc[:0], inw, THRESHOLD, True, None, GEO)
    _, out, audit = protect_with_residents(inw.iloc[:0], inw, THRESHOLD, False, None, GEO)
    assert out["status"].tolist() == with_zeros["status"].tolist()
    assert out["status"].iloc[-1] == "suppressed_primary" and (out["status"] != "ok").sum() == 2
    assert audit["protected"].all()
    assert set(audit.loc[audit["required"], "quantity"]) == {"n_numerator", "n_denominator"}


def test_without_zeros_a_wijk_without_residents_is_hidden_with_a_partner():
    inw = inhabitants({**LARGE, "WK034404": 0})
    _, out, audit = protect_with_residents(inw.iloc[:0], inw, THRESHOLD, False, None, GEO)
    assert out["status"].iloc[-1] == "suppressed_primary" and (out["status"] != "ok").sum() == 2
    assert audit["protected"].all()
    _, shown, _ = protect_with_residents(inw.iloc[:0], inw, THRESHOLD, True, None, GEO)
    assert (shown["status"] == "ok").all()


def test_a_count_has_no_rest_to_protect():
    """The audit's targets of a primary count: the count (as n_numerator and n_denominator),
    never its rest of 0; a share's rest of 0 stays one without zeros."""
    from wijkzicht.disclosure.audit import measures_structure, measures_targets
    from wijkzicht.disclosure.control import parents_from_geography
    from wijkzicht.disclosure.primary import apply_primary

    inw = inhabitants({**LARGE, "WK034404": 3})
    work = inw.assign(n_denominator=inw["n_numerator"])
    work = apply_primary(work, THRESHOLD, publish_zeros=False)
    structure = measures_structure(work, parents=parents_from_geography(GEO))
    suppressed = (work["status"] != "ok").to_numpy()
    targets = measures_targets(
        structure, suppressed, THRESHOLD, primary=suppressed, publish_zeros=False
    )
    assert sorted(name for _, name in targets) == ["n_denominator", "n_numerator"]
    share = work.assign(method="wilson")
    structure = measures_structure(share, parents=parents_from_geography(GEO))
    targets = measures_targets(
        structure, suppressed, THRESHOLD, primary=suppressed, publish_zeros=False
    )
    assert "n_rest" in {name for _, name in targets}
