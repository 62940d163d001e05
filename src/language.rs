//! Language codes as web pages write them (`cy`, `en-GB`, `pl`), and the names of the
//! languages a school is likely to publish in.

/// `code` written the standard way (`pt-br` → `pt-BR`, `CY` → `cy`), or `None` if it is no
/// language code: two letters, then perhaps a hyphen and a two-letter region.
pub(crate) fn code(code: &str) -> Option<String> {
    let (language, region) = match code.split_once('-') {
        Some((language, region)) => (language, Some(region)),
        None => (code, None),
    };
    let language_ok = language.len() == 2 && language.bytes().all(|b| b.is_ascii_alphabetic());
    let region_ok = region.is_none_or(|r| r.len() == 2 && r.bytes().all(|b| b.is_ascii_alphabetic()));
    let language = language.to_ascii_lowercase();
    (language_ok && region_ok).then(|| match region {
        Some(region) => format!("{language}-{}", region.to_ascii_uppercase()),
        None => language,
    })
}

/// The code meant by what is not one: `en_GB` is `en-GB`, `Welsh` is `cy`.
pub(crate) fn near(written: &str) -> Option<String> {
    code(&written.trim().replace('_', "-")).or_else(|| {
        NAMES
            .iter()
            .find(|(_, english, own)| english.eq_ignore_ascii_case(written.trim()) || own.eq_ignore_ascii_case(written.trim()))
            .map(|(c, ..)| if *c == "en" { "en-GB".to_owned() } else { (*c).to_owned() })
    })
}

/// Whether two codes name one language (`en-GB` and `en`; `cy` and `cy-GB`).
pub(crate) fn same(a: &str, b: &str) -> bool {
    primary(a).eq_ignore_ascii_case(primary(b))
}

/// The language without its region: `en` of `en-GB`.
pub(crate) fn primary(code: &str) -> &str {
    code.split('-').next().unwrap_or(code)
}

/// (code, name in English, name in the language itself).
const NAMES: [(&str, &str, &str); 22] = [
    ("en", "English", "English"),
    ("cy", "Welsh", "Cymraeg"),
    ("gd", "Scottish Gaelic", "Gàidhlig"),
    ("ga", "Irish", "Gaeilge"),
    ("pl", "Polish", "Polski"),
    ("ro", "Romanian", "Română"),
    ("pt", "Portuguese", "Português"),
    ("es", "Spanish", "Español"),
    ("fr", "French", "Français"),
    ("de", "German", "Deutsch"),
    ("it", "Italian", "Italiano"),
    ("lt", "Lithuanian", "Lietuvių"),
    ("lv", "Latvian", "Latviešu"),
    ("uk", "Ukrainian", "Українська"),
    ("ar", "Arabic", "العربية"),
    ("ur", "Urdu", "اردو"),
    ("pa", "Punjabi", "ਪੰਜਾਬੀ"),
    ("bn", "Bengali", "বাংলা"),
    ("so", "Somali", "Soomaali"),
    ("tr", "Turkish", "Türkçe"),
    ("zh", "Chinese", "中文"),
    ("bg", "Bulgarian", "Български"),
];

/// The language's name in English, for messages ("Welsh"); the code itself if unknown.
pub(crate) fn english_name(code: &str) -> &str {
    NAMES.iter().find(|(c, ..)| same(c, code)).map_or(code, |(_, english, _)| english)
}

/// The language's name as its speakers write it ("Cymraeg"), where a theme's strings
/// file does not give it; the code itself if unknown.
pub(crate) fn own_name(code: &str) -> &str {
    NAMES.iter().find(|(c, ..)| same(c, code)).map_or(code, |(_, _, own)| own)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_written_the_standard_way() {
        assert_eq!(code("cy").as_deref(), Some("cy"));
        assert_eq!(code("en-gb").as_deref(), Some("en-GB"));
        assert_eq!(code("Welsh"), None);
        assert_eq!(code("CY").as_deref(), Some("cy"));
        assert_eq!(near("en_GB").as_deref(), Some("en-GB"));
        assert_eq!(near("Welsh").as_deref(), Some("cy"));
        assert_eq!(near("Cymraeg").as_deref(), Some("cy"));
        assert_eq!(code("old"), None, "a file called notes.old.md is no translation");
        assert!(same("en-GB", "en") && !same("cy", "en-GB"));
        assert_eq!((english_name("cy"), own_name("pl")), ("Welsh", "Polski"));
    }
}
