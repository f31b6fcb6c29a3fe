//! Property tests of the method.

use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::*;
use crate::model::calculation::{
    CalcLine, Category, CostType, Estimate, LineKind, LineValue, Perspective, Quantity, Rate,
    Timing,
};

fn money() -> impl Strategy<Value = Decimal> {
    (0i64..=1_000_000_000).prop_map(|ore| Decimal::new(ore, 2))
}

/// low ≤ likely ≤ high, low/high sometimes missing.
fn estimate() -> impl Strategy<Value = Estimate> {
    (money(), money(), money(), any::<bool>(), any::<bool>()).prop_map(|(a, b, c, lo, hi)| {
        let mut v = [a, b, c];
        v.sort();
        Estimate {
            low: lo.then_some(v[0]),
            likely: Some(v[1]),
            high: hi.then_some(v[2]),
        }
    })
}

fn timing() -> impl Strategy<Value = Timing> {
    prop_oneof![
        (0u32..30).prop_map(|year| Timing::OneOff { year }),
        (
            0u32..30,
            proptest::option::of(1u32..10),
            proptest::collection::vec((0i64..=100).prop_map(|p| Decimal::new(p, 2)), 0..4)
        )
            .prop_map(|(from_year, years, ramp)| Timing::Recurring {
                from_year,
                years,
                ramp
            }),
    ]
}

fn value() -> impl Strategy<Value = LineValue> {
    prop_oneof![
        estimate().prop_map(|amount| LineValue::Amount { amount }),
        (
            estimate(),
            (0i64..=100_000).prop_map(|c| Decimal::new(c, 2))
        )
            .prop_map(|(e, kr)| {
                LineValue::Hours {
                    hours: Quantity::Direct {
                        value: e.scaled(dec!(0.001)),
                    },
                    rate: Rate::Fixed { kr },
                }
            }),
    ]
}

fn line() -> impl Strategy<Value = CalcLine> {
    (
        prop_oneof![Just(LineKind::Nytta), Just(LineKind::Kostnad)],
        proptest::sample::select(Category::ALL.to_vec()),
        proptest::sample::select(Perspective::ALL.to_vec()),
        prop_oneof![Just(CostType::Intern), Just(CostType::Extern)],
        value(),
        timing(),
    )
        .prop_map(
            |(kind, category, perspective, cost_type, value, timing)| CalcLine {
                key: String::new(),
                kind,
                category,
                perspective,
                cost_type: Some(cost_type),
                description: "Rad".into(),
                source: "Underlag".into(),
                owner: "Ägare".into(),
                value,
                timing,
            },
        )
}

fn calculation() -> impl Strategy<Value = Calculation> {
    (
        2000i32..2100,
        1u32..=25,
        (0i64..=2000).prop_map(|bp| Decimal::new(bp, 4)),
        proptest::collection::vec(line(), 0..8),
    )
        .prop_map(|(first_year, horizon, rate, mut lines)| {
            for (i, l) in lines.iter_mut().enumerate() {
                l.key = format!("k{i}");
            }
            let mut c = Calculation::new(first_year);
            c.settings.horizon_years = horizon;
            c.settings.discount_rate = rate;
            c.lines = lines;
            c
        })
}

fn scaled(c: &Calculation, k: Decimal) -> Calculation {
    let mut c = c.clone();
    for l in &mut c.lines {
        match &mut l.value {
            LineValue::Amount { amount } => *amount = amount.scaled(k),
            LineValue::Hours {
                rate: Rate::Fixed { kr },
                ..
            } => *kr *= k,
            _ => {}
        }
    }
    c
}

/// Sums of up to 25 quotients with 28 significant digits: equal to well below an öre.
fn close(a: Decimal, b: Decimal) -> bool {
    (a - b).abs() <= dec!(0.000001)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn generated_calculations_are_valid(c in calculation()) {
        prop_assert_eq!(validate(&c, &[]), vec![]);
    }

    #[test]
    fn zero_rate_npv_equals_plain_sum(mut c in calculation()) {
        c.settings.discount_rate = Decimal::ZERO;
        let r = calculate(&c, &[]).unwrap();
        for s in r.scenarios() {
            let benefits: Decimal = s.years.iter().map(|y| y.benefits).sum();
            let costs: Decimal = s.years.iter().map(|y| y.costs).sum();
            prop_assert_eq!(s.pv_benefits, benefits);
            prop_assert_eq!(s.pv_costs, costs);
            prop_assert_eq!(s.npv, benefits - costs);
        }
    }

    #[test]
    fn scaling_every_value_by_k_scales_npv_by_k(c in calculation(), k in 1i64..=10) {
        let k = Decimal::from(k);
        let base = calculate(&c, &[]).unwrap();
        let big = calculate(&scaled(&c, k), &[]).unwrap();
        for (a, b) in base.scenarios().into_iter().zip(big.scenarios()) {
            prop_assert!(close(a.npv * k, b.npv), "{} × {} vs {}", a.npv, k, b.npv);
            prop_assert!(close(a.pv_benefits * k, b.pv_benefits));
            prop_assert!(close(a.pv_costs * k, b.pv_costs));
        }
    }

    #[test]
    fn pessimistic_le_likely_le_optimistic_npv(c in calculation()) {
        let r = calculate(&c, &[]).unwrap();
        prop_assert!(r.pessimistic.npv <= r.likely.npv);
        prop_assert!(r.likely.npv <= r.optimistic.npv);
        prop_assert!(r.pessimistic.pv_benefits <= r.optimistic.pv_benefits);
        prop_assert!(r.pessimistic.pv_costs >= r.optimistic.pv_costs);
    }

    #[test]
    fn break_even_agrees_with_cumulative_series(c in calculation()) {
        let r = calculate(&c, &[]).unwrap();
        for s in r.scenarios() {
            let first_flow = s.years.iter().position(|y| !y.benefits.is_zero() || !y.costs.is_zero());
            let expected = first_flow.and_then(|start| {
                s.years[start..]
                    .iter()
                    .find(|y| y.cumulative_discounted_net >= Decimal::ZERO)
                    .map(|y| y.year)
            });
            prop_assert_eq!(s.break_even_year, expected);
            // The series adds up: cumulative_t = cumulative_{t−1} + discounted_net_t, and the
            // last cumulative value is the NPV.
            let mut cum = Decimal::ZERO;
            for y in &s.years {
                cum += y.discounted_net;
                prop_assert_eq!(y.cumulative_discounted_net, cum);
            }
            prop_assert!(close(cum, s.npv));
        }
    }

    #[test]
    fn adding_a_zero_line_changes_nothing(c in calculation(), extra in line(), at in 0usize..8) {
        let mut zero = extra;
        zero.key = "noll".into();
        zero.value = LineValue::Amount { amount: Estimate::exact(Decimal::ZERO) };
        let mut with = c.clone();
        with.lines.insert(at.min(c.lines.len()), zero);
        let a = calculate(&c, &[]).unwrap();
        let b = calculate(&with, &[]).unwrap();
        for (x, y) in a.scenarios().into_iter().zip(b.scenarios()) {
            let (mut x, mut y) = (x.clone(), y.clone());
            x.lines.clear();
            y.lines.clear();
            prop_assert_eq!(x, y);
        }
    }

    #[test]
    fn calculate_never_panics_on_wild_input(
        c in calculation(),
        horizon in any::<u32>(),
        rate in any::<i64>(),
        year in any::<i32>(),
        big in any::<i64>(),
        scale in 0u32..28,
    ) {
        let mut c = c;
        c.settings.horizon_years = horizon;
        c.settings.discount_rate = Decimal::new(rate, scale);
        c.settings.first_year = year;
        c.settings.annual_hours = Decimal::new(big, scale);
        if let Some(l) = c.lines.first_mut() {
            l.value = LineValue::Amount { amount: Estimate::new(Decimal::MIN, Decimal::new(big, scale), Decimal::MAX) };
        }
        let _ = calculate(&c, &[]);
        let _ = warnings(&c, &[]);
        let _ = diff(&c, &Calculation::new(2026));
    }
}
