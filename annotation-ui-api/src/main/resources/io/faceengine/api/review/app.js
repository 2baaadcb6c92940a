// The review page: takes the next open item, shows its faces, sends the annotator's decision.
// Plain script, no dependencies; every value from the API reaches the page as text, never as HTML.
'use strict';

(() => {
  const TOKEN_KEY = 'faceengine.review.token';
  // The item on screen, so a reload takes it up again instead of leaving it claimed until the lease ends.
  const ITEM_KEY = 'faceengine.review.item';
  const PAGE_SIZE = 20;
  const CROP_FETCHES = 4;
  const FILTERS = ['run', 'set', 'reason', 'minSize'];
  const UNDO_PATH = '/api/decisions/{decisionId}/undo';
  const KEYS = {
    c: 'confirm', r: 'remove', s: 'split', n: 'not_a_face', m: 'merge', x: 'reject', t: 'name', k: 'skip', u: 'undo',
  };
  const DONE = {
    confirm: 'Confirmed', remove: 'Removed faces from', split: 'Split faces off', merge: 'Merged',
    reject: 'Rejected the merge of', not_a_face: 'Marked not a face in', name: 'Named',
  };

  const $ = (id) => document.getElementById(id);
  const enc = encodeURIComponent;

  const state = {
    token: null,
    filters: new URLSearchParams(),
    queue: [], // listed items not yet claimed, best first
    cursor: null, // the listing's next page; null lists from the start
    item: null, // the claimed item on screen
    selected: new Set(),
    decisions: 0,
    last: null, // the last decision this session, for undo
    undo: false, // whether this server has the undo endpoint
    busy: false,
    crops: null, // {controller, urls} of the item on screen
    skipped: new Set(), // items skipped in this tab: handed back to others, not offered here again
  };

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  async function api(method, path, body) {
    const init = { method, headers: { Authorization: 'Bearer ' + state.token }, cache: 'no-store' };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (e) {
      throw new ApiError(0, 'network', 'the server did not answer (' + e.message + ')');
    }
    const text = await response.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch (e) {
      data = null;
    }
    if (!response.ok) {
      const code = (data && data.error) || 'http_' + response.status;
      const message = (data && data.message) || response.statusText || 'request failed';
      throw new ApiError(response.status, code, message);
    }
    return data;
  }

  // ---------------------------------------------------------------- messages

  function showError(text) {
    $('error').textContent = text;
    $('error').hidden = false;
  }

  function clearError() {
    $('error').textContent = '';
    $('error').hidden = true;
  }

  function status(text) {
    $('status').textContent = text;
  }

  function progress() {
    const n = state.decisions;
    $('progress').textContent = n + (n === 1 ? ' decision' : ' decisions') + ' this session';
  }

  // ---------------------------------------------------------------- sign-in

  function showLogin(message) {
    $('review').hidden = true;
    $('empty').hidden = true;
    $('sign-out').hidden = true;
    $('login').hidden = false;
    if (message) {
      showError(message);
    }
    $('token').value = '';
    $('token').focus();
  }

  function remember(key, value) {
    try {
      if (value === null) {
        sessionStorage.removeItem(key);
      } else {
        sessionStorage.setItem(key, value);
      }
    } catch (e) {
      // storage refused: nothing is remembered across reloads
    }
  }

  function recall(key) {
    try {
      return sessionStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }

  function signOut(message) {
    remember(TOKEN_KEY, null);
    remember(ITEM_KEY, null);
    state.token = null;
    dropItem();
    state.queue = [];
    state.cursor = null;
    $('who').textContent = '';
    showLogin(message);
  }

  async function begin() {
    $('login').hidden = true;
    $('sign-out').hidden = false;
    await run(async () => {
      // The API's own description tells whether this server can undo a decision.
      const doc = await api('GET', '/api/openapi.json');
      state.undo = Boolean(doc && doc.paths && doc.paths[UNDO_PATH] && doc.paths[UNDO_PATH].post);
      const resume = recall(ITEM_KEY);
      if (resume) {
        state.queue.unshift({ item_id: resume, resume: true });
      }
      await next();
    });
  }

  // ---------------------------------------------------------------- the queue

  function listPath() {
    const query = new URLSearchParams(state.filters);
    query.set('limit', String(PAGE_SIZE));
    if (state.cursor) {
      query.set('after', state.cursor);
    }
    return '/api/review-items?' + query;
  }

  /** Fills the queue with open items this tab has not skipped; false when there are none. */
  async function refill() {
    let fromStart = state.cursor === null;
    for (;;) {
      const page = await api('GET', listPath());
      state.cursor = page.next || null;
      state.queue = (page.items || []).filter((entry) => !state.skipped.has(entry.item_id));
      if (state.queue.length > 0) {
        return true;
      }
      if (state.cursor !== null) {
        continue; // a page of skipped items: read on
      }
      if (fromStart) {
        return false;
      }
      // An empty later page: items before it may have opened again, so list once from the start.
      fromStart = true;
    }
  }

  /** Claims and shows the next item; an item someone else took meanwhile is reported and passed over. */
  async function next() {
    dropItem();
    for (;;) {
      if (state.queue.length === 0 && !(await refill())) {
        showEmpty();
        return;
      }
      const entry = state.queue.shift();
      const id = entry.item_id;
      try {
        show(await api('POST', '/api/review-items/' + enc(id) + '/claim'));
        return;
      } catch (e) {
        if (e.status !== 409 && e.status !== 404) {
          throw e;
        }
        if (entry.resume) {
          continue; // the item left on screen before a reload was decided or taken since: nothing to report
        }
        showError('Could not take item ' + id + ' (' + e.code + '): ' + e.message + '. Moved on to the next item.');
      }
    }
  }

  /** The panel shown when no item is on screen: none is open, or the last step failed. */
  function showEmpty(failed) {
    $('review').hidden = true;
    $('empty').hidden = false;
    const filter = state.filters.toString();
    $('empty-text').textContent = failed
      ? 'No item is on screen because the last request failed (see above).'
      : 'No open review items' + (filter ? ' matching ' + filter.replace(/&/g, ', ') : '') + '.';
    $('reload').focus();
  }

  // ---------------------------------------------------------------- the item

  function dropItem() {
    if (state.crops) {
      state.crops.controller.abort();
      state.crops.urls.forEach((url) => URL.revokeObjectURL(url));
      state.crops = null;
    }
    state.item = null;
    state.selected.clear();
    remember(ITEM_KEY, null);
    $('grid').replaceChildren();
  }

  function formatNumber(value, digits) {
    return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : null;
  }

  function show(item) {
    state.item = item;
    remember(ITEM_KEY, item.item_id);
    state.selected.clear();
    $('who').textContent = item.claimed_by ? 'Signed in as ' + item.claimed_by : '';
    $('item-kind').textContent = item.kind === 'merge' ? 'Same person? (merge question)' : 'One person? (cluster)';
    $('item-id').textContent = item.item_id;
    $('item-reasons').textContent = (item.reasons || []).join(', ') || '—';
    $('item-priority').textContent = formatNumber(item.priority, 3) || '—';
    $('item-size').textContent = String(item.size);
    $('item-where').textContent = item.run_id + ' / ' + (item.set_id || 'across sets');
    const candidates = item.candidate_identity_ids || [];
    $('item-identity').textContent = (item.identity_id || 'none yet')
      + (candidates.length ? ' (candidates: ' + candidates.join(', ') + ')' : '');

    const details = item.details && Array.isArray(item.details.faces) ? item.details.faces : [];
    const byFace = new Map(details.filter((f) => f && f.face_id).map((f) => [f.face_id, f]));
    const tiles = (item.face_ids || []).map((faceId, i) => tile(faceId, i, byFace.get(faceId)));
    $('grid').replaceChildren(...tiles);
    $('empty').hidden = true;
    $('review').hidden = false;
    selectionChanged();
    loadCrops(item, tiles);
    if (tiles.length) {
      tiles[0].focus();
    }
  }

  function tile(faceId, index, info) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'tile';
    button.dataset.faceId = faceId;
    button.dataset.crop = 'loading';
    button.setAttribute('aria-pressed', 'false');

    const number = document.createElement('span');
    number.className = 'number';
    number.textContent = index < 9 ? String(index + 1) : '';
    const picture = document.createElement('span');
    picture.className = 'picture';
    picture.append(placeholder('loading…'));
    const id = document.createElement('span');
    id.className = 'face-id';
    id.textContent = faceId;
    button.append(number, picture, id);

    let label = 'Face ' + (index + 1) + ', ' + faceId;
    if (info) {
      if (info.flag) {
        const flag = document.createElement('span');
        flag.className = 'flag ' + info.flag;
        flag.textContent = info.flag;
        button.append(flag);
        label += ', flagged ' + String(info.flag).toLowerCase();
      }
      const similarity = formatNumber(info.similarity, 2);
      const quality = formatNumber(info.quality, 2);
      if (similarity !== null || quality !== null) {
        const facts = document.createElement('span');
        facts.className = 'facts-line';
        facts.textContent = [similarity !== null ? 'sim ' + similarity : null, quality !== null ? 'q ' + quality : null]
          .filter(Boolean).join(' · ');
        button.append(facts);
        label += similarity !== null ? ', similarity ' + similarity : '';
        label += quality !== null ? ', quality ' + quality : '';
      }
    }
    button.setAttribute('aria-label', label);
    button.addEventListener('click', () => toggle(faceId));
    return button;
  }

  function placeholder(text) {
    const span = document.createElement('span');
    span.className = 'placeholder';
    span.textContent = text;
    return span;
  }

  // Crops need the Authorization header, which an <img src> cannot send: fetch them and show blob URLs.
  function loadCrops(item, tiles) {
    const crops = { controller: new AbortController(), urls: [] };
    state.crops = crops;
    let nextTile = 0;
    const worker = async () => {
      while (nextTile < tiles.length && !crops.controller.signal.aborted) {
        await loadCrop(item.run_id, tiles[nextTile++], crops);
      }
    };
    for (let i = 0; i < CROP_FETCHES; i++) {
      worker();
    }
  }

  async function loadCrop(runId, button, crops) {
    const slot = button.querySelector('.picture');
    const missing = (text) => {
      slot.replaceChildren(placeholder(text));
      button.dataset.crop = 'missing';
    };
    const path = '/api/runs/' + enc(runId) + '/faces/' + enc(button.dataset.faceId) + '/crop.jpg';
    try {
      const response = await fetch(path, {
        headers: { Authorization: 'Bearer ' + state.token }, signal: crops.controller.signal,
      });
      const type = response.headers.get('Content-Type') || '';
      if (!response.ok || !type.startsWith('image/')) {
        missing(response.status === 404 ? 'no crop' : 'crop unavailable');
        return;
      }
      const blob = await response.blob();
      if (crops.controller.signal.aborted) {
        return;
      }
      const url = URL.createObjectURL(blob);
      crops.urls.push(url);
      const img = document.createElement('img');
      img.alt = '';
      img.width = 112;
      img.height = 112;
      img.addEventListener('load', () => { button.dataset.crop = 'loaded'; }, { once: true });
      img.addEventListener('error', () => missing('unreadable crop'), { once: true });
      img.src = url;
      slot.replaceChildren(img);
    } catch (e) {
      if (!crops.controller.signal.aborted) {
        missing('crop unavailable');
      }
    }
  }

  // ---------------------------------------------------------------- selection

  function tiles() {
    return Array.from($('grid').querySelectorAll('.tile'));
  }

  function toggle(faceId) {
    if (state.selected.has(faceId)) {
      state.selected.delete(faceId);
    } else {
      state.selected.add(faceId);
    }
    selectionChanged();
  }

  function selectionChanged() {
    tiles().forEach((t) => t.setAttribute('aria-pressed', String(state.selected.has(t.dataset.faceId))));
    const total = state.item ? (state.item.face_ids || []).length : 0;
    $('selection').textContent = state.selected.size
      ? state.selected.size + ' of ' + total + ' faces selected as not this person'
      : 'No face selected: ' + total + ' faces';
    updateButtons();
  }

  /** Arrow keys move the focus over the grid, row by row as it is laid out. */
  function moveFocus(key) {
    const all = tiles();
    if (!all.length) {
      return;
    }
    const at = all.indexOf(document.activeElement);
    if (at < 0) {
      all[0].focus();
      return;
    }
    const top = all[0].offsetTop;
    const columns = Math.max(1, all.filter((t) => t.offsetTop === top).length);
    const step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -columns, ArrowDown: columns }[key];
    all[Math.min(all.length - 1, Math.max(0, at + step))].focus();
  }

  // ---------------------------------------------------------------- decisions

  /** Why an action cannot be taken now, or null. */
  function blocked(action) {
    const item = state.item;
    if (action === 'undo') {
      return state.undo && state.last ? null : 'There is no decision of this session to undo.';
    }
    if (!item) {
      return 'No item is on screen.';
    }
    const button = document.querySelector('#actions [data-action="' + action + '"]');
    const forKind = button && button.dataset.for;
    if (forKind && forKind !== item.kind) {
      return button.textContent.replace(/^\S+\s/, '') + ' is for ' + forKind + ' questions; this is a ' + item.kind
        + ' question.';
    }
    if (button && button.hasAttribute('data-needs-selection') && state.selected.size === 0) {
      return 'Select the faces first: click them, or press their numbers.';
    }
    if (action === 'confirm' && state.selected.size > 0) {
      return state.selected.size + ' faces are selected: press R to remove them or S to split them off,'
        + ' or click them again to clear the selection.';
    }
    return null;
  }

  function updateButtons() {
    document.querySelectorAll('#actions button').forEach((button) => {
      const action = button.dataset.action;
      if (action === 'undo') {
        button.hidden = !state.undo;
      }
      button.disabled = state.busy || (action !== 'skip' && blocked(action) !== null);
    });
  }

  /** Runs one step of work at a time; errors from the API end up on screen. */
  async function run(work) {
    if (state.busy) {
      return;
    }
    state.busy = true;
    $('review').setAttribute('aria-busy', 'true');
    updateButtons();
    try {
      await work();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        signOut('The token was not accepted (' + e.code + '): ' + e.message);
      } else if (e instanceof ApiError) {
        showError('The server refused (' + e.code + '): ' + e.message);
      } else {
        showError('Something went wrong on this page: ' + e.message);
      }
      if (state.token && !state.item) {
        showEmpty(true);
      }
    } finally {
      state.busy = false;
      $('review').removeAttribute('aria-busy');
      updateButtons();
    }
  }

  function act(action) {
    if (state.busy) {
      return;
    }
    if (action === 'undo') {
      undo();
      return;
    }
    const item = state.item;
    if (!item) {
      return;
    }
    if (action === 'skip') {
      run(async () => {
        // Hand the item back, so it neither counts against this annotator's claims nor waits out its lease.
        try {
          await api('POST', '/api/review-items/' + enc(item.item_id) + '/release');
        } catch (e) {
          if (!(e instanceof ApiError) || (e.status !== 409 && e.status !== 404)) {
            throw e;
          }
        }
        state.skipped.add(item.item_id);
        status('Skipped ' + item.item_id + '.');
        await next();
      });
      return;
    }
    const why = blocked(action);
    if (why) {
      showError(why);
      return;
    }
    // The faces in the order shown, so the stored decision reads like the grid.
    let faceIds = (item.face_ids || []).filter((f) => state.selected.has(f));
    let name;
    if (action === 'not_a_face' && faceIds.length === 0) {
      faceIds = (item.face_ids || []).slice();
    }
    if (action === 'name') {
      const answer = window.prompt('Name of the person in item ' + item.item_id);
      if (answer === null || answer.trim() === '') {
        return;
      }
      name = answer.trim();
    }
    if (action === 'confirm' || action === 'merge' || action === 'reject' || action === 'name') {
      faceIds = [];
    }
    const body = { kind: action, seqNo: item.seq_no, primaryTerm: item.primary_term };
    if (faceIds.length) {
      body.faceIds = faceIds;
    }
    if (name !== undefined) {
      body.name = name;
    }
    run(async () => {
      let decision;
      try {
        decision = await api('POST', '/api/review-items/' + enc(item.item_id) + '/decision', body);
      } catch (e) {
        if (e.status !== 409) {
          throw e;
        }
        showError('Item ' + item.item_id + ' was not decided (' + e.code + '): ' + e.message
          + '. Moved on to the next item.');
        await next();
        return;
      }
      state.decisions++;
      state.last = decision;
      progress();
      clearError();
      status(DONE[action] + ' ' + item.item_id + (faceIds.length ? ' (' + faceIds.length + ' faces)' : '') + '.');
      await next();
    });
  }

  function undo() {
    const why = blocked('undo');
    if (why) {
      if (state.undo) {
        showError(why);
      }
      return;
    }
    const last = state.last;
    run(async () => {
      await api('POST', '/api/decisions/' + enc(last.decision_id) + '/undo');
      state.last = null;
      state.decisions = Math.max(0, state.decisions - 1);
      progress();
      clearError();
      status('Undid the decision on ' + last.item_id + '.');
      // Take the undone item up again; the one on screen (still ours) comes right after it.
      if (state.item) {
        state.queue.unshift({ item_id: state.item.item_id });
      }
      state.queue.unshift({ item_id: last.item_id });
      await next();
    });
  }

  // ---------------------------------------------------------------- wiring

  function onKey(e) {
    if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing || $('review').hidden) {
      return;
    }
    if (e.target instanceof Element && e.target.closest('input, textarea, select')) {
      return;
    }
    if (/^[1-9]$/.test(e.key)) {
      const t = tiles()[Number(e.key) - 1];
      if (t) {
        toggle(t.dataset.faceId);
        t.focus();
      }
      e.preventDefault();
      return;
    }
    if (e.key.startsWith('Arrow')) {
      moveFocus(e.key);
      e.preventDefault();
      return;
    }
    const action = KEYS[e.key.toLowerCase()];
    if (action) {
      e.preventDefault();
      act(action);
    }
  }

  function start() {
    const params = new URLSearchParams(location.search);
    FILTERS.forEach((key) => {
      if (params.get(key)) {
        state.filters.set(key, params.get(key));
      }
    });
    $('login-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const token = $('token').value.trim();
      if (!token) {
        return;
      }
      clearError();
      state.token = token;
      remember(TOKEN_KEY, token);
      begin();
    });
    $('sign-out').addEventListener('click', () => signOut());
    $('reload').addEventListener('click', () => run(next));
    $('actions').addEventListener('click', (e) => {
      const button = e.target instanceof Element ? e.target.closest('button[data-action]') : null;
      if (button && !button.disabled) {
        act(button.dataset.action);
      }
    });
    document.addEventListener('keydown', onKey);
    progress();
    state.token = recall(TOKEN_KEY);
    if (state.token) {
      begin();
    } else {
      showLogin();
    }
  }

  start();
})();
