//! Prose set aside while Tera works on a body.
//!
//! Tera's parser tests every character of plain text against every tag opener, and a
//! policy is nearly all plain text: parsing 1,000 bodies of 11 KB took most of a build.
//! So before a body is given to Tera, each run of prose between tags is swapped for a
//! short marker (private-use characters around an index) and swapped back after
//! rendering. Tags, and the whitespace next to them (which `{%-` and `-%}` trim), are
//! left exactly as written, so what Tera renders is unchanged.
//!
//! In: template bodies. Out: the same bodies with prose replaced by markers, and the
//! rendered output with the prose put back. The shared bodies' table is made once and
//! shared by every school; each school adds its own bodies' prose after it, so one
//! table serves a school's override and the shared body it extends alike.

use std::sync::Arc;

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';
/// Runs shorter than this stay in place: a marker costs a few bytes itself.
const SHORTEST: usize = 16;

#[derive(Debug, Default, Clone)]
pub struct ProseTable {
    /// The shared bodies' runs, numbered first.
    shared: Arc<Vec<String>>,
    /// This table's own runs, numbered after the shared ones.
    runs: Vec<String>,
}

impl ProseTable {
    /// A table that starts where this one ends and shares its runs: one per school,
    /// after the shared bodies'.
    pub fn continued(self) -> ProseTable {
        let mut shared = Arc::unwrap_or_clone(self.shared);
        shared.extend(self.runs);
        ProseTable { shared: Arc::new(shared), runs: Vec::new() }
    }

    /// `body` with its prose replaced by markers. A body that already holds a marker
    /// character, or a `raw` block (whose content Tera must see as written), is kept whole.
    pub fn set_aside(&mut self, body: &str) -> String {
        if body.contains([OPEN, CLOSE]) || body.contains("raw") {
            return body.to_owned();
        }
        let mut out = String::with_capacity(body.len() / 4);
        let mut rest = body;
        while !rest.is_empty() {
            let (prose, tag_and_after) = rest.split_at(next_tag(rest).unwrap_or(rest.len()));
            self.push_prose(prose, &mut out);
            let tag_len = tag_length(tag_and_after);
            out.push_str(&tag_and_after[..tag_len]);
            rest = &tag_and_after[tag_len..];
        }
        out
    }

    /// Rendered output with every marker replaced by its prose.
    pub fn restore(&self, rendered: &str) -> String {
        if !rendered.contains(OPEN) {
            return rendered.to_owned();
        }
        let mut out = String::with_capacity(rendered.len() * 4);
        let mut rest = rendered;
        while let Some(start) = rest.find(OPEN) {
            out.push_str(&rest[..start]);
            let after = &rest[start + OPEN.len_utf8()..];
            let run = after.split_once(CLOSE).and_then(|(index, tail)| Some((self.run(index.parse().ok()?)?, tail)));
            match run {
                Some((prose, tail)) => {
                    out.push_str(prose);
                    rest = tail;
                }
                None => {
                    out.push(OPEN);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    fn run(&self, index: usize) -> Option<&String> {
        self.shared.get(index).or_else(|| self.runs.get(index.checked_sub(self.shared.len())?))
    }

    fn push_prose(&mut self, prose: &str, out: &mut String) {
        let core = prose.trim_matches(char::is_whitespace);
        if core.len() < SHORTEST {
            out.push_str(prose);
            return;
        }
        let lead = prose.len() - prose.trim_start_matches(char::is_whitespace).len();
        out.push_str(&prose[..lead]);
        out.push(OPEN);
        out.push_str(&(self.shared.len() + self.runs.len()).to_string());
        out.push(CLOSE);
        out.push_str(&prose[lead + core.len()..]);
        self.runs.push(core.to_owned());
    }
}

/// Where the next `{{`, `{%` or `{#` starts.
fn next_tag(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(1)).find(|&i| bytes[i] == b'{' && matches!(bytes[i + 1], b'{' | b'%' | b'#'))
}

/// The length of the tag at the start of `text` (all of it if never closed, so Tera
/// sees and reports the same error it would have seen).
fn tag_length(text: &str) -> usize {
    let closer = match text.as_bytes().get(1) {
        Some(b'{') => "}}",
        Some(b'%') => "%}",
        Some(b'#') => "#}",
        _ => return text.len(),
    };
    text.get(2..).and_then(|after| after.find(closer)).map_or(text.len(), |i| i + 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(body: &str, rendered_as_tera_would: impl Fn(&str) -> String) -> String {
        let mut table = ProseTable::default();
        let compact = table.set_aside(body);
        table.restore(&rendered_as_tera_would(&compact))
    }

    #[test]
    fn prose_goes_and_comes_back_around_tags() {
        let body = "## Who to talk to\n\nIf you are worried, talk to {{ role(name=\"dsl\") }} today or tomorrow.\n";
        let mut table = ProseTable::default();
        let compact = table.set_aside(body);
        assert!(compact.len() < body.len() / 2, "{compact}");
        assert!(compact.contains("{{ role(name=\"dsl\") }}"));
        let rendered = compact.replace("{{ role(name=\"dsl\") }}", "Mr Ben Sample");
        assert_eq!(table.restore(&rendered), "## Who to talk to\n\nIf you are worried, talk to Mr Ben Sample today or tomorrow.\n");
    }

    #[test]
    fn whitespace_next_to_tags_stays_for_tera_to_trim() {
        let body = "Intro text that is long enough.\n\n{%- if x -%}\n\n  Inside the block, long enough too.  \n\n{%- endif %}";
        let mut table = ProseTable::default();
        let compact = table.set_aside(body);
        assert!(compact.contains("\n\n{%- if x -%}\n\n  \u{E000}1\u{E001}  \n\n{%- endif %}"), "{compact:?}");
        assert_eq!(round_trip("no tags at all, just a sentence", |c| c.to_owned()), "no tags at all, just a sentence");
    }

    #[test]
    fn a_continued_table_numbers_after_the_shared_one() {
        let mut shared = ProseTable::default();
        let parent = shared.set_aside("The shared opening paragraph. {% block a %}Shared block text here.{% endblock a %}");
        let shared = shared.continued();
        let mut school = shared.clone();
        let child = school.set_aside("{% block a %}The school's own block text.{% endblock a %}");
        assert!(parent.contains("\u{E000}0\u{E001}") && parent.contains("\u{E000}1\u{E001}"), "{parent}");
        assert!(child.contains("\u{E000}2\u{E001}"), "{child}");
        assert_eq!(school.restore("\u{E000}0\u{E001} \u{E000}2\u{E001}"), "The shared opening paragraph. The school's own block text.");
        assert_eq!(shared.restore("\u{E000}2\u{E001}"), "\u{E000}2\u{E001}", "the shared table does not see a school's runs");
    }

    #[test]
    fn unusual_bodies_are_kept_whole() {
        let mut table = ProseTable::default();
        for body in
            ["{% raw %}{{ shown as written }}{% endraw %} and a long tail of text", "a \u{E000} marker char in a long body", "{{ open"]
        {
            if body != "{{ open" {
                assert_eq!(table.set_aside(body), body);
            }
        }
        assert_eq!(table.set_aside("a long enough sentence here {{ open"), "\u{E000}0\u{E001} {{ open");
        assert_eq!(table.restore("\u{E000}99\u{E001} and \u{E000}x"), "\u{E000}99\u{E001} and \u{E000}x");
    }
}
