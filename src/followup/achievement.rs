//! Achievement (måluppfyllelse) and the status it gives.

use rust_decimal::Decimal;

use super::Status;
use crate::model::plan::Direction;

/// How the amber threshold is measured, in the words that follow "Gul från 80 %": along the
/// way from the baseline to the target, or — without a baseline — as a share of the target
/// itself (see [`achievement`]). The window, the reports and the docs say it the same way.
pub fn amber_rule_words(has_baseline: bool) -> &'static str {
    if has_baseline {
        "av vägen från baslinjen till målet"
    } else {
        "av målet"
    }
}

/// Achievement of `actual` against `target` from `baseline`, exactly in Decimal:
///
/// * with a baseline B ≠ T: a = (actual − B) / (T − B). Direction needs no special case:
///   for lower-is-better T < B, so a falling value gives a rising a. Not clamped: a > 1 means
///   beyond target, a < 0 means worse than the baseline.
/// * with T = B ("hold the level"): a = 1 when actual is on the right side of B or equal,
///   else 0.
/// * without a baseline, the target is compared as a ratio (the baseline is taken as 0 for
///   higher-is-better):
///   - higher-is-better: a = actual / T when T > 0; otherwise 1 if actual ≥ T, else 0;
///   - lower-is-better: a = T / actual when both are > 0; otherwise 1 if actual ≤ T, else 0.
///
/// In every case a ≥ 1 exactly when the actual meets or beats the target. Never panics: on
/// Decimal overflow the answer falls back to 1 (meets target) or 0. The result is normalised
/// (no trailing zeros), so `0.8` serialises as `"0.8"`.
pub fn achievement(
    actual: Decimal,
    baseline: Option<Decimal>,
    target: Decimal,
    direction: Direction,
) -> Decimal {
    achievement_ratio(actual, baseline, target, direction).value()
}

/// An achievement kept as the fraction it was computed from. Scaling an amount by it
/// multiplies first and divides last, so 300 000 kr × 23/30 is exactly 230 000 kr rather
/// than 300 000 × 0,7666… = 229 999,999… (the realised value of a benefit).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AchievementRatio {
    numerator: Decimal,
    denominator: Decimal,
    /// numerator / denominator, normalised; computed once with the overflow fallbacks.
    value: Decimal,
}

impl AchievementRatio {
    fn whole(value: Decimal) -> Self {
        AchievementRatio { numerator: value, denominator: Decimal::ONE, value }
    }

    fn fraction(numerator: Decimal, denominator: Decimal, on_overflow: Decimal) -> Self {
        match numerator.checked_div(denominator) {
            Some(value) => AchievementRatio { numerator, denominator, value: value.normalize() },
            None => Self::whole(on_overflow),
        }
    }

    /// The achievement a as a number (1 = on target).
    pub fn value(&self) -> Decimal {
        self.value
    }

    /// `amount` × a, exact whenever the product fits; on overflow the largest Decimal.
    pub fn scale(&self, amount: Decimal) -> Decimal {
        amount
            .checked_mul(self.numerator)
            .and_then(|product| product.checked_div(self.denominator))
            .or_else(|| amount.checked_mul(self.value))
            .unwrap_or(Decimal::MAX)
    }
}

impl From<Decimal> for AchievementRatio {
    fn from(value: Decimal) -> Self {
        Self::whole(value)
    }
}

/// [`achievement`] as the fraction it is computed from.
pub fn achievement_ratio(
    actual: Decimal,
    baseline: Option<Decimal>,
    target: Decimal,
    direction: Direction,
) -> AchievementRatio {
    let step = |reference: Decimal| {
        AchievementRatio::whole(if direction.meets(actual, reference) {
            Decimal::ONE
        } else {
            Decimal::ZERO
        })
    };
    let fraction = |numerator: Decimal, denominator: Decimal| {
        AchievementRatio::fraction(numerator, denominator, step(target).value)
    };
    match baseline {
        Some(b) if b == target => step(b),
        Some(b) => match actual.checked_sub(b).zip(target.checked_sub(b)) {
            Some((num, den)) => fraction(num, den),
            None => step(target),
        },
        None => match direction {
            Direction::HigherIsBetter if target > Decimal::ZERO => fraction(actual, target),
            Direction::LowerIsBetter if target > Decimal::ZERO && actual > Decimal::ZERO => {
                fraction(target, actual)
            }
            _ => step(target),
        },
    }
}

/// grön when a ≥ 1, gul when θ ≤ a < 1, röd when a < θ.
pub fn status_from_achievement(achievement: Decimal, amber_threshold: Decimal) -> Status {
    if achievement >= Decimal::ONE {
        Status::Gron
    } else if achievement >= amber_threshold {
        Status::Gul
    } else {
        Status::Rod
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;
    use Direction::*;

    #[test]
    fn higher_is_better_achievement_is_share_of_the_way_from_baseline_to_target() {
        assert_eq!(
            achievement(dec!(65), Some(dec!(60)), dec!(70), HigherIsBetter),
            dec!(0.5)
        );
        assert_eq!(
            achievement(dec!(70), Some(dec!(60)), dec!(70), HigherIsBetter),
            dec!(1)
        );
        assert_eq!(
            achievement(dec!(75), Some(dec!(60)), dec!(70), HigherIsBetter),
            dec!(1.5)
        );
        assert_eq!(
            achievement(dec!(55), Some(dec!(60)), dec!(70), HigherIsBetter),
            dec!(-0.5)
        );
    }

    #[test]
    fn lower_is_better_works_through_the_same_formula() {
        // Handling time 30 → 20 days: 22 days is 80 % of the way.
        assert_eq!(
            achievement(dec!(22), Some(dec!(30)), dec!(20), LowerIsBetter),
            dec!(0.8)
        );
        assert_eq!(
            achievement(dec!(20), Some(dec!(30)), dec!(20), LowerIsBetter),
            dec!(1)
        );
        assert_eq!(
            achievement(dec!(18), Some(dec!(30)), dec!(20), LowerIsBetter),
            dec!(1.2)
        );
        assert_eq!(
            achievement(dec!(32), Some(dec!(30)), dec!(20), LowerIsBetter),
            dec!(-0.2)
        );
    }

    #[test]
    fn target_equal_to_baseline_means_hold_the_level() {
        assert_eq!(
            achievement(dec!(60), Some(dec!(60)), dec!(60), HigherIsBetter),
            dec!(1)
        );
        assert_eq!(
            achievement(dec!(61), Some(dec!(60)), dec!(60), HigherIsBetter),
            dec!(1)
        );
        assert_eq!(
            achievement(dec!(59.9), Some(dec!(60)), dec!(60), HigherIsBetter),
            dec!(0)
        );
        assert_eq!(
            achievement(dec!(60), Some(dec!(60)), dec!(60), LowerIsBetter),
            dec!(1)
        );
        assert_eq!(
            achievement(dec!(59), Some(dec!(60)), dec!(60), LowerIsBetter),
            dec!(1)
        );
        assert_eq!(
            achievement(dec!(60.1), Some(dec!(60)), dec!(60), LowerIsBetter),
            dec!(0)
        );
    }

    #[test]
    fn without_baseline_higher_is_better_is_the_ratio_to_target() {
        assert_eq!(
            achievement(dec!(56), None, dec!(70), HigherIsBetter),
            dec!(0.8)
        );
        assert_eq!(
            achievement(dec!(70), None, dec!(70), HigherIsBetter),
            dec!(1)
        );
        assert_eq!(
            achievement(dec!(84), None, dec!(70), HigherIsBetter),
            dec!(1.2)
        );
        // Target zero or negative: met or not.
        assert_eq!(achievement(dec!(0), None, dec!(0), HigherIsBetter), dec!(1));
        assert_eq!(
            achievement(dec!(-1), None, dec!(0), HigherIsBetter),
            dec!(0)
        );
        assert_eq!(
            achievement(dec!(-4), None, dec!(-5), HigherIsBetter),
            dec!(1)
        );
    }

    #[test]
    fn without_baseline_lower_is_better_is_target_over_actual() {
        assert_eq!(
            achievement(dec!(25), None, dec!(20), LowerIsBetter),
            dec!(0.8)
        );
        assert_eq!(
            achievement(dec!(20), None, dec!(20), LowerIsBetter),
            dec!(1)
        );
        assert_eq!(
            achievement(dec!(10), None, dec!(20), LowerIsBetter),
            dec!(2)
        );
        assert_eq!(achievement(dec!(0), None, dec!(20), LowerIsBetter), dec!(1));
        // Zero target (e.g. no incidents): met or not.
        assert_eq!(achievement(dec!(0), None, dec!(0), LowerIsBetter), dec!(1));
        assert_eq!(achievement(dec!(1), None, dec!(0), LowerIsBetter), dec!(0));
    }

    #[test]
    fn overflow_falls_back_instead_of_panicking() {
        let tiny = Decimal::new(1, 28);
        let a = achievement(Decimal::MAX, Some(Decimal::ZERO), tiny, HigherIsBetter);
        assert_eq!(a, dec!(1));
        let a = achievement(
            Decimal::MIN,
            Some(Decimal::MAX),
            Decimal::ZERO,
            HigherIsBetter,
        );
        assert_eq!(a, dec!(0));
    }

    #[test]
    fn status_boundaries_amber_exactly_theta_and_exactly_one() {
        let theta = dec!(0.8);
        assert_eq!(status_from_achievement(dec!(1), theta), Status::Gron);
        assert_eq!(status_from_achievement(dec!(1.7), theta), Status::Gron);
        assert_eq!(status_from_achievement(dec!(0.9999999), theta), Status::Gul);
        assert_eq!(status_from_achievement(dec!(0.8), theta), Status::Gul);
        assert_eq!(status_from_achievement(dec!(0.7999999), theta), Status::Rod);
        assert_eq!(status_from_achievement(dec!(-3), theta), Status::Rod);
        assert_eq!(status_from_achievement(dec!(0.95), dec!(1)), Status::Rod);
    }

    #[test]
    fn achievement_of_exactly_theta_from_real_values_is_gul() {
        // 60 → 70, actual 68: a = 0.8 exactly.
        let a = achievement(dec!(68), Some(dec!(60)), dec!(70), HigherIsBetter);
        assert_eq!(a, dec!(0.8));
        assert_eq!(status_from_achievement(a, dec!(0.8)), Status::Gul);
        let a = achievement(dec!(67.99), Some(dec!(60)), dec!(70), HigherIsBetter);
        assert_eq!(status_from_achievement(a, dec!(0.8)), Status::Rod);
    }

    fn rank(s: Status) -> u8 {
        match s {
            Status::Rod => 0,
            Status::Gul => 1,
            Status::Gron => 2,
            _ => unreachable!(),
        }
    }

    proptest! {
        #[test]
        fn status_is_monotone_in_actual_for_higher_is_better(
            b in -1000i64..1000, delta in 1i64..1000, x in -5000i64..5000, step in 0i64..3000,
            theta_pct in 1i64..=100, with_baseline in any::<bool>()
        ) {
            let baseline = with_baseline.then(|| Decimal::from(b));
            let target = Decimal::from(b + delta);
            let theta = Decimal::new(theta_pct, 2);
            let lo = Decimal::new(x, 1);
            let hi = Decimal::new(x + step, 1);
            let s_lo = status_from_achievement(achievement(lo, baseline, target, HigherIsBetter), theta);
            let s_hi = status_from_achievement(achievement(hi, baseline, target, HigherIsBetter), theta);
            prop_assert!(rank(s_lo) <= rank(s_hi), "{lo} → {s_lo:?}, {hi} → {s_hi:?}");
        }

        #[test]
        fn status_is_monotone_in_actual_for_lower_is_better(
            b in 1i64..1000, delta in 1i64..1000, x in -5000i64..5000, step in 0i64..3000,
            with_baseline in any::<bool>()
        ) {
            let baseline = with_baseline.then(|| Decimal::from(b + delta));
            let target = Decimal::from(b);
            let lo = Decimal::new(x, 1);
            let hi = Decimal::new(x + step, 1);
            let s_lo = status_from_achievement(achievement(lo, baseline, target, LowerIsBetter), dec!(0.8));
            let s_hi = status_from_achievement(achievement(hi, baseline, target, LowerIsBetter), dec!(0.8));
            prop_assert!(rank(s_lo) >= rank(s_hi), "{lo} → {s_lo:?}, {hi} → {s_hi:?}");
        }

        #[test]
        fn grön_exactly_when_the_target_is_met(
            b in -1000i64..1000, t in -1000i64..1000, x in -2000i64..2000,
            higher in any::<bool>(), with_baseline in any::<bool>()
        ) {
            let dir = if higher { HigherIsBetter } else { LowerIsBetter };
            let (b, t) = (Decimal::from(b), Decimal::from(t));
            // A baseline on the wrong side of the target is rejected by validation.
            prop_assume!(!with_baseline || dir.meets(t, b));
            let baseline = with_baseline.then_some(b);
            let x = Decimal::from(x);
            let a = achievement(x, baseline, t, dir);
            prop_assert_eq!(a >= Decimal::ONE, dir.meets(x, t), "a = {}", a);
        }
    }
}
