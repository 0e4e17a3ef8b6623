//! HEIF, HEIC and AVIF: the `meta` box only. It names the primary item (`pitm`), lists the
//! items (`iinf`: the EXIF item, the XMP item of type `mime`), where their bytes lie (`iloc`,
//! `idat`), and the primary item's properties (`iprp`: `ispe` size, `irot` rotation, `colr` ICC).
//! The displayed size is `ispe` turned by `irot`, as every HEIF reader shows it.

use std::io::{self, Read, Seek, SeekFrom};

use super::container::{be16, be32, be64, guard, read_vec, Container, ExifBlock};

/// A `meta` box bigger than this is not read.
const META_LIMIT: u64 = 16 << 20;
const ITEM_LIMIT: u64 = 16 << 20;

pub(crate) fn read<R: Read + Seek>(reader: &mut R) -> io::Result<Container> {
    let mut container = Container { format: "HEIF", size_is_displayed: true, ..Container::default() };
    let result = read_into(reader, &mut container);
    guard(&mut container, result)?;
    Ok(container)
}

fn read_into<R: Read + Seek>(reader: &mut R, container: &mut Container) -> io::Result<()> {
    let Some(meta) = find_top_level(reader, b"meta")? else {
        container.problems.push("The HEIF file has no meta box.".to_owned());
        return Ok(());
    };
    let Some(meta) = parse_meta(meta.get(4..).unwrap_or_default()) else {
        container.problems.push("The HEIF meta box is malformed.".to_owned());
        return Ok(());
    };
    container.size = meta.displayed_size();
    container.icc = meta.icc_profile().map(<[u8]>::to_vec);
    if let Some(item) = meta.described_item(|info| &info.kind == b"Exif") {
        let data = meta.item_data(reader, item)?;
        // A 4-byte offset to the TIFF header comes first.
        if let Some(offset) = be32(&data, 0) {
            if let Some(tiff) = data.get(4usize.saturating_add(offset as usize)..) {
                container.exif = Some(ExifBlock::Tiff(tiff.to_vec()));
            }
        }
    }
    if let Some(item) = meta.described_item(|info| &info.kind == b"mime" && info.content_type.contains("rdf+xml")) {
        container.xmp = Some(meta.item_data(reader, item)?);
    }
    Ok(())
}

/// Reads the payload of the first top-level box of `kind`.
pub(crate) fn find_top_level<R: Read + Seek>(reader: &mut R, kind: &[u8; 4]) -> io::Result<Option<Vec<u8>>> {
    reader.seek(SeekFrom::Start(0))?;
    let mut position = 0u64;
    for _ in 0..64 {
        let mut header = [0u8; 8];
        reader.read_exact(&mut header)?;
        let size = u64::from(u32::from_be_bytes([header[0], header[1], header[2], header[3]]));
        let (size, header_length) = match size {
            1 => {
                let mut large = [0u8; 8];
                reader.read_exact(&mut large)?;
                (u64::from_be_bytes(large), 16)
            }
            0 => return Ok(None),
            size => (size, 8),
        };
        if size < header_length {
            return Ok(None);
        }
        if &header[4..8] == kind {
            return read_vec(reader, size - header_length, META_LIMIT).map(Some);
        }
        position += size;
        reader.seek(SeekFrom::Start(position))?;
    }
    Ok(None)
}

/// Splits a run of boxes into (type, payload).
pub(crate) fn boxes(mut data: &[u8]) -> Vec<([u8; 4], &[u8])> {
    let mut out = Vec::new();
    while data.len() >= 8 {
        let Some(size) = be32(data, 0) else { break };
        let kind = [data[4], data[5], data[6], data[7]];
        let (size, header) = match size {
            0 => (data.len() as u64, 8),
            1 => match be64(data, 8) {
                Some(large) => (large, 16),
                None => break,
            },
            size => (u64::from(size), 8),
        };
        if size < header || size > data.len() as u64 {
            break;
        }
        out.push((kind, &data[header as usize..size as usize]));
        data = &data[size as usize..];
    }
    out
}

#[derive(Default)]
struct ItemInfo {
    id: u32,
    kind: [u8; 4],
    content_type: String,
}

#[derive(Default, Clone)]
struct Location {
    construction_method: u8,
    base_offset: u64,
    /// (offset, length)
    extents: Vec<(u64, u64)>,
}

#[derive(Default)]
struct Meta<'a> {
    primary: Option<u32>,
    items: Vec<ItemInfo>,
    locations: Vec<(u32, Location)>,
    properties: Vec<([u8; 4], &'a [u8])>,
    /// item → 1-based property indices
    associations: Vec<(u32, Vec<u16>)>,
    /// (from, to) of `cdsc` references: metadata items describing images.
    describes: Vec<(u32, u32)>,
    idat: &'a [u8],
}

fn parse_meta(data: &[u8]) -> Option<Meta<'_>> {
    let mut meta = Meta::default();
    for (kind, payload) in boxes(data) {
        match &kind {
            b"pitm" => {
                meta.primary =
                    if payload.first() == Some(&0) { be16(payload, 4).map(u32::from) } else { be32(payload, 4) }
            }
            b"iinf" => meta.items = parse_iinf(payload),
            b"iloc" => meta.locations = parse_iloc(payload).unwrap_or_default(),
            b"iprp" => {
                for (kind, payload) in boxes(payload) {
                    match &kind {
                        b"ipco" => meta.properties = boxes(payload),
                        b"ipma" => meta.associations.extend(parse_ipma(payload).unwrap_or_default()),
                        _ => {}
                    }
                }
            }
            b"iref" => meta.describes = parse_iref(payload),
            b"idat" => meta.idat = payload,
            _ => {}
        }
    }
    Some(meta)
}

fn parse_iinf(payload: &[u8]) -> Vec<ItemInfo> {
    let version = payload.first().copied().unwrap_or(0);
    let start = if version == 0 { 6 } else { 8 };
    let mut items = Vec::new();
    for (kind, infe) in boxes(payload.get(start..).unwrap_or_default()) {
        if &kind != b"infe" || infe.len() < 4 {
            continue;
        }
        let version = infe[0];
        let (id, rest) = match version {
            2 => (be16(infe, 4).map(u32::from), infe.get(8..)),
            3 => (be32(infe, 4), infe.get(10..)),
            _ => continue,
        };
        let (Some(id), Some(rest)) = (id, rest) else { continue };
        let Some(kind) = rest.get(..4) else { continue };
        let strings: Vec<&[u8]> = rest[4..].split(|b| *b == 0).collect();
        let content_type = strings.get(1).map(|s| String::from_utf8_lossy(s).into_owned()).unwrap_or_default();
        items.push(ItemInfo { id, kind: [kind[0], kind[1], kind[2], kind[3]], content_type });
    }
    items
}

fn parse_iloc(payload: &[u8]) -> Option<Vec<(u32, Location)>> {
    let version = *payload.first()?;
    let sizes = be16(payload, 4)?;
    let offset_size = (sizes >> 12) & 0xF;
    let length_size = (sizes >> 8) & 0xF;
    let base_offset_size = (sizes >> 4) & 0xF;
    let index_size = if version >= 1 { sizes & 0xF } else { 0 };
    let mut at = 6usize;
    let read = |at: &mut usize, size: u16| -> Option<u64> {
        let value = match size {
            0 => 0,
            4 => u64::from(be32(payload, *at)?),
            8 => be64(payload, *at)?,
            _ => return None,
        };
        *at += usize::from(size);
        Some(value)
    };
    let count = if version < 2 {
        let c = u32::from(be16(payload, at)?);
        at += 2;
        c
    } else {
        let c = be32(payload, at)?;
        at += 4;
        c
    };
    let mut locations = Vec::new();
    for _ in 0..count.min(100_000) {
        let id = if version < 2 {
            let id = u32::from(be16(payload, at)?);
            at += 2;
            id
        } else {
            let id = be32(payload, at)?;
            at += 4;
            id
        };
        let construction_method = if version >= 1 {
            let method = (be16(payload, at)? & 0xF) as u8;
            at += 2;
            method
        } else {
            0
        };
        at += 2; // data_reference_index
        let base_offset = read(&mut at, base_offset_size)?;
        let extent_count = be16(payload, at)?;
        at += 2;
        let mut extents = Vec::with_capacity(usize::from(extent_count));
        for _ in 0..extent_count {
            read(&mut at, index_size)?;
            let offset = read(&mut at, offset_size)?;
            let length = read(&mut at, length_size)?;
            extents.push((offset, length));
        }
        locations.push((id, Location { construction_method, base_offset, extents }));
    }
    Some(locations)
}

fn parse_ipma(payload: &[u8]) -> Option<Vec<(u32, Vec<u16>)>> {
    let version = *payload.first()?;
    let wide = payload.get(3)? & 1 == 1;
    let count = be32(payload, 4)?;
    let mut at = 8usize;
    let mut out = Vec::new();
    for _ in 0..count.min(100_000) {
        let id = if version < 1 {
            let id = u32::from(be16(payload, at)?);
            at += 2;
            id
        } else {
            let id = be32(payload, at)?;
            at += 4;
            id
        };
        let associations = *payload.get(at)?;
        at += 1;
        let mut indices = Vec::with_capacity(usize::from(associations));
        for _ in 0..associations {
            if wide {
                indices.push(be16(payload, at)? & 0x7FFF);
                at += 2;
            } else {
                indices.push(u16::from(payload.get(at)? & 0x7F));
                at += 1;
            }
        }
        out.push((id, indices));
    }
    Some(out)
}

fn parse_iref(payload: &[u8]) -> Vec<(u32, u32)> {
    let wide = payload.first().is_some_and(|v| *v != 0);
    let mut out = Vec::new();
    for (kind, reference) in boxes(payload.get(4..).unwrap_or_default()) {
        if &kind != b"cdsc" {
            continue;
        }
        let id = |at: usize| if wide { be32(reference, at) } else { be16(reference, at).map(u32::from) };
        let width = if wide { 4 } else { 2 };
        let (Some(from), Some(count)) = (id(0), be16(reference, width)) else { continue };
        for i in 0..usize::from(count) {
            if let Some(to) = id(width + 2 + i * width) {
                out.push((from, to));
            }
        }
    }
    out
}

impl Meta<'_> {
    fn primary_properties(&self) -> impl Iterator<Item = &([u8; 4], &[u8])> {
        let indices = self
            .primary
            .and_then(|primary| self.associations.iter().find(|(id, _)| *id == primary))
            .map(|(_, indices)| indices.as_slice())
            .unwrap_or_default();
        indices.iter().filter_map(|i| self.properties.get(usize::from(*i).checked_sub(1)?))
    }

    fn primary_property(&self, kind: &[u8; 4]) -> Option<&[u8]> {
        self.primary_properties().find(|(k, _)| k == kind).map(|(_, payload)| *payload)
    }

    /// The primary item's ICC profile; else any item's (the tiles of a grid share one).
    fn icc_profile(&self) -> Option<&[u8]> {
        fn icc<'a>(kind: &[u8; 4], payload: &'a [u8]) -> Option<&'a [u8]> {
            (kind == b"colr" && matches!(payload.get(..4), Some(b"prof" | b"rICC"))).then(|| &payload[4..])
        }
        let primary = self.primary_properties().find_map(|(kind, payload)| icc(kind, payload));
        primary.or_else(|| self.properties.iter().find_map(|(kind, payload)| icc(kind, payload)))
    }

    fn displayed_size(&self) -> Option<(u32, u32)> {
        let ispe = |payload: &[u8]| Some((be32(payload, 4)?, be32(payload, 8)?));
        // Without a usable primary item, the largest ispe is the best guess (a grid's).
        let size = self.primary_property(b"ispe").and_then(ispe).or_else(|| {
            self.properties
                .iter()
                .filter(|(k, _)| k == b"ispe")
                .filter_map(|(_, p)| ispe(p))
                .max_by_key(|(w, h)| u64::from(*w) * u64::from(*h))
        })?;
        let quarter_turns = self.primary_property(b"irot").and_then(|p| p.first()).map(|r| r & 3).unwrap_or(0);
        let (width, height) = if quarter_turns % 2 == 1 { (size.1, size.0) } else { size };
        (width > 0 && height > 0).then_some((width, height))
    }

    /// The item matching `wanted` that describes the primary image, or the first one.
    fn described_item(&self, wanted: impl Fn(&ItemInfo) -> bool) -> Option<u32> {
        let candidates: Vec<u32> = self.items.iter().filter(|i| wanted(i)).map(|i| i.id).collect();
        candidates
            .iter()
            .copied()
            .find(|id| self.describes.iter().any(|(from, to)| from == id && Some(*to) == self.primary))
            .or_else(|| candidates.first().copied())
    }

    fn item_data<R: Read + Seek>(&self, reader: &mut R, item: u32) -> io::Result<Vec<u8>> {
        let Some((_, location)) = self.locations.iter().find(|(id, _)| *id == item) else { return Ok(Vec::new()) };
        let mut data = Vec::new();
        for &(offset, length) in &location.extents {
            let start = location.base_offset.saturating_add(offset);
            if data.len() as u64 + length > ITEM_LIMIT {
                break;
            }
            match location.construction_method {
                0 => {
                    reader.seek(SeekFrom::Start(start))?;
                    data.extend(read_vec(reader, length, ITEM_LIMIT)?);
                }
                1 => {
                    let end = start.saturating_add(length);
                    if let Some(slice) = self.idat.get(start as usize..end as usize) {
                        data.extend_from_slice(slice);
                    }
                }
                _ => {}
            }
        }
        Ok(data)
    }
}
