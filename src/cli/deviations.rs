//! `nytta deviations`: the register's benefit deviations (nyttoavvikelser) as of a date, and
//! writing orsak, åtgärd, the decision asked for or the closure of one of them.

use nytta::app::prelude::*;
use std::path::Path;

use anyhow::bail;
use nytta::app::deviations::{self, DeviationChange, DeviationList, DeviationRow};
use nytta::format;
use nytta::app::StoreError;
use nytta::model::deviation::{Closure, Decision};

/// What `nytta deviations` was asked to write, flag by flag (all `None`/false: list only).
#[derive(Debug, Default)]
pub struct Write {
    pub initiative: Option<String>,
    pub indicator: Option<String>,
    pub months: Option<u32>,
    pub cause: Option<String>,
    pub action: Option<String>,
    pub decision_requested: Option<String>,
    pub close: bool,
    pub reason: Option<String>,
    pub decision: Option<String>,
    pub decided_by: Option<String>,
    pub decision_date: Option<String>,
    pub reference: Option<String>,
    pub reopen: bool,
}

impl Write {
    fn any(&self) -> bool {
        self.initiative.is_some()
            || self.indicator.is_some()
            || self.months.is_some()
            || self.cause.is_some()
            || self.action.is_some()
            || self.decision_requested.is_some()
            || self.close
            || self.reason.is_some()
            || self.decision.is_some()
            || self.decided_by.is_some()
            || self.decision_date.is_some()
            || self.reference.is_some()
            || self.reopen
    }
}

/// `nytta deviations FILE [--date] [--json]`, or with `--insats … --indikator … --manader …`
/// a change to one deviation.
pub fn deviations(file: &Path, date: Option<&str>, json: bool, write: Write) -> anyhow::Result<()> {
    if write.any() {
        return change(file, date, write);
    }
    let (register, as_of) = super::status::open_as_of(file, date)?;
    let list = deviations::register_deviations(&register, as_of)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&list)?);
    } else {
        print!("{}", list_text(&list));
    }
    Ok(())
}

fn closure(write: &Write) -> anyhow::Result<Option<Option<Closure>>> {
    let decision_flags = write.decision.is_some() || write.decided_by.is_some() || write.decision_date.is_some() || write.reference.is_some();
    if !write.close {
        if write.reason.is_some() || decision_flags {
            bail!("--skal och --beslut gäller stängning: lägg till --stang.");
        }
        return Ok(write.reopen.then_some(None));
    }
    if write.reopen {
        bail!("--stang och --oppna kan inte ges samtidigt.");
    }
    match (&write.reason, decision_flags) {
        (Some(_), true) => bail!("--stang: ange antingen --skal eller ett beslut (--beslut …), inte båda."),
        (Some(reason), false) => Ok(Some(Some(Closure::Reason { reason: reason.clone() }))),
        (None, false) => bail!("--stang: ange skälet med --skal TEXT, eller beslutet med --beslut, --beslutat-av, --beslutsdatum och --paragraf."),
        (None, true) => {
            let missing: Vec<&str> = [
                ("--beslut", write.decision.is_none()),
                ("--beslutat-av", write.decided_by.is_none()),
                ("--beslutsdatum", write.decision_date.is_none()),
                ("--paragraf", write.reference.is_none()),
            ]
            .iter()
            .filter(|(_, missing)| *missing)
            .map(|(flag, _)| *flag)
            .collect();
            if !missing.is_empty() {
                bail!("Ett beslut anges med --beslut, --beslutat-av, --beslutsdatum och --paragraf; saknas: {}.", missing.join(", "));
            }
            let text = write.decision_date.as_deref().unwrap_or_default();
            let date = nytta::io::values::parse_date(text).map_err(|reason| anyhow::anyhow!("--beslutsdatum: {reason}"))?;
            Ok(Some(Some(Closure::Decision(Decision {
                decision: write.decision.clone().unwrap_or_default(),
                decided_by: write.decided_by.clone().unwrap_or_default(),
                date,
                reference: write.reference.clone().unwrap_or_default(),
            }))))
        }
    }
}

/// The flag that sets a field, for the store's field errors.
fn flag_of(field: &str) -> &'static str {
    match field {
        "cause" => "--orsak",
        "action" => "--atgard",
        "decision_requested" => "--beslut-begars",
        "closure_reason" => "--skal",
        "decision" => "--beslut",
        "decided_by" => "--beslutat-av",
        "reference" => "--paragraf",
        "indicator_code" => "--indikator",
        "months_after_go_live" => "--manader",
        _ => "--stang",
    }
}

fn change(file: &Path, date: Option<&str>, write: Write) -> anyhow::Result<()> {
    let (Some(code), Some(indicator), Some(months)) = (&write.initiative, &write.indicator, write.months) else {
        bail!("Ange vilken avvikelse som ändras med --insats KOD, --indikator KOD och --manader 6 (eller 12).");
    };
    let closure = closure(&write)?;
    if write.cause.is_none() && write.action.is_none() && write.decision_requested.is_none() && closure.is_none() {
        bail!("Ange vad som skrivs: --orsak, --atgard, --beslut-begars, --stang eller --oppna.");
    }
    let (mut register, today) = super::status::open_as_of(file, date)?;
    let initiative = register.initiative_by_code(code)?;
    let change = DeviationChange {
        cause: write.cause,
        action: write.action,
        decision_requested: write.decision_requested,
        closure,
    };
    let note = match deviations::change_deviation(&mut register, initiative.id, indicator, months, change, today) {
        Err(StoreError::Invalid(errors)) => {
            let lines: Vec<String> = errors.iter().map(|e| format!("{}: {}", flag_of(&e.field), e.message)).collect();
            bail!("{}", lines.join("\n"));
        }
        other => other?,
    };
    let state = match &note.edit.closure {
        Some(c) => c.describe(),
        None => "öppen".into(),
    };
    println!(
        "Avvikelsen för {} vid {} månader i {} är sparad ({state}).",
        note.key.indicator_code, note.key.months_after_go_live, initiative.fields.code
    );
    Ok(())
}

fn or_none(text: &str) -> &str {
    if text.trim().is_empty() { "ej angiven" } else { text }
}

/// The Swedish text of `nytta deviations`: per initiative its deviations, each with benefit,
/// owner, checkpoint, status, state, orsak and åtgärd.
pub fn list_text(list: &DeviationList) -> String {
    let mut out = format!("Nyttoavvikelser per {}\n", format::date(list.as_of));
    out.push_str(&format!(
        "  {} avvikelser, {} öppna, {} öppna utan åtgärd\n",
        list.rows.len(),
        list.open,
        list.without_action
    ));
    if list.rows.is_empty() {
        out.push_str("\nIngen indikator är röd eller saknas vid någon kontrollpunkt.\n");
    }
    let mut current = None;
    for row in &list.rows {
        if current != Some(row.initiative_id) {
            current = Some(row.initiative_id);
            let tracked = if row.council_tracked { " · särskilt följd" } else { "" };
            out.push_str(&format!("\n{} {}\n  {}{tracked}\n", row.initiative_code, row.initiative_name, row.organisation));
        }
        out.push_str(&row_text(row));
    }
    out
}

fn row_text(row: &DeviationRow) -> String {
    let owner = if row.benefit_owner.trim().is_empty() { "nyttoägare saknas".to_string() } else { format!("nyttoägare {}", row.benefit_owner) };
    let mut out = format!(
        "  {} {}, {} mån ({}): {} {}\n",
        row.indicator_code,
        row.indicator_name,
        row.months,
        format::date(row.checkpoint_date),
        row.status.symbol,
        row.status.label
    );
    let measured = row.measured.as_deref().unwrap_or("ingen mätning");
    out.push_str(&format!("    Nytta: {} ({owner}) · mål {} · {measured}\n", row.benefit, row.target));
    out.push_str(&format!("    Läge: {}\n", row.state.text));
    out.push_str(&format!("    Orsak: {}\n", or_none(&row.cause)));
    out.push_str(&format!("    Åtgärd: {}\n", or_none(&row.action)));
    if row.council_tracked || !row.decision_requested.trim().is_empty() {
        out.push_str(&format!("    Beslut som begärs: {}\n", or_none(&row.decision_requested)));
    }
    out
}
