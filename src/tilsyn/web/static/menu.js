// The menu button on a narrow screen (under 992 px): shows and hides the main menu with "Log af";
// Escape closes it and gives the focus back to the button. And the worklist's Udskriv button.
(function () {
  "use strict";
  var udskriv = document.getElementById("udskriv");
  if (udskriv) { udskriv.addEventListener("click", function () { window.print(); }); }
  var knap = document.getElementById("menuknap");
  var menu = document.getElementById("hovedmenu");
  if (!knap || !menu) { return; }
  function saet(aaben) {
    menu.classList.toggle("tilsyn-aaben", aaben);
    knap.setAttribute("aria-expanded", aaben ? "true" : "false");
    knap.textContent = aaben ? "Luk menu" : "Menu";
  }
  knap.addEventListener("click", function () { saet(!menu.classList.contains("tilsyn-aaben")); });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && menu.classList.contains("tilsyn-aaben")) { saet(false); knap.focus(); }
  });
}());
