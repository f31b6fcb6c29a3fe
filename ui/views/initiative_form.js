// The initiative form, grouped as the city's annual-analysis template groups its fields.

import { call } from '../api.js';
import { h } from '../dom.js';
import { S } from '../strings.js';
import { app } from '../app.js';
import { field, textInput, textArea, select, yesNo, yesNoValue, showFieldErrors, notify, applyPermission, permissionNote, lockForm, permitted } from '../components.js';
import { parseDate, parseDecimal, formatDecimal } from '../format.js';

const F = S.initiative.fields;

/** The form's layout: group → fields, each with its kind. */
function layout(choices, organisations, lists) {
  const orgOptions = organisations.map((o) => ({ code: String(o.id), label: o.name }));
  return [
    [S.initiative.groups.basics, [
      { key: 'code', kind: 'text', required: true, help: 'Till exempel NR-2026-001' },
      { key: 'name', kind: 'text', required: true, wide: true },
      { key: 'organisation_id', kind: 'organisation', options: orgOptions, required: true, help: S.initiative.supplierHelp },
      { key: 'customer_ids', kind: 'customers', options: orgOptions, required: true, wide: true },
      { key: 'phase', kind: 'select', options: choices.phases, required: true },
      { key: 'sponsor', kind: 'text' },
      { key: 'project_manager', kind: 'text' },
      { key: 'council_tracked', kind: 'checkbox', wide: true },
    ]],
    [S.initiative.groups.schedule, [
      { key: 'start_date', kind: 'date' },
      { key: 'go_live_date', kind: 'date', help: 'Uppföljningen räknas från driftsättningen.' },
      { key: 'end_date', kind: 'date' },
    ]],
    [S.initiative.groups.strategic, [
      { key: 'need', kind: 'textarea', wide: true, help: S.initiative.needHelp },
      { key: 'base_service', kind: 'baseService', wide: true, help: S.lists.baseServiceHelp },
      { key: 'category', kind: 'select', options: choices.categories, help: S.lists.categoryHelp },
      { key: 'benefit', kind: 'textarea', wide: true },
      { key: 'effect_goals', kind: 'lines', wide: true, help: S.initiative.effectGoalsHelp },
      { key: 'project_goals', kind: 'textarea', wide: true },
      { key: 'benefit_reach', kind: 'select', options: choices.benefit_reach },
      { key: 'change_kind', kind: 'select', options: choices.change_kinds },
      { key: 'project_form', kind: 'yesno' },
      { key: 'goal_area_ids', kind: 'goalAreas', wide: true, entries: lists?.goal_areas ?? [] },
      { key: 'goal_link', kind: 'textarea', wide: true, help: S.lists.goalLinkHelp },
      { key: 'complexity_customer', kind: 'select', options: choices.complexity },
      { key: 'complexity_supplier', kind: 'select', options: choices.complexity },
    ]],
    [S.initiative.groups.security, [
      { key: 'information_classification', kind: 'assessment' },
      { key: 'threshold_analysis', kind: 'assessment' },
    ]],
    [S.initiative.groups.technical, [
      { key: 'security_assessment', kind: 'assessment' },
      { key: 'architecture_assessment', kind: 'assessment' },
      { key: 'infrastructure_impact', kind: 'assessment' },
    ]],
    [S.initiative.groups.economy, [
      { key: 'project_budget', kind: 'amount', help: S.initiative.amountHelp },
      { key: 'running_cost', kind: 'runningCost', wide: true, path: ['running_cost', 'years'] },
      { key: 'running_cost_comment', kind: 'textarea', wide: true, path: ['running_cost', 'comment'] },
      { key: 'financing', kind: 'select', options: choices.financing, help: S.initiative.financingHelp },
      { key: 'customer_group', kind: 'text' },
      // A key splits a shared cost: asked for only with kostnadsfördelning (Financing::is_shared).
      { key: 'allocation_key', kind: 'text', shownWhen: { key: 'financing', value: 'kostnadsfordelning' } },
    ]],
    [S.initiative.groups.followup, [
      { key: 'deviation_comment', kind: 'textarea', wide: true },
      { key: 'struck_reason', kind: 'textarea', wide: true, help: 'Krävs när fasen är Struken.' },
    ]],
  ];
}

function get(obj, path) {
  return path.reduce((o, k) => (o == null ? undefined : o[k]), obj);
}

function blank(organisations) {
  return {
    code: '', name: '', organisation_id: organisations[0]?.id ?? 0, customer_ids: [], phase: 'ide', council_tracked: false,
    sponsor: '', project_manager: '', start_date: null, go_live_date: null, end_date: null,
    base_service: '', need: '', benefit: '', effect_goals: [], project_goals: '',
    benefit_reach: null, change_kind: null, project_form: null, goal_link: '', goal_area_ids: [], category: null,
    complexity_customer: null, complexity_supplier: null,
    information_classification: { done: null, comment: '' }, threshold_analysis: { done: null, comment: '' },
    security_assessment: { done: null, comment: '' }, architecture_assessment: { done: null, comment: '' },
    infrastructure_impact: { done: null, comment: '' },
    project_budget: null, running_cost: { years: [], comment: '' },
    financing: null, customer_group: '', allocation_key: '', deviation_comment: '', struck_reason: '',
  };
}

/** Builds one control and returns [element, read()] where read() gives { value } or { error }. */
function control(spec, value) {
  const label = F[spec.key];
  switch (spec.kind) {
    case 'text': {
      const input = textInput(value ?? '');
      return [field({ key: spec.key, label, input, help: spec.help, required: spec.required, wide: spec.wide }), () => ({ value: input.value })];
    }
    case 'textarea': {
      const input = textArea(value ?? '', { rows: 3 });
      return [field({ key: spec.key, label, input, help: spec.help, wide: spec.wide }), () => ({ value: input.value })];
    }
    case 'lines': {
      const input = textArea((value ?? []).join('\n'), { rows: 4 });
      return [field({ key: spec.key, label, input, help: spec.help, wide: true }),
        () => ({ value: input.value.split('\n').map((l) => l.trim()).filter(Boolean) })];
    }
    case 'select': {
      const input = select(spec.options, value, { placeholder: spec.required ? undefined : S.initiative.choose });
      return [field({ key: spec.key, label, input, required: spec.required, wide: spec.wide }), () => ({ value: input.value || null })];
    }
    case 'organisation': {
      const input = select(spec.options, value, { placeholder: spec.options.length ? undefined : S.organisation.none });
      // Organisations are the register's: added by a registeradministratör.
      const [add, addNote] = permitted(
        h('button', { type: 'button', id: 'add-organisation', onclick: () => addOrganisation(input) }, S.organisation.add),
        app.permissions?.administer);
      const wrap = field({ key: spec.key, label, input, required: true, help: spec.options.length ? spec.help : S.organisation.noneHelp });
      wrap.append(add);
      if (addNote) wrap.append(addNote);
      wrap.classList.add('span2');
      return [wrap, () => (input.value ? { value: input.value } : { error: S.errors.required(label) })];
    }
    case 'customers': {
      // A group of checkboxes: each is reached with Tab and ticked with the space bar, and a
      // screen reader announces the group's name with each. The count below says how many.
      const chosen = new Set((value ?? []).map(String));
      const count = h('p', { class: 'help', id: 'customers-count', 'aria-live': 'polite' });
      const items = h('div', { class: 'checklist-items', id: 'customer-list' });
      const update = () => { count.textContent = S.initiative.customersChosen(items.querySelectorAll('input:checked').length); };
      const addItem = (code, name) => {
        const input = h('input', { type: 'checkbox', value: code, checked: chosen.has(code), id: `customer-${code}`, onchange: update });
        items.append(h('label', { class: 'check', for: input.id }, input, ' ', name));
      };
      for (const o of spec.options) addItem(o.code, o.label);
      update();
      const set = h('fieldset', { class: 'checklist wide', dataset: { field: spec.key }, 'aria-describedby': 'customers-help customers-count' },
        h('legend', {}, label, h('span', { class: 'required', 'aria-hidden': 'true' }, ' *')),
        h('p', { class: 'help', id: 'customers-help' }, S.initiative.customersHelp),
        items, count,
        h('p', { class: 'error', role: 'alert', hidden: true }));
      set.addItem = (code, name) => { addItem(code, name); update(); };
      set.update = update;
      return [set, () => {
        const ids = [...items.querySelectorAll('input:checked')].map((i) => Number(i.value));
        return ids.length ? { value: ids } : { error: S.initiative.customersNone };
      }];
    }
    case 'baseService': {
      // The options are the supplier's list, filled by `followBaseServices` below.
      const input = h('select', { dataset: { value: value ?? '' } });
      return [field({ key: spec.key, label, input, help: spec.help, wide: spec.wide }), () => ({ value: input.value })];
    }
    case 'goalAreas': {
      // Checkboxes, like the customers: a retired goal area is listed only where it is
      // already linked, and says so.
      const chosen = new Set((value ?? []).map(String));
      const entries = spec.entries.filter((e) => !e.retired || chosen.has(String(e.id)));
      const set = h('fieldset', { class: 'checklist wide', dataset: { field: spec.key }, 'aria-describedby': 'goal-areas-help' },
        h('legend', {}, label),
        h('p', { class: 'help', id: 'goal-areas-help' }, entries.length ? S.lists.goalAreasHelp : S.lists.noGoalAreas),
        h('div', { class: 'checklist-items', id: 'goal-area-list' }, entries.map((e) => {
          const input = h('input', { type: 'checkbox', value: String(e.id), checked: chosen.has(String(e.id)), id: `goal-area-${e.id}` });
          return h('label', { class: 'check', for: input.id }, input, ' ', e.retired ? S.lists.retiredName(e.name) : e.name);
        })),
        h('p', { class: 'error', role: 'alert', hidden: true }));
      return [set, () => ({ value: [...set.querySelectorAll('input:checked')].map((i) => Number(i.value)) })];
    }
    case 'runningCost': {
      // Påverkan på förvaltningskostnad per calendar year (migration 0005): a row per year,
      // added and removed with buttons; each row's inputs are labelled with its place.
      const R = S.initiative.runningCost;
      const rows = h('div', { class: 'running-cost-rows', id: 'running-cost-rows' });
      const status = h('p', { class: 'help', 'aria-live': 'polite', id: 'running-cost-count' });
      const renumber = () => {
        const all = [...rows.children];
        all.forEach((row, i) => {
          row.dataset.field = `running_cost.years[${i}].year`;
          row.querySelector('.year').setAttribute('aria-label', R.yearLabel(i + 1));
          row.querySelector('.amount').setAttribute('aria-label', R.amountLabel(i + 1));
          row.querySelector('button').setAttribute('aria-label', R.removeLabel(i + 1));
        });
        status.textContent = all.length ? R.count(all.length) : R.none;
      };
      const addRow = (year, amount, focus) => {
        const yearInput = textInput(year ? String(year) : '', { inputmode: 'numeric', maxlength: 4, class: 'year' });
        const amountInput = textInput(amount ? formatDecimal(amount) : '', { inputmode: 'decimal', class: 'amount' });
        const remove = h('button', { type: 'button', class: 'ghost' }, R.remove);
        const row = h('div', { class: 'running-cost-row' },
          yearInput, h('span', { 'aria-hidden': 'true' }, ' '), amountInput, h('span', { class: 'unit', 'aria-hidden': 'true' }, 'kr'), remove,
          h('p', { class: 'error', role: 'alert', hidden: true }));
        remove.addEventListener('click', () => {
          const next = row.nextElementSibling ?? row.previousElementSibling;
          row.remove();
          renumber();
          (next?.querySelector('.year') ?? add).focus();
        });
        rows.append(row);
        renumber();
        if (focus) yearInput.focus();
      };
      for (const y of value ?? []) addRow(y.year, y.amount, false);
      const add = h('button', { type: 'button', id: 'add-running-cost-year', onclick: () => {
        const years = [...rows.querySelectorAll('.year')].map((i) => Number(i.value)).filter(Boolean);
        addRow(years.length ? Math.max(...years) + 1 : new Date().getFullYear(), null, true);
      } }, R.add);
      renumber();
      const set = h('fieldset', { class: 'running-cost wide', dataset: { field: 'running_cost' }, 'aria-describedby': 'running-cost-help running-cost-count' },
        h('legend', {}, R.title),
        h('p', { class: 'help', id: 'running-cost-help' }, R.help),
        // First, so a message about the whole list (not one row) is put here.
        h('p', { class: 'error', role: 'alert', hidden: true }),
        h('div', { class: 'running-cost-head', 'aria-hidden': 'true' }, h('span', {}, R.year), h('span', {}), h('span', {}, R.amount)),
        rows, status, add);
      return [set, () => {
        const years = [];
        for (const [i, row] of [...rows.children].entries()) {
          const yearText = row.querySelector('.year').value.trim();
          const amount = parseDecimal(row.querySelector('.amount').value);
          if (!/^\d{4}$/.test(yearText)) return { error: R.badYear(i + 1) };
          if (!amount.ok || amount.value === null) return { error: R.badAmount(i + 1) };
          years.push({ year: Number(yearText), amount: amount.value });
        }
        return { value: years };
      }];
    }
    case 'checkbox': {
      const input = h('input', { type: 'checkbox', checked: !!value });
      const wrap = field({ key: spec.key, label, input, wide: spec.wide });
      wrap.classList.add('checkbox');
      wrap.prepend(input);
      return [wrap, () => ({ value: input.checked })];
    }
    case 'date': {
      const input = textInput(value ?? '', { inputmode: 'numeric', placeholder: 'ÅÅÅÅ-MM-DD', maxlength: 10, class: 'date' });
      return [field({ key: spec.key, label, input, help: spec.help || S.initiative.dateHelp }), () => {
        const parsed = parseDate(input.value);
        if (parsed.ok) return { value: parsed.value };
        return { error: parsed.reason === 'calendar' ? S.errors.noDate(label) : S.errors.date(label) };
      }];
    }
    case 'amount': {
      const input = textInput(value ? formatDecimal(value) : '', { inputmode: 'decimal', class: 'amount' });
      return [field({ key: spec.key, label, input, help: spec.help }), () => {
        const parsed = parseDecimal(input.value);
        return parsed.ok ? { value: parsed.value } : { error: S.errors.amount(label) };
      }];
    }
    case 'yesno': {
      const set = yesNo(spec.key, label, value === null || value === undefined ? 'null' : String(value));
      return [set, () => ({ value: yesNoValue(set) })];
    }
    case 'assessment': {
      const set = yesNo(spec.key, label, value?.done === null || value?.done === undefined ? 'null' : String(value.done));
      const comment = textArea(value?.comment ?? '', { rows: 2 });
      const commentField = field({ key: `${spec.key}.comment`, label: S.initiative.comment, input: comment });
      comment.setAttribute('aria-label', `${S.initiative.comment}: ${label}`);
      return [h('div', { class: 'assessment wide' }, set, commentField),
        () => ({ value: { done: yesNoValue(set), comment: comment.value } })];
    }
    default:
      throw new Error(`unknown field kind ${spec.kind}`);
  }
}

/** A small dialog that adds an organisation to the register and selects it. */
function addOrganisation(selectElement) {
  const O = S.organisation;
  const name = textInput('', { id: 'organisation-name' });
  const kind = select(app.choices.organisation_kinds, 'forvaltning');
  const committee = textInput('', { id: 'organisation-committee' });
  const form = h('form', { novalidate: true },
    h('h2', { id: 'organisation-title' }, O.title),
    field({ key: 'name', label: O.name, input: name, required: true }),
    field({ key: 'kind', label: O.kind, input: kind }),
    field({ key: 'committee', label: O.committee, input: committee }),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary', id: 'save-organisation' }, O.save),
      h('button', { type: 'button', onclick: () => close() }, O.cancel)));
  const dialog = h('dialog', { class: 'modal', 'aria-labelledby': 'organisation-title' }, form);
  function close() { dialog.close(); dialog.remove(); selectElement.focus(); }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const id = await call('add_organisation', { name: name.value, kind: kind.value, committee: committee.value });
      const placeholder = selectElement.querySelector('option[value=""]');
      if (placeholder) placeholder.remove();
      selectElement.append(h('option', { value: String(id) }, name.value.trim()));
      selectElement.value = String(id);
      // The new organisation can be a customer too; while the customers only follow the
      // supplier, it becomes the customer as well.
      const customers = selectElement.form?.querySelector('[data-field="customer_ids"]');
      customers?.addItem(String(id), name.value.trim());
      customers?.followSupplier?.();
      close();
    } catch (error) {
      showFieldErrors(form, error.fields.length ? error.fields : [{ field: 'name', message: error.message }]);
    }
  });
  dialog.addEventListener('cancel', (e) => { e.preventDefault(); close(); });
  document.body.append(dialog);
  dialog.showModal();
  name.focus();
}

/**
 * The base service is chosen from the supplier's list (app::lists::register_lists): its
 * active entries, and the initiative's own entry also when it has been retired. The list
 * follows the supplier; the "särskilt följd" label names the body that follows the supplier.
 */
function followSupplier(form, lists, initiative) {
  const supplier = form.querySelector('[data-field="organisation_id"] select');
  const baseService = form.querySelector('[data-field="base_service"] select');
  const tracked = form.querySelector('[data-field="council_tracked"] label');
  if (!supplier) return;
  const sync = () => {
    const id = Number(supplier.value);
    if (baseService) {
      const current = baseService.value || baseService.dataset.value;
      const entries = (lists?.base_services ?? []).find((l) => l.organisation_id === id)?.entries ?? [];
      const own = initiative && initiative.organisation_id === id ? initiative.base_service : '';
      const shown = entries.filter((e) => !e.retired || e.name === own);
      // A name the list does not have (changed outside the program) stays shown and chosen,
      // so a save says so instead of dropping it unseen.
      const unknown = own && !entries.some((e) => e.name === own) ? own : null;
      baseService.replaceChildren(...[
        h('option', { value: '' }, shown.length ? S.lists.noBaseService : S.lists.supplierHasNone),
        ...shown.map((e) => h('option', { value: e.name, selected: e.name === current }, e.retired ? S.lists.retiredName(e.name) : e.name)),
        unknown ? h('option', { value: unknown, selected: unknown === current }, S.lists.unknownName(unknown)) : null,
      ].filter(Boolean));
      if (!shown.some((e) => e.name === current)) baseService.value = '';
      baseService.dataset.value = '';
    }
    if (tracked) {
      const body = lists?.organisations.find((o) => o.organisation_id === id)?.effective_body ?? lists?.settings.governing_body;
      if (body) tracked.textContent = S.lists.trackedBy(body);
    }
  };
  supplier.addEventListener('change', sync);
  sync();
}

/**
 * What the user may do with the form (app::rights): an initiative's own permissions, or for a
 * new one the register's, following the supplier chosen. Makes the form read-only with the
 * reason beside Spara when it may not be saved, and disables "Särskilt följd" with its own
 * reason when only that may not be changed.
 */
function applyFormPermissions(form, saveButton, initiative, permissions) {
  const tracked = form.querySelector('[data-field="council_tracked"] input[type=checkbox]');
  const trackedNote = permissionNote('council-tracked-permission');
  tracked?.closest('[data-field]').append(trackedNote);
  if (initiative) {
    if (!lockForm(form, permissions?.edit)) applyPermission(tracked, trackedNote, permissions?.council_tracked);
    return;
  }
  const register = app.permissions;
  if (lockForm(form, register?.create_initiative)) return;
  // A new initiative: whether it may be created, and marked särskilt följd, depends on the
  // supplier; both follow the choice.
  const supplier = form.querySelector('[data-field="organisation_id"] select');
  const saveNote = permissionNote('save-initiative-permission');
  saveButton.after(saveNote);
  const sync = () => {
    const mine = register?.by_organisation?.find((n) => String(n.organisation_id) === supplier?.value);
    applyPermission(saveButton, saveNote, mine?.create_initiative);
    // What was ticked while allowed is not kept for a supplier where it is not.
    if (mine && !mine.council_tracked.allowed && tracked) tracked.checked = false;
    applyPermission(tracked, trackedNote, mine?.council_tracked);
  };
  supplier?.addEventListener('change', sync);
  sync();
}

export function fieldsForm({ initiative, organisations, lists, permissions, onSaved }) {
  const source = initiative ?? blank(organisations);
  const readers = [];
  const form = h('form', { class: 'initiative-form', novalidate: true, 'aria-label': S.initiative.tabs.fields });

  for (const [title, specs] of layout(app.choices, organisations, lists)) {
    const group = h('fieldset', { class: 'group' }, h('legend', {}, title));
    const grid = h('div', { class: 'grid' });
    for (const spec of specs) {
      const path = spec.path ?? [spec.key];
      const [element, read] = control(spec, get(source, path));
      grid.append(element);
      readers.push({ spec, path, read });
    }
    group.append(grid);
    form.append(group);
  }

  // A field shown only while another has a given value (the allocation key with
  // kostnadsfördelning); while hidden it is empty, as the register keeps it.
  for (const entry of readers.filter((r) => r.spec.shownWhen)) {
    const { key, value } = entry.spec.shownWhen;
    const control = form.querySelector(`[data-field="${key}"] select`);
    const holder = form.querySelector(`[data-field="${entry.spec.key}"]`);
    const sync = () => { holder.hidden = control.value !== value; };
    control.addEventListener('change', sync);
    sync();
    const read = entry.read;
    entry.read = () => (holder.hidden ? { value: '' } : read());
  }

  function collect() {
    const fields = structuredClone(blank(organisations));
    const errors = [];
    for (const { spec, path, read } of readers) {
      const result = read();
      if (result.error) { errors.push({ field: spec.key, message: result.error }); continue; }
      let target = fields;
      for (const key of path.slice(0, -1)) target = target[key];
      target[path[path.length - 1]] = result.value;
    }
    fields.organisation_id = Number(fields.organisation_id);
    return { fields, errors };
  }

  // Until the user ticks a customer, the customer follows the supplier: a business-specific
  // initiative's only customer is its supplier (InitiativeFields::blank does the same).
  const supplier = form.querySelector('[data-field="organisation_id"] select');
  const customers = form.querySelector('[data-field="customer_ids"]');
  if (supplier && customers) {
    let touched = false;
    let previous = supplier.value;
    customers.addEventListener('change', () => { touched = true; });
    customers.followSupplier = () => {
      const ticked = [...customers.querySelectorAll('input:checked')].map((box) => box.value);
      const following = !touched && (ticked.length === 0 || (ticked.length === 1 && ticked[0] === previous));
      previous = supplier.value;
      if (!following) return;
      for (const box of customers.querySelectorAll('input[type=checkbox]')) box.checked = box.value === supplier.value;
      customers.update();
    };
    supplier.addEventListener('change', customers.followSupplier);
    if (!initiative) customers.followSupplier();
  }

  followSupplier(form, lists, initiative);

  const snapshot = JSON.stringify(readers.map((r) => r.read()));
  app.guard = () => JSON.stringify(readers.map((r) => r.read())) !== snapshot;

  const saveButton = h('button', { type: 'submit', class: 'primary', id: 'save-initiative' }, initiative ? S.initiative.save : S.initiative.create);
  form.append(h('div', { class: 'actions sticky' },
    saveButton,
    initiative ? h('button', { type: 'button', id: 'cancel-initiative', dataset: { keep: '' }, onclick: () => { app.guard = null; onSaved(initiative.id); } }, S.initiative.cancel) : null));
  applyFormPermissions(form, saveButton, initiative, permissions);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { fields, errors } = collect();
    if (errors.length) { showFieldErrors(form, errors); notify(errors[0].message, 'error'); return; }
    saveButton.disabled = true;
    try {
      if (initiative) {
        await call('update_initiative', { id: initiative.id, rowVersion: initiative.row_version, fields });
        onSaved(initiative.id);
      } else {
        const id = await call('create_initiative', { fields });
        onSaved(id);
      }
    } catch (error) {
      showFieldErrors(form, error.fields);
      notify(error.message, 'error');
    } finally {
      saveButton.disabled = false;
    }
  });
  return form;
}
