// The idle warning: two minutes before the session ends the page says so and offers to stay
// signed in (asking /session counts as activity); when it has ended the page reloads and shows
// the login form. The server says how many seconds are left (data-sekunder-tilbage on <body>).
(function () {
  "use strict";
  var VARSEL = 120;
  var advarsel = document.getElementById("session-advarsel");
  var knap = document.getElementById("session-forlaeng");
  var tekst = document.getElementById("session-advarsel-tekst");
  var timere = [];

  function planlaeg(sekunder) {
    timere.forEach(clearTimeout);
    timere = [
      setTimeout(vis, Math.max(0, sekunder - VARSEL) * 1000),
      setTimeout(function () { window.location.reload(); }, (sekunder + 1) * 1000)
    ];
  }

  function vis() {
    advarsel.hidden = false;
    knap.focus();
  }

  knap.addEventListener("click", function () {
    fetch("/session", { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (svar) { return svar.ok ? svar.json() : null; })
      .then(function (data) {
        if (!data) { window.location.reload(); return; }
        if (data.sekunder_tilbage > VARSEL) {
          advarsel.hidden = true;
        } else {
          tekst.textContent = "Din session kan ikke forlænges mere. Gem dit arbejde og log ind igen.";
          knap.hidden = true;
        }
        planlaeg(data.sekunder_tilbage);
      });
  });

  var sekunder = parseInt(document.body.dataset.sekunderTilbage, 10);
  if (advarsel && !isNaN(sekunder)) { planlaeg(sekunder); }
})();
