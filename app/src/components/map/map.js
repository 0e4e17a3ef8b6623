// The photo map: a thin layer over MapLibre GL JS that the Leptos app drives through
// wasm-bindgen. Rust passes JSON strings and keeps the returned handle opaque, so this module
// owns every MapLibre object and the DOM it adds to the container.
//
// DOM contract (the browser tests rely on it):
//   container.dataset.state    "loading" | "ready" | "offline" | "error"
//   container.dataset.markers  number of markers given (not the number of HTML markers shown)
//   <button class="map-cluster" data-count="N" aria-label="N photos">N</button>
//   <button class="map-point" data-id="ID" aria-label="Photo"></button>
//   <p class="map-offline-note" role="status">…</p> while the local fallback style is in use
//   <p class="map-error-note" role="status">…</p> when MapLibre itself could not load

// Served from the site itself (scripts/build-site.sh copies them from npm): a photo library
// usually runs without internet, and only the pages with a map should pay for 800 KiB of script.
const SCRIPT_URL = '/vendor/maplibre-gl/maplibre-gl.js';
const CSS_URL = '/vendor/maplibre-gl/maplibre-gl.css';

const SOURCE_ID = 'shoebox-photos';
// Invisible, but it has to exist: MapLibre loads a source's tiles only while a visible layer
// uses it, and querySourceFeatures reads those tiles.
const ANCHOR_LAYER_ID = 'shoebox-photos-anchor';

// A remote style that has not loaded by then is treated as unreachable.
const STYLE_TIMEOUT_MS = 4000;
const FIT_MAX_ZOOM = 14;
const CLUSTER_RADIUS = 50;
const CLUSTER_MAX_ZOOM = 16;

const OFFLINE_TEXT = 'Map tiles could not load; showing photo locations only.';
const ERROR_TEXT = 'The map could not load.';

// Needs no tiles, glyphs or sprites, so it works with no network at all. A mid grey reads as
// "no map here" against both the light and the dark theme.
const LOCAL_STYLE = {
  version: 8,
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#9ca3af' } }],
};

// Zero-specificity defaults (:where), so the app's own stylesheet overrides any of them.
const DEFAULT_CSS = `
:where(.map-cluster, .map-point) {
  box-sizing: border-box; margin: 0; padding: 0; cursor: pointer;
  border: 2px solid #fff; box-shadow: 0 1px 4px rgb(0 0 0 / 45%);
}
:where(.map-cluster) {
  min-width: 2.25rem; height: 2.25rem; padding: 0 0.5rem; border-radius: 1.125rem;
  background: #2563eb; color: #fff; font: 600 0.8125rem/1 system-ui, sans-serif;
}
:where(.map-point) {
  width: 2.5rem; height: 2.5rem; border-radius: 0.375rem;
  background: #2563eb center / cover no-repeat;
}
:where(.map-cluster, .map-point):focus-visible { outline: 3px solid #f59e0b; outline-offset: 1px; }
:where(.map-offline-note, .map-error-note) {
  position: absolute; top: 0.5rem; left: 0.5rem; z-index: 3; max-width: calc(100% - 1rem);
  margin: 0; padding: 0.25rem 0.5rem; border-radius: 0.25rem; pointer-events: none;
  background: rgb(255 255 255 / 88%); color: #1f2937; font: 0.75rem/1.3 system-ui, sans-serif;
}
`;

let libraryPromise = null;

// Resolves with the global `maplibregl` once the script (and, best effort, the stylesheet) have
// loaded. Shared by every map on the page, so the files are requested once.
function loadLibrary() {
  if (!libraryPromise) {
    libraryPromise = Promise.all([loadScript(), loadStylesheet()]).then(() => window.maplibregl);
    // Let a later map try again rather than keep a failure forever (e.g. a server restart).
    libraryPromise.catch(() => {
      libraryPromise = null;
    });
  }
  return libraryPromise;
}

function loadScript() {
  if (window.maplibregl) return Promise.resolve();
  return new Promise((resolve, reject) => {
    let script = document.querySelector(`script[src="${SCRIPT_URL}"]`);
    if (script && script.dataset.failed) {
      script.remove();
      script = null;
    }
    if (!script) {
      script = document.createElement('script');
      script.src = SCRIPT_URL;
      script.async = true;
      document.head.appendChild(script);
    }
    script.addEventListener('load', () => (window.maplibregl ? resolve() : reject(new Error('maplibregl missing'))), { once: true });
    script.addEventListener('error', () => {
      script.dataset.failed = '1';
      reject(new Error(`could not load ${SCRIPT_URL}`));
    }, { once: true });
  });
}

function loadStylesheet() {
  if (!document.querySelector('style[data-shoebox-map]')) {
    const style = document.createElement('style');
    style.dataset.shoeboxMap = '';
    style.textContent = DEFAULT_CSS;
    // First in <head>, so that the app's stylesheet, loaded later in the cascade, wins ties.
    document.head.prepend(style);
  }
  let link = document.querySelector(`link[rel="stylesheet"][href="${CSS_URL}"]`);
  if (link && link.sheet) return Promise.resolve();
  return new Promise((resolve) => {
    if (!link) {
      link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = CSS_URL;
      document.head.appendChild(link);
    }
    // Without the stylesheet markers sit in the wrong place, but the map still works:
    // never fail the map over it.
    link.addEventListener('load', () => resolve(), { once: true });
    link.addEventListener('error', () => resolve(), { once: true });
  });
}

function reducedMotion() {
  return window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}

// [[id, lat, lon], ...] -> [{id, lat, lon}], dropping anything that is not a real position, so
// one bad row cannot break the whole map.
function parseMarkers(rows) {
  const out = [];
  for (const row of Array.isArray(rows) ? rows : []) {
    if (!Array.isArray(row) || row.length < 3) continue;
    const lat = Number(row[1]);
    const lon = Number(row[2]);
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) continue;
    out.push({ id: String(row[0]), lat, lon });
  }
  return out;
}

function toGeoJson(markers) {
  return {
    type: 'FeatureCollection',
    features: markers.map((m) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [m.lon, m.lat] },
      properties: { id: m.id },
    })),
  };
}

function setState(handle, state) {
  handle.container.dataset.state = state;
}

function showNote(handle, className, text) {
  if (handle.note) return;
  const note = document.createElement('p');
  note.className = className;
  note.setAttribute('role', 'status');
  note.textContent = text;
  handle.container.appendChild(note);
  handle.note = note;
}

// Opens a map in `container`. See the top of this file for optionsJson; `onOpen` receives the
// asset ids as a JSON array (a string: no JS array crosses into Rust) when the user picks a
// point or a cluster.
export function openMap(container, optionsJson, onOpen) {
  let options = {};
  try {
    options = JSON.parse(optionsJson || '{}') || {};
  } catch {
    options = {};
  }
  const handle = {
    container,
    onOpen: typeof onOpen === 'function' ? onOpen : () => {},
    style: typeof options.style === 'string' ? options.style.trim() : '',
    center: Array.isArray(options.center) && options.center.length === 2 ? options.center.map(Number) : null,
    zoom: Number.isFinite(options.zoom) ? options.zoom : null,
    interactive: options.interactive !== false,
    fitMarkers: options.fitMarkers !== false,
    markers: parseMarkers(options.markers),
    map: null,
    lib: null,
    shown: new Map(), // key -> maplibregl.Marker currently on the map
    pendingCamera: null, // a flyTo that came before the map existed
    offline: false,
    styleLoaded: false,
    styleTimer: null,
    note: null,
    closed: false,
  };
  container.dataset.markers = String(handle.markers.length);
  setState(handle, 'loading');

  loadLibrary().then(
    (lib) => {
      if (!handle.closed) createMap(handle, lib);
    },
    () => {
      if (handle.closed) return;
      setState(handle, 'error');
      showNote(handle, 'map-error-note', ERROR_TEXT);
    },
  );
  return handle;
}

function createMap(handle, lib) {
  handle.lib = lib;
  handle.offline = !handle.style;
  const map = new lib.Map({
    container: handle.container,
    style: handle.style || LOCAL_STYLE,
    center: handle.center || initialCenter(handle),
    zoom: handle.zoom ?? (handle.center ? 12 : initialZoom(handle)),
    interactive: handle.interactive,
    // The markers carry the interaction; a rotated photo map only confuses.
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    attributionControl: { compact: true },
  });
  handle.map = map;
  if (handle.interactive) {
    map.addControl(new lib.NavigationControl({ showCompass: false }), 'top-right');
    map.touchZoomRotate.disableRotation();
  }
  if (handle.offline) showNote(handle, 'map-offline-note', OFFLINE_TEXT);

  if (handle.pendingCamera) {
    map.jumpTo(handle.pendingCamera);
    handle.pendingCamera = null;
  } else if (!handle.center && handle.fitMarkers) {
    fitToMarkers(handle);
  }

  // Fires again after the switch to the local style, which starts with no sources: the photo
  // source is (re)added every time.
  map.on('style.load', () => onStyleLoad(handle));
  map.on('error', (e) => {
    // Before the style loads, any error means the style (or its sources) is unreachable.
    // Afterwards errors are mostly missing tiles, expected when offline: stay quiet.
    if (!handle.styleLoaded && !handle.offline) goOffline(handle);
    else if (!e.sourceId && !e.tile && e.error) console.error(e.error);
  });
  if (!handle.offline) {
    handle.styleTimer = setTimeout(() => {
      if (!handle.styleLoaded) goOffline(handle);
    }, STYLE_TIMEOUT_MS);
  }

  map.on('sourcedata', (e) => {
    if (e.sourceId === SOURCE_ID && e.isSourceLoaded) updateMarkers(handle);
  });
  // HTML markers are redrawn once a move ends, not during it: clusters depend on the zoom.
  map.on('moveend', () => updateMarkers(handle));
  map.on('zoomend', () => updateMarkers(handle));
  map.on('idle', () => updateMarkers(handle));
}

function initialCenter(handle) {
  const first = handle.markers[0];
  return first ? [first.lon, first.lat] : [0, 20];
}

function initialZoom(handle) {
  return handle.markers.length ? FIT_MAX_ZOOM : 1;
}

function goOffline(handle) {
  if (handle.offline || handle.closed) return;
  handle.offline = true;
  clearTimeout(handle.styleTimer);
  handle.styleLoaded = false;
  clearShown(handle);
  // diff: false replaces the half-loaded remote style outright instead of diffing against it.
  handle.map.setStyle(LOCAL_STYLE, { diff: false });
  showNote(handle, 'map-offline-note', OFFLINE_TEXT);
}

function onStyleLoad(handle) {
  if (handle.closed) return;
  clearTimeout(handle.styleTimer);
  handle.styleLoaded = true;
  const map = handle.map;
  if (!map.getSource(SOURCE_ID)) {
    map.addSource(SOURCE_ID, {
      type: 'geojson',
      data: toGeoJson(handle.markers),
      cluster: true,
      clusterRadius: CLUSTER_RADIUS,
      clusterMaxZoom: CLUSTER_MAX_ZOOM,
    });
  }
  if (!map.getLayer(ANCHOR_LAYER_ID)) {
    map.addLayer({
      id: ANCHOR_LAYER_ID,
      type: 'circle',
      source: SOURCE_ID,
      paint: { 'circle-radius': 1, 'circle-opacity': 0, 'circle-stroke-width': 0 },
    });
  }
  // "ready"/"offline" are set by the first marker update, so a test that sees the state can
  // count the HTML markers straight away.
  updateMarkers(handle);
}

function clearShown(handle) {
  for (const marker of handle.shown.values()) marker.remove();
  handle.shown.clear();
}

// The usual MapLibre "HTML clusters" pattern: read what the clustered source holds for the tiles
// in view, add a marker for each new cluster or point, and drop the ones no longer there.
function updateMarkers(handle) {
  const map = handle.map;
  if (handle.closed || !map || !handle.styleLoaded || !map.getSource(SOURCE_ID)) return;
  // While tiles load, the renderable ones can mix zoom levels (a cluster and its own children)
  // or be missing: wait for the source to settle rather than flicker.
  if (!map.isSourceLoaded(SOURCE_ID)) return;

  const byId = new Map(handle.markers.map((m) => [m.id, m]));
  const next = new Map();
  for (const feature of map.querySourceFeatures(SOURCE_ID)) {
    const props = feature.properties || {};
    if (props.cluster) {
      const key = `c${props.cluster_id}`;
      if (next.has(key)) continue; // the same cluster in the buffer of a neighbouring tile
      next.set(key, () => clusterMarker(handle, props.cluster_id, props.point_count, feature.geometry.coordinates));
    } else {
      const id = String(props.id);
      const key = `p${id}`;
      const m = byId.get(id);
      if (next.has(key) || !m) continue;
      // The original position, not the tile's, which is quantised at low zooms.
      next.set(key, () => pointMarker(handle, id, [m.lon, m.lat]));
    }
  }
  for (const [key, marker] of handle.shown) {
    if (!next.has(key)) {
      marker.remove();
      handle.shown.delete(key);
    }
  }
  for (const [key, make] of next) {
    if (!handle.shown.has(key)) handle.shown.set(key, make().addTo(map));
  }

  const state = handle.offline ? 'offline' : 'ready';
  if (handle.container.dataset.state !== state) setState(handle, state);
}

function clusterMarker(handle, clusterId, count, lngLat) {
  const el = document.createElement('button');
  el.type = 'button';
  el.className = 'map-cluster';
  el.dataset.count = String(count);
  el.setAttribute('aria-label', `${count} photos`);
  el.textContent = String(count);
  el.addEventListener('click', (e) => {
    e.stopPropagation();
    // The second click of a double-click (which zooms the map) must not open the photos again.
    if (e.detail > 1) return;
    const source = handle.map?.getSource(SOURCE_ID);
    if (!source) return;
    // The count as the limit (not the default 10): the viewer wants every photo in the cluster.
    source.getClusterLeaves(clusterId, count, 0).then(
      (leaves) => handle.closed || handle.onOpen(JSON.stringify(leaves.map((f) => String(f.properties.id)))),
      () => {}, // the cluster vanished (data replaced mid-click): nothing to open
    );
  });
  return new handle.lib.Marker({ element: el }).setLngLat(lngLat);
}

function pointMarker(handle, id, lngLat) {
  const el = document.createElement('button');
  el.type = 'button';
  el.className = 'map-point';
  el.dataset.id = id;
  el.setAttribute('aria-label', 'Photo');
  el.style.backgroundImage = `url("/api/assets/${encodeURIComponent(id)}/thumbnail")`;
  el.addEventListener('click', (e) => {
    e.stopPropagation();
    if (e.detail > 1) return;
    handle.onOpen(JSON.stringify([id]));
  });
  return new handle.lib.Marker({ element: el }).setLngLat(lngLat);
}

function fitToMarkers(handle) {
  const { map, lib, markers, container } = handle;
  if (!markers.length) return;
  const bounds = new lib.LngLatBounds();
  for (const m of markers) bounds.extend([m.lon, m.lat]);
  // fitBounds refuses padding larger than the map, and the info-panel map is small.
  const room = Math.min(container.clientWidth, container.clientHeight);
  const padding = Math.max(0, Math.min(48, Math.floor(room / 4)));
  // A jump, not an animation: this follows a data change, not something the user asked for.
  map.fitBounds(bounds, { padding, maxZoom: FIT_MAX_ZOOM, animate: false });
}

// Replaces the markers ([[id, lat, lon], ...] as JSON).
export function setMarkers(handle, markersJson) {
  if (!handle || handle.closed) return;
  let rows = [];
  try {
    rows = JSON.parse(markersJson || '[]');
  } catch {
    rows = [];
  }
  handle.markers = parseMarkers(rows);
  handle.container.dataset.markers = String(handle.markers.length);
  const map = handle.map;
  if (!map) return; // createMap reads handle.markers
  // Cluster ids are only meaningful for one data set: start the HTML markers afresh.
  clearShown(handle);
  const source = handle.styleLoaded ? map.getSource(SOURCE_ID) : null;
  if (source) source.setData(toGeoJson(handle.markers));
  if (handle.fitMarkers) fitToMarkers(handle);
}

// Moves the camera; `zoom` may be null/undefined to keep the current zoom.
export function flyTo(handle, lon, lat, zoom) {
  if (!handle || handle.closed) return;
  const camera = { center: [Number(lon), Number(lat)] };
  if (zoom !== null && zoom !== undefined && Number.isFinite(Number(zoom))) camera.zoom = Number(zoom);
  if (!handle.map) {
    handle.pendingCamera = camera;
    return;
  }
  if (reducedMotion()) handle.map.jumpTo(camera);
  else handle.map.flyTo(camera);
}

// Removes the map, its markers and everything this module added to the container.
export function closeMap(handle) {
  if (!handle || handle.closed) return;
  handle.closed = true;
  clearTimeout(handle.styleTimer);
  clearShown(handle);
  if (handle.map) handle.map.remove();
  handle.map = null;
  handle.note?.remove();
  handle.note = null;
  delete handle.container.dataset.state;
  delete handle.container.dataset.markers;
}
