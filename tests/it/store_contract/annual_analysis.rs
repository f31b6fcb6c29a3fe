//! The annual analysis's texts ("Leverantörens analys", migration 0007): one per supplier,
//! year and section, saved with a row version and an audit row; a stale save is refused
//! naming the section and changes nothing.

use nytta::model::annual_analysis::{Section, ANALYSIS_TEXT};
use nytta::store::prelude::*;
use nytta::store::StoreError;

use super::backends::Backend;
use super::with_organisation;

pub fn analysis_texts_are_saved_per_section_with_row_versions_and_audit_rows(backend: &impl Backend) {
    let mut register = backend.fresh("analys");
    let supplier = with_organisation(&mut register);
    assert!(register.analysis_texts(supplier, 2027).unwrap().is_empty());

    let first = register.save_analysis_text(supplier, 2027, Section::Portfolio, 0, "Portföljen är i balans.").unwrap();
    assert_eq!((first.row_version, first.section, first.text.as_str()), (1, Section::Portfolio, "Portföljen är i balans."));
    let second = register.save_analysis_text(supplier, 2027, Section::Portfolio, 1, "Tre insatser saknar effektmål.").unwrap();
    assert_eq!(second.row_version, 2);
    register.save_analysis_text(supplier, 2027, Section::Harvest, 0, "Kontaktcentret svarar snabbare.").unwrap();
    // Another year's and the unchanged save's texts are their own.
    register.save_analysis_text(supplier, 2026, Section::Portfolio, 0, "Förra årets text.").unwrap();
    let unchanged = register.save_analysis_text(supplier, 2027, Section::Portfolio, 2, "Tre insatser saknar effektmål.").unwrap();
    assert_eq!(unchanged.row_version, 2, "saving the same text is no change");

    let texts = register.analysis_texts(supplier, 2027).unwrap();
    let sections: Vec<_> = texts.iter().map(|t| (t.section, t.text.as_str(), t.row_version)).collect();
    assert_eq!(
        sections,
        [(Section::Harvest, "Kontaktcentret svarar snabbare.", 1), (Section::Portfolio, "Tre insatser saknar effektmål.", 2)],
        "in the template's order"
    );

    let log = register.audit_log(None, 10).unwrap();
    let rows: Vec<_> = log.iter().filter(|e| e.entity == "annual_analysis_text").collect();
    assert_eq!(rows.len(), 4, "one row per saved change");
    let change = rows.iter().find(|e| e.action == "ändrad").expect("the edit is logged as a change");
    assert_eq!(change.before.as_ref().unwrap()["text"], "Portföljen är i balans.");
    assert_eq!(change.after.as_ref().unwrap()["text"], "Tre insatser saknar effektmål.");
    assert_eq!(change.after.as_ref().unwrap()["section"], "1.3");
}

pub fn a_stale_analysis_save_is_refused_naming_the_section(backend: &impl Backend) {
    let mut mine = backend.fresh("analys");
    let supplier = with_organisation(&mut mine);
    let mut theirs = backend.second_handle();
    theirs.save_analysis_text(supplier, 2027, Section::Ongoing, 0, "Deras text.").unwrap();
    // This window started before their save, from no text (version 0).
    let error = mine.save_analysis_text(supplier, 2027, Section::Ongoing, 0, "Min text.").unwrap_err();
    assert!(matches!(error, StoreError::Stale { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("1.4 Pågående förändringsinsatser") && message.contains("2027"), "{message}");
    assert_eq!(mine.analysis_texts(supplier, 2027).unwrap()[0].text, "Deras text.", "nothing was written");
    let before = mine.audit_log(None, 100).unwrap().len();
    assert!(mine.save_analysis_text(supplier, 2027, Section::Ongoing, 5, "Min text.").is_err());
    assert_eq!(mine.audit_log(None, 100).unwrap().len(), before);
}

pub fn an_analysis_text_is_checked_by_field(backend: &impl Backend) {
    let mut register = backend.fresh("analys");
    let supplier = with_organisation(&mut register);
    let long = "å".repeat(ANALYSIS_TEXT + 1);
    match register.save_analysis_text(supplier, 2027, Section::Costs, 0, &long).unwrap_err() {
        StoreError::Invalid(errors) => {
            assert_eq!(errors[0].field, "text");
            assert!(errors[0].message.contains("Leverantörens analys är för lång"), "{}", errors[0].message);
        }
        other => panic!("expected a field error, got {other:?}"),
    }
    assert!(matches!(
        register.save_analysis_text(supplier, 1999, Section::Costs, 0, "Text").unwrap_err(),
        StoreError::Invalid(errors) if errors[0].field == "year"
    ));
    assert!(matches!(
        register.save_analysis_text(supplier + 100, 2027, Section::Costs, 0, "Text").unwrap_err(),
        StoreError::NotFound { entity: "organisation", .. }
    ));
    assert!(register.analysis_texts(supplier, 2027).unwrap().is_empty());
    assert_eq!(register.save_analysis_text(supplier, 2027, Section::Costs, 0, &"å".repeat(ANALYSIS_TEXT)).unwrap().row_version, 1);
}
