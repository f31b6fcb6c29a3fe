//! The worked examples of docs/nyttokalkyl.md §5, built through the library, for the
//! integration tests of the calculation store and of `nytta calc`.
#![allow(dead_code)]

use std::path::Path;

use nytta::model::calculation::*;
use nytta::model::initiative::{InitiativeFields, OrganisationKind};
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
        source: String::new(),
    }
}

/// Example 1: one-off external cost, ramped yearly benefit; 2026, 4 years, 3 %.
pub fn example_1() -> Calculation {
    let mut c = Calculation::new(2026);
    c.settings.horizon_years = 4;
    c.lines = vec![
        cost(
            "inforande",
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

/// Example 2: hours × factor, no discounting; 2026, 3 years, 0 %.
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

/// Example 3: three scenarios with different break-even years; 2026, 6 years, 3 %.
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
    (register, ids)
}
