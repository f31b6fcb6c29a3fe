//! Joining a council pack typeset in parts into one PDF (issue 19; [`super::parts`] says why
//! the pack is typeset in parts).
//!
//! The parts are complete tagged PDFs written by typst: the *page parts*, each the pages of a
//! few initiatives with the page's margins but no header or footer, and the *front part*,
//! typeset last, whose last pages stand in for the page parts' pages — as many, each
//! initiative's heading hidden on its first — so that its contents, its "Sida X av Y" and its
//! headers and footers are those of the whole pack. The joined file is the front part with
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
//! Each part is read with `lopdf` and its objects are written out at once under new numbers:
//! the joiner keeps one part at a time, and of the parts before only what it must still link
//! (the pages' numbers, the structure tree's children and keys, the outline's top items).

use std::collections::{BTreeMap, HashMap};

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat, Writer};

use super::ReportError;

/// The name under which a page part's page finds the header and footer drawn over it.
const FRAME: &[u8] = b"NyttaSidram";

/// Attributes a page may inherit from the page tree (PDF 1.7, 7.7.3.4).
const INHERITED: [&[u8]; 4] = [b"Resources", b"MediaBox", b"CropBox", b"Rotate"];

/// Writes one PDF from page parts ([`Joiner::add_pages`], in order) and the front part
/// ([`Joiner::finish`]).
pub struct Joiner {
    out: Vec<u8>,
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

impl Default for Joiner {
    fn default() -> Self {
        Self::new()
    }
}

impl Joiner {
    pub fn new() -> Self {
        let mut joiner = Joiner {
            // The version is set by `finish` (same length); the second line's bytes above
            // 127 mark the file as binary, as PDF/A asks.
            out: b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec(),
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
        joiner
    }

    /// Adds a page part's pages after those added before. Returns the number of pages of each
    /// of its top-level outline items (the initiatives it holds, each starting on a new page).
    pub fn add_pages(&mut self, pdf: &[u8]) -> Result<Vec<usize>, ReportError> {
        let part = Part::read(pdf)?;
        self.parts += 1;
        let prefix = format!("d{}-", self.parts).into_bytes();
        let first_page = self.pages.len();

        let mut map = Renumbering::default();
        for node in &part.page_nodes {
            map.replace(*node, self.pages_root);
        }
        map.replace(part.struct_root_id, self.struct_root);
        map.replace(part.document_id, self.document);
        if let Some(root) = part.outline_root {
            map.replace(root, self.outlines_root);
        }
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
        // Where each top-level item (an initiative) starts, read before its destination is
        // written out.
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
        for (id, value) in part.ids {
            let mut name = prefix.clone();
            name.extend_from_slice(&id);
            if self.ids.insert(name, map.object(value)?).is_some() {
                return Err(fault("två tabellceller fick samma id"));
            }
        }
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
        debug_assert_eq!(self.pages.len() - first_page, part.pages.len());
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

        let mut map = Renumbering::default();
        for node in &part.page_nodes {
            map.replace(*node, self.pages_root);
        }
        map.replace(part.catalog_id, catalog_id);
        map.replace(part.struct_root_id, self.struct_root);
        map.replace(part.document_id, self.document);
        if let Some(root) = part.outline_root {
            map.replace(root, self.outlines_root);
        }
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
        for (id, value) in part.ids {
            if ids.insert(id, map.object(value)?).is_some() {
                return Err(fault("två tabellceller fick samma id"));
            }
        }
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
        self.out.extend_from_slice(format!("{} 0 obj\n", id.0).as_bytes());
        if let Object::Stream(stream) = &mut object {
            // A length given as a reference would point into the part.
            let length = stream.content.len() as i64;
            stream.dict.set("Length", length);
        }
        let written = Writer::write_object(&mut self.out, &object);
        // Writing to a Vec cannot fail.
        debug_assert!(written.is_ok());
        self.out.extend_from_slice(b"\nendobj\n");
    }

    /// The cross-reference table and the trailer.
    fn finish_file(mut self, mut trailer: Dictionary) -> Result<Vec<u8>, ReportError> {
        if self.version.len() == 3 {
            self.out[5..8].copy_from_slice(self.version.as_bytes());
        }
        let start = self.out.len();
        let size = self.offsets.len();
        self.out.extend_from_slice(format!("xref\n0 {size}\n").as_bytes());
        self.out.extend_from_slice(b"0000000000 65535 f\r\n");
        for offset in &self.offsets[1..] {
            let line = match offset {
                Some(at) => format!("{at:010} 00000 n\r\n"),
                None => "0000000000 00001 f\r\n".to_string(),
            };
            self.out.extend_from_slice(line.as_bytes());
        }
        trailer.set("Size", size as i64);
        self.out.extend_from_slice(b"trailer\n");
        let written = Writer::write_object(&mut self.out, &Object::Dictionary(trailer));
        debug_assert!(written.is_ok());
        self.out.extend_from_slice(format!("\nstartxref\n{start}\n%%EOF\n").as_bytes());
        Ok(self.out)
    }
}

fn reserve(offsets: &mut Vec<Option<usize>>) -> ObjectId {
    offsets.push(None);
    ((offsets.len() - 1) as u32, 0)
}

/// A part as read: its document and what the joiner takes from its catalog.
struct Part {
    doc: Document,
    trailer: Dictionary,
    version: String,
    catalog_id: ObjectId,
    catalog: Dictionary,
    /// The pages in order, and the page tree's nodes.
    pages: Vec<ObjectId>,
    page_nodes: Vec<ObjectId>,
    struct_root_id: ObjectId,
    struct_root: Dictionary,
    document_id: ObjectId,
    document: Dictionary,
    kids: Vec<Object>,
    parent_tree: Vec<(i64, Object)>,
    next_key: i64,
    ids: Vec<(Vec<u8>, Object)>,
    role_map: Vec<(Vec<u8>, Object)>,
    outline_root: Option<ObjectId>,
    outline_top: Vec<ObjectId>,
}

impl Part {
    fn read(pdf: &[u8]) -> Result<Part, ReportError> {
        let doc = Document::load_mem(pdf).map_err(|e| fault(format!("en del kunde inte läsas: {e}")))?;
        let trailer = doc.trailer.clone();
        let catalog_id = trailer.get(b"Root").and_then(Object::as_reference).map_err(|_| fault("en del saknar katalog"))?;
        let catalog = doc.get_dictionary(catalog_id).map_err(|_| fault("en del saknar katalog"))?.clone();

        let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        let mut page_nodes = Vec::new();
        let mut pending = vec![catalog.get(b"Pages").and_then(Object::as_reference).map_err(|_| fault("en del saknar sidträd"))?];
        while let Some(node) = pending.pop() {
            let dict = doc.get_dictionary(node).map_err(|_| fault("sidträdet är trasigt"))?;
            if dict.has_type(b"Pages") {
                page_nodes.push(node);
                if let Ok(kids) = dict.get(b"Kids").and_then(Object::as_array) {
                    pending.extend(kids.iter().filter_map(|kid| kid.as_reference().ok()));
                }
            }
        }

        let struct_root_id = catalog
            .get(b"StructTreeRoot")
            .and_then(Object::as_reference)
            .map_err(|_| fault("en del saknar taggar (strukturträd)"))?;
        let struct_root = doc.get_dictionary(struct_root_id).map_err(|_| fault("strukturträdet är trasigt"))?.clone();
        let document_id = match struct_root.get(b"K") {
            Ok(Object::Reference(id)) => *id,
            Ok(Object::Array(items)) if items.len() == 1 => items[0].as_reference().map_err(|_| fault("strukturträdet saknar dokumentelement"))?,
            _ => return Err(fault("strukturträdet saknar ett enda dokumentelement")),
        };
        let document = doc.get_dictionary(document_id).map_err(|_| fault("strukturträdet är trasigt"))?.clone();
        let kids = match document.get(b"K") {
            Ok(Object::Array(items)) => items.clone(),
            Ok(other) => vec![other.clone()],
            Err(_) => Vec::new(),
        };

        let mut parent_tree = Vec::new();
        if let Ok(tree) = struct_root.get(b"ParentTree") {
            collect_tree(&doc, tree, b"Nums", &mut |key, value| {
                if let Object::Integer(key) = key {
                    parent_tree.push((*key, value.clone()));
                }
            })?;
        }
        let next_key = match struct_root.get(b"ParentTreeNextKey").and_then(Object::as_i64) {
            Ok(key) => key,
            Err(_) => parent_tree.iter().map(|(key, _)| key + 1).max().unwrap_or(0),
        };
        let mut ids = Vec::new();
        if let Ok(tree) = struct_root.get(b"IDTree") {
            collect_tree(&doc, tree, b"Names", &mut |key, value| {
                if let Object::String(key, _) = key {
                    ids.push((key.clone(), value.clone()));
                }
            })?;
        }
        let role_map = match struct_root.get(b"RoleMap").map(|o| doc.dereference(o)) {
            Ok(Ok((_, Object::Dictionary(map)))) => map.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            _ => Vec::new(),
        };

        let outline_root = catalog.get(b"Outlines").and_then(Object::as_reference).ok();
        let mut outline_top = Vec::new();
        if let Some(root) = outline_root {
            let mut item = doc.get_dictionary(root).ok().and_then(|d| d.get(b"First").and_then(Object::as_reference).ok());
            while let Some(id) = item {
                if outline_top.contains(&id) {
                    return Err(fault("bokmärkena går i ring"));
                }
                outline_top.push(id);
                item = doc.get_dictionary(id).ok().and_then(|d| d.get(b"Next").and_then(Object::as_reference).ok());
            }
        }
        let version = doc.version.clone();
        Ok(Part {
            doc,
            trailer,
            version,
            catalog_id,
            catalog,
            pages,
            page_nodes,
            struct_root_id,
            struct_root,
            document_id,
            document,
            kids,
            parent_tree,
            next_key,
            ids,
            role_map,
            outline_root,
            outline_top,
        })
    }

    /// Where writing a page part starts: its pages, structure, parent tree, IDs and outline.
    fn roots(&self) -> Vec<ObjectId> {
        self.roots_without_stand_ins(self.pages.len())
    }

    /// The same for the front part, whose pages after the first `own` are stand-ins.
    fn roots_without_stand_ins(&self, own: usize) -> Vec<ObjectId> {
        let mut roots: Vec<ObjectId> = self.pages[..own].to_vec();
        for kid in &self.kids {
            collect_references(kid, &mut roots);
        }
        let values = self.parent_tree.iter().map(|(_, v)| v).chain(self.ids.iter().map(|(_, v)| v));
        for value in values {
            collect_references(value, &mut roots);
        }
        for (_, value) in &self.role_map {
            collect_references(value, &mut roots);
        }
        roots.extend(&self.outline_top);
        roots
    }
}

/// Calls `each` with every key and value of a number tree (`leaves` = `Nums`) or name tree
/// (`Names`), leaves and kids alike.
fn collect_tree(doc: &Document, tree: &Object, leaves: &[u8], each: &mut dyn FnMut(&Object, &Object)) -> Result<(), ReportError> {
    let mut pending = vec![tree.clone()];
    let mut seen = 0;
    while let Some(node) = pending.pop() {
        seen += 1;
        if seen > 100_000 {
            return Err(fault("ett träd i strukturen går i ring"));
        }
        let Ok((_, Object::Dictionary(dict))) = doc.dereference(&node) else { continue };
        if let Ok(items) = dict.get(leaves).and_then(Object::as_array) {
            for pair in items.chunks(2) {
                if let [key, value] = pair {
                    each(key, value);
                }
            }
        }
        if let Ok(kids) = dict.get(b"Kids").and_then(Object::as_array) {
            pending.extend(kids.iter().rev().cloned());
        }
    }
    Ok(())
}

/// The references in `object`, however deeply nested.
fn collect_references(object: &Object, into: &mut Vec<ObjectId>) {
    match object {
        Object::Reference(id) => into.push(*id),
        Object::Array(items) => items.iter().for_each(|item| collect_references(item, into)),
        Object::Dictionary(dict) => dict.iter().for_each(|(_, value)| collect_references(value, into)),
        Object::Stream(stream) => stream.dict.iter().for_each(|(_, value)| collect_references(value, into)),
        _ => {}
    }
}

/// New numbers for the objects of one part: those reachable from the roots get fresh ones
/// (in the order they are found), the replaced ones stand for objects of the joined file.
#[derive(Default)]
struct Renumbering {
    ids: HashMap<ObjectId, ObjectId>,
    replaced: HashMap<ObjectId, ObjectId>,
    /// The visited objects, in the order they are written.
    order: Vec<(ObjectId, ObjectId)>,
}

impl Renumbering {
    fn replace(&mut self, old: ObjectId, new: ObjectId) {
        self.replaced.insert(old, new);
    }

    /// Gives every object reachable from `roots`, through anything but a replaced object, a
    /// number from `reserve`.
    fn visit(&mut self, doc: &Document, roots: &[ObjectId], mut reserve: impl FnMut() -> ObjectId) -> Result<(), ReportError> {
        let mut pending: Vec<ObjectId> = roots.iter().rev().copied().collect();
        let mut found = Vec::new();
        while let Some(id) = pending.pop() {
            if self.replaced.contains_key(&id) || self.ids.contains_key(&id) {
                continue;
            }
            let object = doc.get_object(id).map_err(|_| fault(format!("objekt {} {} saknas", id.0, id.1)))?;
            let new = reserve();
            self.ids.insert(id, new);
            self.order.push((id, new));
            found.clear();
            collect_references(object, &mut found);
            pending.extend(found.iter().rev());
        }
        Ok(())
    }

    fn new_id(&self, old: ObjectId) -> Result<ObjectId, ReportError> {
        self.replaced
            .get(&old)
            .or_else(|| self.ids.get(&old))
            .copied()
            .ok_or_else(|| fault(format!("objekt {} {} hör inte till någon sida", old.0, old.1)))
    }

    fn object(&self, object: Object) -> Result<Object, ReportError> {
        Ok(match object {
            Object::Reference(id) => Object::Reference(self.new_id(id)?),
            Object::Array(items) => Object::Array(items.into_iter().map(|item| self.object(item)).collect::<Result<_, _>>()?),
            Object::Dictionary(dict) => Object::Dictionary(self.dictionary(dict)?),
            Object::Stream(stream) => Object::Stream(self.stream(stream)?),
            other => other,
        })
    }

    fn dictionary(&self, dict: Dictionary) -> Result<Dictionary, ReportError> {
        let mut out = Dictionary::new();
        for (key, value) in dict {
            out.set(key, self.object(value)?);
        }
        Ok(out)
    }

    fn stream(&self, mut stream: Stream) -> Result<Stream, ReportError> {
        stream.dict = self.dictionary(std::mem::take(&mut stream.dict))?;
        Ok(stream)
    }
}

/// What changes in a part's objects besides their numbers: the parent-tree keys move by
/// `key_offset`, and a page part's structure IDs get `id_prefix`.
struct Edit<'a> {
    key_offset: i64,
    id_prefix: Option<&'a [u8]>,
    /// A page part's pages (old numbers) and the frame each draws over its content, between
    /// the `open` and `close` streams.
    frames: Option<&'a HashMap<ObjectId, ObjectId>>,
    open: ObjectId,
    close: ObjectId,
}

impl Edit<'_> {
    /// Makes a page part's page (already renumbered) draw its frame after its own content.
    fn page(&self, old: ObjectId, object: &mut Object) {
        let (Some(frames), Object::Dictionary(page)) = (self.frames, object) else { return };
        let Some(frame) = frames.get(&old) else { return };
        if let Ok(Object::Dictionary(resources)) = page.get_mut(b"Resources") {
            if let Ok(Object::Dictionary(xobjects)) = resources.get_mut(b"XObject") {
                xobjects.set(FRAME, *frame);
            }
        }
        let contents = match page.remove(b"Contents") {
            Some(Object::Array(items)) => items,
            Some(other) => vec![other],
            None => Vec::new(),
        };
        let wrapped = std::iter::once(Object::Reference(self.open))
            .chain(contents)
            .chain(std::iter::once(Object::Reference(self.close)))
            .collect::<Vec<_>>();
        page.set("Contents", wrapped);
    }

    fn object(&self, object: &mut Object) {
        match object {
            Object::Dictionary(dict) => self.dictionary(dict),
            Object::Stream(stream) => self.dictionary(&mut stream.dict),
            Object::Array(items) => items.iter_mut().for_each(|item| self.object(item)),
            _ => {}
        }
    }

    fn dictionary(&self, dict: &mut Dictionary) {
        for key in [b"StructParents".as_slice(), b"StructParent"] {
            if let Ok(Object::Integer(value)) = dict.get_mut(key) {
                *value += self.key_offset;
            }
        }
        if let Some(prefix) = self.id_prefix {
            let is_element = dict.has(b"S") && dict.has(b"P");
            for (key, value) in dict.iter_mut() {
                match (key.as_slice(), value) {
                    (b"ID", Object::String(id, _)) if is_element => prefix_string(prefix, id),
                    (b"Headers", Object::Array(ids)) => {
                        for id in ids {
                            if let Object::String(id, _) = id {
                                prefix_string(prefix, id);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        for (_, value) in dict.iter_mut() {
            if matches!(value, Object::Dictionary(_) | Object::Array(_)) {
                self.object(value);
            }
        }
    }
}

fn prefix_string(prefix: &[u8], id: &mut Vec<u8>) {
    let mut named = prefix.to_vec();
    named.append(id);
    *id = named;
}

/// A page's dictionary with what it inherits from the page tree set on it.
fn effective_page(doc: &Document, page: ObjectId) -> Result<Dictionary, ReportError> {
    let mut dict = doc.get_dictionary(page).map_err(|_| fault("en sida saknas"))?.clone();
    let mut parent = dict.get(b"Parent").and_then(Object::as_reference).ok();
    let mut depth = 0;
    while let Some(node) = parent {
        depth += 1;
        let Ok(node) = doc.get_dictionary(node) else { break };
        if depth > 64 {
            return Err(fault("sidträdet går i ring"));
        }
        for key in INHERITED {
            if !dict.has(key) {
                if let Ok(value) = node.get(key) {
                    dict.set(key, value.clone());
                }
            }
        }
        parent = node.get(b"Parent").and_then(Object::as_reference).ok();
    }
    Ok(dict)
}

/// Gives a page its own resources and XObject dictionaries, direct in the page, so that its
/// frame can be added to them without touching another page's.
fn own_resources(doc: &Document, page: &mut Dictionary) -> Result<(), ReportError> {
    let mut resources = match page.get(b"Resources").map(|o| doc.dereference(o)) {
        Ok(Ok((_, Object::Dictionary(resources)))) => resources.clone(),
        _ => Dictionary::new(),
    };
    let xobjects = match resources.get(b"XObject").map(|o| doc.dereference(o)) {
        Ok(Ok((_, Object::Dictionary(xobjects)))) => xobjects.clone(),
        _ => Dictionary::new(),
    };
    if xobjects.has(FRAME) {
        return Err(fault("en sida har redan ett objekt med sidramens namn"));
    }
    resources.set("XObject", xobjects);
    page.set("Resources", resources);
    Ok(())
}

/// A stand-in page's content as a form XObject the size of the page.
fn frame(doc: &Document, stand_in: ObjectId, page: &Dictionary) -> Result<Stream, ReportError> {
    let mut dict = Dictionary::from_iter([
        ("Type", Object::Name(b"XObject".to_vec())),
        ("Subtype", Object::Name(b"Form".to_vec())),
    ]);
    let media_box = page.get(b"CropBox").or_else(|_| page.get(b"MediaBox")).map_err(|_| fault("en sida saknar storlek"))?;
    dict.set("BBox", media_box.clone());
    if let Ok(resources) = page.get(b"Resources") {
        dict.set("Resources", resources.clone());
    }
    let contents = match page.get(b"Contents") {
        Ok(Object::Array(items)) => items.iter().filter_map(|item| item.as_reference().ok()).collect(),
        Ok(Object::Reference(id)) => vec![*id],
        _ => Vec::new(),
    };
    let streams = contents
        .iter()
        .map(|id| doc.get_object(*id).and_then(Object::as_stream).map_err(|_| fault(format!("sidan {} saknar innehåll", stand_in.0))))
        .collect::<Result<Vec<_>, _>>()?;
    match streams.as_slice() {
        [one] => {
            // One stream: its encoded bytes as they are.
            for key in [b"Filter".as_slice(), b"DecodeParms"] {
                if let Ok(value) = one.dict.get(key) {
                    dict.set(key, value.clone());
                }
            }
            Ok(Stream::new(dict, one.content.clone()))
        }
        many => {
            let mut content = Vec::new();
            for stream in many {
                content.extend(stream.decompressed_content().map_err(|e| fault(format!("sidinnehåll kunde inte läsas: {e}")))?);
                content.push(b'\n');
            }
            let mut stream = Stream::new(dict, content);
            stream.compress().map_err(|e| fault(e.to_string()))?;
            Ok(stream)
        }
    }
}

/// The index of the page an outline item points to, among `pages`.
fn outline_page(doc: &Document, item: &Dictionary, pages: &HashMap<ObjectId, usize>) -> Option<usize> {
    let destination = match item.get(b"Dest") {
        Ok(dest) => dest.clone(),
        Err(_) => {
            let action = doc.dereference(item.get(b"A").ok()?).ok()?.1.as_dict().ok()?;
            action.get(b"D").ok()?.clone()
        }
    };
    let destination = doc.dereference(&destination).ok()?.1;
    let page = destination.as_array().ok()?.first()?.as_reference().ok()?;
    pages.get(&page).copied()
}

fn take_dictionary(doc: &mut Document, id: ObjectId) -> Result<Dictionary, ReportError> {
    match doc.objects.remove(&id) {
        Some(Object::Dictionary(dict)) => Ok(dict),
        _ => Err(fault(format!("bokmärket {} {} saknas", id.0, id.1))),
    }
}

fn fault(detail: impl std::fmt::Display) -> ReportError {
    ReportError::Pdf(format!("rapportens delar kunde inte fogas samman: {detail}"))
}
