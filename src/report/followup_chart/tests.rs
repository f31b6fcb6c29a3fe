use crate::followup::evaluate_indicator;

// The charts as a request makes them: the follow-up evaluated once, then drawn.
fn svg_of(i: &Indicator, g: NaiveDate, m: &[Observation], t: NaiveDate) -> String {
    indicator_chart_svg(i, &evaluate_indicator(i, Some(g), m, t), g, m, t, "I dag")
}

fn compact_of(i: &Indicator, g: NaiveDate, m: &[Observation], t: NaiveDate, w: f64) -> CompactChart {
    indicator_chart_compact(i, &evaluate_indicator(i, Some(g), m, t), g, m, t, w)
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
        "Mål 6 mån: 70\u{a0}%",
        "Mål 12 mån: 80\u{a0}%",
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
