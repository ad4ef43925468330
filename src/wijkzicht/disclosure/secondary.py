"""Secondary suppression: extra rows to suppress until every sensitive count passes the audit.

What is protected (the rules the audit, `audit.audit_measures`, checks):

- A sensitive count of a primary row (or of a sensitive residual) must have an
  interval at least `threshold` wide: max - min over every table the attacker cannot
  rule out from the published rows, the relations, counts >= 0 and numerator <=
  denominator (the LP relaxation, docs/rules.md#e7).
- A secondary row needs no protection of its own: its counts passed the primary rule
  and could have been published. But it must hide something: a suppressed row the
  attacker can compute exactly (every count's interval of width 0) protects nothing
  and only pretends to be hidden. Such a row is published instead (publishing it
  tells the attacker nothing he could not derive already, so no other interval
  changes); a primary row is never published.
- A partner must be able to move. A count is pinned when the published rows fix it
  whatever else is suppressed: a component of a relation whose total is a published 0
  (the city-wide `onbekend` numerator of newcomers by origin is 0, so every wijk's
  `onbekend` numerator is 0 by non-negativity), a count under a pinned one, and the
  numerator and rest of a pinned denominator of 0. A row pinned in a count a need
  moves is never chosen as a partner for that need; a row with any pinned count is
  chosen only when no other row will do.
- Areas nest: buurt rows add up to their wijk row and wijk rows to the gemeente row (the
  geography reference, `parents`), for each group value they have; buurt rows carry group
  `totaal` only, so a wijk's `totaal` row is at once the total of its buurten, of its
  group values and a component of the gemeente. Every relation is protected and audited
  at the same time: a suppressed buurt is hidden from its wijk minus its siblings, and
  from the group breakdown when the wijk row itself is hidden (docs/rules.md#b4).
- Empty rows (denominator 0) are never suppressed: they hide nobody (apply_secondary
  keeps them out of the candidates, `primary.apply_primary` leaves them `ok`).
- Every suppressed count's interval is reported by the audit, with `narrow` where it
  is below `threshold`: a narrow count that is neither required nor in a recoverable
  row passes (a primary row's denominator published by another definition, say).

The heuristic works in rounds:

1. Singletons. A relation with exactly one suppressed row gives that row away, so in
   every such relation one published partner is suppressed as well, breadth first from
   the primary rows (so chains of partners close into rectangles). A relation over
   some columns only (two blocks sharing a denominator) is closed only when the lone
   row must protect a count that uses those columns.
2. Audit. The LP audit (`audit.AdditiveTable.protected`) decides for every target
   count whether max - min >= threshold.
3. Extend. For each failing target, worst first, one partner is added: a published row
   of one of its relations (or, when those are all suppressed already, of the nearest
   relation reachable through suppressed rows; when the nearest has only totals, the
   search goes on outward for a row of a lower tier, below); a target next to a partner added in
   the same round waits for the next audit. A target that failed the round before as
   well gets a partner from a relation that binds its interval in the attacker's LP
   instead (a nonzero dual value, `extend_binding`), wherever that relation is. Then
   back to 1.
4. Clean up. Secondary rows are tried for publication again, highest tier first, then most
   costly first; a row
   stays suppressed when publishing it would leave another suppressed row alone in a
   relation (unless the row itself is pinned in some count: then the LP decides), or
   when the audit fails without it. The rows are tried in batches with one audit per
   batch, split in halves when it fails (group testing, `_Protector.clean_up`: the
   same pattern as one row at a time), and each audit first checks the targets that
   are likely to fail (those the row was chosen for, those that failed lately). The
   rows not yet tried are steady (`AdditiveTable.steady_rows`): the audit's pushes find
   feasible tables that keep them at their true values where they can, so a table found
   in one trial still proves its targets after a later trial publishes such a row.
   Then pairs (`_Protector.clean_up_pairs`): a buurt row that stayed only because it
   would leave another alone is tried again together with that row, in the same order,
   when that row is a buurt of the same wijk in the same block (measure, definition,
   year) or its twin (the same counts in another measure); the audit alone decides.
   Neither can go alone (the other would be the wijk minus the rest), both together
   often can. A row whose own audit failed is not tried again: publishing more rows only
   narrows the attacker's intervals. Two group values of the gemeente are tried together
   too (the figure a reader needs first); pairs of wijken or of a wijk's group values are
   not tried (PAIR_LEVELS: they cost more CPU than they give).
5. Recoverable rows. Every secondary row the attacker can compute exactly
   (`AdditiveTable.recoverable`, by LP) is published.

A partner is ranked by, in order: it has no pinned count; it has room to move the way
it must (a partner that must fall when the target rises needs a count at least as big
as what is missing; one that must rise needs nothing, so a zero diagonal cell is fine,
unless that zero is pinned); its tier (`margin_tiers`: 0 for a wijk's or buurt's group
value, 1 for a wijk's `totaal`, 2 for a gemeente's group value, 3 for the gemeente's
`totaal`), so a gemeente row or a margin is given up only when no wijk row will do; it
is a component rather than the relation's total ("never a total when a component will
do"); it also closes another relation where a suppressed row stands alone; its cost
(`cell_costs`: the cell value + 1, so small cells go first). Closing two relations at once
usually saves a partner, but a partner that costs more than DEAR (10) times the cheapest
partner ranked equal but for those two is passed over (`_Protector._affordable`): a cell of
9,000 children is never hidden to close a second relation when one of 28 protects the same
row. A partner inherits the need, with its direction flipped when both are components of
the relation.

The cost is tau-Argus's default cell cost, the cell value (tau-Argus 4.1 manual,
"Information loss in terms of cell costs": a cell's cost is its value, its frequency, 1, or
a variable the user gives, and the pattern of least total cost is sought). A row's cell
value is its largest count among the columns its relations add up: the n_denominator of a
row in an area or group relation (both counts), the n_numerator of a row tied to others in
its numerator only. kopp.overlap's combinations are such rows: their numerators add up to
kopp.aandeel's (`CountUnion`), their denominator is every child of the gemeente, published
and the same in every combination. Costed by that denominator, every combination cost the
same and the row order chose: U10 saw the default world's 2023 overlap figure hide
"psychofarmaca only" (9,028 children) where "psychofarmaca + verslaving" (28) protected the
same cell, and 2019 and 2021 hide "GGZ only" (~5,500) and "GGZ + psychofarmaca" (~4,700).
Costed by their numerators, the default world's kopp table hides 105 secondary rows instead
of 107, their cell values adding up to 24,963 instead of 55,108 (the numerators of all kopp
secondary rows 1,250 children instead of 31,395); migratie and nieuwkomers keep every status
(no row of theirs is tied in its numerator only). Ranking by cost before "closes" instead
hid 18 more migratie rows and 6 more nieuwkomers rows; cost divided by the relations closed,
8 more kopp and 13 more nieuwkomers rows.

The tier is a cell cost in tau-Argus's sense too: "the higher the cost the more important
the corresponding cell value is considered and the less likely it will be suppressed"
(same section); here the tier comes before the cell value, as a user's cost variable that
makes every total dearer than every wijk row would, the way GaussSuppression's
CandidatesDefault keeps the cells made of many inner cells. U9's IJsselstein: a narrower
KOPP definition hid the gemeente rows of a year to save wijk rows; a reader of a
kenniskring needs the gemeente figure first (docs/rules.md#e7). On a world of 20,000
residents in IJsselstein (GM0353, kopp, 2022-2023, a definition `bw` of sheltered housing
only added) the tiers publish both gemeente rows of verslaving 2022 that the cost alone
hid, at the price of 5 more wijk rows.

This is a greedy heuristic, not an optimum. On sdcTable's test problem it finds the
minimal pattern; on random 2 x 2 to 3 x 3 tables with margins (threshold 10) it found
the minimum-cost pattern in about 5 of 6 cases and stayed within 1.8 times the minimum
otherwise (checked by brute force while writing it). An exact minimum needs a MIP over
all attacker subproblems (Fischetti and Salazar 2000), out of proportion here.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from wijkzicht.disclosure.audit import (
    PARTITION_GROUPS,
    TOLERANCE,
    AdditiveTable,
    MeasuresStructure,
    Relation,
    Target,
    measures_structure,
    measures_targets,
    suppression_state,
)
from wijkzicht.disclosure.primary import COUNT_COLUMNS, apply_primary
from wijkzicht.errors import WijkzichtError
from wijkzicht.themes.trend_rows import TREND_METHODS

# the area levels whose rows the clean-up also tries in pairs (`_Protector.clean_up_pairs`):
# buurten, which the pages show on maps and in tables, and the gemeente's group values (two
# values of one group of the gemeente, `_pair_blocks`): a reader needs the gemeente figure
# first (`margin_tiers`), and the default world's newcomers of low income by origin 2021-2023
# (binnen and buiten gemeente, onbekend 0) pass the audit together, neither alone. Pairs of
# wijken cost more than they give: on the 10,000-resident benchmark world every level took
# 64 nieuwkomers trials (3.9 CPU s, protect() 5.3 -> 9.6 CPU s), buurten alone 17 (0.9 CPU s)
PAIR_LEVELS = ("buurt", "gemeente")
HINTS = 12  # at most this many likely failures are checked first in a clean-up trial
# a partner that closes more relations at once is chosen before a cheaper one (`_rank`), unless
# it costs more than DEAR times the cheapest partner ranked equal but for those two
# (`_Protector._affordable`): U10 saw "psychofarmaca only" (9,028 children) hidden where a
# combination of 28 protected the same cell. On the default world DEAR 10 or 4 changes no
# pattern; 2 hid 13 more nieuwkomers rows (241, 4,011 more in their denominators)
DEAR = 10.0
BATCH_MAX = 8  # the largest batch of secondary rows the clean-up tries at once (`clean_up`)

Need = tuple[tuple[float, ...], int]  # (coefs of a count, direction it must be able to move)


class ProtectionError(WijkzichtError, RuntimeError):
    """Raised when no published row is left that could protect a failing count."""


class _Protector:
    def __init__(
        self, table, suppressed, targets, threshold, cost, eligible, keep, blocks=None, tier=None
    ):
        self.table = table
        self.tier = np.zeros(table.n_rows, dtype=np.int64) if tier is None else tier
        self.blocks = blocks
        self.S = suppressed.copy()
        self.initial = suppressed.copy()
        self.targets = list(targets)
        self.threshold = float(threshold)
        self.cost = cost
        self.eligible = eligible
        self.keep = keep | ~eligible
        # the counts a pin can fix at 0: each column, and b - a for each ordered pair
        k = table.n_columns
        unit = np.eye(k)
        quantities = table.quantities
        self.quantities = [tuple(float(x) for x in q) for q in quantities]
        self.quantity_of = {q: i for i, q in enumerate(self.quantities)}
        # a zero total pins its components only when counts are known to be >= 0
        self.zero = (np.abs(table.values @ quantities.T) <= TOLERANCE) & (table.lower == 0)
        self.denominator_of = {  # quantity -> the column whose 0 pins it (num <= den)
            i: self.quantity_of[tuple(float(x) for x in unit[b])]
            for a, b in table.ordered
            for i in (
                self.quantity_of[tuple(float(x) for x in unit[a])],
                k + table.ordered.index((a, b)),
            )
        }
        self._pins: dict[tuple[int, int], bool] = {}
        # relation x row: 1 where the row is a member (counts of suppressed rows at once)
        self.incidence = table.incidence
        # what each suppressed row must be able to give: {(coefs, direction): amount};
        # a primary count must be able to rise by threshold - value (direction +1)
        self.need: dict[int, dict[Need, float]] = {}
        for t in self.targets:
            self._raise_need(t.row, {(t.coefs, 1): self.threshold - table.value(t)})
        # the targets each suppressed row was chosen for (its own, for a primary row), and
        # the targets that failed the clean-up's latest audits: the likely failures of a
        # trial, which its audit checks first (`_publish_batch`)
        self.origin: dict[int, tuple[Target, ...]] = {}
        for t in self.targets:
            self.origin[t.row] = (*self.origin.get(t.row, ()), t)
        self.failed: dict[Target, None] = {}

    # -- pinned counts ---------------------------------------------------------------------

    def _set(self, row: int, hidden: bool) -> None:
        self.S[row] = hidden
        self._pins.clear()

    def _pinned(self, p: int, q: int) -> bool:
        """Whether quantity q of row p is fixed at 0 by the published rows, whatever
        else is suppressed (p's own status aside): p is a component of a relation whose
        total is 0 in q and published or pinned itself, or q is the numerator or rest of
        a pinned denominator of 0."""
        key = (p, q)
        if key not in self._pins:
            self._pins[key] = self._pin_search(p, q, {key})
        return self._pins[key]

    def _pin_search(self, p: int, q: int, seen: set[tuple[int, int]]) -> bool:
        if not self.zero[p, q]:
            return False
        den = self.denominator_of.get(q)
        if den is not None and (p, den) not in seen and self._pin_search(p, den, seen | {(p, den)}):
            return True
        columns = [j for j, c in enumerate(self.quantities[q]) if c != 0]
        table = self.table
        for rid in table.row_relations[p]:
            rel = table.relations[rid]
            spans = rel.spans(table.n_columns)
            if not all(j in spans for j in columns):
                continue
            if p != rel.total:
                above = rel.total
            elif len(rel.components) == 1:  # an equality (two blocks' shared count)
                above = rel.components[0]
            else:
                continue
            if (above, q) in seen or not self.zero[above, q]:
                continue
            if not self.S[above] or self._pin_search(above, q, seen | {(above, q)}):
                return True
        return False

    def _any_pin(self, p: int) -> bool:
        return any(self._pinned(p, q) for q in np.flatnonzero(self.zero[p]))

    def _blocked(self, p: int, need: dict[Need, float]) -> bool:
        """Whether p is pinned in a count the need must move: useless as a partner."""
        for coefs, _ in need:
            q = self.quantity_of.get(tuple(float(c) for c in coefs))
            if q is not None and self._pinned(p, q):
                return True
        return False

    # -- choosing partners ----------------------------------------------------------------

    def _raise_need(self, row: int, need: dict[Need, float]) -> None:
        mine = self.need.setdefault(row, {})
        for key, amount in need.items():
            mine[key] = max(mine.get(key, 0.0), amount)

    @staticmethod
    def _carried(x: int, p: int, rel: Relation, need: dict[Need, float]) -> dict[Need, float]:
        """The need passed from row x to its partner p in `rel`: when x rises, a fellow
        component falls, while the total (or, for a total, a component) rises with it."""
        flip = -1 if rel.total not in (x, p) else 1
        return {(coefs, d * flip): amount for (coefs, d), amount in need.items()}

    def _rank(self, p: int, rid: int, need: dict[Need, float], count: np.ndarray) -> tuple:
        """Sort key of partner p in relation `rid`. Only a partner that must fall needs room to
        fall; a partner that also joins another relation where a suppressed row stands
        alone (count 1) closes two gaps at once."""
        row = self.table.values[p]
        falls = {c: amount for (c, d), amount in need.items() if d < 0}
        sizes = {c: max(0.0, float(np.dot(row, c))) for c in falls}
        useless = all(v == 0 for v in sizes.values()) if need else not row.any()
        useless = useless and bool(falls or not need)
        short = any(sizes[c] < amount for c, amount in falls.items())
        closes = sum(count[r] == 1 for r in self.table.row_relations[p] if r != rid)
        total = p == self.table.relations[rid].total
        tier = int(self.tier[p])
        return (self._any_pin(p), useless, tier, total, short, -closes, self.cost[p], p)

    @staticmethod
    def _affordable(ranked: list[tuple]) -> tuple:
        """The best of `ranked` ((rank key, partner, ...) entries, `_rank`), unless its cost is
        more than DEAR times that of a partner ranked equal but for closing other relations and
        the cost (the key's last three entries): then the best of those that cost at most DEAR
        times the cheapest. Closing two relations at once usually saves a partner, but not one
        of a cell many times bigger than another that protects the same row."""
        best = min(ranked, key=lambda x: x[:2])
        head = best[0][:-3]
        peers = [x for x in ranked if x[0][:-3] == head]
        limit = DEAR * min(x[0][-2] for x in peers)
        if best[0][-2] <= limit:
            return best
        return min((x for x in peers if x[0][-2] <= limit), key=lambda x: x[:2])

    def _counts(self) -> np.ndarray:
        """How many suppressed rows each relation holds."""
        return self.incidence @ self.S.astype(np.int64)

    def _gives_away(self, rid: int, row: int) -> bool:
        """Whether being alone in relation `rid` matters for `row`: always for a relation
        over every column; for one over some columns only (a shared denominator), when
        the row must protect a count that uses them."""
        columns = self.table.relations[rid].columns
        if columns is None:
            return True
        return any(coefs[j] != 0 for coefs, _ in self.need.get(row, {}) for j in columns)

    def _add(self, row: int, need: dict[Need, float]) -> None:
        self._set(row, True)
        self._raise_need(row, need)

    def _open(self, p: int) -> bool:
        return not self.S[p] and bool(self.eligible[p])

    def close_singletons(self) -> None:
        table = self.table
        count = self._counts()
        # breadth first: relations next to the primary rows are closed first, so a chain
        # of partners tends to close into a rectangle instead of wandering off
        queue = deque(rid for rid in range(len(count)) if count[rid] == 1)
        while queue:
            rid = queue.popleft()
            if count[rid] != 1:
                continue
            rel = table.relations[rid]
            alone = next(m for m in rel.members if self.S[m])
            if not self._gives_away(rid, alone):
                continue
            need = self.need.get(alone, {})
            ranked = []
            for p in rel.members:
                if self._open(p):
                    carried = self._carried(alone, p, rel, need)
                    if not self._blocked(p, carried):
                        ranked.append((self._rank(p, rid, carried, count), p))
            if not ranked:
                continue
            _, partner = self._affordable(ranked)
            self._add(partner, self._carried(alone, partner, rel, need))
            self.origin.setdefault(partner, self.origin.get(alone, ()))
            for other in table.row_relations[partner]:
                count[other] += 1
                if count[other] == 1:
                    queue.append(other)

    def extend(self, target: Target, width: float) -> int | None:
        """Suppress one more partner for a failing target, searching outward from its row."""
        table = self.table
        fresh = {(target.coefs, 1): self.threshold - max(width, 0.0)}
        count = self._counts()
        frontier, seen = [target.row], {target.row}
        # the best partner so far: (its rank with the depth it was found at after its tier,
        # partner, carried). Outward search stops at the first depth that has a partner,
        # unless that partner is a total (tier > 0): then it goes on until a row of tier 0
        # will do, which is chosen instead (docs/rules.md#e7)
        best = None
        depth = 0
        while frontier:
            ranked = []
            for r in frontier:
                need = fresh if r == target.row else self.need.get(r, {})
                for rid in table.row_relations[r]:
                    rel = table.relations[rid]
                    for p in rel.members:
                        if self._open(p):
                            carried = self._carried(r, p, rel, need)
                            if not self._blocked(p, carried):
                                rank = self._rank(p, rid, carried, count)
                                ranked.append(((*rank[:3], depth, *rank[3:]), p, carried))
            if ranked:
                found = self._affordable(ranked)
                if best is None or found[0] < best[0]:
                    best = found
                if best[0][2] == 0:
                    break
            depth += 1
            nxt = []
            for r in frontier:
                for rid in table.row_relations[r]:
                    for m in table.relations[rid].members:
                        if self.S[m] and m not in seen:
                            seen.add(m)
                            nxt.append(m)
            frontier = nxt
        if best is None:
            return None
        _, partner, carried = best
        self._add(partner, carried)
        self.origin.setdefault(partner, (target,))
        return partner

    def extend_binding(self, target: Target, width: float) -> int | None:
        """Suppress one more partner for a target that stayed narrow after a partner of
        `extend`: a published member of a relation that binds its interval in the
        attacker's LP (`AdditiveTable.binding_relations`: a nonzero dual value), ranked as
        `extend` ranks. Such a relation may lie far from the target's own relations (two
        blocks that count the same persons except in the target's cell give the target
        away as the difference of their published totals, whatever its own relations
        hide), where the outward search of `extend` keeps adding partners that leave the
        target as narrow as it was, one per round. None when no binding relation has a
        published row that may move (then `extend` decides)."""
        table = self.table
        fresh = {(target.coefs, 1): self.threshold - max(width, 0.0)}
        count = self._counts()
        ranked = []
        for rid in table.binding_relations(self.S, target):
            rel = table.relations[rid]
            hidden = [m for m in rel.members if self.S[m]]
            if not hidden:
                continue
            x = target.row if target.row in rel.members else hidden[0]
            need = fresh if x == target.row else self.need.get(x, {})
            for p in rel.members:
                if self._open(p):
                    carried = self._carried(x, p, rel, need)
                    if not self._blocked(p, carried):
                        ranked.append((self._rank(p, rid, carried, count), p, carried))
        if not ranked:
            return None
        _, partner, carried = self._affordable(ranked)
        self._add(partner, carried)
        self.origin.setdefault(partner, (target,))
        return partner

    def _leaves_alone(self, r: int) -> bool:
        """Whether publishing r leaves a suppressed row alone, and so given away, in one of
        r's relations (then r stays, without an LP)."""
        count = self._counts()
        for rid in self.table.row_relations[r]:
            if count[rid] == 1:
                alone = next(m for m in self.table.relations[rid].members if self.S[m])
                if self._gives_away(rid, alone):
                    return True
        return False

    def failing(self) -> np.ndarray:
        return ~self.table.protected(self.S, self.targets, self.threshold)

    def run(self, cleanup: bool) -> np.ndarray:
        # the search reads the duals of its LPs (`extend_binding`), which depend on the form
        # of the model: it keeps the form it had (`AdditiveTable.bounded_pairs`); the
        # clean-up and the audit read optima only and take the faster form
        self.table.bounded_pairs = False
        try:
            self._search()
        finally:
            self.table.bounded_pairs = True
        if cleanup:
            extra = np.flatnonzero(self.S & ~self.initial)
            order = [int(r) for r in sorted(extra, key=lambda r: (-self.tier[r], -self.cost[r], r))]
            self.clean_up(order)
            self.clean_up_pairs(order)
        self.publish_recoverable()
        return self.S

    def _search(self) -> None:
        """Steps 1 to 3: partners round by round until every target passes the audit."""
        stubborn: set[Target] = set()  # the targets that failed the round before
        while True:
            self.close_singletons()
            failing = self.failing()
            if not failing.any():
                break
            width = np.full(len(self.targets), np.inf)
            lo, hi = self.table.intervals(
                self.S, [self.targets[i] for i in np.flatnonzero(failing)]
            )
            width[failing] = hi - lo
            # one partner per failing target, worst first, but none for a target next to
            # a partner added this round: that partner may already be enough. A target
            # that failed the round before too gets a partner the LP says is binding
            # (`extend_binding`): the nearest one may well leave it as narrow as it was
            added: set[int] = set()
            progress = False
            again = {self.targets[i] for i in np.flatnonzero(failing)}
            for i in np.argsort(width, kind="stable"):
                if not failing[i]:
                    continue
                target = self.targets[i]
                near = {
                    m
                    for rid in self.table.row_relations[target.row]
                    for m in self.table.relations[rid].members
                }
                if near & added:
                    continue
                partner = None
                if target in stubborn:
                    partner = self.extend_binding(target, float(width[i]))
                if partner is None:
                    partner = self.extend(target, float(width[i]))
                if partner is not None:
                    added.add(partner)
                    progress = True
            stubborn = again
            if not progress:
                bad = [self.targets[i] for i in np.flatnonzero(failing)]
                raise ProtectionError(f"no published row left to protect {bad[:5]}")

    def _try_publish(self, r: int) -> bool:
        """Publish r unless that leaves a suppressed row alone in one of its relations
        (the structural test of step 4; no LP). Returns whether r is published now."""
        # a row pinned in some count may close a relation in name only: the LP decides
        closes = not self._any_pin(r)
        self._set(r, False)
        if closes and self._leaves_alone(r):
            self._set(r, True)
            return False
        return True

    def clean_up(self, order: Sequence[int]) -> None:
        """Step 4: try the secondary rows of `order` for publication again, one after the
        other (a row stays published when the audit passes without it), by group testing.

        The rows are tried in batches: each row of a batch passes the structural test
        (`_try_publish`) as if the rows before it were published, then one audit checks
        the batch at once. The attacker's intervals only narrow as more rows are published
        (his feasible tables with more rows fixed are a subset of those with fewer), so a
        batch that passes would have passed row by row too, and the batch stays published;
        one that fails is undone and split in two halves, tried one after the other
        (binary splitting, Hwang 1972, "A method for detecting all defective members in a
        population by group testing", JASA 67(339)). The pattern is therefore exactly that
        of trying the rows one by one in the same order, with fewer audits: a passing
        batch re-proves its component once instead of once per row. The batch grows
        (doubles) after a batch passes and shrinks (halves) after one fails. A failed
        batch's LPs are not lost: its components stay cached, and the table's record of the
        latest LP over each row (`AdditiveTable.checkpoint`) is put back, so the halves
        start warm from the models they had before."""
        size, i = 1, 0
        self._order = {r: n for n, r in enumerate(order)}
        self._sequence = list(order)
        try:
            while i < len(order):
                batch = list(order[i : i + size])
                passed = self._publish_batch(batch)
                i += len(batch)
                size = min(2 * size, BATCH_MAX) if passed else max(1, size // 2)
        finally:
            self.table.steady_rows(None)

    def _publish_batch(self, batch: list[int]) -> bool:
        """Try the rows of `batch` in order (`clean_up`); whether the first audit passed."""
        mark = self.table.checkpoint()
        # the rows after the batch, not yet tried, are held at their true values in the
        # pushes where they can be (`AdditiveTable.steady_rows`): the tables found then
        # outlive their publication (a batch is a run of consecutive rows of the order)
        self.table.steady_rows(self._sequence[self._order[batch[-1]] + 1 :])
        published = [r for r in batch if self._try_publish(r)]
        likely = [t for r in published for t in self.origin.get(r, ())]
        likely = list(dict.fromkeys([*likely, *reversed(self.failed)]))[:HINTS]
        if not published or self.table.all_protected(
            self.S, self.targets, self.threshold, first=likely
        ):
            return True
        failed = self.table.failed_on
        if failed is not None:
            self.failed.pop(failed, None)
            self.failed[failed] = None
        for r in published:
            self._set(r, True)
        self.table.restore(mark)
        if len(published) == 1:
            # that audit was this row's own trial (the rows before it did not pass the
            # structural test, those after it are suppressed): it stays suppressed, and the
            # rows after it are tried again with it suppressed
            after = batch.index(published[0]) + 1
            if after < len(batch):
                self._publish_batch(batch[after:])
            return False
        cut = batch.index(published[len(published) // 2])
        self._publish_batch(batch[:cut])
        self._publish_batch(batch[cut:])
        return False

    def _pair(self, r: int, allowed: set[int]) -> list[int] | None:
        """r and the rows that publishing r alone leaves alone (given away) in a relation,
        so that r failed the structural test of `_try_publish`, of its block (`blocks`:
        another area of the same parent) or its twin (a relation of two rows over every
        count: the same counts in another measure, as nieuwkomers.concentratie carries those
        of nieuwkomers.aandeel): the rows to try together. None when r failed its own audit
        (pinned, or leaving no row alone: publishing more cannot pass it), leaves a primary
        row alone (given away: the audit fails), no such row, or one outside `allowed` (the
        rows the clean-up may publish: not one suppressed from the start, as a row a previous
        release published with other counts, `control.protect`'s forced rows)."""
        if self._any_pin(r):
            return None
        self.S[r] = False
        partners: set[int] = set()
        keep = False
        try:
            count = self._counts()
            for rid in self.table.row_relations[r]:
                if count[rid] != 1:
                    continue
                rel = self.table.relations[rid]
                for m in rel.members:
                    if self.S[m] and self._gives_away(rid, m):
                        # a primary row, or one suppressed from the start (forced), given away
                        keep |= bool(self.keep[m]) or m not in allowed
                        twin = len(rel.members) == 2 and rel.columns is None
                        if twin or self.blocks[m] == self.blocks[r]:
                            partners.add(m)
        finally:
            self.S[r] = True
        if keep or self.blocks[r] < 0 or not partners:
            return None
        return [r, *sorted(partners)]

    def clean_up_pairs(self, order: Sequence[int]) -> None:
        """Step 4b: the secondary rows of `order` still suppressed after `clean_up` whose
        publication leaves another row of their block alone in a relation (two buurten of
        one wijk whose wijk row is published) or their twin (`_pair`) are tried again
        together with those rows, in the same order, and all are published when the audit
        passes (every target at least `threshold` wide). Only the audit decides here, not
        the structural test: a secondary row left alone elsewhere (in a relation over some
        counts only) is known as far as the published rows say, which the audit takes into
        account, and one known exactly is published in step 5. Publishing rows only
        narrows the attacker's intervals, so a row whose own audit failed in `clean_up`
        fails with others too: only the rows that failed the structural test are tried
        again, each pair once."""
        if self.blocks is None:
            return
        rows = [r for r in order if self.S[r]]
        allowed = set(order)  # a partner is a secondary row of the clean-up too
        tried: set[tuple[int, ...]] = set()
        try:
            for n, r in enumerate(rows):
                if not self.S[r]:
                    continue
                pair = self._pair(r, allowed)
                if pair is None or tuple(sorted(pair)) in tried:
                    continue
                tried.add(tuple(sorted(pair)))
                self.table.steady_rows(rows[n + 1 :])
                self._publish_together(pair)
        finally:
            self.table.steady_rows(None)

    def _publish_together(self, rows: list[int]) -> bool:
        """Publish `rows` when the audit passes with all of them published; otherwise they
        stay suppressed. Returns whether they are published."""
        mark = self.table.checkpoint()
        for r in rows:
            self._set(r, False)
        likely = [t for r in rows for t in self.origin.get(r, ())]
        likely = list(dict.fromkeys([*likely, *reversed(self.failed)]))[:HINTS]
        if self.table.all_protected(self.S, self.targets, self.threshold, first=likely):
            return True
        failed = self.table.failed_on
        if failed is not None:
            self.failed.pop(failed, None)
            self.failed[failed] = None
        for r in rows:
            self._set(r, True)
        self.table.restore(mark)
        return False

    def publish_recoverable(self) -> None:
        """Publish every suppressed row (not kept) that the attacker computes exactly: it
        hides nothing, and publishing it changes no other interval."""
        hidden = np.flatnonzero(self.S & ~self.keep)
        if len(hidden):
            known = hidden[self.table.recoverable(self.S, hidden)]
            self.S[known] = False
            self._pins.clear()


def secondary_suppression(
    table: AdditiveTable,
    suppressed: ArrayLike,
    targets: Sequence[Target],
    threshold: float,
    *,
    cost: ArrayLike | None = None,
    eligible: ArrayLike | None = None,
    cleanup: bool = True,
    keep: ArrayLike | None = None,
    blocks: ArrayLike | None = None,
    tier: ArrayLike | None = None,
) -> np.ndarray:
    """The suppression pattern (a boolean per row) that protects every target.

    suppressed: the rows suppressed to begin with (primary). targets: the counts that
    must end up with an audit interval at least `threshold` wide. cost: the price of
    suppressing each row (default: its cell value + 1, `cell_costs`). eligible: rows that may
    be suppressed (default: every row); rows outside it stay as they are. keep: the
    suppressed rows never published again (default: those suppressed to begin with);
    any other suppressed row the attacker can compute exactly is published. blocks: an
    integer per row; the clean-up also tries pairs of secondary rows with the same value
    (>= 0) that can be published only together (`_Protector.clean_up_pairs`; default: no
    pairs). tier: an integer per row, how much of a total it is (`margin_tiers`): a partner
    of a higher tier is chosen only when no row of a lower tier will do, and the clean-up
    tries the highest tiers first (default: all 0, the cost alone decides).
    """
    suppressed = np.asarray(suppressed, dtype=bool)
    n = table.n_rows
    cost = cell_costs(table) if cost is None else np.asarray(cost, dtype=float)
    eligible = np.ones(n, dtype=bool) if eligible is None else np.asarray(eligible, dtype=bool)
    keep = suppressed.copy() if keep is None else np.asarray(keep, dtype=bool)
    blocks = None if blocks is None else np.asarray(blocks, dtype=np.int64)
    tier = np.zeros(n, dtype=np.int64) if tier is None else np.asarray(tier, dtype=np.int64)
    if any(a.shape != (n,) for a in (suppressed, cost, eligible, keep, tier)) or (
        blocks is not None and blocks.shape != (n,)
    ):
        raise ValueError(
            f"suppressed, cost, eligible, keep, tier and blocks must each have {n} entries"
        )
    protector = _Protector(
        table, suppressed, targets, threshold, cost, eligible, keep, blocks, tier
    )
    return protector.run(cleanup)


def cell_costs(table: AdditiveTable) -> np.ndarray:
    """The price of suppressing each row of `table`: its cell value + 1, tau-Argus's default
    cell cost ("the cell value", tau-Argus 4.1 manual, section "Information loss in terms of
    cell costs"), where the cell value is the row's largest count among the columns its
    relations add up. A row in an area or group relation (every column) costs its
    n_denominator + 1; a row tied to others in its numerator only costs its n_numerator + 1:
    kopp.overlap's combinations, whose numerators add up to kopp.aandeel's (`CountUnion`) and
    whose denominator is every child of the gemeente, the same in every row and published. By
    its denominator every combination cost the same (79,527 in 2023), so the row order chose
    the partner: "psychofarmaca only" (9,028 children) before "psychofarmaca + verslaving"
    (28). A row in no relation costs its largest count + 1."""
    values = np.asarray(table.values, dtype=float).reshape(table.n_rows, table.n_columns)
    spanned = np.zeros(values.shape, dtype=bool)
    for rel in table.relations:
        spanned[np.ix_(rel.members, rel.spans(table.n_columns))] = True
    spanned[~spanned.any(axis=1)] = True
    return np.where(spanned, values, -np.inf).max(axis=1) + 1


def apply_secondary(
    df: pd.DataFrame,
    threshold: int = 10,
    *,
    cost: pd.Series | None = None,
    publish_zeros: bool = True,
    protect_residuals: bool = True,
    partition_groups: Sequence[str] = PARTITION_GROUPS,
    cleanup: bool = True,
    dependent_rows: bool = True,
    parents: Mapping[str, str] | None = None,
    link_shared_counts: bool = True,
    structure: MeasuresStructure | None = None,
    fixed: ArrayLike | None = None,
    margins: bool = True,
) -> pd.DataFrame:
    """Mark rows suppressed_secondary until every sensitive count of every primary row is protected.

    Applies the primary rule first (rows already suppressed stay so), so a table whose
    `status` is all `ok` is safe to pass. All blocks of the table are
    protected jointly: within a block the wijk and group relations hold at once, so a
    cross-classified table is protected in both directions, and with
    `link_shared_counts` rows of different blocks that count the same persons are tied
    (see `audit.measures_structure`, which also explains `partition_groups`, `parents`
    and the residual rows that `protect_residuals` covers). `cost` (a Series on the
    table's index) replaces the default price, the cell value + 1 (`cell_costs`). With
    `dependent_rows`, a row without counts (a relative risk) is suppressed too when a row
    with counts of the same theme, measure, definition, year, area and group is
    suppressed, since it is computed from them. `structure`: the table's
    `measures_structure` when the caller has it (built with the same settings; its LPs'
    results are kept for a later audit).
    `fixed` (a boolean per row of `df`): rows that stay as they are, never chosen as
    partners (a row a previous release published with the same counts: the attacker has it,
    so suppressing it would protect nothing; `control.protect`'s `published_before`).
    `margins`: a gemeente row or a `totaal` row is a partner only when no row of a lower tier
    will do (`margin_tiers`), and the clean-up tries two values of a gemeente's group together
    (PAIR_LEVELS); without it the cost alone ranks them and only buurten are paired (the
    pattern before U9's finding, kept for comparison).
    """
    out = apply_primary(df, threshold, publish_zeros=publish_zeros)
    if structure is None:
        structure = measures_structure(
            out,
            partition_groups=partition_groups,
            parents=parents,
            link_shared_counts=link_shared_counts,
        )
    suppressed, primary = suppression_state(
        out, structure, threshold, publish_zeros=publish_zeros, protect_residuals=protect_residuals
    )
    targets = [
        t
        for t, _ in measures_targets(
            structure, suppressed, threshold, primary=primary, publish_zeros=publish_zeros
        )
    ]
    n_real, n = structure.n_real, structure.table.n_rows
    if cost is None:
        costs = cell_costs(structure.table)
    else:
        costs = cost.reindex(out.index).to_numpy(float)[structure.positions]
    costs = np.concatenate([costs[:n_real], np.full(n - n_real, np.inf)])
    # residual rows are never published, empty rows (denominator 0) never suppressed
    eligible = (np.arange(n) < n_real) & (structure.table.values[:, 1] > 0)
    if fixed is not None:
        eligible[:n_real] &= ~np.asarray(fixed, dtype=bool)[structure.positions]
    pattern = secondary_suppression(
        structure.table,
        suppressed,
        targets,
        threshold,
        cost=costs,
        eligible=eligible,
        cleanup=cleanup,
        keep=primary,
        blocks=_pair_blocks(out, structure, PAIR_LEVELS if margins else ("buurt",)),
        tier=margin_tiers(out, structure) if margins else None,
    )
    status = out["status"].to_numpy(dtype=object).copy()
    real = structure.positions
    status[real[pattern[:n_real] & ~suppressed[:n_real]]] = "suppressed_secondary"
    status[real[~pattern[:n_real] & suppressed[:n_real]]] = "ok"  # recoverable: published
    if dependent_rows:
        status[_dependent(out, status)] = "suppressed_secondary"
    out["status"] = status
    return out


# the tier of a row (`margin_tiers`): what it is a total of
GEMEENTE_TIER = 2  # the gemeente's rows: the total of its wijken
TOTAAL_TIER = 1  # a group's `totaal` row: the total of its group values (a table's margin)


def margin_tiers(df: pd.DataFrame, structure: MeasuresStructure) -> np.ndarray:
    """The tier of every row of the structure's table: GEMEENTE_TIER for a gemeente row, plus
    TOTAAL_TIER for a `totaal` row, 0 for the rest (a wijk's or buurt's group values; a buurt's
    `totaal`, whose wijk row is its total); residual and other added rows 0 (never partners).
    A partner of a higher tier is chosen only when no published row of a lower tier will do
    (`_Protector._rank`): the gemeente row and the margins are the figures a reader needs
    first, so a wijk row is given up before them (docs/rules.md#e7)."""
    tier = np.zeros(structure.table.n_rows, dtype=np.int64)
    rows = df.iloc[structure.positions]
    if "area_level" in rows.columns:
        level = rows["area_level"].astype("string").fillna("").to_numpy()
        tier[: structure.n_real] += GEMEENTE_TIER * (level == "gemeente")
        if "group" in rows.columns:
            totaal = (rows["group"].astype("string").fillna("") == "totaal").to_numpy()
            tier[: structure.n_real] += TOTAAL_TIER * (totaal & (level != "buurt"))
    return tier


def _pair_blocks(
    df: pd.DataFrame, structure: MeasuresStructure, levels: Sequence[str] = PAIR_LEVELS
) -> np.ndarray:
    """The block of every row of the structure's table for the clean-up's pairs: rows of
    the same theme, measure, definition, year, method, area level, group and group value
    share a number (so two of them in one relation are two areas of one parent), and the
    gemeente's rows of one group whatever their value (two values of the gemeente's group);
    rows at an area level outside `levels` (PAIR_LEVELS), residual and other added rows -1
    (no pairs).
    The numbers depend on the rows' keys only, not their order."""
    keys = [
        c
        for c in (
            "theme",
            "measure",
            "definition",
            "year",
            "method",
            "area_level",
            "group",
            "group_value",
        )  # fmt: skip
        if c in df.columns
    ]
    blocks = np.full(structure.table.n_rows, -1, dtype=np.int64)
    if keys:
        frame = df.iloc[structure.positions][keys].astype("string").fillna("")
        if "area_level" in keys and "group_value" in keys:
            frame.loc[frame["area_level"] == "gemeente", "group_value"] = ""
        blocks[: structure.n_real] = frame.groupby(keys, sort=True).ngroup().to_numpy()
    if "area_level" in df.columns:  # pairs of buurten and gemeente values only (PAIR_LEVELS)
        level = df.iloc[structure.positions]["area_level"].to_numpy()
        blocks[: structure.n_real][~np.isin(level, list(levels))] = -1
    return blocks


def _dependent(df: pd.DataFrame, status: np.ndarray) -> np.ndarray:
    """Published rows without counts that sit next to a suppressed row with counts.

    Trend rows are left out: a trend is computed from its own series (one group value over
    the years), not from the other values of its group, and it is suppressed when a row of
    that series is (`themes.trend_rows.propagate_suppression`)."""
    keys = [
        c
        for c in ("theme", "measure", "definition", "year", "area_level", "area_code", "group")
        if c in df.columns
    ]
    counts = df[list(COUNT_COLUMNS)].apply(pd.to_numeric, errors="coerce")
    no_counts = counts.isna().any(axis=1).to_numpy()
    hidden = pd.Series((status != "ok") & ~no_counts, index=df.index)
    if not keys:
        near = np.full(len(df), bool(hidden.any()))
    else:
        frame = df[keys].astype("string").fillna("")
        near = hidden.groupby([frame[c] for c in keys], sort=False).transform("any").to_numpy()
    trend = df["method"].isin(TREND_METHODS).to_numpy() if "method" in df.columns else False
    return no_counts & near & (status == "ok") & ~trend
