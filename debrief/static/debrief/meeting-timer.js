// Speaking timers on the big screen and the control page. The server sends the seconds already
// run and whether the timer runs; the browser counts on from there, so the display moves every
// second without asking the server, and a screen cut off from the network keeps counting.
(function () {
  function format(seconds) {
    var sign = seconds < 0 ? "-" : "";
    seconds = Math.abs(Math.floor(seconds));
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return sign + m + ":" + (s < 10 ? "0" : "") + s;
  }
  function tick() {
    var now = performance.now();
    document.querySelectorAll(".timer").forEach(function (timer) {
      if (!timer.dataset.t0) timer.dataset.t0 = String(now);
      var run = timer.dataset.running ? (now - Number(timer.dataset.t0)) / 1000 : 0;
      var elapsed = Number(timer.dataset.elapsed || 0) + run;
      var limit = timer.dataset.limit ? Number(timer.dataset.limit) : null;
      if (limit === null) {
        timer.textContent = format(elapsed);
        return;
      }
      var left = limit - elapsed;
      timer.textContent = left < 0 ? "+" + format(-left) : format(Math.ceil(left));
      timer.classList.toggle("over", left < 0);
      timer.classList.toggle("ending", left >= 0 && left <= 60);
    });
  }
  setInterval(tick, 250);
  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSwap", tick);
  // A lost connection shows a quiet notice; polling goes on and the notice goes when it answers.
  function offline(on) { document.body.classList.toggle("offline", on); }
  ["htmx:sendError", "htmx:timeout", "htmx:responseError"].forEach(function (name) {
    document.addEventListener(name, function () { offline(true); });
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) offline(false);
  });
})();
