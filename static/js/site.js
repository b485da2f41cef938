// Progressive enhancements shared by every page. The site works without this file.
document.documentElement.classList.add("js");

function setUpNavigationToggle() {
  const toggle = document.querySelector(".nav-toggle");
  const nav = document.getElementById("site-nav");
  if (!toggle || !nav) return;
  toggle.hidden = false;
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") === "true";
    toggle.setAttribute("aria-expanded", String(!open));
    nav.classList.toggle("is-open", !open);
  });
}

function setUpLanguageSwitch() {
  // With JavaScript the language applies as soon as it is chosen; the button stays for keyboard users.
  const select = document.getElementById("language-select");
  if (!select || !select.form) return;
  select.addEventListener("change", () => select.form.requestSubmit());
}

setUpNavigationToggle();
setUpLanguageSwitch();
