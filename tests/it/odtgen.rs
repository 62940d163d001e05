//! OpenDocument texts for the tests, made here rather than committed, written the way
//! LibreOffice writes them: automatic styles (`P1`, `T1`) for every change of look,
//! named styles in `styles.xml` (`Heading_20_1` and its outline level), list styles
//! (`L1` numbered, `L2` bullets), runs of spaces as `text:s`, soft page breaks where a
//! page ended, tracked changes with their deleted text waiting in `text:tracked-changes`,
//! an annotation, a table of contents, a master page's header and footer, and every part
//! deflated but the `mimetype` first.

use crate::docxgen::deflated_zip;

const NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0" office:version="1.3""#;

/// LibreOffice's automatic styles for a body: `P1` a bold paragraph, `P2` a list
/// paragraph of `L1`, `T1` bold, `T2` italic; `L1` numbered, its second level bullets.
const AUTOMATIC: &str = r#"<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Standard"><style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/></style:style><style:style style:name="P2" style:family="paragraph" style:parent-style-name="Standard" style:list-style-name="L1"/><style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style><style:style style:name="T2" style:family="text"><style:text-properties fo:font-style="italic"/></style:style><style:style style:name="fr1" style:family="graphic" style:parent-style-name="Graphics"/><text:list-style style:name="L1"><text:list-level-style-number text:level="1" text:style-name="Numbering_20_Symbols" style:num-suffix="." style:num-format="1"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"/></text:list-level-style-number><text:list-level-style-bullet text:level="2" text:style-name="Bullet_20_Symbols" text:bullet-char="◦"/></text:list-style>"#;

/// An `.odt` holding `body` (the children of `office:text`), a header `header` and a
/// footer with the page number, and `pictures` (each its name in `Pictures/` and bytes).
pub fn document(body: &str, header: &str, pictures: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content {NS}><office:scripts/><office:font-face-decls/><office:automatic-styles>{AUTOMATIC}</office:automatic-styles><office:body><office:text><text:sequence-decls><text:sequence-decl text:display-outline-level="0" text:name="Illustration"/></text:sequence-decls>{body}</office:text></office:body></office:document-content>"#
    );
    let styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles {NS}><office:styles><style:style style:name="Standard" style:family="paragraph" style:class="text"/><style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Text_20_body" style:class="text"><style:text-properties fo:font-size="14pt"/></style:style><style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="1" style:class="text"><style:text-properties fo:font-weight="bold"/></style:style><style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="2" style:class="text"><style:text-properties fo:font-weight="bold"/></style:style><style:style style:name="Title" style:family="paragraph" style:parent-style-name="Heading" style:class="chapter"><style:text-properties fo:font-size="28pt" fo:font-weight="bold"/></style:style><style:style style:name="Contents_20_1" style:display-name="Contents 1" style:family="paragraph" style:parent-style-name="Index"/><text:list-style style:name="L2"><text:list-level-style-bullet text:level="1" text:bullet-char="•"/></text:list-style></office:styles><office:automatic-styles><style:style style:name="MP1" style:family="paragraph" style:parent-style-name="Header"/><style:page-layout style:name="Mpm1"/></office:automatic-styles><office:master-styles><style:master-page style:name="Standard" style:page-layout-name="Mpm1"><style:header><text:p text:style-name="MP1">{header}</text:p></style:header><style:footer><text:p text:style-name="MP1">Page <text:page-number text:select-page="current">2</text:page-number> of <text:page-count>7</text:page-count></text:p></style:footer></style:master-page></office:master-styles></office:document-styles>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut files: Vec<(String, &[u8])> = vec![
        ("mimetype".into(), b"application/vnd.oasis.opendocument.text"),
        ("content.xml".into(), content.as_bytes()),
        ("styles.xml".into(), styles.as_bytes()),
        ("META-INF/manifest.xml".into(), manifest.as_bytes()),
    ];
    for (name, bytes) in pictures {
        files.push((format!("Pictures/{name}"), bytes));
    }
    deflated_zip(&files.iter().map(|(n, b)| (n.as_str(), *b)).collect::<Vec<_>>())
}

/// A picture anchored in a paragraph as LibreOffice writes one, with its title and
/// description (Format > Name / Description).
pub fn picture(name: &str, title: &str, description: &str) -> String {
    format!(
        r#"<draw:frame draw:style-name="fr1" draw:name="Image1" text:anchor-type="as-char" svg:width="2cm" svg:height="2cm" draw:z-index="0"><draw:image xlink:href="Pictures/{name}" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad" draw:mime-type="image/png"/><svg:title>{title}</svg:title><svg:desc>{description}</svg:desc></draw:frame>"#
    )
}
