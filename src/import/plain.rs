//! Plain text and Markdown files read for import.
//!
//! In: a file's text. Out: for plain text, the [`Document`] model (paragraphs split at
//! blank lines, lines typed as bullets as list items, numbered short lines as headings,
//! as a Word document's are); for Markdown, the body as it is and the title it gives.

use super::model::{self, Block, Document, Inline, Look, Typed};

/// Plain text as the document model.
pub(crate) fn read_text(text: &str) -> Document {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<Inline> = Vec::new();
    let flush = |paragraph: &mut Vec<Inline>, blocks: &mut Vec<Block>| {
        model::trim(paragraph);
        if paragraph.is_empty() {
            return;
        }
        let text = std::mem::take(paragraph);
        // A short first line standing alone is the document's title, as a bold line
        // would be in Word: plain text has no bold to tell it by.
        let first = blocks.is_empty();
        blocks.push(match model::typed_heading(&model::plain(&text), first) {
            Some(Typed::Numbered(depth)) => Block::Heading { level: depth, text },
            Some(Typed::Bold) => Block::Heading { level: 0, text },
            None => Block::Paragraph(text),
        });
    };
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            flush(&mut paragraph, &mut blocks);
            continue;
        }
        let bullet = ["- ", "* ", "• ", "· ", "– ", "o\t", "•\t"].iter().find_map(|b| trimmed.strip_prefix(b));
        if let Some(item) = bullet {
            flush(&mut paragraph, &mut blocks);
            let level = (line.len() - line.trim_start().len()) / 2;
            let mut text = Vec::new();
            model::push_text(&mut text, item.trim(), &Look::default());
            blocks.push(Block::Item { level: level.min(8), ordered: false, text });
            continue;
        }
        if !paragraph.is_empty() {
            model::push_text(&mut paragraph, " ", &Look::default());
        }
        model::push_text(&mut paragraph, trimmed, &Look::default());
    }
    flush(&mut paragraph, &mut blocks);
    Document { blocks, notes: Vec::new(), images: Vec::new() }
}

/// A Markdown file's title (from its front matter's `title:` or its first `# ` heading,
/// which is then taken out of the body, the page giving the title its own heading) and
/// its body without any front matter.
pub(crate) fn read_markdown(text: &str) -> (Option<String>, String) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (mut title, body) = match text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n")).and_then(|rest| {
        let end = rest.find("\n---\n").or_else(|| rest.find("\n---\r\n")).or_else(|| rest.strip_suffix("\n---").map(str::len))?;
        let front = &rest[..end];
        let body = rest[end + 4..].trim_start_matches(['-', '\r', '\n']);
        Some((front.lines().find_map(|l| l.strip_prefix("title:")).map(|t| t.trim().trim_matches(['"', '\'']).to_owned()), body))
    }) {
        Some((title, body)) => (title, body.to_owned()),
        None => (None, text.to_owned()),
    };
    let mut lines: Vec<&str> = body.lines().collect();
    if title.is_none()
        && let Some(first) = lines.iter().position(|l| !l.trim().is_empty())
        && let Some(heading) = lines[first].strip_prefix("# ")
    {
        title = Some(heading.trim().trim_end_matches('#').trim().to_owned());
        lines.remove(first);
    }
    let body = lines.join("\n").trim().to_owned() + "\n";
    (title.filter(|t| !t.is_empty()), body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_paragraphs_bullets_and_numbered_headings() {
        let document = read_text("1. Purpose\n\nThis policy says\nhow we work.\n\n- one\n  - two\n");
        assert!(matches!(&document.blocks[0], Block::Heading { level: 1, .. }));
        assert_eq!(
            model::plain(match &document.blocks[1] {
                Block::Paragraph(t) => t,
                _ => panic!(),
            }),
            "This policy says how we work."
        );
        assert!(matches!(&document.blocks[3], Block::Item { level: 1, ordered: false, .. }));
    }

    #[test]
    fn markdown_title_from_front_matter_or_first_heading() {
        assert_eq!(read_markdown("# Online Safety\n\nText.\n"), (Some("Online Safety".into()), "Text.\n".into()));
        assert_eq!(
            read_markdown("---\ntitle: \"E-safety\"\nlayout: x\n---\n# Heading\nText\n"),
            (Some("E-safety".into()), "# Heading\nText\n".into())
        );
        assert_eq!(read_markdown("Just text\n"), (None, "Just text\n".into()));
    }
}
