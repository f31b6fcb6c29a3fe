//! Plans, indicators and registers built through the library, for the integration tests of
//! the plan and measurement store and of `nytta status`.
#![allow(dead_code)]

use nytta::store::prelude::*;
use std::path::Path;

use chrono::NaiveDate;
use nytta::model::initiative::{InitiativeFields, OrganisationKind, Phase};
use nytta::model::plan::{Baseline, Benefit, Direction, Indicator, Measurement, Plan, Target};
use nytta::model::{Approval, PlanVersion};
use nytta::store::{Register, StoreError};
use rust_decimal::Decimal;

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// An indicator with a unit, a measurer, an optional baseline and targets.
pub fn indicator(
    code: &str,
    direction: Direction,
    baseline: Option<&str>,
    targets: &[(u32, &str)],
) -> Indicator {
    Indicator {
        unit: "%".into(),
        baseline: baseline.map(|b| Baseline {
            value: dec(b),
            date: d(2025, 1, 15),
            source: "Enkät".into(),
        }),
        targets: targets
            .iter()
            .map(|&(m, v)| Target {
                months_after_go_live: m,
                value: dec(v),
            })
            .collect(),
        measured_by: "Kvalitetsstrateg".into(),
        ..Indicator::new(code, format!("Indikator {code}"), direction)
    }
}

/// A plan with one benefit holding `indicators`.
pub fn plan(indicators: Vec<Indicator>) -> Plan {
    Plan {
        benefits: vec![Benefit {
            name: "Nöjdare kunder".into(),
            change: "E-tjänst".into(),
            effect: "Snabbare svar".into(),
            goal: "Ökad tillgänglighet".into(),
            owner: "Enhetschef".into(),
            realised_by: None,
            calculation_line: None,
            indicators,
        }],
        prerequisites: vec!["E-legitimation".into()],
        risks: vec!["Låg användning".into()],
    }
}

pub fn approval(on: NaiveDate) -> Approval {
    Approval {
        approved_by: "Digitaliseringsrådet".into(),
        approved_at: on,
        decision_ref: "DR 2025-02-11 §4".into(),
    }
}

/// A register with one organisation and one initiative per (code, go-live).
pub fn register_with(
    path: &Path,
    initiatives: &[(&str, Option<NaiveDate>)],
) -> (Register, Vec<i64>) {
    let mut register = Register::create(path, "Test").unwrap();
    let ids = populate(&mut register, initiatives);
    (register, ids)
}

/// One organisation and one initiative per (code, go-live) in `register`, whichever store
/// holds it; returns the initiatives' ids in order.
pub fn populate<S: RegisterStore>(register: &mut S, initiatives: &[(&str, Option<NaiveDate>)]) -> Vec<i64> {
    register.set_author("testare");
    let org = register
        .add_organisation("Intraservice", OrganisationKind::Forvaltning, "Nämnden")
        .unwrap();
    let ids = initiatives
        .iter()
        .map(|(code, go_live)| {
            register
                .create_initiative(&InitiativeFields {
                    code: code.to_string(),
                    name: format!("Insats {code}"),
                    phase: if go_live.is_some() {
                        Phase::Driftsatt
                    } else {
                        Phase::Beslutad
                    },
                    go_live_date: *go_live,
                    ..InitiativeFields::blank(org)
                })
                .unwrap()
        })
        .collect();
    ids
}

/// Creates and approves `plan` for the initiative.
pub fn approve<S: RegisterStore>(register: &mut S, initiative: i64, plan: &Plan) -> PlanVersion {
    let draft = register.create_plan(initiative, plan).unwrap();
    register
        .approve_plan(draft.id, draft.row_version, &approval(d(2025, 2, 11)))
        .unwrap()
}

pub fn measurement(code: &str, date: NaiveDate, value: &str) -> Measurement {
    Measurement {
        indicator: code.into(),
        date,
        value: dec(value),
        source: "Enkät".into(),
        comment: String::new(),
        author: String::new(),
    }
}

pub fn add<S: RegisterStore>(
    register: &mut S,
    initiative: i64,
    code: &str,
    date: NaiveDate,
    value: &str,
) -> i64 {
    register
        .add_measurement(initiative, &measurement(code, date, value))
        .unwrap()
}

/// A plan with one indicator, NKI: baseline 60, targets 70 at six and 80 at twelve months.
pub fn nki_plan() -> nytta::model::plan::Plan {
    plan(vec![indicator(
        "NKI",
        Direction::HigherIsBetter,
        Some("60"),
        &[(6, "70"), (12, "80")],
    )])
}

/// The (field, message) pairs of a refusal for invalid input.
pub fn field_errors(error: &StoreError) -> Vec<(String, String)> {
    match error {
        StoreError::Invalid(errors) => errors
            .iter()
            .map(|e| (e.field.clone(), e.message.clone()))
            .collect(),
        other => panic!("expected field errors, got: {other}"),
    }
}
