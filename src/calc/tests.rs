//! Worked examples computed by hand (reproduced in docs/nyttokalkyl.md), plus validation and
//! warning behaviour.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::*;
use crate::format;
use crate::model::calculation::{
    default_factors, CalcLine, Category, CostType, Driver, DriverModel, Estimate, LineKind,
    LineValue, Perspective, Quantity, Rate, Timing,
};

/// Rounded to öre, the precision the hand computations are written in.
fn ore(v: Decimal) -> Decimal {
    format::round(v, 2)
}

pub(super) fn benefit(key: &str, category: Category, value: LineValue, timing: Timing) -> CalcLine {
    CalcLine {
        key: key.into(),
        kind: LineKind::Nytta,
        category,
        perspective: Perspective::Organisation,
        cost_type: None,
        description: format!("Nytta {key}"),
        source: "Tidsstudie 2025".into(),
        owner: "Enhetschef".into(),
        value,
        timing,
    }
}

pub(super) fn cost(key: &str, cost_type: CostType, value: LineValue, timing: Timing) -> CalcLine {
    CalcLine {
        key: key.into(),
        kind: LineKind::Kostnad,
        category: Category::Finansiell,
        perspective: Perspective::Organisation,
        cost_type: Some(cost_type),
        description: format!("Kostnad {key}"),
        source: "Offert".into(),
        owner: "Projektledare".into(),
        value,
        timing,
    }
}

pub(super) fn amount(e: Estimate) -> LineValue {
    LineValue::Amount { amount: e }
}

fn hours(e: Estimate, factor: &str) -> LineValue {
    LineValue::Hours {
        hours: Quantity::Direct { value: e },
        rate: Rate::Factor {
            code: factor.into(),
        },
    }
}

fn driver(name: &str, e: Estimate, unit: &str) -> Driver {
    Driver {
        name: name.into(),
        value: e,
        unit: unit.into(),
        source: "Verksamhetssystemet".into(),
    }
}

// ---------------------------------------------------------------------------------------
// Example 1. Y0 = 2026, N = 4, r = 3 %. One-off external cost 100 000 kr in year 0; recurring
// benefit 50 000 kr/year from year 1 with the default ramp (0,5 then 1,0).
//
//   year  t  benefit  cost     (1,03)^t    discounted net        cumulative
//   2026  0        0  100 000  1           −100 000,00           −100 000,00
//   2027  1   25 000        0  1,03          24 271,84 (25 000/1,03)  −75 728,16
//   2028  2   50 000        0  1,0609        47 129,80 (50 000/1,0609) −28 598,36
//   2029  3   50 000        0  1,092727      45 757,08 (50 000/1,092727) 17 158,72
//
//   PVB = 24 271,84 + 47 129,80 + 45 757,08 = 117 158,72 kr; PVC = 100 000,00 kr
//   NPV = 17 158,72 kr; nytta per krona = 1,17; återbetald 2029.
// ---------------------------------------------------------------------------------------
fn example_1() -> Calculation {
    let mut c = Calculation::new(2026);
    c.settings.horizon_years = 4;
    c.lines = vec![
        cost(
            "införande",
            CostType::Extern,
            amount(Estimate::exact(dec!(100000))),
            Timing::OneOff { year: 0 },
        ),
        benefit(
            "minskad_tid",
            Category::Finansiell,
            amount(Estimate::exact(dec!(50000))),
            Timing::recurring(1),
        ),
    ];
    c
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

// ---------------------------------------------------------------------------------------
// Example 2. Y0 = 2026, N = 3, r = 0 %. Benefit: 500 h/year × biståndshandläggare 415 kr/h
// (factor) = 207 500 kr/year from year 0, default ramp. Internal cost: 80 h × systemförvaltare
// 530 kr/h = 42 400 kr once in year 0. External cost: licence 20 000 kr/year from year 0,
// no ramp.
//
//   year  benefit               cost                    net       cumulative
//   2026  0,5 × 207 500 = 103 750  42 400 + 20 000 = 62 400   41 350    41 350
//   2027  207 500                 20 000                   187 500   228 850
//   2028  207 500                 20 000                   187 500   416 350
//
//   With r = 0 the PV is the plain sum: PVB = 518 750 kr, PVC = 102 400 kr, NPV = 416 350 kr,
//   nytta per krona = 518 750 / 102 400 = 5,07; återbetald 2026. Frigjord tid 500 h/år =
//   500 / 1 700 = 0,29 årsarbetare.
// ---------------------------------------------------------------------------------------
fn example_2() -> Calculation {
    let mut c = Calculation::new(2026);
    c.settings.horizon_years = 3;
    c.settings.discount_rate = Decimal::ZERO;
    c.lines = vec![
        benefit(
            "handlaggning",
            Category::Omfordelning,
            hours(Estimate::exact(dec!(500)), "bistandshandlaggare"),
            Timing::recurring(0),
        ),
        cost(
            "konfiguration",
            CostType::Intern,
            hours(Estimate::exact(dec!(80)), "systemforvaltare"),
            Timing::OneOff { year: 0 },
        ),
        cost(
            "licens",
            CostType::Extern,
            amount(Estimate::exact(dec!(20000))),
            Timing::recurring_flat(0),
        ),
    ];
    c
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

// ---------------------------------------------------------------------------------------
// Example 3. Y0 = 2026, N = 6, r = 3 %. Three scenarios.
//   Costs (pessimistic uses high, optimistic low):
//     K1 extern, once year 0: 1 000 000 / 1 200 000 / 1 600 000 kr
//     K2 intern, once year 0: 300 / 400 / 500 h × verksamhetsutvecklare 635 kr/h
//     K3 extern, licence 50 000 kr/year from year 1, no ramp
//   Benefits (pessimistic uses low, optimistic high), from year 1 with the default ramp:
//     N1 omfördelning: brukare 100/120/130 × andel 0,25/0,35/0,40 × 3 promenader/vecka
//        × 52 veckor × 20 min ÷ 60 = 1 300 / 2 184 / 2 704 h × undersköterska 359 kr/h
//     N2 finansiell: 2 000 / 2 500 / 3 000 mil × bensin 12,2 kr/mil
//     N3 kvalitet, not monetised: trygghet, score 3
//
//   Year-0 costs: pess 1 600 000 + 500 × 635 = 1 917 500; likely 1 454 000; opt 1 190 500.
//   Benefit annuity A = 0,5/1,03 + 1/1,03² + 1/1,03³ + 1/1,03⁴ + 1/1,03⁵ = 4,0942703
//   Licence PV = 50 000 × (1/1,03 + … + 1/1,03⁵) = 228 985,36
//
//   likely: PVB = (2 184 × 359 + 2 500 × 12,2) × A = 814 556 × A = 3 335 012,43
//           PVC = 1 454 000 + 228 985,36 = 1 682 985,36; NPV = 1 652 027,07; 1,98 per krona
//           cumulative: −1 454 000,00; −1 107 128,16; −386 460,80; +313 216,25 → 2029
//   pessimistic: PVB = 491 100 × A = 2 010 696,14; PVC = 2 146 485,36; NPV = −135 789,22;
//           0,94 per krona; cumulative still −135 789,22 in 2031 → not paid back
//   optimistic: PVB = 1 007 336 × A = 4 124 305,86; PVC = 1 419 485,36;
//           NPV = 2 704 820,50; 2,91 per krona; cumulative +152 335,37 in 2028 → 2028
// ---------------------------------------------------------------------------------------
pub(super) fn example_3() -> Calculation {
    let mut c = Calculation::new(2026);
    let walks = DriverModel {
        drivers: vec![
            driver(
                "Brukare med tjänsten",
                Estimate::new(dec!(100), dec!(120), dec!(130)),
                "brukare",
            ),
            driver(
                "Andel som kan gå själva",
                Estimate::new(dec!(0.25), dec!(0.35), dec!(0.40)),
                "andel",
            ),
            driver(
                "Promenader per brukare och vecka",
                Estimate::exact(dec!(3)),
                "promenader/vecka",
            ),
            driver("Veckor per år", Estimate::exact(dec!(52)), "veckor"),
            driver("Minuter per promenad", Estimate::exact(dec!(20)), "min"),
        ],
        multiplier: None,
        divisor: Some(dec!(60)),
    };
    c.lines = vec![
        cost(
            "system",
            CostType::Extern,
            amount(Estimate::new(dec!(1000000), dec!(1200000), dec!(1600000))),
            Timing::OneOff { year: 0 },
        ),
        cost(
            "projekttid",
            CostType::Intern,
            hours(
                Estimate::new(dec!(300), dec!(400), dec!(500)),
                "verksamhetsutvecklare",
            ),
            Timing::OneOff { year: 0 },
        ),
        cost(
            "licens",
            CostType::Extern,
            amount(Estimate::exact(dec!(50000))),
            Timing::recurring_flat(1),
        ),
        benefit(
            "promenader",
            Category::Omfordelning,
            LineValue::Hours {
                hours: Quantity::Drivers(walks),
                rate: Rate::Factor {
                    code: "underskoterska".into(),
                },
            },
            Timing::recurring(1),
        ),
        benefit(
            "bransle",
            Category::Finansiell,
            LineValue::Units {
                quantity: Quantity::Direct {
                    value: Estimate::new(dec!(2000), dec!(2500), dec!(3000)),
                },
                unit: "mil".into(),
                rate: Rate::Factor {
                    code: "fuel_bensin".into(),
                },
            },
            Timing::recurring(1),
        ),
        benefit(
            "trygghet",
            Category::Kvalitet,
            LineValue::NotMonetised { score: 3 },
            Timing::recurring(1),
        ),
    ];
    c
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
