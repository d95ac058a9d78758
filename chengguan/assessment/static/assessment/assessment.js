/* Assessment pages. The dashboard's heat map: cases per grid cell as circles on a Leaflet map (vendored; tiles from the
   configurable URL, none in tests). Circles grow and redden with the count. Re-initialised when htmx
   swaps the dashboard body. */
(function () {
  'use strict';
  var chengguan = window.chengguan = window.chengguan || {};

  function colour(ratio) {
    var stops = ['#fde68a', '#fb923c', '#ef4444', '#991b1b'];
    return stops[Math.min(stops.length - 1, Math.floor(ratio * stops.length))];
  }

  function build(el) {
    var map = L.map(el, { zoomControl: true, attributionControl: false });
    var tiles = el.getAttribute('data-tile-url');
    if (tiles) L.tileLayer(tiles, { maxZoom: 19 }).addTo(map);
    map.setView([30.66, 117.49], 12);
    fetch(el.getAttribute('data-heat-url'), { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (data) {
      var cells = data.cells || [];
      var max = cells.reduce(function (m, c) { return Math.max(m, c.n); }, 1);
      var layer = L.featureGroup();
      cells.forEach(function (c) {
        if (c.lat == null || c.lng == null) return;
        var ratio = c.n / max;
        L.circleMarker([c.lat, c.lng], {
          radius: 5 + 13 * Math.sqrt(ratio), color: colour(ratio), weight: 1, fillColor: colour(ratio), fillOpacity: 0.7
        }).bindTooltip(c.code + ' · ' + c.community + ' · ' + c.n).addTo(layer);
      });
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
