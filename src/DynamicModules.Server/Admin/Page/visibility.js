// Module visibility editor for the admin page (DESIGN §4.8): adds a "Visibility" button to every module row of the
// modules view and edits the operator's override through GET/PUT/DELETE .../modules/{app}/{key}/visibility.
// Kept apart from admin.js on purpose: it only watches for module rows, so it needs no hook inside the page's code.
// Like admin.js it builds every node with textContent and attributes, never HTML parsing.
'use strict';

(() => {
  const TOKEN_KEY = 'dynamic-modules-admin-token';
  const API = '/api/v1';
  const DIMENSIONS = [
    ['roles', 'Roles'],
    ['users', 'Users (account ids)'],
    ['projects', 'Projects (keys)'],
    ['spaces', 'Spaces (keys)'],
  ];

  function h(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === 'class') node.className = value;
      else if (name === 'text') node.textContent = String(value);
      else if (name === 'on') for (const [event, handler] of Object.entries(value)) node.addEventListener(event, handler);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined && child !== false) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const enc = encodeURIComponent;

  function say(message) {
    const status = document.getElementById('status');
    if (status) status.textContent = message;
  }

  /** The tenant of the modules view shown now, or null on any other view. */
  function currentTenant() {
    const match = /^#\/tenants\/([^/?]+)\/modules(?:\?|$)/.exec(location.hash);
    return match ? decodeURIComponent(match[1]) : null;
  }

  async function call(method, path, body) {
    const init = { method, headers: { Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY)}`, Accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(API + path, init);
    const text = await response.text();
    let data = null;
    if (text) {
      try { data = JSON.parse(text); } catch { data = null; }
    }
    if (!response.ok) {
      const errors = data && data.errors ? Object.entries(data.errors).map(([path, messages]) => `${path}: ${[].concat(messages).join(' ')}`) : [];
      throw new Error([(data && data.detail) || `The service answered ${response.status}.`, ...errors].join(' '));
    }
    return data;
  }

  function listOf(text) {
    return text.split(',').map((value) => value.trim()).filter((value) => value.length > 0);
  }

  function describe(override) {
    if (!override) return 'No override: the module\'s own visibility applies.';
    const parts = DIMENSIONS.filter(([name]) => override[name].length > 0).map(([name]) => `${name}: ${override[name].join(', ')}`);
    return parts.length ? `Override in force: ${parts.join('; ')}.` : 'Override in force: everyone, everywhere.';
  }

  async function openEditor(tenant, row, appKey, moduleKey, button) {
    const existing = row.nextElementSibling;
    if (existing && existing.classList.contains('visibility-editor')) {
      existing.remove();
      button.setAttribute('aria-expanded', 'false');
      return;
    }
    const path = `/tenants/${enc(tenant)}/modules/${enc(appKey)}/${enc(moduleKey)}/visibility`;
    const idPrefix = `vis-${Math.random().toString(36).slice(2, 8)}`;
    const current = h('p', { class: 'hint', text: 'Loading…' });
    const problem = h('p', { class: 'error', role: 'alert' });
    const inputs = {};
    const fields = DIMENSIONS.map(([name, label]) => {
      inputs[name] = h('input', { id: `${idPrefix}-${name}`, name, type: 'text', spellcheck: 'false', autocomplete: 'off', placeholder: 'a, b; empty = all' });
      return h('div', { class: 'visibility-field' }, h('label', { for: `${idPrefix}-${name}`, text: label }), inputs[name]);
    });
    const save = h('button', { type: 'submit', text: 'Save override' });
    const clearButton = h('button', { type: 'button', class: 'secondary', text: 'Clear override' });
    const close = h('button', { type: 'button', class: 'secondary', text: 'Close' });
    const form = h('form', { class: 'visibility-form', 'aria-label': `Visibility of ${moduleKey}`, novalidate: true },
      h('p', { class: 'hint', text: 'Who sees this module in reads with a viewing context: every filled dimension must match, an empty one matches all. The override replaces the module\'s own visibility.' }),
      current, h('div', { class: 'filters' }, fields), h('div', {}, save, ' ', clearButton, ' ', close), problem);
    const editor = h('tr', { class: 'visibility-editor' }, h('td', { colspan: String(row.children.length) }, form));
    row.after(editor);
    button.setAttribute('aria-expanded', 'true');

    const show = (override) => {
      current.textContent = describe(override);
      for (const [name] of DIMENSIONS) inputs[name].value = override ? override[name].join(', ') : '';
    };
    const busy = async (work) => {
      problem.textContent = '';
      save.disabled = clearButton.disabled = true;
      try {
        await work();
      } catch (error) {
        problem.textContent = error.message;
      } finally {
        save.disabled = clearButton.disabled = false;
      }
    };

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      busy(async () => {
        const body = {};
        for (const [name] of DIMENSIONS) body[name] = listOf(inputs[name].value);
        const saved = await call('PUT', path, body);
        show(saved.override);
        say(`Visibility of ${moduleKey} saved.`);
      });
    });
    clearButton.addEventListener('click', () => busy(async () => {
      await call('DELETE', path);
      show(null);
      say(`Visibility override of ${moduleKey} cleared.`);
    }));
    close.addEventListener('click', () => { editor.remove(); button.setAttribute('aria-expanded', 'false'); button.focus(); });

    await busy(async () => show((await call('GET', path)).override));
    inputs.roles.focus();
  }

  /** Gives every module row of the modules view its Visibility button (rows are re-rendered on every change). */
  function decorate() {
    const tenant = currentTenant();
    if (!tenant) return;
    for (const row of document.querySelectorAll('tr[data-module]')) {
      const cell = row.querySelector('td.actions');
      if (!cell || cell.querySelector('.visibility-button')) continue;
      const id = row.getAttribute('data-module');
      // Module keys never contain '/', so the last one separates the app key from the module key.
      const split = id.lastIndexOf('/');
      const appKey = id.slice(0, split);
      const moduleKey = id.slice(split + 1);
      const button = h('button', {
        type: 'button', class: 'secondary visibility-button', text: 'Visibility', 'aria-expanded': 'false',
        'aria-label': `Visibility of ${moduleKey}`,
      });
      button.addEventListener('click', () => { openEditor(tenant, row, appKey, moduleKey, button).catch((error) => say(error.message)); });
      cell.append(' ', button);
    }
  }

  function start() {
    const view = document.getElementById('view');
    if (!view) return;
    new MutationObserver(decorate).observe(view, { childList: true, subtree: true });
    decorate();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
