//! A Welsh-medium school publishing in Welsh, English and Polish (the fixture project
//! `tests/fixtures/welsh-medium/`): every page and PDF in each language, the theme's own
//! words in the page's language, pages not yet translated falling back in the order the
//! school sets, and agreements printed in one language or both on one sheet.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use scraper::{ElementRef, Html, Selector};

use crate::common::Project;
use crate::pdf::{page_count, poppler};

const SCHOOL: &str = "ysgol-y-garreg";

/// Pupils as a Welsh school's information system exports them. Cerys shares the
/// headteacher's surname (Mr Gareth Llwyd), which every page names.
const ROSTER: &str = "\
Forename,Surname,Year Group,Reg Group,Photo Consent
Cerys,Llwyd,Year 4,Dosbarth Derw,Yes
Gwion,Pryderi,Year 3,Dosbarth Derw,Yes
Zofia,Kowalczyk,Year 1,Dosbarth Onnen,No
";

/// Every page made from a source, by its address without a language folder.
const PAGES: [&str; 8] = [
    "policies/online-safety/",
    "policies/mobile-phones/",
    "parents/staying-safe/",
    "parents/screen-time/",
    "agreements/ks2/",
    "agreements/foundation-phase/",
    "agreements/parents/",
    "amdanom-ni/",
];

/// The folder of each language's site: Welsh, the main language, at the root.
const LANGUAGES: [(&str, &str); 3] = [("cy", ""), ("en-GB", "en-gb/"), ("pl", "pl/")];

fn built() -> Project {
    let project = Project::fixture("welsh-medium", ROSTER);
    project.run(&["build"]).success();
    project
}

fn page(project: &Project, rel: &str) -> Html {
    let path = project.path().join("public").join(SCHOOL).join(rel);
    Html::parse_document(&fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display())))
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    html.select(&Selector::parse(css).expect("a valid selector")).collect()
}

fn text(element: ElementRef<'_>) -> String {
    element.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

fn texts(html: &Html, css: &str) -> Vec<String> {
    select(html, css).into_iter().map(text).collect()
}

fn attr(html: &Html, css: &str, name: &str) -> Option<String> {
    select(html, css).first().and_then(|e| e.value().attr(name).map(str::to_owned))
}

/// The theme's words in a language, as its strings file gives them.
fn strings(lang: &str) -> BTreeMap<String, serde_json::Value> {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/strings").join(format!("{lang}.yaml"));
    serde_saphyr::from_str(&fs::read_to_string(file).expect("the strings file")).expect("the strings file is YAML")
}

fn word(lang: &str, key: &str) -> String {
    strings(lang)[key].as_str().unwrap_or_else(|| panic!("{lang}.yaml has `{key}`")).to_owned()
}

/// The text of `html` that is in `lang`: every text node whose nearest `lang` is it.
fn text_in(html: &Html, lang: &str) -> String {
    let mut said = String::new();
    for node in html.root_element().descendants() {
        let Some(words) = node.value().as_text() else { continue };
        let own = node.ancestors().filter_map(ElementRef::wrap).find_map(|e| e.value().attr("lang"));
        if own == Some(lang) {
            said.push_str(words);
            said.push(' ');
        }
    }
    said.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `href` of a link on the page at `from` (a file under the school's site), as a path
/// from the site's root.
fn resolved(from: &str, href: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in href.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            other => parts.push(other),
        }
    }
    parts.join("/")
}

#[test]
fn every_page_is_published_in_every_language_with_its_own_lang_and_the_theme_in_it() {
    let project = built();
    let english_words: Vec<String> = strings("en")
        .into_iter()
        .filter(|(key, _)| key != "language_name")
        .filter_map(|(key, value)| Some((key, value.as_str()?.to_owned())))
        .filter(|(key, english)| english.len() > 3 && strings("cy").get(key).and_then(|w| w.as_str()) != Some(english.as_str()))
        .map(|(_, english)| english.split('{').next().unwrap_or_default().trim().to_owned())
        .filter(|english| english.len() > 3)
        .collect();
    for base in PAGES {
        for (lang, folder) in LANGUAGES {
            let file = format!("{folder}{base}index.html");
            let html = page(&project, &file);
            assert_eq!(attr(&html, "html", "lang").as_deref(), Some(lang), "{file}");
            // The switcher, on every page: each language, this page's version in it.
            let switcher: Vec<String> =
                select(&html, "nav.languages a").iter().filter_map(|a| a.value().attr("href")).map(|h| resolved(&file, h)).collect();
            for (other, other_folder) in LANGUAGES.iter().filter(|(other, _)| *other != lang) {
                assert!(switcher.contains(&format!("{other_folder}{base}index.html")), "{file} links to its {other} version: {switcher:?}");
            }
            if lang == "cy" {
                // No English theme words on a Welsh page: its navigation, record, help box
                // and notices are Welsh; only what is marked as another language is not.
                let welsh = text_in(&html, "cy");
                for english in &english_words {
                    assert!(!welsh.contains(english.as_str()), "{file} shows the English theme words \"{english}\"");
                }
            }
        }
    }
}

#[test]
fn versions_point_at_each_other_and_a_missing_translation_falls_back_in_the_schools_order() {
    let project = built();
    // hreflang both ways between the Welsh original and its English translation; the
    // Polish page shows a fallback, so it is no alternate.
    // Full addresses, as search engines want them: the school has a base_url.
    let alternates = |file: &str| -> BTreeMap<String, String> {
        let html = page(&project, file);
        select(&html, "link[rel=alternate]")
            .iter()
            .map(|l| (l.value().attr("hreflang").unwrap().to_owned(), l.value().attr("href").unwrap().to_owned()))
            .collect()
    };
    let expected: BTreeMap<String, String> = [
        ("cy".to_owned(), "https://www.ysgolygarreg.example/policies/online-safety/".to_owned()),
        ("en-GB".to_owned(), "https://www.ysgolygarreg.example/en-gb/policies/online-safety/".to_owned()),
    ]
    .into();
    assert_eq!(alternates("policies/online-safety/index.html"), expected);
    assert_eq!(alternates("en-gb/policies/online-safety/index.html"), expected);
    assert_eq!(alternates("pl/policies/online-safety/index.html"), expected);

    // Polish guidance: one page translated, one not. The school's order is English, then
    // Welsh: the untranslated page shows the English, marked as English, with a notice in Polish.
    let polish = page(&project, "pl/parents/staying-safe/index.html");
    assert_eq!(texts(&polish, "h1"), ["Bezpieczeństwo w internecie"]);
    assert_eq!(attr(&polish, ".content", "lang"), None, "written in Polish");
    assert!(select(&polish, ".fallback-notice").is_empty());
    let fallback = page(&project, "pl/parents/screen-time/index.html");
    assert_eq!(attr(&fallback, ".content", "lang").as_deref(), Some("en-GB"));
    assert_eq!(attr(&fallback, "h1", "lang").as_deref(), Some("en-GB"));
    let notice = word("pl", "fallback_notice").replace("{language}", "Polski").replace("{original}", "English");
    assert_eq!(texts(&fallback, ".fallback-notice"), [notice]);
    assert_eq!(texts(&fallback, ".help-box h2"), [word("pl", "help_heading")]);
    // The English reader of a page written only in Welsh gets the Welsh, marked so.
    let welsh_only = page(&project, "en-gb/parents/staying-safe/index.html");
    assert_eq!(attr(&welsh_only, ".content", "lang"), None, "this one has an English translation");

    // Listings say which languages each page is written in.
    let listing = page(&project, "parents/index.html");
    let entry = select(&listing, ".entries li").into_iter().find(|li| text(*li).contains("Cadw'n ddiogel ar-lein")).expect("listed");
    let labels: Vec<String> = entry.select(&Selector::parse(".available-in a").unwrap()).map(text).collect();
    assert_eq!(labels, ["English", "Polski"]);
}

#[test]
fn dates_roles_help_and_search_are_in_the_pages_language() {
    let project = built();
    let welsh = page(&project, "policies/online-safety/index.html");
    let record = texts(&welsh, ".policy-header div").join(" | ");
    assert!(record.contains("24 Medi 2026"), "{record}");
    assert!(record.contains("Arweinydd Diogelwch Ar-lein: Mr Iwan Tudur"), "{record}");
    assert!(record.starts_with(&word("cy", "approved_by")), "{record}");
    let english = page(&project, "en-gb/policies/online-safety/index.html");
    let record = texts(&english, ".policy-header div").join(" | ");
    assert!(record.contains("24 September 2026") && record.contains("Online Safety Lead: Mr Iwan Tudur"), "{record}");
    // `{{ policy.next_review }}` in the Welsh body is a Welsh date.
    assert!(text_in(&welsh, "cy").contains("30 Medi 2027"), "the body's review date is written in Welsh");

    // A Welsh school's help box: Wales's services first, then the UK's; 999.
    let guidance = page(&project, "parents/staying-safe/index.html");
    let services = texts(&guidance, ".help-services a");
    assert_eq!(services.first().map(String::as_str), Some("Meic"), "{services:?}");
    assert!(services.contains(&"Childline".to_owned()));
    assert!(texts(&guidance, ".help-box p").join(" ").contains("999"));

    // A search index for each language, holding its pages by their own titles.
    let index = |folder: &str| fs::read_to_string(project.path().join("public").join(SCHOOL).join(folder).join("search-index.js")).unwrap();
    assert!(index("").contains("Cadw'n ddiogel ar-lein") && !index("").contains("Staying safe online"));
    assert!(index("en-gb").contains("Staying safe online"));
    assert!(index("pl").contains("Bezpieczeństwo w internecie"));

    // A PDF of each language version of a policy, its record in that language.
    let pdf = |folder: &str| -> PathBuf {
        let dir = project.path().join("public").join(SCHOOL).join(folder).join("policies/online-safety");
        fs::read_dir(&dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|e| e == "pdf"))
            .expect("a PDF")
    };
    let cymraeg = poppler("pdftotext", &["-layout"], &pdf(""));
    assert!(cymraeg.contains(&word("cy", "approved_by")) && cymraeg.contains("Polisi Diogelwch Ar-lein"), "{cymraeg}");
    let saesneg = poppler("pdftotext", &["-layout"], &pdf("en-gb"));
    assert!(saesneg.contains("Approved by") && saesneg.contains("24 September 2026"), "{saesneg}");
}

#[test]
fn the_school_is_told_of_a_stale_translation_and_of_guidance_no_measure_reads() {
    let project = Project::fixture("welsh-medium", ROSTER);
    let findings = project.json_findings(&["check"]);
    let of = |rule: &str| findings.iter().filter(|f| f["rule"] == rule).collect::<Vec<_>>();
    assert!(findings.iter().all(|f| f["severity"] != "error"), "{findings:#?}");
    let stale = of("stale-translation");
    assert_eq!(stale.len(), 1, "{findings:#?}");
    assert_eq!(stale[0]["file"], "content/policies/mobile-phones.cy.md");
    let notes = of("hard-to-read");
    assert!(notes.iter().all(|n| n["severity"] == "note"), "{notes:#?}");
    assert_eq!(notes.len(), 2, "one for Welsh, one for Polish: {notes:#?}");
    assert!(of("missing-strings").is_empty());
    // `--strict` makes the warning an error, never the notes.
    let strict = project.json_findings(&["check", "--strict"]);
    assert!(strict.iter().filter(|f| f["rule"] == "hard-to-read").all(|f| f["severity"] == "note"));
    project.command(&["check", "--strict"]).assert().code(1);
}

#[test]
fn agreements_print_in_both_languages_by_default_or_in_the_one_asked_for() {
    let project = Project::fixture("welsh-medium", ROSTER);
    project.command_without_roster(&["agreements", "--school", SCHOOL, "--year", "2026-27", "--out", "blank"]).assert().success();
    let ks2 = project.path().join("blank/ks2.pdf");
    assert!(page_count(&ks2) <= 2, "a bilingual sheet fits two sides");
    let both = poppler("pdftotext", &[], &ks2);
    let welsh_at = both.find("Cytundeb Cyfnod Allweddol 2").expect("the Welsh first");
    let english_at = both.find("Key Stage 2 agreement").expect("then the English");
    assert!(welsh_at < english_at);
    assert!(both.contains(&format!("{} / Child's name", word("cy", "field_child_name"))), "{both}");

    project
        .command_without_roster(&["agreements", "--school", SCHOOL, "--year", "2026-27", "--language", "en-GB", "--out", "english"])
        .assert()
        .success();
    let english = poppler("pdftotext", &[], &project.path().join("english/ks2.pdf"));
    assert!(english.contains("Key Stage 2 agreement") && !english.contains("Cytundeb"), "{english}");
    assert_eq!(page_count(&project.path().join("english/ks2.pdf")), 1);

    // A class pack: the sign-off sheet and every pupil's sheet in both languages.
    project.run(&["agreements", "--school", SCHOOL, "--year", "2026-27", "--out", "classes"]).success();
    let pack =
        poppler("pdftotext", &[], &project.path().join("classes/Dosbarth-Derw.pdf")).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        pack.contains(&format!("{} / Sign-off sheet: Dosbarth Derw", word("cy", "sign_off_heading").replace(": {class}", ""))),
        "{pack}"
    );
    assert!(pack.contains("Cerys Llwyd") && pack.contains("Cytundeb Cyfnod Allweddol 2"));

    let refused = project.command(&["agreements", "--school", SCHOOL, "--year", "2026-27", "--language", "fr"]).assert().code(2);
    let said = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
    assert!(said.contains("cy, en-GB, pl"), "{said}");
}

#[test]
fn an_international_school_gives_its_countrys_emergency_number_and_no_uk_services() {
    let project = Project::new();
    project.replace(crate::common::SCHOOL_YAML, "country: england", "country: international\ncountry_code: RO");
    project.run(&["build"]).success();
    let html = Html::parse_document(&fs::read_to_string(project.path().join("public/alpha/parents/staying-safe/index.html")).unwrap());
    let said = texts(&html, ".help-box p").join(" ");
    assert!(said.contains("112") && !said.contains("999"), "{said}");
    assert!(texts(&html, ".help-services a").is_empty(), "no UK services for a school in Romania");
}

#[test]
fn translations_the_school_cannot_publish_are_refused_where_they_are_written() {
    let project = Project::fixture("welsh-medium", ROSTER);
    let own = format!("schools/{SCHOOL}/content/guidance/staying-safe.ro.md");
    project.write(&own, "---\ntitle: Siguranța online\nkind: guidance\n---\nVorbiți cu copilul.\n");
    project.write("content/guidance/staing-safe.cy.md", "---\ntitle: Teipio\nkind: guidance\n---\nTestun.\n");
    project.replace(&format!("schools/{SCHOOL}/school.yaml"), "fallback_languages: [en-GB, cy]", "fallback_languages: [en-GB, Welsh]");
    let findings = project.json_findings(&["check"]);
    let at = |file: &str| findings.iter().find(|f| f["file"] == file).unwrap_or_else(|| panic!("a finding at {file}: {findings:#?}"));
    assert!(at(&own)["help"].as_str().unwrap().contains("add `ro` to `languages:`"));
    let misspelt = at("content/guidance/staing-safe.cy.md");
    assert!(misspelt["help"].as_str().unwrap().contains("guidance/staying-safe.md"), "{misspelt}");
    let yaml = at(&format!("schools/{SCHOOL}/school.yaml"));
    assert_eq!(yaml["line"], 8);
    assert!(yaml["message"].as_str().unwrap().contains("`Welsh` is not a language code"));
    assert_eq!(yaml["help"], "did you mean `cy`?");
    project.command(&["check"]).assert().code(1);
}

/// Regression: a Welsh agreement with fewer blanks than its English printed a bilingual
/// sheet without the child's and parent's signature lines; one with another tier left a
/// whole class pack unprinted.
#[test]
fn an_agreements_translation_keeps_its_tier_and_blanks() {
    let project = Project::fixture("welsh-medium", ROSTER);
    let translation = "content/agreements/ks2.en-GB.md";
    project.replace(
        translation,
        "signatures: [child-name, class, child-signature, parent-signature, date]",
        "signatures: [child-name, date]",
    );
    let findings = project.json_findings(&["check"]);
    let found = findings.iter().find(|f| f["file"] == translation).unwrap_or_else(|| panic!("{findings:#?}"));
    assert_eq!(found["severity"], "error");
    assert!(
        found["help"].as_str().unwrap().contains("signatures: [child-name, class, child-signature, parent-signature, date]"),
        "{found}"
    );
    project.replace(
        translation,
        "signatures: [child-name, date]",
        "signatures: [child-name, class, child-signature, parent-signature, date]",
    );
    project.replace(translation, "tier: ks2", "tier: ks1");
    let findings = project.json_findings(&["check"]);
    assert!(findings.iter().any(|f| f["file"] == translation && f["message"].as_str().unwrap().contains("`tier:`")), "{findings:#?}");
}

/// Regression: a school's own English policy was published under the trust's Welsh of the
/// shared policy it replaces, so the Welsh said what the school no longer does.
#[test]
fn a_trusts_translation_of_a_policy_the_school_replaces_is_not_published_for_it() {
    let project = Project::fixture("welsh-medium", ROSTER);
    let own = format!("schools/{SCHOOL}/content/policies/mobile-phones.md");
    project.write(&own, project.read("content/policies/mobile-phones.md").replace("## ", "## Our own rules: "));
    project.run(&["build"]).success();
    let welsh = page(&project, "policies/mobile-phones/index.html");
    assert_eq!(attr(&welsh, ".content", "lang").as_deref(), Some("en-GB"), "the school's own English, marked as English");
    assert!(text_in(&welsh, "en-GB").contains("Our own rules"));
    let findings = project.json_findings(&["check"]);
    let said = findings.iter().find(|f| f["file"] == own.as_str()).unwrap_or_else(|| panic!("{findings:#?}"));
    assert_eq!(said["rule"], "stale-translation");
    assert!(said["help"].as_str().unwrap().contains("mobile-phones.cy.md"), "{said}");
}

#[test]
fn language_and_country_mistakes_are_said_where_they_are_written() {
    let project = Project::fixture("welsh-medium", ROSTER);
    let yaml = format!("schools/{SCHOOL}/school.yaml");
    project.replace(&yaml, "languages: [cy, en-GB, pl]", "languages: [cy, en-GB, pl, cy]");
    project.replace(&yaml, "country: wales", "country: wales\ncountry_code: RO");
    let findings = project.json_findings(&["check"]);
    let on = |line: u64| {
        findings.iter().find(|f| f["file"] == yaml.as_str() && f["line"] == line).unwrap_or_else(|| panic!("line {line}: {findings:#?}"))
    };
    assert!(on(5)["message"].as_str().unwrap().contains("international school"));
    assert!(on(8)["message"].as_str().unwrap().contains("listed twice"));
    // A strings file that loses a sentence's blank would publish the braces.
    project.replace(&yaml, "country: wales\ncountry_code: RO", "country: wales");
    project.replace(&yaml, "languages: [cy, en-GB, pl, cy]", "languages: [cy, en-GB, pl]");
    project.write("themes/default/strings/pl.yaml", "help_emergency: \"Zadzwoń pod {numer}.\"\n");
    let findings = project.json_findings(&["check"]);
    assert!(
        findings.iter().any(|f| f["file"] == "themes/default/strings/pl.yaml" && f["line"] == 1 && f["severity"] == "error"),
        "{findings:#?}"
    );
}

/// Regression: a Welsh reader typing "caniatad" for "caniatâd" found nothing.
#[test]
fn search_finds_a_word_typed_without_its_accents() {
    let project = built();
    let index = fs::read_to_string(project.path().join("public").join(SCHOOL).join("pl/search-index.js")).unwrap();
    assert!(index.contains("\"bezpieczenstwo\"") && index.contains("\"bezpieczeństwo\""), "both forms are indexed");
}

/// Regression: a link into a section of a translated page broke on the translation, and
/// the fix the help gave (`## Title {#id}`) was read by Tera as a comment and refused.
#[test]
fn a_link_to_a_section_of_a_translated_page_is_mended_with_the_headings_id() {
    let project = Project::fixture("welsh-medium", ROSTER);
    // The Welsh guidance links to the English policy's section; on the Welsh site that is the
    // policy's Welsh translation, whose headings are Welsh.
    project.append(
        "content/guidance/screen-time.md",
        "\nGweler [pwy gaiff ddefnyddio ffôn](/policies/mobile-phones/#who-may-use-a-phone-and-where).\n",
    );
    let findings = project.json_findings(&["check"]);
    let broken: Vec<_> = findings.iter().filter(|f| f["rule"] == "broken-link").collect();
    assert!(!broken.is_empty(), "{findings:#?}");
    assert!(broken.iter().all(|f| f["message"].as_str().unwrap().contains("mobile-phones.cy.md")), "{broken:#?}");
    project.replace(
        "content/policies/mobile-phones.cy.md",
        "## Pwy gaiff ddefnyddio ffôn, a ble",
        "## Pwy gaiff ddefnyddio ffôn, a ble {#who-may-use-a-phone-and-where}",
    );
    let findings = project.json_findings(&["check"]);
    assert!(findings.iter().all(|f| f["severity"] != "error"), "{findings:#?}");
    project.run(&["build"]).success();
    let welsh = page(&project, "policies/mobile-phones/index.html");
    assert_eq!(texts(&welsh, "h2#who-may-use-a-phone-and-where"), ["Pwy gaiff ddefnyddio ffôn, a ble"]);
}

/// Regression: a page said to be in a language the school does not publish, a role title
/// in one, and two translations into one language were each passed over without a word.
#[test]
fn languages_the_school_does_not_publish_are_refused_wherever_they_are_written() {
    let project = Project::fixture("welsh-medium", ROSTER);
    let yaml = format!("schools/{SCHOOL}/school.yaml");
    let own = format!("schools/{SCHOOL}/content/pages/hanes.md");
    project.write(&own, "---\ntitle: Hanes yr ysgol\nkind: page\nlanguage: fr\n---\nTestun.\n");
    project.replace(&yaml, "    en-GB: Online Safety Lead", "    en_GB: Online Safety Lead");
    project.write("content/guidance/staying-safe.PL.md", "---\ntitle: Drugie\nkind: guidance\n---\nTekst.\n");
    let findings = project.json_findings(&["check"]);
    let at = |file: &str| findings.iter().find(|f| f["file"] == file).unwrap_or_else(|| panic!("{file}: {findings:#?}"));
    assert_eq!(at(&own)["line"], 4, "at `language:`");
    assert!(at(&own)["help"].as_str().unwrap().contains("add `fr` to `languages:`"));
    let role = at(&yaml);
    assert!(role["message"].as_str().unwrap().contains("`en_GB`"), "{role}");
    assert!(
        findings.iter().any(|f| f["file"] == "content/guidance/staying-safe.pl.md" || f["file"] == "content/guidance/staying-safe.PL.md"),
        "{findings:#?}"
    );
    project.command(&["check"]).assert().code(1);
}
