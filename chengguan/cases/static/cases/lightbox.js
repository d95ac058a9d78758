/* A keyboard-friendly lightbox for case photos: a link with data-lightbox="<gallery>" opens its photo
   full size over the page; ← and → move within the gallery (before then after), Esc closes; focus returns
   to the link. Plain JS, no inline handlers (CSP). Works on fragments htmx swaps in (event delegation). */
(function () {
  "use strict";
  var box, img, caption, links = [], index = 0, opener = null;

  function t(key) {
    var words = { zh: { close: "关闭", prev: "上一张", next: "下一张", dialog: "照片" },
                  en: { close: "Close", prev: "Previous", next: "Next", dialog: "Photo" } };
    var lang = (document.documentElement.lang || "zh").toLowerCase().indexOf("zh") === 0 ? "zh" : "en";
    return words[lang][key];
  }

  function button(label, name) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "small secondary";
    b.textContent = label;
    b.setAttribute("data-lightbox-" + name, "");
    return b;
  }

  function build() {
    box = document.createElement("div");
    box.className = "lightbox";
    box.hidden = true;
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-modal", "true");
    box.setAttribute("aria-label", t("dialog"));
    box.setAttribute("data-lightbox-box", "");
    img = document.createElement("img");
    img.alt = "";
    caption = document.createElement("p");
    caption.className = "lightbox-caption";
    caption.setAttribute("aria-live", "polite");
    var controls = document.createElement("div");
    controls.className = "lightbox-controls";
    var prev = button(t("prev"), "prev"), next = button(t("next"), "next"), close = button(t("close"), "close");
    prev.addEventListener("click", function () { move(-1); });
    next.addEventListener("click", function () { move(1); });
    close.addEventListener("click", hide);
    controls.appendChild(prev); controls.appendChild(next); controls.appendChild(close);
    box.appendChild(img); box.appendChild(caption); box.appendChild(controls);
    box.addEventListener("click", function (event) { if (event.target === box) { hide(); } });
    document.body.appendChild(box);
  }

  function show(i) {
    index = (i + links.length) % links.length;
    var link = links[index];
    img.src = link.getAttribute("href");
    img.alt = link.getAttribute("data-caption") || "";
    caption.textContent = (link.getAttribute("data-caption") || "") + " · " + (index + 1) + "/" + links.length;
    box.setAttribute("data-index", String(index));
  }

  function move(step) { if (links.length) { show(index + step); } }

  function open(link) {
    if (!box) { build(); }
    var gallery = link.getAttribute("data-lightbox");
    links = Array.prototype.filter.call(document.querySelectorAll("a[data-lightbox]"), function (a) {
      return a.getAttribute("data-lightbox") === gallery;
    });
    opener = link;
    box.hidden = false;
    show(links.indexOf(link));
    box.querySelector("[data-lightbox-close]").focus();
  }

  function hide() {
    if (!box || box.hidden) { return; }
    box.hidden = true;
    img.removeAttribute("src");
    if (opener) { opener.focus(); }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-lightbox]") : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) { return; }
    event.preventDefault();
    open(link);
  });

  document.addEventListener("keydown", function (event) {
    if (!box || box.hidden) { return; }
    if (event.key === "Escape") { event.preventDefault(); hide(); }
    else if (event.key === "ArrowRight") { event.preventDefault(); move(1); }
    else if (event.key === "ArrowLeft") { event.preventDefault(); move(-1); }
  });
})();
