builtins.hashFile "crc32" ./fixtures/a.txt
