/* The verification list: "Use my position" fills the longitude and latitude from the browser's
   geolocation (WGS-84) and submits the filter, so the nearest cases come first. */
(function () {
  "use strict";
  function setUp() {
    var form = document.querySelector("[data-verify-filter]");
    var button = form && form.querySelector("[data-geolocate]");
    if (!button || !navigator.geolocation) { return; }
    var status = form.querySelector("[data-geolocate-status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = button.getAttribute("data-wait") || "…";
      navigator.geolocation.getCurrentPosition(function (position) {
        form.querySelector("[data-lng]").value = position.coords.longitude.toFixed(6);
        form.querySelector("[data-lat]").value = position.coords.latitude.toFixed(6);
        form.submit();
      }, function (error) {
        status.textContent = error.message || String(error.code);
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setUp); } else { setUp(); }
})();
