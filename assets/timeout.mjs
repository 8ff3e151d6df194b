// The timeout warning (the GOV.UK pattern; hmrc-timeout-dialog's behaviour): a modal
// dialog before the idle limit, with "Stay signed in", and before the absolute limit,
// which nothing extends. The server gives the seconds left (templates/staff_base.html)
// and answers GET /staff/session (asking is not activity, so a tab left open still goes
// idle, and two tabs stay in step). When time runs out the page goes to the sign-in page,
// where the server says why the session ended. Without scripts the server's limits are
// the same, only unannounced.
import { saveAll } from "./drafts.mjs";

const dialog = document.getElementById("app-timeout-dialog");

// The countdown in words, as the dialog's data attributes word it ("{n} minutes").
function words(seconds) {
  const data = dialog.dataset;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  const parts = [];
  if (minutes) parts.push((minutes === 1 ? data.minute : data.minutes).replace("{n}", minutes));
  if (rest || !minutes) parts.push((rest === 1 ? data.second : data.seconds).replace("{n}", rest));
  return parts.join(" ");
}

function start() {
  const data = dialog.dataset;
  const idleWarning = Number(data.idleWarning) * 1000;
  const absoluteWarning = Number(data.absoluteWarning) * 1000;
  const modes = {
    idle: dialog.querySelector("[data-timeout-mode='idle']"),
    absolute: dialog.querySelector("[data-timeout-mode='absolute']"),
  };
  const heading = dialog.querySelector("#app-timeout-heading");
  const spoken = dialog.querySelector("[data-timeout-spoken]");
  let idleEnds = 0;
  let absoluteEnds = 0;
  let mode = null;
  let absoluteSeen = false;
  let timer = null;
  let ticker = null;
  let lastSpoken = 0;
  let returnFocus = null;

  function learn(left) {
    const now = Date.now();
    idleEnds = now + left.idle * 1000;
    absoluteEnds = now + left.absolute * 1000;
  }

  async function ask() {
    try {
      const response = await fetch(data.statusUrl, {
        credentials: "same-origin",
        redirect: "manual",
        headers: { Accept: "application/json" },
      });
      if (response.ok) {
        learn(await response.json());
        return true;
      }
      // Signed out: the server sends the request the sign-in page's way.
      if (response.type === "opaqueredirect" || response.status === 401) return false;
    } catch {
      // offline
    }
    return null; // offline or a fault of the server's: keep to what we knew
  }

  function signedOut() {
    window.location.assign(data.signInUrl);
  }

  function ends() {
    return mode === "absolute" ? absoluteEnds : Math.min(idleEnds, absoluteEnds);
  }

  function secondsLeft() {
    return Math.max(0, Math.ceil((ends() - Date.now()) / 1000));
  }

  function countdown() {
    const left = secondsLeft();
    for (const shown of dialog.querySelectorAll("[data-timeout-countdown]")) {
      shown.textContent = words(left);
    }
    // Screen readers hear it every 20 seconds, not every second.
    if (Date.now() - lastSpoken >= 20_000) {
      lastSpoken = Date.now();
      spoken.textContent = modes[mode].querySelector("[data-timeout-sentence]").textContent;
    }
    if (left <= 5) saveAll();
    if (left <= 0) expire();
  }

  function open(which) {
    mode = which;
    for (const [name, part] of Object.entries(modes)) part.hidden = name !== which;
    heading.textContent = modes[which].dataset.heading;
    dialog.setAttribute("aria-describedby", modes[which].dataset.described);
    lastSpoken = Date.now(); // the description is read as the dialog opens
    spoken.textContent = "";
    countdown();
    if (!dialog.open) {
      returnFocus = document.activeElement;
      dialog.showModal();
    }
    dialog.focus();
    clearInterval(ticker);
    ticker = setInterval(countdown, 1000);
    saveAll();
  }

  function close() {
    clearInterval(ticker);
    mode = null;
    if (dialog.open) dialog.close();
    if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
    returnFocus = null;
  }

  let ending = false;

  async function expire() {
    if (ending) return;
    ending = true;
    clearInterval(ticker);
    await saveAll();
    const still = await ask();
    ending = false;
    if (still === false || (still === null && secondsLeft() <= 0)) {
      signedOut();
      return;
    }
    // Another tab (or typing) kept the session going, or the clocks differ by a second.
    if (mode === "idle" && idleEnds - Date.now() > idleWarning) close();
    if (mode) ticker = setInterval(countdown, 1000);
    schedule();
  }

  // Wake at the next moment that matters: a warning due, an end near, or (while the
  // warning shows) a look at whether another tab kept the session going.
  function schedule() {
    clearTimeout(timer);
    const now = Date.now();
    let next = now + 15_000;
    if (!mode) {
      const times = [idleEnds - idleWarning, absoluteEnds - 5_000, absoluteEnds + 1_000];
      if (!absoluteSeen) times.push(absoluteEnds - absoluteWarning);
      const coming = times.filter((time) => time > now);
      next = coming.length ? Math.min(...coming) : now + 1_000;
    }
    timer = setTimeout(wake, Math.max(next - now, 250));
  }

  async function wake() {
    if (!mode && absoluteEnds - Date.now() <= 6_000) await saveAll();
    const still = await ask();
    if (still === false) {
      signedOut();
      return;
    }
    const now = Date.now();
    const idleLeft = idleEnds - now;
    const absoluteLeft = absoluteEnds - now;
    if (absoluteLeft <= absoluteWarning && absoluteLeft <= idleLeft) {
      if (!absoluteSeen || mode === "idle") {
        absoluteSeen = true;
        open("absolute");
      }
    } else if (idleLeft <= idleWarning) {
      if (mode !== "idle") open("idle");
    } else if (mode === "idle") {
      close(); // another tab kept the session going
    }
    if (mode && secondsLeft() <= 0) {
      expire();
      return;
    }
    schedule();
  }

  async function staySignedIn() {
    const body = new URLSearchParams();
    body.set("csrf_token", data.csrfToken);
    try {
      const response = await fetch(data.stayUrl, {
        method: "POST",
        body,
        credentials: "same-origin",
        redirect: "manual",
        headers: { Accept: "application/json" },
      });
      if (!response.ok) {
        if (response.type === "opaqueredirect" || (await ask()) === false) signedOut();
        return;
      }
      learn(await response.json());
    } catch {
      return; // offline: the warning stays, and says how long is left
    }
    close();
    schedule();
  }

  function acknowledge() {
    close();
    schedule();
  }

  dialog.querySelector("[data-timeout-stay]").addEventListener("click", staySignedIn);
  dialog.querySelector("[data-timeout-continue]").addEventListener("click", acknowledge);
  // Escape means "Stay signed in" (or, before the absolute limit, "Continue").
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    if (mode === "absolute") acknowledge();
    else staySignedIn();
  });
  // A draft saved while typing kept the session going.
  document.addEventListener("app:session-active", () => wake());
  // Back from sleep or another tab: the clock may have moved on.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") wake();
  });

  learn({ idle: Number(data.idle), absolute: Number(data.absolute) });
  schedule();
}

if (dialog && typeof dialog.showModal === "function") start();
