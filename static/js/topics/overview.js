// The topic overview's filter: type a few letters and only the matching topics stay visible. Without JavaScript
// the whole A–Z list is there, with the letter navigation.

const fold = (text) =>
  text
    .toLocaleLowerCase("de")
    .replace(/ß/g, "ss")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "");

function setUp(container) {
  const input = container.querySelector("[data-topic-filter-input]");
  const status = container.querySelector("[data-topic-filter-status]");
  const index = container.closest(".topics-index");
  if (!input || !index) return;
  const groups = Array.from(index.querySelectorAll("[data-letter-group]"));
  const entries = groups.flatMap((group) =>
    Array.from(group.querySelectorAll("[data-topic-name]")).map((item) => ({
      item,
      group,
      name: fold(item.dataset.topicName || ""),
    })),
  );
  const letterNav = index.querySelector(".letter-nav");
  let timer = null;

  const announce = (count, query) => {
    if (!query) {
      status.textContent = "";
      return;
    }
    const label =
      count === 0 ? status.dataset.labelNone : count === 1 ? status.dataset.labelOne : status.dataset.labelMany;
    status.textContent = (label || "").replace("{count}", String(count));
  };

  const apply = () => {
    const query = fold(input.value.trim());
    let shown = 0;
    for (const entry of entries) {
      const match = !query || entry.name.includes(query);
      entry.item.hidden = !match;
      if (match) shown += 1;
    }
    for (const group of groups) {
      group.hidden = !group.querySelector("[data-topic-name]:not([hidden])");
    }
    if (letterNav) letterNav.hidden = Boolean(query);
    announce(shown, query);
  };

  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(apply, 120);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && input.value) {
      input.value = "";
      apply();
    }
  });
  container.hidden = false;
}

document.querySelectorAll("[data-topic-filter]").forEach(setUp);
