//! The hostile register: the demo register with every text a report prints at the longest
//! its field accepts ([`crate::model::limits`]), as one unbroken word that starts with emoji,
//! CJK and Hangul. The layout test (`tests/it/report_layout.rs`) proves that no word of its
//! reports leaves the page, and the benchmark times its reports against the demo's.
//!
//! Built through the store's public API: the demo register's records are read, their texts
//! replaced, and the records imported into a new register, which validates every
//! text as any JSON import does. Codes, units that must match a factor and the audit log are
//! kept as they are.

use crate::store::prelude::*;
use std::path::Path;

use crate::model::records::{InitiativeRecord, RegisterRecords};
use crate::model::calculation::{Calculation, LineValue, Quantity};
use crate::model::limits::{LONG_TEXT, NAME, UNIT};
use crate::model::plan::Plan;
use crate::store::{Register, Result};

/// Characters typst breaks around (emoji, CJK, Hangul) and that DejaVu Sans lacks, so the
/// fallback font and the PDF/A check are exercised too. Each is one character.
const FOREIGN: &str = "😀🎉✅漢字한글";

/// A text of exactly `chars` characters: [`FOREIGN`], then one unbroken run of wide letters.
pub fn unbroken(chars: usize) -> String {
    let mut text: String = FOREIGN.chars().take(chars).collect();
    let wide = ['W', 'Å', 'M', 'Ö'];
    text.extend((0..chars.saturating_sub(FOREIGN.chars().count())).map(|i| wide[i % wide.len()]));
    text
}

/// Writes the hostile register to a new file at `path`. `scratch` is a path for the demo
/// register it starts from (deleted afterwards).
#[doc(hidden)]
pub fn create(path: &Path, scratch: &Path) -> Result<Register> {
    let document = {
        let demo = super::create(scratch)?;
        demo.read_records()?
    };
    for suffix in ["", "-wal", "-shm"] {
        let mut file = scratch.as_os_str().to_owned();
        file.push(suffix);
        let _ = std::fs::remove_file(file);
    }
    let document = hostile_document(document);
    let mut register = Register::create(path, "Fientligt register")?;
    register.set_author("demo");
    register.import_records(document.content())?;
    Ok(register)
}

/// The demo document with its texts replaced.
fn hostile_document(mut doc: RegisterRecords) -> RegisterRecords {
    let (name, long) = (unbroken(NAME), unbroken(LONG_TEXT));
    doc.register.insert("name".into(), name.clone());
    for o in &mut doc.organisations {
        // Unique by its id, at the limit whatever the id's length.
        let id = o.id.to_string();
        o.name = format!("{id} {}", unbroken(NAME - 1 - id.len()));
        o.committee = name.clone();
    }
    for p in &mut doc.people {
        p.name = name.clone();
        p.role = name.clone();
    }
    for f in &mut doc.calc_factors {
        f.name = name.clone();
        f.source = name.clone();
    }
    for initiative in &mut doc.initiatives {
        hostile_initiative(initiative, &name, &long);
    }
    // The lists (migration 0006): each supplier's list holds the long base service its
    // initiatives now name (a name carried forward from a free text may be that long), every
    // organisation has a governing body of its own at the limit, and every goal area's name is
    // at its limit.
    let mut next = doc.organisations.iter().flat_map(|o| &o.base_services).map(|b| b.id).max().unwrap_or(0);
    for o in &mut doc.organisations {
        if doc.initiatives.iter().any(|i| i.organisation_id == o.id) && !o.base_services.iter().any(|b| b.name == long) {
            next += 1;
            o.base_services.push(crate::model::records::ListEntryRecord { id: next, name: long.clone(), retired: false, row_version: 1 });
        }
        o.governing_body = Some(name.clone());
    }
    for g in &mut doc.goal_areas {
        let id = g.id.to_string();
        g.name = format!("{id} {}", unbroken(NAME - 1 - id.len()));
    }
    doc
}

fn hostile_initiative(r: &mut InitiativeRecord, name: &str, long: &str) {
    for text in [&mut r.name, &mut r.sponsor, &mut r.project_manager, &mut r.customer_group, &mut r.allocation_key] {
        *text = name.to_string();
    }
    // An allocation key is kept only with shared financing.
    r.financing = Some(crate::model::initiative::Financing::Kostnadsfordelning);
    for text in [
        &mut r.base_service,
        &mut r.need,
        &mut r.benefit,
        &mut r.project_goals,
        &mut r.goal_link,
        &mut r.deviation_comment,
        &mut r.struck_reason,
        &mut r.running_cost.comment,
        &mut r.information_classification.comment,
        &mut r.threshold_analysis.comment,
        &mut r.security_assessment.comment,
        &mut r.architecture_assessment.comment,
        &mut r.infrastructure_impact.comment,
    ] {
        *text = long.to_string();
    }
    if r.effect_goals.is_empty() {
        r.effect_goals.push(String::new());
    }
    for goal in &mut r.effect_goals {
        *goal = long.to_string();
    }
    for s in &mut r.status_reports {
        for d in [&mut s.time, &mut s.cost, &mut s.result] {
            d.cause = long.to_string();
            d.action = long.to_string();
        }
        s.comment = long.to_string();
        s.author = name.to_string();
    }
    for c in &mut r.cost_years {
        c.comment = long.to_string();
    }
    for c in &mut r.calculations {
        hostile_calculation(&mut c.calculation, name, long);
        for f in &mut c.factors {
            f.name = name.to_string();
            f.source = name.to_string();
        }
        c.reason = long.to_string();
        c.created_by = name.to_string();
        if let Some(by) = &mut c.approved_by {
            *by = name.to_string();
        }
        if let Some(decision) = &mut c.decision_ref {
            *decision = name.to_string();
        }
    }
    for p in &mut r.plan_versions {
        hostile_plan(&mut p.plan, name, long);
        p.reason = long.to_string();
        p.created_by = name.to_string();
        if let Some(by) = &mut p.approved_by {
            *by = name.to_string();
        }
        if let Some(decision) = &mut p.decision_ref {
            *decision = name.to_string();
        }
    }
    for m in &mut r.measurements {
        m.source = name.to_string();
        m.comment = long.to_string();
        m.author = name.to_string();
    }
}

fn hostile_calculation(calc: &mut Calculation, name: &str, long: &str) {
    for line in &mut calc.lines {
        line.description = long.to_string();
        line.source = long.to_string();
        line.owner = name.to_string();
        let quantity = match &mut line.value {
            LineValue::Hours { hours, .. } => Some(hours),
            LineValue::Units { quantity, .. } => Some(quantity),
            _ => None,
        };
        if let Some(Quantity::Drivers(model)) = quantity {
            for d in &mut model.drivers {
                d.name = name.to_string();
                d.unit = unbroken(UNIT);
                d.source = name.to_string();
            }
        }
    }
}

fn hostile_plan(plan: &mut Plan, name: &str, long: &str) {
    for text in plan.prerequisites.iter_mut().chain(plan.risks.iter_mut()) {
        *text = long.to_string();
    }
    for b in &mut plan.benefits {
        b.name = name.to_string();
        b.owner = name.to_string();
        for text in [&mut b.change, &mut b.effect, &mut b.goal] {
            *text = long.to_string();
        }
        for i in &mut b.indicators {
            i.name = name.to_string();
            i.unit = unbroken(UNIT);
            for text in [&mut i.measured_by, &mut i.method, &mut i.frequency, &mut i.data_source] {
                *text = name.to_string();
            }
            if let Some(baseline) = &mut i.baseline {
                baseline.source = name.to_string();
            }
        }
    }
}
