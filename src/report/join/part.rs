//! A part as the joiner reads it: its document, and what it takes from its catalog — pages,
//! structure tree, parent and ID trees, role map, outline.

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::fault;
use crate::report::ReportError;

/// A part as read: its document and what the joiner takes from its catalog.
pub(super) struct Part {
    pub(super) doc: Document,
    pub(super) trailer: Dictionary,
    pub(super) version: String,
    pub(super) catalog_id: ObjectId,
    pub(super) catalog: Dictionary,
    /// The pages in order, and the page tree's nodes.
    pub(super) pages: Vec<ObjectId>,
    pub(super) page_nodes: Vec<ObjectId>,
    pub(super) struct_root_id: ObjectId,
    pub(super) struct_root: Dictionary,
    pub(super) document_id: ObjectId,
    pub(super) document: Dictionary,
    pub(super) kids: Vec<Object>,
    pub(super) parent_tree: Vec<(i64, Object)>,
    pub(super) next_key: i64,
    pub(super) ids: Vec<(Vec<u8>, Object)>,
    pub(super) role_map: Vec<(Vec<u8>, Object)>,
    pub(super) outline_root: Option<ObjectId>,
    pub(super) outline_top: Vec<ObjectId>,
}

impl Part {
    pub(super) fn read(pdf: &[u8]) -> Result<Part, ReportError> {
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
    pub(super) fn roots(&self) -> Vec<ObjectId> {
        self.roots_without_stand_ins(self.pages.len())
    }

    /// The same for the front part, whose pages after the first `own` are stand-ins.
    pub(super) fn roots_without_stand_ins(&self, own: usize) -> Vec<ObjectId> {
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
pub(super) fn collect_references(object: &Object, into: &mut Vec<ObjectId>) {
    match object {
        Object::Reference(id) => into.push(*id),
        Object::Array(items) => items.iter().for_each(|item| collect_references(item, into)),
        Object::Dictionary(dict) => dict.iter().for_each(|(_, value)| collect_references(value, into)),
        Object::Stream(stream) => stream.dict.iter().for_each(|(_, value)| collect_references(value, into)),
        _ => {}
    }
}
