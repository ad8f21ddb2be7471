[ (builtins.isAttrs { }) (builtins.isAttrs { a = 1; }) (builtins.isAttrs [ ]) (builtins.isAttrs (derivation { name = "x"; system = "x"; builder = "x"; })) ]
