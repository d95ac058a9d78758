/* chengguan console shell: side navigation toggle, keyboard shortcuts, auto-submitting selects, and a
   once-only loader for the vendored libraries that map.js and chart.js need. Plain ES5-compatible
   JavaScript, no build step. */
(function () {
  'use strict';

  var chengguan = window.chengguan = window.chengguan || {};
  var pending = {};

  /* Load a script once; resolves at once when `globalName` is already defined (page loaded it). */
  chengguan.loadScript = function (src, globalName) {
    if (globalName && window[globalName]) return Promise.resolve(window[globalName]);
    if (!pending[src]) {
      pending[src] = new Promise(function (resolve, reject) {
        var script = document.createElement('script');
        script.src = src;
        script.onload = function () { resolve(globalName ? window[globalName] : undefined); };
        script.onerror = function () { reject(new Error('could not load ' + src)); };
        document.head.appendChild(script);
      });
    }
    return pending[src];
  };

  /* Load a stylesheet once; resolves when it has been applied. */
  chengguan.loadStyle = function (href) {
    if (!href) return Promise.resolve();
    if (!pending[href]) {
      pending[href] = new Promise(function (resolve, reject) {
        var link = document.createElement('link');
        link.rel = 'stylesheet';
        link.href = href;
        link.onload = function () { resolve(); };
        link.onerror = function () { reject(new Error('could not load ' + href)); };
        document.head.appendChild(link);
      });
    }
    return pending[href];
  };

  /* Run `init(root)` for the page now and for every piece of content htmx swaps in later. */
  chengguan.onContent = function (init) {
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', function () { init(document); });
    } else {
      init(document);
    }
    document.addEventListener('htmx:load', function (event) { init(event.detail.elt); });
  };

  function isTyping(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    return tag === 'input' || tag === 'textarea' || tag === 'select' || target.isContentEditable;
  }

  /* --- side navigation on small screens ------------------------------------------------------- */
  function setNav(open, toggle) {
    document.body.classList.toggle('nav-open', open);
    toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
  }

  document.addEventListener('click', function (event) {
    var toggle = event.target.closest('[data-nav-toggle]');
    if (!toggle) return;
    var open = !document.body.classList.contains('nav-open');
    setNav(open, toggle);
    if (open) {
      var first = document.querySelector('#console-nav a');
      if (first) first.focus();
    }
  });

  /* --- keyboard shortcuts: "/" focuses the page's search box, "g" then a letter opens a page ---- */
  var awaitingG = null;
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && document.body.classList.contains('nav-open')) {
      var toggle = document.querySelector('[data-nav-toggle]');
      if (toggle) { setNav(false, toggle); toggle.focus(); }
      return;
    }
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    if (event.key === '/') {
      var search = document.querySelector('[data-search]') || document.querySelector('main input[type=search]');
      if (search) {
        event.preventDefault();
        search.focus();
        if (search.select) search.select();
      }
      return;
    }
    if (awaitingG) {
      clearTimeout(awaitingG);
      awaitingG = null;
      var link = document.querySelector('#console-nav a[data-shortcut="' + event.key.toLowerCase() + '"]');
      if (link) {
        event.preventDefault();
        window.location.assign(link.href);
      }
      return;
    }
    if (event.key === 'g') {
      awaitingG = setTimeout(function () { awaitingG = null; }, 1500);
    }
  });

  /* --- selects that submit their form on change (the language switcher) ----------------------- */
  document.addEventListener('change', function (event) {
    var select = event.target;
    if (!select.matches || !select.matches('select[data-autosubmit]') || !select.form) return;
    if (select.form.requestSubmit) select.form.requestSubmit(); else select.form.submit();
  });

  /* --- the bell's count follows new notifications without a reload ------------------------------ */
  function refreshBell(bell) {
    if (document.hidden) return;
    fetch(bell.getAttribute('data-notify-count-url'), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || typeof data.unread !== 'number') return;
        var count = bell.querySelector('.notify-count');
        if (count) count.textContent = String(data.unread);
        bell.classList.toggle('has-unread', data.unread > 0);
      })
      .catch(function () { /* offline: keep the last count */ });
  }
  var bell = document.querySelector('[data-notify-count-url]');
  if (bell) {
    setInterval(function () { refreshBell(bell); }, 30000);
    document.addEventListener('visibilitychange', function () { refreshBell(bell); });
  }

  /* --- forms that ask before they send (data-confirm="question"): no inline handlers (CSP) ----- */
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) event.preventDefault();
  }, true);
})();
