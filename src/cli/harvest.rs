//! `nytta harvest`: harvest decisions (effekthemtagning, docs/effekthemtagning.md) — record
//! one, mark one carried out, list an initiative's or the register's with calculated →
//! realised → decided → harvested per benefit in kr and årsarbetare.

use nytta::app::prelude::*;
use std::path::Path;

use anyhow::bail;
use chrono::NaiveDate;
use rust_decimal::Decimal;

use nytta::app::harvest::{self, InitiativeHarvestView, OrganisationHarvestView};
use nytta::app::StoreError;
use nytta::model::harvest::{HarvestFields, HarvestKind};

/// The kind of a decision, as typed on the command line.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Kind {
    /// Budgeten minskas med beloppet.
    Budgetminskning,
    /// Pengarna eller tiden omfördelas till en namngiven verksamhet (--till).
    Omfordelning,
    /// Nyttan tas ut som kvalitet; inga pengar flyttas (beloppet 0).
    Kvalitetshojning,
    /// Nyttan hämtas inte hem (--skal).
    EjHemtagen,
}

impl Kind {
    fn kind(self) -> HarvestKind {
        match self {
            Kind::Budgetminskning => HarvestKind::Budgetminskning,
            Kind::Omfordelning => HarvestKind::Omfordelning,
            Kind::Kvalitetshojning => HarvestKind::Kvalitetshojning,
            Kind::EjHemtagen => HarvestKind::EjHemtagen,
        }
    }
}

fn date(flag: &str, text: &str) -> anyhow::Result<NaiveDate> {
    nytta::io::values::parse_date(text).map_err(|reason| anyhow::anyhow!("{flag}: {reason}"))
}

/// What `nytta harvest add` was given.
pub struct AddArgs<'a> {
    pub insats: &'a str,
    pub nytta: &'a str,
    pub typ: Kind,
    pub belopp: &'a str,
    pub till: Option<&'a str>,
    pub skal: Option<&'a str>,
    pub fran: &'a str,
    pub beslutat_av: &'a str,
    pub beslutsdatum: &'a str,
    pub diarienummer: Option<&'a str>,
    pub genomford: Option<&'a str>,
    pub kommentar: Option<&'a str>,
}

/// The field a model error names, as the flag that sets it.
fn flag_of(field: &str) -> &'static str {
    match field {
        "benefit" => "--nytta",
        "kind" => "--typ",
        "amount" => "--belopp",
        "redeployed_to" => "--till",
        "reason" => "--skal",
        "from_date" => "--fran",
        "decided_by" => "--beslutat-av",
        "decided_on" => "--beslutsdatum",
        "decision_ref" => "--diarienummer",
        "carried_out_on" => "--genomford",
        "comment" => "--kommentar",
        _ => "",
    }
}

/// A refusal with each field's message after the flag that sets it.
fn refusal(error: StoreError) -> anyhow::Error {
    match error {
        StoreError::Invalid(errors) => anyhow::anyhow!(
            "Beslutet sparades inte:\n{}",
            errors
                .iter()
                .map(|e| format!("  {} {}", flag_of(&e.field), e.message))
                .collect::<Vec<_>>()
                .join("\n")
        ),
        other => other.into(),
    }
}

/// `nytta harvest add FILE --insats KOD --nytta NAMN --typ … --belopp KR --fran DATUM
/// --beslutat-av ORGAN --beslutsdatum DATUM [...]`
pub fn add(file: &Path, args: AddArgs<'_>) -> anyhow::Result<()> {
    let amount: Decimal =
        nytta::io::values::parse_decimal(args.belopp).map_err(|reason| anyhow::anyhow!("--belopp: {reason}"))?;
    let fields = HarvestFields {
        benefit: args.nytta.to_string(),
        kind: args.typ.kind(),
        amount,
        redeployed_to: args.till.unwrap_or_default().to_string(),
        reason: args.skal.unwrap_or_default().to_string(),
        from_date: date("--fran", args.fran)?,
        decided_by: args.beslutat_av.to_string(),
        decided_on: date("--beslutsdatum", args.beslutsdatum)?,
        decision_ref: args.diarienummer.unwrap_or_default().to_string(),
        carried_out_on: args.genomford.map(|d| date("--genomford", d)).transpose()?,
        comment: args.kommentar.unwrap_or_default().to_string(),
    };
    let mut register = super::open_register(file)?;
    let initiative = register.initiative_by_code(args.insats)?;
    let saved = register.add_harvest_decision(initiative.id, &fields).map_err(refusal)?;
    println!(
        "Beslutet om effekthemtagning (id {}) är registrerat för nyttan \u{201d}{}\u{201d} i {}: {}.",
        saved.id,
        saved.fields.benefit,
        initiative.fields.code,
        harvest::what(&saved.fields).to_lowercase()
    );
    Ok(())
}

/// `nytta harvest genomford FILE --insats KOD --id N --datum DATUM`
pub fn carried_out(file: &Path, code: &str, id: i64, on: &str) -> anyhow::Result<()> {
    let on = date("--datum", on)?;
    let mut register = super::open_register(file)?;
    let initiative = register.initiative_by_code(code)?;
    let Some(decision) = register.harvest_decisions(initiative.id)?.into_iter().find(|d| d.id == id) else {
        bail!("Insatsen {} har inget beslut om effekthemtagning med id {id}. Se nytta harvest list.", initiative.fields.code);
    };
    let fields = HarvestFields { carried_out_on: Some(on), ..decision.fields.clone() };
    let saved = register.save_harvest_decision(id, decision.row_version, &fields).map_err(refusal)?;
    println!(
        "Beslutet (id {id}) för nyttan \u{201d}{}\u{201d} i {} är genomfört {}.",
        saved.fields.benefit,
        initiative.fields.code,
        nytta::format::date(on)
    );
    Ok(())
}

/// `nytta harvest list FILE [--insats KOD] [--date DATUM] [--json]`
pub fn list(file: &Path, code: Option<&str>, date: Option<&str>, json: bool) -> anyhow::Result<()> {
    let (register, as_of) = super::status::open_as_of(file, date)?;
    match code {
        Some(code) => {
            let initiative = register.initiative_by_code(code)?;
            let view = harvest::initiative_harvest(&register, initiative.id, as_of)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&view)?);
            } else {
                print!("{}", initiative_text(&view));
            }
        }
        None => {
            let rows: Vec<OrganisationHarvestView> =
                harvest::harvest_by_organisation(&register, as_of)?.iter().map(harvest::organisation_view).collect();
            if json {
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                print!("{}", organisations_text(as_of, &rows));
            }
        }
    }
    Ok(())
}

pub fn initiative_text(view: &InitiativeHarvestView) -> String {
    let mut out = format!(
        "Effekthemtagning för {} per {} (kr per år och årsarbetare, åa)\n",
        view.code,
        nytta::format::date(view.as_of)
    );
    if let Some(notice) = &view.notice {
        out.push_str(&format!("{notice}\n"));
    }
    for b in &view.benefits {
        out.push_str(&format!("\nNytta: {}", b.name));
        if let Some(note) = &b.note {
            out.push_str(&format!(" ({note})"));
        }
        if let Some(status) = &b.status {
            out.push_str(&format!(" – {} {}", status.label, status.symbol));
        }
        out.push('\n');
        for (label, a) in [
            ("Kalkylerat", &b.calculated),
            ("Realiserat", &b.realised),
            ("Beslutat för hemtagning", &b.decided),
            ("Hemtaget", &b.harvested),
        ] {
            out.push_str(&format!("  {label}: {}, {}\n", a.kr, a.fte));
        }
        if let Some(note) = &b.realised_note {
            out.push_str(&format!("  ({note})\n"));
        }
        for g in &b.gaps {
            out.push_str(&format!("  {}: {}, {}\n", g.label, g.amount.kr, g.amount.fte));
        }
        out.push_str(&format!("  {}\n", b.fte_basis));
        if b.decisions.is_empty() {
            out.push_str("  Inga beslut om effekthemtagning.\n");
        }
        for d in &b.decisions {
            out.push_str(&format!(
                "  Beslut {}: {}, {} från {}; beslutat av {}; {}\n",
                d.id, d.what, d.amount.kr, d.from, d.decided, d.carried_out
            ));
            if !d.comment.is_empty() {
                out.push_str(&format!("    Kommentar: {}\n", d.comment));
            }
        }
    }
    out
}

fn organisations_text(as_of: NaiveDate, rows: &[OrganisationHarvestView]) -> String {
    let mut out = format!(
        "Effekthemtagning per organisation per {} (tkr per år och årsarbetare)\n",
        nytta::format::date(as_of)
    );
    for r in rows {
        out.push_str(&format!(
            "{}: kalkylerat {} ({} åa), realiserat {} ({} åa), beslutat {} ({} åa), hemtaget {} ({} åa); {} nyttor utan beslut\n",
            r.organisation,
            r.calculated.kr,
            r.calculated.fte,
            r.realised.kr,
            r.realised.fte,
            r.decided.kr,
            r.decided.fte,
            r.harvested.kr,
            r.harvested.fte,
            r.without_decision
        ));
    }
    out
}
