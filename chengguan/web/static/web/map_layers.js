/* chengguan's own base layers on a Leaflet map: street and community boundaries, grid cells with their
   codes, and gazetteer roads and landmarks, fetched from /api/v1/grid/layers/<name>?z=&bbox= (simplified
   for the zoom, WGS-84) and converted for the basemap's coordinate system. With no tile server this is the
   whole basemap; with one, it sits on top. Used by map.js and the assessment heat map:

     chengguan.mapLayers.add(map, { url: '/api/v1/grid/layers/', crs: 'gcj02' })

   Labels are non-interactive markers in their own pane, placed at the middle of the visible part of each
   street and community, at cell centres from zoom 17 and at places from zoom 15. */
(function () {
  'use strict';
  var chengguan = window.chengguan = window.chengguan || {};
  var NAMES = ['streets', 'communities', 'cells', 'places'];
  var CELL_LABELS_FROM = 17, PLACE_LABELS_FROM = 15, AREA_LABELS_TO = 18;

  function projection(crs) {
    var convert = chengguan.crs;
    return {
      crs: crs || 'wgs84',
      toMap: function (lng, lat) {
        var p = convert && crs && crs !== 'wgs84' ? convert.fromWgs84(crs, lng, lat) : [lng, lat];
        return L.latLng(p[1], p[0]);
      },
      fromMap: function (latlng) {
        return convert && crs && crs !== 'wgs84' ? convert.toWgs84(crs, latlng.lng, latlng.lat) : [latlng.lng, latlng.lat];
      }
    };
  }

  function pane(map, name, zIndex, noEvents) {
    var p = map.getPane(name) || map.createPane(name);
    p.style.zIndex = String(zIndex);
    if (noEvents) p.style.pointerEvents = 'none';
    return name;
  }

  function label(latlng, text, kind, paneName) {
    var box = document.createElement('span');
    box.className = 'map-label map-label-' + kind;
    box.textContent = text;
    return L.marker(latlng, {
      pane: paneName, interactive: false, keyboard: false,
      icon: L.divIcon({ html: box, className: 'map-label-anchor', iconSize: null })
    });
  }

  /* The middle of the part of `bounds` inside the view, or null when they do not meet. */
  function visibleMiddle(bounds, view) {
    var south = Math.max(bounds.getSouth(), view.getSouth()), north = Math.min(bounds.getNorth(), view.getNorth());
    var west = Math.max(bounds.getWest(), view.getWest()), east = Math.min(bounds.getEast(), view.getEast());
    if (south >= north || west >= east) return null;
    return L.latLng((south + north) / 2, (west + east) / 2);
  }

  var STYLES = {
    streets: { color: '#1f4e79', weight: 2.5, opacity: 0.9, fill: false, dashArray: null },
    communities: { color: '#3f7f5f', weight: 1.5, opacity: 0.9, fillColor: '#eef5ee', fillOpacity: 0.35, dashArray: '6 4' },
    cells: { color: '#9aa7b4', weight: 0.7, opacity: 0.8, fill: false },
    roads: { color: '#d9a21b', weight: 5, opacity: 0.75 }
  };

  function add(map, options) {
    var proj = projection(options.crs);
    var base = options.url;
    if (!base) return null;
    var panes = {
      areas: pane(map, 'cg-areas', 340), cells: pane(map, 'cg-cells', 345), places: pane(map, 'cg-places', 350),
      labels: pane(map, 'cg-labels', 450, true)
    };
    var groups = {}, data = {}, cache = {}, pending = null, timer = null;
    NAMES.forEach(function (name) { groups[name] = L.layerGroup().addTo(map); });
    var labels = L.layerGroup().addTo(map);
    map.getContainer().classList.add('has-base-layers');

    function coordsToLatLng(coords) { return proj.toMap(coords[0], coords[1]); }

    function draw(name) {
      var group = groups[name];
      group.clearLayers();
      var collection = data[name];
      if (!collection) return;
      group.addLayer(L.geoJSON(collection, {
        pane: name === 'places' ? panes.places : name === 'cells' ? panes.cells : panes.areas,
        interactive: name === 'cells' || name === 'places',
        coordsToLatLng: coordsToLatLng,
        style: function (feature) {
          if (name === 'places') return STYLES.roads;
          return STYLES[name];
        },
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, {
            pane: panes.places, radius: 4, color: '#fff', weight: 1.5, fillColor: '#7a4b9a', fillOpacity: 0.9
          });
        },
        onEachFeature: function (feature, layer) {
          var props = feature.properties || {};
          if (name === 'cells') layer.bindTooltip(props.code, { sticky: true, className: 'map-cell-tip' });
          if (name === 'places') layer.bindTooltip(props.name, { sticky: true });
          layer.feature = feature;
        }
      }));
    }

    function drawLabels() {
      labels.clearLayers();
      var zoom = map.getZoom(), view = map.getBounds();
      ['streets', 'communities'].forEach(function (name) {
        if (!data[name] || zoom > AREA_LABELS_TO) return;
        groups[name].eachLayer(function (geojson) {
          geojson.eachLayer(function (layer) {
            var at = visibleMiddle(layer.getBounds(), view);
            var props = layer.feature.properties;
            if (!at) return;
            if (name === 'streets') {
              // a little above the middle, so a community's label in the same place stays readable
              var point = map.latLngToContainerPoint(at);
              at = map.containerPointToLatLng(point.subtract([0, 18]));
            }
            labels.addLayer(label(at, props.name, name === 'streets' ? 'street' : 'community', panes.labels));
          });
        });
      });
      if (data.cells && zoom >= CELL_LABELS_FROM) {
        groups.cells.eachLayer(function (geojson) {
          geojson.eachLayer(function (layer) {
            var centre = layer.getBounds().getCenter();
            if (view.contains(centre)) labels.addLayer(label(centre, layer.feature.properties.label, 'cell', panes.labels));
          });
        });
      }
      if (data.places && zoom >= PLACE_LABELS_FROM) {
        groups.places.eachLayer(function (geojson) {
          geojson.eachLayer(function (layer) {
            var props = layer.feature.properties;
            var at = layer.getLatLng ? layer.getLatLng() : visibleMiddle(layer.getBounds(), view);
            if (at && view.contains(at)) labels.addLayer(label(at, props.name, 'place map-label-' + props.kind, panes.labels));
          });
        });
      }
    }

    function boxText() {
      var view = map.getBounds().pad(0.5);
      var sw = proj.fromMap(view.getSouthWest()), ne = proj.fromMap(view.getNorthEast());
      var step = map.getZoom() >= 15 ? 1000 : 100; // round outwards so small pans reuse the cached answer
      return [Math.floor(sw[0] * step) / step, Math.floor(sw[1] * step) / step,
        Math.ceil(ne[0] * step) / step, Math.ceil(ne[1] * step) / step].join(',');
    }

    function fetchLayer(name, zoom, bbox) {
      var url = base + name + '?z=' + zoom + '&bbox=' + bbox;
      if (!cache[url]) {
        cache[url] = fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/geo+json' } })
          .then(function (response) {
            if (!response.ok) throw new Error('layer ' + name + ': HTTP ' + response.status);
            return response.json();
          })
          .catch(function (error) { delete cache[url]; throw error; });
      }
      return cache[url];
    }

    function refresh() {
      var zoom = map.getZoom(), bbox = boxText();
      var ticket = pending = {};
      var jobs = NAMES.map(function (name) {
        return fetchLayer(name, zoom, bbox).then(function (collection) {
          if (ticket !== pending) return;
          data[name] = collection;
          draw(name);
        });
      });
      Promise.all(jobs).then(function () {
        if (ticket !== pending) return;
        drawLabels();
        map.getContainer().setAttribute('data-base-layers-ready', String(zoom));
        map.fire('baselayers:ready');
      }).catch(function (error) { if (window.console) console.warn(error); });
    }

    map.on('moveend', function () {
      clearTimeout(timer);
      map.getContainer().removeAttribute('data-base-layers-ready');
      timer = setTimeout(refresh, 120);
    });
    map.whenReady(refresh);
    return { refresh: refresh, groups: groups, labels: labels };
  }

  chengguan.mapLayers = { add: add, projection: projection };
})();
