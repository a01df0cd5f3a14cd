//! Gazetteer entries: parsing the TSV format and merging lines that share an id.

use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::sync::OnceLock;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use super::FormKind;
use crate::error::{Error, Location, Result};

/// What kind of thing an entity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityType {
    /// A state or territory.
    Country,
    /// A named person.
    Person,
    /// A named weapons system or family.
    Weapon,
}

impl EntityType {
    /// The lowercase name used in files and output: `country`, `person`, `weapon`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Country => "country",
            EntityType::Person => "person",
            EntityType::Weapon => "weapon",
        }
    }

    /// Parses `country`, `person` or `weapon`.
    pub fn parse(name: &str) -> Option<EntityType> {
        match name {
            "country" => Some(EntityType::Country),
            "person" => Some(EntityType::Person),
            "weapon" => Some(EntityType::Weapon),
            _ => None,
        }
    }
}

/// A role a person held: `Minister of Defence@RUS@2012-11-06@2024-05-12` in the files.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Role {
    /// The role's title as the source gives it.
    pub title: String,
    /// ISO 3166-1 alpha-3 code of the country, if known.
    pub country: Option<String>,
    /// Start date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`), if known.
    pub start: Option<String>,
    /// End date, if known and past.
    pub end: Option<String>,
}

impl Role {
    /// True when the role was held on `date` (`YYYY-MM-DD`); unknown bounds do not exclude.
    /// Dates compare as text, so `2016` counts from the start of 2016 to the end of 2016.
    pub fn held_on(&self, date: &str) -> bool {
        let starts = self.start.as_deref().is_none_or(|s| s <= date);
        let ends = self.end.as_deref().is_none_or(|e| {
            // `2024` ends after every day of 2024: compare on the end's own precision.
            date.get(..e.len()).is_some_and(|d| d <= e)
        });
        starts && ends
    }
}

/// One gazetteer entity with all its surface forms.
#[derive(Clone, Debug)]
pub struct Entity {
    /// Stable id: ISO alpha-3 for countries, a Wikidata QID, or a slug (`weapon:shahed-136`).
    pub id: String,
    /// What the entity is.
    pub entity_type: EntityType,
    /// The display name.
    pub canonical: String,
    /// Other names and short forms.
    pub aliases: Vec<String>,
    /// Demonyms and adjectives (countries).
    pub demonyms: Vec<String>,
    /// Capitals and seats of government standing for the state (countries).
    pub capitals: Vec<String>,
    /// Roles held (people), as in the files: [`Entity::roles`] parses them.
    roles: Roles,
    /// Kind of weapon (`missile`, `drone`, …), if given.
    pub subtype: Option<String>,
    /// ISO alpha-3 of the country of origin (weapons) or served (people), if given.
    pub origin: Option<String>,
}

/// A person's role cells, `|`-joined, checked when read but parsed on first use: they are most
/// of the people file, and few are ever looked at.
#[derive(Clone, Debug, Default)]
struct Roles {
    raw: Cow<'static, str>,
    parsed: OnceLock<Vec<Role>>,
}

impl Roles {
    /// Each role's text, trimmed, empty ones left out.
    fn texts(&self) -> impl Iterator<Item = &str> {
        split(&self.raw)
    }

    fn add(&mut self, cell: Cow<'static, str>) {
        if self.raw.is_empty() {
            self.raw = cell;
        } else {
            self.raw = Cow::Owned(format!("{}|{cell}", self.raw));
        }
    }

    fn get(&self) -> &[Role] {
        self.parsed.get_or_init(|| {
            let mut roles: Vec<Role> = Vec::new();
            for text in self.texts() {
                let role = parse_role(text);
                if !roles.contains(&role) {
                    roles.push(role);
                }
            }
            roles
        })
    }
}

impl PartialEq for Entity {
    fn eq(&self, other: &Entity) -> bool {
        self.id == other.id
            && self.entity_type == other.entity_type
            && self.canonical == other.canonical
            && self.aliases == other.aliases
            && self.demonyms == other.demonyms
            && self.capitals == other.capitals
            && self.roles() == other.roles()
            && self.subtype == other.subtype
            && self.origin == other.origin
    }
}

impl Eq for Entity {}

impl Serialize for Entity {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut entity = serializer.serialize_struct("Entity", 9)?;
        entity.serialize_field("id", &self.id)?;
        entity.serialize_field("type", &self.entity_type)?;
        entity.serialize_field("canonical", &self.canonical)?;
        entity.serialize_field("aliases", &self.aliases)?;
        entity.serialize_field("demonyms", &self.demonyms)?;
        entity.serialize_field("capitals", &self.capitals)?;
        entity.serialize_field("roles", self.roles())?;
        entity.serialize_field("subtype", &self.subtype)?;
        entity.serialize_field("origin", &self.origin)?;
        entity.end()
    }
}

impl Entity {
    /// Roles held (people), each once, in file order.
    pub fn roles(&self) -> &[Role] {
        self.roles.get()
    }

    /// The country (ISO alpha-3) of each role, unparsed: for indexing every person's roles
    /// without parsing them all.
    pub(super) fn role_countries(&self) -> impl Iterator<Item = &str> {
        self.roles.texts().filter_map(role_country)
    }

    /// Every surface form with how it names the entity.
    pub fn surface_forms(&self) -> impl Iterator<Item = (&str, FormKind)> {
        std::iter::once((self.canonical.as_str(), FormKind::Canonical))
            .chain(self.aliases.iter().map(|a| (a.as_str(), FormKind::Alias)))
            .chain(
                self.capitals
                    .iter()
                    .map(|a| (a.as_str(), FormKind::Capital)),
            )
            .chain(
                self.demonyms
                    .iter()
                    .map(|a| (a.as_str(), FormKind::Demonym)),
            )
            .filter(|(form, _)| !form.is_empty())
    }
}

const COLUMNS: [&str; 9] = [
    "id",
    "type",
    "canonical",
    "aliases",
    "demonyms",
    "capitals",
    "roles",
    "subtype",
    "origin",
];

/// Entities parsed so far, merged by id, in first-seen order. Ids are borrowed from the files'
/// text (`'a`), which outlives the parsing.
#[derive(Default)]
pub(super) struct Entries<'a> {
    entities: Vec<Entity>,
    by_id: HashMap<&'a str, usize>,
}

impl<'a> Entries<'a> {
    /// Parses one file's content; `name` names it in errors. `keep` turns a role cell into
    /// what the entity keeps: the embedded files lend theirs, at no cost.
    pub(super) fn parse<'c: 'a>(
        &mut self,
        name: &str,
        content: &'c str,
        keep: impl Fn(&'c str) -> Cow<'static, str>,
    ) -> Result<()> {
        let mut columns: Option<Vec<usize>> = None;
        for (number, line) in content.lines().enumerate() {
            let number = number as u64 + 1;
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let location = || Location::line(name, number);
            let Some(columns) = columns.as_ref() else {
                let cells: Vec<&str> = line.split('\t').collect();
                columns = Some(header(&cells).map_err(|m| Error::invalid(location(), m))?);
                continue;
            };
            let mut row: [&str; 9] = [""; 9];
            let mut cells = line.split('\t');
            // Columns first: `zip` would take one cell too many from `cells` otherwise.
            for (&column, cell) in columns.iter().zip(cells.by_ref()) {
                row[column] = cell.trim();
            }
            if cells.next().is_some() {
                return Err(Error::invalid(
                    location(),
                    format!(
                        "{} cells, but the header names {} columns",
                        line.split('\t').count(),
                        columns.len()
                    ),
                ));
            }
            self.add(row, &keep)
                .map_err(|m| Error::invalid(location(), m))?;
        }
        Ok(())
    }

    fn add<'c: 'a>(
        &mut self,
        row: [&'c str; 9],
        keep: impl Fn(&'c str) -> Cow<'static, str>,
    ) -> std::result::Result<(), String> {
        let [
            id,
            kind,
            canonical,
            aliases,
            demonyms,
            capitals,
            roles,
            subtype,
            origin,
        ] = row;
        if id.is_empty() {
            return Err("empty id".to_string());
        }
        let entity_type = EntityType::parse(kind)
            .ok_or_else(|| format!("type must be country, person or weapon, not {kind:?}"))?;
        if !roles_plainly_valid(roles.as_bytes()) {
            for role in split(roles) {
                check_role(role)?;
            }
        }
        let index = match self.by_id.entry(id) {
            Entry::Occupied(at) => {
                let index = *at.get();
                let existing = &self.entities[index];
                if existing.entity_type != entity_type {
                    return Err(format!(
                        "id {id} is a {} elsewhere, not a {}",
                        existing.entity_type.as_str(),
                        entity_type.as_str()
                    ));
                }
                index
            }
            Entry::Vacant(at) => {
                if canonical.is_empty() {
                    return Err(format!("entity {id} has no canonical name"));
                }
                at.insert(self.entities.len());
                self.entities.push(Entity {
                    id: id.to_string(),
                    entity_type,
                    canonical: canonical.to_string(),
                    aliases: Vec::new(),
                    demonyms: Vec::new(),
                    capitals: Vec::new(),
                    roles: Roles::default(),
                    subtype: None,
                    origin: None,
                });
                self.entities.len() - 1
            }
        };
        let entity = &mut self.entities[index];
        if !canonical.is_empty() && canonical != entity.canonical {
            push_unique(&mut entity.aliases, canonical);
        }
        for alias in split(aliases) {
            push_unique(&mut entity.aliases, alias);
        }
        for demonym in split(demonyms) {
            push_unique(&mut entity.demonyms, demonym);
        }
        for capital in split(capitals) {
            push_unique(&mut entity.capitals, capital);
        }
        // Duplicate roles are dropped when parsed (`Roles::get`).
        if !roles.is_empty() {
            entity.roles.add(keep(roles));
        }
        if entity.subtype.is_none() && !subtype.is_empty() {
            entity.subtype = Some(subtype.to_string());
        }
        if entity.origin.is_none() && !origin.is_empty() {
            entity.origin = Some(origin.to_string());
        }
        Ok(())
    }

    pub(super) fn into_entities(self) -> Vec<Entity> {
        self.entities
    }
}

/// Maps header cells to column indices; `id`, `type` and `canonical` are required.
fn header(cells: &[&str]) -> std::result::Result<Vec<usize>, String> {
    let mut columns = Vec::with_capacity(cells.len());
    for cell in cells {
        let name = cell.trim();
        let index = COLUMNS.iter().position(|c| *c == name).ok_or_else(|| {
            format!(
                "unknown column {name:?} in the header (known: {})",
                COLUMNS.join(", ")
            )
        })?;
        if columns.contains(&index) {
            return Err(format!("column {name:?} named twice in the header"));
        }
        columns.push(index);
    }
    for (required, name) in COLUMNS.iter().enumerate().take(3) {
        if !columns.contains(&required) {
            return Err(format!("the header lacks the column {name:?}"));
        }
    }
    Ok(columns)
}

fn split(cell: &str) -> impl Iterator<Item = &str> {
    cell.split('|').map(str::trim).filter(|v| !v.is_empty())
}

fn push_unique(list: &mut Vec<String>, value: &str) {
    if !list.iter().any(|v| v == value) {
        list.push(value.to_string());
    }
}

/// The parts of `Title@ISO3@start@end`, trimmed; trailing parts optional.
fn role_parts(text: &str) -> (&str, Option<&str>, Option<&str>, Option<&str>) {
    let mut parts = text.split('@').map(str::trim);
    let title = parts.next().unwrap_or("");
    let mut next = || parts.next().filter(|p| !p.is_empty());
    let (country, start, end) = (next(), next(), next());
    (title, country, start, end)
}

/// The country of `Title@ISO3@start@end` (`role_parts(text).1`), without the dates.
fn role_country(text: &str) -> Option<&str> {
    text.split('@')
        .nth(1)
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

/// Checks `Title@ISO3@start@end`: a title, and dates `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
fn check_role(text: &str) -> std::result::Result<(), String> {
    let (title, _, start, end) = role_parts(text);
    if title.is_empty() {
        return Err(format!("role {text:?} has no title"));
    }
    for date in [start, end].into_iter().flatten() {
        let ok = matches!(date.len(), 4 | 7 | 10)
            && date.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        if !ok {
            return Err(format!(
                "role {text:?}: date {date:?} is not YYYY, YYYY-MM or YYYY-MM-DD"
            ));
        }
    }
    Ok(())
}

/// A quick pass over a roles cell that [`check_role`] would accept in full: true when every
/// role has a title with a visible ASCII character and each date is either absent or a well
/// formed date without spaces around. Anything else (errors, odd spacing) gets the full check;
/// checking the 53,000 embedded roles with the full check took a third of the parsing.
fn roles_plainly_valid(cell: &[u8]) -> bool {
    let mut part = 0;
    let mut start = 0;
    let mut titled = false;
    let ends = cell
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'@' || b == b'|')
        .map(|(i, &b)| (i, b))
        .chain(std::iter::once((cell.len(), b'|')));
    for (end, separator) in ends {
        let text = &cell[start..end];
        match part {
            0 => titled = text.iter().any(u8::is_ascii_graphic),
            2 | 3 => {
                let date = matches!(text.len(), 0 | 4 | 7 | 10)
                    && text.iter().enumerate().all(|(i, &b)| {
                        if i == 4 || i == 7 {
                            b == b'-'
                        } else {
                            b.is_ascii_digit()
                        }
                    });
                if !date {
                    return false;
                }
            }
            _ => {}
        }
        if separator == b'|' {
            // A role without a title: fine only when it is empty (left out).
            if !(titled || part == 0 && text.is_empty()) {
                return false;
            }
            part = 0;
        } else {
            part += 1;
        }
        start = end + 1;
    }
    true
}

/// A role that [`check_role`] accepted.
fn parse_role(text: &str) -> Role {
    let (title, country, start, end) = role_parts(text);
    Role {
        title: title.to_string(),
        country: country.map(str::to_string),
        start: start.map(str::to_string),
        end: end.map(str::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_country_is_the_country_role_parts_gives() {
        for text in [
            "President@USA@2009-01-20@2017-01-20",
            "Minister of Defence @ IRN @2021",
            "Chief of Staff@@2016",
            "Ambassador@ RUS",
            "Envoy@ ",
            "Spokesman",
            "",
            "@@@",
            "Leader@PRK@1994@2011@extra",
        ] {
            assert_eq!(role_country(text), role_parts(text).1, "{text:?}");
        }
        assert_eq!(role_country("Minister of Defence @ IRN @2021"), Some("IRN"));
    }
}
