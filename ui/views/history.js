// The audit log of one initiative: who changed what, when, and the values before and after.

import { h } from '../dom.js';
import { S } from '../strings.js';
import { formatDecimal } from '../format.js';
import { app } from '../app.js';

const H = S.history;

function changedKeys(before, after) {
  if (!before || !after) return [];
  return Object.keys(after).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}

function show(value) {
  if (value === null || value === undefined || value === '') return '–';
  if (typeof value === 'boolean') return value ? 'Ja' : 'Nej';
  if (Array.isArray(value)) return value.join('; ');
  if (typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k}: ${show(v)}`).join(', ');
  return String(value);
}

export function historyTab(data, organisations = []) {
  const entries = data.history;
  if (!entries.length) return h('p', { class: 'empty' }, H.none);
  const fieldLabel = (key) => S.initiative.fields[key] ?? S.followup.columns[key] ?? key;
  // Supplier and customers by name, the financing type by its label.
  const orgName = (id) => organisations.find((o) => o.id === id)?.name ?? String(id);
  const shown = (key, value) => {
    if (key === 'organisation_id' && typeof value === 'number') return orgName(value);
    if (key === 'customer_ids' && Array.isArray(value)) return value.length ? value.map(orgName).join('; ') : '–';
    if (key === 'financing' && value) return app.choices.financing?.find((c) => c.code === value)?.label ?? value;
    // The running-cost impact per calendar year: "2026: 150 000 kr; 2027: …", then the comment.
    if (key === 'running_cost' && value && typeof value === 'object') {
      const years = (value.years ?? []).map((y) => `${y.year}: ${formatDecimal(y.amount)} kr`).join('; ') || '–';
      return value.comment ? `${years} (${value.comment})` : years;
    }
    return show(value);
  };
  return h('table', { class: 'data' },
    h('caption', {}, H.title),
    h('thead', {}, h('tr', {}, Object.values(H.columns).map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, entries.map((e) => {
      // A calculation version is one document: say which version and why, not every field.
      const calculation = e.entity === 'calculation';
      const plan = e.entity === 'plan_version';
      // Migration 0005's anchoring of år N, N+1, N+2 says it all in its reason.
      const keys = calculation || plan || e.entity === 'running_cost' ? [] : changedKeys(e.before, e.after);
      // A measurement: which one, what changed, and why (a reason is required when it fed an
      // approved checkpoint).
      const m = e.entity === 'measurement' ? (e.after ?? e.before) : null;
      return h('tr', {},
        h('td', { class: 'nowrap' }, e.at.replace('T', ' ')),
        h('td', {}, e.author),
        h('td', {}, `${H.entities[e.entity] ?? e.entity} ${e.action}`),
        h('td', {},
          m ? h('p', { class: 'deviation' }, `${m.indicator} ${m.date}: ${formatDecimal(m.value)}`) : null,
          keys.length
            ? h('ul', { class: 'changes' }, keys.map((k) => h('li', {},
              h('strong', {}, `${fieldLabel(k)}: `), shown(k, e.before[k]), ' → ', shown(k, e.after[k]))))
            : (calculation ? H.calcVersion((e.after ?? e.before)?.version, e.reason) : (m ? null : (e.reason || ''))),
          m && e.reason ? h('p', {}, h('strong', {}, `${H.reason}: `), e.reason) : null));
    })));
}
