// A discussion under a page, live: new posts, edits, deletions, hides and reactions appear for everyone
// viewing, in order, without a reload; members post and react over the WebSocket.
//
// How: every frame that changes something carries the thread's change number. Applying a post is idempotent
// (an element is replaced only by a newer change of itself), so the page applies frames as they come and only
// uses the numbers to notice what it missed: a number that skips ahead, a reconnect, or a heartbeat answer
// with a higher number makes it ask for {"type": "sync", "after": cursor}, and the server answers with the
// current state of every post changed since.
// Posting is idempotent too: the form's client id goes with the post, and if the socket does not confirm in
// time the ordinary form is submitted with the same id; the server stores the post once.
//
// Without JavaScript the section works as well: the forms post and come back to the post, ?diskussion=N pages.

const FINAL_CLOSE_CODES = new Set([4403, 4404]);
const MAX_RECONNECT_DELAY = 30_000;
const HEARTBEAT_INTERVAL = 25_000;
const ACK_TIMEOUT = 8_000;
const GAP_GRACE = 500;
const BEHIND_GRACE = 1_500; // after a pong that reports a newer change (see "pong" below)
const SEEN_DELAY = 1_000;

const root = document.querySelector("[data-thread]");
if (root) {
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
  const userId = Number(text.user) || null;
  const member = text.member === "1";
  const isLastPage = text.lastPage === "1";
  const maxLength = Number(text.maxLength) || 10000;
  const list = root.querySelector("[data-thread-posts]");
  const status = root.querySelector("[data-thread-status]");
  const announcer = root.querySelector("[data-thread-announcer]");
  const elsewhere = root.querySelector("[data-thread-elsewhere]");
  const lockedNotice = root.querySelector("[data-thread-locked]");
  const lockReason = root.querySelector("[data-thread-lock-reason]");
  const empty = root.querySelector("[data-thread-empty]");
  const composer = root.querySelector("[data-thread-composer]");
  const input = composer ? composer.querySelector("[data-thread-input]") : null;
  const replyField = composer ? composer.querySelector("[data-thread-reply-field]") : null;
  const replyPreview = composer ? composer.querySelector("[data-thread-reply-preview]") : null;
  const composerError = composer ? composer.querySelector("[data-thread-composer-error]") : null;
  const counter = composer ? composer.querySelector("[data-thread-counter]") : null;
  const csrfInput = root.querySelector("input[name='csrfmiddlewaretoken']");
  const csrfToken = csrfInput ? csrfInput.value : "";

  const rights = {
    canPost: text.canPost === "1",
    canModerate: text.canModerate === "1",
  };
  const mine = new Map(); // post id -> Set of the member's reactions
  let cursor = Number(text.lastChange) || 0;
  const ahead = new Set(); // change numbers applied beyond the cursor
  let stateChange = cursor;
  let highestNumber = 0;
  let socket = null;
  let open = false;
  let stopped = false;
  let attempt = 0;
  let reconnectTimer = null;
  let heartbeatTimer = null;
  let gapTimer = null;
  let seenTimer = null;
  let syncing = false;
  let pending = null; // {clientId, timer}

  for (const item of root.querySelectorAll("li[data-post]")) {
    highestNumber = Math.max(highestNumber, Number(item.dataset.number) || 0);
    const article = item.querySelector(":scope > [data-post-article]");
    if (!article) continue;
    const postId = Number(item.dataset.post);
    for (const button of article.querySelectorAll("[data-reaction][aria-pressed='true']")) {
      mineOf(postId).add(button.dataset.reaction);
    }
    prepare(article, postId);
  }

  function mineOf(postId) {
    if (!mine.has(postId)) mine.set(postId, new Set());
    return mine.get(postId);
  }

  // --- Controls a viewer may use --------------------------------------------------------------------------------

  function allowed(token, own) {
    switch (token) {
      case "write":
        return rights.canPost;
      case "own-write":
        return own && rights.canPost;
      case "own":
        return own && member;
      case "other":
        return member && !own;
      case "moderate":
        return rights.canModerate;
      case "guest":
        return !rights.canPost;
      default:
        return false;
    }
  }

  function prepare(article, postId) {
    const own = userId !== null && Number(article.dataset.author) === userId;
    for (const element of article.querySelectorAll("[data-thread-only]")) {
      element.hidden = !element.dataset.threadOnly.split(" ").some((token) => allowed(token, own));
    }
    for (const form of article.querySelectorAll("form[method='post']")) {
      if (csrfToken && !form.querySelector("input[name='csrfmiddlewaretoken']")) {
        const hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = "csrfmiddlewaretoken";
        hidden.value = csrfToken;
        form.prepend(hidden);
      }
    }
    const chosen = mine.get(postId) || new Set();
    for (const button of article.querySelectorAll("[data-reaction]")) {
      const on = chosen.has(button.dataset.reaction);
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.classList.toggle("thread-reaction--mine", on);
    }
  }

  function prepareAll() {
    for (const item of root.querySelectorAll("li[data-post]")) {
      const article = item.querySelector(":scope > [data-post-article]");
      if (article) prepare(article, Number(item.dataset.post));
    }
  }

  // --- Status and announcements -------------------------------------------------------------------------------

  function setState(state, message) {
    root.dataset.liveState = state;
    if (!status) return;
    status.hidden = !message;
    status.textContent = message || "";
    status.classList.toggle("thread__status--stopped", state === "stopped");
  }

  function announce(message) {
    if (!announcer) return;
    announcer.textContent = "";
    window.setTimeout(() => {
      announcer.textContent = message;
    }, 50);
  }

  function applyRights(frame) {
    rights.canPost = Boolean(frame.can_post);
    rights.canModerate = Boolean(frame.can_moderate);
    setLocked(Boolean(frame.locked), null);
    if (composer) composer.hidden = !rights.canPost;
    prepareAll();
  }

  function setLocked(locked, reason) {
    if (lockedNotice) lockedNotice.hidden = !locked;
    if (lockReason && reason) lockReason.textContent = reason;
    if (locked && composer) composer.hidden = true;
  }

  // --- Applying posts -------------------------------------------------------------------------------------------

  function articleFrom(html) {
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.querySelector("[data-post-article]");
  }

  function newItem(frame, reply) {
    const item = document.createElement("li");
    item.className = reply ? "thread-item thread-item--reply thread-item--live" : "thread-item thread-item--live";
    item.id = `beitrag-${frame.id}`;
    item.dataset.post = String(frame.id);
    item.dataset.number = String(frame.number);
    item.tabIndex = -1;
    if (!reply) {
      const replies = document.createElement("ol");
      replies.className = "thread__replies";
      replies.dataset.threadReplies = "";
      item.append(replies);
    }
    return item;
  }

  function insertOrdered(container, item, number) {
    const following = Array.from(container.children).find(
      (child) => child.dataset && Number(child.dataset.number) > number,
    );
    container.insertBefore(item, following || null);
  }

  function applyPost(frame) {
    highestNumber = Math.max(highestNumber, frame.number || 0);
    const existing = document.getElementById(`beitrag-${frame.id}`);
    const article = articleFrom(frame.html || "");
    if (!article) return;
    if (existing) {
      const current = existing.querySelector(":scope > [data-post-article]");
      if (current && Number(current.dataset.change) >= frame.change) return;
      prepare(article, frame.id);
      if (current) current.replaceWith(article);
      else existing.prepend(article);
      return;
    }
    let item;
    if (frame.parent === null || frame.parent === undefined) {
      if (!isLastPage) {
        if (elsewhere) elsewhere.hidden = false;
        announce(text.textNewElsewhere);
        return;
      }
      item = newItem(frame, false);
      item.prepend(article);
      insertOrdered(list, item, frame.number);
    } else {
      const parent = document.getElementById(`beitrag-${frame.parent}`);
      const replies = parent ? parent.querySelector(":scope > [data-thread-replies]") : null;
      if (!replies) return; // its top-level post is on another page
      item = newItem(frame, true);
      item.prepend(article);
      insertOrdered(replies, item, frame.number);
    }
    prepare(article, frame.id);
    if (empty) empty.hidden = true;
    if (frame.author !== userId) {
      const author = article.querySelector(".thread-post__author");
      announce(format(text.textNewPost, { name: author ? author.textContent.trim() : "" }));
      scheduleSeen();
    }
  }

  function applyState(frame) {
    if (frame.change <= stateChange) return;
    stateChange = frame.change;
    setLocked(Boolean(frame.locked), frame.lock_reason);
  }

  // Change numbers: what was applied, and whether something is missing in between.
  function counted(change) {
    if (typeof change !== "number" || change <= cursor) return;
    ahead.add(change);
    while (ahead.has(cursor + 1)) {
      cursor += 1;
      ahead.delete(cursor);
    }
    if (ahead.size) scheduleSync(GAP_GRACE);
  }

  function scheduleSync(delay) {
    if (gapTimer) return;
    gapTimer = window.setTimeout(() => {
      gapTimer = null;
      requestSync();
    }, delay);
  }

  function requestSync() {
    if (!open || syncing) return;
    syncing = true;
    send({ type: "sync", after: cursor });
  }

  function applySync(frame) {
    syncing = false;
    for (const post of frame.posts || []) applyPost(post);
    if (typeof frame.cursor === "number" && frame.cursor > cursor) {
      stateChange = Math.max(stateChange, frame.cursor);
      setLocked(Boolean(frame.locked), frame.lock_reason);
      cursor = frame.cursor;
      for (const change of Array.from(ahead)) if (change <= cursor) ahead.delete(change);
    }
    if (!frame.complete || ahead.size) scheduleSync(0);
  }

  // --- Last visit -------------------------------------------------------------------------------------------------

  function scheduleSeen() {
    if (!member || seenTimer) return;
    seenTimer = window.setTimeout(() => {
      seenTimer = null;
      if (document.visibilityState === "visible" && open) send({ type: "seen", number: highestNumber });
    }, SEEN_DELAY);
  }

  // --- The connection ---------------------------------------------------------------------------------------------

  function send(frame) {
    if (socket && open) socket.send(JSON.stringify(frame));
  }

  function connect() {
    window.clearTimeout(reconnectTimer);
    reconnectTimer = null;
    if (stopped || socket || !text.socketPath) return;
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    socket = new WebSocket(`${scheme}//${window.location.host}${text.socketPath}`);
    socket.addEventListener("open", () => {
      open = true;
      attempt = 0;
      window.clearInterval(heartbeatTimer);
      heartbeatTimer = window.setInterval(() => send({ type: "ping" }), HEARTBEAT_INTERVAL);
    });
    socket.addEventListener("message", (event) => {
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      receive(frame);
    });
    socket.addEventListener("close", (event) => {
      socket = null;
      open = false;
      syncing = false;
      window.clearInterval(heartbeatTimer);
      if (FINAL_CLOSE_CODES.has(event.code)) {
        stopped = true;
        setState("stopped", text.textStopped);
        if (composer) composer.hidden = true;
        return;
      }
      setState("reconnecting", text.textReconnecting);
      attempt += 1;
      const delay = Math.min(MAX_RECONNECT_DELAY, 1000 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random() / 2);
      reconnectTimer = window.setTimeout(connect, delay);
    });
  }

  function receive(frame) {
    switch (frame.type) {
      case "ready":
      case "rights":
        root.dataset.liveState = "connected";
        setState("connected", "");
        applyRights(frame);
        if (frame.last_change > cursor) requestSync();
        break;
      case "post":
        applyPost(frame);
        counted(frame.change);
        break;
      case "state":
        applyState(frame);
        counted(frame.change);
        break;
      case "sync":
        applySync(frame);
        break;
      case "pong":
        // The post that change belongs to may still be on its way through the channel layer: ask only if
        // it has not arrived in a moment.
        if (frame.last_change > cursor) {
          const behind = frame.last_change;
          window.setTimeout(() => {
            if (cursor < behind) scheduleSync(0);
          }, BEHIND_GRACE);
        }
        break;
      case "ack":
        acknowledged(frame);
        break;
      case "reacted":
        reacted(frame);
        break;
      case "error":
        failed(frame);
        break;
      default:
        break;
    }
  }

  // --- Writing ------------------------------------------------------------------------------------------------------

  function showComposerError(message) {
    if (!composerError) return;
    composerError.textContent = message || "";
    composerError.hidden = !message;
    if (input) input.setAttribute("aria-invalid", message ? "true" : "false");
  }

  function updateCounter() {
    if (!counter || !input) return;
    const length = input.value.trim().length;
    if (length > maxLength) {
      counter.textContent = format(text.textTooLong, { over: length - maxLength });
      counter.classList.add("thread-counter--over");
    } else {
      counter.textContent = length > maxLength * 0.8 ? format(text.textCharacters, { count: length, limit: maxLength }) : "";
      counter.classList.remove("thread-counter--over");
    }
  }

  function setReply(postId, authorName, excerpt) {
    if (!replyField || !replyPreview) return;
    replyField.value = postId ? String(postId) : "";
    replyPreview.hidden = !postId;
    const label = replyPreview.querySelector("[data-thread-reply-label]");
    const quote = replyPreview.querySelector("[data-thread-reply-excerpt]");
    if (label) label.textContent = postId ? format(text.textReplyTo, { name: authorName }) : "";
    if (quote) quote.textContent = excerpt || "";
  }

  function acknowledged(frame) {
    if (!pending || frame.client_id !== pending.clientId) return;
    window.clearTimeout(pending.timer);
    pending = null;
    const submit = composer.querySelector("button[type='submit']");
    if (submit) submit.disabled = false;
    setState("connected", "");
    input.value = "";
    updateCounter();
    setReply(null);
    showComposerError("");
    const clientField = composer.querySelector("input[name='client_id']");
    if (clientField) clientField.value = newClientId();
    const shown = document.getElementById(`beitrag-${frame.id}`);
    if (shown) {
      shown.focus({ preventScroll: false });
    } else if (frame.url && !isLastPage) {
      window.location.assign(frame.url);
    }
  }

  function failed(frame) {
    if (pending && frame.client_id === pending.clientId) {
      window.clearTimeout(pending.timer);
      pending = null;
      const submit = composer.querySelector("button[type='submit']");
      if (submit) submit.disabled = false;
      setState("connected", "");
      showComposerError(frame.message);
      input.focus();
      return;
    }
    if (frame.request === "sync") syncing = false;
    if (frame.message) setState(root.dataset.liveState || "connected", frame.message);
  }

  function reacted(frame) {
    const set = mineOf(Number(frame.post));
    if (frame.active) set.add(frame.reaction);
    else set.delete(frame.reaction);
    const item = document.getElementById(`beitrag-${frame.post}`);
    const article = item ? item.querySelector(":scope > [data-post-article]") : null;
    if (article) prepare(article, Number(frame.post));
  }

  if (composer && input) {
    input.addEventListener("input", () => {
      updateCounter();
      showComposerError("");
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        composer.requestSubmit();
      }
    });
    composer.addEventListener("submit", (event) => {
      if (!open || !text.socketPath || pending) {
        if (pending) event.preventDefault();
        return; // the ordinary form post
      }
      const body = input.value.trim();
      if (!body) {
        event.preventDefault();
        showComposerError(text.textEmpty);
        input.focus();
        return;
      }
      if (body.length > maxLength) {
        event.preventDefault();
        showComposerError(format(text.textTooLong, { over: body.length - maxLength }));
        input.focus();
        return;
      }
      event.preventDefault();
      const clientId = composer.querySelector("input[name='client_id']").value;
      const replyTo = replyField && replyField.value ? Number(replyField.value) : null;
      const submit = composer.querySelector("button[type='submit']");
      if (submit) submit.disabled = true;
      setState("connected", text.textSending);
      pending = {
        clientId,
        // No answer in time: the ordinary form goes with the same client id, so nothing is stored twice.
        timer: window.setTimeout(() => {
          pending = null;
          if (submit) submit.disabled = false;
          HTMLFormElement.prototype.submit.call(composer);
        }, ACK_TIMEOUT),
      };
      send({ type: "post", client_id: clientId, body: input.value, reply_to: replyTo });
    });
    const cancel = composer.querySelector("[data-thread-cancel-reply]");
    if (cancel) {
      cancel.addEventListener("click", (event) => {
        event.preventDefault();
        setReply(null);
        input.focus();
      });
    }
    updateCounter();
  }

  root.addEventListener("click", (event) => {
    const link = event.target.closest("[data-thread-reply]");
    if (!link || !composer || !rights.canPost) return;
    event.preventDefault();
    const article = link.closest("[data-post-article]");
    const body = article ? article.querySelector(".thread-post__body") : null;
    const excerpt = body ? body.textContent.trim().replace(/\s+/g, " ").slice(0, 160) : "";
    setReply(Number(link.dataset.threadReply), link.dataset.authorName || "", excerpt);
    input.focus();
  });

  root.addEventListener("submit", (event) => {
    const form = event.target.closest("[data-thread-react]");
    if (!form || !open) return; // without a socket the form posts and the page comes back
    event.preventDefault();
    const item = form.closest("li[data-post]");
    const kind = form.querySelector("input[name='kind']");
    if (item && kind) send({ type: "react", post: Number(item.dataset.post), reaction: kind.value });
  });

  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") scheduleSeen();
  });

  if (text.socketPath && "WebSocket" in window) {
    connect();
  }
}
