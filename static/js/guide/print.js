// The printable guide: a "Print" button for those who do not know the browser's own print command.
const button = document.querySelector("[data-print-button]");
if (button && typeof window.print === "function") {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
