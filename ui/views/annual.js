// The annual analysis in the Reports view (seed 003, "Årlig analys av digital utveckling och
// förvaltning"): choose the supplier and the year → edit each section's "Leverantörens analys"
// and save it with its row version (a refused save keeps what was typed) → preview the
// analysis's pages like the other reports (`onPreview`), save it as PDF there or as Word here.
// Rust assembles everything; the window only lays out the texts and the buttons.

import { call, saveFileDialog } from '../api.js';
import { h, clear } from '../dom.js';
import { S } from '../strings.js';
import { field, isUnavailable, notify, setUnavailable, showFieldErrors } from '../components.js';

const A = S.annual;

/**
 * The annual analysis card. `organisations` are the register's organisations, `asOf` the
 * register's date (ISO), `onPreview({ supplier, year })` makes the PDF for the preview.
 */
export function annualCard({ organisations, asOf, onPreview }) {
  const defaultYear = String(Number(String(asOf).slice(0, 4)) + 1);
  const supplierSelect = h('select', { id: 'annual-supplier' },
    h('option', { value: '' }, A.chooseSupplier),
    organisations.map((o) => h('option', { value: o.name }, o.name)));
  const yearInput = h('input', { type: 'text', id: 'annual-year', class: 'year', maxlength: 4, value: defaultYear,
    inputmode: 'numeric', autocomplete: 'off' });
  const loadButton = h('button', { type: 'button', id: 'annual-load' }, A.load);
  const sections = h('div', { class: 'annual-sections', id: 'annual-sections' });
  const previewButton = h('button', { type: 'button', class: 'primary', id: 'annual-preview' }, A.preview);
  const docxButton = h('button', { type: 'button', id: 'annual-docx' }, A.saveDocx);
  const status = h('p', { class: 'count', role: 'status', id: 'annual-status' });
  const actions = h('div', { class: 'actions', hidden: true }, previewButton, docxButton);

  const card = h('section', { class: 'card annual-analysis', id: 'annual-analysis', 'aria-labelledby': 'annual-title' },
    h('h2', { id: 'annual-title' }, A.title),
    h('p', { class: 'help' }, A.help),
    h('div', { class: 'grid annual-choice' },
      field({ key: 'supplier', label: A.supplier, input: supplierSelect, required: true }),
      field({ key: 'year', label: A.year, input: yearInput, required: true, help: A.yearHelp })),
    h('div', { class: 'actions' }, loadButton),
    sections,
    actions,
    status);

  /** What the texts were loaded for; the buttons act on it, not on a half-changed form. */
  let loaded = null;

  function chosen() {
    const supplier = supplierSelect.value;
    const yearText = yearInput.value.trim();
    const errors = [];
    if (!supplier) errors.push({ field: 'supplier', message: S.errors.required(A.supplier) });
    if (!/^\d{4}$/.test(yearText)) errors.push({ field: 'year', message: A.badYear });
    showFieldErrors(card, errors);
    return errors.length ? null : { supplier, year: Number(yearText) };
  }

  async function load() {
    const wanted = chosen();
    if (!wanted) return;
    try {
      const texts = await call('annual_analysis_texts', wanted);
      loaded = wanted;
      render(texts);
      actions.hidden = false;
      status.textContent = A.loaded(wanted.supplier, wanted.year);
    } catch (error) {
      if (error.fields.length) showFieldErrors(card, error.fields);
      notify(error.message, 'error');
    }
  }

  function render(texts) {
    clear(sections).append(
      h('h3', { class: 'annual-for' }, A.textsFor(loaded.supplier, loaded.year)),
      ...texts.map((t) => sectionEditor(t)));
  }

  function sectionEditor(t) {
    const key = `annual-text-${t.section}`;
    const id = `annual-text-${t.section.replace('.', '-')}`;
    let version = t.row_version;
    const area = h('textarea', { id, rows: 6, maxlength: 12000 }, t.text);
    const saveButton = h('button', { type: 'button', id: `${id}-save`, 'aria-label': A.saveLabel(t.heading) }, A.save);
    // Says in words, beside the text, whether it is saved: a refused save says why here too.
    const savedNote = h('p', { class: 'help annual-saved', id: `${id}-state`, role: 'status' }, version ? A.savedVersion(version) : A.notSaved);
    const holder = h('div', { class: 'annual-section', dataset: { section: t.section } },
      field({ key, label: A.analysisLabel(t.heading), input: area, wide: true }),
      h('div', { class: 'actions' }, saveButton),
      savedNote);
    saveButton.addEventListener('click', async () => {
      if (isUnavailable(saveButton)) return;
      setUnavailable(saveButton, true);
      try {
        const saved = await call('save_annual_analysis_text', {
          supplier: loaded.supplier, year: loaded.year, section: t.section, rowVersion: version, text: area.value,
        });
        version = saved.row_version;
        showFieldErrors(holder, []);
        savedNote.textContent = A.savedVersion(version);
        notify(A.saved(t.heading), 'info');
      } catch (error) {
        // The text stays as typed: a refused save (someone else saved first) loses nothing.
        showFieldErrors(holder, error.fields.map((f) => ({ field: f.field === 'text' ? key : f.field, message: f.message })));
        savedNote.textContent = A.notSavedBecause(error.message);
        notify(error.message, 'error');
      } finally {
        setUnavailable(saveButton, false);
      }
    });
    return holder;
  }

  async function saveDocx() {
    if (!loaded || isUnavailable(docxButton)) return;
    const path = await saveFileDialog({
      title: A.saveDocx,
      defaultPath: A.fileName(loaded.supplier, loaded.year),
      filters: [{ name: A.docxFilter, extensions: ['docx'] }],
    });
    if (!path) { docxButton.focus(); return; }
    setUnavailable(docxButton, true);
    status.textContent = A.writingDocx;
    try {
      const written = await call('save_annual_analysis_docx', { supplier: loaded.supplier, year: loaded.year, path });
      notify(A.savedDocx(written), 'info');
    } catch (error) {
      notify(error.message, 'error');
    } finally {
      setUnavailable(docxButton, false);
      status.textContent = '';
      docxButton.focus();
    }
  }

  loadButton.addEventListener('click', load);
  previewButton.addEventListener('click', () => { if (loaded && !isUnavailable(previewButton)) onPreview(loaded); });
  docxButton.addEventListener('click', saveDocx);
  return card;
}
