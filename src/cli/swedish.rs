//! The command line in Swedish. clap writes its own parts of the help (headings, the help and
//! version flags, value names, defaults) and its usage errors in English; this module gives
//! every command Swedish ones, and says clap's errors in Swedish sentences that name the flag
//! or value. The commands' own descriptions are the doc comments in `mod.rs`, written in
//! Swedish.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// The help page's layout: Swedish headings around clap's lists.
const TEMPLATE: &str = "{about-with-newline}\nAnvändning: {usage}\n\n{all-args}{after-help}";

/// `command` and every subcommand of it with Swedish headings, flags and value names.
pub fn localise(command: Command) -> Command {
    localise_one(command, true)
}

fn localise_one(command: Command, root: bool) -> Command {
    let mut command = command
        .help_template(TEMPLATE)
        .subcommand_help_heading("Kommandon")
        .subcommand_value_name("KOMMANDO")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(
            Arg::new("hjalp")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Visa den här hjälpen")
                .help_heading("Flaggor"),
        );
    if root {
        command = command.disable_version_flag(true).arg(
            Arg::new("programversion")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("Visa programmets version")
                .help_heading("Flaggor"),
        );
    }
    let ids: Vec<String> = command.get_arguments().map(|a| a.get_id().to_string()).collect();
    for (order, id) in ids.into_iter().enumerate() {
        command = command.mut_arg(&id, |arg| {
            let heading = if arg.is_positional() { "Argument" } else { "Flaggor" };
            // Changing an argument moves it last; keep the order the command declares.
            let arg = arg.display_order(order);
            let arg = match (arg.get_help().is_none(), default_help(arg.get_id().as_str())) {
                (true, Some(help)) => arg.help(help),
                _ => arg,
            };
            let arg = arg.help_heading(heading);
            if !arg.get_action().takes_values() {
                return arg;
            }
            // clap's "[default: …]" and "[possible values: …]" are English; the descriptions
            // name defaults and choices in Swedish instead.
            let arg = arg.hide_default_value(true).hide_possible_values(true);
            // A name the command sets itself stays; clap's derive names a value after its
            // field (`out` → `OUT`), which is the one replaced.
            let id = arg.get_id().as_str().to_string();
            let derived = match arg.get_value_names() {
                None => true,
                Some([only]) => only.as_str() == id.to_uppercase(),
                Some(_) => false,
            };
            match value_name(&id) {
                Some(name) if derived => arg.value_name(name),
                _ => arg,
            }
        });
    }
    command.mut_subcommands(|sub| localise_one(sub, false))
}

/// The description of an argument the command does not describe itself, by its id: the
/// arguments that mean the same in every command.
fn default_help(id: &str) -> Option<&'static str> {
    Some(match id {
        "file" => "Registerfilen",
        "initiative" => "Insatsens kod, till exempel NR-2025-003",
        "indicator" => "Indikatorns kod i insatsens plan, till exempel NKI",
        "date" => "Datum, ÅÅÅÅ-MM-DD",
        "out" => "Filen som skrivs (ersätts om den finns)",
        "reason" => "Skälet till den nya versionen",
        "source" => "Varifrån värdet kommer, till exempel ett system eller en enkät",
        "comment" => "En kommentar till värdet",
        "backup" => "Säkerhetskopian",
        "force" => "Skriv över registret (det säkerhetskopieras först)",
        "json" => "Skriv JSON i stället för text",
        "document" => "calc (nyttokalkylen) eller plan (nyttorealiseringsplanen)",
        "lista" => "Vilken lista: bastjanst (en leverantörs bastjänster, med --org) eller malomrade (registrets målområden)",
        "namn" => "Namnet i listan (stora eller små bokstäver)",
        _ => return None,
    })
}

/// The Swedish placeholder shown for an argument's value in the help, by the argument's id.
fn value_name(id: &str) -> Option<&'static str> {
    Some(match id {
        "file" => "REGISTER",
        "out" | "data" => "FIL",
        "backup" => "KOPIA",
        "date" => "DATUM",
        "initiative" | "indicator" => "KOD",
        "org" | "kund" | "customer" => "ORGANISATION",
        "version" => "VERSION",
        "name" => "NAMN",
        "url" => "ANSLUTNING",
        "user" => "ANVÄNDARE",
        "role" => "ROLL",
        "by" => "VEM",
        "decision_ref" => "BESLUT",
        "reason" => "SKÄL",
        "value" => "VÄRDE",
        "source" => "KÄLLA",
        "comment" => "KOMMENTAR",
        "document" => "DOKUMENT",
        "year" | "ar" => "ÅR",
        "namn" | "nytt_namn" => "NAMN",
        "lista" => "LISTA",
        "format" => "FORMAT",
        _ => return None,
    })
}

/// The help page or the version that was asked for, with the last of clap's English in the
/// usage line ("[OPTIONS]") in Swedish.
pub fn help_text(shown: &clap::Error) -> String {
    let mut text = swedish_usage(&shown.render().to_string());
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

fn swedish_usage(text: &str) -> String {
    text.replace("[OPTIONS]", "[FLAGGOR]").replacen("Usage:", "Användning:", 1)
}

/// clap's usage error in Swedish, with the usage line and where to read more; `None` for what
/// is not an error (the help or the version asked for), which clap prints itself.
pub fn error_message(error: &clap::Error, command: &mut Command) -> Option<String> {
    let string = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(list)) => Some(list.join(", ")),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        Some(ContextValue::StyledStrs(list)) => Some(list.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", ")),
        Some(ContextValue::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let arg = string(ContextKind::InvalidArg).unwrap_or_default();
    let value = string(ContextKind::InvalidValue).unwrap_or_default();
    let sentence = match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => return None,
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            "ett kommando saknas".to_string()
        }
        ErrorKind::InvalidSubcommand => {
            let sub = string(ContextKind::InvalidSubcommand).unwrap_or_default();
            match suggestions(error.get(ContextKind::SuggestedSubcommand)) {
                Some(suggested) => format!("kommandot \"{sub}\" finns inte; menade du {suggested}?"),
                None => format!("kommandot \"{sub}\" finns inte"),
            }
        }
        ErrorKind::UnknownArgument => match suggestions(error.get(ContextKind::SuggestedArg)) {
            Some(suggested) => format!("\"{arg}\" är ingen flagga för det här kommandot; menade du {suggested}?"),
            None => format!("\"{arg}\" är ingen flagga eller inget argument för det här kommandot"),
        },
        ErrorKind::MissingRequiredArgument => format!("det här saknas: {}", swedish_placeholders(&arg)),
        ErrorKind::InvalidValue => match string(ContextKind::ValidValue) {
            Some(valid) if value.is_empty() => format!("{} behöver ett värde ({valid})", swedish_placeholders(&arg)),
            Some(valid) => format!("värdet \"{value}\" passar inte {}; välj bland: {valid}", swedish_placeholders(&arg)),
            None if value.is_empty() => format!("{} behöver ett värde", swedish_placeholders(&arg)),
            None => format!("värdet \"{value}\" passar inte {}", swedish_placeholders(&arg)),
        },
        ErrorKind::ValueValidation => format!("värdet \"{value}\" passar inte {}", swedish_placeholders(&arg)),
        ErrorKind::ArgumentConflict => {
            let prior = string(ContextKind::PriorArg).unwrap_or_default();
            format!("{} kan inte användas tillsammans med {}", swedish_placeholders(&arg), swedish_placeholders(&prior))
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("fel antal värden till {}", swedish_placeholders(&arg))
        }
        ErrorKind::NoEquals => format!("{} behöver ett värde efter =", swedish_placeholders(&arg)),
        _ => "kommandoraden kunde inte tolkas".to_string(),
    };
    // The usage line of the command that was being parsed is in clap's own rendering of the
    // error; the root's is the fallback.
    let rendered = error.render().to_string();
    let usage = match rendered.lines().find(|l| l.trim_start().starts_with("Usage:")) {
        Some(line) => swedish_usage(line.trim()),
        None => swedish_usage(command.render_usage().to_string().trim()),
    };
    let stop = if sentence.ends_with('?') { "" } else { "." };
    Some(format!("Fel: {sentence}{stop}\n\n{usage}\n\nSkriv \"nytta --help\" (eller \"nytta KOMMANDO --help\") för hjälp.\n"))
}

/// clap's suggestions as `"a"`, `"a" eller "b"`, `"a", "b" eller "c"`.
fn suggestions(value: Option<&ContextValue>) -> Option<String> {
    let list: Vec<String> = match value? {
        ContextValue::String(s) => vec![s.clone()],
        ContextValue::Strings(list) => list.clone(),
        ContextValue::StyledStr(s) => vec![s.to_string()],
        ContextValue::StyledStrs(list) => list.iter().map(|s| s.to_string()).collect(),
        _ => return None,
    };
    let quoted: Vec<String> = list.iter().map(|s| format!("\"{s}\"")).collect();
    match quoted.split_last() {
        None => None,
        Some((last, [])) => Some(last.clone()),
        Some((last, rest)) => Some(format!("{} eller {last}", rest.join(", "))),
    }
}

/// clap's placeholders in the names it reports (`<FILE>`, `--out <OUT>`) as the help shows
/// them in Swedish.
fn swedish_placeholders(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else { break };
        let inner = &rest[start + 1..start + end];
        let swedish = value_name(&inner.to_lowercase()).unwrap_or(inner);
        out.push('<');
        out.push_str(swedish);
        out.push('>');
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// The help page of `nytta WORDS --help`, as the user sees it.
    fn help_of(words: &[&str]) -> String {
        let command = localise(super::super::Args::command());
        let mut line = vec!["nytta"];
        line.extend(words);
        line.push("--help");
        let shown = command.try_get_matches_from(line).unwrap_err();
        assert_eq!(shown.kind(), ErrorKind::DisplayHelp);
        help_text(&shown)
    }

    /// Every command's help page, for the checks below.
    fn every_help() -> Vec<(String, String)> {
        fn walk(command: &Command, words: Vec<String>, out: &mut Vec<(String, String)>) {
            out.push((words.join(" "), String::new()));
            for sub in command.get_subcommands() {
                let mut w = words.clone();
                w.push(sub.get_name().to_string());
                walk(sub, w, out);
            }
        }
        let command = localise(super::super::Args::command());
        let mut pages = Vec::new();
        walk(&command, Vec::new(), &mut pages);
        pages
            .into_iter()
            .map(|(words, _)| {
                let list: Vec<&str> = words.split_whitespace().collect();
                (words.clone(), help_of(&list))
            })
            .collect()
    }

    /// Words of clap's English and of English descriptions; none may appear in any help page.
    const ENGLISH: &[&str] = &[
        "Usage", "[OPTIONS]", "Options:", "Commands:", "Arguments:", "Print help", "Print version", "[default",
        "[possible values", " the ", "The ", " of ", " and ", " with ", " to ", " or ", " when ", " file ",
        "register file", " is ", "Show ", "Write ", "List ", "Make ", "Take ",
    ];

    #[test]
    fn every_help_page_is_swedish() {
        let mut english = Vec::new();
        for (words, page) in every_help() {
            for word in ENGLISH {
                if page.contains(word) {
                    english.push(format!("nytta {words}: \"{word}\""));
                }
            }
        }
        assert!(english.is_empty(), "English in the help:\n{}", english.join("\n"));
    }

    #[test]
    fn every_argument_is_described() {
        fn walk(command: &Command, words: String, missing: &mut Vec<String>) {
            for arg in command.get_arguments() {
                if arg.get_help().is_none_or(|h| h.to_string().trim().is_empty()) {
                    missing.push(format!("nytta {words} {}", arg.get_id()));
                }
            }
            for sub in command.get_subcommands() {
                walk(sub, format!("{words} {}", sub.get_name()).trim().to_string(), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&localise(super::super::Args::command()), String::new(), &mut missing);
        assert!(missing.is_empty(), "arguments without a description: {missing:?}");
    }

    #[test]
    fn the_help_shows_swedish_headings_flags_and_value_names() {
        let page = help_of(&["report", "council"]);
        assert!(page.contains("Användning: nytta report council [FLAGGOR] --out <FIL> <REGISTER>"), "{page}");
        assert!(page.contains("Argument:"), "{page}");
        assert!(page.contains("Flaggor:"), "{page}");
        assert!(page.contains("--out <FIL>"), "{page}");
        assert!(page.contains("<REGISTER>"), "{page}");
        assert!(page.contains("-h, --help"), "{page}");
        assert!(page.contains("Visa den här hjälpen"), "{page}");
        let root = help_of(&[]);
        assert!(root.contains("Kommandon:"), "{root}");
        assert!(root.contains("Visa programmets version"), "{root}");
    }

    fn error_for(args: &[&str]) -> String {
        let mut command = localise(super::super::Args::command());
        let error = command.clone().try_get_matches_from(args).unwrap_err();
        error_message(&error, &mut command).expect("a usage error")
    }

    #[test]
    fn usage_errors_are_swedish_and_name_the_flag_or_value() {
        let e = error_for(&["nytta", "repport"]);
        assert!(e.contains("kommandot \"repport\" finns inte; menade du "), "{e}");
        assert!(e.contains("\"report\"?"), "{e}");
        let e = error_for(&["nytta", "report", "council", "x.nytta"]);
        assert!(e.contains("det här saknas: --out <FIL>"), "{e}");
        assert!(e.contains("Användning: nytta report council"), "{e}");
        let e = error_for(&["nytta", "list", "x.nytta", "--jsn"]);
        assert!(e.contains("\"--jsn\" är ingen flagga"), "{e}");
        assert!(e.contains("menade du \"--json\""), "{e}");
        let e = error_for(&["nytta", "approve", "kalkyl", "x.nytta"]);
        assert!(e.contains("värdet \"kalkyl\" passar inte"), "{e}");
        for message in [error_for(&["nytta"]), error_for(&["nytta", "report"])] {
            assert!(!message.contains("Usage"), "{message}");
        }
    }
}
