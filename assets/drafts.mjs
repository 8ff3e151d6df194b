// Keeps what staff type in long fields (the textareas of a staff form) as a draft on
// the server, and puts it back when they come to the page again (after signing in
// again, say): WCAG 2.2.1, nothing typed is lost when a session ends.
//
// A draft is saved a few seconds after the last change (DRAFT_SAVE_DELAY), when the
// timeout warning shows or the session is about to end (saveAll, from timeout.mjs),
// before another form of the page is sent, and when the page is left (sendBeacon).
// The form's own successful submission deletes its drafts on the server.

const settings = document.getElementById("app-draft-notice");
const csrf = document.querySelector('meta[name="csrf-token"]');

/** Every long field of a staff form that posts, with its draft's key. */
function fields() {
  const found = [];
  for (const area of document.querySelectorAll("form textarea[name]")) {
    const form = area.form;
    if (!form || (form.getAttribute("method") || "").toLowerCase() !== "post") continue;
    const path = new URL(form.action, window.location.href).pathname;
    if (!path.startsWith("/staff/")) continue;
    found.push({ area, form, key: `${path}#${area.name}` });
  }
  return found;
}

const tracked = settings && csrf ? fields() : [];
const saved = new Map(); // key -> the text last saved (or found on the server)
const timers = new Map();
let sentForm = null;

function body(field) {
  const data = new URLSearchParams();
  data.set("csrf_token", csrf.content);
  data.set("key", field.key);
  data.set("text", field.area.value);
  return data;
}

function dirty(field) {
  const before = saved.has(field.key) ? saved.get(field.key) : field.area.defaultValue;
  return field.form !== sentForm && field.area.value !== before;
}

async function save(field) {
  clearTimeout(timers.get(field.key));
  timers.delete(field.key);
  if (!dirty(field)) return;
  const text = field.area.value;
  try {
    const response = await fetch(settings.dataset.url, {
      method: "POST",
      body: body(field),
      credentials: "same-origin",
      redirect: "manual",
      keepalive: true,
    });
    if (response.ok) {
      saved.set(field.key, text);
      // Typing is activity: the timeout warning asks the server how long is left now.
      document.dispatchEvent(new CustomEvent("app:session-active"));
    }
  } catch {
    // Offline or signed out: the next change (or leaving the page) tries again.
  }
}

/** Save every field changed since its last save; resolves when all have answered. */
export function saveAll() {
  return Promise.all(tracked.map(save));
}

function beaconAll() {
  for (const field of tracked) {
    if (dirty(field) && navigator.sendBeacon(settings.dataset.url, body(field))) {
      saved.set(field.key, field.area.value);
    }
  }
}

function restore(field, draft) {
  saved.set(field.key, draft.text);
  if (field.area.value.trim() !== "") return; // what the page shows (a form sent back) wins
  field.area.value = draft.text;
  field.area.dispatchEvent(new Event("input", { bubbles: true })); // the character count
  const notice = settings.content.firstElementChild.cloneNode(true);
  notice.id = `${field.area.id || field.area.name}-draft-notice`;
  notice.querySelector("[data-draft-text]").textContent = draft.notice;
  const described = field.area.getAttribute("aria-describedby");
  field.area.setAttribute("aria-describedby", described ? `${notice.id} ${described}` : notice.id);
  const button = notice.querySelector("[data-draft-discard]");
  button.addEventListener("click", async () => {
    const data = new URLSearchParams();
    data.set("csrf_token", csrf.content);
    data.set("key", field.key);
    const response = await fetch(settings.dataset.discardUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      redirect: "manual",
    });
    if (!response.ok) return;
    field.area.value = "";
    field.area.dispatchEvent(new Event("input", { bubbles: true }));
    saved.set(field.key, "");
    notice.querySelector("[data-draft-text]").textContent = settings.dataset.discarded;
    button.remove();
    field.area.focus();
  });
  (field.area.closest(".govuk-form-group") || field.area).before(notice);
}

async function restoreAll() {
  const query = new URLSearchParams(tracked.map((field) => ["key", field.key]));
  try {
    const response = await fetch(`${settings.dataset.url}?${query}`, {
      credentials: "same-origin",
      redirect: "manual",
      headers: { Accept: "application/json" },
    });
    if (!response.ok) return;
    const { drafts } = await response.json();
    for (const draft of drafts) {
      const field = tracked.find((each) => each.key === draft.key);
      if (field) restore(field, draft);
    }
  } catch {
    // Nothing to put back.
  }
}

if (tracked.length) {
  const delay = Number(settings.dataset.delay || 15) * 1000;
  for (const field of tracked) {
    field.area.addEventListener("input", () => {
      clearTimeout(timers.get(field.key));
      timers.set(field.key, setTimeout(() => save(field), delay));
    });
  }
  // Sending a form: its own fields are not saved again (success deletes their drafts);
  // the others are saved first, so the next page can put them back.
  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (form.dataset.draftsSaved) return;
      for (const field of tracked) {
        if (field.form === form) {
          clearTimeout(timers.get(field.key));
          sentForm = form;
        }
      }
      if (!tracked.some(dirty)) return;
      event.preventDefault();
      const submitter = event.submitter;
      const wait = new Promise((resolve) => setTimeout(resolve, 3000));
      Promise.race([saveAll(), wait]).then(() => {
        form.dataset.draftsSaved = "true";
        form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
      });
    },
    true,
  );
  window.addEventListener("pagehide", beaconAll);
  restoreAll();
}
