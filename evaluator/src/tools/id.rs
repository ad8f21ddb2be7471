//! `atom-eval id ATOM_DIR`: the atom's identity as the eka tool defines it
//! ([`crate::atom::id`]). The label is validated by the manifest reader
//! ([`crate::atom::Manifest`]): NFKC, a Unicode identifier, at most 128
//! bytes.

use std::path::Path;

use serde::Serialize;

use crate::atom::id::{atom_id, root_commit};
/// An atom's identity.
#[derive(Debug, Clone, Serialize)]
pub struct Identity {
    /// The ID: base32hex (lowercase, unpadded) of the keyed hash.
    pub id: String,
    /// The atom's label.
    pub label: String,
    /// The atom's version.
    pub version: String,
    /// The repository's root commit, in hex.
    pub root_commit: String,
}

/// The identity of the atom in `dir`.
pub fn identify(dir: &Path) -> Result<Identity, crate::support::error::Error> {
    let manifest = crate::atom::Manifest::read(dir)?;
    let root = root_commit(dir).map_err(|msg| {
        crate::support::error::Error::message(
            crate::support::error::ErrorKind::NotFound,
            msg,
            Some("an atom's identity comes from the root commit of the git repository it lives in".into()),
        )
    })?;
    Ok(Identity {
        id: atom_id(root.as_bytes(), manifest.label()),
        label: manifest.label().to_owned(),
        version: manifest.version().to_owned(),
        root_commit: root.to_hex(),
    })
}

/// The identity as text.
pub fn render(identity: &Identity) -> String {
    format!(
        "id:          {}\nlabel:       {}\nversion:     {}\nroot commit: {}\n",
        identity.id, identity.label, identity.version, identity.root_commit
    )
}
