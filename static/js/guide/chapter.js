// A guide chapter's enhancements. Without this script everything still works: members' checklists and the
// "mark as read" button are ordinary forms that post and come back to the same place.
//
// - Members: every tick is saved at once (fetch, no reload), announced in the checklist's status line.
// - Anonymous readers: ticks are kept in this browser (localStorage), per chapter, by the item's stable key.
// - "Mark chapter as read" toggles in place.

const article = document.querySelector("[data-guide-chapter]");
const STORAGE_PREFIX = "netzwerkstatt.leitfaden.";

function formatCount(element, ticked, total) {
  const template = element.dataset.textCount;
  if (template) element.textContent = template.replace("{ticked}", ticked).replace("{total}", total);
}

function updateCount(checklist) {
  const boxes = checklist.querySelectorAll(".checklist__checkbox");
  const ticked = [...boxes].filter((box) => box.checked).length;
  const count = checklist.querySelector("[data-checklist-count]");
  if (count) formatCount(count, ticked, boxes.length);
}

function setStatus(element, text, isError = false) {
  if (!element) return;
  element.textContent = text;
  element.classList.toggle("checklist__status--error", isError);
}

// --- Members: save each change in place ---------------------------------------------------------------------

function enhanceMemberChecklist(form) {
  const checklist = form.closest("[data-checklist]");
  const status = checklist.querySelector("[data-checklist-status]");
  const submit = form.querySelector("[data-checklist-submit]");
  let inFlight = false;
  let pending = false;

  if (submit) submit.hidden = true;

  async function save() {
    if (inFlight) {
      pending = true; // send the newest state once the running request is answered
      return;
    }
    inFlight = true;
    setStatus(status, form.dataset.textSaving || "");
    try {
      const response = await fetch(form.getAttribute("action"), {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const data = await response.json().catch(() => ({}));
      if (response.ok) {
        setStatus(status, form.dataset.textSaved || data.detail || "");
      } else {
        setStatus(status, data.detail || form.dataset.textFailed || "", true);
        if (submit) submit.hidden = false;
      }
    } catch (error) {
      setStatus(status, form.dataset.textFailed || "", true);
      if (submit) submit.hidden = false;
    } finally {
      inFlight = false;
      if (pending) {
        pending = false;
        save();
      }
    }
  }

  form.addEventListener("change", (event) => {
    if (!event.target.matches(".checklist__checkbox")) return;
    updateCount(checklist);
    save();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    save();
  });
}

// --- Anonymous readers: keep ticks in this browser -----------------------------------------------------------

function storageKey(chapterId) {
  return `${STORAGE_PREFIX}${chapterId}.checkliste`;
}

function loadLocalTicks(chapterId) {
  try {
    const stored = JSON.parse(window.localStorage.getItem(storageKey(chapterId)) || "[]");
    return new Set(Array.isArray(stored) ? stored : []);
  } catch (error) {
    return new Set();
  }
}

function saveLocalTicks(chapterId, keys) {
  try {
    if (keys.size) window.localStorage.setItem(storageKey(chapterId), JSON.stringify([...keys]));
    else window.localStorage.removeItem(storageKey(chapterId));
    return true;
  } catch (error) {
    return false; // storage disabled or full: the ticks simply last until the page is left
  }
}

function enhanceLocalChecklists(chapterId) {
  const checklists = document.querySelectorAll("[data-checklist][data-checklist-local]");
  if (!checklists.length) return;
  const ticks = loadLocalTicks(chapterId);
  checklists.forEach((checklist) => {
    checklist.querySelectorAll(".checklist__checkbox").forEach((box) => {
      if (box.dataset.key) box.checked = ticks.has(box.dataset.key);
    });
    updateCount(checklist);
    const status = checklist.querySelector("[data-checklist-status]");
    checklist.addEventListener("change", (event) => {
      const box = event.target;
      if (!box.matches(".checklist__checkbox") || !box.dataset.key) return;
      if (box.checked) ticks.add(box.dataset.key);
      else ticks.delete(box.dataset.key);
      updateCount(checklist);
      const saved = saveLocalTicks(chapterId, ticks);
      setStatus(status, saved ? article.dataset.textSavedLocally || "" : article.dataset.textNotSavedLocally || "", !saved);
    });
  });
}

// --- Mark as read --------------------------------------------------------------------------------------------

function enhanceReadToggle(form) {
  const button = form.querySelector("[data-read-button]");
  const value = form.querySelector("[data-read-value]");
  const state = form.querySelector("[data-read-state]");
  const status = form.querySelector("[data-read-status]");
  const badge = document.querySelector("[data-read-badge]");

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (button.getAttribute("aria-disabled") === "true") return;
    button.setAttribute("aria-disabled", "true");
    try {
      const response = await fetch(form.getAttribute("action"), {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const data = await response.json().catch(() => ({}));
      if (response.ok && typeof data.read === "boolean") {
        button.setAttribute("aria-pressed", String(data.read));
        value.value = data.read ? "0" : "1";
        if (state) state.textContent = data.read ? state.dataset.textRead : state.dataset.textUnread;
        if (badge) badge.hidden = !data.read;
      }
      if (status) status.textContent = data.detail || "";
    } catch (error) {
      form.submit(); // no answer from the server: fall back to the ordinary form post
    } finally {
      button.removeAttribute("aria-disabled");
    }
  });
}

if (article) {
  document.querySelectorAll("form[data-checklist-form]").forEach(enhanceMemberChecklist);
  enhanceLocalChecklists(article.dataset.guideChapter);
  document.querySelectorAll("form[data-read-form]").forEach(enhanceReadToggle);
}
