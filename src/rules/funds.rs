//! 项目资金: execution rate and score, components that add up, execution within budget.

use super::{show, Checked, Rounding};
use crate::findings::{Applicability, Code, Finding};
use crate::model::{Block, Field, Form, FundCol, FundKind, FundRow};
use rust_decimal::Decimal;

/// The fund rows a form has, in order.
pub fn rows(form: &Form) -> impl Iterator<Item = (FundKind, &FundRow)> {
    FundKind::ALL
        .into_iter()
        .filter_map(|k| form.funds.get(k).map(|r| (k, r)))
}

/// 全年执行数 ÷ 全年预算数 × 100, unrounded; `None` when the budget is missing or zero.
pub fn exact_rate(row: &FundRow) -> Option<Decimal> {
    let (budget, executed) = (row.annual_budget?, row.executed?);
    if budget <= Decimal::ZERO {
        return None;
    }
    executed
        .checked_mul(Decimal::ONE_HUNDRED)?
        .checked_div(budget)
}

/// Whether the form scores its 预算执行率 as an indicator row (some templates put it in the
/// indicator table, under 项目管理, and print no 分值 in the fund block): it then is not
/// counted a second time.
pub fn scored_as_indicator(form: &Form) -> bool {
    form.funds.total.as_ref().is_none_or(|r| r.weight.is_none())
        && form
            .indicators
            .iter()
            .any(|i| i.name.contains(crate::vocab::EXECUTION_LEVEL) && i.weight.is_some())
}

/// The 分值 of the execution rate: as printed, or the standard 10.
pub fn execution_weight(row: &FundRow) -> Decimal {
    row.weight.unwrap_or(Decimal::TEN)
}

/// min(rounded rate, 100) × 分值 ÷ 100, rounded by the convention.
pub fn execution_score(row: &FundRow, rounding: Rounding) -> Option<Decimal> {
    score_at(rounding.round(exact_rate(row)?), row, rounding)
}

/// [`execution_score`] from the rate already rounded by the convention.
pub fn score_at(rate: Decimal, row: &FundRow, rounding: Rounding) -> Option<Decimal> {
    let score = rate
        .min(Decimal::ONE_HUNDRED)
        .checked_mul(execution_weight(row))?
        .checked_div(Decimal::ONE_HUNDRED)?;
    Some(rounding.round(score))
}

pub fn check(c: &mut Checked) {
    if c.form.uncertain.contains(&Block::Funds) {
        return;
    }
    let rounding = c.recomputed.rounding;
    let mut findings = Vec::new();
    for (kind, row) in rows(&c.form) {
        let subject = kind.label();
        let field = |col| Field::Fund(kind, col);
        let rate = exact_rate(row).map(|r| rounding.round(r));
        if kind == FundKind::Total {
            c.recomputed.rate = rate;
            c.recomputed.execution_score = rate.and_then(|r| score_at(r, row, rounding));
        }
        if let (Some(printed), Some(expected)) = (row.rate, rate) {
            if printed != expected {
                findings.push(
                    Finding::new(
                        Code::FundsRateMismatch,
                        Some(row.line),
                        subject,
                        Some(show(printed)),
                        Some(show(expected)),
                    )
                    .field(field(FundCol::Rate))
                    .fix(Applicability::Safe),
                );
            }
        }
        if kind == FundKind::Total {
            if let (Some(printed), Some(expected)) = (row.score, c.recomputed.execution_score) {
                if printed != expected {
                    findings.push(
                        Finding::new(
                            Code::FundsScoreMismatch,
                            Some(row.line),
                            subject,
                            Some(show(printed)),
                            Some(show(expected)),
                        )
                        .field(field(FundCol::Score))
                        .fix(Applicability::Safe),
                    );
                }
            }
        }
        if let (Some(budget), Some(executed)) = (row.annual_budget, row.executed) {
            if executed > budget {
                findings.push(
                    Finding::new(
                        Code::FundsOverBudget,
                        Some(row.line),
                        subject,
                        Some(show(executed)),
                        Some(show(budget)),
                    )
                    .field(field(FundCol::Executed)),
                );
            }
        }
    }
    findings.extend(components(&c.form));
    c.findings.extend(findings);
}

/// 当年财政拨款 + 上年结转资金 + 其他资金 = 年度资金总额, column by column. A column is checked
/// when the total and every component row present have a figure in it (absent rows count 0).
fn components(form: &Form) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some(total) = form.funds.total.as_ref() else {
        return out;
    };
    let parts: Vec<(FundKind, &FundRow)> =
        rows(form).filter(|(k, _)| *k != FundKind::Total).collect();
    if parts.is_empty() {
        return out;
    }
    for col in [FundCol::Initial, FundCol::Annual, FundCol::Executed] {
        let Some(t) = total.get(col) else { continue };
        let values: Option<Vec<(FundKind, &FundRow, Decimal)>> = parts
            .iter()
            .map(|(k, r)| r.get(col).map(|v| (*k, *r, v)))
            .collect();
        let Some(values) = values else { continue };
        let Some(sum) = values
            .iter()
            .try_fold(Decimal::ZERO, |acc, (_, _, v)| acc.checked_add(*v))
        else {
            continue;
        };
        if sum == t {
            continue;
        }
        // One component alone above the total is the row to look at; otherwise the total.
        let (line, at) = match values.iter().find(|(_, _, v)| *v > t) {
            Some((k, r, _)) => (r.line, *k),
            None => (total.line, FundKind::Total),
        };
        out.push(
            Finding::new(
                Code::FundsComponentsMismatch,
                Some(line),
                col.label(),
                Some(show(sum)),
                Some(show(t)),
            )
            .field(Field::Fund(at, col)),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    fn row(budget: &str, executed: &str) -> FundRow {
        FundRow {
            annual_budget: Some(d(budget)),
            executed: Some(d(executed)),
            weight: Some(d("10")),
            line: 1,
            ..FundRow::default()
        }
    }

    #[test]
    fn rate_and_score_by_convention() {
        let r = row("5725327", "4896155.12");
        assert_eq!(execution_score(&r, Rounding::HalfUp), Some(d("8.55")));
        let r = row("35.00", "34.17");
        assert_eq!(
            Rounding::Truncate.round(exact_rate(&r).unwrap()),
            d("97.62")
        );
        assert_eq!(execution_score(&r, Rounding::Truncate), Some(d("9.76")));
        let over = row("10", "12");
        assert_eq!(execution_score(&over, Rounding::HalfUp), Some(d("10.00")));
        assert_eq!(exact_rate(&row("0", "0")), None);
    }

    #[test]
    fn component_above_total_points_at_its_row() {
        let mut form = Form::default();
        form.funds.total = Some(FundRow {
            annual_budget: Some(d("100")),
            line: 5,
            ..FundRow::default()
        });
        form.funds.appropriation = Some(FundRow {
            annual_budget: Some(d("120")),
            line: 6,
            ..FundRow::default()
        });
        form.funds.carryover = Some(FundRow {
            annual_budget: Some(d("0")),
            line: 7,
            ..FundRow::default()
        });
        let f = components(&form);
        assert_eq!(f.len(), 1);
        assert_eq!(
            (f[0].code, f[0].line),
            (Code::FundsComponentsMismatch, Some(6))
        );
        assert_eq!(f[0].found.as_deref(), Some("120"));
        form.funds.appropriation = Some(FundRow {
            annual_budget: Some(d("90")),
            line: 6,
            ..FundRow::default()
        });
        assert_eq!(components(&form)[0].line, Some(5));
    }
}
