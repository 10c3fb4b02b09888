//! Column headings → what each column holds.
