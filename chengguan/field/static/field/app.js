/* 城管通, the field app: tabs for the patrol report, verification (nearest first), the department's cases,
   today's work and the outbox. Every result is first stored on the phone (outbox.js) with its photos,
   downscaled here, and the time and place each was taken; the outbox is sent in order whenever there is a
   connection, each result with its own key, so a resend after a lost answer is recognised by the server
   and nothing arrives twice. A refused result stays in the outbox with the server's reason. */
(function () {
  'use strict';
  var body = document.body;
  var M = JSON.parse(document.getElementById('field-messages').textContent);
  var store = window.chengguanField.store;
  var userId = body.getAttribute('data-user');
  var state = { tasks: null, csrf: '', syncing: false, position: null, categories: [] };
  var MAX_SIDE = 1600, STOP = { stop: true };

  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === 'text') node.textContent = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  /* ---- service worker, network status, banner ---- */
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register(body.getAttribute('data-sw-url'), { scope: '/field/' }).catch(function () {});
  }
  function renderNet() {
    var net = $('net-status');
    net.textContent = navigator.onLine ? M.online : M.offline;
    net.classList.toggle('is-offline', !navigator.onLine);
  }
  function banner(text, link) {
    var box = $('fa-banner');
    box.textContent = text || '';
    if (link) box.appendChild(el('a', { href: link, text: ' →' }));
    box.hidden = !text;
  }

  /* ---- tabs ---- */
  function showTab(name) {
    document.querySelectorAll('[data-panel]').forEach(function (panel) {
      panel.hidden = panel.getAttribute('data-panel') !== name;
    });
    document.querySelectorAll('[data-tab]').forEach(function (button) {
      button.setAttribute('aria-current', String(button.getAttribute('data-tab') === name));
    });
    if (name === 'patrol') window.dispatchEvent(new Event('resize')); // the map measures itself again
  }
  document.querySelectorAll('[data-tab]').forEach(function (button) {
    button.addEventListener('click', function () { showTab(button.getAttribute('data-tab')); });
  });
  function setCount(name, n) {
    var badge = document.querySelector('[data-count="' + name + '"]');
    if (badge) badge.textContent = n ? String(n) : '';
  }

  /* ---- tasks: fetched when online, else the copy kept on the phone ---- */
  function refresh() {
    if (!navigator.onLine) return loadKept();
    var url = body.getAttribute('data-tasks-url');
    if (state.position) url += '?lng=' + state.position.lng + '&lat=' + state.position.lat;
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (response.status === 401) { banner(M.signin, body.getAttribute('data-login-url')); throw STOP; }
        if (!response.ok) throw STOP;
        return response.json();
      })
      .then(function (data) {
        state.csrf = data.csrf;
        delete data.csrf;
        return store.save('tasks', data).then(function () { render(data); });
      })
      .catch(function () { return loadKept(); });
  }
  function loadKept() {
    return store.load('tasks').then(function (data) {
      if (data && String(data.user.id) === userId) render(data);
    });
  }

  function render(data) {
    state.tasks = data;
    state.categories = data.categories || [];
    var roles = data.roles || [];
    var inspects = roles.indexOf('inspector') >= 0 || roles.indexOf('shift_lead') >= 0;
    var handles = roles.indexOf('handler') >= 0 || roles.indexOf('enforcement_officer') >= 0;
    document.querySelector('[data-tab="patrol"]').hidden = !data.may_patrol;
    document.querySelector('[data-tab="verify"]').hidden = !inspects;
    document.querySelector('[data-tab="inbox"]').hidden = !handles;
    var list = $('field-categories');
    list.textContent = '';
    state.categories.forEach(function (c) { list.appendChild(el('option', { value: c.code + ' ' + c.name })); });
    store.all().then(function (items) {
      var pending = {};
      items.forEach(function (item) {
        if (item.case && (item.status === 'waiting' || item.status === 'sending')) pending[item.case] = true;
      });
      renderCases($('verify-list'), data.verify || [], pending, verifyActions);
      renderCases($('inbox-list'), data.inbox || [], pending, inboxActions);
      setCount('verify', (data.verify || []).length);
      setCount('inbox', (data.inbox || []).length);
    });
    var done = $('done-list');
    done.textContent = '';
    (data.done_today || []).forEach(function (d) {
      done.appendChild(el('li', { class: 'fa-card' }, [
        el('strong', { text: d.at + ' ' + d.action }), el('span', { text: ' ' + d.number }),
        el('p', { text: d.description })
      ]));
    });
    if (!(data.done_today || []).length) done.appendChild(el('li', { class: 'hint', text: M.no_tasks }));
    var current = document.querySelector('[data-tab][aria-current="true"]');
    if (!current || current.hidden) {
      showTab(data.may_patrol ? 'patrol' : inspects ? 'verify' : handles ? 'inbox' : 'done');
    }
  }

  function renderCases(list, cases, pending, actions) {
    list.textContent = '';
    if (!cases.length) list.appendChild(el('li', { class: 'hint', text: M.no_tasks }));
    cases.forEach(function (c) {
      var photos = el('div', { class: 'fa-thumbs' }, c.photos.map(function (p) {
        return el('img', { src: p.url, alt: '', loading: 'lazy', 'data-kind': p.kind });
      }));
      var card = el('li', { class: 'fa-card', id: 'task-' + c.number, 'data-case': c.number }, [
        el('strong', { text: c.number + ' ' + c.category }),
        el('span', { class: 'fa-state', text: ' ' + c.state_label }),
        el('p', { text: c.description }),
        c.address ? el('p', { class: 'hint', text: c.address }) : null,
        c.note ? el('p', { class: 'fa-note', text: c.note }) : null,
        c.deadline ? el('p', { class: 'hint', text: M.deadline + ' ' + c.deadline }) : null,
        photos
      ]);
      if (pending[c.number]) card.appendChild(el('p', { class: 'fa-waiting', 'data-status': 'waiting', text: M.waiting }));
      else card.appendChild(actions(c));
      list.appendChild(card);
    });
  }

  /* An inline form: a text box (required unless `optional`), photos when asked, and a save button. */
  function actionForm(c, kind, label, textName, extra, withPhotos, optional) {
    var details = el('details', { class: 'fa-action', 'data-action': kind });
    var text = el('textarea', { name: textName, rows: '2', maxlength: '2000', 'aria-label': textName === 'reason' ? M.reason : M.note });
    var files = withPhotos ? el('input', { type: 'file', name: 'photos', accept: 'image/*', capture: 'environment', multiple: '', 'aria-label': M.photos }) : null;
    var error = el('p', { class: 'fa-error', role: 'alert', hidden: '' });
    var save = el('button', { type: 'submit', class: 'fa-primary', text: M.save });
    var form = el('form', {}, [text, files, error, save]);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (!optional && !text.value.trim()) {
        error.textContent = textName === 'reason' ? M.need_reason : M.need_note;
        error.hidden = false;
        return;
      }
      var fields = Object.assign({}, extra);
      fields[textName] = text.value.trim();
      queue(kind, c.number, fields, files ? files.files : []);
    });
    details.appendChild(el('summary', { class: 'fa-secondary', text: label }));
    details.appendChild(form);
    return details;
  }

  function verifyActions(c) {
    return el('div', { class: 'fa-actions' }, [
      actionForm(c, 'verify', M.pass, 'note', { passed: true }, true, true),
      actionForm(c, 'verify', M.fail, 'note', { passed: false }, true, false)
    ]);
  }
  function inboxActions(c) {
    var parts = [];
    if (c.state === 'dispatched' || c.state === 'rework') parts.push(actionForm(c, 'start', M.start, 'note', {}, false, true));
    parts.push(actionForm(c, 'handled', M.handled, 'note', {}, true, false));
    if (c.state === 'dispatched' || c.state === 'in_progress') parts.push(actionForm(c, 'send_back', M.send_back, 'reason', {}, false, false));
    return el('div', { class: 'fa-actions' }, parts);
  }

  /* ---- photos: downscaled on the phone; the time and place each was taken kept beside it ---- */
  function downscale(file) {
    return createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement('canvas');
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) { canvas.toBlob(resolve, 'image/jpeg', 0.85); });
    });
  }
  function preparePhotos(files) {
    return Promise.all(Array.prototype.map.call(files || [], function (file, i) {
      return downscale(file).then(function (blob) {
        var place = { name: 'photo-' + (i + 1) + '.jpg', blob: blob, taken_at: new Date(file.lastModified || Date.now()).toISOString() };
        if (state.position) {
          place.lng = state.position.lng; place.lat = state.position.lat; place.accuracy = state.position.accuracy;
        }
        return place;
      });
    }));
  }

  /* ---- the outbox ---- */
  function queue(kind, caseNumber, fields, files) {
    return preparePhotos(files).then(function (photos) {
      return store.add({ user: userId, kind: kind, case: caseNumber || '', fields: fields, photos: photos });
    }).then(function () {
      banner(M.saved);
      if (state.tasks) render(state.tasks);
      return renderOutbox();
    }).then(function () { if (navigator.onLine) return sync(); });
  }

  function renderOutbox() {
    return store.all().then(function (items) {
      var list = $('outbox-list');
      list.textContent = '';
      var waiting = 0;
      items.filter(function (item) { return item.user === userId; }).reverse().forEach(function (item) {
        var open = item.status === 'waiting' || item.status === 'sending';
        if (open) waiting += 1;
        var label = { waiting: M.waiting, sending: M.waiting, sent: M.sent, refused: M.refused }[item.status];
        var title = item.kind === 'patrol' ? M.patrol + ' · ' + (item.fields.description || '').slice(0, 30)
          : (M[item.kind] || item.kind) + ' · ' + M.case + ' ' + item.case;
        list.appendChild(el('li', { class: 'fa-card', 'data-outbox': item.key, 'data-status': open ? 'waiting' : item.status }, [
          el('strong', { text: title }),
          el('p', { class: 'fa-status-' + item.status, text: label + (item.receipt_case ? ' · ' + item.receipt_case : '') }),
          item.message ? el('p', { class: 'fa-error', text: item.message }) : null,
          el('p', { class: 'hint', text: M.queued_at + ' ' + new Date(item.made_at).toLocaleString('zh-CN') + ' · ' + M.photos + ' ' + item.photos.length })
        ]));
      });
      setCount('outbox', waiting);
      return waiting;
    });
  }

  function sync() {
    if (state.syncing || !navigator.onLine) return Promise.resolve();
    state.syncing = true;
    var ready = state.csrf ? Promise.resolve() : refresh();
    return ready.then(function () { return store.all(); }).then(function (items) {
      var open = items.filter(function (item) {
        return item.user === userId && (item.status === 'waiting' || item.status === 'sending');
      }).sort(function (a, b) { return a.seq - b.seq; });
      return open.reduce(function (previous, item) {
        return previous.then(function () { return send(item); });
      }, Promise.resolve()).then(function () { return open.length; });
    }).catch(function () { return 0; }).then(function (sent) {
      state.syncing = false;
      return renderOutbox().then(function () { if (sent) return refresh(); });
    });
  }

  function send(item, again) {
    if (!state.csrf) return Promise.reject(STOP);
    var form = new FormData();
    form.append('key', item.key);
    form.append('kind', item.kind);
    form.append('case', item.case || '');
    form.append('fields', JSON.stringify(item.fields));
    form.append('made_at', item.made_at);
    form.append('photo_places', JSON.stringify(item.photos.map(function (p) {
      return { taken_at: p.taken_at, lng: p.lng, lat: p.lat, accuracy: p.accuracy };
    })));
    item.photos.forEach(function (p) { if (p.blob) form.append('photos', p.blob, p.name); });
    return fetch(body.getAttribute('data-submit-url'), {
      method: 'POST', body: form, credentials: 'same-origin',
      headers: { 'X-CSRFToken': state.csrf, Accept: 'application/json' }
    }).then(function (response) {
      var json = (response.headers.get('Content-Type') || '').indexOf('json') >= 0;
      if (response.status === 401) { banner(M.signin, body.getAttribute('data-login-url')); throw STOP; }
      if (response.status === 403 && !json && !again) { // a stale CSRF token: fetch a fresh one, once
        state.csrf = '';
        return refresh().then(function () { return send(item, true); });
      }
      if (!json || response.status >= 500 || response.status === 429) throw STOP; // try again later
      return response.json().then(function (data) {
        item.status = response.ok && data.status === 'done' ? 'sent' : 'refused';
        item.message = data.message || '';
        item.receipt_case = data.case || '';
        item.photos = item.photos.map(function (p) { return { name: p.name, taken_at: p.taken_at, lng: p.lng, lat: p.lat, accuracy: p.accuracy }; });
        return store.update(item);
      });
    });
  }

  /* ---- the patrol report ---- */
  function watchPosition() {
    if (!navigator.geolocation) return;
    navigator.geolocation.watchPosition(function (fix) {
      state.position = { lng: +fix.coords.longitude.toFixed(7), lat: +fix.coords.latitude.toFixed(7), accuracy: Math.round(fix.coords.accuracy) };
      $('patrol-accuracy').textContent = M.accuracy.replace('{m}', state.position.accuracy);
      var lng = $('patrol-lng'), lat = $('patrol-lat');
      if (!lng.value || lng.getAttribute('data-from') === 'device') {
        lng.value = state.position.lng; lat.value = state.position.lat;
        lng.setAttribute('data-from', 'device');
      }
    }, function () { $('patrol-accuracy').textContent = M.no_position; }, { enableHighAccuracy: true, maximumAge: 30000 });
  }
  document.addEventListener('map:pick', function () { $('patrol-lng').removeAttribute('data-from'); });

  function categoryCode(text) {
    text = (text || '').trim();
    var code = /^[A-Za-z]\d{3,5}\b/.exec(text);
    if (code) return code[0].toUpperCase();
    var found = state.categories.filter(function (c) { return c.name === text; })[0];
    return found ? found.code : text;
  }

  function localSuggestions(text) {
    return state.categories.map(function (c) {
      var score = 0;
      for (var i = 0; i + 1 < c.name.length; i += 1) if (text.indexOf(c.name.substr(i, 2)) >= 0) score += 1;
      return { code: c.code, name: c.name, score: score };
    }).filter(function (c) { return c.score > 0; }).sort(function (a, b) { return b.score - a.score; }).slice(0, 3);
  }
  var suggestTimer = null;
  $('patrol-description').addEventListener('input', function (event) {
    clearTimeout(suggestTimer);
    var text = event.target.value.trim();
    suggestTimer = setTimeout(function () {
      if (!text) return showSuggestions([]);
      if (!navigator.onLine) return showSuggestions(localSuggestions(text));
      fetch(body.getAttribute('data-suggest-url') + '?text=' + encodeURIComponent(text), { credentials: 'same-origin' })
        .then(function (response) { return response.ok ? response.json() : { suggestions: localSuggestions(text) }; })
        .then(function (data) { showSuggestions(data.suggestions); })
        .catch(function () { showSuggestions(localSuggestions(text)); });
    }, 500);
  });
  function showSuggestions(list) {
    var box = $('patrol-suggestions');
    box.textContent = '';
    if (list.length) box.appendChild(el('span', { class: 'hint', text: M.suggested + ' ' }));
    list.forEach(function (s) {
      var button = el('button', { type: 'button', class: 'fa-chip', 'data-code': s.code, text: s.code + ' ' + s.name + (s.percent ? ' ' + s.percent + '%' : '') });
      button.addEventListener('click', function () { $('patrol-category').value = s.code + ' ' + s.name; });
      box.appendChild(button);
    });
  }

  $('patrol-photos').addEventListener('change', function (event) {
    var thumbs = $('patrol-thumbs');
    thumbs.textContent = '';
    Array.prototype.forEach.call(event.target.files, function (file) {
      thumbs.appendChild(el('img', { src: URL.createObjectURL(file), alt: '' }));
    });
  });

  $('patrol-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var form = event.target, error = $('patrol-error');
    var description = $('patrol-description').value.trim();
    var lng = parseFloat($('patrol-lng').value), lat = parseFloat($('patrol-lat').value);
    error.hidden = true;
    if (!description) { error.textContent = M.need_text; error.hidden = false; return; }
    if (!isFinite(lng) || !isFinite(lat)) { error.textContent = M.no_position; error.hidden = false; return; }
    var fields = { description: description, category: categoryCode($('patrol-category').value), lng: lng, lat: lat };
    if (state.position) fields.accuracy = state.position.accuracy;
    var files = Array.prototype.slice.call($('patrol-photos').files);
    queue('patrol', '', fields, files).then(function () {
      $('patrol-description').value = '';
      $('patrol-category').value = '';
      $('patrol-photos').value = '';
      $('patrol-thumbs').textContent = '';
      $('patrol-suggestions').textContent = '';
    });
  });

  /* ---- signing out deletes what the phone holds ---- */
  function clearCaches() {
    if (!window.caches) return Promise.resolve();
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n.indexOf('field-') === 0; }).map(function (n) { return caches.delete(n); }));
    });
  }
  /* Every worker of the app (active, waiting, installing) stops keeping responses and deletes its caches
     once its writes under way are done; then it is unregistered, so nothing fills a cache afterwards. */
  function askToForget(worker) {
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function () { resolve(); };
      setTimeout(resolve, 3000);  // a worker that does not answer must not keep the user signed in
      worker.postMessage('forget', [channel.port2]);
    });
  }
  function forgetOnWorkers() {
    if (!navigator.serviceWorker) return Promise.resolve();
    return navigator.serviceWorker.getRegistrations().then(function (all) {
      return Promise.all(all.map(function (registration) {
        var workers = [registration.installing, registration.waiting, registration.active].filter(Boolean);
        return Promise.all(workers.map(askToForget)).then(function () { return registration.unregister(); });
      }));
    });
  }
  $('signout-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var form = event.target;
    renderOutbox().then(function (waiting) {
      if (waiting && !window.confirm(M.confirm_signout.replace('%(n)s', waiting))) return;
      forgetOnWorkers().then(function () { return Promise.all([store.wipe(), clearCaches()]); })
        .then(function () { form.submit(); });
    });
  });

  window.addEventListener('online', function () { renderNet(); banner(''); sync().then(refresh); });
  window.addEventListener('offline', renderNet);
  renderNet();
  watchPosition();
  loadKept().then(renderOutbox).then(refresh).then(function () {
    body.setAttribute('data-app-ready', '');
    return sync();
  });
})();
