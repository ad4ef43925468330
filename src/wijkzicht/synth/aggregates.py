"""Synthetic aggregate sources, derived from the synthetic world: three partners' figures per
area (docs/organisation_figures.md) and CBS's Kerncijfers wijken en buurten per year.

Made from the world's own persons (the person-year base and the validated tables of the world),
so that they are plausibly related to it, and deterministic from the seed:

- `huisartsen.consulten_psy`: a GP cooperative's consultations for psychological complaints
  (events) among its listed patients living in the area (persons, not all residents: 97% of
  residents on average). Residents with a dispensed psychotropic (ATC N05/N06) in the year have
  about 2.6 consultations each, the others about 0.02 (Poisson).
- `woningcorporatie.overlast`: a housing corporation's nuisance reports (events) per dwelling it
  lets in the area (its own stock: 15% to 55% of the households, fixed per wijk); about 3 per
  100 dwellings a year, more where more residents have a low income.
- `buurtteam.caseload`: the neighbourhood team's caseload: residents with a social-team
  trajectory (GEMBUURTTEAM team SOC) active in the year, among the residents on 1 January (a
  count of persons, so the primary rule applies).

Kerncijfers as CBS publishes them (its StatLine table in the shape of 85984NED): inhabitants on
1 January, age groups and households rounded to fives, the average household size, the density
(inhabitants per km² of land, the land area per wijk fixed by the seed) and the average income
per inhabitant (thousands of euros, one decimal); like CBS, age groups and households are hidden
(`.`) in an area with fewer than 50 inhabitants and income with fewer than 100.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from wijkzicht import files
from wijkzicht.synth.draw import _rng

# (source, indicator) -> the indicator register's row
INDICATORS = [
    {
        "source": "huisartsen", "indicator": "consulten_psy",
        # named after the gemeente of the run (`indicator_register`): in a GGD region run every
        # gemeente's pages said 'Huisartsencoöperatie Utrecht' (a new user, U3 F3)
        "supplier": "Huisartsencoöperatie {gemeente}(synthetisch)",
        "label_nl": "Huisartsconsulten voor psychische klachten",
        "label_en": "GP consultations for psychological complaints",
        "definition_nl": "Consulten bij de huisarts waarin psychische klachten het hoofdonderwerp "
                         "waren, per 1.000 ingeschreven patiënten die in het gebied wonen.",
        "definition_en": "GP consultations about psychological complaints, per 1,000 listed "
                         "patients living in the area.",
        "unit": "events", "denominator_kind": "persons",
        "denominator_nl": "ingeschreven patiënten", "denominator_en": "listed patients",
    },
    {
        "source": "woningcorporatie", "indicator": "overlast",
        "supplier": "Woningcorporatie Stadswonen (synthetisch)",
        "label_nl": "Meldingen van woonoverlast", "label_en": "Reports of neighbour nuisance",
        "definition_nl": "Meldingen van overlast door buren bij de woningcorporatie, per 1.000 "
                         "huurwoningen van de corporatie in het gebied.",
        "definition_en": "Reports of nuisance by neighbours to the housing corporation, per "
                         "1,000 of its rented dwellings in the area.",
        "unit": "events", "denominator_kind": "other",
        "denominator_nl": "huurwoningen", "denominator_en": "rented dwellings",
    },
    {
        "source": "buurtteam", "indicator": "caseload",
        "supplier": "Buurtteamorganisatie Sociaal (synthetisch)",
        "label_nl": "Inwoners met hulp van het sociaal buurtteam",
        "label_en": "Residents helped by the social neighbourhood team",
        "definition_nl": "Inwoners met een lopend traject bij het sociaal buurtteam in het jaar, "
                         "van alle inwoners op 1 januari.",
        "definition_en": "Residents with a social neighbourhood-team trajectory during the year, "
                         "out of all residents on 1 January.",
        "unit": "persons", "denominator_kind": "residents",
        "denominator_nl": "inwoners", "denominator_en": "residents",
    },
]  # fmt: skip
FILES = {
    "huisartsen": "huisartsen",
    "woningcorporatie": "woningcorporatie",
    "buurtteam": "buurtteam",
}
# the columns of the Kerncijfers file, named as in StatLine table 85984NED (numbered per edition)
STATLINE = {
    "WijkenEnBuurten": "WijkenEnBuurten", "Gemeentenaam": "Gemeentenaam_1",
    "SoortRegio": "SoortRegio_2", "Codering": "Codering_3", "AantalInwoners": "AantalInwoners_5",
    "k_0Tot15Jaar": "k_0Tot15Jaar_8", "k_15Tot25Jaar": "k_15Tot25Jaar_9",
    "k_25Tot45Jaar": "k_25Tot45Jaar_10", "k_45Tot65Jaar": "k_45Tot65Jaar_11",
    "k_65JaarOfOuder": "k_65JaarOfOuder_12", "HuishoudensTotaal": "HuishoudensTotaal_29",
    "GemiddeldeHuishoudensgrootte": "GemiddeldeHuishoudensgrootte_33",
    "Bevolkingsdichtheid": "Bevolkingsdichtheid_34",
    "GemiddeldInkomenPerInwoner": "GemiddeldInkomenPerInwoner_78",
}  # fmt: skip
AGES = {"k_0Tot15Jaar": (0, 14), "k_15Tot25Jaar": (15, 24), "k_25Tot45Jaar": (25, 44),
        "k_45Tot65Jaar": (45, 64), "k_65JaarOfOuder": (65, 200)}  # fmt: skip
HIDE_COUNTS, HIDE_INCOME = 50, 100  # CBS hides breakdowns of small areas
REGION = {"gemeente": "Gemeente", "wijk": "Wijk"}

PERSONS_SQL = """
WITH years AS (SELECT DISTINCT year FROM residents),
psy AS (
    SELECT DISTINCT year, RINPERSOONS, RINPERSOON FROM medicijn
    WHERE left(trim(ATC4), 3) IN ('N05', 'N06')
),
soc AS (
    SELECT DISTINCT y.year, b.RINPERSOONS, b.RINPERSOON
    FROM buurtteam AS b, years AS y
    WHERE b.TEAM = 'SOC' AND b.DATUMBEGIN <= make_date(y.year, 12, 31)
      AND b.DATUMEINDE >= make_date(y.year, 1, 1)
),
hh AS (
    SELECT y.year, h.RINPERSOONS, h.RINPERSOON, min(h.HUISHOUDNR) AS huishouden
    FROM huishoudens AS h, years AS y
    WHERE h.DATUMAANVANGHH <= make_date(y.year, 1, 1) AND h.DATUMEINDEHH >= make_date(y.year, 1, 1)
    GROUP BY ALL
),
inc AS (
    SELECT k.year, k.RINPERSOONS, k.RINPERSOON, i.INHP100HBEST AS percentile,
           i.INHBESTINKH / count(*) OVER (
               PARTITION BY k.year, k.RINPERSOONSHKW, k.RINPERSOONHKW) AS income
    FROM koppel AS k
    JOIN inha AS i
      ON i.year = k.year AND i.RINPERSOONSHKW = k.RINPERSOONSHKW
     AND i.RINPERSOONHKW = k.RINPERSOONHKW
    WHERE k.RINPERSOONHKW <> '' AND i.INHBESTINKH < 999999999
)
SELECT r.year, r.gemeente, r.wijk, r.age,
       psy.RINPERSOON IS NOT NULL AS psy,
       soc.RINPERSOON IS NOT NULL AS soc,
       hh.huishouden,
       inc.income,
       inc.percentile BETWEEN 1 AND 40 AS low_income
FROM residents AS r
LEFT JOIN psy USING (year, RINPERSOONS, RINPERSOON)
LEFT JOIN soc USING (year, RINPERSOONS, RINPERSOON)
LEFT JOIN hh USING (year, RINPERSOONS, RINPERSOON)
LEFT JOIN inc USING (year, RINPERSOONS, RINPERSOON)
ORDER BY r.year, r.RINPERSOONS, r.RINPERSOON
"""


def persons(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per resident and year with what the aggregate sources count.

    Expects views on `con`: residents (the person-year base of every year), medicijn, koppel and
    inha (the per-year tables with a `year` column), buurtteam and huishoudens."""
    return con.execute(PERSONS_SQL).df()


def _per_area(p: pd.DataFrame, wijken: list[str], gemeente: str) -> pd.DataFrame:
    """Counts per year for the gemeente and every wijk (also a wijk without residents)."""
    p = p.assign(
        low_income=p["low_income"].fillna(False).astype(bool),
    )
    agg = {
        "n_res": ("age", "size"), "n_psy": ("psy", "sum"), "n_soc": ("soc", "sum"),
        "n_low": ("low_income", "sum"), "n_hh": ("huishouden", "nunique"),
        "n_in_hh": ("huishouden", "count"), "income": ("income", "mean"),
        **{k: ("age", lambda a, lo=lo, hi=hi: int(a.between(lo, hi).sum())) for k, (lo, hi) in AGES.items()},
    }  # fmt: skip
    years = sorted(p["year"].unique())
    city = p.groupby("year").agg(**agg).reindex(years).assign(area_code=gemeente)
    by_wijk = p[p["wijk"].notna()].groupby(["year", "wijk"]).agg(**agg)
    full = pd.MultiIndex.from_product([years, wijken], names=["year", "wijk"])
    by_wijk = by_wijk.reindex(full).reset_index().rename(columns={"wijk": "area_code"})
    out = pd.concat([city.reset_index(), by_wijk], ignore_index=True)
    counts = [c for c in out.columns if c not in ("year", "area_code", "income")]
    out[counts] = out[counts].fillna(0).astype("int64")
    out["area_level"] = np.where(out["area_code"] == gemeente, "gemeente", "wijk")
    return out.sort_values(["year", "area_level", "area_code"]).reset_index(drop=True)


def organisation_figures(
    people: pd.DataFrame, wijken: list[str], gemeente: str, seed: int
) -> dict[str, pd.DataFrame]:
    """The figures of the three partners (file stem -> rows of the organisation-figures
    contract: source, indicator, year, area_code, numerator, denominator), per year for every
    wijk and the gemeente; the gemeente row of a partner is the sum of its areas (residents in
    no wijk included)."""
    a = _per_area(people, wijken, gemeente)
    wijk = a["area_level"] == "wijk"
    codes = sorted(wijken)
    rent_share = dict(zip(codes, _rng(seed, "aggregates", "rent").uniform(0.15, 0.55, len(codes)), strict=True))  # fmt: skip

    def draw(name: str, lam: np.ndarray) -> np.ndarray:
        return _rng(seed, "aggregates", name).poisson(np.maximum(lam, 0)).astype("int64")

    def with_city(df: pd.DataFrame, n: np.ndarray, d: np.ndarray) -> pd.DataFrame:
        out = df.assign(numerator=n, denominator=d)
        city = out[wijk].groupby("year")[["numerator", "denominator"]].sum()
        # residents outside every wijk are the partner's too: add their share of the city
        rest = a.loc[~wijk].set_index("year")["n_res"] - a.loc[wijk].groupby("year")["n_res"].sum()
        scale = 1 + rest / a.loc[wijk].groupby("year")["n_res"].sum().clip(lower=1)
        city = (city.mul(scale, axis=0)).round().astype("int64")
        out.loc[~wijk, ["numerator", "denominator"]] = city.loc[out.loc[~wijk, "year"]].to_numpy()
        return out

    base = a[["year", "area_code"]]
    listed = _rng(seed, "aggregates", "listed").binomial(a["n_res"], 0.97)
    gp = with_city(base, draw("gp", 2.6 * a["n_psy"] + 0.02 * (a["n_res"] - a["n_psy"])), listed)
    share = a["area_code"].map(rent_share).fillna(0).to_numpy()
    dwellings = np.round(a["n_hh"] * share).astype("int64")
    low = a["n_low"] / a["n_res"].clip(lower=1)
    nuisance = with_city(base, draw("nuisance", dwellings * 0.03 * (1 + 2 * low)), dwellings)
    team = base.assign(numerator=a["n_soc"], denominator=a["n_res"])
    out = {}
    for stem, df, (source, indicator) in (
        ("huisartsen", gp, ("huisartsen", "consulten_psy")),
        ("woningcorporatie", nuisance, ("woningcorporatie", "overlast")),
        ("buurtteam", team, ("buurtteam", "caseload")),
    ):
        df = df.assign(source=source, indicator=indicator)
        out[stem] = df[["source", "indicator", "year", "area_code", "numerator", "denominator"]]
    return out


def indicator_register(gemeente: str = "") -> pd.DataFrame:
    """The indicator register of the synthetic partners (one row per source and indicator); a
    supplier named after a place carries the name of the gemeente `gemeente` (none when empty)."""
    rows = [
        {**r, "supplier": r["supplier"].format(gemeente=f"{gemeente} " if gemeente else "")}
        for r in INDICATORS
    ]
    return pd.DataFrame(rows)


def _round5(x) -> np.ndarray:
    """Round half away from zero to a multiple of 5, as CBS rounds counts in Kerncijfers."""
    return (np.floor(np.asarray(x, dtype=float) / 5 + 0.5) * 5).astype("int64")


def kerncijfers(
    people: pd.DataFrame, geography: pd.DataFrame, gemeente: str, seed: int
) -> dict[int, pd.DataFrame]:
    """Kerncijfers per year (edition) for the gemeente and its wijken, in StatLine's shape
    (see the module doc); values CBS would hide are `.`."""
    geo = geography[geography["gemeente_code"] == gemeente]
    wijken = sorted(geo["wijk_code"].unique())
    a = _per_area(people, wijken, gemeente)
    areas = sorted(wijken)
    land = dict(zip(areas, _rng(seed, "aggregates", "land").uniform(2.0, 12.0, len(areas)), strict=True))  # fmt: skip
    land[gemeente] = sum(land.values())
    name = geo["gemeente_name"].iloc[0]
    out = {}
    for year, d in a.groupby("year"):
        rows = []
        for r in d.itertuples(index=False):
            small, poor = r.n_res < HIDE_COUNTS, r.n_res < HIDE_INCOME
            row = {
                "WijkenEnBuurten": r.area_code, "Gemeentenaam": name,
                "SoortRegio": REGION[r.area_level], "Codering": r.area_code,
                "AantalInwoners": int(_round5(r.n_res)),
                **{k: "." if small else int(_round5(getattr(r, k))) for k in AGES},
                "HuishoudensTotaal": "." if small else int(_round5(r.n_hh)),
                "GemiddeldeHuishoudensgrootte": "." if small or not r.n_hh
                else f"{r.n_in_hh / r.n_hh:.1f}",
                "Bevolkingsdichtheid": int(round(r.n_res / land[r.area_code])),
                "GemiddeldInkomenPerInwoner": "." if poor or pd.isna(r.income)
                else f"{r.income / 1000:.1f}",
            }  # fmt: skip
            rows.append(row)
        df = pd.DataFrame(rows).rename(columns=STATLINE)
        out[int(year)] = df[list(STATLINE.values())]
    return out


def write_csv(df: pd.DataFrame, path) -> None:
    """As partners and StatLine's download deliver them: `;`-separated UTF-8, fixed row order."""
    with files.atomic(path) as tmp:
        df.to_csv(tmp, sep=";", index=False, lineterminator="\n", encoding="utf-8")
