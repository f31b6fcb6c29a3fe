//! Portfolio charts (SVG) with Swedish text alternatives: benefit statuses per organisation
//! as stacked horizontal bars, and calculated against realised annual benefit as grouped
//! bars in tkr.

use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, RGBColor, WHITE};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::followup_chart::{status_colour, text_width, wrap_text, Canvas, BLUE, GREY_TEXT, INK};
use crate::followup::{PortfolioSummary, Status};
use crate::format;

const WIDTH: f64 = 960.0;
const SKY: RGBColor = RGBColor(0x56, 0xB4, 0xE9);

fn size(height: f64) -> (u32, u32) {
    (WIDTH as u32, height.round().clamp(120.0, 20_000.0) as u32)
}

/// Distance in pixels between two lines of a wrapped label (14 px text).
const LABEL_LINE: f64 = 17.0;

/// Each row's top (from the first row's) and height, and the height of them all.
fn stack_rows(heights: impl Iterator<Item = f64>) -> (Vec<(f64, f64)>, f64) {
    let mut top = 0.0;
    let rows = heights
        .map(|h| {
            let row = (top, h);
            top += h;
            row
        })
        .collect();
    (rows, top)
}

/// A wrapped label's lines right-aligned at `x`, centred as a block on `cy`.
fn draw_lines(c: &Canvas<'_>, x: f64, cy: f64, lines: &[String], colour: RGBColor, bold: bool) {
    let first = cy - LABEL_LINE * (lines.len().max(1) - 1) as f64 / 2.0;
    for (k, line) in lines.iter().enumerate() {
        c.text(x, first + LABEL_LINE * k as f64, line, 14.0, HPos::Right, VPos::Center, colour, bold);
    }
}

/// Diagonal hatching inside a rectangle, so *saknas* differs from the other grey-ish
/// segments also in black-and-white print.
fn hatch(c: &Canvas<'_>, x0: f64, y0: f64, x1: f64, y1: f64, colour: RGBColor) {
    let h = y1 - y0;
    let mut k = x0 - h;
    while k < x1 {
        // The line from (k, y1) to (k + h, y0), clipped to x0..x1.
        let (mut ax, mut ay, mut bx, mut by) = (k, y1, k + h, y0);
        if ax < x0 {
            ay -= x0 - ax;
            ax = x0;
        }
        if bx > x1 {
            by += bx - x1;
            bx = x1;
        }
        if bx > ax {
            c.line(&[(ax, ay), (bx, by)], colour.to_rgba(), 1);
        }
        k += 7.0;
    }
}

/// Statuses per organisation as stacked horizontal bars, worst first (röd, saknas, gul,
/// grön, kommande), each segment in its Okabe–Ito colour with its symbol and count, the
/// total at the end of the bar, and a legend with word, symbol and total per status.
pub fn portfolio_status_chart_svg(summary: &PortfolioSummary) -> String {
    let rows = &summary.by_organisation;
    let row_h: f64 = 46.0;
    let top = 128.0;
    // Names wrap onto more lines in their column (never cut, issue 18); a row grows with them.
    let longest = rows
        .iter()
        .map(|g| text_width(&g.name, 14.0))
        .fold(0.0, f64::max);
    let label_w = longest.clamp(80.0, 340.0);
    let names: Vec<Vec<String>> = rows.iter().map(|g| wrap_text(&g.name, 14.0, label_w)).collect();
    let (row_tops, rows_h) = stack_rows(names.iter().map(|n| row_h.max(LABEL_LINE * n.len() as f64 + 12.0)));
    let height = top + rows_h.max(row_h) + 48.0;
    let mut svg = String::new();
    {
        let c = Canvas::new(&mut svg, size(height));
        c.text(
            20.0,
            30.0,
            "Nyttostatus per organisation",
            22.0,
            HPos::Left,
            VPos::Center,
            INK,
            true,
        );
        c.text(
            20.0,
            56.0,
            &format!(
                "Antal förändringsinsatser per status den {} (sämsta indikatorn avgör)",
                format::date(summary.as_of)
            ),
            14.0,
            HPos::Left,
            VPos::Center,
            GREY_TEXT,
            false,
        );

        // Legend: colour, symbol, word and total.
        let mut x = 20.0;
        let legend_y = 92.0;
        for status in Status::ALL {
            let label = format!(
                "{} {} ({})",
                status.symbol(),
                status.label(),
                summary.initiatives.get(status)
            );
            let colour = status_colour(status);
            c.rect(
                (x, legend_y - 9.0),
                (x + 22.0, legend_y + 9.0),
                colour.to_rgba(),
                true,
                0,
            );
            if status == Status::Saknas {
                hatch(&c, x, legend_y - 9.0, x + 22.0, legend_y + 9.0, INK);
            }
            c.rect(
                (x, legend_y - 9.0),
                (x + 22.0, legend_y + 9.0),
                INK.to_rgba(),
                false,
                1,
            );
            c.text(
                x + 30.0,
                legend_y,
                &label,
                14.0,
                HPos::Left,
                VPos::Center,
                INK,
                false,
            );
            x += 30.0 + text_width(&label, 14.0) + 26.0;
        }

        let bar_x0 = 20.0 + label_w + 12.0;
        let bar_x1 = WIDTH - 70.0;
        let max_total = rows
            .iter()
            .map(|g| g.counts.total())
            .max()
            .unwrap_or(0)
            .max(1) as f64;
        if rows.is_empty() {
            c.text(
                WIDTH / 2.0,
                top + row_h / 2.0,
                "Inga förändringsinsatser",
                16.0,
                HPos::Center,
                VPos::Center,
                GREY_TEXT,
                false,
            );
        }
        for (i, group) in rows.iter().enumerate() {
            let (row_top, this_h) = row_tops[i];
            let cy = top + row_top + this_h / 2.0;
            let (y0, y1) = (cy - 15.0, cy + 15.0);
            draw_lines(&c, 20.0 + label_w, cy, &names[i], INK, false);
            let mut x = bar_x0;
            for status in Status::ALL {
                let n = group.counts.get(status);
                if n == 0 {
                    continue;
                }
                let w = (bar_x1 - bar_x0) * n as f64 / max_total;
                let colour = status_colour(status);
                c.rect((x, y0), (x + w, y1), colour.to_rgba(), true, 0);
                if status == Status::Saknas {
                    hatch(&c, x, y0, x + w, y1, RGBColor(0x55, 0x55, 0x55));
                }
                c.rect((x, y0), (x + w, y1), WHITE.to_rgba(), false, 1);
                let full = format!("{} {n}", status.symbol());
                let short = n.to_string();
                let label = if text_width(&full, 14.0) + 10.0 <= w {
                    Some(full)
                } else if text_width(&short, 14.0) + 6.0 <= w {
                    Some(short)
                } else {
                    None
                };
                if let Some(label) = label {
                    let lw = text_width(&label, 14.0);
                    if status == Status::Saknas {
                        // A white plate keeps the count readable on the hatching.
                        c.rect(
                            (x + w / 2.0 - lw / 2.0 - 3.0, cy - 9.0),
                            (x + w / 2.0 + lw / 2.0 + 3.0, cy + 9.0),
                            WHITE.mix(0.9),
                            true,
                            0,
                        );
                    }
                    // Röd is dark (it differs from gul in greyscale): its count is white.
                    let ink = if status == Status::Rod { WHITE } else { INK };
                    c.text(x + w / 2.0, cy, &label, 14.0, HPos::Center, VPos::Center, ink, true);
                }
                x += w;
            }
            c.text(
                x + 8.0,
                cy,
                &group.counts.total().to_string(),
                14.0,
                HPos::Left,
                VPos::Center,
                GREY_TEXT,
                false,
            );
        }
        let note_y = top + rows_h.max(row_h) + 22.0;
        c.text(
            20.0,
            note_y,
            "Siffran efter stapeln är antalet insatser. Smala delar saknar siffra; se förklaringen ovan.",
            12.0,
            HPos::Left,
            VPos::Center,
            GREY_TEXT,
            false,
        );
        c.present();
    }
    svg
}

/// Swedish text alternative to [`portfolio_status_chart_svg`].
pub fn portfolio_status_chart_text(summary: &PortfolioSummary) -> String {
    let counts = |c: &crate::followup::StatusCounts| {
        Status::ALL
            .iter()
            .filter(|s| c.get(**s) > 0)
            .map(|s| format!("{} {}", c.get(*s), s.label().to_lowercase()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = vec![format!(
        "Diagram över nyttostatus per organisation den {}. Totalt {} förändringsinsatser: {}.",
        format::date(summary.as_of),
        summary.initiatives.total(),
        if summary.initiatives.total() == 0 {
            "inga".to_string()
        } else {
            counts(&summary.initiatives)
        }
    )];
    for group in &summary.by_organisation {
        out.push(format!("{}: {}.", group.name, counts(&group.counts)));
    }
    out.join(" ")
}

/// One group of bars in the value chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueRow {
    pub label: String,
    /// Calculated annual benefit of the linked lines, kr.
    pub calculated: Decimal,
    /// Realised annual benefit so far, kr.
    pub realised: Decimal,
}

/// Rows for [`benefit_value_chart_svg`] from the roll-up: each initiative with a calculated
/// or realised value (label `code name`), and a last row "Totalt" when `with_total`.
pub fn value_rows(summary: &PortfolioSummary, with_total: bool) -> Vec<ValueRow> {
    let mut rows: Vec<ValueRow> = summary
        .rows
        .iter()
        .filter(|r| !r.calculated_annual_value.is_zero() || !r.realised_annual_value.is_zero())
        .map(|r| ValueRow {
            label: format!("{} {}", r.code, r.name),
            calculated: r.calculated_annual_value,
            realised: r.realised_annual_value,
        })
        .collect();
    if with_total {
        rows.push(ValueRow {
            label: "Totalt".to_string(),
            calculated: summary.calculated_annual_value,
            realised: summary.realised_annual_value,
        });
    }
    rows
}

/// Calculated against realised annual benefit per row as grouped horizontal bars in tkr:
/// calculated light blue, realised dark blue (distinct also in grey), each labelled with
/// its value. A row labelled "Totalt" is set apart by a line and bold text.
pub fn benefit_value_chart_svg(rows: &[ValueRow]) -> String {
    let row_h: f64 = 58.0;
    let top = 122.0;
    // Labels wrap onto more lines in their column (never cut, issue 18); a row grows with them.
    let longest = rows
        .iter()
        .map(|r| text_width(&r.label, 14.0))
        .fold(0.0, f64::max);
    let label_w = longest.clamp(80.0, 340.0);
    let labels: Vec<Vec<String>> = rows.iter().map(|r| wrap_text(&r.label, 14.0, label_w)).collect();
    let (row_tops, rows_h) = stack_rows(labels.iter().map(|l| row_h.max(LABEL_LINE * l.len() as f64 + 10.0)));
    let height = top + rows_h.max(row_h) + 44.0;
    let mut svg = String::new();
    {
        let c = Canvas::new(&mut svg, size(height));
        c.text(
            20.0,
            30.0,
            "Kalkylerad och realiserad nytta per år",
            22.0,
            HPos::Left,
            VPos::Center,
            INK,
            true,
        );
        c.text(
            20.0,
            56.0,
            "Tusental kronor (tkr). Realiserad = kalkylerat värde × måluppfyllelse mot slutmålet.",
            14.0,
            HPos::Left,
            VPos::Center,
            GREY_TEXT,
            false,
        );
        let legend_y = 90.0;
        c.rect(
            (20.0, legend_y - 8.0),
            (42.0, legend_y + 8.0),
            SKY.to_rgba(),
            true,
            0,
        );
        c.rect(
            (20.0, legend_y - 8.0),
            (42.0, legend_y + 8.0),
            INK.to_rgba(),
            false,
            1,
        );
        c.text(
            50.0,
            legend_y,
            "Kalkylerad",
            14.0,
            HPos::Left,
            VPos::Center,
            INK,
            false,
        );
        let x2 = 50.0 + text_width("Kalkylerad", 14.0) + 30.0;
        c.rect(
            (x2, legend_y - 8.0),
            (x2 + 22.0, legend_y + 8.0),
            BLUE.to_rgba(),
            true,
            0,
        );
        c.rect(
            (x2, legend_y - 8.0),
            (x2 + 22.0, legend_y + 8.0),
            INK.to_rgba(),
            false,
            1,
        );
        c.text(
            x2 + 30.0,
            legend_y,
            "Realiserad hittills",
            14.0,
            HPos::Left,
            VPos::Center,
            INK,
            false,
        );

        let bar_x0 = 20.0 + label_w + 12.0;
        let value_room = text_width("−00 000 000 tkr", 13.0) + 12.0;
        let bar_x1 = WIDTH - value_room;
        let to_f = |d: Decimal| d.to_f64().unwrap_or(0.0).max(0.0);
        let max = rows
            .iter()
            .map(|r| to_f(r.calculated).max(to_f(r.realised)))
            .fold(0.0, f64::max);
        let scale = if max > 0.0 {
            (bar_x1 - bar_x0) / max
        } else {
            0.0
        };
        if rows.is_empty() {
            c.text(
                WIDTH / 2.0,
                top + row_h / 2.0,
                "Inga nyttor kopplade till kalkylen",
                16.0,
                HPos::Center,
                VPos::Center,
                GREY_TEXT,
                false,
            );
        }
        for (i, row) in rows.iter().enumerate() {
            let (row_top, this_h) = row_tops[i];
            // The two bars are centred in a row that has grown for its label.
            let y = top + row_top + (this_h - row_h) / 2.0;
            let total = row.label == "Totalt";
            if total && i > 0 {
                let y = top + row_top;
                c.line(
                    &[(20.0, y - 4.0), (WIDTH - 20.0, y - 4.0)],
                    GREY_TEXT.to_rgba(),
                    1,
                );
            }
            draw_lines(&c, 20.0 + label_w, y + 24.0, &labels[i], INK, total);
            for (k, (value, colour)) in [(row.calculated, SKY), (row.realised, BLUE)]
                .into_iter()
                .enumerate()
            {
                let y0 = y + 6.0 + k as f64 * 20.0;
                let w = to_f(value) * scale;
                if w > 0.0 {
                    c.rect(
                        (bar_x0, y0),
                        (bar_x0 + w, y0 + 18.0),
                        colour.to_rgba(),
                        true,
                        0,
                    );
                }
                c.text(
                    bar_x0 + w + 6.0,
                    y0 + 9.0,
                    &format::tkr(value),
                    13.0,
                    HPos::Left,
                    VPos::Center,
                    INK,
                    total,
                );
            }
        }
        c.line(
            &[
                (bar_x0, top),
                (bar_x0, top + rows_h.max(row_h)),
            ],
            GREY_TEXT.to_rgba(),
            1,
        );
        c.present();
    }
    svg
}

/// Swedish text alternative to [`benefit_value_chart_svg`].
pub fn benefit_value_chart_text(rows: &[ValueRow]) -> String {
    let mut out =
        vec!["Diagram över kalkylerad och realiserad nytta per år, i tusental kronor.".to_string()];
    if rows.is_empty() {
        out.push("Inga nyttor är kopplade till kalkylen.".to_string());
    }
    for row in rows {
        out.push(format!(
            "{}: kalkylerad {}, realiserad {}.",
            row.label,
            format::tkr(row.calculated),
            format::tkr(row.realised)
        ));
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::followup::{GroupCounts, InitiativeStatusRow, StatusCounts};
    use chrono::NaiveDate;
    use rust_decimal_macros::dec;

    fn summary() -> PortfolioSummary {
        let group = |name: &str, rod, saknas, gul, gron, kommande| GroupCounts {
            name: name.to_string(),
            counts: StatusCounts {
                rod,
                saknas,
                gul,
                gron,
                kommande,
            },
        };
        let by_organisation = vec![
            group("Intraservice", 1, 2, 3, 6, 2),
            group("Äldre samt vård- och omsorgsförvaltningen", 0, 1, 1, 4, 5),
            group("Stadsbyggnadsförvaltningen", 2, 0, 0, 1, 0),
            group("Kulturförvaltningen", 0, 0, 0, 0, 1),
        ];
        let mut initiatives = StatusCounts::default();
        for g in &by_organisation {
            initiatives.merge(&g.counts);
        }
        let row = |code: &str, name: &str, calc: Decimal, real: Decimal| InitiativeStatusRow {
            code: code.into(),
            name: name.into(),
            organisation: "Intraservice".into(),
            phase: "Driftsatt".into(),
            go_live: None,
            status: Status::Gron,
            indicators: StatusCounts::default(),
            calculated_annual_value: calc,
            realised_annual_value: real,
            realised_known: true,
        };
        PortfolioSummary {
            as_of: NaiveDate::from_ymd_opt(2026, 5, 10).unwrap(),
            initiatives,
            indicators: StatusCounts::default(),
            by_organisation,
            by_phase: vec![],
            rows: vec![
                row(
                    "NR-2025-014",
                    "E-tjänst för bygglov",
                    dec!(1850000),
                    dec!(1200000),
                ),
                row(
                    "NR-2025-021",
                    "Digital signering av avtal",
                    dec!(640000),
                    dec!(710000),
                ),
                row(
                    "NR-2024-007",
                    "Robot för fakturahantering",
                    dec!(2400000),
                    dec!(0),
                ),
                row("NR-2025-030", "Utan kalkyl", dec!(0), dec!(0)),
            ],
            calculated_annual_value: dec!(4890000),
            realised_annual_value: dec!(1910000),
        }
    }

    #[test]
    fn status_chart_has_words_symbols_and_counts() {
        let svg = portfolio_status_chart_svg(&summary());
        for needle in [
            "■ Röd (3)",
            "? Saknas (3)",
            "▲ Gul (4)",
            "● Grön (11)",
            "○ Kommande (8)",
            "● 6",
            "Intraservice",
            "#A03000",
        ] {
            assert!(svg.contains(needle), "missing {needle}");
        }
    }

    #[test]
    fn status_chart_text_lists_every_organisation() {
        let text = portfolio_status_chart_text(&summary());
        assert!(text.starts_with("Diagram över nyttostatus per organisation den 2026-05-10. Totalt 29 förändringsinsatser: 3 röd, 3 saknas, 4 gul, 11 grön, 8 kommande."), "{text}");
        assert!(text.contains("Kulturförvaltningen: 1 kommande."));
    }

    #[test]
    fn value_rows_skip_initiatives_without_values_and_add_a_total() {
        let rows = value_rows(&summary(), true);
        assert_eq!(rows.len(), 4);
        assert_eq!(
            rows[3],
            ValueRow {
                label: "Totalt".into(),
                calculated: dec!(4890000),
                realised: dec!(1910000)
            }
        );
        let svg = benefit_value_chart_svg(&rows);
        assert!(svg.contains("1\u{a0}850\u{a0}tkr"));
        assert!(svg.contains("Realiserad hittills"));
        let text = benefit_value_chart_text(&rows);
        assert!(
            text.contains(
                "Totalt: kalkylerad 4\u{a0}890\u{a0}tkr, realiserad 1\u{a0}910\u{a0}tkr."
            ),
            "{text}"
        );
    }

    #[test]
    fn long_names_wrap_in_both_charts_and_are_never_cut() {
        let org = "Förvaltningen för demokrati och medborgarservice samt stadens gemensamma kontaktcenter";
        let name = "Utöka kontaktcenter med bemannad chatt och automatiserad chattbot för alla förvaltningar";
        let mut long = summary();
        long.by_organisation[0].name = org.into();
        let status = portfolio_status_chart_svg(&long);
        let rows = vec![ValueRow { label: format!("NR-2026-003 {name}"), calculated: dec!(100000), realised: dec!(0) }];
        let value = benefit_value_chart_svg(&rows);
        for (svg, text) in [(&status, org), (&value, name)] {
            assert!(!svg.contains('…'), "a name is cut");
            for word in text.split_whitespace() {
                assert!(svg.contains(word), "{word} is missing");
            }
        }
        // The rows grow with their labels: the chart is taller than with short names.
        let height = |svg: &str| svg.split("viewBox=\"0 0 960 ").nth(1).and_then(|r| r.split('"').next()).unwrap().to_string();
        assert_ne!(height(&status), height(&portfolio_status_chart_svg(&summary())));
        let short = benefit_value_chart_svg(&[ValueRow { label: "Kort".into(), ..rows[0].clone() }]);
        assert!(height(&value).parse::<f64>().unwrap() > height(&short).parse::<f64>().unwrap());
    }

    #[test]
    fn empty_portfolio_charts_do_not_panic() {
        let empty = PortfolioSummary {
            by_organisation: vec![],
            rows: vec![],
            ..summary()
        };
        assert!(portfolio_status_chart_svg(&empty).contains("Inga förändringsinsatser"));
        assert!(benefit_value_chart_svg(&[]).contains("Inga nyttor"));
    }

    /// Writes sample charts to /tmp for looking at: `cargo test -p nytta --lib samples -- --ignored`.
    #[test]
    #[ignore]
    fn render_portfolio_samples_to_tmp() {
        std::fs::write(
            "/tmp/portfolj_status.svg",
            portfolio_status_chart_svg(&summary()),
        )
        .unwrap();
        std::fs::write(
            "/tmp/portfolj_nytta.svg",
            benefit_value_chart_svg(&value_rows(&summary(), true)),
        )
        .unwrap();
    }
}
