[ true false null builtins.true builtins.false builtins.null (true == builtins.true) (builtins.null == null) ]
