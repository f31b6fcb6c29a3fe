//! `nytta evaluate`: closing an initiative's follow-up with an evaluation against its approved
//! plan ("Avsluta uppföljningen", docs/uppfoljning.md §13): draft it (the outcomes come from
//! the follow-up), approve it (then it is frozen), start a new version, or show it.

use nytta::app::prelude::*;
use std::path::Path;

use anyhow::bail;
use nytta::app::evaluation::{draft_evaluation, evaluation_view, EvaluationDisplay, EvaluationView};
use nytta::model::Approval;

use super::status::open_as_of;

/// `nytta evaluate utkast FILE --insats KOD [--lardomar TEXT] [--skal TEXT] [--date D]`
pub fn draft(file: &Path, code: &str, learnt: &str, reason: &str, date: Option<&str>) -> anyhow::Result<()> {
    let (mut register, as_of) = open_as_of(file, date)?;
    let id = register.initiative_by_code(code)?.id;
    let version = draft_evaluation(&mut register, id, as_of, learnt, reason, None)?;
    println!(
        "Utvärderingen av {code}, version {}, är sparad som utkast (per {}). Godkänn den med `nytta evaluate godkann`.",
        version.version,
        nytta::format::date(as_of)
    );
    Ok(())
}

/// `nytta evaluate godkann FILE --insats KOD --by NAMN --beslutsdatum D --ref REF`
pub fn approve(file: &Path, code: &str, by: &str, date: &str, decision: &str) -> anyhow::Result<()> {
    let approved_at = nytta::io::values::parse_date(date).map_err(|reason| anyhow::anyhow!("--beslutsdatum: {reason}"))?;
    let approval = Approval { approved_by: by.to_string(), approved_at, decision_ref: decision.to_string() };
    let mut register = super::open_register(file)?;
    let id = register.initiative_by_code(code)?.id;
    let Some(draft) = register.evaluation_versions(id)?.into_iter().find(|v| !v.is_approved()) else {
        bail!("Insatsen {code} har ingen utvärdering under arbete att godkänna. Skriv ett utkast med `nytta evaluate utkast`.");
    };
    let approved = register.approve_evaluation(draft.id, draft.row_version, &approval)?;
    println!("Utvärderingen av {code}, version {}, är godkänd. Insatsen är utvärderad.", approved.version);
    Ok(())
}

/// `nytta evaluate ny-version FILE --insats KOD --reason TEXT`
pub fn new_version(file: &Path, code: &str, reason: &str) -> anyhow::Result<()> {
    let mut register = super::open_register(file)?;
    let id = register.initiative_by_code(code)?.id;
    let version = register.new_evaluation_version(id, reason)?;
    println!("Version {} av utvärderingen är skapad för {code}.", version.version);
    Ok(())
}

/// `nytta evaluate visa FILE --insats KOD [--date D] [--json]`
pub fn show(file: &Path, code: &str, date: Option<&str>, json: bool) -> anyhow::Result<()> {
    let (register, as_of) = open_as_of(file, date)?;
    let id = register.initiative_by_code(code)?.id;
    let view = evaluation_view(&register, id, as_of)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&view)?);
    } else {
        print!("{}", view_text(&view));
    }
    Ok(())
}

fn view_text(view: &EvaluationView) -> String {
    let mut out = format!("Utvärdering av {} – fas: {}\n", view.code, view.phase_label);
    if let Some(why) = &view.blocked {
        out.push_str(&format!("{why}\n"));
        return out;
    }
    let shown = view.approved.as_ref().or(view.draft.as_ref());
    match shown {
        Some(e) => out.push_str(&display_text(e)),
        None => {
            out.push_str("Ingen utvärdering ännu. Så här ser utfallet ut nu:\n");
            if view.open_checkpoints > 0 {
                out.push_str(&format!(
                    "{} kontrollpunkter har ingen status ännu (kommande): ange ett skäl (--skal) för att avsluta ändå.\n",
                    view.open_checkpoints
                ));
            }
            if let Some(p) = &view.proposal {
                out.push_str(&display_text(p));
            }
        }
    }
    out
}

fn display_text(e: &EvaluationDisplay) -> String {
    let mut out = String::new();
    if e.version > 0 {
        out.push_str(&format!("{}\n", e.describe));
    }
    out.push_str(&format!("Mot plan version {} per {}: {}\n", e.plan_version, nytta::format::date(e.as_of), e.targets_met));
    for t in &e.targets {
        out.push_str(&format!(
            "  {} · {} · {}: mål {}, mätt {} – {} {} · {}\n",
            t.benefit, t.indicator, t.checkpoint, t.target, t.measured, t.status.symbol, t.status.label, t.met
        ));
    }
    out.push_str(&format!("Kalkylerad nytta: {}\nRealiserad nytta: {}\nHemtagen nytta: {}\n", e.calculated, e.realised, e.harvested));
    if !e.without_harvest_decision.is_empty() {
        out.push_str(&format!("{}\n", e.without_harvest_decision));
    }
    if !e.closure_reason.is_empty() {
        out.push_str(&format!("Skäl att avsluta: {}\n", e.closure_reason));
    }
    out.push_str(&format!("Lärdomar: {}\n", if e.learnt.is_empty() { "–" } else { &e.learnt }));
    out
}
