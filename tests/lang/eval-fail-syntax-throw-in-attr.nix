{ a = throw "deep"; }.a
