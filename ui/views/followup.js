// The follow-up of one initiative: per indicator its chart, its status and achievement at
// each checkpoint, its latest value and its measurements (enter, change, delete). Everything
// shown is computed and formatted in Rust (`followup_view`); this view lays it out.

import { call } from '../api.js';
import { h } from '../dom.js';
import { S } from '../strings.js';
import { app, flash } from '../app.js';
import { ask, askText, badge, chartExports, notify, allowed, applyPermission, permissionNote } from '../components.js';
import { parseDate, parseDecimal, formatDecimal } from '../format.js';
import { harvestSection } from './harvest.js';
import { deviationsSection } from './deviations.js';
import { evaluationSection } from './evaluation.js';

const U = S.followup;

/** Where the focus goes after the tab is drawn again (e.g. the new-measurement row). */
let pendingFocus = null;

function statusBadge(status, attrs = {}) {
  const el = badge(status.code, status.label, status.symbol);
  for (const [key, value] of Object.entries(attrs)) el.dataset[key] = value;
  return el;
}

function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(([, v]) => v).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

function checkpointBox(indicator, c) {
  return h('div', { class: 'checkpoint', dataset: { months: String(c.months) } },
    h('p', { class: 'checkpoint-head' }, h('strong', {}, U.checkpoint(c.label, c.date)), ' ',
      statusBadge(c.status, { checkpoint: String(c.months) })),
    h('p', {}, `${U.target}: ${c.target}`, c.first_target ? h('span', { class: 'first-target' }, ` (${U.firstTarget(c.first_target)})`) : null),
    h('p', {}, `${U.measurementUsed}: ${c.measurement || '–'}`),
    h('p', {}, `${U.achievementAt(c.label)}: `, h('strong', { class: 'achievement', dataset: { checkpoint: String(c.months) } }, c.achievement || '–')),
    h('p', { class: 'muted' }, U.window(c.window_from, c.window_to)));
}

/** Runs a change that may need a reason: asks for it when Rust says so, then tries again. */
async function withReason(run, { known = false, message = U.needsReason } = {}) {
  let reason = '';
  if (known) {
    reason = await askText({ title: U.reasonTitle, text: message, label: U.reasonLabel, yes: U.reasonYes, no: U.reasonNo });
    if (reason === null) return false;
  }
  try {
    await run(reason);
    return true;
  } catch (error) {
    const needs = error.fields.find((f) => f.field === 'reason');
    if (!needs) throw error;
    reason = await askText({ title: U.reasonTitle, text: needs.message, label: U.reasonLabel, yes: U.reasonYes, no: U.reasonNo });
    if (reason === null) return false;
    await run(reason);
    return true;
  }
}

function readMeasurement(code, inputs) {
  const errors = [];
  const date = parseDate(inputs.date.value);
  if (!date.ok || !date.value) errors.push([inputs.date, U.errors.date]);
  const value = parseDecimal(inputs.value.value);
  if (!value.ok) errors.push([inputs.value, U.errors.value]);
  else if (value.value === null) errors.push([inputs.value, U.errors.valueRequired]);
  for (const input of Object.values(inputs)) input.removeAttribute('aria-invalid');
  if (errors.length) {
    for (const [input] of errors) input.setAttribute('aria-invalid', 'true');
    errors[0][0].focus();
    notify(errors.map(([, m]) => m).join(' '), 'error');
    return null;
  }
  return { indicator: code, date: date.value, value: value.value, source: inputs.source.value, comment: inputs.comment.value };
}

function measurementTable(view, indicator, reload, dirty, record) {
  const code = indicator.code;
  // Measurements are recorded by a registrerare (app::rights): otherwise every button that
  // would change one is disabled, described by the reason above the table, and the new
  // row's fields are read-only.
  const note = permissionNote(`measurement-permission-${code}`);
  const refusal = (button) => { if (!allowed(record)) applyPermission(button, note, record); return button; };
  const unit = indicator.unit;
  const C = U.columns;
  const valueHead = unit ? `${C.value} (${unit})` : C.value;

  const rowFor = (m) => {
    const tr = h('tr', { class: m.after_as_of ? 'after-as-of' : null, dataset: { id: String(m.id) } });
    const show = () => {
      tr.replaceChildren(
        h('th', { scope: 'row', class: 'nowrap' }, m.date),
        h('td', { class: 'number' }, m.value_text),
        h('td', {}, m.source),
        h('td', {}, m.comment),
        h('td', {}, m.author),
        h('td', {}, m.used_at.length ? m.used_at.map(U.usedAt).join(', ') : '',
          m.after_as_of ? h('span', { class: 'muted' }, ` ${U.afterAsOf}`) : null,
          m.needs_reason ? h('span', { class: 'lock muted', title: U.needsReason }, ` ${U.reasonMark}`) : null),
        h('td', { class: 'nowrap' },
          refusal(h('button', { type: 'button', class: 'ghost small', 'aria-label': U.editLabel(m.date), onclick: edit }, U.edit)), ' ',
          refusal(h('button', { type: 'button', class: 'ghost small', 'aria-label': U.removeLabel(m.date), onclick: remove }, U.remove))));
    };
    const edit = () => {
      const inputs = {
        date: h('input', { type: 'text', name: 'date', value: m.date, class: 'date', maxlength: 10, 'aria-label': `${C.date} (${m.date})` }),
        value: h('input', { type: 'text', name: 'value', value: formatDecimal(m.value), inputmode: 'decimal', class: 'amount', 'aria-label': `${valueHead} (${m.date})` }),
        source: h('input', { type: 'text', name: 'source', value: m.source, 'aria-label': `${C.source} (${m.date})` }),
        comment: h('input', { type: 'text', name: 'comment', value: m.comment, 'aria-label': `${C.comment} (${m.date})` }),
      };
      dirty.add(tr);
      const save = async () => {
        const measurement = readMeasurement(code, inputs);
        if (!measurement) return;
        try {
          const done = await withReason((reason) => call('update_measurement', { id: m.id, rowVersion: m.row_version, measurement, reason }),
            { known: m.needs_reason, message: U.reasonEdit(m.date) });
          if (!done) return;
          dirty.delete(tr);
          pendingFocus = `#followup-indicator-${CSS.escape(code)} [name="date"]`;
          flash(U.saved);
          reload();
        } catch (error) { notify(fieldMessages(error), 'error'); }
      };
      for (const input of Object.values(inputs)) {
        input.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); save(); } if (e.key === 'Escape') cancel(); });
      }
      const cancel = () => { dirty.delete(tr); show(); tr.querySelector('button')?.focus(); };
      tr.replaceChildren(
        h('td', {}, inputs.date), h('td', {}, inputs.value), h('td', {}, inputs.source), h('td', {}, inputs.comment),
        h('td', {}, m.author), h('td', {}, ''),
        h('td', { class: 'nowrap' },
          h('button', { type: 'button', class: 'primary small', 'aria-label': U.saveLabel(m.date), onclick: save }, U.save), ' ',
          h('button', { type: 'button', class: 'ghost small', onclick: cancel }, U.cancel)));
      inputs.value.focus();
    };
    const remove = async () => {
      if (!m.needs_reason && !(await ask({ title: U.removeTitle, text: U.removeText(m.date, m.value_text), yes: U.removeYes, no: U.removeNo }))) return;
      try {
        const done = await withReason((reason) => call('delete_measurement', { id: m.id, rowVersion: m.row_version, reason }),
          { known: m.needs_reason, message: U.reasonRemove(m.date, m.value_text) });
        if (!done) return;
        pendingFocus = `#followup-indicator-${CSS.escape(code)} [name="date"]`;
        flash(U.removed);
        reload();
      } catch (error) { notify(fieldMessages(error), 'error'); }
    };
    show();
    return tr;
  };

  const inputs = {
    date: h('input', { type: 'text', name: 'date', class: 'date', maxlength: 10, placeholder: 'ÅÅÅÅ-MM-DD', 'aria-label': `${C.date}, ${U.newRow.toLowerCase()} (${code})` }),
    value: h('input', { type: 'text', name: 'value', class: 'amount', inputmode: 'decimal', 'aria-label': `${valueHead}, ${U.newRow.toLowerCase()} (${code})` }),
    source: h('input', { type: 'text', name: 'source', 'aria-label': `${C.source}, ${U.newRow.toLowerCase()} (${code})` }),
    comment: h('input', { type: 'text', name: 'comment', 'aria-label': `${C.comment}, ${U.newRow.toLowerCase()} (${code})` }),
  };
  if (!allowed(record)) for (const input of Object.values(inputs)) input.readOnly = true;
  dirty.add(inputs);
  const add = async () => {
    if (!allowed(record)) return;
    const measurement = readMeasurement(code, inputs);
    if (!measurement) return;
    try {
      await call('add_measurement', { initiativeId: view.initiative_id, measurement });
      for (const input of Object.values(inputs)) input.value = '';
      pendingFocus = `#followup-indicator-${CSS.escape(code)} [name="date"]`;
      flash(U.added);
      reload();
    } catch (error) {
      const field = error.fields[0]?.field;
      if (field && inputs[field]) { inputs[field].setAttribute('aria-invalid', 'true'); inputs[field].focus(); }
      notify(fieldMessages(error), 'error');
    }
  };
  for (const input of Object.values(inputs)) {
    input.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); add(); } });
  }

  const table = h('table', { class: 'data measurements' },
    h('caption', {}, U.measurements(code)),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, C.date), h('th', { scope: 'col' }, valueHead), h('th', { scope: 'col' }, C.source),
      h('th', { scope: 'col' }, C.comment), h('th', { scope: 'col' }, C.author), h('th', { scope: 'col' }, C.used),
      h('th', { scope: 'col' }, C.actions))),
    h('tbody', {}, indicator.measurements.map(rowFor)),
    h('tfoot', {}, h('tr', { class: 'new-row' },
      h('td', {}, inputs.date), h('td', {}, inputs.value), h('td', {}, inputs.source), h('td', {}, inputs.comment),
      h('td', { colspan: 2, class: 'muted' }, U.newRow),
      h('td', {}, refusal(h('button', { type: 'button', class: 'primary small', id: `add-measurement-${code}`, onclick: add }, U.add))))));
  return [note.hidden ? null : note, table];
}

function fieldMessages(error) {
  return error.fields && error.fields.length ? error.fields.map((f) => f.message).join(' ') : error.message;
}

function indicatorCard(view, indicator, reload, dirty, record) {
  return h('section', { class: 'card indicator-card', id: `followup-indicator-${indicator.code}`, 'aria-labelledby': `indicator-title-${indicator.code}` },
    h('div', { class: 'card-head' },
      h('h3', { id: `indicator-title-${indicator.code}` }, h('span', { class: 'code' }, indicator.code), ' ', indicator.name),
      indicator.status ? h('p', { class: 'indicator-status' }, `${U.indicatorStatus}: `, statusBadge(indicator.status, { indicatorStatus: 'true' })) : null),
    facts([
      [U.direction, indicator.direction],
      [U.baseline, indicator.baseline],
      [U.amber, indicator.amber_rule],
      [U.measuredBy, indicator.measured_by],
      [U.method, indicator.method],
      [U.frequency, indicator.frequency],
      [U.source, indicator.data_source],
    ]),
    indicator.checkpoints.length ? h('div', { class: 'checkpoints' }, indicator.checkpoints.map((c) => checkpointBox(indicator, c))) : null,
    h('p', { class: 'latest' }, h('strong', {}, `${U.latest}: `), h('span', { class: 'latest-value' }, indicator.latest || U.noMeasurement),
      indicator.current && indicator.current.expected
        ? h('span', {}, ' · ', U.current(indicator.current.value, indicator.current.expected, indicator.current.achievement), ' ', statusBadge(indicator.current.status, { current: 'true' }))
        : null),
    indicator.chart
      ? h('figure', { class: 'chart' },
        h('img', { class: 'indicator-chart', src: indicator.chart, alt: indicator.chart_text, width: 960, height: 560 }),
        h('details', {}, h('summary', {}, S.followup.chartAlt(indicator.name)), h('p', {}, indicator.chart_text)),
        chartExports({
          chart: S.chartExport.indicatorChart(indicator.code, indicator.name),
          fileName: S.chartExport.indicatorFile(view.code, indicator.code),
          save: (format, path) => call('export_indicator_chart', { initiativeId: view.initiative_id, indicator: indicator.code, format, path }),
        }))
      : h('p', { class: 'muted' }, indicator.chart_text),
    measurementTable(view, indicator, reload, dirty, record));
}

export async function followupTab(initiativeId, reload, permissions) {
  const root = h('div', { class: 'stack followup-tab' });
  let view;
  try {
    view = await call('followup_view', { initiativeId });
  } catch (error) {
    notify(error.message, 'error');
    return root;
  }
  const dirty = new Set();
  app.guard = () => [...dirty].some((d) => (d instanceof Node ? true : Object.values(d).some((i) => i.value.trim())));

  root.append(h('div', { class: 'card followup-summary' },
    h('p', { class: 'as-of' }, h('strong', {}, U.asOf(view.as_of)), view.plan ? ` · ${U.plan(view.plan)}` : ''),
    view.notice ? h('p', { class: 'frozen', role: 'note' }, view.notice) : null,
    view.status ? h('p', {}, `${U.benefitStatus}: `, statusBadge(view.status, { benefitStatus: 'true' })) : null,
    view.next_checkpoint ? h('p', {}, `${U.nextCheckpoint}: ${view.next_checkpoint}`) : null,
    view.calculated_annual_value
      ? h('p', {}, `${U.calculated}: ${view.calculated_annual_value} · ${U.realised}: `, h('strong', {}, view.realised_annual_value),
        h('span', { class: 'help' }, ` ${U.realisedHelp}`))
      : null));

  if (view.status) root.append(await deviationsSection(initiativeId, permissions?.deviations, reload, dirty));

  for (const benefit of view.benefits) {
    root.append(h('section', { class: 'benefit-followup stack' },
      h('h2', {}, benefit.name, ' ', benefit.status ? statusBadge(benefit.status) : null),
      h('p', { class: 'muted' }, U.owner(benefit.owner)),
      facts([[U.chain.change, benefit.change], [U.chain.effect, benefit.effect], [U.chain.goal, benefit.goal]]),
      benefit.calculation_line
        ? h('p', {}, `${U.line(benefit.calculation_line)}. `,
          benefit.calculated_annual_value
            ? U.benefitValue(benefit.calculated_annual_value, benefit.realised_annual_value || U.unknown, benefit.realisation_achievement)
            : '')
        : null,
      benefit.indicators.map((i) => indicatorCard(view, i, reload, dirty, permissions?.record))));
  }
  root.append(await harvestSection(initiativeId, reload, permissions?.harvest));
  root.append(await evaluationSection(initiativeId, reload, permissions));
  if (pendingFocus) {
    const selector = pendingFocus;
    pendingFocus = null;
    setTimeout(() => root.querySelector(selector)?.focus(), 0);
  }
  return root;
}
