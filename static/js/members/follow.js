// Follow buttons (templates/members/includes/follow_button.html) submit in place: the form is posted with
// fetch, the button flips and a status message is announced. Without this script the form posts and the
// server redirects back with a message, which is just as complete.

const field = (form, name) => form.querySelector(`input[name="${name}"]`);

function updateForms(type, id, following) {
  document.querySelectorAll("form[data-follow-form]").forEach((form) => {
    if (field(form, "type").value !== type || field(form, "id").value !== id) return;
    field(form, "operation").value = following ? "unfollow" : "follow";
    const button = form.querySelector("button[type=submit]");
    button.classList.toggle("follow-button--following", following);
    const text = button.querySelector(".follow-button__text");
    if (text) text.textContent = following ? button.dataset.labelUnfollow : button.dataset.labelFollow;
  });
}

document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.matches("form[data-follow-form]")) return;
  event.preventDefault();
  if (form.dataset.busy) return;
  form.dataset.busy = "true";
  const button = form.querySelector("button[type=submit]");
  const status = form.querySelector("[data-follow-status]");
  button.setAttribute("aria-disabled", "true");
  try {
    const response = await fetch(form.getAttribute("action"), {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    const data = await response.json().catch(() => ({}));
    if (response.ok && typeof data.following === "boolean") {
      updateForms(field(form, "type").value, field(form, "id").value, data.following);
    }
    if (status) status.textContent = data.detail || "";
  } catch (error) {
    form.submit(); // no connection to the server answer: fall back to the ordinary form post
    return;
  } finally {
    delete form.dataset.busy;
    button.removeAttribute("aria-disabled");
  }
});
