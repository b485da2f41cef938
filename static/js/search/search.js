// Autocomplete for the search box on /suche/ (and any <input data-search-autocomplete="URL">).
//
// An ARIA 1.2 combobox with a listbox popup: type two letters or more, get titles and topics the visitor may
// see from GET URL?q=…, move with the arrow keys, Enter or a click takes a suggestion and searches for it,
// Escape closes the list. Without this script the box is a plain search field; the form works the same.

const DEBOUNCE_MS = 150;
const MIN_LENGTH = 2;

const TEXTS = {
  de: {
    none: "Keine Vorschläge",
    count: (n) => (n === 1 ? "1 Vorschlag, mit Pfeiltasten auswählen" : `${n} Vorschläge, mit Pfeiltasten auswählen`),
  },
  en: {
    none: "No suggestions",
    count: (n) => (n === 1 ? "1 suggestion, use the arrow keys to choose" : `${n} suggestions, use the arrow keys to choose`),
  },
};
const texts = TEXTS[(document.documentElement.lang || "de").slice(0, 2)] || TEXTS.de;

class SearchCombobox {
  constructor(input) {
    this.input = input;
    this.endpoint = input.dataset.searchAutocomplete;
    this.items = [];
    this.active = -1;
    this.timer = null;
    this.controller = null;
    this.cache = new Map();

    const wrapper = document.createElement("div");
    wrapper.className = "search-combobox";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);

    this.listbox = document.createElement("ul");
    this.listbox.id = `${input.id}-suggestions`;
    this.listbox.className = "search-suggestions";
    this.listbox.setAttribute("role", "listbox");
    this.listbox.hidden = true;
    const label = input.labels && input.labels[0];
    if (label) {
      if (!label.id) label.id = `${input.id}-label`;
      this.listbox.setAttribute("aria-labelledby", label.id);
    }
    this.status = document.createElement("div");
    this.status.className = "visually-hidden";
    this.status.setAttribute("role", "status");
    wrapper.append(this.listbox, this.status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", this.listbox.id);

    input.addEventListener("input", () => this.schedule());
    input.addEventListener("keydown", (event) => this.onKeyDown(event));
    input.addEventListener("blur", () => this.close());
    this.listbox.addEventListener("mousedown", (event) => event.preventDefault());
    this.listbox.addEventListener("click", (event) => {
      const option = event.target.closest("[role=option]");
      if (option) this.choose(Number(option.dataset.index));
    });
  }

  schedule() {
    window.clearTimeout(this.timer);
    const text = this.input.value.trim();
    if (text.length < MIN_LENGTH) {
      this.close();
      return;
    }
    this.timer = window.setTimeout(() => this.load(text), DEBOUNCE_MS);
  }

  async load(query) {
    const key = query.toLowerCase();
    let items = this.cache.get(key);
    if (!items) {
      if (this.controller) this.controller.abort();
      this.controller = new AbortController();
      try {
        const response = await fetch(`${this.endpoint}?q=${encodeURIComponent(query)}`, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
          signal: this.controller.signal,
        });
        if (!response.ok) {
          this.close();
          return;
        }
        items = (await response.json()).suggestions || [];
      } catch (error) {
        if (error.name !== "AbortError") this.close();
        return;
      }
      this.cache.set(key, items);
    }
    if (document.activeElement !== this.input || this.input.value.trim() !== query) return; // outdated answer
    this.render(items, query);
  }

  render(items, query) {
    this.items = items;
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    this.listbox.replaceChildren();
    if (!items.length) {
      this.close();
      this.status.textContent = texts.none;
      return;
    }
    const needle = query.toLowerCase();
    items.forEach((text, index) => {
      const option = document.createElement("li");
      option.id = `${this.listbox.id}-${index}`;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.index = String(index);
      const at = text.toLowerCase().indexOf(needle);
      if (at >= 0) {
        const mark = document.createElement("mark");
        mark.textContent = text.slice(at, at + query.length);
        option.append(text.slice(0, at), mark, text.slice(at + query.length));
      } else {
        option.textContent = text;
      }
      this.listbox.appendChild(option);
    });
    this.listbox.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    this.status.textContent = texts.count(items.length);
  }

  close() {
    window.clearTimeout(this.timer);
    this.listbox.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.active = -1;
  }

  setActive(index) {
    const options = this.listbox.querySelectorAll("[role=option]");
    options.forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
    this.active = index;
    const option = options[index];
    if (option) {
      this.input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    }
  }

  choose(index) {
    const text = this.items[index];
    if (text === undefined) return;
    this.input.value = text;
    this.close();
    if (this.input.form) this.input.form.requestSubmit();
  }

  onKeyDown(event) {
    const open = !this.listbox.hidden;
    if (event.key === "ArrowDown") {
      if (!open) {
        this.schedule();
        return;
      }
      event.preventDefault();
      this.setActive(Math.min(this.active + 1, this.items.length - 1));
    } else if (event.key === "ArrowUp" && open) {
      event.preventDefault();
      this.setActive(Math.max(this.active - 1, 0));
    } else if (event.key === "Enter" && open && this.active >= 0) {
      event.preventDefault();
      this.choose(this.active);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      this.close();
    }
  }
}

document.querySelectorAll("input[data-search-autocomplete]").forEach((input) => new SearchCombobox(input));
