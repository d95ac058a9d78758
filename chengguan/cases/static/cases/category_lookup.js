/* The category box of the intake form: as the operator types a code, a name or a keyword (simplified or
   traditional), the server's matches (cases:category_lookup) are proposed under it; a click puts the
   "code name" label into the box. Without JavaScript the form still takes a code or a name. Plain ES5. */
(function () {
  'use strict';

  function setup(box) {
    var url = box.getAttribute('data-category-lookup');
    var input = box.querySelector('input[name="category"]');
    var list = box.querySelector('[data-category-proposals]');
    if (!url || !input || !list) return;
    var timer = null, last = null;

    function show(results) {
      list.innerHTML = '';
      results.forEach(function (item) {
        var li = document.createElement('li');
        var button = document.createElement('button');
        button.type = 'button';
        button.className = 'small';
        button.setAttribute('data-category-code', item.code);
        button.textContent = item.label + (item.major ? ' · ' + item.major : '');
        button.addEventListener('click', function () {
          input.value = item.label;
          list.hidden = true;
          input.focus();
        });
        li.appendChild(button);
        list.appendChild(li);
      });
      list.hidden = results.length === 0 || (results.length === 1 && results[0].label === input.value);
    }

    function lookup() {
      var query = input.value.trim();
      if (query === last) return;
      last = query;
      if (!query) { show([]); return; }
      fetch(url + '?q=' + encodeURIComponent(query), {credentials: 'same-origin'})
        .then(function (response) { return response.ok ? response.json() : {results: []}; })
        .then(function (data) { if (query === last) show(data.results || []); })
        .catch(function () { show([]); });
    }

    input.addEventListener('input', function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(lookup, 200);
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    Array.prototype.forEach.call(document.querySelectorAll('[data-category-lookup]'), setup);
  });
}());
