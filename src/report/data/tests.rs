use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::followup::Status;
use crate::model::initiative::{CostYear, Rag};
use crate::model::IndicatorTargetHistory;
use crate::model::initiative::{CostType, CostYearFields};
use crate::model::plan::Target;
use crate::model::{Approval, TargetHistoryEntry};

use super::common::*;
use super::council::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn the_council_pack_cuts_long_texts_at_a_space_and_says_so() {
    let short = "Leverantören är försenad.".repeat(10);
    assert_eq!(council_excerpt(&short), short, "a text within the limit is whole");
    let at_limit = "x".repeat(COUNCIL_TEXT_CHARS);
    assert_eq!(council_excerpt(&at_limit), at_limit);

    let long = "Leverantören levererade inte i tid ".repeat(40);
    let cut = council_excerpt(&long);
    assert!(cut.ends_with(&format!(" {CUT_MARKER}")), "{cut}");
    let kept = cut.strip_suffix(&format!(" {CUT_MARKER}")).unwrap();
    assert!(long.starts_with(kept) && kept.chars().count() <= COUNCIL_TEXT_CHARS);
    assert!(kept.chars().count() >= COUNCIL_TEXT_CHARS * 4 / 5);
    assert!(long[kept.len()..].starts_with(' '), "cut between words: {kept}");
}

#[test]
fn an_unbroken_text_is_cut_at_the_limit_but_never_inside_an_emoji() {
    let word = "W".repeat(COUNCIL_TEXT_CHARS * 2);
    let cut = council_excerpt(&word);
    assert_eq!(cut.chars().filter(|&c| c == 'W').count(), COUNCIL_TEXT_CHARS);
    let family = "👨\u{200D}👩\u{200D}👧";
    let emoji = family.repeat(COUNCIL_TEXT_CHARS);
    let kept = council_excerpt(&emoji).strip_suffix(&format!(" {CUT_MARKER}")).unwrap().to_string();
    assert!(!kept.ends_with('\u{200D}'), "not cut after a joiner");
    let accents = "e\u{0301}".repeat(COUNCIL_TEXT_CHARS);
    let kept = council_excerpt(&accents).strip_suffix(&format!(" {CUT_MARKER}")).unwrap().to_string();
    assert!(kept.ends_with('\u{0301}'), "an accent stays with its letter");
}

fn entry(version: u32, reason: &str, six: i64, changed: bool) -> TargetHistoryEntry {
    TargetHistoryEntry {
        version,
        approval: Approval {
            approved_by: "Rådet".into(),
            approved_at: d(2026, version, 1),
            decision_ref: "DR".into(),
        },
        reason: reason.into(),
        baseline: Some(Decimal::from(30)),
        targets: vec![
            Target { months_after_go_live: 6, value: Decimal::from(six) },
            Target { months_after_go_live: 12, value: Decimal::from(70) },
        ],
        changed,
    }
}

#[test]
fn a_changed_target_is_shown_with_first_and_current_value_and_the_reason() {
    let history = vec![IndicatorTargetHistory {
        code: "EANDEL".into(),
        name: "Andel digitala ansökningar".into(),
        unit: "%".into(),
        entries: vec![entry(1, "", 50, false), entry(2, "Avtalet försenades.", 45, true)],
    }];
    let changes = target_changes(&history);
    assert_eq!(changes.len(), 1, "only the 6-month target changed");
    let c = &changes[0];
    assert_eq!(c.indicator, "EANDEL – Andel digitala ansökningar");
    assert_eq!(c.what, "Mål 6\u{a0}mån");
    assert_eq!((c.first.as_str(), c.current.as_str()), ("50\u{a0}%", "45\u{a0}%"));
    assert_eq!(c.changed_in, "version 2 (2026-02-01)");
    assert_eq!(c.reason, "Avtalet försenades.");
    assert!(target_changes(&[IndicatorTargetHistory {
        entries: vec![entry(1, "", 50, false)],
        ..history[0].clone()
    }])
    .is_empty());
}

#[test]
fn costs_are_shown_per_year_kind_and_type_in_tkr_with_avvikelse_sums_and_the_flag() {
    use crate::model::initiative::CostKind;
    let cost = |year, cost_type, kind, budget: Option<i64>, forecast: Option<i64>, hours: Option<i64>, rate: Option<i64>| CostYear {
        id: 0,
        initiative_id: 1,
        fields: CostYearFields {
            year,
            cost_type,
            kind,
            budget: budget.map(Decimal::from),
            actual: None,
            forecast: forecast.map(Decimal::from),
            hours: hours.map(Decimal::from),
            hourly_rate: rate.map(Decimal::from),
            comment: String::new(),
        },
    };
    let rows = [
        cost(2026, CostType::Intern, CostKind::Utveckling, Some(1_000_000), Some(1_100_000), Some(120), Some(650)),
        cost(2025, CostType::Extern, CostKind::Utveckling, Some(2_500_000), None, None, None),
        cost(2026, CostType::Extern, CostKind::Forvaltning, Some(234_500), Some(200_000), None, None),
    ];
    let section = cost_section(&rows);
    assert_eq!(section.rows[0], ["2025", "Utveckling", "Extern", "2\u{a0}500", "–", "–", "–", "–"]);
    assert_eq!(section.rows[1], ["2026", "Förvaltning", "Extern", "235", "–", "200", "35", "–"]);
    assert_eq!(section.rows[2], ["2026", "Utveckling", "Intern", "1\u{a0}000", "–", "1\u{a0}100", "−100", "120 h à 650 kr/h"]);
    let labels: Vec<&str> = section.totals.iter().map(|t| t[0].as_str()).collect();
    assert_eq!(
        labels,
        [
            "Förvaltning, intern", "Förvaltning, extern", "Utveckling, intern", "Utveckling, extern",
            "Intern totalt", "Extern totalt", "Förvaltning totalt", "Utveckling totalt", "Totalt, intern och extern",
        ]
    );
    assert_eq!(section.totals[8], ["Totalt, intern och extern", "3\u{a0}735", "–", "1\u{a0}300", "−66"]);
    assert!(section.only_external.is_none());
    assert!(cost_section(&rows[1..]).only_external.is_some());
    assert!(cost_section(&[]).totals.is_empty());
}

#[test]
fn long_lists_are_cut_and_the_rest_counted_per_organisation() {
    let row = |i: usize| Deviation {
        code: format!("K-{}", i / 2),
        name: String::new(),
        report_date: String::new(),
        dimension: "Tid".into(),
        status: StatusText::rag(Rag::Rod),
        cause: String::new(),
        action: String::new(),
    };
    let rows: Vec<(&str, Deviation)> =
        (0..MAX_LIST_ROWS + 7).map(|i| (if i % 2 == 0 { "Org A" } else { "Org B" }, row(i))).collect();
    let (kept, left_out) = capped(rows, "avvikelser");
    assert_eq!(kept.len(), MAX_LIST_ROWS);
    let left_out = left_out.expect("something is left out");
    assert!(left_out.text.contains("Ytterligare 7 avvikelser i 7 insatser"), "{}", left_out.text);
    assert_eq!(left_out.by_organisation, [["Org A", "4", "4"], ["Org B", "3", "3"]]);
    let (kept, none) = capped(vec![("Org A", row(0))], "avvikelser");
    assert_eq!((kept.len(), none.is_none()), (1, true));
}

#[test]
fn indicator_counts_name_the_statuses_that_occur_worst_first() {
    use Status::*;
    assert_eq!(status_count_text([Gron, Rod, Gron, Kommande]), "4 indikatorer: 1 ■ Röd, 2 ● Grön, 1 ○ Kommande");
    assert_eq!(status_count_text([Saknas]), "1 indikator: 1 ? Saknas");
}

#[test]
fn month_labels_are_centred_under_their_ticks_and_never_overlap() {
    let width = |l: &str| crate::report::pdf::text_width(l, SMALL_CHART_LABEL);
    let labels = vec![(0.0, "jul 2025".to_string()), (40.0, "jan 2026".into()), (41.0, "jul 2026".into())];
    let gaps = x_label_gaps(labels, 20.0);
    // The first is centred at 20 + 0 from the value column's left edge.
    assert!((gaps[0].0 + width("jul 2025") / 2.0 - 20.0).abs() < 0.01, "{gaps:?}");
    assert!((gaps[0].0 + width("jul 2025") + gaps[1].0 + width("jan 2026") / 2.0 - 60.0).abs() < 0.01);
    // The third would overlap the second: it follows it directly instead.
    assert_eq!(gaps[2].0, 0.0);
    assert!(gaps.iter().all(|(gap, _)| *gap >= 0.0));
}

#[test]
fn statuses_carry_word_symbol_and_colour() {
    let red = StatusText::rag(Rag::Rod);
    assert_eq!((red.word.as_str(), red.symbol.as_str(), red.colour.as_str()), ("Röd", "■", "#A03000"));
    assert_eq!(StatusText::followup(Status::Saknas).word, "Saknas");
    assert_eq!(StatusText::no_plan().word, "Ingen godkänd plan");
}

/// A plan of one benefit with `indicators`, evaluated as of `as_of` with `measurements`
/// (code, date, value), go-live 2026-01-15.
fn evaluated_plan(
    indicators: Vec<crate::model::plan::Indicator>,
    measurements: &[(&str, NaiveDate, i64)],
    as_of: NaiveDate,
) -> (crate::model::plan::Plan, crate::followup::PlanFollowUp) {
    use crate::followup::{MeasurementIndex, Observation};
    use crate::model::plan::{Benefit, Plan};
    let plan = Plan {
        benefits: vec![Benefit { name: "Fler digitala ansökningar".into(), indicators, ..Benefit::default() }],
        ..Plan::default()
    };
    let mut index = MeasurementIndex::new();
    for code in measurements.iter().map(|m| m.0).collect::<std::collections::BTreeSet<_>>() {
        let series = measurements
            .iter()
            .filter(|m| m.0 == code)
            .map(|m| Observation { date: m.1, value: Decimal::from(m.2) })
            .collect();
        index.insert_series(code.to_string(), series);
    }
    let followup = crate::followup::evaluate_plan(&plan, Some(d(2026, 1, 15)), &index, &[], as_of);
    (plan, followup)
}

/// Handling time in days, lower is better: baseline 8, 6 at 6 months, 5 at 12.
fn days_indicator(code: &str) -> crate::model::plan::Indicator {
    use crate::model::plan::{Baseline, Direction, Indicator};
    Indicator {
        unit: "dagar".into(),
        baseline: Some(Baseline { value: Decimal::from(8), date: d(2025, 12, 1), source: String::new() }),
        targets: vec![
            Target { months_after_go_live: 6, value: Decimal::from(6) },
            Target { months_after_go_live: 12, value: Decimal::from(5) },
        ],
        ..Indicator::new(code, "Handläggningstid", Direction::LowerIsBetter)
    }
}

#[test]
fn an_overdue_measurement_is_the_next_checkpoint_never_a_dash() {
    let next = |f: &crate::followup::PlanFollowUp| {
        benefit_values(f).into_iter().find(|(label, _)| label == "Nästa kontrollpunkt").unwrap().1
    };
    // Before the 6-month checkpoint: the next one.
    let (_, before) = evaluated_plan(vec![days_indicator("HT")], &[], d(2026, 7, 1));
    assert_eq!(next(&before), "2026-07-15 (6\u{a0}mån)");
    // Both checkpoints passed, the 12-month one never measured: no checkpoint is to come, but
    // the measurement is late, and that is what the key figure says.
    let (_, late) = evaluated_plan(vec![days_indicator("HT")], &[("HT", d(2026, 7, 10), 6)], d(2027, 3, 16));
    assert!(late.next_checkpoint.is_none());
    assert_eq!(next(&late), "Försenad sedan 2027-01-15 (60 dagar), 12\u{a0}mån");
    // A late measurement comes before a checkpoint that is still to come.
    let (_, both) = evaluated_plan(vec![days_indicator("HT")], &[], d(2026, 9, 1));
    assert_eq!(next(&both), "Försenad sedan 2026-07-15 (48 dagar), 6\u{a0}mån");
    // Everything measured and passed: nothing to say.
    let (_, done) = evaluated_plan(
        vec![days_indicator("HT")],
        &[("HT", d(2026, 7, 15), 6), ("HT", d(2027, 1, 15), 5)],
        d(2027, 3, 16),
    );
    assert_eq!(next(&done), "–");
}

#[test]
fn the_cover_words_the_amber_rule_as_the_window_does() {
    assert_eq!(
        amber_rule(),
        "Gul från 80\u{a0}% av vägen från baslinjen till målet (utan baslinje: från 80\u{a0}% av målet)"
    );
}

#[test]
fn a_list_names_each_initiative_once_with_its_rows_under_it() {
    let row = |code: &str, dimension: &str| Deviation {
        code: code.into(),
        name: format!("Insats {code}"),
        report_date: "2026-10-16".into(),
        dimension: dimension.into(),
        status: StatusText::rag(Rag::Rod),
        cause: String::new(),
        action: String::new(),
    };
    // Rows of one initiative need not come together (the to-do lists go by date).
    let rows = vec![row("A", "Tid"), row("B", "Tid"), row("A", "Kostnad"), row("C", "Tid"), row("A", "Resultat")];
    let groups = by_initiative(rows);
    let codes: Vec<&str> = groups.iter().map(|g| g.code.as_str()).collect();
    assert_eq!(codes, ["A", "B", "C"], "each initiative once, in the order it first appears");
    let a: Vec<&str> = groups[0].rows.iter().map(|r| r.dimension.as_str()).collect();
    assert_eq!(a, ["Tid", "Kostnad", "Resultat"], "its rows in their order");
    assert_eq!((groups[0].name.as_str(), groups[0].about.as_slice()), ("Insats A", &["rapport 2026-10-16".to_string()][..]));
    assert_eq!(groups.iter().map(|g| g.rows.len()).sum::<usize>(), 5, "no row lost");
    assert!(by_initiative(Vec::<Deviation>::new()).is_empty());
}
