/* The intake form's 并单 proposals: when the point, the category or the description changes, ask the
   server which open cases are likely the same problem and show them under the map. */
(function () {
  'use strict';
  function setup(form, box) {
    var url = box.getAttribute('data-intake-duplicates');
    var timer = null, last = '';
    function value(name) {
      var field = form.elements.namedItem(name);
      return field ? field.value.trim() : '';
    }
    function check() {
      var lng = value('lng'), lat = value('lat'), category = value('category');
      if (!lng || !lat || !category) { box.innerHTML = ''; last = ''; return; }
      var query = '?lng=' + encodeURIComponent(lng) + '&lat=' + encodeURIComponent(lat) +
        '&category=' + encodeURIComponent(category) + '&text=' + encodeURIComponent(value('description').slice(0, 200));
      if (query === last) return;
      last = query;
      fetch(url + query, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
        .then(function (response) { return response.status === 200 ? response.text() : ''; })
        .then(function (html) { if (query === last) box.innerHTML = html; })
        .catch(function () { /* no proposal: the report still goes through */ });
    }
    function soon() { clearTimeout(timer); timer = setTimeout(check, 400); }
    form.addEventListener('change', soon);
    form.addEventListener('input', soon);
    form.addEventListener('map:pick', soon);
    check();
  }
  document.addEventListener('DOMContentLoaded', function () {
    var box = document.querySelector('[data-intake-duplicates]');
    var form = box && box.closest('form');
    if (form) setup(form, box);
  });
})();
