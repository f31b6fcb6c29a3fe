//! The demo register's harvest decisions (effekthemtagning, issue 17; docs/demo.md): one of
//! each state the follow-up shows, on initiatives whose plans are approved and measured — a
//! budget reduced and carried out, freed time redeployed to a named activity, and a benefit
//! not taken home with its reason.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::model::harvest::{HarvestFields, HarvestKind};
use crate::store::prelude::*;
use crate::store::Result;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a demo date")
}

fn decision(benefit: &str, kind: HarvestKind, amount: i64, decided_by: &str, decided_on: NaiveDate, decision_ref: &str) -> HarvestFields {
    HarvestFields {
        benefit: benefit.into(),
        kind,
        amount: Decimal::from(amount),
        redeployed_to: String::new(),
        reason: String::new(),
        from_date: decided_on,
        decided_by: decided_by.into(),
        decided_on,
        decision_ref: decision_ref.into(),
        carried_out_on: None,
        comment: String::new(),
    }
}

/// Records the decisions on the initiatives `id` finds by code (after their plans).
pub fn populate(register: &mut impl RegisterStore, id: impl Fn(&str) -> i64) -> Result<()> {
    // Digital post: the postage saved is taken out of the budget from July (carried out).
    register.add_harvest_decision(
        id("NR-2025-002"),
        &HarvestFields {
            from_date: date(2026, 7, 1),
            carried_out_on: Some(date(2026, 7, 1)),
            comment: "Portobudgeten för 2026 är sänkt från juli; helårseffekt från 2027.".into(),
            ..decision(
                "Lägre portokostnad",
                HarvestKind::Budgetminskning,
                230_000,
                "Överförmyndarnämnden",
                date(2026, 5, 19),
                "ÖFN 2026/41 § 31",
            )
        },
    )?;
    // Försörjningsstöd: the freed caseworker time goes to outreach work (carried out).
    register.add_harvest_decision(
        id("NR-2025-003"),
        &HarvestFields {
            redeployed_to: "Uppsökande arbete för att fler ska komma i egen försörjning".into(),
            from_date: date(2026, 10, 1),
            carried_out_on: Some(date(2026, 10, 1)),
            comment: "Två handläggare arbetar halvtid med uppsökande arbete från oktober.".into(),
            ..decision(
                "Frigjord handläggartid",
                HarvestKind::Omfordelning,
                350_000,
                "Socialnämnden Centrum",
                date(2026, 9, 22),
                "SNC 2026/212 § 87",
            )
        },
    )?;
    // Telefonin, closed and evaluated: both benefits are better service, no money to take
    // home; the nämnd says so when it approves the evaluation.
    for benefit in ["Nöjdare invånare", "Fler besvarade samtal i tid"] {
        register.add_harvest_decision(
            id("NR-2024-001"),
            &HarvestFields {
                amount: Decimal::ZERO,
                comment: "Kortare väntetid och nöjdare invånare; ingen tid eller kostnad frigörs att ta hem.".into(),
                ..decision(
                    benefit,
                    HarvestKind::Kvalitetshojning,
                    0,
                    "Nämnden för demokrati och medborgarservice",
                    date(2026, 9, 22),
                    "DMN 2026-09-22 §51",
                )
            },
        )?;
    }
    // Bygglovsguiden: the time is not taken home while the queue is long, with the reason.
    register.add_harvest_decision(
        id("NR-2025-001"),
        &HarvestFields {
            amount: Decimal::from(136_000),
            reason: "Handläggningstiden för bygglov har ökat sedan 2025; den frigjorda tiden används för att korta kön \
                     och tas inte hem förrän kön är nere i tre veckor."
                .into(),
            comment: "Prövas igen vid uppföljningen efter 24 månader.".into(),
            ..decision(
                "Färre ofullständiga bygglovsansökningar",
                HarvestKind::EjHemtagen,
                0,
                "Stadsbyggnadsnämnden",
                date(2026, 6, 16),
                "SBN 2026/305 § 112",
            )
        },
    )?;
    Ok(())
}
