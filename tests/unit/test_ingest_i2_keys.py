"""The key check's hashes computed in the scan of the checks (`ingest._key_hash_sql`, read by
`_check_keys` from `scanned`) give what hashing `checked` in a query of its own gives: the same
typed bytes for a table whose key is unique, the same message for one where it is not, with
padded, empty and repeated keys (rows without a person number are not keyed)."""

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_ingest_fast import read_patched

RIN = st.sampled_from(["000000001", "000000002", " 000000002", "000000003\t", ""])
RINS = st.sampled_from(["R", " R", "S", ""])


def read(path, out, table, monkeypatch, in_scan: bool) -> tuple[bytes | None, str]:
    # not in_scan: the key hashed in a query of its own on `checked`
    query = None if in_scan else {"_key_hash_sql": lambda r, typed: {}}
    return read_patched(path, out, table, monkeypatch, query, 2022)


def same_both_ways(tmp_path, monkeypatch, table, rows) -> tuple:
    src = tmp_path / f"{table}.parquet"
    pd.DataFrame(rows).to_parquet(src, index=False)
    got = read(src, tmp_path / "scan.parquet", table, monkeypatch, True)
    assert got == read(src, tmp_path / "query.parquet", table, monkeypatch, False)
    return got


SETTINGS = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(st.lists(st.fixed_dictionaries({"RINPERSOONS": RINS, "RINPERSOON": RIN, "ATC4":
       st.sampled_from(["A02B", "N05A", " A02B"])}), min_size=1, max_size=8))  # fmt: skip
def test_medicines_read_the_same_with_the_key_hashed_in_the_scan(tmp_path, monkeypatch, rows):
    same_both_ways(tmp_path, monkeypatch, "MEDICIJNTAB", rows)


@SETTINGS
@given(st.lists(st.fixed_dictionaries({"RINPERSOONS": RINS, "RINPERSOON": RIN,
       "RINPERSOONSpa": st.just("R"), "RINPERSOONpa": st.just("000000009"),
       "RINPERSOONSMa": st.just(""), "RINPERSOONMa": st.just("")}),
       min_size=1, max_size=8))  # fmt: skip
def test_parents_read_the_same_with_the_key_hashed_in_the_scan(tmp_path, monkeypatch, rows):
    same_both_ways(tmp_path, monkeypatch, "KINDOUDERTAB", rows)


def test_the_key_check_by_hand(tmp_path, monkeypatch):
    row = {"RINPERSOONS": "R", "RINPERSOON": "000000001", "ATC4": "A02B"}
    other = row | {"ATC4": "N05A"}
    unkeyed = row | {"RINPERSOON": ""}
    data, message = same_both_ways(tmp_path, monkeypatch, "MEDICIJNTAB", [row, other, unkeyed,
                                   unkeyed])  # fmt: skip
    assert data is not None and message == ""
    data, message = same_both_ways(tmp_path, monkeypatch, "MEDICIJNTAB", [row, other,
                                   row | {"ATC4": " A02B"}])  # fmt: skip
    assert data is None
    assert "key (RINPERSOONS, RINPERSOON, ATC4) is not unique: 1 key value(s)" in message
    assert "('R', '000000001', 'A02B') in rows 1 and 3" in message
