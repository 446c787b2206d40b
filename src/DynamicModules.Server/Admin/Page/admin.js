// Dynamic Modules admin page: plain JavaScript over the operator API, no framework, no build step.
// Every piece of data reaches the page through textContent or attributes set by `h`, never through HTML
// parsing, so tenant, app and module data cannot inject markup or script (the CSP forbids inline script too).
//
// This file is the page's core: DOM helpers, the API client, the session, routing and the built-in views. Other files
// (dashboard.js, charts.js, ...) add views through window.DynamicModulesAdmin (see the end of this file). They are all
// deferred scripts, which run in document order before DOMContentLoaded, so routing starts on DOMContentLoaded: by then
// every view is registered, whatever order the files finished downloading in.
'use strict';

(() => {
  const TOKEN_KEY = 'dynamic-modules-admin-token';
  const API = '/api/v1';

  // ---------- DOM helpers ----------

  /** Creates an element. props: {class, text, on: {event: fn}, ...attributes}; children: nodes or strings. */
  function h(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === 'class') node.className = value;
      else if (name === 'text') node.textContent = String(value);
      else if (name === 'on') for (const [event, handler] of Object.entries(value)) node.addEventListener(event, handler);
      else if (name === 'value') node.value = value;
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  const $ = (id) => document.getElementById(id);
  const enc = encodeURIComponent;
  let statusTimer = 0;

  function say(message) {
    clearTimeout(statusTimer);
    $('status').textContent = message;
    statusTimer = setTimeout(() => { $('status').textContent = ''; }, 6000);
  }

  function formatTime(value) {
    if (!value) return '';
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? String(value) : date.toLocaleString();
  }

  // ---------- session ----------

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  /** The tenant an admin link is for (read from the token's claims; the server checks the signature), or null. */
  function scopedTenant() {
    const value = token();
    if (!value || !value.startsWith('dma.')) return null;
    try {
      const body = value.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(atob(body)).tenant || null;
    } catch {
      return null;
    }
  }

  function signOut(message) {
    stopLive();
    sessionStorage.removeItem(TOKEN_KEY);
    showSignIn(message || '');
  }

  class ApiError extends Error {
    constructor(status, problem) {
      super((problem && (problem.detail || problem.title)) || `The server answered ${status}.`);
      this.status = status;
      this.problem = problem;
    }
  }

  /** Calls the operator API; resolves with the parsed body, rejects with ApiError. A 401 ends the session. */
  async function api(method, path, body) {
    const headers = { Authorization: `Bearer ${token()}`, Accept: 'application/json' };
    const init = { method, headers };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(API + path, init);
    const text = await response.text();
    let data = null;
    if (text) {
      try { data = JSON.parse(text); } catch { data = null; }
    }
    if (response.status === 401) {
      signOut('Your session has ended or the key is not valid. Please sign in again.');
      throw new ApiError(401, data);
    }
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  }

  // ---------- layout ----------

  function showSignIn(message) {
    $('main-nav').hidden = true;
    $('sign-out').hidden = true;
    $('signed-in-as').textContent = '';
    clear($('view'));
    $('sign-in').hidden = false;
    $('sign-in-error').textContent = message;
    $('operator-key').value = '';
    $('operator-key').focus();
  }

  function showApp() {
    $('sign-in').hidden = true;
    $('main-nav').hidden = false;
    $('sign-out').hidden = false;
    const tenant = scopedTenant();
    $('signed-in-as').textContent = tenant ? `Signed in for tenant ${tenant}` : 'Signed in as operator';
    // An admin link sees its own tenant's dashboard; the operator the whole service's.
    $('nav-dashboard').setAttribute('href', landingRoute());
  }

  /** The first screen after sign-in: the dashboard (the service's, or the admin link's tenant's). */
  function landingRoute() {
    const tenant = scopedTenant();
    return tenant ? `#/tenants/${enc(tenant)}/dashboard` : '#/dashboard';
  }

  // True while a view re-renders itself for a live update: focus then stays where the user is.
  let refreshing = false;

  /** Starts a view: clears it, sets the heading and moves focus there so screen readers announce the page. */
  function beginView(title, ...before) {
    // A fresh container per view: a view still waiting for the API when the user moves on then fills a detached node
    // instead of mixing its rows into the next view.
    const view = h('div', { class: 'view' });
    clear($('view')).append(view);
    append(view, before);
    const heading = h('h1', { tabindex: '-1', text: title });
    view.append(heading);
    document.title = `${title} · Dynamic Modules admin`;
    if (!refreshing) heading.focus();
    return view;
  }

  function notice(message, isError) {
    return h('p', { class: isError ? 'notice error' : 'notice', role: isError ? 'alert' : null, text: message });
  }

  function failure(view, error, what) {
    if (error instanceof ApiError && error.status === 401) return;
    view.append(notice(`${what}: ${error.message}`, true));
  }

  function setCurrentNav(section) {
    for (const link of document.querySelectorAll('[data-nav]')) {
      if (link.dataset.nav === section) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
  }

  /** A button that shows and hides a JSON document below it. */
  function jsonToggle(label, value) {
    const pre = h('pre', { class: 'definition', hidden: true, tabindex: '0' });
    pre.textContent = JSON.stringify(value, null, 2);
    const id = `json-${Math.random().toString(36).slice(2)}`;
    pre.id = id;
    const button = h('button', {
      type: 'button', class: 'link', 'aria-expanded': 'false', 'aria-controls': id, text: `Show ${label}`,
      on: {
        click: () => {
          const open = pre.hidden;
          pre.hidden = !open;
          button.setAttribute('aria-expanded', String(open));
          button.textContent = `${open ? 'Hide' : 'Show'} ${label}`;
        },
      },
    });
    return [button, pre];
  }

  // ---------- live updates (change feed) ----------

  let liveFeed = null;
  let shownVersion = 0;

  function stopLive() {
    if (liveFeed) liveFeed.abort();
    liveFeed = null;
  }

  /**
   * Follows GET /tenants/{t}/changes after `version` and calls onChange for each module-change event. fetch rather
   * than EventSource, because EventSource cannot send the Authorization header. Reconnects after a network drop.
   */
  async function watchChanges(tenant, version, onChange) {
    stopLive();
    const controller = new AbortController();
    liveFeed = controller;
    let after = version;
    while (!controller.signal.aborted) {
      try {
        const response = await fetch(`${API}/tenants/${enc(tenant)}/changes?after=${after}`, {
          headers: { Authorization: `Bearer ${token()}`, Accept: 'text/event-stream' },
          signal: controller.signal,
        });
        if (!response.ok || !response.body) return;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const lines = block.split('\n');
            if (!lines.includes('event: module-change')) continue;
            const data = lines.filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim()).join('\n');
            const change = JSON.parse(data);
            after = change.version;
            onChange(change);
          }
        }
      } catch (error) {
        if (controller.signal.aborted) return;
      }
      await new Promise((resolve) => { setTimeout(resolve, 3000); });
    }
  }

  // ---------- views ----------

  async function tenantsView() {
    setCurrentNav('tenants');
    const view = beginView('Tenants');
    let tenants;
    try {
      tenants = await api('GET', '/tenants');
    } catch (error) {
      return failure(view, error, 'Could not load tenants');
    }
    if (tenants.length === 0) {
      view.append(notice('No tenants yet. Create one with PUT /api/v1/tenants/{tenant}.'));
      return;
    }
    const rows = tenants.map((t) => h('tr', {},
      h('td', {}, h('a', { href: `#/tenants/${enc(t.key)}/apps`, text: t.key })),
      h('td', { text: t.displayName }),
      h('td', { text: t.productType }),
      h('td', { text: `${t.limits.perApp} per app${t.limits.tenantTotal === null ? '' : `, ${t.limits.tenantTotal} in total`}` }),
      h('td', { class: 'mono', text: t.moduleVersion })));
    view.append(h('table', {},
      h('caption', { class: 'muted', text: `${tenants.length} tenant${tenants.length === 1 ? '' : 's'}` }),
      h('thead', {}, h('tr', {}, ['Tenant', 'Name', 'Product', 'Dynamic module limits', 'Module version'].map((c) => h('th', { scope: 'col', text: c })))),
      h('tbody', {}, rows)));
  }

  // Tabs of a tenant, in order: [id, label]. Views in other files add theirs with registerTenantTab.
  const TABS = [
    ['apps', 'Apps and quotas'],
    ['modules', 'Modules'],
    ['audit', 'Audit log'],
    ['deliveries', 'Deliveries'],
  ];

  // Views added by other files: top-level routes (#/name) and tenant tabs (#/tenants/{tenant}/id).
  const extraRoutes = new Map();
  const extraTenantViews = new Map();

  function registerRoute(name, view) {
    extraRoutes.set(name, view);
  }

  function registerTenantTab(id, label, view, options) {
    extraTenantViews.set(id, view);
    // A hidden tab is a tenant view reached from a link on another tab (e.g. an app's Forge migration), not a tab itself.
    if (options && options.hidden) return;
    if (options && options.first) TABS.unshift([id, label]);
    else TABS.push([id, label]);
  }

  // Actions other files add to the app rows of the apps view: fn(tenant, app) → a node, or null for none on that row
  // (the Actions column is left out when no row has one).
  const appActions = [];

  function registerAppAction(action) {
    appActions.push(action);
  }

  function tenantHeader(tenant, tab) {
    const crumbs = scopedTenant() ? null
      : h('div', { class: 'breadcrumb' }, h('a', { href: '#/tenants', text: 'Tenants' }), ` / ${tenant}`);
    const tabs = h('nav', { class: 'tabs', 'aria-label': 'Tenant sections' },
      TABS.map(([id, label]) => h('a', {
        href: `#/tenants/${enc(tenant)}/${id}`,
        'aria-current': id === tab ? 'page' : null,
        text: label,
      })));
    return [crumbs, tabs];
  }

  async function appsView(tenant) {
    const view = beginView(`Apps of ${tenant}`, ...tenantHeader(tenant, 'apps'));
    let quotas;
    try {
      quotas = await api('GET', `/tenants/${enc(tenant)}/quotas`);
    } catch (error) {
      return failure(view, error, 'Could not load apps');
    }
    view.append(h('p', {},
      `Dynamic modules in this tenant: ${quotas.tenantUsed}`,
      quotas.tenantLimit === null ? ' (no tenant-wide cap)' : ` of a tenant-wide cap of ${quotas.tenantLimit}`,
      `. Default limit per app: ${quotas.perAppDefault}.`));
    if (quotas.apps.length === 0) {
      view.append(notice('No apps are installed in this tenant.'));
      return;
    }
    const actionsOf = new Map(quotas.apps.map((app) => [app.appKey, appActions.map((action) => action(tenant, app)).filter(Boolean)]));
    const withActions = [...actionsOf.values()].some((actions) => actions.length > 0);
    const rows = quotas.apps.map((app) => {
      const inputId = `limit-${app.appKey}`;
      const input = h('input', {
        id: inputId, class: 'limit', type: 'number', min: '0', max: '100000', step: '1', required: true,
        value: String(app.limit),
      });
      const form = h('form', {
        class: 'row-form', 'aria-label': `Quota of ${app.appKey}`,
        on: {
          submit: async (event) => {
            event.preventDefault();
            const limit = Number(input.value);
            if (!Number.isInteger(limit) || limit < 0 || limit > 100000) {
              say('The limit must be a whole number from 0 to 100000.');
              input.focus();
              return;
            }
            await saveQuota(tenant, app.appKey, limit);
          },
        },
      },
      h('label', { class: 'inline-label', for: inputId, text: `Limit for ${app.appKey}` }),
      input,
      h('button', { type: 'submit', text: 'Save' }),
      app.quotaLimit === null ? null : h('button', {
        type: 'button', class: 'secondary', text: 'Use tenant default',
        on: { click: () => saveQuota(tenant, app.appKey, null) },
      }));
      const share = app.limit === 0 ? 1 : Math.min(1, app.used / app.limit);
      return h('tr', { 'data-app': app.appKey },
        h('th', { scope: 'row', class: 'mono', text: app.appKey }),
        h('td', {}, h('span', { class: `badge ${app.state}`, text: app.state })),
        h('td', { class: 'usage' },
          h('span', { class: 'used-of-limit', text: `${app.used} / ${app.limit}` }),
          h('span', { class: share >= 1 ? 'meter full' : 'meter', 'aria-hidden': 'true' },
            h('span', { style: null, 'data-share': share })),
          app.quotaLimit === null ? h('span', { class: 'muted', text: ' (tenant default)' }) : null),
        h('td', {}, form),
        withActions ? h('td', { class: 'actions' }, actionsOf.get(app.appKey)) : null);
    });
    const columns = ['App', 'State', 'Dynamic modules used / limit', 'Change limit', ...(withActions ? ['Actions'] : [])];
    view.append(h('table', {},
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', text: c })))),
      h('tbody', {}, rows)));
    // Widths through the CSSOM: inline style attributes are blocked by the page's CSP.
    for (const bar of view.querySelectorAll('[data-share]')) bar.style.width = `${Math.round(Number(bar.dataset.share) * 100)}%`;
  }

  async function saveQuota(tenant, appKey, limit) {
    try {
      const saved = await api('PUT', `/tenants/${enc(tenant)}/apps/${enc(appKey)}/quota`, { limit });
      say(`Limit of ${appKey} is now ${saved.effectiveLimit}.`);
      await appsView(tenant);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) say(`Could not change the limit: ${error.message}`);
    }
  }

  async function modulesView(tenant, params) {
    const view = beginView(`Modules of ${tenant}`, ...tenantHeader(tenant, 'modules'));
    view.append(h('p', { class: 'hint', text: 'Static and dynamic modules of enabled apps, as the host product reads them.' }));
    const query = new URLSearchParams();
    for (const name of ['app', 'type', 'location']) if (params.get(name)) query.set(name, params.get(name));
    let result;
    try {
      result = await api('GET', `/tenants/${enc(tenant)}/modules${query.size ? `?${query}` : ''}`);
    } catch (error) {
      return failure(view, error, 'Could not load modules');
    }

    const field = (name, label) => {
      const id = `filter-${name}`;
      return h('div', {}, h('label', { for: id, text: label }), h('input', { id, name, type: 'text', value: params.get(name) || '' }));
    };
    view.append(h('form', {
      class: 'filters', role: 'search', 'aria-label': 'Filter modules',
      on: {
        submit: (event) => {
          event.preventDefault();
          const next = new URLSearchParams();
          for (const input of event.target.querySelectorAll('input')) if (input.value.trim()) next.set(input.name, input.value.trim());
          location.hash = `#/tenants/${enc(tenant)}/modules${next.size ? `?${next}` : ''}`;
        },
      },
    }, field('app', 'App'), field('type', 'Type'), field('location', 'Location'), h('button', { type: 'submit', text: 'Filter' })));

    view.append(h('p', { class: 'muted', text: `${result.modules.length} module${result.modules.length === 1 ? '' : 's'} at module version ${result.version}. Live: changes appear here as they happen.` }));
    shownVersion = result.version;
    let pending = 0;
    watchChanges(tenant, result.version, (change) => {
      clearTimeout(pending);
      pending = setTimeout(async () => {
        // Our own changes (a delete from this page) are already shown.
        if (change.version <= shownVersion) return;
        say(`Modules changed (${change.operation} by ${change.appKey}); list updated.`);
        refreshing = true;
        try {
          await modulesView(tenant, currentParams());
        } finally {
          refreshing = false;
        }
      }, 250);
    });
    if (result.modules.length === 0) return;
    const rows = result.modules.map((m) => h('tr', { 'data-module': `${m.appKey}/${m.key}` },
      h('td', { class: 'mono', text: m.appKey }),
      h('th', { scope: 'row', class: 'mono', text: m.key }),
      h('td', { text: m.type }),
      h('td', {}, h('span', { class: `badge ${m.source}`, text: m.source })),
      h('td', { class: 'does' }, describeModule(m)),
      h('td', {}, jsonToggle('definition', m.definition)),
      h('td', { class: 'actions' }, m.source === 'dynamic' ? deleteControl(tenant, m) : h('span', { class: 'muted', text: 'declared in descriptor' }))));
    view.append(h('table', {},
      h('thead', {}, h('tr', {}, ['App', 'Key', 'Type', 'Source', 'What it does', 'Definition', 'Actions'].map((c) => h('th', { scope: 'col', text: c })))),
      h('tbody', {}, rows)));
  }

  const text = (value) => (typeof value === 'string' ? value : (value && typeof value.value === 'string' ? value.value : ''));

  /**
   * What a module does, in the words of its type: a webhook's event, URL and JQL filter; a trigger's events, target and
   * filter expression; for UI modules their name, location and URL. Only the members the definition has are shown.
   */
  function describeModule(m) {
    const d = m.definition || {};
    const facts = [];
    if (m.type === 'webhooks') {
      facts.push(['Event', text(d.event)], ['URL', text(d.url)], ['JQL filter', text(d.filter)]);
      if (d.excludeBody === true) facts.push(['Body', 'excluded']);
    } else if (m.type === 'trigger') {
      const filter = d.filter && typeof d.filter === 'object' ? d.filter : {};
      facts.push(
        ['Events', Array.isArray(d.events) ? d.events.filter((e) => typeof e === 'string').join(', ') : ''],
        ['Target', d.endpoint ? `endpoint ${text(d.endpoint)}` : (d.function ? `function ${text(d.function)}` : '')],
        ['Filter', text(filter.expression)]);
      if (filter.ignoreSelf === true) facts.push(['Ignores', 'its own events']);
    } else {
      facts.push(['Name', text(d.name)], ['Location', text(d.location)], ['URL', text(d.url)]);
    }
    const shown = facts.filter(([, value]) => value !== '');
    if (shown.length === 0) return h('span', { class: 'muted', text: 'see its definition' });
    return h('dl', { class: 'facts' }, shown.map(([term, value]) => h('div', {}, h('dt', { text: term }), h('dd', { class: 'mono', text: value }))));
  }

  /** Delete in two steps (no browser dialog): Delete, then Confirm or Cancel in place. */
  function deleteControl(tenant, module) {
    const cell = h('span', {});
    const start = () => {
      clear(cell);
      const confirm = h('button', {
        type: 'button', class: 'danger', text: `Confirm delete of ${module.key}`,
        on: {
          click: async () => {
            confirm.disabled = true;
            try {
              await api('DELETE', `/tenants/${enc(tenant)}/apps/${enc(module.appKey)}/modules/${enc(module.key)}`);
              say(`Deleted dynamic module ${module.key} of ${module.appKey}.`);
              await modulesView(tenant, currentParams());
            } catch (error) {
              if (!(error instanceof ApiError && error.status === 401)) say(`Could not delete ${module.key}: ${error.message}`);
              confirm.disabled = false;
            }
          },
        },
      });
      append(cell, [confirm, ' ', h('button', { type: 'button', class: 'secondary', text: 'Cancel', on: { click: () => { idle(); cell.querySelector('button').focus(); } } })]);
      confirm.focus();
    };
    const idle = () => {
      clear(cell);
      cell.append(h('button', { type: 'button', class: 'secondary', text: 'Delete', 'aria-label': `Delete ${module.key}`, on: { click: start } }));
    };
    idle();
    return cell;
  }

  async function auditView(tenant) {
    const view = beginView(`Audit log of ${tenant}`, ...tenantHeader(tenant, 'audit'));
    const body = h('tbody', {});
    const table = h('table', {},
      h('thead', {}, h('tr', {}, ['Time', 'App', 'Actor', 'Operation', 'Modules', 'Details'].map((c) => h('th', { scope: 'col', text: c })))),
      body);
    const more = h('button', { type: 'button', class: 'secondary', text: 'Load more', hidden: true });
    const count = h('p', { class: 'muted' });
    view.append(h('p', { class: 'hint', text: 'Oldest first. Every accepted change is recorded with who made it.' }), count, table, h('p', {}, more));
    let after = 0;
    let shown = 0;
    const load = async () => {
      more.disabled = true;
      try {
        const page = await api('GET', `/tenants/${enc(tenant)}/audit?limit=50&after=${after}`);
        for (const r of page.records) {
          body.append(h('tr', { 'data-operation': r.operation },
            h('td', { text: formatTime(r.time) }),
            h('td', { class: 'mono', text: r.appKey || '' }),
            h('td', { text: r.actor }),
            h('td', { class: 'mono', text: r.operation }),
            h('td', { class: 'mono', text: (r.moduleKeys || []).join(', ') }),
            h('td', { text: r.details || '' })));
        }
        shown += page.records.length;
        count.textContent = `${shown} record${shown === 1 ? '' : 's'} shown.`;
        after = page.next ?? after;
        more.hidden = page.next === null || page.next === undefined;
      } catch (error) {
        failure(view, error, 'Could not load the audit log');
      } finally {
        more.disabled = false;
      }
    };
    more.addEventListener('click', load);
    await load();
  }

  const DELIVERY_STATUSES = [['', 'Any status'], ['failed', 'Failed (not retried)'], ['dead', 'Dead-lettered'], ['pending', 'Pending'], ['succeeded', 'Succeeded']];
  const DELIVERY_PAGE = 50;
  const MAX_DELIVERY_PAGE = 500;

  async function deliveriesView(tenant, params) {
    const view = beginView(`Deliveries of ${tenant}`, ...tenantHeader(tenant, 'deliveries'));
    const status = params.get('status') || '';
    // ?limit= in the address sets the page size that "Load more" fetches.
    const requested = Number.parseInt(params.get('limit') || '', 10);
    const pageSize = requested >= 1 && requested <= MAX_DELIVERY_PAGE ? requested : DELIVERY_PAGE;
    const select = h('select', { id: 'delivery-status', name: 'status' },
      DELIVERY_STATUSES.map(([value, label]) => h('option', { value, selected: value === status, text: label })));
    view.append(h('form', {
      class: 'filters', 'aria-label': 'Filter deliveries',
      on: {
        submit: (event) => {
          event.preventDefault();
          location.hash = `#/tenants/${enc(tenant)}/deliveries${select.value ? `?status=${enc(select.value)}` : ''}`;
        },
      },
    }, h('div', {}, h('label', { for: 'delivery-status', text: 'Status' }), select), h('button', { type: 'submit', text: 'Filter' })));
    view.append(replayForm(tenant, () => deliveriesView(tenant, currentParams())));

    const body = h('tbody', {});
    const table = h('table', { hidden: true },
      h('thead', {}, h('tr', {}, ['Id', 'App', 'Module', 'Event', 'Target', 'Status', 'Attempts', 'Last result', 'Details', 'Actions']
        .map((c) => h('th', { scope: 'col', text: c })))),
      body);
    const count = h('p', { class: 'muted' });
    const more = h('button', { type: 'button', class: 'secondary', text: 'Load more', hidden: true });
    view.append(count, table, h('p', {}, more));
    let after = 0;
    let shown = 0;
    const load = async () => {
      more.disabled = true;
      let data;
      try {
        data = await api('GET', `/tenants/${enc(tenant)}/deliveries?limit=${pageSize}&after=${after}${status ? `&status=${enc(status)}` : ''}`);
      } catch (error) {
        more.disabled = false;
        return failure(view, error, 'Could not load deliveries');
      }
      const deliveries = data.deliveries || [];
      if (shown === 0 && deliveries.length === 0) {
        count.replaceWith(notice(status ? `No deliveries with status ${status}.` : 'No deliveries yet.'));
        return;
      }
      for (const d of deliveries) body.append(deliveryRow(d));
      shown += deliveries.length;
      table.hidden = false;
      count.textContent = `${shown} deliver${shown === 1 ? 'y' : 'ies'} shown, oldest first.`;
      after = data.nextAfter ?? after;
      more.hidden = data.nextAfter === null || data.nextAfter === undefined;
      more.disabled = false;
      // Keyboard users who asked for more land on the first new row, not back at the top.
      if (shown > deliveries.length && deliveries.length > 0) body.rows[shown - deliveries.length].querySelector('td').focus();
    };
    more.addEventListener('click', load);
    await load();
  }

  function deliveryRow(d) {
    const lastResult = d.lastError || (d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : '');
    const kind = d.moduleKind === 'trigger' ? 'trigger' : 'webhook';
    return h('tr', { 'data-delivery': d.id },
      // Focusable so "Load more" can move focus to the first new row.
      h('td', { class: 'mono', tabindex: '-1', text: d.id }),
      h('td', { class: 'mono', text: d.appKey }),
      h('td', { class: 'mono' }, h('span', { class: 'muted', text: `${kind} ` }), d.moduleKey),
      h('td', { class: 'mono', text: d.eventType }),
      h('td', { class: 'mono target', text: d.targetUrl || 'no valid target' }),
      h('td', {}, h('span', { class: `badge ${String(d.status).toLowerCase()}`, text: d.status })),
      h('td', { text: Array.isArray(d.attempts) ? d.attempts.length : d.attemptCount }),
      h('td', { text: lastResult }),
      h('td', {}, jsonToggle('details', d)),
      h('td', { class: 'actions' }, h('button', {
        type: 'button', class: 'secondary', text: 'Redeliver', 'aria-label': `Redeliver ${d.id}`,
        on: {
          click: async (event) => {
            event.target.disabled = true;
            try {
              await api('POST', `/deliveries/${enc(d.id)}/redeliver`);
              say(`Delivery ${d.id} is queued again.`);
            } catch (error) {
              if (!(error instanceof ApiError && error.status === 401)) say(`Could not redeliver: ${error.message}`);
            } finally {
              event.target.disabled = false;
            }
          },
        },
      })));
  }

  const REPLAY_SINCE = [['1', 'Last hour'], ['6', 'Last 6 hours'], ['24', 'Last 24 hours'], ['168', 'Last 7 days'], ['720', 'Last 30 days']];

  /** Bulk replay (POST /deliveries/replay): deliveries created since a time, with a status, start a new attempt cycle. */
  function replayForm(tenant, onReplayed) {
    const since = h('select', { id: 'replay-since', name: 'since' },
      REPLAY_SINCE.map(([hours, label]) => h('option', { value: hours, selected: hours === '24', text: label })));
    const status = h('select', { id: 'replay-status', name: 'status' },
      [['', 'Failed and dead-lettered'], ['dead', 'Dead-lettered'], ['failed', 'Failed (not retried)'], ['succeeded', 'Succeeded']]
        .map(([value, label]) => h('option', { value, text: label })));
    const result = h('p', { class: 'hint', id: 'replay-result', 'aria-live': 'polite' });
    const submit = h('button', { type: 'submit', text: 'Replay' });
    return h('form', {
      class: 'card replay', 'aria-labelledby': 'replay-title',
      on: {
        submit: async (event) => {
          event.preventDefault();
          submit.disabled = true;
          // "Since" has no end, and the server's clock may be ahead of this browser's: the window runs to the latest time the API takes.
          const body = { from: new Date(Date.now() - Number(since.value) * 3600_000).toISOString(), to: '9999-12-31T23:59:59.999Z' };
          if (status.value) body.status = status.value;
          try {
            const answer = await api('POST', `/tenants/${enc(tenant)}/deliveries/replay`, body);
            const message = `${answer.count} deliver${answer.count === 1 ? 'y is' : 'ies are'} queued again.`;
            say(message);
            if (answer.count > 0) await onReplayed();
            else result.textContent = message;
          } catch (error) {
            if (!(error instanceof ApiError && error.status === 401)) result.textContent = `Could not replay: ${error.message}`;
          } finally {
            submit.disabled = false;
          }
        },
      },
    },
    h('h2', { id: 'replay-title', text: 'Replay deliveries' }),
    h('p', { class: 'hint', text: 'Queues settled deliveries again with their webhook-id unchanged, so apps can tell a replay from a new event.' }),
    h('div', { class: 'filters' },
      h('div', {}, h('label', { for: 'replay-since', text: 'Created' }), since),
      h('div', {}, h('label', { for: 'replay-status', text: 'Replay status' }), status),
      submit),
    result);
  }

  const SAMPLE_PAYLOAD = {
    issue: {
      key: 'DEMO-1',
      fields: {
        summary: 'Checkout fails for large carts',
        issuetype: { name: 'Bug' },
        priority: { name: 'High' },
        status: { name: 'To Do' },
        labels: ['urgent', 'checkout'],
        project: { key: 'DEMO' },
      },
    },
    user: { accountId: '5b10a2844c20165700ede21g' },
  };

  function playgroundView() {
    setCurrentNav('playground');
    const view = beginView('Expression playground');
    view.append(h('p', { class: 'hint', text: 'Try a trigger filter (expression, the payload is `event`) or a webhook filter (JQL, matched against the payload\'s `issue`) against a sample event. Nothing is registered.' }));
    const language = h('select', { id: 'pg-language', name: 'language' },
      h('option', { value: 'expression', text: 'Expression (Forge trigger filter)' }),
      h('option', { value: 'jql', text: 'JQL (Connect webhook filter)' }));
    const expression = h('textarea', { id: 'pg-expression', name: 'expression', rows: '3', spellcheck: 'false' });
    expression.value = "event.issue.fields.labels.includes('urgent') && event.issue.fields.priority.name != 'Low'";
    const payload = h('textarea', { id: 'pg-payload', name: 'payload', rows: '12', spellcheck: 'false' });
    payload.value = JSON.stringify(SAMPLE_PAYLOAD, null, 2);
    const output = h('div', { id: 'pg-result', class: 'result card', 'aria-live': 'polite' });
    language.addEventListener('change', () => {
      if (language.value === 'jql' && expression.value.startsWith('event.')) expression.value = 'labels = urgent AND priority != Low';
      if (language.value === 'expression' && !expression.value.startsWith('event')) expression.value = "event.issue.fields.labels.includes('urgent')";
    });

    const evaluate = async (event) => {
      event.preventDefault();
      let sample;
      try {
        sample = JSON.parse(payload.value);
      } catch (error) {
        showResult(output, null, `The sample payload is not valid JSON: ${error.message}`);
        payload.focus();
        return;
      }
      try {
        const result = await api('POST', '/expressions/evaluate', { language: language.value, expression: expression.value, payload: sample });
        showResult(output, result, null);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) showResult(output, null, 'Evaluation is not available on this server (POST /api/v1/expressions/evaluate answered 404).');
        else if (error.status !== 401) showResult(output, null, error.message);
      }
    };
    const analyse = async () => {
      try {
        const answer = await api('POST', '/expressions/analyse', { language: language.value, expressions: [expression.value] });
        const result = answer && Array.isArray(answer.results) ? answer.results[0] : null;
        if (result) showResult(output, { valid: result.valid, errors: result.errors, cost: result.cost, analysedOnly: true }, null);
        else {
          clear(output).append(h('h2', { text: 'Analysis' }));
          output.append(...jsonToggle('analysis', answer));
        }
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) showResult(output, null, 'Analysis is not available on this server (POST /api/v1/expressions/analyse answered 404). Evaluate still checks the filter.');
        else if (error.status !== 401) showResult(output, null, error.message);
      }
    };

    view.append(h('form', { class: 'card', id: 'playground-form', on: { submit: evaluate } },
      h('label', { for: 'pg-language', text: 'Language' }), language,
      h('label', { for: 'pg-expression', text: 'Filter' }), expression,
      h('label', { for: 'pg-payload', text: 'Sample event payload (JSON)' }), payload,
      h('div', { class: 'row-form' },
        h('button', { type: 'submit', text: 'Evaluate' }),
        h('button', { type: 'button', class: 'secondary', text: 'Analyse only', on: { click: analyse } }))));
    view.append(output);
  }

  function showResult(output, result, problem) {
    clear(output);
    output.append(h('h2', { text: 'Result' }));
    if (problem) {
      output.append(h('p', { class: 'error', role: 'alert', text: problem }));
      return;
    }
    const list = h('dl', {});
    const row = (term, value, cls) => append(list, [h('dt', { text: term }), h('dd', { class: cls || null, text: value })]);
    row('Valid', result.valid ? 'yes' : 'no', result.valid ? 'ok' : 'error');
    if (result.valid && !result.analysedOnly) {
      row('Matched', result.matched ? 'yes' : 'no', result.matched ? 'ok' : null);
      if (result.error) row('Evaluation error', result.error, 'error');
      row('Steps', result.steps);
    }
    row('Cost', result.cost);
    output.append(list);
    if (result.errors && result.errors.length) {
      output.append(h('ul', { class: 'error' }, result.errors.map((e) => h('li', { text: `Line ${e.line}, column ${e.column}: ${e.message}` }))));
    }
  }

  // ---------- routing ----------

  function currentParams() {
    const hash = location.hash;
    const q = hash.indexOf('?');
    return new URLSearchParams(q < 0 ? '' : hash.slice(q + 1));
  }

  async function route() {
    stopLive();
    if (!token()) {
      showSignIn('');
      return;
    }
    showApp();
    const hash = location.hash.replace(/^#/, '');
    const q = hash.indexOf('?');
    const path = (q < 0 ? hash : hash.slice(0, q)).split('/').filter(Boolean).map(decodeURIComponent);
    const params = currentParams();
    const scoped = scopedTenant();
    if (path[0] === 'playground') return playgroundView();
    if (path[0] === 'tenants' && path[1]) {
      setCurrentNav(path[2] === 'dashboard' ? 'dashboard' : 'tenants');
      const tenant = path[1];
      if (extraTenantViews.has(path[2])) return extraTenantViews.get(path[2])(tenant, params);
      switch (path[2]) {
        case 'modules': return modulesView(tenant, params);
        case 'audit': return auditView(tenant);
        case 'deliveries': return deliveriesView(tenant, params);
        default: return appsView(tenant);
      }
    }
    if (scoped) {
      location.replace(path[0] === 'tenants' ? `#/tenants/${enc(scoped)}/apps` : landingRoute());
      return;
    }
    if (path[0] === 'tenants') return tenantsView();
    if (extraRoutes.has(path[0])) return extraRoutes.get(path[0])(params);
    if (path.length === 0 && extraRoutes.has('dashboard')) {
      location.replace(landingRoute());
      return;
    }
    return tenantsView();
  }

  async function signIn(event) {
    event.preventDefault();
    const key = $('operator-key').value.trim();
    if (!key) {
      $('sign-in-error').textContent = 'Enter the operator key.';
      $('operator-key').focus();
      return;
    }
    const response = await fetch(`${API}/tenants`, { headers: { Authorization: `Bearer ${key}` } });
    if (!response.ok) {
      $('sign-in-error').textContent = response.status === 401 ? 'That key was not accepted.' : `Sign-in failed (${response.status}).`;
      $('operator-key').select();
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, key);
    $('operator-key').value = '';
    if (location.hash === landingRoute()) await route();
    else location.hash = landingRoute();
  }

  function start() {
    // An admin link carries its token in the fragment; keep it for this tab only and take it out of the address bar.
    const match = /^#token=([A-Za-z0-9._-]+)$/.exec(location.hash);
    if (match) {
      sessionStorage.setItem(TOKEN_KEY, match[1]);
      history.replaceState(null, '', `${location.pathname}#/`);
    }
    $('sign-in-form').addEventListener('submit', (event) => { signIn(event).catch((error) => { $('sign-in-error').textContent = error.message; }); });
    $('sign-out').addEventListener('click', () => signOut('You are signed out.'));
    // The skip link moves focus only: following its #main would be taken for a route by the hash router.
    $('skip-link').addEventListener('click', (event) => {
      event.preventDefault();
      $('main').focus();
    });
    window.addEventListener('hashchange', () => { route().catch((error) => say(error.message)); });
    route().catch((error) => say(error.message));
  }

  // What the page's other files build on. Frozen: a view can use the core, not replace parts of it.
  window.DynamicModulesAdmin = Object.freeze({
    h, append, clear, enc, say, formatTime, api, ApiError, beginView, notice, failure, setCurrentNav, tenantHeader, jsonToggle,
    scopedTenant, registerRoute, registerTenantTab, registerAppAction,
  });

  // Not before DOMContentLoaded: the deferred files after this one register their views first (see the top of the file).
  document.addEventListener('DOMContentLoaded', start);
})();
