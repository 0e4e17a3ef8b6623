//! Who may read: a signed-in user, or a visitor holding a shared link. Reads (assets, their
//! files, timelines, downloads) accept either; everything that changes data takes an
//! [`AuthContext`] alone, so a link can never be used to change anything it shows.

use super::AuthContext;
use crate::entities::shared_link;

/// A shared link whose key, expiry and password have been checked.
#[derive(Debug, Clone)]
pub struct LinkGrant {
    pub link: shared_link::Model,
}

/// An owned caller, as request extractors produce it.
#[derive(Debug, Clone)]
pub enum Principal {
    User(AuthContext),
    Link(LinkGrant),
}

/// A borrowed caller, as read services take it.
#[derive(Debug, Clone, Copy)]
pub enum Reader<'a> {
    User(&'a AuthContext),
    Link(&'a LinkGrant),
}

impl Principal {
    pub fn reader(&self) -> Reader<'_> {
        match self {
            Principal::User(auth) => Reader::User(auth),
            Principal::Link(grant) => Reader::Link(grant),
        }
    }
}

impl<'a> From<&'a AuthContext> for Reader<'a> {
    fn from(auth: &'a AuthContext) -> Self {
        Reader::User(auth)
    }
}

impl<'a> From<&'a LinkGrant> for Reader<'a> {
    fn from(grant: &'a LinkGrant) -> Self {
        Reader::Link(grant)
    }
}

impl<'a> From<&'a Principal> for Reader<'a> {
    fn from(principal: &'a Principal) -> Self {
        principal.reader()
    }
}

/// A shared link as a visitor presents it: its key or slug, and the token a password login
/// left in their browser.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShareCredential {
    pub key: Option<String>,
    pub slug: Option<String>,
    pub token: Option<String>,
}

impl ShareCredential {
    pub fn is_present(&self) -> bool {
        self.key.is_some() || self.slug.is_some()
    }
}
