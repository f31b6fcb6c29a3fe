use crate::followup::{add_months_clamped, evaluate_indicator};

// The charts as a request makes them: the follow-up evaluated once, then drawn.
fn svg_of(i: &Indicator, g: NaiveDate, m: &[Observation], t: NaiveDate) -> String {
    indicator_chart_svg(i, &evaluate_indicator(i, Some(g), m, t), g, m, t, "I dag")
}

fn compact_of(i: &Indicator, g: NaiveDate, m: &[Observation], t: NaiveDate, w: f64) -> CompactChart {
    let span = time_span(i, g, m, t);
    let frame = CompactFrame {
        span,
        width: w,
        plot_height: COMPACT_PLOT_HEIGHT,
        label_width: compact_label_width(i, g, m, span, COMPACT_PLOT_HEIGHT),
    };
    indicator_chart_compact(i, &evaluate_indicator(i, Some(g), m, t), g, m, t, frame)
}

fn text_of(i: &Indicator, g: NaiveDate, m: &[Observation], t: NaiveDate) -> String {
    indicator_chart_text(i, &evaluate_indicator(i, Some(g), m, t), g, m, t)
}

use super::kit::*;
use super::*;
use chrono::NaiveDate;
use crate::followup::Observation;
use crate::model::plan::{Direction, Indicator};
use rust_decimal::Decimal;
use crate::model::plan::{Baseline, Target};
use rust_decimal_macros::dec;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn dashes_are_merged_into_one_path_per_run_and_nothing_else_changes() {
    let svg = "<svg>\n\
        <polyline fill=\"none\" opacity=\"1\" stroke=\"#404040\" stroke-width=\"2\" points=\"1,2 3,2 \"/>\n\
        <polyline fill=\"none\" opacity=\"1\" stroke=\"#404040\" stroke-width=\"2\" points=\"5,2 7,2 \"/>\n\
        <polyline fill=\"none\" opacity=\"1\" stroke=\"#000000\" stroke-width=\"2\" points=\"0,0 9,9 \"/>\n\
        <polyline fill=\"none\" opacity=\"0.6\" stroke=\"#404040\" stroke-width=\"1\" points=\"1,1 2,2 \"/>\n\
        <polyline fill=\"none\" opacity=\"0.6\" stroke=\"#404040\" stroke-width=\"1\" points=\"3,3 4,4 \"/>\n\
        <text x=\"1\">\n&lt;polyline \n</text>\n\
        </svg>";
    assert_eq!(
        merge_polylines(svg),
        "<svg>\n\
         <path fill=\"none\" opacity=\"1\" stroke=\"#404040\" stroke-width=\"2\" d=\"M1,2 L3,2 M5,2 L7,2\"/>\n\
         <polyline fill=\"none\" opacity=\"1\" stroke=\"#000000\" stroke-width=\"2\" points=\"0,0 9,9 \"/>\n\
         <polyline fill=\"none\" opacity=\"0.6\" stroke=\"#404040\" stroke-width=\"1\" points=\"1,1 2,2 \"/>\n\
         <polyline fill=\"none\" opacity=\"0.6\" stroke=\"#404040\" stroke-width=\"1\" points=\"3,3 4,4 \"/>\n\
         <text x=\"1\">\n&lt;polyline \n</text>\n\
         </svg>\n"
    );
}

pub(crate) fn nki() -> Indicator {
    Indicator {
        unit: "%".into(),
        baseline: Some(Baseline {
            value: dec!(62),
            date: d(2025, 5, 1),
            source: "Enkät".into(),
        }),
        targets: vec![
            Target {
                months_after_go_live: 6,
                value: dec!(70),
            },
            Target {
                months_after_go_live: 12,
                value: dec!(80),
            },
        ],
        measured_by: "Kvalitetsstrateg".into(),
        ..Indicator::new("NKI", "Nöjd kund-index", Direction::HigherIsBetter)
    }
}

pub(crate) fn series() -> Vec<Observation> {
    [
        (2025, 7, 10, 61),
        (2025, 10, 15, 64),
        (2025, 12, 10, 66),
        (2026, 2, 20, 68),
        (2026, 4, 20, 71),
    ]
    .iter()
    .map(|&(y, m, day, v)| Observation::new(d(y, m, day), Decimal::from(v)))
    .collect()
}

#[test]
fn chart_is_an_svg_with_swedish_labels() {
    let svg = svg_of(&nki(), d(2025, 9, 1), &series(), d(2026, 5, 10));
    assert!(svg.starts_with("<svg"));
    assert!(svg.contains("viewBox=\"0 0 960 560\""));
    for needle in [
        "Nöjd kund-index (NKI)",
        "Driftsättning",
        "I dag",
        "6\u{a0}mån: mål 70\u{a0}% · mätt 68\u{a0}%",
        "12\u{a0}mån: mål 80\u{a0}%\n",
        "6 mån: Röd ■",
        "12 mån: Kommande ○",
        "Baslinje 62\u{a0}%",
        "#0072B2",
        "#009E73",
    ] {
        assert!(svg.contains(needle), "missing {needle}");
    }
}

#[test]
fn chart_handles_missing_baseline_no_measurements_and_lower_is_better() {
    let ind = Indicator {
        baseline: None,
        direction: Direction::LowerIsBetter,
        ..nki()
    };
    let svg = svg_of(&ind, d(2025, 9, 1), &[], d(2025, 10, 1));
    assert!(svg.contains("Inga mätningar ännu"));
    assert!(svg.contains("baslinje saknas"));
    let svg = svg_of(
        &Indicator {
            targets: vec![],
            ..nki()
        },
        d(2025, 9, 1),
        &[],
        d(2025, 10, 1),
    );
    assert!(svg.ends_with("</svg>\n") || svg.ends_with("</svg>"));
}

#[test]
fn chart_survives_extreme_values_and_dates() {
    let ind = Indicator {
        baseline: None,
        ..nki()
    };
    let m = [
        Observation::new(d(2025, 9, 2), Decimal::MAX),
        Observation::new(d(2025, 9, 3), Decimal::MIN),
    ];
    let svg = svg_of(&ind, d(2025, 9, 1), &m, d(2099, 1, 1));
    assert!(svg.contains("</svg>"));
    let svg = svg_of(&nki(), NaiveDate::MAX, &[], NaiveDate::MIN);
    assert!(svg.contains("</svg>"));
}

#[test]
fn the_compact_chart_is_a_plot_without_text_and_its_labels_fit_beside_it() {
    let chart =
        compact_of(&nki(), d(2025, 9, 1), &series(), d(2026, 5, 10), 152.0);
    assert!(chart.svg.starts_with("<svg"));
    assert!(
        !chart.svg.contains("<text"),
        "the report sets the labels as text"
    );
    let (w, h) = (
        chart.plot_width * COMPACT_PX_PER_PT,
        COMPACT_PLOT_HEIGHT * COMPACT_PX_PER_PT,
    );
    assert!(
        chart.svg.contains(&format!("viewBox=\"0 0 {w} {h}\"")),
        "{}",
        &chart.svg[..200]
    );
    assert!(chart.label_width + chart.plot_width <= 152.0);
    // Value labels from the bottom up, inside the plot's height, evenly spaced.
    assert!(chart.y_labels.len() >= 3, "{:?}", chart.y_labels);
    assert!(chart
        .y_labels
        .iter()
        .all(|(y, _)| (0.0..=COMPACT_PLOT_HEIGHT).contains(y)));
    assert!(chart.y_labels.windows(2).all(|p| p[0].0 > p[1].0));
    // Month labels under the plot, left to right, in Swedish.
    assert!(!chart.x_labels.is_empty());
    assert!(chart.x_labels.windows(2).all(|p| p[0].0 < p[1].0));
    assert!(
        chart.x_labels.iter().any(|(_, l)| l.ends_with("2026")),
        "{:?}",
        chart.x_labels
    );
    // The targets are drawn as diamonds and the measurement used at a checkpoint ringed.
    assert!(chart.svg.contains("<polygon"));
    assert!(chart.svg.contains("<circle"));
    // Extreme input does not panic.
    let extreme = compact_of(&nki(), NaiveDate::MAX, &[], NaiveDate::MIN, 10.0);
    assert!(extreme.svg.contains("</svg>"));
}

#[test]
fn the_compact_legend_names_every_line_of_the_chart() {
    let svg = compact_legend_svg();
    for label in [
        "Mätvärde",
        "Förväntad utveckling",
        "Målvärde",
        "Gult fält",
        "Baslinje",
        "Driftsättning",
        "Rapportdatum",
    ] {
        assert!(svg.contains(label), "{label}");
    }
}

#[test]
fn text_alternative_reads_the_chart_in_swedish() {
    let text = text_of(&nki(), d(2025, 9, 1), &series(), d(2026, 5, 10));
    assert!(
        text.starts_with("Diagram över indikatorn Nöjd kund-index (NKI). Högre är bättre."),
        "{text}"
    );
    assert!(text.contains("Mål efter 6 månader (2026-03-01): 70\u{a0}%. Mätvärde 68\u{a0}% den 2026-02-20, måluppfyllelse 75\u{a0}%. Status: Röd."), "{text}");
    assert!(text.contains("Mål efter 12 månader (2026-09-01): 80\u{a0}%. Ingen mätning ännu. Status: Kommande."), "{text}");
    assert!(text.contains("5 mätningar visas."));
    assert!(
        text.ends_with("Indikatorns status den 2026-05-10: Röd."),
        "{text}"
    );
}

#[test]
fn every_checkpoint_label_says_which_figure_is_the_target_and_which_the_measurement() {
    let ht = Indicator {
        unit: "dagar".into(),
        targets: vec![
            Target { months_after_go_live: 6, value: dec!(6) },
            Target { months_after_go_live: 12, value: dec!(5) },
        ],
        ..Indicator::new("HT", "Handläggningstid", Direction::LowerIsBetter)
    };
    let g = d(2025, 9, 1);
    let labels = |m: &[Observation], t| {
        let f = evaluate_indicator(&ht, Some(g), m, t);
        f.checkpoints.iter().map(|c| checkpoint_label(c, &ht.unit, t)).collect::<Vec<_>>()
    };
    let measured = [Observation::new(d(2026, 3, 2), dec!(5.5))];
    assert_eq!(
        labels(&measured, d(2026, 5, 10)),
        ["6\u{a0}mån: mål 6\u{a0}dagar · mätt 5,5\u{a0}dagar", "12\u{a0}mån: mål 5\u{a0}dagar"]
    );
    // Passed without a measurement: said so, not left to be guessed.
    assert_eq!(labels(&[], d(2026, 9, 30))[1], "12\u{a0}mån: mål 5\u{a0}dagar · ej mätt");
}

#[test]
fn a_long_indicator_name_wraps_onto_more_lines_of_the_title_and_is_never_cut() {
    let name = "Andel ärenden om ekonomiskt bistånd som avgörs inom tio arbetsdagar från det att en fullständig \
                ansökan har kommit in till socialtjänstens mottagning";
    let long = Indicator { name: name.into(), ..nki() };
    let svg = svg_of(&long, d(2025, 9, 1), &series(), d(2026, 5, 10));
    assert!(!svg.contains('…'), "the title is cut");
    for word in name.split_whitespace() {
        assert!(svg.contains(word), "{word} is missing from the title");
    }
    // The chart grows by the title's extra lines; nothing below it moves into the title.
    let lines = wrap_text(&format!("{name} (NKI)"), 22.0 * BOLD_WIDTH, 920.0).len();
    assert!(lines >= 2);
    assert!(svg.contains(&format!("viewBox=\"0 0 960 {}\"", 560 + 28 * (lines - 1))), "{}", &svg[..200]);
}

#[test]
fn wrapped_text_keeps_every_character_and_fits_its_width() {
    let text = "Äldre samt vård- och omsorgsförvaltningen, avdelning för hemtjänst";
    let lines = wrap_text(text, 14.0, 200.0);
    assert!(lines.len() > 1);
    assert_eq!(lines.join(" "), text, "broken at spaces");
    assert!(lines.iter().all(|l| text_width(l, 14.0) <= 200.0), "{lines:?}");
    // An unbroken word is broken between characters, never inside a cluster.
    let word = format!("{}👨\u{200D}👩\u{200D}👧{}", "W".repeat(40), "e\u{0301}".repeat(20));
    let lines = wrap_text(&word, 14.0, 150.0);
    assert_eq!(lines.concat(), word);
    assert!(lines.iter().all(|l| !l.ends_with('\u{200D}') && !l.starts_with('\u{0301}')), "{lines:?}");
    assert_eq!(wrap_text("", 14.0, 150.0), [""]);
}

#[test]
fn the_charts_of_one_initiative_share_one_time_axis() {
    let g = d(2025, 9, 1);
    let today = d(2026, 5, 10);
    // Six months only, against targets up to two years and measurements before go-live.
    let short = Indicator { targets: vec![Target { months_after_go_live: 6, value: dec!(70) }], ..nki() };
    let long = Indicator {
        code: "LÅNG".into(),
        targets: vec![Target { months_after_go_live: 24, value: dec!(90) }],
        ..nki()
    };
    let early = [Observation::new(d(2025, 1, 10), dec!(60))];
    assert_ne!(time_span(&short, g, &[], today), time_span(&long, g, &early, today), "the test needs two spans");
    let span = shared_time_span([(&short, &[][..]), (&long, &early[..])], g, today).unwrap();
    for own in [time_span(&short, g, &[], today), time_span(&long, g, &early, today)] {
        assert!(span.0 <= own.0 && own.1 <= span.1, "{span:?} does not cover {own:?}");
    }
    assert_eq!(span, (d(2024, 12, 26), add_months_clamped(g, 27)));
    assert_eq!(shared_time_span(std::iter::empty(), g, today), None);

    // Full charts (the initiative report): the same months at the same places.
    // plotters writes a text's element and its content on two lines.
    let month_labels = |svg: &str| -> Vec<String> {
        let lines: Vec<&str> = svg.lines().collect();
        lines
            .windows(2)
            .filter(|w| w[0].starts_with("<text") && MONTHS_SV.iter().any(|m| w[1].starts_with(&format!("{m} 20"))))
            .map(|w| format!("{} {}", w[0], w[1]))
            .collect()
    };
    let full = |i: &Indicator, m: &[Observation]| {
        indicator_chart_svg_spanning(i, &evaluate_indicator(i, Some(g), m, today), g, m, today, "Rapportdatum", span)
    };
    let (a, b) = (month_labels(&full(&short, &[])), month_labels(&full(&long, &early)));
    assert!(!a.is_empty());
    assert_eq!(a, b);
    assert_ne!(month_labels(&svg_of(&short, g, &[], today)), b, "on its own the short one spans less");

    // Compact charts (the council pack) in one frame: the same month labels and plot width.
    let frame = CompactFrame { span, width: 232.0, plot_height: 110.0, label_width: 20.0 };
    let compact = |i: &Indicator, m: &[Observation]| {
        indicator_chart_compact(i, &evaluate_indicator(i, Some(g), m, today), g, m, today, frame)
    };
    let (a, b) = (compact(&short, &[]), compact(&long, &early));
    assert_eq!((a.plot_width, &a.x_labels), (b.plot_width, &b.x_labels));
    assert!(a.y_labels.len() >= 4, "a taller plot has more value labels: {:?}", a.y_labels);
}

#[test]
fn long_labels_are_shortened_to_fit() {
    let long = "Äldre samt vård- och omsorgsförvaltningen, avdelning för hemtjänst";
    let short = fit_text(long, 13.0, 150.0);
    assert!(short.ends_with('…'));
    assert!(text_width(&short, 13.0) <= 150.0);
    assert_eq!(fit_text("Kort", 13.0, 150.0), "Kort");
}

/// Writes sample charts to /tmp for looking at: `cargo test -p nytta --lib samples -- --ignored`.
#[test]
#[ignore]
fn render_indicator_samples_to_tmp() {
    let g = d(2025, 9, 1);
    std::fs::write(
        "/tmp/indikator_nki.svg",
        svg_of(&nki(), g, &series(), d(2026, 5, 10)),
    )
    .unwrap();
    let ht = Indicator {
        unit: "dagar".into(),
        baseline: Some(Baseline {
            value: dec!(30),
            date: d(2025, 5, 1),
            source: String::new(),
        }),
        targets: vec![
            Target {
                months_after_go_live: 6,
                value: dec!(24),
            },
            Target {
                months_after_go_live: 12,
                value: dec!(20),
            },
        ],
        ..Indicator::new("HT", "Handläggningstid bygglov", Direction::LowerIsBetter)
    };
    let m: Vec<Observation> = [
        (2025, 9, 30, 29.5),
        (2025, 11, 30, 27.0),
        (2026, 2, 27, 23.5),
        (2026, 5, 31, 22.0),
        (2026, 8, 28, 20.5),
        (2026, 11, 30, 19.0),
    ]
    .iter()
    .map(|&(y, mo, day, v)| {
        Observation::new(d(y, mo, day), Decimal::from_f64_retain(v).unwrap())
    })
    .collect();
    std::fs::write(
        "/tmp/indikator_ht.svg",
        svg_of(&ht, g, &m, d(2026, 12, 5)),
    )
    .unwrap();
    let early = Indicator {
        baseline: None,
        ..nki()
    };
    std::fs::write(
        "/tmp/indikator_tidig.svg",
        svg_of(&early, g, &[], d(2025, 9, 20)),
    )
    .unwrap();
}

#[test]
fn nice_steps() {
    assert_eq!(nice_step(30.0, 6.0), 5.0);
    assert_eq!(nice_step(1.2, 6.0), 0.2);
    assert_eq!(nice_step(0.0, 6.0), 1.0);
    assert_eq!(step_decimals(2.5), 1);
    assert_eq!(step_decimals(5.0), 0);
}
