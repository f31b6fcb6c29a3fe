//! Closing the follow-up (issue 17): the evaluation of an initiative against its approved
//! plan, taken from its evaluated follow-up — each checkpoint's target met (grön) or not,
//! "not measured" without a measurement — with the calculated and realised values. Pure;
//! the harvested value and the texts come from the caller.

use rust_decimal::Decimal;

use super::{PlanFollowUp, Status};
use crate::model::evaluation::{FinalEvaluation, TargetOutcome};
use crate::model::harvest::HarvestDecision;

/// The evaluation of `followup` (of approved plan version `plan_version`).
pub fn final_evaluation(
    followup: &PlanFollowUp,
    plan_version: u32,
    harvested: Option<Decimal>,
    learnt: &str,
    closure_reason: &str,
) -> FinalEvaluation {
    let mut targets = Vec::new();
    for benefit in &followup.benefits {
        for indicator in &benefit.indicators {
            for checkpoint in &indicator.checkpoints {
                let measured = checkpoint.measurement.map(|m| m.value);
                targets.push(TargetOutcome {
                    benefit: benefit.name.clone(),
                    indicator_code: indicator.code.clone(),
                    indicator_name: indicator.name.clone(),
                    unit: indicator.unit.clone(),
                    months_after_go_live: checkpoint.months_after_go_live,
                    target: checkpoint.target,
                    measured,
                    status: checkpoint.status.code().to_string(),
                    met: measured.map(|_| checkpoint.status == Status::Gron),
                });
            }
        }
    }
    FinalEvaluation {
        as_of: followup.as_of,
        plan_version,
        targets,
        calculated_annual_value: followup.calculated_annual_value,
        realised_annual_value: followup.realised_annual_value,
        harvested_annual_value: harvested,
        without_harvest_decision: Vec::new(),
        learnt: learnt.to_string(),
        closure_reason: closure_reason.to_string(),
    }
}

/// What the harvest decisions say at the close as of `as_of`: the value harvested per year
/// (decisions carried out by then; `None` when the initiative has no decision at all, shown
/// "ej registrerad"), and the plan's benefits (`benefits`, by name) without any decision — a
/// reason is needed to close without one (docs/uppfoljning.md avsnitt 13).
pub fn harvest_at_close<'a>(
    benefits: impl IntoIterator<Item = &'a str>,
    decisions: &[HarvestDecision],
    as_of: chrono::NaiveDate,
) -> (Option<Decimal>, Vec<String>) {
    let harvested = (!decisions.is_empty()).then(|| decisions.iter().map(|d| d.fields.harvested_amount(as_of)).sum());
    let without = benefits
        .into_iter()
        .filter(|name| !decisions.iter().any(|d| d.fields.benefit == *name))
        .map(str::to_string)
        .collect();
    (harvested, without)
}
