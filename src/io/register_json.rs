//! The whole register as one JSON document (`"format": "nyttoregistret", "version": 4`),
//! documented field by field in `docs/json-format.md`.
//!
//! Everything is in it, the audit log included, so that nothing is lost on the way from one
//! file to another: identities (`id`), row versions and the original timestamps are kept, and
//! an export of an imported register is byte for byte the export it was imported from.
//! Arrays are in `id` order, object fields in a fixed order, and the file ends with a line
//! break.
//!
//! Reading is strict: unknown fields are refused, and every error names its place in the
//! document as a path such as `initiatives[3].plan_versions[0].plan.benefits[0].indicators[0].baseline.date`.
//! The document is made of the register's records ([`crate::model::records`], whose serde
//! shape is this format's); the SQL that fills and reads a register with them lives in `store`
//! (`Register::read_records`, `Register::import_records`), and `app` joins the two.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use crate::model::records::{
    GoalAreaRecord, ListEntryRecord, AuditRecord, CalcFactorRecord, CalculationRecord, CostYearRecord, DeviationNoteRecord, InitiativeRecord, MeasurementRecord,
    OrganisationRecord, PersonRecord, PlanVersionRecord, RawJson, RegisterContent, RegisterRecords,
    StatusReportRecord, VersionStatus,
};

/// The value of `format`.
pub const FORMAT: &str = "nyttoregistret";
/// The version of the format this program writes. Version 2 added the initiative's customers
/// (`customer_ids`), its financing type (`financing`) and each benefit's realising
/// organisation (`realised_by`). Version 3 added each cost row's kind (`kind`: förvaltning or
/// utveckling) and hourly rate (`hourly_rate`), and gives the running-cost impact per
/// calendar year (`running_cost.years`) instead of år N, N+1, N+2. Version 4 (issue 17) added
/// optional parts of each initiative, each absent when empty: its harvest decisions
/// (`harvest_decisions`, migration 0008), what was written about its benefit deviations
/// (`deviation_notes`, migration 0009) and the evaluations that closed its follow-up
/// (`evaluations`, migration 0010).
pub const VERSION: u32 = 4;
/// The oldest version this program reads; an older document is read as migrations 0004 and
/// 0005 read an older register ([`InitiativeRecord::upgrade_from_version_1`],
/// [`InitiativeRecord::upgrade_from_version_2`]).
pub const OLDEST_VERSION: u32 = 1;

/// The whole register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterDocument {
    pub format: String,
    pub version: u32,
    /// The register's own settings: `name`, `created_at`, …
    pub register: BTreeMap<String, String>,
    pub organisations: Vec<OrganisationRecord>,
    pub people: Vec<PersonRecord>,
    pub calc_factors: Vec<CalcFactorRecord>,
    /// The register's målområden; absent from a version-1 or -2 document.
    #[serde(default)]
    pub goal_areas: Vec<GoalAreaRecord>,
    pub initiatives: Vec<InitiativeRecord>,
    pub audit_log: Vec<AuditRecord>,
}

impl RegisterDocument {
    /// The document as the register's records, for the store to fill a register with.
    pub fn content(&self) -> RegisterContent<'_> {
        RegisterContent {
            register: &self.register,
            organisations: &self.organisations,
            people: &self.people,
            calc_factors: &self.calc_factors,
            goal_areas: &self.goal_areas,
            initiatives: &self.initiatives,
            audit_log: &self.audit_log,
        }
    }
}

/// A register's records as the document of this format version.
impl From<RegisterRecords> for RegisterDocument {
    fn from(records: RegisterRecords) -> Self {
        RegisterDocument {
            format: FORMAT.to_string(),
            version: VERSION,
            register: records.register,
            organisations: records.organisations,
            people: records.people,
            calc_factors: records.calc_factors,
            goal_areas: records.goal_areas,
            initiatives: records.initiatives,
            audit_log: records.audit_log,
        }
    }
}

/// Why a JSON file could not be read as a register. `Display` is the Swedish sentence the
/// user reads; every problem inside the document names its path.
#[derive(Debug, thiserror::Error)]
pub enum JsonError {
    #[error("Filen {} kunde inte läsas: {}.", path.display(), crate::files::io_read_error_text(source))]
    Io { path: PathBuf, source: std::io::Error },
    #[error("Filen är inte giltig JSON (rad {line}, kolumn {column}): {detail}")]
    Syntax { line: usize, column: usize, detail: String },
    #[error("Filen är inte en export från Nyttoregistret: fältet \"format\" ska vara \"nyttoregistret\".")]
    NotOurFormat,
    #[error("Filen har format version {found}, men den här versionen av Nyttoregistret läser bara version {OLDEST_VERSION} till {VERSION}. Uppdatera programmet.")]
    UnsupportedVersion { found: u64 },
    #[error("Fel i {path}: {message}")]
    Schema { path: String, message: String },
}

impl JsonError {
    /// The path in the document the error concerns, when there is one.
    pub fn path(&self) -> Option<&str> {
        match self {
            JsonError::Schema { path, .. } => Some(path),
            _ => None,
        }
    }
}

/// Writes the document: pretty-printed with two-space indentation, ending in a line break.
pub fn write_document<W: std::io::Write>(document: &RegisterDocument, out: W) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut out = std::io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, document)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// The parts of the document small enough to hold at once: everything but the initiatives
/// and the audit log, which [`write_document_streamed`] takes one record at a time.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentHead {
    pub register: BTreeMap<String, String>,
    pub organisations: Vec<OrganisationRecord>,
    pub people: Vec<PersonRecord>,
    pub calc_factors: Vec<CalcFactorRecord>,
    pub goal_areas: Vec<GoalAreaRecord>,
}

/// A source of records: called once with a callback, it hands every record to it in order
/// and stops at the first error (its own or the callback's).
pub type Records<'a, T, E> = &'a mut dyn FnMut(&mut dyn FnMut(&T) -> Result<(), E>) -> Result<(), E>;

/// Writes the document as [`write_document`] does, byte for byte, but takes the initiatives
/// and the audit log from sources that hand over one record at a time, so that memory holds
/// one initiative rather than the whole register. An error of a source is returned as it is.
pub fn write_document_streamed<W: std::io::Write, E: From<std::io::Error>>(
    head: &DocumentHead,
    initiatives: Records<'_, InitiativeRecord, E>,
    audit_log: Records<'_, AuditRecord, E>,
    out: W,
) -> Result<(), E> {
    use std::io::Write as _;
    let failure: std::cell::RefCell<Option<E>> = std::cell::RefCell::new(None);
    let mut out = std::io::BufWriter::new(out);
    let written = {
        // The same fields in the same order as `RegisterDocument`, which is what makes the
        // bytes the same.
        let document = StreamedDocument {
            format: FORMAT,
            version: VERSION,
            register: &head.register,
            organisations: &head.organisations,
            people: &head.people,
            calc_factors: &head.calc_factors,
            goal_areas: &head.goal_areas,
            initiatives: Pull { source: std::cell::RefCell::new(initiatives), failure: &failure },
            audit_log: Pull { source: std::cell::RefCell::new(audit_log), failure: &failure },
        };
        serde_json::to_writer_pretty(&mut out, &document)
    };
    if let Some(error) = failure.into_inner() {
        return Err(error);
    }
    written.map_err(|e| E::from(std::io::Error::from(e)))?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}

#[derive(Serialize)]
#[serde(bound = "E: From<std::io::Error>")]
struct StreamedDocument<'a, E> {
    format: &'a str,
    version: u32,
    register: &'a BTreeMap<String, String>,
    organisations: &'a [OrganisationRecord],
    people: &'a [PersonRecord],
    calc_factors: &'a [CalcFactorRecord],
    goal_areas: &'a [GoalAreaRecord],
    initiatives: Pull<'a, InitiativeRecord, E>,
    audit_log: Pull<'a, AuditRecord, E>,
}

/// A JSON array filled from a [`Records`] source while it is being written. serde's
/// `Serialize` cannot return the source's own error type, so that error is parked in
/// `failure` and the write is stopped with a placeholder.
struct Pull<'a, T, E> {
    source: std::cell::RefCell<Records<'a, T, E>>,
    failure: &'a std::cell::RefCell<Option<E>>,
}

impl<T: Serialize, E: From<std::io::Error>> Serialize for Pull<'_, T, E> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeSeq as _};
        // No length: serde_json writes an empty array as `[]` either way.
        let mut seq = serializer.serialize_seq(None)?;
        let mut write_error: Option<S::Error> = None;
        let mut source = self.source.borrow_mut();
        let read = (*source)(&mut |record: &T| {
            seq.serialize_element(record).map_err(|e| {
                write_error = Some(e);
                E::from(std::io::Error::other("the JSON export stopped"))
            })
        });
        if let Some(error) = write_error {
            return Err(error);
        }
        if let Err(error) = read {
            *self.failure.borrow_mut() = Some(error);
            return Err(S::Error::custom("the register could not be read"));
        }
        seq.end()
    }
}

/// Reads a document from bytes, strictly.
pub fn read_document(bytes: &[u8]) -> Result<RegisterDocument, JsonError> {
    // Windows editors save UTF-8 with a byte-order mark; JSON itself forbids it, but what it
    // marks is plain UTF-8 and it is read as such.
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    // First the header alone, so a file of another format or version gets the right message
    // rather than a list of what its contents lack.
    #[derive(Deserialize)]
    struct Header {
        format: Option<serde_json::Value>,
        version: Option<serde_json::Value>,
    }
    let header: Header = serde_json::from_slice(bytes).map_err(syntax_or_schema)?;
    if header.format.as_ref().and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(JsonError::NotOurFormat);
    }
    let version = match header.version.as_ref().and_then(|v| v.as_u64()) {
        Some(v) if (u64::from(OLDEST_VERSION)..=u64::from(VERSION)).contains(&v) => v,
        Some(found) => return Err(JsonError::UnsupportedVersion { found }),
        None => {
            return Err(JsonError::Schema {
                path: "version".into(),
                message: format!("ska vara formatets versionsnummer, {VERSION}."),
            })
        }
    };
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let document: RegisterDocument = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            syntax_or_schema(inner)
        } else {
            JsonError::Schema { path, message: swedish(&inner) }
        }
    })?;
    deserializer.end().map_err(syntax_or_schema)?;
    let mut document = document;
    if version == 1 {
        upgrade_from_version_1(&mut document)?;
    }
    if version <= 2 {
        upgrade_from_version_2(&mut document)?;
    } else {
        check_version_3(&document)?;
    }
    if version <= 3 {
        check_before_version_4(&document, version)?;
    }
    document.version = VERSION;
    Ok(document)
}

/// A version-1 or -2 document read as version 3: it cannot hold the fields version 3 added,
/// and each initiative is given what migration 0005 gives a register — its cost rows are
/// utveckling, its running-cost years are anchored to its decision year — with an audit
/// record saying so, as the migration writes one.
fn upgrade_from_version_2(document: &mut RegisterDocument) -> Result<(), JsonError> {
    let older = |field: &str, path: String| JsonError::Schema {
        path,
        message: format!("fältet \"{field}\" finns inte i formatets version 1 och 2; ange \"version\": {VERSION}."),
    };
    upgrade_lists_from_version_2(document)?;
    let mut next_id = document.audit_log.iter().map(|a| a.id).max().unwrap_or(0) + 1;
    let mut notes = Vec::new();
    for (i, initiative) in document.initiatives.iter_mut().enumerate() {
        if !initiative.running_cost.years.is_empty() {
            return Err(older("years", format!("initiatives[{i}].running_cost.years")));
        }
        for (k, cost) in initiative.cost_years.iter().enumerate() {
            if cost.kind.is_some() {
                return Err(older("kind", format!("initiatives[{i}].cost_years[{k}].kind")));
            }
            if cost.hourly_rate.is_some() {
                return Err(older("hourly_rate", format!("initiatives[{i}].cost_years[{k}].hourly_rate")));
            }
        }
        let before = serde_json::json!({
            "year_n": initiative.running_cost.year_n,
            "year_n1": initiative.running_cost.year_n1,
            "year_n2": initiative.running_cost.year_n2,
        });
        if let Some(reason) = initiative.upgrade_from_version_2() {
            let after = serde_json::to_string(&initiative.running_cost.years).unwrap_or_default();
            let raw = |text: String| RawJson::new(text).ok();
            notes.push(AuditRecord {
                id: next_id,
                at: chrono::Local::now().format("%Y-%m-%dT%H:%M:%S").to_string(),
                author: "Migrering 0005".into(),
                action: "migrerad".into(),
                entity: "running_cost".into(),
                entity_id: Some(initiative.id),
                initiative_id: Some(initiative.id),
                before: raw(before.to_string()),
                after: raw(after),
                reason,
            });
            next_id += 1;
        } else if initiative.running_cost.has_relative_years() {
            return Err(JsonError::Schema {
                path: format!("initiatives[{i}].created_at"),
                message: "ska börja med ett årtal, så att år N i påverkan på förvaltningskostnad kan bli ett kalenderår.".into(),
            });
        }
    }
    document.audit_log.extend(notes);
    Ok(())
}

/// The register's lists in a version-1 or -2 document, read as migration 0006 reads a
/// register: the document cannot hold the lists version 3 added; every base service an
/// initiative names in free text becomes an entry of its supplier's list, spelled as it was;
/// and the register keeps the body its council pack was written for, digitaliseringsrådet.
fn upgrade_lists_from_version_2(document: &mut RegisterDocument) -> Result<(), JsonError> {
    let older = |field: &str, path: String| JsonError::Schema {
        path,
        message: format!("fältet \"{field}\" finns inte i formatets version 1 och 2; ange \"version\": {VERSION}."),
    };
    if !document.goal_areas.is_empty() {
        return Err(older("goal_areas", "goal_areas".into()));
    }
    for (i, o) in document.organisations.iter().enumerate() {
        let added = [
            ("base_services", !o.base_services.is_empty()),
            ("analysis_texts", !o.analysis_texts.is_empty()),
            ("governing_body", o.governing_body.is_some()),
            ("reporting_period", o.reporting_period.is_some()),
            ("settings_row_version", o.settings_row_version != 1),
        ];
        if let Some((field, _)) = added.iter().find(|(_, present)| *present) {
            return Err(older(field, format!("organisations[{i}].{field}")));
        }
    }
    for (i, initiative) in document.initiatives.iter().enumerate() {
        if !initiative.goal_area_ids.is_empty() {
            return Err(older("goal_area_ids", format!("initiatives[{i}].goal_area_ids")));
        }
        if initiative.category.is_some() {
            return Err(older("category", format!("initiatives[{i}].category")));
        }
    }
    let mut names: Vec<(i64, String)> = document
        .initiatives
        .iter_mut()
        .filter_map(|initiative| {
            initiative.base_service = initiative.base_service.trim().to_string();
            (!initiative.base_service.is_empty()).then(|| (initiative.organisation_id, initiative.base_service.clone()))
        })
        .collect();
    names.sort();
    names.dedup();
    for (id, (organisation_id, name)) in names.into_iter().enumerate() {
        if let Some(o) = document.organisations.iter_mut().find(|o| o.id == organisation_id) {
            o.base_services.push(ListEntryRecord { id: id as i64 + 1, name, retired: false, row_version: 1 });
        }
    }
    document
        .register
        .entry("governing_body".to_string())
        .or_insert_with(|| crate::model::register_lists::FORMER_GOVERNING_BODY.to_string());
    Ok(())
}

/// A document of version 1–3 cannot hold what version 4 added to an initiative: its harvest
/// decisions, deviation notes and evaluations are refused by path rather than read as if the version said
/// nothing.
fn check_before_version_4(document: &RegisterDocument, version: u64) -> Result<(), JsonError> {
    for (i, initiative) in document.initiatives.iter().enumerate() {
        let added = [
            ("harvest_decisions", initiative.harvest_decisions.is_empty()),
            ("deviation_notes", initiative.deviation_notes.is_empty()),
            ("evaluations", initiative.evaluations.is_empty()),
        ];
        if let Some((field, _)) = added.iter().find(|(_, empty)| !empty) {
            return Err(JsonError::Schema {
                path: format!("initiatives[{i}].{field}"),
                message: format!(
                    "fältet \"{field}\" finns inte i formatets version {version} utan från version 4; ange \"version\": {VERSION}."
                ),
            });
        }
    }
    Ok(())
}

/// A version-3 document has no relative running-cost years and says each cost row's kind.
fn check_version_3(document: &RegisterDocument) -> Result<(), JsonError> {
    for (i, initiative) in document.initiatives.iter().enumerate() {
        if initiative.running_cost.has_relative_years() {
            return Err(JsonError::Schema {
                path: format!("initiatives[{i}].running_cost.year_n"),
                message: "år N, N+1 och N+2 finns bara i formatets version 1 och 2; version 3 anger påverkan på förvaltningskostnad per kalenderår i \"years\".".into(),
            });
        }
        for (k, cost) in initiative.cost_years.iter().enumerate() {
            if cost.kind.is_none() {
                return Err(JsonError::Schema {
                    path: format!("initiatives[{i}].cost_years[{k}]"),
                    message: "fältet \"kind\" saknas (\"forvaltning\" eller \"utveckling\").".into(),
                });
            }
        }
    }
    Ok(())
}

/// A version-1 document read as the current version: it cannot hold the fields version 2
/// added, and each initiative is given what migration 0004 gives a register.
fn upgrade_from_version_1(document: &mut RegisterDocument) -> Result<(), JsonError> {
    for (i, initiative) in document.initiatives.iter_mut().enumerate() {
        let added = [
            ("customer_ids", !initiative.customer_ids.is_empty()),
            ("financing", initiative.financing.is_some()),
        ];
        if let Some((field, _)) = added.iter().find(|(_, present)| *present) {
            return Err(JsonError::Schema {
                path: format!("initiatives[{i}].{field}"),
                message: format!("fältet \"{field}\" finns inte i formatets version 1; ange \"version\": {VERSION}."),
            });
        }
        initiative.upgrade_from_version_1();
    }
    Ok(())
}

/// Reads a document from a file.
pub fn read_file(path: &Path) -> Result<RegisterDocument, JsonError> {
    let bytes = std::fs::read(path).map_err(|source| JsonError::Io { path: path.to_path_buf(), source })?;
    read_document(&bytes)
}

fn syntax_or_schema(error: serde_json::Error) -> JsonError {
    if error.is_syntax() || error.is_eof() {
        JsonError::Syntax { line: error.line(), column: error.column(), detail: swedish(&error) }
    } else {
        JsonError::Schema { path: ".".into(), message: swedish(&error) }
    }
}

/// serde's message in Swedish (its position is dropped: the path says where). The messages
/// serde and serde_json give are few and fixed; each is said in Swedish, and a value quoted
/// from the file is cut short, so a 50 MB string is not echoed back whole.
fn swedish(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let text = match text.rfind(" at line ") {
        Some(at) => &text[..at],
        None => text.as_str(),
    };
    let said = if let Some(rest) = text.strip_prefix("missing field ") {
        format!("fältet {} saknas", rest.replace('`', "\""))
    } else if let Some(rest) = text.strip_prefix("unknown field ") {
        let field = rest.split(',').next().unwrap_or(rest);
        format!("fältet {} finns inte i formatet", field.replace('`', "\""))
    } else if let Some(rest) = text.strip_prefix("invalid type: ").or_else(|| text.strip_prefix("invalid value: ")) {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let expected = if expected.is_empty() { String::new() } else { format!(", här ska stå {}", kind_of_value(expected)) };
        format!("fel typ av värde: {}{expected}", kind_of_value(found))
    } else if let Some(rest) = text.strip_prefix("unknown variant ") {
        let rest = rest.replace('`', "\"");
        match rest.split_once(", expected one of ") {
            Some((value, allowed)) => format!("okänt värde {}; tillåtna värden är {allowed}", cut(value)),
            None => format!("okänt värde {}", cut(&rest)),
        }
    } else if let Some(rest) = text.strip_prefix("invalid length ") {
        format!("fel antal värden ({})", rest.replace(", expected ", ", väntat: "))
    } else if text.starts_with("duplicate field ") {
        format!("fältet {} förekommer två gånger", text["duplicate field ".len()..].replace('`', "\""))
    } else if text.starts_with("EOF while parsing") {
        "filen tar slut mitt i".into()
    } else if text.starts_with("trailing characters") || text.starts_with("trailing comma") {
        "text efter dokumentets slut, eller ett kommatecken för mycket".into()
    } else if text == "expected value" {
        "ett värde väntades här (text, tal, true/false, null, lista eller objekt)".into()
    } else if text.starts_with("expected `,` or `]`") {
        "kommatecken eller ] väntades".into()
    } else if text.starts_with("expected `,` or `}`") {
        "kommatecken eller } väntades".into()
    } else if text.starts_with("expected `:`") {
        "kolon väntades efter fältnamnet".into()
    } else if text.starts_with("expected ident") {
        "ogiltigt ord (bara true, false och null är tillåtna utan citattecken)".into()
    } else if text.starts_with("key must be a string") {
        "ett fältnamn måste stå inom citattecken".into()
    } else if text.starts_with("invalid escape") || text.starts_with("invalid unicode code point") || text.starts_with("lone leading surrogate") || text.starts_with("unexpected end of hex escape") {
        "ogiltig teckenkod efter \\ i en text".into()
    } else if text.starts_with("control character") {
        "otillåtet styrtecken (till exempel en radbrytning) inuti en text".into()
    } else if text.starts_with("invalid number") || text.starts_with("number out of range") {
        "ogiltigt eller för stort tal".into()
    } else if text.starts_with("recursion limit exceeded") {
        "dokumentet är för djupt nästlat".into()
    } else if text.starts_with("invalid UTF-8") || text.contains("UTF-8") {
        "filen är inte kodad som UTF-8".into()
    } else if text == "premature end of input" || text.starts_with("input contains invalid characters") || text.starts_with("input is out of range") || text.starts_with("input is not enough") {
        "är inte ett datum i formen ÅÅÅÅ-MM-DD".into()
    } else {
        // Our own deserializers' messages (dates, decimals, choices) are Swedish already.
        cut_to(text, 300)
    };
    format!("{}.", said.trim_end_matches('.'))
}

/// serde's description of a value or of what was expected, in Swedish.
fn kind_of_value(description: &str) -> String {
    let description = description.trim();
    if let Some(text) = description.strip_prefix("string ") {
        return format!("texten {}", cut(text));
    }
    for (serde, swedish) in [("integer ", "talet "), ("floating point ", "talet "), ("boolean ", "sanningsvärdet ")] {
        if let Some(value) = description.strip_prefix(serde) {
            return format!("{swedish}{}", cut(&value.replace('`', "")));
        }
    }
    let known = [
        ("null", "null (inget värde)"),
        ("unit value", "null (inget värde)"),
        ("a string", "en text"),
        ("a borrowed string", "en text"),
        ("string", "en text"),
        ("a sequence", "en lista"),
        ("sequence", "en lista"),
        ("a map", "ett objekt"),
        ("map", "ett objekt"),
        ("a boolean", "true eller false"),
        ("boolean", "true eller false"),
        ("a valid date", "ett datum ÅÅÅÅ-MM-DD"),
        ("a Decimal type representing a fixed-point number", "ett decimaltal"),
    ];
    if let Some((_, swedish)) = known.iter().find(|(serde, _)| *serde == description) {
        return (*swedish).to_string();
    }
    let integer = ["i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "usize", "isize"];
    if integer.iter().any(|t| description == *t || description == format!("a {t}") || description == format!("an {t}")) {
        return "ett heltal".into();
    }
    if ["f32", "f64", "a f64", "an f64"].contains(&description) {
        return "ett tal".into();
    }
    if description.starts_with("struct ") {
        return "ett objekt".into();
    }
    if description.starts_with("tuple") {
        return "en lista".into();
    }
    cut(description)
}

/// At most 60 characters of a value quoted from the file, then `…`.
fn cut(text: &str) -> String {
    cut_to(text, 60)
}

fn cut_to(text: &str, shown: usize) -> String {
    match text.char_indices().nth(shown) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal() -> String {
        r#"{"format":"nyttoregistret","version":1,"register":{"name":"T"},"organisations":[],"people":[],
            "calc_factors":[],"initiatives":[],"audit_log":[]}"#
            .to_string()
    }

    #[test]
    fn a_minimal_document_reads_and_writes_back() {
        let doc = read_document(minimal().as_bytes()).unwrap();
        let mut out = Vec::new();
        write_document(&doc, &mut out).unwrap();
        assert_eq!(read_document(&out).unwrap(), doc);
        assert!(out.ends_with(b"}\n"));
    }

    #[test]
    fn wrong_format_version_and_syntax_have_their_own_messages() {
        assert!(matches!(read_document(b"{\"format\":\"annat\"}"), Err(JsonError::NotOurFormat)));
        let newer = minimal().replace("\"version\":1", &format!("\"version\":{}", VERSION + 1));
        assert_eq!(
            read_document(newer.as_bytes()).unwrap_err().to_string(),
            format!("Filen har format version {}, men den här versionen av Nyttoregistret läser bara version 1 till {VERSION}. Uppdatera programmet.", VERSION + 1)
        );
        let err = read_document(b"{\"format\": \"nyttoregistret\",\n \"version\": 1,,}").unwrap_err();
        assert!(matches!(err, JsonError::Syntax { line: 2, .. }), "{err}");
        assert!(matches!(read_document(b""), Err(JsonError::Syntax { .. })));
        assert!(matches!(read_document(b"[1,2]"), Err(JsonError::NotOurFormat)));
        assert!(matches!(read_document(b"42"), Err(JsonError::Schema { .. })));
    }

    #[test]
    fn schema_errors_name_the_path() {
        let bad = minimal().replace("\"organisations\":[]", "\"organisations\":[{\"id\":1,\"name\":\"A\",\"kind\":\"kommun\",\"committee\":\"\"}]");
        let err = read_document(bad.as_bytes()).unwrap_err();
        assert_eq!(err.path(), Some("organisations[0].kind"), "{err}");
        assert!(err.to_string().starts_with("Fel i organisations[0].kind: okänt värde \"kommun\""), "{err}");
        let bad = minimal().replace("\"people\":[]", "\"people\":[{\"id\":1,\"name\":\"A\",\"role\":\"\",\"organisation_id\":null,\"extra\":1}]");
        assert_eq!(read_document(bad.as_bytes()).unwrap_err().to_string(), "Fel i people[0].extra: fältet \"extra\" finns inte i formatet.");
        let bad = minimal().replace("\"register\":{\"name\":\"T\"},", "");
        assert_eq!(read_document(bad.as_bytes()).unwrap_err().to_string(), "Fel i .: fältet \"register\" saknas.");
    }

    fn with_initiative(version: u32, extra: &str, allocation_key: &str) -> String {
        let running = if version <= 2 { r#"{"year_n":null,"year_n1":null,"year_n2":null,"comment":""}"# } else { r#"{"years":[],"comment":""}"# };
        with_initiative_parts(version, extra, allocation_key, running, "[]", "[]", "[]", "null")
    }

    /// An initiative of `version` with its running cost, cost rows, calculations and plan
    /// versions as JSON.
    #[allow(clippy::too_many_arguments)]
    fn with_initiative_parts(
        version: u32,
        extra: &str,
        allocation_key: &str,
        running: &str,
        cost_years: &str,
        calculations: &str,
        plan_versions: &str,
        start_date: &str,
    ) -> String {
        let initiative = format!(
            r#"{{"id":1,"code":"NR-1","name":"I","organisation_id":4,{extra}"phase":"ide","council_tracked":false,
            "sponsor":"","project_manager":"","start_date":{start_date},"go_live_date":null,"end_date":null,"base_service":"",
            "need":"","benefit":"","effect_goals":[],"project_goals":"","benefit_reach":null,"change_kind":null,
            "project_form":null,"goal_link":"","complexity_customer":null,"complexity_supplier":null,
            "information_classification":{{"done":null,"comment":""}},"threshold_analysis":{{"done":null,"comment":""}},
            "security_assessment":{{"done":null,"comment":""}},"architecture_assessment":{{"done":null,"comment":""}},
            "infrastructure_impact":{{"done":null,"comment":""}},"project_budget":null,
            "running_cost":{running},"customer_group":"",
            "allocation_key":"{allocation_key}","deviation_comment":"","struck_reason":"","row_version":1,"created_at":"2023-05-02T09:00:00",
            "updated_at":"","status_reports":[],"cost_years":{cost_years},"calculations":{calculations},"plan_versions":{plan_versions},"measurements":[]}}"#
        );
        minimal().replace("\"version\":1", &format!("\"version\":{version}")).replace("\"initiatives\":[]", &format!("\"initiatives\":[{initiative}]"))
    }

    /// A version-1 document is read as migration 0004 reads a register: the organisation is
    /// the supplier and the sole customer, an allocation key means kostnadsfördelning.
    #[test]
    fn a_version_1_document_is_read_with_its_organisation_as_sole_customer() {
        let doc = read_document(with_initiative(1, "", "Antal datorer").as_bytes()).unwrap();
        assert_eq!(doc.version, VERSION);
        assert_eq!(doc.initiatives[0].customer_ids, [4]);
        assert_eq!(doc.initiatives[0].financing, Some(crate::model::initiative::Financing::Kostnadsfordelning));
        let doc = read_document(with_initiative(1, "", "").as_bytes()).unwrap();
        assert_eq!(doc.initiatives[0].financing, None);
        let err = read_document(with_initiative(1, r#""customer_ids":[4],"#, "").as_bytes()).unwrap_err();
        assert_eq!(err.path(), Some("initiatives[0].customer_ids"), "{err}");
        let doc = read_document(with_initiative(2, r#""customer_ids":[4,5],"#, "").as_bytes()).unwrap();
        assert_eq!(doc.initiatives[0].customer_ids, [4, 5]);
        let mut out = Vec::new();
        write_document(&doc, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains(&format!("\"version\": {VERSION}")) && text.contains("\"customer_ids\": [\n        4,\n        5\n      ]"), "{text}");
    }

    const OLD_COST: &str = r#"[{"id":7,"year":2024,"cost_type":"intern","budget":"185000","actual":"179450","forecast":"179450","hours":"291","comment":"Egen personal"}]"#;

    /// A version-2 document is read as migration 0005 reads a register: its cost rows are
    /// utveckling, with no hourly rate, and år N, N+1, N+2 become calendar years from the
    /// decision year, with an audit record saying so.
    #[test]
    fn a_version_2_document_is_read_with_calendar_years_and_classified_costs() {
        use crate::model::initiative::{CostKind, RunningCostYear};
        use rust_decimal::Decimal;
        let running = r#"{"year_n":"0","year_n1":null,"year_n2":"450000","comment":"Licens"}"#;
        let approved = r#"[{"id":3,"version":1,"status":"approved","plan":{"benefits":[]},"reason":"","based_on":null,
            "created_by":"A","created_at":"","updated_at":"","approved_by":"Nämnden","approved_at":"2025-03-18",
            "decision_ref":null,"row_version":1}]"#;
        // The plan of the fixture may need more fields; fall back to the start date's year.
        let with_plan = with_initiative_parts(2, "", "", running, OLD_COST, "[]", approved, "\"2024-09-02\"");
        let doc = match read_document(with_plan.as_bytes()) {
            Ok(doc) => doc,
            Err(e) => panic!("{e}"),
        };
        let i = &doc.initiatives[0];
        assert_eq!(doc.version, VERSION);
        assert_eq!(
            i.running_cost.years,
            [RunningCostYear { year: 2025, amount: Decimal::ZERO }, RunningCostYear { year: 2027, amount: Decimal::from(450_000) }]
        );
        assert_eq!((i.running_cost.year_n, i.running_cost.year_n2), (None, None));
        assert_eq!(i.running_cost.comment, "Licens");
        assert_eq!(i.cost_years[0].kind, Some(CostKind::Utveckling));
        assert_eq!(i.cost_years[0].actual, Some(Decimal::from(179_450)), "values are kept");
        let note = doc.audit_log.last().unwrap();
        assert_eq!((note.author.as_str(), note.action.as_str(), note.initiative_id), ("Migrering 0005", "migrerad", Some(1)));
        assert!(note.reason.contains("år N = 2025") && note.reason.contains("första godkända"), "{}", note.reason);

        // Without an approval, the start date's year; without one, the year it was created.
        let doc = read_document(with_initiative_parts(1, "", "", running, "[]", "[]", "[]", "\"2024-09-02\"").as_bytes()).unwrap();
        assert_eq!(doc.initiatives[0].running_cost.years[0].year, 2024);
        let doc = read_document(with_initiative_parts(2, "", "", running, "[]", "[]", "[]", "null").as_bytes()).unwrap();
        assert_eq!(doc.initiatives[0].running_cost.years[0].year, 2023);

        // What version 3 added cannot be in a version-2 document, and v3 has no relative years.
        let v3_cost = OLD_COST.replace("\"hours\"", "\"kind\":\"forvaltning\",\"hours\"");
        let err = read_document(with_initiative_parts(2, "", "", running, &v3_cost, "[]", "[]", "null").as_bytes()).unwrap_err();
        assert_eq!(err.path(), Some("initiatives[0].cost_years[0].kind"), "{err}");
        let err = read_document(with_initiative_parts(3, "", "", running, "[]", "[]", "[]", "null").as_bytes()).unwrap_err();
        assert_eq!(err.path(), Some("initiatives[0].running_cost.year_n"), "{err}");
        let err = read_document(with_initiative_parts(3, "", "", r#"{"years":[],"comment":""}"#, OLD_COST, "[]", "[]", "null").as_bytes()).unwrap_err();
        assert_eq!(err.path(), Some("initiatives[0].cost_years[0]"), "{err}");

        // A version-3 document writes and reads back what it holds.
        let v3 = with_initiative_parts(3, "", "", r#"{"years":[{"year":2026,"amount":"-30000"}],"comment":""}"#, &v3_cost, "[]", "[]", "null");
        let doc = read_document(v3.as_bytes()).unwrap();
        let mut out = Vec::new();
        write_document(&doc, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains("year_n") && text.contains("\"hourly_rate\": null") && text.contains("\"kind\": \"forvaltning\""), "{text}");
        assert_eq!(read_document(text.as_bytes()).unwrap(), doc);
    }

    /// Windows Notepad saves UTF-8 with a byte-order mark; it used to be refused.
    #[test]
    fn a_byte_order_mark_is_read_past() {
        let with_bom = format!("\u{feff}{}", minimal());
        assert_eq!(read_document(with_bom.as_bytes()).unwrap(), read_document(minimal().as_bytes()).unwrap());
    }

    /// serde's English ("invalid type: string …, expected i64") said in Swedish, and a value
    /// quoted from the file cut short rather than echoed whole.
    #[test]
    fn errors_are_swedish_and_never_echo_a_huge_value() {
        let huge = "x".repeat(5_000_000);
        let bad = minimal().replace(
            "\"people\":[]",
            &format!("\"people\":[{{\"id\":\"{huge}\",\"name\":\"A\",\"role\":\"\",\"organisation_id\":null}}]"),
        );
        let text = read_document(bad.as_bytes()).unwrap_err().to_string();
        assert!(text.len() < 300, "{} bytes: {}", text.len(), &text[..300.min(text.len())]);
        assert!(text.starts_with("Fel i people[0].id: fel typ av värde: texten \"xxx"), "{text}");
        assert!(text.contains("…") && text.contains("ett heltal"), "{text}");
        for english in ["invalid type", "expected", "string"] {
            assert!(!text.contains(english), "{text}");
        }
        let syntax = read_document(b"{\"format\": \"nyttoregistret\", \"version\": 1 \"register\"").unwrap_err().to_string();
        assert!(syntax.contains("kommatecken eller } väntades"), "{syntax}");
    }
}
