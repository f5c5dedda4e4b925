// The preloader: asks /get-status until the background exchange is finished, then moves on.
// Each request waits on the server until the status changes (up to 10 s), so the page learns the
// outcome within milliseconds while sending about one request per stage change, not one per second.
// Without JavaScript the page refreshes itself (<noscript>) and the server redirects when done.
(function () {
  "use strict";

  var root = document.getElementById("preloader");
  if (!root) return;

  var op = root.dataset.op;
  // The callback answers with this page at its own address, which carries the one-time code: show
  // the preloader's instead, so that a refresh, Back or a bookmark asks for this login, not the callback.
  if (window.location.pathname !== "/preloader" && window.history.replaceState) {
    window.history.replaceState(null, "", "/preloader?op=" + encodeURIComponent(op));
  }
  var stage = root.dataset.stage;
  var deadlineMs = Number(root.dataset.deadlineMs);
  var slowAfterMs = Number(root.dataset.slowAfterMs);
  var startedAt = Date.now() - Number(root.dataset.elapsedMs);
  var WAIT_MS = 10000;
  // A poll that outlives the server's wait by this much is lost (a proxy, a sleeping laptop).
  var POLL_TIMEOUT_MS = WAIT_MS + 5000;
  // The server's reaper ends the operation at the deadline; give it this long to tell us so.
  var GIVE_UP_GRACE_MS = 3000;
  var failures = 0;
  var finished = false;
  var retryTimer = null;

  var stageText = document.getElementById("stage");
  var elapsedText = document.getElementById("elapsed");
  var slowNote = document.getElementById("slow");
  var connectionNote = document.getElementById("connection");
  var problem = document.getElementById("problem");

  function elapsed() {
    return Date.now() - startedAt;
  }

  var clock = setInterval(function () {
    var ms = elapsed();
    elapsedText.textContent = String(Math.floor(ms / 1000));
    if (ms >= slowAfterMs) slowNote.hidden = false;
    if (ms > deadlineMs + GIVE_UP_GRACE_MS) {
      giveUp("The login did not finish in time: we could not get an answer. Please try again.");
    }
  }, 250);

  function stop() {
    finished = true;
    clearInterval(clock);
    clearTimeout(retryTimer);
    root.querySelector(".spinner").classList.add("stopped");
  }

  // The page cannot learn the outcome: say why and offer a fresh start instead of spinning on.
  function giveUp(message) {
    if (finished) return;
    stop();
    slowNote.hidden = true;
    connectionNote.hidden = true;
    problem.textContent = message;
    problem.hidden = false;
    document.getElementById("reference").hidden = false;
    document.getElementById("cancel-form").hidden = true;
    document.getElementById("restart").hidden = false;
    document.getElementById("home").hidden = false;
  }

  function show(report) {
    if (!report.stage || report.stage === stage) return;
    stage = report.stage;
    stageText.textContent = report.stageText + "…";
    var current = stage === "queued" ? "exchanging_code" : stage;
    var seenCurrent = false; // steps before the current one are done, those after it still to do
    root.querySelectorAll(".steps li").forEach(function (item) {
      var isCurrent = item.dataset.stage === current;
      item.className = isCurrent ? "current" : seenCurrent ? "todo" : "done";
      if (isCurrent) {
        seenCurrent = true;
        item.setAttribute("aria-current", "step");
      } else {
        item.removeAttribute("aria-current");
      }
    });
  }

  function fetchStatus() {
    var url = "/get-status?op=" + encodeURIComponent(op) + "&wait=" + WAIT_MS + "&since=" + encodeURIComponent(stage);
    var abort = new AbortController();
    var timeout = setTimeout(function () { abort.abort(); }, POLL_TIMEOUT_MS);
    return fetch(url, {
      headers: { Accept: "application/json" },
      cache: "no-store",
      credentials: "same-origin",
      signal: abort.signal
    }).finally(function () { clearTimeout(timeout); });
  }

  function poll() {
    if (finished) return;
    fetchStatus()
      .then(function (response) {
        if (response.status === 404) {
          giveUp("This login is no longer known to the server. Please start again.");
          return null;
        }
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      })
      .then(function (report) {
        if (!report || finished) return;
        failures = 0;
        connectionNote.hidden = true;
        show(report);
        if (report.status === "ok" || report.status === "error") {
          stop();
          // replace: Back from the result should not land on a finished preloader.
          window.location.replace(report.next);
          return;
        }
        poll();
      })
      .catch(function () {
        if (finished) return;
        // A lost poll is not a failed login: ask again, backing off from 0.5 s up to 5 s.
        failures += 1;
        var delay = Math.min(5000, 250 * Math.pow(2, failures)) * (0.8 + Math.random() * 0.4);
        connectionNote.hidden = false;
        retryTimer = setTimeout(poll, delay);
      });
  }

  // A page restored from the back/forward cache has stale state and no poll running: start over.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) window.location.reload();
  });

  poll();
})();
