// The public tip form's "send my phone's location" box (templates/network/_tip_fields.html):
// the phone is asked for its position only after the person ticks the box, and the hidden
// fields are emptied when it is unticked. The server ignores them without the tick and rounds
// them to about 1 km.
(function () {
  "use strict";
  var box = document.getElementById("tip-location");
  if (!box) { return; }
  var consent = document.getElementById("id_share_location");
  var lat = document.getElementById("id_latitude");
  var lng = document.getElementById("id_longitude");
  var status = document.getElementById("tip-location-status");
  function say(text) { status.textContent = text; }
  function clear() { lat.value = ""; lng.value = ""; }
  consent.addEventListener("change", function () {
    clear();
    say("");
    if (!consent.checked) { return; }
    if (!navigator.geolocation) { say(box.getAttribute("data-refused")); return; }
    say(box.getAttribute("data-asking"));
    navigator.geolocation.getCurrentPosition(function (pos) {
      if (!consent.checked) { return; }
      // Rounded here too, so not even the form's hidden fields hold the exact position.
      lat.value = pos.coords.latitude.toFixed(2);
      lng.value = pos.coords.longitude.toFixed(2);
      say(box.getAttribute("data-found") + " " + lat.value + ", " + lng.value);
    }, function () {
      consent.checked = false;
      say(box.getAttribute("data-refused"));
    }, {enableHighAccuracy: false, timeout: 20000, maximumAge: 600000});
  });
  if (!consent.checked) { clear(); }
})();
