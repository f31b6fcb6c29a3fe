// The audit log of one initiative: who changed what, when, and the values before and after.

import { h } from '../dom.js';
import { S } from '../strings.js';

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

export function historyTab(data) {
  const entries = data.history;
  if (!entries.length) return h('p', { class: 'empty' }, H.none);
  const fieldLabel = (key) => S.initiative.fields[key] ?? key;
  return h('table', { class: 'data' },
    h('caption', {}, H.title),
    h('thead', {}, h('tr', {}, Object.values(H.columns).map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, entries.map((e) => {
      // A calculation version is one document: say which version and why, not every field.
      const calculation = e.entity === 'calculation';
      const keys = calculation ? [] : changedKeys(e.before, e.after);
      return h('tr', {},
        h('td', { class: 'nowrap' }, e.at.replace('T', ' ')),
        h('td', {}, e.author),
        h('td', {}, `${H.entities[e.entity] ?? e.entity} ${e.action}`),
        h('td', {}, keys.length
          ? h('ul', { class: 'changes' }, keys.map((k) => h('li', {},
            h('strong', {}, `${fieldLabel(k)}: `), show(e.before[k]), ' → ', show(e.after[k]))))
          : (calculation ? H.calcVersion((e.after ?? e.before)?.version, e.reason) : (e.reason || ''))));
    })));
}
