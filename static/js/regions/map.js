// Links the map and the lists next to it: pointing at (or focusing) a marker highlights its table row or card,
// and pointing at a row highlights its marker. Pure enhancement: without this file everything still works.

function pairs(root) {
  const byMarker = new Map();
  root.querySelectorAll("[data-marker]").forEach((entry) => {
    const marker = document.getElementById(entry.dataset.marker);
    if (marker) byMarker.set(marker, entry);
  });
  return byMarker;
}

function highlight(elements, on) {
  elements.forEach((element) => element.classList.toggle("is-highlighted", on));
}

function connect(marker, entry) {
  const both = [marker, entry];
  const show = () => highlight(both, true);
  const hide = () => highlight(both, false);
  for (const element of both) {
    element.addEventListener("pointerenter", show);
    element.addEventListener("pointerleave", hide);
    element.addEventListener("focusin", show);
    element.addEventListener("focusout", hide);
  }
}

function setUp() {
  pairs(document).forEach((entry, marker) => connect(marker, entry));
}

setUp();
