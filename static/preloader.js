// The preloader: asks /get-status until the background exchange is finished, then moves on.
// Each request waits on the server until the status changes (up to 10 s), so the page learns the
// outcome within milliseconds while sending about one request per stage change, not one per second.
(function () {
  "use strict";

  var root = document.getElementById("preloader");
  if (!root) return;

  var op = root.dataset.op;
  var deadlineMs = Number(root.dataset.deadlineMs);
  var startedAt = Date.now() - Number(root.dataset.elapsedMs);
  var stage = root.dataset.stage;
  var SLOW_AFTER_MS = 5000;
  var GIVE_UP_GRACE_MS = 10000;
  var WAIT_MS = 10000;
  var failures = 0;
  var finished = false;

  var stageText = document.getElementById("stage");
  var elapsedText = document.getElementById("elapsed");
  var slowNote = document.getElementById("slow");
  var problem = document.getElementById("problem");

  function elapsed() {
    return Date.now() - startedAt;
  }

  var clock = setInterval(function () {
    var ms = elapsed();
    elapsedText.textContent = Math.floor(ms / 1000) + " s";
    if (ms > SLOW_AFTER_MS) slowNote.hidden = false;
    if (ms > deadlineMs + GIVE_UP_GRACE_MS) giveUp("The login did not finish in time. Please try again.");
  }, 250);

  function stop() {
    finished = true;
    clearInterval(clock);
    var spinner = root.querySelector(".spinner");
    if (spinner) spinner.classList.add("stopped");
  }

  function giveUp(message) {
    if (finished) return;
    stop();
    slowNote.hidden = true;
    problem.textContent = message;
    problem.hidden = false;
    document.getElementById("cancel").textContent = "Back to the start page";
  }

  function show(report) {
    if (report.stage && report.stage !== stage) {
      stage = report.stage;
      stageText.textContent = report.stageText + "…";
    }
  }

  function poll() {
    if (finished) return;
    var url = "/get-status?op=" + encodeURIComponent(op) + "&wait=" + WAIT_MS + "&since=" + encodeURIComponent(stage);
    fetch(url, { headers: { Accept: "application/json" }, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 404) {
          giveUp("This login is no longer known. Please start again.");
          return null;
        }
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      })
      .then(function (report) {
        if (!report) return;
        failures = 0;
        problem.hidden = true;
        show(report);
        if (report.status === "ok" || report.status === "error") {
          stop();
          window.location.assign(report.next);
          return;
        }
        poll();
      })
      .catch(function () {
        // A lost poll is not a failed login: try again, backing off up to 5 s.
        failures += 1;
        var delay = Math.min(5000, 250 * Math.pow(2, failures));
        problem.textContent = "Connection trouble, retrying…";
        problem.hidden = false;
        setTimeout(poll, delay);
      });
  }

  poll();
})();
