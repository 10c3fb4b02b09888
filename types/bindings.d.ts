// TEMPORARY: the bindings' contract until pkg/jixiao.d.ts carries it (delete after the merge).
export interface CheckOptions {
  name?: string;
  rounding?: "auto" | "truncate" | "half_up" | "half-up";
  encoding?: "auto" | "utf-8" | "gb18030" | "utf-16le" | "utf-16be";
}
export interface Vocabulary {
  pasted_name: string;
  years: { min: number; max: number };
  severities: { key: "error" | "warning" | "info"; zh: string; en: string }[];
  roundings: { key: "auto" | "truncate" | "half_up"; zh: string; en: string }[];
  rounding_sources: { key: "form" | "document" | "user" | "default"; zh: string; en: string }[];
  trail: { key: "auto" | "accepted" | "edited" | "dismissed" | "restored"; zh: string; en: string }[];
  grades: { grade: string; min: string | null; en: string }[];
  fields: { path: string; zh: string }[];
  fund_rows: { key: string; zh: string }[];
  fund_columns: { key: string; zh: string }[];
  indicator_columns: { key: string; zh: string }[];
  paths: { fund: string; indicator: string };
}
export interface CodeEntry {
  code: string; severity: "error" | "warning" | "info"; stage: "reader" | "rule";
  title_en: string; rule: string; message: string;
}
export type Action =
  | { kind: "edit"; field: string; value: string | null; at?: string }
  | { kind: "accept"; code: string; field: string; at?: string }
  | { kind: "dismiss"; code: string; field: string | null; note?: string; at?: string }
  | { kind: "restore"; code: string; field: string | null; at?: string };
