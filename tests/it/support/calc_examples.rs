//! The worked examples of docs/nyttokalkyl.md §5, computed by hand, built through the
//! library: one copy for the calculation's unit tests (src/calc/tests.rs) and the
//! integration tests of the calculation store and of `nytta calc`.
#![allow(dead_code)]

use std::path::Path;

use nytta::model::calculation::*;
use nytta::model::initiative::{InitiativeFields, OrganisationKind};
use nytta::store::prelude::*;
use nytta::store::Register;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

pub fn benefit(key: &str, category: Category, value: LineValue, timing: Timing) -> CalcLine {
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

pub fn cost(key: &str, cost_type: CostType, value: LineValue, timing: Timing) -> CalcLine {
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

pub fn amount(e: Estimate) -> LineValue {
    LineValue::Amount { amount: e }
}

pub fn hours(e: Estimate, factor: &str) -> LineValue {
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
pub fn example_1() -> Calculation {
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
pub fn example_2() -> Calculation {
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
pub fn example_3() -> Calculation {
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
    let mut trygghet = benefit(
        "trygghet",
        Category::Kvalitet,
        LineValue::NotMonetised { score: 3 },
        Timing::recurring(1),
    );
    trygghet.description = "Ökad trygghet för brukarna".into();
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
        trygghet,
    ];
    c
}

/// A new register at `path` with one organisation and the initiatives `codes`; returns the
/// register and the initiatives' ids in order.
pub fn register_with(path: &Path, codes: &[&str]) -> (Register, Vec<i64>) {
    let mut register = Register::create(path, "Test").unwrap();
    let ids = populate(&mut register, codes);
    (register, ids)
}

/// One organisation and the initiatives `codes` in `register`, whichever store holds it;
/// returns the initiatives' ids in order.
pub fn populate<S: RegisterStore>(register: &mut S, codes: &[&str]) -> Vec<i64> {
    register.set_author("testare");
    let org = register
        .add_organisation("Intraservice", OrganisationKind::Forvaltning, "Nämnden")
        .unwrap();
    let ids = codes
        .iter()
        .map(|code| {
            let fields = InitiativeFields {
                code: (*code).into(),
                name: format!("Insats {code}"),
                ..InitiativeFields::blank(org)
            };
            register.create_initiative(&fields).unwrap()
        })
        .collect();
    ids
}
