// The benefit-realisation plan of one initiative: the benefits as effect chains with their
// indicators and targets, prerequisites and risks; approval, versions and the history of
// every target. Rust decides what is valid and what is frozen; this view edits a draft and
// shows the rest.

import { call } from '../api.js';
import { h, clear } from '../dom.js';
import { S } from '../strings.js';
import { app, flash } from '../app.js';
import { ask, field, frozenBanner, textInput, textArea, select, notify, showFieldErrors, lockForm } from '../components.js';
import { formatDecimal, parseDecimal, parseDate } from '../format.js';
import { decisionPanel } from './reports.js';

const P = S.plan;
const F = P.fields;

/** The version shown per initiative while the user moves between tabs. */
const selectedVersion = new Map();

// ---- the plan as an editable form ------------------------------------------------------------

function emptyIndicator() {
  return {
    code: '', name: '', unit: '', direction: 'higher_is_better', range_min: '', range_max: '',
    baseline_value: '', baseline_date: '', baseline_source: '',
    targets: [{ months: '6', value: '' }, { months: '12', value: '' }],
    amber_threshold: '0,8', measured_by: '', method: '', frequency: '', data_source: '',
  };
}

function emptyBenefit() {
  return { name: '', change: '', effect: '', goal: '', owner: '', realised_by: '', calculation_line: '', indicators: [emptyIndicator()] };
}

const dec = (text) => (text === null || text === undefined ? '' : formatDecimal(text));

/** Plan JSON (decimals as strings) → form state (everything as the user sees it). */
function toForm(plan) {
  return {
    benefits: (plan.benefits || []).map((b) => ({
      name: b.name || '', change: b.change || '', effect: b.effect || '', goal: b.goal || '', owner: b.owner || '',
      realised_by: b.realised_by == null ? '' : String(b.realised_by),
      calculation_line: b.calculation_line || '',
      indicators: (b.indicators || []).map((i) => ({
        code: i.code || '', name: i.name || '', unit: i.unit || '', direction: i.direction,
        range_min: dec(i.allowed_range?.min), range_max: dec(i.allowed_range?.max),
        baseline_value: dec(i.baseline?.value), baseline_date: i.baseline?.date || '', baseline_source: i.baseline?.source || '',
        targets: (i.targets || []).map((t) => ({ months: String(t.months_after_go_live), value: dec(t.value) })),
        amber_threshold: dec(i.amber_threshold ?? '0.8'),
        measured_by: i.measured_by || '', method: i.method || '', frequency: i.frequency || '', data_source: i.data_source || '',
      })),
    })),
    prerequisites: (plan.prerequisites || []).join('\n'),
    risks: (plan.risks || []).join('\n'),
  };
}

/** Form state → plan JSON, or the fields that cannot be read (paths as Rust names them). */
function fromForm(form) {
  const errors = [];
  const number = (text, path, label, { required = false } = {}) => {
    const parsed = parseDecimal(text);
    if (!parsed.ok) { errors.push({ field: path, message: P.errors.decimal(label) }); return null; }
    if (required && parsed.value === null) { errors.push({ field: path, message: S.errors.required(label) }); return null; }
    return parsed.value;
  };
  const lines = (text) => text.split('\n').map((l) => l.trim()).filter(Boolean);
  const plan = {
    benefits: form.benefits.map((b, bi) => ({
      name: b.name, change: b.change, effect: b.effect, goal: b.goal, owner: b.owner,
      realised_by: b.realised_by ? Number(b.realised_by) : null,
      calculation_line: b.calculation_line.trim() || null,
      indicators: b.indicators.map((i, ii) => {
        const path = `benefits[${bi}].indicators[${ii}]`;
        const min = number(i.range_min, `${path}.allowed_range`, F.rangeMin);
        const max = number(i.range_max, `${path}.allowed_range.max`, F.rangeMax);
        let baseline = null;
        const hasBaseline = i.baseline_value.trim() || i.baseline_date.trim() || i.baseline_source.trim();
        if (hasBaseline) {
          const value = number(i.baseline_value, `${path}.baseline.value`, F.baselineValue);
          const date = parseDate(i.baseline_date);
          if (!i.baseline_value.trim()) errors.push({ field: `${path}.baseline.value`, message: P.errors.baselineValue });
          if (!date.ok || !date.value) errors.push({ field: `${path}.baseline.date`, message: P.errors.baselineDate });
          baseline = { value, date: date.value, source: i.baseline_source };
        }
        const targets = i.targets.map((t, ti) => {
          const tpath = `${path}.targets[${ti}]`;
          let months = null;
          if (!/^\d{1,4}$/.test(t.months.trim())) errors.push({ field: `${tpath}.months_after_go_live`, message: P.errors.months(F.months) });
          else months = Number(t.months.trim());
          const value = number(t.value, `${tpath}.value`, F.targetValue, { required: true });
          return { months_after_go_live: months, value };
        });
        const amber = number(i.amber_threshold, `${path}.amber_threshold`, F.amber, { required: true });
        return {
          code: i.code, name: i.name, unit: i.unit, direction: i.direction,
          allowed_range: min !== null || max !== null ? { min, max } : null,
          baseline, targets, amber_threshold: amber,
          measured_by: i.measured_by, method: i.method, frequency: i.frequency, data_source: i.data_source,
        };
      }),
    })),
    prerequisites: lines(form.prerequisites),
    risks: lines(form.risks),
  };
  // Rust refuses nulls where values are required; drop the optional ones it does not want.
  for (const b of plan.benefits) {
    if (b.calculation_line === null) delete b.calculation_line;
    if (b.realised_by === null) delete b.realised_by;
    for (const i of b.indicators) {
      if (i.allowed_range === null) delete i.allowed_range;
      else { if (i.allowed_range.min === null) delete i.allowed_range.min; if (i.allowed_range.max === null) delete i.allowed_range.max; }
      if (i.baseline === null) delete i.baseline;
    }
  }
  return { plan, errors };
}

// ---- the editor --------------------------------------------------------------------------------

function bound(obj, key, input) {
  input.addEventListener('input', () => { obj[key] = input.value; });
  input.addEventListener('change', () => { obj[key] = input.value; });
  return input;
}

function text(obj, key, attrs = {}) {
  return bound(obj, key, textInput(obj[key], attrs));
}

function area(obj, key, rows = 2) {
  return bound(obj, key, textArea(obj[key], { rows }));
}

function errorSlot() {
  return h('p', { class: 'error', role: 'alert', hidden: true });
}

function editor(view, form, redraw) {
  const lineInput = (b, path) => {
    if (view.calculation_lines.length) {
      const options = view.calculation_lines.map((l) => ({ code: l.key, label: l.label }));
      if (b.calculation_line && !options.some((o) => o.code === b.calculation_line)) {
        options.push({ code: b.calculation_line, label: P.missingLine(b.calculation_line) });
      }
      return field({ key: `${path}.calculation_line`, label: F.calculation_line, input: bound(b, 'calculation_line', select(options, b.calculation_line, { placeholder: P.noLine })) });
    }
    return field({ key: `${path}.calculation_line`, label: F.calculation_line, help: P.help_.calculationLine, input: text(b, 'calculation_line') });
  };

  // Who realises the benefit: one of the initiative's customers (chosen under Insats).
  const realisedByInput = (b, path) => {
    const options = view.customers.map((c) => ({ code: String(c.id), label: c.name }));
    if (b.realised_by && !options.some((o) => o.code === b.realised_by)) {
      options.push({ code: b.realised_by, label: P.notACustomer });
    }
    return field({ key: `${path}.realised_by`, label: F.realised_by, help: P.help_.realisedBy,
      input: bound(b, 'realised_by', select(options, b.realised_by, { placeholder: P.notStated })) });
  };

  const targetRows = (ind, path) => h('div', { class: 'targets', dataset: { field: `${path}.targets` } },
    h('p', { class: 'targets-title' }, F.targets),
    errorSlot(),
    ind.targets.map((t, ti) => h('div', { class: 'target-row' },
      field({ key: `${path}.targets[${ti}].months_after_go_live`, label: F.months, input: text(t, 'months', { inputmode: 'numeric', class: 'months', maxlength: 4 }) }),
      field({ key: `${path}.targets[${ti}].value`, label: `${F.targetValue}${ind.unit ? ` (${ind.unit})` : ''}`, input: text(t, 'value', { inputmode: 'decimal', class: 'amount' }) }),
      h('button', { type: 'button', class: 'ghost remove', 'aria-label': P.removeTarget(t.months || ti + 1),
        onclick: () => { ind.targets.splice(ti, 1); redraw(`[name="${path}.targets[${Math.max(0, ti - 1)}].value"]`); } }, P.remove))),
    h('button', { type: 'button', class: 'ghost',
      onclick: () => { ind.targets.push({ months: '', value: '' }); redraw(`[name="${path}.targets[${ind.targets.length - 1}].months_after_go_live"]`); } }, P.addTarget));

  const indicatorSet = (b, ind, bi, ii) => {
    const path = `benefits[${bi}].indicators[${ii}]`;
    return h('fieldset', { class: 'indicator', dataset: { field: path } },
      h('legend', {}, P.indicator(ii + 1, ind.code)),
      errorSlot(),
      h('div', { class: 'grid' },
        field({ key: `${path}.code`, label: F.code, help: P.help_.code, required: true, input: text(ind, 'code', { maxlength: 40, class: 'code-input' }) }),
        field({ key: `${path}.name`, label: F.indicatorName, required: true, input: text(ind, 'name') }),
        field({ key: `${path}.unit`, label: F.unit, help: P.help_.unit, required: true, input: text(ind, 'unit') }),
        field({ key: `${path}.direction`, label: F.direction, required: true, input: bound(ind, 'direction', select(view.directions, ind.direction)) }),
        field({ key: `${path}.baseline.value`, label: F.baselineValue, help: P.help_.baseline, input: text(ind, 'baseline_value', { inputmode: 'decimal', class: 'amount' }) }),
        field({ key: `${path}.baseline.date`, label: F.baselineDate, help: S.initiative.dateHelp, input: text(ind, 'baseline_date', { class: 'date', maxlength: 10, placeholder: 'ÅÅÅÅ-MM-DD' }) }),
        field({ key: `${path}.baseline.source`, label: F.baselineSource, input: text(ind, 'baseline_source') }),
        field({ key: `${path}.amber_threshold`, label: F.amber, help: P.help_.amber, required: true, input: text(ind, 'amber_threshold', { inputmode: 'decimal', class: 'amount short' }) }),
        field({ key: `${path}.allowed_range`, label: F.rangeMin, input: text(ind, 'range_min', { inputmode: 'decimal', class: 'amount' }) }),
        field({ key: `${path}.allowed_range.max`, label: F.rangeMax, input: text(ind, 'range_max', { inputmode: 'decimal', class: 'amount' }) }),
        field({ key: `${path}.measured_by`, label: F.measured_by, required: true, input: text(ind, 'measured_by') }),
        field({ key: `${path}.method`, label: F.method, input: text(ind, 'method') }),
        field({ key: `${path}.frequency`, label: F.frequency, input: text(ind, 'frequency') }),
        field({ key: `${path}.data_source`, label: F.data_source, input: text(ind, 'data_source') })),
      targetRows(ind, path),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'ghost', onclick: () => { b.indicators.splice(ii, 1); redraw(`[name="benefits[${bi}].name"]`); } },
          P.removeIndicator(ind.code || ii + 1))));
  };

  const benefitSet = (b, bi) => {
    const path = `benefits[${bi}]`;
    return h('fieldset', { class: 'group benefit', dataset: { field: path } },
      h('legend', {}, b.name ? `${P.benefit(bi + 1)}: ${b.name}` : P.benefit(bi + 1)),
      errorSlot(),
      h('div', { class: 'grid' },
        field({ key: `${path}.name`, label: F.name, required: true, input: text(b, 'name') }),
        field({ key: `${path}.owner`, label: F.owner, required: true, input: text(b, 'owner') }),
        realisedByInput(b, path),
        lineInput(b, path),
        field({ key: `${path}.change`, label: F.change, input: area(b, 'change'), wide: true }),
        field({ key: `${path}.effect`, label: F.effect, input: area(b, 'effect'), wide: true }),
        field({ key: `${path}.goal`, label: F.goal, input: area(b, 'goal'), wide: true })),
      h('div', { dataset: { field: `${path}.indicators` } }, errorSlot(),
        b.indicators.map((ind, ii) => indicatorSet(b, ind, bi, ii))),
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: () => { b.indicators.push(emptyIndicator()); redraw(`[name="${path}.indicators[${b.indicators.length - 1}].code"]`); } }, P.addIndicator),
        h('button', { type: 'button', class: 'ghost', onclick: () => { form.benefits.splice(bi, 1); redraw('#add-benefit'); } }, P.removeBenefit(b.name || bi + 1))));
  };

  return h('div', { class: 'plan-editor' },
    h('h2', {}, P.benefits),
    h('div', { dataset: { field: 'benefits' } }, errorSlot(), form.benefits.map(benefitSet)),
    h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'add-benefit', onclick: () => { form.benefits.push(emptyBenefit()); redraw(`[name="benefits[${form.benefits.length - 1}].name"]`); } }, P.addBenefit)),
    h('fieldset', { class: 'group' },
      h('legend', {}, P.prerequisitesAndRisks),
      h('div', { class: 'grid' },
        field({ key: 'prerequisites', label: F.prerequisites, help: P.help_.lines, input: area(form, 'prerequisites', 4), wide: true }),
        field({ key: 'risks', label: F.risks, help: P.help_.lines, input: area(form, 'risks', 4), wide: true }))));
}

// ---- read-only display of an approved version ---------------------------------------------------

function showValue(value, unit) {
  if (value === null || value === undefined) return P.none;
  return unit ? `${formatDecimal(value)}\u00a0${unit}` : formatDecimal(value);
}

function targetsText(targets, unit) {
  return [...targets].sort((a, b) => a.months_after_go_live - b.months_after_go_live)
    .map((t) => h('span', { class: 'line' }, P.targetText(t.months_after_go_live, showValue(t.value, unit))));
}

function readOnlyPlan(view, plan) {
  const R = P.readOnly;
  const directionLabel = (code) => view.directions.find((d) => d.code === code)?.label ?? code;
  const list = (items) => (items.length ? h('ul', {}, items.map((t) => h('li', {}, t))) : h('p', { class: 'muted' }, R.noItems));
  return h('div', { class: 'stack' },
    plan.benefits.map((b) => h('section', { class: 'card benefit-card' },
      h('h3', {}, b.name),
      h('dl', { class: 'facts' },
        h('dt', {}, F.owner), h('dd', {}, b.owner || P.none),
        h('dt', {}, F.realised_by), h('dd', {}, view.customers.find((c) => c.id === b.realised_by)?.name ?? P.notStated),
        h('dt', {}, S.followup.chain.change), h('dd', {}, b.change || P.none),
        h('dt', {}, S.followup.chain.effect), h('dd', {}, b.effect || P.none),
        h('dt', {}, S.followup.chain.goal), h('dd', {}, b.goal || P.none),
        // The line by its description (and likely value), as the calculation names it; its key
        // is the register's, not the reader's.
        h('dt', {}, F.calculation_line), h('dd', {}, b.calculation_line
          ? view.calculation_lines.find((l) => l.key === b.calculation_line)?.label ?? P.missingLine(b.calculation_line)
          : P.noLine)),
      h('table', { class: 'data' },
        h('caption', {}, `${R.indicators}: ${b.name}`),
        h('thead', {}, h('tr', {}, Object.values(R.columns).map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, b.indicators.map((i) => h('tr', {},
          h('th', { scope: 'row', class: 'nowrap' }, i.code),
          h('td', {}, i.name),
          h('td', {}, i.unit),
          h('td', {}, directionLabel(i.direction)),
          h('td', {}, i.baseline ? `${showValue(i.baseline.value, i.unit)} (${i.baseline.date}${i.baseline.source ? `, ${i.baseline.source}` : ''})` : R.noBaseline),
          h('td', {}, targetsText(i.targets, i.unit)),
          h('td', { class: 'nowrap' }, formatDecimal(i.amber_threshold)),
          h('td', {}, i.measured_by),
          h('td', {}, [i.method, i.frequency, i.data_source].filter(Boolean).join(' · ') || P.none))))))),
    h('section', { class: 'card' }, h('h3', {}, F.prerequisites), list(plan.prerequisites), h('h3', {}, F.risks), list(plan.risks)));
}

// ---- versions, approval, new version, history --------------------------------------------------

function versionsTable(view, onShow) {
  const C = P.versionColumns;
  return h('table', { class: 'data', id: 'plan-versions' },
    h('caption', {}, P.versions),
    h('thead', {}, h('tr', {}, Object.values(C).map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, view.versions.map((v) => {
      const shown = view.selected && view.selected.id === v.id;
      return h('tr', { 'aria-current': shown ? 'true' : null, class: shown ? 'selected' : null },
        h('th', { scope: 'row' }, String(v.version)),
        h('td', {}, h('span', { class: `badge badge-${v.status === 'approved' ? 'gron' : 'kommande'}` }, v.status_label),
          v.in_use ? h('span', { class: 'muted' }, ` ${P.inUse}`) : null),
        h('td', {}, v.reason || P.none),
        h('td', { class: 'nowrap' }, P.createdText(v.created_by, v.created_at.replace('T', ' '))),
        h('td', {}, v.approved_at ? P.approvedText(v.approved_at, v.approved_by, v.decision_ref) : P.none),
        h('td', {}, shown ? h('span', { class: 'muted' }, P.showing)
          : h('button', { type: 'button', class: 'link nowrap', onclick: () => onShow(v.id) }, P.show(v.version))));
    })));
}

function historyTable(view) {
  const items = view.history.filter((h_) => h_.entries.length);
  if (!items.length) return h('p', { class: 'empty' }, P.historyNone);
  const C = P.historyColumns;
  return h('table', { class: 'data', id: 'target-history' },
    h('caption', { class: 'visually-hidden' }, P.history),
    h('thead', {}, h('tr', {}, Object.values(C).map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, items.flatMap((item) => item.entries.map((e, i) => h('tr', { class: e.changed ? 'changed' : null },
      i === 0 ? h('th', { scope: 'rowgroup', rowspan: item.entries.length }, `${item.code} – ${item.name}`) : null,
      h('td', {}, String(e.version)),
      h('td', {}, P.approvedText(e.approval.approved_at, e.approval.approved_by, e.approval.decision_ref)),
      h('td', {}, e.reason || P.none),
      h('td', { class: 'nowrap' }, showValue(e.baseline, item.unit)),
      h('td', {}, targetsText(e.targets, item.unit)),
      h('td', {}, e.changed ? h('strong', {}, `⚑ ${P.changed}`) : P.unchanged))))));
}

/** Puts what stops approval beside the fields, without moving the focus. */
function markProblems(form, problems) {
  for (const { field: key, message } of problems) {
    const holder = form.querySelector(`[data-field="${CSS.escape(key)}"]`);
    const slot = holder?.querySelector('.error');
    if (!slot) continue;
    slot.textContent = slot.hidden ? message : `${slot.textContent} ${message}`;
    slot.hidden = false;
    slot.removeAttribute('role');
  }
}

function problemsBox(problems) {
  if (!problems.length) return h('p', { class: 'notice-inline ok', id: 'plan-problems' }, P.noProblems);
  return h('div', { class: 'problems', id: 'plan-problems', role: 'region', 'aria-labelledby': 'plan-problems-title' },
    h('h3', { id: 'plan-problems-title' }, P.problemsTitle),
    h('ul', {}, problems.map((p) => h('li', {}, p.message))));
}

// ---- the tab ---------------------------------------------------------------------------------

export async function planTab(initiativeId, reload, permissions) {
  const root = h('div', { class: 'stack plan-tab' });
  let view;
  try {
    view = await call('plan_view', { initiativeId, versionId: selectedVersion.get(initiativeId) ?? null });
  } catch (error) {
    notify(error.message, 'error');
    return root;
  }
  const show = (id) => { selectedVersion.set(initiativeId, id); reload(); };
  const selected = view.selected;
  const isDraft = view.can_create || (selected && selected.status === 'draft');

  root.append(h('p', { class: 'help' }, P.help));
  if (view.frozen_notice) {
    root.append(frozenBanner(view.frozen_notice, {
      id: 'plan-frozen-notice',
      target: view.can_new_version ? '#plan-reason' : null,
      label: P.newVersionShort,
    }));
  }
  if (selected && selected.reason) root.append(h('p', {}, h('strong', {}, `${P.reason}: `), selected.reason));

  if (!isDraft) {
    root.append(readOnlyPlan(view, selected.plan));
  } else {
    const form = toForm(view.can_create ? { benefits: [] } : selected.plan);
    if (view.can_create) form.benefits.push(emptyBenefit());
    const initial = JSON.stringify(form);
    app.guard = () => JSON.stringify(form) !== initial;
    const holder = h('form', { class: 'plan-form', novalidate: true, 'aria-label': P.title });
    const draw = (focusSelector) => {
      clear(holder);
      holder.append(editor(view, form, draw),
        h('div', { class: 'actions sticky' },
          h('button', { type: 'submit', class: 'primary', id: 'save-plan' }, P.save),
          selected ? h('button', { type: 'button', class: 'ghost', id: 'delete-plan-draft', onclick: discard }, P.deleteDraft) : null));
      // A draft is written by a beställare (app::rights): for anyone else it is read-only,
      // with the reason beside Spara.
      holder.removeAttribute('aria-describedby');
      lockForm(holder, permissions?.draft);
      if (focusSelector) holder.querySelector(focusSelector)?.focus();
    };
    async function discard() {
      if (!(await ask({ title: P.deleteTitle, text: P.deleteText(selected.version), yes: P.deleteYes, no: P.deleteNo }))) return;
      try {
        await call('delete_plan_draft', { id: selected.id, rowVersion: selected.row_version });
        app.guard = null;
        selectedVersion.delete(initiativeId);
        flash(P.deleted);
        reload();
      } catch (error) { notify(error.message, 'error'); }
    }
    holder.addEventListener('submit', async (event) => {
      event.preventDefault();
      const { plan, errors } = fromForm(form);
      if (errors.length) { showFieldErrors(holder, errors); notify(errors[0].message, 'error'); return; }
      try {
        const saved = view.can_create
          ? await call('create_plan', { initiativeId, plan })
          : await call('save_plan_draft', { id: selected.id, rowVersion: selected.row_version, plan });
        app.guard = null;
        selectedVersion.set(initiativeId, saved.id);
        flash(view.can_create ? P.created : P.saved);
        reload();
      } catch (error) {
        showFieldErrors(holder, error.fields);
        notify(error.message, 'error');
      }
    });
    draw();
    if (!view.can_create) root.append(problemsBox(view.problems));
    root.append(holder);
    if (!view.can_create) {
      markProblems(holder, view.problems);
      root.append(approvalPanel(view, selected, form, initial, holder, reload, permissions));
    }
  }

  if (view.versions.some((v) => v.status === 'draft')) root.append(decisionPanel(view.code, 'plan'));
  if (view.can_new_version) root.append(newVersionPanel(view, initiativeId, show, permissions));
  if (view.versions.length) root.append(versionsTable(view, show));
  root.append(h('section', { class: 'stack' }, h('h2', {}, P.history), h('p', { class: 'help' }, P.historyHelp), historyTable(view)));
  return root;
}

function approvalPanel(view, selected, form, initial, planForm, reload, permissions) {
  const by = textInput('', { id: 'approved-by' });
  const on = textInput(view.as_of, { id: 'approved-at', class: 'date', maxlength: 10, placeholder: 'ÅÅÅÅ-MM-DD' });
  const ref = textInput('', { id: 'decision-ref' });
  const panel = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'approval-title' },
    h('h2', { id: 'approval-title' }, P.approval),
    h('p', { class: 'help' }, P.approvalHelp),
    h('div', { class: 'grid' },
      field({ key: 'approved_by', label: P.approved_by, help: P.approvedByHelp, input: by, required: true }),
      field({ key: 'approved_at', label: P.approved_at, help: S.initiative.dateHelp, input: on, required: true }),
      field({ key: 'decision_ref', label: P.decision_ref, help: P.decisionHelp, input: ref, required: true })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'approve-plan' }, P.approve(selected.version))));
  // Approving takes a godkännare (app::rights).
  lockForm(panel, permissions?.approve);
  panel.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (JSON.stringify(form) !== initial) { notify(P.saveFirst, 'error'); planForm.querySelector('#save-plan')?.focus(); return; }
    const date = parseDate(on.value);
    if (!date.ok || !date.value) {
      const message = S.errors.date(P.approved_at);
      showFieldErrors(panel, [{ field: 'approved_at', message }]);
      notify(message, 'error');
      return;
    }
    if (!(await ask({ title: P.approveTitle, text: P.approveText(selected.version), yes: P.approveYes, no: P.approveNo }))) return;
    try {
      await call('approve_plan', { id: selected.id, rowVersion: selected.row_version, approval: { approved_by: by.value, approved_at: date.value, decision_ref: ref.value } });
      app.guard = null;
      flash(P.approvedDone(selected.version));
      reload();
    } catch (error) {
      const own = error.fields.filter((f) => ['approved_by', 'approved_at', 'decision_ref'].includes(f.field));
      showFieldErrors(panel, own);
      const others = error.fields.filter((f) => !own.includes(f));
      if (others.length) showFieldErrors(planForm, others);
      notify(error.fields.length ? error.fields.map((f) => f.message).join(' ') : error.message, 'error');
    }
  });
  return panel;
}

function newVersionPanel(view, initiativeId, show, permissions) {
  const reason = textArea('', { rows: 3, id: 'plan-reason' });
  const panel = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'new-version-title' },
    h('h2', { id: 'new-version-title' }, P.newVersion),
    h('p', { class: 'help' }, P.newVersionHelp),
    field({ key: 'reason', label: P.reason, input: reason, required: true, wide: true }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'new-plan-version' }, P.createVersion)));
  lockForm(panel, permissions?.draft);
  panel.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!reason.value.trim()) { showFieldErrors(panel, [{ field: 'reason', message: P.errors.reason }]); return; }
    try {
      const created = await call('new_plan_version', { initiativeId, reason: reason.value });
      flash(P.versionCreated(created.version));
      show(created.id);
    } catch (error) {
      showFieldErrors(panel, error.fields);
      notify(error.message, 'error');
    }
  });
  return panel;
}

