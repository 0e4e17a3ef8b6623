//! The browser half of uploading: gathering `File`s from a drop (walking dropped folders) or a
//! picker, and sending each with `XMLHttpRequest`, whose upload progress events `fetch` lacks.
//! The `File`s and requests are browser objects, so they live here, by item id, outside the
//! reactive queue.

use super::accepted::AcceptedTypes;
use super::queue::{ItemId, Outcome};
use super::response::outcome;
use super::Uploads;
use domain::media_types::ServerMediaTypesResponse;
use leptos::prelude::*;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::js_sys::{self, Array, Reflect};
use web_sys::{
    DataTransfer, File, FileSystemDirectoryEntry, FileSystemDirectoryReader, FileSystemEntry, FileSystemFileEntry,
    FormData, HtmlInputElement, ProgressEvent, XmlHttpRequest,
};

/// A request on the wire, with its progress callback kept alive until it ends.
struct Active {
    xhr: XmlHttpRequest,
    _on_progress: Closure<dyn FnMut(ProgressEvent)>,
}

thread_local! {
    /// The files still needed: waiting, on the wire, or failed (for a retry).
    static FILES: RefCell<HashMap<ItemId, File>> = RefCell::new(HashMap::new());
    static ACTIVE: RefCell<HashMap<ItemId, Active>> = RefCell::new(HashMap::new());
    static ACCEPTED: RefCell<AcceptedTypes> = RefCell::new(AcceptedTypes::default());
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Asks the server which file types it takes; until it answers, the compiled-in list applies.
pub fn load_accepted_types() {
    let Ok(xhr) = XmlHttpRequest::new() else { return };
    if xhr.open_with_async("GET", "/api/server/media-types", true).is_err() {
        return;
    }
    let request = xhr.clone();
    let on_end = Closure::once_into_js(move || {
        if request.status().ok() != Some(200) {
            return;
        }
        let body = request.response_text().ok().flatten().unwrap_or_default();
        if let Ok(types) = serde_json::from_str::<ServerMediaTypesResponse>(&body) {
            ACCEPTED.with(|a| *a.borrow_mut() = AcceptedTypes::from_response(&types));
        }
    });
    xhr.set_onloadend(Some(on_end.unchecked_ref()));
    _ = xhr.send();
}

/// Queues files (with their paths inside a folder) and starts sending.
pub fn add_files(uploads: Uploads, files: Vec<(File, String)>) {
    if files.is_empty() {
        return;
    }
    let accepted = ACCEPTED.with(|a| a.borrow().clone());
    let added: Option<Vec<(ItemId, File)>> = uploads.queue.try_update(|queue| {
        files
            .into_iter()
            .filter_map(|(file, path)| {
                let name = file.name();
                let ok = accepted.accepts(&name);
                let id = queue.add(name, path, size_of(&file), ok);
                ok.then_some((id, file))
            })
            .collect()
    });
    FILES.with(|f| f.borrow_mut().extend(added.unwrap_or_default()));
    pump(uploads);
}

/// The files of a file input (a picked folder's files carry their path in it), then empties the
/// input so the same files can be picked again.
pub fn add_from_input(uploads: Uploads, input: &HtmlInputElement) {
    let mut files = Vec::new();
    if let Some(list) = input.files() {
        for i in 0..list.length() {
            let Some(file) = list.get(i) else { continue };
            let relative = Reflect::get(&file, &JsValue::from_str("webkitRelativePath"))
                .ok()
                .and_then(|v| v.as_string())
                .filter(|p| !p.is_empty());
            match relative {
                // Hidden files of a folder (".DS_Store", "._IMG_1.JPG") are the system's, not photos.
                Some(path) if is_hidden_in_folder(&path) => {}
                Some(path) => files.push((file, path)),
                None => {
                    let name = file.name();
                    files.push((file, name));
                }
            }
        }
    }
    input.set_value("");
    add_files(uploads, files);
}

fn is_hidden_in_folder(path: &str) -> bool {
    path.split('/').any(|part| part.starts_with('.'))
}

fn size_of(file: &File) -> u64 {
    let size = file.size();
    if size.is_finite() && size > 0.0 {
        // A file's size is a whole number of bytes, far below 2^53.
        size as u64
    } else {
        0
    }
}

/// Starts queued files while fewer than the limit are on the wire.
pub fn pump(uploads: Uploads) {
    let Some(started) = uploads.queue.try_update(|q| q.start_next()) else { return };
    for id in started {
        if let Err(reason) = send(uploads, id) {
            ACTIVE.with(|a| a.borrow_mut().remove(&id));
            uploads.queue.update(|q| q.finish(id, Outcome::Failed(reason), now_ms()));
            // The slot is free again.
            pump(uploads);
        }
    }
}

fn js_error(err: JsValue) -> String {
    err.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| err.as_string())
        .unwrap_or_else(|| "the browser could not send the file".to_string())
}

fn send(uploads: Uploads, id: ItemId) -> Result<(), String> {
    let file = FILES.with(|f| f.borrow().get(&id).cloned()).ok_or("the file is no longer available")?;
    let form = FormData::new().map_err(js_error)?;
    let modified = last_modified_iso(&file);
    let name = file.name();
    // Text fields first, the file last: the server reads the parts in order.
    for (key, value) in [
        ("deviceAssetId", format!("web-{}-{}", name, file.last_modified())),
        ("deviceId", "WEB".to_string()),
        ("fileCreatedAt", modified.clone()),
        ("fileModifiedAt", modified),
        ("isFavorite", "false".to_string()),
    ] {
        form.append_with_str(key, &value).map_err(js_error)?;
    }
    form.append_with_blob_and_filename("assetData", &file, &name).map_err(js_error)?;

    let xhr = XmlHttpRequest::new().map_err(js_error)?;
    xhr.open_with_async("POST", &uploads.target.get_value(), true).map_err(js_error)?;
    xhr.set_request_header("Accept", "application/json").map_err(js_error)?;
    let size = size_of(&file);
    let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |ev: ProgressEvent| {
        if !ev.length_computable() || ev.total() <= 0.0 {
            return;
        }
        // The request is the file plus the multipart framing: scale to the file's own size.
        let fraction = (ev.loaded() / ev.total()).clamp(0.0, 1.0);
        let loaded = (fraction * size as f64) as u64;
        uploads.queue.update(|q| q.progress(id, loaded, now_ms()));
    });
    xhr.upload().map_err(js_error)?.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));

    let request = xhr.clone();
    // `loadend` comes exactly once, after load, error, abort or timeout alike.
    let on_end = Closure::once_into_js(move || {
        let status = request.status().unwrap_or(0);
        let body = request.response_text().ok().flatten().unwrap_or_default();
        ACTIVE.with(|a| a.borrow_mut().remove(&id));
        let result = outcome(status, &body);
        if matches!(result, Outcome::Created | Outcome::Duplicate) {
            FILES.with(|f| f.borrow_mut().remove(&id));
        }
        if result == Outcome::Created {
            uploads.assets_added.update(|n| *n += 1);
        }
        uploads.queue.update(|q| q.finish(id, result, now_ms()));
        pump(uploads);
    });
    xhr.set_onloadend(Some(on_end.unchecked_ref()));
    xhr.send_with_opt_form_data(Some(&form)).map_err(js_error)?;
    ACTIVE.with(|a| a.borrow_mut().insert(id, Active { xhr, _on_progress: on_progress }));
    Ok(())
}

/// `File.lastModified` as ISO 8601; "now" for the rare file without one.
fn last_modified_iso(file: &File) -> String {
    let ms = file.last_modified();
    let time = if ms.is_finite() { chrono::DateTime::from_timestamp_millis(ms as i64) } else { None };
    time.or_else(|| chrono::DateTime::from_timestamp_millis(now_ms() as i64))
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub fn retry(uploads: Uploads, id: ItemId) {
    if uploads.queue.try_update(|q| q.retry(id)) == Some(true) {
        pump(uploads);
    }
}

pub fn retry_all(uploads: Uploads) {
    if uploads.queue.try_update(|q| q.retry_all()).unwrap_or(0) > 0 {
        pump(uploads);
    }
}

pub fn clear(uploads: Uploads) {
    if uploads.queue.try_update(|q| q.clear()) == Some(true) {
        FILES.with(|f| f.borrow_mut().clear());
    }
}

/// When the app that owns the queue goes away (logging out), its requests go too.
pub fn abort_all() {
    let active: Vec<Active> = ACTIVE.with(|a| a.borrow_mut().drain().map(|(_, v)| v).collect());
    for request in active {
        _ = request.xhr.abort();
    }
    FILES.with(|f| f.borrow_mut().clear());
}

pub fn has_files(data: &DataTransfer) -> bool {
    data.types().includes(&JsValue::from_str("Files"), 0)
}

/// Takes what was dropped: files as they are, folders walked to the bottom. The drop's items
/// can only be read during the event, so they are all taken out first; the walk then runs on.
pub fn add_dropped(uploads: Uploads, data: &DataTransfer) {
    let walk = Walk::new(move |mut found| {
        found.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        add_files(uploads, found.into_iter().map(|(_, path, file)| (file, path)).collect());
    });
    let items = data.items();
    let mut any_item = false;
    for index in 0..items.length() {
        let Some(item) = items.get(index) else { continue };
        if item.kind() != "file" {
            continue;
        }
        any_item = true;
        let entry = item.webkit_get_as_entry().ok().flatten();
        let file = item.get_as_file().ok().flatten();
        match (entry, file) {
            (Some(entry), _) if entry.is_directory() => {
                walk.directory(index, entry.unchecked_into::<FileSystemDirectoryEntry>());
            }
            (_, Some(file)) => {
                let path = file.name();
                walk.found(index, path, file);
            }
            (Some(entry), None) if entry.is_file() => walk.file(index, entry),
            _ => {}
        }
    }
    // Browsers without `items` still give the flat list of files.
    if !any_item {
        if let Some(list) = data.files() {
            for index in 0..list.length() {
                if let Some(file) = list.get(index) {
                    let path = file.name();
                    walk.found(index, path, file);
                }
            }
        }
    }
    walk.done_one();
}

/// What a drop found as (position in the drop, path, file).
type Found = Vec<(u32, String, File)>;
type OnDone = Box<dyn FnOnce(Found)>;

/// A walk through dropped folders. The callback APIs report in any order, so it counts the
/// reads in flight and hands over everything once the count is back to zero.
struct Walk {
    pending: Cell<usize>,
    found: RefCell<Found>,
    on_done: RefCell<Option<OnDone>>,
}

impl Walk {
    /// Starts with one pending token, held by the caller until it has handed over every item.
    fn new(on_done: impl FnOnce(Found) + 'static) -> Rc<Walk> {
        Rc::new(Walk {
            pending: Cell::new(1),
            found: RefCell::new(Vec::new()),
            on_done: RefCell::new(Some(Box::new(on_done))),
        })
    }

    fn found(&self, index: u32, path: String, file: File) {
        self.found.borrow_mut().push((index, path, file));
    }

    fn done_one(self: &Rc<Self>) {
        let left = self.pending.get().saturating_sub(1);
        self.pending.set(left);
        if left == 0 {
            let found = std::mem::take(&mut *self.found.borrow_mut());
            if let Some(on_done) = self.on_done.borrow_mut().take() {
                on_done(found);
            }
        }
    }

    fn file(self: &Rc<Self>, index: u32, entry: FileSystemEntry) {
        let path = entry.full_path().trim_start_matches('/').to_string();
        if is_hidden_in_folder(&path) {
            return;
        }
        self.pending.set(self.pending.get() + 1);
        let walk = Rc::clone(self);
        // One function for both outcomes: exactly one is called, which frees it.
        let callback = Closure::once_into_js(move |value: JsValue| {
            if let Ok(file) = value.dyn_into::<File>() {
                walk.found(index, path, file);
            }
            walk.done_one();
        });
        let callback: &js_sys::Function = callback.unchecked_ref();
        entry.unchecked_into::<FileSystemFileEntry>().file_with_callback_and_callback(callback, callback);
    }

    fn directory(self: &Rc<Self>, index: u32, entry: FileSystemDirectoryEntry) {
        self.pending.set(self.pending.get() + 1);
        self.read_batch(index, entry.create_reader());
    }

    /// `readEntries` hands out a folder in batches (100 in Chromium): read until one is empty.
    fn read_batch(self: &Rc<Self>, index: u32, reader: FileSystemDirectoryReader) {
        let walk = Rc::clone(self);
        let next_reader = reader.clone();
        let callback = Closure::once_into_js(move |value: JsValue| {
            let Ok(entries) = value.dyn_into::<Array>() else {
                walk.done_one();
                return;
            };
            if entries.length() == 0 {
                walk.done_one();
                return;
            }
            for entry in entries.iter() {
                let entry: FileSystemEntry = entry.unchecked_into();
                if entry.is_directory() {
                    if !entry.name().starts_with('.') {
                        walk.directory(index, entry.unchecked_into());
                    }
                } else if entry.is_file() {
                    walk.file(index, entry);
                }
            }
            walk.read_batch(index, next_reader);
        });
        let function: &js_sys::Function = callback.unchecked_ref();
        if reader.read_entries_with_callback_and_callback(function, function).is_err() {
            self.done_one();
        }
    }
}
