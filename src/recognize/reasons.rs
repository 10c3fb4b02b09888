//! A merged 偏差原因 cell printed on the neighbouring row, moved to the row it names.

use super::Builder;
use crate::findings::{Code, Finding};
use crate::model::{Field, Indicator, IndicatorCol};

/// A merged 偏差原因 cell can be printed on the row above or below the indicator it explains.
/// A reason on a full-score row moves to an adjacent deducted row without one when it names
/// that row's indicator (shares a longer run of characters with its name).
pub(super) fn move_neighbour_reasons(b: &mut Builder) {
    let inds = &mut b.form.indicators;
    for i in 0..inds.len() {
        let full = |ind: &Indicator| ind.weight.is_some() && ind.score == ind.weight;
        let Some(reason) = inds[i].reason.clone() else {
            continue;
        };
        if !full(&inds[i]) {
            continue;
        }
        let own = common_run(&reason, &inds[i].name);
        let candidates = [i.checked_sub(1), (i + 1 < inds.len()).then_some(i + 1)];
        for k in candidates.into_iter().flatten() {
            let other = &inds[k];
            let deducted = matches!((other.weight, other.score), (Some(w), Some(s)) if s < w);
            if deducted && other.reason.is_none() {
                let theirs = common_run(&reason, &other.name);
                if theirs >= 4 && theirs > own {
                    let from_line = b.indicators.reason_lines.get(i).copied().flatten();
                    inds[k].reason = inds[i].reason.take();
                    b.findings.push(
                        Finding::new(
                            Code::ParseReasonMoved,
                            Some(inds[k].line),
                            &inds[k].name,
                            from_line.map(|l| l.to_string()),
                            None,
                        )
                        .field(Field::Indicator(k, IndicatorCol::Reason)),
                    );
                    break;
                }
            }
        }
    }
}

/// Length of the longest run of characters two texts share.
fn common_run(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().filter(|c| !c.is_whitespace()).collect();
    let b: Vec<char> = b.chars().filter(|c| !c.is_whitespace()).collect();
    let mut best = 0;
    let mut prev = vec![0usize; b.len() + 1];
    for &ca in a.iter().take(400) {
        let mut cur = vec![0usize; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            if ca == cb {
                cur[j + 1] = prev[j] + 1;
                best = best.max(cur[j + 1]);
            }
        }
        prev = cur;
    }
    best
}
