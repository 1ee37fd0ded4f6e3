/* The timeline's filters, in place: by actor and before or after the article.

   Without JavaScript the form stays hidden and the list of actors links to
   each actor's page, which lists that actor's events. With it, the form
   shows, the links fold away, and rows that do not match are hidden; a year
   with no row left hides too, and so do the gap labels (the gaps they name
   are gaps of the whole list). An event named in the address (#id) opens. */
(function () {
  "use strict";

  var form = document.querySelector("[data-timeline-filter]");
  var rows = Array.prototype.slice.call(document.querySelectorAll(".timeline [data-actors]"));

  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.tagName === "DETAILS") target.open = true;
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();

  if (!form || !rows.length) return;
  var select = form.querySelector("select[name=actor]");
  var status = form.querySelector(".filter-status");
  var links = document.querySelector("[data-timeline-actors]");

  function when() {
    var checked = form.querySelector("input[name=when]:checked");
    return checked ? checked.value : "";
  }

  function apply() {
    var actor = select.value;
    var period = when();
    var shown = 0;
    rows.forEach(function (row) {
      var match = (!actor || (" " + row.getAttribute("data-actors") + " ").indexOf(" " + actor + " ") >= 0)
        && (!period || row.getAttribute("data-when") === period);
      row.hidden = !match;
      if (match) shown++;
    });
    document.querySelectorAll(".timeline > .year").forEach(function (year) {
      year.hidden = !year.querySelector("[data-actors]:not([hidden])");
    });
    var filtered = Boolean(actor || period);
    document.querySelectorAll(".timeline .gap").forEach(function (gap) { gap.hidden = filtered; });
    status.textContent = filtered ? shown + " of " + rows.length + " events shown" : "";
  }

  form.hidden = false;
  if (links) links.hidden = true;
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  apply();
})();
