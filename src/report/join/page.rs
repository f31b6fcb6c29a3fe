//! What the join does to pages: a page's inherited attributes set on it, its own resources,
//! a stand-in page's content as a form XObject, and the page an outline item leads to.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use super::{fault, FRAME, INHERITED};
use crate::report::ReportError;

/// A page's dictionary with what it inherits from the page tree set on it.
pub(super) fn effective_page(doc: &Document, page: ObjectId) -> Result<Dictionary, ReportError> {
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
pub(super) fn own_resources(doc: &Document, page: &mut Dictionary) -> Result<(), ReportError> {
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
pub(super) fn frame(doc: &Document, stand_in: ObjectId, page: &Dictionary) -> Result<Stream, ReportError> {
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
pub(super) fn outline_page(doc: &Document, item: &Dictionary, pages: &HashMap<ObjectId, usize>) -> Option<usize> {
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

pub(super) fn take_dictionary(doc: &mut Document, id: ObjectId) -> Result<Dictionary, ReportError> {
    match doc.objects.remove(&id) {
        Some(Object::Dictionary(dict)) => Ok(dict),
        _ => Err(fault(format!("bokmärket {} {} saknas", id.0, id.1))),
    }
}
