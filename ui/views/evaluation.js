// "Avsluta uppföljningen": the evaluation of an initiative against its approved plan — each
// target met or not, realised and harvested value (all from Rust, `evaluation_view`), and
// what was learnt; drafted by a beställare, approved by a godkännare, then frozen.

import { call } from '../api.js';
import { h } from '../dom.js';
import { S } from '../strings.js';
import { app } from '../app.js';
import { ask, badge, field, textInput, textArea, notify, showFieldErrors, lockForm } from '../components.js';
import { parseDate } from '../format.js';

const E = S.evaluation;

function targetsTable(display) {
  return h('table', { class: 'data evaluation-targets' },
    h('caption', {}, `${E.targetsCaption} – ${display.targets_met}`),
    h('thead', {}, h('tr', {}, E.columns.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, display.targets.map((t) => h('tr', {},
      h('td', {}, t.benefit),
      h('th', { scope: 'row' }, t.indicator),
      h('td', { class: 'nowrap' }, t.checkpoint),
      h('td', { class: 'num' }, t.target),
      h('td', { class: 'num' }, t.measured),
      h('td', {}, badge(t.status.code, t.status.label, t.status.symbol)),
      h('td', { class: 'nowrap' }, t.met)))));
}

function values(display) {
  return h('dl', { class: 'facts' },
    h('dt', {}, E.calculated), h('dd', {}, display.calculated),
    h('dt', {}, E.realised), h('dd', {}, display.realised),
    h('dt', {}, E.harvested), h('dd', {},
      display.harvested,
      display.without_harvest_decision ? h('p', { class: 'muted' }, display.without_harvest_decision) : null));
}

function frozenDisplay(display) {
  return h('div', { class: 'stack', id: 'evaluation-approved' },
    h('p', { class: 'frozen', role: 'note' }, display.frozen_notice),
    targetsTable(display),
    values(display),
    display.closure_reason ? h('p', {}, h('strong', {}, `${E.closureReason}: `), display.closure_reason) : null,
    h('p', {}, h('strong', {}, `${E.learnt}: `), display.learnt));
}

/** The section at the end of the follow-up tab. */
export async function evaluationSection(initiativeId, reload, permissions) {
  const section = h('section', { class: 'card evaluation stack', 'aria-labelledby': 'evaluation-title' },
    h('h2', { id: 'evaluation-title' }, E.title));
  let view;
  try {
    view = await call('evaluation_view', { initiativeId });
  } catch (error) {
    section.append(h('p', { class: 'error' }, error.message));
    return section;
  }
  if (view.approved) {
    section.append(h('p', { class: 'evaluated-tag' }, `✓ ${E.evaluated}`), frozenDisplay(view.approved));
    if (!view.draft) section.append(newVersionForm(view, initiativeId, reload, permissions));
  }
  if (view.blocked) {
    section.append(h('p', { class: 'help' }, view.blocked));
    return section;
  }
  if (!view.approved || view.draft) section.append(draftForm(view, initiativeId, reload, permissions));
  if (view.draft) section.append(approvalForm(view.draft, reload, permissions));
  return section;
}

function draftForm(view, initiativeId, reload, permissions) {
  const current = view.draft ?? view.proposal;
  const learnt = textArea(view.draft?.learnt ?? '', { rows: 3, id: 'evaluation-learnt' });
  const reason = textArea(view.draft?.closure_reason ?? '', { rows: 2, id: 'evaluation-closure-reason' });
  const form = h('form', { class: 'stack', novalidate: true, 'aria-labelledby': 'evaluation-draft-title' },
    h('h3', { id: 'evaluation-draft-title' }, view.draft ? E.draftTitle(view.draft.version) : E.startTitle),
    h('p', { class: 'help' }, E.help),
    view.open_checkpoints ? h('p', { class: 'notice', role: 'note' }, E.openCheckpoints(view.open_checkpoints)) : null,
    current ? targetsTable(current) : null,
    current ? values(current) : null,
    view.open_checkpoints ? field({ key: 'closure_reason', label: E.closureReason, input: reason, required: true, wide: true }) : null,
    field({ key: 'learnt', label: E.learnt, help: E.learntHelp, input: learnt, wide: true }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'save-evaluation' }, view.draft ? E.save : E.start)));
  // A beställare drafts the evaluation, as a calculation (app::rights).
  lockForm(form, permissions?.draft);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await call('draft_evaluation', { initiativeId, learnt: learnt.value, closureReason: reason.value, rowVersion: view.draft?.row_version ?? null });
      notify(E.saved);
      reload();
    } catch (error) {
      showFieldErrors(form, error.fields);
      notify(error.message, 'error');
    }
  });
  return form;
}

function approvalForm(draft, reload, permissions) {
  const by = textInput('', { id: 'evaluation-approved-by' });
  const on = textInput(app.state?.as_of ?? '', { id: 'evaluation-approved-at', class: 'date', maxlength: 10, placeholder: 'ÅÅÅÅ-MM-DD' });
  const ref = textInput('', { id: 'evaluation-decision-ref' });
  const form = h('form', { class: 'stack', novalidate: true, 'aria-labelledby': 'evaluation-approval-title' },
    h('h3', { id: 'evaluation-approval-title' }, E.approvalTitle),
    h('p', { class: 'help' }, E.approvalHelp),
    h('div', { class: 'grid' },
      field({ key: 'approved_by', label: S.calc.approved_by, input: by, required: true }),
      field({ key: 'approved_at', label: S.calc.approved_at, help: S.initiative.dateHelp, input: on, required: true }),
      field({ key: 'decision_ref', label: S.calc.decision_ref, input: ref, required: true })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'approve-evaluation' }, E.approve)));
  // Approving takes a godkännare (app::rights).
  lockForm(form, permissions?.approve);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const date = parseDate(on.value);
    const errors = [];
    if (!by.value.trim()) errors.push({ field: 'approved_by', message: S.errors.required(S.calc.approved_by) });
    if (!date.ok || !date.value) errors.push({ field: 'approved_at', message: S.errors.date(S.calc.approved_at) });
    if (!ref.value.trim()) errors.push({ field: 'decision_ref', message: S.errors.required(S.calc.decision_ref) });
    if (errors.length) { showFieldErrors(form, errors); notify(errors[0].message, 'error'); return; }
    if (!(await ask({ title: E.approveTitle, text: E.approveText, yes: E.approveYes, no: S.calc.approveNo }))) return;
    try {
      await call('approve_evaluation', { id: draft.id, rowVersion: draft.row_version, approval: { approved_by: by.value, approved_at: date.value, decision_ref: ref.value } });
      notify(E.approvedDone);
      reload();
    } catch (error) {
      showFieldErrors(form, error.fields);
      notify(error.message, 'error');
    }
  });
  return form;
}

function newVersionForm(view, initiativeId, reload, permissions) {
  const reason = textArea('', { rows: 2, id: 'evaluation-new-version-reason' });
  const form = h('form', { class: 'stack', novalidate: true, 'aria-labelledby': 'evaluation-new-version-title' },
    h('h3', { id: 'evaluation-new-version-title' }, E.newVersion),
    field({ key: 'reason', label: S.calc.reason, input: reason, required: true, wide: true }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'new-evaluation-version' }, E.newVersionButton)));
  lockForm(form, permissions?.draft);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await call('new_evaluation_version', { initiativeId, reason: reason.value });
      reload();
    } catch (error) {
      showFieldErrors(form, error.fields);
      notify(error.message, 'error');
    }
  });
  return form;
}
