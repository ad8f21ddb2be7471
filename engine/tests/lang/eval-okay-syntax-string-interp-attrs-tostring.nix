"v=${{ __toString = self: "ts"; }}"
