// Practice listing and table: a changed filter updates the results at once, without reloading the page.
// Pure enhancement: the form is a plain GET form, and chips, pagination and reset are ordinary links.

const form = document.querySelector("form[data-practice-filters]");
const live = document.getElementById("practice-live");
let controller = null;
let timer = null;

function cleanUrl() {
  // The same short address the server redirects a submitted form to: set values only, default sort left out.
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(form)) {
    const trimmed = String(value).trim();
    if (!trimmed || (name === "sortierung" && trimmed === form.dataset.defaultSort)) continue;
    params.append(name, trimmed);
  }
  const query = params.toString();
  return form.getAttribute("action") + (query ? `?${query}` : "");
}

async function show(url, { push = true, replaceForm = false } = {}) {
  const results = document.getElementById("practice-results");
  if (controller) controller.abort();
  controller = new AbortController();
  results.classList.add("is-loading");
  results.setAttribute("aria-busy", "true");
  try {
    const response = await fetch(url, { signal: controller.signal, headers: { Accept: "text/html" } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = doc.getElementById("practice-results");
    if (!fresh) throw new Error("no results in the response");
    results.replaceWith(fresh);
    if (replaceForm) {
      const freshForm = doc.querySelector("form[data-practice-filters]");
      if (freshForm) {
        form.replaceChildren(...freshForm.childNodes);
      }
    }
    document.title = doc.title;
    if (push) history.pushState({ practiceFilters: true }, "", response.url || url);
    if (live) live.textContent = fresh.dataset.liveSummary || "";
  } catch (error) {
    if (error.name === "AbortError") return;
    window.location.assign(url); // let the server render it the ordinary way
  }
}

function schedule() {
  clearTimeout(timer);
  // Keyboard users step through a select's options one by one: wait until they pause.
  timer = setTimeout(() => show(cleanUrl()), 350);
}

if (form && window.fetch && window.DOMParser) {
  form.addEventListener("change", schedule);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    show(cleanUrl());
  });
  window.addEventListener("popstate", () => show(window.location.href, { push: false, replaceForm: true }));
}
