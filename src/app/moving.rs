//! Moving between a register file and the city's shared register (issue 16;
//! docs/delat-register.md, "Flytta ett register till det delade" and "Ögonblicksbild"). There
//! is no synchronisation: a förvaltning's file is moved into the shared register once
//! ([`push`]), and a read-only copy of what the user may see is taken from it ([`pull`]).
//!
//! **Push** reads the file's records whole and hands them to the shared register's remapping
//! import ([`PgRegister::push_records`]): new ids on the server, organisations, goal areas and
//! base services matched by name, every conflict listed and then nothing written. The file is
//! left as it was.
//!
//! **Pull** reads the shared register's records — row-level security decides which: what the
//! user may see — optionally keeps only one organisation's initiatives, and writes them into a
//! new register file with the file register's own import, marked as a snapshot
//! ([`store::SNAPSHOT_OF`]), which the file store then refuses to change.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::OpenRegister;
use crate::model::records::RegisterRecords;
use crate::store::prelude::*;
use crate::store::{self, Result, StoreError};

pub use crate::store::postgres::{PushConflict, PushOutcome, PushSummary};

/// Moves every initiative of the register file `file` into the shared register `shared`,
/// with all that belongs to it, in one transaction as the person connected; or, when
/// anything conflicts, nothing, listing every conflict.
pub fn push(file: &OpenRegister, shared: &mut OpenRegister) -> Result<PushOutcome> {
    let OpenRegister::File(source) = file else {
        return Err(StoreError::Refused(
            "nytta push flyttar en registerfil till det delade registret: ange först registerfilen, sedan \
             anslutningen till det delade registret."
                .into(),
        ));
    };
    let OpenRegister::Shared(target) = shared else {
        return Err(StoreError::Refused(
            "Ett register flyttas till det delade registret: ange anslutningen till det (postgres://…) \
             efter registerfilen."
                .into(),
        ));
    };
    if let Some(of) = source.register_info()?.get(store::SNAPSHOT_OF) {
        return Err(StoreError::Refused(format!(
            "Registret är en ögonblicksbild av det delade registret {of}; dess insatser finns redan där. \
             Inget flyttades."
        )));
    }
    let records = source.read_records()?;
    let name = source.path().file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    target.push_records(&records, &name)
}

/// What a pull wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullSummary {
    pub file: PathBuf,
    pub organisations: usize,
    pub initiatives: usize,
    pub measurements: usize,
    pub audit_rows: usize,
}

/// Writes a new register file `target` (which must not exist) holding what the user may see
/// of the shared register `shared` — only the initiatives `organisation` supplies or is a
/// customer of, when given — marked as a snapshot that cannot be changed.
pub fn pull(shared: &OpenRegister, target: &Path, organisation: Option<&str>) -> Result<PullSummary> {
    let OpenRegister::Shared(source) = shared else {
        return Err(StoreError::Refused(
            "nytta pull tar en ögonblicksbild av det delade registret: ange först anslutningen till det \
             (postgres://…), sedan filen som skrivs."
                .into(),
        ));
    };
    let mut records = source.read_records()?;
    if let Some(name) = organisation {
        limit_to_organisation(&mut records, name)?;
    }
    records.register.insert(store::SNAPSHOT_OF.into(), source.address().to_string());
    records.register.insert(store::SNAPSHOT_AT.into(), chrono::Local::now().format("%Y-%m-%dT%H:%M:%S").to_string());
    if let Some(name) = organisation {
        records.register.insert(store::SNAPSHOT_ORGANISATION.into(), name.trim().to_string());
    }
    let name = records.register.get("name").cloned().unwrap_or_else(|| source.address().to_string());
    let mut file = store::Register::create(target, &name)?;
    if let Err(error) = file.import_records(records.content()) {
        drop(file);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", target.display()));
        }
        return Err(error);
    }
    Ok(PullSummary {
        file: target.to_path_buf(),
        organisations: records.organisations.len(),
        initiatives: records.initiatives.len(),
        measurements: records.initiatives.iter().map(|i| i.measurements.len()).sum(),
        audit_rows: records.audit_log.len(),
    })
}

/// Keeps the initiatives the organisation named supplies or is a customer of, and of the
/// audit log their rows and those about no initiative; of the annual analyses only the
/// organisation's own. The organisations and lists stay whole: the initiatives kept name them.
fn limit_to_organisation(records: &mut RegisterRecords, name: &str) -> Result<()> {
    let wanted = name.trim().to_lowercase();
    let Some(id) = records.organisations.iter().find(|o| o.name.trim().to_lowercase() == wanted).map(|o| o.id) else {
        return Err(StoreError::Refused(format!(
            "Det finns ingen organisation som heter {} i det delade registret (bland dem du får se). \
             Ingen fil skrevs.",
            name.trim()
        )));
    };
    records.initiatives.retain(|i| i.organisation_id == id || i.customer_ids.contains(&id));
    let kept: BTreeSet<i64> = records.initiatives.iter().map(|i| i.id).collect();
    records.audit_log.retain(|a| a.initiative_id.map_or(true, |i| kept.contains(&i)));
    for org in records.organisations.iter_mut().filter(|o| o.id != id) {
        org.analysis_texts.clear();
    }
    Ok(())
}

/// Whether the open register is a snapshot of the shared register, and of which: its address
/// and when it was taken, for the window's title and the CLI.
pub fn snapshot_of(register: &OpenRegister) -> Result<Option<(String, String)>> {
    let info = register.register_info()?;
    Ok(info
        .get(store::SNAPSHOT_OF)
        .map(|of| (of.clone(), info.get(store::SNAPSHOT_AT).cloned().unwrap_or_default())))
}
