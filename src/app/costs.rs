//! An initiative's costs as the window shows them, and a supplier's costs per base service
//! for the annual analysis (seed 003 §3.1). The rules are `model::costs`; this module reads
//! the register and words the figures the Swedish way: tkr, Avvikelse, intern and extern
//! apart, förvaltning and utveckling apart (docs/kostnader.md).

use rust_decimal::Decimal;
use serde::Serialize;

use crate::format;
use crate::model::costs::{self, Amounts, CostSummary, InitiativeCosts, SupplierYear};
use crate::model::initiative::{CostKind, CostType, CostYear, CostYearFields, RunningCostYear};
use crate::store::{RegisterStore, StoreError};

pub use crate::model::costs::{hours_text, ONLY_EXTERNAL_LABEL, ONLY_EXTERNAL_MEANING, ONLY_EXTERNAL_SYMBOL, ROUNDING_NOTE};

/// A flag as the window shows it: symbol, word and what it means.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FlagView {
    pub symbol: &'static str,
    pub label: &'static str,
    pub meaning: &'static str,
}

/// Budget, Utfall, Prognos and Avvikelse in tkr, as numbers under a "(tkr)" head ("–" where
/// nothing was entered).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AmountsView {
    pub budget: String,
    pub actual: String,
    pub forecast: String,
    pub deviation: String,
}

impl AmountsView {
    pub fn of(amounts: &Amounts) -> Self {
        AmountsView {
            budget: tkr_or_dash(amounts.budget),
            actual: tkr_or_dash(amounts.actual),
            forecast: tkr_or_dash(amounts.forecast),
            deviation: tkr_or_dash(amounts.deviation),
        }
    }
}

/// One cost row of the table, with the stored row for editing.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CostRowView {
    pub id: i64,
    pub year: i32,
    pub cost_type: &'static str,
    pub type_label: &'static str,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub amounts: AmountsView,
    /// "120 h à 650 kr/h", "291 h, timpris saknas" or "–".
    pub hours: String,
    /// True when Utfall is hours × rate.
    pub computed_actual: bool,
    pub comment: String,
    pub fields: CostYearFields,
}

/// A sum of the table: what it sums and its amounts.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TotalView {
    pub label: String,
    pub amounts: AmountsView,
}

/// An initiative's cost table.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CostTableView {
    pub rows: Vec<CostRowView>,
    /// Per kind and type (four), per type (two), per kind (two), then the total of all with
    /// intern and extern beside it.
    pub totals: Vec<TotalView>,
    pub only_external: Option<FlagView>,
    pub rounding_note: &'static str,
}

/// The cost table of an initiative.
pub fn cost_table<S: RegisterStore>(register: &S, initiative_id: i64) -> Result<CostTableView, StoreError> {
    Ok(cost_table_of(&register.cost_years(initiative_id)?))
}

/// The cost table of stored rows.
pub fn cost_table_of(rows: &[CostYear]) -> CostTableView {
    let summary = costs::summarise(rows.iter().map(|r| &r.fields));
    let mut views: Vec<CostRowView> = rows.iter().map(row_view).collect();
    views.sort_by_key(|r| (r.year, r.kind == CostKind::Utveckling.code(), r.cost_type == CostType::Extern.code()));
    CostTableView {
        rows: views,
        totals: totals(&summary),
        only_external: summary.only_external.then(only_external_flag),
        rounding_note: ROUNDING_NOTE,
    }
}

pub fn only_external_flag() -> FlagView {
    FlagView { symbol: ONLY_EXTERNAL_SYMBOL, label: ONLY_EXTERNAL_LABEL, meaning: ONLY_EXTERNAL_MEANING }
}

/// The sums, labelled: each kind by type, each type, each kind, and the whole.
pub fn totals(summary: &CostSummary) -> Vec<TotalView> {
    let mut totals = Vec::new();
    for (kind, cost_type, amounts) in &summary.by_kind_and_type {
        totals.push(TotalView {
            label: format!("{}, {}", kind.label(), cost_type.label().to_lowercase()),
            amounts: AmountsView::of(amounts),
        });
    }
    for (cost_type, amounts) in &summary.by_type {
        totals.push(TotalView { label: format!("{} totalt", cost_type.label()), amounts: AmountsView::of(amounts) });
    }
    for (kind, amounts) in &summary.by_kind {
        totals.push(TotalView { label: format!("{} totalt", kind.label()), amounts: AmountsView::of(amounts) });
    }
    totals.push(TotalView { label: "Totalt, intern och extern".into(), amounts: AmountsView::of(&summary.total) });
    totals
}

fn row_view(row: &CostYear) -> CostRowView {
    let f = &row.fields;
    CostRowView {
        id: row.id,
        year: f.year,
        cost_type: f.cost_type.code(),
        type_label: f.cost_type.label(),
        kind: f.kind.code(),
        kind_label: f.kind.label(),
        amounts: AmountsView::of(&Amounts::of(f.budget, f.actual, f.forecast)),
        hours: hours_text(f),
        computed_actual: f.computed_actual().is_some() && f.computed_actual() == f.actual,
        comment: f.comment.clone(),
        fields: f.clone(),
    }
}

/// Thousands of kronor without the unit (the column heads say "(tkr)"), or "–".
fn tkr_or_dash(value: Option<Decimal>) -> String {
    value.map(|v| format::number(v / Decimal::from(1000), 0)).unwrap_or_else(|| "–".into())
}

/// The running-cost impact per calendar year in tkr, for the window and the reports.
pub fn running_cost_text(years: &[RunningCostYear]) -> Vec<(String, String)> {
    years.iter().map(|y| (y.year.to_string(), format::tkr(y.amount))).collect()
}

/// For the annual analysis (seed 003 §3.1): a supplier's costs in analysis year `year`, per
/// base service (the initiative's `base_service` name), förvaltning and utveckling apart,
/// intern and extern apart — Utfall year−2, Budget year−1, Prognos year — with the
/// running-cost impact of year, year+1 and year+2, in kronor (format with `format::tkr`).
/// Every initiative whose supplier is `organisation_id` counts, whatever its phase: a cost
/// that was paid is a cost. Read in one state of the register.
pub fn supplier_costs<S: RegisterStore>(register: &S, organisation_id: i64, year: i32) -> Result<SupplierYear, StoreError> {
    register.read_consistently(|r| {
        let mut read = Vec::new();
        for summary in r.initiative_summaries()?.into_iter().filter(|s| s.organisation_id == organisation_id) {
            let initiative = r.initiative(summary.id)?;
            let rows: Vec<CostYearFields> = r.cost_years(summary.id)?.into_iter().map(|c| c.fields).collect();
            read.push((initiative, rows));
        }
        Ok(costs::supplier_year(
            year,
            read.iter().map(|(initiative, rows)| InitiativeCosts {
                code: &initiative.fields.code,
                base_service: &initiative.fields.base_service,
                costs: rows,
                running_cost: &initiative.fields.running_cost.years,
            }),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, cost_type: CostType, kind: CostKind, budget: i64, forecast: i64, hours: Option<i64>, rate: Option<i64>) -> CostYear {
        let fields = CostYearFields {
            year: 2026,
            cost_type,
            kind,
            budget: Some(Decimal::from(budget)),
            actual: None,
            forecast: Some(Decimal::from(forecast)),
            hours: hours.map(Decimal::from),
            hourly_rate: rate.map(Decimal::from),
            comment: String::new(),
        }
        .with_computed_actual();
        CostYear { id, initiative_id: 1, fields }
    }

    #[test]
    fn the_table_is_in_tkr_with_avvikelse_totals_and_the_rate_beside_the_hours() {
        let table = cost_table_of(&[
            row(1, CostType::Extern, CostKind::Utveckling, 1_234_500, 1_300_000, None, None),
            row(2, CostType::Intern, CostKind::Utveckling, 100_000, 80_000, Some(120), Some(650)),
        ]);
        assert_eq!(table.rows[0].type_label, "Intern", "intern before extern");
        assert_eq!(table.rows[0].hours, "120 h à 650 kr/h");
        assert_eq!(table.rows[0].amounts.actual, "78");
        assert!(table.rows[0].computed_actual);
        // 1 234 500 kr rounds half away from zero to 1 235 tkr.
        assert_eq!(table.rows[1].amounts.budget, "1\u{a0}235");
        assert_eq!(table.rows[1].amounts.deviation, "−66");
        let total = table.totals.last().unwrap();
        assert_eq!(total.label, "Totalt, intern och extern");
        assert_eq!(total.amounts.budget, "1\u{a0}335");
        assert!(table.totals.iter().any(|t| t.label == "Intern totalt") && table.totals.iter().any(|t| t.label == "Extern totalt"));
        assert!(table.only_external.is_none());
    }

    #[test]
    fn only_external_costs_are_flagged_in_words() {
        let table = cost_table_of(&[row(1, CostType::Extern, CostKind::Forvaltning, 10_000, 10_000, None, None)]);
        let flag = table.only_external.unwrap();
        assert_eq!((flag.symbol, flag.label), ("⚠", "Endast externa kostnader"));
        let mut old = row(2, CostType::Intern, CostKind::Utveckling, 1, 1, Some(291), None);
        old.fields.actual = Some(Decimal::from(179_450));
        assert_eq!(hours_text(&old.fields), "291 h, timpris saknas");
    }
}
