//! CLI commands that change a register one action at a time — approvals, new versions and
//! single measurements — so that scripts (and the crash tests) can drive every kind of write.

use nytta::app::prelude::*;
use std::path::Path;

use anyhow::{bail, Context};
use chrono::NaiveDate;

use nytta::model::plan::Measurement;
use nytta::model::Approval;
use nytta::app::OpenRegister;

/// What an approval or a new version applies to.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Document {
    /// The benefit calculation (nyttokalkyl).
    Calc,
    /// The benefit-realisation plan (nyttorealiseringsplan).
    Plan,
}

/// A date flag's value, refused naming the flag.
pub(super) fn parse_date(flag: &str, text: &str) -> anyhow::Result<NaiveDate> {
    nytta::io::values::parse_date(text).map_err(|reason| anyhow::anyhow!("{flag}: {reason}"))
}

fn initiative_id(register: &OpenRegister, code: &str) -> anyhow::Result<i64> {
    Ok(register.initiative_by_code(code)?.id)
}

/// `nytta approve calc|plan FILE --initiative CODE --by NAME --date D --ref REF`
pub fn approve(file: &Path, document: Document, code: &str, by: &str, date: &str, decision: &str) -> anyhow::Result<()> {
    let approval = Approval { approved_by: by.to_string(), approved_at: parse_date("--date", date)?, decision_ref: decision.to_string() };
    let mut register = super::open_register(file)?;
    let id = initiative_id(&register, code)?;
    match document {
        Document::Calc => {
            let Some(draft) = register.draft_calculation(id)? else {
                bail!("Insatsen {code} har ingen kalkyl under arbete att godkänna.");
            };
            let approved = register.approve_calculation(draft.id, draft.row_version, &approval)?;
            println!("Kalkylen för {code}, version {}, är godkänd.", approved.version);
        }
        Document::Plan => {
            let Some(draft) = register.draft_plan(id)? else {
                bail!("Insatsen {code} har ingen plan under arbete att godkänna.");
            };
            let approved = register.approve_plan(draft.id, draft.row_version, &approval)?;
            println!("Planen för {code}, version {}, är godkänd.", approved.version);
        }
    }
    Ok(())
}

/// `nytta new-version calc|plan FILE --initiative CODE --reason TEXT`
pub fn new_version(file: &Path, document: Document, code: &str, reason: &str) -> anyhow::Result<()> {
    let mut register = super::open_register(file)?;
    let id = initiative_id(&register, code)?;
    let version = match document {
        Document::Calc => register.new_calculation_version(id, reason)?.version,
        Document::Plan => register.new_plan_version(id, reason)?.version,
    };
    println!("Version {version} är skapad för {code}.");
    Ok(())
}

/// `nytta measure FILE --initiative CODE --indicator CODE --date D --value V`
pub fn measure(
    file: &Path,
    code: &str,
    indicator: &str,
    date: &str,
    value: &str,
    source: &str,
    comment: &str,
) -> anyhow::Result<()> {
    let value = nytta::io::values::parse_decimal(value).map_err(|reason| anyhow::anyhow!("--value: {reason}"))?;
    let mut register = super::open_register(file)?;
    let id = initiative_id(&register, code)?;
    let measurement = Measurement {
        indicator: indicator.to_string(),
        date: parse_date("--date", date)?,
        value,
        source: source.to_string(),
        comment: comment.to_string(),
        author: String::new(),
    };
    register.add_measurement(id, &measurement).context("mätningen sparades inte")?;
    println!("Mätningen för {code} {indicator} {date} är sparad.");
    Ok(())
}
