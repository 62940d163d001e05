//! Word documents for the tests, made here rather than committed, written the way Word
//! writes them rather than the way a library would: words split across runs (spelling
//! marks, revision ids and a last-rendered page break between their halves), lists
//! through numbering definitions and list styles, headings through styles based on
//! other styles, tracked changes and comments left in, a text box written twice (Word's
//! drawing and the VML fallback), a content control, a footnote, and every part deflated.

use std::io::Write;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A page number as Word writes one: a field, its code and its last result in runs.
const FIELD: &str = r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {} </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>N</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#;

/// A `.docx` holding `body` (the children of `w:body`) with Word's usual styles, two
/// lists (1: bullets, 2: numbers, its second level letters), the footnote `footnote`
/// (id 1), a comment (id 0, saying `comment`), hyperlink `rId9` to `link`, a page header
/// "Approved by the governors: `header`" and a footer "Page 2 of 7" (page-number fields).
pub fn document(body: &str, footnote: &str, comment: &str, link: &str, header: &str) -> Vec<u8> {
    package(
        body,
        &Parts {
            header: vec![paragraph("", &[run("", "Approved by the govern"), run("", "ors: "), run("", header)].concat())],
            footnotes: vec![footnote.to_owned()],
            comments: vec![comment.to_owned()],
            links: vec![("rId9".to_owned(), link.to_owned())],
        },
    )
}

/// What surrounds a document's body: the page header's paragraphs (XML), footnotes (ids
/// from 1), comments (ids from 0) and external links (relationship id, address). Every
/// page also has a footer "Page 2 of 7" made of page-number fields.
#[derive(Default)]
pub struct Parts {
    pub header: Vec<String>,
    pub footnotes: Vec<String>,
    pub comments: Vec<String>,
    pub links: Vec<(String, String)>,
}

/// A `.docx` holding `body` (the children of `w:body`) and `parts`, with Word's usual
/// styles and lists (see [`document`]).
pub fn package(body: &str, parts: &Parts) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:w10="urn:schemas-microsoft-com:office:word" xmlns:w="{W}" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" mc:Ignorable="w14"><w:body>{body}<w:sectPr w:rsidR="00A1"><w:headerReference w:type="default" r:id="rId10"/><w:headerReference w:type="first" r:id="rId10"/><w:footerReference w:type="default" r:id="rId11"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    );
    let notes: String = parts
        .footnotes
        .iter()
        .enumerate()
        .map(|(i, text)| {
            format!(
                r#"<w:footnote w:id="{}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>"#,
                i + 1
            )
        })
        .collect();
    let footnotes = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{W}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>{notes}</w:footnotes>"#
    );
    let comments: String = parts
        .comments
        .iter()
        .enumerate()
        .map(|(i, text)| {
            format!(r#"<w:comment w:id="{i}" w:author="A Governor" w:date="2026-01-01T10:00:00Z" w:initials="AG"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:comment>"#)
        })
        .collect();
    let comments = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments xmlns:w="{W}">{comments}</w:comments>"#
    );
    let links: String = parts
        .links
        .iter()
        .map(|(id, target)| {
            format!(
                r#"<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="{target}" TargetMode="External"/>"#
            )
        })
        .collect();
    let rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>{links}<Relationship Id="rId10" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rId11" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"#
    );
    deflated_text_zip(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("word/document.xml", &document),
        ("word/_rels/document.xml.rels", &rels),
        ("word/styles.xml", &styles()),
        ("word/numbering.xml", &numbering()),
        ("word/footnotes.xml", &footnotes),
        ("word/comments.xml", &comments),
        (
            "word/header1.xml",
            &format!(
                r#"<w:hdr xmlns:w="{W}" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml">{}</w:hdr>"#,
                parts.header.concat()
            ),
        ),
        (
            "word/footer1.xml",
            &format!(
                r#"<w:ftr xmlns:w="{W}" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml">{}</w:ftr>"#,
                paragraph(
                    "",
                    &[
                        run("", "Page "),
                        FIELD.replace("{}", "PAGE").replace("N", "2"),
                        run("", " of "),
                        FIELD.replace("{}", "NUMPAGES").replace("N", "7")
                    ]
                    .concat()
                )
            ),
        ),
        ("word/settings.xml", &format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings xmlns:w="{W}"/>"#)),
        ("docProps/core.xml", CORE),
    ])
}

/// Word's styles: `heading 1` to `3` and `Title` by their built-in names (the ids are
/// what a localised Word may rename, so headings are known by name), `Subheading` based on
/// `heading 2`, `List Bullet` carrying list 1, `toc 1`, and the character style `Strong`.
fn styles() -> String {
    let mut styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:sz w:val="22"/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>"#
    );
    for level in 1..=3 {
        styles.push_str(&format!(
            r#"<w:style w:type="paragraph" w:styleId="Heading{level}"><w:name w:val="heading {level}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="{}"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>"#,
            level - 1
        ));
    }
    styles.push_str(
        r#"<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="56"/></w:rPr></w:style><w:style w:type="paragraph" w:customStyle="1" w:styleId="Subheading"><w:name w:val="Subheading"/><w:basedOn w:val="Heading2"/></w:style><w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:left="720"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/><w:basedOn w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/><w:basedOn w:val="Normal"/></w:style><w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style><w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/><w:bCs/></w:rPr></w:style><w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style></w:styles>"#,
    );
    styles
}

fn numbering() -> String {
    let level = |ilvl: usize, format: &str, text: &str| {
        format!(
            r#"<w:lvl w:ilvl="{ilvl}" w:tplc="0809000F"><w:start w:val="1"/><w:numFmt w:val="{format}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{}" w:hanging="360"/></w:pPr></w:lvl>"#,
            720 * (ilvl + 1)
        )
    };
    let bullets: String = (0..9).map(|l| level(l, "bullet", if l % 2 == 0 { "\u{f0b7}" } else { "o" })).collect();
    let numbers: String =
        (0..9).map(|l| if l == 1 { level(l, "lowerLetter", "%2.") } else { level(l, "decimal", &format!("%{}.", l + 1)) }).collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0" w15:restartNumberingAfterBreak="0" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w:nsid w:val="1A2B3C4D"/><w:multiLevelType w:val="hybridMultilevel"/>{bullets}</w:abstractNum><w:abstractNum w:abstractNumId="1"><w:nsid w:val="5E6F7A8B"/><w:multiLevelType w:val="hybridMultilevel"/>{numbers}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#
    )
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
const CORE: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Office</dc:creator></cp:coreProperties>"#;

/// A run of `text` with Word's revision id and, when `props` is not empty, run properties.
pub fn run(props: &str, text: &str) -> String {
    let props = if props.is_empty() { String::new() } else { format!("<w:rPr>{props}</w:rPr>") };
    format!(r#"<w:r w:rsidR="00B2C3D4">{props}<w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

/// A paragraph of `content` (runs and the rest), with paragraph properties `props`.
pub fn paragraph(props: &str, content: &str) -> String {
    let props = if props.is_empty() { String::new() } else { format!("<w:pPr>{props}</w:pPr>") };
    format!(r#"<w:p w:rsidR="00A1B2C3" w:rsidRDefault="00A1B2C3" w14:paraId="1C2D3E4F" w14:textId="77777777">{props}{content}</w:p>"#)
}

/// A paragraph whose text Word has split into runs at each `|`, with a spelling mark and
/// a last-rendered page break between two of them, as Word's editing leaves it.
pub fn split(props: &str, text: &str) -> String {
    let mut content = String::new();
    for (i, part) in text.split('|').enumerate() {
        if i == 1 {
            content.push_str(r#"<w:proofErr w:type="spellStart"/><w:r><w:lastRenderedPageBreak/></w:r>"#);
        }
        content.push_str(&run("", part));
        if i == 1 {
            content.push_str(r#"<w:proofErr w:type="spellEnd"/><w:bookmarkStart w:id="0" w:name="_Toc1"/><w:bookmarkEnd w:id="0"/>"#);
        }
    }
    paragraph(props, &content)
}

/// A list item of list `list` at `level`, its text split into runs at `|`.
pub fn item(list: u32, level: u32, text: &str) -> String {
    split(&format!(r#"<w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{list}"/></w:numPr>"#), text)
}

/// A table cell: `span` grid columns wide, `merge` a vMerge (`restart`, `continue` or
/// empty for none), holding `content` (paragraphs).
pub fn cell(span: u32, merge: &str, content: &str) -> String {
    let mut props = r#"<w:tcW w:w="3005" w:type="dxa"/>"#.to_owned();
    if span > 1 {
        props.push_str(&format!(r#"<w:gridSpan w:val="{span}"/>"#));
    }
    match merge {
        "" => {}
        "continue" => props.push_str("<w:vMerge/>"),
        other => props.push_str(&format!(r#"<w:vMerge w:val="{other}"/>"#)),
    }
    let content = if content.is_empty() { paragraph("", "") } else { content.to_owned() };
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{content}</w:tc>")
}

pub fn table(columns: usize, rows: &[String]) -> String {
    let grid: String = (0..columns).map(|_| r#"<w:gridCol w:w="3005"/>"#).collect();
    let rows: String = rows.iter().map(|cells| format!(r#"<w:tr w:rsidR="00C1"><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>"#)).collect();
    format!(
        r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/><w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>"#
    )
}

/// A `.docx` of `body` with Word's styles and the pictures `pictures` (each its name
/// inside `word/media/` and its bytes), related as `rIdPic1`, `rIdPic2`, ...
pub fn with_pictures(body: &str, pictures: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
    );
    for (n, (name, _)) in pictures.iter().enumerate() {
        rels.push_str(&format!(
            r#"<Relationship Id="rIdPic{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/{name}"/>"#,
            n + 1
        ));
    }
    rels.push_str("</Relationships>");
    let styles = styles();
    let mut files: Vec<(String, &[u8])> = vec![
        ("[Content_Types].xml".into(), CONTENT_TYPES.as_bytes()),
        ("_rels/.rels".into(), ROOT_RELS.as_bytes()),
        ("word/document.xml".into(), document.as_bytes()),
        ("word/_rels/document.xml.rels".into(), rels.as_bytes()),
        ("word/styles.xml".into(), styles.as_bytes()),
    ];
    for (name, bytes) in pictures {
        files.push((format!("word/media/{name}"), bytes));
    }
    deflated_zip(&files.iter().map(|(n, b)| (n.as_str(), *b)).collect::<Vec<_>>())
}

/// A picture in its own run as Word writes one inline: its description (`descr`, the
/// Alt Text pane) and the name of the file it was inserted from, which must never be
/// published.
pub fn picture(relationship: u32, description: &str, file_name: &str) -> String {
    format!(
        r#"<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="952500" cy="952500"/><wp:docPr id="{relationship}" name="Picture {relationship}" descr="{description}"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="{relationship}" name="{file_name}"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rIdPic{relationship}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr/></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#
    )
}

/// A ZIP archive of text `files`, each deflated.
fn deflated_text_zip(files: &[(&str, &str)]) -> Vec<u8> {
    deflated_zip(&files.iter().map(|(name, text)| (*name, text.as_bytes())).collect::<Vec<_>>())
}

/// A ZIP archive of `files`, each deflated, as Word and LibreOffice write them.
pub fn deflated_zip(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out: Vec<u8> = Vec::new();
    let mut central: Vec<u8> = Vec::new();
    for (name, data) in files {
        let (name, data) = (name.as_bytes(), *data);
        let mut deflater = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        deflater.write_all(data).expect("memory");
        let packed = deflater.finish().expect("memory");
        let mut crc = flate2::Crc::new();
        crc.update(data);
        let offset = u32::try_from(out.len()).expect("small");
        let (size, packed_len) = (u32::try_from(data.len()).expect("small"), u32::try_from(packed.len()).expect("small"));
        let name_len = u16::try_from(name.len()).expect("short");
        let common = |f: &mut Vec<u8>| {
            for part in
                [&[0; 2][..], &8u16.to_le_bytes(), &[0; 4], &crc.sum().to_le_bytes(), &packed_len.to_le_bytes(), &size.to_le_bytes()]
            {
                f.extend_from_slice(part);
            }
            f.extend_from_slice(&name_len.to_le_bytes());
        };
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&20u16.to_le_bytes());
        common(&mut out);
        out.extend_from_slice(&[0; 2]);
        out.extend_from_slice(name);
        out.extend_from_slice(&packed);
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes());
        common(&mut central);
        central.extend_from_slice(&[0; 12]);
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name);
    }
    let count = u16::try_from(files.len()).expect("few files");
    let start = u32::try_from(out.len()).expect("small");
    let size = u32::try_from(central.len()).expect("small");
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(&start.to_le_bytes());
    out.extend_from_slice(&[0; 2]);
    out
}
