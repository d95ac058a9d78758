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

/* Signing out sends 'forget': from then on nothing is kept, and the caches are deleted once the writes
   already under way have finished, so that no late response fills a cache again. */
var forgetting = false;
var writes = new Set();

function track(promise) {
  writes.add(promise);
  promise.then(function () { writes.delete(promise); }, function () { writes.delete(promise); });
  return promise;
}

function keep(cacheName, key, response) {
  if (forgetting) return;
  track(caches.open(cacheName).then(function (cache) { return forgetting ? null : cache.put(key, response); }));
}

function deleteCaches() {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name.indexOf('field-') === 0; })
      .map(function (name) { return caches.delete(name); }));
  });
}

self.addEventListener('message', function (event) {
  if (event.data !== 'forget') return;
  forgetting = true;
  var reply = event.ports && event.ports[0];
  event.waitUntil(Promise.all(Array.from(writes).map(function (write) { return write.catch(function () {}); }))
    .then(deleteCaches)
    .then(function () { if (reply) reply.postMessage('forgotten'); }));
});

self.addEventListener('install', function (event) {
  event.waitUntil(track(caches.open(SHELL_CACHE).then(function (cache) { return cache.addAll(SHELL); }))
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
      keep(cacheName, key, response.clone());
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
        keep(cacheName, request, response.clone());
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
