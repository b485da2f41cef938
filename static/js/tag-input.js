// Tag inputs with suggestions from the site's one tag vocabulary.
//
// Every <input data-tag-autocomplete> becomes an ARIA 1.2 combobox with a listbox popup (list autocomplete,
// manual selection): type, get suggestions from GET /api/tags/?q=…, move with the arrow keys, take one with
// Enter or a click, close with Escape. Several tags are separated by commas; the suggestion replaces the tag
// under the caret. data-tag-autocomplete="single" holds one tag only. data-tag-autocomplete-url overrides the
// endpoint. Without this script the input is a plain comma-separated text field, parsed the same way.

const DEFAULT_ENDPOINT = "/api/tags/";
const DEBOUNCE_MS = 150;

const TEXTS = {
  de: {
    none: "Keine Vorschläge",
    count: (n) => (n === 1 ? "1 Vorschlag, mit Pfeiltasten auswählen" : `${n} Vorschläge, mit Pfeiltasten auswählen`),
    chosen: (name) => `„${name}“ übernommen`,
  },
  en: {
    none: "No suggestions",
    count: (n) => (n === 1 ? "1 suggestion, use the arrow keys to choose" : `${n} suggestions, use the arrow keys to choose`),
    chosen: (name) => `“${name}” added`,
  },
};
const texts = TEXTS[(document.documentElement.lang || "de").slice(0, 2)] || TEXTS.de;

let instances = 0;

class TagCombobox {
  constructor(input) {
    this.input = input;
    this.single = input.dataset.tagAutocomplete === "single";
    this.endpoint = input.dataset.tagAutocompleteUrl || DEFAULT_ENDPOINT;
    this.items = [];
    this.active = -1;
    this.timer = null;
    this.controller = null;
    this.cache = new Map();
    instances += 1;
    if (!input.id) input.id = `tag-input-${instances}`;

    const wrapper = document.createElement("div");
    wrapper.className = "tag-input";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);

    this.listbox = document.createElement("ul");
    this.listbox.id = `${input.id}-suggestions`;
    this.listbox.className = "tag-input__listbox";
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
    input.setAttribute("autocomplete", "off");

    input.addEventListener("input", () => this.schedule());
    input.addEventListener("keydown", (event) => this.onKeyDown(event));
    input.addEventListener("blur", () => this.close());
    // Keep the focus in the input while an option is clicked.
    this.listbox.addEventListener("mousedown", (event) => event.preventDefault());
    this.listbox.addEventListener("click", (event) => {
      const option = event.target.closest("[role=option]");
      if (option) this.choose(Number(option.dataset.index));
    });
  }

  get isOpen() {
    return !this.listbox.hidden;
  }

  token() {
    const value = this.input.value;
    if (this.single) return { start: 0, end: value.length, text: value.trim() };
    const caret = this.input.selectionStart ?? value.length;
    const start = value.lastIndexOf(",", caret - 1) + 1;
    const next = value.indexOf(",", caret);
    const end = next === -1 ? value.length : next;
    return { start, end, text: value.slice(start, end).trim() };
  }

  otherTags() {
    if (this.single) return new Set();
    const { start, end } = this.token();
    const value = this.input.value;
    const rest = value.slice(0, start) + value.slice(end);
    return new Set(rest.split(",").map((tag) => tag.trim().toLowerCase()).filter(Boolean));
  }

  schedule() {
    window.clearTimeout(this.timer);
    const { text } = this.token();
    if (!text) {
      this.close();
      return;
    }
    this.timer = window.setTimeout(() => this.load(text), DEBOUNCE_MS);
  }

  async load(query) {
    let items = this.cache.get(query.toLowerCase());
    if (!items) {
      if (this.controller) this.controller.abort();
      this.controller = new AbortController();
      try {
        const url = `${this.endpoint}?q=${encodeURIComponent(query)}`;
        const response = await fetch(url, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
          signal: this.controller.signal,
        });
        if (!response.ok) {
          this.close();
          return;
        }
        items = await response.json();
      } catch (error) {
        if (error.name !== "AbortError") this.close();
        return;
      }
      this.cache.set(query.toLowerCase(), items);
    }
    if (document.activeElement !== this.input || this.token().text !== query) return; // outdated answer
    const taken = this.otherTags();
    this.render(items.filter((item) => !taken.has(item.name.toLowerCase())), query);
  }

  render(items, query) {
    this.items = items;
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    this.listbox.replaceChildren();
    if (!items.length) {
      this.close();
      this.announce(texts.none);
      return;
    }
    const needle = query.toLowerCase();
    items.forEach((item, index) => {
      const option = document.createElement("li");
      option.id = `${this.listbox.id}-${index}`;
      option.className = "tag-input__option";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.index = String(index);
      const at = item.name.toLowerCase().indexOf(needle);
      if (at >= 0) {
        const mark = document.createElement("mark");
        mark.textContent = item.name.slice(at, at + query.length);
        option.append(item.name.slice(0, at), mark, item.name.slice(at + query.length));
      } else {
        option.textContent = item.name;
      }
      this.listbox.appendChild(option);
    });
    this.open();
    this.announce(texts.count(items.length));
  }

  open() {
    this.listbox.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
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
    const item = this.items[index];
    if (!item) return;
    const value = this.input.value;
    let caret;
    if (this.single) {
      this.input.value = item.name;
      caret = item.name.length;
    } else {
      const { start, end } = this.token();
      const before = value.slice(0, start).replace(/\s+$/, "");
      const after = value.slice(end).replace(/^,\s*/, "").trimStart();
      const head = `${before}${before ? " " : ""}${item.name}, `;
      this.input.value = head + after;
      caret = head.length;
    }
    this.input.setSelectionRange(caret, caret);
    this.close();
    this.announce(texts.chosen(item.name));
    this.input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  announce(message) {
    this.status.textContent = message;
  }

  onKeyDown(event) {
    const count = this.items.length;
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!this.isOpen) {
          if (count) this.open();
          else this.schedule();
          if (!event.altKey && count) this.setActive(0);
        } else if (count) {
          this.setActive((this.active + 1) % count);
        }
        break;
      case "ArrowUp":
        if (this.isOpen && count) {
          event.preventDefault();
          this.setActive(this.active <= 0 ? count - 1 : this.active - 1);
        }
        break;
      case "Enter":
        if (this.isOpen && this.active >= 0) {
          event.preventDefault();
          this.choose(this.active);
        }
        break;
      case "Escape":
        if (this.isOpen) {
          event.preventDefault();
          this.close();
        }
        break;
      case "Tab":
        this.close();
        break;
      default:
        break;
    }
  }
}

export function enhanceTagInputs(root = document) {
  root.querySelectorAll("input[data-tag-autocomplete]").forEach((input) => {
    if (input.dataset.tagAutocompleteReady) return;
    input.dataset.tagAutocompleteReady = "true";
    new TagCombobox(input);
  });
}

enhanceTagInputs();
