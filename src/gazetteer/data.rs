//! Gazetteer entries: parsing the TSV format and merging lines that share an id.

use rustc_hash::FxHashMap as HashMap;

use serde::Serialize;

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
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entity {
    /// Stable id: ISO alpha-3 for countries, a Wikidata QID, or a slug (`weapon:shahed-136`).
    pub id: String,
    /// What the entity is.
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// The display name.
    pub canonical: String,
    /// Other names and short forms.
    pub aliases: Vec<String>,
    /// Demonyms and adjectives (countries).
    pub demonyms: Vec<String>,
    /// Capitals and seats of government standing for the state (countries).
    pub capitals: Vec<String>,
    /// Roles held (people).
    pub roles: Vec<Role>,
    /// Kind of weapon (`missile`, `drone`, …), if given.
    pub subtype: Option<String>,
    /// ISO alpha-3 of the country of origin (weapons) or served (people), if given.
    pub origin: Option<String>,
}

impl Entity {
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

/// Entities parsed so far, merged by id, in first-seen order.
#[derive(Default)]
pub(super) struct Entries {
    entities: Vec<Entity>,
    by_id: HashMap<String, usize>,
}

impl Entries {
    /// Parses one file's content; `name` names it in errors.
    pub(super) fn parse(&mut self, name: &str, content: &str) -> Result<()> {
        let mut columns: Option<Vec<usize>> = None;
        for (number, line) in content.lines().enumerate() {
            let number = number as u64 + 1;
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let location = || Location::line(name, number);
            let cells: Vec<&str> = line.split('\t').collect();
            let Some(columns) = columns.as_ref() else {
                columns = Some(header(&cells).map_err(|m| Error::invalid(location(), m))?);
                continue;
            };
            if cells.len() > columns.len() {
                return Err(Error::invalid(
                    location(),
                    format!(
                        "{} cells, but the header names {} columns",
                        cells.len(),
                        columns.len()
                    ),
                ));
            }
            let mut row: [&str; 9] = [""; 9];
            for (cell, &column) in cells.iter().zip(columns) {
                row[column] = cell.trim();
            }
            self.add(row).map_err(|m| Error::invalid(location(), m))?;
        }
        Ok(())
    }

    fn add(&mut self, row: [&str; 9]) -> std::result::Result<(), String> {
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
        let roles = split(roles)
            .map(parse_role)
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let index = match self.by_id.get(id) {
            Some(&index) => {
                let existing = &mut self.entities[index];
                if existing.entity_type != entity_type {
                    return Err(format!(
                        "id {id} is a {} elsewhere, not a {}",
                        existing.entity_type.as_str(),
                        entity_type.as_str()
                    ));
                }
                index
            }
            None => {
                if canonical.is_empty() {
                    return Err(format!("entity {id} has no canonical name"));
                }
                self.entities.push(Entity {
                    id: id.to_string(),
                    entity_type,
                    canonical: canonical.to_string(),
                    aliases: Vec::new(),
                    demonyms: Vec::new(),
                    capitals: Vec::new(),
                    roles: Vec::new(),
                    subtype: None,
                    origin: None,
                });
                self.by_id.insert(id.to_string(), self.entities.len() - 1);
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
        for role in roles {
            if !entity.roles.contains(&role) {
                entity.roles.push(role);
            }
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

/// `Title@ISO3@start@end`, trailing parts optional.
fn parse_role(text: &str) -> std::result::Result<Role, String> {
    let mut parts = text.split('@').map(str::trim);
    let title = parts.next().unwrap_or("").to_string();
    if title.is_empty() {
        return Err(format!("role {text:?} has no title"));
    }
    let mut next = || parts.next().filter(|p| !p.is_empty()).map(str::to_string);
    let (country, start, end) = (next(), next(), next());
    for date in [&start, &end].into_iter().flatten() {
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
    Ok(Role {
        title,
        country,
        start,
        end,
    })
}
