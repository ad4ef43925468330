"""A second release made from a new edition of the data (a CBS delivery that corrects past
years), naming the first (Z10). A row published in both with counts that differ by 1 to
threshold - 1 gives that small group away by a subtraction (kopp breed 2022 West: 10/23, then
10/24: one child added whose parents have none of the conditions); such rows are suppressed
in the second release (`control.revised_small_mask`), with partners as secondary rows."""

from __future__ import annotations

from test_disclosure_releases import GEO, THRESHOLD, status, table

from wijkzicht.disclosure.control import protect, revised_small_mask


def test_rows_revised_by_a_few_persons_are_marked():
    before = table().assign(status=["ok", "suppressed_primary", "ok", "ok"])
    now = table()
    # WK034402 one more in the denominator (a moved child), WK034403 numerator +20 (a large
    # revision: no small group in it), the gemeente unchanged
    now.loc[now["area_code"] == "WK034402", ["denominator", "n_denominator"]] = 301
    now.loc[now["area_code"] == "WK034403", ["numerator", "n_numerator"]] = 77
    assert revised_small_mask(now, before, THRESHOLD).tolist() == [False, False, True, False]
    # 40/300 -> 43/303: the numerator and the denominator by 3 each (the rest not): marked
    now = table()
    now.loc[now["area_code"] == "WK034402", ["numerator", "n_numerator"]] = 43
    now.loc[now["area_code"] == "WK034402", ["denominator", "n_denominator"]] = 303
    assert revised_small_mask(now, before, THRESHOLD).tolist() == [False, False, True, False]
    # a row the first release did not publish: nothing to subtract from
    hidden = before.assign(status=["ok", "suppressed_primary", "suppressed_secondary", "ok"])
    assert not revised_small_mask(now, hidden, THRESHOLD).any()
    assert not revised_small_mask(now, before.iloc[:0], THRESHOLD).any()


def test_the_second_release_does_not_publish_a_small_revision():
    before = table().assign(status=["ok", "suppressed_primary", "suppressed_secondary", "ok"])
    now = table()
    # a late record: WK034403 57/650 -> 58/651 (and the gemeente 100/1000 -> 101/1001)
    now.loc[now["area_code"] == "WK034403", ["numerator", "n_numerator"]] = 58
    now.loc[now["area_code"] == "WK034403", ["denominator", "n_denominator"]] = 651
    now.loc[now["area_code"] == "GM0344", ["numerator", "n_numerator"]] = 101
    now.loc[now["area_code"] == "GM0344", ["denominator", "n_denominator"]] = 1001
    safe, audit = protect(now, THRESHOLD, True, None, GEO, published_before=before)
    got = status(safe)
    # neither changed row is published beside its first-release figure
    assert got["WK034403"] != "ok" and got["GM0344"] != "ok"
    assert got["WK034401"] == "suppressed_primary"
    assert audit["protected"].all()
    # without the first release the second publishes them
    alone, _ = protect(now, THRESHOLD, True, None, GEO)
    assert status(alone)["GM0344"] == "ok"
