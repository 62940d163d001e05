use super::*;

fn pupil(forenames: &[&str], surnames: &[&str]) -> Pupil {
    Pupil {
        forenames: forenames.iter().map(|s| (*s).to_string()).collect(),
        surnames: surnames.iter().map(|s| (*s).to_string()).collect(),
        year: "Year 4".to_string(),
        class: "Oak".to_string(),
        photo_consent: None,
        line: 2,
    }
}

#[test]
fn smoke() {
    let index = NameIndex::new(&[pupil(&["Amelia"], &["Thornbury"])], &[], &[]);
    let hits = index.find_in_prose("Well done Amelia Thornbury!");
    assert_eq!(hits.len(), 1, "{hits:?}");
}
