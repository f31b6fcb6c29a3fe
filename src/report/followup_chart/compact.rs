//! The compact indicator chart (small multiples in the council pack) and its legend.

use chrono::{Datelike, Months, NaiveDate};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use rust_decimal::prelude::ToPrimitive;

use super::kit::{
    draw_amber_band, draw_baseline_and_trajectory, draw_glyph, f64_to_decimal, merge_polylines, month_label, text_width,
    trajectory_corners, value_range, Canvas, Frame, LegendGlyph, BLUE, FAINT_GRID, GREEN, GREY_TEXT, GRID, INK, PURPLE,
};
use crate::followup::{trajectory, IndicatorFollowUp, Observation};
use crate::format;
use crate::model::plan::Indicator;

/// Pixels per point of the compact chart: its SVG is drawn at 2 px per pt of the printed
/// size, so a 2 px line prints 1 pt wide.
pub const COMPACT_PX_PER_PT: f64 = 2.0;

/// Height in points of the compact chart's plot in the three-a-row grid of an initiative
/// with many indicators.
pub const COMPACT_PLOT_HEIGHT: f64 = 64.0;

/// Size in points of the compact chart's axis labels, which the report sets as text.
pub const COMPACT_LABEL_PT: f64 = 7.0;

/// Measurements are drawn as points too when the plot has at least this many pixels per
/// measurement.
const COMPACT_POINT_SPACING: f64 = 10.0;

/// The compact follow-up chart of one indicator: the plot as an SVG without any text, and
/// its axis labels with their positions, for the report to set as text beside it.
///
/// Typesetting text inside an SVG is what made a pack of thousands of charts slow and
/// large: typst's SVG reader shapes every label and keeps every glyph's outline
/// (`cargo xtask bench`, docs/prestanda.md). Text set by typst beside the picture costs a
/// fraction of that, and stays real text in the PDF.
#[derive(Debug, Clone, PartialEq)]
pub struct CompactChart {
    /// The plot: `plot_width` × `plot_height` points at [`COMPACT_PX_PER_PT`].
    pub svg: String,
    /// Width in points of the value labels' column, left of the plot.
    pub label_width: f64,
    /// Width in points of the plot.
    pub plot_width: f64,
    /// Height in points of the plot.
    pub plot_height: f64,
    /// Value labels: distance in points from the plot's top, text.
    pub y_labels: Vec<(f64, String)>,
    /// Month labels: distance in points from the plot's left edge, text.
    pub x_labels: Vec<(f64, String)>,
}

/// Where a compact chart goes and what it spans: the charts of one initiative share their
/// dates (one time axis, issue 18) and their value column's width, so that their plots line
/// up one above the other.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CompactFrame {
    /// The dates the plot spans (start, end): [`shared_time_span`](super::shared_time_span).
    pub span: (NaiveDate, NaiveDate),
    /// Width in points of the whole chart, value column and plot.
    pub width: f64,
    /// Height in points of the plot.
    pub plot_height: f64,
    /// Width in points of the value column: the widest [`compact_label_width`] of the charts
    /// placed together.
    pub label_width: f64,
}

/// About how many value ticks a plot `plot_height` points high gets: three in the small
/// multiples, more in a taller plot.
fn tick_count(plot_height: f64) -> f64 {
    (plot_height / 22.0).clamp(3.0, 6.0)
}

/// The value ticks of an indicator's compact chart over `span`: value and label.
fn value_ticks(
    indicator: &Indicator,
    go_live: NaiveDate,
    measurements: &[Observation],
    span: (NaiveDate, NaiveDate),
    plot_height: f64,
) -> (Vec<(f64, String)>, (f64, f64)) {
    let traj = trajectory(indicator, go_live);
    let (lo, hi, step, dp) = value_range(indicator, &traj, measurements, span, tick_count(plot_height));
    let ticks = (0..=20)
        .map(|i| lo + step * i as f64)
        .take_while(|tick| *tick <= hi + step * 0.01)
        .map(|tick| (tick, format::number(f64_to_decimal(tick, dp), dp)))
        .collect();
    (ticks, (lo, hi))
}

/// Width in points the value labels of an indicator's compact chart need (at least 12, at
/// most 48).
pub fn compact_label_width(
    indicator: &Indicator,
    go_live: NaiveDate,
    measurements: &[Observation],
    span: (NaiveDate, NaiveDate),
    plot_height: f64,
) -> f64 {
    let (ticks, _) = value_ticks(indicator, go_live, measurements, span, plot_height);
    let widest = ticks.iter().map(|(_, label)| text_width(label, COMPACT_LABEL_PT)).fold(0.0, f64::max);
    (widest + 3.0).clamp(12.0, 48.0).ceil()
}

/// The follow-up chart of one indicator in the compact form of the council pack's
/// initiative pages, in `frame` (its dates, size and value column): the same picture as
/// [`indicator_chart_svg`](super::indicator_chart_svg) — measurements, expected trajectory
/// (dashed), amber band, baseline (dotted), targets (diamonds), go-live (solid green) and the
/// report date (dashed purple) — with the axis labels apart (see [`CompactChart`]). The title,
/// the statuses in words, the checkpoints' figures and the legend are the report's, set
/// beside the charts. Never panics.
pub fn indicator_chart_compact(
    indicator: &Indicator,
    followup: &IndicatorFollowUp,
    go_live: NaiveDate,
    measurements: &[Observation],
    today: NaiveDate,
    frame: CompactFrame,
) -> CompactChart {
    let CompactFrame { span: (start, end), width, plot_height, label_width } = frame;
    let traj = trajectory(indicator, go_live);
    let (ticks, (lo, hi)) = value_ticks(indicator, go_live, measurements, (start, end), plot_height);
    let plot_width = (width - label_width).max(40.0).floor();
    let px = COMPACT_PX_PER_PT;
    let size = ((plot_width * px) as u32, (plot_height * px) as u32);
    // The plot fills the picture but for half a line at the edges.
    let frame = Frame {
        x0: 1.0,
        x1: size.0 as f64 - 1.0,
        y0: 1.0,
        y1: size.1 as f64 - 1.0,
        start,
        days: ((end - start).num_days().max(1)) as f64,
        lo,
        hi,
    };
    let y_labels = ticks
        .iter()
        .map(|(tick, label)| (frame.y(*tick) / px, label.clone()))
        .collect();

    // Months: as many labels as fit, on whole quarters, half-years or years.
    let months_total = ((end.year() - start.year()) * 12 + end.month() as i32
        - start.month() as i32)
        .max(1) as f64;
    let px_per_month = (frame.x1 - frame.x0) / months_total;
    let label_room = (text_width("maj 2026", COMPACT_LABEL_PT) + 6.0) * px;
    let label_every = [3u32, 6, 12, 24, 60]
        .into_iter()
        .find(|k| px_per_month * *k as f64 >= label_room)
        .unwrap_or(120);
    let mut month = NaiveDate::from_ymd_opt(start.year(), start.month(), 1).unwrap_or(start);
    if month < start {
        month = month.checked_add_months(Months::new(1)).unwrap_or(end);
    }
    let mut month_ticks = Vec::new();
    let mut x_labels = Vec::new();
    let mut last_label_end = f64::NEG_INFINITY;
    while month <= end {
        let index = month.year() as i64 * 12 + month.month0() as i64;
        if index.rem_euclid(label_every as i64) == 0 {
            let x = frame.x(month);
            month_ticks.push(x);
            let label = month_label(month);
            let half = text_width(&label, COMPACT_LABEL_PT) / 2.0 * px;
            // Centred under its tick, inside the chart's width (the value column is left).
            if x - half >= -label_width * px
                && x + half <= size.0 as f64
                && x - half > last_label_end + 4.0 * px
            {
                x_labels.push((x / px, label));
                last_label_end = x + half;
            }
        }
        month = match month.checked_add_months(Months::new(1)) {
            Some(next) => next,
            None => break,
        };
    }

    let mut svg = String::new();
    {
        let c = Canvas::new(&mut svg, size);
        draw_compact(
            &c,
            indicator,
            followup,
            &frame,
            &traj,
            &ticks,
            &month_ticks,
            (go_live, today),
            measurements,
            end,
        );
        c.present();
    }
    CompactChart {
        svg: merge_polylines(&svg),
        label_width,
        plot_width,
        plot_height,
        y_labels,
        x_labels,
    }
}

#[allow(clippy::too_many_arguments)]
fn draw_compact(
    c: &Canvas<'_>,
    indicator: &Indicator,
    followup: &IndicatorFollowUp,
    frame: &Frame,
    traj: &[Observation],
    ticks: &[(f64, String)],
    month_ticks: &[f64],
    (go_live, today): (NaiveDate, NaiveDate),
    measurements: &[Observation],
    end: NaiveDate,
) {
    // Value grid and the labelled months' ticks (light lines across the plot).
    for (tick, _) in ticks {
        let y = frame.y(*tick);
        c.line(&[(frame.x0, y), (frame.x1, y)], GRID.to_rgba(), 1);
    }
    for &x in month_ticks {
        c.line(&[(x, frame.y0), (x, frame.y1)], FAINT_GRID.to_rgba(), 1);
    }

    // Amber band and its lower edge, as in the full chart.
    let corners = trajectory_corners(traj, end);
    draw_amber_band(c, indicator, frame, &corners);
    draw_baseline_and_trajectory(c, indicator, frame, &corners, (8, 5));
    if frame.contains(go_live) {
        let x = frame.x(go_live);
        c.line(&[(x, frame.y0), (x, frame.y1)], GREEN.to_rgba(), 2);
    }
    if frame.contains(today) {
        let x = frame.x(today);
        c.dashed(&[(x, frame.y0), (x, frame.y1)], PURPLE.to_rgba(), 2, 5, 4);
    }

    // Measurements: a line, with points only where they stand apart (a monthly series over
    // two years is a line at this size); those used at a checkpoint get a ring.
    let shown: Vec<(f64, f64)> = measurements
        .iter()
        .filter(|m| frame.contains(m.date))
        .filter_map(|m| m.value.to_f64().map(|v| (frame.x(m.date), frame.y(v))))
        .collect();
    if shown.len() >= 2 {
        c.line(&shown, BLUE.to_rgba(), 2);
    }
    if shown.len() <= 1 || (frame.x1 - frame.x0) / shown.len() as f64 >= COMPACT_POINT_SPACING {
        for &p in &shown {
            c.circle(p, 3, BLUE.to_rgba(), true, 1);
        }
    }
    for cp in &followup.checkpoints {
        if let Some(m) = cp.measurement {
            c.circle(
                (frame.x(m.date), frame.yd(m.value)),
                6,
                BLUE.to_rgba(),
                false,
                2,
            );
        }
    }

    // Targets: black diamonds.
    for cp in &followup.checkpoints {
        if !frame.contains(cp.date) {
            continue;
        }
        let (x, y) = (frame.x(cp.date), frame.yd(cp.target));
        c.polygon(
            &[(x, y - 6.0), (x + 6.0, y), (x, y + 6.0), (x - 6.0, y)],
            INK.to_rgba(),
        );
    }

    c.rect(
        (frame.x0, frame.y0),
        (frame.x1, frame.y1),
        GREY_TEXT.to_rgba(),
        false,
        1,
    );
}

/// Width in pixels of the compact charts' legend; the council pack sets it across the page
/// (about 482 pt), so 1 px ≈ 0.4 pt and its 18 px labels print at about 7.2 pt.
pub const COMPACT_LEGEND_WIDTH: u32 = 1200;

/// The legend of the compact charts, drawn with the same glyphs as the full chart: one
/// picture for a whole report, one or two rows.
pub fn compact_legend_svg() -> String {
    const LABEL: f64 = 18.0;
    const ROW: f64 = 30.0;
    let entries: Vec<(LegendGlyph, &str)> = vec![
        (LegendGlyph::Measurement, "Mätvärde"),
        (LegendGlyph::Trajectory, "Förväntad utveckling"),
        (LegendGlyph::Target, "Målvärde"),
        (LegendGlyph::Band, "Gult fält: status Gul"),
        (LegendGlyph::Baseline, "Baslinje"),
        (LegendGlyph::GoLive, "Driftsättning"),
        (LegendGlyph::Today, "Rapportdatum"),
    ];
    let width = COMPACT_LEGEND_WIDTH as f64;
    let mut placed = Vec::new();
    let (mut x, mut row) = (4.0, 0.0);
    for (glyph, label) in entries {
        // The legend is only typeset by the reports, in DejaVu Sans: its widths are exact.
        let advance = 32.0 + crate::report::pdf::text_width(label, LABEL) + 16.0;
        if x + advance - 16.0 > width - 4.0 {
            x = 4.0;
            row += 1.0;
        }
        placed.push((glyph, label, x, ROW / 2.0 + row * ROW));
        x += advance;
    }
    let height = ((row + 1.0) * ROW) as u32;
    let mut svg = String::new();
    {
        let c = Canvas::new(&mut svg, (COMPACT_LEGEND_WIDTH, height));
        for (glyph, label, x, y) in placed {
            draw_glyph(&c, glyph, x, y);
            c.text(
                x + 32.0,
                y,
                label,
                LABEL,
                HPos::Left,
                VPos::Center,
                INK,
                false,
            );
        }
        c.present();
    }
    merge_polylines(&svg)
}
