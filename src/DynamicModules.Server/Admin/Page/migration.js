// Connect → Forge migration of an app's dynamic modules (DESIGN §4.6), for the operator: every app row of the apps view
// links to #/tenants/{tenant}/forge-migration?app={appKey}, which shows the plan (POST .../migrate-to-forge?dryRun=true,
// nothing changes), applies it after a confirmation (dryRun=false) and shows the app's modules before and after.
// Whether an app can migrate (a Forge manifest installation with app.connect.key) is the server's to say: its 409 detail
// is shown as it is. Like admin.js every node is built with textContent and attributes, never HTML parsing.
'use strict';

(() => {
  const A = window.DynamicModulesAdmin;
  const { h, enc, clear } = A;

  const STATUS_LABELS = {
    planned: 'planned',
    converted: 'converted',
    alreadyConverted: 'already converted',
    staysConnect: 'stays Connect',
  };

  const plural = (count, one, many) => `${count} ${count === 1 ? one : many}`;

  function migrationPath(tenant, appKey, dryRun) {
    return `/tenants/${enc(tenant)}/apps/${enc(appKey)}/migrate-to-forge?dryRun=${dryRun}`;
  }

  /** Counts of the answer's modules by status. */
  function countByStatus(modules) {
    const counts = { planned: 0, converted: 0, alreadyConverted: 0, staysConnect: 0 };
    for (const m of modules) if (m.status in counts) counts[m.status] += 1;
    return counts;
  }

  /** One sentence saying what the answer means: what would change (dry run) or what did (application). */
  function summarise(answer) {
    const counts = countByStatus(answer.modules);
    const parts = [];
    if (answer.dryRun) {
      parts.push(`${plural(counts.planned, 'module converts', 'modules convert')} to Forge`);
    } else {
      parts.push(`${plural(counts.converted, 'module', 'modules')} converted`);
    }
    if (counts.alreadyConverted > 0) parts.push(`${plural(counts.alreadyConverted, 'module was', 'modules were')} converted before`);
    parts.push(`${plural(counts.staysConnect, 'module stays a Connect module', 'modules stay Connect modules')}`);
    const what = parts.join(', ');
    if (answer.dryRun) return `Plan (dry run, nothing changed yet): ${what}.`;
    return answer.applied ? `Applied: ${what}.` : `Nothing changed: ${what}.`;
  }

  function planTable(appKey, answer) {
    const rows = answer.modules.map((m) => h('tr', { 'data-migration-module': m.key, 'data-status': m.status },
      h('th', { scope: 'row', class: 'mono', text: m.key }),
      h('td', { class: 'mono', text: m.type }),
      h('td', { class: 'mono', text: m.forgeType || '' }),
      h('td', { class: 'mono', text: m.newKey || '' }),
      h('td', {}, h('span', { class: `badge migration-${m.status}`, text: STATUS_LABELS[m.status] || m.status })),
      h('td', { class: 'reason', text: m.reason || '' }),
      h('td', {},
        m.derivedEndpoint ? h('p', { class: 'hint derived-endpoint', text: `Endpoint ${m.derivedEndpoint.key} derived on remote ${m.derivedEndpoint.remote}, route ${m.derivedEndpoint.route}` }) : null,
        m.data ? A.jsonToggle('Forge data', m.data) : h('span', { class: 'muted', text: 'none' }))));
    return h('table', { class: 'migration-plan' },
      h('caption', { class: 'muted', text: `Dynamic modules of ${appKey}: ${plural(answer.modules.length, 'module', 'modules')}` }),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', text: 'Connect key' }),
        h('th', { scope: 'col', text: 'Connect type' }),
        h('th', { scope: 'col' }, h('span', { 'aria-hidden': 'true', text: '→ ' }), 'Forge type'),
        h('th', { scope: 'col', text: 'New key' }),
        h('th', { scope: 'col', text: 'Status' }),
        h('th', { scope: 'col', text: 'Reason' }),
        h('th', { scope: 'col', text: 'Forge data' }))),
      h('tbody', {}, rows));
  }

  /** The app's modules as the module read serves them (static and dynamic, both dialects). */
  async function showModules(section, tenant, appKey) {
    clear(section).append(h('h2', { id: 'migration-modules-title', text: `Modules of ${appKey}` }));
    let result;
    try {
      result = await A.api('GET', `/tenants/${enc(tenant)}/modules?app=${enc(appKey)}`);
    } catch (error) {
      A.failure(section, error, 'Could not load the modules');
      return;
    }
    if (result.modules.length === 0) {
      section.append(A.notice(`${appKey} has no modules.`));
      return;
    }
    section.append(h('table', { class: 'migration-modules' },
      h('caption', { class: 'muted', text: `${plural(result.modules.length, 'module', 'modules')} at module version ${result.version}` }),
      h('thead', {}, h('tr', {}, ['Key', 'Type', 'Source', 'Definition'].map((c) => h('th', { scope: 'col', text: c })))),
      h('tbody', {}, result.modules.map((m) => h('tr', { 'data-app-module': m.key },
        h('th', { scope: 'row', class: 'mono', text: m.key }),
        h('td', { class: 'mono', text: m.type }),
        h('td', {}, h('span', { class: `badge ${m.source}`, text: m.source })),
        h('td', {}, A.jsonToggle('definition', m.definition)))))));
  }

  /** Apply in two steps (no browser dialog): Apply, then Confirm or Cancel in place. */
  function applyControl(tenant, appKey, planned, onApplied) {
    const area = h('div', { class: 'migration-apply' });
    const problem = h('p', { class: 'error', role: 'alert', tabindex: '-1' });
    const idle = () => {
      clear(area);
      const apply = h('button', {
        type: 'button', text: 'Apply migration', 'aria-label': `Apply migration of ${appKey}`,
        on: { click: () => confirmStep() },
      });
      area.append(apply, problem);
      return apply;
    };
    const confirmStep = () => {
      clear(area);
      problem.textContent = '';
      const question = h('p', { id: 'migration-confirm-question', text: `Convert ${plural(planned, 'module', 'modules')} of ${appKey} to Forge? The Connect modules are replaced by their Forge modules, all or nothing.` });
      const confirm = h('button', {
        type: 'button', class: 'danger', text: `Confirm: convert ${plural(planned, 'module', 'modules')}`,
        'aria-describedby': 'migration-confirm-question',
      });
      const cancel = h('button', { type: 'button', class: 'secondary', text: 'Cancel', on: { click: () => idle().focus() } });
      confirm.addEventListener('click', async () => {
        confirm.disabled = true;
        cancel.disabled = true;
        let answer;
        try {
          answer = await A.api('POST', migrationPath(tenant, appKey, false));
        } catch (error) {
          if (error instanceof A.ApiError && error.status === 401) return;
          idle();
          problem.textContent = `Could not apply the migration: ${error.message}`;
          problem.focus();
          return;
        }
        await onApplied(answer);
      });
      area.append(question, h('div', { class: 'row-form' }, confirm, cancel), problem);
      confirm.focus();
    };
    idle();
    return area;
  }

  async function migrationView(tenant, params) {
    const appKey = params.get('app') || '';
    const view = A.beginView(appKey ? `Migrate ${appKey} to Forge` : 'Migrate to Forge', ...A.tenantHeader(tenant, 'apps'));
    view.append(h('p', {}, h('a', { href: `#/tenants/${enc(tenant)}/apps`, text: `Back to the apps of ${tenant}` })));
    if (A.scopedTenant()) {
      view.append(A.notice('Only the operator can migrate an app to Forge.'));
      return;
    }
    if (!appKey) {
      view.append(A.notice('No app is named: open the migration from the app\'s row on the apps tab.'));
      return;
    }
    view.append(h('p', { class: 'hint', text: 'For an app upgraded from its Connect descriptor to a Forge manifest with app.connect.key. '
      + 'The plan says, for each dynamic module, its Forge type and data, or why it stays a Connect module (it keeps working as it is). '
      + 'Applying converts the planned modules all or nothing, within the app\'s quota, and records it in the audit log; applying again changes nothing.' }));
    const planSection = h('section', { class: 'migration', 'aria-labelledby': 'migration-plan-title' });
    const modulesSection = h('section', { 'aria-labelledby': 'migration-modules-title' });
    view.append(planSection, modulesSection);

    const render = (answer) => {
      clear(planSection);
      const title = h('h2', { id: 'migration-plan-title', tabindex: '-1', text: answer.dryRun ? 'Plan' : 'Result' });
      const summary = h('p', { class: 'migration-summary', id: 'migration-summary', text: summarise(answer) });
      planSection.append(title, summary);
      if (answer.modules.length > 0) planSection.append(planTable(appKey, answer));
      else planSection.append(A.notice(`${appKey} has no dynamic modules to migrate.`));
      const planned = countByStatus(answer.modules).planned;
      if (answer.dryRun && planned > 0) {
        planSection.append(applyControl(tenant, appKey, planned, async (applied) => {
          render(applied);
          A.say(summarise(applied));
          planSection.querySelector('h2').focus();
          await showModules(modulesSection, tenant, appKey);
        }));
      } else if (answer.dryRun) {
        planSection.append(A.notice('Nothing to convert: no module is planned.'));
      } else {
        planSection.append(h('button', {
          type: 'button', class: 'secondary', text: 'Load the plan again',
          on: { click: () => loadPlan().then(() => planSection.querySelector('h2').focus()) },
        }));
      }
      return title;
    };

    const loadPlan = async () => {
      let answer;
      try {
        answer = await A.api('POST', migrationPath(tenant, appKey, true));
      } catch (error) {
        if (error instanceof A.ApiError && error.status === 401) return;
        clear(planSection).append(h('h2', { id: 'migration-plan-title', tabindex: '-1', text: 'Plan' }));
        // 409: not a Forge manifest installation with app.connect.key; the service's detail says why, as it is.
        if (error instanceof A.ApiError && error.status === 409) planSection.append(h('p', { class: 'notice', 'data-migration': 'unavailable', text: error.message }));
        else A.failure(planSection, error, 'Could not load the plan');
        return;
      }
      render(answer);
    };

    await Promise.all([loadPlan(), showModules(modulesSection, tenant, appKey)]);
  }

  A.registerTenantTab('forge-migration', 'Migrate to Forge', migrationView, { hidden: true });
  // Operator only: a tenant admin's link gets no such action.
  A.registerAppAction((tenant, app) => (A.scopedTenant() || app.state === 'uninstalled' ? null : h('a', {
    href: `#/tenants/${enc(tenant)}/forge-migration?app=${enc(app.appKey)}`,
    class: 'action-link', 'data-action': 'migrate-to-forge', 'aria-label': `Migrate to Forge: ${app.appKey}`, text: 'Migrate to Forge',
  })));
})();
