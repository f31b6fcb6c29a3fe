//! The follow-up chart of one indicator (SVG) and its Swedish text alternative. The same
//! SVG is shown in the window, placed in the PDF and exported (design §2).
//!
//! Drawn with plotters' SVG backend in pixel coordinates, so every label is placed on
//! purpose: no overlapping, nothing clipped. Colours are Okabe–Ito (safe for colour-blind
//! readers) and every status is also written in words with a symbol.
//!
//! `kit` is the drawing kit (colours, text measuring and fitting, canvas, label placement,
//! axes, the amber band, legend glyphs); `full` draws the full chart and `compact` the
//! council pack's small multiples on the kit's layers; `text` is the text alternative.

mod compact;
mod full;
mod kit;
mod text;

pub use compact::{
    compact_label_width, compact_legend_svg, indicator_chart_compact, CompactChart, CompactFrame, COMPACT_LABEL_PT,
    COMPACT_LEGEND_WIDTH, COMPACT_PLOT_HEIGHT, COMPACT_PX_PER_PT,
};
pub use full::{indicator_chart_svg, indicator_chart_svg_spanning, INDICATOR_CHART_SIZE};
pub use kit::shared_time_span;
pub(crate) use kit::{checkpoint_label, status_colour, text_width, with_unit, wrap_text, Canvas, BLUE, GREY_TEXT, INK};
pub use text::indicator_chart_text;

#[cfg(test)]
mod tests;
