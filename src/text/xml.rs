//! Entities an XML file (an SVG drawing, a linked `.xml`) defines for itself:
//! `<!DOCTYPE svg [<!ENTITY who "Amelia Thornbury">]>` makes `&who;` show those words, so
//! the words are checked as they are shown.

use std::borrow::Cow;

use regex::Regex;

/// More than this, once expanded, is a file built to exhaust whoever reads it.
const MOST_EXPANDED: usize = 8 << 20;

/// `text` with every entity it declares in its document type replaced by its value,
/// nested ones too. An error when the expansion grows past any real document's size.
pub(crate) fn expand_entities(text: &str) -> Result<Cow<'_, str>, String> {
    static DECLARED: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        Regex::new(r#"<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(?:"([^"]*)"|'([^']*)')\s*>"#).expect("the entity pattern is valid")
    });
    if !text.contains("<!ENTITY") {
        return Ok(Cow::Borrowed(text));
    }
    let declared: Vec<(String, &str)> = DECLARED
        .captures_iter(text)
        .filter_map(|found| Some((format!("&{};", &found[1]), found.get(2).or_else(|| found.get(3))?.as_str())))
        .collect();
    let mut expanded = text.to_owned();
    // Each round undoes one level of nesting; a value that names itself grows to the cap,
    // and entities naming each other in a ring run out of rounds.
    for _ in 0..=declared.len() + 1 {
        let mut changed = false;
        for (reference, value) in &declared {
            if expanded.contains(reference.as_str()) {
                let count = expanded.matches(reference.as_str()).count();
                if expanded.len() + count.saturating_mul(value.len()) > MOST_EXPANDED {
                    return Err("it defines entities that grow past any real drawing's size".to_owned());
                }
                expanded = expanded.replace(reference.as_str(), value);
                changed = true;
            }
        }
        if !changed {
            return Ok(Cow::Owned(expanded));
        }
    }
    Err("it defines entities that refer to each other without end".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_entities_become_their_words_and_floods_are_refused() {
        let text = "<!DOCTYPE x [<!ENTITY first 'Amelia'><!ENTITY whole \"&first; Thornbury\">]><x>&whole;</x>";
        assert!(expand_entities(text).unwrap().contains("<x>Amelia Thornbury</x>"));
        assert!(matches!(expand_entities("<x>&amp;</x>"), Ok(Cow::Borrowed(_))));
        let looping = "<!DOCTYPE x [<!ENTITY a \"&a;&a;\">]><x>&a;</x>";
        assert!(expand_entities(looping).is_err());
        let ring = "<!DOCTYPE x [<!ENTITY a \"&b;\"><!ENTITY b \"&a;\">]><x>&a;</x>";
        assert!(expand_entities(ring).is_err());
    }
}
