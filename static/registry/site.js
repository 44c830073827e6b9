// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Filter forms leave their empty fields out of the URL, so shared links stay short.
  document.querySelectorAll("form[data-drop-empty]").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("input, select").forEach(function (control) {
        if (control.name && control.value === "") control.disabled = true;
      });
      // The form data is already built: re-enable so the back button shows a usable form.
      setTimeout(function () {
        form.querySelectorAll(":disabled").forEach(function (control) {
          control.disabled = false;
        });
      }, 0);
    });
  });

  // On narrow screens, fold the filter panel so the results come first; it stays open when
  // it shows errors, and on wide screens it is a sidebar.
  if (window.matchMedia("(max-width: 59.99rem)").matches) {
    document.querySelectorAll("details[data-fold-on-narrow]").forEach(function (panel) {
      panel.open = false;
    });
  }
})();
