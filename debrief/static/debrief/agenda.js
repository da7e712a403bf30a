// Drag-and-drop reordering of the agenda: Sortable moves the rows, htmx posts the new order
// (the hidden item inputs, in document order) when a drag ends. Re-armed after each swap.
(function () {
  function arm(root) {
    root.querySelectorAll(".sortable .sortable-items").forEach(function (body) {
      if (body.dataset.armed) return;
      body.dataset.armed = "1";
      new Sortable(body, {
        handle: ".handle",
        animation: 150,
        onEnd: function () { body.closest("form").dispatchEvent(new Event("end")); },
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { arm(document); });
  document.addEventListener("htmx:afterSwap", function (event) { arm(event.target); });
})();
