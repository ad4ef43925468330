// wijkzicht dashboard: filters the inlined export rows by the selectors, fills a table beside each
// chart and hands the rows to Vega-Embed. All drawing is Vega-Lite's (specifications written by
// Altair in dashboard.py); every number and word shown was formatted there, in Python.
const DATA = JSON.parse(document.getElementById("wz-data").textContent);
const T = DATA.text;
const L = DATA.labels;
const objects = (table) => table.rows.map((r) => Object.fromEntries(table.columns.map((c, i) => [c, r[i]])));
const ROWS = objects(DATA.measures);
const TRENDS = objects(DATA.trends);
const $ = (id) => document.getElementById(id);
const uniq = (values) => [...new Set(values)];
const SELECTORS = DATA.selectors;
const VIEWS = ["trend", "compare", "buurten", "definitions", "similar"];
const views = {};
let renders = 0;

const GREY = "#555555";
const ORANGE = "#D55E00";
const BLUE = "#0072B2";
const GREEN = "#009E73";
const BLACK = "#000000";

const kindOf = (method) => (DATA.ratio_methods.includes(method) ? "ratio" : "pct");
const measureName = (m) => L.measure[m] ?? m;
const definitionName = (m, d) => L.definition[m + "|" + d] ?? d;
// a measure's definitions in the order every page lists them (outputs.labels.definition_order)
const inOrder = (m, keys) => {
  const order = DATA.definition_order[m] ?? [];
  return [...order.filter((d) => keys.includes(d)), ...keys.filter((d) => !order.includes(d))];
};
const valueName = (g, v) => L.value[g + "|" + v] ?? String(v);
const mark = (verdict) => (L.mark[verdict] ? " " + L.mark[verdict] : "");
const fill_in = (text, vars) => text.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ""));
// a survey figure counts respondents, a register figure persons: the count's header and its words
const survey = (method) => DATA.survey_methods.includes(method);
const nHead = (c) => (survey(c.method) ? T.n_survey : T.n);
const countWords = (r) => (!r.n_text || DATA.model_methods.includes(r.method) ? r.n_text
  : fill_in(survey(r.method) ? T.n_respondents : T.n_persons, { n: r.n_text }));

// the value shown before stays chosen when it is offered (`keep`), else `preferred`, else the first
function fill(name, values, labelOf, preferred, keep = true) {
  const select = $("sel-" + name);
  const previous = select.value;
  select.replaceChildren(...values.map((v) => {
    const option = document.createElement("option");
    option.value = String(v);
    option.textContent = labelOf ? labelOf(v) : String(v);
    return option;
  }));
  const strings = values.map(String);
  select.value = keep && strings.includes(previous) ? previous : strings.includes(preferred) ? preferred : strings[0] ?? "";
}

function choice() {
  return Object.fromEntries(SELECTORS.map((s) => [s, $("sel-" + s).value]));
}

// every selector offers only what exists under the selectors before it; `from`: the selector
// the reader changed (none: the page opens)
function cascade(from) {
  const theme = $("sel-theme").value;
  let rows = ROWS.filter((r) => r.theme === theme);
  // a new theme opens on its main measure, definition and method: what its map above and the
  // reports show (the standardised GGZ care of migratie, for one); else a choice made stays
  const newTheme = !from || from === "theme";
  fill("measure", uniq(rows.map((r) => r.measure)), measureName, DATA.main_measures[theme], !newTheme);
  const measure = $("sel-measure").value;
  rows = rows.filter((r) => r.measure === measure);
  fill("definition", inOrder(measure, uniq(rows.map((r) => r.definition))), (d) => definitionName(measure, d),
    DATA.main_definitions[measure], !newTheme);
  rows = rows.filter((r) => r.definition === $("sel-definition").value);
  fill("method", uniq(rows.map((r) => r.method)), (m) => L.method[m] ?? m, DATA.main_methods[measure], !newTheme);
  rows = rows.filter((r) => r.method === $("sel-method").value);
  fill("group", uniq(rows.map((r) => r.group)), (g) => L.group[g] ?? g, "totaal");
  rows = rows.filter((r) => r.group === $("sel-group").value);
  const years = uniq(rows.map((r) => r.year)).sort();
  fill("year", years, null, String(years[years.length - 1]));
}

// a row as the charts draw it: shares in percent, suppressed and empty values as their word
function record(r, c, kind, extra) {
  const k = kind === "pct" ? 100 : 1;
  const scaled = (v) => (v === null || v === undefined ? null : v * k);
  const ok = r.state === "ok";
  return {
    year: String(r.year), year_n: r.year, value: scaled(r.value), lo: scaled(r.ci_lower), hi: scaled(r.ci_upper),
    ok, word: ok ? "" : r.shown, shown: r.shown, ci: r.ci, n_text: r.n_text, n_tip: countWords(r),
    selected_year: String(r.year) === c.year, state: r.state, ...extra,
  };
}

// the layers of a spec, also of a faceted one
const layersOf = (spec) => (spec.layer ?? spec.spec.layer);

// whether a row passes a layer's filters (field-equal predicates, alone or joined by `and`:
// dashboard.py writes no other); a layer no row passes is left out, as Vega warns about a layer
// without data
const passes = (predicate, r) => (predicate.and ? predicate.and.every((p) => passes(p, r))
  : "field" in predicate && "equal" in predicate ? r[predicate.field] === predicate.equal : true);
const drawsAny = (layer, records) => records.some((r) => (layer.transform ?? [])
  .every((t) => !("filter" in t) || passes(t.filter, r)));
function keepDrawn(spec, records) {
  const layers = layersOf(spec).filter((layer) => drawsAny(layer, records));
  if (spec.layer) spec.layer = layers;
  else spec.spec.layer = layers;
}

// the sentence for a chart whose rows to draw are all suppressed or empty, as the report's
// figures and maps say it (outputs.figures.nothing_shown, its words in T.no_chart): which of
// the two, and the gemeente's (or the wijk's) own value when published beside them (`reference`,
// `context`: no row of their own to draw); '' when a row has a value. `per`: what the rows are of
function nothingShown(records, c, per) {
  const context = (r) => r.reference || r.context;
  const drawn = records.filter((r) => !context(r) && !r.fixed);
  // a chart of the gemeente alone: its own rows
  const rows = drawn.length ? drawn : records.filter((r) => !r.fixed);
  if (!rows.length) return T.no_rows;
  if (rows.some((r) => r.ok)) return "";
  const states = uniq(rows.map((r) => r.state));
  const why = states.includes("suppressed") && states.includes("empty") ? "both"
    : states.length === 1 && states[0] === "empty" ? "empty" : "suppressed";
  const refs = drawn.length ? records.filter((r) => context(r) && r.ok) : [];
  if (!refs.length) return T.no_chart[why] + (why === "both" ? " " + T.nothing_table : "");
  // the value named with its definition where the measure has several (as the map names it)
  const what = measureName(c.measure) + ((DATA.definition_order[c.measure] ?? []).length > 1
    ? ": " + definitionName(c.measure, c.definition) : "");
  const items = refs.map((r) => what + ", " + r.cat + " " + r.shown).join("; ");
  return T.no_chart[why + "_" + per] + " " + fill_in(T.no_chart.published, { items });
}

// a chart with no value to draw (every one suppressed, or no one in the group, or only the
// gemeente's beside them): a line in words instead of a frame of nothing but their words,
// suppressed kept apart from no persons as in the table beside it
function noChart(id, words) {
  const line = document.createElement("p");
  line.className = "no-chart";
  line.textContent = words;
  $("view-" + id).replaceChildren(line);
}

// the series in the given colours; the gemeente drawn as a diamond, everything else as a dot
function scales(spec, domain, range) {
  const shapes = range.map((c) => (c === GREY ? "diamond" : c === BLACK ? "square" : "circle"));
  for (const layer of layersOf(spec)) {
    const enc = layer.encoding || {};
    if (enc.color && enc.color.field) enc.color.scale = { domain, range };
    if (enc.shape && enc.shape.field) enc.shape.scale = { domain, range: shapes };
    if (enc.yOffset && enc.yOffset.field) enc.yOffset.scale = { domain };
  }
}

// a tick at every year shown, and only there
function yearTicks(spec, records) {
  const years = uniq(records.map((r) => r.year_n)).sort();
  for (const layer of layersOf(spec)) {
    const x = layer.encoding && layer.encoding.x;
    if (x && x.axis && (x.field === "x" || x.field === "year_n")) x.axis.values = years;
  }
}

// the axis title of a ratio says what 1 means for this method
function retitle(value, from, to) {
  if (Array.isArray(value)) return value.map((v) => retitle(v, from, to));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, retitle(v, from, to)]));
  }
  return value === from ? to : value;
}

async function draw(id, spec, records, colours, c, per = "groups") {
  if (views[id]) {
    views[id].finalize();
    delete views[id];
  }
  $("view-" + id).replaceChildren();
  if (!spec) return;
  // the reference group's 1 is no figure of the export
  const nothing = records.length ? nothingShown(records, c, per) : T.no_rows;
  if (nothing) {
    noChart(id, nothing);
    return;
  }
  let copy = structuredClone(spec);
  keepDrawn(copy, records);
  if (kindOf(c.method) === "ratio") copy = retitle(copy, T.axis_ratio, L.ratio_axis[c.method] ?? T.axis_ratio);
  copy.datasets = { ...(copy.datasets ?? {}), rows: records };
  if (colours) scales(copy, colours.domain, colours.range);
  // categories in the order of the records, the same in every layer
  const order = uniq([...records].sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0)).map((r) => r.cat));
  for (const layer of layersOf(copy)) {
    const y = layer.encoding && layer.encoding.y;
    if (y && y.field === "cat") y.sort = order;
  }
  if (id === "trend") yearTicks(copy, records);
  const room = $("view-" + id).parentElement.clientWidth;
  // small panels on a narrow screen (a phone): as many columns as fit
  if (copy.columns && copy.spec && copy.spec.width && room) {
    copy.columns = Math.max(1, Math.min(copy.columns, Math.floor((room - 50) / (copy.spec.width + 25))));
  }
  // a narrow screen: the legend in two columns, not one long row
  if (room && room < 560) copy.config = { ...(copy.config ?? {}), legend: { ...(copy.config?.legend ?? {}), columns: 2 } };
  views[id] = await vegaEmbed("#view-" + id, copy, { actions: false, renderer: "svg", formatLocale: DATA.locale });
  await fit(id, views[id].view, room);
}

// a chart wider than the page (a phone): its plot made narrower so that it fits with its words
// at their size (the CSS scales down what still sticks out)
async function fit(id, view, room) {
  const svg = $("view-" + id).querySelector("svg");
  const over = svg ? Number(svg.getAttribute("width")) - room : 0;
  if (!room || over <= 0 || !view.width()) return;
  view.width(Math.max(140, view.width() - over));
  await view.runAsync();
}

// a table of text cells; a cell is a string or {text, sub, num}; a row is {cells, cls}
function table(id, caption, head, rows) {
  const holder = $("table-" + id);
  if (!rows.length) {
    holder.replaceChildren();
    return;
  }
  const el = document.createElement("table");
  const cap = document.createElement("caption");
  cap.textContent = caption;
  el.append(cap);
  const tr = document.createElement("tr");
  tr.replaceChildren(...head.map((text) => {
    const th = document.createElement("th");
    th.textContent = text;
    return th;
  }));
  el.append(tr);
  for (const row of rows) {
    const line = document.createElement("tr");
    if (row.cls) line.className = row.cls;
    line.replaceChildren(...row.cells.map((cell) => {
      const td = document.createElement("td");
      const content = typeof cell === "string" ? { text: cell } : cell;
      td.textContent = content.text;
      if (content.num) td.className = "num";
      if (content.sub) {
        const small = document.createElement("small");
        small.textContent = content.sub;
        td.append(document.createElement("br"), small);
      }
      return td;
    }));
    el.append(line);
  }
  holder.replaceChildren(el);
}

const num = (text, sub) => ({ text, sub, num: true });
// the gemeente by its name, as the title names it; '(gemeente)' after it only where a wijk or buurt
// has the same name, so that the charts keep the two apart
const gemeenteName = (name) => fill_in(ROWS.some((r) => r.area_level !== "gemeente" && r.area_name === name)
  ? T.gemeente_same : T.gemeente_of, { name });
// a wijk's verdict in words, naming what its method's test compared it with
const verdictWords = (r) => (r && r.verdict ? L.verdict_of[r.method]?.[r.verdict] ?? "" : "");
const differenceHead = (c) => fill_in(T.difference, { against: L.against[c.method] });
// the legend line of the marks ▲ ▼: what the chosen method's test compared the wijk with, and the test
// and why a mark and the intervals need not agree (dashboard.labels marks_why)
const marksLine = (c) => (L.compared[c.method]
  ? fill_in(T.marks, { compared: L.compared[c.method], against: L.against[c.method], why: L.marks_why[c.method] ?? "" })
    .replace(/ {2,}/g, " ") : "");

function say(view, { title = "", lead = "", legend = "", answer = "" }) {
  $("title-" + view).textContent = title;
  // the similar view's answer, a paragraph above how to read the view (dashboard.build)
  if ($("answer-" + view)) $("answer-" + view).textContent = answer;
  $("lead-" + view).textContent = lead;
  $("legend-" + view).textContent = legend;
}

// a line's trend verdict (verschillen.csv), and in words
function trendCode(c, code, groupValue) {
  const method = DATA.trend_methods[c.method];
  const t = TRENDS.find((r) => r.theme === c.theme && r.measure === c.measure && r.definition === c.definition
    && r.method === method && r.area_code === code && r.group === c.group && String(r.group_value) === String(groupValue));
  return t ? t.verdict : "";
}
const trendVerdict = (c, code, groupValue) => L.verdict[trendCode(c, code, groupValue)] ?? "";
// the trend words of these verdicts in short (outputs.format.trend_short, made by the page's maker)
const trendShort = (codes) => T.trend_short[uniq(codes.filter(Boolean)).sort().join("|")] ?? "";

// the trend: the chosen wijk against the gemeente, or one small panel per group value
function trendView(s) {
  const { c, kind, rows, hasWijk, years } = s;
  const series = hasWijk ? [[s.areaCode, s.areaName, ORANGE], [s.gemCode, s.gemName, GREY]] : [[s.gemCode, s.gemName, GREY]];
  const colours = { domain: series.map((x) => x[1]), range: series.map((x) => x[2]) };
  const groupValues = uniq(rows.map((r) => String(r.group_value)));
  const pick = (code, gv) => rows.filter((r) => r.area_code === code && String(r.group_value) === gv);
  const lines = [];
  for (const gv of groupValues) {
    for (const [code, name] of series) {
      const found = pick(code, gv);
      if (found.length) lines.push({ gv, code, name, rows: found, trend: trendVerdict(c, code, gv), verdict: trendCode(c, code, gv) });
    }
  }
  const title = measureName(c.measure) + ": " + definitionName(c.measure, c.definition) + " | " + s.areaName;
  const tested = years.length > 1 && lines.some((l) => l.trend);
  const legend = tested ? T.trend_test : "";
  // the area is a column only when there are two
  const areas = hasWijk ? [T.area] : [];
  const head = [...(c.group === "totaal" ? [T.area] : [T.category, ...areas]), ...years.map(String),
    ...(tested ? [T.trend_col] : [])];
  table("trend", title, head, lines.map((l) => ({
    cls: l.code === s.gemCode && hasWijk ? "city" : "",
    cells: [
      ...(c.group === "totaal" ? [l.name] : [valueName(c.group, l.gv), ...(hasWijk ? [l.name] : [])]),
      ...years.map((y) => {
        const r = l.rows.find((x) => x.year === y);
        return r ? num(r.shown, r.ci) : num("");
      }),
      ...(tested ? [l.trend] : []),
    ],
  })));
  if (!lines.length) {
    say("trend", { title, lead: T.no_rows });
    return draw("trend", null, [], null, c);
  }
  if (years.length < 2) {
    say("trend", { title, lead: fill_in(T.one_year, { year: years[0] }) });
    return draw("trend", null, [], null, c);
  }
  if (DATA.bar_groups.includes(c.group)) {
    // the parts of one whole (the combinations): their years in the table, no tangle of lines
    say("trend", { title, lead: T.parts_in_table, legend });
    return draw("trend", null, [], null, c);
  }
  if (c.group === "totaal") {
    const items = lines.filter((l) => l.trend).map((l) => l.name + ": " + l.trend).join("; ");
    const short = trendShort(lines.filter((l) => l.trend).map((l) => l.verdict));
    const lead = items ? fill_in(T.trend_words, { first: years[0], last: years[years.length - 1], items, short }).trim() : "";
    say("trend", { title, lead, legend });
    const records = lines.flatMap((l, i) => l.rows.map((r) => record(r, c, kind, {
      series: l.name, x: r.year + 0.06 * (i - (lines.length - 1) / 2),
    })));
    return draw("trend", DATA.specs.trend[kind], records, colours, c);
  }
  // what the panels show, when there are panels: no value at all is said in their place (noChart)
  const drawn = lines.some((l) => l.rows.some((r) => r.state === "ok"));
  // a group with nobody in it in any year gets no panel of 'geen personen': a line names it
  const nobody = groupValues.filter((gv) => lines.filter((l) => l.gv === gv).every((l) => l.rows.every((r) => r.state === "empty")));
  const panelled = drawn ? lines.filter((l) => !nobody.includes(l.gv)) : lines;
  let lead = !drawn ? "" : hasWijk ? fill_in(T.panels_wijk, { area: s.areaName }) : T.panels_city;
  if (drawn && nobody.length) lead += " " + fill_in(T.panels_nobody, { groups: nobody.map((gv) => valueName(c.group, gv)).join(", ") });
  if (drawn && kind === "ratio") lead += " " + T.scale + ": " + (L.ratio_axis[c.method] ?? T.axis_ratio) + ".";
  if (c.method === "logit_glm" && L.reference[c.group]) lead += " " + fill_in(T.reference_note, { reference: L.reference[c.group] });
  say("trend", { title, lead, legend });
  const records = panelled.flatMap((l) => l.rows.map((r) => record(r, c, kind, {
    series: l.name, panel: valueName(c.group, l.gv), panel_order: groupValues.indexOf(l.gv),
    x: r.year + (hasWijk ? (l.code === s.gemCode ? 0.08 : -0.08) : 0),
  })));
  // the same word for both lines in one year is written once, on the year itself
  const said = new Set();
  for (const r of records.filter((x) => !x.ok)) {
    const key = r.panel + "|" + r.year + "|" + r.word;
    const both = records.filter((x) => !x.ok && x.panel + "|" + x.year + "|" + x.word === key).length > 1;
    if (both && said.has(key)) r.word = "";
    if (both) r.x = r.year_n;
    said.add(key);
  }
  return draw("trend", DATA.specs.panels[kind], records, colours, c);
}

// categories from large to small, suppressed and empty ones last
function byValue(rows) {
  return [...rows].sort((a, b) => (a.state === "ok" && b.state === "ok" ? b.value - a.value
    : a.state === "ok" ? -1 : b.state === "ok" ? 1 : 0));
}

// the comparison in the chosen year
function compareView(s) {
  const { c, kind, rows, hasWijk } = s;
  const inYear = rows.filter((r) => String(r.year) === c.year);
  const title = measureName(c.measure) + ": " + definitionName(c.measure, c.definition) + " | " + c.year;
  const marks = marksLine(c);
  if (!inYear.length) {
    table("compare", title, [], []);
    say("compare", { title, lead: T.no_rows });
    return draw("compare", null, [], null, c);
  }
  const gem = inYear.filter((r) => r.area_level === "gemeente");
  if (c.group === "totaal" && hasWijk) {
    // all wijken from high to low; the gemeente on top and as a dashed line
    const wijken = byValue(inYear.filter((r) => r.area_level === "wijk"));
    const records = [
      ...gem.map((r) => record(r, c, kind, { cat: s.gemName, order: "0", series: s.gemName, reference: true })),
      ...wijken.map((r, i) => record(r, c, kind, {
        cat: r.area_name + mark(r.verdict), order: "1" + String(i).padStart(4, "0"), reference: false,
        series: r.area_code === c.wijk ? s.wijkName : T.other,
      })),
    ];
    table("compare", title, [T.wijk, T.value, T.interval, differenceHead(c), nHead(c)], [
      ...gem.map((r) => ({ cls: "city", cells: [s.gemName, num(r.shown), num(r.ci), "", num(r.n_text)] })),
      ...wijken.map((r) => ({
        cls: r.area_code === c.wijk ? "own" : "",
        cells: [r.area_name + mark(r.verdict), num(r.shown), num(r.ci), verdictWords(r), num(r.n_text)],
      })),
    ]);
    say("compare", { title, legend: marks });
    const colours = { domain: [s.gemName, s.wijkName, T.other], range: [GREY, ORANGE, BLUE] };
    return draw("compare", DATA.specs.compare[kind], records, colours, c, "wijk");
  }
  const groupValues = uniq(inYear.map((r) => String(r.group_value)));
  if (hasWijk) {
    // the group values of the chosen wijk beside those of the gemeente
    const own = (gv) => inYear.find((r) => r.area_code === c.wijk && String(r.group_value) === gv);
    const city = (gv) => gem.find((r) => String(r.group_value) === gv);
    const cat = (gv) => valueName(c.group, gv) + mark(own(gv)?.verdict);
    const records = groupValues.flatMap((gv, i) => [
      [own(gv), s.wijkName], [city(gv), s.gemName],
    ].filter(([r]) => r).map(([r, series]) => record(r, c, kind, {
      cat: cat(gv), order: String(i).padStart(4, "0"), series, reference: false,
    })));
    const cell = (r) => (r ? [num(r.shown), num(r.ci)] : [num(""), num("")]);
    table("compare", title, [T.category, s.wijkName, T.interval, s.gemName, T.interval, differenceHead(c)],
      groupValues.map((gv) => ({ cells: [cat(gv), ...cell(own(gv)), ...cell(city(gv)), verdictWords(own(gv))] })));
    say("compare", { title: title + " | " + s.wijkName, legend: marks });
    const colours = { domain: [s.wijkName, s.gemName], range: [ORANGE, GREY] };
    return draw("compare", DATA.specs.pair[kind], records, colours, c);
  }
  // a figure of the whole gemeente only
  if (c.group === "totaal") {
    const r = gem[0];
    const lead = r && r.state === "ok"
      ? fill_in(T.city_only_value, { area: s.gemName, value: r.shown, interval: T.interval, ci: r.ci })
      : T.city_only;
    table("compare", title, [T.area, T.value, T.interval, nHead(c)], gem.map((x) => ({
      cells: [s.gemName, num(x.shown), num(x.ci), num(x.n_text)],
    })));
    say("compare", { title, lead });
    return draw("compare", null, [], null, c);
  }
  const bars = DATA.bar_groups.includes(c.group) && kind === "pct";
  const ordered = DATA.ordered_groups.includes(c.group);
  const shown = ordered ? gem : byValue(gem);
  const records = shown.map((r, i) => record(r, c, kind, {
    cat: valueName(c.group, r.group_value), order: "1" + String(i).padStart(4, "0"), series: s.gemName, reference: false,
  }));
  const head = [T.category, T.value, T.interval, nHead(c)];
  const lines = shown.map((r) => ({ cells: [valueName(c.group, r.group_value), num(r.shown), num(r.ci), num(r.n_text)] }));
  let legend = "";
  const colours = { domain: [s.gemName, T.reference_series], range: [GREY, BLACK] };
  if (c.method === "logit_glm" && L.reference[c.group]) {
    // the reference group of the model stands at 1
    const name = L.reference[c.group] + " (" + T.reference_series + ")";
    const one = record({ year: c.year, value: 1, ci_lower: null, ci_upper: null, state: "ok",
      shown: "1", ci: "", n_text: "" }, c, kind, { cat: name, order: "0", series: T.reference_series, reference: false,
      fixed: true });
    records.unshift(one);
    lines.unshift({ cells: [name, num("1"), num(""), num("")] });
    legend = fill_in(T.reference_note, { reference: L.reference[c.group] });
  }
  table("compare", title, head, lines);
  say("compare", { title: title + " | " + s.gemName, lead: T.city_only + (bars ? " " + fill_in(T.bars, { year: c.year }) : ""), legend });
  return draw("compare", bars ? DATA.specs.bars.pct : DATA.specs.compare[kind], records, colours, c);
}

// the buurten of the chosen wijk in the chosen year, under the wijk and the gemeente; buurt rows
// have group totaal only, whatever breakdown is chosen
function buurtView(s) {
  const { c, kind, base } = s;
  const totals = base.filter((r) => r.group === "totaal" && String(r.year) === c.year);
  const own = totals.filter((r) => r.area_level === "buurt" && DATA.buurt_wijk[r.area_code] === c.wijk);
  // a model estimate's buurten lean on their wijk: small differences mean nothing, so no ranking
  const model = DATA.model_methods.includes(c.method);
  const buurten = model ? [...own].sort((a, b) => a.area_name.localeCompare(b.area_name, DATA.lang)) : byValue(own);
  const title = measureName(c.measure) + ": " + definitionName(c.measure, c.definition) + " | " + s.wijkName + " | " + c.year;
  if (!buurten.length) {
    table("buurten", title, [], []);
    const hint = DATA.model_measures.includes(c.measure) ? " " + T.model_hint : "";
    say("buurten", { title, lead: T.no_buurt + hint });
    return draw("buurten", null, [], null, c);
  }
  const gem = totals.find((r) => r.area_level === "gemeente");
  const wijk = totals.find((r) => r.area_code === c.wijk);
  const records = [
    ...(gem ? [record(gem, c, kind, { cat: s.gemName, order: "0", series: s.gemName, reference: true })] : []),
    ...(wijk ? [record(wijk, c, kind, { cat: s.wijkName, order: "1", series: s.wijkName, reference: false, context: true })] : []),
    ...buurten.map((r, i) => record(r, c, kind, {
      cat: r.area_name, order: "2" + String(i).padStart(4, "0"), series: T.buurt_series, reference: false,
    })),
  ];
  const cells = (r) => [num(r.shown), num(r.ci), num(r.n_text)];
  table("buurten", title, [T.area, T.value, T.interval, nHead(c)], [
    ...(gem ? [{ cls: "city", cells: [s.gemName, ...cells(gem)] }] : []),
    ...(wijk ? [{ cls: "own", cells: [s.wijkName, ...cells(wijk)] }] : []),
    ...buurten.map((r) => ({ cells: [r.area_name, ...cells(r)] })),
  ]);
  // what stands on top: the wijk and the gemeente where they have a row (a model estimate has no
  // gemeente row)
  const top = T.buurt_top[gem && wijk ? "both" : wijk ? "wijk" : gem ? "gemeente" : "none"];
  const order = model ? T.buurt_by_name : T.buurt_by_value;
  const lead = (model ? T.model_lead + " " : "") + fill_in(T.buurt_lead, { wijk: s.wijkName, year: c.year, order, top })
    + (c.group !== "totaal" ? " " + T.buurt_totaal : "");
  say("buurten", { title, lead });
  // the legend names only the series drawn
  const series = [[gem, s.gemName, GREY], [wijk, s.wijkName, ORANGE], [true, T.buurt_series, BLUE]].filter((x) => x[0]);
  const colours = { domain: series.map((x) => x[1]), range: series.map((x) => x[2]) };
  return draw("buurten", DATA.specs.compare[kind], records, colours, c, "buurt");
}

// every definition of the measure: the area beside the gemeente in the chosen year
function definitionsView(s) {
  const { c, kind, hasWijk } = s;
  const keys = inOrder(c.measure, uniq(ROWS.filter((r) => r.theme === c.theme && r.measure === c.measure)
    .map((r) => r.definition)));
  const title = measureName(c.measure) + " | " + s.areaName + " | " + c.year;
  if (keys.length < 2) {
    table("definitions", title, [], []);
    say("definitions", { title, lead: T.one_definition });
    return draw("definitions", null, [], null, c);
  }
  const defs = ROWS.filter((r) => r.theme === c.theme && r.measure === c.measure && r.method === c.method
    && r.group === "totaal" && String(r.year) === c.year);
  const own = (d) => (hasWijk ? defs.find((r) => r.definition === d && r.area_code === c.wijk) : undefined);
  const city = (d) => defs.find((r) => r.definition === d && r.area_level === "gemeente");
  const shown = keys.filter((d) => own(d) || city(d));
  if (!shown.length) {
    table("definitions", title, [], []);
    say("definitions", { title, lead: T.no_rows });
    return draw("definitions", null, [], null, c);
  }
  const cat = (d) => definitionName(c.measure, d) + mark(own(d)?.verdict);
  const records = shown.flatMap((d, i) => [[own(d), s.wijkName], [city(d), s.gemName]]
    .filter(([r]) => r).map(([r, series]) => record(r, c, kind, {
      cat: cat(d), order: String(i).padStart(4, "0"), series, reference: false,
    })));
  const cell = (r) => (r ? [num(r.shown), num(r.ci)] : [num(""), num("")]);
  const head = hasWijk ? [T.definition, s.wijkName, T.interval, s.gemName, T.interval, differenceHead(c)]
    : [T.definition, s.gemName, T.interval];
  table("definitions", title, head, shown.map((d) => ({
    cells: hasWijk ? [cat(d), ...cell(own(d)), ...cell(city(d)), verdictWords(own(d))] : [cat(d), ...cell(city(d))],
  })));
  say("definitions", { title, lead: hasWijk ? "" : T.city_only, legend: hasWijk ? marksLine(c) : "" });
  const colours = hasWijk ? { domain: [s.wijkName, s.gemName], range: [ORANGE, GREY] } : { domain: [s.gemName], range: [GREY] };
  return draw("definitions", DATA.specs[hasWijk ? "pair" : "compare"][kind], records, colours, c);
}

// the wijken most like the chosen one, and their value on the chosen measure
function similarView(s) {
  const { c, kind, base } = s;
  const sims = DATA.similar.filter((x) => x.theme === c.theme && x.wijk === c.wijk);
  const simYears = uniq(sims.map((x) => String(x.year))).sort();
  const simYear = simYears.includes(c.year) ? c.year : simYears[simYears.length - 1];
  // rank is the place, one for a tie (1, 1, 3), the tie in name order (dashboard.similar_rows)
  const near = sims.filter((x) => String(x.year) === simYear).sort((a, b) => a.rank - b.rank);
  const title = s.wijkName + " | " + measureName(c.measure) + ": " + definitionName(c.measure, c.definition) + " | " + c.year;
  if (!near.length) {
    // why, when the chosen figure of the wijk is onderdrukt: wijken are matched on published figures only
    const hidden = base.some((r) => r.area_code === c.wijk && r.group === "totaal" && String(r.year) === c.year
      && r.state === "suppressed");
    table("similar", title, [], []);
    say("similar", { title, lead: hidden ? T.no_similar_hidden : T.no_similar });
    return draw("similar", null, [], null, c);
  }
  const totals = base.filter((r) => r.group === "totaal" && String(r.year) === c.year);
  const valued = totals.some((r) => r.area_level === "wijk");
  const pick = (code) => totals.find((r) => r.area_code === code);
  const gem = totals.find((r) => r.area_level === "gemeente");
  const own = pick(c.wijk);
  // first what the report says of the nearest (a tie, or that no wijk is clearly alike), then, a
  // paragraph of its own, how to read the view and its rules (similar_wijken.likeness,
  // dashboard.similar_rows; U13 U4)
  const answer = near[0].said ?? "";
  const note = fill_in(T.similar_note, { wijk: s.wijkName, n: near[0].n_common, year: simYear });
  const values = (r) => (valued ? (r ? [num(r.shown), num(r.ci), verdictWords(r)] : [num(""), num(""), ""]) : []);
  // on how many of the figures they lie close ('5 van de 8: lijkt duidelijk'), where the table has it
  const counted = near.some((x) => x.near);
  const count = (x) => (counted ? [x ? x.near : ""] : []);
  const head = [T.rank, T.wijk, ...(valued ? [T.value, T.interval, differenceHead(c)] : []), ...(counted ? [T.near_count] : []),
    T.distance, T.closest, T.differ];
  table("similar", title, head, [
    ...(valued && gem ? [{ cls: "city", cells: ["", s.gemName, ...values(gem), ...count(null), "", "", ""] }] : []),
    { cls: "own", cells: ["", s.wijkName + mark(own?.verdict) + " (" + T.own + ")", ...values(own), ...count(null), "", "", ""] },
    ...near.map((x) => ({
      cells: [String(x.rank), x.neighbour_name + mark(pick(x.neighbour)?.verdict), ...values(pick(x.neighbour)),
        ...count(x), num(x.distance), x.closest.join("; "), (x.differ || []).join("; ")],
    })),
  ]);
  if (!valued) {
    say("similar", { title, answer, lead: note + " " + fill_in(T.similar_city_only, { wijk: s.wijkName }) });
    return draw("similar", null, [], null, c);
  }
  const records = [];
  if (gem) records.push(record(gem, c, kind, { cat: s.gemName, order: "0", series: s.gemName, reference: true }));
  if (own) records.push(record(own, c, kind, { cat: s.wijkName + mark(own.verdict), order: "1", series: s.wijkName, reference: false }));
  // in the table's order: a tie shares its place (1. Overvecht, 1. Zuidwest), in name order
  for (const [i, x] of near.entries()) {
    const r = pick(x.neighbour);
    if (r) {
      records.push(record(r, c, kind, {
        cat: x.rank + ". " + x.neighbour_name + mark(r.verdict), order: "2" + String(i).padStart(4, "0"),
        series: T.alike, reference: false,
      }));
    }
  }
  say("similar", { title, answer, lead: note, legend: marksLine(c) });
  const colours = { domain: [s.gemName, s.wijkName, T.alike], range: [GREY, ORANGE, GREEN] };
  return draw("similar", DATA.specs.compare[kind], records, colours, c, "wijk");
}

// the persona cards of the chosen theme in the chosen wijk (made by outputs.personas)
function personaView(s) {
  const cards = (DATA.personas || {})[s.c.theme] || {};
  $("personas-cards").innerHTML = cards[s.c.wijk] ?? cards[s.gemCode] ?? "";
  // the sources of the cards, as every other section names its own (outputs.dashboard.persona_sources)
  $("source-personas").textContent = (DATA.persona_source || {})[s.c.theme] ?? "";
}

async function render() {
  const c = choice();
  const kind = kindOf(c.method);
  const base = ROWS.filter((r) => r.theme === c.theme && r.measure === c.measure && r.definition === c.definition
    && r.method === c.method);
  const rows = base.filter((r) => r.group === c.group);
  const hasWijk = rows.some((r) => r.area_level === "wijk");
  const gemRow = ROWS.find((r) => r.area_level === "gemeente");
  const gemCode = gemRow ? gemRow.area_code : DATA.gemeente;
  const gemName = gemeenteName(gemRow ? gemRow.area_name : DATA.gemeente);
  const wijkName = ($("sel-wijk").selectedOptions[0] || {}).textContent || "";
  const s = {
    c, kind, base, rows, hasWijk, gemCode, gemName, wijkName,
    areaCode: hasWijk ? c.wijk : gemCode, areaName: hasWijk ? wijkName : gemName,
    years: uniq(rows.map((r) => r.year)).sort(),
  };
  // a standardised figure says what it was corrected to, in the report's words
  $("describe").textContent = [L.describe[c.measure + "|" + c.definition],
    T.method + ": " + (L.method[c.method] ?? c.method) + ".",
    c.method === "direct_std_gamma" ? L.std[c.measure] : ""].filter(Boolean).join(" ");
  // the exact definition and its codes, folded away under the plain sentence
  const detail = (L.detail || {})[c.measure + "|" + c.definition] ?? "";
  const folded = $("describe-detail");
  folded.hidden = !detail;
  folded.querySelector("summary").textContent = L.detail_head ?? "";
  folded.querySelector("p").textContent = detail;
  // each view names the sources of what it draws: the chosen definition, all definitions of the
  // measure side by side, or the theme's profile (the similar wijken); a model estimate the
  // tables of the model's data too
  const sources = { definitions: L.source.measure[c.measure], similar: L.source.theme[c.theme] };
  const key = c.measure + "|" + c.definition;
  const own = (DATA.model_methods.includes(c.method) ? L.source.model[key] : undefined) ?? L.source.of[key];
  for (const view of VIEWS) {
    $("source-" + view).textContent = sources[view] ?? own ?? L.source.theme[c.theme] ?? "";
  }
  personaView(s);
  await Promise.all([trendView(s), compareView(s), buurtView(s), definitionsView(s), similarView(s)]);
  mapView(c);
  renders += 1;
  document.body.dataset.renders = String(renders);
}

async function changed(event) {
  try {
    // the selectors before the year decide what the ones after them offer
    if (event && SELECTORS.indexOf(event.target.name) < SELECTORS.indexOf("year")) cascade(event.target.name);
    await render();
    $("error").textContent = "";
  } catch (error) {
    $("error").textContent = String(error);
    throw error;
  }
}

const themes = uniq(ROWS.map((r) => r.theme));
fill("theme", themes, (t) => L.theme[t] ?? t);
// the wijken by name, as a reader looks for them
const wijken = uniq(ROWS.filter((r) => r.area_level === "wijk").map((r) => r.area_code + "\t" + r.area_name))
  .map((w) => w.split("\t")).sort((a, b) => a[1].localeCompare(b[1], DATA.lang));
fill("wijk", wijken.map((w) => w[0]), (code) => wijken.find((w) => w[0] === code)[1]);
cascade();
// the page opens on the first wijk by name with a published figure of the chosen measure in the
// chosen year: a wijk whose figure is onderdrukt would open on mostly empty views
const opening = choice();
const published = wijken.find(([code]) => ROWS.some((r) => r.area_code === code && r.theme === opening.theme
  && r.measure === opening.measure && r.definition === opening.definition && r.method === opening.method
  && r.group === "totaal" && String(r.year) === opening.year && r.state === "ok"));
if (published) $("sel-wijk").value = published[0];
for (const s of SELECTORS) {
  $("sel-" + s).addEventListener("change", changed);
}
changed(null);

// the map view (when the page has one): the chosen theme's map of the chosen definition (of its
// main measure), with the chosen wijk outlined; without a map of that choice (another measure,
// or a definition without figures per wijk) the theme's main map, and a line saying so; a click
// (or Enter) on a wijk chooses it
function mapView(c) {
  const figures = [...document.querySelectorAll("figure.wz-map")];
  const theirs = figures.filter((f) => f.dataset.theme === c.theme);
  const exact = theirs.find((f) => f.dataset.measure === c.measure && f.dataset.definition === c.definition);
  const shown = exact ?? theirs.find((f) => f.dataset.main === "1") ?? theirs[0];
  const note = $("map-note");
  if (note) {
    // the definition named only where its measure has more than one
    const m = shown ? shown.dataset.measure : "";
    const named = (DATA.definition_order[m] ?? []).length > 1 ? ": " + definitionName(m, shown.dataset.definition) : "";
    note.textContent = shown && !exact ? fill_in(T.map_other, { shown: measureName(m) + named }) : "";
  }
  for (const figure of figures) {
    figure.hidden = figure !== shown;
    for (const path of figure.querySelectorAll("path[data-code]")) {
      const chosen = path.dataset.code === c.wijk;
      path.classList.toggle("chosen", chosen);
      // drawn after its neighbours (before the names), so its whole outline shows
      if (chosen) path.parentNode.insertBefore(path, path.parentNode.querySelector("g.names"));
    }
  }
}

function chooseWijk(event) {
  const path = event.target.closest ? event.target.closest("figure.wz-map path[data-code]") : null;
  if (!path || (event.type === "keydown" && event.key !== "Enter")) return;
  const select = $("sel-wijk");
  if ([...select.options].some((o) => o.value === path.dataset.code)) {
    select.value = path.dataset.code;
    select.dispatchEvent(new Event("change"));
  }
}
document.addEventListener("click", chooseWijk);
document.addEventListener("keydown", chooseWijk);
