// eventwire dashboard: a hash-routed single page over the REST API (/api). No framework, no network
// beyond this server. Routes: #/ overview (map, timeline, claims), #/event/<id>, #/article/<id>,
// #/articles. The country/type/date filters in the header apply to every view.
"use strict";

const TYPES = ["FIGHT", "ASSAULT", "COERCE", "MOBILIZE", "THREATEN", "PROTEST", "SANCTION", "ACCUSE", "REJECT",
  "REQUEST", "RETREAT", "AID", "COOPERATE", "CONCEDE", "SUPPORT", "CONSULT", "AGREE"];
const TYPE_COLORS = { FIGHT: "#b42318", ASSAULT: "#f04438", COERCE: "#dc6803", MOBILIZE: "#7a5af8",
  THREATEN: "#c11574", PROTEST: "#0e9384", SANCTION: "#475467", ACCUSE: "#6172f3", REJECT: "#9e77ed",
  REQUEST: "#2e90fa", RETREAT: "#66c61c", AID: "#16b364", COOPERATE: "#15b79e", CONCEDE: "#a6ef67",
  SUPPORT: "#4ca30d", CONSULT: "#0ba5ec", AGREE: "#3e4784" };
const view = document.getElementById("view");
const tip = document.getElementById("tip");
const filterForm = document.getElementById("filters");
let basemap = null; // the Natural Earth GeoJSON, fetched once

function esc(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function filters() {
  const out = {};
  for (const [k, v] of new FormData(filterForm).entries()) if (v) out[k] = v;
  return out;
}

async function api(path, params) {
  const qs = new URLSearchParams(params || {}).toString();
  const res = await fetch(`/api/${path}${qs ? "?" + qs : ""}`);
  if (!res.ok) {
    const body = await res.json().catch(() => ({}));
    throw new Error(`${res.status}: ${typeof body.detail === "string" ? body.detail : res.statusText}`);
  }
  return res.json();
}

function figure(low, high) { return low === high ? String(low) : `${low}–${high}`; }

function flags(row) {
  let out = `<span class="flag ${esc(row.status)}">${esc(row.status)}</span>`;
  if (row.contradiction) out += '<span class="flag contradiction">contradiction</span>';
  return out;
}

// -- overview ------------------------------------------------------------------------------------

async function showOverview() {
  view.innerHTML = `
    <div class="grid">
      <section><h2>Events map</h2><div id="map"></div><div class="legend" id="map-legend"></div></section>
      <section><h2>Timeline: deaths by victim side (best, low–high band) and events per day</h2>
        <div id="timeline"></div></section>
    </div>
    <section><h2>Casualty claims</h2>
      <div class="claim-filters">
        <label>Claimant <input id="c-name" size="16" placeholder="name contains"></label>
        <label>Claimant country <input id="c-claimant" size="5" placeholder="e.g. ARM"></label>
        <label>Victim side <input id="c-victim" size="5" placeholder="e.g. AZE"></label>
        <label>Outcome <select id="c-outcome"><option value="">all</option><option>killed</option>
          <option>wounded</option><option>captured</option><option>missing</option></select></label>
      </div>
      <div id="claims"></div></section>`;
  const f = filters();
  const [events, buckets] = await Promise.all([api("events", { ...f, limit: 1000 }), api("timeline", f)]);
  await drawMap(events.items, events.total);
  window.ewCharts.drawTimeline(document.getElementById("timeline"), buckets);
  for (const id of ["c-name", "c-claimant", "c-victim", "c-outcome"]) {
    document.getElementById(id).addEventListener("change", () => loadClaims(f));
  }
  await loadClaims(f);
}

// " (first N of TOTAL)" when a list was cut at the page size, so a capped list never passes for all.
function shownOf(shown, total) {
  return total > shown ? ` (first ${shown} of ${total})` : "";
}

async function drawMap(events, total) {
  const map = L.map("map", { worldCopyJump: true, attributionControl: false }).setView([30, 20], 2);
  if (!basemap) basemap = await (await fetch("/static/vendor/countries-50m.geojson")).json();
  L.geoJSON(basemap, { style: { color: "#98a2b3", weight: 0.6, fillColor: "#f2f4f7", fillOpacity: 1 },
                       interactive: false }).addTo(map);
  // Largest first, so smaller markers stay on top and clickable where events share a place.
  const located = events.filter((e) => e.lat !== null && e.lon !== null)
    .sort((a, b) => b.deaths_best - a.deaths_best);
  const markers = located.map((e) => {
    const radius = Math.min(28, 5 + 1.6 * Math.sqrt(e.deaths_best)); // area grows with deaths (best)
    const m = L.circleMarker([e.lat, e.lon], { radius, color: "#101828", weight: 1, fillOpacity: 0.75,
                                                fillColor: TYPE_COLORS[e.type] || "#667085", className: "event-marker" });
    // Anchored at the marker's centre (a bound path popup would open at the pointer position).
    const popup = L.popup().setContent(`<strong>${esc(e.type)}</strong> ${esc(e.date[0])}${e.date[1] !== e.date[0] ? " – " + esc(e.date[1]) : ""}<br>
      ${esc(e.places.join(", "))}<br>killed (best): ${e.deaths_best} <span class="muted">(${e.deaths_low}–${e.deaths_high})</span><br>
      ${e.reports} report(s)<br><a href="#/event/${encodeURIComponent(e.id)}">open event</a>`);
    m.on("click", () => popup.setLatLng(m.getLatLng()).openOn(map));
    m.addTo(map);
    m.getElement().dataset.id = e.id; // lets tests and scripts find an event's marker
    return m;
  });
  if (markers.length) map.fitBounds(L.featureGroup(markers).getBounds().pad(0.4), { maxZoom: 8 });
  const types = [...new Set(located.map((e) => e.type))].sort();
  document.getElementById("map-legend").innerHTML = types.map((t) =>
    `<span><span class="swatch" style="background:${TYPE_COLORS[t] || "#667085"}"></span>${esc(t)}</span>`).join("") +
    `<span>${located.length} of ${events.length} events located${shownOf(events.length, total)} · marker size: deaths (best)</span>`;
}

async function loadClaims(f) {
  const params = { ...f, limit: 1000 };
  const name = document.getElementById("c-name").value.trim();
  const claimant = document.getElementById("c-claimant").value.trim();
  const victim = document.getElementById("c-victim").value.trim();
  const outcome = document.getElementById("c-outcome").value;
  if (name) params.claimant = name;
  if (claimant) params.claimant_country = claimant;
  if (victim) params.victim_country = victim;
  if (outcome) params.outcome = outcome;
  const box = document.getElementById("claims");
  try {
    const page = await api("claims", params); // every filter, the claimant name too, runs in the API
    box.innerHTML = claimsTable(page.items) +
      `<p class="muted">${page.items.length} claim(s)${shownOf(page.items.length, page.total)}</p>`;
  } catch (err) {
    box.innerHTML = `<p class="error">${esc(err.message)}</p>`;
  }
}

function claimsTable(rows) {
  return `<table id="claims-table"><thead><tr><th>Claimant</th><th>Claimant country</th><th>Victim side</th>
    <th>Outcome</th><th>Figure</th><th>As of</th><th>Flags</th><th>Event</th></tr></thead><tbody>` +
    rows.map((r) => `<tr><td>${esc(r.claimant)}</td><td>${esc(r.claimant_country)}</td>
      <td>${esc(r.victim_country)} ${esc(r.victim_kind)}</td><td>${esc(r.outcome)}</td>
      <td class="num">${figure(r.low, r.high)}</td><td>${esc(r.as_of)}</td><td>${flags(r)}</td>
      <td>${r.event_id ? `<a href="#/event/${encodeURIComponent(r.event_id)}">${esc(r.event_id)}</a>` :
        `<a href="#/article/${encodeURIComponent(r.article_id)}">article</a>`}</td></tr>`).join("") + "</tbody></table>";
}

// -- event ---------------------------------------------------------------------------------------

async function showEvent(id) {
  const e = await api(`events/${encodeURIComponent(id)}`);
  const reports = e.reports.map((r) => `<tr><td>${esc(r.published)}</td><td>${esc(r.outlet)}</td>
    <td><a href="#/article/${encodeURIComponent(r.article_id)}">${esc(r.title || r.article_id)}</a></td>
    <td>${esc(r.type)}</td><td>${esc(r.date.join(" – "))}</td><td>${esc(r.evidence.text)}</td></tr>`).join("");
  const series = e.series.map((s) => `<div class="series ${s.contradiction ? "contradiction" : ""}">
    <h3>${esc(s.outcome)} · victims ${esc(s.victim_country)} (${esc(s.victim_kind)}) · low/best/high
      ${s.low}/${s.best}/${s.high} <span class="muted">rule: ${esc(s.rule)}</span>
      ${s.contradiction ? '<span class="flag contradiction">contradiction</span>' : ""}
      ${s.revisions ? `<span class="flag revised">${s.revisions} revision(s)</span>` : ""}</h3>
    <table class="series-table"><thead><tr><th>As of</th><th>Claimant</th><th>Claimant country</th><th>Figure</th>
      <th>Status</th><th>Quote</th></tr></thead><tbody>` +
    s.claims.map((c) => `<tr><td>${esc(c.as_of)}</td><td>${esc(c.claimant)}</td><td>${esc(c.claimant_country)}</td>
      <td class="num">${figure(c.low, c.high)}</td><td>${flags(c)}</td>
      <td><a href="#/article/${encodeURIComponent(c.article_id)}">${esc(c.quote)}</a></td></tr>`).join("") +
    "</tbody></table></div>").join("");
  view.innerHTML = `<section id="event"><h2>${esc(e.type)} · ${esc(e.date.join(" – "))} · ${esc(e.places.map((p) => p.name).join(", "))}</h2>
    <p>Sides: ${esc(e.countries.join(", "))} · Actors: ${esc(e.actors.join(", "))} · Independent outlets: ${esc(e.outlets.join(", "))}
      · Killed (best): ${e.deaths_best} <span class="muted">(${e.deaths_low}–${e.deaths_high})</span></p>
    <h3>Reports (${e.reports.length})</h3>
    <table id="reports"><thead><tr><th>Published</th><th>Outlet</th><th>Article</th><th>Type</th><th>Date</th>
      <th>Evidence</th></tr></thead><tbody>${reports}</tbody></table>
    <h3>Claim series</h3>${series || '<p class="muted">No casualty claims.</p>'}</section>`;
}

// -- articles ------------------------------------------------------------------------------------

async function showArticles() {
  view.innerHTML = `<section><h2>Articles</h2>
    <form id="search"><input name="q" placeholder="search the text" size="30"> <button>Search</button></form>
    <div id="article-list"></div></section>`;
  const list = document.getElementById("article-list");
  const f = filters();
  const params = { sort: "-published", limit: 200 };
  if (f.since) params.since = f.since;
  if (f.until) params.until = f.until;
  const page = await api("articles", params);
  const render = (items, snippet) => `<table><thead><tr><th>Published</th><th>Outlet</th><th>Title</th></tr></thead><tbody>` +
    items.map((a) => `<tr><td>${esc(a.published)}</td><td>${esc(a.outlet)}</td>
      <td><a href="#/article/${encodeURIComponent(a.id)}">${esc(a.title || a.id)}</a>
      ${snippet && a.snippet ? `<div class="muted">${esc(a.snippet)}</div>` : ""}</td></tr>`).join("") + "</tbody></table>";
  list.innerHTML = render(page.items, false) + `<p class="muted">${page.items.length} article(s)${shownOf(page.items.length, page.total)}</p>`;
  document.getElementById("search").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const q = new FormData(ev.target).get("q");
    if (String(q).trim().length < 2) return;
    const hits = await api("search", { q, limit: 100 });
    list.innerHTML = render(hits.items, true) + `<p class="muted">${hits.total} match(es)</p>`;
  });
}

function describe(h) {
  const lines = [`${h.kind}: ${h.label}`];
  for (const [k, v] of Object.entries(h.detail)) {
    if (v !== null && v !== "" && !(Array.isArray(v) && !v.length) && !k.endsWith("_id")) {
      lines.push(`${k}: ${Array.isArray(v) ? v.join(", ") : v}`);
    }
  }
  return lines.join("\n");
}

// Non-overlapping marks: highlights arrive sorted by start (longest first); a span overlapping one
// already placed is merged into its hover text instead of nesting marks.
function highlightText(text, highlights) {
  const placed = [];
  for (const h of highlights) {
    const last = placed[placed.length - 1];
    if (last && h.start < last.end) { last.extra.push(h); continue; }
    placed.push({ ...h, extra: [] });
  }
  let out = "", at = 0;
  for (const h of placed) {
    const title = [h, ...h.extra].map(describe).join("\n\n");
    out += esc(text.slice(at, h.start)) +
      `<mark class="k-${esc(h.kind)}" data-kind="${esc(h.kind)}" data-tip="${esc(title)}">${esc(text.slice(h.start, h.end))}</mark>`;
    at = h.end;
  }
  return out + esc(text.slice(at));
}

async function showArticle(id) {
  const a = await api(`articles/${encodeURIComponent(id)}`);
  const kinds = ["event", "actor", "place", "date", "claim", "claimant"];
  view.innerHTML = `<section id="article"><h2>${esc(a.title || a.name)}</h2>
    <p class="muted">${esc(a.outlet)} · ${esc(a.published)} ${a.byline ? "· " + esc(a.byline) : ""}
      ${a.url ? `· <span>${esc(a.url)}</span>` : ""}</p>
    <p class="legend">${kinds.map((k) => `<mark class="k-${k}">${k}</mark>`).join(" ")}
      <span>${a.highlights.length} extracted span(s) · ${a.events.length} event(s) · ${a.claims.length} claim(s) · hover a mark</span></p>
    <div class="article-text">${highlightText(a.text, a.highlights)}</div></section>`;
}

// -- tooltips, filters, routing -------------------------------------------------------------------

document.addEventListener("mouseover", (ev) => {
  const mark = ev.target.closest && ev.target.closest("mark[data-tip]");
  if (!mark) { tip.hidden = true; return; }
  tip.textContent = mark.dataset.tip;
  tip.hidden = false;
});
document.addEventListener("mousemove", (ev) => {
  if (!tip.hidden) { tip.style.left = `${ev.clientX + 14}px`; tip.style.top = `${ev.clientY + 14}px`; }
});

async function fillFilterChoices() {
  const typeSel = document.getElementById("f-type");
  for (const t of TYPES) typeSel.add(new Option(t, t));
  // every country listed by a stored event (counted by the API), alphabetical, with its event count
  const countries = (await api("countries")).sort((a, b) => a.country.localeCompare(b.country));
  const sel = document.getElementById("f-country");
  for (const c of countries) sel.add(new Option(`${c.country} (${c.events})`, c.country));
}

async function route() {
  tip.hidden = true;
  const [, page, id] = (location.hash || "#/").split("/").map(decodeURIComponent);
  try {
    if (page === "event" && id) await showEvent(id);
    else if (page === "article" && id) await showArticle(id);
    else if (page === "articles") await showArticles();
    else await showOverview();
    view.dataset.ready = page || "overview";
  } catch (err) {
    view.innerHTML = `<section><p class="error">${esc(err.message)}</p></section>`;
    view.dataset.ready = "error";
  }
}

filterForm.addEventListener("submit", (ev) => { ev.preventDefault(); view.dataset.ready = ""; route(); });
filterForm.addEventListener("reset", () => setTimeout(() => { view.dataset.ready = ""; route(); }, 0));
window.addEventListener("hashchange", () => { view.dataset.ready = ""; route(); });
fillFilterChoices().then(route, route);
