// The Reports view: choose a report, its period's end date and its scope → Rust makes the PDF
// off the window's thread and tells the phases → the pages are previewed as pictures drawn
// from the PDF in Rust, one at a time → save it or open it in the PDF reader. Also the export
// of the whole register as Excel or JSON.

import { call, channel, saveFileDialog } from '../api.js';
import { h, clear } from '../dom.js';
import { S } from '../strings.js';
import { app, go } from '../app.js';
import { field, isUnavailable, notify, setUnavailable, showFieldErrors } from '../components.js';
import { parseDate } from '../format.js';
import { annualCard } from './annual.js';

const R = S.reports;

/** Show progress only when making the report takes longer than this (ms). */
const PROGRESS_DELAY_MS = 300;

/** The report made last in this window, kept while the same register is open. */
let last = null;

/** Forgets the last report: it belongs to the register that was open when it was made. */
export function forgetReport() {
  last = null;
}

/** An initiative whose decision document the next visit of the view makes at once. */
let pendingDecision = null;

/**
 * Opens the Reports view making the decision document (beslutsunderlag) on the drafts of the
 * initiative `code`: the calculation and plan tabs offer it while a draft exists.
 */
export function openDecisionDocument(code) {
  pendingDecision = code;
  go('#/rapporter');
}

/**
 * The panel of the calculation and plan tabs while the initiative has a draft: makes the
 * decision document on the saved drafts in the Reports view. `prefix` keeps the ids apart.
 */
export function decisionPanel(code, prefix) {
  const title = `${prefix}-decision-title`;
  return h('section', { class: 'card', 'aria-labelledby': title },
    h('h2', { id: title }, R.decision),
    h('p', { class: 'help' }, R.decisionPanelHelp),
    h('div', { class: 'actions' },
      h('button', { type: 'button', id: `${prefix}-decision-document`, onclick: () => openDecisionDocument(code) }, R.decisionMake)));
}

export async function renderReports(main) {
  const registerPath = app.state.register.path;
  if (last && last.register !== registerPath) last = null;

  let organisations = [];
  let initiatives = [];
  let lists = null;
  try {
    [organisations, initiatives, lists] = await Promise.all([call('organisations'), call('initiatives'), call('register_lists')]);
  } catch (error) {
    notify(error.message, 'error');
  }

  const pending = pendingDecision;
  pendingDecision = null;
  const form = pending
    ? { kind: 'decision', date: app.state.as_of, organisation: '', customer: '', initiative: pending }
    : last?.form || { kind: 'council', date: app.state.as_of, organisation: '', customer: '', initiative: '' };

  // ---- the form ----
  const kindRadio = (value, label) => h('label', { class: 'radio' },
    h('input', { type: 'radio', name: 'report-kind', value, id: `report-kind-${value}`, checked: form.kind === value,
      onchange: () => { form.kind = value; showKind(); } }),
    ' ', label);
  const kindSet = h('fieldset', { class: 'yesno', dataset: { field: 'kind' } },
    // The pack is titled for the register's governing body (app::lists::governing_body).
    h('legend', {}, R.kind), kindRadio('council', lists ? lists.council_title : R.council), kindRadio('initiative', R.initiativeReport),
    kindRadio('decision', R.decision));
  const decisionHelp = h('p', { class: 'help', id: 'report-decision-help' }, R.decisionHelp);

  const initiativeSelect = h('select', { id: 'report-initiative' },
    h('option', { value: '' }, R.chooseInitiative),
    initiatives.map((i) => h('option', { value: i.code, selected: i.code === form.initiative }, `${i.code} ${i.name}`)));
  const initiativeField = field({ key: 'initiative', label: R.initiative, input: initiativeSelect, required: true });
  initiativeField.append(decisionHelp);

  const dateInput = h('input', { type: 'text', id: 'report-date', class: 'date', maxlength: 10, value: form.date,
    placeholder: 'ÅÅÅÅ-MM-DD', autocomplete: 'off', inputmode: 'numeric' });
  const dateField = field({ key: 'date', label: R.date, input: dateInput, required: true, help: R.dateHelp(app.state.as_of) });

  const orgSelect = h('select', { id: 'report-organisation' },
    h('option', { value: '' }, R.wholeRegister),
    organisations.map((o) => h('option', { value: o.name, selected: o.name === form.organisation }, o.name)));
  const orgField = field({ key: 'organisation', label: R.organisation, input: orgSelect, help: R.councilHelp });
  // The pack for one customer: the initiatives whose benefits it realises. A supplier or a
  // customer, not both: choosing one clears the other.
  const customerSelect = h('select', { id: 'report-customer' },
    h('option', { value: '' }, R.allCustomers),
    organisations.map((o) => h('option', { value: o.name, selected: o.name === form.customer }, o.name)));
  const customerField = field({ key: 'customer', label: R.customer, input: customerSelect, help: R.customerHelp });
  for (const event of ['input', 'change']) {
    orgSelect.addEventListener(event, () => { if (orgSelect.value) customerSelect.value = ''; });
    customerSelect.addEventListener(event, () => { if (customerSelect.value) orgSelect.value = ''; });
  }

  const createButton = h('button', { type: 'submit', class: 'primary', id: 'report-create' }, R.create);
  const formEl = h('form', { class: 'card report-form', id: 'report-form', novalidate: true, 'aria-labelledby': 'report-form-title' },
    h('h2', { id: 'report-form-title' }, R.formTitle),
    kindSet,
    h('div', { class: 'grid' }, initiativeField, dateField, orgField, customerField),
    h('div', { class: 'actions' }, createButton));

  function showKind() {
    initiativeField.hidden = form.kind !== 'initiative' && form.kind !== 'decision';
    decisionHelp.hidden = form.kind !== 'decision';
    orgField.hidden = form.kind !== 'council';
    customerField.hidden = form.kind !== 'council';
  }
  showKind();

  // ---- progress ----
  // Only the phase is announced, by one live region that is in the page from the start (a
  // region added with its text is not read out) and whose text alone changes; the bar and the
  // running seconds are for the eye and come and go.
  const phaseText = h('span', { class: 'phase', id: 'report-phase', role: 'status' });
  const bar = h('progress', { 'aria-label': R.progressLabel, hidden: true });
  const elapsedText = h('span', { class: 'elapsed muted', id: 'report-elapsed', 'aria-hidden': 'true' });
  const progress = h('div', { class: 'report-progress idle', id: 'report-progress' }, bar, phaseText, elapsedText);

  // ---- preview ----
  const previewSection = h('section', { class: 'card report-preview empty-preview', id: 'report-preview', 'aria-labelledby': 'report-preview-title' },
    h('h2', { id: 'report-preview-title' }, R.previewTitle),
    h('p', { class: 'muted' }, R.noPreview));

  formEl.addEventListener('submit', async (event) => {
    event.preventDefault();
    form.initiative = initiativeSelect.value;
    form.organisation = orgSelect.value;
    form.customer = customerSelect.value;
    form.date = dateInput.value.trim();
    const date = parseDate(form.date);
    const errors = [];
    if (!date.ok || !date.value) {
      const message = date.ok ? S.errors.required(R.date) : date.reason === 'calendar' ? S.errors.noDate(R.date) : S.errors.date(R.date);
      errors.push({ field: 'date', message });
    }
    if (form.kind !== 'council' && !form.initiative) errors.push({ field: 'initiative', message: S.errors.required(R.initiative) });
    showFieldErrors(formEl, errors);
    if (errors.length) return;
    if (isUnavailable(createButton)) return;
    await generate(date.value);
  });

  /** Makes the report of the form, or with `annual` ({ supplier, year }) the annual analysis. */
  async function generate(date, annual = null) {
    // Unavailable, not disabled: the focused button keeps the focus while the report is made.
    setUnavailable(createButton, true);
    formEl.setAttribute('aria-busy', 'true');
    const started = performance.now();
    let phase = 'open';
    const seconds = () => ((performance.now() - started) / 1000).toFixed(1).replace('.', ',');
    const show = () => {
      progress.classList.remove('idle');
      bar.hidden = false;
      const text = R.phases[phase] || '';
      // Set only when it changes, so each phase is announced once, not every second.
      if (phaseText.textContent !== text) phaseText.textContent = text;
      elapsedText.textContent = R.elapsed(seconds());
    };
    let visible = false;
    const timer = setInterval(() => { visible = true; show(); }, 1000);
    const first = setTimeout(() => { visible = true; show(); }, PROGRESS_DELAY_MS);
    const onProgress = channel((p) => { phase = p; if (visible) show(); });
    try {
      const summary = annual ? await call('generate_annual_analysis', { ...annual, onProgress }) : await call('generate_report', {
        kind: form.kind,
        date,
        organisation: form.kind === 'council' ? form.organisation || null : null,
        customer: form.kind === 'council' ? form.customer || null : null,
        initiative: form.kind !== 'council' ? form.initiative : null,
        onProgress,
      });
      last = { register: registerPath, form: { ...form }, summary, page: 0, images: new Map() };
      notify(R.made(summary.pages, seconds()), 'info');
      await showPreview(true);
    } catch (error) {
      if (error.fields.length) showFieldErrors(formEl, error.fields);
      notify(error.message, 'error');
    } finally {
      clearTimeout(first);
      clearInterval(timer);
      progress.classList.add('idle');
      bar.hidden = true;
      phaseText.textContent = '';
      elapsedText.textContent = '';
      setUnavailable(createButton, false);
      formEl.removeAttribute('aria-busy');
    }
  }

  async function pageImage(index) {
    if (!last.images.has(index)) last.images.set(index, call('report_page', { index }));
    try {
      return await last.images.get(index);
    } catch (error) {
      last.images.delete(index);
      throw error;
    }
  }

  async function showPreview(focus) {
    const { summary } = last;
    const total = summary.pages;
    const counter = h('p', { class: 'page-counter', id: 'report-page-counter', 'aria-live': 'polite' });
    // At the first or last page the buttons are unavailable but keep the focus (not disabled).
    const prev = h('button', { type: 'button', id: 'report-prev', onclick: () => { if (!isUnavailable(prev)) turn(last.page - 1); } },
      h('span', { 'aria-hidden': 'true' }, '‹ '), R.previous);
    const next = h('button', { type: 'button', id: 'report-next', onclick: () => { if (!isUnavailable(next)) turn(last.page + 1); } },
      R.next, h('span', { 'aria-hidden': 'true' }, ' ›'));
    const img = h('img', { class: 'report-page', id: 'report-page', alt: '', width: 1240, height: 1754 });
    // Said in words while the page is drawn, not only by dimming the old one.
    const loadingText = h('p', { class: 'report-page-loading', id: 'report-page-loading', hidden: true });
    const pageHolder = h('div', { class: 'report-page-holder', role: 'region', tabindex: '0', id: 'report-page-holder',
      'aria-label': R.previewTitle, 'aria-describedby': 'report-preview-help' }, loadingText, img);
    pageHolder.addEventListener('keydown', (e) => {
      const to = { ArrowRight: last.page + 1, ArrowDown: last.page + 1, PageDown: last.page + 1,
        ArrowLeft: last.page - 1, ArrowUp: last.page - 1, PageUp: last.page - 1, Home: 0, End: total - 1 }[e.key];
      if (to === undefined) return;
      e.preventDefault();
      turn(to);
    });

    async function turn(index) {
      if (index < 0 || index >= total) return;
      last.page = index;
      setUnavailable(prev, index === 0);
      setUnavailable(next, index === total - 1);
      counter.textContent = R.pageOf(index + 1, total);
      img.classList.add('loading');
      img.setAttribute('aria-busy', 'true');
      loadingText.textContent = R.loadingPage(index + 1);
      loadingText.hidden = false;
      const done = () => {
        img.classList.remove('loading');
        img.removeAttribute('aria-busy');
        loadingText.hidden = true;
        loadingText.textContent = '';
      };
      try {
        const url = await pageImage(index);
        if (last.page !== index) return;
        img.src = url;
        img.alt = R.pageOf(index + 1, total);
        done();
        // The next page is drawn ahead while this one is read.
        if (index + 1 < total) pageImage(index + 1).catch(() => {});
      } catch (error) {
        if (last.page !== index) return;
        done();
        notify(error.message, 'error');
      }
    }

    const saveButton = h('button', { type: 'button', class: 'primary', id: 'report-save', onclick: save }, R.saveAs);
    const openButton = h('button', { type: 'button', id: 'report-open', onclick: openInReader }, R.openInReader);
    clear(previewSection).append(...[
      h('h2', { id: 'report-preview-title', tabindex: '-1' }, `${R.previewTitle}: ${summary.file_name.replace(/\.pdf$/, '')}`),
      summary.not_pdf_a ? h('p', { class: 'frozen', role: 'note' }, R.notPdfA(summary.not_pdf_a)) : null,
      h('div', { class: 'report-toolbar' },
        h('div', { class: 'pager', role: 'group', 'aria-label': R.pager }, prev, counter, next),
        h('div', { class: 'report-file-actions' }, saveButton, openButton)),
      h('p', { class: 'help', id: 'report-preview-help' }, R.previewHelp),
      pageHolder,
    ].filter(Boolean));
    previewSection.classList.remove('empty-preview');
    await turn(Math.min(last.page, total - 1));
    if (focus) previewSection.querySelector('h2').focus();
  }

  async function save() {
    const path = await saveFileDialog({ title: R.saveAs, defaultPath: last.summary.file_name, filters: [{ name: R.pdfFilter, extensions: ['pdf'] }] });
    if (!path) return;
    try {
      const written = await call('save_report', { path });
      notify(R.saved(written), 'info');
    } catch (error) {
      notify(error.message, 'error');
    }
  }

  async function openInReader() {
    try {
      const opened = await call('open_report');
      notify(R.opened(opened), 'info');
    } catch (error) {
      notify(error.message, 'error');
    }
  }

  // ---- the whole register ----
  const exportStatus = h('p', { class: 'count', role: 'status', id: 'register-export-status' });
  async function exportRegister(format, button) {
    if (isUnavailable(button)) return;
    const path = await saveFileDialog({
      title: format === 'xlsx' ? R.exportXlsxLabel : R.exportJsonLabel,
      defaultPath: R.registerFileName(app.state.register.name.replace(/[\\/:*?"<>|]/g, '-'), format),
      filters: [{ name: S.chartExport.filters[format] || 'JSON', extensions: [format] }],
    });
    if (!path) { button.focus(); return; }
    // Unavailable, not disabled: the button keeps the focus while the file is written.
    setUnavailable(button, true);
    exportStatus.textContent = R.exporting;
    try {
      const written = await call('export_register', { format, path });
      notify(R.exported(written), 'info');
    } catch (error) {
      notify(error.message, 'error');
    } finally {
      setUnavailable(button, false);
      exportStatus.textContent = '';
      button.focus();
    }
  }
  // ---- the data behind the council pack's portfolio charts, for the form's date and scope ----
  const portfolioStatus = h('p', { class: 'count', role: 'status', id: 'portfolio-data-status' });
  async function exportPortfolioData(format, button) {
    if (isUnavailable(button)) return;
    const date = parseDate(dateInput.value.trim());
    if (!date.ok || !date.value) {
      const message = date.ok ? S.errors.required(R.date) : date.reason === 'calendar' ? S.errors.noDate(R.date) : S.errors.date(R.date);
      showFieldErrors(formEl, [{ field: 'date', message }]);
      return;
    }
    showFieldErrors(formEl, []);
    const path = await saveFileDialog({
      title: format === 'xlsx' ? R.portfolioXlsxLabel : R.portfolioCsvLabel,
      defaultPath: R.portfolioFileName(date.value, format),
      filters: [{ name: S.chartExport.filters[format], extensions: [format] }],
    });
    if (!path) { button.focus(); return; }
    setUnavailable(button, true);
    portfolioStatus.textContent = R.portfolioExporting;
    try {
      const written = await call('export_portfolio_chart_data', {
        // The organisation choice belongs to the council pack; hidden, it does not apply.
        date: date.value, organisation: (form.kind === 'council' && orgSelect.value) || null,
        customer: (form.kind === 'council' && customerSelect.value) || null, format, path,
      });
      notify(R.portfolioExported(written), 'info');
    } catch (error) {
      notify(error.message, 'error');
    } finally {
      setUnavailable(button, false);
      portfolioStatus.textContent = '';
      button.focus();
    }
  }
  const portfolioCsvButton = h('button', { type: 'button', id: 'export-portfolio-csv', 'aria-label': R.portfolioCsvLabel }, R.portfolioCsv);
  const portfolioXlsxButton = h('button', { type: 'button', id: 'export-portfolio-xlsx', 'aria-label': R.portfolioXlsxLabel }, R.portfolioXlsx);
  portfolioCsvButton.addEventListener('click', () => exportPortfolioData('csv', portfolioCsvButton));
  portfolioXlsxButton.addEventListener('click', () => exportPortfolioData('xlsx', portfolioXlsxButton));

  const xlsxButton = h('button', { type: 'button', id: 'export-register-xlsx', 'aria-label': R.exportXlsxLabel }, R.exportXlsx);
  const jsonButton = h('button', { type: 'button', id: 'export-register-json', 'aria-label': R.exportJsonLabel }, R.exportJson);
  xlsxButton.addEventListener('click', () => exportRegister('xlsx', xlsxButton));
  jsonButton.addEventListener('click', () => exportRegister('json', jsonButton));

  main.append(
    h('div', { class: 'page-head' }, h('h1', {}, R.title)),
    h('p', { class: 'lead' }, R.lead),
    h('div', { class: 'reports-layout' },
      h('div', { class: 'stack' },
        formEl,
        progress,
        h('section', { class: 'card register-export', 'aria-labelledby': 'register-export-title' },
          h('h2', { id: 'register-export-title' }, R.exportTitle),
          h('p', { class: 'help' }, R.exportHelp),
          h('div', { class: 'actions' }, xlsxButton, jsonButton),
          exportStatus),
        h('section', { class: 'card portfolio-data', 'aria-labelledby': 'portfolio-data-title' },
          h('h2', { id: 'portfolio-data-title' }, R.portfolioDataTitle),
          h('p', { class: 'help' }, R.portfolioDataHelp),
          h('div', { class: 'actions' }, portfolioCsvButton, portfolioXlsxButton),
          portfolioStatus)),
      previewSection),
    // Full width below: five texts to write need the room; its preview goes to the pages above.
    annualCard({ organisations, asOf: app.state.as_of, onPreview: (annual) => generate(null, annual) }));

  if (pending) await generate(form.date);
  else if (last) await showPreview(false);
}
