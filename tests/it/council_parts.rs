//! The council pack typeset in parts and joined (issue 19, `report::parts`): a large register's
//! pack is typeset a few initiatives at a time and the parts joined into one file. On the demo
//! register, made in parts of one and of three initiatives, the joined file must have the pages
//! of the pack in one piece — the same pictures (`pdftoppm`) and the same text (`pdftotext`) —
//! and be as valid: `qpdf --check` finds nothing, and its outline, page labels, links,
//! structure tree (with its parent tree and table-header IDs) and PDF/A claim read back
//! (`lopdf`) as those of the pack in one piece. (`report_bytes.rs` pins the demo pack's bytes,
//! which a pack of that size still gets in one piece.)

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use lopdf::{Dictionary, Document, Object, ObjectId};
use nytta::app::reports::council_pack_in_parts;
use nytta::demo;

/// The demo register's pack in one piece and in parts of `sizes` initiatives, as files.
fn packs(dir: &Path, register: &nytta::store::Register, sizes: &[usize]) -> (PathBuf, Vec<PathBuf>) {
    let whole = council_pack_in_parts(register, demo::demo_date(), usize::MAX).unwrap();
    assert!(whole.not_pdf_a.is_none(), "{:?}", whole.not_pdf_a);
    let whole_path = dir.join("hel.pdf");
    std::fs::write(&whole_path, &whole.bytes).unwrap();
    let parts = sizes
        .iter()
        .map(|size| {
            let pdf = council_pack_in_parts(register, demo::demo_date(), *size).unwrap();
            assert!(pdf.not_pdf_a.is_none(), "parts of {size}: {:?}", pdf.not_pdf_a);
            assert_ne!(pdf.bytes, whole.bytes, "parts of {size}: the pack was not typeset in parts");
            let path = dir.join(format!("delar-{size}.pdf"));
            std::fs::write(&path, &pdf.bytes).unwrap();
            path
        })
        .collect();
    (whole_path, parts)
}

fn demo_register(dir: &Path) -> nytta::store::Register {
    demo::create(&dir.join("demo.nytta")).unwrap()
}

fn run(program: &str, args: &[&str]) -> std::process::Output {
    Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} kunde inte köras ({e}); `cargo xtask test` installerar det"))
}

/// Every page as a PNG at 50 dpi, in order.
fn pictures(pdf: &Path) -> Vec<Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("sida");
    let out = run("pdftoppm", &["-r", "50", "-png", pdf.to_str().unwrap(), prefix.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files.iter().map(|f| std::fs::read(f).unwrap()).collect()
}

fn text(pdf: &Path) -> String {
    let out = run("pdftotext", &["-enc", "UTF-8", pdf.to_str().unwrap(), "-"]);
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_pack_in_parts_has_the_pages_of_the_pack_in_one_piece() {
    let dir = tempfile::tempdir().unwrap();
    let register = demo_register(dir.path());
    let (whole, parts) = packs(dir.path(), &register, &[1, 3]);
    let expected = pictures(&whole);
    assert!(expected.len() > 10, "the demo pack has its initiatives' pages");
    let expected_text = text(&whole);
    for part in parts {
        let got = pictures(&part);
        assert_eq!(got.len(), expected.len(), "{}: pages", part.display());
        for (i, (a, b)) in expected.iter().zip(&got).enumerate() {
            assert!(a == b, "{}: page {} differs from the pack in one piece", part.display(), i + 1);
        }
        assert_eq!(text(&part), expected_text, "{}", part.display());
    }
}

#[test]
fn the_joined_pack_is_valid_and_reads_back_as_the_pack_in_one_piece() {
    let dir = tempfile::tempdir().unwrap();
    let register = demo_register(dir.path());
    let (whole, parts) = packs(dir.path(), &register, &[1, 3]);
    let expected = Reading::of(&whole);
    assert!(expected.outline.iter().filter(|o| o.depth == 0).count() > 8, "{:?}", expected.outline);
    assert!(!expected.links.is_empty(), "the contents link to the sections");
    for part in parts {
        let check = run("qpdf", &["--check", part.to_str().unwrap()]);
        let said = String::from_utf8_lossy(&check.stdout).to_string() + &String::from_utf8_lossy(&check.stderr);
        assert!(check.status.success() && !said.contains("WARNING"), "qpdf --check {}: {said}", part.display());
        assert!(said.contains("No syntax or stream encoding errors"), "{said}");

        let got = Reading::of(&part);
        let name = part.display();
        assert_eq!(got.pages, expected.pages, "{name}");
        assert_eq!(got.outline, expected.outline, "{name}: the outline");
        assert_eq!(got.page_labels, expected.page_labels, "{name}: the page labels");
        assert_eq!(got.links, expected.links, "{name}: the links and where they lead");
        assert_eq!(got.structure, expected.structure, "{name}: the structure tree");
        assert_eq!(got.marked, expected.marked, "{name}: the content each page marks");
        assert_eq!(got.header_ids, expected.header_ids, "{name}: table headers");
        assert_eq!(got.catalog, expected.catalog, "{name}: the catalog's entries");
        assert!(got.pdf_a, "{name}: PDF/A-2b in the metadata");
    }
}

#[test]
fn the_hostile_pack_is_joined_page_for_page_and_without_claiming_pdf_a() {
    let dir = tempfile::tempdir().unwrap();
    // The hostile register's texts are at their fields' limits, one unbroken word each ending
    // in CJK, which no embedded font has.
    let register = nytta::demo::hostile::create(&dir.path().join("fientligt.nytta"), &dir.path().join("demo.nytta")).unwrap();
    let pdf = council_pack_in_parts(&register, demo::demo_date(), 1).unwrap();
    assert!(pdf.not_pdf_a.is_some());
    assert!(!nytta::report::pdf::is_pdf_a(&pdf.bytes), "no part may claim PDF/A");
    let path = dir.path().join("delar.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    let check = run("qpdf", &["--check", path.to_str().unwrap()]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
    // Its over-long names wrap in the contents, in the stand-ins' hidden headings, as in the
    // pack in one piece.
    let whole = dir.path().join("hel.pdf");
    std::fs::write(&whole, &council_pack_in_parts(&register, demo::demo_date(), usize::MAX).unwrap().bytes).unwrap();
    assert_eq!(Reading::of(&path).outline, Reading::of(&whole).outline);
    assert_eq!(text(&path), text(&whole));
    let (expected, got) = (pictures(&whole), pictures(&path));
    assert_eq!(got.len(), expected.len());
    for (i, (a, b)) in expected.iter().zip(&got).enumerate() {
        assert!(a == b, "the hostile pack's page {} differs from the pack in one piece", i + 1);
    }
}

/// What a reader takes from a PDF besides its pictures, page references replaced by page
/// numbers and object numbers left out, so that two files can be compared.
#[derive(Debug)]
struct Reading {
    pages: usize,
    outline: Vec<OutlineItem>,
    page_labels: Option<String>,
    /// Per link: its page, the page it leads to and the height there.
    links: Vec<(usize, usize, i64)>,
    /// The structure tree depth first: depth, type, and the pages its marked content is on.
    structure: Vec<(usize, String, Vec<usize>)>,
    /// Per page, how many marked-content items the parent tree lists for it.
    marked: Vec<usize>,
    /// The IDs table headers name, in order of the cells naming them, each found in the ID tree.
    header_ids: usize,
    catalog: Vec<String>,
    pdf_a: bool,
}

#[derive(Debug, PartialEq, Eq)]
struct OutlineItem {
    depth: usize,
    title: String,
    page: usize,
    y: i64,
    count: i64,
}

impl Reading {
    fn of(path: &Path) -> Reading {
        Reading::of_bytes(&std::fs::read(path).unwrap())
    }

    fn of_bytes(bytes: &[u8]) -> Reading {
        let doc = Document::load_mem(bytes).unwrap();
        let page_ids: Vec<ObjectId> = doc.get_pages().into_values().collect();
        let page_of: HashMap<ObjectId, usize> = page_ids.iter().enumerate().map(|(i, id)| (*id, i + 1)).collect();
        let catalog = doc.catalog().unwrap();

        let mut outline = Vec::new();
        if let Ok(root) = catalog.get(b"Outlines").and_then(Object::as_reference) {
            let first = doc.get_dictionary(root).unwrap().get(b"First").and_then(Object::as_reference).ok();
            read_outline(&doc, &page_of, first, 0, &mut outline);
        }
        let page_labels = catalog.get(b"PageLabels").ok().map(|labels| format!("{:?}", resolve(&doc, labels)));

        let mut links = Vec::new();
        for (index, page) in page_ids.iter().enumerate() {
            let page = doc.get_dictionary(*page).unwrap();
            let Ok(annots) = page.get(b"Annots") else { continue };
            for annot in resolve(&doc, annots).as_array().unwrap() {
                let annot = resolve(&doc, annot).as_dict().unwrap();
                if let Some((to, y)) = destination(&doc, &page_of, annot) {
                    links.push((index + 1, to, y));
                }
            }
        }

        // The structure tree, and for each marked-content item the element the parent tree
        // names for it must be the element that holds it.
        let root = resolve(&doc, catalog.get(b"StructTreeRoot").unwrap()).as_dict().unwrap();
        let mut parent_tree = HashMap::new();
        let nums = resolve(&doc, root.get(b"ParentTree").unwrap()).as_dict().unwrap().get(b"Nums").unwrap().as_array().unwrap();
        for pair in nums.chunks(2) {
            // A page's entry is (a reference to) an array, an annotation's a reference to its element.
            let value = match resolve(&doc, &pair[1]) {
                Object::Array(items) => Object::Array(items.clone()),
                _ => pair[1].clone(),
            };
            parent_tree.insert(pair[0].as_i64().unwrap(), value);
        }
        let mut structure = Vec::new();
        let mut marked_seen: HashMap<usize, usize> = HashMap::new();
        let mut ids_named = Vec::new();
        let mut ids_held = Vec::new();
        let document = match root.get(b"K").unwrap() {
            Object::Array(items) => {
                assert_eq!(items.len(), 1, "one Document element");
                items[0].as_reference().unwrap()
            }
            other => other.as_reference().unwrap(),
        };
        let mut pending = vec![(0usize, document, None::<ObjectId>)];
        while let Some((depth, id, _)) = pending.pop() {
            let elem = doc.get_dictionary(id).unwrap();
            let kind = String::from_utf8_lossy(elem.get(b"S").unwrap().as_name().unwrap()).to_string();
            let elem_page = elem.get(b"Pg").ok().and_then(|p| p.as_reference().ok());
            let mut pages = Vec::new();
            let kids = match elem.get(b"K") {
                Ok(Object::Array(items)) => items.clone(),
                Ok(other) => vec![other.clone()],
                Err(_) => Vec::new(),
            };
            let mut children = Vec::new();
            for kid in &kids {
                match kid {
                    Object::Integer(mcid) => {
                        let page = elem_page.expect("an MCID needs the element's page");
                        pages.push(page_of[&page]);
                        check_parent(&doc, &parent_tree, page, *mcid, id);
                        *marked_seen.entry(page_of[&page]).or_default() += 1;
                    }
                    Object::Reference(kid_id) => {
                        let kid_dict = doc.get_dictionary(*kid_id).unwrap();
                        match kid_dict.get_type().ok() {
                            Some(b"OBJR") => {
                                let annot = kid_dict.get(b"Obj").unwrap().as_reference().unwrap();
                                let key = doc.get_dictionary(annot).unwrap().get(b"StructParent").unwrap().as_i64().unwrap();
                                assert_eq!(parent_tree[&key].as_reference().ok(), Some(id), "an annotation's parent");
                            }
                            Some(b"MCR") => {
                                let page = kid_dict.get(b"Pg").ok().and_then(|p| p.as_reference().ok()).or(elem_page).unwrap();
                                pages.push(page_of[&page]);
                                check_parent(&doc, &parent_tree, page, kid_dict.get(b"MCID").unwrap().as_i64().unwrap(), id);
                                *marked_seen.entry(page_of[&page]).or_default() += 1;
                            }
                            _ => {
                                assert_eq!(kid_dict.get(b"P").unwrap().as_reference().unwrap(), id, "a child's parent");
                                children.push(*kid_id);
                            }
                        }
                    }
                    Object::Dictionary(objr) if objr.has(b"Obj") => {
                        let annot = objr.get(b"Obj").unwrap().as_reference().unwrap();
                        let key = doc.get_dictionary(annot).unwrap().get(b"StructParent").unwrap().as_i64().unwrap();
                        assert_eq!(parent_tree[&key].as_reference().ok(), Some(id), "an annotation's parent");
                    }
                    Object::Dictionary(mcr) => {
                        let page = mcr.get(b"Pg").ok().and_then(|p| p.as_reference().ok()).or(elem_page).unwrap();
                        pages.push(page_of[&page]);
                        check_parent(&doc, &parent_tree, page, mcr.get(b"MCID").unwrap().as_i64().unwrap(), id);
                        *marked_seen.entry(page_of[&page]).or_default() += 1;
                    }
                    _ => {}
                }
            }
            if let Ok(Object::Dictionary(attributes)) = elem.get(b"A").map(|a| resolve(&doc, a)) {
                collect_headers(attributes, &mut ids_named);
            } else if let Ok(Object::Array(attributes)) = elem.get(b"A").map(|a| resolve(&doc, a)) {
                for a in attributes {
                    if let Object::Dictionary(a) = resolve(&doc, a) {
                        collect_headers(a, &mut ids_named);
                    }
                }
            }
            if let Ok(own) = elem.get(b"ID") {
                ids_held.push((own.as_str().unwrap().to_vec(), id));
            }
            pages.sort();
            pages.dedup();
            structure.push((depth, kind, pages));
            for child in children.into_iter().rev() {
                pending.push((depth + 1, child, Some(id)));
            }
        }
        // Every ID a table header names is in the ID tree, naming an element with that ID.
        let mut id_tree = HashMap::new();
        if let Ok(tree) = root.get(b"IDTree") {
            let names = resolve(&doc, tree).as_dict().unwrap().get(b"Names").unwrap().as_array().unwrap();
            let mut previous: Option<Vec<u8>> = None;
            for pair in names.chunks(2) {
                let key = pair[0].as_str().unwrap().to_vec();
                assert!(previous.as_ref().is_none_or(|p| p < &key), "the ID tree's keys are sorted and unique");
                previous = Some(key.clone());
                let elem = doc.get_dictionary(pair[1].as_reference().unwrap()).unwrap();
                assert_eq!(elem.get(b"ID").unwrap().as_str().unwrap(), key.as_slice());
                id_tree.insert(key, pair[1].as_reference().unwrap());
            }
        }
        // Every element's ID is its own: the ID tree leads back to it.
        for (own, elem) in &ids_held {
            assert_eq!(id_tree.get(own), Some(elem), "{} is not the ID of one element", String::from_utf8_lossy(own));
        }
        for id in &ids_named {
            assert!(id_tree.contains_key(id), "{} is not in the ID tree", String::from_utf8_lossy(id));
        }
        let marked = (1..=page_ids.len())
            .map(|page| {
                let listed = doc
                    .get_dictionary(page_ids[page - 1])
                    .unwrap()
                    .get(b"StructParents")
                    .ok()
                    .map(|key| parent_tree[&key.as_i64().unwrap()].as_array().unwrap().len())
                    .unwrap_or(0);
                assert_eq!(listed, marked_seen.get(&page).copied().unwrap_or(0), "page {page}: the parent tree lists what the tree marks");
                listed
            })
            .collect();

        let catalog_keys = catalog.iter().map(|(k, _)| String::from_utf8_lossy(k).to_string()).collect::<BTreeSet<_>>().into_iter().collect();
        Reading {
            pages: page_ids.len(),
            outline,
            page_labels,
            links,
            structure,
            marked,
            header_ids: ids_named.len(),
            catalog: catalog_keys,
            pdf_a: nytta::report::pdf::is_pdf_a(bytes),
        }
    }
}

fn resolve<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    doc.dereference(object).unwrap().1
}

fn read_outline(doc: &Document, page_of: &HashMap<ObjectId, usize>, mut item: Option<ObjectId>, depth: usize, into: &mut Vec<OutlineItem>) {
    while let Some(id) = item {
        let dict = doc.get_dictionary(id).unwrap();
        let title = match dict.get(b"Title").unwrap() {
            Object::String(bytes, _) => decode_text(bytes),
            other => panic!("title {other:?}"),
        };
        let (page, y) = destination(doc, page_of, dict).expect("every bookmark leads to a page");
        into.push(OutlineItem { depth, title, page, y, count: dict.get(b"Count").and_then(Object::as_i64).unwrap_or(0) });
        read_outline(doc, page_of, dict.get(b"First").and_then(Object::as_reference).ok(), depth + 1, into);
        item = dict.get(b"Next").and_then(Object::as_reference).ok();
    }
}

/// The page and height an outline item or link leads to.
fn destination(doc: &Document, page_of: &HashMap<ObjectId, usize>, dict: &Dictionary) -> Option<(usize, i64)> {
    let dest = match dict.get(b"Dest") {
        Ok(dest) => resolve(doc, dest),
        Err(_) => resolve(doc, resolve(doc, dict.get(b"A").ok()?).as_dict().ok()?.get(b"D").ok()?),
    };
    let dest = dest.as_array().ok()?;
    let page = page_of[&dest[0].as_reference().ok()?];
    let y = dest.get(3).and_then(|y| y.as_float().ok()).map(|y| (y * 10.0).round() as i64).unwrap_or(-1);
    Some((page, y))
}

fn decode_text(bytes: &[u8]) -> String {
    if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = utf16.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8_lossy(bytes).to_string()
    }
}

/// The parent tree's entry for marked-content item `mcid` on `page` is `elem`.
fn check_parent(doc: &Document, parent_tree: &HashMap<i64, Object>, page: ObjectId, mcid: i64, elem: ObjectId) {
    let key = doc.get_dictionary(page).unwrap().get(b"StructParents").unwrap().as_i64().unwrap();
    let list = parent_tree[&key].as_array().unwrap();
    assert_eq!(list[mcid as usize].as_reference().unwrap(), elem, "the parent tree names the element for MCID {mcid}");
}

fn collect_headers(attributes: &Dictionary, into: &mut Vec<Vec<u8>>) {
    if let Ok(Object::Array(ids)) = attributes.get(b"Headers") {
        into.extend(ids.iter().filter_map(|id| id.as_str().ok().map(<[u8]>::to_vec)));
    }
}
