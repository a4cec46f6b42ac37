//! Just enough JSON reading for `xtask/budgets.json` and `src/js/loader/parts.json`.

/// The text of `"key": { ... }` in a small JSON document (budgets.json has no nesting
/// beyond one level).
pub(crate) fn json_section(doc: &str, key: &str) -> Option<String> {
    let start = doc.find(&format!("\"{key}\""))?;
    let open = start + doc[start..].find('{')?;
    let close = open + doc[open..].find('}')?;
    Some(doc[open..=close].to_string())
}

pub(crate) fn json_strings(section: &str, key: &str) -> Vec<String> {
    let Some(start) = section.find(&format!("\"{key}\"")) else {
        return Vec::new();
    };
    let Some(open) = section[start..].find('[').map(|i| start + i) else {
        return Vec::new();
    };
    let Some(close) = section[open..].find(']').map(|i| open + i) else {
        return Vec::new();
    };
    section[open + 1..close]
        .split(',')
        .map(|s| s.trim().trim_matches('"').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

pub(crate) fn json_number(section: &str, key: &str) -> Option<usize> {
    let start = section.find(&format!("\"{key}\""))? + key.len() + 2;
    let rest = section[start..].trim_start_matches([':', ' ']);
    rest.split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}
