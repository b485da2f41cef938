// Live notifications: keeps the unread count at the bell current and tells about new notifications politely
// (a status message for screen readers and a small note under the header, never taking the focus).
// Without JavaScript the bell still shows the count of the moment and links to the list.

const CLOSE_NOT_AUTHENTICATED = 4401;
const MAX_DELAY = 60_000;
const MAX_TOASTS = 3;

const bell = document.querySelector("[data-notification-bell]");
if (bell && "WebSocket" in window) {
  setUp(bell);
}

function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (match, key) => (key in values ? String(values[key]) : match));
}

function setUp(bell) {
  const text = bell.dataset;
  const badge = bell.querySelector("[data-notification-badge]");
  const countLabel = bell.querySelector("[data-notification-count]");
  const menuToggle = document.querySelector(".nav-toggle");

  // Live region and notes live at the end of the page, outside the navigation: on small screens the menu
  // is collapsed (display: none), and nothing inside it could be seen or announced.
  const live = document.createElement("div");
  live.className = "visually-hidden";
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  live.dataset.notificationLive = "";
  const toasts = document.createElement("aside");
  toasts.className = "notification-toasts";
  toasts.setAttribute("aria-label", text.textRegion);
  toasts.hidden = true;
  document.body.append(live, toasts);

  let menuHint = null;
  if (menuToggle) {
    menuHint = document.createElement("span");
    menuHint.className = "visually-hidden";
    menuToggle.append(menuHint);
  }

  let shown = parseCount(badge ? badge.textContent : "0");
  let socket = null;
  let attempt = 0;
  let timer = null;
  let stopped = false;
  let paused = false;
  let freshConnection = false;

  function parseCount(value) {
    const number = Number.parseInt(value, 10);
    return Number.isFinite(number) ? number : 0;
  }

  function badgeText(count) {
    return count > 99 ? "99+" : String(count);
  }

  function render(count) {
    shown = count;
    if (badge) {
      badge.textContent = badgeText(count);
      badge.hidden = count === 0;
    }
    if (countLabel) {
      countLabel.textContent = count ? `, ${format(text.textUnread, { count: badgeText(count) })}` : "";
    }
    if (menuToggle) {
      menuToggle.classList.toggle("has-unread-notifications", count > 0);
      menuHint.textContent = count ? ` (${badgeText(count)} ${text.textMenuUnread})` : "";
    }
  }

  function announce(message) {
    // Emptying first makes screen readers announce the same sentence twice in a row, too.
    live.textContent = "";
    window.setTimeout(() => {
      live.textContent = message;
    }, 100);
  }

  function removeToast(toast) {
    toast.remove();
    toasts.hidden = toasts.childElementCount === 0;
  }

  function showToast(frame) {
    const toast = document.createElement("div");
    toast.className = "notification-toast";
    toast.dataset.notificationId = String(frame.id);

    const heading = document.createElement("p");
    heading.className = "notification-toast__heading";
    heading.textContent = frame.kind_label ? `${text.textHeading} · ${frame.kind_label}` : text.textHeading;

    const link = document.createElement("a");
    link.className = "notification-toast__link";
    link.href = frame.open_url;
    link.textContent = frame.title;

    const actions = document.createElement("div");
    actions.className = "notification-toast__actions";
    const markRead = document.createElement("button");
    markRead.type = "button";
    markRead.className = "link-button";
    markRead.textContent = text.textMarkRead;
    markRead.addEventListener("click", () => {
      send({ type: "mark_read", id: frame.id });
      removeToast(toast);
    });
    const close = document.createElement("button");
    close.type = "button";
    close.className = "link-button";
    close.textContent = text.textClose;
    close.addEventListener("click", () => removeToast(toast));
    actions.append(markRead, close);

    toast.append(heading, link, actions);
    toasts.prepend(toast);
    while (toasts.childElementCount > MAX_TOASTS) {
      toasts.lastElementChild.remove();
    }
    toasts.hidden = false;
  }

  function handle(frame) {
    if (!frame || typeof frame !== "object") return;
    if (frame.type === "notification") {
      render(frame.unread);
      const count = format(text.textUnread, { count: badgeText(frame.unread) });
      announce(`${format(text.textNew, { title: frame.title })}. ${count}.`);
      showToast(frame);
    } else if (frame.type === "unread") {
      const changed = frame.unread !== shown;
      render(frame.unread);
      if (changed && !freshConnection) {
        announce(format(text.textUnread, { count: badgeText(frame.unread) }));
      }
      freshConnection = false;
    }
    // "error" and "pong" frames need no reaction here.
  }

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(frame));
    }
  }

  function connect() {
    window.clearTimeout(timer);
    timer = null;
    if (stopped || paused || socket) return;
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    socket = new WebSocket(`${scheme}//${window.location.host}${text.socketPath}`);
    freshConnection = true;
    bell.dataset.liveState = "connecting";
    socket.addEventListener("open", () => {
      attempt = 0;
      bell.dataset.liveState = "connected";
    });
    socket.addEventListener("message", (event) => {
      let frame = null;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      handle(frame);
    });
    socket.addEventListener("close", (event) => {
      socket = null;
      if (event.code === CLOSE_NOT_AUTHENTICATED) {
        stopped = true; // logged out in the meantime: the next page load shows the right header
        bell.dataset.liveState = "stopped";
        return;
      }
      bell.dataset.liveState = "reconnecting";
      scheduleReconnect();
    });
  }

  function scheduleReconnect() {
    if (stopped || paused || timer) return;
    // Exponential backoff with jitter: 1 s, 2 s, 4 s … up to a minute, so a restarting server is not stormed.
    const delay = Math.min(MAX_DELAY, 1000 * 2 ** attempt) * (0.5 + Math.random() / 2);
    attempt += 1;
    timer = window.setTimeout(connect, delay);
  }

  window.addEventListener("online", () => {
    attempt = 0;
    connect();
  });
  // Leaving the page closes the socket cleanly; coming back from the back/forward cache reopens it.
  window.addEventListener("pagehide", () => {
    paused = true;
    window.clearTimeout(timer);
    timer = null;
    if (socket) socket.close(1000);
  });
  window.addEventListener("pageshow", (event) => {
    if (!event.persisted) return;
    paused = false;
    attempt = 0;
    connect();
  });

  connect();
}
