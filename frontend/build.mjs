// Builds the dashboard's vendored, offline assets into src/eventwire/serve/static/vendor/:
// Leaflet (JS, CSS, marker images) and the Natural Earth admin-0 countries (1:50m, from world-atlas)
// converted from TopoJSON to GeoJSON with topojson-client, so the browser needs no converter.
// Run: npm ci && npm run build   (the outputs are committed; the server never runs node)
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { feature } from "topojson-client";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "src", "eventwire", "serve", "static", "vendor");
const mods = join(here, "node_modules");
mkdirSync(join(out, "leaflet", "images"), { recursive: true });

for (const f of ["leaflet.js", "leaflet.css", "LICENSE"]) {
  const src = f === "LICENSE" ? join(mods, "leaflet", "LICENSE") : join(mods, "leaflet", "dist", f);
  copyFileSync(src, join(out, "leaflet", f));
}
for (const f of ["layers.png", "layers-2x.png", "marker-icon.png", "marker-icon-2x.png", "marker-shadow.png"]) {
  copyFileSync(join(mods, "leaflet", "dist", "images", f), join(out, "leaflet", "images", f));
}

const topo = JSON.parse(readFileSync(join(mods, "world-atlas", "countries-50m.json"), "utf8"));
const countries = feature(topo, topo.objects.countries);
// Round coordinates to 3 decimals (~100 m): the basemap is context, not a survey, and it halves the file.
const round = (c) => (typeof c[0] === "number" ? [Math.round(c[0] * 1e3) / 1e3, Math.round(c[1] * 1e3) / 1e3] : c.map(round));
// A ring that crosses the antimeridian (Russia, Fiji) jumps from +180 to -180 and Leaflet would draw
// a line across the whole map: move such a ring's western half east by 360 degrees instead.
const unwrap = (ring) => (ring.some((p, i) => i && Math.abs(p[0] - ring[i - 1][0]) > 180)
  ? ring.map(([x, y]) => [x < 0 ? x + 360 : x, y]) : ring);
const rings = (g) => (g.type === "Polygon" ? [g.coordinates] : g.coordinates);
for (const f of countries.features) {
  for (const poly of rings(f.geometry)) poly.forEach((ring, i) => { poly[i] = ring[0][1] < -80 ? ring : unwrap(ring); });
  f.geometry.coordinates = round(f.geometry.coordinates);
}
writeFileSync(join(out, "countries-50m.geojson"), JSON.stringify(countries));
copyFileSync(join(mods, "world-atlas", "LICENSE"), join(out, "world-atlas-LICENSE"));
console.log(`wrote ${countries.features.length} countries and Leaflet to ${out}`);
