# Evaluation errors come before UTF-8 errors, which are found when the text is written.
builtins.toJSON [ (builtins.substring 1 1 "é") (throw "evaluated first") ]
