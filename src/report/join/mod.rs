//! Joining a council pack typeset in parts into one PDF (issue 19; [`super::parts`] says why
//! the pack is typeset in parts).
//!
//! The parts are complete tagged PDFs written by typst: the *page parts*, each the pages of
//! one of the pack's sections or of a few initiatives, with the page's margins but no header
//! or footer, and the *front part*, typeset last, whose last pages stand in for the page
//! parts' pages — as many, each section's or initiative's heading hidden on its first — so
//! that its contents, its "Sida X av Y" and its headers and footers are those of the whole
//! pack. The joined file is the front part with
//! its stand-in pages replaced by the page parts' pages:
//!
//! - the page tree lists the front's own pages, then the page parts' pages in order;
//! - each page part's page draws, after its own content, its stand-in page's header and
//!   footer (the stand-in's content as a form XObject, artifacts as typst marked them);
//! - every reference to a stand-in page (the contents' links, the destinations) points to
//!   the page that replaces it;
//! - the structure tree is one `Document` element whose children are the front's, then each
//!   page part's; each part's keys in the parent tree follow the previous part's, and the
//!   identifiers of table cells (`/ID`, `/Headers`, the ID tree) of a page part get a prefix
//!   of their own, so that the tables of two parts never share one;
//! - the outline (bookmarks) is the front's items, then each page part's;
//! - the catalog (XMP metadata and PDF/A part, output intent, language, viewer settings), the
//!   document information and the file identifier are the front part's.
//!
//! Each part is read with `lopdf` and its objects are written out at once under new numbers,
//! to a temporary file that is read back when the front part has been joined: the joiner keeps
//! one part at a time, and of the parts before only what it must still link (the pages'
//! numbers, the structure tree's children and keys, the outline's top items).
//!
//! `part.rs` reads a part, `renumber.rs` gives its objects their numbers in the joined file and
//! edits what changes with them, `page.rs` is what the join does to pages, `output.rs` is the
//! file written.

mod output;
mod page;
mod part;
mod renumber;

use std::collections::{BTreeMap, HashMap};

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

use super::ReportError;
use output::Output;
use page::{effective_page, frame, outline_page, own_resources, take_dictionary};
use part::{collect_references, Part};
use renumber::{Edit, Renumbering};

/// The name under which a page part's page finds the header and footer drawn over it.
const FRAME: &[u8] = b"NyttaSidram";

/// Attributes a page may inherit from the page tree (PDF 1.7, 7.7.3.4).
const INHERITED: [&[u8]; 4] = [b"Resources", b"MediaBox", b"CropBox", b"Rotate"];

/// Writes one PDF from page parts ([`Joiner::add_pages`], in order) and the front part
/// ([`Joiner::finish`]).
pub struct Joiner {
    out: Output,
    /// Where each object starts in `out`, by object number (`None`: reserved, not yet written).
    offsets: Vec<Option<usize>>,
    pages_root: ObjectId,
    outlines_root: ObjectId,
    struct_root: ObjectId,
    document: ObjectId,
    /// The streams that put a page part's page content between `q` and `Q` and then draw its
    /// frame: shared by every such page.
    open: ObjectId,
    close: ObjectId,
    /// The page parts' pages, in order, and the frame each is to draw.
    pages: Vec<ObjectId>,
    frames: Vec<ObjectId>,
    /// The page parts' children of the `Document` structure element.
    kids: Vec<Object>,
    parent_tree: Vec<(i64, Object)>,
    next_key: i64,
    ids: BTreeMap<Vec<u8>, Object>,
    role_map: Dictionary,
    /// The page parts' top-level outline items, not yet written: their links to the items
    /// before and after them are set when all are known.
    outline: Vec<(ObjectId, Dictionary)>,
    parts: usize,
    version: String,
}

impl Joiner {
    /// A joiner writing to a temporary file of its own; the joined file is read back from it
    /// at the end ([`Joiner::finish`]).
    pub fn new() -> Result<Self, ReportError> {
        let mut out = Output::new()?;
        // The version is set by `finish` (same length); the second line's bytes above 127 mark
        // the file as binary, as PDF/A asks.
        out.put(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
        let mut joiner = Joiner {
            out,
            offsets: vec![None],
            pages_root: (0, 0),
            outlines_root: (0, 0),
            struct_root: (0, 0),
            document: (0, 0),
            open: (0, 0),
            close: (0, 0),
            pages: Vec::new(),
            frames: Vec::new(),
            kids: Vec::new(),
            parent_tree: Vec::new(),
            next_key: 0,
            ids: BTreeMap::new(),
            role_map: Dictionary::new(),
            outline: Vec::new(),
            parts: 0,
            version: "1.7".into(),
        };
        joiner.pages_root = joiner.reserve();
        joiner.outlines_root = joiner.reserve();
        joiner.struct_root = joiner.reserve();
        joiner.document = joiner.reserve();
        joiner.open = joiner.reserve();
        joiner.close = joiner.reserve();
        let open = Stream::new(Dictionary::new(), b"q\n".to_vec());
        let mut draw = b"\nQ\nq /".to_vec();
        draw.extend_from_slice(FRAME);
        draw.extend_from_slice(b" Do Q\n");
        let close = Stream::new(Dictionary::new(), draw);
        let (open_id, close_id) = (joiner.open, joiner.close);
        joiner.write(open_id, Object::Stream(open));
        joiner.write(close_id, Object::Stream(close));
        Ok(joiner)
    }

    /// Adds a page part's pages after those added before. Returns the number of pages of each
    /// of its top-level outline items (its section, or the initiatives it holds: each starts
    /// on a new page).
    pub fn add_pages(&mut self, pdf: &[u8]) -> Result<Vec<usize>, ReportError> {
        let part = Part::read(pdf)?;
        self.parts += 1;
        let prefix = format!("d{}-", self.parts).into_bytes();

        let mut map = self.renumbering(&part);
        let roots = part.roots();
        // Each page carries what it inherits, and its own resources with a place for its frame,
        // before its objects are numbered.
        let mut doc = part.doc;
        let mut frames = HashMap::with_capacity(part.pages.len());
        for &page in &part.pages {
            let mut dict = effective_page(&doc, page)?;
            own_resources(&doc, &mut dict)?;
            doc.objects.insert(page, Object::Dictionary(dict));
            let frame = self.reserve();
            frames.insert(page, frame);
            self.frames.push(frame);
        }
        map.visit(&doc, &roots, || reserve(&mut self.offsets))?;
        for &page in &part.pages {
            self.pages.push(map.new_id(page)?);
        }
        let edit = Edit { key_offset: self.next_key, id_prefix: Some(&prefix), frames: Some(&frames), open: self.open, close: self.close };
        let held: Vec<ObjectId> = part.outline_top.clone();
        // Where each top-level item (a section or an initiative) starts, read before its
        // destination is written out.
        let page_index: HashMap<ObjectId, usize> = part.pages.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let mut starts = Vec::with_capacity(held.len());
        for &item in &held {
            let dict = doc.get_dictionary(item).map_err(|_| fault("ett bokmärke saknas"))?;
            let start = outline_page(&doc, dict, &page_index)
                .ok_or_else(|| fault("ett bokmärke i en del pekar inte på någon av delens sidor"))?;
            starts.push(start);
        }
        self.write_part(&mut doc, &map, &edit, &held)?;

        for (key, value) in part.parent_tree {
            self.parent_tree.push((key + self.next_key, map.object(value)?));
        }
        self.next_key += part.next_key;
        add_ids(&mut self.ids, &prefix, part.ids, &map)?;
        for (role, value) in part.role_map {
            if !self.role_map.has(&role) {
                self.role_map.set(role, value);
            }
        }
        for kid in part.kids {
            self.kids.push(map.object(kid)?);
        }
        for item in held {
            let mut dict = take_dictionary(&mut doc, item)?;
            edit.dictionary(&mut dict);
            let dict = map.dictionary(dict)?;
            self.outline.push((map.new_id(item)?, dict));
        }
        // An item's pages run to the next item's first page, the last item's to the part's end.
        let mut counts = Vec::with_capacity(starts.len());
        for (i, start) in starts.iter().enumerate() {
            let end = starts.get(i + 1).copied().unwrap_or(part.pages.len());
            if end <= *start {
                return Err(fault("delens bokmärken följer inte sidornas ordning"));
            }
            counts.push(end - start);
        }
        self.out.check()?;
        Ok(counts)
    }

    /// Adds the front part and writes the joined file: the front's own pages first, then the
    /// page parts' pages in place of its stand-in pages (its last pages, one for each page
    /// added before).
    pub fn finish(mut self, pdf: &[u8]) -> Result<Vec<u8>, ReportError> {
        let part = Part::read(pdf)?;
        let stand_ins = self.pages.len();
        if part.pages.len() < stand_ins {
            return Err(fault(format!(
                "första delen har {} sidor men ska stå för {stand_ins} sidor ur de andra delarna",
                part.pages.len()
            )));
        }
        let own = part.pages.len() - stand_ins;
        let catalog_id = self.reserve();

        let mut map = self.renumbering(&part);
        map.replace(part.catalog_id, catalog_id);
        for (stand_in, page) in part.pages[own..].iter().zip(&self.pages) {
            map.replace(*stand_in, *page);
        }
        let mut roots = part.roots_without_stand_ins(own);
        let mut doc = part.doc;
        // The stand-ins' resources are written for their frames.
        let mut frames = Vec::with_capacity(stand_ins);
        for &stand_in in &part.pages[own..] {
            let dict = effective_page(&doc, stand_in)?;
            if dict.has(b"StructParents") || dict.has(b"Annots") {
                return Err(fault("en sida som står för en annan dels sida har eget innehåll"));
            }
            frames.push(dict);
        }
        for &page in &part.pages[..own] {
            let dict = effective_page(&doc, page)?;
            doc.objects.insert(page, Object::Dictionary(dict));
        }
        for (key, value) in part.catalog.iter() {
            if !matches!(key.as_slice(), b"Pages" | b"Outlines" | b"StructTreeRoot") {
                collect_references(value, &mut roots);
            }
        }
        if let Ok(info) = part.trailer.get(b"Info") {
            collect_references(info, &mut roots);
        }
        for frame in &frames {
            if let Ok(resources) = frame.get(b"Resources") {
                collect_references(resources, &mut roots);
            }
        }
        map.visit(&doc, &roots, || reserve(&mut self.offsets))?;

        let edit = Edit { key_offset: self.next_key, id_prefix: None, frames: None, open: self.open, close: self.close };
        let held = part.outline_top.clone();
        self.write_part(&mut doc, &map, &edit, &held)?;

        // The frames: each stand-in page's content, drawn over the page that replaces it.
        for ((frame_id, dict), stand_in) in self.frames.clone().into_iter().zip(frames).zip(&part.pages[own..]) {
            let form = frame(&doc, *stand_in, &dict)?;
            let form = map.stream(form)?;
            self.write(frame_id, Object::Stream(form));
        }

        // The front's outline items come first.
        let mut outline = Vec::with_capacity(held.len() + self.outline.len());
        for item in held {
            let mut dict = take_dictionary(&mut doc, item)?;
            edit.dictionary(&mut dict);
            outline.push((map.new_id(item)?, map.dictionary(dict)?));
        }
        outline.append(&mut self.outline);
        let has_outline = !outline.is_empty();
        self.write_outline(outline);

        // The structure tree: the front's children, then the page parts'.
        let mut kids = Vec::with_capacity(part.kids.len() + self.kids.len());
        for kid in part.kids {
            kids.push(map.object(kid)?);
        }
        kids.append(&mut self.kids);
        let mut document = map.dictionary(part.document)?;
        document.set("K", kids);
        document.set("P", self.struct_root);
        self.write(self.document, Object::Dictionary(document));

        let mut parent_tree = std::mem::take(&mut self.parent_tree);
        for (key, value) in part.parent_tree {
            parent_tree.push((key + self.next_key, map.object(value)?));
        }
        parent_tree.sort_by_key(|(key, _)| *key);
        let next_key = self.next_key + part.next_key;
        let mut role_map = Dictionary::new();
        for (role, value) in part.role_map.into_iter().chain(std::mem::take(&mut self.role_map)) {
            if !role_map.has(&role) {
                role_map.set(role, value);
            }
        }
        let mut ids = std::mem::take(&mut self.ids);
        add_ids(&mut ids, b"", part.ids, &map)?;
        let mut root = map.dictionary(part.struct_root)?;
        root.set("K", self.document);
        root.remove(b"ParentTree");
        root.remove(b"IDTree");
        root.remove(b"RoleMap");
        if !parent_tree.is_empty() {
            let nums = parent_tree.into_iter().flat_map(|(key, value)| [Object::Integer(key), value]).collect::<Vec<_>>();
            root.set("ParentTree", Dictionary::from_iter([("Nums", Object::Array(nums))]));
            root.set("ParentTreeNextKey", next_key);
        }
        if !ids.is_empty() {
            let names = ids
                .into_iter()
                .flat_map(|(id, value)| [Object::String(id, StringFormat::Literal), value])
                .collect::<Vec<_>>();
            root.set("IDTree", Dictionary::from_iter([("Names", Object::Array(names))]));
        }
        if !role_map.is_empty() {
            root.set("RoleMap", role_map);
        }
        self.write(self.struct_root, Object::Dictionary(root));

        // The page tree: one node for every page.
        let kids = part.pages[..own]
            .iter()
            .map(|page| map.new_id(*page).map(Object::Reference))
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .chain(self.pages.iter().map(|page| Object::Reference(*page)))
            .collect::<Vec<_>>();
        let count = kids.len() as i64;
        let pages = Dictionary::from_iter([
            ("Type", Object::Name(b"Pages".to_vec())),
            ("Kids", Object::Array(kids)),
            ("Count", Object::Integer(count)),
        ]);
        self.write(self.pages_root, Object::Dictionary(pages));

        let mut catalog = map.dictionary(part.catalog)?;
        catalog.set("Pages", self.pages_root);
        catalog.set("StructTreeRoot", self.struct_root);
        if has_outline {
            catalog.set("Outlines", self.outlines_root);
        } else {
            catalog.remove(b"Outlines");
        }
        self.write(catalog_id, Object::Dictionary(catalog));

        let mut trailer = Dictionary::new();
        trailer.set("Root", catalog_id);
        if let Ok(info) = part.trailer.get(b"Info") {
            trailer.set("Info", map.object(info.clone())?);
        }
        if let Ok(id) = part.trailer.get(b"ID") {
            trailer.set("ID", id.clone());
        }
        self.version = part.version;
        self.finish_file(trailer)
    }

    /// The part's objects that the joined file has one of for all parts: its page tree's
    /// nodes, structure tree root, `Document` element and outline root.
    fn renumbering(&self, part: &Part) -> Renumbering {
        let mut map = Renumbering::default();
        for node in &part.page_nodes {
            map.replace(*node, self.pages_root);
        }
        map.replace(part.struct_root_id, self.struct_root);
        map.replace(part.document_id, self.document);
        if let Some(root) = part.outline_root {
            map.replace(root, self.outlines_root);
        }
        map
    }

    /// Writes the outline's root and its top-level items, linked in order.
    fn write_outline(&mut self, items: Vec<(ObjectId, Dictionary)>) {
        let Some(first) = items.first().map(|(id, _)| *id) else {
            // The reserved number stays free: no outline.
            return;
        };
        let last = items.last().map(|(id, _)| *id).unwrap_or(first);
        let ids: Vec<ObjectId> = items.iter().map(|(id, _)| *id).collect();
        let mut visible = 0;
        for (i, (id, mut dict)) in items.into_iter().enumerate() {
            dict.set("Parent", self.outlines_root);
            dict.remove(b"Prev");
            dict.remove(b"Next");
            if i > 0 {
                dict.set("Prev", ids[i - 1]);
            }
            if let Some(next) = ids.get(i + 1) {
                dict.set("Next", *next);
            }
            // An open item shows its descendants (a positive count), a closed one only itself.
            visible += 1 + dict.get(b"Count").and_then(Object::as_i64).unwrap_or(0).max(0);
            self.write(id, Object::Dictionary(dict));
        }
        let root = Dictionary::from_iter([
            ("Type", Object::Name(b"Outlines".to_vec())),
            ("First", Object::Reference(first)),
            ("Last", Object::Reference(last)),
            ("Count", Object::Integer(visible)),
        ]);
        self.write(self.outlines_root, Object::Dictionary(root));
    }

    /// Writes every object `map` visited in `doc`, but the `held` ones, renumbered and with
    /// `edit` applied.
    fn write_part(&mut self, doc: &mut Document, map: &Renumbering, edit: &Edit<'_>, held: &[ObjectId]) -> Result<(), ReportError> {
        for &(old, new) in &map.order {
            if held.contains(&old) {
                continue;
            }
            let Some(mut object) = doc.objects.remove(&old) else {
                return Err(fault(format!("objekt {} {} saknas", old.0, old.1)));
            };
            edit.object(&mut object);
            let mut object = map.object(object)?;
            edit.page(old, &mut object);
            self.write(new, object);
        }
        Ok(())
    }

    fn reserve(&mut self) -> ObjectId {
        reserve(&mut self.offsets)
    }

    fn write(&mut self, id: ObjectId, mut object: Object) {
        self.offsets[id.0 as usize] = Some(self.out.len());
        self.out.put(format!("{} 0 obj\n", id.0).as_bytes());
        if let Object::Stream(stream) = &mut object {
            // A length given as a reference would point into the part.
            let length = stream.content.len() as i64;
            stream.dict.set("Length", length);
        }
        self.out.put_object(&object);
        self.out.put(b"\nendobj\n");
    }

    /// The cross-reference table and the trailer.
    fn finish_file(mut self, mut trailer: Dictionary) -> Result<Vec<u8>, ReportError> {
        let start = self.out.len();
        let size = self.offsets.len();
        self.out.put(format!("xref\n0 {size}\n").as_bytes());
        self.out.put(b"0000000000 65535 f\r\n");
        for offset in &self.offsets[1..] {
            let line = match offset {
                Some(at) => format!("{at:010} 00000 n\r\n"),
                None => "0000000000 00001 f\r\n".to_string(),
            };
            self.out.put(line.as_bytes());
        }
        trailer.set("Size", size as i64);
        self.out.put(b"trailer\n");
        self.out.put_object(&Object::Dictionary(trailer));
        self.out.put(format!("\nstartxref\n{start}\n%%EOF\n").as_bytes());
        self.out.read_back(&self.version)
    }
}

/// Adds a part's ID tree to the joined one, each ID after `prefix`. Two cells with one ID are
/// refused: a table header would name the wrong cell.
fn add_ids(into: &mut BTreeMap<Vec<u8>, Object>, prefix: &[u8], ids: Vec<(Vec<u8>, Object)>, map: &Renumbering) -> Result<(), ReportError> {
    for (id, value) in ids {
        let mut name = prefix.to_vec();
        name.extend_from_slice(&id);
        if into.insert(name, map.object(value)?).is_some() {
            return Err(fault("två tabellceller fick samma id"));
        }
    }
    Ok(())
}

fn reserve(offsets: &mut Vec<Option<usize>>) -> ObjectId {
    offsets.push(None);
    ((offsets.len() - 1) as u32, 0)
}

fn fault(detail: impl std::fmt::Display) -> ReportError {
    ReportError::Pdf(format!("rapportens delar kunde inte fogas samman: {detail}"))
}
