//! The demo register's benefit-realisation plans and measurements.
//!
//! As of [`super::DEMO_DATE`] (2026-10-31) every follow-up status occurs:
//!
//! | Initiative | Benefit status | Why |
//! |---|---|---|
//! | NR-2024-001 telefoni | grön | NKI and SVAR3 met their 12-month targets |
//! | NR-2024-002 trygghetslarm | grön | HANDL and TIMMAR met their 12-month targets (TIMMAR's 24 months is kommande) |
//! | NR-2024-003 digital tolk | saknas | TOLKPL has no measurement in the 12-month window (2026-09-01, grace ended 2026-10-01) |
//! | NR-2025-001 bygglovsguide | gul | KOMPL 38 % at 6 months: exactly θ = 80 % of the way from 50 % to 35 %; GUIDE (no baseline) grön |
//! | NR-2025-002 digital post | gul | PORTO gul at 12 months; EARS grön at 6 months, its 12-month checkpoint on its 30th day of grace (kommande) |
//! | NR-2025-003 e-ansökan | röd | EANDEL 38 % at 6 months against 45 % — a target lowered from 50 % after approval (plan version 2) |
//! | NR-2025-004 e-arkiv | kommande | approved plan, go-live 2026-12-01 |
//! | NR-2025-005 sök | röd | HITTAR 61 % at 6 months against 65 % from 55 %; SOKNOLL gul |
//!
//! Monetised benefits link the lines of the initiatives' calculations (`demo/calculations.rs`),
//! so the register shows calculated against realised value; e.g. PORTO's benefit links
//! NR-2025-002's line `porto`: realised annual value = calculated × 0,82. NR-2026-002,
//! NR-2025-006 and NR-2026-001 have drafts only (NR-2026-001's is incomplete, NR-2025-006's has
//! no effect goal, like its initiative), NR-2023-001 (struken) has no plan.

use crate::store::prelude::*;
use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::model::plan::{
    AllowedRange, Baseline, Benefit, Direction, Indicator, Measurement, Plan, Target,
};
use crate::model::Approval;
use crate::store::Result;

use super::date;

fn dec(text: &str) -> Decimal {
    text.parse().expect("demo values are decimals")
}

struct Ind {
    code: &'static str,
    name: &'static str,
    unit: &'static str,
    direction: Direction,
    range: Option<(&'static str, &'static str)>,
    baseline: Option<(&'static str, NaiveDate, &'static str)>,
    targets: &'static [(u32, &'static str)],
    measured_by: &'static str,
    method: &'static str,
    frequency: &'static str,
    source: &'static str,
}

fn indicator(i: &Ind) -> Indicator {
    Indicator {
        unit: i.unit.into(),
        allowed_range: i.range.map(|(min, max)| AllowedRange {
            min: Some(dec(min)),
            max: Some(dec(max)),
        }),
        baseline: i.baseline.map(|(value, date, source)| Baseline {
            value: dec(value),
            date,
            source: source.into(),
        }),
        targets: i
            .targets
            .iter()
            .map(|&(months, value)| Target {
                months_after_go_live: months,
                value: dec(value),
            })
            .collect(),
        measured_by: i.measured_by.into(),
        method: i.method.into(),
        frequency: i.frequency.into(),
        data_source: i.source.into(),
        ..Indicator::new(i.code, i.name, i.direction)
    }
}

#[allow(clippy::too_many_arguments)]
fn benefit(
    name: &str,
    change: &str,
    effect: &str,
    goal: &str,
    owner: &str,
    line: Option<&str>,
    indicators: &[Ind],
) -> Benefit {
    Benefit {
        name: name.into(),
        change: change.into(),
        effect: effect.into(),
        goal: goal.into(),
        owner: owner.into(),
        realised_by: None,
        calculation_line: line.map(Into::into),
        indicators: indicators.iter().map(indicator).collect(),
    }
}

fn plan(benefits: Vec<Benefit>, prerequisites: &[&str], risks: &[&str]) -> Plan {
    Plan {
        benefits,
        prerequisites: prerequisites.iter().map(|s| s.to_string()).collect(),
        risks: risks.iter().map(|s| s.to_string()).collect(),
    }
}

fn approval(by: &str, on: NaiveDate, decision: &str) -> Approval {
    Approval {
        approved_by: by.into(),
        approved_at: on,
        decision_ref: decision.into(),
    }
}

const RADET: &str = "Digitaliseringsrådet";

fn trygghetslarm() -> Plan {
    plan(
        vec![
            benefit(
                "Snabbare beslut om trygghetslarm",
                "Ansökningar om trygghetslarm beslutas automatiskt av en regelmotor.",
                "Den som ansöker får beslut inom några dagar i stället för två veckor.",
                "Handläggningstiden för trygghetslarm ska minska från 14 till 3 dagar inom ett år efter driftsättning.",
                "Anna Lindqvist, avdelningschef myndighet",
                None,
                &[Ind {
                    code: "HANDL",
                    name: "Handläggningstid per ansökan",
                    unit: "dagar",
                    direction: Direction::LowerIsBetter,
                    range: None,
                    baseline: Some(("14", date(2024, 10, 15), "Verksamhetssystemet, medel september 2024")),
                    targets: &[(6, "6"), (12, "3")],
                    measured_by: "Verksamhetsutvecklare myndighet",
                    method: "Medelvärde av tiden från ansökan till beslut för beslut fattade under månaden.",
                    frequency: "Månadsvis",
                    source: "Verksamhetssystemet för äldreomsorg",
                }],
            ),
            benefit(
                "Frigjord tid för biståndshandläggare",
                "Handläggarna granskar stickprov i stället för att utreda varje ansökan.",
                "Handläggarna lägger mindre tid på trygghetslarm.",
                "Biståndshandläggarnas tid för trygghetslarm ska minska med 150 timmar per månad.",
                "Anna Lindqvist, avdelningschef myndighet",
                Some("handlaggartid"),
                &[Ind {
                    code: "TIMMAR",
                    name: "Handläggartid för trygghetslarm",
                    unit: "timmar/månad",
                    direction: Direction::LowerIsBetter,
                    range: None,
                    baseline: Some(("210", date(2024, 10, 31), "Tidsstudie oktober 2024")),
                    targets: &[(6, "120"), (12, "60"), (24, "50")],
                    measured_by: "Verksamhetsutvecklare myndighet",
                    method: "Tidsstudie under två veckor, uppräknad till en månad.",
                    frequency: "Halvårsvis",
                    source: "Tidsstudie",
                }],
            ),
        ],
        &["Regelmotorn är integrerad med verksamhetssystemet.", "Rutin för stickprovskontroll är beslutad."],
        &["Ändrad lagstiftning kan kräva manuell prövning igen."],
    )
}

fn tolk() -> Plan {
    plan(
        vec![benefit(
            "Lägre tolkkostnad och tryggare klienter",
            "Tolk ansluter digitalt i mottagningsrummet i stället för på plats.",
            "Färre tolkuppdrag på plats och färre uteblivna tolkar.",
            "Antalet bokade tolkuppdrag på plats ska minska med 40 procent inom ett år.",
            "Maria Johansson, sektorchef",
            Some("tolkkostnad"),
            &[
                Ind {
                    code: "TOLKPL",
                    name: "Bokade tolkuppdrag på plats",
                    unit: "st/månad",
                    direction: Direction::LowerIsBetter,
                    range: None,
                    baseline: Some((
                        "250",
                        date(2025, 5, 31),
                        "Tolkförmedlingens fakturaunderlag",
                    )),
                    targets: &[(6, "190"), (12, "150")],
                    measured_by: "Controller socialförvaltningen",
                    method: "Antal bokade uppdrag på plats enligt fakturaunderlaget för månaden.",
                    frequency: "Kvartalsvis",
                    source: "Tolkförmedlingens fakturaunderlag",
                },
                Ind {
                    code: "TRYGG",
                    name: "Klienter som känner sig trygga med tolken",
                    unit: "%",
                    direction: Direction::HigherIsBetter,
                    range: Some(("0", "100")),
                    baseline: Some(("70", date(2025, 6, 15), "Enkät till klienter")),
                    targets: &[(6, "80")],
                    measured_by: "Ali Hassan, utvecklingsledare",
                    method: "Kort enkät efter mötet.",
                    frequency: "Vid 6 månader",
                    source: "Klientenkät",
                },
            ],
        )],
        &["Alla mottagningsrum har skärm och högtalare."],
        &["Klienter som behöver tolk på plats av medicinska skäl."],
    )
}

fn e_ansokan(first_target: &'static str) -> Plan {
    let targets: &'static [(u32, &'static str)] = if first_target == "50" {
        &[(6, "50"), (12, "70")]
    } else {
        &[(6, "45"), (12, "70")]
    };
    plan(
        vec![
            benefit(
                "Fler digitala ansökningar",
                "Ansökan om försörjningsstöd görs i en e-tjänst med automatisk kontroll av inkomstuppgifter.",
                "Fler sökande ansöker digitalt och färre ansökningar behöver kompletteras.",
                "Andelen digitala ansökningar ska öka från 30 till 70 procent inom ett år.",
                "Maria Johansson, sektorchef",
                Some("registrering"),
                &[Ind {
                    code: "EANDEL",
                    name: "Andel ansökningar som kommer in digitalt",
                    unit: "%",
                    direction: Direction::HigherIsBetter,
                    range: Some(("0", "100")),
                    baseline: Some(("30", date(2025, 9, 30), "Ärendestatistik")),
                    targets,
                    measured_by: "Sofia Berg, verksamhetsutvecklare",
                    method: "Digitala ansökningar delat med alla ansökningar under månaden.",
                    frequency: "Månadsvis",
                    source: "Ärendestatistik ur verksamhetssystemet",
                }],
            ),
            benefit(
                "Frigjord handläggartid",
                "Inkomstuppgifter kontrolleras automatiskt.",
                "Kortare handläggning per ansökan; tiden läggs på stödjande samtal.",
                "Handläggningstiden per ansökan ska minska med 25 procent.",
                "Maria Johansson, sektorchef",
                Some("handlaggartid"),
                &[Ind {
                    code: "HTID",
                    name: "Handläggningstid per ansökan",
                    unit: "minuter",
                    direction: Direction::LowerIsBetter,
                    range: None,
                    baseline: Some(("90", date(2025, 10, 15), "Tidsstudie")),
                    targets: &[(6, "80"), (12, "68")],
                    measured_by: "Sofia Berg, verksamhetsutvecklare",
                    method: "Tidsstudie på tio ansökningar.",
                    frequency: "Vid 6 och 12 månader",
                    source: "Tidsstudie",
                }],
            ),
        ],
        &["Avtal med Försäkringskassan om inkomstuppgifter."],
        &["Sökande utan e-legitimation fortsätter att ansöka på papper."],
    )
}

fn bygglov() -> Plan {
    plan(
        vec![benefit(
            "Färre ofullständiga bygglovsansökningar",
            "En guide på webben leder sökande genom ansökan och kontrollerar bilagorna.",
            "Fler ansökningar är kompletta när de kommer in.",
            "Andelen ansökningar som behöver kompletteras ska minska från 50 till 25 procent.",
            "Per Nilsson, enhetschef bygglov",
            Some("kompletteringar"),
            &[
                Ind {
                    code: "KOMPL",
                    name: "Andel ansökningar som behöver kompletteras",
                    unit: "%",
                    direction: Direction::LowerIsBetter,
                    range: Some(("0", "100")),
                    baseline: Some(("50", date(2025, 6, 30), "Ärendestatistik första halvåret 2025")),
                    targets: &[(6, "35"), (12, "25")],
                    measured_by: "Lena Ek, handläggare",
                    method: "Ärenden med begäran om komplettering delat med inkomna ärenden under kvartalet.",
                    frequency: "Kvartalsvis",
                    source: "Ärendesystemet för bygglov",
                },
                Ind {
                    code: "GUIDE",
                    name: "Sökande som använder guiden",
                    unit: "%",
                    direction: Direction::HigherIsBetter,
                    range: Some(("0", "100")),
                    baseline: None,
                    targets: &[(6, "40"), (12, "60")],
                    measured_by: "Lena Ek, handläggare",
                    method: "Ansökningar som startats i guiden delat med alla ansökningar.",
                    frequency: "Kvartalsvis",
                    source: "Webbstatistik och ärendesystemet",
                },
            ],
        )],
        &["Guiden länkas från alla sidor om bygglov."],
        &["Sökande med ombud använder inte guiden."],
    )
}

fn e_arkiv() -> Plan {
    plan(
        vec![
            benefit(
                "Kortare återsökningstid",
                "Avslutade ärenden levereras till e-arkivet och blir sökbara på ett ställe.",
                "Handläggare och registratorer hittar avslutade ärenden snabbare.",
                "Återsökningstiden för ett avslutat ärende ska minska från 45 till 10 minuter.",
                "Karin Ström, avdelningschef digitalisering",
                Some("atersokning"),
                &[Ind {
                    code: "ATERSOK",
                    name: "Återsökningstid för ett avslutat ärende",
                    unit: "minuter",
                    direction: Direction::LowerIsBetter,
                    range: None,
                    baseline: Some(("45", date(2025, 3, 15), "Tidsmätning på tjugo ärenden")),
                    targets: &[(6, "20"), (12, "10")],
                    measured_by: "Jonas Lund, projektledare",
                    method: "Tidsmätning på tjugo slumpvis valda ärenden.",
                    frequency: "Vid 6 och 12 månader",
                    source: "Tidsmätning",
                }],
            ),
            benefit(
                "Lägre lagringskostnad",
                "Pappersarkivet gallras när ärendena finns i e-arkivet.",
                "Mindre hyrd arkivyta.",
                "Kostnaden för lagring av pappersarkiv ska minska med 300 000 kr per år.",
                "Karin Ström, avdelningschef digitalisering",
                Some("pappersarkiv"),
                &[Ind {
                    code: "LAGRING",
                    name: "Kostnad för lagring av pappersarkiv",
                    unit: "kr/år",
                    direction: Direction::LowerIsBetter,
                    range: None,
                    baseline: Some(("420000", date(2024, 12, 31), "Ekonomisystemet, utfall 2024")),
                    targets: &[(12, "120000")],
                    measured_by: "Controller Intraservice",
                    method: "Årets fakturerade hyra för arkivlokaler.",
                    frequency: "Årsvis",
                    source: "Ekonomisystemet",
                }],
            ),
        ],
        &["Personuppgiftsansvaret för ärenden som flyttas mellan nämnder är utrett."],
        &["Leveranserna från verksamhetssystemen blir försenade."],
    )
}

fn telefoni() -> Plan {
    plan(
        vec![
            benefit(
                "Nöjdare invånare",
                "Ny telefoniplattform kopplad till ärendesystemet, med NKI-mätning efter varje samtal.",
                "Invånarna får hjälp snabbare och är nöjdare med kontakten.",
                "Nöjd-kund-index ska öka från 62 till 70 inom ett år.",
                "Helena Sjöberg, avdelningschef kontaktcenter",
                None,
                &[Ind {
                    code: "NKI",
                    name: "Nöjd kund-index",
                    unit: "index",
                    direction: Direction::HigherIsBetter,
                    range: Some(("0", "100")),
                    baseline: Some(("62", date(2025, 3, 31), "NKI-mätning första kvartalet 2025")),
                    targets: &[(6, "66"), (12, "70")],
                    measured_by: "Kvalitetsstrateg kontaktcenter",
                    method: "SMS-enkät efter samtal, index enligt SCB:s modell.",
                    frequency: "Kvartalsvis",
                    source: "Enkätverktyget",
                }],
            ),
            benefit(
                "Fler besvarade samtal i tid",
                "Samtal köas och fördelas efter ärendetyp.",
                "Fler samtal besvaras inom tre minuter.",
                "Andelen samtal som besvaras inom 3 minuter ska öka från 65 till 80 procent.",
                "Helena Sjöberg, avdelningschef kontaktcenter",
                None,
                &[Ind {
                    code: "SVAR3",
                    name: "Samtal som besvaras inom 3 minuter",
                    unit: "%",
                    direction: Direction::HigherIsBetter,
                    range: Some(("0", "100")),
                    baseline: Some(("65", date(2025, 3, 31), "Telefonistatistik")),
                    targets: &[(6, "72"), (12, "80")],
                    measured_by: "Mats Åberg, teamledare",
                    method: "Andel samtal med väntetid högst 3 minuter under månaden.",
                    frequency: "Månadsvis",
                    source: "Telefoniplattformens statistik",
                }],
            ),
        ],
        &["Ärendesystemet är infört i hela kontaktcenter."],
        &["Hög sjukfrånvaro under införandet."],
    )
}

fn sok() -> Plan {
    plan(
        vec![benefit(
            "Besökare hittar det de söker",
            "Ny sökfunktion med synonymer och statistik över sökningar utan träff.",
            "Fler besökare hittar och förstår innehållet; färre ringer kontaktcenter.",
            "Andelen besökare som hittar det de söker ska öka från 55 till 75 procent.",
            "Helena Sjöberg, avdelningschef kontaktcenter",
            Some("farre_samtal"),
            &[
                Ind {
                    code: "HITTAR",
                    name: "Besökare som hittar det de söker",
                    unit: "%",
                    direction: Direction::HigherIsBetter,
                    range: Some(("0", "100")),
                    baseline: Some(("55", date(2026, 2, 28), "Webbenkät februari 2026")),
                    targets: &[(6, "65"), (12, "75")],
                    measured_by: "Nora Falk, webbredaktör",
                    method: "Fråga i webbenkäten: Hittade du det du sökte?",
                    frequency: "Kvartalsvis",
                    source: "Webbenkät",
                },
                Ind {
                    code: "SOKNOLL",
                    name: "Sökningar utan träff",
                    unit: "%",
                    direction: Direction::LowerIsBetter,
                    range: Some(("0", "100")),
                    baseline: Some(("18", date(2026, 2, 28), "Sökstatistik")),
                    targets: &[(6, "12"), (12, "8")],
                    measured_by: "Nora Falk, webbredaktör",
                    method: "Sökningar utan träff delat med alla sökningar under månaden.",
                    frequency: "Månadsvis",
                    source: "Sökverktygets statistik",
                },
            ],
        )],
        &["Redaktörerna lägger in synonymer varje vecka."],
        &["Innehållet på sidorna är inaktuellt."],
    )
}

fn digital_post() -> Plan {
    plan(
        vec![
            benefit(
                "Lägre portokostnad",
                "Brev till ställföreträdare skickas till deras digitala brevlåda.",
                "Färre brev skickas på papper.",
                "Portokostnaden ska minska från 480 000 till 200 000 kr per år.",
                "Ulf Andersson, enhetschef överförmyndare",
                Some("porto"),
                &[Ind {
                    code: "PORTO",
                    name: "Portokostnad",
                    unit: "kr/år",
                    direction: Direction::LowerIsBetter,
                    range: None,
                    baseline: Some((
                        "480000",
                        date(2025, 6, 30),
                        "Ekonomisystemet, rullande tolv månader",
                    )),
                    targets: &[(6, "340000"), (12, "200000")],
                    measured_by: "Controller överförmyndarenheten",
                    method: "Portokostnaden för de senaste tre månaderna gånger fyra.",
                    frequency: "Kvartalsvis",
                    source: "Ekonomisystemet",
                }],
            ),
            benefit(
                "Fler årsräkningar via e-tjänst",
                "Ställföreträdare får påminnelser och länk till e-tjänsten digitalt.",
                "Fler årsräkningar lämnas digitalt och kan granskas snabbare.",
                "Fler årsräkningar ska lämnas via e-tjänsten.",
                "Ulf Andersson, enhetschef överförmyndare",
                Some("registrering"),
                &[Ind {
                    code: "EARS",
                    name: "Årsräkningar som lämnas via e-tjänsten",
                    unit: "%",
                    direction: Direction::HigherIsBetter,
                    range: Some(("0", "100")),
                    baseline: Some(("20", date(2025, 4, 30), "Årsräkningar 2024")),
                    targets: &[(6, "40"), (12, "60")],
                    measured_by: "Sara Lind, handläggare",
                    method: "Årsräkningar via e-tjänsten delat med alla inkomna årsräkningar.",
                    frequency: "Vid 6 och 12 månader",
                    source: "Ärendesystemet",
                }],
            ),
        ],
        &["Ställföreträdarna har en digital brevlåda."],
        &["Många ställföreträdare saknar digital brevlåda."],
    )
}

fn schemalaggning() -> Plan {
    plan(
        vec![benefit(
            "Frigjord planeringstid",
            "Schemat läggs av ett verktyg utifrån skolans förutsättningar.",
            "Rektorer och administratörer lägger mindre tid på schemat.",
            "Planeringstiden för schemaläggning ska minska med 60 procent per skola.",
            "Eva Karlsson, områdeschef",
            None,
            &[Ind {
                code: "PLANTID",
                name: "Planeringstid för schemaläggning per skola",
                unit: "timmar",
                direction: Direction::LowerIsBetter,
                range: None,
                baseline: Some(("160", date(2026, 6, 15), "Enkät till rektorer")),
                targets: &[(12, "64")],
                measured_by: "Skoladministratör, pilotskolorna",
                method: "Tidsredovisning under schemaläggningen.",
                frequency: "Årsvis",
                source: "Tidsredovisning",
            }],
        )],
        &["Tio pilotskolor deltar."],
        &[],
    )
}

fn kalender() -> Plan {
    // A draft from the benefits of the idea description; the initiative has no effect goals
    // yet (seed 003 §1.4), so the benefit's goal is still empty.
    plan(
        vec![benefit(
            "Mindre dubbelarbete för redaktörer",
            "Aktiviteter kan exporteras från kalendariet direkt till tryck.",
            "Redaktörerna lägger in en aktivitet en gång.",
            "",
            "Johan Berg, avdelningschef kommunikation",
            None,
            &[Ind {
                code: "REDTID",
                name: "Redaktörernas tid för kalendariet",
                unit: "timmar/månad",
                direction: Direction::LowerIsBetter,
                range: None,
                baseline: Some(("45", date(2026, 1, 31), "Tidsredovisning")),
                targets: &[(6, "30"), (12, "25")],
                measured_by: "Webbredaktör",
                method: "Tidsredovisning.",
                frequency: "Kvartalsvis",
                source: "Tidsredovisning",
            }],
        )],
        &[],
        &["Budgeten räcker inte för samtliga behov av utveckling."],
    )
}

fn tillstand() -> Plan {
    // An incomplete draft: who measures is not decided yet.
    plan(
        vec![benefit(
            "Färre onödiga samtal till kontaktcenter",
            "Tillståndsguider leder företagaren till rätt e-tjänst.",
            "Företagare hittar själva det tillstånd de behöver och ringer inte för att fråga.",
            "Färre onödiga samtal till kontaktcenter från företagare som ska söka tillstånd: en fjärdedel färre inom ett år efter driftsättning.",
            "Johan Berg, avdelningschef kommunikation",
            None,
            &[Ind {
                code: "TILLSAMT",
                name: "Samtal till kontaktcenter om tillstånd från företagare",
                unit: "samtal/månad",
                direction: Direction::LowerIsBetter,
                range: None,
                baseline: Some(("900", date(2026, 9, 30), "Kontaktcentrets ärendestatistik")),
                targets: &[(12, "675")],
                measured_by: "",
                method: "",
                frequency: "",
                source: "",
            }],
        )],
        &[],
        &[],
    )
}

/// Measurements per indicator: (date, value, source, comment).
type Series = &'static [(i32, u32, u32, &'static str)];

fn measure(
    register: &mut impl RegisterStore,
    initiative: i64,
    code: &str,
    series: Series,
    source: &str,
) -> Result<()> {
    for &(y, m, d, value) in series {
        register.add_measurement(
            initiative,
            &Measurement {
                indicator: code.into(),
                date: date(y, m, d),
                value: dec(value),
                source: source.into(),
                comment: String::new(),
                author: String::new(),
            },
        )?;
    }
    Ok(())
}

/// `plan` with every benefit realised by organisation `by` (seed 004 §2.4.2.5: the
/// affected nämnd or bolag realises the benefits).
fn realised(plan: &Plan, by: i64) -> Plan {
    let mut plan = plan.clone();
    for benefit in &mut plan.benefits {
        benefit.realised_by = Some(by);
    }
    plan
}

fn approved(
    register: &mut impl RegisterStore,
    by: &dyn Fn(i64) -> i64,
    initiative: i64,
    plan: &Plan,
    approval: &Approval,
) -> Result<()> {
    let draft = register.create_plan(initiative, &realised(plan, by(initiative)))?;
    register.approve_plan(draft.id, draft.row_version, approval)?;
    Ok(())
}

/// Writes the plans and measurements; `id` finds an initiative's id by its code.
/// Every plan of the demo; `id` gives an initiative's id by its code, `by` the organisation
/// that realises the benefits of an initiative (by its id).
pub(super) fn populate(register: &mut impl RegisterStore, id: impl Fn(&str) -> i64, by: impl Fn(i64) -> i64) -> Result<()> {
    // NR-2024-002: grön.
    let i = id("NR-2024-002");
    approved(
        register,
        &by,
        i,
        &trygghetslarm(),
        &approval(RADET, date(2024, 8, 20), "DR 2024-08-20 §5"),
    )?;
    measure(
        register,
        i,
        "HANDL",
        &[
            (2025, 4, 1, "11"),
            (2025, 5, 2, "8.5"),
            (2025, 6, 2, "7"),
            (2025, 7, 1, "6.5"),
            (2025, 8, 1, "6"),
            (2025, 9, 1, "5.5"),
            (2025, 10, 1, "5"),
            (2025, 12, 1, "4"),
            (2026, 2, 2, "3.2"),
            (2026, 3, 2, "2.9"),
            (2026, 6, 1, "2.8"),
            (2026, 9, 1, "2.7"),
        ],
        "Verksamhetssystemet",
    )?;
    measure(
        register,
        i,
        "TIMMAR",
        &[(2025, 9, 5, "115"), (2026, 3, 5, "58"), (2026, 9, 4, "55")],
        "Tidsstudie",
    )?;

    // NR-2024-003: saknas (no TOLKPL measurement at 12 months).
    let i = id("NR-2024-003");
    approved(
        register,
        &by,
        i,
        &tolk(),
        &approval(
            "Socialnämnden Centrum",
            date(2025, 4, 24),
            "SN C 2025-04-24 §61",
        ),
    )?;
    measure(
        register,
        i,
        "TOLKPL",
        &[
            (2025, 12, 1, "215"),
            (2026, 3, 3, "180"),
            (2026, 6, 1, "165"),
        ],
        "Fakturaunderlag",
    )?;
    measure(register, i, "TRYGG", &[(2026, 3, 10, "82")], "Klientenkät")?;

    // NR-2025-003: röd, and a target lowered after approval (version 2 with a reason).
    let i = id("NR-2025-003");
    approved(
        register,
        &by,
        i,
        &e_ansokan("50"),
        &approval(RADET, date(2025, 12, 10), "DR 2025-12-10 §7"),
    )?;
    let v2 = register.new_plan_version(
        i,
        "Avtalet med Försäkringskassan om automatisk kontroll av inkomstuppgifter försenades till 2027. \
         Målet vid 6 månader sänks från 50 till 45 procent; målet vid 12 månader ligger fast.",
    )?;
    let v2 = register.save_plan_draft(v2.id, v2.row_version, &realised(&e_ansokan("45"), by(i)))?;
    register.approve_plan(
        v2.id,
        v2.row_version,
        &approval(RADET, date(2026, 5, 20), "DR 2026-05-20 §3"),
    )?;
    measure(
        register,
        i,
        "EANDEL",
        &[
            (2026, 2, 16, "33"),
            (2026, 4, 15, "36"),
            (2026, 6, 15, "37"),
            (2026, 7, 14, "38"),
            (2026, 9, 15, "41"),
            (2026, 10, 15, "43"),
        ],
        "Ärendestatistik",
    )?;
    measure(register, i, "HTID", &[(2026, 7, 20, "79")], "Tidsstudie")?;

    // NR-2025-001: gul (exactly at the threshold), GUIDE without a baseline.
    let i = id("NR-2025-001");
    approved(
        register,
        &by,
        i,
        &bygglov(),
        &approval("Stadsbyggnadsnämnden", date(2025, 5, 28), "SBN 2025-05-28 §88"),
    )?;
    measure(
        register,
        i,
        "KOMPL",
        &[(2026, 2, 2, "44"), (2026, 5, 5, "38"), (2026, 8, 3, "33")],
        "Ärendesystemet",
    )?;
    measure(
        register,
        i,
        "GUIDE",
        &[(2026, 5, 4, "44"), (2026, 8, 3, "52")],
        "Webbstatistik",
    )?;

    // NR-2025-004: kommande (approved, not live yet).
    let i = id("NR-2025-004");
    approved(
        register,
        &by,
        i,
        &e_arkiv(),
        &approval(RADET, date(2025, 3, 18), "DR 2025-03-18 §2"),
    )?;

    // NR-2024-001: grön.
    let i = id("NR-2024-001");
    approved(
        register,
        &by,
        i,
        &telefoni(),
        &approval(
            "Nämnden för demokrati och medborgarservice",
            date(2024, 5, 21),
            "DMN 2024-05-21 §40",
        ),
    )?;
    measure(
        register,
        i,
        "NKI",
        &[
            (2025, 7, 1, "63"),
            (2025, 9, 1, "65"),
            (2025, 12, 1, "66"),
            (2026, 3, 2, "68"),
            (2026, 6, 1, "71"),
            (2026, 9, 1, "71"),
        ],
        "Enkätverktyget",
    )?;
    measure(
        register,
        i,
        "SVAR3",
        &[(2025, 12, 3, "73"), (2026, 6, 3, "80.5")],
        "Telefonistatistik",
    )?;

    // NR-2025-005: röd; a measurement from before go-live that never counts.
    let i = id("NR-2025-005");
    approved(
        register,
        &by,
        i,
        &sok(),
        &approval(RADET, date(2025, 8, 26), "DR 2025-08-26 §6"),
    )?;
    measure(
        register,
        i,
        "HITTAR",
        &[
            (2026, 3, 2, "55"),
            (2026, 5, 4, "56"),
            (2026, 7, 1, "58"),
            (2026, 10, 5, "61"),
        ],
        "Webbenkät",
    )?;
    measure(
        register,
        i,
        "SOKNOLL",
        &[(2026, 6, 1, "15"), (2026, 10, 5, "12.5")],
        "Sökstatistik",
    )?;

    // NR-2025-002: gul; PORTO realises part of the calculated benefit.
    let i = id("NR-2025-002");
    approved(
        register,
        &by,
        i,
        &digital_post(),
        &approval(RADET, date(2025, 2, 11), "DR 2025-02-11 §4"),
    )?;
    measure(
        register,
        i,
        "PORTO",
        &[
            (2026, 1, 8, "400000"),
            (2026, 4, 7, "360000"),
            (2026, 7, 6, "300000"),
            (2026, 10, 5, "250000"),
        ],
        "Ekonomisystemet",
    )?;
    measure(
        register,
        i,
        "EARS",
        &[(2026, 4, 10, "45")],
        "Ärendesystemet",
    )?;

    // Drafts only.
    register.create_plan(id("NR-2026-002"), &realised(&schemalaggning(), by(id("NR-2026-002"))))?;
    register.create_plan(id("NR-2025-006"), &realised(&kalender(), by(id("NR-2025-006"))))?;
    register.create_plan(id("NR-2026-001"), &realised(&tillstand(), by(id("NR-2026-001"))))?;
    Ok(())
}
