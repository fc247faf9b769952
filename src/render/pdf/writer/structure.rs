//! The structure tree of tagged PDF (PDF/UA-1): one `StructElem` per element of the layout's
//! [`Structure`], its kids in reading order (the element's marked content, then its link
//! annotations, then its child elements), and the `ParentTree` that leads back from each
//! page's marked content and each annotation to its element. The elements are written
//! straight into the file's object streams: the 100× plan has half a million of them.

use super::content::PageMarks;
use super::file::{write_name, write_num, write_object, write_ref, ObjNum, PdfFile};
use super::objects::text_string;
use super::PdfError;
use crate::render::pdf::ir::{HeaderScope, NodeId, Role, Structure};

/// Which elements the tree reaches from its root: the content writer marks content of any
/// other element as an artifact. Pages are written while the layout still adds to the
/// tree, so each element is looked up when its content is written, and remembered once
/// reached (the layout only ever adds).
#[derive(Default)]
pub(super) struct Tagging {
    reached: Vec<bool>,
}

impl Tagging {
    /// Whether every element from `node` up names the next as its parent and is listed
    /// among that parent's children, up to the root.
    pub(super) fn reaches(&mut self, tree: &Structure, node: NodeId) -> bool {
        let n = tree.len();
        if self.reached.get(node.0 as usize) == Some(&true) {
            return true;
        }
        if self.reached.len() < n {
            self.reached.resize(n, false);
        }
        let mut path = Vec::new();
        let mut at = node;
        loop {
            let i = at.0 as usize;
            if i >= n || path.len() > n {
                return false;
            }
            if self.reached[i] {
                break;
            }
            path.push(i);
            if at == Structure::ROOT {
                break;
            }
            let Some(parent) = tree.get(at).and_then(|node| node.parent) else {
                return false;
            };
            if !tree.get(parent).is_some_and(|p| p.children.contains(&at)) {
                return false;
            }
            at = parent;
        }
        for i in path {
            self.reached[i] = true;
        }
        true
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
    pub num: ObjNum,
    /// The page's index in the document.
    pub page: usize,
    pub node: NodeId,
}

/// The pages in document order, as the tree needs them.
pub(super) struct TreePages<'p> {
    pub nums: &'p [ObjNum],
    pub marks: &'p [&'p PageMarks],
}

/// Writes the structure tree under `root` and its parent tree under `parent_tree` (numbers
/// already given out: the catalog and the pages point at them). Each page's
/// `/StructParents` is its index, and each annotation's `/StructParent` follows the pages'.
pub(super) fn write_tree(
    file: &mut PdfFile,
    tree: &Structure,
    (root, parent_tree): (ObjNum, ObjNum),
    pages: &TreePages,
    annotations: &[Annotation],
) -> Result<(), PdfError> {
    let n = tree.nodes.len();
    let mut tagging = Tagging::default();
    let reached: Vec<bool> = (0..n)
        .map(|i| tagging.reaches(tree, NodeId(i as u32)))
        .collect();
    let first = file.alloc_many(reached.iter().filter(|r| **r).count());
    let mut next = first;
    let nums: Vec<Option<ObjNum>> = reached
        .iter()
        .map(|r| {
            r.then(|| {
                next += 1;
                next - 1
            })
        })
        .collect();
    let num_of = |node: NodeId| nums.get(node.0 as usize).copied().flatten();

    // Each element's marked content, in page order then stream order, as one list cut
    // into runs per element: (page, mcid).
    let mut starts = vec![0u32; n + 1];
    for m in pages.marks {
        for node in &m.mcids {
            if let Some(c) = starts.get_mut(node.0 as usize + 1) {
                *c += 1;
            }
        }
    }
    for i in 0..n {
        starts[i + 1] += starts[i];
    }
    let mut fill = starts.clone();
    let mut content = vec![(0u32, 0u32); starts[n] as usize];
    for (page, m) in pages.marks.iter().enumerate() {
        for (mcid, node) in m.mcids.iter().enumerate() {
            if let Some(at) = fill.get_mut(node.0 as usize) {
                content[*at as usize] = (page as u32, mcid as u32);
                *at += 1;
            }
        }
    }
    let mut objrs: Vec<Vec<&Annotation>> = vec![Vec::new(); n];
    for a in annotations {
        if let Some(o) = objrs.get_mut(a.node.0 as usize) {
            o.push(a);
        }
    }

    let mut out = Vec::with_capacity(256);
    for (i, node) in tree.nodes.iter().enumerate() {
        let Some(num) = nums[i] else { continue };
        let parent = match node.parent.and_then(num_of) {
            Some(p) if i != 0 => p,
            _ => root,
        };
        out.clear();
        out.extend_from_slice(b"<</Type /StructElem /S ");
        write_name(&mut out, role_name(node.role).as_bytes());
        out.extend_from_slice(b" /P ");
        write_ref(&mut out, parent);
        let own = &content[starts[i] as usize..starts[i + 1] as usize];
        let first_page = own.first().map(|(p, _)| *p);
        if let Some(p) = first_page {
            out.extend_from_slice(b" /Pg ");
            write_ref(&mut out, pages.nums[p as usize]);
        }
        let mut kids = Vec::with_capacity(64);
        let mut count = 0;
        for &(page, mcid) in own {
            kids.push(b' ');
            if Some(page) == first_page {
                write_num(&mut kids, mcid);
            } else {
                kids.extend_from_slice(b"<</Type /MCR /Pg ");
                write_ref(&mut kids, pages.nums[page as usize]);
                kids.extend_from_slice(b" /MCID ");
                write_num(&mut kids, mcid);
                kids.extend_from_slice(b">>");
            }
            count += 1;
        }
        for a in &objrs[i] {
            kids.extend_from_slice(b" <</Type /OBJR /Pg ");
            write_ref(&mut kids, pages.nums[a.page]);
            kids.extend_from_slice(b" /Obj ");
            write_ref(&mut kids, a.num);
            kids.extend_from_slice(b">>");
            count += 1;
        }
        // Each child once, in the order given, and only if the tree reaches it from here.
        for c in &node.children {
            if tree.get(*c).and_then(|cn| cn.parent) == Some(NodeId(i as u32)) {
                if let Some(cn) = num_of(*c) {
                    kids.push(b' ');
                    write_ref(&mut kids, cn);
                    count += 1;
                }
            }
        }
        match count {
            0 => {}
            1 => {
                out.extend_from_slice(b" /K");
                out.extend_from_slice(&kids);
            }
            _ => {
                out.extend_from_slice(b" /K [");
                out.extend_from_slice(&kids[1..]);
                out.push(b']');
            }
        }
        if let Some(alt) = &node.alt {
            out.extend_from_slice(b" /Alt ");
            write_object(&mut out, &text_string(alt), &[]);
        }
        if let Role::TH(scope) = node.role {
            out.extend_from_slice(match scope {
                HeaderScope::Row => b" /A <</O /Table /Scope /Row>>",
                HeaderScope::Column => b" /A <</O /Table /Scope /Column>>",
            });
        }
        out.extend_from_slice(b">>");
        file.object(num, &out)?;
    }

    let page_count = pages.marks.len();
    let mut nums_array = Vec::with_capacity(16 * (n + page_count));
    nums_array.extend_from_slice(b"<</Nums [");
    for (page, m) in pages.marks.iter().enumerate() {
        nums_array.push(b' ');
        write_num(&mut nums_array, page);
        nums_array.extend_from_slice(b" [");
        for (k, node) in m.mcids.iter().enumerate() {
            if k > 0 {
                nums_array.push(b' ');
            }
            match num_of(*node) {
                Some(num) => write_ref(&mut nums_array, num),
                None => nums_array.extend_from_slice(b"null"),
            }
        }
        nums_array.push(b']');
    }
    for (k, a) in annotations.iter().enumerate() {
        nums_array.push(b' ');
        write_num(&mut nums_array, page_count + k);
        nums_array.push(b' ');
        match num_of(a.node) {
            Some(num) => write_ref(&mut nums_array, num),
            None => nums_array.extend_from_slice(b"null"),
        }
    }
    nums_array.extend_from_slice(b"]>>");
    file.object(parent_tree, &nums_array)?;
    drop(nums_array);

    out.clear();
    out.extend_from_slice(b"<</Type /StructTreeRoot /ParentTree ");
    write_ref(&mut out, parent_tree);
    out.extend_from_slice(b" /ParentTreeNextKey ");
    write_num(&mut out, page_count + annotations.len());
    if let Some(doc) = num_of(Structure::ROOT) {
        out.extend_from_slice(b" /K ");
        write_ref(&mut out, doc);
    }
    out.extend_from_slice(b">>");
    file.object(root, &out)
}
