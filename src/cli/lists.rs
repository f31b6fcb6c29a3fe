//! `nytta lista …` and `nytta installningar …`: the register's lists (bastjänster per
//! leverantör, målområden) and its settings (styrande organ, rapportperiod), from scripts as
//! from the window's "Registrets listor" (docs/registrets-listor.md).

use nytta::app::prelude::*;
use std::path::Path;

use anyhow::bail;

use nytta::app::lists::{register_lists, RegisterListsView};
use nytta::app::OpenRegister;
use nytta::model::register_lists::{
    council_title, ListEntry, ListKind, OrganisationSettingsFields, RegisterSettingsFields, ReportingPeriod,
};

/// Which list a command changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Lista {
    /// En leverantörs bastjänster (kräver --org).
    Bastjanst,
    /// Registrets målområden.
    Malomrade,
}

impl Lista {
    fn kind(self) -> ListKind {
        match self {
            Lista::Bastjanst => ListKind::BaseService,
            Lista::Malomrade => ListKind::GoalArea,
        }
    }
}

/// A reporting period on the command line; `registrets` (with --org) follows the register.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Period {
    /// Var sjätte vecka.
    SexVeckor,
    /// Varje månad.
    Manad,
    /// Varje kvartal.
    Kvartal,
    /// Organisationen följer registrets period (bara med --org).
    Registrets,
}

impl Period {
    fn period(self) -> Option<ReportingPeriod> {
        match self {
            Period::SexVeckor => Some(ReportingPeriod::SexVeckor),
            Period::Manad => Some(ReportingPeriod::Manad),
            Period::Kvartal => Some(ReportingPeriod::Kvartal),
            Period::Registrets => None,
        }
    }
}

/// The organisation's id by its name (any case), or a Swedish refusal naming the known ones.
fn organisation_id(register: &OpenRegister, name: &str) -> anyhow::Result<i64> {
    let organisations = register.organisations()?;
    match organisations.iter().find(|o| o.name.trim().to_lowercase() == name.trim().to_lowercase()) {
        Some(o) => Ok(o.id),
        None => bail!(
            "Det finns ingen organisation som heter {} i registret. Organisationerna är: {}.",
            name.trim(),
            organisations.iter().map(|o| o.name.as_str()).collect::<Vec<_>>().join(", ")
        ),
    }
}

fn entry_line(entry: &ListEntry) -> String {
    let mut line = entry.name.clone();
    if entry.retired {
        line.push_str(" (utgången)");
    }
    let used = match entry.in_use {
        0 => "används inte".to_string(),
        1 => "1 insats".to_string(),
        n => format!("{n} insatser"),
    };
    format!("{line}  [{used}]")
}

/// `nytta lista bastjanster FILE [--org ORG] [--json]`
pub fn base_services(file: &Path, org: Option<&str>, json: bool) -> anyhow::Result<()> {
    let register = super::open_register(file)?;
    let view = register_lists(&register)?;
    let wanted = org.map(|o| organisation_id(&register, o)).transpose()?;
    let lists: Vec<_> = view.base_services.iter().filter(|l| wanted.is_none_or(|id| id == l.organisation_id)).collect();
    if json {
        println!("{}", serde_json::to_string_pretty(&lists)?);
        return Ok(());
    }
    let mut count = 0;
    for list in lists.iter().filter(|l| wanted.is_some() || !l.entries.is_empty()) {
        println!("{}", list.organisation);
        if list.entries.is_empty() {
            println!("  (inga bastjänster)");
        }
        for entry in &list.entries {
            println!("  {}", entry_line(entry));
            count += 1;
        }
    }
    println!("{count} bastjänster");
    Ok(())
}

/// `nytta lista malomraden FILE [--json]`
pub fn goal_areas(file: &Path, json: bool) -> anyhow::Result<()> {
    let register = super::open_register(file)?;
    let entries = register.list_entries(ListKind::GoalArea, None)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&entries)?);
        return Ok(());
    }
    for entry in &entries {
        println!("{}", entry_line(entry));
    }
    println!("{} målområden", entries.len());
    Ok(())
}

/// The entry of `list` named `name` (any case), for a change.
fn find_entry(register: &OpenRegister, list: Lista, org: Option<&str>, name: &str) -> anyhow::Result<ListEntry> {
    let organisation = match (list, org) {
        (Lista::Bastjanst, Some(org)) => Some(organisation_id(register, org)?),
        (Lista::Bastjanst, None) => bail!("Ange leverantören med --org: varje leverantör har sin egen lista över bastjänster."),
        (Lista::Malomrade, _) => None,
    };
    let entries = register.list_entries(list.kind(), organisation)?;
    match entries.into_iter().find(|e| nytta::model::register_lists::same_name(&e.name, name)) {
        Some(entry) => Ok(entry),
        None => bail!(
            "{} {} finns inte{}.",
            list.kind().label(),
            name.trim(),
            org.map(|o| format!(" i {}s lista", o.trim())).unwrap_or_else(|| " i registrets lista".into())
        ),
    }
}

/// `nytta lista lagg-till bastjanst|malomrade FILE --namn NAMN [--org ORG]`
pub fn add(file: &Path, list: Lista, org: Option<&str>, name: &str) -> anyhow::Result<()> {
    let mut register = super::open_register(file)?;
    let organisation = match (list, org) {
        (Lista::Bastjanst, Some(org)) => Some(organisation_id(&register, org)?),
        (Lista::Bastjanst, None) => bail!("Ange leverantören med --org: varje leverantör har sin egen lista över bastjänster."),
        (Lista::Malomrade, _) => None,
    };
    let entry = register.add_list_entry(list.kind(), organisation, name)?;
    println!("Lade till {} {}.", list.kind().label().to_lowercase(), entry.name);
    Ok(())
}

/// `nytta lista byt-namn bastjanst|malomrade FILE --namn NAMN --nytt-namn NYTT [--org ORG]`
pub fn rename(file: &Path, list: Lista, org: Option<&str>, name: &str, new_name: &str) -> anyhow::Result<()> {
    let mut register = super::open_register(file)?;
    let entry = find_entry(&register, list, org, name)?;
    let renamed = register.rename_list_entry(list.kind(), entry.id, entry.row_version, new_name)?;
    let carried = if list == Lista::Bastjanst && entry.in_use > 0 {
        format!(" ({} insatser har fått det nya namnet)", entry.in_use)
    } else {
        String::new()
    };
    println!("{} {} heter nu {}{carried}.", list.kind().label(), entry.name, renamed.name);
    Ok(())
}

/// `nytta lista utga|aterinfor bastjanst|malomrade FILE --namn NAMN [--org ORG]`
pub fn set_retired(file: &Path, list: Lista, org: Option<&str>, name: &str, retired: bool) -> anyhow::Result<()> {
    let mut register = super::open_register(file)?;
    let entry = find_entry(&register, list, org, name)?;
    register.set_list_entry_retired(list.kind(), entry.id, entry.row_version, retired)?;
    if retired {
        println!(
            "{} {} har gått ut: den finns kvar på de {} insatser som har den men kan inte väljas för fler.",
            list.kind().label(),
            entry.name,
            entry.in_use
        );
    } else {
        println!("{} {} kan väljas igen.", list.kind().label(), entry.name);
    }
    Ok(())
}

/// `nytta installningar visa FILE [--json]`
pub fn show_settings(file: &Path, json: bool) -> anyhow::Result<()> {
    let register = super::open_register(file)?;
    let view = register_lists(&register)?;
    if json {
        #[derive(serde::Serialize)]
        struct Settings<'a> {
            register: &'a nytta::model::register_lists::RegisterSettings,
            council_title: &'a str,
            organisations: &'a [nytta::app::lists::OrganisationSettingsView],
        }
        let settings = Settings { register: &view.settings, council_title: &view.council_title, organisations: &view.organisations };
        println!("{}", serde_json::to_string_pretty(&settings)?);
        return Ok(());
    }
    print!("{}", settings_text(&view));
    Ok(())
}

fn settings_text(view: &RegisterListsView) -> String {
    let mut out = format!(
        "Registrets styrande organ: {}\nRådsrapportens titel: {}\nRegistrets rapportperiod: {}\n\
         Kostnad per årsarbetare: {}\n",
        view.settings.governing_body,
        view.council_title,
        view.settings.reporting_period.label().to_lowercase(),
        nytta::format::kr(view.settings.cost_per_fte)
    );
    let own: Vec<_> = view
        .organisations
        .iter()
        .filter(|o| o.settings.governing_body.is_some() || o.settings.reporting_period.is_some())
        .collect();
    if own.is_empty() {
        out.push_str("Alla organisationer följer registret.\n");
    } else {
        out.push_str("Organisationer med egna inställningar:\n");
        for o in own {
            out.push_str(&format!(
                "  {}: styrande organ {}, rapportperiod {}\n",
                o.settings.organisation,
                o.effective_body,
                o.effective_period_label.to_lowercase()
            ));
        }
    }
    out
}

/// `nytta installningar satt FILE [--org ORG] [--styrande-organ TEXT] [--rapportperiod P]
/// [--kostnad-per-arsarbetare KR]`
pub fn set_settings(
    file: &Path,
    org: Option<&str>,
    body: Option<&str>,
    period: Option<Period>,
    cost_per_fte: Option<&str>,
) -> anyhow::Result<()> {
    if body.is_none() && period.is_none() && cost_per_fte.is_none() {
        bail!("Ange --styrande-organ, --rapportperiod, --kostnad-per-arsarbetare eller flera av dem.");
    }
    if org.is_some() && cost_per_fte.is_some() {
        bail!("--kostnad-per-arsarbetare gäller hela registret, inte en organisation (utan --org).");
    }
    let cost_per_fte = cost_per_fte
        .map(|text| {
            nytta::io::values::parse_decimal(text).map_err(|reason| anyhow::anyhow!("--kostnad-per-arsarbetare: {reason}"))
        })
        .transpose()?;
    let mut register = super::open_register(file)?;
    match org {
        None => {
            let before = register.register_settings()?;
            let reporting_period = match period {
                Some(Period::Registrets) => bail!("--rapportperiod registrets gäller bara en organisation (med --org)."),
                Some(p) => p.period().unwrap_or(before.reporting_period),
                None => before.reporting_period,
            };
            let fields = RegisterSettingsFields {
                governing_body: body.map_or_else(|| before.governing_body.clone(), str::to_string),
                reporting_period,
                cost_per_fte: cost_per_fte.unwrap_or(before.cost_per_fte),
            };
            let after = register.save_register_settings(before.row_version, &fields)?;
            println!(
                "Registrets styrande organ: {} (rådsrapporten heter \u{201d}{}\u{201d}). Rapportperiod: {}. \
                 Kostnad per årsarbetare: {}.",
                after.governing_body,
                council_title(&after.governing_body),
                after.reporting_period.label().to_lowercase(),
                nytta::format::kr(after.cost_per_fte)
            );
        }
        Some(org) => {
            let id = organisation_id(&register, org)?;
            let Some(before) = register.organisation_settings()?.into_iter().find(|o| o.organisation_id == id) else {
                bail!("Organisationen {org} finns inte i registret.");
            };
            let fields = OrganisationSettingsFields {
                // An empty text removes the organisation's own body: it follows the register.
                governing_body: match body {
                    Some(text) => Some(text.to_string()),
                    None => before.governing_body.clone(),
                },
                reporting_period: match period {
                    Some(p) => p.period(),
                    None => before.reporting_period,
                },
            };
            let after = register.save_organisation_settings(id, before.row_version, &fields)?;
            let settings = register.register_settings()?;
            println!(
                "{}: styrande organ {}{}, rapportperiod {}{}.",
                after.organisation,
                after.body_or(&settings),
                if after.governing_body.is_none() { " (registrets)" } else { "" },
                after.period_or(&settings).label().to_lowercase(),
                if after.reporting_period.is_none() { " (registrets)" } else { "" },
            );
        }
    }
    Ok(())
}
