//! Pages of a report PDF as PNG pictures, for the preview in the window. The PDF is read and
//! drawn with hayro (pure Rust, no external program); the fonts are the ones embedded in the
//! file.

use std::sync::Arc;

use hayro::{InterpreterSettings, Pdf, RenderSettings};

use super::ReportError;

/// The widest page picture made, in pixels.
pub const MAX_WIDTH_PX: u32 = 4000;

fn open(pdf: &[u8]) -> Result<Pdf, ReportError> {
    let data: Arc<dyn AsRef<[u8]> + Send + Sync> = Arc::new(pdf.to_vec());
    Pdf::new(data)
        .map_err(|_| ReportError::Picture("PDF-filen kunde inte läsas för förhandsvisningen".into()))
}

/// How many pages the PDF has.
pub fn page_count(pdf: &[u8]) -> Result<usize, ReportError> {
    Ok(open(pdf)?.pages().len())
}

/// Page `index` (from 0) as a PNG file `width_px` pixels wide, its height following the
/// page's proportions, on white.
pub fn page_png(pdf: &[u8], index: usize, width_px: u32) -> Result<Vec<u8>, ReportError> {
    if !(16..=MAX_WIDTH_PX).contains(&width_px) {
        return Err(ReportError::Picture(format!(
            "bredden {width_px} bildpunkter ska vara mellan 16 och {MAX_WIDTH_PX}"
        )));
    }
    let document = open(pdf)?;
    let pages = document.pages();
    let page = pages.get(index).ok_or_else(|| {
        ReportError::Picture(format!(
            "rapporten har ingen sida {} (den har {} sidor)",
            index + 1,
            pages.len()
        ))
    })?;
    let (width, height) = page.render_dimensions();
    if !(width > 0.0 && height > 0.0) {
        return Err(ReportError::Picture(format!(
            "sida {} saknar storlek",
            index + 1
        )));
    }
    let scale = width_px as f32 / width;
    let height_px = (height * scale).round();
    if height_px < 1.0 || height_px > u16::MAX as f32 {
        return Err(ReportError::Picture(format!(
            "sida {} har orimliga mått",
            index + 1
        )));
    }
    let settings = RenderSettings {
        x_scale: scale,
        y_scale: scale,
        width: Some(width_px as u16),
        height: Some(height_px as u16),
    };
    let pixmap = hayro::render(page, &InterpreterSettings::default(), &settings);
    Ok(pixmap.take_png())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo;

    fn png_size(png: &[u8]) -> (u32, u32) {
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
        let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
        (w, h)
    }

    #[test]
    fn pages_of_the_demo_council_pack_become_a4_shaped_pngs() {
        let dir = tempfile::tempdir().unwrap();
        let register = demo::create(&dir.path().join("demo.nytta")).unwrap();
        let pdf = crate::app::reports::council_pack(&register, demo::demo_date(), None).unwrap();

        let pages = page_count(&pdf).unwrap();
        assert!(
            pages > 3,
            "the pack has a cover, an overview and more: {pages} pages"
        );

        for index in [0, pages - 1] {
            let png = page_png(&pdf, index, 595).unwrap();
            let (w, h) = png_size(&png);
            assert_eq!(w, 595);
            assert!((840..=843).contains(&h), "A4 proportions: {w} × {h}");
            // Something is drawn on the white page.
            let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).unwrap();
            let inked = pixmap.pixels().iter().filter(|p| p.red() < 128).count();
            assert!(inked > 1000, "page {index} has text: {inked} dark pixels");
        }

        let error = page_png(&pdf, pages, 595).unwrap_err().to_string();
        assert!(
            error.contains(&format!("ingen sida {}", pages + 1)),
            "{error}"
        );
        assert!(page_png(&pdf, 0, 0).is_err());
        assert!(page_png(&pdf, 0, MAX_WIDTH_PX + 1).is_err());
    }

    #[test]
    fn something_that_is_not_a_pdf_is_refused_in_swedish() {
        let error = page_count(b"inte en pdf").unwrap_err().to_string();
        assert!(error.contains("kunde inte läsas"), "{error}");
        assert!(page_png(b"", 0, 100).is_err());
    }
}
