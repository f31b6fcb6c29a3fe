//! Harvest decisions (effekthemtagning): what the city decided to do with a benefit once it
//! came — reduce a budget, redeploy the freed money or time to a named activity, take it as
//! quality, or not take it home at all and why (issue 17; seed 002 "förändra arbetssätt och
//! bemanning för att kunna hämta hem", seed 004 "resurserna har kunnat styras om", seed 001
//! §3.3). docs/effekthemtagning.md.
//!
//! **A decision belongs to a benefit by name.** A benefit has no identity of its own beyond
//! its name in the initiative's plan (`plan::Benefit::name`), so a decision is stored under the
//! initiative and that name. When a later plan version renames or removes the benefit, its
//! decisions stay under the old name — they are decisions the city took and must not vanish
//! or move by themselves — and the follow-up shows them apart as "Nytta som inte längre finns
//! i planen". A new decision must name a benefit of the latest approved plan; an existing one
//! keeps its name when edited.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::initiative::choice;
use super::{limits, FieldError};

choice! {
    /// What was decided for a benefit: a budget reduced by the amount (budgetminskning), the
    /// freed money or time redeployed to a named activity (omfördelning till …), taken as
    /// quality with no money moved (kvalitetshöjning), or not taken home, with the reason
    /// (ej hemtagen).
    HarvestKind {
        Budgetminskning = "budgetminskning", "Budgetminskning";
        Omfordelning = "omfordelning", "Omfördelning";
        Kvalitetshojning = "kvalitetshojning", "Kvalitetshöjning";
        EjHemtagen = "ej_hemtagen", "Ej hemtagen";
    }
}

impl HarvestKind {
    /// Whether the decision moves money (budget reduced or redeployed): only these count as
    /// "beslutat för hemtagning" and "hemtaget".
    pub fn moves_money(self) -> bool {
        matches!(self, HarvestKind::Budgetminskning | HarvestKind::Omfordelning)
    }
}

/// The largest amount a decision takes, kr per year: far above any city's budget line, low
/// enough that sums of a whole register stay exact.
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);

/// What a user writes of a harvest decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HarvestFields {
    /// The benefit's name in the initiative's plan.
    pub benefit: String,
    pub kind: HarvestKind,
    /// kr per year; zero for a quality decision, optional (the amount left) when not
    /// harvested.
    #[serde(default)]
    pub amount: Decimal,
    /// The activity money or time is redeployed to (omfördelning "till …").
    #[serde(default)]
    pub redeployed_to: String,
    /// Why it is not harvested (ej hemtagen).
    #[serde(default)]
    pub reason: String,
    /// From which date the decision applies.
    pub from_date: NaiveDate,
    /// The body that decided: "Socialnämnden", "Förvaltningsledningen".
    pub decided_by: String,
    pub decided_on: NaiveDate,
    /// Diarienummer or paragraph: "SN 2026/118 § 45".
    #[serde(default)]
    pub decision_ref: String,
    /// When the decision was carried out (the budget was reduced, the staff moved); `None`
    /// while it is not yet.
    #[serde(default)]
    pub carried_out_on: Option<NaiveDate>,
    #[serde(default)]
    pub comment: String,
}

/// A stored harvest decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HarvestDecision {
    pub id: i64,
    pub initiative_id: i64,
    #[serde(flatten)]
    pub fields: HarvestFields,
    /// Guards an edit against someone else's edit in between.
    pub row_version: i64,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
}

impl HarvestFields {
    /// Trimmed texts; a quality decision's amount is zero.
    pub fn normalised(&self) -> HarvestFields {
        HarvestFields {
            benefit: self.benefit.trim().to_string(),
            redeployed_to: self.redeployed_to.trim().to_string(),
            reason: self.reason.trim().to_string(),
            decided_by: self.decided_by.trim().to_string(),
            decision_ref: self.decision_ref.trim().to_string(),
            comment: self.comment.trim().to_string(),
            amount: self.amount.normalize(),
            ..self.clone()
        }
    }

    /// The money the decision takes home, kr per year: its amount when it reduces a budget or
    /// redeploys, else nothing.
    pub fn decided_amount(&self) -> Decimal {
        if self.kind.moves_money() {
            self.amount
        } else {
            Decimal::ZERO
        }
    }

    /// The money taken home by `as_of`: the decided amount once carried out on or before it.
    pub fn harvested_amount(&self, as_of: NaiveDate) -> Decimal {
        match self.carried_out_on {
            Some(date) if date <= as_of => self.decided_amount(),
            _ => Decimal::ZERO,
        }
    }

    /// Every problem, each naming its field in Swedish.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.benefit.trim().is_empty() {
            errors.push(FieldError::new("benefit", "Nytta: välj vilken nytta beslutet gäller."));
        }
        limits::push(&mut errors, "benefit", "Nytta", self.benefit.trim(), limits::NAME);
        if self.amount < Decimal::ZERO {
            errors.push(FieldError::new("amount", "Belopp: ange ett belopp i kr per år, noll eller mer."));
        } else if self.amount > MAX_AMOUNT {
            errors.push(FieldError::new("amount", "Belopp: högst 1 000 000 000 kr per år."));
        }
        match self.kind {
            HarvestKind::Budgetminskning | HarvestKind::Omfordelning if self.amount <= Decimal::ZERO => {
                errors.push(FieldError::new(
                    "amount",
                    format!("Belopp: ange hur många kr per år {} gäller.", match self.kind {
                        HarvestKind::Budgetminskning => "budgetminskningen",
                        _ => "omfördelningen",
                    }),
                ));
            }
            HarvestKind::Kvalitetshojning if !self.amount.is_zero() => {
                errors.push(FieldError::new(
                    "amount",
                    "Belopp: en kvalitetshöjning flyttar inga pengar; lämna beloppet tomt eller 0.",
                ));
            }
            _ => {}
        }
        if self.kind == HarvestKind::Omfordelning && self.redeployed_to.trim().is_empty() {
            errors.push(FieldError::new(
                "redeployed_to",
                "Till: ange vilken verksamhet pengarna eller tiden omfördelas till.",
            ));
        }
        limits::push(&mut errors, "redeployed_to", "Till", self.redeployed_to.trim(), limits::NAME);
        if self.kind == HarvestKind::EjHemtagen && self.reason.trim().is_empty() {
            errors.push(FieldError::new("reason", "Skäl: ange varför nyttan inte hämtas hem."));
        }
        limits::push(&mut errors, "reason", "Skäl", self.reason.trim(), limits::LONG_TEXT);
        if self.decided_by.trim().is_empty() {
            errors.push(FieldError::new("decided_by", "Beslutat av: ange vilket organ som beslutade."));
        }
        limits::push(&mut errors, "decided_by", "Beslutat av", self.decided_by.trim(), limits::NAME);
        limits::push(&mut errors, "decision_ref", "Diarienummer", self.decision_ref.trim(), limits::NAME);
        limits::push(&mut errors, "comment", "Kommentar", self.comment.trim(), limits::LONG_TEXT);
        for (field, label, text) in [
            ("benefit", "Nytta", &self.benefit),
            ("redeployed_to", "Till", &self.redeployed_to),
            ("decided_by", "Beslutat av", &self.decided_by),
            ("decision_ref", "Diarienummer", &self.decision_ref),
        ] {
            if text.chars().any(char::is_control) {
                errors.push(FieldError::new(field, format!("{label} får inte innehålla radbrytningar eller tabbar.")));
            }
        }
        if let Some(done) = self.carried_out_on {
            if self.kind == HarvestKind::EjHemtagen {
                errors.push(FieldError::new(
                    "carried_out_on",
                    "Genomförd: ett beslut att inte hämta hem nyttan genomförs inte; lämna datumet tomt.",
                ));
            } else if done < self.decided_on {
                errors.push(FieldError::new(
                    "carried_out_on",
                    "Genomförd: datumet kan inte ligga före beslutsdatumet.",
                ));
            }
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    pub(crate) fn budget_cut() -> HarvestFields {
        HarvestFields {
            benefit: "Kortare handläggning".into(),
            kind: HarvestKind::Budgetminskning,
            amount: dec!(400000),
            redeployed_to: String::new(),
            reason: String::new(),
            from_date: d(2027, 1, 1),
            decided_by: "Socialnämnden".into(),
            decided_on: d(2026, 9, 24),
            decision_ref: "SN 2026/118 § 45".into(),
            carried_out_on: None,
            comment: String::new(),
        }
    }

    fn fields_of(errors: Vec<FieldError>) -> Vec<String> {
        errors.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_complete_budget_cut_is_valid() {
        assert!(budget_cut().validate().is_empty());
    }

    #[test]
    fn each_kind_asks_for_what_it_needs_by_field() {
        let mut f = budget_cut();
        f.amount = Decimal::ZERO;
        assert_eq!(fields_of(f.validate()), ["amount"]);
        f.kind = HarvestKind::Omfordelning;
        f.amount = dec!(100);
        assert_eq!(fields_of(f.validate()), ["redeployed_to"]);
        assert!(f.validate()[0].message.starts_with("Till:"));
        f.kind = HarvestKind::Kvalitetshojning;
        assert_eq!(fields_of(f.validate()), ["amount"]);
        f.amount = Decimal::ZERO;
        assert!(f.validate().is_empty());
        f.kind = HarvestKind::EjHemtagen;
        assert_eq!(fields_of(f.validate()), ["reason"]);
        f.reason = "Verksamheten växer; tiden behövs".into();
        assert!(f.validate().is_empty());
        f.carried_out_on = Some(d(2027, 1, 1));
        assert_eq!(fields_of(f.validate()), ["carried_out_on"]);
    }

    #[test]
    fn body_dates_and_amounts_are_checked() {
        let mut f = budget_cut();
        f.decided_by = " ".into();
        f.amount = dec!(-1);
        f.carried_out_on = Some(d(2026, 9, 1));
        f.benefit = String::new();
        let errors = f.validate();
        let fields = fields_of(errors.clone());
        assert!(fields.contains(&"decided_by".to_string()) && fields.contains(&"amount".to_string()));
        assert!(fields.contains(&"carried_out_on".to_string()) && fields.contains(&"benefit".to_string()));
        assert!(errors.iter().all(|e| e.message.contains(':') || e.message.contains("får inte")));
        f = budget_cut();
        f.amount = MAX_AMOUNT + Decimal::ONE;
        assert_eq!(fields_of(f.validate()), ["amount"]);
        f.amount = dec!(1);
        f.decision_ref = "a\nb".into();
        assert_eq!(fields_of(f.validate()), ["decision_ref"]);
    }

    #[test]
    fn only_money_decisions_count_as_decided_and_only_carried_out_ones_as_harvested() {
        let mut f = budget_cut();
        assert_eq!(f.decided_amount(), dec!(400000));
        assert_eq!(f.harvested_amount(d(2027, 6, 1)), Decimal::ZERO);
        f.carried_out_on = Some(d(2027, 1, 1));
        assert_eq!(f.harvested_amount(d(2026, 12, 31)), Decimal::ZERO, "not yet as of the day before");
        assert_eq!(f.harvested_amount(d(2027, 1, 1)), dec!(400000));
        f.kind = HarvestKind::EjHemtagen;
        f.carried_out_on = None;
        assert_eq!(f.decided_amount(), Decimal::ZERO, "the amount left is not harvested");
        assert!(HarvestKind::Omfordelning.moves_money() && !HarvestKind::Kvalitetshojning.moves_money());
    }

    #[test]
    fn kinds_have_codes_and_swedish_words() {
        let codes: Vec<&str> = HarvestKind::ALL.iter().map(|k| k.code()).collect();
        assert_eq!(codes, ["budgetminskning", "omfordelning", "kvalitetshojning", "ej_hemtagen"]);
        assert_eq!(HarvestKind::Omfordelning.label(), "Omfördelning");
        assert_eq!(serde_json::to_string(&HarvestKind::EjHemtagen).unwrap(), "\"ej_hemtagen\"");
    }
}
