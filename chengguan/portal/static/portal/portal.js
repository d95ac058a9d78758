/* The citizen portal's report form: a device id kept in localStorage (sent in a hidden field; the server
   also sets a cookie as fallback), a client-side filter over the category list, the "already reported
   nearby" suggestion fetched whenever the pin, the category or the description changes, and the contact
   fields hidden when reporting anonymously. Everything works without this script except the suggestion. */
(function () {
  'use strict';

  function deviceId() {
    var id = '';
    try {
      id = window.localStorage.getItem('cg_device') || '';
      if (!id) {
        id = (window.crypto && crypto.randomUUID) ? crypto.randomUUID().replace(/-/g, '')
          : String(Date.now()) + Math.random().toString(16).slice(2);
        window.localStorage.setItem('cg_device', id);
      }
    } catch (e) { /* storage blocked: the cookie fallback applies */ }
    return id;
  }

  function setupCategories(form) {
    var search = form.querySelector('[data-category-search]');
    if (!search) return;
    var empty = form.querySelector('[data-category-empty]');
    var serverUrl = form.getAttribute('data-categories-url');
    function filter(match) {
      var any = false;
      form.querySelectorAll('[data-category-group]').forEach(function (group) {
        var shown = 0;
        group.querySelectorAll('.category-choice').forEach(function (choice) {
          choice.hidden = !match(choice) && !choice.querySelector('input').checked;
          if (!choice.hidden) shown += 1;
        });
        group.hidden = shown === 0;
        any = any || shown > 0;
      });
      if (empty) empty.hidden = any;
      return any;
    }
    search.addEventListener('input', function () {
      var query = search.value.trim();
      var terms = query.toLowerCase().split(/\s+/).filter(Boolean);
      var found = filter(function (choice) {
        var text = (choice.getAttribute('data-search') || '').toLowerCase();
        return terms.every(function (term) { return text.indexOf(term) !== -1; });
      });
      if (found || !serverUrl || !query) return;
      // Nothing here: the server normalises the words (traditional characters such as 路燈, 攤販).
      fetch(serverUrl + '?q=' + encodeURIComponent(query), {credentials: 'same-origin'})
        .then(function (response) { return response.ok ? response.json() : {codes: []}; })
        .then(function (data) {
          if (search.value.trim() !== query) return;
          var codes = data.codes || [];
          filter(function (choice) { return codes.indexOf(choice.querySelector('input').value) !== -1; });
        })
        .catch(function () { /* offline: the list stays as filtered */ });
    });
    search.addEventListener('keydown', function (event) { // Enter must not send the whole report
      if (event.key === 'Enter') event.preventDefault();
    });
  }

  function setupNearby(form) {
    var box = form.querySelector('[data-nearby]');
    var url = form.getAttribute('data-nearby-url');
    if (!box || !url) return;
    var timer = null, last = '';
    function check() {
      var lng = form.elements.namedItem('lng').value, lat = form.elements.namedItem('lat').value;
      var picked = form.querySelector('input[name="category"]:checked');
      if (!lng || !lat || !picked) { box.innerHTML = ''; last = ''; return; }
      var query = '?lng=' + encodeURIComponent(lng) + '&lat=' + encodeURIComponent(lat) +
        '&category=' + encodeURIComponent(picked.value);
      var text = form.elements.namedItem('description');
      if (text && text.value.trim()) query += '&text=' + encodeURIComponent(text.value.trim().slice(0, 200));
      if (query === last) return;
      last = query;
      fetch(url + query, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
        .then(function (response) { return response.ok ? response.text() : ''; })
        .then(function (html) { if (query === last) box.innerHTML = html; })
        .catch(function () { /* no suggestion: the report still goes through */ });
    }
    function soon() { clearTimeout(timer); timer = setTimeout(check, 300); }
    form.addEventListener('change', soon);
    form.addEventListener('input', soon);
    form.addEventListener('map:pick', soon);
    box.addEventListener('click', function (event) {
      var button = event.target.closest('[data-support]');
      if (!button) return;
      var photos = form.elements.namedItem('photos'); // supporting sends no photos
      if (photos) photos.value = '';
    });
    check();
  }

  function setupAnonymous(form) {
    var box = form.elements.namedItem('anonymous');
    var fields = form.querySelector('[data-contact-fields]');
    if (!box || !fields) return;
    function sync() { fields.hidden = box.checked; }
    box.addEventListener('change', sync);
    sync();
  }

  document.addEventListener('DOMContentLoaded', function () {
    var id = deviceId();
    document.querySelectorAll('[data-device-id]').forEach(function (input) { if (id) input.value = id; });
    document.querySelectorAll('[data-report-form]').forEach(function (form) {
      setupCategories(form);
      setupNearby(form);
      setupAnonymous(form);
    });
  });
})();
