//! The drawing kit the follow-up charts share: colours, text measuring and fitting, the
//! pixel canvas, label placement, axes (time span, value range, ticks, month labels), the
//! amber band and the legend's glyphs.

use chrono::{Datelike, Months, NaiveDate};
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::followup::{add_months_clamped, CheckpointResult, Observation, Status};
use crate::format;
use crate::model::plan::{Direction, Indicator};


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
            c if !c.is_ascii() && !crate::report::pdf::text_font_has(c) => crate::report::pdf::fallback_width(c).max(0.6),
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

/// `text` broken into lines of at most `max_width` px at `size` px: at spaces where it can,
/// inside a word (between characters, never inside a character cluster) only when the word
/// alone is wider than a line. Nothing is left out: a name is never cut short (issue 18).
pub(crate) fn wrap_text(text: &str, size: f64, max_width: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if text_width(&candidate, size) <= max_width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // A word wider than a line is broken where a character cluster begins.
        let mut rest = word;
        while text_width(rest, size) > max_width {
            let mut cut = 0;
            for (i, c) in rest.char_indices().skip(1) {
                if text_width(&rest[..i], size) > max_width {
                    break;
                }
                if !crate::report::breaks::extends_cluster(c) && !rest[..i].ends_with('\u{200D}') {
                    cut = i;
                }
            }
            if cut == 0 {
                // Not even one cluster fits: the first cluster on a line of its own.
                cut = rest
                    .char_indices()
                    .skip(1)
                    .find(|&(i, c)| !crate::report::breaks::extends_cluster(c) && !rest[..i].ends_with('\u{200D}'))
                    .map_or(rest.len(), |(i, _)| i);
            }
            lines.push(rest[..cut].to_string());
            rest = &rest[cut..];
        }
        line = rest.to_string();
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
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

pub(super) const MONTHS_SV: [&str; 12] = [
    "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];

/// Axis label of a month: `jan 2026`.
pub(super) fn month_label(date: NaiveDate) -> String {
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

// ---- axes, the amber band and the legend's glyphs ----------------------------------------------

/// The plot's rectangle in pixels and the dates and values it spans.
pub(super) struct Frame {
    pub(super) x0: f64,
    pub(super) x1: f64,
    pub(super) y0: f64,
    pub(super) y1: f64,
    pub(super) start: NaiveDate,
    pub(super) days: f64,
    pub(super) lo: f64,
    pub(super) hi: f64,
}

impl Frame {
    pub(super) fn x(&self, date: NaiveDate) -> f64 {
        self.x0 + (date - self.start).num_days() as f64 / self.days * (self.x1 - self.x0)
    }

    pub(super) fn y(&self, value: f64) -> f64 {
        self.y1 - (value - self.lo) / (self.hi - self.lo) * (self.y1 - self.y0)
    }

    pub(super) fn yd(&self, value: Decimal) -> f64 {
        self.y(value.to_f64().unwrap_or(0.0))
    }

    pub(super) fn contains(&self, date: NaiveDate) -> bool {
        self.x(date) >= self.x0 - 0.5 && self.x(date) <= self.x1 + 0.5
    }
}

/// The dates every chart of one initiative spans (issue 18: one time axis, so that its
/// charts can be compared one above the other): the union of each indicator's own
/// [`time_span`]. `items` are the indicators with the measurements their charts show; `None`
/// without any.
pub fn shared_time_span<'a>(
    items: impl IntoIterator<Item = (&'a Indicator, &'a [Observation])>,
    go_live: NaiveDate,
    today: NaiveDate,
) -> Option<(NaiveDate, NaiveDate)> {
    items
        .into_iter()
        .map(|(indicator, measurements)| time_span(indicator, go_live, measurements, today))
        .reduce(|(start, end), (s, e)| (start.min(s), end.max(e)))
}

/// A checkpoint's label in a chart or under it, saying which figure is the target and which
/// the measurement (issue 18): `6 mån: mål 6 dagar · mätt 5,5 dagar`; a checkpoint passed
/// without a measurement `6 mån: mål 6 dagar · ej mätt`, one still to come `12 mån: mål 5 dagar`.
pub(crate) fn checkpoint_label(cp: &CheckpointResult, unit: &str, as_of: NaiveDate) -> String {
    let head = format!("{}{}mån: mål {}", cp.months_after_go_live, format::NBSP, with_unit(cp.target, unit));
    match cp.measurement {
        Some(m) => format!("{head} · mätt {}", with_unit(m.value, unit)),
        None if cp.date < as_of => format!("{head} · ej mätt"),
        None => head,
    }
}

/// The dates the chart spans: three months before go-live to fifteen months after, widened
/// to show the last measurement, the last checkpoint (plus three months) and today.
pub(super) fn time_span(
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
pub(super) fn amber_level(indicator: &Indicator, expected: f64) -> f64 {
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
pub(super) fn value_range(
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

/// The corners of the expected trajectory, carried level to `end` after the last target.
pub(super) fn trajectory_corners(traj: &[Observation], end: NaiveDate) -> Vec<(NaiveDate, f64)> {
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
pub(super) fn draw_amber_band(
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

/// The baseline, dotted across the plot, and the expected trajectory along `corners`,
/// dashed (`dash` and `gap` in pixels: the compact chart uses shorter ones); returns the
/// baseline's height and the trajectory in pixels. Shared by the full and the compact chart.
pub(super) fn draw_baseline_and_trajectory(
    c: &Canvas<'_>,
    indicator: &Indicator,
    frame: &Frame,
    corners: &[(NaiveDate, f64)],
    (dash, gap): (i32, i32),
) -> (Option<f64>, Vec<(f64, f64)>) {
    let baseline_y = indicator.baseline.as_ref().map(|b| frame.yd(b.value));
    if let Some(y) = baseline_y {
        c.dashed(&[(frame.x0, y), (frame.x1, y)], GREY_TEXT.to_rgba(), 2, 2, 4);
    }
    let trajectory: Vec<(f64, f64)> = corners.iter().map(|&(d, v)| (frame.x(d), frame.y(v))).collect();
    if trajectory.len() >= 2 {
        c.dashed(&trajectory, INK.to_rgba(), 2, dash, gap);
    }
    (baseline_y, trajectory)
}

/// A legend entry's picture, drawn as the chart draws that line or mark.
#[derive(Clone, Copy)]
pub(super) enum LegendGlyph {
    Measurement,
    Trajectory,
    Target,
    Band,
    Baseline,
    GoLive,
    Today,
}

pub(super) fn draw_glyph(c: &Canvas<'_>, glyph: LegendGlyph, x: f64, y: f64) {
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
