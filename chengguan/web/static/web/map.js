/* Leaflet maps for the component web/components/map.html (its comment documents the data attributes).

   chengguan's data is WGS-84: the markers, the picked point (the form's lng/lat inputs) and the browser's
   geolocation. The basemap names its coordinate system (data-tile-crs: wgs84, gcj02 or bd09, see
   grid/tiles.py); everything drawn is converted into it and every pick back (web/crs.js), so a point lands
   on the same street on any provider. Without a tile URL the city is drawn from chengguan's own layers
   (web/map_layers.js). Points cluster by zoom (leaflet.markercluster, vendored) with counts and a legend;
   a heat layer (leaflet.heat) can be switched on. The pin's place line ("community · street · near X")
   comes from /api/v1/grid/describe; the search box and the address field propose gazetteer places. */
(function () {
  'use strict';

  var chengguan = window.chengguan = window.chengguan || {};
  var DEFAULT_VIEW = { center: [35.0, 105.0], zoom: 4 }; // the whole country, when nothing else is known

  function stateColor(state) {
    var style = getComputedStyle(document.documentElement);
    var color = state ? style.getPropertyValue('--state-' + state).trim() : '';
    return color || style.getPropertyValue('--state-unknown').trim() || '#5b6b7c';
  }

  /* "lng,lat" → [lat, lng] for Leaflet, or null. */
  function parseLngLat(text) {
    if (!text) return null;
    var parts = String(text).split(',');
    if (parts.length !== 2) return null;
    var lng = parseFloat(parts[0]), lat = parseFloat(parts[1]);
    if (!isFinite(lng) || !isFinite(lat) || Math.abs(lat) > 90 || Math.abs(lng) > 180) return null;
    return [lat, lng];
  }

  function findInput(el, name) {
    var form = el.closest('form');
    var input = form ? form.elements.namedItem(name) : null;
    if (input && input.length !== undefined && !input.tagName) input = input[0]; // several: the first
    return input || document.querySelector('input[name="' + name.replace(/"/g, '\\"') + '"]');
  }

  function message(el, key, values) {
    var text = el.getAttribute('data-msg-' + key) || '';
    Object.keys(values || {}).forEach(function (name) { text = text.replace('{' + name + '}', values[name]); });
    return text;
  }

  function setStatus(el, text, isError) {
    var status = document.querySelector('[data-map-status="' + el.id + '"]');
    if (!status) return;
    status.textContent = text;
    status.classList.toggle('is-error', !!isError);
  }

  function popupFor(feature) {
    var props = feature.properties || {};
    if (!props.title && !props.state_label && !props.url) return null;
    var box = document.createElement('div');
    var title = document.createElement(props.url ? 'a' : 'span');
    title.className = 'map-popup-title';
    title.textContent = props.title || props.url;
    if (props.url) title.href = props.url;
    box.appendChild(title);
    if (props.state_label) {
      var badge = document.createElement('span');
      badge.className = 'badge state-badge';
      badge.style.setProperty('--badge', stateColor(props.state));
      badge.textContent = props.state_label;
      box.appendChild(badge);
    }
    return box;
  }

  function clusterIcon(cluster) {
    var counts = {}, best = null;
    cluster.getAllChildMarkers().forEach(function (marker) {
      var state = marker.options.state || '';
      counts[state] = (counts[state] || 0) + 1;
      if (best === null || counts[state] > counts[best]) best = state;
    });
    var box = document.createElement('div');
    box.className = 'map-cluster-count';
    box.style.setProperty('--cluster', stateColor(best));
    box.textContent = String(cluster.getChildCount());
    var size = cluster.getChildCount() >= 100 ? 44 : cluster.getChildCount() >= 10 ? 38 : 32;
    return L.divIcon({ html: box, className: 'map-cluster', iconSize: L.point(size, size) });
  }

  function legendControl(el, data) {
    var counts = {}, labels = {}, order = [];
    (data.features || []).forEach(function (feature) {
      var props = feature.properties || {};
      if (!props.state) return;
      if (!(props.state in counts)) { counts[props.state] = 0; order.push(props.state); }
      counts[props.state] += 1;
      labels[props.state] = props.state_label || props.state;
    });
    var control = L.control({ position: 'bottomright' });
    control.onAdd = function () {
      var box = L.DomUtil.create('div', 'map-legend');
      box.setAttribute('data-map-legend', '');
      var title = document.createElement('strong');
      title.textContent = el.getAttribute('data-msg-legend') || '';
      box.appendChild(title);
      order.forEach(function (state) {
        var row = document.createElement('span');
        row.className = 'map-legend-row';
        var swatch = document.createElement('i');
        swatch.style.setProperty('--badge', stateColor(state));
        row.appendChild(swatch);
        row.appendChild(document.createTextNode(labels[state] + ' ' + counts[state]));
        box.appendChild(row);
      });
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    return control;
  }

  /* The points in view, listed beside the map (an element [data-map-inview="<map id>"]), newest first as
     the markers came, at most 30; refreshed whenever the map moves. */
  function listInView(el, map, state) {
    var box = document.querySelector('[data-map-inview="' + el.id + '"]');
    if (!box || !state.points) return;
    var view = map.getBounds(), shown = 0, total = 0;
    var list = document.createElement('ul');
    list.className = 'map-inview-list';
    state.points.forEach(function (point) {
      if (!view.contains(point.latlng)) return;
      total += 1;
      if (shown >= 30) return;
      shown += 1;
      var props = point.props, item = document.createElement('li');
      var link = document.createElement(props.url ? 'a' : 'span');
      link.textContent = props.title || props.number || '';
      if (props.url) link.href = props.url;
      item.appendChild(link);
      if (props.state_label) {
        var badge = document.createElement('span');
        badge.className = 'badge state-badge';
        badge.style.setProperty('--badge', stateColor(props.state));
        badge.textContent = props.state_label;
        item.appendChild(document.createTextNode(' '));
        item.appendChild(badge);
      }
      list.appendChild(item);
    });
    var count = document.createElement('p');
    count.className = 'hint';
    count.setAttribute('data-inview-count', String(total));
    count.textContent = message(el, 'inview', { count: total });
    box.textContent = '';
    box.appendChild(count);
    box.appendChild(list);
  }

  function loadFeatures(el, map, state) {
    var url = el.getAttribute('data-markers-url');
    if (!url) return Promise.resolve();
    var proj = state.proj;
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/geo+json, application/json' } })
      .then(function (response) {
        if (!response.ok) throw new Error('markers: HTTP ' + response.status);
        return response.json();
      })
      .then(function (data) {
        [state.layer, state.heat, state.legend, state.switcher].forEach(function (old) { if (old) old.remove(); });
        var geojson = L.geoJSON(data, {
          coordsToLatLng: function (c) { return proj.toMap(c[0], c[1]); },
          pointToLayer: function (feature, latlng) {
            var props = feature.properties || {};
            return L.circleMarker(latlng, {
              radius: 7, color: '#fff', weight: 2, fillColor: stateColor(props.state), fillOpacity: 0.95,
              state: props.state || ''
            });
          },
          style: function (feature) { // outlines (grid cells, areas); points keep pointToLayer's style
            if (feature.geometry && /Point$/.test(feature.geometry.type)) return undefined;
            var props = feature.properties || {};
            return { color: props.state ? stateColor(props.state) : '#0b6e4f', weight: 1.5, fillOpacity: 0.06 };
          },
          onEachFeature: function (feature, layer) {
            var popup = popupFor(feature);
            if (popup) layer.bindPopup(popup);
          }
        });
        var layer = geojson;
        if (el.hasAttribute('data-cluster') && L.markerClusterGroup) {
          layer = L.markerClusterGroup({
            iconCreateFunction: clusterIcon, showCoverageOnHover: false, maxClusterRadius: 50,
            spiderfyOnMaxZoom: true, disableClusteringAtZoom: 18
          });
          layer.addLayer(geojson);
        }
        state.layer = layer.addTo(map);
        if (el.hasAttribute('data-legend')) state.legend = legendControl(el, data).addTo(map);
        if (el.hasAttribute('data-heat') && L.heatLayer) {
          var points = [];
          geojson.eachLayer(function (marker) {
            if (marker.getLatLng) { var at = marker.getLatLng(); points.push([at.lat, at.lng, 1]); }
          });
          state.heat = L.heatLayer(points, { radius: 22, blur: 18, maxZoom: 17 });
          var overlays = {};
          overlays[el.getAttribute('data-msg-markers') || 'Markers'] = state.layer;
          overlays[el.getAttribute('data-msg-heat') || 'Heat'] = state.heat;
          state.switcher = L.control.layers(null, overlays, { collapsed: false, position: 'topright' }).addTo(map);
          if (el.getAttribute('data-heat') === 'on') { state.heat.addTo(map); map.removeLayer(state.layer); }
        }
        state.points = [];
        geojson.eachLayer(function (marker) {
          if (marker.getLatLng) state.points.push({ latlng: marker.getLatLng(), props: marker.feature.properties || {} });
        });
        if (!state.listening) {
          state.listening = true;
          map.on('moveend', function () { listInView(el, map, state); });
        }
        var bounds = geojson.getBounds();
        if (bounds.isValid() && (el.hasAttribute('data-fit') || !state.hasCenter)) {
          map.fitBounds(bounds, { padding: [24, 24], maxZoom: el.hasAttribute('data-cluster') ? 14 : 17 });
        }
        listInView(el, map, state);
        el.setAttribute('data-markers-ready', String((data.features || []).length));
        el.dispatchEvent(new CustomEvent('map:loaded', { bubbles: true, detail: { map: map, data: data } }));
      })
      .catch(function (error) {
        if (window.console) console.warn(error); // the map stays usable without its markers
      });
  }

  function describe(el, state, lng, lat) {
    var url = el.getAttribute('data-describe-url');
    var line = document.querySelector('[data-map-place="' + el.id + '"]');
    if (!url) return;
    var ticket = state.describing = {};
    fetch(url + '?lng=' + lng + '&lat=' + lat, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || ticket !== state.describing) return;
        var text = data.line || message(el, 'outside');
        if (line) {
          line.textContent = text;
          line.classList.toggle('is-error', !data.line);
          line.setAttribute('data-cell', data.cell ? data.cell.code : '');
          line.hidden = false;
        }
        if (line && data.cell) line.title = message(el, 'cell', { code: data.cell.code });
        fillAddress(el, state, state.preferAddress || data.line, false); // a chosen place's own line wins
        state.preferAddress = null;
        el.dispatchEvent(new CustomEvent('map:described', { bubbles: true, detail: data }));
      })
      .catch(function (error) { if (window.console) console.warn(error); });
  }

  /* Fill the address field from the map unless the user typed there (their words win). */
  function fillAddress(el, state, text, force) {
    var name = el.getAttribute('data-address-input');
    var input = name ? findInput(el, name) : null;
    if (!input || !text) return;
    if (force || input.value === '' || input.value === state.autoAddress) {
      input.value = text;
      state.autoAddress = text;
    }
  }

  function setupPick(el, map, state) {
    var lngInput = findInput(el, el.getAttribute('data-pick-lng') || 'lng');
    var latInput = findInput(el, el.getAttribute('data-pick-lat') || 'lat');
    var proj = state.proj;
    var marker = null;

    /* latlng is in the map's coordinate system; the inputs get WGS-84. */
    function pick(latlng, announce) {
      var wgs = proj.fromMap(latlng);
      var lng = wgs[0].toFixed(6), lat = wgs[1].toFixed(6);
      [[lngInput, lng], [latInput, lat]].forEach(function (pair) {
        if (!pair[0]) return;
        pair[0].value = pair[1];
        pair[0].dispatchEvent(new Event('input', { bubbles: true }));
        pair[0].dispatchEvent(new Event('change', { bubbles: true }));
      });
      if (marker) {
        marker.setLatLng(latlng);
      } else {
        marker = L.marker(latlng, { draggable: true, keyboard: false }).addTo(map);
        marker.on('dragend', function () { pick(marker.getLatLng(), true); });
      }
      if (announce) setStatus(el, message(el, 'picked', { lng: lng, lat: lat }));
      describe(el, state, lng, lat);
      el.dispatchEvent(new CustomEvent('map:pick', { bubbles: true, detail: { lng: +lng, lat: +lat } }));
    }

    var initial = lngInput && latInput ? parseLngLat(lngInput.value + ',' + latInput.value) : null;
    if (initial) initial = proj.toMap(initial[1], initial[0]);
    if (initial) pick(initial, false);

    map.on('click', function (event) { pick(event.latlng, true); });
    el.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && event.target === el) {
        event.preventDefault();
        pick(map.getCenter(), true);
      }
    });

    var locate = document.querySelector('[data-map-locate="' + el.id + '"]');
    if (locate) {
      locate.addEventListener('click', function () {
        if (!navigator.geolocation || !window.isSecureContext) {
          setStatus(el, message(el, 'no-geolocation'), true);
          return;
        }
        setStatus(el, message(el, 'locating'));
        navigator.geolocation.getCurrentPosition(
          function (position) { // the Geolocation API reports WGS-84
            var latlng = proj.toMap(position.coords.longitude, position.coords.latitude);
            map.setView(latlng, Math.max(map.getZoom(), 17));
            pick(latlng, true);
          },
          function () { setStatus(el, message(el, 'locate-failed'), true); },
          { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
        );
      });
    }
    state.pick = pick;
    return initial;
  }

  /* Place search: the component's search box and (data-address-input) the address field propose
     gazetteer places; choosing one moves the map there, puts the pin on it and fills the address. */
  function setupSearch(el, map, state) {
    var url = el.getAttribute('data-search-url');
    if (!url) return;
    var inputs = [];
    var box = document.querySelector('[data-map-search="' + el.id + '"]');
    if (box) inputs.push(box);
    var addressName = el.getAttribute('data-address-input');
    var address = addressName && el.hasAttribute('data-address-suggest') ? findInput(el, addressName) : null;
    if (address) inputs.push(address);

    function go(place, input) {
      var latlng = state.proj.toMap(place.lng, place.lat);
      map.setView(latlng, Math.max(map.getZoom(), 17));
      if (state.pick) {
        state.preferAddress = place.line;
        state.pick(latlng, false);
        fillAddress(el, state, place.line, true);
      }
      if (input === box) input.value = place.name;
      el.setAttribute('data-searched', place.name);
      el.dispatchEvent(new CustomEvent('map:place', { bubbles: true, detail: place }));
    }

    inputs.forEach(function (input) {
      var list = document.createElement('ul');
      list.className = 'map-suggestions';
      list.setAttribute('role', 'listbox');
      list.setAttribute('data-map-suggestions', el.id);
      list.hidden = true;
      input.setAttribute('autocomplete', 'off');
      input.setAttribute('aria-autocomplete', 'list');
      input.insertAdjacentElement('afterend', list);
      var timer = null, ticket = null;

      function show(results) {
        list.textContent = '';
        results.forEach(function (place) {
          var item = document.createElement('li');
          var button = document.createElement('button');
          button.type = 'button';
          button.className = 'map-suggestion';
          var name = document.createElement('strong');
          name.textContent = place.name;
          var where = document.createElement('small');
          where.textContent = [place.kind_label, place.community, place.street].filter(Boolean).join(' · ');
          button.appendChild(name);
          button.appendChild(where);
          button.addEventListener('click', function () { list.hidden = true; go(place, input); });
          item.appendChild(button);
          list.appendChild(item);
        });
        list.hidden = !results.length;
      }

      input.addEventListener('input', function () {
        clearTimeout(timer);
        var query = input.value.trim();
        if (query.length < (input === box ? 1 : 2)) { list.hidden = true; return; }
        timer = setTimeout(function () {
          var mine = ticket = {};
          fetch(url + '?limit=8&q=' + encodeURIComponent(query), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
            .then(function (response) { return response.ok ? response.json() : { results: [] }; })
            .then(function (data) { if (mine === ticket) show(data.results || []); })
            .catch(function (error) { if (window.console) console.warn(error); });
        }, 200);
      });
      input.addEventListener('keydown', function (event) {
        if (event.key === 'Escape') list.hidden = true;
        if (event.key === 'Enter' && !list.hidden && list.querySelector('button')) {
          event.preventDefault();
          list.querySelector('button').click();
        }
      });
    });
  }

  function loadPlugins(el) {
    var jobs = [];
    if (el.hasAttribute('data-cluster')) {
      jobs.push(chengguan.loadStyle(el.getAttribute('data-cluster-css')));
      jobs.push(chengguan.loadScript(el.getAttribute('data-cluster-js'), 'L.markerClusterGroup'));
    }
    if (el.hasAttribute('data-heat')) jobs.push(chengguan.loadScript(el.getAttribute('data-heat-js'), 'L.heatLayer'));
    return Promise.all(jobs).catch(function (error) { if (window.console) console.warn(error); });
  }

  /* The configured basemap (if any) and chengguan's own layers, on a Leaflet map. */
  function addBasemap(el, map) {
    var tileUrl = el.getAttribute('data-tile-url');
    var crs = el.getAttribute('data-tile-crs') || 'wgs84';
    var maxZoom = parseInt(el.getAttribute('data-tile-max-zoom'), 10) || 19;
    if (tileUrl) {
      var options = {
        maxZoom: maxZoom,
        subdomains: el.getAttribute('data-tile-subdomains') || 'abc',
        attribution: el.getAttribute('data-tile-attribution') || ''
      };
      L.tileLayer(tileUrl, options).addTo(map);
      var overlay = el.getAttribute('data-tile-overlay');
      if (overlay) L.tileLayer(overlay, options).addTo(map);
    } else {
      el.classList.add('map-no-tiles');
    }
    if (chengguan.mapLayers) {
      el.chengguanLayers = chengguan.mapLayers.add(map, { url: el.getAttribute('data-layers-url'), crs: crs });
    }
    return chengguan.mapLayers ? chengguan.mapLayers.projection(crs) : {
      toMap: function (lng, lat) { return L.latLng(lat, lng); },
      fromMap: function (latlng) { return [latlng.lng, latlng.lat]; }
    };
  }

  function build(el) {
    var map = L.map(el, { attributionControl: !!el.getAttribute('data-tile-url'), zoomControl: true, maxZoom: 19 });
    var proj = addBasemap(el, map);

    var center = parseLngLat(el.getAttribute('data-center'));
    var zoom = parseInt(el.getAttribute('data-zoom'), 10);
    if (!isFinite(zoom)) zoom = 13;
    var state = { layer: null, hasCenter: !!center, proj: proj, autoAddress: null };
    map.setView(center ? proj.toMap(center[1], center[0]) : DEFAULT_VIEW.center, center ? zoom : DEFAULT_VIEW.zoom);

    if (el.hasAttribute('data-pick')) {
      var picked = setupPick(el, map, state);
      if (picked) { map.setView(picked, Math.max(zoom, 15)); state.hasCenter = true; }
    }
    setupSearch(el, map, state);
    loadPlugins(el).then(function () { loadFeatures(el, map, state); });
    el.addEventListener('map:reload', function () { loadFeatures(el, map, state); });

    el.chengguanMap = map;
    el.chengguanMapState = state;
    el.setAttribute('data-map-ready', '');
    el.dispatchEvent(new CustomEvent('map:ready', { bubbles: true, detail: { map: map } }));
  }

  function init(root) {
    var maps = [];
    if (root.matches && root.matches('[data-map]')) maps.push(root);
    Array.prototype.push.apply(maps, root.querySelectorAll ? root.querySelectorAll('[data-map]') : []);
    maps.forEach(function (el) {
      if (el.chengguanMapStarted) return;
      el.chengguanMapStarted = true;
      Promise.all([
        chengguan.loadStyle(el.getAttribute('data-leaflet-css')),
        chengguan.loadScript(el.getAttribute('data-leaflet-js'), 'L')
      ]).then(function () { build(el); }, function (error) {
        if (window.console) console.error(error);
      });
    });
  }

  chengguan.stateColor = stateColor;
  chengguan.addBasemap = addBasemap;
  if (chengguan.onContent) chengguan.onContent(init);
  else document.addEventListener('DOMContentLoaded', function () { init(document); });
})();
