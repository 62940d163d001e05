//! Adding what an import recognised to a school.yaml (or policypress.yaml) as a person
//! would: new lines at the end of the block they belong to, a value marked "FILL IN"
//! replaced, and nothing else touched: comments, order, quoting and blank lines stay as
//! they were. A value already there that differs is a conflict, never overwritten.

use super::recognise::approval::quoted;
use crate::scaffold::FILL_IN;

/// A value school.yaml already holds that the document contradicts.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Conflict {
    /// The key, as a person finds it ("contact.phone").
    pub(crate) key: String,
    pub(crate) line: usize,
    pub(crate) has: String,
    pub(crate) document: String,
}

/// A YAML file's lines, being added to.
pub(crate) struct YamlEdit {
    lines: Vec<String>,
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn is_content(line: &str) -> bool {
    let code = line.trim_start();
    !code.is_empty() && !code.starts_with('#')
}

/// A scalar as written after its key, without a trailing comment or quotes.
fn scalar(after_colon: &str) -> String {
    let value = after_colon.trim();
    let value = match value.chars().next() {
        Some(q @ ('"' | '\'')) => value[1..].rfind(q).map_or(value, |end| &value[1..=end]),
        _ => value.split(" #").next().unwrap_or(value).trim(),
    };
    value.trim().to_owned()
}

/// Two ways of writing one value: the same words in any case, spacing and punctuation.
fn same(a: &str, b: &str) -> bool {
    let key = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    key(a) == key(b)
}

impl YamlEdit {
    pub(crate) fn new(text: &str) -> YamlEdit {
        YamlEdit { lines: text.lines().map(str::to_owned).collect() }
    }

    pub(crate) fn text(&self) -> String {
        let mut text = self.lines.join("\n");
        text.push('\n');
        text
    }

    /// The line of `key:` among the children of the block opened at `parent` (or at the
    /// top when `None`).
    fn key_line(&self, parent: Option<usize>, key: &str) -> Option<usize> {
        let (from, to, indent) = match parent {
            Some(p) => (p + 1, self.block_end(p), self.child_indent(p)?),
            None => (0, self.lines.len(), 0),
        };
        (from..to).find(|&i| {
            let line = &self.lines[i];
            indent_of(line) == indent && line.trim_start().strip_prefix(key).is_some_and(|rest| rest.starts_with(':'))
        })
    }

    /// The line after the last line of the block opened at `at`: its deeper lines, less
    /// the blank and comment lines that end it (they belong to what follows).
    fn block_end(&self, at: usize) -> usize {
        let indent = indent_of(&self.lines[at]);
        let opens_list = self
            .lines
            .get(at + 1..)
            .and_then(|rest| rest.iter().find(|l| is_content(l)))
            .is_some_and(|next| indent_of(next) == indent && next.trim_start().starts_with("- "));
        let mut end = at + 1;
        let mut last = at + 1;
        while end < self.lines.len() {
            let line = &self.lines[end];
            if is_content(line) {
                let deeper = indent_of(line) > indent || (opens_list && indent_of(line) == indent && line.trim_start().starts_with("- "));
                if !deeper {
                    break;
                }
                last = end + 1;
            } else if line.trim_start().starts_with('#') && indent_of(line) > indent {
                // A comment indented under the block is its own (`# approved_on: ...`
                // under an entry); one at the block's own indent introduces what follows.
                last = end + 1;
            }
            end += 1;
        }
        last
    }

    fn child_indent(&self, at: usize) -> Option<usize> {
        let end = self.block_end(at);
        self.lines[at + 1..end].iter().find(|l| is_content(l)).map(|l| indent_of(l))
    }

    /// The value written on the key's own line, e.g. `[eyfs, ks1]` or `{}`.
    fn inline_value(&self, at: usize) -> String {
        let line = &self.lines[at];
        let after = line.split_once(':').map_or("", |(_, v)| v);
        let code = after.split(" #").next().unwrap_or("").trim();
        code.to_owned()
    }

    /// Adds `entry` (lines indented from 0) at the end of the top-level block `key`, made
    /// if there is none. An empty flow value (`{}`, `[]`) is opened into a block.
    pub(crate) fn append(&mut self, key: &str, entry: &[String]) -> Result<(), String> {
        let Some(at) = self.key_line(None, key) else {
            self.lines.push(format!("{key}:"));
            self.lines.extend(entry.iter().map(|l| format!("  {l}")));
            return Ok(());
        };
        let inline = self.inline_value(at);
        if inline == "{}" || inline == "[]" {
            self.lines[at] = format!("{key}:");
        } else if !inline.is_empty() {
            return Err(format!("`{key}:` is written on one line (`{inline}`), so import cannot add to it"));
        }
        let indent = self.child_indent(at).unwrap_or(2);
        let end = self.block_end(at);
        let lines: Vec<String> = entry.iter().map(|l| format!("{}{l}", " ".repeat(indent))).collect();
        self.lines.splice(end..end, lines);
        Ok(())
    }

    /// The line (from 1) of `child:` in the top-level mapping `key`, if it has one.
    pub(crate) fn child_line(&self, key: &str, child: &str) -> Option<usize> {
        let at = self.key_line(None, key)?;
        self.key_line(Some(at), child).map(|l| l + 1)
    }

    /// Sets `path` (`["name"]`, `["contact", "phone"]`) to `value` where school.yaml has no
    /// value or one marked FILL IN; returns whether it changed anything, or the conflict.
    pub(crate) fn set(&mut self, path: &[&str], value: &str, note: Option<&str>) -> Result<bool, Conflict> {
        let quoted = quoted(value);
        let comment = note.map(|n| format!("   # {} {n}", super::CHECK_MARK)).unwrap_or_default();
        let (parent, key) = match path {
            [key] => (None, *key),
            [parent, key] => match self.key_line(None, parent) {
                Some(p) => (Some(p), *key),
                None => {
                    self.lines.push(format!("{parent}:"));
                    self.lines.push(format!("  {key}: {quoted}{comment}"));
                    return Ok(true);
                }
            },
            _ => return Ok(false),
        };
        match self.key_line(parent, key) {
            Some(at) => {
                let line = self.lines[at].clone();
                let (head, after) = line.split_once(':').unwrap_or((&line, ""));
                let has = scalar(after);
                if has.contains(FILL_IN) || has.is_empty() {
                    self.lines[at] = format!("{head}: {quoted}{comment}");
                    Ok(true)
                } else if same(&has, value) {
                    Ok(false)
                } else {
                    Err(Conflict { key: path.join("."), line: at + 1, has, document: value.to_owned() })
                }
            }
            None => {
                match parent {
                    Some(p) => {
                        let indent = self.child_indent(p).unwrap_or(2);
                        let end = self.block_end(p);
                        self.lines.insert(end, format!("{}{key}: {quoted}{comment}", " ".repeat(indent)));
                    }
                    None => self.lines.push(format!("{key}: {quoted}{comment}")),
                }
                Ok(true)
            }
        }
    }

    /// Sets the list `parent.key` (`contact.address`) to `items` where it is missing or
    /// every item is marked FILL IN.
    pub(crate) fn set_list(&mut self, parent: &str, key: &str, items: &[String]) -> Result<bool, Conflict> {
        let quoted: Vec<String> = items.iter().map(|i| quoted(i)).collect();
        let Some(p) = self.key_line(None, parent) else {
            self.lines.push(format!("{parent}:"));
            self.lines.push(format!("  {key}: [{}]", quoted.join(", ")));
            return Ok(true);
        };
        let Some(at) = self.key_line(Some(p), key) else {
            let indent = self.child_indent(p).unwrap_or(2);
            let end = self.block_end(p);
            self.lines.insert(end, format!("{}{key}: [{}]", " ".repeat(indent), quoted.join(", ")));
            return Ok(true);
        };
        let inline = self.inline_value(at);
        let (has, end): (Vec<String>, usize) = if inline.is_empty() {
            let end = self.block_end(at);
            (
                self.lines[at + 1..end].iter().filter(|l| is_content(l)).map(|l| scalar(l.trim_start().trim_start_matches("- "))).collect(),
                end,
            )
        } else {
            (inline.trim_matches(['[', ']']).split(',').map(scalar).collect(), at + 1)
        };
        if has.iter().all(|h| h.contains(FILL_IN) || h.is_empty()) {
            let indent = indent_of(&self.lines[at]);
            let head = format!("{}{key}: [{}]", " ".repeat(indent), quoted.join(", "));
            self.lines.splice(at..end, [head]);
            Ok(true)
        } else if same(&has.join(" "), &items.join(" ")) {
            Ok(false)
        } else {
            Err(Conflict { key: format!("{parent}.{key}"), line: at + 1, has: has.join(", "), document: items.join(", ") })
        }
    }

    /// The line of an example person (a name still "FILL IN") for one of `roles`: the
    /// example's first role is the one it stands for (the headteacher's, the DSL's); its
    /// others are only a guess at who else holds what.
    pub(crate) fn example_person(&self, roles: &[String]) -> Option<usize> {
        let at = self.key_line(None, "people")?;
        let end = self.block_end(at);
        (at + 1..end).find(|&i| {
            let line = self.lines[i].trim_start();
            let Some(name) = line.strip_prefix("- name:") else { return false };
            name.contains(FILL_IN) && self.roles_at(i + 1).first().is_some_and(|main| roles.contains(main))
        })
    }

    /// The roles of the list on line `at` (`roles: [headteacher, siro]`), if it is one.
    fn roles_at(&self, at: usize) -> Vec<String> {
        let line = self.lines.get(at).map(|l| l.trim_start()).unwrap_or("");
        let Some(list) = line.strip_prefix("roles:") else { return Vec::new() };
        let list = list.split(" #").next().unwrap_or(list).trim().trim_matches(['[', ']']);
        list.split(',').map(scalar).filter(|r| !r.is_empty()).collect()
    }

    /// Writes `name` in place of the example at `line` (from [`Self::example_person`]),
    /// with a note above it, and `roles` as its roles, followed by those of the example's
    /// that the document gives no one (`given` is every role it gives): a guess for a
    /// person to check, which the note names. A role the document gives someone else is
    /// never left on the example's entry.
    pub(crate) fn fill_person(&mut self, line: usize, name: &str, roles: &[String], given: &[String], note: &str) {
        let indent = indent_of(&self.lines[line]);
        let guessed: Vec<String> = self.roles_at(line + 1).into_iter().filter(|r| !roles.contains(r) && !given.contains(r)).collect();
        if self.lines.get(line + 1).is_some_and(|l| l.trim_start().starts_with("roles:")) {
            let roles_indent = indent_of(&self.lines[line + 1]);
            let all: Vec<&str> = roles.iter().chain(&guessed).map(String::as_str).collect();
            self.lines[line + 1] = format!("{}roles: [{}]", " ".repeat(roles_indent), all.join(", "));
        }
        let note = if guessed.is_empty() {
            note.to_owned()
        } else {
            format!("{note}. The example's other roles ({}) are left on this entry: check them too", guessed.join(", "))
        };
        self.lines[line] = format!("{}- name: {}", " ".repeat(indent), quoted(name));
        self.lines.insert(line, format!("{}# {} {note}", " ".repeat(indent), super::CHECK_MARK));
    }

    /// Writes `entry` (lines indented from 0) in place of the entry `child` of the top-level
    /// mapping `key` when that entry is the example `new school` wrote (a value in it
    /// marked FILL IN); returns whether it was.
    pub(crate) fn fill_example_entry(&mut self, key: &str, child: &str, entry: &[String]) -> bool {
        let Some(at) = self.key_line(None, key) else { return false };
        let Some(line) = self.key_line(Some(at), child) else { return false };
        let end = self.block_end(line);
        if !self.lines[line..end].iter().any(|l| is_content(l) && l.contains(FILL_IN)) {
            return false;
        }
        let indent = " ".repeat(indent_of(&self.lines[line]));
        self.lines.splice(line..end, entry.iter().map(|l| format!("{indent}{l}")));
        true
    }

    /// Adds `item` to the top-level list `key` (`agreements: [eyfs, ks1]`) unless it is
    /// there.
    pub(crate) fn add_to_list(&mut self, key: &str, item: &str) -> Result<bool, String> {
        let Some(at) = self.key_line(None, key) else {
            self.lines.push(format!("{key}: [{item}]"));
            return Ok(true);
        };
        let inline = self.inline_value(at);
        if inline.starts_with('[') && inline.ends_with(']') {
            let items: Vec<String> = inline[1..inline.len() - 1].split(',').map(scalar).filter(|i| !i.is_empty()).collect();
            if items.iter().any(|i| i == item) {
                return Ok(false);
            }
            let mut all = items;
            all.push(item.to_owned());
            let line = self.lines[at].clone();
            let (head, after) = line.split_once(':').unwrap_or((&line, ""));
            let comment = after.find(" #").map(|c| &after[c..]).unwrap_or("");
            self.lines[at] = format!("{head}: [{}]{comment}", all.join(", "));
            return Ok(true);
        }
        if inline.is_empty() {
            let end = self.block_end(at);
            let present = self.lines[at + 1..end].iter().any(|l| scalar(l.trim_start().trim_start_matches("- ")) == item);
            if present {
                return Ok(false);
            }
            let indent = self.child_indent(at).unwrap_or(2);
            self.lines.insert(end, format!("{}- {item}", " ".repeat(indent)));
            return Ok(true);
        }
        Err(format!("`{key}:` is written in a way import cannot add to"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "# Our school\nname: \"FILL IN: the school's full name\"\ncontact:\n  address:\n    - \"FILL IN: first line\"\n    - \"FILL IN: town\"\n  phone: \"01632 960000\"   # the office\n  email: \"FILL IN: e-mail\"\npeople:\n  - name: \"FILL IN: the headteacher's name\"\n    roles: [headteacher, siro]\n  - name: Ms Grace Okafor\n    roles: [dsl]\n\n# The agreements we issue\nagreements: [ks1, ks2]\npolicies:\n  behaviour:\n    owner: headteacher   # keep\n\n# end\n";

    #[test]
    fn values_are_added_and_examples_filled_without_touching_the_rest() {
        let mut edit = YamlEdit::new(YAML);
        assert_eq!(edit.set(&["name"], "Larkfield Primary School", None), Ok(true));
        assert_eq!(edit.set(&["contact", "phone"], "01632 960000", None), Ok(false));
        assert_eq!(edit.set(&["contact", "email"], "office@larkfield.example", None), Ok(true));
        assert_eq!(edit.set_list("contact", "address", &["4 Orchard Way".into(), "Larkfield".into()]), Ok(true));
        let person = edit.example_person(&["headteacher".into()]).unwrap();
        edit.fill_person(person, "Mrs A. Whitcombe", &["headteacher".into()], &["headteacher".into()], "from online-safety.docx");
        assert_eq!(edit.example_person(&["dsl".into()]), None);
        edit.append("people", &["- name: Mr Rhys Pritchard".into(), "  roles: [esafety-coordinator]".into()]).unwrap();
        assert_eq!(edit.add_to_list("agreements", "staff"), Ok(true));
        edit.append("policies", &["online-safety:".into(), "  owner: dsl".into()]).unwrap();
        let text = edit.text();
        assert_eq!(
            text,
            "# Our school\nname: \"Larkfield Primary School\"\ncontact:\n  address: [\"4 Orchard Way\", \"Larkfield\"]\n  phone: \"01632 960000\"   # the office\n  email: \"office@larkfield.example\"\npeople:\n  # CHECK: from online-safety.docx. The example's other roles (siro) are left on this entry: check them too\n  - name: \"Mrs A. Whitcombe\"\n    roles: [headteacher, siro]\n  - name: Ms Grace Okafor\n    roles: [dsl]\n  - name: Mr Rhys Pritchard\n    roles: [esafety-coordinator]\n\n# The agreements we issue\nagreements: [ks1, ks2, staff]\npolicies:\n  behaviour:\n    owner: headteacher   # keep\n  online-safety:\n    owner: dsl\n\n# end\n"
        );
    }

    /// Regression: the document's roles were not written on the example it filled, so a
    /// headteacher who is also the DSL lost the DSL's role, and the lead put on the DSL's
    /// example took the role the document gives the headteacher.
    #[test]
    fn an_example_is_filled_for_its_own_role_with_the_documents_roles() {
        let yaml = "people:\n  - name: \"FILL IN: the headteacher's name\"\n    roles: [headteacher, siro]\n  - name: \"FILL IN: the DSL's name\"\n    roles: [dsl, esafety-coordinator, computing-lead]\n";
        let mut edit = YamlEdit::new(yaml);
        let given: Vec<String> = ["headteacher", "dsl", "esafety-coordinator"].map(String::from).to_vec();
        assert_eq!(edit.example_person(&["esafety-coordinator".into()]), None, "the DSL's example is not the lead's");
        let at = edit.example_person(&["headteacher".into(), "dsl".into()]).unwrap();
        edit.fill_person(at, "Mrs A. Whitcombe", &["headteacher".into(), "dsl".into()], &given, "from policy.docx");
        assert_eq!(
            edit.example_person(&["dsl".into()]).map(|at| edit.lines[at].clone()),
            Some("  - name: \"FILL IN: the DSL's name\"".into())
        );
        assert_eq!(
            edit.text(),
            "people:\n  # CHECK: from policy.docx. The example's other roles (siro) are left on this entry: check them too\n  - name: \"Mrs A. Whitcombe\"\n    roles: [headteacher, dsl, siro]\n  - name: \"FILL IN: the DSL's name\"\n    roles: [dsl, esafety-coordinator, computing-lead]\n"
        );
    }

    #[test]
    fn a_value_already_there_that_differs_is_a_conflict() {
        let mut edit = YamlEdit::new(YAML);
        let conflict = edit.set(&["contact", "phone"], "01632 960999", None).unwrap_err();
        assert_eq!((conflict.key.as_str(), conflict.line, conflict.has.as_str()), ("contact.phone", 7, "01632 960000"));
        assert_eq!(edit.text(), YAML);
    }
}
