// The account menu in the header is a <details> disclosure that works without JavaScript; this closes it when
// the member clicks elsewhere or presses Escape (and then returns the focus to its toggle).
const menus = document.querySelectorAll("[data-account-menu]");

document.addEventListener("click", (event) => {
  menus.forEach((menu) => {
    if (menu.open && !menu.contains(event.target)) menu.open = false;
  });
});

document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  menus.forEach((menu) => {
    if (!menu.open) return;
    menu.open = false;
    menu.querySelector("summary").focus();
  });
});
