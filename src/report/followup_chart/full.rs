//! The full follow-up chart of one indicator, drawn in named steps on the kit's layers.

use chrono::{Datelike, Months, NaiveDate};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::kit::{
    checkpoint_label, draw_amber_band, draw_baseline_and_trajectory, draw_glyph, f64_to_decimal, fit_text, merge_polylines,
    month_label, status_colour, text_width, time_span, trajectory_corners, value_range, with_unit, wrap_text, Canvas, Frame,
    LegendGlyph, Placer, Rect, BLUE, BOLD_WIDTH, FAINT_GRID, GREEN, GREY_TEXT, GRID, INK, PURPLE,
};
use crate::followup::{trajectory, IndicatorFollowUp, Observation};
use crate::format;
use crate::model::plan::{Baseline, Direction, Indicator};

/// Width and height of the indicator chart in pixels (the SVG has a matching viewBox and
/// scales to any size) when its title is one line; each further line of a long title makes
/// it [`TITLE_LINE`] taller.
pub const INDICATOR_CHART_SIZE: (u32, u32) = (960, 560);

/// Height in pixels of a line of the chart's title (22 px bold).
const TITLE_LINE: f64 = 28.0;

const LEFT: f64 = 84.0;
const RIGHT: f64 = 28.0;
const PLOT_TOP: f64 = 132.0;
const PLOT_BOTTOM_GAP: f64 = 112.0;

/// The follow-up chart of one indicator as an SVG document: baseline (dotted), expected
/// trajectory (dashed), targets with labels, the amber band, measurements, go-live,
/// today and the status at each checkpoint in words. `today` is also the as-of date of
/// the statuses, which come from `followup`: the indicator's follow-up as of `today`,
/// evaluated once by the caller for everything a request shows. Never panics.
///
/// `date_label` names the as-of date's line: "I dag" in the window on today's date,
/// "Rapportdatum" in a report, "Per 2026-10-31" otherwise.
pub fn indicator_chart_svg(
    indicator: &Indicator,
    followup: &IndicatorFollowUp,
    go_live: NaiveDate,
    measurements: &[Observation],
    today: NaiveDate,
    date_label: &str,
) -> String {
    let span = time_span(indicator, go_live, measurements, today);
    indicator_chart_svg_spanning(indicator, followup, go_live, measurements, today, date_label, span)
}

/// [`indicator_chart_svg`] over the dates `span` (start, end) — the
/// [`shared_time_span`](super::shared_time_span) of all the indicators of one initiative in a
/// report, so that its charts share one time axis — instead of the indicator's own.
pub fn indicator_chart_svg_spanning(
    indicator: &Indicator,
    followup: &IndicatorFollowUp,
    go_live: NaiveDate,
    measurements: &[Observation],
    today: NaiveDate,
    date_label: &str,
    span: (NaiveDate, NaiveDate),
) -> String {
    let title = title_lines(indicator);
    let grow = TITLE_LINE * (title.len().max(1) - 1) as f64;
    let size = (INDICATOR_CHART_SIZE.0, INDICATOR_CHART_SIZE.1 + grow as u32);
    let mut svg = String::new();
    {
        let canvas = Canvas::new(&mut svg, size);
        draw_indicator(&canvas, indicator, followup, go_live, measurements, (today, date_label), span, &title);
        canvas.present();
    }
    merge_polylines(&svg)
}

/// The title, `Name (CODE)`, in as many lines as it needs: a name is wrapped, never cut.
fn title_lines(indicator: &Indicator) -> Vec<String> {
    let title = if indicator.code.trim().is_empty() {
        indicator.name.clone()
    } else {
        format!("{} ({})", indicator.name, indicator.code)
    };
    // Set in bold, which is wider than text_width's estimate of the regular face.
    wrap_text(&title, 22.0 * BOLD_WIDTH, INDICATOR_CHART_SIZE.0 as f64 - 40.0)
}

/// Draws the chart in layers: title, grid, expected lines, go-live and today, measurements,
/// targets, the labels where they hide nothing, the frame, the status strip and the legend.
/// Everything below the title moves down by its extra lines.
#[allow(clippy::too_many_arguments)]
fn draw_indicator(
    c: &Canvas<'_>,
    indicator: &Indicator,
    followup: &IndicatorFollowUp,
    go_live: NaiveDate,
    measurements: &[Observation],
    (today, date_label): (NaiveDate, &str),
    (start, end): (NaiveDate, NaiveDate),
    title: &[String],
) {
    let dy = TITLE_LINE * (title.len().max(1) - 1) as f64;
    let (w, h) = (INDICATOR_CHART_SIZE.0 as f64, INDICATOR_CHART_SIZE.1 as f64 + dy);
    let unit = indicator.unit.trim();

    draw_title(c, indicator, followup, today, w, title);

    // Value range.
    let traj = trajectory(indicator, go_live);
    let (lo, hi, step, dp) = value_range(indicator, &traj, measurements, (start, end), 6.0);

    let frame = Frame {
        x0: LEFT,
        x1: w - RIGHT,
        y0: PLOT_TOP + dy,
        y1: h - PLOT_BOTTOM_GAP,
        start,
        days: ((end - start).num_days().max(1)) as f64,
        lo,
        hi,
    };

    draw_grid(c, &frame, end, step, dp, unit, w);
    let (amber_px, baseline_y, traj_px) = draw_expected(c, indicator, &frame, &traj, end);

    let mut placer = Placer::new(Rect::new(
        frame.x0 + 2.0,
        frame.y0 + 2.0,
        frame.x1 - 2.0,
        frame.y1 - 2.0,
    ));
    placer.avoid_polyline(&traj_px, 2.0);
    placer.avoid_polyline(&amber_px, 1.0);

    draw_go_live_and_today(c, &frame, go_live, today, date_label, &mut placer);
    draw_measurements(c, &frame, measurements, followup, &mut placer);
    let markers = draw_targets(c, &frame, followup, unit, today, &mut placer);

    // Labels last, each where it hides nothing: targets first (better side preferred), then
    // the baseline, then the note about missing measurements.
    let better_up = indicator.direction == Direction::HigherIsBetter;
    label_targets(c, &markers, better_up, &mut placer);
    if let (Some(b), Some(y)) = (&indicator.baseline, baseline_y) {
        label_baseline(c, &frame, b, y, unit, better_up, &mut placer);
    }
    if measurements.is_empty() {
        note_no_measurements(c, &frame, &mut placer);
    }

    // Plot frame.
    c.rect(
        (frame.x0, frame.y0),
        (frame.x1, frame.y1),
        GREY_TEXT.to_rgba(),
        false,
        1,
    );

    draw_status_strip(c, &frame, followup, dy);
    draw_legend(c, indicator, w, h);
}

/// Title, in its lines, and subtitle.
fn draw_title(c: &Canvas<'_>, indicator: &Indicator, followup: &IndicatorFollowUp, today: NaiveDate, w: f64, title: &[String]) {
    let unit = indicator.unit.trim();
    for (i, line) in title.iter().enumerate() {
        c.text(20.0, 30.0 + TITLE_LINE * i as f64, line, 22.0, HPos::Left, VPos::Center, INK, true);
    }
    let dy = TITLE_LINE * (title.len().max(1) - 1) as f64;
    let mut subtitle = vec![indicator.direction.label().to_string()];
    if let Some(b) = &indicator.baseline {
        subtitle.push(format!(
            "baslinje {} ({})",
            with_unit(b.value, unit),
            format::date(b.date)
        ));
    } else {
        subtitle.push("baslinje saknas".to_string());
    }
    subtitle.push(format!(
        "status {} den {}",
        followup.status.text(),
        format::date(today)
    ));
    c.text(
        20.0,
        56.0 + dy,
        &fit_text(&subtitle.join(" · "), 14.0, w - 40.0),
        14.0,
        HPos::Left,
        VPos::Center,
        GREY_TEXT,
        false,
    );
}

/// Grid: months (faint) and value ticks, their labels and the unit.
fn draw_grid(c: &Canvas<'_>, frame: &Frame, end: NaiveDate, step: f64, dp: u32, unit: &str, w: f64) {
    let (start, lo, hi) = (frame.start, frame.lo, frame.hi);
    let months_total = ((end.year() - start.year()) * 12 + end.month() as i32
        - start.month() as i32)
        .max(1) as f64;
    let px_per_month = (frame.x1 - frame.x0) / months_total;
    let label_every = [1u32, 2, 3, 6, 12]
        .into_iter()
        .find(|k| px_per_month * *k as f64 >= 78.0)
        .unwrap_or(12);
    let mut month = NaiveDate::from_ymd_opt(start.year(), start.month(), 1).unwrap_or(start);
    if month < start {
        month = month.checked_add_months(Months::new(1)).unwrap_or(end);
    }
    while month <= end {
        let x = frame.x(month);
        c.line(&[(x, frame.y0), (x, frame.y1)], FAINT_GRID.to_rgba(), 1);
        if month.month0().is_multiple_of(label_every) {
            c.line(
                &[(x, frame.y1), (x, frame.y1 + 6.0)],
                GREY_TEXT.to_rgba(),
                1,
            );
            let label = month_label(month);
            let half = text_width(&label, 13.0) / 2.0;
            if x - half >= 4.0 && x + half <= w - 4.0 {
                c.text(
                    x,
                    frame.y1 + 20.0,
                    &label,
                    13.0,
                    HPos::Center,
                    VPos::Center,
                    GREY_TEXT,
                    false,
                );
            }
        }
        month = match month.checked_add_months(Months::new(1)) {
            Some(next) => next,
            None => break,
        };
    }
    for i in 0..=40 {
        let tick = lo + step * i as f64;
        if tick > hi + step * 0.01 {
            break;
        }
        let y = frame.y(tick);
        c.line(&[(frame.x0, y), (frame.x1, y)], GRID.to_rgba(), 1);
        let label = format::number(f64_to_decimal(tick, dp), dp);
        c.text(
            frame.x0 - 8.0,
            y,
            &label,
            13.0,
            HPos::Right,
            VPos::Center,
            GREY_TEXT,
            false,
        );
    }
    if !unit.is_empty() {
        c.vertical_text(
            18.0,
            (frame.y0 + frame.y1) / 2.0,
            &fit_text(unit, 14.0, frame.y1 - frame.y0),
            14.0,
            GREY_TEXT,
        );
    }
}

/// The amber band, the baseline and the expected trajectory; returns the band's lower edge
/// and the trajectory in pixels and the baseline's height.
fn draw_expected(
    c: &Canvas<'_>,
    indicator: &Indicator,
    frame: &Frame,
    traj: &[Observation],
    end: NaiveDate,
) -> (Vec<(f64, f64)>, Option<f64>, Vec<(f64, f64)>) {
    // Amber band between the amber level and the expected value, from the first corner of
    // the trajectory to the end of the chart.
    let corners = trajectory_corners(traj, end);
    let amber_px = draw_amber_band(c, indicator, frame, &corners);

    // Baseline (labelled last, where there is room) and the expected trajectory.
    let (baseline_y, traj_px) = draw_baseline_and_trajectory(c, indicator, frame, &corners, (9, 6));
    (amber_px, baseline_y, traj_px)
}

/// Go-live and today: both lines first, then their labels on white plates.
fn draw_go_live_and_today(c: &Canvas<'_>, frame: &Frame, go_live: NaiveDate, today: NaiveDate, date_label: &str, placer: &mut Placer) {
    let top_label_y = frame.y0 + 12.0;
    let go_live_x = frame.contains(go_live).then(|| frame.x(go_live));
    let today_x = frame.contains(today).then(|| frame.x(today));
    if let Some(x) = go_live_x {
        c.line(&[(x, frame.y0), (x, frame.y1)], GREEN.to_rgba(), 2);
        placer.avoid(Rect::new(x - 2.0, frame.y0, x + 2.0, frame.y1));
    }
    if let Some(x) = today_x {
        c.dashed(&[(x, frame.y0), (x, frame.y1)], PURPLE.to_rgba(), 2, 6, 4);
        placer.avoid(Rect::new(x - 2.0, frame.y0, x + 2.0, frame.y1));
    }
    let mut top_labels: Vec<(f64, &str, RGBColor, Option<f64>)> = Vec::new();
    if let Some(x) = go_live_x {
        top_labels.push((x, "Driftsättning", RGBColor(0x00, 0x6B, 0x4E), None));
    }
    if let Some(x) = today_x {
        let near =
            go_live_x.is_some_and(|g| (x - g).abs() < text_width("Driftsättning", 13.0) + 14.0);
        top_labels.push((
            x,
            date_label,
            RGBColor(0x8A, 0x3B, 0x6E),
            near.then_some(top_label_y + 20.0),
        ));
    }
    for (x, label, colour, row) in top_labels {
        let y = row.unwrap_or(top_label_y);
        let width = text_width(label, 13.0);
        let (anchor, lx, rect) = if x + width + 10.0 > frame.x1 {
            (
                HPos::Right,
                x - 5.0,
                Rect::new(x - 8.0 - width, y - 9.0, x - 2.0, y + 9.0),
            )
        } else {
            (
                HPos::Left,
                x + 5.0,
                Rect::new(x + 2.0, y - 9.0, x + 8.0 + width, y + 9.0),
            )
        };
        c.rect(
            (rect.x0, rect.y0),
            (rect.x1, rect.y1),
            WHITE.mix(0.9),
            true,
            0,
        );
        c.text(lx, y, label, 13.0, anchor, VPos::Center, colour, true);
        placer.avoid(rect);
    }
}

/// Measurements: line and points; the ones used at a checkpoint get a ring.
fn draw_measurements(
    c: &Canvas<'_>,
    frame: &Frame,
    measurements: &[Observation],
    followup: &IndicatorFollowUp,
    placer: &mut Placer,
) {
    let shown: Vec<(f64, f64)> = measurements
        .iter()
        .filter(|m| frame.contains(m.date))
        .filter_map(|m| m.value.to_f64().map(|v| (frame.x(m.date), frame.y(v))))
        .collect();
    if shown.len() >= 2 {
        c.line(&shown, BLUE.to_rgba(), 2);
    }
    placer.avoid_polyline(&shown, 3.0);
    for &p in &shown {
        c.circle(p, 5, BLUE.to_rgba(), true, 1);
        c.circle(p, 5, WHITE.to_rgba(), false, 1);
        placer.avoid(Rect::around(p, 8.0, 8.0));
    }
    for cp in &followup.checkpoints {
        if let Some(m) = cp.measurement {
            let at = (frame.x(m.date), frame.yd(m.value));
            c.circle(at, 9, BLUE.to_rgba(), false, 2);
            placer.avoid(Rect::around(at, 11.0, 11.0));
        }
    }
}

/// Targets: black diamonds; returns where each is and its label.
fn draw_targets(
    c: &Canvas<'_>,
    frame: &Frame,
    followup: &IndicatorFollowUp,
    unit: &str,
    today: NaiveDate,
    placer: &mut Placer,
) -> Vec<(f64, f64, String)> {
    let mut markers: Vec<(f64, f64, String)> = Vec::new();
    for cp in &followup.checkpoints {
        if !frame.contains(cp.date) {
            continue;
        }
        let (x, y) = (frame.x(cp.date), frame.yd(cp.target));
        c.polygon(
            &[(x, y - 8.0), (x + 8.0, y), (x, y + 8.0), (x - 8.0, y)],
            INK.to_rgba(),
        );
        placer.avoid(Rect::around((x, y), 9.0, 9.0));
        markers.push((x, y, checkpoint_label(cp, unit, today)));
    }
    markers
}

/// The targets' labels, on the better side of each target where there is room.
fn label_targets(c: &Canvas<'_>, markers: &[(f64, f64, String)], better_up: bool, placer: &mut Placer) {
    for (x, y, label) in markers {
        let (w_label, h_label) = (text_width(label, 13.0) + 8.0, 20.0);
        let (up, down) = (y - 22.0, y + 22.0);
        let (first, second) = if better_up { (up, down) } else { (down, up) };
        let side = w_label / 2.0 + 12.0;
        let candidates = [
            (*x, first),
            (x - side + 6.0, first),
            (x + side - 6.0, first),
            (x - side, *y),
            (x + side, *y),
            (*x, second),
            (x - side + 6.0, second),
            (x + side - 6.0, second),
            (*x, first - 22.0),
            (*x, second + 22.0),
        ];
        let at = placer.place(&candidates, w_label, h_label);
        c.rect(
            (at.0 - w_label / 2.0, at.1 - 10.0),
            (at.0 + w_label / 2.0, at.1 + 10.0),
            WHITE.mix(0.9),
            true,
            0,
        );
        c.text(
            at.0,
            at.1,
            label,
            13.0,
            HPos::Center,
            VPos::Center,
            INK,
            true,
        );
    }
}

/// The baseline's label, on its worse side at either end where there is room.
fn label_baseline(
    c: &Canvas<'_>,
    frame: &Frame,
    b: &Baseline,
    y: f64,
    unit: &str,
    better_up: bool,
    placer: &mut Placer,
) {
    let label = format!("Baslinje {}", with_unit(b.value, unit));
    let (w_label, h_label) = (text_width(&label, 13.0) + 8.0, 18.0);
    let (left, right) = (
        frame.x0 + 6.0 + w_label / 2.0,
        frame.x1 - 6.0 - w_label / 2.0,
    );
    let (worse, better) = if better_up {
        (y + 13.0, y - 13.0)
    } else {
        (y - 13.0, y + 13.0)
    };
    let candidates = [
        (left, worse),
        (right, worse),
        (left, better),
        (right, better),
        ((left + right) / 2.0, worse),
    ];
    let at = placer.place(&candidates, w_label, h_label);
    c.rect(
        (at.0 - w_label / 2.0, at.1 - 9.0),
        (at.0 + w_label / 2.0, at.1 + 9.0),
        WHITE.mix(0.8),
        true,
        0,
    );
    c.text(
        at.0,
        at.1,
        &label,
        13.0,
        HPos::Center,
        VPos::Center,
        GREY_TEXT,
        false,
    );
}

/// The note that there are no measurements yet, where it hides nothing.
fn note_no_measurements(c: &Canvas<'_>, frame: &Frame, placer: &mut Placer) {
    let label = "Inga mätningar ännu";
    let (w_label, h_label) = (text_width(label, 16.0) + 12.0, 26.0);
    let (cx, cy) = ((frame.x0 + frame.x1) / 2.0, (frame.y0 + frame.y1) / 2.0);
    let candidates = [
        ((frame.x0 + cx) / 2.0, cy),
        (cx, cy),
        (cx, frame.y1 - 30.0),
        (cx, frame.y0 + 40.0),
        ((frame.x0 + cx) / 2.0, frame.y1 - 30.0),
        ((frame.x1 + cx) / 2.0, frame.y1 - 30.0),
    ];
    let at = placer.place(&candidates, w_label, h_label);
    c.text(
        at.0,
        at.1,
        label,
        16.0,
        HPos::Center,
        VPos::Center,
        GREY_TEXT,
        false,
    );
}

/// Status at each checkpoint, in a strip above the plot, in words with symbol.
fn draw_status_strip(c: &Canvas<'_>, frame: &Frame, followup: &IndicatorFollowUp, dy: f64) {
    let mut rows: [f64; 2] = [f64::NEG_INFINITY; 2];
    for cp in &followup.checkpoints {
        if !frame.contains(cp.date) {
            continue;
        }
        let x = frame.x(cp.date);
        let label = format!("{} mån: {}", cp.months_after_go_live, cp.status.text());
        let width = text_width(&label, 14.0) + 16.0;
        let cx = x.clamp(frame.x0 + width / 2.0, frame.x1 - width / 2.0);
        let row = if cx - width / 2.0 > rows[0] + 6.0 {
            0
        } else {
            1
        };
        rows[row] = cx + width / 2.0;
        let cy = 88.0 + dy + row as f64 * 26.0;
        let colour = status_colour(cp.status);
        c.rect(
            (cx - width / 2.0, cy - 11.0),
            (cx + width / 2.0, cy + 11.0),
            colour.mix(0.22),
            true,
            0,
        );
        c.rect(
            (cx - width / 2.0, cy - 11.0),
            (cx + width / 2.0, cy + 11.0),
            colour.to_rgba(),
            false,
            2,
        );
        c.text(cx, cy, &label, 14.0, HPos::Center, VPos::Center, INK, true);
        c.dashed(
            &[(x, cy + 11.0), (x, frame.y0)],
            GREY_TEXT.mix(0.6),
            1,
            2,
            3,
        );
    }
}

/// The legend, in rows below the plot.
fn draw_legend(c: &Canvas<'_>, indicator: &Indicator, w: f64, h: f64) {
    let theta = format::number(indicator.amber_threshold * Decimal::ONE_HUNDRED, 0);
    let mut entries: Vec<(LegendGlyph, String)> = vec![
        (LegendGlyph::Measurement, "Mätvärde".to_string()),
        (
            LegendGlyph::Trajectory,
            "Förväntad utveckling mot målen".to_string(),
        ),
        (LegendGlyph::Target, "Målvärde".to_string()),
        (
            LegendGlyph::Band,
            format!("Gult: {theta}–100{}% av vägen mot målet", format::NBSP),
        ),
    ];
    if indicator.baseline.is_some() {
        entries.push((LegendGlyph::Baseline, "Baslinje".to_string()));
    }
    let mut x = 20.0;
    let mut y = h - 52.0;
    for (glyph, label) in entries {
        let width = 34.0 + text_width(&label, 13.0) + 22.0;
        if x + width > w - 10.0 {
            x = 20.0;
            y += 24.0;
        }
        draw_glyph(c, glyph, x, y);
        c.text(
            x + 34.0,
            y,
            &label,
            13.0,
            HPos::Left,
            VPos::Center,
            INK,
            false,
        );
        x += width;
    }
}
