//! A form written back as Excel-style tab-separated text (or CSV): one row per line, merged
//! cells empty, cells with separators, quotes or line breaks quoted. Reading it again gives
//! the same form.

use jixiao::model::{Form, FundKind, MoneyUnit};
use rust_decimal::Decimal;

const WIDTH: usize = 8;

fn cell(text: &str, sep: char) -> String {
    if text.contains([sep, '\n', '"']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

struct Out {
    text: String,
    sep: char,
}

impl Out {
    fn row(&mut self, cells: &[&str]) {
        let mut cells: Vec<String> = cells.iter().map(|c| cell(c, self.sep)).collect();
        cells.resize(WIDTH.max(cells.len()), String::new());
        self.text.push_str(&cells.join(&self.sep.to_string()));
        self.text.push('\n');
    }
}

fn num(d: Option<Decimal>) -> String {
    d.map_or(String::new(), |d| d.to_string())
}

/// Writes one form as TSV.
pub fn to_tsv(form: &Form) -> String {
    write(form, '\t')
}

/// Writes one form as CSV.
pub fn to_csv(form: &Form) -> String {
    write(form, ',')
}

fn write(form: &Form, sep: char) -> String {
    let mut out = Out {
        text: String::new(),
        sep,
    };
    out.row(&[form.title.as_deref().unwrap_or("财政项目支出绩效自评表")]);
    if let Some(y) = form.year {
        out.row(&[&format!("({y}年度)")]);
    }
    out.row(&["项目名称", form.project.as_deref().unwrap_or("")]);
    out.row(&[
        "主管部门",
        form.department.as_deref().unwrap_or(""),
        "",
        "",
        "实施单位",
        form.implementer.as_deref().unwrap_or(""),
    ]);
    let unit = match form.unit {
        Some(MoneyUnit::WanYuan) => "项目资金（万元）",
        Some(MoneyUnit::Yuan) => "项目资金（元）",
        None => "项目资金",
    };
    out.row(&[
        unit,
        "",
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
    ]);
    for kind in FundKind::ALL {
        let Some(r) = form.funds.get(kind) else {
            continue;
        };
        let label = if kind == FundKind::Appropriation {
            "其中：当年财政拨款"
        } else {
            kind.label()
        };
        let dash = |d: Option<Decimal>| {
            if kind == FundKind::Total {
                num(d)
            } else {
                d.map_or("-".to_owned(), |d| d.to_string())
            }
        };
        out.row(&[
            "",
            label,
            &num(r.initial_budget),
            &num(r.annual_budget),
            &num(r.executed),
            &dash(r.weight),
            &num(r.rate),
            &dash(r.score),
        ]);
    }
    out.row(&["年度总体目标", "预期目标", "", "", "实际完成情况"]);
    let (planned, achieved) = (&form.goals.planned, &form.goals.achieved);
    if planned.is_some() || achieved.is_some() {
        out.row(&[
            "",
            planned.as_deref().unwrap_or(""),
            "",
            "",
            achieved.as_deref().unwrap_or(""),
        ]);
    }
    out.row(&[
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ]);
    let (mut l1, mut l2) = (None, None);
    for ind in &form.indicators {
        let show1 = ind.level1 != l1;
        let show2 = show1 || ind.level2 != l2;
        l1 = ind.level1.clone();
        l2 = ind.level2.clone();
        out.row(&[
            if show1 {
                ind.level1.as_deref().unwrap_or("")
            } else {
                ""
            },
            if show2 {
                ind.level2.as_deref().unwrap_or("")
            } else {
                ""
            },
            &ind.name,
            ind.target.as_ref().map_or("", |v| v.text.as_str()),
            ind.actual.as_ref().map_or("", |v| v.text.as_str()),
            &num(ind.weight),
            &num(ind.score),
            ind.reason.as_deref().unwrap_or(""),
        ]);
    }
    let r = &form.reported;
    if r.total.is_some() || r.weight_total.is_some() {
        out.row(&["总分", "", "", "", "", &num(r.weight_total), &num(r.total)]);
    }
    if let Some(g) = &r.grade {
        out.row(&["评分等级", g]);
    }
    out.text
}
