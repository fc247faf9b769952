//! What PDF/A-2u and PDF/UA-1 ask of the document beyond its pages: the XMP metadata stream
//! that declares both and repeats the document info, and the sRGB output intent that gives
//! the DeviceRGB colours their meaning.

use lopdf::{Dictionary, Object, Stream};

use super::objects::{pdf_date, PRODUCER};
use super::PdfError;
use crate::render::pdf::ir::DocInfo;

/// sRGB-v2-magic.icc from Clinton Ingram's Compact ICC Profiles, CC0 1.0 (public domain
/// dedication); see assets/LICENSE-CC0-sRGB.txt. 736 bytes, ICC v2, which every PDF/A
/// validator and viewer reads.
const SRGB_ICC: &[u8] = include_bytes!("../../../../assets/sRGB-v2-magic.icc");

/// The metadata stream: the same title, author, subject, tool and dates as the info
/// dictionary (PDF/A requires them to agree), the language, and the conformance claims.
pub(super) fn metadata(lo: &mut lopdf::Document, info: &DocInfo) -> Result<Object, PdfError> {
    let date = xmp_date(&pdf_date(info.created)?);
    let mut x = String::with_capacity(4096);
    x.push_str("<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    x.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n");
    x.push_str("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    x.push_str(
        "<rdf:Description rdf:about=\"\"\n \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n \
         xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n \
         xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n \
         xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n \
         xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n",
    );
    let alt = |x: &mut String, name: &str, value: &str| {
        x.push_str(&format!(
            "<{name}><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></{name}>\n",
            escape(value)
        ));
    };
    alt(&mut x, "dc:title", &info.title);
    // Always, as the info dictionary always has a subject: PDF/A wants the two to agree.
    alt(&mut x, "dc:description", &info.subject);
    x.push_str(&format!(
        "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
        escape(&info.author)
    ));
    x.push_str(&format!(
        "<dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>\n",
        escape(&info.language)
    ));
    x.push_str("<dc:format>application/pdf</dc:format>\n");
    x.push_str(&format!(
        "<xmp:CreatorTool>shinchoku</xmp:CreatorTool>\n\
         <xmp:CreateDate>{date}</xmp:CreateDate>\n\
         <xmp:ModifyDate>{date}</xmp:ModifyDate>\n\
         <xmp:MetadataDate>{date}</xmp:MetadataDate>\n\
         <pdf:Producer>{}</pdf:Producer>\n",
        escape(PRODUCER)
    ));
    x.push_str(
        "<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>U</pdfaid:conformance>\n\
         <pdfuaid:part>1</pdfuaid:part>\n</rdf:Description>\n",
    );
    // PDF/A accepts only the XMP schemas it lists unless the file describes the others:
    // pdfuaid is not among them.
    x.push_str(
        "<rdf:Description rdf:about=\"\"\n \
         xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n \
         xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n \
         xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n\
         <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n\
         <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n\
         <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n\
         <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n\
         <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n\
         <pdfaProperty:name>part</pdfaProperty:name>\n\
         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n\
         <pdfaProperty:category>internal</pdfaProperty:category>\n\
         <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>\n\
         </rdf:li></rdf:Seq></pdfaSchema:property>\n\
         </rdf:li></rdf:Bag></pdfaExtension:schemas>\n\
         </rdf:Description>\n",
    );
    x.push_str("</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");

    let mut stream = Stream::new(
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Metadata".to_vec())),
            ("Subtype", Object::Name(b"XML".to_vec())),
        ]),
        x.into_bytes(),
    );
    // Left readable: tools that look for the packet scan the file for it.
    stream.allows_compression = false;
    Ok(Object::Reference(lo.add_object(stream)))
}

/// The output intents array: sRGB, the colour space every colour of the report is meant in.
pub(super) fn output_intents(lo: &mut lopdf::Document) -> Object {
    let profile = lo.add_object(Stream::new(
        Dictionary::from_iter(vec![("N", Object::Integer(3))]),
        SRGB_ICC.to_vec(),
    ));
    let srgb = Object::string_literal("sRGB IEC61966-2.1");
    Object::Array(vec![Object::Dictionary(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"OutputIntent".to_vec())),
        ("S", Object::Name(b"GTS_PDFA1".to_vec())),
        ("OutputConditionIdentifier", srgb.clone()),
        ("Info", srgb),
        (
            "RegistryName",
            Object::string_literal("http://www.color.org"),
        ),
        ("DestOutputProfile", Object::Reference(profile)),
    ]))])
}

/// `D:20220601000000+09'00'` → `2022-06-01T00:00:00+09:00`.
fn xmp_date(pdf: &str) -> String {
    let d = pdf.strip_prefix("D:").unwrap_or(pdf);
    let part = |a: usize, b: usize| d.get(a..b).unwrap_or("00");
    format!(
        "{}-{}-{}T{}:{}:{}+09:00",
        part(0, 4),
        part(4, 6),
        part(6, 8),
        part(8, 10),
        part(10, 12),
        part(12, 14)
    )
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Not allowed in XML 1.0 at all: dropped rather than making the packet invalid.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_text_are_written_as_xmp_wants() {
        assert_eq!(
            xmp_date("D:20220601093005+09'00'"),
            "2022-06-01T09:30:05+09:00"
        );
        assert_eq!(escape("A&B<プラン>\u{1}"), "A&amp;B&lt;プラン&gt;");
    }
}
