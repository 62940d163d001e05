//! Dates as schools type them in a policy's header ("14th October 2025", "01/09/2025",
//! "Sept 2026", "Autumn Term 2026", "3 Mawrth 2025"), read into the form school.yaml takes.

use crate::date::Date;

/// A date read from a document: what school.yaml is given, and why a person should look
/// at it, when the reading was a choice.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ReadDate {
    /// `2025-10-14`, `2026-10` or `Autumn 2026`.
    pub(crate) yaml: String,
    pub(crate) doubt: Option<String>,
}

/// English and Welsh month names, and the short forms schools use, by month number.
const MONTHS: [(u32, &[&str]); 12] = [
    (1, &["january", "jan", "ionawr"]),
    (2, &["february", "feb", "chwefror"]),
    (3, &["march", "mar", "mawrth"]),
    (4, &["april", "apr", "ebrill"]),
    (5, &["may", "mai"]),
    (6, &["june", "jun", "mehefin"]),
    (7, &["july", "jul", "gorffennaf"]),
    (8, &["august", "aug", "awst"]),
    (9, &["september", "sept", "sep", "medi"]),
    (10, &["october", "oct", "hydref"]),
    (11, &["november", "nov", "tachwedd"]),
    (12, &["december", "dec", "rhagfyr"]),
];

fn month_named(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.').to_lowercase();
    MONTHS.iter().find(|(_, names)| names.contains(&word.as_str())).map(|(n, _)| *n)
}

/// A month's English name, capitalised, for a message.
fn month_name(month: u32) -> String {
    let name = MONTHS[(month.clamp(1, 12) - 1) as usize].1[0];
    name[..1].to_uppercase() + &name[1..]
}

fn year_of(word: &str) -> Option<i32> {
    let digits = word.trim_end_matches(['.', ',']);
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    match digits.len() {
        4 => digits.parse().ok().filter(|y| (1990..=2100).contains(y)),
        2 => digits.parse::<i32>().ok().map(|y| 2000 + y),
        _ => None,
    }
}

fn day_of(word: &str) -> Option<u32> {
    let word = word.trim_end_matches([',', '.']).to_lowercase();
    let digits = word.trim_end_matches("st").trim_end_matches("nd").trim_end_matches("rd").trim_end_matches("th");
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// The first date in `text`, if it holds one; a weekday before it is skipped.
pub(crate) fn read(text: &str) -> Option<ReadDate> {
    let words: Vec<&str> = text.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
    for start in 0..words.len() {
        if let Some(found) = read_at(&words[start..]) {
            return Some(found);
        }
    }
    None
}

fn day(year: i32, month: u32, day: u32) -> Option<String> {
    let iso = format!("{year:04}-{month:02}-{day:02}");
    Date::parse(&iso).ok().map(|_| iso)
}

fn read_at(words: &[&str]) -> Option<ReadDate> {
    let first = *words.first()?;
    let sure = |yaml: String| Some(ReadDate { yaml, doubt: None });
    // 2025-09-10 or 2025-09
    if first.len() >= 7 && first.as_bytes()[4] == b'-' && Date::parse(first.trim_end_matches(['.', ','])).is_ok() {
        return sure(first.trim_end_matches(['.', ',']).to_owned());
    }
    // 14/10/2025, 1.9.25, 01-09-2025, 09/2026
    let parts: Vec<&str> = first.trim_end_matches(['.', ',']).split(['/', '.', '-']).collect();
    if parts.len() >= 2 && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())) {
        if let [d, m, y] = parts[..] {
            let (d, m, y) = (d.parse::<u32>().ok()?, m.parse::<u32>().ok()?, year_of(y)?);
            let yaml = day(y, m, d)?;
            // A UK document writes the day first; when either could be the month, say so.
            let doubt = (d <= 12 && d != m).then(|| format!("\"{first}\" was read as day/month/year, {d} {} {y}", month_name(m)));
            return Some(ReadDate { yaml, doubt });
        }
        if let [m, y] = parts[..]
            && m.len() <= 2
        {
            let (m, y) = (m.parse::<u32>().ok().filter(|m| (1..=12).contains(m))?, year_of(y)?);
            return sure(format!("{y:04}-{m:02}"));
        }
        return None;
    }
    // Autumn 2026, Autumn Term 2026, Spring term 2027
    let term = ["autumn", "spring", "summer"].iter().find(|t| first.eq_ignore_ascii_case(t));
    if let Some(term) = term {
        let rest = words.get(1)?;
        let year = if rest.eq_ignore_ascii_case("term") { words.get(2)? } else { rest };
        let year = year_of(year).filter(|_| year.trim_end_matches(['.', ',']).len() == 4)?;
        let mut name = term.to_string();
        name[..1].make_ascii_uppercase();
        return sure(format!("{name} {year}"));
    }
    // 14th October 2025, 14 Oct 2025
    if let Some(d) = day_of(first)
        && let Some(m) = words.get(1).and_then(|w| month_named(w))
        && let Some(y) = words.get(2).and_then(|w| year_of(w).filter(|_| w.trim_end_matches(['.', ',']).len() == 4))
    {
        return sure(day(y, m, d)?);
    }
    // October 14, 2025; October 2026
    if let Some(m) = month_named(first) {
        if let Some(d) = words.get(1).and_then(|w| day_of(w).filter(|_| w.len() <= 5))
            && let Some(y) = words.get(2).and_then(|w| year_of(w))
        {
            return sure(day(y, m, d)?);
        }
        if let Some(y) = words.get(1).and_then(|w| year_of(w).filter(|_| w.trim_end_matches(['.', ',']).len() == 4)) {
            return sure(format!("{y:04}-{m:02}"));
        }
    }
    None
}

/// How often a policy is reviewed, from "Annually", "Every two years", "Biennial",
/// "Every 3 years" or "Termly": school.yaml's `review_every:`.
pub(crate) fn read_interval(text: &str) -> Option<String> {
    let text = text.to_lowercase();
    let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let has = |w: &str| words.contains(&w);
    if has("annually") || has("annual") || has("yearly") || (has("every") && has("year")) || has("blynyddol") {
        return Some("12 months".to_owned());
    }
    if has("biennially") || has("biennial") || ((has("two") || has("2")) && has("years")) {
        return Some("24 months".to_owned());
    }
    if (has("three") || has("3")) && has("years") {
        return Some("36 months".to_owned());
    }
    if has("termly") || (has("every") && has("term")) {
        return Some("1 term".to_owned());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Option<String> {
        read(text).map(|d| d.yaml)
    }

    #[test]
    fn dates_as_schools_type_them() {
        assert_eq!(yaml("14th October 2025").as_deref(), Some("2025-10-14"));
        assert_eq!(yaml("Tuesday, 3 March 2025").as_deref(), Some("2025-03-03"));
        assert_eq!(yaml("3 Mawrth 2025").as_deref(), Some("2025-03-03"));
        assert_eq!(yaml("Sept 2026").as_deref(), Some("2026-09"));
        assert_eq!(yaml("October 14, 2025").as_deref(), Some("2025-10-14"));
        assert_eq!(yaml("Autumn Term 2026").as_deref(), Some("Autumn 2026"));
        assert_eq!(yaml("2025-09-10").as_deref(), Some("2025-09-10"));
        assert_eq!(yaml("09/2026").as_deref(), Some("2026-09"));
        assert_eq!(yaml("reviewed in July 2025 by SLT").as_deref(), Some("2025-07"));
        assert_eq!(yaml("31/02/2025"), None);
        assert_eq!(yaml("XX/XX/XXXX"), None);
        assert_eq!(yaml("Insert date"), None);
        assert_eq!(yaml("Version 3.1"), None);
    }

    #[test]
    fn a_date_whose_day_could_be_its_month_is_read_the_uk_way_and_doubted() {
        let read = read("01/09/2025").unwrap();
        assert_eq!(read.yaml, "2025-09-01");
        assert!(read.doubt.unwrap().contains("1 September 2025"));
        assert_eq!(super::read("25/12/25").unwrap(), ReadDate { yaml: "2025-12-25".into(), doubt: None });
    }

    #[test]
    fn review_intervals() {
        assert_eq!(read_interval("Annually").as_deref(), Some("12 months"));
        assert_eq!(read_interval("Every two years").as_deref(), Some("24 months"));
        assert_eq!(read_interval("Termly").as_deref(), Some("1 term"));
        assert_eq!(read_interval("When needed"), None);
    }
}
