// wijkzicht dashboard: filters the inlined export rows by the selectors and hands them to
// Vega-Embed. All drawing is Vega-Lite's (specifications written by Altair in dashboard.py).
const DATA = JSON.parse(document.getElementById("wz-data").textContent);
const T = DATA.text;
const L = DATA.labels;
const ROWS = DATA.measures.rows.map((r) => Object.fromEntries(DATA.measures.columns.map((c, i) => [c, r[i]])));
const $ = (id) => document.getElementById(id);
const uniq = (values) => [...new Set(values)];
const SELECTORS = DATA.selectors;
const views = {};
let renders = 0;

const NUMBER = new Intl.NumberFormat(DATA.lang === "nl" ? "nl-NL" : "en-GB", { maximumFractionDigits: 2 });

function fill(name, values, labelOf, preferred) {
  const select = $("sel-" + name);
  const previous = select.value;
  select.replaceChildren(...values.map((v) => {
    const option = document.createElement("option");
    option.value = String(v);
    option.textContent = labelOf ? labelOf(v) : String(v);
    return option;
  }));
  const strings = values.map(String);
  select.value = strings.includes(previous) ? previous : strings.includes(preferred) ? preferred : strings[0] ?? "";
}

function choice() {
  return Object.fromEntries(SELECTORS.map((s) => [s, $("sel-" + s).value]));
}

// every selector offers only what exists under the selectors before it
function cascade() {
  let rows = ROWS.filter((r) => r.theme === $("sel-theme").value);
  fill("measure", uniq(rows.map((r) => r.measure)), (m) => L.measure[m] ?? m);
  const measure = $("sel-measure").value;
  rows = rows.filter((r) => r.measure === measure);
  fill("definition", uniq(rows.map((r) => r.definition)), (d) => L.definition[measure + "|" + d] ?? d);
  rows = rows.filter((r) => r.definition === $("sel-definition").value);
  fill("method", uniq(rows.map((r) => r.method)), (m) => L.method[m] ?? m);
  rows = rows.filter((r) => r.method === $("sel-method").value);
  fill("group", uniq(rows.map((r) => r.group)), (g) => L.group[g] ?? g, "totaal");
  rows = rows.filter((r) => r.group === $("sel-group").value);
  const years = uniq(rows.map((r) => r.year)).sort();
  fill("year", years, null, String(years[years.length - 1]));
}

function record(r, c, kind, extra) {
  const k = kind === "pct" ? 100 : 1;
  const scaled = (v) => (v === null || v === undefined ? null : v * k);
  return {
    year: String(r.year), year_n: r.year, value: scaled(r.value), lo: scaled(r.ci_lower), hi: scaled(r.ci_upper),
    n: r.n_denominator, ok: r.status === "ok" && r.value !== null, selected_year: String(r.year) === c.year,
    ...extra,
  };
}

const groupValue = (g) => L.value[g] ?? g;
const gemeenteName = (r) => T.gemeente + " " + (r.area_name ?? r.area_code);

// the series in the order given, the gemeente always grey and the chosen wijk always orange
function colours(spec, domain) {
  const grey = "#555555";
  const orange = "#D55E00";
  const free = DATA.colours.filter((c) => c !== orange);
  let next = 0;
  const range = domain.map((s) => (s === T.gemeente || s.startsWith(T.gemeente + " ") ? grey
    : s === T.selected || s.startsWith(T.selected + ": ") ? orange : free[next++ % free.length]));
  for (const layer of spec.layer) {
    if (layer.encoding && layer.encoding.color && layer.encoding.color.field) {
      layer.encoding.color.scale = { domain, range };
    }
  }
}

// a tick at every year shown, and only there
function yearTicks(spec, records) {
  const years = uniq(records.map((r) => r.year_n)).sort();
  for (const layer of spec.layer) {
    const x = layer.encoding && layer.encoding.x;
    if (x && x.axis && (x.field === "x" || x.field === "year_n")) x.axis.values = years;
  }
}

async function draw(id, spec, records, domain) {
  const copy = structuredClone(spec);
  copy.datasets = { rows: records };
  if (domain) colours(copy, domain);
  if (id === "trend") yearTicks(copy, records);
  if (views[id]) views[id].finalize();
  const result = await vegaEmbed("#view-" + id, copy, { actions: false, renderer: "svg", formatLocale: DATA.locale });
  views[id] = result;
}

function similarTable(near) {
  const table = $("similar-table");
  const head = [T.rank, T.wijk, T.distance, T.closest];
  const rows = near.map((s) => [String(s.rank), s.neighbour_name, NUMBER.format(s.distance), s.closest.join("; ")]);
  table.replaceChildren(...[head, ...rows].map((cells, i) => {
    const tr = document.createElement("tr");
    tr.replaceChildren(...cells.map((text) => {
      const cell = document.createElement(i === 0 ? "th" : "td");
      cell.textContent = text;
      return cell;
    }));
    return tr;
  }));
}

async function render() {
  const c = choice();
  const kind = DATA.ratio_methods.includes(c.method) ? "ratio" : "pct";
  const base = ROWS.filter((r) => r.theme === c.theme && r.measure === c.measure && r.definition === c.definition
    && r.method === c.method);
  const rows = base.filter((r) => r.group === c.group);
  const hasWijk = rows.some((r) => r.area_level === "wijk");
  const wijkName = ($("sel-wijk").selectedOptions[0] || {}).textContent;
  const area = hasWijk ? c.wijk : DATA.gemeente;
  const measureText = (L.measure[c.measure] ?? c.measure) + ": " + (L.definition[c.measure + "|" + c.definition] ?? c.definition);
  $("describe").textContent = [L.describe[c.measure + "|" + c.definition], T.method + ": " + (L.method[c.method] ?? c.method) + "."]
    .filter(Boolean).join(" ");

  // trend: the chosen wijk against the gemeente, or the group values of one area
  let trend;
  if (c.group === "totaal") {
    trend = rows.filter((r) => r.area_code === area || r.area_level === "gemeente")
      .map((r) => record(r, c, kind, { series: r.area_level === "gemeente" ? gemeenteName(r) : T.selected + ": " + r.area_name }));
  } else {
    trend = rows.filter((r) => r.area_code === area).map((r) => record(r, c, kind, { series: groupValue(r.group_value) }));
  }
  const series = uniq(trend.map((r) => r.series));
  for (const r of trend) r.x = r.year_n + 0.06 * (series.indexOf(r.series) - (series.length - 1) / 2);
  $("title-trend").textContent = measureText + " | " + (hasWijk ? wijkName : T.gemeente)
    + (hasWijk ? "" : " (" + T.no_wijk + ")");

  // comparison in the chosen year: all wijken, or the group values of the area and the gemeente
  const inYear = rows.filter((r) => String(r.year) === c.year);
  let compare;
  if (c.group === "totaal" && hasWijk) {
    compare = inYear.map((r) => record(r, c, kind, {
      cat: r.area_level === "gemeente" ? gemeenteName(r) : r.area_name,
      order: r.area_level === "gemeente" ? "0" : "1" + r.area_code,
      series: r.area_level === "gemeente" ? T.gemeente : r.area_code === c.wijk ? T.selected : T.other,
      reference: r.area_level === "gemeente",
    }));
  } else {
    compare = inYear.filter((r) => r.area_code === area || r.area_level === "gemeente").map((r, i) => record(r, c, kind, {
      cat: groupValue(r.group_value), order: String(i).padStart(4, "0"),
      series: r.area_level === "gemeente" ? T.gemeente : T.selected, reference: false,
    }));
  }
  $("title-compare").textContent = measureText + " | " + c.year + (hasWijk ? "" : " (" + T.no_wijk + ")");

  // every definition of the measure side by side: the area against the gemeente in the chosen year
  const defs = ROWS.filter((r) => r.theme === c.theme && r.measure === c.measure && r.method === c.method
    && r.group === "totaal" && String(r.year) === c.year
    && (r.area_level === "gemeente" || r.area_code === (hasWijk ? c.wijk : DATA.gemeente)));
  const defOrder = uniq(ROWS.filter((r) => r.measure === c.measure).map((r) => r.definition));
  const definitions = defs.map((r) => record(r, c, kind, {
    cat: L.definition[c.measure + "|" + r.definition] ?? r.definition,
    order: String(defOrder.indexOf(r.definition)).padStart(4, "0"),
    series: r.area_level === "gemeente" ? T.gemeente : T.selected, reference: false,
  }));
  $("title-definitions").textContent = (L.measure[c.measure] ?? c.measure) + " | " + (hasWijk ? wijkName : T.gemeente)
    + " | " + c.year;

  // wijken like the chosen one, on the chosen measure (group totaal) in the chosen year
  const sims = DATA.similar.filter((s) => s.theme === c.theme && s.wijk === c.wijk);
  const simYears = uniq(sims.map((s) => String(s.year))).sort();
  const simYear = simYears.includes(c.year) ? c.year : simYears[simYears.length - 1];
  const near = sims.filter((s) => String(s.year) === simYear).sort((a, b) => a.rank - b.rank);
  const totals = base.filter((r) => r.group === "totaal" && String(r.year) === c.year);
  const similar = [];
  if (totals.some((r) => r.area_level === "wijk") && near.length) {
    const pick = (code) => totals.find((r) => r.area_code === code);
    const gem = totals.find((r) => r.area_level === "gemeente");
    if (gem) similar.push(record(gem, c, kind, { cat: gemeenteName(gem), order: "0", series: T.gemeente, reference: true }));
    const own = pick(c.wijk);
    if (own) similar.push(record(own, c, kind, { cat: own.area_name, order: "1", series: T.selected, reference: false }));
    for (const s of near) {
      const r = pick(s.neighbour);
      if (r) {
        similar.push(record(r, c, kind, {
          cat: s.rank + ". " + s.neighbour_name + " (" + T.distance + " " + NUMBER.format(s.distance) + ")",
          order: "2" + String(s.rank).padStart(4, "0"), series: T.alike, reference: false,
        }));
      }
    }
  }
  $("title-similar").textContent = similar.length
    ? measureText + " | " + c.year + " | " + T.similar_note.replace("{year}", simYear)
    : T.no_similar;
  similarTable(similar.length ? near : []);

  await Promise.all([
    draw("trend", DATA.specs.trend[kind], trend, series),
    draw("compare", DATA.specs.compare[kind], compare),
    draw("definitions", DATA.specs.compare[kind], definitions),
    draw("similar", DATA.specs.compare[kind], similar),
  ]);
  renders += 1;
  document.body.dataset.renders = String(renders);
}

async function changed(event) {
  try {
    // the selectors before the year decide what the ones after them offer
    if (event && SELECTORS.indexOf(event.target.name) < SELECTORS.indexOf("year")) cascade();
    await render();
    $("error").textContent = "";
  } catch (error) {
    $("error").textContent = String(error);
    throw error;
  }
}

const themes = uniq(ROWS.map((r) => r.theme));
fill("theme", themes, (t) => L.theme[t] ?? t);
const wijken = uniq(ROWS.filter((r) => r.area_level === "wijk").map((r) => r.area_code + "\t" + r.area_name)).sort();
fill("wijk", wijken.map((w) => w.split("\t")[0]), (code) => wijken.find((w) => w.startsWith(code + "\t")).split("\t")[1]);
cascade();
for (const s of SELECTORS) {
  $("sel-" + s).addEventListener("change", changed);
}
changed(null);
