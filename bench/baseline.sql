-- The baseline of `make bench`: the headline measures of the three themes per wijk, gemeente and
-- year, as plain DuckDB SQL over the input files, in one process. Written from the
-- definitions alone (../shared/spec/measures.md, docs/rules.md), not from wijkzicht's code,
-- so equal counts are an independent check as well (tests/e2e/test_baseline.py).
--
--   kopp.aandeel          ggz, psychofarmaca, verslaving, breed   children 0-17 by parent conditions
--   migratie.ggz          ggz                                     adults 18+, crude (wilson)
--   migratie.psychofarmaca psychofarmaca                          adults 18+, crude (wilson)
--   nieuwkomers.aandeel   ggz, uitstroom_bw_mo, laag_inkomen, breed  newcomers to a wijk
--
-- Not here: groups other than totaal, standardised shares, the survey, overlap, jeugdteam,
-- concentration ratios, intervals, disclosure control, pages. bench/baseline.py runs the
-- sections below: `once` first, `conditions` for every year y, `year` for every year t,
-- `newcomers` for every year t whose year t-1 is there. The input tables are views named
-- after their files (GBAPERSOONTAB, MEDICIJNTAB2023, ...). Placeholders: {t} the year, {y} a
-- year of conditions, {p} = t - 1, {gem} the gemeente as in VSLGWBTAB (0344), {gm} its code
-- (GM0344), {ggz_cost} the GGZ cost sum of year y (the columns change in 2022).

-- @once
CREATE OR REPLACE TEMP TABLE spell AS  -- address spells of linked persons that ever start
SELECT CAST(RINPERSOON AS VARCHAR) AS p,
       CAST(GBADATUMAANVANGADRESHOUDING AS VARCHAR) AS b,
       coalesce(nullif(trim(CAST(GBADATUMEINDEADRESHOUDING AS VARCHAR)), ''), '20501231') AS e,
       CAST(SOORTOBJECTNUMMER AS VARCHAR) AS so, CAST(RINOBJECTNUMMER AS VARCHAR) AS o
FROM GBAADRESOBJECTBUS
WHERE RINPERSOONS = 'R' AND coalesce(RINPERSOON, '') <> ''
  AND coalesce(trim(CAST(GBADATUMAANVANGADRESHOUDING AS VARCHAR)), '') <> '';

CREATE OR REPLACE TEMP TABLE seq AS  -- each spell with the object of the spell before it
SELECT p, b, so, o,
       lag(so) OVER (PARTITION BY p ORDER BY b) AS prev_so,
       lag(o) OVER (PARTITION BY p ORDER BY b) AS prev_o
FROM spell;

CREATE OR REPLACE TEMP TABLE person AS
SELECT CAST(RINPERSOON AS VARCHAR) AS p,
       TRY_CAST(GBAGEBOORTEJAAR AS INTEGER) AS jaar,
       TRY_CAST(GBAGEBOORTEMAAND AS INTEGER) AS maand
FROM GBAPERSOONTAB
WHERE RINPERSOONS = 'R' AND coalesce(RINPERSOON, '') <> '';

CREATE OR REPLACE TEMP TABLE parent AS  -- linked legal parents of linked children
SELECT CAST(RINPERSOON AS VARCHAR) AS child, CAST(RINPERSOONpa AS VARCHAR) AS parent
FROM KINDOUDERTAB
WHERE RINPERSOONS = 'R' AND coalesce(RINPERSOON, '') <> ''
  AND RINPERSOONSpa = 'R' AND coalesce(RINPERSOONpa, '') <> ''
UNION
SELECT CAST(RINPERSOON AS VARCHAR), CAST(RINPERSOONMa AS VARCHAR)
FROM KINDOUDERTAB
WHERE RINPERSOONS = 'R' AND coalesce(RINPERSOON, '') <> ''
  AND RINPERSOONSMa = 'R' AND coalesce(RINPERSOONMa, '') <> '';

CREATE OR REPLACE TEMP TABLE bwmo AS  -- sheltered housing and shelter that ever start
SELECT CAST(RINPERSOON AS VARCHAR) AS p,
       CAST(DATUMBEGIN AS VARCHAR) AS b,
       nullif(trim(CAST(DATUMEINDE AS VARCHAR)), '') AS e_raw,
       coalesce(nullif(trim(CAST(DATUMEINDE AS VARCHAR)), ''), '20501231') AS e
FROM GEMWMOVOORZIENINGEN
WHERE RINPERSOONS = 'R' AND coalesce(RINPERSOON, '') <> ''
  AND trim(VOORZIENING) IN ('BW', 'MO')
  AND coalesce(trim(CAST(DATUMBEGIN AS VARCHAR)), '') <> '';

CREATE OR REPLACE TEMP TABLE result (
  theme VARCHAR, measure VARCHAR, definition VARCHAR, year INTEGER, area_code VARCHAR,
  numerator BIGINT, denominator BIGINT
);

-- @conditions
CREATE OR REPLACE TEMP TABLE cond_{y} AS  -- (person, condition) met in year y
SELECT DISTINCT p, c FROM (
  SELECT CAST(RINPERSOON AS VARCHAR) AS p, 'ggz' AS c
  FROM ZVWZORGKOSTENTAB{y}
  WHERE RINPERSOONS = 'R' AND coalesce(RINPERSOON, '') <> ''
  GROUP BY 1 HAVING sum({ggz_cost}) > 0
  UNION ALL
  SELECT CAST(RINPERSOON AS VARCHAR), 'psychofarmaca'
  FROM MEDICIJNTAB{y}
  WHERE RINPERSOONS = 'R' AND coalesce(RINPERSOON, '') <> ''
    AND trim(ATC4) IN ('N05A', 'N05B', 'N05C', 'N06A', 'N06B', 'N06C')
  UNION ALL
  SELECT CAST(RINPERSOON AS VARCHAR), 'verslaving'
  FROM GGZDBCTRAJECTENHOOFDDIAGTAB{y}
  WHERE RINPERSOONS = 'R' AND coalesce(RINPERSOON, '') <> ''
    AND (trim(CAST(GGZDBCCircuitHOOFDDIAG AS VARCHAR)) = '5'
         OR starts_with(trim(CAST(GGZDBCHoofddiagnoseDSMIV AS VARCHAR)), 'as1_4'))
  UNION ALL
  SELECT p, 'bw_mo' FROM bwmo WHERE b <= '{y}1231' AND e >= '{y}0101'
  UNION ALL
  SELECT CAST(k.RINPERSOON AS VARCHAR), 'laag_inkomen'
  FROM KOPPELPERSOONHUISHOUDEN{y} k
  JOIN INHATAB{y} i
    ON i.RINPERSOONSHKW = k.RINPERSOONSHKW AND i.RINPERSOONHKW = k.RINPERSOONHKW
  WHERE k.RINPERSOONS = 'R' AND coalesce(k.RINPERSOON, '') <> ''
    AND TRY_CAST(i.INHP100HBEST AS INTEGER) BETWEEN 1 AND 10
);

-- @year
CREATE OR REPLACE TEMP TABLE place_{t} AS  -- objects in a wijk of the gemeente on 1 January t
SELECT CAST(SOORTOBJECTNUMMER AS VARCHAR) AS so, CAST(RINOBJECTNUMMER AS VARCHAR) AS o,
       'WK' || CAST(wc{t} AS VARCHAR) AS wijk
FROM VSLGWBTAB
WHERE CAST(gem{t} AS VARCHAR) = '{gem}';

CREATE OR REPLACE TEMP TABLE resident_{t} AS  -- living in the gemeente on 1 January t, with age
SELECT s.p, pl.wijk,
       {t} - pe.jaar - CASE WHEN pe.maand > 1 THEN 1 ELSE 0 END AS age
FROM spell s
JOIN place_{t} pl ON pl.so = s.so AND pl.o = s.o
LEFT JOIN person pe ON pe.p = s.p
WHERE s.b <= '{t}0101' AND s.e >= '{t}0101';

INSERT INTO result
WITH kids AS (SELECT p, wijk FROM resident_{t} WHERE age BETWEEN 0 AND 17),
defs(definition, c) AS (VALUES ('ggz', 'ggz'), ('psychofarmaca', 'psychofarmaca'),
  ('verslaving', 'verslaving'), ('breed', 'ggz'), ('breed', 'psychofarmaca'),
  ('breed', 'verslaving'), ('breed', 'bw_mo')),
met AS (
  SELECT DISTINCT k.p, d.definition
  FROM kids k JOIN parent pa ON pa.child = k.p
  JOIN cond_{t} c ON c.p = pa.parent JOIN defs d ON d.c = c.c
)
SELECT 'kopp', 'kopp.aandeel', d.definition, {t}, coalesce(k.wijk, '{gm}'),
       count(m.p), count(*)
FROM kids k CROSS JOIN (SELECT DISTINCT definition FROM defs) d
LEFT JOIN met m ON m.p = k.p AND m.definition = d.definition
GROUP BY GROUPING SETS ((d.definition, k.wijk), (d.definition));

INSERT INTO result
WITH adults AS (SELECT p, wijk FROM resident_{t} WHERE age >= 18)
SELECT 'migratie', 'migratie.' || d.c, d.c, {t}, coalesce(a.wijk, '{gm}'),
       count(c.p), count(*)
FROM adults a CROSS JOIN (VALUES ('ggz'), ('psychofarmaca')) d(c)
LEFT JOIN cond_{t} c ON c.p = a.p AND c.c = d.c
GROUP BY GROUPING SETS ((d.c, a.wijk), (d.c));

-- @newcomers
INSERT INTO result
WITH moved AS (  -- (person, wijk): the first move of year t into a wijk from outside it
  SELECT q.p, pl.wijk, min(q.b) AS m
  FROM seq q
  JOIN place_{t} pl ON pl.so = q.so AND pl.o = q.o
  LEFT JOIN place_{t} prev ON prev.so = q.prev_so AND prev.o = q.prev_o
  LEFT JOIN person pe ON pe.p = q.p
  WHERE q.b BETWEEN '{t}0101' AND '{t}1231'
    AND (prev.wijk IS NULL OR prev.wijk <> pl.wijk)
    AND (pe.jaar IS NULL OR pe.jaar <> {t})
  GROUP BY q.p, pl.wijk
),
marker AS (
  SELECT DISTINCT n.p, n.wijk, 'ggz' AS definition
  FROM moved n JOIN (SELECT p FROM cond_{t} WHERE c = 'ggz'
                     UNION SELECT p FROM cond_{p} WHERE c = 'ggz') g ON g.p = n.p
  UNION
  SELECT n.p, n.wijk, 'laag_inkomen'
  FROM moved n JOIN cond_{p} c ON c.p = n.p AND c.c = 'laag_inkomen'
  UNION
  SELECT n.p, n.wijk, 'uitstroom_bw_mo'
  FROM moved n JOIN bwmo w ON w.p = n.p
  WHERE w.e_raw IS NOT NULL
    AND strptime(w.e_raw, '%Y%m%d') BETWEEN strptime(n.m, '%Y%m%d') - INTERVAL 365 DAY
                                       AND strptime(n.m, '%Y%m%d')
),
flags AS (
  SELECT * FROM marker
  UNION
  SELECT p, wijk, 'breed' FROM marker
)
SELECT 'nieuwkomers', 'nieuwkomers.aandeel', d.definition, {t}, coalesce(n.wijk, '{gm}'),
       count(f.p), count(*)
FROM moved n
CROSS JOIN (VALUES ('ggz'), ('uitstroom_bw_mo'), ('laag_inkomen'), ('breed')) d(definition)
LEFT JOIN flags f ON f.p = n.p AND f.wijk = n.wijk AND f.definition = d.definition
GROUP BY GROUPING SETS ((d.definition, n.wijk), (d.definition));
