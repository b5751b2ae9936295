// Remembers the browser's time zone in a cookie, so that instants are shown in it on the next
// page (cwg.consultations.views.zones). A file of its own: the Content-Security-Policy allows
// no inline script.
(function () {
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.indexOf("cwg_tz=" + zone) === -1) {
      document.cookie = "cwg_tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; SameSite=Lax";
    }
  } catch (e) {}
})();
