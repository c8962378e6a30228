// Marks each table box whose table is wider than the box (`kan-rulle`): tilsyn.css then shows the
// hint that the table scrolls sideways. Again after a resize and after HTMX swaps in new content.
(function () {
  "use strict";
  function marker() {
    document.querySelectorAll(".table--responsive-scroll").forEach(function (boks) {
      var tabel = boks.querySelector("table");
      boks.classList.toggle("kan-rulle", !!tabel && tabel.scrollWidth > boks.clientWidth + 1);
    });
  }
  marker();
  window.addEventListener("resize", marker);
  document.body.addEventListener("htmx:afterSettle", marker);
}());
