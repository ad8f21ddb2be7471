builtins.toXML { a = throw "deep value forced"; }
