//! The calculation chart: benefits and costs per year as side-by-side bars, the cumulative
//! discounted net as a line with points, and the break-even year marked. Drawn once with
//! plotters to SVG; the window, the PDF and the exports show the same picture.
//!
//! Okabe–Ito colours (safe for colour-blind readers): benefits #0072B2, costs #D55E00, net
//! line black. Bars and line also differ in shape, so the chart reads in black-and-white print.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::Decimal;

use crate::calc::ScenarioResult;
use crate::format;

const BENEFIT: RGBColor = RGBColor(0x00, 0x72, 0xB2);
const COST: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
const NET: RGBColor = RGBColor(0x00, 0x00, 0x00);
const MARKER: RGBColor = RGBColor(0x44, 0x44, 0x44);
const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
const TEXT: RGBColor = RGBColor(0x22, 0x22, 0x22);
const FONT: &str = "sans-serif";

/// The chart of one scenario as an SVG document of `width` × `height` pixels, with `title`
/// on top. Amounts in tkr with Swedish formatting. Carries `role="img"`, an `aria-label` and a
/// `<title>` with [`text_alternative`]. Never panics; should drawing fail, a minimal SVG with
/// the text alternative is returned.
pub fn calculation_chart_svg(
    result: &ScenarioResult,
    title: &str,
    width: u32,
    height: u32,
) -> String {
    let width = width.clamp(320, 4000);
    let height = height.clamp(240, 3000);
    let mut svg = String::new();
    let drawn = draw(&mut svg, result, title, width, height);
    let alt = escape(&text_alternative(result));
    if drawn.is_err() || !svg.starts_with("<svg") {
        return format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
             role=\"img\" aria-label=\"{alt}\"><title>{alt}</title>\
             <text x=\"10\" y=\"24\" font-family=\"sans-serif\">{alt}</text></svg>"
        );
    }
    // Accessible name for screen readers, on the root element.
    let Some(end) = svg.find('>') else {
        return svg;
    };
    let mut out = String::with_capacity(svg.len() + 2 * alt.len() + 64);
    out.push_str("<svg role=\"img\" aria-label=\"");
    out.push_str(&alt);
    out.push('"');
    out.push_str(&svg[4..end]);
    out.push_str("><title>");
    out.push_str(&alt);
    out.push_str("</title>");
    out.push_str(&svg[end + 1..]);
    out
}

/// A Swedish sentence or two summarising the chart for screen readers and as a caption.
pub fn text_alternative(result: &ScenarioResult) -> String {
    let (first, last) = match (result.years.first(), result.years.last()) {
        (Some(f), Some(l)) => (f.year, l.year),
        _ => return "Diagrammet saknar år att visa.".to_string(),
    };
    let mut text = format!(
        "Nyttokalkyl, {} scenario, {first}–{last}: nuvärde av nyttor {}, nuvärde av kostnader {}, \
         nettonuvärde {}.",
        result.scenario.label().to_lowercase(),
        format::tkr(result.pv_benefits),
        format::tkr(result.pv_costs),
        format::tkr(result.npv),
    );
    text.push(' ');
    text.push_str(&match result.break_even_year {
        Some(year) => format!(
            "Ackumulerat diskonterat netto blir positivt {year}, insatsen är återbetald det året."
        ),
        None => "Insatsen är inte återbetald inom kalkylperioden.".to_string(),
    });
    text
}

fn tkr(value: Decimal) -> f64 {
    (value / Decimal::from(1000)).to_f64().unwrap_or(0.0)
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Decimals for y-axis labels so that neighbouring ticks never print the same number.
fn label_decimals(span_tkr: f64) -> u32 {
    if span_tkr >= 20.0 {
        0
    } else if span_tkr >= 2.0 {
        1
    } else {
        2
    }
}

type DrawResult = Result<(), Box<dyn std::error::Error>>;

fn draw(
    svg: &mut String,
    result: &ScenarioResult,
    title: &str,
    width: u32,
    height: u32,
) -> DrawResult {
    let root = SVGBackend::with_string(svg, (width, height)).into_drawing_area();
    root.fill(&WHITE)?;
    let scale = f64::from(height.min(width / 2)) / 420.0;
    let px = |v: f64| (v * scale.max(0.6)).round();
    let title_font = (FONT, px(22.0))
        .into_font()
        .style(FontStyle::Bold)
        .color(&TEXT);
    let small_font = (FONT, px(16.0)).into_font().color(&TEXT);
    let label_font = (FONT, px(16.0)).into_font().color(&TEXT);

    let header_h = px(70.0) as u32;
    let (header, body) = root.split_vertically(header_h);
    let left = px(14.0) as i32;
    header.draw(&Text::new(
        title.to_string(),
        (left, px(8.0) as i32),
        title_font,
    ))?;

    // Legend: swatch + text, left to right.
    let legend_y = px(46.0) as i32;
    let sw = px(12.0) as i32;
    let mut x = left;
    let entries: [(&str, u8); 3] = [
        ("Nytta", 0),
        ("Kostnad", 1),
        ("Ackumulerat diskonterat netto", 2),
    ];
    for (text, kind) in entries {
        match kind {
            0 | 1 => {
                let colour = if kind == 0 { BENEFIT } else { COST };
                header.draw(&Rectangle::new(
                    [(x, legend_y - sw / 2), (x + sw, legend_y + sw / 2)],
                    colour.filled(),
                ))?;
                x += sw + px(6.0) as i32;
            }
            _ => {
                let len = px(26.0) as i32;
                header.draw(&PathElement::new(
                    vec![(x, legend_y), (x + len, legend_y)],
                    NET.stroke_width(2),
                ))?;
                header.draw(&Circle::new(
                    (x + len / 2, legend_y),
                    px(4.0) as i32,
                    NET.filled(),
                ))?;
                x += len + px(6.0) as i32;
            }
        }
        header.draw(&Text::new(
            text.to_string(),
            (x, legend_y),
            small_font.clone().pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        let text_w = header
            .estimate_text_size(text, &small_font)
            .map(|(w, _)| w as i32)
            .unwrap_or(120);
        x += text_w + px(22.0) as i32;
    }

    let years = &result.years;
    let (Some(first), Some(last)) = (years.first(), years.last()) else {
        root.present()?;
        return Ok(());
    };
    let (x0, x1) = (f64::from(first.year) - 0.5, f64::from(last.year) + 0.5);
    let mut lo = 0.0f64;
    let mut hi = 0.0f64;
    for y in years {
        for v in [
            tkr(y.benefits),
            tkr(y.costs),
            tkr(y.cumulative_discounted_net),
        ] {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    if hi - lo < 1e-9 {
        hi = 1.0;
    }
    let pad = (hi - lo) * 0.08;
    let (y0, y1) = (if lo < 0.0 { lo - pad } else { 0.0 }, hi + pad * 2.0);
    let dp = label_decimals(y1 - y0);

    let n_years = years.len();
    let plot_w = f64::from(width) - px(100.0);
    let max_labels = ((plot_w / px(56.0)).floor() as usize).max(2);
    let x_label_count = n_years.min(max_labels);

    let mut chart = ChartBuilder::on(&body)
        .margin_left(px(8.0) as u32)
        .margin_right(px(24.0) as u32)
        .margin_top(px(6.0) as u32)
        .margin_bottom(px(8.0) as u32)
        .x_label_area_size(px(34.0) as u32)
        .y_label_area_size(px(84.0) as u32)
        .build_cartesian_2d(x0..x1, y0..y1)?;

    let y_fmt = |v: &f64| format::number(Decimal::from_f64(*v).unwrap_or_default(), dp);
    let x_fmt = |v: &f64| {
        if (v - v.round()).abs() < 1e-6 {
            format!("{:.0}", v)
        } else {
            String::new()
        }
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(x_label_count)
        .x_label_formatter(&x_fmt)
        .y_labels(8)
        .y_label_formatter(&y_fmt)
        .y_desc("tkr")
        .axis_desc_style(label_font.clone())
        .label_style(label_font.clone())
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(MARKER.stroke_width(1))
        .draw()?;

    if y0 < 0.0 {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x0, 0.0), (x1, 0.0)],
            MARKER.stroke_width(1),
        )))?;
    }

    let (gap, bar) = (0.03, 0.34);
    chart.draw_series(years.iter().filter(|y| !y.benefits.is_zero()).map(|y| {
        let x = f64::from(y.year);
        Rectangle::new(
            [(x - gap - bar, 0.0), (x - gap, tkr(y.benefits))],
            BENEFIT.filled(),
        )
    }))?;
    chart.draw_series(years.iter().filter(|y| !y.costs.is_zero()).map(|y| {
        let x = f64::from(y.year);
        Rectangle::new(
            [(x + gap, 0.0), (x + gap + bar, tkr(y.costs))],
            COST.filled(),
        )
    }))?;

    let points: Vec<(f64, f64)> = years
        .iter()
        .map(|y| (f64::from(y.year), tkr(y.cumulative_discounted_net)))
        .collect();
    chart.draw_series(LineSeries::new(points.clone(), NET.stroke_width(2)))?;
    chart.draw_series(
        points
            .iter()
            .map(|p| Circle::new(*p, px(4.0) as i32, NET.filled())),
    )?;

    // Break-even: a dashed vertical line at the year, labelled at the top of the plot.
    let (label, anchor_x) = match result.break_even_year {
        Some(year) => {
            let x = f64::from(year);
            chart.draw_series(DashedLineSeries::new(
                vec![(x, y0), (x, y1)],
                px(6.0) as i32,
                px(4.0) as i32,
                MARKER.stroke_width(2),
            ))?;
            (format!("Återbetald {year}"), Some(x))
        }
        None => ("Ej återbetald inom kalkylperioden".to_string(), None),
    };
    let label_w = root
        .estimate_text_size(&label, &label_font)
        .map(|(w, _)| w as i32)
        .unwrap_or(200);
    let (plot_left, plot_right) = {
        let (l, _) = chart.backend_coord(&(x0, y1));
        let (r, _) = chart.backend_coord(&(x1, y1));
        (l, r)
    };
    let (_, top) = chart.backend_coord(&(x0, y1));
    let text_y = top + px(4.0) as i32;
    let (tx, hpos) = match anchor_x {
        Some(x) => {
            let (bx, _) = chart.backend_coord(&(x, y1));
            if bx + px(8.0) as i32 + label_w <= plot_right {
                (bx + px(6.0) as i32, HPos::Left)
            } else {
                (bx - px(6.0) as i32, HPos::Right)
            }
        }
        None => (plot_right - px(6.0) as i32, HPos::Right),
    };
    let tx = tx.max(plot_left);
    // White backing so the label stays readable over a bar.
    let x_left = match hpos {
        HPos::Right => tx - label_w,
        _ => tx,
    };
    root.draw(&Rectangle::new(
        [
            (x_left - 3, text_y - 2),
            (x_left + label_w + 3, text_y + px(18.0) as i32),
        ],
        WHITE.mix(0.85).filled(),
    ))?;
    root.draw(&Text::new(
        label,
        (tx, text_y),
        label_font.clone().pos(Pos::new(hpos, VPos::Top)),
    ))?;

    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calc::calculate;
    use crate::model::calculation::{
        default_factors, CalcLine, Calculation, Category, CostType, Estimate, LineKind, LineValue,
        Perspective, Timing,
    };
    use rust_decimal_macros::dec;

    fn sample_lines(invest: Decimal, licence: Decimal, benefit: Decimal) -> Vec<CalcLine> {
        let line = |key: &str, kind, amount: Estimate, timing| CalcLine {
            key: key.into(),
            kind,
            category: Category::Finansiell,
            perspective: Perspective::Organisation,
            cost_type: Some(CostType::Extern),
            description: key.into(),
            source: "x".into(),
            owner: "x".into(),
            value: LineValue::Amount { amount },
            timing,
        };
        let spread = |v: Decimal, low: Decimal, high: Decimal| Estimate::new(v * low, v, v * high);
        vec![
            line(
                "invest",
                LineKind::Kostnad,
                spread(invest, dec!(0.8), dec!(1.31)),
                Timing::OneOff { year: 0 },
            ),
            line(
                "licens",
                LineKind::Kostnad,
                Estimate::exact(licence),
                Timing::recurring_flat(1),
            ),
            line(
                "nytta",
                LineKind::Nytta,
                spread(benefit, dec!(0.6), dec!(1.24)),
                Timing::recurring(1),
            ),
        ]
    }

    /// Likely: invest 1 450 tkr, licence 50 tkr/year, benefit 815 tkr/year; pays back 2029.
    /// Pessimistic: not paid back.
    fn sample() -> crate::calc::CalculationResult {
        let mut c = Calculation::new(2026);
        c.lines = sample_lines(dec!(1450000), dec!(50000), dec!(814556));
        calculate(&c, &default_factors()).unwrap()
    }

    #[test]
    fn chart_is_svg_with_swedish_labels_and_accessible_name() {
        let r = sample();
        let svg = calculation_chart_svg(&r.likely, "Nyttokalkyl – <Trygghetslarm>", 900, 420);
        assert!(svg.starts_with("<svg role=\"img\" aria-label=\"Nyttokalkyl, troligt scenario"));
        assert!(svg.contains("<title>Nyttokalkyl, troligt scenario, 2026–2031"));
        assert!(svg.contains("Återbetald 2029"), "break-even label");
        assert!(svg.contains("&lt;Trygghetslarm&gt;"), "title is escaped");
        assert!(
            svg.contains(">\n2028\n<") || svg.contains(">2028<"),
            "calendar years on x axis"
        );
        assert!(svg.contains("#0072B2") && svg.contains("#D55E00"));
        assert!(svg.contains("tkr"));
        assert!(svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn chart_without_break_even_says_so() {
        let r = sample().pessimistic;
        assert_eq!(r.break_even_year, None);
        let svg = calculation_chart_svg(&r, "Test", 900, 420);
        assert!(svg.contains("Ej återbetald inom kalkylperioden"));
        assert!(text_alternative(&r).ends_with("Insatsen är inte återbetald inom kalkylperioden."));
    }

    #[test]
    fn text_alternative_summarises_in_swedish() {
        let r = sample();
        assert_eq!(
            text_alternative(&r.likely),
            "Nyttokalkyl, troligt scenario, 2026–2031: nuvärde av nyttor 3\u{a0}335\u{a0}tkr, \
             nuvärde av kostnader 1\u{a0}679\u{a0}tkr, nettonuvärde 1\u{a0}656\u{a0}tkr. \
             Ackumulerat diskonterat netto blir positivt 2029, insatsen är återbetald det året."
        );
    }

    #[test]
    fn empty_and_tiny_results_do_not_panic() {
        let r = calculate(&Calculation::new(2026), &[]).unwrap();
        let svg = calculation_chart_svg(&r.likely, "Tom", 10, 10);
        assert!(svg.contains("</svg>"));
        let mut none = r.likely.clone();
        none.years.clear();
        assert!(calculation_chart_svg(&none, "", 900, 420).contains("saknar år"));
    }

    /// Writes the sample chart to /tmp/calc_chart.svg for a visual check:
    /// `cargo test -p nytta --lib calc_chart -- --ignored`.
    #[test]
    #[ignore]
    fn write_sample_chart() {
        let r = sample();
        for (name, s) in [
            ("calc_chart", &r.likely),
            ("calc_chart_pess", &r.pessimistic),
        ] {
            let svg =
                calculation_chart_svg(s, "Nyttokalkyl – Trygghetslarm, troligt scenario", 900, 420);
            std::fs::write(format!("/tmp/{name}.svg"), svg).unwrap();
        }
        // A long horizon with small amounts and a late break-even.
        let mut c = Calculation::new(2026);
        c.settings.horizon_years = 25;
        c.lines = sample_lines(dec!(9000), dec!(300), dec!(880));
        let r = calculate(&c, &default_factors()).unwrap();
        let svg = calculation_chart_svg(&r.likely, "Nyttokalkyl – 25 år, små belopp", 600, 300);
        std::fs::write("/tmp/calc_chart_long.svg", svg).unwrap();
    }
}
