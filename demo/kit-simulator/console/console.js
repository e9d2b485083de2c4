// @ts-check
// Operator console: reads the simulator's admin API and live stream, renders conversations and
// sends replies and closes. One module by design (served as-is, no build step, strict CSP), so it
// runs past 300 lines. Every remote string goes through textContent; no data is ever parsed as HTML.

/** @typedef {{type: string, file_name?: string, file_url?: string, url?: string, latitude?: number, longitude?: number, address?: string, name?: string, number?: string}} PayloadItem */
/** @typedef {{id: string, from: 'visitor'|'agent'|'bot', text?: string, payload: PayloadItem[], at: string, senderName?: string, delivery?: string}} Message */
/** @typedef {{id: string, clientId: string, status: 'open'|'closed', closeReason?: string, openedAt: string, closedAt?: string, client: Record<string, any>, messages: Message[]}} Conversation */
/** @typedef {{clientId: string, displayName?: string, status: string, lastMessage?: {from: string, text?: string, attachments: number, at: string}, unread: number, updatedAt: string}} ClientSummary */

const REASONS = /** @type {Record<string, string>} */ ({
  CLOSED_BY_AGENT: 'Closed by agent',
  CLOSED_BY_BOT: 'Closed by bot',
  CLOSED_BY_CLIENT_TIMEOUT: 'Closed after client timeout',
  CLOSED_BY_UNKNOWN_REASON: 'Closed (unknown reason)',
});
const AVATAR_COLORS = ['#2563eb', '#0d9488', '#7c3aed', '#db2777', '#ea580c', '#4f46e5', '#0891b2', '#65a30d'];

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/**
 * Creates an element; `text` is always set with textContent.
 * @param {string} tag @param {{className?: string, text?: string, attrs?: Record<string, string>}} [options] @param {Node[]} [children]
 */
/** A visitor who gave no name, as Kit would list them: by a short, readable piece of the id. */
/** @param {string} clientId */
function anonymousName(clientId) {
  return `Visitor ${clientId.replace(/[^A-Za-z0-9]/g, '').slice(0, 6)}`;
}

function el(tag, options = {}, children = []) {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  for (const [key, value] of Object.entries(options.attrs ?? {})) node.setAttribute(key, value);
  for (const child of children) node.append(child);
  return node;
}

/** @param {string} path @param {RequestInit & {json?: unknown}} [init] */
async function api(path, init = {}) {
  const { json, ...rest } = init;
  const response = await fetch(`/admin${path}`, {
    ...rest,
    headers: json === undefined ? {} : { 'content-type': 'application/json' },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new Error(typeof body.error === 'string' ? body.error : `HTTP ${response.status}`);
  }
  return response.status === 204 ? null : response.json();
}

/** @param {string} value */
function initials(value) {
  const parts = value.replace(/[^\p{L}\p{N} ]/gu, ' ').trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? parts[parts.length - 1]?.[0] ?? '' : '')).toUpperCase();
}

/** @param {HTMLElement} node @param {string} key @param {string} label */
function paintAvatar(node, key, label) {
  let hash = 0;
  for (const ch of key) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  node.style.setProperty('--avatar', AVATAR_COLORS[hash % AVATAR_COLORS.length] ?? '#64748b');
  node.textContent = initials(label);
}

/** @param {string} iso @param {boolean} [withDate] */
function formatTime(iso, withDate = false) {
  const date = new Date(iso);
  const today = new Date().toDateString() === date.toDateString();
  const time = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return today && !withDate ? time : `${date.toLocaleDateString([], { day: 'numeric', month: 'short' })}, ${time}`;
}

/** Only http(s) URLs become links. @param {string | undefined} raw */
function safeUrl(raw) {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** @param {string} text @param {string | undefined} href */
function link(text, href) {
  const url = safeUrl(href);
  if (!url) return el('span', { text });
  return el('a', { text, attrs: { href: url, target: '_blank', rel: 'noopener noreferrer' } });
}

const state = {
  /** @type {ClientSummary[]} */ clients: [],
  /** @type {string | null} */ selected: null,
  /** @type {Conversation[]} */ conversations: [],
  /** Unsent reply text per client, so switching conversations keeps each draft. */
  /** @type {Map<string, string>} */ drafts: new Map(),
  /** Whether the thread follows its newest message (the operator has not scrolled up to read). */
  stick: true,
};

// ---- Conversation list -------------------------------------------------------------------

/** @param {ClientSummary} c */
function previewOf(c) {
  const last = c.lastMessage;
  if (!last) return c.status === 'closed' ? 'Conversation closed' : 'No messages';
  const who = last.from === 'agent' ? 'You: ' : last.from === 'bot' ? 'Bot: ' : '';
  const body = last.text ?? (last.attachments === 1 ? 'Attachment' : `${last.attachments} attachments`);
  return `${who}${body}`;
}

function renderList() {
  const list = $('client-list');
  $('client-count').textContent = String(state.clients.length);
  $('list-empty').hidden = state.clients.length > 0;
  list.replaceChildren(...state.clients.map((c) => {
    const name = c.displayName || anonymousName(c.clientId);
    const avatar = el('span', { className: 'avatar', attrs: { 'aria-hidden': 'true' } });
    paintAvatar(avatar, c.clientId, name);
    const meta = el('span', { className: 'client-meta' }, [el('span', { text: formatTime(c.updatedAt) })]);
    if (c.unread > 0) meta.append(el('span', { className: 'badge', text: String(c.unread), attrs: { 'aria-label': `${c.unread} unread` } }));
    else if (c.status === 'closed') meta.append(el('span', { className: 'pill closed', text: 'Closed' }));
    const button = el('button', {
      className: `client${c.unread > 0 ? ' unread' : ''}`,
      attrs: { type: 'button', 'aria-current': String(c.clientId === state.selected) },
    }, [avatar, el('span', { className: 'client-main' }, [
      el('div', { className: 'client-name', text: name }),
      el('div', { className: 'client-preview', text: previewOf(c) }),
    ]), meta]);
    button.addEventListener('click', () => void select(c.clientId));
    return el('li', {}, [button]);
  }));
}

// ---- Selected conversation ---------------------------------------------------------------

/** @param {PayloadItem} item */
function attachment(item) {
  if (item.type === 'location') {
    const label = item.address || `${item.latitude}, ${item.longitude}`;
    const href = `https://www.openstreetmap.org/?mlat=${Number(item.latitude)}&mlon=${Number(item.longitude)}`;
    return el('span', { className: 'attachment' }, [el('span', { className: 'attachment-kind', text: 'location' }), link(label, href)]);
  }
  if (item.type === 'contact') {
    return el('span', { className: 'attachment' }, [el('span', { className: 'attachment-kind', text: 'contact' }), el('span', { text: [item.name, item.number].filter(Boolean).join(' · ') })]);
  }
  const url = safeUrl(item.file_url ?? item.url);
  const name = item.file_name || 'file';
  if (item.type === 'photo' && url) {
    // A bounded thumbnail that opens the full image in a new tab.
    const image = el('img', { className: 'thumb', attrs: { src: url, alt: name, loading: 'lazy', referrerpolicy: 'no-referrer' } });
    const anchor = el('a', { className: 'attachment attachment-image', attrs: { href: url, target: '_blank', rel: 'noopener noreferrer', title: name } }, [image]);
    // A picture that cannot load still says what was sent, as a named link.
    image.addEventListener('error', () => anchor.replaceWith(el('span', { className: 'attachment' }, [
      el('span', { className: 'attachment-kind', text: 'photo' }), link(name, url),
    ])), { once: true });
    return anchor;
  }
  return el('span', { className: 'attachment' }, [
    el('span', { className: 'attachment-kind', text: item.type || 'file' }),
    link(name, url ?? undefined),
  ]);
}

/** @param {Message} m */
function messageItem(m) {
  const bubble = el('div', { className: 'bubble' });
  if (m.text) bubble.append(el('span', { text: m.text }));
  if (m.payload.length > 0) bubble.append(el('div', { className: 'attachments' }, m.payload.map(attachment)));
  const meta = el('div', { className: 'msg-meta' }, [el('span', { text: m.senderName || (m.from === 'visitor' ? 'Visitor' : 'Agent') }), el('span', { text: formatTime(m.at) })]);
  if (m.delivery === 'pending') meta.append(el('span', { className: 'pending', text: 'Sending…' }));
  if (m.delivery === 'failed') meta.append(el('span', { className: 'failed', text: 'Not delivered' }));
  if (m.delivery === 'delivered') meta.append(el('span', { text: '✓ Delivered' }));
  return el('li', { className: `msg ${m.from}` }, [bubble, meta]);
}

/** @param {string} label @param {Node | string | undefined} value */
function detail(label, value) {
  if (value === undefined || value === '') return [];
  return [el('dt', { text: label }), el('dd', {}, [typeof value === 'string' ? document.createTextNode(value) : value])];
}

/** @param {Record<string, any>} client */
function renderDetails(client) {
  const page = client.page ?? {};
  const utm = client.utm ?? {};
  const device = client.device ?? {};
  const location = client.location ?? {};
  const utmText = ['source', 'medium', 'campaign', 'content', 'term'].filter((k) => utm[k]).map((k) => `${k}: ${utm[k]}`).join('\n');
  const pageNode = page.url || page.title ? el('span', {}, [link(page.title || page.url, page.url), el('span', { className: 'sub', text: page.url ?? '' })]) : undefined;
  const deviceNode = device.type || device.model || device.user_agent
    ? el('span', {}, [el('span', { text: [device.type, device.model].filter(Boolean).join(' · ') || 'Unknown' }), el('span', { className: 'sub', text: device.user_agent ?? '' })])
    : undefined;
  const place = [location.city, location.region, location.country].filter(Boolean).join(', ');
  $('client-details').replaceChildren(
    ...detail('Name', client.client_display_name),
    ...detail('Email', client.client_email),
    ...detail('Phone', client.client_phone),
    ...detail('Language', client.client_language),
    ...detail('Page', pageNode),
    ...detail('UTM', utmText ? el('span', { className: 'pre', text: utmText }) : undefined),
    ...detail('Device', deviceNode),
    ...detail('Location', place || undefined),
    ...detail('Client ID', client.client_id),
  );
}

function renderConversation() {
  const latest = state.conversations[state.conversations.length - 1];
  $('placeholder').hidden = Boolean(latest);
  $('conversation').hidden = !latest;
  if (!latest) return;
  const name = latest.client.client_display_name || anonymousName(latest.clientId);
  paintAvatar($('conv-avatar'), latest.clientId, name);
  $('conv-name').textContent = name;
  $('conv-id').textContent = latest.clientId;
  const status = $('conv-status');
  status.textContent = latest.status === 'open' ? 'Open' : 'Closed';
  status.className = `pill ${latest.status}`;
  const closed = latest.status !== 'open';
  for (const id of ['close-reason', 'close-button', 'reply-text', 'reply-attachment', 'reply-file', 'send-button']) {
    /** @type {HTMLButtonElement} */ ($(id)).disabled = closed;
  }
  $('composer-closed').hidden = !closed;
  $('reply-text').hidden = closed;
  $('composer-row').hidden = closed;
  renderDetails(latest.client);

  const list = $('messages');
  // A conversation opens at its newest message; an open one follows new ones unless scrolled up.
  if (list.dataset.client !== latest.clientId) state.stick = true;
  const items = [];
  for (const c of state.conversations) {
    items.push(el('li', { className: 'divider', text: `Conversation started · ${formatTime(c.openedAt, true)}` }));
    items.push(...c.messages.map(messageItem));
    if (c.status === 'closed') items.push(el('li', { className: 'divider', text: `${REASONS[c.closeReason ?? ''] ?? 'Closed'} · ${formatTime(c.closedAt ?? c.openedAt)}` }));
  }
  list.replaceChildren(...items);
  if (state.stick) list.scrollTop = list.scrollHeight;
  list.dataset.client = latest.clientId;
}

// ---- Loading and actions -----------------------------------------------------------------

async function loadList() {
  state.clients = (await api('/clients')).clients;
  renderList();
}

async function loadSelected() {
  if (!state.selected) return;
  const clientId = state.selected;
  const body = await api(`/clients/${encodeURIComponent(clientId)}`);
  if (state.selected !== clientId) return;
  state.conversations = body.conversations;
  renderConversation();
  const summary = state.clients.find((c) => c.clientId === clientId);
  if (summary && summary.unread > 0 && document.hasFocus()) await api(`/clients/${encodeURIComponent(clientId)}/read`, { method: 'POST', json: {} });
}

/** @param {string} clientId */
async function select(clientId) {
  const text = /** @type {HTMLTextAreaElement} */ ($('reply-text'));
  if (state.selected) state.drafts.set(state.selected, text.value);
  text.value = state.drafts.get(clientId) ?? '';
  state.selected = clientId;
  $('composer-error').textContent = '';
  const summary = state.clients.find((c) => c.clientId === clientId);
  if (summary) summary.unread = 0;
  renderList();
  await api(`/clients/${encodeURIComponent(clientId)}/read`, { method: 'POST', json: {} }).catch(() => null);
  await loadSelected();
  $('reply-text').focus();
}

async function loadState() {
  const s = await api('/state');
  $('channel-info').textContent = `${s.account} · channel ${s.channelUuid}`;
  /** @type {HTMLInputElement} */ ($('echo-bot')).checked = s.echoBot;
  const f = s.faults;
  const form = /** @type {HTMLFormElement} */ ($('faults-form'));
  /** @param {string} name @param {boolean} on */
  const check = (name, on) => { /** @type {HTMLInputElement} */ (form.elements.namedItem(name)).checked = on; };
  check('send503', f.sendStatus !== null);
  check('dropConnections', f.dropConnections);
  check('refuseRefresh', f.refuseRefresh);
  check('login503', f.loginStatus !== null);
  check('duplicateCallbacks', f.duplicateCallbacks);
  check('rateLimit', f.rateLimitPerSecond !== null);
  check('successFalse', f.successFalseCode !== null);
  check('otherToken', s.signsWith === 'other-token');
  const t = s.testRequest;
  $('test-request').textContent = !t
    ? 'No test request sent yet.'
    : `Test request to the Callback URL at ${formatTime(t.at)}: ${t.status ? `answered ${t.status}` : `no answer (${t.error})`}.`;
  const latency = /** @type {HTMLInputElement} */ (form.elements.namedItem('latencyMs'));
  if (document.activeElement !== latency) latency.value = String(f.latencyMs);
  const active = [f.sendStatus !== null, f.dropConnections, f.refuseRefresh, f.loginStatus !== null, f.duplicateCallbacks, f.latencyMs > 0, f.rateLimitPerSecond !== null, f.successFalseCode !== null, s.signsWith === 'other-token'].filter(Boolean).length;
  $('fault-count').hidden = active === 0;
  $('fault-count').textContent = String(active);
}

/** @param {number} bytes */
function formatSize(bytes) {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Shows the file picked to send: a thumbnail for a picture, its name and size, and a way to take it back. */
function showPickedFile() {
  const input = /** @type {HTMLInputElement} */ ($('reply-file'));
  const box = $('file-preview');
  if (box.dataset.url) URL.revokeObjectURL(box.dataset.url);
  delete box.dataset.url;
  const file = input.files?.[0];
  box.hidden = !file;
  if (!file) return box.replaceChildren();
  /** @type {Node} */
  let look = el('span', { className: 'attachment-kind', text: file.name.includes('.') ? file.name.split('.').pop() ?? 'file' : 'file' });
  if (/^image\/(png|jpeg|gif|webp)$/.test(file.type)) {
    box.dataset.url = URL.createObjectURL(file);
    look = el('img', { className: 'preview-thumb', attrs: { src: box.dataset.url, alt: file.name } });
  }
  const remove = el('button', { className: 'button-secondary preview-remove', text: 'Remove', attrs: { type: 'button', 'aria-label': `Remove ${file.name}` } });
  remove.addEventListener('click', () => {
    input.value = '';
    showPickedFile();
    input.focus();
  });
  box.replaceChildren(look, el('span', { className: 'preview-name', text: file.name }), el('span', { className: 'muted', text: formatSize(file.size) }), remove);
}

/**
 * Stores a file on the simulator, which serves it from its own origin for the callback's file_url.
 * @param {File} file @returns {Promise<{fileId: string, url: string, name: string, type: string}>}
 */
async function uploadFile(file) {
  const response = await fetch('/admin/uploads', {
    method: 'POST',
    headers: { 'content-type': file.type || 'application/octet-stream', 'x-file-name': encodeURIComponent(file.name) },
    body: file,
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(typeof body.error === 'string' ? body.error : `upload failed (HTTP ${response.status})`);
  return body;
}

async function sendReply() {
  if (!state.selected) return;
  const text = /** @type {HTMLTextAreaElement} */ ($('reply-text'));
  const attachmentInput = /** @type {HTMLInputElement} */ ($('reply-attachment'));
  const fileInput = /** @type {HTMLInputElement} */ ($('reply-file'));
  const file = fileInput.files?.[0];
  if (!text.value.trim() && !attachmentInput.value.trim() && !file) return;
  try {
    const fileId = file ? (await uploadFile(file)).fileId : undefined;
    await api(`/clients/${encodeURIComponent(state.selected)}/reply`, {
      method: 'POST',
      json: { text: text.value, attachmentUrl: attachmentInput.value.trim(), ...(fileId ? { fileId } : {}) },
    });
    text.value = '';
    attachmentInput.value = '';
    fileInput.value = '';
    showPickedFile();
    state.drafts.delete(state.selected);
    $('composer-error').textContent = '';
  } catch (error) {
    $('composer-error').textContent = `Not sent: ${/** @type {Error} */ (error).message}`;
  }
}

function wire() {
  $('composer').addEventListener('submit', (event) => { event.preventDefault(); void sendReply(); });
  $('reply-text').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) { event.preventDefault(); void sendReply(); }
  });
  $('close-form').addEventListener('submit', (event) => {
    event.preventDefault();
    if (!state.selected) return;
    const reason = /** @type {HTMLSelectElement} */ ($('close-reason')).value;
    void api(`/clients/${encodeURIComponent(state.selected)}/close`, { method: 'POST', json: { reason } })
      .catch((error) => { $('composer-error').textContent = error.message; });
  });
  $('burst-button').addEventListener('click', () => {
    if (!state.selected) return;
    void api(`/clients/${encodeURIComponent(state.selected)}/burst`, { method: 'POST', json: { count: 10 } })
      .catch((error) => { $('composer-error').textContent = error.message; });
  });
  $('echo-bot').addEventListener('change', (event) => {
    void api('/echo-bot', { method: 'POST', json: { enabled: /** @type {HTMLInputElement} */ (event.target).checked } });
  });
  const form = /** @type {HTMLFormElement} */ ($('faults-form'));
  form.addEventListener('change', (event) => {
    const input = /** @type {HTMLInputElement} */ (event.target);
    if (input.name === 'otherToken' || input.name === 'signingToken') {
      const on = /** @type {HTMLInputElement} */ (form.elements.namedItem('otherToken')).checked;
      const token = /** @type {HTMLInputElement} */ (form.elements.namedItem('signingToken')).value.trim();
      void api('/signing-token', { method: 'PUT', json: { token: on && token ? token : null } }).catch(() => loadState());
      return;
    }
    /** @type {Record<string, unknown>} */
    const patch = {
      send503: { sendStatus: input.checked ? 503 : null },
      login503: { loginStatus: input.checked ? 503 : null },
      rateLimit: { rateLimitPerSecond: input.checked ? 2 : null },
      successFalse: { successFalseCode: input.checked ? 503 : null },
      latencyMs: { latencyMs: Math.max(0, Math.min(60_000, Math.round(Number(input.value) || 0))) },
    }[input.name] ?? { [input.name]: input.checked };
    void api('/faults', { method: 'POST', json: patch }).catch(() => loadState());
  });
  // The Faults panel is a popover: it closes when a click or the focus goes elsewhere, and on Escape.
  const faults = /** @type {HTMLDetailsElement} */ ($('faults'));
  document.addEventListener('pointerdown', (event) => {
    if (faults.open && !faults.contains(/** @type {Node} */ (event.target))) faults.open = false;
  });
  faults.addEventListener('focusout', (event) => {
    const next = /** @type {Node | null} */ (event.relatedTarget);
    if (next && !faults.contains(next)) faults.open = false;
  });
  faults.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || !faults.open) return;
    faults.open = false;
    faults.querySelector('summary')?.focus();
  });
  $('reply-file').addEventListener('change', showPickedFile);
  const list = $('messages');
  // Pictures load after the thread is drawn and push the newest message down: follow it while
  // the operator has not scrolled up (load does not bubble, so listen in capture).
  list.addEventListener('load', () => { if (state.stick) list.scrollTop = list.scrollHeight; }, true);
  list.addEventListener('scroll', () => { state.stick = list.scrollHeight - list.scrollTop - list.clientHeight < 80; });
  $('expire-tokens').addEventListener('click', () => void api('/faults', { method: 'POST', json: { expireTokensNow: true } }));
  $('clear-faults').addEventListener('click', () => void Promise.all([api('/faults', { method: 'DELETE' }), api('/signing-token', { method: 'PUT', json: { token: null } })]));
  window.addEventListener('focus', () => void loadSelected());
}

function connect() {
  const live = $('live');
  const stream = new EventSource('/admin/stream');
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let pending;
  stream.addEventListener('open', () => { live.dataset.state = 'open'; $('live-text').textContent = 'Live'; void refreshAll(); });
  stream.addEventListener('error', () => { live.dataset.state = 'error'; $('live-text').textContent = 'Reconnecting…'; });
  stream.addEventListener('settings', () => void loadState());
  stream.addEventListener('client', () => {
    // Coalesce bursts (a message plus its delivery update) into one reload.
    clearTimeout(pending);
    pending = setTimeout(() => void loadList().then(loadSelected), 60);
  });
}

async function refreshAll() {
  await Promise.all([loadState(), loadList()]);
  await loadSelected();
}

wire();
connect();
void refreshAll();
