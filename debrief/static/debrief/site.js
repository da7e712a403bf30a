// Small behaviours the pages ask for with data-* attributes. They live here rather than in on*=
// attributes because the Content Security Policy runs no inline script; each page still works
// without them (a form can be sent with its button, a row added by saving the draft).
(function () {
  "use strict";

  // <select data-reveals="field-id" data-reveals-on="value">: the field's row shows while the
  // select has that value ("other"), or while the field holds text or an error to read.
  function reveal(select) {
    var field = document.getElementById(select.dataset.reveals);
    if (!field) return;
    var row = field.closest("div") || field;
    row.hidden = select.value !== select.dataset.revealsOn && !field.value.trim() && !row.querySelector(".errorlist");
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-reveals]").forEach(reveal);
  });

  // <select data-submit-on-change>: choosing sends the form (the language switch).
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-submit-on-change]")) event.target.form.submit();
    if (event.target.matches("select[data-reveals]")) reveal(event.target);
  });

  document.addEventListener("click", function (event) {
    var target = event.target;
    // <button data-confirm="question">: the action goes ahead only when the user agrees.
    var asking = target.closest("[data-confirm]");
    if (asking && !window.confirm(asking.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    // <input type=checkbox data-check-all="name">: ticks or clears every enabled box of that name.
    if (target.matches("input[data-check-all]")) {
      var boxes = document.querySelectorAll("input[type=checkbox][name='" + target.dataset.checkAll + "']");
      boxes.forEach(function (box) { if (!box.disabled) box.checked = target.checked; });
    }
    // <button data-clone-last="list-id">: a new empty copy of the list's last item, focused.
    var cloning = target.closest("[data-clone-last]");
    if (cloning) {
      var list = document.getElementById(cloning.dataset.cloneLast);
      var item = list.lastElementChild.cloneNode(true);
      item.querySelectorAll("textarea, input").forEach(function (field) { field.value = ""; });
      list.append(item);
      var first = item.querySelector("textarea, input");
      if (first) first.focus();
    }
    if (target.closest("[data-print]")) window.print();
    if (target.closest("[data-fullscreen]") && document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen();
    }
  });

  // <form data-reset-after-request>: an htmx form is emptied once the server took it (the scan box).
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (event.detail.successful && form.matches("form[data-reset-after-request]")) form.reset();
  });
})();
