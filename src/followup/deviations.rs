//! Benefit deviations (nyttoavvikelser): one per indicator and checkpoint whose status is röd
//! or saknas, as of a date, judged against the latest approved plan only.
//!
//! Whether a checkpoint deviates is computed every time from its status; what people wrote
//! about it (orsak, åtgärd, the decision asked for, the closure) is a stored
//! [`DeviationNote`]. The state follows from both:
//! - **Öppen**: röd or saknas, not closed.
//! - **Löst av mätning**: a (late) measurement has turned the checkpoint gul or grön. Not
//!   stored: a later correction that turns it röd again opens the deviation again, with its
//!   orsak and åtgärd kept.
//! - **Stängd**: closed with a reason or by a recorded decision. A closure is a decision
//!   about the deviation and stays whatever later measurements say.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::indicator::CheckpointResult;
use super::initiative::PlanFollowUp;
use super::readings::UsedMeasurement;
use super::Status;
use crate::model::deviation::{Closure, DeviationKey, DeviationNote};

/// A deviation's state as of the date the follow-up was evaluated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum DeviationState {
    Open,
    /// A measurement dated `on` turned the checkpoint gul or grön.
    Resolved { on: NaiveDate },
    Closed { closure: Closure, on: NaiveDate },
}

impl DeviationState {
    pub fn is_open(&self) -> bool {
        matches!(self, DeviationState::Open)
    }

    /// The state in words: "Öppen", "Löst av mätning 2026-05-02", "Stängd: …".
    pub fn describe(&self) -> String {
        match self {
            DeviationState::Open => "Öppen".into(),
            DeviationState::Resolved { on } => format!("Löst av mätning {on}"),
            DeviationState::Closed { closure, .. } => closure.describe(),
        }
    }

    /// A short word for tables and filters: "Öppen", "Löst av mätning", "Stängd".
    pub fn word(&self) -> &'static str {
        match self {
            DeviationState::Open => "Öppen",
            DeviationState::Resolved { .. } => "Löst av mätning",
            DeviationState::Closed { .. } => "Stängd",
        }
    }
}

/// Whether a checkpoint deviates, given its status, what was written about it and its
/// measurement, and in which state. `None`: not a deviation (kommande, or gul/grön with
/// nothing that ever made it one).
///
/// A gul or grön checkpoint shows as resolved by measurement when someone wrote about it
/// (it was a deviation then) or when its measurement came after the grace period ended (it
/// was *saknas* until then).
pub fn deviation_state(
    status: Status,
    measurement: Option<&UsedMeasurement>,
    grace_until: NaiveDate,
    note: Option<&DeviationNote>,
) -> Option<DeviationState> {
    let closed = note.and_then(|n| n.edit.closure.clone().map(|c| (c, n.edit.closed_on)));
    if let Some((closure, Some(on))) = closed {
        if status != Status::Kommande {
            return Some(DeviationState::Closed { closure, on });
        }
    }
    match status {
        Status::Rod | Status::Saknas => Some(DeviationState::Open),
        Status::Gul | Status::Gron => {
            let measured = measurement?;
            (note.is_some() || measured.date > grace_until).then_some(DeviationState::Resolved { on: measured.date })
        }
        Status::Kommande => None,
    }
}

/// One deviation of an initiative's plan, as of the follow-up's date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanDeviation {
    pub key: DeviationKey,
    /// Index of the benefit in the plan, and its name and owner (nyttoägare).
    pub benefit_index: usize,
    pub benefit: String,
    pub benefit_owner: String,
    pub indicator_name: String,
    pub unit: String,
    pub checkpoint: CheckpointResult,
    pub state: DeviationState,
    /// What was written about it, if anything.
    pub note: Option<DeviationNote>,
}

impl PlanDeviation {
    /// Open without an åtgärd: the "Att göra" of deviations.
    pub fn needs_action(&self) -> bool {
        self.state.is_open() && self.note.as_ref().is_none_or(|n| n.edit.action.trim().is_empty())
    }

    /// Open with a decision asked of the council.
    pub fn asks_decision(&self) -> bool {
        self.state.is_open() && self.note.as_ref().is_some_and(|n| !n.edit.decision_requested.trim().is_empty())
    }
}

/// Every deviation of one initiative's evaluated plan (the latest approved one), in plan
/// order: benefit, indicator, checkpoint. `notes` are the initiative's stored notes (others
/// are ignored); a note about a checkpoint the plan no longer has is not shown.
pub fn plan_deviations(initiative_id: i64, followup: &PlanFollowUp, notes: &[DeviationNote]) -> Vec<PlanDeviation> {
    let mut out = Vec::new();
    for (benefit_index, benefit) in followup.benefits.iter().enumerate() {
        for indicator in &benefit.indicators {
            for checkpoint in &indicator.checkpoints {
                let note = notes.iter().find(|n| {
                    n.key.initiative_id == initiative_id
                        && n.key.indicator_code == indicator.code
                        && n.key.months_after_go_live == checkpoint.months_after_go_live
                });
                let Some(state) = deviation_state(checkpoint.status, checkpoint.measurement.as_ref(), checkpoint.grace_until, note)
                else {
                    continue;
                };
                out.push(PlanDeviation {
                    key: DeviationKey {
                        initiative_id,
                        indicator_code: indicator.code.clone(),
                        months_after_go_live: checkpoint.months_after_go_live,
                    },
                    benefit_index,
                    benefit: benefit.name.clone(),
                    benefit_owner: benefit.owner.clone(),
                    indicator_name: indicator.name.clone(),
                    unit: indicator.unit.clone(),
                    checkpoint: checkpoint.clone(),
                    state,
                    note: note.cloned(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;
    use rust_decimal_macros::dec;

    use super::*;
    use crate::followup::{evaluate_plan, MeasurementIndex, Observation};
    use crate::model::deviation::{Decision, DeviationEdit};
    use crate::model::plan::{Baseline, Benefit, Direction, Indicator, Plan, Target};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Go-live 2025-09-01: the 6-month checkpoint is 2026-03-01, its window ends 2026-04-15
    /// and its grace 2026-03-31. NKI 60 → 70, amber from 0,8 (68 is gul, 65 röd).
    fn plan() -> Plan {
        let indicator = Indicator {
            unit: "%".into(),
            baseline: Some(Baseline { value: dec!(60), date: d("2025-05-01"), source: "Enkät".into() }),
            targets: vec![Target { months_after_go_live: 6, value: dec!(70) }, Target { months_after_go_live: 12, value: dec!(80) }],
            ..Indicator::new("NKI", "Nöjd kund-index", Direction::HigherIsBetter)
        };
        Plan {
            benefits: vec![Benefit { name: "Nöjdare kunder".into(), owner: "Anna Ägare".into(), indicators: vec![indicator], ..Benefit::default() }],
            ..Plan::default()
        }
    }

    fn deviations(measurements: &[(&str, Decimal)], notes: &[DeviationNote], as_of: &str) -> Vec<PlanDeviation> {
        let mut index = MeasurementIndex::new();
        index.insert_series("NKI", measurements.iter().map(|(date, v)| Observation::new(d(date), *v)).collect());
        let followup = evaluate_plan(&plan(), Some(d("2025-09-01")), &index, &[], d(as_of));
        plan_deviations(7, &followup, notes)
    }

    fn note(edit: DeviationEdit) -> DeviationNote {
        DeviationNote {
            key: DeviationKey { initiative_id: 7, indicator_code: "NKI".into(), months_after_go_live: 6 },
            edit,
            updated_by: "Controller".into(),
            created_at: "2026-04-02 10:00:00".into(),
            updated_at: "2026-04-02 10:00:00".into(),
            row_version: 1,
        }
    }

    fn states(deviations: &[PlanDeviation]) -> Vec<(u32, String)> {
        deviations.iter().map(|d| (d.key.months_after_go_live, d.state.describe())).collect()
    }

    #[test]
    fn a_red_or_missing_checkpoint_is_an_open_deviation_and_a_coming_one_is_none() {
        assert!(deviations(&[], &[], "2026-03-31").is_empty(), "within the grace: kommande");
        let missing = deviations(&[], &[], "2026-04-01");
        assert_eq!(states(&missing), [(6, "Öppen".to_string())]);
        assert_eq!(missing[0].checkpoint.status, Status::Saknas);
        assert_eq!((missing[0].benefit.as_str(), missing[0].benefit_owner.as_str()), ("Nöjdare kunder", "Anna Ägare"));
        assert!(missing[0].needs_action());
        let red = deviations(&[("2026-03-02", dec!(65))], &[], "2026-03-05");
        assert_eq!(states(&red), [(6, "Öppen".to_string())]);
        assert_eq!(red[0].checkpoint.status, Status::Rod);
        assert!(deviations(&[("2026-03-02", dec!(68))], &[], "2026-04-05").is_empty(), "gul in time: none");
    }

    #[test]
    fn a_late_measurement_resolves_it_and_a_correction_to_red_opens_it_again() {
        let written = note(DeviationEdit { cause: "Enkäten skickades inte".into(), action: "Skicka den i april".into(), ..Default::default() });
        // Saknas on 1 April; a measurement of 2 April (after the grace, inside the window) is gul.
        let late = deviations(&[("2026-04-02", dec!(68))], &[], "2026-04-05");
        assert_eq!(states(&late), [(6, "Löst av mätning 2026-04-02".to_string())]);
        assert!(!late[0].needs_action());
        // With a note, the resolved deviation keeps its texts.
        let resolved = deviations(&[("2026-04-02", dec!(68))], std::slice::from_ref(&written), "2026-04-05");
        assert_eq!(resolved[0].note.as_ref().unwrap().edit.action, "Skicka den i april");
        // A closer measurement that is röd (a correction) makes the checkpoint röd again:
        // the deviation is open once more, with what was written.
        let again = deviations(&[("2026-03-03", dec!(61)), ("2026-04-02", dec!(68))], std::slice::from_ref(&written), "2026-04-05");
        assert_eq!(states(&again), [(6, "Öppen".to_string())]);
        assert_eq!(again[0].note.as_ref().unwrap().edit.cause, "Enkäten skickades inte");
        assert!(!again[0].needs_action(), "it has an åtgärd");
        // Before the late measurement's date, the same register shows it open.
        assert_eq!(states(&deviations(&[("2026-04-02", dec!(68))], &[], "2026-04-01")), [(6, "Öppen".to_string())]);
    }

    #[test]
    fn a_closed_deviation_stays_closed_whatever_is_measured() {
        let closed = note(DeviationEdit {
            cause: "Målet var för högt".into(),
            closure: Some(Closure::Decision(Decision {
                decision: "Målet sänks i nästa planversion".into(),
                decided_by: "Strategiska samordningsgruppen".into(),
                date: d("2026-04-10"),
                reference: "§ 12".into(),
            })),
            closed_on: Some(d("2026-04-10")),
            ..Default::default()
        });
        let red = deviations(&[("2026-03-02", dec!(62))], std::slice::from_ref(&closed), "2026-04-20");
        assert_eq!(red.len(), 1);
        assert!(red[0].state.describe().starts_with("Stängd genom beslut: Målet sänks"), "{:?}", red[0].state);
        assert!(!red[0].needs_action() && !red[0].asks_decision());
        let green = deviations(&[("2026-03-02", dec!(75))], std::slice::from_ref(&closed), "2026-04-20");
        assert_eq!(green[0].state.word(), "Stängd");
        let by_reason = note(DeviationEdit {
            closure: Some(Closure::Reason { reason: "Indikatorn mäts inte längre".into() }),
            closed_on: Some(d("2026-04-10")),
            ..Default::default()
        });
        assert_eq!(states(&deviations(&[], &[by_reason], "2026-04-20")), [(6, "Stängd: Indikatorn mäts inte längre".to_string())]);
    }

    #[test]
    fn a_deviation_asking_a_decision_is_open_with_the_decision_written() {
        let asking = note(DeviationEdit { decision_requested: "Besluta om extra utbildning".into(), ..Default::default() });
        let open = deviations(&[], std::slice::from_ref(&asking), "2026-04-20");
        assert!(open[0].asks_decision() && open[0].needs_action());
        let resolved = deviations(&[("2026-04-02", dec!(75))], &[asking], "2026-04-20");
        assert!(!resolved[0].asks_decision());
    }

    #[test]
    fn each_checkpoint_is_its_own_deviation() {
        // 6 months röd, 12 months saknas on 2026-10-02.
        let both = deviations(&[("2026-03-02", dec!(62))], &[], "2026-10-02");
        assert_eq!(states(&both), [(6, "Öppen".to_string()), (12, "Öppen".to_string())]);
        assert_eq!(both[1].checkpoint.status, Status::Saknas);
        // Another initiative's note with the same indicator code is not this one's.
        let mut other = note(DeviationEdit { action: "x".into(), ..Default::default() });
        other.key.initiative_id = 8;
        assert!(deviations(&[], &[other], "2026-04-20")[0].note.is_none());
    }
}
