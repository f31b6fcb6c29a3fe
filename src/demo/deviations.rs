//! The demo register's benefit deviations (nyttoavvikelser): what was written about the röd
//! and saknas checkpoints of [`super::DEMO_DATE`] (2026-10-31), so each state shows.
//!
//! | Initiative | Checkpoint | State |
//! |---|---|---|
//! | NR-2025-003 e-ansökan (särskilt följd) | EANDEL 6 mån, röd | open with orsak, åtgärd and a decision asked of the council ("Att besluta") |
//! | NR-2024-003 digital tolk (särskilt följd) | TOLKPL 12 mån, saknas | open with an orsak and no åtgärd: in "Att göra" with its benefit owner |
//! | NR-2025-005 sök | HITTAR 6 mån, röd | closed by the förvaltning's digitaliseringsråd's decision of 2026-10-20 |

use chrono::NaiveDate;

use crate::model::deviation::{Closure, Decision, DeviationEdit, DeviationKey};
use crate::store::prelude::*;
use crate::store::Result;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid demo date")
}

/// Writes the notes; `id` gives an initiative's id by its code.
pub fn populate(register: &mut impl RegisterStore, id: impl Fn(&str) -> i64) -> Result<()> {
    let key = |code: &str, indicator: &str, months: u32| DeviationKey {
        initiative_id: id(code),
        indicator_code: indicator.into(),
        months_after_go_live: months,
    };
    register.save_deviation_note(
        &key("NR-2025-003", "EANDEL", 6),
        0,
        &DeviationEdit {
            cause: "Få sökande känner till e-tjänsten; i receptionerna lämnas pappersblanketten fortfarande ut först.".into(),
            action: "Informationskampanj i väntrum och på goteborg.se från november; handläggarna visar e-tjänsten vid varje nybesök. Ny mätning i januari.".into(),
            decision_requested: "Att pappersblanketten från den 1 januari 2027 bara lämnas ut när den sökande ber om den.".into(),
            ..Default::default()
        },
    )?;
    register.save_deviation_note(
        &key("NR-2024-003", "TOLKPL", 12),
        0,
        &DeviationEdit {
            cause: "Uttaget ur bokningssystemet för september har inte gjorts; leverantören bytte rapportverktyg i augusti.".into(),
            ..Default::default()
        },
    )?;
    register.save_deviation_note(
        &key("NR-2025-005", "HITTAR", 6),
        0,
        &DeviationEdit {
            cause: "Sökmotorn indexerar inte sidorna för de nya e-tjänsterna.".into(),
            action: "Sökmotorns indexering ses över tillsammans med leverantören.".into(),
            closure: Some(Closure::Decision(Decision {
                decision: "Sökmotorn byts inom befintlig budget; målet vid 12 månader står kvar.".into(),
                decided_by: "Digitaliseringsrådet, Förvaltningen för demokrati och medborgarservice".into(),
                date: date(2026, 10, 20),
                reference: "§ 31, dnr DMS 2026/0412".into(),
            })),
            closed_on: Some(date(2026, 10, 20)),
            ..Default::default()
        },
    )?;
    Ok(())
}
