{ outPath = "/somewhere"; }
