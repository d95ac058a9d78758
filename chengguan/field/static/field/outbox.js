/* The field app's store on the device (IndexedDB): `outbox` holds every result made in the app, in the
   order made, with its photos as blobs, until it is sent (and afterwards as a record, marked arrived or
   refused); `state` holds the last task list and category table fetched, so the app opens offline.
   Signing out deletes the whole database. */
(function () {
  'use strict';
  var NAME = 'chengguan-field', VERSION = 1;
  var opening = null;

  function open() {
    if (opening) return opening;
    opening = new Promise(function (resolve, reject) {
      var request = indexedDB.open(NAME, VERSION);
      request.onupgradeneeded = function () {
        var db = request.result;
        if (!db.objectStoreNames.contains('outbox')) {
          db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true }).createIndex('key', 'key', { unique: true });
        }
        if (!db.objectStoreNames.contains('state')) db.createObjectStore('state');
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { opening = null; reject(request.error); };
    });
    return opening;
  }

  function run(storeName, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(storeName, mode), result;
        var store = tx.objectStore(storeName);
        var request = work(store);
        if (request) request.onsuccess = function () { result = request.result; };
        tx.oncomplete = function () { resolve(result); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  window.chengguanField = window.chengguanField || {};
  window.chengguanField.store = {
    /* Queue a result; resolves with the stored item (its `seq` gives the order of sending). */
    add: function (item) {
      item.key = item.key || uuid();
      item.status = 'waiting';
      item.made_at = item.made_at || new Date().toISOString();
      return run('outbox', 'readwrite', function (store) { return store.add(item); })
        .then(function (seq) { item.seq = seq; return item; });
    },
    update: function (item) { return run('outbox', 'readwrite', function (store) { return store.put(item); }); },
    all: function () { return run('outbox', 'readonly', function (store) { return store.getAll(); }); },
    save: function (name, value) { return run('state', 'readwrite', function (store) { return store.put(value, name); }); },
    load: function (name) { return run('state', 'readonly', function (store) { return store.get(name); }); },
    /* Delete everything the app holds on this device. */
    wipe: function () {
      return open().then(function (db) {
        db.close();
        opening = null;
        return new Promise(function (resolve) {
          var request = indexedDB.deleteDatabase(NAME);
          request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
        });
      });
    }
  };
})();
