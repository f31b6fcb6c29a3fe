//! The demo register's benefit calculations: one per initiative, with amounts drawn from the
//! initiative's budget and running costs and the city examples (domain.md §6 and §8), external
//! costs and internal time alike, freed time valued with the public default factors.
//!
//! Decided and live initiatives have approved calculations; those in beredning (and the struck
//! one) have drafts. NR-2025-003 has a second, approved version after a changed decision, and
//! NR-2025-004 a second version that is still a draft.

use crate::store::prelude::*;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::model::calculation::*;
use crate::model::Approval;
use crate::store::Result;

/// One version of a demo calculation.
struct DemoVersion {
    calc: Calculation,
    /// Why the version exists (versions 2 and later).
    reason: &'static str,
    approval: Option<Approval>,
}

fn approved(date: (i32, u32, u32), decision_ref: &str) -> Option<Approval> {
    Some(Approval {
        approved_by: "Digitaliseringsrådet".into(),
        approved_at: NaiveDate::from_ymd_opt(date.0, date.1, date.2).expect("valid demo date"),
        decision_ref: decision_ref.into(),
    })
}

/// Adds the calculation versions of the initiative `code` (id `initiative_id`).
pub(super) fn add(register: &mut impl RegisterStore, initiative_id: i64, code: &str) -> Result<()> {
    for (i, v) in versions(code).into_iter().enumerate() {
        let draft = if i == 0 {
            register.create_calculation(initiative_id, &v.calc)?
        } else {
            let copy = register.new_calculation_version(initiative_id, v.reason)?;
            register.save_calculation_draft(copy.id, copy.row_version, &v.calc)?
        };
        if let Some(approval) = &v.approval {
            register.approve_calculation(draft.id, draft.row_version, approval)?;
        }
    }
    Ok(())
}

// ---- small builders -------------------------------------------------------------------

fn d(v: i64) -> Decimal {
    Decimal::from(v)
}

fn est(low: Decimal, likely: Decimal, high: Decimal) -> Estimate {
    Estimate::new(low, likely, high)
}

fn amount(low: i64, likely: i64, high: i64) -> LineValue {
    LineValue::Amount {
        amount: est(d(low), d(likely), d(high)),
    }
}

fn hours(low: i64, likely: i64, high: i64, rate: Rate) -> LineValue {
    LineValue::Hours {
        hours: Quantity::Direct {
            value: est(d(low), d(likely), d(high)),
        },
        rate,
    }
}

/// Hours per year built from drivers: each (name, low, likely, high, unit), then ÷ divisor.
fn driven(
    drivers: &[(&str, Decimal, Decimal, Decimal, &str)],
    divisor: i64,
    rate: Rate,
) -> LineValue {
    LineValue::Hours {
        hours: Quantity::Drivers(DriverModel {
            drivers: drivers
                .iter()
                .map(|(name, low, likely, high, unit)| Driver {
                    name: (*name).into(),
                    value: est(*low, *likely, *high),
                    unit: (*unit).into(),
                    source: String::new(),
                })
                .collect(),
            multiplier: None,
            divisor: (divisor != 1).then(|| d(divisor)),
        }),
        rate,
    }
}

fn factor(code: &str) -> Rate {
    Rate::Factor { code: code.into() }
}

fn salary(kr: i64) -> Rate {
    Rate::MonthlySalary { salary: d(kr) }
}

fn score(n: u8) -> LineValue {
    LineValue::NotMonetised { score: n }
}

fn once(year: u32) -> Timing {
    Timing::OneOff { year }
}

fn ramped(from: u32) -> Timing {
    Timing::recurring(from)
}

fn flat(from: u32) -> Timing {
    Timing::recurring_flat(from)
}

fn flat_for(from: u32, years: u32) -> Timing {
    Timing::Recurring {
        from_year: from,
        years: Some(years),
        ramp: Vec::new(),
    }
}

struct Text {
    description: &'static str,
    owner: &'static str,
    source: &'static str,
}

fn t(description: &'static str, owner: &'static str, source: &'static str) -> Text {
    Text {
        description,
        owner,
        source,
    }
}

fn benefit(
    key: &str,
    category: Category,
    perspective: Perspective,
    text: Text,
    value: LineValue,
    timing: Timing,
) -> CalcLine {
    CalcLine {
        key: key.into(),
        kind: LineKind::Nytta,
        category,
        perspective,
        cost_type: None,
        description: text.description.into(),
        source: text.source.into(),
        owner: text.owner.into(),
        value,
        timing,
    }
}

fn cost(key: &str, cost_type: CostType, text: Text, value: LineValue, timing: Timing) -> CalcLine {
    CalcLine {
        key: key.into(),
        kind: LineKind::Kostnad,
        category: Category::Finansiell,
        perspective: Perspective::Organisation,
        cost_type: Some(cost_type),
        description: text.description.into(),
        source: text.source.into(),
        owner: text.owner.into(),
        value,
        timing,
    }
}

fn calc(first_year: i32, lines: Vec<CalcLine>) -> Calculation {
    Calculation {
        settings: CalcSettings::new(first_year),
        lines,
    }
}

use CostType::{Extern, Intern};
use Perspective::{InvanareBrukare as Invanare, Organisation as Org, Samhalle};

// ---- the calculations -------------------------------------------------------------------

fn versions(code: &str) -> Vec<DemoVersion> {
    let v = |calc, approval| DemoVersion {
        calc,
        reason: "",
        approval,
    };
    match code {
        "NR-2024-002" => vec![v(trygghetslarm(), approved((2024, 8, 20), "DR 2024-08-20 §5"))],
        "NR-2024-003" => vec![v(digital_tolk(), approved((2024, 12, 10), "DR 2024-12-10 §7"))],
        "NR-2025-003" => vec![
            v(forsorjningsstod_v1(), approved((2025, 2, 11), "DR 2025-02-11 §4")),
            DemoVersion {
                calc: forsorjningsstod_v2(),
                reason: "Digitaliseringsrådet beslutade 2025-11-25 att e-tjänsten driftsätts utan automatisk \
                         kontroll av inkomstuppgifter tills avtalet med Försäkringskassan är klart. \
                         Integrationen blir dyrare, en manuell kontrollväg behövs under 2026 och den \
                         frigjorda handläggartiden kommer ett år senare.",
                approval: approved((2025, 11, 25), "DR 2025-11-25 §6"),
            },
        ],
        "NR-2025-001" => vec![v(bygglovsguide(), approved((2025, 1, 14), "DR 2025-01-14 §3"))],
        "NR-2025-004" => vec![
            v(e_arkiv(false), approved((2025, 3, 11), "DR 2025-03-11 §5")),
            DemoVersion {
                calc: e_arkiv(true),
                reason: "Driftsättningen flyttas till december 2026 och konsultkostnaden ökar (statusrapport \
                         2026-10-16). Kalkylen planeras om inför digitaliseringsrådet i november.",
                approval: None,
            },
        ],
        "NR-2024-001" => vec![v(telefoni(), approved((2024, 5, 14), "DR 2024-05-14 §3"))],
        "NR-2025-005" => vec![v(sok(), approved((2025, 8, 19), "DR 2025-08-19 §6"))],
        "NR-2025-002" => vec![v(digital_post(), approved((2025, 1, 14), "DR 2025-01-14 §4"))],
        "NR-2026-002" => vec![v(schemalaggning(), None)],
        "NR-2023-001" => vec![v(mina_sidor(), None)],
        // Kalendariet was decided in the earlier service model on its idea description's
        // benefits alone: no effect goals and no calculation (seed 003 §1.4), so the portfolio
        // flags both gaps it can (docs/demo.md).
        "NR-2025-006" => Vec::new(),
        "NR-2026-001" => vec![v(tillstandsguider(), approved((2026, 9, 15), "DR 2026-09-15 §3"))],
        _ => Vec::new(),
    }
}

fn trygghetslarm() -> Calculation {
    calc(2024, vec![
        benefit("handlaggartid", Category::Omfordelning, Org,
            t("Frigjord tid för biståndshandläggare när beslut om trygghetslarm fattas automatiskt",
              "Anna Lindqvist, avdelningschef myndighet", "Tidsstudie på två myndighetsenheter, våren 2024"),
            driven(&[
                ("Ansökningar om trygghetslarm per år", dec!(1000), dec!(1200), dec!(1300), "ansökningar"),
                ("Sparade minuter per ansökan", dec!(80), dec!(90), dec!(95), "min"),
            ], 60, factor("bistandshandlaggare")),
            ramped(1)),
        benefit("snabbare_beslut", Category::Kvalitet, Invanare,
            t("Snabbare beslut om trygghetslarm: från 14 till 3 dagar", "Anna Lindqvist, avdelningschef myndighet",
              "Verksamhetssystemets statistik över handläggningstid 2023"),
            score(3), ramped(1)),
        cost("regelmotor", Extern,
            t("Regelmotor och integration med verksamhetssystemet", "Erik Holm, projektledare", "Leverantörens offert 2024-06"),
            amount(1_000_000, 1_100_000, 1_350_000), once(0)),
        cost("projekttid", Intern,
            t("Projektledning och verksamhetsutveckling", "Erik Holm, projektledare", "Projektplan"),
            hours(500, 600, 800, factor("verksamhetsutvecklare")), once(0)),
        cost("test_utbildning", Intern,
            t("Handläggarnas medverkan i test och utbildning", "Anna Lindqvist, avdelningschef myndighet", "Projektplan"),
            hours(250, 300, 400, factor("bistandshandlaggare")), once(1)),
        cost("licens", Extern,
            t("Licens och förvaltning av regelmotorn", "Erik Holm, projektledare", "Avtal"),
            amount(180_000, 180_000, 200_000), flat(1)),
        cost("stickprov", Intern,
            t("Manuell kontroll av stickprov", "Anna Lindqvist, avdelningschef myndighet", "Rutin för stickprov"),
            hours(80, 100, 150, factor("bistandshandlaggare")), flat(1)),
    ])
}

fn digital_tolk() -> Calculation {
    calc(
        2025,
        vec![
            benefit(
                "tolkkostnad",
                Category::Finansiell,
                Org,
                t(
                    "Lägre kostnad för tolk på plats (40 procent färre bokningar)",
                    "Maria Johansson, sektorchef",
                    "Fakturor från tolkförmedlingen 2024: 2 000 bokningar à 1 100 kr",
                ),
                amount(600_000, 880_000, 1_000_000),
                ramped(1),
            ),
            benefit(
                "vantetid",
                Category::Omfordelning,
                Org,
                t(
                    "Mindre tid förlorad när tolken uteblir eller kommer sent",
                    "Maria Johansson, sektorchef",
                    "Avvikelserapporter 2024, socialsekreterare 38 000 kr i månaden",
                ),
                hours(250, 300, 400, salary(38_000)),
                ramped(1),
            ),
            benefit(
                "trygghet",
                Category::Kvalitet,
                Invanare,
                t(
                    "Större trygghet för klienten när tolken inte känner hen",
                    "Maria Johansson, sektorchef",
                    "Klientintervjuer i förstudien",
                ),
                score(2),
                ramped(1),
            ),
            cost(
                "inforande",
                Extern,
                t(
                    "Upphandlad tjänst, utrustning i mottagningsrummen och införande",
                    "Ali Hassan, projektledare",
                    "Anbud",
                ),
                amount(400_000, 450_000, 550_000),
                once(0),
            ),
            cost(
                "projekttid",
                Intern,
                t(
                    "Upphandling och införande, egen tid",
                    "Ali Hassan, projektledare",
                    "Projektplan",
                ),
                hours(350, 400, 500, factor("upphandlare")),
                once(0),
            ),
            cost(
                "tjansteavgift",
                Extern,
                t(
                    "Tjänsteavgift för digital tolk",
                    "Ali Hassan, projektledare",
                    "Avtal",
                ),
                amount(220_000, 240_000, 280_000),
                flat(1),
            ),
        ],
    )
}

fn forsorjningsstod_lines(delayed: bool) -> Vec<CalcLine> {
    let from = if delayed { 2 } else { 1 };
    let digital = if delayed {
        (dec!(0.45), dec!(0.60), dec!(0.70))
    } else {
        (dec!(0.60), dec!(0.70), dec!(0.75))
    };
    let mut lines = vec![
        benefit(
            "handlaggartid",
            Category::Omfordelning,
            Org,
            t(
                "Frigjord handläggartid genom automatisk kontroll av inkomstuppgifter",
                "Maria Johansson, sektorchef",
                "Tidsstudie 2024 på tre enheter",
            ),
            driven(
                &[
                    (
                        "Ansökningar per år",
                        dec!(8500),
                        dec!(9000),
                        dec!(9500),
                        "ansökningar",
                    ),
                    (
                        "Andel digitala ansökningar",
                        digital.0,
                        digital.1,
                        digital.2,
                        "andel",
                    ),
                    (
                        "Sparade minuter per ansökan",
                        dec!(20),
                        dec!(25),
                        dec!(30),
                        "min",
                    ),
                ],
                60,
                factor("bistandshandlaggare"),
            ),
            ramped(from),
        ),
        benefit(
            "registrering",
            Category::Finansiell,
            Org,
            t(
                "Mindre skanning och registrering av pappersansökningar",
                "Maria Johansson, sektorchef",
                "Avtal om skanning 2024",
            ),
            amount(120_000, 150_000, 170_000),
            ramped(1),
        ),
        benefit(
            "snabbare_besked",
            Category::Kvalitet,
            Invanare,
            t(
                "Snabbare besked för den som söker försörjningsstöd",
                "Maria Johansson, sektorchef",
                "Förstudien",
            ),
            score(2),
            ramped(1),
        ),
        cost(
            "etjanst",
            Extern,
            t(
                "E-tjänst och integration för inkomstuppgifter",
                "Sofia Berg, projektledare",
                "Leverantörens offert",
            ),
            if delayed {
                amount(1_450_000, 1_550_000, 1_800_000)
            } else {
                amount(1_200_000, 1_300_000, 1_600_000)
            },
            once(0),
        ),
        cost(
            "projekttid",
            Intern,
            t(
                "Projektledning och verksamhetsutveckling",
                "Sofia Berg, projektledare",
                "Projektplan",
            ),
            hours(800, 900, 1100, factor("verksamhetsutvecklare")),
            once(0),
        ),
        cost(
            "licens",
            Extern,
            t(
                "Licens och drift av e-tjänsten",
                "Sofia Berg, projektledare",
                "Avtal",
            ),
            amount(220_000, 220_000, 240_000),
            flat(1),
        ),
    ];
    if delayed {
        lines.insert(
            4,
            cost(
                "manuell_kontroll",
                Intern,
                t(
                    "Manuell kontroll av inkomstuppgifter under 2026",
                    "Maria Johansson, sektorchef",
                    "Uppskattning efter beslutet 2025-11-25",
                ),
                hours(500, 600, 800, factor("bistandshandlaggare")),
                once(1),
            ),
        );
    }
    lines
}

fn forsorjningsstod_v1() -> Calculation {
    calc(2025, forsorjningsstod_lines(false))
}

fn forsorjningsstod_v2() -> Calculation {
    calc(2025, forsorjningsstod_lines(true))
}

fn bygglovsguide() -> Calculation {
    calc(
        2025,
        vec![
            benefit(
                "kompletteringar",
                Category::Omfordelning,
                Org,
                t(
                    "Färre kompletteringar att begära och granska",
                    "Per Nilsson, enhetschef bygglov",
                    "Ärendestatistik 2024; bygglovshandläggare 41 000 kr i månaden",
                ),
                driven(
                    &[
                        (
                            "Bygglovsansökningar per år",
                            dec!(2200),
                            dec!(2400),
                            dec!(2600),
                            "ansökningar",
                        ),
                        (
                            "Andel som inte längre behöver kompletteras",
                            dec!(0.15),
                            dec!(0.25),
                            dec!(0.30),
                            "andel",
                        ),
                        (
                            "Minuter per komplettering",
                            dec!(40),
                            dec!(45),
                            dec!(60),
                            "min",
                        ),
                    ],
                    60,
                    salary(41_000),
                ),
                ramped(1),
            ),
            benefit(
                "sokandes_tid",
                Category::Kvalitet,
                Invanare,
                t(
                    "Kortare väntan och mindre eget arbete för den som söker bygglov",
                    "Per Nilsson, enhetschef bygglov",
                    "600 färre kompletteringar × 2 h × invånares fritid 101 kr/h (ASEK)",
                ),
                amount(80_000, 121_200, 150_000),
                ramped(1),
            ),
            benefit(
                "underlag",
                Category::Kvalitet,
                Samhalle,
                t(
                    "Bättre underlag ger färre felaktiga beslut",
                    "Per Nilsson, enhetschef bygglov",
                    "Förstudien",
                ),
                score(1),
                ramped(1),
            ),
            cost(
                "guide",
                Extern,
                t(
                    "Guide på webben och kontroll av bilagor",
                    "Lena Ek, projektledare",
                    "Offert",
                ),
                amount(350_000, 380_000, 450_000),
                once(0),
            ),
            cost(
                "projekttid",
                Intern,
                t(
                    "Projektledning och innehållsarbete",
                    "Lena Ek, projektledare",
                    "Projektplan",
                ),
                hours(200, 250, 320, factor("verksamhetsutvecklare")),
                once(0),
            ),
            cost(
                "forvaltning",
                Extern,
                t("Förvaltning av guiden", "Lena Ek, projektledare", "Avtal"),
                amount(60_000, 60_000, 70_000),
                flat(1),
            ),
        ],
    )
}

fn e_arkiv(replanned: bool) -> Calculation {
    let from = if replanned { 2 } else { 1 };
    calc(
        2025,
        vec![
            benefit(
                "pappersarkiv",
                Category::Finansiell,
                Org,
                t(
                    "Lägre kostnad för lagring av pappersarkiv",
                    "Karin Ström, avdelningschef digitalisering",
                    "Hyresavtal för arkivlokalen",
                ),
                amount(250_000, 300_000, 320_000),
                ramped(from + 1),
            ),
            benefit(
                "atersokning",
                Category::Omfordelning,
                Org,
                t(
                    "Kortare återsökning av avslutade ärenden (45 till 10 minuter)",
                    "Karin Ström, avdelningschef digitalisering",
                    "Mätning av återsökningar hösten 2024; administratör 34 000 kr i månaden",
                ),
                driven(
                    &[
                        (
                            "Återsökningar per år",
                            dec!(5000),
                            dec!(6000),
                            dec!(7000),
                            "återsökningar",
                        ),
                        (
                            "Sparade minuter per återsökning",
                            dec!(30),
                            dec!(35),
                            dec!(35),
                            "min",
                        ),
                    ],
                    60,
                    salary(34_000),
                ),
                ramped(from),
            ),
            benefit(
                "bevarande",
                Category::Kvalitet,
                Samhalle,
                t(
                    "Säkrare bevarande av allmänna handlingar",
                    "Karin Ström, avdelningschef digitalisering",
                    "Arkivmyndighetens tillsyn 2023",
                ),
                score(3),
                ramped(from),
            ),
            cost(
                "plattform",
                Extern,
                t(
                    "E-arkivplattform och leveranser från tre verksamhetssystem",
                    "Jonas Lund, projektledare",
                    if replanned {
                        "Avtal och leverantörens nya tidplan 2026-10"
                    } else {
                        "Avtal"
                    },
                ),
                if replanned {
                    amount(1_500_000, 1_650_000, 1_900_000)
                } else {
                    amount(1_300_000, 1_450_000, 1_700_000)
                },
                flat_for(0, 2),
            ),
            cost(
                "projekttid",
                Intern,
                t(
                    "Arkivarie och systemförvaltare i projektet",
                    "Jonas Lund, projektledare",
                    "Projektplan",
                ),
                hours(500, 600, 750, factor("systemforvaltare")),
                flat_for(0, if replanned { 3 } else { 2 }),
            ),
            cost(
                "drift",
                Extern,
                t(
                    "Drift och licens för e-arkivet",
                    "Jonas Lund, projektledare",
                    "Avtal",
                ),
                amount(420_000, 450_000, 500_000),
                flat(from + 1),
            ),
        ],
    )
}

fn telefoni() -> Calculation {
    calc(
        2024,
        vec![
            benefit(
                "gammal_plattform",
                Category::Finansiell,
                Org,
                t(
                    "Avvecklad gammal telefoniplattform",
                    "Helena Sjöberg, avdelningschef kontaktcenter",
                    "Nuvarande avtal",
                ),
                amount(260_000, 280_000, 280_000),
                flat(1),
            ),
            benefit(
                "eftersamtal",
                Category::Omfordelning,
                Org,
                t(
                    "Kortare efterarbete när samtal kopplas till ärenden",
                    "Helena Sjöberg, avdelningschef kontaktcenter",
                    "Tidsmätning i kontaktcenter 2023; handläggare 33 000 kr i månaden",
                ),
                driven(
                    &[
                        (
                            "Samtal per år",
                            dec!(170000),
                            dec!(180000),
                            dec!(190000),
                            "samtal",
                        ),
                        (
                            "Sparade minuter per samtal",
                            dec!(0.4),
                            dec!(0.5),
                            dec!(0.6),
                            "min",
                        ),
                    ],
                    60,
                    salary(33_000),
                ),
                ramped(1),
            ),
            benefit(
                "besvarade",
                Category::Kvalitet,
                Invanare,
                t(
                    "Fler samtal besvarade inom 3 minuter (65 till 80 procent)",
                    "Helena Sjöberg, avdelningschef kontaktcenter",
                    "Telefonistatistik 2023",
                ),
                score(2),
                ramped(1),
            ),
            benefit(
                "nki",
                Category::Kvalitet,
                Invanare,
                t(
                    "Nöjdare invånare (NKI 62 till 70)",
                    "Helena Sjöberg, avdelningschef kontaktcenter",
                    "NKI-mätning 2023",
                ),
                score(2),
                ramped(1),
            ),
            cost(
                "plattform",
                Extern,
                t(
                    "Telefoniplattform och ärendesystem, införande",
                    "Mats Åberg, projektledare",
                    "Avtal",
                ),
                amount(1_800_000, 1_900_000, 2_200_000),
                once(0),
            ),
            cost(
                "projekttid",
                Intern,
                t(
                    "Projekt och utbildning av kontaktcenter",
                    "Mats Åberg, projektledare",
                    "Projektplan",
                ),
                hours(1200, 1400, 1700, factor("verksamhetsutvecklare")),
                once(0),
            ),
            cost(
                "licenser",
                Extern,
                t("Licenser och drift", "Mats Åberg, projektledare", "Avtal"),
                amount(330_000, 350_000, 400_000),
                flat(1),
            ),
        ],
    )
}

fn sok() -> Calculation {
    calc(
        2025,
        vec![
            benefit(
                "farre_samtal",
                Category::Omfordelning,
                Org,
                t(
                    "Färre samtal till kontaktcenter från besökare som inte hittar",
                    "Helena Sjöberg, avdelningschef kontaktcenter",
                    "Samtalsorsaker 2024; handläggare 33 000 kr i månaden",
                ),
                driven(
                    &[
                        (
                            "Färre samtal per år",
                            dec!(15000),
                            dec!(24000),
                            dec!(30000),
                            "samtal",
                        ),
                        ("Minuter per samtal", dec!(4), dec!(4), dec!(5), "min"),
                    ],
                    60,
                    salary(33_000),
                ),
                ramped(1),
            ),
            benefit(
                "besokarnas_tid",
                Category::Kvalitet,
                Invanare,
                t(
                    "Besökare hittar rätt snabbare",
                    "Helena Sjöberg, avdelningschef kontaktcenter",
                    "60 000 besök × 3 minuter = 3 000 h × invånares fritid 101 kr/h (ASEK)",
                ),
                amount(200_000, 303_000, 350_000),
                ramped(1),
            ),
            benefit(
                "tillganglighet",
                Category::Kvalitet,
                Invanare,
                t(
                    "Tillgänglig webbplats som fler kan använda",
                    "Helena Sjöberg, avdelningschef kontaktcenter",
                    "Tillgänglighetsgranskning 2025",
                ),
                score(2),
                ramped(1),
            ),
            cost(
                "sokfunktion",
                Extern,
                t(
                    "Ny sökfunktion och innehållsarbete",
                    "Nora Falk, projektledare",
                    "Avtal",
                ),
                amount(950_000, 1_050_000, 1_250_000),
                flat_for(0, 2),
            ),
            cost(
                "redaktorer",
                Intern,
                t(
                    "Redaktörernas arbete med synonymer och innehåll",
                    "Nora Falk, projektledare",
                    "Projektplan",
                ),
                hours(1200, 1400, 1600, factor("verksamhetsutvecklare")),
                once(1),
            ),
            cost(
                "licens",
                Extern,
                t("Licens för sökmotorn", "Nora Falk, projektledare", "Avtal"),
                amount(120_000, 120_000, 140_000),
                flat(1),
            ),
        ],
    )
}

fn digital_post() -> Calculation {
    calc(
        2025,
        vec![
            benefit(
                "porto",
                Category::Finansiell,
                Org,
                t(
                    "Lägre portokostnad (480 000 till 200 000 kr per år)",
                    "Ulf Andersson, enhetschef överförmyndare",
                    "Portofakturor 2024",
                ),
                amount(200_000, 280_000, 320_000),
                ramped(1),
            ),
            benefit(
                "registrering",
                Category::Omfordelning,
                Org,
                t(
                    "Färre årsräkningar på papper att registrera",
                    "Ulf Andersson, enhetschef överförmyndare",
                    "Ärendestatistik 2024; handläggare 36 000 kr i månaden",
                ),
                driven(
                    &[
                        (
                            "Årsräkningar per år",
                            dec!(1400),
                            dec!(1500),
                            dec!(1600),
                            "årsräkningar",
                        ),
                        (
                            "Andel som flyttar till e-tjänsten",
                            dec!(0.2),
                            dec!(0.3),
                            dec!(0.4),
                            "andel",
                        ),
                        (
                            "Minuter per pappersårsräkning",
                            dec!(25),
                            dec!(30),
                            dec!(30),
                            "min",
                        ),
                    ],
                    60,
                    salary(36_000),
                ),
                ramped(1),
            ),
            cost(
                "anslutning",
                Extern,
                t(
                    "Anslutning till digital brevlåda",
                    "Sara Lind, projektledare",
                    "Offert",
                ),
                amount(200_000, 220_000, 260_000),
                once(0),
            ),
            cost(
                "projekttid",
                Intern,
                t(
                    "Systemförvaltning och införande",
                    "Sara Lind, projektledare",
                    "Projektplan",
                ),
                hours(150, 200, 260, factor("systemforvaltare")),
                once(0),
            ),
            cost(
                "forvaltning",
                Extern,
                t(
                    "Förvaltning och avgift per försändelse",
                    "Sara Lind, projektledare",
                    "Avtal",
                ),
                amount(25_000, 30_000, 40_000),
                flat(1),
            ),
        ],
    )
}

fn schemalaggning() -> Calculation {
    calc(
        2027,
        vec![
            benefit(
                "planeringstid",
                Category::Omfordelning,
                Org,
                t(
                    "Frigjord planeringstid för rektorer och skoladministratörer",
                    "Eva Karlsson, områdeschef",
                    "Enkät till tio skolor 2026; rektor 52 000 kr i månaden",
                ),
                driven(
                    &[
                        ("Pilotskolor", dec!(10), dec!(10), dec!(10), "skolor"),
                        (
                            "Timmar för schemaläggning per skola och år",
                            dec!(100),
                            dec!(120),
                            dec!(140),
                            "h",
                        ),
                        (
                            "Andel av tiden som sparas",
                            dec!(0.4),
                            dec!(0.6),
                            dec!(0.7),
                            "andel",
                        ),
                    ],
                    1,
                    salary(52_000),
                ),
                ramped(1),
            ),
            benefit(
                "battre_scheman",
                Category::Kvalitet,
                Invanare,
                t(
                    "Bättre scheman för elever, färre håltimmar",
                    "",
                    "Förstudien",
                ),
                score(1),
                ramped(1),
            ),
            cost(
                "verktyg",
                Extern,
                t(
                    "Schemaläggningsverktyg, införande",
                    "Eva Karlsson, områdeschef",
                    "Marknadsundersökning",
                ),
                amount(600_000, 700_000, 850_000),
                once(0),
            ),
            cost(
                "projekttid",
                Intern,
                t(
                    "Införande på pilotskolorna",
                    "Eva Karlsson, områdeschef",
                    "Uppskattning",
                ),
                hours(300, 400, 550, factor("verksamhetsutvecklare")),
                once(0),
            ),
            cost(
                "licens",
                Extern,
                t(
                    "Licens",
                    "Eva Karlsson, områdeschef",
                    "Marknadsundersökning",
                ),
                amount(130_000, 150_000, 180_000),
                flat(1),
            ),
        ],
    )
}

fn mina_sidor() -> Calculation {
    calc(2023, vec![
        benefit("farre_samtal", Category::Omfordelning, Org,
            t("Färre samtal från företag om ärendestatus", "Tomas Wik, avdelningschef digital infrastruktur",
              "Samtalsorsaker 2022; handläggare 33 000 kr i månaden"),
            driven(&[
                ("Samtal om ärendestatus per år", dec!(6000), dec!(8000), dec!(9000), "samtal"),
                ("Minuter per samtal", dec!(5), dec!(6), dec!(6), "min"),
            ], 60, salary(33_000)),
            ramped(1)),
        benefit("foretagens_tid", Category::Kvalitet, Samhalle,
            t("Företagen lägger mindre tid på att följa sina ärenden", "Tomas Wik, avdelningschef digital infrastruktur",
              "8 000 ärenden × 15 minuter × invånares arbetstid 452 kr/h, halverat för osäkerhet"),
            amount(100_000, 450_000, 900_000), ramped(1)),
        cost("utveckling", Extern,
            t("Förstudie och inloggad ingång för företag under Mina sidor", "Tomas Wik, avdelningschef digital infrastruktur", "Grov uppskattning"),
            amount(1_500_000, 1_800_000, 2_500_000), once(0)),
        cost("projekttid", Intern,
            t("Projekt och integrationer, egen tid", "Tomas Wik, avdelningschef digital infrastruktur", "Grov uppskattning"),
            hours(900, 1100, 1500, factor("verksamhetsutvecklare")), once(0)),
        cost("licens", Extern,
            t("Drift och licens", "Tomas Wik, avdelningschef digital infrastruktur", "Grov uppskattning"),
            amount(250_000, 300_000, 350_000), flat(1)),
    ])
}

fn tillstandsguider() -> Calculation {
    calc(
        2026,
        vec![
            benefit(
                "farre_samtal",
                Category::Omfordelning,
                Org,
                t(
                    "Färre onödiga samtal till kontaktcenter från företagare som ska söka tillstånd",
                    "Johan Berg, avdelningschef kommunikation",
                    "Kontaktcentrets ärendestatistik 2025; servicevägledare 34 000 kr i månaden",
                ),
                driven(
                    &[
                        (
                            "Samtal om tillstånd från företagare per år",
                            dec!(10000),
                            dec!(10800),
                            dec!(11500),
                            "samtal",
                        ),
                        (
                            "Andel samtal som guiderna gör onödiga",
                            dec!(0.2),
                            dec!(0.25),
                            dec!(0.3),
                            "andel",
                        ),
                        (
                            "Minuter per samtal",
                            dec!(5),
                            dec!(6),
                            dec!(7),
                            "min",
                        ),
                    ],
                    60,
                    salary(34_000),
                ),
                ramped(1),
            ),
            benefit(
                "nojdare_foretagare",
                Category::Kvalitet,
                Samhalle,
                t(
                    "Nöjdare företagare som hittar rätt e-tjänst för sitt tillstånd",
                    "Johan Berg, avdelningschef kommunikation",
                    "Näringslivsenkät 2025",
                ),
                score(2),
                ramped(1),
            ),
            cost(
                "guider",
                Extern,
                t(
                    "Tillståndsguider för de vanligaste tillstånden",
                    "Amir Rahimi, projektledare",
                    "Offert",
                ),
                amount(170_000, 190_000, 230_000),
                once(0),
            ),
            cost(
                "projekttid",
                Intern,
                t(
                    "Innehållsarbete med förvaltningarnas handläggare",
                    "Amir Rahimi, projektledare",
                    "Projektplan",
                ),
                hours(140, 170, 220, factor("verksamhetsutvecklare")),
                once(0),
            ),
            cost(
                "forvaltning",
                Extern,
                t("Förvaltning av guiderna", "Amir Rahimi, projektledare", "Avtal"),
                amount(25_000, 25_000, 30_000),
                flat(1),
            ),
        ],
    )
}
