//! Derivations against C++ Nix: the `.drv` files it wrote (in `data/drv/`)
//! and the paths it gave (`data/derivations.tsv`), for the cases in
//! `oracle/derivations.nix`.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use store::derivation::{Derivation, DerivationError, DerivationOutput, DrvHash};
use store::hash::{Hash, HashAlgo};
use store::path::{ContentMethod, StoreDir, StorePath};

/// Every `.drv` the oracle wrote, parsed, by path, with its exact text.
fn oracle_drvs() -> BTreeMap<StorePath, (Derivation, Vec<u8>)> {
    let sd = StoreDir::default();
    let mut out = BTreeMap::new();
    for entry in fs::read_dir(common::tests_dir().join("data/drv")).unwrap() {
        let entry = entry.unwrap();
        let base = entry.file_name().into_string().unwrap();
        let path = StorePath::from_base_name(&base).unwrap();
        let name = path.name().strip_suffix(".drv").unwrap().to_owned();
        let text = fs::read(entry.path()).unwrap();
        let drv = Derivation::parse(&sd, &name, &text).unwrap();
        out.insert(path, (drv, text));
    }
    out
}

/// Hash modulo of input derivations, computed recursively from the parsed
/// `.drv` files as C++ Nix's `pathDerivationModulo` does, with a cache.
fn lookup_from(
    drvs: &BTreeMap<StorePath, (Derivation, Vec<u8>)>,
    cache: &mut BTreeMap<StorePath, DrvHash>,
    path: &StorePath,
) -> Result<DrvHash, DerivationError> {
    if let Some(h) = cache.get(path) {
        return Ok(h.clone());
    }
    let (drv, _) = drvs.get(path).expect("input derivation in data/drv");
    let h = drv.hash_modulo(&StoreDir::default(), false, &mut |p| lookup_from(drvs, cache, p))?;
    cache.insert(path.clone(), h.clone());
    Ok(h)
}

#[test]
fn aterm_round_trips_and_drv_paths() {
    let sd = StoreDir::default();
    let drvs = oracle_drvs();
    assert!(drvs.len() >= 18);
    for (path, (drv, text)) in &drvs {
        let printed = drv.to_aterm(&sd).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&printed),
            String::from_utf8_lossy(text),
            "{path}"
        );
        assert_eq!(&drv.drv_path(&sd).unwrap(), path);
    }
}

#[test]
fn output_paths_recomputed_from_scratch() {
    let sd = StoreDir::default();
    let drvs = oracle_drvs();
    let mut cache = BTreeMap::new();
    for (path, (drv, _)) in &drvs {
        // Forget every output path, as a freshly evaluated derivation has
        // none, and compute them again.
        let mut fresh = drv.clone();
        for (name, out) in fresh.outputs.iter_mut() {
            if let DerivationOutput::InputAddressed(_) = out {
                *out = DerivationOutput::Deferred;
            }
            if fresh.env.contains_key(name) {
                fresh.env.insert(name.clone(), Vec::new());
            }
        }
        fresh
            .fill_output_paths(&sd, &mut |p| lookup_from(&drvs, &mut cache, p))
            .unwrap();
        if drv.env.contains_key("__json") {
            // Structured attributes keep output paths in the JSON too, so
            // only the outputs themselves can be compared.
            assert_eq!(fresh.outputs, drv.outputs, "{path}");
        } else {
            assert_eq!(&fresh, drv, "{path}");
        }
    }
}

#[test]
fn paths_as_the_evaluator_reports_them() {
    let sd = StoreDir::default();
    let drvs = oracle_drvs();
    let rows = common::tsv("derivations.tsv");
    assert!(rows.len() >= 18);
    for row in rows {
        let drv_path = sd.parse_path(&row[1]).unwrap();
        let (drv, _) = &drvs[&drv_path];
        for out in &row[2..] {
            let (name, want) = out.split_once('=').unwrap();
            let got = drv.output_path(&sd, name).unwrap();
            assert_eq!(sd.print(&got), want, "{} output {name}", row[0]);
        }
    }
}

fn expected_paths(case: &str) -> (String, BTreeMap<String, String>) {
    let row = common::tsv("derivations.tsv")
        .into_iter()
        .find(|r| r[0] == case)
        .unwrap();
    let outs = row[2..]
        .iter()
        .map(|o| {
            let (k, v) = o.split_once('=').unwrap();
            (k.to_owned(), v.to_owned())
        })
        .collect();
    (row[1].clone(), outs)
}

/// A derivation built the way `derivationStrict` builds one, from
/// attributes alone.
fn from_attrs(name: &str, extra: &[(&str, &str)], outputs: &[&str]) -> Derivation {
    let mut env: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    env.insert("name".into(), name.into());
    env.insert("system".into(), "x86_64-linux".into());
    env.insert("builder".into(), "/bin/sh".into());
    for (k, v) in extra {
        env.insert((*k).into(), (*v).into());
    }
    Derivation {
        name: name.into(),
        outputs: outputs
            .iter()
            .map(|o| (o.to_string(), DerivationOutput::Deferred))
            .collect(),
        platform: "x86_64-linux".into(),
        builder: "/bin/sh".into(),
        env,
        ..Default::default()
    }
}

fn no_inputs(_: &StorePath) -> Result<DrvHash, DerivationError> {
    unreachable!("no input derivations")
}

#[test]
fn built_from_attributes() {
    let sd = StoreDir::default();

    let mut a = from_attrs("a", &[], &["out"]);
    a.fill_output_paths(&sd, &mut no_inputs).unwrap();
    let (want_drv, want_outs) = expected_paths("a");
    let a_path = a.drv_path(&sd).unwrap();
    assert_eq!(sd.print(&a_path), want_drv);
    assert_eq!(sd.print(&a.output_path(&sd, "out").unwrap()), want_outs["out"]);

    let mut multi = from_attrs("multi", &[("outputs", "out dev lib")], &["out", "dev", "lib"]);
    multi.fill_output_paths(&sd, &mut no_inputs).unwrap();
    let (want_drv, want_outs) = expected_paths("multi");
    assert_eq!(sd.print(&multi.drv_path(&sd).unwrap()), want_drv);
    for (o, p) in &want_outs {
        assert_eq!(&sd.print(&multi.output_path(&sd, o).unwrap()), p);
    }

    // A fixed output from its attributes: SRI hash, recursive mode.
    let text = "sha1-qZk+NkcGgWq6PiVxeFDCbJzQ2J0=";
    let mut fixed = from_attrs(
        "fixed-rec-sha1",
        &[("outputHash", text), ("outputHashMode", "recursive")],
        &["out"],
    );
    fixed.outputs.insert(
        "out".into(),
        DerivationOutput::Fixed {
            method: ContentMethod::Nar,
            hash: Hash::parse_any(text, None).unwrap(),
        },
    );
    fixed.fill_output_paths(&sd, &mut no_inputs).unwrap();
    let (want_drv, want_outs) = expected_paths("fixed_rec_sha1");
    assert_eq!(sd.print(&fixed.drv_path(&sd).unwrap()), want_drv);
    assert_eq!(sd.print(&fixed.output_path(&sd, "out").unwrap()), want_outs["out"]);
    assert!(fixed.is_fixed_output());

    // One depending on another: the input's output path in the
    // environment, the input's .drv in inputDrvs.
    let a_out = sd.print(&a.output_path(&sd, "out").unwrap());
    let mut dep = from_attrs("dep", &[("input", &a_out)], &["out"]);
    dep.input_drvs
        .insert(a_path.clone(), BTreeSet::from(["out".to_owned()]));
    let a_hash = a.hash_modulo(&sd, false, &mut no_inputs).unwrap();
    dep.fill_output_paths(&sd, &mut |p: &StorePath| {
        assert_eq!(p, &a_path);
        Ok::<_, DerivationError>(a_hash.clone())
    })
    .unwrap();
    let (want_drv, want_outs) = expected_paths("dep");
    assert_eq!(sd.print(&dep.drv_path(&sd).unwrap()), want_drv);
    assert_eq!(sd.print(&dep.output_path(&sd, "out").unwrap()), want_outs["out"]);
}

#[test]
fn fixed_output_hash_modulo_ignores_inputs() {
    // The hash modulo of a fixed-output derivation depends only on its
    // declared hash and output path, so inputs never reach dependants.
    let sd = StoreDir::default();
    let drvs = oracle_drvs();
    let (with_inputs, _) = drvs.values().find(|(d, _)| d.name == "fixed-with-inputs").unwrap();
    assert!(!with_inputs.input_drvs.is_empty());
    let h = with_inputs
        .hash_modulo(&sd, false, &mut |_| -> Result<DrvHash, DerivationError> {
            panic!("inputs of a fixed-output derivation are not looked up")
        })
        .unwrap();
    let out = sd.print(&with_inputs.output_path(&sd, "out").unwrap());
    let expect = Hash::sha256(
        format!(
            "fixed:out:sha256:{}:{out}",
            Hash::parse_any("sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=", None)
                .unwrap()
                .to_base16()
        )
        .as_bytes(),
    );
    assert_eq!(h.hashes["out"], expect);
    assert_eq!(h.hashes["out"].algo, HashAlgo::Sha256);
}

#[test]
fn inconsistent_derivations() {
    let sd = StoreDir::default();
    let mut d = from_attrs("x", &[], &[]);
    assert_eq!(d.derivation_type(), Err(DerivationError::NoOutputs));
    d.outputs.insert("out".into(), DerivationOutput::Deferred);
    d.outputs.insert(
        "dev".into(),
        DerivationOutput::Fixed {
            method: ContentMethod::Flat,
            hash: Hash::sha256(b""),
        },
    );
    assert_eq!(
        d.fill_output_paths(&sd, &mut no_inputs).unwrap_err().to_string(),
        "can't mix derivation output types"
    );
    // Missing output of an input.
    let mut e = from_attrs("e", &[], &["out"]);
    let input = StorePath::from_base_name("00000000000000000000000000000000-i.drv").unwrap();
    e.input_drvs.insert(input, BTreeSet::from(["dev".to_owned()]));
    let err = e
        .fill_output_paths(&sd, &mut |_| {
            Ok::<_, DerivationError>(DrvHash {
                hashes: BTreeMap::from([("out".to_owned(), Hash::sha256(b""))]),
                deferred: false,
            })
        })
        .unwrap_err();
    assert_eq!(err.to_string(), "no hash for output 'dev' of derivation 'e'");
    // Garbage is an error, not a panic.
    for bad in [
        &b""[..],
        b"Derive(",
        b"Derive([(\"out\"",
        b"Derive([],[],[],\"x\",\"y\",[],[])x",
    ] {
        assert!(Derivation::parse(&sd, "x", bad).is_err());
    }
}
