//! No input may crash the evaluator: deep recursion, deep nesting and huge
//! values either evaluate or stop with a clear error.

/// Evaluates an expression with the embedding API and prints it (`json`)
/// or prints it strictly, on the same kind of thread the CLI uses; an
/// error gives its message.
fn eval_as(expr: String, json: bool) -> Result<String, String> {
    atom_eval_tests::on_big_stack(move || {
        let store = tempfile::tempdir().map_err(|e| e.to_string())?;
        let nix = atom_eval::Options::new().store_root(store.path()).nix();
        let v = nix.eval_expr(&expr).map_err(|e| e.to_string())?;
        if json { v.to_json() } else { v.to_nix(true) }.map_err(|e| e.to_string())
    })
}

/// Evaluates an expression strictly.
fn eval(expr: String) -> Result<String, String> {
    eval_as(expr, false)
}

#[test]
fn recursion_to_depth_one_million_stops_with_the_call_depth_error() {
    let err = eval("let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 1000000".into()).unwrap_err();
    assert_eq!(err, "stack overflow; max-call-depth exceeded");
}

#[test]
fn recursion_below_the_limit_succeeds() {
    let out = eval("let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 9000".into()).unwrap();
    assert_eq!(out, "9000");
}

#[test]
fn a_chain_of_one_million_thunks_is_forced() {
    // Each element forces the previous one through `elemAt`, with no call
    // in between that could hit the call-depth limit... except the lambda of
    // genList, so this also ends with the call-depth error rather than a crash.
    let result = eval(
        "let xs = builtins.genList (i: if i == 0 then 0 else builtins.elemAt xs (i - 1) + 1) 1000000; \
         in builtins.elemAt xs 999999"
            .into(),
    );
    match result {
        Ok(out) => assert_eq!(out, "999999"),
        Err(e) => assert!(e.contains("stack overflow"), "{e}"),
    }
}

#[test]
fn one_hundred_thousand_nested_parentheses() {
    let expr = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
    match eval(expr) {
        Ok(out) => assert_eq!(out, "1"),
        Err(e) => assert!(e.starts_with("syntax error") || e == "memory exhausted", "{e}"),
    }
}

#[test]
fn one_hundred_thousand_nested_lists() {
    let expr = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
    match eval(expr) {
        Ok(out) => assert!(out.starts_with("[ [ [") && out.ends_with("] ] ]")),
        // C++ Nix refuses this too, with the same message.
        Err(e) => assert_eq!(e, "memory exhausted"),
    }
}

#[test]
fn one_hundred_thousand_chained_operators() {
    let expr = format!("0{}", " + 1".repeat(100_000));
    assert_eq!(eval(expr).unwrap(), "100000");
}

/// One million levels of `+` take more stack than the evaluation thread
/// has: the expressions high above the leaves check the stack and grow it
/// (C++ Nix overflows here).
#[test]
fn one_million_chained_operators() {
    let expr = format!("0{}", " + 1".repeat(1_000_000));
    assert_eq!(eval(expr).unwrap(), "1000000");
}

/// Every shape of expression whose operands `eval` evaluates directly,
/// chained as deeply as the parser allows: the long chains check the
/// stack (see `ir::STACK_CHECK_HEIGHT`). The answers are C++ Nix's, except
/// for the arithmetic chains, which C++ Nix's stack does not hold.
#[test]
fn long_chains_of_every_strict_shape() {
    let n = 100_000;
    let m = 500;
    let cases = [
        (vec!["true"; n].join(" && "), "true"),
        (format!("{} || true", vec!["false"; n].join(" || ")), "true"),
        (vec!["true"; n].join(" -> "), "true"),
        (format!("0{}", " - 1".repeat(n)), "-100000"),
        (format!("1{}", " * 1".repeat(n)), "1"),
        (
            format!(
                "let x = 5; in {}0",
                (0..m)
                    .map(|i| format!("if x == {i} then {i} else "))
                    .collect::<String>()
            ),
            "5",
        ),
        (
            format!(
                "{}a0 + a499",
                (0..m).map(|i| format!("let a{i} = {i}; in ")).collect::<String>()
            ),
            "499",
        ),
        (
            format!(
                "{}a0 + a499",
                (0..m).map(|i| format!("with {{ a{i} = {i}; }}; ")).collect::<String>()
            ),
            "499",
        ),
        (format!("{}1", "assert true; ".repeat(m)), "1"),
        (format!("let a = {{ }}; in {}1", "a.b or ".repeat(m)), "1"),
        (format!("{}true", "!".repeat(4000)), "true"),
    ];
    for (expr, expected) in cases {
        assert_eq!(eval(expr.clone()).unwrap(), expected, "{}", &expr[..60]);
    }
}

#[test]
fn a_ten_megabyte_string() {
    let out = eval(
        "builtins.stringLength (builtins.concatStringsSep \"\" (builtins.genList (i: \"0123456789\") 1000000))".into(),
    )
    .unwrap();
    assert_eq!(out, "10000000");
}

#[test]
fn infinite_recursion_is_an_error() {
    assert_eq!(
        eval("let x = x; in x".into()).unwrap_err(),
        "infinite recursion encountered"
    );
    assert_eq!(
        eval("rec { a = b; b = a; }.a".into()).unwrap_err(),
        "infinite recursion encountered"
    );
}

/// Walks over nested data (serialisers, `==`, `<`, `toString` of lists)
/// stop cyclic values with C++ Nix's error instead of looping until memory
/// runs out or overflowing the stack.
#[test]
fn cyclic_values_stop_every_walk() {
    for expr in [
        "let x = { a = x; }; in builtins.toJSON x",
        "let x = [ x ]; in builtins.toJSON x",
        "let x = [ x ]; y = [ y ]; in x == y",
        "let x = { a = x; }; y = { a = y; }; in x == y",
        "let x = [ x ]; y = [ y ]; in x < y",
        "let x = [ x ]; in toString x",
        "let x = { a = x; }; in (derivation { name = \"d\"; system = \"x\"; builder = \"/b\"; \
         __structuredAttrs = true; c = x; }).drvPath",
    ] {
        let err = eval(expr.into()).unwrap_err();
        assert_eq!(err, "stack overflow (possible infinite recursion)", "{expr}");
    }
    // toXML indents every level: the document outgrows its limit first.
    let err = eval("let x = { a = x; }; in builtins.toXML x".into()).unwrap_err();
    assert_eq!(err, "out of memory");
}

/// Deep but finite data: one million nested lists in every walk.
#[test]
fn one_million_nested_lists_in_every_walk() {
    let nested = "builtins.foldl' (a: b: [ a ]) [ ] (builtins.genList (x: x) 1000000)";
    for walk in [
        "builtins.toJSON",
        "toString",
        "builtins.toXML",
        "(l: l == l)",
        "(l: l < l)",
    ] {
        let expr = format!("let l = {nested}; in {walk} l");
        match eval(expr) {
            Ok(_) => {}
            Err(e) => assert!(
                e == "stack overflow (possible infinite recursion)" || e == "out of memory",
                "{walk}: {e}"
            ),
        }
    }
}

/// The `--json` output walks the value as `toJSON` does.
#[test]
fn json_output_of_a_cyclic_value_is_an_error() {
    let result = eval_as("let x = { a = x; }; in x".into(), true);
    assert_eq!(result.unwrap_err(), "stack overflow (possible infinite recursion)");
}

#[test]
fn an_impossibly_long_list_is_out_of_memory() {
    let err = eval("builtins.length (builtins.genList (x: x) 100000000000)".into()).unwrap_err();
    assert_eq!(err, "out of memory");
}

/// Prefix operators nest like brackets: a long run is refused as C++ Nix
/// refuses it, before the parser's quadratic tree building.
#[test]
fn one_hundred_thousand_prefix_operators() {
    for op in ["!", "-"] {
        let expr = format!("{}1", op.repeat(100_000));
        let err = eval(expr).unwrap_err();
        assert_eq!(err, "memory exhausted", "{op}");
    }
    assert_eq!(eval(format!("{}true", "!".repeat(4000))).unwrap(), "true");
}

/// rnix parses at most 512 nested expressions (C++ Nix about 10,000):
/// deeper input gets an error that says so, rather than a parse error
/// for every token after it.
#[test]
fn expressions_nested_beyond_the_parser_limit_get_one_clear_error() {
    let chain = |n: usize| {
        let arms: String = (0..n).map(|i| format!("if x == {i} then {i} else ")).collect();
        format!("let x = 5; in {arms}0")
    };
    assert_eq!(eval(chain(500)).unwrap(), "5");
    let err = eval(chain(600)).unwrap_err();
    assert!(
        err.starts_with("expressions nest more than 512 levels deep here"),
        "{err}"
    );
}
