/* The field app's service worker (served from /field/sw.js so it controls /field/). The app shell is
   cached at install; the page is fetched fresh when there is a connection and from the cache when not;
   static files, photos of the user's tasks and chengguan's base layers are kept as they are fetched, so
   the map of the patrol area draws offline. The app's own JSON is never cached here: the page keeps it in
   IndexedDB (static/field/outbox.js). Signing out deletes these caches. */
'use strict';
var VERSION = '{{ version }}';
var SHELL_CACHE = 'field-shell-' + VERSION;
var DATA_CACHE = 'field-data';
var SHELL = {{ shell|safe }};

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(SHELL_CACHE).then(function (cache) { return cache.addAll(SHELL); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf('field-shell-') === 0 && name !== SHELL_CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

/* The network's answer (kept under `key` when it is a plain 200), else the kept one. */
function networkFirst(request, cacheName, key) {
  key = key || request;
  return fetch(request).then(function (response) {
    if (response.ok && response.type === 'basic' && !response.redirected) {
      var copy = response.clone();
      caches.open(cacheName).then(function (cache) { cache.put(key, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(key).then(function (hit) {
      return hit || Response.error();
    });
  });
}

function cacheFirst(request, cacheName) {
  return caches.match(request).then(function (hit) {
    return hit || fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(cacheName).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
  });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && url.pathname === '/field/') {
    event.respondWith(networkFirst(request, SHELL_CACHE, '/field/'));
  } else if (url.pathname.indexOf('/static/') === 0 || url.pathname === '/field/manifest.webmanifest') {
    event.respondWith(cacheFirst(request, SHELL_CACHE));
  } else if (url.pathname.indexOf('/api/v1/grid/layers/') === 0 || url.pathname.indexOf('/api/v1/grid/describe') === 0) {
    event.respondWith(networkFirst(request, DATA_CACHE));
  } else if (/^\/cases\/photos\/\d+\/$/.test(url.pathname)) {
    event.respondWith(cacheFirst(request, DATA_CACHE));
  }
});
