/* Leaflet maps for the component web/components/map.html (its comment documents the data attributes).

   Coordinates are WGS-84 throughout: the markers, the picked point and the browser's geolocation. The
   basemap (settings.CHENGGUAN_TILE_URL) may be a GCJ-02 one in production, on which our points appear
   shifted by a few hundred metres; that is known and deliberately not converted here. Without a tile
   URL the map has no basemap at all and still shows markers and lets the user pick a point. */
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

  function loadFeatures(el, map, state) {
    var url = el.getAttribute('data-markers-url');
    if (!url) return Promise.resolve();
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/geo+json, application/json' } })
      .then(function (response) {
        if (!response.ok) throw new Error('markers: HTTP ' + response.status);
        return response.json();
      })
      .then(function (data) {
        if (state.layer) map.removeLayer(state.layer);
        state.layer = L.geoJSON(data, {
          pointToLayer: function (feature, latlng) {
            var props = feature.properties || {};
            return L.circleMarker(latlng, {
              radius: 7, color: '#fff', weight: 2, fillColor: stateColor(props.state), fillOpacity: 0.95
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
        }).addTo(map);
        var bounds = state.layer.getBounds();
        if (bounds.isValid() && (el.hasAttribute('data-fit') || !state.hasCenter)) {
          map.fitBounds(bounds, { padding: [24, 24], maxZoom: 17 });
        }
        el.dispatchEvent(new CustomEvent('map:loaded', { bubbles: true, detail: { map: map, data: data } }));
      })
      .catch(function (error) {
        if (window.console) console.warn(error); // the map stays usable without its markers
      });
  }

  function setupPick(el, map) {
    var lngInput = findInput(el, el.getAttribute('data-pick-lng') || 'lng');
    var latInput = findInput(el, el.getAttribute('data-pick-lat') || 'lat');
    var marker = null;

    function pick(latlng, announce) {
      var lng = latlng.lng.toFixed(6), lat = latlng.lat.toFixed(6);
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
      el.dispatchEvent(new CustomEvent('map:pick', { bubbles: true, detail: { lng: +lng, lat: +lat } }));
    }

    var initial = lngInput && latInput ? parseLngLat(lngInput.value + ',' + latInput.value) : null;
    if (initial) pick(L.latLng(initial[0], initial[1]), false);

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
            var latlng = L.latLng(position.coords.latitude, position.coords.longitude);
            map.setView(latlng, Math.max(map.getZoom(), 17));
            pick(latlng, true);
          },
          function () { setStatus(el, message(el, 'locate-failed'), true); },
          { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
        );
      });
    }
    return initial;
  }

  function build(el) {
    var tileUrl = el.getAttribute('data-tile-url');
    var map = L.map(el, { attributionControl: !!tileUrl, zoomControl: true });
    if (tileUrl) {
      L.tileLayer(tileUrl, {
        maxZoom: 19,
        subdomains: el.getAttribute('data-tile-subdomains') || 'abc',
        attribution: el.getAttribute('data-tile-attribution') || ''
      }).addTo(map);
    } else {
      el.classList.add('map-no-tiles');
    }

    var center = parseLngLat(el.getAttribute('data-center'));
    var zoom = parseInt(el.getAttribute('data-zoom'), 10);
    if (!isFinite(zoom)) zoom = 13;
    var state = { layer: null, hasCenter: !!center };
    map.setView(center || DEFAULT_VIEW.center, center ? zoom : DEFAULT_VIEW.zoom);

    if (el.hasAttribute('data-pick')) {
      var picked = setupPick(el, map);
      if (picked) { map.setView(picked, Math.max(zoom, 15)); state.hasCenter = true; }
    }
    loadFeatures(el, map, state);
    el.addEventListener('map:reload', function () { loadFeatures(el, map, state); });

    el.chengguanMap = map;
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
  if (chengguan.onContent) chengguan.onContent(init);
  else document.addEventListener('DOMContentLoaded', function () { init(document); });
})();
