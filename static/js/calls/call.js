// A call's page. Without this script everything works: registration and cancellation are plain forms, and the
// browser's own print command prints the page (the print styles lay out the minutes).
//
// - "Print the minutes" prints only the minutes section (the rest of the page is hidden while printing).

const printButton = document.querySelector("[data-print-minutes]");

if (printButton && typeof window.print === "function") {
  printButton.hidden = false;
  printButton.addEventListener("click", () => {
    document.body.classList.add("is-printing-minutes");
    window.print();
  });
  window.addEventListener("afterprint", () => document.body.classList.remove("is-printing-minutes"));
}
