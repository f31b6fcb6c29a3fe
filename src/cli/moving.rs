//! `nytta push` and `nytta pull`: a register file moved into the shared register once, and a
//! read-only snapshot of the shared register taken into a new file (docs/delat-register.md).

use std::path::Path;

use anyhow::bail;
use nytta::app::moving::{self, PushOutcome};
use nytta::format;

fn count(n: usize) -> String {
    format::number(n.into(), 0)
}

/// `nytta push FILE URL`.
pub fn push(file: &Path, url: &str) -> anyhow::Result<()> {
    if super::is_shared(file) {
        bail!("Ange först registerfilen som flyttas, sedan anslutningen till det delade registret.");
    }
    let source = super::open_register(file)?;
    let mut target = super::open_register(Path::new(url))?;
    match moving::push(&source, &mut target)? {
        PushOutcome::Moved(moved) => {
            println!("Flyttade {} till det delade registret {}:", file.display(), target.address());
            println!("  Förändringsinsatser: {}", count(moved.initiatives));
            println!("  Statusrapporter: {}", count(moved.status_reports));
            println!("  Kostnadsrader: {}", count(moved.cost_years));
            println!("  Nyttokalkylversioner: {}", count(moved.calculations));
            println!("  Planversioner: {}", count(moved.plan_versions));
            println!("  Mätningar: {}", count(moved.measurements));
            println!("  Loggposter: {}", count(moved.audit_rows));
            println!("  Texter i leverantörens analys: {}", count(moved.analysis_texts));
            for (label, created) in [
                ("Nya organisationer", &moved.organisations_created),
                ("Nya målområden", &moved.goal_areas_created),
                ("Nya bastjänster", &moved.base_services_created),
            ] {
                if !created.is_empty() {
                    println!("  {label}: {}", created.join(", "));
                }
            }
            Ok(())
        }
        PushOutcome::Refused(conflicts) => {
            for conflict in &conflicts {
                eprintln!("{conflict}");
            }
            let n = conflicts.len();
            bail!(
                "Inget flyttades: {n} {} med det delade registret. Rätta {} och flytta igen.",
                if n == 1 { "krock" } else { "krockar" },
                if n == 1 { "den" } else { "dem" }
            )
        }
    }
}

/// `nytta pull URL FILE [--org NAME]`.
pub fn pull(url: &str, file: &Path, organisation: Option<&str>) -> anyhow::Result<()> {
    if super::is_shared(file) {
        bail!("Ange först anslutningen till det delade registret, sedan registerfilen som skrivs.");
    }
    if organisation.is_some_and(|o| o.trim().is_empty()) {
        bail!("--org: ange organisationens namn, eller utelämna --org för allt du får se.");
    }
    let source = super::open_register(Path::new(url))?;
    let pulled = moving::pull(&source, file, organisation)?;
    println!(
        "Skrev ögonblicksbilden {} av det delade registret {}: {} organisationer, {} förändringsinsatser, \
         {} mätningar, {} loggposter.",
        pulled.file.display(),
        source.address(),
        count(pulled.organisations),
        count(pulled.initiatives),
        count(pulled.measurements),
        count(pulled.audit_rows)
    );
    println!("Ögonblicksbilden kan läsas, ge rapporter och exporteras, men inte ändras.");
    Ok(())
}
