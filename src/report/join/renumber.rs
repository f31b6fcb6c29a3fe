//! New object numbers for a part's objects in the joined file, and what else changes in them
//! (parent-tree keys, table-cell IDs, a page part's page drawing its frame).

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use super::part::collect_references;
use super::{fault, FRAME};
use crate::report::ReportError;

/// New numbers for the objects of one part: those reachable from the roots get fresh ones
/// (in the order they are found), the replaced ones stand for objects of the joined file.
#[derive(Default)]
pub(super) struct Renumbering {
    ids: HashMap<ObjectId, ObjectId>,
    replaced: HashMap<ObjectId, ObjectId>,
    /// The visited objects, in the order they are written.
    pub(super) order: Vec<(ObjectId, ObjectId)>,
}

impl Renumbering {
    pub(super) fn replace(&mut self, old: ObjectId, new: ObjectId) {
        self.replaced.insert(old, new);
    }

    /// Gives every object reachable from `roots`, through anything but a replaced object, a
    /// number from `reserve`.
    pub(super) fn visit(&mut self, doc: &Document, roots: &[ObjectId], mut reserve: impl FnMut() -> ObjectId) -> Result<(), ReportError> {
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

    pub(super) fn new_id(&self, old: ObjectId) -> Result<ObjectId, ReportError> {
        self.replaced
            .get(&old)
            .or_else(|| self.ids.get(&old))
            .copied()
            .ok_or_else(|| fault(format!("objekt {} {} hör inte till någon sida", old.0, old.1)))
    }

    pub(super) fn object(&self, object: Object) -> Result<Object, ReportError> {
        Ok(match object {
            Object::Reference(id) => Object::Reference(self.new_id(id)?),
            Object::Array(items) => Object::Array(items.into_iter().map(|item| self.object(item)).collect::<Result<_, _>>()?),
            Object::Dictionary(dict) => Object::Dictionary(self.dictionary(dict)?),
            Object::Stream(stream) => Object::Stream(self.stream(stream)?),
            other => other,
        })
    }

    pub(super) fn dictionary(&self, dict: Dictionary) -> Result<Dictionary, ReportError> {
        let mut out = Dictionary::new();
        for (key, value) in dict {
            out.set(key, self.object(value)?);
        }
        Ok(out)
    }

    pub(super) fn stream(&self, mut stream: Stream) -> Result<Stream, ReportError> {
        stream.dict = self.dictionary(std::mem::take(&mut stream.dict))?;
        Ok(stream)
    }
}

/// What changes in a part's objects besides their numbers: the parent-tree keys move by
/// `key_offset`, and a page part's structure IDs get `id_prefix`.
pub(super) struct Edit<'a> {
    pub(super) key_offset: i64,
    pub(super) id_prefix: Option<&'a [u8]>,
    /// A page part's pages (old numbers) and the frame each draws over its content, between
    /// the `open` and `close` streams.
    pub(super) frames: Option<&'a HashMap<ObjectId, ObjectId>>,
    pub(super) open: ObjectId,
    pub(super) close: ObjectId,
}

impl Edit<'_> {
    /// Makes a page part's page (already renumbered) draw its frame after its own content.
    pub(super) fn page(&self, old: ObjectId, object: &mut Object) {
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

    pub(super) fn object(&self, object: &mut Object) {
        match object {
            Object::Dictionary(dict) => self.dictionary(dict),
            Object::Stream(stream) => self.dictionary(&mut stream.dict),
            Object::Array(items) => items.iter_mut().for_each(|item| self.object(item)),
            _ => {}
        }
    }

    pub(super) fn dictionary(&self, dict: &mut Dictionary) {
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
