/* Case pages: "select all" for the desk's batch dispatch, focus moving into rows htmx loads, maps that
   reload their markers after an action (the server sends the htmx event `cases:changed`), maps inside
   <details> that size themselves when opened, and forms that submit once. Plain ES5, no build step. */
(function () {
  'use strict';

  function reloadMaps() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-map][data-markers-url]'), function (el) {
      el.dispatchEvent(new CustomEvent('map:reload'));
    });
  }

  document.body.addEventListener('cases:changed', reloadMaps);

  var LOADED_FIELD = ['select', 'textarea', 'input:not([type=hidden])', 'button'].map(function (field) {
    return '[data-forms-loaded] details[open] form ' + field;
  }).join(', ');

  /* After a row comes back from an action: focus its first invalid field, else its message; after its
     forms were loaded on demand (the desk's "more actions"), the first field of the open form. */
  document.addEventListener('htmx:load', function (event) {
    var elt = event.detail && event.detail.elt;
    if (!elt || !elt.classList || !elt.classList.contains('case-row')) return;
    var target = elt.querySelector('[aria-invalid="true"]') || elt.querySelector('.message') ||
      elt.querySelector(LOADED_FIELD);
    if (!target) return;
    if (!target.matches('input, select, textarea, button, a')) target.setAttribute('tabindex', '-1');
    target.focus();
  });

  document.addEventListener('change', function (event) {
    var all = event.target.closest && event.target.closest('[data-select-all]');
    if (!all) return;
    var name = all.getAttribute('data-select-all');
    var form = all.form ? all.form.id : '';
    var boxes = document.querySelectorAll('input[type=checkbox][name="' + name + '"]' + (form ? '[form="' + form + '"]' : ''));
    Array.prototype.forEach.call(boxes, function (box) { box.checked = all.checked; });
  });

  document.addEventListener('toggle', function (event) {
    var details = event.target;
    if (!details.open || !details.querySelector) return;
    var el = details.querySelector('[data-map]');
    if (el && el.chengguanMap) {
      el.chengguanMap.invalidateSize();
      el.dispatchEvent(new CustomEvent('map:reload'));
    }
  }, true);

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute('data-once')) return;
    if (form.getAttribute('data-submitted')) { event.preventDefault(); return; }
    form.setAttribute('data-submitted', '1');
    Array.prototype.forEach.call(form.querySelectorAll('button[type=submit]'), function (button) {
      button.setAttribute('aria-disabled', 'true');
      button.classList.add('is-busy');
    });
  });
})();
