//! Context rules that keep or drop matches of ambiguous surface forms (`context_rules.tsv`).

use rustc_hash::FxHashMap as HashMap;

use crate::error::{Error, Location, Result};
use crate::span::{Span, floor_char_boundary};

#[derive(Clone, Debug)]
enum Rule {
    NotInName { allowed_next: Vec<String> },
    NeedsNext { words: Vec<String> },
    NotNear { words: Vec<String> },
}

/// The rules, by surface form.
#[derive(Clone, Debug, Default)]
pub(super) struct ContextRules {
    by_form: HashMap<String, Vec<Rule>>,
}

/// How far `not-near` looks on each side, in bytes.
const NEAR: usize = 120;

impl ContextRules {
    pub(super) fn parse(name: &str, content: &str) -> Result<ContextRules> {
        let mut rules = ContextRules::default();
        for (number, line) in content.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cells = line.split('\t');
            let form = cells.next().unwrap_or("").trim();
            let kind = cells.next().unwrap_or("").trim();
            let words: Vec<String> = cells
                .next()
                .unwrap_or("")
                .split('|')
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect();
            let location = || Location::line(name, number as u64 + 1);
            if form.is_empty() {
                return Err(Error::invalid(location(), "empty form"));
            }
            let rule = match kind {
                "not-in-name" => Rule::NotInName {
                    allowed_next: words,
                },
                "needs-next" if !words.is_empty() => Rule::NeedsNext {
                    words: words.iter().map(|w| w.to_lowercase()).collect(),
                },
                "not-near" if !words.is_empty() => Rule::NotNear { words },
                "needs-next" | "not-near" => {
                    return Err(Error::invalid(
                        location(),
                        format!("rule {kind} needs words"),
                    ));
                }
                other => {
                    return Err(Error::invalid(
                        location(),
                        format!(
                            "unknown rule {other:?} (expected not-in-name, needs-next or not-near)"
                        ),
                    ));
                }
            };
            rules
                .by_form
                .entry(form.to_string())
                .or_default()
                .push(rule);
        }
        Ok(rules)
    }

    /// True when every rule for `form` allows its match at `span` in `text`.
    pub(super) fn allow(&self, form: &str, text: &str, span: Span) -> bool {
        let Some(rules) = self.by_form.get(form) else {
            return true;
        };
        rules.iter().all(|rule| match rule {
            Rule::NotInName { allowed_next } => !in_name(text, span, allowed_next),
            Rule::NeedsNext { words } => text[span.end..]
                .split(|c: char| !c.is_alphanumeric() && c != '-')
                .filter(|w| !w.is_empty())
                .take(3)
                .any(|w| words.iter().any(|x| x.eq_ignore_ascii_case(w))),
            Rule::NotNear { words } => {
                let from = floor_char_boundary(text, span.start.saturating_sub(NEAR));
                let to = floor_char_boundary(text, (span.end + NEAR).min(text.len()));
                let window = &text[from..to];
                !words.iter().any(|w| window.contains(w.as_str()))
            }
        })
    }
}

/// A capitalised word joined to the span by a single space on either side.
fn in_name(text: &str, span: Span, allowed_next: &[String]) -> bool {
    let before = &text[..span.start];
    if let Some(prefix) = before.strip_suffix(' ') {
        let word = prefix.rsplit(char::is_whitespace).next().unwrap_or("");
        if word.chars().next().is_some_and(char::is_uppercase)
            && word.chars().all(char::is_alphabetic)
            && !is_function_word(word)
        {
            return true;
        }
    }
    let after = &text[span.end..];
    if let Some(rest) = after.strip_prefix(' ') {
        let word: &str = rest
            .split(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        if word.chars().next().is_some_and(char::is_uppercase)
            && !allowed_next.iter().any(|a| a == word)
        {
            return true;
        }
    }
    false
}

/// Capitalised function words (`In`, `The`, `From`) start sentences, not names.
fn is_function_word(word: &str) -> bool {
    static WORDS: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
        std::sync::LazyLock::new(|| {
            crate::segment::DEFAULT_SENTENCE_STARTERS
                .lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                .map(str::trim)
                .collect()
        });
    WORDS.contains(word)
}
