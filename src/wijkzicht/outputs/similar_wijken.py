"""Which wijken are like mine: profiles of published indicators and nearest wijken, from the export."""

from __future__ import annotations

import pandas as pd

from wijkzicht.outputs.catalogue import DATA_QUALITY
from wijkzicht.outputs.format import listing
from wijkzicht.outputs.labels import in_brackets, indicator_label, method_short
from wijkzicht.statistics.similarity import ALIKE_WITHIN, COLUMNS, indicator_zscores, similar_wijken

# Two neighbours whose distances to a wijk differ by less than this share of the nearer one are
# a tie, named as one ('even dichtbij: Overvecht en Zuidwest', in name order), never one before
# the other: every distance moves when a figure of any wijk changes (the z-scores use the mean
# and spread of all wijken). U11 saw Noordwest's nearest flip from Zuidwest (2,491; Overvecht
# 2,500) to Overvecht (2,546; Zuidwest 2,773) after 60 records were added in Binnenstad only.
# With the nearest named together with every wijk within this share of it, what is named can
# only move to a wijk not named before when some distance moves by more than this share
# (tests/unit/test_similar_ties_u12.py). 5%: U11's proposal; the flip above was 0,4% apart.
TIE_WITHIN = 0.05
# A wijk is said to be like another ('lijkt op') only when they are alike
# (`statistics.similarity.ALIKE_WITHIN`: less than half an sd apart) in more than this share of
# the figures compared; else the page says 'Geen wijk lijkt duidelijk op X' and names the nearest
# with its count. A reviewer did not believe 'Noordwest lijkt het meest op Overvecht' beside
# 30,2% against 37,7%: the nearest is not always alike.
CLEARLY_ALIKE = 0.5

# what two wijken are alike in, said after 'X lijkt het meest op Y' in short sentences of their own
# (B1; a reviewer found 'X lijkt het meest op Y, vooral in: a, b, en in hoe de cijfers veranderen
# bij: c' one long sentence): their values, or, for trend indicators (method trend_*), how their
# figures change, which is not the same as being alike
ALIKE_IN = {
    "nl": {"values": ". Ze lijken vooral op elkaar bij: {values}",
           "trends": ". De cijfers veranderen er op dezelfde manier, vooral bij: {trends}",
           "both": ". Ze lijken vooral op elkaar bij: {values}. De cijfers veranderen er ook op dezelfde manier "
                   "bij: {trends}",
           "cell_trends": "hoe de cijfers veranderen bij: {trends}", "how": " in hoe de cijfers veranderen",
           "value_and_trend": "het cijfer en hoe het verandert",
           # several wijken like one (the factsheet's): alike to that one, not 'to each other'
           # a pair not clearly alike (U13 U2): where they lie close, not 'lijken op elkaar'
           "values_near": ". Dicht bij elkaar liggen ze bij: {values}",
           "trends_near": ". De cijfers veranderen er op dezelfde manier bij: {trends}",
           "both_near": ". Dicht bij elkaar liggen ze bij: {values}. De cijfers veranderen er ook op dezelfde "
                        "manier bij: {trends}",
           "values_like": ". Ze lijken vooral op {like} bij: {values}",
           "trends_like": ". Hun cijfers veranderen op dezelfde manier als in {like}, vooral bij: {trends}",
           "both_like": ". Ze lijken vooral op {like} bij: {values}. Hun cijfers veranderen ook op dezelfde "
                        "manier bij: {trends}"},
    "en": {"values": ". They are alike above all in: {values}",
           "trends": ". Their figures change in the same way, above all for: {trends}",
           "both": ". They are alike above all in: {values}. Their figures also change in the same way for: "
                   "{trends}",
           "cell_trends": "how the figures change for: {trends}", "how": " in how the figures change",
           "value_and_trend": "the figure and how it changes",
           "values_near": ". They lie close in: {values}",
           "trends_near": ". Their figures change in the same way for: {trends}",
           "both_near": ". They lie close in: {values}. Their figures also change in the same way for: {trends}",
           "values_like": ". They are like {like} above all in: {values}",
           "trends_like": ". Their figures change as in {like}, above all for: {trends}",
           "both_like": ". They are like {like} above all in: {values}. Their figures also change in the same way "
                        "for: {trends}"},
}  # fmt: skip

# what follows: on how many figures they were compared, and where they differ most (a reviewer
# did not believe 'Binnenstad lijkt op West, vooral bij brede definitie' with West clearly lower:
# the profile holds more figures, and the pair is told apart on some of them); 'none' where no
# figure is close enough to call alike (`statistics.similarity.ALIKE_WITHIN`)
DIFFER_IN = {
    "nl": {"values": ". Ze verschillen het meest bij: {values}",
           "trends": ". Ze verschillen het meest in hoe de cijfers veranderen bij: {trends}",
           "both": ". Ze verschillen het meest bij: {values}. Hun cijfers veranderen ook anders bij: {trends}",
           "values_like": ". Ze verschillen het meest van {like} bij: {values}",
           "trends_like": ". Ze verschillen het meest van {like} in hoe de cijfers veranderen bij: {trends}",
           "both_like": ". Ze verschillen het meest van {like} bij: {values}. Hun cijfers veranderen ook anders "
                        "bij: {trends}",
           "none": ". Bij geen van de cijfers liggen ze dicht bij elkaar",
           "none_like": ". Er is geen cijfer waarbij ze allemaal dicht bij {like} liggen",
           "rest_close": ". Ook bij de andere cijfers liggen ze dicht bij elkaar",
           "compared": {1: " (vergeleken op 1 cijfer)", "n": " (vergeleken op {n} cijfers)"}},
    "en": {"values": ". They differ most in: {values}",
           "trends": ". They differ most in how the figures change for: {trends}",
           "both": ". They differ most in: {values}. Their figures also change differently for: {trends}",
           "values_like": ". They differ most from {like} in: {values}",
           "trends_like": ". They differ most from {like} in how the figures change for: {trends}",
           "both_like": ". They differ most from {like} in: {values}. Their figures also change differently "
                        "for: {trends}",
           "none": ". They are close in none of the figures",
           "none_like": ". There is no figure in which they all lie close to {like}",
           "rest_close": ". In the other figures too they lie close together",
           "compared": {1: " (compared on 1 figure)", "n": " (compared on {n} figures)"}},
}  # fmt: skip


def indicator_name(df: pd.DataFrame) -> pd.Series:
    return df["measure"] + ":" + df["definition"] + ":" + df["method"]


def is_compared(code: str) -> bool:
    """Whether wijken are matched on `code` (a measure, 'kopp.aandeel', or an indicator,
    'measure:definition:method'): not for a data-quality measure (`catalogue.DATA_QUALITY`:
    kopp.ouders_onbekend), as wijken are not alike because their records link alike. The one
    rule for the profile (`wijk_profile`), what is said of it (`alike_parts`) and the factsheet
    (`factsheet.alike_indicators`)."""
    return str(code).split(":", 1)[0] not in DATA_QUALITY


def wijk_profile(measures: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Wide table wijk x indicator of published values (group totaal, latest year by default).

    Only rows with status ok count; a suppressed value is NaN, never 0. Data-quality measures
    (`is_compared`: kopp.ouders_onbekend) are no part of the profile: wijken are not alike
    because their records link alike.
    """
    m = measures[(measures["area_level"] == "wijk") & (measures["group"] == "totaal")]
    m = m[m["measure"].isin([c for c in m["measure"].unique() if is_compared(c)])]
    if year is None:
        year = int(m["year"].max())
    m = m[m["year"] == year]
    values = m["value"].where(m["status"] == "ok")
    wide = (
        pd.DataFrame({"wijk": m["area_code"], "indicator": indicator_name(m), "value": values})
        .pivot_table(
            index="wijk", columns="indicator", values="value", aggfunc="first", dropna=False
        )
        .sort_index()
    )
    return wide.reindex(sorted(wide.columns), axis=1)


def comparable(
    measures: pd.DataFrame, k: int, n_indicators: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(profile in long form with z-scores, the k most similar wijken per wijk) for the latest year;
    per pair the indicators they are alike in (`closest_indicators`) and differ most in
    (`differing_indicators`), by the one margin of `statistics.similarity` (ALIKE_WITHIN)."""
    year = int(measures["year"].max())
    wide = wijk_profile(measures, year)
    names = measures.drop_duplicates("area_code").set_index("area_code")["area_name"]
    z = indicator_zscores(wide)
    profile = (
        wide.stack(future_stack=True).rename("value").to_frame()
        .join(z.stack(future_stack=True).rename("z"))
        .reset_index()
    )  # fmt: skip
    profile.insert(1, "wijk_name", profile["wijk"].map(names))
    profile.insert(0, "year", year)
    near = similar_wijken(wide, k=k, n_indicators=n_indicators) if len(z.columns) else pd.DataFrame(
        columns=COLUMNS
    )  # fmt: skip
    near.insert(1, "wijk_name", near["wijk"].map(names))
    near.insert(4, "neighbour_name", near["neighbour"].map(names))
    near.insert(0, "year", year)
    # how many of the figures compared the pair is alike in (all of them, not only the
    # n_indicators named), by the margin of closest_indicators: 'bij 5 van de 8 cijfers'
    n_alike = [
        int(((z.loc[a] - z.loc[b]).abs() <= ALIKE_WITHIN).sum())
        for a, b in zip(near["wijk"], near["neighbour"], strict=True)
    ]
    near.insert(near.columns.get_loc("n_common") + 1, "n_alike", pd.Series(n_alike, dtype="int64"))
    # the neighbours the page names as one, with the nearest (TIE_WITHIN)
    near["tied"] = pd.Series(
        [False] * len(near) if not len(near) else
        near.groupby("wijk", sort=False)["distance"].transform(_tied_with_nearest).astype(bool),
        dtype=bool,
    )  # fmt: skip
    return profile, near


def _tied_with_nearest(distances: pd.Series) -> pd.Series:
    """Per neighbour of one wijk (its distances): whether it is named as one with the nearest
    (the first group of `tie_groups`), and there are at least two of them."""
    first = set(tie_groups(distances.tolist())[0]) if len(distances) else set()
    tied = len(first) > 1
    return pd.Series([tied and i in first for i in range(len(distances))], index=distances.index)


def tie_groups(distances, within: float = TIE_WITHIN) -> list[list[int]]:
    """The positions of `distances` (sorted, nearest first) in groups said as one: each group
    begins at the nearest not yet in a group and holds every later one less than `within` (a
    share) further away than that one. [2.491, 2.500, 3.1] -> [[0, 1], [2]]."""
    d = [float(x) for x in distances]
    groups: list[list[int]] = []
    i = 0
    while i < len(d):
        j = i + 1
        while j < len(d) and d[j] < d[i] * (1 + within):
            j += 1
        groups.append(list(range(i, j)))
        i = j
    return groups


def clearly_alike(n_alike, n_common) -> bool | None:
    """Whether a pair is alike in more than `CLEARLY_ALIKE` of the figures compared; None when
    not known (a table made before `n_alike`)."""
    if n_alike is None or n_common is None or pd.isna(n_alike) or pd.isna(n_common):
        return None
    return int(n_common) > 0 and int(n_alike) > CLEARLY_ALIKE * int(n_common)


def alike_parts(lang: str, indicators, definitions=None) -> tuple[list[str], list[str]]:
    """The indicators two wijken are closest in (`closest_indicators`: 'measure:definition:method'
    joined by ';', or a list), in words: (values, trends), each named once. Two values that read
    the same (a crude and a standardised share) add their method in words; a trend indicator is
    named by its definition alone ('brede definitie'): the sentence says it is about change; a
    definition alike in its value and its trend is named once, among the values, saying both
    ('brede definitie (het cijfer en hoe het verandert)', one bracket after one of the name:
    'GGZ-zorg (dit of vorig jaar; het cijfer en hoe het verandert)'); a data-quality measure
    (`is_compared`, in a table made before it left the profile) not at all."""
    if isinstance(indicators, str):
        indicators = indicators.split(";")
    elif indicators is None or (not isinstance(indicators, list | tuple) and pd.isna(indicators)):
        indicators = []  # a wijk without indicators in common (an empty cell)
    shown = [i for i in indicators if i and is_compared(i)]
    value_ind = [i for i in shown if not (i.split(":") + ["", ""])[2].startswith("trend_")]
    words = [indicator_label(lang, i, definitions) for i in value_ind]
    values = [
        in_brackets(w, method_short(lang, (i.split(":") + ["", ""])[2]))
        if words.count(w) > 1
        else w
        for i, w in zip(value_ind, words, strict=True)
    ]
    trends = [
        indicator_label(lang, ":".join((i.split(":") + [""])[:2]) + ":", definitions)
        for i in shown
        if i not in value_ind
    ]
    values, trends = list(dict.fromkeys(values)), list(dict.fromkeys(trends))
    both = ALIKE_IN[lang]["value_and_trend"]
    return [in_brackets(v, both) if v in trends else v for v in values], [
        t for t in trends if t not in values
    ]


def alike_words(lang: str, indicators, definitions=None) -> list[str]:
    """The indicators two wijken are closest in as the items of a list or cell: the values
    (`alike_parts`), then the trends in one item, 'hoe de cijfers veranderen bij: ...'. The
    workbook's cell joins them (`alike_cell`); the dashboard lists them."""
    values, trends = alike_parts(lang, indicators, definitions)
    tail = [ALIKE_IN[lang]["cell_trends"].format(trends=", ".join(trends))] if trends else []
    return [*values, *tail]


def _indicators(indicators) -> list[str]:
    """'a;b' or a list as a list; [] for an empty or missing cell."""
    if isinstance(indicators, str):
        return [i for i in indicators.split(";") if i]
    if indicators is None or (not isinstance(indicators, list | tuple) and pd.isna(indicators)):
        return []
    return [i for i in indicators if i]


def _said(table: dict, lang: str, values, trends, like, near: bool = False) -> str:
    key = "both" if values and trends else "values" if values else "trends" if trends else None
    if key is None:
        return ""
    key += "_like" if like else "_near" if near else ""
    return table[lang][key].format(
        values=listing(lang, values), trends=listing(lang, trends), like=like
    )


def _reads_as(lang: str, indicator: str, definitions=None) -> tuple[str, str]:
    """What a reader takes an indicator for: ('trend', the definition's name) for a trend
    indicator, ('value', its name) else; two methods of one definition read the same."""
    parts = (indicator.split(":") + ["", ""])[:3]
    if parts[2].startswith("trend_"):
        return "trend", indicator_label(lang, ":".join(parts[:2]) + ":", definitions)
    return "value", indicator_label(lang, indicator, definitions)


def alike_and_differing(
    lang: str, closest, differing, definitions=None
) -> tuple[list[str], list[str]]:
    """The indicators a pair (or the factsheet's group) is said alike in and differ most in:
    `closest` and `differing` ('a;b' or lists), none in both, and none that reads as one in the
    other list (the trends of a crude and of a standardised share are both 'hoe de cijfers
    veranderen bij: psychofarmaca'; alike in one and far apart in the other is said neither)."""
    close = _indicators(closest)
    far = [i for i in _indicators(differing) if i not in close]
    said_close = {_reads_as(lang, i, definitions) for i in close}
    said_far = {_reads_as(lang, i, definitions) for i in far}
    both = said_close & said_far
    return (
        [i for i in close if _reads_as(lang, i, definitions) not in both],
        [i for i in far if _reads_as(lang, i, definitions) not in both],
    )


def compared_on(lang: str, n_common) -> str:
    """' (vergeleken op 8 cijfers)': on how many figures two wijken were compared (the
    `n_common` of their row); '' when not known."""
    if n_common is None or pd.isna(n_common) or str(n_common) == "":
        return ""
    n = int(n_common)
    said = DIFFER_IN[lang]["compared"]
    return said[1] if n == 1 else said["n"].format(n=n)


def alike_in(lang: str, indicators, definitions=None, like: str | None = None, *,
             differing=None, n_common=None) -> str:  # fmt: skip
    """What 'X lijkt het meest op Y' goes on with, in sentences of its own (the caller ends the
    last with its full stop): '. Ze lijken vooral op elkaar bij: a en b' for values, '. De
    cijfers veranderen er op dezelfde manier, vooral bij: c' for trend indicators, both for a
    mix; '' for none. `like`: the wijk several wijken are like (the factsheet's), named: '. Ze
    lijken vooral op Overvecht bij: a en b'.

    With `differing` (the row's `differing_indicators`: a table that has them, made with the
    margin `statistics.similarity.ALIKE_WITHIN`) it begins with on how many figures they were
    compared, `n_common` (' (vergeleken op 8 cijfers)'), and ends with where they differ most,
    '. Ze verschillen het meest bij: d' (trends: 'in hoe de cijfers veranderen bij: e'), and
    says so when no figure is close enough to call alike ('. Bij geen van de cijfers liggen ze
    dicht bij elkaar'), or, for a pair without any, that the other figures are close too ('. Ook
    bij de andere cijfers liggen ze dicht bij elkaar'); without it (a table made before) it
    reads as before. An indicator among
    `indicators` is not named again among the differing (the factsheet joins the lists of
    several wijken)."""
    if differing is None:
        values, trends = alike_parts(lang, _indicators(indicators), definitions)
        return _said(ALIKE_IN, lang, values, trends, like)
    close, far = alike_and_differing(lang, indicators, differing, definitions)
    values, trends = alike_parts(lang, close, definitions)
    said = _said(ALIKE_IN, lang, values, trends, like)
    d_values, d_trends = alike_parts(lang, far, definitions)
    if not said and (d_values or d_trends):
        said = DIFFER_IN[lang]["none_like" if like else "none"].format(like=like)
    elif said and not _indicators(differing) and not like:
        said += DIFFER_IN[lang]["rest_close"]  # a pair with no figure beyond the margin
    return compared_on(lang, n_common) + said + _said(DIFFER_IN, lang, d_values, d_trends, like)


def alike_cell(lang: str, indicators, definitions=None) -> str:
    """The same as one table cell ('Lijkt vooral in'): 'a; b; hoe de cijfers veranderen bij: c'
    (`alike_words` joined)."""
    return "; ".join(alike_words(lang, indicators, definitions))


def alike_how(lang: str, indicators, definitions=None) -> str:
    """' in hoe de cijfers veranderen' when the wijken are alike in trends only, else ''."""
    values, trends = alike_parts(lang, indicators, definitions)
    return ALIKE_IN[lang]["how"] if trends and not values else ""


def group_alike(
    profile: pd.DataFrame, wijk: str, neighbours, n: int = 3, within: float = ALIKE_WITHIN
) -> tuple[list[str], list[str]]:
    """What several wijken (`neighbours`, the factsheet's three) share with `wijk`, from the
    exported profile (`<theme>/wijkprofiel.csv`: wijk, indicator, z): the `n` indicators every
    one of them is alike in (|z - z_wijk| <= `within`, `statistics.similarity.ALIKE_WITHIN`),
    the closest first by their largest difference, and the `n` every one of them differs in
    (> `within`), the furthest first by their smallest difference; ties by name. An indicator
    one of them lacks is in neither. Exact where joining the pairs' lists of
    `vergelijkbare_wijken.csv` (each at most n_indicators long) is not."""
    z = profile.pivot_table(index="wijk", columns="indicator", values="z", aggfunc="first")
    neighbours = [w for w in neighbours if w in z.index]
    if wijk not in z.index or not neighbours:
        return [], []
    d = (z.loc[neighbours] - z.loc[wijk]).abs()
    d = d.loc[:, d.notna().all() & d.columns.map(is_compared).to_numpy(dtype=bool)]
    worst, best = d.max(), d.min()
    alike = sorted(worst.index[worst <= within], key=lambda c: (worst[c], str(c)))[:n]
    differ = sorted(best.index[best > within], key=lambda c: (-best[c], str(c)))[:n]
    return [str(c) for c in alike], [str(c) for c in differ]


# what the pages say of a wijk's nearest (`likeness`, `ordered_neighbours`): a tie as a tie
# (TIE_WITHIN), 'lijkt op' only for a wijk clearly alike (CLEARLY_ALIKE), always with on how many
# of the figures compared they lie close (a reviewer did not believe 'lijkt het meest op' next to
# the largest differences alone)
LIKENESS = {
    "nl": {"one": "{wijk} lijkt het meest op {other}",
           "tie": "{wijk} lijkt even veel op {others}",
           "count": ": bij {a} van de {n} cijfers liggen ze dicht bij elkaar",
           "count_all": ": bij alle {n} cijfers liggen ze dicht bij elkaar",
           "count_none": ", maar bij geen van de {n} cijfers liggen ze dicht bij elkaar",
           "counts": ". Cijfers dicht bij die van {wijk}: {items}",
           "count_item": "{other} {a} van de {n}",
           "near": " ({a} van de {n} cijfers dichtbij)",
           "near_short": " ({a} van de {n})",
           "group_none": "geen wijk lijkt duidelijk op {wijk}. Het dichtst bij liggen {others}",
           "group_none_one": "geen wijk lijkt duidelijk op {wijk}. Het dichtst bij ligt {others}",
           # the page checked only the wijken it lists (W1): it says no more than that
           "group_none_listed": "van de wijken die het dichtst bij liggen, lijkt geen duidelijk op {wijk}. "
                                "Het dichtst bij liggen {others}",
           "group_none_listed_one": "de wijk die het dichtst bij ligt, lijkt niet duidelijk op {wijk}: "
                                    "{others}",
           "none_listed": "Van de {k} wijken die het dichtst bij {wijk} liggen, lijkt geen duidelijk op {wijk}. ",
           "not_clear_one": " {other} lijkt niet duidelijk op {wijk}",
           "nearest_one": "Het dichtst bij {wijk} ligt {other}",
           "nearest_one_short": "Het dichtst bij ligt {other}",
           "nearest_tie_short": "Even dichtbij liggen {others}",
           "nearest_tie": "Even dichtbij {wijk} liggen {others}",
           "clear_one": " {other} lijkt duidelijk op {wijk}",
           "clear_many": " {others} lijken duidelijk op {wijk}",
           # a tie of which only some are clearly alike (U13 M4): those first, then the others
           "tie_fewer": " Even dichtbij {wijk}, maar bij minder cijfers dicht bij elkaar: {items}"},
    "en": {"one": "{wijk} is most like {other}",
           "tie": "{wijk} is equally like {others}",
           "count": ": in {a} of the {n} figures they lie close together",
           "count_all": ": in all {n} figures they lie close together",
           "count_none": ", but in none of the {n} figures do they lie close together",
           "counts": ". Figures close to those of {wijk}: {items}",
           "count_item": "{other} {a} of {n}",
           "near": " ({a} of the {n} figures close)",
           "near_short": " ({a} of {n})",
           "group_none": "no wijk is clearly like {wijk}. Closest are {others}",
           "group_none_one": "no wijk is clearly like {wijk}. Closest is {others}",
           "group_none_listed": "of the wijken closest to it, none is clearly like {wijk}. Closest are {others}",
           "group_none_listed_one": "the wijk closest to it is not clearly like {wijk}: {others}",
           "none_listed": "Of the {k} wijken closest to {wijk}, none is clearly like {wijk}. ",
           "not_clear_one": " {other} is not clearly like {wijk}",
           "nearest_one": "Closest to {wijk} is {other}",
           "nearest_one_short": "Closest is {other}",
           "nearest_tie_short": "Equally close are {others}",
           "nearest_tie": "Equally close to {wijk} are {others}",
           "clear_one": " {other} is clearly like {wijk}",
           "clear_many": " {others} are clearly like {wijk}",
           "tie_fewer": " Equally close to {wijk}, but close in fewer figures: {items}"},
}  # fmt: skip


def ordered_neighbours(rows: pd.DataFrame, within: float = TIE_WITHIN) -> pd.DataFrame:
    """One wijk's neighbours (rows of `vergelijkbare_wijken.csv`) in the order the pages say
    them: by distance, a tie (`tie_groups`) in name order, with `place` the place of its group
    (1, 1, 3 for a tie of the first two): no neighbour said before another it is tied with."""
    rows = rows.sort_values(["distance", "rank"], kind="stable").reset_index(drop=True)
    parts = []
    for group in tie_groups(rows["distance"].tolist(), within):
        g = rows.iloc[group].assign(place=group[0] + 1)
        parts.append(g.sort_values(["neighbour_name", "neighbour"], key=lambda c: c.astype(str)))
    if not parts:
        return rows.assign(place=pd.Series(dtype="int64"))
    return pd.concat(parts).reset_index(drop=True)


def _count(lang: str, n_alike, n_common) -> str:
    w = LIKENESS[lang]
    a, n = int(n_alike), int(n_common)
    return w["count_all" if a == n else "count_none" if a == 0 else "count"].format(a=a, n=n)


def _count_items(lang: str, rows: pd.DataFrame) -> list[str]:
    """'Overvecht 3 van de 8' for each of `rows` (neighbours with n_alike and n_common)."""
    item = LIKENESS[lang]["count_item"]
    return [
        item.format(other=str(r["neighbour_name"]), a=int(r["n_alike"]), n=int(r["n_common"]))
        for _, r in rows.iterrows()
    ]


# a figure's value, where its trend is named in the other list (`_detail`)
VALUE_OF = {"nl": "het cijfer van {value}", "en": "the figure for {value}"}


def _detail(lang: str, closest, differing, definitions=None, like: str | None = None,
            near: bool = False) -> str:  # fmt: skip
    """'. Ze lijken vooral op elkaar bij: a. Ze verschillen het meest bij: b' (`alike_in`'s
    lists, without its count, which `likeness` says); `near`, for a pair not clearly alike:
    '. Dicht bij elkaar liggen ze bij: a' (no 'lijken op elkaar' after 'lijkt niet duidelijk')."""
    close, far = alike_and_differing(lang, closest, differing, definitions)
    values, trends = alike_parts(lang, close, definitions)
    d_values, d_trends = alike_parts(lang, far, definitions)
    # a definition alike in how it changes and apart in its figure (or the other way round) is
    # named in both lists: the figure says 'het cijfer van' ('De cijfers veranderen er ook op
    # dezelfde manier bij: ouder met verslavingszorg. Ze verschillen het meest bij: ouder met
    # verslavingszorg' read as a contradiction, U13 U1)
    values = [VALUE_OF[lang].format(value=v) if v in d_trends else v for v in values]
    d_values = [VALUE_OF[lang].format(value=v) if v in trends else v for v in d_values]
    return _said(ALIKE_IN, lang, values, trends, like, near) + _said(
        DIFFER_IN, lang, d_values, d_trends, like
    )


def likeness(lang: str, wijk: str, rows: pd.DataFrame, definitions=None) -> str:
    """What a page says of the wijken nearest to `wijk` (its name), one or more sentences ending
    in a full stop, from its rows of `vergelijkbare_wijken.csv`:
    - the nearest, or the nearest tie (`tie_groups`: 'lijkt even veel op Overvecht en Zuidwest',
      in name order);
    - 'lijkt (het meest) op' only when every one named is alike in more than half the figures
      (`clearly_alike`);
    - a tie of which only some are clearly alike: those first, then the others of the tie ('Zuid
      lijkt duidelijk op West: bij 5 van de 8 ... Even dichtbij West, maar bij minder cijfers dicht
      bij elkaar: Noordwest (1 van de 8) en Vleuten-De Meern (2 van de 8).', U13 M4);
    - else the nearest by distance ('Het dichtst bij X ligt Y', 'Even dichtbij X liggen Y en Z'),
      then the listed wijken that are clearly alike ('Zuidwest lijkt duidelijk op X'), or, none
      of them, 'Van de 3 wijken die het dichtst bij X liggen, lijkt geen duidelijk op X': the
      rows hold only the nearest, so it never says 'geen wijk' (U13 W1);
    - always on how many of the figures compared they lie close ('bij 5 van de 8 cijfers');
    - for one wijk named, what they are alike in (not clearly alike: where they lie close) and
      differ most in (`alike_in`'s words), no figure in both (`alike_and_differing`).
    A table made before `n_alike`: '{wijk} lijkt het meest op {other}' with `alike_in`, as before.
    """
    w = LIKENESS[lang]
    if not len(rows):
        return ""
    rows = ordered_neighbours(rows)
    if "n_alike" not in rows:
        r = rows.iloc[0]
        return (w["one"].format(wijk=wijk, other=r["neighbour_name"])
                + alike_in(lang, r.get("closest_indicators"), definitions,
                           differing=r.get("differing_indicators"), n_common=r.get("n_common")) + ".")  # fmt: skip
    is_clear = [
        bool(clearly_alike(a, n)) for a, n in zip(rows["n_alike"], rows["n_common"], strict=True)
    ]
    n_first = int((rows["place"] == 1).sum())
    first, clear = rows.iloc[:n_first], is_clear[:n_first]
    names = [str(n) for n in first["neighbour_name"]]
    items = _count_items(lang, first)
    if all(clear):  # the nearest (or the tie) clearly alike: 'lijkt het meest op'
        if n_first == 1:
            r = first.iloc[0]
            return (w["one"].format(wijk=wijk, other=names[0]) + _count(lang, r["n_alike"], r["n_common"])
                    + _detail(lang, r.get("closest_indicators"), r.get("differing_indicators"), definitions) + ".")  # fmt: skip
        return (w["tie"].format(wijk=wijk, others=listing(lang, names))
                + w["counts"].format(wijk=wijk, items=", ".join(items)) + ".")  # fmt: skip
    # the nearest by distance, 'ligt het dichtst bij' (U13 M3), with the counts
    alike = rows[is_clear]
    if n_first > 1 and len(alike) and set(alike.index) <= set(first.index):
        # a tie of which only some are clearly alike (U13 M4: 'Even dichtbij West liggen
        # Noordwest, Vleuten-De Meern en Zuid', 1, 2 and 5 of 8): the clearly alike first, then
        # the others of the tie with their counts
        fewer = first[[not c for c in clear]]
        items = [
            str(r["neighbour_name"])
            + w["near_short"].format(a=int(r["n_alike"]), n=int(r["n_common"]))
            for _, r in fewer.iterrows()
        ]
        return (
            _clearly(lang, wijk, alike, definitions).lstrip()
            + "."
            + w["tie_fewer"].format(wijk=wijk, items=listing(lang, items))
            + "."
        )
    # after 'Van de 3 wijken die het dichtst bij X liggen'
    short = "_short" if not len(alike) and len(rows) > 1 else ""
    if n_first == 1:
        r = first.iloc[0]
        nearest = w["nearest_one" + short].format(wijk=wijk, other=names[0]) + _count(
            lang, r["n_alike"], r["n_common"]
        )
    else:
        nearest = (w["nearest_tie" + short].format(wijk=wijk, others=listing(lang, names))
                   + w["counts"].format(wijk=wijk, items=", ".join(items)))  # fmt: skip
    if not len(alike):
        # none of the wijken listed is clearly alike: the page has checked no other (U13 W1), so
        # it says no more than that; where the nearest lies close, not 'lijken op elkaar' (U2)
        k = len(rows)
        head = w["none_listed"].format(wijk=wijk, k=k) if k > 1 else ""
        if n_first == 1:
            r = first.iloc[0]
            nearest += _detail(lang, r.get("closest_indicators"), r.get("differing_indicators"),
                               definitions, near=True)  # fmt: skip
        if k == 1:  # one wijk listed: it is not clearly alike
            nearest += "." + w["not_clear_one"].format(other=names[0], wijk=wijk)
        return head + nearest + "."
    # the nearest not clearly alike, another listed one is (U13 W1: Overvecht's nearest
    # Noordwest 3 of 8, Zuidwest at rank 2 5 of 8): the nearest by distance, then that one
    return nearest + "." + _clearly(lang, wijk, alike, definitions) + "."


def _clearly(lang: str, wijk: str, alike: pd.DataFrame, definitions=None) -> str:
    """' Zuidwest lijkt duidelijk op X: bij 5 van de 8 ...' with what they are alike in (one
    wijk), or ' A en B lijken duidelijk op X. Cijfers dicht bij ...: A 5 van de 8, ...' (several),
    of the clearly alike rows `alike` (`likeness`), without a full stop."""
    w = LIKENESS[lang]
    if len(alike) == 1:
        r = alike.iloc[0]
        return (w["clear_one"].format(other=r["neighbour_name"], wijk=wijk) + _count(lang, r["n_alike"], r["n_common"])
                + _detail(lang, r.get("closest_indicators"), r.get("differing_indicators"), definitions))  # fmt: skip
    a_names = [str(n) for n in alike["neighbour_name"]]
    return (w["clear_many"].format(others=listing(lang, a_names), wijk=wijk)
            + w["counts"].format(wijk=wijk, items=", ".join(_count_items(lang, alike))))  # fmt: skip


def any_clearly_alike(profile: pd.DataFrame, wijk: str, within: float = ALIKE_WITHIN) -> bool:
    """Whether any wijk of the exported profile (`<theme>/wijkprofiel.csv`: wijk, indicator, z)
    is clearly alike (`clearly_alike`) to `wijk` (a code): alike (|z - z_wijk| <= `within`,
    `statistics.similarity.ALIKE_WITHIN`) in more than `CLEARLY_ALIKE` of the figures both have
    (`is_compared`), as `n_alike` of `vergelijkbare_wijken.csv` counts them, over every wijk, not
    only the nearest. True when the profile lacks `wijk`: nothing is then shown of all."""
    z = profile.pivot_table(index="wijk", columns="indicator", values="z", aggfunc="first")
    z = z.loc[:, z.columns.map(is_compared).to_numpy(dtype=bool)]
    if wijk not in z.index:
        return True
    d = (z.drop(index=wijk) - z.loc[wijk]).abs()
    n_common, n_alike = d.notna().sum(axis=1), (d <= within).sum(axis=1)
    return any(bool(clearly_alike(a, n)) for a, n in zip(n_alike, n_common, strict=True))


def group_likeness(
    lang: str, wijk: str, rows: pd.DataFrame, profile: pd.DataFrame | None, definitions=None
) -> tuple[list[tuple[str, str]], str]:
    """The factsheet's line for one theme: (the wijken named, each as (its name, bold on the
    page; its count, ' (5 van de 8 cijfers dichtbij)'); the words after them). Named are those
    of `rows` (the wijk's nearest) clearly alike (`clearly_alike`), in `ordered_neighbours`'s
    order, then what they share with `wijk` (its name) and differ in (`group_alike` on the
    profile; one wijk: the pair's own lists, `alike_in`'s words). None clearly alike: ([],
    'geen wijk lijkt duidelijk op X. Het dichtst bij liggen West (3 van de 8 cijfers dichtbij),
    Oost (2 van de 8) en ...') when the profile shows that of every wijk (`any_clearly_alike`),
    else (a wijk further away is, or no profile) 'van de wijken die het dichtst bij liggen, lijkt
    geen duidelijk op X. ...' (U13 W1). A table made before `n_alike`: all of `rows`, no count, ''."""
    w = LIKENESS[lang]
    rows = ordered_neighbours(rows)
    if "n_alike" not in rows:
        return [(str(n), "") for n in rows["neighbour_name"]], ""

    def count(i: int, r) -> str:
        return w["near_short" if i else "near"].format(a=int(r["n_alike"]), n=int(r["n_common"]))

    is_clear = [clearly_alike(a, n) for a, n in zip(rows["n_alike"], rows["n_common"], strict=True)]
    clear = rows[[bool(c) for c in is_clear]]
    if not len(clear):
        near = [str(r["neighbour_name"]) + count(i, r) for i, (_, r) in enumerate(rows.iterrows())]
        # 'geen wijk' only when the profile shows it of every wijk (U13 W1: Binnenstad and
        # Noordwest are 5 of 8 alike, neither among the other's three nearest)
        checked = (
            profile is not None
            and len(rows)
            and not any_clearly_alike(profile, str(rows.iloc[0]["wijk"]))
        )
        key = ("group_none" if checked else "group_none_listed") + (
            "_one" if len(near) == 1 else ""
        )
        return [], w[key].format(wijk=wijk, others=listing(lang, near))
    named = [(str(r["neighbour_name"]), count(i, r)) for i, (_, r) in enumerate(clear.iterrows())]
    if len(clear) == 1:
        r = clear.iloc[0]
        closest, differing = r.get("closest_indicators"), r.get("differing_indicators")
        return named, _detail(lang, closest, differing, definitions)
    if profile is None:
        return named, ""
    code = str(rows.iloc[0]["wijk"])
    shared, apart = group_alike(profile, code, clear["neighbour"].astype(str).tolist())
    return named, _detail(lang, shared, apart, definitions, like=wijk)
