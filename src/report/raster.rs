//! Charts as PNG pictures: the same SVG the window and the reports show, rasterised with
//! resvg. Text is set in the embedded DejaVu Sans (the `dejavu` crate, as in the PDF reports),
//! with the embedded Symbola for emoji and symbols DejaVu lacks (usvg falls back to any font
//! of its database that has the character); no system font, file or network is read: an `<image>` is never loaded, whether it names a
//! file or carries its data inline (the charts have none).

use std::sync::{Arc, OnceLock};

use resvg::tiny_skia;
use resvg::usvg::{self, fontdb};

use super::ReportError;

/// The largest picture made, in pixels per side; a larger scale is refused, not attempted.
pub const MAX_SIDE_PX: u32 = 8000;

const FAMILY: &str = "DejaVu Sans";

/// DejaVu Sans in four styles and the fallback Symbola, loaded once; `sans-serif` (the family
/// plotters writes) and the default family both resolve to DejaVu Sans.
fn fonts() -> Arc<fontdb::Database> {
    static FONTS: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = fontdb::Database::new();
            for data in [
                dejavu::sans::regular(),
                dejavu::sans::bold(),
                dejavu::sans::oblique(),
                dejavu::sans::bold_oblique(),
                super::pdf::SYMBOLA,
            ] {
                db.load_font_source(fontdb::Source::Binary(Arc::new(data)));
            }
            db.set_sans_serif_family(FAMILY);
            db.set_serif_family(FAMILY);
            db.set_monospace_family(FAMILY);
            db.set_cursive_family(FAMILY);
            db.set_fantasy_family(FAMILY);
            Arc::new(db)
        })
        .clone()
}

/// `svg` as a PNG file, `scale` times its own size (1.0 = one pixel per SVG unit), on a white
/// background. Fails with a Swedish sentence when the SVG cannot be read or the scale is
/// outside 0.1–8 or would make a picture larger than [`MAX_SIDE_PX`].
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>, ReportError> {
    if !scale.is_finite() || !(0.1..=8.0).contains(&scale) {
        return Err(ReportError::Picture(format!(
            "skalan {scale} ska vara mellan 0,1 och 8"
        )));
    }
    let options = usvg::Options {
        font_family: FAMILY.to_string(),
        fontdb: fonts(),
        // usvg's default reads the file an `<image href>` names (relative to the working
        // folder, or absolute) and decodes inline pictures; neither is wanted here.
        resources_dir: None,
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options)
        .map_err(|e| ReportError::Picture(format!("diagrammet kunde inte läsas ({e})")))?;
    let size = tree.size();
    let width = (size.width() * scale).ceil();
    let height = (size.height() * scale).ceil();
    if !(1.0..=MAX_SIDE_PX as f32).contains(&width) || !(1.0..=MAX_SIDE_PX as f32).contains(&height)
    {
        return Err(ReportError::Picture(format!(
            "bilden skulle bli {width} × {height} bildpunkter; högst {MAX_SIDE_PX} per sida går"
        )));
    }
    let mut pixmap = tiny_skia::Pixmap::new(width as u32, height as u32)
        .ok_or_else(|| ReportError::Picture("bilden kunde inte skapas".into()))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| ReportError::Picture(format!("PNG-filen kunde inte skapas ({e})")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calc::{self, Scenario};
    use crate::demo;
    use crate::store::prelude::*;

    fn png_size(png: &[u8]) -> (u32, u32) {
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
        let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
        (w, h)
    }

    fn demo_chart() -> String {
        let dir = tempfile::tempdir().unwrap();
        let register = demo::create(&dir.path().join("demo.nytta")).unwrap();
        let versions = register
            .initiative_summaries()
            .unwrap()
            .into_iter()
            .map(|i| register.calculation_versions(i.id).unwrap())
            .find(|v| !v.is_empty())
            .expect("a demo initiative has a calculation");
        let version = versions.last().unwrap();
        let factors = register.factors_for(version).unwrap();
        let result = calc::calculate(&version.calculation, &factors).unwrap();
        crate::report::calc_chart::calculation_chart_svg(
            result.scenario(Scenario::Likely),
            "Troligt scenario – åäö",
            800,
            450,
        )
    }

    #[test]
    fn a_chart_becomes_a_png_of_its_size_times_the_scale_with_text_drawn() {
        let svg = demo_chart();
        let png = svg_to_png(&svg, 2.0).unwrap();
        assert_eq!(png_size(&png), (1600, 900));

        // Not blank: a fair share of the pixels are not white, and some are dark (text, axes).
        let decoded = tiny_skia::Pixmap::decode_png(&png).unwrap();
        let pixels = decoded.pixels();
        let not_white = pixels
            .iter()
            .filter(|p| (p.red(), p.green(), p.blue()) != (255, 255, 255))
            .count();
        let dark = pixels
            .iter()
            .filter(|p| p.red() < 80 && p.green() < 80 && p.blue() < 80)
            .count();
        assert!(
            not_white > pixels.len() / 50,
            "{not_white} of {} pixels drawn",
            pixels.len()
        );
        assert!(dark > 500, "text and axes are drawn: {dark} dark pixels");
    }

    #[test]
    fn text_is_drawn_with_the_embedded_font() {
        let with_text = svg_to_png(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="5" y="30" font-family="sans-serif" font-size="24">Måluppfyllelse</text></svg>"#,
            1.0,
        )
        .unwrap();
        let decoded = tiny_skia::Pixmap::decode_png(&with_text).unwrap();
        let inked = decoded.pixels().iter().filter(|p| p.red() < 128).count();
        assert!(inked > 200, "the text was drawn: {inked} dark pixels");
    }

    /// An emoji DejaVu Sans lacks is drawn from the embedded fallback font, not left out.
    #[test]
    fn emoji_are_drawn_with_the_fallback_font() {
        let draw = |text: &str| {
            let svg = format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="60" height="60"><text x="5" y="45" font-family="sans-serif" font-size="40">{text}</text></svg>"#
            );
            svg_to_png(&svg, 1.0).unwrap()
        };
        let emoji = draw("🎉");
        let decoded = tiny_skia::Pixmap::decode_png(&emoji).unwrap();
        let inked = decoded.pixels().iter().filter(|p| p.red() < 128).count();
        assert!(inked > 100, "the emoji was drawn: {inked} dark pixels");
        // A private-use character no font has is DejaVu Sans's empty box; the emoji is not.
        assert!(emoji != draw("\u{E000}"), "the emoji was drawn as the empty box");
    }

    fn white(png: &[u8]) -> bool {
        let decoded = tiny_skia::Pixmap::decode_png(png).unwrap();
        decoded
            .pixels()
            .iter()
            .all(|p| (p.red(), p.green(), p.blue()) == (255, 255, 255))
    }

    /// No file named by an `<image>` is read, nor inline picture data decoded: a red picture
    /// on the disk, referred to by its path, leaves the PNG white; `/etc/passwd` is no error.
    #[test]
    fn images_are_never_loaded() {
        let red = svg_to_png(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><rect width="20" height="20" fill="red"/></svg>"#,
            1.0,
        )
        .unwrap();
        assert!(!white(&red), "the red square is drawn");
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("röd.png");
        std::fs::write(&file, &red).unwrap();
        use base64::Engine;
        let inline = format!(
            "data:image/png;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(&red)
        );
        for href in [file.to_str().unwrap(), "röd.png", "/etc/passwd", inline.as_str()] {
            let svg = format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="20" height="20"><image x="0" y="0" width="20" height="20" href="{href}" xlink:href="{href}"/></svg>"#
            );
            let png = svg_to_png(&svg, 1.0).unwrap_or_else(|e| panic!("{href}: {e}"));
            assert!(white(&png), "{href} was drawn");
        }
    }

    #[test]
    fn bad_input_gives_a_swedish_error() {
        let error = svg_to_png("inte svg", 1.0).unwrap_err().to_string();
        assert!(error.contains("kunde inte läsas"), "{error}");
        let error = svg_to_png(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>"#,
            0.0,
        )
        .unwrap_err();
        assert!(error.to_string().contains("skalan"), "{error}");
        let error = svg_to_png(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="5000" height="10"/>"#,
            4.0,
        )
        .unwrap_err();
        assert!(error.to_string().contains("högst"), "{error}");
    }
}
