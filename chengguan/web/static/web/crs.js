/* Coordinate systems of Chinese basemaps, the same formulas as chengguan/core/geo.py (tested against it):
   wgs84 (GPS, CGCS2000/Tianditu), gcj02 (AMap, Tencent, WeChat) and bd09 (Baidu). chengguan's data is
   WGS-84; a map whose tiles are in another system shows our points converted (fromWgs84) and turns
   picks back (toWgs84). */
(function () {
  'use strict';
  var chengguan = window.chengguan = window.chengguan || {};
  var A = 6378245.0, EE = 0.00669342162296594323, X_PI = Math.PI * 3000.0 / 180.0;

  function outOfChina(lng, lat) {
    return !(lng >= 72.004 && lng <= 137.8347 && lat >= 0.8293 && lat <= 55.8271);
  }

  function delta(lng, lat) {
    var x = lng - 105.0, y = lat - 35.0, xPi = x * Math.PI, yPi = y * Math.PI;
    var common = (20.0 * Math.sin(6.0 * xPi) + 20.0 * Math.sin(2.0 * xPi)) * 2.0 / 3.0;
    var dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x)) + common;
    dlat += (20.0 * Math.sin(yPi) + 40.0 * Math.sin(yPi / 3.0)) * 2.0 / 3.0;
    dlat += (160.0 * Math.sin(yPi / 12.0) + 320.0 * Math.sin(yPi / 30.0)) * 2.0 / 3.0;
    var dlng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x)) + common;
    dlng += (20.0 * Math.sin(xPi) + 40.0 * Math.sin(xPi / 3.0)) * 2.0 / 3.0;
    dlng += (150.0 * Math.sin(xPi / 12.0) + 300.0 * Math.sin(xPi / 30.0)) * 2.0 / 3.0;
    var radLat = lat / 180.0 * Math.PI, magic = 1.0 - EE * Math.pow(Math.sin(radLat), 2), sqrtMagic = Math.sqrt(magic);
    dlat = (dlat * 180.0) / ((A * (1.0 - EE)) / (magic * sqrtMagic) * Math.PI);
    dlng = (dlng * 180.0) / (A / sqrtMagic * Math.cos(radLat) * Math.PI);
    return [dlng, dlat];
  }

  function wgs84ToGcj02(lng, lat) {
    if (outOfChina(lng, lat)) return [lng, lat];
    var d = delta(lng, lat);
    return [lng + d[0], lat + d[1]];
  }

  function gcj02ToWgs84(lng, lat) {
    if (outOfChina(lng, lat)) return [lng, lat];
    var d = delta(lng, lat), wLng = lng - d[0], wLat = lat - d[1];
    for (var i = 0; i < 30; i++) {
      d = delta(wLng, wLat);
      var eLng = wLng + d[0] - lng, eLat = wLat + d[1] - lat;
      if (Math.abs(eLng) < 1e-9 && Math.abs(eLat) < 1e-9) break;
      wLng -= eLng; wLat -= eLat;
    }
    return [wLng, wLat];
  }

  function gcj02ToBd09(lng, lat) {
    var z = Math.sqrt(lng * lng + lat * lat) + 0.00002 * Math.sin(lat * X_PI);
    var theta = Math.atan2(lat, lng) + 0.000003 * Math.cos(lng * X_PI);
    return [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006];
  }

  function bd09ToGcj02(lng, lat) {
    var x = lng - 0.0065, y = lat - 0.006;
    var z = Math.sqrt(x * x + y * y) - 0.00002 * Math.sin(y * X_PI);
    var theta = Math.atan2(y, x) - 0.000003 * Math.cos(x * X_PI);
    return [z * Math.cos(theta), z * Math.sin(theta)];
  }

  /* [lng, lat] in WGS-84 → [lng, lat] in `crs`, and back. */
  function fromWgs84(crs, lng, lat) {
    if (crs === 'gcj02') return wgs84ToGcj02(lng, lat);
    if (crs === 'bd09') { var g = wgs84ToGcj02(lng, lat); return gcj02ToBd09(g[0], g[1]); }
    return [lng, lat];
  }

  function toWgs84(crs, lng, lat) {
    if (crs === 'gcj02') return gcj02ToWgs84(lng, lat);
    if (crs === 'bd09') { var g = bd09ToGcj02(lng, lat); return gcj02ToWgs84(g[0], g[1]); }
    return [lng, lat];
  }

  chengguan.crs = {
    wgs84ToGcj02: wgs84ToGcj02, gcj02ToWgs84: gcj02ToWgs84, gcj02ToBd09: gcj02ToBd09, bd09ToGcj02: bd09ToGcj02,
    fromWgs84: fromWgs84, toWgs84: toWgs84
  };
})();
