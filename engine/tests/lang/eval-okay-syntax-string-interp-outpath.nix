"v=${{ outPath = "op"; }}"
