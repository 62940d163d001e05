//! A line diff a person can read: what was taken out (`-`), what was put in (`+`), and a
//! few unchanged lines around each change so the reader can find it. Lines are matched by
//! their longest common subsequence, which is exact and, for the size of a policy's
//! section, quick; past a size where the table would be large, the changed middle is
//! shown as taken out and put in whole.

use std::fmt::Write as _;

/// One line of a diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Line<'a> {
    Same(&'a str),
    Removed(&'a str),
    Added(&'a str),
}

/// The most cells the matching table may have (lines of the old middle times lines of
/// the new): about 16 MB.
const MOST_CELLS: usize = 4_000_000;

/// `old` turned into `new`, line by line.
pub(crate) fn lines<'a>(old: &'a str, new: &'a str) -> Vec<Line<'a>> {
    let old: Vec<&str> = old.lines().collect();
    let new: Vec<&str> = new.lines().collect();
    // The lines both start and end with need no table.
    let head = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let tail = old[head..].iter().rev().zip(new[head..].iter().rev()).take_while(|(a, b)| a == b).count();
    let (a, b) = (&old[head..old.len() - tail], &new[head..new.len() - tail]);
    let mut diff: Vec<Line<'a>> = old[..head].iter().map(|line| Line::Same(line)).collect();
    if a.len().saturating_mul(b.len()) > MOST_CELLS {
        diff.extend(a.iter().map(|line| Line::Removed(line)));
        diff.extend(b.iter().map(|line| Line::Added(line)));
    } else {
        // common[i][j]: the longest common subsequence of a[i..] and b[j..].
        let width = b.len() + 1;
        let mut common = vec![0u32; (a.len() + 1) * width];
        for i in (0..a.len()).rev() {
            for j in (0..b.len()).rev() {
                common[i * width + j] = if a[i] == b[j] {
                    common[(i + 1) * width + j + 1] + 1
                } else {
                    common[(i + 1) * width + j].max(common[i * width + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            if i < a.len() && j < b.len() && a[i] == b[j] {
                diff.push(Line::Same(a[i]));
                (i, j) = (i + 1, j + 1);
            } else if j == b.len() || (i < a.len() && common[(i + 1) * width + j] >= common[i * width + j + 1]) {
                diff.push(Line::Removed(a[i]));
                i += 1;
            } else {
                diff.push(Line::Added(b[j]));
                j += 1;
            }
        }
    }
    diff.extend(old[old.len() - tail..].iter().map(|line| Line::Same(line)));
    diff
}

/// The diff as text, each line led by `indent` and `- `, `+ ` or two spaces; unchanged
/// lines more than `context` away from a change are left out, a `...` line standing for
/// each run of them.
pub(crate) fn readable(old: &str, new: &str, context: usize, indent: &str) -> String {
    let diff = lines(old, new);
    let changed: Vec<usize> = diff.iter().enumerate().filter(|(_, line)| !matches!(line, Line::Same(_))).map(|(i, _)| i).collect();
    let near = |i: usize| changed.iter().any(|&c| c.abs_diff(i) <= context);
    let mut out = String::new();
    let mut skipped = false;
    for (i, line) in diff.iter().enumerate() {
        let (mark, text) = match line {
            Line::Same(text) if !near(i) => {
                if !skipped {
                    let _ = writeln!(out, "{indent}  ...");
                    skipped = true;
                }
                continue;
            }
            Line::Same(text) => (' ', text),
            Line::Removed(text) => ('-', text),
            Line::Added(text) => ('+', text),
        };
        skipped = false;
        // An empty line gets no trailing spaces after its mark.
        let _ = writeln!(out, "{}", format!("{indent}{mark} {text}").trim_end());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_line_is_taken_out_and_put_in_between_its_neighbours() {
        let old = "## Mobile phones\n\nPupils may bring a phone.\nIt is kept in the office.";
        let new = "## Mobile phones\n\nPupils may not bring a phone.\nIt is kept in the office.\nA new line.";
        assert_eq!(
            lines(old, new),
            [
                Line::Same("## Mobile phones"),
                Line::Same(""),
                Line::Removed("Pupils may bring a phone."),
                Line::Added("Pupils may not bring a phone."),
                Line::Same("It is kept in the office."),
                Line::Added("A new line."),
            ]
        );
    }

    #[test]
    fn lines_far_from_a_change_are_left_out() {
        let old = "a\nb\nc\nd\ne\nf\ng";
        let new = "a\nb\nc\nD\ne\nf\ng";
        assert_eq!(readable(old, new, 1, "  "), "    ...\n    c\n  - d\n  + D\n    e\n    ...\n");
    }

    #[test]
    fn moved_and_repeated_lines_are_matched_as_few_changes_as_can_be() {
        let diff = lines("x\na\nb\nx", "a\nx\nb\nx");
        let changes = diff.iter().filter(|line| !matches!(line, Line::Same(_))).count();
        assert_eq!(changes, 2, "{diff:?}");
        assert_eq!(lines("", "new"), [Line::Added("new")]);
        assert_eq!(lines("old", ""), [Line::Removed("old")]);
    }

    #[test]
    fn an_empty_line_has_no_trailing_space() {
        assert_eq!(readable("a\n\nb", "a\n\nc", 3, ""), "  a\n\n- b\n+ c\n");
    }
}
