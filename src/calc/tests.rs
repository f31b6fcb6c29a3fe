//! Worked examples computed by hand (reproduced in docs/nyttokalkyl.md), plus validation and
//! warning behaviour.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::*;
use crate::format;
use crate::model::calculation::{
    default_factors, CalcLine, Category, CostType, Estimate, LineKind, LineValue, Quantity, Rate,
    Timing,
};

// The worked examples (with their hand computations) are shared with the integration tests.
#[path = "../../tests/it/support/calc_examples.rs"]
mod examples;
use examples::*;

/// Rounded to öre, the precision the hand computations are written in.
fn ore(v: Decimal) -> Decimal {
    format::round(v, 2)
}

#[test]
fn example_1_one_off_cost_and_ramped_benefit_to_the_ore() {
    let r = calculate(&example_1(), &default_factors()).unwrap();
    let s = &r.likely;
    assert_eq!(ore(s.pv_benefits), dec!(117158.72));
    assert_eq!(ore(s.pv_costs), dec!(100000.00));
    assert_eq!(ore(s.npv), dec!(17158.72));
    assert_eq!(format::ratio(s.benefit_per_krona.unwrap()), "1,17");
    assert_eq!(s.break_even_year, Some(2029));
    let cumulative: Vec<Decimal> = s
        .years
        .iter()
        .map(|y| ore(y.cumulative_discounted_net))
        .collect();
    assert_eq!(
        cumulative,
        vec![
            dec!(-100000.00),
            dec!(-75728.16),
            dec!(-28598.36),
            dec!(17158.72)
        ]
    );
    let benefits: Vec<Decimal> = s.years.iter().map(|y| y.benefits).collect();
    assert_eq!(
        benefits,
        vec![dec!(0), dec!(25000), dec!(50000), dec!(50000)]
    );
    assert_eq!(s.years[2].year, 2028);
    // No spread: all three scenarios agree.
    assert_eq!(r.pessimistic.npv, s.npv);
    assert_eq!(r.optimistic.npv, s.npv);
    // Everything is finansiell: fully budget-affecting.
    assert_eq!(s.budget_affecting_share, Some(Decimal::ONE));
    assert_eq!(s.non_budget_affecting_share, Some(Decimal::ZERO));
    assert_eq!(s.pv_costs_external, dec!(100000));
    assert_eq!(s.pv_costs_internal, Decimal::ZERO);
    // Only external costs: warned.
    assert!(r
        .warnings
        .iter()
        .any(|w| w.code == WarningCode::ExternalCostsOnly));
}

#[test]
fn example_2_hours_times_factor_rate_with_zero_discount_rate() {
    let r = calculate(&example_2(), &default_factors()).unwrap();
    let s = &r.likely;
    assert_eq!(s.lines[0].annual_value, dec!(207500));
    assert_eq!(s.pv_benefits, dec!(518750));
    assert_eq!(s.pv_costs, dec!(102400));
    assert_eq!(s.npv, dec!(416350));
    assert_eq!(format::ratio(s.benefit_per_krona.unwrap()), "5,07");
    assert_eq!(s.break_even_year, Some(2026));
    assert_eq!(s.pv_costs_internal, dec!(42400));
    assert_eq!(s.pv_costs_external, dec!(60000));
    assert_eq!(s.freed_hours_per_year, dec!(500));
    assert_eq!(format::ratio(s.freed_fte), "0,29");
    assert_eq!(s.budget_affecting_share, Some(Decimal::ZERO));
    let omf = s
        .by_category
        .iter()
        .find(|c| c.category == Category::Omfordelning)
        .unwrap();
    assert_eq!(omf.share, Some(Decimal::ONE));
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn example_3_break_even_differs_per_scenario() {
    let r = calculate(&example_3(), &default_factors()).unwrap();
    let figures = |s: &ScenarioResult| {
        (
            ore(s.pv_benefits),
            ore(s.pv_costs),
            ore(s.npv),
            format::ratio(s.benefit_per_krona.unwrap()),
            s.break_even_year,
        )
    };
    assert_eq!(
        figures(&r.pessimistic),
        (
            dec!(2010696.14),
            dec!(2146485.36),
            dec!(-135789.22),
            "0,94".into(),
            None
        )
    );
    assert_eq!(
        figures(&r.likely),
        (
            dec!(3335012.43),
            dec!(1682985.36),
            dec!(1652027.07),
            "1,98".into(),
            Some(2029)
        )
    );
    assert_eq!(
        figures(&r.optimistic),
        (
            dec!(4124305.86),
            dec!(1419485.36),
            dec!(2704820.50),
            "2,91".into(),
            Some(2028)
        )
    );
    let cumulative: Vec<Decimal> = r.likely.years[..4]
        .iter()
        .map(|y| ore(y.cumulative_discounted_net))
        .collect();
    assert_eq!(
        cumulative,
        vec![
            dec!(-1454000.00),
            dec!(-1107128.16),
            dec!(-386460.80),
            dec!(313216.25)
        ]
    );
    // Freed time at full effect.
    assert_eq!(r.pessimistic.freed_hours_per_year, dec!(1300));
    assert_eq!(r.likely.freed_hours_per_year, dec!(2184));
    assert_eq!(r.optimistic.freed_hours_per_year, dec!(2704));
    assert_eq!(format::ratio(r.likely.freed_fte), "1,28");
    // Budget-affecting share: fuel 124 875,24 of 3 335 012,43 = 3,74 %.
    assert_eq!(
        format::percent(r.likely.budget_affecting_share.unwrap(), 2),
        "3,74\u{a0}%"
    );
    let shares: Decimal = r.likely.by_category.iter().filter_map(|c| c.share).sum();
    assert_eq!(format::round(shares, 10), Decimal::ONE);
    // The non-monetised benefit is listed, not summed.
    assert_eq!(r.not_monetised.len(), 1);
    assert_eq!(r.not_monetised[0].score, 3);
    assert_eq!(r.not_monetised[0].line, 6);
    assert_eq!(r.likely.lines.len(), 5);
}

#[test]
fn example_3_formula_shows_driver_values_per_scenario() {
    let c = example_3();
    let LineValue::Hours {
        hours: Quantity::Drivers(model),
        ..
    } = &c.lines[3].value
    else {
        panic!("example line 4 is driver-based");
    };
    assert_eq!(
        formula(model, Level::Likely, "h"),
        "120 brukare × 0,35 andel × 3 promenader/vecka × 52 veckor × 20 min ÷ 60 = 2\u{a0}184 h/år"
    );
    assert!(formula(model, Level::Low, "h").ends_with("= 1\u{a0}300 h/år"));
}

#[test]
fn result_json_has_decimal_strings_and_snake_case() {
    let r = calculate(&example_2(), &default_factors()).unwrap();
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["likely"]["npv"], "416350");
    assert_eq!(json["likely"]["scenario"], "likely");
    assert_eq!(json["likely"]["break_even_year"], 2026);
    assert_eq!(json["likely"]["by_category"][1]["category"], "omfordelning");
    assert_eq!(json["settings"]["discount_rate"], "0");
    let back: CalculationResult = serde_json::from_value(json).unwrap();
    assert_eq!(back, r);
}

#[test]
fn no_costs_gives_no_ratio_and_a_warning() {
    let mut c = example_1();
    c.lines.remove(0);
    let r = calculate(&c, &default_factors()).unwrap();
    assert_eq!(r.likely.benefit_per_krona, None);
    assert!(r.warnings.iter().any(|w| w.code == WarningCode::NoCosts));
    // Year 0 has no flow at all: break-even is counted from the first year with a flow.
    assert_eq!(r.likely.break_even_year, Some(2027));
}

#[test]
fn empty_calculation_has_no_break_even_and_no_shares() {
    let r = calculate(&Calculation::new(2026), &[]).unwrap();
    assert_eq!(r.likely.break_even_year, None);
    assert_eq!(r.likely.budget_affecting_share, None);
    assert_eq!(r.likely.years.len(), 6);
    assert!(r.warnings.is_empty());
}

#[test]
fn monthly_salary_rate_uses_142_hours_and_overhead() {
    let mut c = Calculation::new(2026);
    c.settings.horizon_years = 1;
    c.lines = vec![benefit(
        "tid",
        Category::Omfordelning,
        LineValue::Hours {
            hours: Quantity::Direct {
                value: Estimate::exact(dec!(142)),
            },
            rate: Rate::MonthlySalary {
                salary: dec!(30000),
            },
        },
        Timing::recurring_flat(0),
    )];
    // 142 h × 30 000 / 142 × 1,54 = 46 200 kr.
    let r = calculate(&c, &[]).unwrap();
    assert_eq!(ore(r.likely.pv_benefits), dec!(46200.00));
}

// --- validation -------------------------------------------------------------------------

fn messages(c: &Calculation) -> Vec<String> {
    validate(c, &default_factors())
        .into_iter()
        .map(|e| e.message)
        .collect()
}

#[test]
fn missing_likely_value_names_line_and_field() {
    let mut c = example_1();
    c.lines.push(benefit(
        "tom",
        Category::Kvalitet,
        amount(Estimate::default()),
        Timing::recurring(0),
    ));
    let errors = validate(&c, &[]);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].message, "Rad 3, Troligt värde: måste anges.");
    assert_eq!(errors[0].field, "lines[2].value.amount.likely");
    assert!(calculate(&c, &[]).is_err());
}

#[test]
fn settings_outside_limits_are_errors() {
    let mut c = example_1();
    c.settings.horizon_years = 26;
    c.settings.discount_rate = dec!(0.25);
    let m = messages(&c);
    assert!(
        m.contains(&"Kalkylperiod: måste vara 1–25 år (nu 26).".to_string()),
        "{m:?}"
    );
    assert!(m
        .iter()
        .any(|s| s.starts_with("Diskonteringsränta: måste vara mellan 0 och 20 %")));
    c.settings.horizon_years = 0;
    c.settings.discount_rate = dec!(-0.01);
    assert_eq!(messages(&c).len(), 2);
}

#[test]
fn score_above_three_and_bad_ramp_are_errors() {
    let mut c = example_1();
    c.lines.push(benefit(
        "poang",
        Category::Kvalitet,
        LineValue::NotMonetised { score: 4 },
        Timing::Recurring {
            from_year: 0,
            years: Some(0),
            ramp: vec![dec!(1.5)],
        },
    ));
    let m = messages(&c);
    assert_eq!(
        m,
        vec![
            "Rad 3, Poäng: måste vara 0–3 (nu 4).",
            "Rad 3, Antal år: måste vara minst 1 (lämna tomt för resten av perioden).",
            "Rad 3, Upptrappning år 1: måste vara mellan 0 och 1.",
        ]
    );
}

#[test]
fn unknown_factor_and_wrong_unit_are_errors() {
    let mut c = example_2();
    c.lines[0].value = hours(Estimate::exact(dec!(1)), "finns_inte");
    c.lines[1].value = hours(Estimate::exact(dec!(1)), "fuel_el");
    let m = messages(&c);
    assert_eq!(
        m,
        vec![
            "Rad 1, Beräkningsfaktor: okänd faktor ”finns_inte”.",
            "Rad 2, Beräkningsfaktor: ”fuel_el” har enheten kr/mil, men raden behöver kr/h.",
        ]
    );
}

#[test]
fn negative_and_inverted_estimates_are_errors() {
    let mut c = example_1();
    c.lines[1].value = amount(Estimate {
        low: Some(dec!(-1)),
        likely: Some(dec!(10)),
        high: Some(dec!(5)),
    });
    assert_eq!(
        messages(&c),
        vec!["Rad 2, Lågt värde: får inte vara negativt."]
    );
    c.lines[1].value = amount(Estimate::new(dec!(20), dec!(10), dec!(5)));
    assert_eq!(
        messages(&c),
        vec![
            "Rad 2, Lågt värde: får inte vara större än troligt värde.",
            "Rad 2, Högt värde: får inte vara mindre än troligt värde.",
        ]
    );
}

#[test]
fn driver_errors_name_the_driver() {
    let mut c = example_3();
    if let LineValue::Hours {
        hours: Quantity::Drivers(model),
        ..
    } = &mut c.lines[3].value
    {
        model.drivers[1].value.likely = None;
        model.divisor = Some(Decimal::ZERO);
    }
    assert_eq!(
        messages(&c),
        vec![
            "Rad 4, Värdedrivare 2 (Andel som kan gå själva), troligt värde: måste anges.",
            "Rad 4, Divisor: måste vara större än noll.",
        ]
    );
}

#[test]
fn duplicate_keys_costs_without_type_and_costs_without_money_are_errors() {
    let mut c = example_1();
    c.lines[1].key = "införande".into();
    c.lines[0].cost_type = None;
    c.lines.push(CalcLine {
        kind: LineKind::Kostnad,
        cost_type: Some(CostType::Intern),
        key: "x".into(),
        ..benefit(
            "x",
            Category::Kvalitet,
            LineValue::NotMonetised { score: 1 },
            Timing::recurring(0),
        )
    });
    assert_eq!(
        messages(&c),
        vec![
            "Rad 1, Kostnadstyp: måste anges (intern eller extern).",
            "Rad 2, Nyckel: ”införande” finns redan på rad 1.",
            "Rad 3, Värde: en kostnad måste anges i kronor.",
        ]
    );
}

#[test]
fn huge_values_are_errors_not_panics() {
    let mut c = example_3();
    if let LineValue::Hours {
        hours: Quantity::Drivers(model),
        ..
    } = &mut c.lines[3].value
    {
        for d in &mut model.drivers {
            d.value = Estimate::exact(MAX_INPUT);
        }
    }
    let m = messages(&c);
    assert_eq!(
        m,
        vec!["Rad 4, Värde: blir orimligt stort (över 10 000 miljarder kr per år)."]
    );
    c.lines[0].value = amount(Estimate::exact(Decimal::MAX));
    assert!(messages(&c).iter().any(|s| s.contains("orimligt stort")));
}

#[test]
fn factor_list_validation_catches_duplicates_and_negative_values() {
    let mut f = default_factors();
    f[1].code = "underskoterska".into();
    f[2].value = dec!(-3);
    let m: Vec<String> = validate_factors(&f)
        .into_iter()
        .map(|e| e.message)
        .collect();
    assert_eq!(
        m,
        vec![
            "Faktor 2, Kod: ”underskoterska” finns redan som faktor 1.",
            "Faktor 3, Värde: får inte vara negativt.",
        ]
    );
    assert!(validate_factors(&default_factors()).is_empty());
}

// --- warnings ---------------------------------------------------------------------------

#[test]
fn same_hours_as_omfordelning_and_finansiell_is_warned() {
    let mut c = example_2();
    let mut twin = c.lines[0].clone();
    twin.key = "kopia".into();
    twin.category = Category::Finansiell;
    twin.description = "Något annat".into();
    c.lines.push(twin);
    let w = warnings(&c, &default_factors());
    let d: Vec<&Warning> = w
        .iter()
        .filter(|w| w.code == WarningCode::DoubleCounting)
        .collect();
    assert_eq!(d.len(), 1);
    assert_eq!((d[0].line, d[0].other_line), (Some(1), Some(4)));
    assert!(
        d[0].message
            .starts_with("Rad 1 och rad 4: samma timmar (500 h/år)"),
        "{}",
        d[0].message
    );
}

#[test]
fn same_description_in_both_categories_is_warned() {
    let mut c = example_1();
    c.lines.push(benefit(
        "b",
        Category::Omfordelning,
        amount(Estimate::exact(dec!(1))),
        Timing::recurring(1),
    ));
    c.lines[2].description = "  nytta MINSKAD_tid ".into();
    let w = warnings(&c, &[]);
    assert!(w
        .iter()
        .any(|w| w.code == WarningCode::DoubleCounting && w.message.contains("samma nytta")));
}

#[test]
fn benefit_without_owner_or_source_is_warned() {
    let mut c = example_2();
    c.lines[0].owner = " ".into();
    c.lines[0].source.clear();
    c.lines[1].owner.clear(); // a cost: no warning
    let w = warnings(&c, &default_factors());
    let codes: Vec<(WarningCode, Option<usize>)> = w.iter().map(|w| (w.code, w.line)).collect();
    assert_eq!(
        codes,
        vec![
            (WarningCode::MissingOwner, Some(1)),
            (WarningCode::MissingSource, Some(1))
        ]
    );
    assert_eq!(w[0].message, "Rad 1: nyttan saknar ägare (nyttoägare).");
}

#[test]
fn line_after_horizon_is_warned() {
    let mut c = example_1();
    c.lines[1].timing = Timing::recurring(4);
    let w = warnings(&c, &[]);
    assert!(w.iter().any(|w| w.code == WarningCode::OutsideHorizon
        && w.message == "Rad 2: börjar 2030 – efter kalkylperioden 2026–2029 – och räknas inte."));
}

#[test]
fn calculation_json_from_a_user_is_read_with_defaults() {
    let json = r#"{
        "settings": {"first_year": 2026},
        "lines": [{
            "key": "a", "kind": "nytta", "category": "miljo", "perspective": "samhalle",
            "description": "Färre resor",
            "value": {"type": "units", "unit": "mil",
                      "quantity": {"source": "direct", "value": {"likely": "1000"}},
                      "rate": {"source": "factor", "code": "fuel_el"}},
            "timing": {"type": "recurring", "from_year": 0}
        }]
    }"#;
    let c: Calculation = serde_json::from_str(json).unwrap();
    assert_eq!(c.settings.horizon_years, 6);
    assert_eq!(c.settings.discount_rate, dec!(0.03));
    let r = calculate(&c, &default_factors()).unwrap();
    assert_eq!(r.likely.lines[0].annual_value, dec!(3800));
    assert_eq!(r.likely.years[0].benefits, dec!(1900));
    assert_eq!(c.referenced_factor_codes(), vec!["fuel_el"]);
}

#[test]
fn extreme_decimals_anywhere_never_panic() {
    for big in [Decimal::MAX, Decimal::MIN] {
        let mut c = example_3();
        c.settings.discount_rate = big;
        c.settings.overhead = big;
        c.settings.annual_hours = big;
        for line in &mut c.lines {
            line.timing = Timing::Recurring {
                from_year: u32::MAX,
                years: Some(u32::MAX),
                ramp: vec![big],
            };
            match &mut line.value {
                LineValue::Amount { amount } => *amount = Estimate::new(big, big, big),
                LineValue::Hours { rate, .. } | LineValue::Units { rate, .. } => {
                    *rate = Rate::MonthlySalary { salary: big }
                }
                LineValue::NotMonetised { score } => *score = u8::MAX,
            }
        }
        assert!(calculate(&c, &default_factors()).is_err());
        let _ = warnings(&c, &default_factors());
        assert!(!diff(&example_3(), &c).is_empty());
        assert!(!diff(&c, &example_3()).summary().is_empty());
    }
}
