// "My calls": a button that copies the personal calendar address. Without it the address is still there to
// select and copy by hand (a read-only field).

const source = document.querySelector("[data-copy-source]");
const button = document.querySelector("[data-copy-button]");
const status = document.querySelector("[data-copy-status]");

if (source && button && navigator.clipboard) {
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(source.value);
      if (status) status.textContent = button.dataset.copiedText || "";
    } catch {
      source.focus();
      source.select();
    }
  });
  source.addEventListener("focus", () => source.select());
}
