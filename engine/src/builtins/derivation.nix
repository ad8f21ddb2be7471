# `derivation`: the user-facing wrapper around `derivationStrict`.
#
# `derivationStrict` computes the .drv and output paths; this function only
# shapes the result, lazily, so that `name`, `type` and friends are
# available without instantiating anything. Every output gets one attribute
# set; they share all attributes but `outPath` and `outputName`, and each
# refers to the others (`out`, `dev`, ..., `all`). The result is the set of
# the first output.
drvAttrs@{ outputs ? [ "out" ], ... }:
let
  paths = derivationStrict drvAttrs;

  perOutput = map (outputName: {
    name = outputName;
    value = shared // {
      outPath = builtins.getAttr outputName paths;
      drvPath = paths.drvPath;
      type = "derivation";
      inherit outputName;
    };
  }) outputs;

  shared = drvAttrs // builtins.listToAttrs perOutput // {
    all = map (o: o.value) perOutput;
    inherit drvAttrs;
  };
in
(builtins.head perOutput).value
