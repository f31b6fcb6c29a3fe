//! The follow-up chart of one indicator (SVG) and its Swedish text alternative. The same
//! SVG is shown in the window, placed in the PDF and exported (design §2).
//!
//! Drawn with plotters' SVG backend in pixel coordinates, so every label is placed on
//! purpose: no overlapping, nothing clipped. Colours are Okabe–Ito (safe for colour-blind
//! readers) and every status is also written in words with a symbol.

use chrono::{Datelike, Months, NaiveDate};
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::followup::{
    add_months_clamped, trajectory, IndicatorFollowUp, Observation, Status,
};
use crate::format;
use crate::model::plan::{Direction, Indicator};

// ---- drawing helpers shared with the portfolio charts ----------------------------------------

/// Okabe–Ito colours.
pub(crate) const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
pub(crate) const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
pub(crate) const GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
pub(crate) const PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
pub(crate) const INK: RGBColor = RGBColor(0x00, 0x00, 0x00);
pub(crate) const GREY_TEXT: RGBColor = RGBColor(0x40, 0x40, 0x40);
pub(crate) const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
pub(crate) const FAINT_GRID: RGBColor = RGBColor(0xF0, 0xF0, 0xF0);

/// The colour of a status, parsed from [`Status::colour_hex`].
pub(crate) fn status_colour(status: Status) -> RGBColor {
    let hex = status.colour_hex().trim_start_matches('#');
    let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0);
    RGBColor(byte(0), byte(2), byte(4))
}

/// Estimated width in pixels of `text` in a sans-serif font of `size` px (generous, so
/// labels that we keep apart stay apart with wide fonts such as DejaVu Sans). A character
/// DejaVu Sans lacks (an emoji, CJK) is counted at the width of the fallback that shows it.
pub(crate) fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| match c {
            c if !c.is_ascii() && !super::pdf::text_font_has(c) => super::pdf::fallback_width(c).max(0.6),
            ' ' | '\u{a0}' | '.' | ',' | ':' | 'i' | 'l' | 'j' | 'I' | '|' | '\'' => 0.34,
            'm' | 'w' | 'M' | 'W' | '%' | '●' | '■' | '▲' | '○' | '—' => 0.9,
            c if c.is_uppercase() => 0.7,
            _ => 0.6,
        })
        .sum::<f64>()
        * size
}

/// How much wider DejaVu Sans Bold is than [`text_width`]'s estimate (capitals such as Ö, Å
/// and M are about a fifth wider in bold).
pub(crate) const BOLD_WIDTH: f64 = 1.2;

/// `text` shortened with "…" to fit `max_width` px.
pub(crate) fn fit_text(text: &str, size: f64, max_width: f64) -> String {
    if text_width(text, size) <= max_width {
        return text.to_string();
    }
    let mut out: String = String::new();
    for c in text.chars() {
        let candidate = format!("{out}{c}…");
        if text_width(&candidate, size) > max_width {
            break;
        }
        out.push(c);
    }
    format!("{}…", out.trim_end())
}

/// A drawing surface in pixels over plotters' SVG backend. Drawing errors cannot happen
/// when writing to a string, and a chart must never panic, so they are ignored.
pub(crate) struct Canvas<'a> {
    area: DrawingArea<SVGBackend<'a>, plotters::coord::Shift>,
}

impl<'a> Canvas<'a> {
    pub(crate) fn new(buffer: &'a mut String, size: (u32, u32)) -> Self {
        let area = SVGBackend::with_string(buffer, size).into_drawing_area();
        let _ = area.fill(&WHITE);
        Canvas { area }
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn text(
        &self,
        x: f64,
        y: f64,
        text: &str,
        size: f64,
        h: HPos,
        v: VPos,
        colour: RGBColor,
        bold: bool,
    ) {
        // plotters writes font-size = size / 1.24.
        let font = if bold {
            ("sans-serif", size * 1.24, FontStyle::Bold).into_font()
        } else {
            ("sans-serif", size * 1.24).into_font()
        };
        let style = font.color(&colour).pos(Pos::new(h, v));
        let _ = self.area.draw(&Text::new(
            text.to_string(),
            (x.round() as i32, y.round() as i32),
            style,
        ));
    }

    pub(crate) fn vertical_text(&self, x: f64, y: f64, text: &str, size: f64, colour: RGBColor) {
        let style = ("sans-serif", size * 1.24)
            .into_font()
            .transform(FontTransform::Rotate270)
            .color(&colour)
            .pos(Pos::new(HPos::Center, VPos::Center));
        let _ = self.area.draw(&Text::new(
            text.to_string(),
            (x.round() as i32, y.round() as i32),
            style,
        ));
    }

    pub(crate) fn line(&self, points: &[(f64, f64)], colour: RGBAColor, width: u32) {
        let pts: Vec<(i32, i32)> = points
            .iter()
            .map(|&(x, y)| (x.round() as i32, y.round() as i32))
            .collect();
        let _ = self
            .area
            .draw(&PathElement::new(pts, colour.stroke_width(width)));
    }

    pub(crate) fn dashed(
        &self,
        points: &[(f64, f64)],
        colour: RGBAColor,
        width: u32,
        dash: i32,
        gap: i32,
    ) {
        let pts: Vec<(i32, i32)> = points
            .iter()
            .map(|&(x, y)| (x.round() as i32, y.round() as i32))
            .collect();
        let _ = self.area.draw(&DashedPathElement::new(
            pts,
            dash,
            gap,
            colour.stroke_width(width),
        ));
    }

    pub(crate) fn rect(
        &self,
        from: (f64, f64),
        to: (f64, f64),
        colour: RGBAColor,
        filled: bool,
        width: u32,
    ) {
        let style = if filled {
            colour.filled()
        } else {
            colour.stroke_width(width)
        };
        let a = (from.0.round() as i32, from.1.round() as i32);
        let b = (to.0.round() as i32, to.1.round() as i32);
        let _ = self.area.draw(&Rectangle::new([a, b], style));
    }

    pub(crate) fn circle(
        &self,
        at: (f64, f64),
        radius: i32,
        colour: RGBAColor,
        filled: bool,
        width: u32,
    ) {
        let style = if filled {
            colour.filled()
        } else {
            colour.stroke_width(width)
        };
        let _ = self.area.draw(&Circle::new(
            (at.0.round() as i32, at.1.round() as i32),
            radius,
            style,
        ));
    }

    pub(crate) fn polygon(&self, points: &[(f64, f64)], colour: RGBAColor) {
        let pts: Vec<(i32, i32)> = points
            .iter()
            .map(|&(x, y)| (x.round() as i32, y.round() as i32))
            .collect();
        let _ = self.area.draw(&Polygon::new(pts, colour.filled()));
    }

    pub(crate) fn present(self) {
        let _ = self.area.present();
    }
}

/// A value with its unit, as labels show it: `70 %`, `24 dagar`.
pub(crate) fn with_unit(value: Decimal, unit: &str) -> String {
    let unit = unit.trim();
    if unit.is_empty() {
        format::value(value)
    } else {
        format!("{}{}{unit}", format::value(value), format::NBSP)
    }
}

const MONTHS_SV: [&str; 12] = [
    "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];

/// Axis label of a month: `jan 2026`.
fn month_label(date: NaiveDate) -> String {
    format!("{} {}", MONTHS_SV[date.month0() as usize], date.year())
}

/// A "nice" tick step (1, 2, 2,5 or 5 × 10ⁿ) giving about `count` ticks over `span`.
pub(crate) fn nice_step(span: f64, count: f64) -> f64 {
    if span <= 0.0 || !span.is_finite() {
        return 1.0;
    }
    let raw = span / count;
    let magnitude = 10f64.powf(raw.log10().floor());
    let norm = raw / magnitude;
    let nice = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 2.5 {
        2.5
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * magnitude
}

/// Decimals needed to show multiples of `step` exactly (0, 1 or 2).
pub(crate) fn step_decimals(step: f64) -> u32 {
    if (step - step.round()).abs() < 1e-9 {
        0
    } else if (step * 10.0 - (step * 10.0).round()).abs() < 1e-9 {
        1
    } else {
        2
    }
}

pub(crate) fn f64_to_decimal(value: f64, dp: u32) -> Decimal {
    Decimal::from_f64_retain(value)
        .map(|d| format::round(d, dp))
        .unwrap_or_default()
}

/// An axis-aligned rectangle in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub(crate) fn new(x0: f64, y0: f64, x1: f64, y1: f64) -> Self {
        Rect {
            x0: x0.min(x1),
            y0: y0.min(y1),
            x1: x0.max(x1),
            y1: y0.max(y1),
        }
    }

    pub(crate) fn around(centre: (f64, f64), half_w: f64, half_h: f64) -> Self {
        Rect::new(
            centre.0 - half_w,
            centre.1 - half_h,
            centre.0 + half_w,
            centre.1 + half_h,
        )
    }

    fn overlap(&self, other: &Rect) -> f64 {
        let w = (self.x1.min(other.x1) - self.x0.max(other.x0)).max(0.0);
        let h = (self.y1.min(other.y1) - self.y0.max(other.y0)).max(0.0);
        w * h
    }

    fn inside(&self, bounds: &Rect) -> bool {
        self.x0 >= bounds.x0 && self.x1 <= bounds.x1 && self.y0 >= bounds.y0 && self.y1 <= bounds.y1
    }
}

/// Places labels where they hide nothing: each label takes the first candidate position
/// that stays inside the bounds and overlaps no obstacle (nor an earlier label); when every
/// candidate overlaps, the one overlapping least.
pub(crate) struct Placer {
    bounds: Rect,
    obstacles: Vec<Rect>,
}

impl Placer {
    pub(crate) fn new(bounds: Rect) -> Self {
        Placer {
            bounds,
            obstacles: Vec::new(),
        }
    }

    pub(crate) fn avoid(&mut self, rect: Rect) {
        self.obstacles.push(rect);
    }

    /// Avoids a drawn line: small boxes every few pixels along it.
    pub(crate) fn avoid_polyline(&mut self, points: &[(f64, f64)], half: f64) {
        for pair in points.windows(2) {
            let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
            let length = ((x1 - x0).powi(2) + (y1 - y0).powi(2)).sqrt();
            let steps = ((length / 4.0).ceil() as usize).clamp(1, 2000);
            for i in 0..=steps {
                let t = i as f64 / steps as f64;
                self.avoid(Rect::around(
                    (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t),
                    half,
                    half,
                ));
            }
        }
    }

    /// The chosen centre for a label of `width` × `height`; it becomes an obstacle.
    pub(crate) fn place(
        &mut self,
        candidates: &[(f64, f64)],
        width: f64,
        height: f64,
    ) -> (f64, f64) {
        let mut best: Option<((f64, f64), f64)> = None;
        for &(x, y) in candidates {
            let mut rect = Rect::around((x, y), width / 2.0, height / 2.0);
            // Slide horizontally into the bounds rather than give the position up.
            if rect.x0 < self.bounds.x0 {
                rect = Rect::new(self.bounds.x0, rect.y0, self.bounds.x0 + width, rect.y1);
            } else if rect.x1 > self.bounds.x1 {
                rect = Rect::new(self.bounds.x1 - width, rect.y0, self.bounds.x1, rect.y1);
            }
            let cost: f64 = if rect.inside(&self.bounds) {
                self.obstacles.iter().map(|o| rect.overlap(o)).sum()
            } else {
                f64::INFINITY
            };
            let centre = ((rect.x0 + rect.x1) / 2.0, (rect.y0 + rect.y1) / 2.0);
            if cost == 0.0 {
                best = Some((centre, 0.0));
                break;
            }
            if best.is_none_or(|(_, c)| cost < c) {
                best = Some((centre, cost));
            }
        }
        let centre = best
            .map(|(c, _)| c)
            .unwrap_or_else(|| candidates.first().copied().unwrap_or((0.0, 0.0)));
        self.avoid(Rect::around(centre, width / 2.0, height / 2.0));
        centre
    }
}

// ---- the indicator chart -----------------------------------------------------------------------

/// Width and height of the indicator chart in pixels (the SVG has a matching viewBox and
/// scales to any size).
pub const INDICATOR_CHART_SIZE: (u32, u32) = (960, 560);

const LEFT: f64 = 84.0;
const RIGHT: f64 = 28.0;
const PLOT_TOP: f64 = 132.0;
const PLOT_BOTTOM_GAP: f64 = 112.0;

struct Frame {
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
    start: NaiveDate,
    days: f64,
    lo: f64,
    hi: f64,
}

impl Frame {
    fn x(&self, date: NaiveDate) -> f64 {
        self.x0 + (date - self.start).num_days() as f64 / self.days * (self.x1 - self.x0)
    }

    fn y(&self, value: f64) -> f64 {
        self.y1 - (value - self.lo) / (self.hi - self.lo) * (self.y1 - self.y0)
    }

    fn yd(&self, value: Decimal) -> f64 {
        self.y(value.to_f64().unwrap_or(0.0))
    }

    fn contains(&self, date: NaiveDate) -> bool {
        self.x(date) >= self.x0 - 0.5 && self.x(date) <= self.x1 + 0.5
    }
}

/// The dates the chart spans: three months before go-live to fifteen months after, widened
/// to show the last measurement, the last checkpoint (plus three months) and today.
fn time_span(
    indicator: &Indicator,
    go_live: NaiveDate,
    measurements: &[Observation],
    today: NaiveDate,
) -> (NaiveDate, NaiveDate) {
    let start = go_live
        .checked_sub_months(Months::new(3))
        .unwrap_or(go_live);
    let mut end = add_months_clamped(go_live, 15);
    if let Some(last) = indicator.final_target() {
        end = end.max(add_months_clamped(
            go_live,
            last.months_after_go_live.saturating_add(3),
        ));
    }
    if let Some(last) = measurements.last() {
        end = end.max(
            last.date
                .checked_add_days(chrono::Days::new(15))
                .unwrap_or(last.date),
        );
    }
    if today > go_live {
        end = end.max(
            today
                .checked_add_days(chrono::Days::new(15))
                .unwrap_or(today),
        );
    }
    let start = measurements.first().map_or(start, |first| {
        start.min(
            first
                .date
                .checked_sub_days(chrono::Days::new(15))
                .unwrap_or(first.date),
        )
    });
    (start, end)
}

/// The value at which achievement equals θ when the expected value is `expected`.
fn amber_level(indicator: &Indicator, expected: f64) -> f64 {
    let theta = indicator.amber_threshold.to_f64().unwrap_or(0.8);
    match (&indicator.baseline, indicator.direction) {
        (Some(b), _) => {
            let b = b.value.to_f64().unwrap_or(0.0);
            b + theta * (expected - b)
        }
        (None, Direction::HigherIsBetter) => theta * expected,
        (None, Direction::LowerIsBetter) if theta > 0.0 => expected / theta,
        (None, Direction::LowerIsBetter) => expected,
    }
}

/// The value axis: from the trajectory, its amber levels, the baseline and the measurements
/// shown, padded and widened to whole steps of about `ticks` ticks. Returns (lo, hi, step,
/// decimals of the labels).
fn value_range(
    indicator: &Indicator,
    traj: &[Observation],
    measurements: &[Observation],
    (start, end): (NaiveDate, NaiveDate),
    ticks: f64,
) -> (f64, f64, f64, u32) {
    let mut values: Vec<f64> = Vec::new();
    values.extend(traj.iter().filter_map(|p| p.value.to_f64()));
    values.extend(
        traj.iter()
            .filter_map(|p| p.value.to_f64())
            .map(|v| amber_level(indicator, v)),
    );
    if let Some(b) = &indicator.baseline {
        values.extend(b.value.to_f64());
    }
    values.extend(
        measurements
            .iter()
            .filter(|m| m.date >= start && m.date <= end)
            .filter_map(|m| m.value.to_f64()),
    );
    let (mut lo, mut hi) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    if !lo.is_finite() || !hi.is_finite() {
        (lo, hi) = (0.0, 1.0);
    }
    if (hi - lo).abs() < 1e-9 {
        let pad = if lo.abs() > 1e-9 { lo.abs() * 0.1 } else { 1.0 };
        lo -= pad;
        hi += pad;
    }
    let pad = (hi - lo) * 0.14;
    let (lo, hi) = (lo - pad, hi + pad);
    let step = nice_step(hi - lo, ticks);
    let lo = (lo / step).floor() * step;
    let hi = (hi / step).ceil() * step;
    (lo, hi, step, step_decimals(step))
}

/// The follow-up chart of one indicator as an SVG document: baseline (dotted), expected
/// trajectory (dashed), targets with labels, the amber band, measurements, go-live,
/// today and the status at each checkpoint in words. `today` is also the as-of date of
/// the statuses, which come from `followup`: the indicator's follow-up as of `today`,
/// evaluated once by the caller for everything a request shows. Never panics.
pub fn indicator_chart_svg(
    indicator: &Indicator,
    followup: &IndicatorFollowUp,
    go_live: NaiveDate,
    measurements: &[Observation],
    today: NaiveDate,
) -> String {
    let mut svg = String::new();
    {
        let canvas = Canvas::new(&mut svg, INDICATOR_CHART_SIZE);
        draw_indicator(&canvas, indicator, followup, go_live, measurements, today);
        canvas.present();
    }
    merge_polylines(&svg)
}

/// Merges runs of consecutive `<polyline>`s that plotters writes with the same opaque
/// stroke into one `<path>` with a subpath each. plotters draws a dashed line as one
/// polyline per dash, so a chart's trajectory and target lines were some 250 elements; the
/// picture is the same (butt caps per subpath, no overlap to blend at opacity 1), but every
/// consumer parses a fifth of the elements — the council pack places thousands of these
/// charts (`cargo xtask bench`, docs/prestanda.md).
pub(crate) fn merge_polylines(svg: &str) -> String {
    const HEAD: &str = "<polyline ";
    const POINTS: &str = " points=\"";
    /// The attributes before `points` and the points of a mergeable line.
    fn split(line: &str) -> Option<(&str, &str)> {
        let rest = line.strip_prefix(HEAD)?.strip_suffix("\"/>")?;
        let (attributes, points) = rest.split_once(POINTS)?;
        (attributes.contains("opacity=\"1\"")
            && attributes.contains("fill=\"none\"")
            && !points.contains('"'))
        .then_some((attributes, points))
    }
    let mut out = String::with_capacity(svg.len());
    let mut run: Option<(&str, String, usize)> = None; // attributes, path data, lines merged
    let flush = |run: &mut Option<(&str, String, usize)>, out: &mut String, last: &str| {
        if let Some((attributes, d, n)) = run.take() {
            if n == 1 {
                out.push_str(last);
            } else {
                out.push_str(&format!("<path {attributes} d=\"{}\"/>", d.trim_end()));
            }
            out.push('\n');
        }
    };
    let mut last_line = "";
    for line in svg.lines() {
        match split(line) {
            Some((attributes, points)) => {
                if run.as_ref().is_some_and(|(a, _, _)| *a != attributes) {
                    flush(&mut run, &mut out, last_line);
                }
                let entry = run.get_or_insert_with(|| (attributes, String::new(), 0));
                for (i, point) in points.split_whitespace().enumerate() {
                    entry.1.push_str(if i == 0 { "M" } else { "L" });
                    entry.1.push_str(point);
                    entry.1.push(' ');
                }
                entry.2 += 1;
                last_line = line;
            }
            None => {
                flush(&mut run, &mut out, last_line);
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    flush(&mut run, &mut out, last_line);
    out
}

fn draw_indicator(
    c: &Canvas<'_>,
    indicator: &Indicator,
    followup: &IndicatorFollowUp,
    go_live: NaiveDate,
    measurements: &[Observation],
    today: NaiveDate,
) {
    let (w, h) = (INDICATOR_CHART_SIZE.0 as f64, INDICATOR_CHART_SIZE.1 as f64);
    let unit = indicator.unit.trim();

    // Title and subtitle.
    let title = if indicator.code.trim().is_empty() {
        indicator.name.clone()
    } else {
        format!("{} ({})", indicator.name, indicator.code)
    };
    c.text(
        20.0,
        30.0,
        // Set in bold, which is wider than fit_text's estimate of the regular face.
        &fit_text(&title, 22.0 * BOLD_WIDTH, w - 40.0),
        22.0,
        HPos::Left,
        VPos::Center,
        INK,
        true,
    );
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
        56.0,
        &fit_text(&subtitle.join(" · "), 14.0, w - 40.0),
        14.0,
        HPos::Left,
        VPos::Center,
        GREY_TEXT,
        false,
    );

    // Value range.
    let (start, end) = time_span(indicator, go_live, measurements, today);
    let traj = trajectory(indicator, go_live);
    let (lo, hi, step, dp) = value_range(indicator, &traj, measurements, (start, end), 6.0);

    let frame = Frame {
        x0: LEFT,
        x1: w - RIGHT,
        y0: PLOT_TOP,
        y1: h - PLOT_BOTTOM_GAP,
        start,
        days: ((end - start).num_days().max(1)) as f64,
        lo,
        hi,
    };

    // Grid: months (faint) and value ticks.
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

    // Amber band between the amber level and the expected value, from the first corner of
    // the trajectory to the end of the chart.
    let corners = trajectory_corners(&traj, end);
    let amber_px = draw_amber_band(c, indicator, &frame, &corners);

    // Baseline, dotted across the chart (labelled last, where there is room).
    let baseline_y = indicator.baseline.as_ref().map(|b| frame.yd(b.value));
    if let Some(y) = baseline_y {
        c.dashed(
            &[(frame.x0, y), (frame.x1, y)],
            GREY_TEXT.to_rgba(),
            2,
            2,
            4,
        );
    }

    // Expected trajectory, dashed.
    let traj_px: Vec<(f64, f64)> = corners
        .iter()
        .map(|&(d, v)| (frame.x(d), frame.y(v)))
        .collect();
    if traj_px.len() >= 2 {
        c.dashed(&traj_px, INK.to_rgba(), 2, 9, 6);
    }

    let mut placer = Placer::new(Rect::new(
        frame.x0 + 2.0,
        frame.y0 + 2.0,
        frame.x1 - 2.0,
        frame.y1 - 2.0,
    ));
    placer.avoid_polyline(&traj_px, 2.0);
    placer.avoid_polyline(&amber_px, 1.0);

    // Go-live and today: both lines first, then their labels on white plates.
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
            "I dag",
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

    // Measurements: line and points; the ones used at a checkpoint get a ring.
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

    // Targets: black diamonds.
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
        markers.push((
            x,
            y,
            format!(
                "Mål {} mån: {}",
                cp.months_after_go_live,
                with_unit(cp.target, unit)
            ),
        ));
    }

    // Labels last, each where it hides nothing: targets first (better side preferred), then
    // the baseline, then the note about missing measurements.
    let better_up = indicator.direction == Direction::HigherIsBetter;
    for (x, y, label) in &markers {
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
    if let (Some(b), Some(y)) = (&indicator.baseline, baseline_y) {
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
    if measurements.is_empty() {
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

    // Plot frame.
    c.rect(
        (frame.x0, frame.y0),
        (frame.x1, frame.y1),
        GREY_TEXT.to_rgba(),
        false,
        1,
    );

    // Status at each checkpoint, in a strip above the plot, in words with symbol.
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
        let cy = 88.0 + row as f64 * 26.0;
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

    // Legend.
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

#[derive(Clone, Copy)]
enum LegendGlyph {
    Measurement,
    Trajectory,
    Target,
    Band,
    Baseline,
    GoLive,
    Today,
}

fn draw_glyph(c: &Canvas<'_>, glyph: LegendGlyph, x: f64, y: f64) {
    match glyph {
        LegendGlyph::Measurement => {
            c.line(&[(x, y), (x + 26.0, y)], BLUE.to_rgba(), 2);
            c.circle((x + 13.0, y), 5, BLUE.to_rgba(), true, 1);
        }
        LegendGlyph::Trajectory => c.dashed(&[(x, y), (x + 26.0, y)], INK.to_rgba(), 2, 9, 6),
        LegendGlyph::Target => {
            let cx = x + 13.0;
            c.polygon(
                &[(cx, y - 7.0), (cx + 7.0, y), (cx, y + 7.0), (cx - 7.0, y)],
                INK.to_rgba(),
            );
        }
        LegendGlyph::Band => {
            c.rect((x, y - 8.0), (x + 26.0, y + 8.0), ORANGE.mix(0.28), true, 0);
            c.line(&[(x, y + 8.0), (x + 26.0, y + 8.0)], ORANGE.mix(0.9), 1);
        }
        LegendGlyph::Baseline => c.dashed(&[(x, y), (x + 26.0, y)], GREY_TEXT.to_rgba(), 2, 2, 4),
        LegendGlyph::GoLive => c.line(
            &[(x + 13.0, y - 9.0), (x + 13.0, y + 9.0)],
            GREEN.to_rgba(),
            2,
        ),
        LegendGlyph::Today => c.dashed(
            &[(x + 13.0, y - 9.0), (x + 13.0, y + 9.0)],
            PURPLE.to_rgba(),
            2,
            5,
            4,
        ),
    }
}

// ---- the compact indicator chart (small multiples in the council pack) ------------------------

/// Pixels per point of the compact chart: its SVG is drawn at 2 px per pt of the printed
/// size, so a 2 px line prints 1 pt wide.
pub const COMPACT_PX_PER_PT: f64 = 2.0;

/// Height in points of the compact chart's plot.
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
    /// The plot: `plot_width` × [`COMPACT_PLOT_HEIGHT`] points at [`COMPACT_PX_PER_PT`].
    pub svg: String,
    /// Width in points of the value labels' column, left of the plot.
    pub label_width: f64,
    /// Width in points of the plot.
    pub plot_width: f64,
    /// Value labels: distance in points from the plot's top, text.
    pub y_labels: Vec<(f64, String)>,
    /// Month labels: distance in points from the plot's left edge, text.
    pub x_labels: Vec<(f64, String)>,
}

/// The follow-up chart of one indicator in the compact form of the council pack's small
/// multiples, `width` points wide in all: the same picture as [`indicator_chart_svg`] —
/// measurements, expected trajectory (dashed), amber band, baseline (dotted), targets
/// (diamonds), go-live (solid green) and the report date (dashed purple) — with the axis
/// labels apart (see [`CompactChart`]). The title, the statuses in words, the targets'
/// values and the legend are the report's, set once beside the charts. Never panics.
pub fn indicator_chart_compact(
    indicator: &Indicator,
    followup: &IndicatorFollowUp,
    go_live: NaiveDate,
    measurements: &[Observation],
    today: NaiveDate,
    width: f64,
) -> CompactChart {
    let (start, end) = time_span(indicator, go_live, measurements, today);
    let traj = trajectory(indicator, go_live);
    let (lo, hi, step, dp) = value_range(indicator, &traj, measurements, (start, end), 3.0);

    let ticks: Vec<(f64, String)> = (0..=20)
        .map(|i| lo + step * i as f64)
        .take_while(|tick| *tick <= hi + step * 0.01)
        .map(|tick| (tick, format::number(f64_to_decimal(tick, dp), dp)))
        .collect();
    let widest = ticks
        .iter()
        .map(|(_, label)| text_width(label, COMPACT_LABEL_PT))
        .fold(0.0, f64::max);
    let label_width = (widest + 3.0).clamp(12.0, 48.0).ceil();
    let plot_width = (width - label_width).max(40.0).floor();
    let px = COMPACT_PX_PER_PT;
    let size = ((plot_width * px) as u32, (COMPACT_PLOT_HEIGHT * px) as u32);
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
        y_labels,
        x_labels,
    }
}

/// The corners of the expected trajectory, carried level to `end` after the last target.
fn trajectory_corners(traj: &[Observation], end: NaiveDate) -> Vec<(NaiveDate, f64)> {
    let mut corners: Vec<(NaiveDate, f64)> = traj
        .iter()
        .filter_map(|p| p.value.to_f64().map(|v| (p.date, v)))
        .collect();
    if let Some(&(last_date, last_value)) = corners.last() {
        if last_date < end {
            corners.push((end, last_value));
        }
    }
    corners
}

/// The amber band between the amber level and the expected value along `corners`, and its
/// lower edge; returns that edge in pixels (empty with fewer than two corners). Shared by the
/// full and the compact chart.
fn draw_amber_band(
    c: &Canvas<'_>,
    indicator: &Indicator,
    frame: &Frame,
    corners: &[(NaiveDate, f64)],
) -> Vec<(f64, f64)> {
    if corners.len() < 2 {
        return Vec::new();
    }
    let amber_line: Vec<(f64, f64)> = corners
        .iter()
        .map(|&(d, v)| (frame.x(d), frame.y(amber_level(indicator, v))))
        .collect();
    let mut band: Vec<(f64, f64)> = corners.iter().map(|&(d, v)| (frame.x(d), frame.y(v))).collect();
    band.extend(amber_line.iter().rev().copied());
    c.polygon(&band, ORANGE.mix(0.28));
    c.line(&amber_line, ORANGE.mix(0.9), 1);
    amber_line
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
    if let Some(b) = &indicator.baseline {
        let y = frame.yd(b.value);
        c.dashed(
            &[(frame.x0, y), (frame.x1, y)],
            GREY_TEXT.to_rgba(),
            2,
            2,
            4,
        );
    }
    let traj_px: Vec<(f64, f64)> = corners
        .iter()
        .map(|&(d, v)| (frame.x(d), frame.y(v)))
        .collect();
    if traj_px.len() >= 2 {
        c.dashed(&traj_px, INK.to_rgba(), 2, 8, 5);
    }
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
        let advance = 32.0 + super::pdf::text_width(label, LABEL) + 16.0;
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

// ---- the text alternative ----------------------------------------------------------------------

/// A Swedish text alternative to [`indicator_chart_svg`] for screen readers: what the chart
/// shows, in sentences, from the same `followup` as of the same date.
pub fn indicator_chart_text(
    indicator: &Indicator,
    f: &IndicatorFollowUp,
    go_live: NaiveDate,
    measurements: &[Observation],
    today: NaiveDate,
) -> String {
    let unit = indicator.unit.trim();
    let mut out: Vec<String> = Vec::new();
    out.push(format!(
        "Diagram över indikatorn {} ({}). {}.",
        indicator.name,
        indicator.code,
        indicator.direction.label()
    ));
    match &indicator.baseline {
        Some(b) => out.push(format!(
            "Baslinje {} uppmätt {}.",
            with_unit(b.value, unit),
            format::date(b.date)
        )),
        None => out.push("Baslinje saknas.".to_string()),
    }
    out.push(format!("Driftsättning {}.", format::date(go_live)));
    for cp in &f.checkpoints {
        let mut s = format!(
            "Mål efter {} månader ({}): {}.",
            cp.months_after_go_live,
            format::date(cp.date),
            with_unit(cp.target, unit)
        );
        match (cp.measurement, cp.achievement) {
            (Some(m), Some(a)) => s.push_str(&format!(
                " Mätvärde {} den {}, måluppfyllelse {}.",
                with_unit(m.value, unit),
                format::date(m.date),
                format::percent(a, 0)
            )),
            _ if cp.status == Status::Saknas => {
                s.push_str(" Ingen mätning inom 45 dagar från kontrollpunkten.")
            }
            _ => s.push_str(" Ingen mätning ännu."),
        }
        s.push_str(&format!(" Status: {}.", cp.status.label()));
        out.push(s);
    }
    if let Some(cur) = &f.current {
        let mut s = format!(
            "Senaste mätning {}: {}.",
            format::date(cur.measurement.date),
            with_unit(cur.measurement.value, unit)
        );
        if let Some(e) = cur.expected {
            s.push_str(&format!(
                " Förväntat enligt planen: {}, det vill säga {} mot förväntat.",
                with_unit(format::round(e, 2), unit),
                cur.status.label().to_lowercase()
            ));
        }
        out.push(s);
    }
    let count = measurements.len();
    out.push(match count {
        0 => "Inga mätningar är registrerade.".to_string(),
        1 => "En mätning visas.".to_string(),
        n => format!("{n} mätningar visas."),
    });
    out.push(format!(
        "Indikatorns status den {}: {}.",
        format::date(today),
        f.status.label()
    ));
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use crate::followup::evaluate_indicator;

    // The charts as a request makes them: the follow-up evaluated once, then drawn.
    fn svg_of(i: &Indicator, g: NaiveDate, m: &[Observation], t: NaiveDate) -> String {
        indicator_chart_svg(i, &evaluate_indicator(i, Some(g), m, t), g, m, t)
    }

    fn compact_of(i: &Indicator, g: NaiveDate, m: &[Observation], t: NaiveDate, w: f64) -> CompactChart {
        indicator_chart_compact(i, &evaluate_indicator(i, Some(g), m, t), g, m, t, w)
    }

    fn text_of(i: &Indicator, g: NaiveDate, m: &[Observation], t: NaiveDate) -> String {
        indicator_chart_text(i, &evaluate_indicator(i, Some(g), m, t), g, m, t)
    }

    use super::*;
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
}
