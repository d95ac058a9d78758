/* Assessment pages. The dashboard's heat map: cases per grid cell as a heat layer (leaflet.heat, vendored) with a
   circle per cell for its tooltip, over chengguan's own layers and the configured tiles (web/map.js's addBasemap;
   none in tests). Re-initialised when htmx
   swaps the dashboard body. */
(function () {
  'use strict';
  var chengguan = window.chengguan = window.chengguan || {};

  function colour(ratio) {
    var stops = ['#fde68a', '#fb923c', '#ef4444', '#991b1b'];
    return stops[Math.min(stops.length - 1, Math.floor(ratio * stops.length))];
  }

  function build(el) {
    var map = L.map(el, { zoomControl: true, attributionControl: false, maxZoom: 19 });
    // the configured basemap (if any) and chengguan's own streets, communities and cells (web/map.js)
    var proj = chengguan.addBasemap ? chengguan.addBasemap(el, map) : null;
    function toMap(lng, lat) { return proj ? proj.toMap(lng, lat) : L.latLng(lat, lng); }
    map.setView(toMap(117.49, 30.66), 12);
    var heatReady = el.getAttribute('data-heat-js') ? chengguan.loadScript(el.getAttribute('data-heat-js')) : Promise.resolve();
    var data = fetch(el.getAttribute('data-heat-url'), { credentials: 'same-origin' }).then(function (r) { return r.json(); });
    Promise.all([data, heatReady.catch(function () { return null; })]).then(function (results) {
      var cells = results[0].cells || [];
      var max = cells.reduce(function (m, c) { return Math.max(m, c.n); }, 1);
      var layer = L.featureGroup(), points = [];
      cells.forEach(function (c) {
        if (c.lat == null || c.lng == null) return;
        var ratio = c.n / max, at = toMap(c.lng, c.lat);
        points.push([at.lat, at.lng, Math.max(0.15, ratio)]);
        L.circleMarker(at, {
          radius: 4 + 8 * Math.sqrt(ratio), color: colour(ratio), weight: 1, fillColor: colour(ratio), fillOpacity: 0.35
        }).bindTooltip(c.code + ' · ' + c.community + ' · ' + c.n).addTo(layer);
      });
      if (L.heatLayer && points.length) {
        L.heatLayer(points, { radius: 28, blur: 22, maxZoom: 16, max: 1 }).addTo(map);
        el.setAttribute('data-heat-layer', String(points.length));
      }
      layer.addTo(map);
      if (cells.length) map.fitBounds(layer.getBounds().pad(0.2));
      el.setAttribute('data-heat-cells', String(cells.length));
      el.setAttribute('data-heat-ready', '');
    });
    el.chengguanHeat = map;
  }

  function init(root) {
    var els = [];
    if (root.matches && root.matches('[data-heat-url]')) els.push(root);
    Array.prototype.push.apply(els, root.querySelectorAll ? root.querySelectorAll('[data-heat-url]') : []);
    els.forEach(function (el) {
      if (el.chengguanHeatStarted) return;
      el.chengguanHeatStarted = true;
      var css = document.createElement('link');
      css.rel = 'stylesheet'; css.href = el.getAttribute('data-leaflet-css');
      if (!document.querySelector('link[href="' + css.href + '"]')) document.head.appendChild(css);
      chengguan.loadScript(el.getAttribute('data-leaflet-js'), 'L').then(function () { build(el); });
    });
  }

  chengguan.onContent(init);

  /* Forms with data-confirm ask before they submit (recomputing published figures). */
  document.addEventListener('submit', function (event) {
    var form = event.target.closest && event.target.closest('form[data-confirm]');
    if (form && !window.confirm(form.getAttribute('data-confirm'))) event.preventDefault();
  });
})();
