//! The `nytta` command line: parse, call the library, print. Exit codes: 0 success,
//! 1 a user error (a Swedish message on stderr), 2 wrong usage. This module declares the
//! commands and their flags (a public interface: scripts call them) and dispatches; one
//! module per area prints: `list` (lists and checks), `calc`, `status` (statuses and charts),
//! `import`, `export`, `report`, `write` (approvals, new versions, single measurements).

use nytta::app::prelude::*;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use nytta::app::OpenRegister;

mod admin;
mod calc;
mod deviations;
mod calibration;
mod evaluate;
mod export;
mod harvest;
mod import;
mod list;
mod lists;
mod moving;
mod progress;
mod report;
mod status;
mod swedish;
mod write;

#[cfg(test)]
mod output_tests;

#[derive(Parser)]
#[command(
    name = "nytta",
    version,
    about = "Nyttoregistret på kommandoraden: skapa, granska och ta fram rapporter ur ett nyttoregister \
             (.nytta-fil). Där ett kommando tar en registerfil går också det delade registret på \
             PostgreSQL: ange anslutningen, till exempel \"postgres://anna@server/nytta?sslmode=verify-full\" \
             (docs/delat-register.md).",
    long_about = None
)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Skapa ett nytt, tomt register.
    Init {
        /// Registerfilen som skapas (den får inte finnas).
        file: PathBuf,
        /// Registrets namn, som visas i fönstrets titel och i rapporterna.
        #[arg(long)]
        name: Option<String>,
    },
    /// Skapa demoregistret (påhittade förändringsinsatser i en svensk stad).
    Demo {
        /// Registerfilen som skapas (den får inte finnas), eller anslutningen till ett tomt
        /// delat register som fylls med demoregistret.
        file: PathBuf,
    },
    /// Kontrollera ett register: schemaversion, SQLite:s integritetskontroll, antal av varje slag.
    /// Ändrar ingenting utan --rebuild.
    Check {
        file: PathBuf,
        /// Bygg om det registret härleder ur sina uppgifter – indexen, bland dem det som
        /// statusarna läses ur i stället för alla mätningar – och kontrollera igen. Ändrar inga
        /// uppgifter. På det delade registret får bara tabellernas ägare bygga om.
        #[arg(long)]
        rebuild: bool,
    },
    /// Ta en säkerhetskopia av ett register (bredvid det, eller till --out).
    Backup {
        file: PathBuf,
        /// Var kopian skrivs (får inte finnas). Standard: REGISTER.backup-<tidpunkt>.nytta.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Ersätt ett register med en säkerhetskopia. Skriver inte över REGISTER utan --force; med
    /// --force säkerhetskopieras REGISTER först.
    Restore {
        backup: PathBuf,
        file: PathBuf,
        #[arg(long)]
        force: bool,
    },
    /// Godkänn utkastet till en insats nyttokalkyl eller plan; därefter är det fryst.
    Approve {
        /// calc (nyttokalkylen) eller plan (nyttorealiseringsplanen).
        #[arg(value_enum)]
        document: write::Document,
        file: PathBuf,
        #[arg(long)]
        initiative: String,
        /// Vem som godkände, till exempel "Digitaliseringsrådet".
        #[arg(long)]
        by: String,
        /// Beslutsdatum, ÅÅÅÅ-MM-DD.
        #[arg(long)]
        date: String,
        /// Beslutets referens, till exempel "DR 2026-03-12 §4".
        #[arg(long = "ref")]
        decision_ref: String,
    },
    /// Börja en ny utkastversion av en godkänd kalkyl eller plan, med ett skäl.
    NewVersion {
        #[arg(value_enum)]
        document: write::Document,
        file: PathBuf,
        #[arg(long)]
        initiative: String,
        #[arg(long)]
        reason: String,
    },
    /// Registrera en mätning av en indikator.
    Measure {
        file: PathBuf,
        #[arg(long)]
        initiative: String,
        #[arg(long)]
        indicator: String,
        /// ÅÅÅÅ-MM-DD.
        #[arg(long)]
        date: String,
        /// Decimalkomma eller decimalpunkt, till exempel 12,5.
        #[arg(long, allow_hyphen_values = true)]
        value: String,
        #[arg(long, default_value = "")]
        source: String,
        #[arg(long, default_value = "")]
        comment: String,
    },
    /// Visa ett registers säkerhetskopior, nyaste först.
    Backups {
        file: PathBuf,
    },
    /// Räkna en insats nyttokalkyl: resultatet i alla tre scenarierna.
    /// Utan --version: den senaste godkända versionen, annars utkastet.
    Calc {
        file: PathBuf,
        /// Insatsens kod, till exempel NR-2025-003.
        #[arg(long)]
        initiative: String,
        /// Visa den här versionen i stället (1, 2, …).
        #[arg(long)]
        version: Option<u32>,
        /// Skriv JSON (beskriven i docs/nyttokalkyl.md) i stället för en tabell.
        #[arg(long)]
        json: bool,
    },
    /// Visa registrets beräkningsfaktorer (namngivna priser, till exempel kr per timme).
    Factors {
        file: PathBuf,
        /// Skriv JSON i stället för en tabell.
        #[arg(long)]
        json: bool,
    },
    /// Uppföljningen per insats och indikator vid ett datum: kontrollpunkternas datum, mätningen
    /// som används, måluppfyllelse och status (JSON: se docs/uppfoljning.md §10).
    Status {
        file: PathBuf,
        /// Datumet som uppföljningen görs vid (ÅÅÅÅ-MM-DD). Standard: i dag (demoregistrets datum för demoregistret).
        #[arg(long)]
        date: Option<String>,
        /// Skriv JSON i stället för text.
        #[arg(long)]
        json: bool,
    },
    /// Nyttoavvikelserna vid ett datum: varje indikator och kontrollpunkt som är röd eller saknas,
    /// med nytta, nyttoägare, orsak, åtgärd och läge (öppen, löst av mätning, stängd). Med
    /// --insats, --indikator och --manader skrivs orsak och åtgärd för en avvikelse, eller så
    /// stängs den med --stang och ett skäl eller ett beslut (docs/uppfoljning.md).
    Deviations {
        file: PathBuf,
        /// Datumet som avvikelserna visas vid (ÅÅÅÅ-MM-DD); när en avvikelse stängs är det
        /// stängningsdagen. Standard: i dag (demoregistrets datum för demoregistret).
        #[arg(long)]
        date: Option<String>,
        /// Skriv JSON i stället för text.
        #[arg(long)]
        json: bool,
        /// Avvikelsens insats, med sin kod, till exempel NR-2024-002.
        #[arg(long, value_name = "KOD")]
        insats: Option<String>,
        /// Avvikelsens indikator, med sin kod i insatsens godkända plan, till exempel NKI.
        #[arg(long, value_name = "KOD")]
        indikator: Option<String>,
        /// Avvikelsens kontrollpunkt: månader efter driftsättning, till exempel 6 eller 12.
        #[arg(long, value_name = "MÅNADER")]
        manader: Option<u32>,
        /// Orsaken till avvikelsen (en tom text tar bort den).
        #[arg(long, value_name = "TEXT")]
        orsak: Option<String>,
        /// Åtgärden som vidtas (en tom text tar bort den).
        #[arg(long, value_name = "TEXT")]
        atgard: Option<String>,
        /// För en särskilt följd insats: beslutet som rådet ombeds fatta.
        #[arg(long, value_name = "TEXT")]
        beslut_begars: Option<String>,
        /// Stäng avvikelsen, med --skal eller med ett beslut (--beslut, --beslutat-av,
        /// --beslutsdatum, --paragraf).
        #[arg(long)]
        stang: bool,
        /// Skälet till att avvikelsen stängs.
        #[arg(long, value_name = "TEXT")]
        skal: Option<String>,
        /// Beslutet som stänger avvikelsen: vad som beslutades.
        #[arg(long, value_name = "TEXT")]
        beslut: Option<String>,
        /// Organet som beslutade, till exempel Strategiska samordningsgruppen.
        #[arg(long, value_name = "ORGAN")]
        beslutat_av: Option<String>,
        /// Beslutsdatum, ÅÅÅÅ-MM-DD.
        #[arg(long, value_name = "DATUM")]
        beslutsdatum: Option<String>,
        /// Beslutets paragraf eller diarienummer, till exempel § 42.
        #[arg(long, value_name = "TEXT")]
        paragraf: Option<String>,
        /// Öppna en stängd avvikelse igen (orsak och åtgärd behålls).
        #[arg(long)]
        oppna: bool,
    },
    /// Kalibrering: hur stor del av den kalkylerade nyttan (första godkända kalkylen) insatserna
    /// har realiserat efter 6 och 12 månader, i median per nyttokategori och organisation och för
    /// hela registret. Grupper med färre än tre insatser visas inte (docs/uppfoljning.md).
    Calibration {
        file: PathBuf,
        /// Datumet som kalibreringen görs vid (ÅÅÅÅ-MM-DD). Standard: i dag (demoregistrets datum för demoregistret).
        #[arg(long)]
        date: Option<String>,
        /// Skriv JSON i stället för en tabell.
        #[arg(long)]
        json: bool,
    },
    /// Avsluta uppföljningen av en insats med en utvärdering mot den godkända planen: utkast,
    /// godkännande (därefter fryst), ny version eller visa (docs/uppfoljning.md).
    Evaluate {
        #[command(subcommand)]
        evaluate: EvaluateCommand,
    },
    /// Rita uppföljningsdiagrammet för en indikator som SVG.
    Chart {
        file: PathBuf,
        /// Insatsens kod, till exempel NR-2024-002.
        #[arg(long)]
        initiative: String,
        /// Indikatorns kod i insatsens godkända plan, till exempel NKI.
        #[arg(long)]
        indicator: String,
        /// SVG-filen som skrivs.
        #[arg(long)]
        out: PathBuf,
        /// Datumet som diagrammet ritas vid (ÅÅÅÅ-MM-DD). Standard: i dag (demoregistrets datum för demoregistret).
        #[arg(long)]
        date: Option<String>,
    },
    /// Ta fram en rapport: underlaget till rådet, rapporten om en insats eller den årliga analysen.
    Report {
        #[command(subcommand)]
        report: ReportCommand,
    },
    /// Ta fram en mall att fylla i: mätningarna som ska tas eller saknas under en period, som
    /// Excel eller CSV som `nytta import measurements` läser tillbaka (docs/import.md).
    Template {
        #[command(subcommand)]
        template: TemplateCommand,
    },
    /// Importera till ett register: mätningar från CSV eller XLSX, eller ett helt register från JSON.
    Import {
        #[command(subcommand)]
        import: ImportCommand,
    },
    /// Exportera ur ett register: hela registret som JSON eller XLSX, eller data bakom en
    /// insats diagram eller portföljens diagram som CSV eller XLSX.
    Export {
        #[command(subcommand)]
        export: ExportCommand,
    },
    /// Administrera ett delat register på PostgreSQL: schemat och behörigheterna
    /// (docs/delat-register.md).
    Admin {
        #[command(subcommand)]
        admin: AdminCommand,
    },
    /// Registrets listor: leverantörernas bastjänster och målområdena (docs/registrets-listor.md).
    Lista {
        #[command(subcommand)]
        lista: ListaCommand,
    },
    /// Beslut om effekthemtagning: vad som beslutades om en nytta (budgetminskning,
    /// omfördelning, kvalitetshöjning eller ej hemtagen), av vem och när, och om det är
    /// genomfört (docs/effekthemtagning.md).
    Harvest {
        #[command(subcommand)]
        harvest: HarvestCommand,
    },
    /// Registrets inställningar: styrande organ och rapportperiod, för registret och per
    /// organisation, och registrets kostnad per årsarbetare (docs/registrets-listor.md).
    Installningar {
        #[command(subcommand)]
        installningar: InstallningarCommand,
    },
    /// Flytta en förvaltnings registerfil till det delade registret, en gång: alla insatser med
    /// hela sin historik får nya id i det delade registret. Krockar något (en kod som redan
    /// finns, en organisation som saknas) listas allt och ingenting flyttas
    /// (docs/delat-register.md, "Flytta ett register till det delade").
    Push {
        /// Registerfilen som flyttas (den lämnas oförändrad).
        file: PathBuf,
        /// Anslutningen till det delade registret: postgres://användare@värd/databas.
        url: String,
    },
    /// Hämta en ögonblicksbild av det delade registret till en ny registerfil: det du får se
    /// där, som bara kan läsas (docs/delat-register.md, "Ögonblicksbild").
    Pull {
        /// Anslutningen till det delade registret: postgres://användare@värd/databas.
        url: String,
        /// Registerfilen som skrivs (den får inte finnas).
        file: PathBuf,
        /// Bara de insatser som organisationen levererar eller är kund i, med sitt namn i
        /// valfri skiftläge.
        #[arg(long, value_name = "NAMN")]
        org: Option<String>,
    },
    /// Visa ett registers förändringsinsatser.
    List {
        file: PathBuf,
        /// Skriv JSON i stället för en tabell.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Uppdatera det delade registrets schema till programmets version (som registrets ägare).
    /// Ett register med nyare schema än programmet avvisas.
    Migrate {
        /// Anslutningen: postgres://användare@värd/databas?sslmode=verify-full eller
        /// host=… dbname=… sslmode=….
        url: String,
    },
    /// Ge en databasanvändare en roll i en organisation (läsare, registrerare, beställare,
    /// godkännare, registeradministratör) eller i hela registret (stadsläsare,
    /// registeradministratör utan --org).
    Grant {
        /// Anslutningen till det delade registret.
        url: String,
        /// Databasanvändaren (samma namn som personens konto).
        user: String,
        /// Organisationen, med sitt namn i registret.
        #[arg(long)]
        org: Option<String>,
        /// Rollen: lasare, registrerare, bestallare, godkannare, registeradministrator eller stadslasare.
        #[arg(long)]
        role: String,
    },
    /// Ta bort en databasanvändares roll (utan --role: alla roller i organisationen).
    Revoke {
        /// Anslutningen till det delade registret.
        url: String,
        /// Databasanvändaren.
        user: String,
        /// Organisationen (utan: rollerna i hela registret).
        #[arg(long)]
        org: Option<String>,
        /// Rollen som tas bort.
        #[arg(long)]
        role: Option<String>,
    },
    /// Visa behörigheterna som du får se.
    Members {
        /// Anslutningen till det delade registret.
        url: String,
    },
}

#[derive(Subcommand)]
enum ListaCommand {
    /// Visa bastjänsterna, per leverantör, med hur många insatser som har var och en.
    Bastjanster {
        /// Registerfilen.
        file: PathBuf,
        /// Bara den här leverantörens lista (namnet i valfri skiftläge).
        #[arg(long)]
        org: Option<String>,
        /// Skriv JSON i stället för text.
        #[arg(long)]
        json: bool,
    },
    /// Visa målområdena, med hur många insatser som är kopplade till vart och ett.
    Malomraden {
        /// Registerfilen.
        file: PathBuf,
        /// Skriv JSON i stället för text.
        #[arg(long)]
        json: bool,
    },
    /// Lägg till en bastjänst (i leverantörens lista, --org) eller ett målområde.
    LaggTill {
        #[arg(value_enum)]
        lista: lists::Lista,
        /// Registerfilen.
        file: PathBuf,
        /// Namnet, till exempel "Öppna data".
        #[arg(long)]
        namn: String,
        /// Leverantören vars bastjänst det är (krävs för bastjänst).
        #[arg(long)]
        org: Option<String>,
    },
    /// Byt namn på en bastjänst eller ett målområde; insatserna som har den följer med.
    BytNamn {
        #[arg(value_enum)]
        lista: lists::Lista,
        /// Registerfilen.
        file: PathBuf,
        /// Det nuvarande namnet (valfri skiftläge).
        #[arg(long)]
        namn: String,
        /// Det nya namnet.
        #[arg(long)]
        nytt_namn: String,
        /// Leverantören (krävs för bastjänst).
        #[arg(long)]
        org: Option<String>,
    },
    /// Låt en bastjänst eller ett målområde gå ut: den finns kvar på insatserna som har den
    /// men kan inte väljas för fler.
    Utga {
        #[arg(value_enum)]
        lista: lists::Lista,
        /// Registerfilen.
        file: PathBuf,
        #[arg(long)]
        namn: String,
        /// Leverantören (krävs för bastjänst).
        #[arg(long)]
        org: Option<String>,
    },
    /// Återinför en utgången bastjänst eller ett utgånget målområde.
    Aterinfor {
        #[arg(value_enum)]
        lista: lists::Lista,
        /// Registerfilen.
        file: PathBuf,
        #[arg(long)]
        namn: String,
        /// Leverantören (krävs för bastjänst).
        #[arg(long)]
        org: Option<String>,
    },
}

#[derive(Subcommand)]
enum HarvestCommand {
    /// Registrera ett beslut om effekthemtagning för en nytta i insatsens godkända plan.
    Add {
        /// Registerfilen.
        file: PathBuf,
        /// Insatsens kod, till exempel NR-2025-003.
        #[arg(long)]
        insats: String,
        /// Nyttans namn i planen.
        #[arg(long)]
        nytta: String,
        /// Vad som beslutades.
        #[arg(long, value_enum)]
        typ: harvest::Kind,
        /// Kronor per år (0 för kvalitetshöjning), decimalkomma eller decimalpunkt.
        #[arg(long, value_name = "KR")]
        belopp: String,
        /// Verksamheten som pengarna eller tiden omfördelas till (krävs för omfördelning).
        #[arg(long, value_name = "TEXT")]
        till: Option<String>,
        /// Varför nyttan inte hämtas hem (krävs för ej-hemtagen).
        #[arg(long, value_name = "TEXT")]
        skal: Option<String>,
        /// Från vilket datum beslutet gäller, ÅÅÅÅ-MM-DD.
        #[arg(long, value_name = "DATUM")]
        fran: String,
        /// Organet som beslutade, till exempel "Socialnämnden".
        #[arg(long, value_name = "ORGAN")]
        beslutat_av: String,
        /// Beslutsdatum, ÅÅÅÅ-MM-DD.
        #[arg(long, value_name = "DATUM")]
        beslutsdatum: String,
        /// Diarienummer eller paragraf, till exempel "SN 2026/118 § 45".
        #[arg(long, value_name = "TEXT")]
        diarienummer: Option<String>,
        /// Datum då beslutet genomfördes, ÅÅÅÅ-MM-DD; utelämna om det inte är genomfört ännu.
        #[arg(long, value_name = "DATUM")]
        genomford: Option<String>,
        /// En kommentar till beslutet.
        #[arg(long, value_name = "TEXT")]
        kommentar: Option<String>,
    },
    /// Markera ett beslut som genomfört (budgeten är minskad, personalen omfördelad).
    Genomford {
        /// Registerfilen.
        file: PathBuf,
        /// Insatsens kod.
        #[arg(long)]
        insats: String,
        /// Beslutets id (se nytta harvest list).
        #[arg(long)]
        id: i64,
        /// Datum då beslutet genomfördes, ÅÅÅÅ-MM-DD.
        #[arg(long, value_name = "DATUM")]
        datum: String,
    },
    /// Visa en insats effekthemtagning per nytta (kalkylerat → realiserat → beslutat →
    /// hemtaget, i kr och årsarbetare, med besluten), eller utan --insats registrets per
    /// organisation.
    List {
        /// Registerfilen.
        file: PathBuf,
        /// Insatsens kod.
        #[arg(long)]
        insats: Option<String>,
        /// Per vilket datum, ÅÅÅÅ-MM-DD (standard: i dag, eller demoregistrets datum).
        #[arg(long)]
        date: Option<String>,
        /// Skriv JSON i stället för text.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum InstallningarCommand {
    /// Visa registrets styrande organ och rapportperiod och organisationernas egna.
    Visa {
        /// Registerfilen.
        file: PathBuf,
        /// Skriv JSON i stället för text.
        #[arg(long)]
        json: bool,
    },
    /// Ändra registrets styrande organ eller rapportperiod, eller med --org en organisations
    /// egna.
    Satt {
        /// Registerfilen.
        file: PathBuf,
        /// Organisationen vars egna inställningar ändras (namnet i valfri skiftläge).
        #[arg(long)]
        org: Option<String>,
        /// Det styrande organet som det skrivs efter "Underlag till", till exempel
        /// "strategiska samordningsgruppen". Med --org tar en tom text bort organisationens
        /// eget organ.
        #[arg(long)]
        styrande_organ: Option<String>,
        /// Hur ofta statusrapporten ska lämnas; "registrets" (bara med --org) följer registret.
        #[arg(long, value_enum)]
        rapportperiod: Option<lists::Period>,
        /// Vad en årsarbetare kostar per år, i kr (standard 700 000): räknar om nyttor i kr till
        /// årsarbetare där kalkylraden saknar timmar (bara för registret, inte med --org).
        #[arg(long, value_name = "KR")]
        kostnad_per_arsarbetare: Option<String>,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Importera mätningar från en CSV- eller XLSX-fil (kolumnerna Insats, Indikator, Datum, Värde,
    /// och eventuellt Källa och Kommentar). Alla rader eller ingen: vid minsta fel importeras
    /// ingenting och varje fel listas (slutkod 1).
    Measurements {
        /// Registerfilen.
        file: PathBuf,
        /// CSV-filen (avgränsad med ; , eller tabb) eller XLSX-filen.
        data: PathBuf,
        /// Kontrollera bara och räkna nya, oförändrade och motstridiga rader; ändra ingenting.
        #[arg(long)]
        dry_run: bool,
        /// Ersätt sparade värden som filen ändrar (de gamla värdena finns kvar i loggen).
        #[arg(long)]
        replace: bool,
    },
    /// Importera ett helt register från dess JSON-export (docs/json-format.md) till ett tomt
    /// register; REGISTER skapas om det inte finns. Allt eller ingenting.
    Json {
        /// Registerfilen (ny eller tom).
        file: PathBuf,
        /// JSON-filen som `nytta export json` skrev.
        data: PathBuf,
    },
}

#[derive(Subcommand)]
enum TemplateCommand {
    /// En rad för varje indikator vars mätning ska tas under perioden eller redan saknas, med
    /// insats, indikator (kod och namn), enhet, kontrollpunktens datum och en tom kolumn för
    /// värdet. Fyll i värdena och importera filen med `nytta import measurements`.
    Measurements {
        /// Registerfilen.
        file: PathBuf,
        /// Periodens första dag (ÅÅÅÅ-MM-DD).
        #[arg(long, value_name = "DATUM")]
        from: String,
        /// Periodens sista dag (ÅÅÅÅ-MM-DD).
        #[arg(long, value_name = "DATUM")]
        to: String,
        /// Mallen: en .xlsx- eller .csv-fil.
        #[arg(long, value_name = "FIL")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum ExportCommand {
    /// Hela registret som JSON (docs/json-format.md); `nytta import json` läser in det igen.
    Json {
        /// Registerfilen.
        file: PathBuf,
        /// JSON-filen som skrivs (ersätts om den finns).
        #[arg(long)]
        out: PathBuf,
    },
    /// Hela registret som en Excel-arbetsbok, ett blad per slags uppgift (docs/export.md).
    Xlsx {
        /// Registerfilen.
        file: PathBuf,
        /// XLSX-filen som skrivs (ersätts om den finns).
        #[arg(long)]
        out: PathBuf,
    },
    /// Data bakom varje diagram för en insats (kalkyldiagrammet och uppföljningsdiagrammet
    /// för varje indikator), eller med --portfolio bakom portföljdiagrammen i underlaget till
    /// rådet (docs/export.md). CSV, eller XLSX när --out slutar på .xlsx.
    #[command(group(clap::ArgGroup::new("charts").required(true).args(["initiative", "portfolio"])))]
    ChartData {
        /// Registerfilen.
        file: PathBuf,
        /// Insatsens kod, till exempel NR-2024-002.
        #[arg(long)]
        initiative: Option<String>,
        /// Portföljens diagram i stället: nyttostatus per organisation, kalkylerad och
        /// realiserad nytta per insats.
        #[arg(long)]
        portfolio: bool,
        /// Med --portfolio: bara de insatser som organisationen levererar (är leverantör för:
        /// levererar och följer upp), med sitt namn, stora eller små bokstäver.
        #[arg(long, conflicts_with = "initiative")]
        org: Option<String>,
        /// Med --portfolio: bara de insatser där organisationen är kund (realiserar nyttan),
        /// som rådsrapporten med --kund. Kan inte kombineras med --org.
        #[arg(long, value_name = "NAMN", conflicts_with_all = ["initiative", "org"])]
        kund: Option<String>,
        /// Datumet som uppföljningen görs vid (ÅÅÅÅ-MM-DD). Standard: demoregistrets
        /// datum för demoregistret, annars i dag.
        #[arg(long)]
        date: Option<String>,
        /// CSV- eller XLSX-filen som skrivs (ersätts om den finns).
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum EvaluateCommand {
    /// Skriv eller spara om utkastet: varje mål nått eller inte tas från uppföljningen per
    /// --date, med realiserad och hemtagen nytta; lärdomarna och skälet skriver du.
    Utkast {
        file: PathBuf,
        /// Insatsens kod, till exempel NR-2024-001.
        #[arg(long, alias = "initiative")]
        insats: String,
        /// Vad insatsen har lärt er (krävs för att godkänna).
        #[arg(long, default_value = "")]
        lardomar: String,
        /// Varför uppföljningen avslutas fast en kontrollpunkt ännu saknar status (kommande).
        #[arg(long, default_value = "")]
        skal: String,
        /// Datumet som utfallet tas per (ÅÅÅÅ-MM-DD). Standard: i dag (demoregistrets datum för demoregistret).
        #[arg(long)]
        date: Option<String>,
    },
    /// Godkänn utkastet; därefter är utvärderingen fryst och insatsen utvärderad.
    Godkann {
        file: PathBuf,
        /// Insatsens kod, till exempel NR-2024-001.
        #[arg(long, alias = "initiative")]
        insats: String,
        /// Vem som godkände, till exempel "Digitaliseringsrådet".
        #[arg(long)]
        by: String,
        /// Beslutsdatum, ÅÅÅÅ-MM-DD.
        #[arg(long)]
        beslutsdatum: String,
        /// Beslutets referens, till exempel "DR 2026-10-14 §7".
        #[arg(long = "ref")]
        decision_ref: String,
    },
    /// Börja en ny utkastversion av en godkänd utvärdering, med ett skäl.
    NyVersion {
        file: PathBuf,
        /// Insatsens kod, till exempel NR-2024-001.
        #[arg(long, alias = "initiative")]
        insats: String,
        #[arg(long)]
        reason: String,
    },
    /// Visa utvärderingen, eller utfallet som ett utkast skulle få.
    Visa {
        file: PathBuf,
        /// Insatsens kod, till exempel NR-2024-001.
        #[arg(long, alias = "initiative")]
        insats: String,
        /// Datumet som utfallet visas per (ÅÅÅÅ-MM-DD).
        #[arg(long)]
        date: Option<String>,
        /// Skriv JSON i stället för text.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum ReportCommand {
    /// Underlaget till rådet (det styrande organet) för rapportperioden som slutar --date.
    Council {
        file: PathBuf,
        /// Rapportperiodens sista dag (ÅÅÅÅ-MM-DD). Standard: i dag (demoregistrets datum för demoregistret).
        #[arg(long)]
        date: Option<String>,
        /// Bara de insatser som organisationen (förvaltning eller bolag) levererar: den är deras
        /// leverantör, som levererar och följer upp dem. Med sitt namn, stora eller små bokstäver.
        #[arg(long)]
        org: Option<String>,
        /// Bara de insatser där organisationen är kund: den förvaltning eller det bolag vars
        /// arbetssätt ändras och som realiserar nyttan. Namnet som i registret, stora eller
        /// små bokstäver. Kan inte kombineras med --org.
        #[arg(long, value_name = "NAMN", conflicts_with = "org")]
        kund: Option<String>,
        /// PDF-filen som skrivs (ersätts om den finns).
        #[arg(long)]
        out: PathBuf,
    },
    /// Årlig analys av digital utveckling och förvaltning (stadens mall) för en leverantör och
    /// ett år, som PDF eller Word-dokument (.docx): genomförd effekthemtagning, portföljanalys,
    /// pågående och föreslagna förändringsinsatser, kostnader och leverantörens analys.
    Annual {
        /// Registerfilen.
        file: PathBuf,
        /// Leverantören (förvaltning eller bolag) som analysen gäller, med sitt namn i valfri
        /// skiftläge.
        #[arg(long = "org", id = "supplier", value_name = "NAMN")]
        org: String,
        /// Året analysen gäller (mallens årtal: Prognos för året, Budget året före, Utfall två
        /// år före). Standard: året efter registrets datum.
        #[arg(long)]
        year: Option<i32>,
        /// pdf eller docx. Standard: efter filändelsen i --out.
        #[arg(long, value_enum)]
        format: Option<report::AnnualFormat>,
        /// Filen som skrivs (.pdf eller .docx; ersätts om den finns).
        #[arg(long)]
        out: PathBuf,
    },
    /// Rapporten om en insats: kalkyl, plan, uppföljning, mätningar, versioner.
    Initiative {
        file: PathBuf,
        /// Insatsens kod, till exempel NR-2024-002.
        #[arg(long)]
        initiative: String,
        /// Datumet som rapporten gäller (ÅÅÅÅ-MM-DD). Standard: i dag (demoregistrets datum för demoregistret).
        #[arg(long)]
        date: Option<String>,
        /// Beslutsunderlag: utkastet till nyttokalkyl och/eller nyttorealiseringsplan som väntar
        /// på godkännande, med alla fält i stadens mall och vad som saknas. Varje sida märks
        /// "UTKAST – ej godkänd". Utan flaggan visar rapporten de godkända versionerna.
        #[arg(long)]
        utkast: bool,
        /// PDF-filen som skrivs (ersätts om den finns).
        #[arg(long)]
        out: PathBuf,
    },
}

pub fn main() -> ExitCode {
    restore_default_sigpipe();
    let mut command = swedish::localise(Args::command());
    let matches = match command.clone().try_get_matches() {
        Ok(matches) => matches,
        Err(error) => match swedish::error_message(&error, &mut command) {
            Some(message) => {
                eprint!("{message}");
                return ExitCode::from(2);
            }
            // The help or the version, asked for.
            None => {
                print!("{}", swedish::help_text(&error));
                return ExitCode::SUCCESS;
            }
        },
    };
    let result = Args::from_arg_matches(&matches)
        .map_err(|error| error.exit())
        .and_then(|args| {
            refuse_register_outputs(&matches)?;
            run(args.command)
        });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let (message, detail) = user_message(&error);
            eprintln!("Fel: {message}");
            if let Some(detail) = detail.filter(|_| std::env::var_os("NYTTA_DETALJER").is_some()) {
                eprintln!("Teknisk detalj: {detail}");
            }
            ExitCode::from(1)
        }
    }
}

/// Refuses, before any command runs, an output path (`--out`, in every command that writes
/// a file) that is a register, a file beside one or a link to one. The one output writer
/// refuses them too when it writes; this makes it impossible for a command to do any work
/// towards a file that would destroy a register, whichever command it is.
fn refuse_register_outputs(matches: &clap::ArgMatches) -> anyhow::Result<()> {
    let mut leaf = matches;
    while let Some((_, sub)) = leaf.subcommand() {
        leaf = sub;
    }
    let path = |id: &str| leaf.try_get_one::<PathBuf>(id).ok().flatten();
    if let Some(out) = path(OUTPUT_ARG) {
        nytta::files::refuse_register(out, path(REGISTER_ARG).map(PathBuf::as_path))?;
    }
    Ok(())
}

/// The name of every argument that names a file a command writes.
const OUTPUT_ARG: &str = "out";
/// The name of the argument that names the register a command works on.
const REGISTER_ARG: &str = "file";

/// The Swedish sentences of `error` — the command's own context and the library's sentence —
/// and, apart, what lies below the library's sentence: the operating system's or SQLite's own
/// (English) account, shown only on request (`NYTTA_DETALJER=1`), for troubleshooting.
fn user_message(error: &anyhow::Error) -> (String, Option<String>) {
    let mut said = Vec::new();
    let mut chain = error.chain();
    for cause in chain.by_ref() {
        said.push(cause.to_string());
        if speaks_swedish_alone(cause) {
            break;
        }
    }
    let detail: Vec<String> = chain.map(|cause| cause.to_string()).collect();
    (said.join(": "), (!detail.is_empty()).then(|| detail.join(": ")))
}

/// The library's errors say everything the user needs in their own sentence; their sources
/// are the detail behind it.
fn speaks_swedish_alone(error: &(dyn std::error::Error + 'static)) -> bool {
    error.is::<nytta::app::StoreError>()
        || error.is::<nytta::files::OutputError>()
        || error.is::<nytta::io::export::ExportError>()
        || error.is::<nytta::app::exports::ExportError>()
        || error.is::<nytta::report::ReportError>()
        || error.is::<nytta::app::import::MeasurementImportError>()
        || error.is::<nytta::io::ImportError>()
        || error.is::<nytta::io::register_json::JsonError>()
}

/// `nytta list FILE | head` must end quietly when `head` closes the pipe, as other Unix
/// tools do, instead of panicking inside `println!`.
/// Opens the register a command names: a register file, or the shared register when `file`
/// is a connection string — asking for the password on the terminal when the server wants
/// one.
pub(crate) fn open_register(file: &std::path::Path) -> anyhow::Result<OpenRegister> {
    match file.to_str().filter(|_| is_shared(file)) {
        Some(url) => admin::with_password(url, OpenRegister::open_shared),
        None => {
            let register = OpenRegister::open(file)?;
            if let Some(warning) = register.location_warning() {
                eprintln!("Varning: {warning}");
            }
            Ok(register)
        }
    }
}

/// Whether a register named on the command line is a shared register's connection string.
fn is_shared(file: &std::path::Path) -> bool {
    file.to_str().is_some_and(nytta::app::shared_register::is_connection_string)
}

fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Init { file, name } => {
            let name = name.unwrap_or_else(|| list::stem(&file));
            let register = OpenRegister::create(&file, &name)?;
            println!("Skapade registret {} ({}).", name, file.display());
            if let Some(warning) = register.location_warning() {
                eprintln!("Varning: {warning}");
            }
        }
        Command::Demo { file } if is_shared(&file) => {
            let mut register = open_register(&file)?;
            nytta::demo::fill_empty(&mut register)?;
            println!("Lade in demoregistret i det delade registret {}.", register.address());
        }
        Command::Demo { file } => {
            nytta::demo::create(&file)?;
            println!("Skapade demoregistret {}.", file.display());
        }
        Command::Check { file, rebuild } => {
            let mut register = open_register(&file)?;
            let mut report = register.check()?;
            print!("{}", list::check_text(&register.name()?, &report));
            if rebuild {
                register.rebuild_derived()?;
                report = register.check()?;
                println!("\nIndexen är ombyggda. Kontroll efter ombyggnaden:");
                print!("{}", list::check_text(&register.name()?, &report));
            }
            if report.integrity != "ok" || report.foreign_key_violations > 0 {
                anyhow::bail!("registret klarade inte kontrollen");
            }
        }
        Command::Backup { file, out } => {
            // Opening first refuses a file that is not an intact register.
            let register = open_register(&file)?;
            let target = match out {
                Some(out) => {
                    register.backup_to(&out)?;
                    out
                }
                None => register.take_backup()?,
            };
            println!("Säkerhetskopian är sparad: {}", target.display());
        }
        Command::Restore { backup, file, force } => {
            let saved = nytta::app::register::restore(&backup, &file, force)?;
            if let Some(saved) = saved {
                println!("Det ersatta registret är sparat som {}.", saved.display());
            }
            println!("Återställde {} från {}.", file.display(), backup.display());
        }
        Command::Admin { admin: command } => match command {
            AdminCommand::Migrate { url } => admin::migrate(&url)?,
            AdminCommand::Grant { url, user, org, role } => admin::grant(&url, &user, org.as_deref(), &role)?,
            AdminCommand::Revoke { url, user, org, role } => admin::revoke(&url, &user, org.as_deref(), role.as_deref())?,
            AdminCommand::Members { url } => admin::members(&url)?,
        },
        Command::Approve { document, file, initiative, by, date, decision_ref } => {
            write::approve(&file, document, &initiative, &by, &date, &decision_ref)?
        }
        Command::NewVersion { document, file, initiative, reason } => {
            write::new_version(&file, document, &initiative, &reason)?
        }
        Command::Measure { file, initiative, indicator, date, value, source, comment } => {
            write::measure(&file, &initiative, &indicator, &date, &value, &source, &comment)?
        }
        Command::Backups { file } => {
            for backup in nytta::app::register::backups_of(&file)? {
                println!("{}", backup.display());
            }
        }
        Command::Calc { file, initiative, version, json } => calc::calc(&file, &initiative, version, json)?,
        Command::Factors { file, json } => calc::factors(&file, json)?,
        Command::Status { file, date, json } => status::status(&file, date.as_deref(), json)?,
        Command::Deviations {
            file,
            date,
            json,
            insats,
            indikator,
            manader,
            orsak,
            atgard,
            beslut_begars,
            stang,
            skal,
            beslut,
            beslutat_av,
            beslutsdatum,
            paragraf,
            oppna,
        } => deviations::deviations(
            &file,
            date.as_deref(),
            json,
            deviations::Write {
                initiative: insats,
                indicator: indikator,
                months: manader,
                cause: orsak,
                action: atgard,
                decision_requested: beslut_begars,
                close: stang,
                reason: skal,
                decision: beslut,
                decided_by: beslutat_av,
                decision_date: beslutsdatum,
                reference: paragraf,
                reopen: oppna,
            },
        )?,
        Command::Calibration { file, date, json } => calibration::calibration(&file, date.as_deref(), json)?,
        Command::Evaluate { evaluate } => match evaluate {
            EvaluateCommand::Utkast { file, insats, lardomar, skal, date } => {
                evaluate::draft(&file, &insats, &lardomar, &skal, date.as_deref())?
            }
            EvaluateCommand::Godkann { file, insats, by, beslutsdatum, decision_ref } => {
                evaluate::approve(&file, &insats, &by, &beslutsdatum, &decision_ref)?
            }
            EvaluateCommand::NyVersion { file, insats, reason } => evaluate::new_version(&file, &insats, &reason)?,
            EvaluateCommand::Visa { file, insats, date, json } => evaluate::show(&file, &insats, date.as_deref(), json)?,
        },
        Command::Chart { file, initiative, indicator, out, date } => {
            status::chart(&file, &initiative, &indicator, &out, date.as_deref())?
        }
        Command::Report { report } => match report {
            ReportCommand::Council { file, date, org, kund, out } => {
                report::council(&file, date.as_deref(), org.as_deref(), kund.as_deref(), &out)?
            }
            ReportCommand::Annual { file, org, year, format, out } => report::annual(&file, &org, year, format, &out)?,
            ReportCommand::Initiative { file, initiative, date, utkast: false, out } => {
                report::initiative(&file, &initiative, date.as_deref(), &out)?
            }
            ReportCommand::Initiative { file, initiative, date, utkast: true, out } => {
                report::decision(&file, &initiative, date.as_deref(), &out)?
            }
        },
        Command::Import { import } => match import {
            ImportCommand::Measurements { file, data, dry_run, replace } => {
                import::measurements(&file, &data, dry_run, replace)?
            }
            ImportCommand::Json { file, data } => import::json(&file, &data)?,
        },
        Command::Export { export } => match export {
            ExportCommand::Json { file, out } => export::json(&file, &out)?,
            ExportCommand::Xlsx { file, out } => export::xlsx(&file, &out)?,
            ExportCommand::ChartData { file, initiative, portfolio: _, org, kund, date, out } => match initiative {
                Some(initiative) => export::chart_data(&file, &initiative, date.as_deref(), &out)?,
                None => export::portfolio_chart_data(&file, org.as_deref(), kund.as_deref(), date.as_deref(), &out)?,
            },
        },
        Command::Lista { lista } => match lista {
            ListaCommand::Bastjanster { file, org, json } => lists::base_services(&file, org.as_deref(), json)?,
            ListaCommand::Malomraden { file, json } => lists::goal_areas(&file, json)?,
            ListaCommand::LaggTill { lista, file, namn, org } => lists::add(&file, lista, org.as_deref(), &namn)?,
            ListaCommand::BytNamn { lista, file, namn, nytt_namn, org } => {
                lists::rename(&file, lista, org.as_deref(), &namn, &nytt_namn)?
            }
            ListaCommand::Utga { lista, file, namn, org } => lists::set_retired(&file, lista, org.as_deref(), &namn, true)?,
            ListaCommand::Aterinfor { lista, file, namn, org } => {
                lists::set_retired(&file, lista, org.as_deref(), &namn, false)?
            }
        },
        Command::Harvest { harvest: command } => match command {
            HarvestCommand::Add {
                file,
                insats,
                nytta,
                typ,
                belopp,
                till,
                skal,
                fran,
                beslutat_av,
                beslutsdatum,
                diarienummer,
                genomford,
                kommentar,
            } => harvest::add(
                &file,
                harvest::AddArgs {
                    insats: &insats,
                    nytta: &nytta,
                    typ,
                    belopp: &belopp,
                    till: till.as_deref(),
                    skal: skal.as_deref(),
                    fran: &fran,
                    beslutat_av: &beslutat_av,
                    beslutsdatum: &beslutsdatum,
                    diarienummer: diarienummer.as_deref(),
                    genomford: genomford.as_deref(),
                    kommentar: kommentar.as_deref(),
                },
            )?,
            HarvestCommand::Genomford { file, insats, id, datum } => harvest::carried_out(&file, &insats, id, &datum)?,
            HarvestCommand::List { file, insats, date, json } => harvest::list(&file, insats.as_deref(), date.as_deref(), json)?,
        },
        Command::Installningar { installningar } => match installningar {
            InstallningarCommand::Visa { file, json } => lists::show_settings(&file, json)?,
            InstallningarCommand::Satt { file, org, styrande_organ, rapportperiod, kostnad_per_arsarbetare } => {
                lists::set_settings(
                    &file,
                    org.as_deref(),
                    styrande_organ.as_deref(),
                    rapportperiod,
                    kostnad_per_arsarbetare.as_deref(),
                )?
            }
        },
        Command::Template { template } => match template {
            TemplateCommand::Measurements { file, from, to, out } => import::template(&file, &from, &to, &out)?,
        },
        Command::Push { file, url } => moving::push(&file, &url)?,
        Command::Pull { url, file, org } => moving::pull(&url, &file, org.as_deref())?,
        Command::List { file, json } => {
            let register = open_register(&file)?;
            let as_of = register.view_date()?;
            let nytta::app::portfolio::PortfolioView { initiatives, followup } =
                nytta::app::portfolio::portfolio_view(&register, as_of)?;
            let statuses: std::collections::HashMap<i64, nytta::app::StatusView> =
                followup
                    .rows
                    .into_iter()
                    .map(|r| (r.initiative_id, r.status))
                    .collect();
            if json {
                println!("{}", serde_json::to_string_pretty(&list::initiatives_json(&initiatives, &statuses)?)?);
            } else {
                print!("{}", list::initiative_table(&initiatives, &statuses));
            }
        }
    }
    Ok(())
}
