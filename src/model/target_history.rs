//! The history of every indicator's targets over a plan's approved versions: what was first
//! promised at a checkpoint, what is promised now, and which approval changed it.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::plan::Target;
use super::version::{Approval, PlanVersion};

/// One approved version's targets for one indicator.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TargetHistoryEntry {
    pub version: u32,
    pub approval: Approval,
    /// Why the version exists (empty for version 1).
    pub reason: String,
    pub baseline: Option<Decimal>,
    /// Ordered by months after go-live.
    pub targets: Vec<Target>,
    /// True when the baseline or a target differs from the previous approved version that
    /// had this indicator (false for the first).
    pub changed: bool,
}

/// Every approved version's targets for one indicator, oldest first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IndicatorTargetHistory {
    pub code: String,
    /// Name and unit as in the latest approved version that has the indicator.
    pub name: String,
    pub unit: String,
    pub entries: Vec<TargetHistoryEntry>,
}

impl IndicatorTargetHistory {
    /// The first approved target at a checkpoint: from the earliest approved version that
    /// had a target there.
    pub fn first_target(&self, months_after_go_live: u32) -> Option<Decimal> {
        self.entries.iter().find_map(|e| {
            e.targets
                .iter()
                .find(|t| t.months_after_go_live == months_after_go_live)
                .map(|t| t.value)
        })
    }

    /// The target at a checkpoint in the latest approved version.
    pub fn current_target(&self, months_after_go_live: u32) -> Option<Decimal> {
        self.entries.last().and_then(|e| {
            e.targets
                .iter()
                .find(|t| t.months_after_go_live == months_after_go_live)
                .map(|t| t.value)
        })
    }

    /// True when any target or the baseline changed after the first approval.
    pub fn changed(&self) -> bool {
        self.entries.iter().any(|e| e.changed)
    }
}

/// The history of every indicator's targets over the approved versions in `versions` (drafts
/// are ignored), in the order the indicators appear in the latest approved version, then any
/// that were dropped. Pure: usable on versions read by any means.
pub fn target_history(versions: &[PlanVersion]) -> Vec<IndicatorTargetHistory> {
    let mut approved: Vec<&PlanVersion> = versions.iter().filter(|v| v.is_approved()).collect();
    approved.sort_by_key(|v| v.version);
    let mut order: Vec<String> = Vec::new();
    if let Some(latest) = approved.last() {
        order.extend(latest.plan.indicators().map(|(_, i)| i.code.clone()));
    }
    for v in approved.iter().rev() {
        for (_, i) in v.plan.indicators() {
            if !order.contains(&i.code) {
                order.push(i.code.clone());
            }
        }
    }
    order
        .into_iter()
        .map(|code| {
            let mut entries: Vec<TargetHistoryEntry> = Vec::new();
            let mut name = String::new();
            let mut unit = String::new();
            for v in &approved {
                let Some(indicator) = v.plan.indicator(&code) else {
                    continue;
                };
                name = indicator.name.clone();
                unit = indicator.unit.clone();
                let targets: Vec<Target> =
                    indicator.sorted_targets().into_iter().cloned().collect();
                let baseline = indicator.baseline.as_ref().map(|b| b.value);
                let changed = entries
                    .last()
                    .is_some_and(|prev| prev.targets != targets || prev.baseline != baseline);
                entries.push(TargetHistoryEntry {
                    version: v.version,
                    approval: v.approval.clone().unwrap_or(Approval {
                        approved_by: String::new(),
                        approved_at: NaiveDate::MIN,
                        decision_ref: String::new(),
                    }),
                    reason: v.reason.clone(),
                    baseline,
                    targets,
                    changed,
                });
            }
            IndicatorTargetHistory {
                code,
                name,
                unit,
                entries,
            }
        })
        .collect()
}
