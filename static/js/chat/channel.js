// A live channel page: new messages appear as they are written, sending goes over the WebSocket, and nothing
// is lost or shown twice across reconnects.
//
// How: every message frame carries the channel's change number. The page applies changes in order and keeps
// the last one applied (`cursor`). A frame that skips numbers (a frame the server's channel layer dropped),
// a reconnect, or a heartbeat answer with a higher number makes it ask for {"type": "sync", "after": cursor}
// and the server answers with the current state of everything changed since. Applying a message is
// idempotent (an element is replaced only by a newer change of itself), so overlaps do no harm.
// Sending is idempotent, too: each message gets its own client id, kept (also in sessionStorage) until the
// server has stored it, and is sent again after a reconnect; the server stores it once.
//
// Without JavaScript the page works as well: the forms post, the links paginate. This script takes them over.

const FINAL_CLOSE_CODES = new Set([4401, 4403, 4404]);
const MAX_RECONNECT_DELAY = 30_000;
const HEARTBEAT_INTERVAL = 25_000;
const HEARTBEAT_TIMEOUT = 10_000;
const TYPING_SEND_INTERVAL = 3_000;
const TYPING_SHOWN_FOR = 6_000;
const READ_DELAY = 800;
const RESYNC_DELAY = 400;
const ACK_GRACE = 1_500;
// Two workers may publish consecutive changes in the opposite order; the missing one usually arrives within a
// few milliseconds. Only a gap that lasts this long (plus a random share, so that hundreds of pages do not ask
// at the same moment) is fetched.
const GAP_GRACE = 400;
const GAP_JITTER = 400;
// A pong reads the channel's number from the database, while the frame of that change may still be on its way
// through the channel layer: only when it has not arrived after this long is it fetched. (Asking at once made
// every heartbeat during a busy conversation a database query.)
const BEHIND_GRACE = 1_500;

const root = document.querySelector("[data-chat-channel]");
if (root && root.dataset.live === "1" && "WebSocket" in window) {
  start(root);
}

function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (match, key) => (key in values ? String(values[key]) : match));
}

function newClientId() {
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function start(root) {
  const text = root.dataset;
  const userId = Number(text.user);
  const socketPath = text.socketPath;
  const maxLength = Number(text.maxLength) || 4000;
  const list = root.querySelector("[data-chat-messages]");
  const log = root.querySelector("[data-chat-log]");
  const menuTemplate = root.querySelector("[data-chat-menu-template]");
  const status = root.querySelector("[data-chat-status]");
  const composer = root.querySelector("[data-chat-composer]");
  const input = composer ? composer.querySelector("[data-chat-input]") : null;
  const replyField = composer ? composer.querySelector("input[name='reply_to']") : null;
  const replyPreview = composer ? composer.querySelector("[data-chat-reply-preview]") : null;
  const composerError = composer ? composer.querySelector("[data-chat-composer-error]") : null;
  const counter = composer ? composer.querySelector("[data-chat-counter]") : null;
  const refusal = root.querySelector("[data-chat-refusal]");
  const typingLine = root.querySelector("[data-chat-typing]");
  const presenceBox = root.querySelector("[data-chat-presence]");
  const newBelow = root.querySelector("[data-chat-new-below]");
  const storageKey = `chat-outbox:${socketPath}`;

  const rights = {
    canPost: text.canPost === "1",
    canReact: text.canReact === "1",
    canModerate: text.canModerate === "1",
  };
  let cursor = Number(text.lastChange) || 0;
  let socket = null;
  let open = false;
  let attempt = 0;
  let reconnectTimer = null;
  let heartbeatTimer = null;
  let heartbeatDeadline = null;
  let stopped = false;
  let paused = false;
  let syncing = false;
  let resyncTimer = null;
  let gapTimer = null;
  let behindTimer = null;
  let lastTypingSent = 0;
  let readTimer = null;
  let lastReadSent = 0;
  const buffered = new Map(); // change number -> frame that arrived ahead of a gap
  const bySeq = new Map(); // seq -> element
  const outbox = new Map(); // client id -> {body, replyTo, element}
  const typing = new Map(); // user id -> {name, until}

  for (const element of list.querySelectorAll("li[data-seq]")) {
    bySeq.set(Number(element.dataset.seq), element);
    prepare(element);
  }

  // --- Connection state ----------------------------------------------------------------------------------------

  function setState(state, message) {
    root.dataset.liveState = state;
    if (!status) return;
    if (state === "connected" || state === "connecting") {
      status.hidden = true;
      status.textContent = "";
    } else {
      status.hidden = false;
      status.textContent = message;
    }
    status.classList.toggle("chat-connection--stopped", state === "stopped");
  }

  function connect() {
    window.clearTimeout(reconnectTimer);
    reconnectTimer = null;
    if (stopped || paused || socket) return;
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    socket = new WebSocket(`${scheme}//${window.location.host}${socketPath}`);
    if (root.dataset.liveState !== "reconnecting") setState("connecting");
    socket.addEventListener("open", () => {
      open = true;
      attempt = 0;
      startHeartbeat();
    });
    socket.addEventListener("message", (event) => {
      let frame = null;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      if (frame && typeof frame === "object") handle(frame);
    });
    socket.addEventListener("close", (event) => {
      socket = null;
      open = false;
      syncing = false;
      stopHeartbeat();
      if (FINAL_CLOSE_CODES.has(event.code)) {
        stopped = true;
        setState("stopped", text.textStopped);
        markOutbox(text.textStopped, true);
        return;
      }
      setState("reconnecting", text.textReconnecting);
      markOutbox(text.textQueued, false);
      scheduleReconnect();
    });
  }

  function scheduleReconnect() {
    if (stopped || paused || reconnectTimer) return;
    // Exponential backoff with jitter: about 1, 2, 4 … up to 30 seconds, so a restarting server is not stormed.
    const delay = Math.min(MAX_RECONNECT_DELAY, 1000 * 2 ** attempt) * (0.5 + Math.random() / 2);
    attempt += 1;
    reconnectTimer = window.setTimeout(connect, delay);
  }

  function send(frame) {
    if (!socket || !open) return false;
    socket.send(JSON.stringify(frame));
    return true;
  }

  function startHeartbeat() {
    stopHeartbeat();
    heartbeatTimer = window.setInterval(() => {
      if (!send({ type: "ping" })) return;
      window.clearTimeout(heartbeatDeadline);
      // No answer in time: the connection is dead without having said so. Close it and reconnect.
      heartbeatDeadline = window.setTimeout(() => {
        if (socket) socket.close();
      }, HEARTBEAT_TIMEOUT);
    }, HEARTBEAT_INTERVAL);
  }

  function stopHeartbeat() {
    window.clearInterval(heartbeatTimer);
    window.clearTimeout(heartbeatDeadline);
    heartbeatTimer = null;
  }

  // --- Frames ------------------------------------------------------------------------------------------------------

  function handle(frame) {
    switch (frame.type) {
      case "ready":
      case "access":
        onRights(frame);
        break;
      case "message":
        onMessage(frame);
        break;
      case "sync":
        onSync(frame);
        break;
      case "ack":
        onAck(frame);
        break;
      case "pong":
        window.clearTimeout(heartbeatDeadline);
        if (frame.last_change > cursor) syncIfStillBehind(frame.last_change);
        break;
      case "typing":
        onTyping(frame);
        break;
      case "presence":
        onPresence(frame);
        break;
      case "error":
        onError(frame);
        break;
      default:
        break;
    }
  }

  function onRights(frame) {
    rights.canPost = Boolean(frame.can_post);
    rights.canReact = Boolean(frame.can_react);
    rights.canModerate = Boolean(frame.can_moderate);
    for (const element of bySeq.values()) prepare(element);
    if (composer) composer.hidden = !rights.canPost;
    if (refusal) {
      refusal.hidden = rights.canPost;
      refusal.textContent = rights.canPost ? "" : frame.refusal_message || "";
    }
    if (frame.type === "ready") {
      setState("connected");
      if (frame.last_change > cursor || buffered.size) requestSync();
      resendOutbox();
    }
  }

  function onMessage(frame) {
    if (frame.change <= cursor) {
      applyMessage(frame); // a state we have seen the number of; applying is idempotent
      return;
    }
    if (frame.change === cursor + 1 && !syncing) {
      applyMessage(frame);
      advance(frame.change);
      drainBuffer();
      return;
    }
    buffered.set(frame.change, frame);
    if (!gapTimer) {
      gapTimer = window.setTimeout(() => {
        gapTimer = null;
        // Only the gap: everything after it is already here, waiting in `buffered`.
        if (buffered.size) requestSync(Math.min(...buffered.keys()) - 1);
      }, GAP_GRACE + Math.random() * GAP_JITTER);
    }
  }

  function advance(change) {
    cursor = Math.max(cursor, change);
    root.dataset.cursor = String(cursor);
  }

  function drainBuffer() {
    while (buffered.has(cursor + 1)) {
      const frame = buffered.get(cursor + 1);
      buffered.delete(cursor + 1);
      applyMessage(frame);
      advance(frame.change);
    }
    for (const change of [...buffered.keys()]) {
      if (change <= cursor) buffered.delete(change);
    }
    if (!buffered.size) {
      window.clearTimeout(gapTimer);
      gapTimer = null;
    }
  }

  function syncIfStillBehind(change) {
    if (behindTimer) return;
    behindTimer = window.setTimeout(() => {
      behindTimer = null;
      if (cursor < change) requestSync();
    }, BEHIND_GRACE);
  }

  function requestSync(until = null) {
    if (syncing || !open) return;
    syncing = true;
    const frame = { type: "sync", after: cursor };
    if (until !== null && until > cursor) frame.until = until;
    send(frame);
  }

  function onSync(frame) {
    for (const message of frame.messages || []) applyMessage(message);
    advance(frame.cursor);
    syncing = false;
    drainBuffer();
    if (!frame.complete) {
      requestSync();
    } else if (buffered.size) {
      // Changes numbered after the sync's snapshot but not yet committed then: ask again in a moment.
      window.clearTimeout(resyncTimer);
      resyncTimer = window.setTimeout(() => {
        if (buffered.size) requestSync(Math.min(...buffered.keys()) - 1);
      }, RESYNC_DELAY);
    }
  }

  function onAck(frame) {
    const pending = outbox.get(frame.client_id);
    if (pending && bySeq.has(frame.seq)) {
      forget(frame.client_id);
    } else if (pending) {
      pending.stored = true;
    }
    // The broadcast of the stored message normally follows the acknowledgement at once; only if it does not
    // arrive (dropped by the channel layer) is it fetched.
    window.setTimeout(() => {
      if (cursor < frame.change) requestSync();
    }, ACK_GRACE);
  }

  function onError(frame) {
    if (frame.request === "sync") syncing = false;
    const pending = frame.client_id ? outbox.get(frame.client_id) : null;
    if (pending) {
      if ((frame.code === "rate_limited" || frame.code === "slow_mode") && frame.retry_after) {
        setPending(pending, frame.message, false);
        window.setTimeout(() => sendPending(frame.client_id), frame.retry_after * 1000);
      } else {
        setPending(pending, `${text.textFailed} ${frame.message}`, true);
      }
      return;
    }
    showComposerError(frame.message);
  }

  // --- Messages in the list ----------------------------------------------------------------------------------------

  function fromHtml(html) {
    const template = document.createElement("template");
    template.innerHTML = html.trim(); // rendered and sanitised by the server
    return template.content.firstElementChild;
  }

  function oldestLoadedSeq() {
    let oldest = Infinity;
    for (const seq of bySeq.keys()) oldest = Math.min(oldest, seq);
    return oldest;
  }

  function applyMessage(frame) {
    if (typeof frame.html !== "string" || typeof frame.seq !== "number") return;
    const existing = bySeq.get(frame.seq);
    if (existing) {
      if (Number(existing.dataset.change) >= frame.change) return;
      const element = fromHtml(frame.html);
      const hadFocus = existing.contains(document.activeElement);
      prepare(element);
      existing.replaceWith(element);
      bySeq.set(frame.seq, element);
      if (hadFocus) element.focus({ preventScroll: true });
      return;
    }
    // Older than the loaded stretch while older pages exist: "load older" brings it when wanted.
    if (root.querySelector("[data-chat-older]") && frame.seq < oldestLoadedSeq()) return;
    const stick = isAtBottom();
    const element = fromHtml(frame.html);
    prepare(element);
    insertInOrder(element, frame.seq);
    bySeq.set(frame.seq, element);
    const placeholder = list.querySelector("[data-chat-empty]");
    if (placeholder) placeholder.remove();
    const mine = frame.author === userId;
    if (frame.client_id && outbox.has(frame.client_id)) forget(frame.client_id);
    if (stick || mine) {
      scrollToBottom();
    } else if (newBelow) {
      newBelow.hidden = false;
    }
    if (!mine) scheduleRead();
  }

  function insertInOrder(element, seq) {
    // Usually the newest: walk back from the end until a smaller number is found.
    let before = null;
    for (let node = list.lastElementChild; node; node = node.previousElementSibling) {
      if (node.dataset.seq && Number(node.dataset.seq) < seq) break;
      if (node.dataset.seq || node.dataset.chatDivider !== undefined) before = node;
    }
    const firstPending = list.querySelector(".chat-message--pending");
    if (!before && firstPending) before = firstPending;
    list.insertBefore(element, before);
  }

  // Shows each control only to whom it is for (the server checks every action anyway).
  function allowed(rule, own) {
    return rule.split(" ").some((alternative) =>
      alternative.split("+").every((need) => {
        if (need === "own") return own;
        if (need === "other") return !own;
        if (need === "moderate") return rights.canModerate;
        if (need === "write") return rights.canPost;
        if (need === "react") return rights.canReact;
        return false;
      }),
    );
  }

  // Live frames leave out the message menu (it would go to every socket); the page holds one copy with
  // placeholder numbers, filled in here for each message.
  function addMenu(element) {
    const slot = element.querySelector("[data-chat-menu]");
    if (!slot || !menuTemplate) return;
    const seq = element.dataset.seq;
    const author = element.dataset.author || "";
    const html = menuTemplate.innerHTML
      .split(menuTemplate.dataset.seq)
      .join(seq)
      .split(menuTemplate.dataset.author)
      .join(author);
    const menu = fromHtml(html);
    if (!menu) return;
    const name = element.querySelector(".chat-message__author");
    const label = menu.querySelector("summary .visually-hidden");
    if (label) label.textContent = label.textContent.replace("{name}", name ? name.textContent.trim() : "");
    if (!author) {
      const mute = menu.querySelector("[data-chat-only='moderate+other']");
      if (mute) mute.remove();
    }
    const pinned = element.classList.contains("chat-message--pinned");
    const pinValue = menu.querySelector("[data-chat-pin-value]");
    if (pinValue) pinValue.value = pinned ? "0" : "1";
    const pinLabel = menu.querySelector("[data-chat-pin-label]");
    if (pinLabel) pinLabel.textContent = pinned ? pinLabel.dataset.labelUnpin : pinLabel.dataset.labelPin;
    slot.replaceWith(menu);
  }

  function prepare(element) {
    if (!element || !element.dataset) return;
    addMenu(element);
    const own = Number(element.dataset.author) === userId;
    for (const node of element.querySelectorAll("[data-chat-only]")) {
      node.hidden = !allowed(node.dataset.chatOnly, own);
    }
    const mentions = (element.dataset.mentions || "").split(" ");
    element.classList.toggle("chat-message--mention", mentions.includes(String(userId)));
    for (const button of element.querySelectorAll("[data-reactors]")) {
      const mine = button.dataset.reactors.split(" ").includes(String(userId));
      button.setAttribute("aria-pressed", mine ? "true" : "false");
      button.classList.toggle("chat-reaction--mine", mine);
      button.disabled = !rights.canReact;
    }
    for (const form of element.querySelectorAll("form")) {
      if (!form.querySelector("input[name='csrfmiddlewaretoken']")) {
        const token = document.createElement("input");
        token.type = "hidden";
        token.name = "csrfmiddlewaretoken";
        token.value = text.csrf;
        form.prepend(token);
      }
    }
  }

  // --- Scrolling and reading ---------------------------------------------------------------------------------------

  function isAtBottom() {
    return log.scrollHeight - log.scrollTop - log.clientHeight < 48;
  }

  function scrollToBottom() {
    log.scrollTop = log.scrollHeight;
    if (newBelow) newBelow.hidden = true;
  }

  function newestSeq() {
    let newest = 0;
    for (const seq of bySeq.keys()) newest = Math.max(newest, seq);
    return newest;
  }

  function scheduleRead() {
    if (document.visibilityState !== "visible") return;
    window.clearTimeout(readTimer);
    readTimer = window.setTimeout(() => {
      const newest = newestSeq();
      if (newest > lastReadSent && isAtBottom() && send({ type: "read", seq: newest })) lastReadSent = newest;
    }, READ_DELAY);
  }

  log.addEventListener("scroll", () => {
    if (isAtBottom()) {
      if (newBelow) newBelow.hidden = true;
      scheduleRead();
    }
  });
  if (newBelow) newBelow.querySelector("button").addEventListener("click", scrollToBottom);
  document.addEventListener("visibilitychange", scheduleRead);

  // --- Sending -------------------------------------------------------------------------------------------------------

  function saveOutbox() {
    try {
      const items = [...outbox.entries()].map(([id, item]) => ({ id, body: item.body, replyTo: item.replyTo }));
      if (items.length) {
        window.sessionStorage.setItem(storageKey, JSON.stringify(items));
      } else {
        window.sessionStorage.removeItem(storageKey);
      }
    } catch {
      // Private mode or full storage: the messages are still kept while the page is open.
    }
  }

  function pendingElement(body) {
    const element = document.createElement("li");
    element.className = "chat-message chat-message--pending";
    const main = document.createElement("div");
    main.className = "chat-message__main";
    const paragraph = document.createElement("p");
    paragraph.className = "chat-message__pending-text";
    paragraph.textContent = body;
    const state = document.createElement("p");
    state.className = "chat-message__pending-state";
    state.dataset.chatPendingState = "";
    main.append(paragraph, state);
    element.append(main);
    return element;
  }

  function setPending(pending, message, failed) {
    const state = pending.element.querySelector("[data-chat-pending-state]");
    state.textContent = message;
    pending.element.classList.toggle("chat-message--failed", failed);
    for (const button of state.parentElement.querySelectorAll("button")) button.remove();
    if (!failed) return;
    const retry = document.createElement("button");
    retry.type = "button";
    retry.className = "link-button";
    retry.textContent = text.textRetry;
    retry.addEventListener("click", () => sendPending(pending.id));
    const back = document.createElement("button");
    back.type = "button";
    back.className = "link-button";
    back.textContent = text.textEditText;
    back.addEventListener("click", () => {
      if (input && !input.value.trim()) input.value = pending.body;
      else if (input) input.value = `${input.value}\n${pending.body}`;
      forget(pending.id);
      updateCounter();
      if (input) input.focus();
    });
    state.parentElement.append(retry, back);
  }

  function queue(body, replyTo, id = newClientId()) {
    const element = pendingElement(body);
    list.append(element);
    const pending = { id, body, replyTo, element, stored: false };
    outbox.set(id, pending);
    saveOutbox();
    scrollToBottom();
    sendPending(id);
  }

  function sendPending(id) {
    const pending = outbox.get(id);
    if (!pending) return;
    const frame = { type: "send", client_id: id, body: pending.body };
    if (pending.replyTo) frame.reply_to = pending.replyTo;
    if (send(frame)) {
      setPending(pending, text.textSending, false);
    } else {
      setPending(pending, stopped ? text.textStopped : text.textQueued, stopped);
    }
  }

  function resendOutbox() {
    for (const id of outbox.keys()) sendPending(id);
  }

  function markOutbox(message, failed) {
    for (const pending of outbox.values()) setPending(pending, message, failed);
  }

  function forget(id) {
    const pending = outbox.get(id);
    if (!pending) return;
    pending.element.remove();
    outbox.delete(id);
    saveOutbox();
  }

  function restoreOutbox() {
    let items = [];
    try {
      items = JSON.parse(window.sessionStorage.getItem(storageKey) || "[]");
    } catch {
      items = [];
    }
    for (const item of Array.isArray(items) ? items : []) {
      if (item && typeof item.id === "string" && typeof item.body === "string") {
        queue(item.body, item.replyTo || null, item.id);
      }
    }
  }

  function showComposerError(message) {
    if (!composerError) return;
    composerError.textContent = message || "";
    composerError.hidden = !message;
  }

  function updateCounter() {
    if (!input || !counter) return;
    const length = input.value.trim().length;
    if (length > maxLength) {
      counter.textContent = format(text.textTooLong, { over: length - maxLength });
      counter.classList.add("chat-counter--over");
    } else if (length > maxLength * 0.8) {
      counter.textContent = format(text.textCharacters, { count: length, limit: maxLength });
      counter.classList.remove("chat-counter--over");
    } else {
      counter.textContent = "";
      counter.classList.remove("chat-counter--over");
    }
  }

  function setReply(seq) {
    if (!composer || !replyField || !replyPreview) return;
    const original = bySeq.get(seq);
    if (!original) return;
    const author = original.querySelector(".chat-message__author");
    const body = original.querySelector(".chat-message__body");
    replyField.value = String(seq);
    replyPreview.querySelector("[data-chat-reply-label]").textContent = format(text.textReplyTo, {
      name: author ? author.textContent.trim() : "",
    });
    const excerpt = body ? body.textContent.trim().replace(/\s+/g, " ") : "";
    replyPreview.querySelector("[data-chat-reply-excerpt]").textContent =
      excerpt.length > 140 ? `${excerpt.slice(0, 139)}…` : excerpt;
    replyPreview.hidden = false;
    input.focus();
  }

  function clearReply() {
    if (replyField) replyField.value = "";
    if (replyPreview) replyPreview.hidden = true;
  }

  if (composer && input) {
    composer.addEventListener("submit", (event) => {
      if (stopped) return; // the plain form posts: it works without the live connection
      event.preventDefault();
      const body = input.value.trim();
      if (!body) {
        showComposerError(text.textEmpty || "");
        input.focus();
        return;
      }
      if (body.length > maxLength) {
        showComposerError(format(text.textTooLong, { over: body.length - maxLength }));
        input.focus();
        return;
      }
      showComposerError("");
      const replyTo = replyField && replyField.value ? Number(replyField.value) : null;
      queue(body, replyTo);
      input.value = "";
      clearReply();
      updateCounter();
      input.focus();
    });
    input.addEventListener("keydown", (event) => {
      // Enter sends, Shift+Enter starts a new line (not while an input method composes a character).
      if (event.key === "Enter" && !event.shiftKey && !event.ctrlKey && !event.altKey && !event.metaKey) {
        if (event.isComposing) return;
        event.preventDefault();
        composer.requestSubmit();
      }
    });
    input.addEventListener("input", () => {
      updateCounter();
      const now = Date.now();
      if (input.value.trim() && now - lastTypingSent > TYPING_SEND_INTERVAL && send({ type: "typing" })) {
        lastTypingSent = now;
      }
    });
    const cancel = composer.querySelector("[data-chat-cancel-reply]");
    if (cancel) {
      cancel.addEventListener("click", (event) => {
        event.preventDefault();
        clearReply();
        input.focus();
      });
    }
  }

  // --- Actions on messages (delegated: works for messages added later, too) ------------------------------------

  list.addEventListener("click", (event) => {
    const reply = event.target.closest("[data-chat-reply]");
    if (reply && composer) {
      event.preventDefault();
      closeMenu(reply);
      setReply(Number(reply.dataset.chatReply));
      return;
    }
    const remove = event.target.closest("[data-chat-delete]");
    if (remove && open) {
      event.preventDefault();
      closeMenu(remove);
      if (window.confirm(text.textConfirmDelete)) send({ type: "delete", seq: Number(remove.dataset.chatDelete) });
    }
  });

  list.addEventListener("submit", (event) => {
    const form = event.target.closest("form[data-chat-action]");
    if (!form || !open) return; // without the connection the form posts as usual
    const element = form.closest("li[data-seq]");
    if (!element) return;
    event.preventDefault();
    const seq = Number(element.dataset.seq);
    if (form.dataset.chatAction === "react") {
      const submitter = event.submitter;
      const emoji = submitter && submitter.name === "emoji" ? submitter.value : form.elements.emoji?.value;
      if (emoji) send({ type: "react", seq, emoji });
    } else if (form.dataset.chatAction === "pin") {
      send({ type: "pin", seq, pinned: form.elements.pinned.value === "1" });
    }
    closeMenu(form);
  });

  function closeMenu(node) {
    const menu = node.closest("details");
    if (menu) menu.open = false;
  }

  // --- Load older ------------------------------------------------------------------------------------------------------

  root.addEventListener("click", async (event) => {
    const link = event.target.closest("[data-chat-older]");
    if (!link) return;
    event.preventDefault();
    if (link.getAttribute("aria-busy") === "true") return;
    link.setAttribute("aria-busy", "true");
    const label = link.textContent;
    link.textContent = text.textLoading;
    try {
      const response = await fetch(`${text.olderUrl}?vor=${encodeURIComponent(link.dataset.before)}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(String(response.status));
      const data = await response.json();
      const heightBefore = log.scrollHeight;
      const first = list.firstElementChild;
      for (const message of data.messages) {
        if (bySeq.has(message.seq)) continue;
        const element = fromHtml(message.html);
        prepare(element);
        list.insertBefore(element, first);
        bySeq.set(message.seq, element);
      }
      log.scrollTop += log.scrollHeight - heightBefore;
      if (data.has_older && data.first_seq) {
        link.dataset.before = String(data.first_seq);
        link.href = `?vor=${data.first_seq}`;
        link.textContent = label;
      } else {
        link.closest("p").remove();
      }
    } catch {
      link.textContent = label;
      showComposerError(text.textLoadFailed);
    } finally {
      link.removeAttribute("aria-busy");
    }
  });

  // --- Typing and presence -------------------------------------------------------------------------------------------

  function renderTyping() {
    if (!typingLine) return;
    const now = Date.now();
    for (const [id, entry] of typing) if (entry.until < now) typing.delete(id);
    const names = [...typing.values()].map((entry) => entry.name);
    if (!names.length) {
      typingLine.textContent = "";
    } else if (names.length === 1) {
      typingLine.textContent = format(text.textTypingOne, { name: names[0] });
    } else {
      typingLine.textContent = format(text.textTypingMany, { names: names.join(", ") });
    }
  }

  function onTyping(frame) {
    if (frame.user === userId) return;
    typing.set(frame.user, { name: frame.name, until: Date.now() + TYPING_SHOWN_FOR });
    renderTyping();
    window.setTimeout(renderTyping, TYPING_SHOWN_FOR + 50);
  }

  function onPresence(frame) {
    if (!presenceBox) return;
    presenceBox.hidden = false;
    presenceBox.querySelector("[data-chat-presence-count]").textContent = format(text.textOnline, {
      count: frame.count,
    });
    const target = presenceBox.querySelector("[data-chat-presence-list]");
    target.replaceChildren(
      ...(frame.members || []).map((member) => {
        const item = document.createElement("li");
        item.textContent = member.name;
        return item;
      }),
    );
  }

  // --- Start ---------------------------------------------------------------------------------------------------------

  window.addEventListener("online", () => {
    attempt = 0;
    connect();
  });
  window.addEventListener("pagehide", () => {
    paused = true;
    window.clearTimeout(reconnectTimer);
    reconnectTimer = null;
    if (socket) socket.close(1000);
  });
  window.addEventListener("pageshow", (event) => {
    if (!event.persisted) return;
    paused = false;
    attempt = 0;
    connect();
  });

  const target = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
  if (target && log.contains(target)) {
    log.scrollTop = target.offsetTop - 16;
  } else {
    scrollToBottom();
  }
  updateCounter();
  root.dataset.cursor = String(cursor);
  restoreOutbox();
  connect();
}
