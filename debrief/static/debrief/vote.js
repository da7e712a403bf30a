// The evaluators' pages. Everything also works without JavaScript; this only helps:
// a code from the QR link's #fragment fills the form (the fragment never reaches the server),
// and the ballot counts what is rated and what is missing before it is sent.
(function () {
  "use strict";
  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function fillCodeFromLink() {
    var form = document.getElementById("code-form");
    if (!form || !location.hash || location.hash.length < 2) return;
    var code = decodeURIComponent(location.hash.slice(1));
    history.replaceState(null, "", location.pathname);
    form.querySelector("input[name=code]").value = code;
    form.submit();
  }

  function ballot() {
    var form = document.getElementById("ballot");
    if (!form) return;
    var total = parseInt(form.dataset.total, 10);
    var cap = form.dataset.cap === "" ? null : parseInt(form.dataset.cap, 10);
    var progress = document.getElementById("progress");
    // Messages come as text from <template>s and go back as text: nothing here is parsed as HTML.
    var text = function (id) { return document.getElementById(id).content.textContent; };
    function state() {
      var missing = [], excellent = 0;
      form.querySelectorAll("li.reporter").forEach(function (item) {
        var chosen = item.querySelector(".overall input:checked");
        if (!chosen) missing.push(item);
        else if (chosen.value === "excellent") excellent += 1;
      });
      return { missing: missing, excellent: excellent };
    }
    function update() {
      var s = state();
      var line = format(text("progress-text"), { done: total - s.missing.length, total: total });
      if (cap !== null) line += " · " + format(text("cap-text"), { given: s.excellent, cap: cap });
      progress.textContent = line;
      progress.classList.toggle("over", cap !== null && s.excellent > cap);
      form.querySelectorAll("li.reporter.missing").forEach(function (item) {
        if (item.querySelector(".overall input:checked")) item.classList.remove("missing");
      });
    }
    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) {
      var s = state();
      if (s.missing.length) {
        event.preventDefault();
        s.missing.forEach(function (item) { item.classList.add("missing"); });
        progress.textContent = format(text("missing-text"), { missing: s.missing.length });
        progress.classList.add("over");
        s.missing[0].scrollIntoView({ behavior: "smooth", block: "center" });
      } else if (cap !== null && s.excellent > cap) {
        event.preventDefault();
        progress.textContent = format(text("over-cap-text"), { cap: cap, given: s.excellent });
        progress.classList.add("over");
      } else {
        document.getElementById("submit-ballot").disabled = true;  // one tap, one submission
      }
    });
    update();
  }

  document.addEventListener("DOMContentLoaded", function () { fillCodeFromLink(); ballot(); });
})();
