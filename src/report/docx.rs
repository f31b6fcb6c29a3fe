//! Word documents (.docx, WordprocessingML) written directly with the zip crate: the annual
//! analysis is sent on as a Word document, as the city's template is one (seed 003).
//!
//! **Why no docx crate** (ARCHITECTURE.md): the template's tables run over pages, so their
//! header rows must repeat (`w:tblHeader`), which the one maintained writer crate (docx-rs)
//! does not offer; it would also bring a third generation of the zip crate and a fourth of
//! quick-xml. The part of WordprocessingML needed here — headings with the built-in heading
//! styles, paragraphs, tables with a header row, a footer with page numbers — is small and
//! fixed, and writing it here keeps the output the same bytes for the same document.
//!
//! **Headings** use the built-in styles `Heading1`–`Heading3` (named "heading 1" …, which
//! Word shows as Rubrik 1 … in Swedish) with outline levels, so Word's navigation pane and
//! table of contents see the structure. User text is escaped, never markup.

use std::io::Write;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::annual::{self, AnnualAnalysis, Block, ANALYSIS_HEADING, NO_ANALYSIS};
use super::ReportError;

/// Text width of an A4 page with 2 cm margins, in twentieths of a point.
const TEXT_WIDTH: u32 = 11906 - 2 * 1134;

/// The header rows' fill, as in the PDF reports.
const HEADER_FILL: &str = "E8EEF4";

/// A Word document being written: its body's XML.
#[derive(Debug, Default)]
pub struct Document {
    body: String,
}

/// A table column: its header and relative width, right-aligned when numeric.
#[derive(Debug, Clone)]
pub struct Column<'a> {
    pub header: &'a str,
    pub width: u32,
    pub numeric: bool,
}

impl Document {
    pub fn new() -> Self {
        Document::default()
    }

    /// A heading with the built-in style Heading1–Heading3 (level 1 starts a new page).
    pub fn heading(&mut self, level: u8, text: &str) {
        let level = level.clamp(1, 3);
        self.paragraph_styled(&format!("Heading{level}"), text, false);
    }

    /// The document's title (built-in style Title).
    pub fn title(&mut self, text: &str) {
        self.paragraph_styled("Title", text, false);
    }

    /// A paragraph of body text; "\n" breaks a line.
    pub fn paragraph(&mut self, text: &str) {
        self.paragraph_styled("Normal", text, false);
    }

    /// A note in grey (style Anteckning).
    pub fn note(&mut self, text: &str) {
        self.paragraph_styled("Note", text, false);
    }

    /// A paragraph in bold.
    pub fn strong(&mut self, text: &str) {
        self.paragraph_styled("Normal", text, true);
    }

    /// A page break.
    pub fn page_break(&mut self) {
        self.body.push_str(r#"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"#);
    }

    fn paragraph_styled(&mut self, style: &str, text: &str, bold: bool) {
        self.body.push_str(&format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>"#));
        self.body.push_str(&runs(text, bold));
        self.body.push_str("</w:p>");
    }

    /// A table whose first row, `columns`' headers, repeats on every page it runs over.
    /// `rows[i].1` sets a row in bold (a sum).
    pub fn table(&mut self, columns: &[Column<'_>], rows: &[(Vec<String>, bool)]) {
        let widths = widths(columns.iter().map(|c| c.width));
        self.table_start(&widths);
        self.body.push_str(r#"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"#);
        for (c, w) in columns.iter().zip(&widths) {
            self.cell(*w, c.header, true, c.numeric, Some(HEADER_FILL), 1);
        }
        self.body.push_str("</w:tr>");
        for (cells, total) in rows {
            self.body.push_str("<w:tr>");
            for ((c, w), text) in columns.iter().zip(&widths).zip(cells) {
                self.cell(*w, text, *total, c.numeric, None, 1);
            }
            self.body.push_str("</w:tr>");
        }
        self.body.push_str("</w:tbl>");
        // Word needs a paragraph between two tables, or it joins them.
        self.body.push_str(r#"<w:p><w:pPr><w:pStyle w:val="Spacer"/></w:pPr></w:p>"#);
    }

    /// A two-column form: label and value, a group row (`Some(title)` with no value) across
    /// both columns.
    pub fn form(&mut self, rows: &[(&str, Option<&str>)]) {
        let widths = widths([36, 64]);
        self.table_start(&widths);
        for (label, value) in rows {
            self.body.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
            match value {
                None => self.cell(widths[0] + widths[1], label, true, false, Some(HEADER_FILL), 2),
                Some(value) => {
                    self.cell(widths[0], label, false, false, None, 1);
                    self.cell(widths[1], value, false, false, None, 1);
                }
            }
            self.body.push_str("</w:tr>");
        }
        self.body.push_str("</w:tbl>");
        self.body.push_str(r#"<w:p><w:pPr><w:pStyle w:val="Spacer"/></w:pPr></w:p>"#);
    }

    fn table_start(&mut self, widths: &[u32]) {
        self.body.push_str(&format!(
            r#"<w:tbl><w:tblPr><w:tblStyle w:val="Tabell"/><w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:tblLayout w:type="fixed"/><w:tblLook w:val="0020" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>"#
        ));
        for w in widths {
            self.body.push_str(&format!(r#"<w:gridCol w:w="{w}"/>"#));
        }
        self.body.push_str("</w:tblGrid>");
    }

    fn cell(&mut self, width: u32, text: &str, bold: bool, right: bool, fill: Option<&str>, span: u32) {
        self.body.push_str(&format!(r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>"#));
        if span > 1 {
            self.body.push_str(&format!(r#"<w:gridSpan w:val="{span}"/>"#));
        }
        if let Some(fill) = fill {
            self.body.push_str(&format!(r#"<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>"#));
        }
        self.body.push_str("</w:tcPr>");
        // A paragraph per line: each keeps its own hanging bullet when it wraps.
        for line in text.split('\n') {
            self.body.push_str(r#"<w:p><w:pPr><w:pStyle w:val="TableText"/>"#);
            if right {
                self.body.push_str(r#"<w:jc w:val="right"/>"#);
            }
            self.body.push_str("</w:pPr>");
            self.body.push_str(&runs(line, bold));
            self.body.push_str("</w:p>");
        }
        self.body.push_str("</w:tc>");
    }

    /// The finished .docx: the body in a document with its styles, an A4 section with the
    /// `footer` and "Sida X av Y", and the document properties. The same document gives the
    /// same bytes (the zip entries carry a fixed time).
    pub fn finish(self, title: &str, author: &str, footer: &str, date: chrono::NaiveDate) -> Result<Vec<u8>, ReportError> {
        let document = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{body}<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr></w:body></w:document>"#,
            W = W_NS,
            R = R_NS,
            body = self.body
        );
        let footer_xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:pStyle w:val="Footer"/><w:tabs><w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs></w:pPr>{text}<w:r><w:tab/><w:t xml:space="preserve">Sida </w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple><w:r><w:t xml:space="preserve"> av </w:t></w:r><w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p></w:ftr>"#,
            text = runs(footer, false)
        );
        let when = format!("{}T00:00:00Z", date.format("%Y-%m-%d"));
        let core = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{title}</dc:title><dc:creator>{author}</dc:creator><dc:language>sv-SE</dc:language><dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified></cp:coreProperties>"#,
            title = escape(title),
            author = escape(author),
        );
        let parts: [(&str, &str); 8] = [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", ROOT_RELS),
            ("docProps/core.xml", &core),
            ("docProps/app.xml", APP),
            ("word/document.xml", &document),
            ("word/_rels/document.xml.rels", DOCUMENT_RELS),
            ("word/styles.xml", STYLES),
            ("word/footer1.xml", &footer_xml),
        ];
        let zipped = (|| -> zip::result::ZipResult<Vec<u8>> {
            let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
            let options = SimpleFileOptions::default()
                .compression_method(CompressionMethod::Deflated)
                .last_modified_time(DateTime::DEFAULT);
            for (name, content) in parts.iter().chain([("word/settings.xml", SETTINGS)].iter()) {
                zip.start_file(*name, options)?;
                zip.write_all(content.as_bytes())?;
            }
            Ok(zip.finish()?.into_inner())
        })();
        zipped.map_err(|e| ReportError::Pdf(format!("Word-dokumentet kunde inte packas: {e}")))
    }
}

/// Relative widths as twentieths of a point that fill the text width.
fn widths(weights: impl IntoIterator<Item = u32>) -> Vec<u32> {
    let weights: Vec<u32> = weights.into_iter().map(|w| w.max(1)).collect();
    let sum: u32 = weights.iter().sum();
    weights.iter().map(|w| TEXT_WIDTH * w / sum).collect()
}

/// A text as runs: lines joined by line breaks, in bold when asked.
fn runs(text: &str, bold: bool) -> String {
    let props = if bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str(&format!("<w:r>{props}<w:br/></w:r>"));
        }
        if !line.is_empty() {
            out.push_str(&format!(r#"<w:r>{props}<w:t xml:space="preserve">{}</w:t></w:r>"#, escape(line)));
        }
    }
    out
}

/// Text for XML: the five special characters escaped, and the control characters XML 1.0
/// cannot hold (a pasted form feed, a NUL) left out, as Word would refuse the file.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The annual analysis as a Word document: the same blocks as the PDF
/// ([`annual::blocks`]), with a title page.
pub fn annual_analysis(doc: &AnnualAnalysis) -> Result<Vec<u8>, ReportError> {
    let title = annual::title(doc.year);
    let mut d = Document::new();
    d.paragraph(&doc.organisation);
    d.title(&title);
    let cover = annual::cover(doc);
    let cover: Vec<(&str, Option<&str>)> = cover.iter().map(|(l, v)| (l.as_str(), Some(v.as_str()))).collect();
    d.form(&cover);
    d.note(&annual::cover_note(doc));
    for block in annual::blocks(doc) {
        match block {
            Block::Heading { level, text } => d.heading(level, &text),
            Block::Paragraph { text } => d.paragraph(&text),
            Block::Note { text } => d.note(&text),
            Block::Flag { text } => d.strong(&text),
            Block::Table { columns, rows } => {
                let columns: Vec<Column<'_>> =
                    columns.iter().map(|c| Column { header: &c.header, width: c.width, numeric: c.numeric }).collect();
                let rows: Vec<(Vec<String>, bool)> = rows.into_iter().map(|r| (r.cells, r.total)).collect();
                d.table(&columns, &rows);
            }
            Block::Form { rows } => {
                let rows: Vec<(&str, Option<&str>)> =
                    rows.iter().map(|r| (r.label.as_str(), (!r.group).then_some(r.value.as_str()))).collect();
                d.form(&rows);
            }
            Block::Analysis { text } => {
                d.heading(3, ANALYSIS_HEADING);
                match text {
                    Some(text) => text.split("\n\n").for_each(|p| d.paragraph(p)),
                    None => d.note(NO_ANALYSIS),
                }
            }
        }
    }
    let footer = format!("{} · {} · per {}", doc.organisation, title, crate::format::date(doc.date));
    d.finish(&title, &doc.organisation, &footer, doc.date)
}

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"#;

const APP: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Nyttoregistret</Application></Properties>"#;

const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:updateFields w:val="true"/><w:defaultTabStop w:val="1304"/><w:themeFontLang w:val="sv-SE"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#;

/// The styles: Normal, Title, Heading1–3 (built-in names and outline levels), Note, Footer,
/// TableText, Spacer and the table style Tabell (horizontal rules, as the PDF reports).
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/><w:sz w:val="20"/><w:szCs w:val="20"/><w:lang w:val="sv-SE" w:eastAsia="sv-SE" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="100" w:line="252" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="240" w:after="360"/></w:pPr><w:rPr><w:b/><w:sz w:val="44"/><w:szCs w:val="44"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:pageBreakBefore/><w:spacing w:before="240" w:after="240"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:unhideWhenUsed/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="280" w:after="120"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:unhideWhenUsed/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="200" w:after="80"/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/><w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr></w:style><w:style w:type="paragraph" w:customStyle="1" w:styleId="Note"><w:name w:val="Anteckning"/><w:basedOn w:val="Normal"/><w:qFormat/><w:rPr><w:color w:val="505050"/><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr></w:style><w:style w:type="paragraph" w:customStyle="1" w:styleId="TableText"><w:name w:val="Tabelltext"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr></w:style><w:style w:type="paragraph" w:customStyle="1" w:styleId="Spacer"><w:name w:val="Mellanrum"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0" w:line="120" w:lineRule="exact"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:rPr><w:color w:val="505050"/><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style><w:style w:type="table" w:customStyle="1" w:styleId="Tabell"><w:name w:val="Tabell"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="8" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="8" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="B8B8B8"/></w:tblBorders><w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="85" w:type="dxa"/><w:bottom w:w="57" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_is_escaped_and_xml_control_characters_dropped() {
        assert_eq!(escape("<w:t>&\"'\u{0}\u{c}ö"), "&lt;w:t&gt;&amp;&quot;&apos;ö");
        assert_eq!(runs("a\nb", true), r#"<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">a</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:br/></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">b</w:t></w:r>"#);
    }

    #[test]
    fn a_document_is_a_zip_with_heading_styles_and_a_repeated_header_row() {
        let mut d = Document::new();
        d.heading(1, "1 Befintliga bastjänster");
        d.table(&[Column { header: "Tjänst", width: 1, numeric: false }], &[(vec!["Öppna data".into()], false)]);
        let date = chrono::NaiveDate::from_ymd_opt(2026, 10, 31).unwrap();
        let bytes = d.finish("Titel", "Leverantör", "Sidfot", date).unwrap();
        assert_eq!(&bytes[..2], b"PK");
        let again = {
            let mut d = Document::new();
            d.heading(1, "1 Befintliga bastjänster");
            d.table(&[Column { header: "Tjänst", width: 1, numeric: false }], &[(vec!["Öppna data".into()], false)]);
            d.finish("Titel", "Leverantör", "Sidfot", date).unwrap()
        };
        assert_eq!(bytes, again, "the same document gives the same bytes");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut document = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut document).unwrap();
        assert!(document.contains(r#"<w:pStyle w:val="Heading1"/>"#), "{document}");
        assert!(document.contains("<w:tblHeader/>"));
        let mut styles = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/styles.xml").unwrap(), &mut styles).unwrap();
        assert!(styles.contains(r#"<w:name w:val="heading 1"/>"#) && styles.contains(r#"<w:outlineLvl w:val="0"/>"#));
    }
}
