//! The `// expect: CODE [@ LINE] [(FOUND [-> EXPECTED])]` lines of fixture files (or
//! `// expect: CODE xN` for N findings on any lines), and matching them against a report's
//! findings. Shared by the rule fixtures (tests/rules.rs) and the region fixtures (tests/regions.rs).

use jixiao::findings::Finding;

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Clone)]
pub struct Expect {
    pub code: String,
    pub any_line: bool,
    pub line: Option<usize>,
    pub found: Option<String>,
    pub expected: Option<String>,
}

impl std::fmt::Display for Expect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.code)?;
        if let Some(line) = self.line {
            write!(f, " @ {line}")?;
        }
        match (&self.found, &self.expected) {
            (Some(a), Some(b)) => write!(f, " ({a} -> {b})"),
            (Some(a), None) => write!(f, " ({a})"),
            _ => Ok(()),
        }
    }
}

/// The expectations of one `// expect:` line (its prefix may be left on). `None` when the line
/// is not of that form (a line number or a count that is not a number).
pub fn parse(line: &str) -> Option<Vec<Expect>> {
    let rest = line.trim_start_matches("// expect:").trim();
    if let Some((code, n)) = rest.split_once(" x") {
        let one = Expect {
            code: code.trim().to_owned(),
            any_line: true,
            line: None,
            found: None,
            expected: None,
        };
        return Some(vec![one; n.trim().parse().ok()?]);
    }
    let (head, figures) = match rest.split_once('(') {
        Some((h, f)) => (h.trim(), Some(f.trim_end_matches(')').trim())),
        None => (rest, None),
    };
    let (code, at) = match head.split_once('@') {
        Some((c, l)) => (c.trim(), Some(l.trim().parse().ok()?)),
        None => (head, None),
    };
    let (found, expected) = match figures {
        Some(f) => match f.split_once("->") {
            Some((a, b)) => (Some(a.trim().to_owned()), Some(b.trim().to_owned())),
            None => (Some(f.to_owned()), None),
        },
        None => (None, None),
    };
    Some(vec![Expect {
        code: code.to_owned(),
        any_line: false,
        line: at,
        found,
        expected,
    }])
}

/// A finding seen as far as an expectation looks at it (its line, found and expected only
/// where the expectation gives them).
pub fn actual(f: &Finding, want: &Expect) -> Expect {
    Expect {
        code: f.code.spec().code.to_owned(),
        any_line: want.any_line,
        line: if want.any_line { None } else { f.line },
        found: want.found.as_ref().and(f.found.clone()),
        expected: want.expected.as_ref().and(f.expected.clone()),
    }
}

/// Pairs expectations with findings, each finding used once: the expectations no finding
/// meets, and the findings no expectation took.
pub fn pair<'a>(wants: &[Expect], findings: &[&'a Finding]) -> (Vec<Expect>, Vec<&'a Finding>) {
    let mut left: Vec<&Finding> = findings.to_vec();
    let mut unmet = Vec::new();
    for want in wants {
        match left.iter().position(|f| actual(f, want) == *want) {
            Some(p) => {
                left.remove(p);
            }
            None => unmet.push(want.clone()),
        }
    }
    (unmet, left)
}
