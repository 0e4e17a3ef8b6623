//! A ZIP archive written as it is sent: no temporary file, memory bounded by one chunk per
//! entry in flight. Entries are stored, not compressed (photos and videos are compressed
//! already), with data descriptors so each CRC is computed while its file streams; ZIP64 records
//! appear only when a size, offset or count needs them, so small archives open everywhere.

use bytes::{BufMut, Bytes, BytesMut};
use chrono::{Datelike, NaiveDateTime, Timelike};
use futures_util::Stream;
use std::path::PathBuf;
use tokio::io::AsyncReadExt;
use tokio::sync::mpsc;

const CHUNK: usize = 256 * 1024;
const LIMIT_32: u64 = 0xFFFF_FFFF;
const FLAGS: u16 = 0x0008 | 0x0800; // sizes in a data descriptor; UTF-8 names
const VERSION_PLAIN: u16 = 20;
const VERSION_ZIP64: u16 = 45;

/// One file to put in the archive.
#[derive(Debug, Clone)]
pub struct ZipEntry {
    /// Its name inside the archive, unique within it.
    pub name: String,
    pub path: PathBuf,
    /// Its size now; a file that changes size while streaming fails the archive.
    pub size: u64,
    pub modified: NaiveDateTime,
}

/// What the central directory needs of an entry once it is written.
struct Written {
    name: String,
    crc: u32,
    size: u64,
    offset: u64,
    zip64: bool,
    time: u16,
    date: u16,
}

/// The archive of `entries`, as chunks. Reads happen in a task that waits while the receiver
/// is slow, so a slow client holds one chunk, not the archive.
pub fn zip_stream(entries: Vec<ZipEntry>) -> impl Stream<Item = std::io::Result<Bytes>> + Send + 'static {
    zip_stream_with_threshold(entries, LIMIT_32)
}

/// As [`zip_stream`], with ZIP64 used from `threshold` bytes on (tests force it small).
fn zip_stream_with_threshold(
    entries: Vec<ZipEntry>,
    threshold: u64,
) -> impl Stream<Item = std::io::Result<Bytes>> + Send + 'static {
    let (tx, rx) = mpsc::channel::<std::io::Result<Bytes>>(4);
    tokio::spawn(async move {
        if let Err(err) = write_archive(&entries, threshold, &tx).await {
            let _ = tx.send(Err(err)).await;
        }
    });
    futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|item| (item, rx)) })
}

/// Sends a chunk; a receiver that went away (the client left) ends the work quietly.
async fn send(tx: &mpsc::Sender<std::io::Result<Bytes>>, bytes: Bytes) -> std::io::Result<()> {
    tx.send(Ok(bytes)).await.map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "download cancelled"))
}

async fn write_archive(
    entries: &[ZipEntry],
    threshold: u64,
    tx: &mpsc::Sender<std::io::Result<Bytes>>,
) -> std::io::Result<()> {
    let mut offset: u64 = 0;
    let mut written = Vec::with_capacity(entries.len());
    for entry in entries {
        let (time, date) = dos_time(entry.modified);
        let zip64 = entry.size >= threshold || offset >= threshold;
        let header = local_header(&entry.name, zip64, time, date);
        let header_len = header.len() as u64;
        send(tx, header).await?;

        let mut file = tokio::fs::File::open(&entry.path).await?;
        let mut hasher = crc32fast::Hasher::new();
        let mut size: u64 = 0;
        loop {
            let mut buf = BytesMut::zeroed(CHUNK);
            let n = file.read(&mut buf).await?;
            if n == 0 {
                break;
            }
            buf.truncate(n);
            hasher.update(&buf);
            size += n as u64;
            send(tx, buf.freeze()).await?;
        }
        if size != entry.size {
            return Err(std::io::Error::other(format!("{} changed size while being archived", entry.name)));
        }
        let crc = hasher.finalize();
        let descriptor = data_descriptor(crc, size, zip64);
        let descriptor_len = descriptor.len() as u64;
        send(tx, descriptor).await?;
        written.push(Written { name: entry.name.clone(), crc, size, offset, zip64, time, date });
        offset += header_len + size + descriptor_len;
    }

    let directory_start = offset;
    let mut directory = BytesMut::new();
    for entry in &written {
        central_header(&mut directory, entry, threshold);
    }
    let directory_len = directory.len() as u64;
    let count = written.len() as u64;
    let needs_zip64 = count >= 0xFFFF || directory_start >= threshold || directory_len >= threshold;
    if needs_zip64 {
        let record_at = directory_start + directory_len;
        directory.put_u32_le(0x0606_4b50);
        directory.put_u64_le(44);
        directory.put_u16_le(VERSION_ZIP64);
        directory.put_u16_le(VERSION_ZIP64);
        directory.put_u32_le(0);
        directory.put_u32_le(0);
        directory.put_u64_le(count);
        directory.put_u64_le(count);
        directory.put_u64_le(directory_len);
        directory.put_u64_le(directory_start);
        directory.put_u32_le(0x0706_4b50);
        directory.put_u32_le(0);
        directory.put_u64_le(record_at);
        directory.put_u32_le(1);
    }
    directory.put_u32_le(0x0605_4b50);
    directory.put_u16_le(0);
    directory.put_u16_le(0);
    let short_count = if needs_zip64 { 0xFFFF } else { count as u16 };
    directory.put_u16_le(short_count);
    directory.put_u16_le(short_count);
    directory.put_u32_le(if needs_zip64 { LIMIT_32 as u32 } else { directory_len as u32 });
    directory.put_u32_le(if needs_zip64 { LIMIT_32 as u32 } else { directory_start as u32 });
    directory.put_u16_le(0);
    send(tx, directory.freeze()).await
}

fn local_header(name: &str, zip64: bool, time: u16, date: u16) -> Bytes {
    let mut out = BytesMut::with_capacity(30 + name.len() + 20);
    out.put_u32_le(0x0403_4b50);
    out.put_u16_le(if zip64 { VERSION_ZIP64 } else { VERSION_PLAIN });
    out.put_u16_le(FLAGS);
    out.put_u16_le(0); // stored
    out.put_u16_le(time);
    out.put_u16_le(date);
    out.put_u32_le(0); // CRC and sizes follow the data
    let size_field = if zip64 { LIMIT_32 as u32 } else { 0 };
    out.put_u32_le(size_field);
    out.put_u32_le(size_field);
    out.put_u16_le(name.len() as u16);
    out.put_u16_le(if zip64 { 20 } else { 0 });
    out.put_slice(name.as_bytes());
    if zip64 {
        out.put_u16_le(0x0001);
        out.put_u16_le(16);
        out.put_u64_le(0);
        out.put_u64_le(0);
    }
    out.freeze()
}

fn data_descriptor(crc: u32, size: u64, zip64: bool) -> Bytes {
    let mut out = BytesMut::with_capacity(24);
    out.put_u32_le(0x0807_4b50);
    out.put_u32_le(crc);
    if zip64 {
        out.put_u64_le(size);
        out.put_u64_le(size);
    } else {
        out.put_u32_le(size as u32);
        out.put_u32_le(size as u32);
    }
    out.freeze()
}

fn central_header(out: &mut BytesMut, entry: &Written, threshold: u64) {
    let big_size = entry.zip64 || entry.size >= threshold;
    let big_offset = entry.offset >= threshold;
    let mut extra = BytesMut::new();
    if big_size {
        extra.put_u64_le(entry.size);
        extra.put_u64_le(entry.size);
    }
    if big_offset {
        extra.put_u64_le(entry.offset);
    }
    let needs_zip64 = !extra.is_empty();
    let version = if needs_zip64 { VERSION_ZIP64 } else { VERSION_PLAIN };
    out.put_u32_le(0x0201_4b50);
    out.put_u16_le(version);
    out.put_u16_le(version);
    out.put_u16_le(FLAGS);
    out.put_u16_le(0);
    out.put_u16_le(entry.time);
    out.put_u16_le(entry.date);
    out.put_u32_le(entry.crc);
    let size_field = if big_size { LIMIT_32 as u32 } else { entry.size as u32 };
    out.put_u32_le(size_field);
    out.put_u32_le(size_field);
    out.put_u16_le(entry.name.len() as u16);
    out.put_u16_le(if needs_zip64 { extra.len() as u16 + 4 } else { 0 });
    out.put_u16_le(0); // comment
    out.put_u16_le(0); // disk
    out.put_u16_le(0); // internal attributes
    out.put_u32_le(0); // external attributes
    out.put_u32_le(if big_offset { LIMIT_32 as u32 } else { entry.offset as u32 });
    out.put_slice(entry.name.as_bytes());
    if needs_zip64 {
        out.put_u16_le(0x0001);
        out.put_u16_le(extra.len() as u16);
        out.put_slice(&extra);
    }
}

/// MS-DOS time and date, the only ones every unzip tool reads; DOS dates start in 1980.
fn dos_time(at: NaiveDateTime) -> (u16, u16) {
    if at.year() < 1980 {
        return (0, (1 << 5) | 1);
    }
    let time = ((at.hour() as u16) << 11) | ((at.minute() as u16) << 5) | (at.second() as u16 / 2);
    let date = (((at.year() - 1980).min(127) as u16) << 9) | ((at.month() as u16) << 5) | at.day() as u16;
    (time, date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;
    use std::io::Read;

    async fn archive(entries: Vec<ZipEntry>, threshold: u64) -> Vec<u8> {
        let mut stream = Box::pin(zip_stream_with_threshold(entries, threshold));
        let mut out = Vec::new();
        while let Some(chunk) = stream.next().await {
            out.extend_from_slice(&chunk.unwrap_or_else(|e| panic!("{e}")));
        }
        out
    }

    fn files(dir: &std::path::Path) -> Vec<(ZipEntry, Vec<u8>)> {
        let contents: Vec<(&str, Vec<u8>)> = vec![
            ("a.jpg", (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect()),
            ("empty.txt", Vec::new()),
            ("Zürich 東京.heic", b"not really a photo".to_vec()),
        ];
        let at =
            chrono::NaiveDate::from_ymd_opt(2021, 6, 15).and_then(|d| d.and_hms_opt(13, 45, 30)).unwrap_or_default();
        contents
            .into_iter()
            .map(|(name, bytes)| {
                let path = dir.join(name);
                std::fs::write(&path, &bytes).unwrap_or_else(|e| panic!("{e}"));
                (ZipEntry { name: name.into(), path, size: bytes.len() as u64, modified: at }, bytes)
            })
            .collect()
    }

    fn check(bytes: Vec<u8>, expected: &[(ZipEntry, Vec<u8>)]) {
        let mut zip =
            zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("not a readable archive: {e}"));
        assert_eq!(zip.len(), expected.len());
        for (i, (entry, content)) in expected.iter().enumerate() {
            let mut file = zip.by_index(i).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(file.name(), entry.name);
            assert_eq!(file.size(), content.len() as u64);
            let modified = file.last_modified().unwrap_or_else(|| panic!("no modification time"));
            assert_eq!((modified.year(), modified.month(), modified.day()), (2021, 6, 15));
            assert_eq!((modified.hour(), modified.minute(), modified.second()), (13, 45, 30));
            let mut read = Vec::new();
            file.read_to_end(&mut read).unwrap_or_else(|e| panic!("{e}")); // checks the CRC too
            assert_eq!(&read, content);
        }
    }

    #[tokio::test]
    async fn archives_read_back_with_names_dates_and_contents() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let expected = files(dir.path());
        let bytes = archive(expected.iter().map(|(e, _)| e.clone()).collect(), LIMIT_32).await;
        assert!(!bytes.windows(4).any(|w| w == [0x50, 0x4b, 0x06, 0x06]), "no ZIP64 record in a small archive");
        check(bytes, &expected);
    }

    #[tokio::test]
    async fn zip64_records_read_back_when_sizes_and_offsets_pass_the_limit() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let expected = files(dir.path());
        // A threshold of 1,000 bytes puts the first file, the later offsets and the
        // directory all past "4 GiB".
        let bytes = archive(expected.iter().map(|(e, _)| e.clone()).collect(), 1000).await;
        assert!(bytes.windows(4).any(|w| w == [0x50, 0x4b, 0x06, 0x06]), "a ZIP64 end record");
        check(bytes, &expected);
    }

    #[tokio::test]
    async fn a_file_that_changed_size_fails_the_archive() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut entries: Vec<ZipEntry> = files(dir.path()).into_iter().map(|(e, _)| e).collect();
        entries[0].size += 1;
        let mut stream = Box::pin(zip_stream(entries));
        let mut failed = None;
        while let Some(chunk) = stream.next().await {
            if let Err(err) = chunk {
                failed = Some(err.to_string());
                break;
            }
        }
        assert_eq!(failed.as_deref(), Some("a.jpg changed size while being archived"));
    }
}
