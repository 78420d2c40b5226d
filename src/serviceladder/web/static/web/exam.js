// The exam's countdown: the deadline is the server's; the page only shows the time left, corrected by the
// difference between the server's clock and this device's at load. At zero it reloads the attempt, whose
// page the server then shows as submitted with the answers saved so far.
(function () {
  const timer = document.getElementById("exam-timer");
  if (!timer) return;
  const out = document.getElementById("exam-remaining");
  const deadline = Date.parse(timer.dataset.deadline);
  const skew = Date.parse(timer.dataset.serverNow) - Date.now();
  let done = false;
  function tick() {
    const left = Math.max(0, Math.floor((deadline - (Date.now() + skew)) / 1000));
    const minutes = Math.floor(left / 60);
    const seconds = left % 60;
    out.textContent = minutes + ":" + String(seconds).padStart(2, "0");
    timer.classList.toggle("exam-timer-low", left <= 60);
    if (left === 0 && !done) {
      done = true;
      window.setTimeout(() => window.location.assign(timer.dataset.expiredUrl), 1500);
    }
  }
  tick();
  window.setInterval(tick, 1000);
})();
