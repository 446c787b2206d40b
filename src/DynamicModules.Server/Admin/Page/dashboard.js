// The dashboard: the first screen after sign-in, for the whole service (operator key) or one tenant (its tab, and the
// first screen of an admin link). Figures from GET /api/v1/dashboard and GET /api/v1/tenants/{tenant}/dashboard, drawn
// by charts.js; each chart also says its numbers in words and in a table.
'use strict';

(() => {
  const A = window.DynamicModulesAdmin;
  const C = window.DynamicModulesCharts;
  const { h, enc } = A;

  const WINDOWS = [['24h', 'Last 24 hours'], ['7d', 'Last 7 days']];
  const OUTCOMES = [
    { key: 'succeeded', label: 'succeeded', className: 'series-succeeded' },
    { key: 'retried', label: 'retried', className: 'series-retried' },
    { key: 'failed', label: 'failed', className: 'series-failed' },
    { key: 'dead', label: 'dead-lettered', className: 'series-dead' },
  ];

  /** 850 ms, 12.3 s, 4.5 min, 2.1 h. */
  function duration(ms) {
    if (ms === null || ms === undefined) return '–';
    if (ms < 1000) return `${ms} ms`;
    if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
    if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
    return `${(ms / 3_600_000).toFixed(1)} h`;
  }

  const hourLabel = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const dayLabel = (iso) => new Date(iso).toLocaleDateString([], { weekday: 'short', day: 'numeric' });
  const hourAndDay = (iso) => new Date(iso).toLocaleString([], { weekday: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

  function figure(key, value, label) {
    return h('li', { 'data-figure': key }, h('span', { class: 'figure-value', text: value }), h('span', { class: 'figure-label', text: label }));
  }

  function card(id, title, ...content) {
    return h('section', { class: 'card chart-card', 'aria-labelledby': id }, h('h2', { id, text: title }), content);
  }

  async function dashboardView(tenant, params) {
    A.setCurrentNav('dashboard');
    const view = A.beginView(tenant ? `Dashboard of ${tenant}` : 'Dashboard', ...(tenant ? A.tenantHeader(tenant, 'dashboard') : []));
    const windowName = params.get('window') === '7d' ? '7d' : '24h';
    const windowLabel = WINDOWS.find(([name]) => name === windowName)[1];
    const base = tenant ? `#/tenants/${enc(tenant)}/dashboard` : '#/dashboard';
    view.append(h('nav', { class: 'window-switch', 'aria-label': 'Time window' },
      WINDOWS.map(([name, label]) => h('a', { href: `${base}?window=${name}`, 'aria-current': name === windowName ? 'page' : null, text: label }))));

    let data;
    try {
      data = await A.api('GET', `${tenant ? `/tenants/${enc(tenant)}` : ''}/dashboard?window=${windowName}`);
    } catch (error) {
      return A.failure(view, error, 'Could not load the dashboard');
    }

    view.append(h('p', { class: 'hint', text: `${windowLabel}, by hour, until ${A.formatTime(data.to)}. ${tenant ? 'This tenant only.' : 'Every tenant.'}` }));
    const { totals, lag, outbox } = data;
    view.append(h('ul', { class: 'figures', 'aria-label': 'Key figures' },
      figure('succeeded', totals.succeeded, 'succeeded'),
      figure('retried', totals.retried, 'retried'),
      figure('failed', totals.failed, 'failed'),
      figure('dead', totals.dead, 'dead-lettered'),
      figure('outbox', outbox.pending, `in the outbox (${outbox.due} due, ${outbox.waiting} waiting)`),
      figure('lag-p50', duration(lag.p50Ms), 'median lag, publish to first 2xx'),
      figure('lag-p99', duration(lag.p99Ms), '99th percentile lag')));

    const charts = h('div', { class: 'charts' });
    view.append(charts);
    charts.append(deliveriesCard(data, windowName, windowLabel), lagCard(lag, windowLabel), outboxCard(outbox));
    view.append(failingCard(data.failingEndpoints, !tenant, windowLabel), quotaCard(data.quotas, !tenant));
  }

  function deliveriesCard(data, windowName, windowLabel) {
    const { hours, totals } = data;
    const busiest = hours.reduce((best, hour) => {
      const sum = OUTCOMES.reduce((total, o) => total + hour[o.key], 0);
      return sum > best.sum ? { hour, sum } : best;
    }, { hour: null, sum: 0 });
    const words = OUTCOMES.map((o) => `${totals[o.key]} ${o.label}`).join(', ');
    const description = `${windowLabel}: ${words}.${busiest.hour ? ` Busiest hour: ${hourAndDay(busiest.hour.hour)} with ${busiest.sum}.` : ' Nothing was delivered.'}`;
    const week = windowName === '7d';
    const chart = C.stackedBars({
      title: `Deliveries per hour by outcome, ${windowLabel.toLowerCase()}`,
      description,
      categories: hours.map((hour) => (week ? hourAndDay(hour.hour) : hourLabel(hour.hour))),
      series: OUTCOMES.map((o) => ({ label: o.label, className: o.className, values: hours.map((hour) => hour[o.key]) })),
      tickEvery: week ? 24 : 3,
      tickLabel: (i) => (week ? dayLabel(hours[i].hour) : hourLabel(hours[i].hour)),
    });
    chart.id = 'deliveries-chart';
    return card('deliveries-title', 'Deliveries per hour', h('p', { class: 'hint', id: 'deliveries-summary', text: description }),
      C.legend(OUTCOMES), chart,
      C.dataTable({
        summary: 'Deliveries per hour as a table',
        caption: `Deliveries per hour by outcome, ${windowLabel.toLowerCase()}`,
        columns: ['Hour', ...OUTCOMES.map((o) => o.label)],
        numeric: [false, true, true, true, true],
        rows: hours.map((hour) => [hourAndDay(hour.hour), ...OUTCOMES.map((o) => hour[o.key])]),
      }));
  }

  function lagCard(lag, windowLabel) {
    if (!lag.count) {
      return card('lag-title', 'Delivery lag', A.notice(`No delivery succeeded in the ${windowLabel.toLowerCase()}, so there is no lag to show.`));
    }
    const points = [['p50', 'median', lag.p50Ms], ['p90', '90th percentile', lag.p90Ms], ['p99', '99th percentile', lag.p99Ms], ['max', 'longest', lag.maxMs]];
    const description = `Publish to first 2xx over ${lag.count} deliver${lag.count === 1 ? 'y' : 'ies'}: ${points.map(([, name, ms]) => `${name} ${duration(ms)}`).join(', ')}.`;
    const chart = C.horizontalBars({
      title: 'Delivery lag percentiles',
      description,
      labelWidth: 120,
      items: points.map(([short, , ms]) => ({ label: short, value: ms, className: 'series-lag', valueText: duration(ms) })),
    });
    chart.id = 'lag-chart';
    return card('lag-title', 'Delivery lag', h('p', { class: 'hint', text: description }), chart,
      C.dataTable({
        summary: 'Lag percentiles as a table',
        caption: 'Delivery lag, publish to first 2xx',
        columns: ['Percentile', 'Lag', 'Milliseconds'],
        numeric: [false, true, true],
        rows: points.map(([short, name, ms]) => [`${short} (${name})`, duration(ms), ms]),
      }));
  }

  function outboxCard(outbox) {
    const description = outbox.pending === 0
      ? 'The outbox is empty: nothing is waiting to be delivered.'
      : `${outbox.pending} pending: ${outbox.due} due now, ${outbox.waiting} waiting for a retry. Oldest since ${A.formatTime(outbox.oldestCreatedAt)}.`;
    if (outbox.pending === 0) return card('outbox-title', 'Outbox', h('p', { class: 'hint', id: 'outbox-summary', text: description }));
    const chart = C.horizontalBars({
      title: 'Outbox depth',
      description,
      items: [
        { label: 'due now', value: outbox.due, className: 'series-retried', valueText: String(outbox.due) },
        { label: 'waiting for a retry', value: outbox.waiting, className: 'series-lag', valueText: String(outbox.waiting) },
      ],
    });
    chart.id = 'outbox-chart';
    return card('outbox-title', 'Outbox', h('p', { class: 'hint', id: 'outbox-summary', text: description }), chart);
  }

  function failingCard(endpoints, allTenants, windowLabel) {
    if (endpoints.length === 0) {
      return card('failing-title', 'Endpoints failing most', A.notice(`No delivery attempt failed in the ${windowLabel.toLowerCase()}.`));
    }
    const name = (e) => (allTenants ? `${e.tenant} · ${e.targetUrl}` : e.targetUrl);
    // The bars are labelled by path (the table below has the whole URL): the host is mostly the same for an app's targets.
    const path = (url) => {
      try {
        return new URL(url).pathname;
      } catch {
        return url;
      }
    };
    const chart = C.horizontalBars({
      title: 'Endpoints failing most',
      description: endpoints.map((e) => `${name(e)}: ${e.failures} of ${e.attempts} attempts failed`).join('; '),
      width: 900,
      labelWidth: 380,
      items: endpoints.map((e) => ({
        label: allTenants ? `${e.tenant} · ${path(e.targetUrl)}` : path(e.targetUrl), value: e.failures, className: 'series-dead', valueText: `${e.failures} of ${e.attempts}`,
      })),
    });
    chart.id = 'failing-chart';
    const columns = [...(allTenants ? ['Tenant'] : []), 'App', 'Target', 'Failed attempts', 'Attempts', 'Failure rate', 'Last attempt'];
    const rows = endpoints.map((e) => h('tr', { 'data-endpoint': e.targetUrl },
      allTenants ? h('td', {}, h('a', { href: `#/tenants/${enc(e.tenant)}/deliveries`, text: e.tenant })) : null,
      h('td', { class: 'mono', text: e.appKey }),
      h('th', { scope: 'row', class: 'mono target', text: e.targetUrl }),
      h('td', { class: 'number', text: e.failures }),
      h('td', { class: 'number', text: e.attempts }),
      h('td', { class: 'number', text: `${Math.round((e.failures / e.attempts) * 100)}%` }),
      h('td', { text: A.formatTime(e.lastAttemptAt) })));
    return card('failing-title', 'Endpoints failing most', chart,
      h('table', {}, h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', text: c })))), h('tbody', {}, rows)));
  }

  function quotaCard(quotas, allTenants) {
    if (quotas.length === 0) return card('quota-title', 'Quota use per app', A.notice('No apps are installed.'));
    const name = (q) => (allTenants ? `${q.tenant} · ${q.appKey}` : q.appKey);
    const chart = C.horizontalBars({
      title: 'Dynamic modules used against the limit, per app',
      description: quotas.map((q) => `${name(q)}: ${q.used} of ${q.limit}`).join('; '),
      width: 900,
      labelWidth: 380,
      items: quotas.map((q) => ({
        label: name(q), value: q.used, max: q.limit, className: q.used >= q.limit ? 'series-full' : 'series-used', valueText: `${q.used} / ${q.limit}`,
      })),
    });
    chart.id = 'quota-chart';
    return card('quota-title', 'Quota use per app', chart,
      C.dataTable({
        summary: 'Quota use as a table',
        caption: 'Dynamic modules used and allowed, per app',
        columns: [allTenants ? 'Tenant · app' : 'App', 'State', 'Used', 'Limit', 'Share used'],
        numeric: [false, false, true, true, true],
        rows: quotas.map((q) => [name(q), q.state, q.used, q.limit, q.limit === 0 ? '–' : `${Math.round((q.used / q.limit) * 100)}%`]),
      }));
  }

  A.registerRoute('dashboard', (params) => dashboardView(null, params));
  A.registerTenantTab('dashboard', 'Dashboard', dashboardView, { first: true });
})();
