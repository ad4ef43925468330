"""population.residents.band_of_age: the age bands as one row per whole age, joined on the age,
give every age the band a range join (age BETWEEN lo AND hi) gives it, and none outside them."""

import duckdb
import pandas as pd

from wijkzicht.inputs.reference import parse_bands
from wijkzicht.population.residents import band_of_age


def test_band_of_age_is_the_range_join():
    bands = parse_bands(["0-3", "4-11", "12-17", "18-24", "25-64", "65-74", "75+"])
    con = duckdb.connect()
    con.register("ranges", bands)
    con.register("ages", band_of_age(bands))
    con.register("persons", pd.DataFrame({"age": list(range(-3, 215)) + [None]}, dtype="Int64"))
    got = con.execute(
        "SELECT p.age, a.label FROM persons AS p LEFT JOIN ages AS a ON a.age = p.age "
        "ORDER BY p.age NULLS LAST"
    ).fetchall()
    want = con.execute(
        "SELECT p.age, r.label FROM persons AS p LEFT JOIN ranges AS r "
        "ON p.age BETWEEN r.lo AND r.hi ORDER BY p.age NULLS LAST"
    ).fetchall()
    assert got == want
    by_hand = dict(got)
    assert (by_hand[0], by_hand[3], by_hand[4], by_hand[17], by_hand[18]) == (
        "0-3", "0-3", "4-11", "12-17", "18-24",
    )  # fmt: skip
    assert by_hand[200] == "75+" and by_hand[201] is None and by_hand[-1] is None
