// storyweave: a little progressive enhancement; every page works without it.
(function () {
  "use strict";
  // Keep citation tooltips inside the window: open them leftwards near the right edge.
  function place(event) {
    var cite = event.target.closest && event.target.closest(".cite");
    if (!cite) return;
    var room = window.innerWidth - cite.getBoundingClientRect().left;
    cite.classList.toggle("flip", room < Math.min(26 * 16, window.innerWidth * 0.8) + 24);
  }
  document.addEventListener("mouseover", place);
  document.addEventListener("focusin", place);
  // Escape closes a tooltip opened by keyboard focus.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && document.activeElement && document.activeElement.classList.contains("cite")) {
      document.activeElement.blur();
    }
  });
  // The add form: show that weaving is under way, and do not send twice.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("add")) return;
    var busy = form.querySelector(".busy"), button = form.querySelector("button[type=submit]");
    if (busy) busy.hidden = false;
    if (button) button.disabled = true;
  });
})();
