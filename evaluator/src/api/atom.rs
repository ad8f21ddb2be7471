//! [`Atom`]: an atom opened from its directory, its manifest, its static
//! module tree, and its members evaluated on demand. Composition is the
//! driver's ([`crate::driver::Driver::open_atom`]), on the same host as
//! `builtins.importAtom`.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use engine::symbol::Symbol;

use super::value::Value;
use super::{Error, ErrorKind, Manifest, Nix, Options};
use crate::atom::names::MemberKind;
use crate::atom::Module;

/// An atom: a directory holding `atom.toml` and a root module `mod.nix`.
///
/// Opening reads only the manifest; members are composed and evaluated when
/// [`Atom::eval`] asks for them, and only those on the way.
///
/// ```
/// let atom = atom_eval::Atom::open(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/hello"))?;
/// assert_eq!(atom.manifest().label(), "hello");
/// assert_eq!(atom.eval("greeting")?.as_str()?, "Hello, world!");
/// assert_eq!(atom.eval_json("audience")?, "\"world\"");
/// assert_eq!(atom.public()?.names()?, ["audience", "greeting", "shout"]);
/// # Ok::<(), atom_eval::Error>(())
/// ```
pub struct Atom {
    nix: Nix,
    dir: PathBuf,
    manifest: Manifest,
    root: Rc<Module>,
}

impl Atom {
    /// Opens the atom in `dir` with the default [`Options`].
    pub fn open(dir: impl AsRef<Path>) -> Result<Atom, Error> {
        Atom::open_with(dir, Options::new())
    }

    /// Opens the atom in `dir` with the given options.
    ///
    /// ```
    /// // An external dependency is a further name in every module.
    /// let dir = std::env::temp_dir().join(format!("atom-eval-extern-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// std::fs::write(dir.join("atom.toml"), "[atom]\nid = \"app\"\nversion = \"1.0.0\"\n").unwrap();
    /// std::fs::write(dir.join("mod.nix"), "{ Port = settings.port + 1; }").unwrap();
    /// let options = atom_eval::Options::new().extern_expr("settings", "{ port = 8079; }");
    /// let app = atom_eval::Atom::open_with(&dir, options)?;
    /// assert_eq!(app.eval("port")?.as_int()?, 8080);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), atom_eval::Error>(())
    /// ```
    pub fn open_with(dir: impl AsRef<Path>, mut options: Options) -> Result<Atom, Error> {
        let dir = super::absolute(dir.as_ref());
        let dir = dir.canonicalize().unwrap_or(dir);
        if !dir.is_dir() {
            return Err(Error::message(
                ErrorKind::NotFound,
                format!("'{}' is not a directory", dir.display()),
                Some("an atom is a directory holding atom.toml and mod.nix".into()),
            ));
        }
        let manifest = Manifest::read(&dir)?;
        // Declared dependencies must be locked (issue 12).
        manifest.read_lock()?;
        let externs = std::mem::take(&mut options.externs);
        let nix = options.nix();
        let mut deps = Vec::new();
        for (name, ext) in externs {
            let value = match ext {
                super::Extern::Atom(path) => {
                    let path = super::absolute(&path);
                    let dep = Manifest::read(&path)?;
                    nix.shared
                        .with_driver(|d| Ok(d.open_atom(&path, &dep, Vec::new()).public_value()))?
                }
                super::Extern::Expr(src) => {
                    let base = dir.to_string_lossy().into_owned();
                    nix.shared.with(|ev| ev.eval_expr(&src, &base))?
                }
            };
            deps.push((Symbol::new(&name), value));
        }
        let root = nix.shared.with_driver(|d| Ok(d.open_atom(&dir, &manifest, deps)))?;
        Ok(Atom {
            nix,
            dir,
            manifest,
            root,
        })
    }

    /// The parsed `atom.toml`.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The atom's directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The evaluator the atom's values live in, for evaluating further
    /// plain Nix next to them.
    pub fn nix(&self) -> &Nix {
        &self.nix
    }

    /// The public view: what `atom` is inside the atom, and what importers
    /// get.
    pub fn public(&self) -> Result<Value, Error> {
        Ok(Value::new(self.nix.shared.clone(), self.root.public_value()))
    }

    /// A member by dotted path through the public view (`"cart.total"`;
    /// list indices work too). Only the modules and files on the path are
    /// read and evaluated. An empty path is the whole public view.
    ///
    /// ```
    /// let shop = atom_eval::Atom::open(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/shop"))?;
    /// assert_eq!(shop.eval("name")?.as_str()?, "shop");
    /// assert_eq!(shop.eval("cart")?.kind()?, atom_eval::Kind::Attrs);
    /// let err = shop.eval("catalog.cuont").unwrap_err();
    /// assert_eq!(err.kind(), atom_eval::ErrorKind::MissingAttribute);
    /// # Ok::<(), atom_eval::Error>(())
    /// ```
    ///
    /// A private member is an error of its own kind, which says where the
    /// member is defined and how to reach it:
    ///
    /// ```
    /// let hello = atom_eval::Atom::open(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/hello"))?;
    /// let err = hello.eval("punctuation").unwrap_err();
    /// assert_eq!(err.kind(), atom_eval::ErrorKind::Private);
    /// assert!(err.to_string().contains("'punctuation' is private"));
    /// # Ok::<(), atom_eval::Error>(())
    /// ```
    pub fn eval(&self, path: &str) -> Result<Value, Error> {
        self.public()?.select(path).map_err(|e| match e.kind() {
            ErrorKind::MissingAttribute => self.private_member(path).unwrap_or(e),
            _ => e,
        })
    }

    /// When `path` goes through submodules to a member that exists but is
    /// private, the error that says so; read from the static tree, so
    /// nothing more is evaluated.
    fn private_member(&self, path: &str) -> Option<Error> {
        let parts: Vec<&str> = path.split('.').filter(|p| !p.is_empty()).collect();
        let mut module = self.modules().ok()?;
        for (i, part) in parts.iter().enumerate() {
            if let Some(m) = module.members().iter().find(|m| m.name() == *part && !m.is_public()) {
                return Some(private_error(&parts[..i], m));
            }
            module = module.submodules().iter().find(|s| s.name() == *part)?.clone();
        }
        None
    }

    /// Rust data as a Nix value of this atom's evaluator, to pass to its
    /// functions ([`Nix::to_value`]).
    ///
    /// ```
    /// #[derive(serde::Serialize)]
    /// struct Who { audience: String }
    /// let hello = atom_eval::Atom::open(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/hello"))?;
    /// let greet = hello.nix().eval_expr("who: \"Hi, ${who.audience}\"")?;
    /// let who = hello.to_value(&Who { audience: hello.eval("audience")?.as_str()? })?;
    /// assert_eq!(greet.call(&who)?.as_str()?, "Hi, world");
    /// # Ok::<(), atom_eval::Error>(())
    /// ```
    pub fn to_value<T: serde::Serialize + ?Sized>(&self, data: &T) -> Result<Value, Error> {
        self.nix.to_value(data)
    }

    /// A member as JSON, evaluated entirely (`atom-eval eval --json -A`).
    pub fn eval_json(&self, path: &str) -> Result<String, Error> {
        self.eval(path)?.to_json()
    }

    /// A member converted into a Rust type, evaluating only what the type
    /// reads.
    ///
    /// ```
    /// #[derive(serde::Deserialize)]
    /// struct Hello { greeting: String, shout: String }
    /// let atom = atom_eval::Atom::open(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/hello"))?;
    /// let h: Hello = atom.deserialize("")?;
    /// assert_eq!(h.greeting, "Hello, world!");
    /// assert!(h.shout.starts_with("HELLO, WORLD!"));
    /// # Ok::<(), atom_eval::Error>(())
    /// ```
    ///
    /// A value that does not fit the type is an error naming its attribute
    /// path and the file that defines it:
    ///
    /// ```
    /// #[derive(Debug, serde::Deserialize)]
    /// struct Shop { currency: u32 }
    /// let shop = atom_eval::Atom::open(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/shop"))?;
    /// let err = shop.deserialize::<Shop>("").unwrap_err();
    /// assert_eq!(err.kind(), atom_eval::ErrorKind::Deserialize);
    /// assert!(err.to_string().starts_with("at 'currency': invalid type"), "{err}");
    /// assert!(err.render(false).contains("Currency.nix"), "{err:?}");
    /// # Ok::<(), atom_eval::Error>(())
    /// ```
    pub fn deserialize<T: serde::de::DeserializeOwned>(&self, path: &str) -> Result<T, Error> {
        let prefix: Vec<String> = path.split('.').filter(|p| !p.is_empty()).map(str::to_owned).collect();
        self.eval(path)?.deserialize_in(|inner| {
            let full: Vec<&str> = prefix.iter().chain(inner).map(String::as_str).collect();
            self.defining_file(&full)
        })
    }

    /// The file that defines the value at `path` of the public view, as
    /// far as the static tree knows: the member's file, or the `mod.nix`
    /// of the deepest module on the path.
    fn defining_file(&self, path: &[&str]) -> Option<PathBuf> {
        let mut module = self.modules().ok()?;
        let mut file = module.dir().join(crate::atom::names::MOD_FILE);
        for part in path {
            if let Some(sub) = module.submodules().iter().find(|m| m.name() == *part) {
                module = sub.clone();
                file = module.dir().join(crate::atom::names::MOD_FILE);
                continue;
            }
            return module
                .members()
                .iter()
                .find(|m| m.name() == *part)
                .map(|m| m.file().to_path_buf());
        }
        Some(file)
    }

    /// The module tree, read from the directory and the syntax of each
    /// `mod.nix`, without evaluating anything.
    ///
    /// ```
    /// let shop = atom_eval::Atom::open(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/shop"))?;
    /// let root = shop.modules()?;
    /// let names: Vec<&str> = root.submodules().iter().map(|m| m.name()).collect();
    /// assert_eq!(names, ["cart", "catalog"]);
    /// let format = root.members().iter().find(|m| m.name() == "format").unwrap();
    /// assert!(!format.is_public());
    /// # Ok::<(), atom_eval::Error>(())
    /// ```
    pub fn modules(&self) -> Result<ModuleInfo, Error> {
        ModuleInfo::read(&self.dir, String::new(), Vec::new())
    }
}

/// The error for a private member reached from outside: where it is
/// defined, and the two ways to reach it.
fn private_error(module: &[&str], m: &MemberInfo) -> Error {
    let name = m.source_name();
    let mut exported: String = name.chars().take(1).flat_map(char::to_uppercase).collect();
    exported.extend(name.chars().skip(1));
    let place = if module.is_empty() {
        "the root module".to_owned()
    } else {
        format!("module {}", module.join("."))
    };
    let defined = match m.kind() {
        MemberKind::Attribute => format!("the attribute '{name}' of {}", m.file().display()),
        MemberKind::File => format!("{}", m.file().display()),
        MemberKind::Submodule => format!("the directory {}", m.file().parent().unwrap_or(m.file()).display()),
    };
    let rename = match m.kind() {
        MemberKind::Attribute => format!("rename the attribute to '{exported}'"),
        MemberKind::File => format!("rename {name}.nix to {exported}.nix"),
        MemberKind::Submodule => format!("rename the directory to {exported}/"),
    };
    let message = format!(
        "'{}' is private: only the atom's own files can use it (defined in {defined})",
        m.name()
    );
    let help = format!(
        "inside {place}, use it as mod.{name} (pre.{name} from a submodule); to export it, {rename}, \
         or re-export it from mod.nix as {exported} = mod.{name};"
    );
    Error::message(ErrorKind::Private, message, Some(help))
}

/// A module of an atom's static tree.
#[derive(Clone, Debug)]
pub struct ModuleInfo {
    name: String,
    path: Vec<String>,
    dir: PathBuf,
    members: Vec<MemberInfo>,
    submodules: Vec<ModuleInfo>,
    data: Vec<String>,
}

/// A member of a module: a file, a submodule or an attribute of `mod.nix`.
#[derive(Clone, Debug)]
pub struct MemberInfo {
    name: String,
    source_name: String,
    public: bool,
    file: PathBuf,
    kind: MemberKind,
}

impl MemberInfo {
    /// The name importers use (`Foo` is exported as `foo`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The name as written in the source (file stem, directory or
    /// attribute name).
    pub fn source_name(&self) -> &str {
        &self.source_name
    }

    /// Whether it is part of the public view (its source name starts with
    /// an uppercase letter).
    pub fn is_public(&self) -> bool {
        self.public
    }

    /// The file that defines it (`mod.nix` for its attributes, the
    /// submodule's `mod.nix` for a submodule).
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// Whether it is a submodule.
    pub fn is_submodule(&self) -> bool {
        self.kind == MemberKind::Submodule
    }

    /// What defines it: a file, a submodule or an attribute of `mod.nix`.
    pub fn kind(&self) -> MemberKind {
        self.kind
    }
}

impl ModuleInfo {
    fn read(dir: &Path, name: String, path: Vec<String>) -> Result<ModuleInfo, Error> {
        use crate::atom::tree::{Module, Source};
        let m = Module::read(dir, &crate::atom::cache::FactCache::uncached())
            .map_err(|e| Error::message(ErrorKind::Io, format!("cannot read '{}': {e}", dir.display()), None))?;
        let mut members = Vec::new();
        let mut submodules = Vec::new();
        for member in &m.members {
            if let Source::Submodule(d) = &member.source {
                let mut p = path.clone();
                p.push(member.name.clone());
                submodules.push(ModuleInfo::read(d, member.name.clone(), p)?);
            }
            members.push(MemberInfo {
                name: member.name.clone(),
                source_name: member.source_name.clone(),
                public: member.public,
                file: member.source.file(),
                kind: member.source.kind(),
            });
        }
        Ok(ModuleInfo {
            name,
            path,
            dir: dir.to_path_buf(),
            members,
            submodules,
            data: m.data,
        })
    }

    /// The module's exported name (empty for the root).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The path from the root, by exported names.
    pub fn path(&self) -> &[String] {
        &self.path
    }

    /// The module's directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Members, sorted by exported name.
    pub fn members(&self) -> &[MemberInfo] {
        &self.members
    }

    /// Submodules, sorted by exported name.
    pub fn submodules(&self) -> &[ModuleInfo] {
        &self.submodules
    }

    /// Data files and directories (not members), reachable as
    /// `"${mod}/NAME"`.
    pub fn data(&self) -> &[String] {
        &self.data
    }
}
