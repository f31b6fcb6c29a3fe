// Benefit deviations in an initiative's follow-up tab: each röd or saknas checkpoint asks for
// orsak and åtgärd (and, when the initiative is särskilt följd, the decision the council is
// asked for), and may be closed with a reason or by a decision. Which checkpoints deviate,
// their status and their state in words all come from Rust (`initiative_deviations`).

import { call } from '../api.js';
import { h } from '../dom.js';
import { S } from '../strings.js';
import { flash } from '../app.js';
import { badge, notify, allowed, applyPermission, permissionNote } from '../components.js';

const D = S.deviations;

let counter = 0;

/** A labelled field with its error line; `control` is an input, textarea or select. */
function field(label, control, help) {
  const id = `avvikelse-${++counter}`;
  control.id = id;
  const error = h('p', { class: 'error', id: `${id}-fel`, hidden: true });
  const helpText = help ? h('p', { class: 'help', id: `${id}-hjalp` }, help) : null;
  if (help) control.setAttribute('aria-describedby', `${id}-hjalp`);
  return { wrap: h('div', { class: 'field' }, h('label', { for: id }, label), helpText, control, error), control, error };
}

function setError(f, message) {
  f.error.hidden = !message;
  f.error.textContent = message || '';
  if (message) {
    f.control.setAttribute('aria-invalid', 'true');
    const ids = new Set((f.control.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean));
    ids.add(f.error.id);
    f.control.setAttribute('aria-describedby', [...ids].join(' '));
  } else {
    f.control.removeAttribute('aria-invalid');
  }
}

function deviationForm(row, permission, reload, dirty) {
  const textarea = (name, value) => h('textarea', { name, rows: 3 }, value || '');
  const closure = row.closure || null;
  const fields = {
    cause: field(D.cause, textarea('cause', row.cause)),
    action: field(D.action, textarea('action', row.action)),
    decision_requested: row.council_tracked ? field(D.decisionRequested, textarea('decision_requested', row.decision_requested), D.decisionRequestedHelp) : null,
    closure: field(D.closure, h('select', { name: 'closure' },
      h('option', { value: '' }, D.closureOpen),
      h('option', { value: 'reason' }, D.closureReason),
      h('option', { value: 'decision' }, D.closureDecision))),
    closure_reason: field(D.reason, textarea('closure_reason', closure?.kind === 'reason' ? closure.reason : '')),
    decision: field(D.decision, textarea('decision', closure?.kind === 'decision' ? closure.decision : '')),
    decided_by: field(D.decidedBy, h('input', { type: 'text', name: 'decided_by', value: closure?.kind === 'decision' ? closure.decided_by : '' })),
    decision_date: field(D.decisionDate, h('input', { type: 'text', name: 'decision_date', class: 'date', maxlength: 10, value: closure?.kind === 'decision' ? closure.date : '' })),
    reference: field(D.reference, h('input', { type: 'text', name: 'reference', value: closure?.kind === 'decision' ? closure.reference : '' })),
  };
  fields.closure.control.value = closure?.kind || '';
  const reasonPart = h('div', { class: 'closure-reason' }, fields.closure_reason.wrap);
  const decisionPart = h('div', { class: 'closure-decision' }, fields.decision.wrap, fields.decided_by.wrap, fields.decision_date.wrap, fields.reference.wrap);
  const showClosure = () => {
    reasonPart.hidden = fields.closure.control.value !== 'reason';
    decisionPart.hidden = fields.closure.control.value !== 'decision';
  };
  fields.closure.control.addEventListener('change', showClosure);
  showClosure();

  const note = permissionNote(`deviation-permission-${row.indicator_code}-${row.months}`);
  const save = h('button', { type: 'submit', class: 'primary' }, D.save);
  const controls = Object.values(fields).filter(Boolean).map((f) => f.control);
  applyPermission([save, ...controls], note, permission);
  for (const control of controls) control.addEventListener('input', () => dirty.add(form));

  const read = () => {
    const kind = fields.closure.control.value;
    let closureValue = null;
    if (kind === 'reason') closureValue = { kind, reason: fields.closure_reason.control.value };
    if (kind === 'decision') {
      const date = fields.decision_date.control.value.trim();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
        setError(fields.decision_date, D.errors.decisionDate);
        fields.decision_date.control.focus();
        return null;
      }
      closureValue = { kind, decision: fields.decision.control.value, decided_by: fields.decided_by.control.value, date, reference: fields.reference.control.value };
    }
    return {
      initiative_id: row.initiative_id,
      indicator_code: row.indicator_code,
      months: row.months,
      row_version: row.row_version,
      cause: fields.cause.control.value,
      action: fields.action.control.value,
      decision_requested: fields.decision_requested ? fields.decision_requested.control.value : row.decision_requested,
      closure: closureValue,
      closed_on: kind && kind === row.closure?.kind ? row.closed_on : null,
    };
  };

  const form = h('form', { class: 'deviation-form stack', novalidate: true, dataset: { indicator: row.indicator_code, months: String(row.months) } },
    note.hidden && allowed(permission) ? null : note,
    fields.cause.wrap, fields.action.wrap, fields.decision_requested?.wrap, fields.closure.wrap, reasonPart, decisionPart,
    h('p', {}, save));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!allowed(permission)) return;
    for (const f of Object.values(fields)) if (f) setError(f, null);
    const saveArgs = read();
    if (!saveArgs) return;
    try {
      await call('save_deviation', { save: saveArgs });
      dirty.delete(form);
      flash(D.saved);
      reload();
    } catch (error) {
      const known = (error.fields || []).filter((e) => fields[e.field === 'closed_on' ? 'closure' : e.field]);
      for (const e of known) setError(fields[e.field === 'closed_on' ? 'closure' : e.field], e.message);
      if (known.length) fields[known[0].field === 'closed_on' ? 'closure' : known[0].field].control.focus();
      notify(known.length ? known.map((e) => e.message).join(' ') : error.message, 'error');
    }
  });
  return form;
}

function deviationCard(row, permission, reload, dirty) {
  const headingId = `deviation-${row.indicator_code}-${row.months}`;
  return h('article', { class: 'card deviation', 'aria-labelledby': headingId, dataset: { state: row.state.code, indicator: row.indicator_code, months: String(row.months) } },
    h('h3', { id: headingId }, D.heading(row.indicator_code, row.indicator_name, row.months, row.checkpoint_date), ' ',
      badge(row.status.code, row.status.label, row.status.symbol)),
    h('p', {}, D.benefit(row.benefit, row.benefit_owner)),
    h('p', { class: 'muted' }, D.measured(row.target, row.measured)),
    h('p', { class: 'deviation-state' }, h('strong', {}, `${D.state}: `), h('span', { class: 'state-text' }, row.state.text)),
    row.updated_by ? h('p', { class: 'muted' }, D.lastSaved(row.updated_by, row.updated_at.replace('T', ' '))) : null,
    deviationForm(row, permission, reload, dirty));
}

/** The section of the follow-up tab; empty list → a short sentence. */
export async function deviationsSection(initiativeId, permission, reload, dirty) {
  const section = h('section', { class: 'deviations stack', 'aria-labelledby': 'deviations-title', id: 'deviations' },
    h('h2', { id: 'deviations-title' }, D.title),
    h('p', { class: 'lead' }, D.lead));
  let list;
  try {
    list = await call('initiative_deviations', { initiativeId });
  } catch (error) {
    notify(error.message, 'error');
    return section;
  }
  if (!list.rows.length) {
    section.append(h('p', { class: 'empty' }, D.none));
    return section;
  }
  section.append(...list.rows.map((row) => deviationCard(row, permission, reload, dirty)));
  return section;
}
