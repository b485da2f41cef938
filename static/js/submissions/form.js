// The submission form, enhanced: character counts under long texts, the chosen files listed with their size
// (too large ones flagged before anything is uploaded), and a warning before leaving with unsaved changes.
// Without this script the form works the same; the server checks everything again.

const MAX_BYTES = { new_images: 8 * 1024 * 1024, new_documents: 10 * 1024 * 1024 };

const TEXTS = {
  de: {
    count: (n, max) => `${n.toLocaleString("de-DE")} von ${max.toLocaleString("de-DE")} Zeichen`,
    size: (bytes) => `${(bytes / (1024 * 1024)).toLocaleString("de-DE", { maximumFractionDigits: 1 })} MB`,
    tooLarge: "zu groß",
  },
  en: {
    count: (n, max) => `${n.toLocaleString("en")} of ${max.toLocaleString("en")} characters`,
    size: (bytes) => `${(bytes / (1024 * 1024)).toLocaleString("en", { maximumFractionDigits: 1 })} MB`,
    tooLarge: "too large",
  },
};
const texts = TEXTS[(document.documentElement.lang || "de").slice(0, 2)] || TEXTS.de;

function characterCounts(form) {
  form.querySelectorAll("[data-char-count-for]").forEach((counter) => {
    const field = document.getElementById(counter.dataset.charCountFor);
    const max = Number(field?.getAttribute("maxlength"));
    if (!field || !max) return;
    // The server counts characters, not UTF-16 units: an emoji is one.
    const update = () => {
      const length = [...field.value].length;
      counter.textContent = texts.count(length, max);
      counter.classList.toggle("is-over", length > max);
    };
    // The browser's own maxlength counts UTF-16 units and would cut texts the server accepts.
    field.removeAttribute("maxlength");
    counter.hidden = false;
    field.addEventListener("input", update);
    update();
  });
}

function fileLists(form) {
  form.querySelectorAll('input[type="file"]').forEach((input) => {
    const list = document.createElement("ul");
    list.className = "file-list";
    list.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", list);
    input.addEventListener("change", () => {
      list.replaceChildren();
      const limit = MAX_BYTES[input.name] || Infinity;
      for (const file of input.files) {
        const item = document.createElement("li");
        item.textContent = `${file.name} (${texts.size(file.size)})`;
        if (file.size > limit) {
          item.classList.add("is-too-large");
          item.textContent += ` – ${texts.tooLarge}`;
        }
        list.append(item);
      }
    });
  });
}

function unsavedChangesGuard(form) {
  let dirty = false;
  let submitting = false;
  form.addEventListener("input", () => {
    dirty = true;
  });
  form.addEventListener("change", () => {
    dirty = true;
  });
  form.addEventListener("submit", () => {
    submitting = true;
  });
  window.addEventListener("beforeunload", (event) => {
    if (dirty && !submitting) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
}

document.querySelectorAll("form[data-submission-form]").forEach((form) => {
  characterCounts(form);
  fileLists(form);
  unsavedChangesGuard(form);
});

// After a failed save the error summary takes the focus, so screen readers announce it at once.
document.getElementById("form-errors")?.focus();
