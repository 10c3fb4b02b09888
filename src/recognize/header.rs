//! The header facts: 项目名称, 主管部门, 实施单位, with the value in the next cell or after a
//! colon.

use super::classify::{is_labelled, FACT_LABELS, SEAL};
use super::{Builder, Section};
use crate::grid::{Cell, Row};
use crate::value::clean_text;

/// Reads the facts a row labels; `false` when it holds none.
pub(super) fn read(b: &mut Builder, row: &Row, filled: &[&Cell]) -> bool {
    let mut found = false;
    let mut used = vec![false; filled.len()];
    // Each cell's label looked up once: a long row of words costs its length.
    let labels: Vec<Option<&str>> = filled
        .iter()
        .map(|c| {
            FACT_LABELS
                .iter()
                .find(|l| is_labelled(c.key(), l))
                .copied()
        })
        .collect();
    let mut department_at = None;
    let mut has_implementer_label = false;
    for i in 0..filled.len() {
        let Some(label) = labels[i] else {
            continue;
        };
        if label != "项目名称" && b.section > Section::Header {
            continue;
        }
        found = true;
        used[i] = true;
        let mut rest = clean_text(&filled[i].text);
        // (Both spellings of the seal name 盖章: most labels are copied no more.)
        if rest.contains("盖章") {
            rest = rest.replace(" (盖章)", "").replace(SEAL, "");
        }
        let rest = rest
            .strip_prefix(label)
            .map(|r| r.strip_prefix("及代码").unwrap_or(r))
            .unwrap_or("")
            .trim_start_matches([':', '：', ' '])
            .trim();
        let department = label == "主管部门" || label == "主管单位";
        let mut value = (!rest.is_empty()).then(|| rest.to_owned());
        if value.is_none() {
            if let Some((text, last)) = value_after(row, filled, &labels, &mut used, i, department)
            {
                value = Some(text);
                if department {
                    department_at = Some(last);
                }
            }
        }
        match label {
            "项目名称" => {
                if value.is_none() {
                    value = take_pending_name(b);
                    b.want_project = value.is_none();
                }
                b.form.project = value.map(|v| without_code(&v)).or(b.form.project.take());
            }
            "主管部门" | "主管单位" => {
                b.form.department = value.map(|v| without_bracket_code(&v))
            }
            _ => {
                has_implementer_label = true;
                b.form.implementer = value;
            }
        }
    }
    if !found {
        return false;
    }
    // 主管部门 X Y with no 实施单位 label: Y is the 实施单位.
    if let (Some(d), false) = (department_at, has_implementer_label) {
        if let Some(j) = (d + 1..filled.len()).find(|&j| !used[j]) {
            b.form.implementer = Some(clean_text(&filled[j].text));
        }
    }
    b.section = b.section.max(Section::Header);
    true
}

/// The value in the cells after the label at `i`, and the index of its last cell (`labels`:
/// the fact label each cell holds).
fn value_after(
    row: &Row,
    filled: &[&Cell],
    labels: &[Option<&str>],
    used: &mut [bool],
    i: usize,
    department: bool,
) -> Option<(String, usize)> {
    let mut j = (i + 1..filled.len()).find(|&j| !used[j])?;
    if labels[j].is_some() {
        return None;
    }
    used[j] = true;
    let mut text = clean_text(&filled[j].text);
    if text.replace(' ', "") == SEAL {
        // `实施单位 (盖章) 名称` split on single spaces: the seal is no part of the name.
        match (j + 1..filled.len()).find(|&m| !used[m]) {
            Some(m) if labels[m].is_none() => {
                used[m] = true;
                text = clean_text(&filled[m].text);
                j = m;
            }
            _ => return None,
        }
    }
    let mut last = j;
    // Single-space text cut the value into words: take them all, up to the next label (a
    // 主管部门 with no 实施单位 label after it keeps one word, the next being the 实施单位).
    let next_label = labels[j + 1..].iter().any(Option::is_some);
    if row.loose && (!department || next_label) {
        while last + 1 < filled.len() && labels[last + 1].is_none() {
            last += 1;
            used[last] = true;
        }
        if last > j {
            // The words joined by spaces and cleaned once (as cleaning each join would give).
            for c in &filled[j + 1..=last] {
                text.push(' ');
                text.push_str(&c.text);
            }
            text = clean_text(&text);
        }
    }
    Some((text, last))
}

/// A project name printed on the line before its empty 项目名称 label.
fn take_pending_name(b: &mut Builder) -> Option<String> {
    let last = b.pending.last()?;
    let cells = last.filled_list();
    if cells.len() != 1 || cells[0].text.chars().count() > 80 {
        return None;
    }
    let name = clean_text(&cells[0].text);
    b.pending.pop();
    Some(name)
}

/// A project name without the project code printed before it (`51092324T000010263357-`,
/// `31010722000000012345 `): a run of at least ten letters and digits, most of them digits.
pub(super) fn without_code(name: &str) -> String {
    let code_len = name
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(name.len());
    let code = &name[..code_len];
    let digits = code.bytes().filter(u8::is_ascii_digit).count();
    if code_len < 10 || digits * 4 < code_len * 3 {
        return name.to_owned();
    }
    let rest = name[code_len..].trim_start_matches([' ', '-', '_', '—', '－', ':', '：']);
    if rest.is_empty() {
        return name.to_owned();
    }
    rest.to_owned()
}

/// A department without the code printed before it: `[145]国家林业和草原局`.
fn without_bracket_code(name: &str) -> String {
    let Some(rest) = name.strip_prefix(['[', '【', '(', '（']) else {
        return name.to_owned();
    };
    let Some(end) = rest.find([']', '】', ')', '）']) else {
        return name.to_owned();
    };
    let code = &rest[..end];
    let after = rest[end..].trim_start_matches([']', '】', ')', '）', ' ']);
    if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) || after.is_empty() {
        return name.to_owned();
    }
    after.to_owned()
}
