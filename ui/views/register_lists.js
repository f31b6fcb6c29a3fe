// "Registrets listor och inställningar": the register's governing body and reporting period,
// each organisation's own, the suppliers' base services and the goal areas. Everything is
// read in one call (app::lists::register_lists) and each change is one command; after a
// change the view is drawn anew from what Rust stored, so row versions stay current.

import { call } from '../api.js';
import { h } from '../dom.js';
import { S } from '../strings.js';
import { formatDecimal, parseDecimal } from '../format.js';
import { field, textInput, select, notify, showFieldErrors, allowed, applyPermission, lockForm, permissionNote } from '../components.js';
import { app } from '../app.js';

const L = S.lists;

// Who may change what (app::rights): the register's settings and goal areas by its
// registeradministratör, an organisation's settings and base services also by the
// organisation's own. What the user may not change is read-only, with the reason beside it.
const registerAdmin = () => app.permissions?.administer;
const organisationAdmin = (id) => app.permissions?.by_organisation?.find((o) => o.organisation_id === id)?.administer;

export async function renderRegisterLists(main) {
  await draw(main, main);
}

/** Draws the view into `container`; its changes draw `main`, the page's own, anew. */
async function draw(container, main) {
  const view = await call('register_lists');
  container.append(
    h('div', { class: 'page-head' }, h('h1', {}, L.title)),
    h('p', { class: 'lead' }, L.lead),
    settingsSection(view, main),
    organisationsSection(view, main),
    baseServicesSection(view, main),
    listSection({ id: 'goal-areas', title: L.goalTitle, help: L.goalHelp, kind: 'goal_area', organisationId: null, entries: view.goal_areas, addLabel: L.newGoalArea, main, permission: registerAdmin() }));
}

/**
 * Draws the view anew after the user's own change, keeping the focus where it was when that
 * element is drawn again. The change is noted as seen first, so the watch for other
 * programs' changes (app.js) does not draw the whole page a second time meanwhile.
 */
async function redraw(main, focusId) {
  try {
    app.lastDataVersion = await call('data_version');
    const next = document.createElement('div');
    await draw(next, main);
    main.replaceChildren(...next.childNodes);
    if (focusId) document.getElementById(focusId)?.focus();
  } finally {
    app.busy = false;
  }
}

/** Runs one change of the register with the watch for other programs' changes held off. */
async function change(command, args) {
  app.busy = true;
  try {
    return await call(command, args);
  } catch (error) {
    app.busy = false;
    throw error;
  }
}

function settingsSection(view, main) {
  const body = textInput(view.settings.governing_body, { id: 'register-body' });
  const period = select(view.periods, view.settings.reporting_period);
  period.id = 'register-period';
  // Shown and sent, so that a save of the body or the period keeps the stored cost.
  const costPerFte = textInput(formatDecimal(String(view.settings.cost_per_fte)), { id: 'register-cost-per-fte', inputmode: 'decimal' });
  const preview = h('p', { class: 'help', id: 'council-title-preview', 'aria-live': 'polite' }, L.titlePreview(view.council_title));
  body.addEventListener('input', () => { preview.textContent = L.titlePreview(`Underlag till ${body.value.trim()}`); });
  const form = h('form', { class: 'settings-form', novalidate: true, 'aria-labelledby': 'settings-title' },
    h('div', { class: 'grid' },
      field({ key: 'governing_body', label: L.body, input: body, help: L.settingsHelp, required: true, wide: true }),
      field({ key: 'reporting_period', label: L.period, input: period, help: L.periodHelp }),
      field({ key: 'cost_per_fte', label: L.costPerFte, input: costPerFte, help: L.costPerFteHelp, required: true })),
    preview,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'save-register-settings' }, L.saveSettings)));
  lockForm(form, registerAdmin());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const cost = parseDecimal(costPerFte.value);
    if (!cost.ok || cost.value === null) {
      showFieldErrors(form, [{ field: 'cost_per_fte', message: L.costPerFteInvalid }]);
      notify(L.costPerFteInvalid, 'error');
      return;
    }
    try {
      await change('save_register_settings', {
        rowVersion: view.settings.row_version,
        fields: { governing_body: body.value, reporting_period: period.value, cost_per_fte: cost.value },
      });
      await redraw(main, 'save-register-settings');
      notify(L.settingsSaved);
    } catch (error) {
      showFieldErrors(form, error.fields);
      notify(error.message, 'error');
    }
  });
  return h('section', { class: 'group', 'aria-labelledby': 'settings-title' }, h('h2', { id: 'settings-title' }, L.settingsTitle), form);
}

function organisationsSection(view, main) {
  const C = L.orgColumns;
  const rows = view.organisations.map((o) => {
    const key = o.organisation_id;
    const body = textInput(o.governing_body ?? '', { id: `org-body-${key}`, 'aria-label': L.bodyFor(o.organisation) });
    const period = select(view.periods, o.reporting_period, { placeholder: L.asRegister });
    period.id = `org-period-${key}`;
    period.setAttribute('aria-label', L.periodFor(o.organisation));
    const error = h('p', { class: 'error', role: 'alert', hidden: true, id: `org-error-${key}` });
    const save = h('button', { type: 'button', id: `org-save-${key}`, 'aria-label': L.saveFor(o.organisation), onclick: async () => {
      try {
        await change('save_organisation_settings', {
          organisationId: key,
          rowVersion: o.row_version,
          fields: { governing_body: body.value, reporting_period: period.value || null },
        });
        await redraw(main, `org-save-${key}`);
        notify(L.orgSaved(o.organisation));
      } catch (err) {
        error.textContent = err.message;
        error.hidden = false;
        notify(err.message, 'error');
      }
    } }, C.save);
    const permission = organisationAdmin(key);
    const note = permissionNote(`org-permission-${key}`);
    if (!allowed(permission)) {
      applyPermission([save, period], note, permission);
      body.readOnly = true;
      body.setAttribute('aria-describedby', note.id);
    }
    return h('tr', { dataset: { organisation: key } },
      h('th', { scope: 'row' }, o.organisation),
      h('td', {}, body, error),
      h('td', {}, period),
      h('td', {}, L.effective(o.effective_body, o.effective_period_label)),
      h('td', {}, save, note.hidden ? null : note));
  });
  return h('section', { class: 'group', 'aria-labelledby': 'org-settings-title' },
    h('h2', { id: 'org-settings-title' }, L.orgTitle),
    h('p', { class: 'help' }, L.orgHelp),
    h('table', { class: 'data', id: 'organisation-settings' },
      h('caption', { class: 'visually-hidden' }, L.orgTitle),
      h('thead', {}, h('tr', {}, [C.organisation, C.body, C.period, C.effective, C.save].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows)));
}

function baseServicesSection(view, main) {
  const section = h('section', { class: 'group', 'aria-labelledby': 'base-services-title' },
    h('h2', { id: 'base-services-title' }, L.baseTitle),
    h('p', { class: 'help' }, L.baseHelp));
  for (const list of view.base_services) {
    section.append(listSection({
      id: `base-services-${list.organisation_id}`, title: list.organisation, kind: 'base_service', level: 'h3',
      organisationId: list.organisation_id, entries: list.entries, addLabel: L.newBaseService(list.organisation), main,
      permission: organisationAdmin(list.organisation_id),
    }));
  }
  return section;
}

/** One list: its entries with rename and retire/reinstate, and a field to add one. */
function listSection({ id, title, help, kind, organisationId, entries, addLabel, level = 'h2', main, permission }) {
  const C = L.columns;
  const titleId = `${id}-title`;
  const name = textInput('', { id: `${id}-new` });
  const form = h('form', { class: 'inline-add', novalidate: true },
    field({ key: 'name', label: addLabel, input: name }),
    h('button', { type: 'submit', id: `${id}-add` }, L.add));
  // The entries' buttons are described by the same reason, beside the add button.
  const note = lockForm(form, permission);
  const refuse = (button) => { if (note) applyPermission(button, note, permission); return button; };
  const rows = entries.map((entry) => entryRow(entry, kind, main, refuse));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const added = await change('add_list_entry', { kind, organisationId, name: name.value });
      await redraw(main, `${id}-new`);
      notify(L.added(added.name));
    } catch (error) {
      showFieldErrors(form, error.fields.length ? error.fields : [{ field: 'name', message: error.message }]);
    }
  });
  return h('section', { class: level === 'h2' ? 'group list-section' : 'list-section', id, 'aria-labelledby': titleId },
    h(level, { id: titleId }, title),
    help ? h('p', { class: 'help' }, help) : null,
    entries.length
      ? h('table', { class: 'data list-entries' },
        h('caption', { class: 'visually-hidden' }, title),
        h('thead', {}, h('tr', {}, [C.name, C.inUse, C.state, C.actions].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, rows))
      : h('p', { class: 'empty' }, L.empty),
    form);
}

function entryRow(entry, kind, main, refuse) {
  const prefix = `${kind}-${entry.id}`;
  const actions = h('td', { class: 'actions-cell' });
  const nameCell = h('th', { scope: 'row' }, entry.name);
  const showActions = () => {
    actions.replaceChildren(
      refuse(h('button', { type: 'button', id: `${prefix}-rename`, 'aria-label': L.renameOf(entry.name), onclick: startRename }, L.rename)),
      ' ',
      refuse(h('button', {
        type: 'button', id: `${prefix}-retire`,
        'aria-label': entry.retired ? L.reinstateOf(entry.name) : L.retireOf(entry.name),
        onclick: async () => {
          try {
            await change('set_list_entry_retired', { kind, id: entry.id, rowVersion: entry.row_version, retired: !entry.retired });
            await redraw(main, `${prefix}-retire`);
            notify(entry.retired ? L.reinstated(entry.name) : L.retiredDone(entry.name));
          } catch (error) {
            notify(error.message, 'error');
          }
        },
      }, entry.retired ? L.reinstate : L.retire)));
  };
  function startRename() {
    const input = textInput(entry.name, { id: `${prefix}-name`, 'aria-label': L.renameLabel(entry.name) });
    const error = h('p', { class: 'error', role: 'alert', hidden: true });
    const save = async () => {
      try {
        const renamed = await change('rename_list_entry', { kind, id: entry.id, rowVersion: entry.row_version, name: input.value });
        await redraw(main, `${prefix}-rename`);
        notify(L.renamed(renamed.name, kind === 'base_service' ? entry.in_use : 0));
      } catch (err) {
        error.textContent = err.fields?.[0]?.message ?? err.message;
        error.hidden = false;
        input.setAttribute('aria-invalid', 'true');
        input.focus();
      }
    };
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') { event.preventDefault(); save(); }
      if (event.key === 'Escape') { event.preventDefault(); nameCell.replaceChildren(entry.name); showActions(); document.getElementById(`${prefix}-rename`)?.focus(); }
    });
    nameCell.replaceChildren(input, error);
    actions.replaceChildren(
      h('button', { type: 'button', class: 'primary', id: `${prefix}-save`, onclick: save }, L.saveName),
      ' ',
      h('button', { type: 'button', onclick: () => { nameCell.replaceChildren(entry.name); showActions(); document.getElementById(`${prefix}-rename`)?.focus(); } }, L.cancel));
    input.focus();
    input.select();
  }
  showActions();
  return h('tr', { dataset: { entry: entry.id, retired: String(entry.retired) } },
    nameCell,
    h('td', {}, L.inUse(entry.in_use)),
    h('td', {}, entry.retired
      ? h('span', { class: 'gap-flag' }, h('span', { class: 'gap-symbol', 'aria-hidden': 'true' }, '⏸'), ' ', L.retired)
      : L.active),
    actions);
}
