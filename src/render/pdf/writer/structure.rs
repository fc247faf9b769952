//! The structure tree of tagged PDF (PDF/UA-1): one `StructElem` per element of the layout's
//! [`Structure`], its kids in reading order (the element's marked content, then its link
//! annotations, then its child elements), and the `ParentTree` that leads back from each
//! page's marked content and each annotation to its element.

use lopdf::{Dictionary, Object, ObjectId};

use super::content::PageMarks;
use super::objects::text_string;
use super::PdfError;
use crate::render::pdf::ir::{HeaderScope, NodeId, Role, Structure};

/// Which elements the tree reaches from its root, and their roles: the content writer marks
/// content of any other element as an artifact.
pub(super) struct Tagging {
    roles: Vec<Option<Role>>,
}

impl Tagging {
    pub(super) fn new(tree: &Structure) -> Tagging {
        let mut roles = vec![None; tree.nodes.len()];
        // Iterative, and each node visited once however the input links them.
        let mut stack = vec![Structure::ROOT];
        while let Some(id) = stack.pop() {
            let Some(node) = tree.get(id) else { continue };
            if roles[id.0 as usize].is_some() {
                continue;
            }
            roles[id.0 as usize] = Some(node.role);
            // A child is the node's only if it names the node as its parent.
            let own = |c: &&NodeId| tree.get(**c).and_then(|cn| cn.parent) == Some(id);
            stack.extend(node.children.iter().rev().filter(own));
        }
        Tagging { roles }
    }

    pub(super) fn reaches(&self, node: NodeId) -> bool {
        self.role(node).is_some()
    }

    pub(super) fn role(&self, node: NodeId) -> Option<Role> {
        self.roles.get(node.0 as usize).copied().flatten()
    }
}

/// The standard structure type's name.
pub(super) fn role_name(role: Role) -> &'static str {
    match role {
        Role::Document => "Document",
        Role::Sect => "Sect",
        Role::H(1) => "H1",
        Role::H(2) => "H2",
        Role::H(3) => "H3",
        Role::H(4) => "H4",
        Role::H(5) => "H5",
        Role::H(_) => "H6",
        Role::P => "P",
        Role::L => "L",
        Role::LI => "LI",
        Role::Lbl => "Lbl",
        Role::LBody => "LBody",
        Role::Table => "Table",
        Role::TR => "TR",
        Role::TH(_) => "TH",
        Role::TD => "TD",
        Role::TOC => "TOC",
        Role::TOCI => "TOCI",
        Role::Link => "Link",
        Role::Figure => "Figure",
    }
}

/// A page's link annotation, once written as an object of its own.
pub(super) struct Annotation {
    pub id: ObjectId,
    pub page: usize,
    pub node: NodeId,
}

/// Writes the structure tree; returns the `StructTreeRoot`'s id. Sets each page's
/// `/StructParents` (its index) and each annotation's `/StructParent` (after the pages').
pub(super) fn write_tree(
    lo: &mut lopdf::Document,
    tree: &Structure,
    tagging: &Tagging,
    page_ids: &[ObjectId],
    marks: &[PageMarks],
    annotations: &[Annotation],
) -> Result<ObjectId, PdfError> {
    let n = tree.nodes.len();
    let root_id = lo.new_object_id();
    let ids: Vec<Option<ObjectId>> = (0..n)
        .map(|i| {
            tagging
                .reaches(NodeId(i as u32))
                .then(|| lo.new_object_id())
        })
        .collect();
    let id_of = |node: NodeId| ids.get(node.0 as usize).copied().flatten();

    // Each element's marked content, in page order then stream order.
    let mut content: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for (page, m) in marks.iter().enumerate() {
        for (mcid, node) in m.mcids.iter().enumerate() {
            if let Some(c) = content.get_mut(node.0 as usize) {
                c.push((page, mcid));
            }
        }
    }
    let mut objrs: Vec<Vec<&Annotation>> = vec![Vec::new(); n];
    for a in annotations {
        if let Some(o) = objrs.get_mut(a.node.0 as usize) {
            o.push(a);
        }
    }

    for (i, node) in tree.nodes.iter().enumerate() {
        let Some(id) = ids[i] else { continue };
        let parent = match node.parent.and_then(id_of) {
            Some(p) if i != 0 => p,
            _ => root_id,
        };
        let mut dict = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"StructElem".to_vec())),
            ("S", Object::Name(role_name(node.role).as_bytes().to_vec())),
            ("P", Object::Reference(parent)),
        ]);
        let mut kids = Vec::new();
        let first_page = content[i].first().map(|(p, _)| *p);
        if let Some(p) = first_page {
            dict.set("Pg", Object::Reference(page_ids[p]));
        }
        for &(page, mcid) in &content[i] {
            if Some(page) == first_page {
                kids.push(Object::Integer(mcid as i64));
            } else {
                kids.push(Object::Dictionary(Dictionary::from_iter(vec![
                    ("Type", Object::Name(b"MCR".to_vec())),
                    ("Pg", Object::Reference(page_ids[page])),
                    ("MCID", Object::Integer(mcid as i64)),
                ])));
            }
        }
        for a in &objrs[i] {
            kids.push(Object::Dictionary(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"OBJR".to_vec())),
                ("Pg", Object::Reference(page_ids[a.page])),
                ("Obj", Object::Reference(a.id)),
            ])));
        }
        // Each child once, in the order given, and only if the tree reaches it from here.
        for c in &node.children {
            if tree.get(*c).and_then(|cn| cn.parent) == Some(NodeId(i as u32)) {
                if let Some(cid) = id_of(*c) {
                    kids.push(Object::Reference(cid));
                }
            }
        }
        match kids.len() {
            0 => {}
            1 => dict.set("K", kids.pop().unwrap_or(Object::Null)),
            _ => dict.set("K", Object::Array(kids)),
        }
        if let Some(alt) = &node.alt {
            dict.set("Alt", text_string(alt));
        }
        if let Role::TH(scope) = node.role {
            let scope: &[u8] = match scope {
                HeaderScope::Row => b"Row",
                HeaderScope::Column => b"Column",
            };
            dict.set(
                "A",
                Dictionary::from_iter(vec![
                    ("O", Object::Name(b"Table".to_vec())),
                    ("Scope", Object::Name(scope.to_vec())),
                ]),
            );
        }
        lo.objects.insert(id, Object::Dictionary(dict));
    }

    let mut nums = Vec::with_capacity(2 * (marks.len() + annotations.len()));
    for (page, m) in marks.iter().enumerate() {
        nums.push(Object::Integer(page as i64));
        let refs = m
            .mcids
            .iter()
            .map(|node| id_of(*node).map_or(Object::Null, Object::Reference))
            .collect();
        nums.push(Object::Array(refs));
        let dict = lo
            .get_dictionary_mut(page_ids[page])
            .map_err(|e| PdfError::Encoding(format!("page: {e}")))?;
        dict.set("StructParents", Object::Integer(page as i64));
    }
    for (k, a) in annotations.iter().enumerate() {
        let key = (marks.len() + k) as i64;
        nums.push(Object::Integer(key));
        nums.push(id_of(a.node).map_or(Object::Null, Object::Reference));
        let dict = lo
            .get_dictionary_mut(a.id)
            .map_err(|e| PdfError::Encoding(format!("annotation: {e}")))?;
        dict.set("StructParent", Object::Integer(key));
    }
    let parent_tree = lo.add_object(Dictionary::from_iter(vec![("Nums", Object::Array(nums))]));

    let mut root = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"StructTreeRoot".to_vec())),
        ("ParentTree", Object::Reference(parent_tree)),
        (
            "ParentTreeNextKey",
            Object::Integer((marks.len() + annotations.len()) as i64),
        ),
    ]);
    if let Some(doc) = id_of(Structure::ROOT) {
        root.set("K", Object::Reference(doc));
    }
    lo.objects.insert(root_id, Object::Dictionary(root));
    Ok(root_id)
}
