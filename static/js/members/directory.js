// The member directory's filter form is a plain GET form. This leaves empty filters out of the address, so a
// shared link reads /mitglieder/?thema=Kita instead of listing every empty field.
const form = document.querySelector("form[data-directory-filters]");
if (form) {
  form.addEventListener("submit", () => {
    const empty = [...form.elements].filter((field) => field.name && !field.disabled && field.value.trim() === "");
    empty.forEach((field) => {
      field.disabled = true;
    });
    // Re-enable them after the navigation has started, so that going back shows a usable form.
    window.setTimeout(() => empty.forEach((field) => { field.disabled = false; }), 0);
  });
}
