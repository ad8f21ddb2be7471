/**
  The currency prices are in, from the manifest's `[shop]` table.
*/
cfg.shop.currency
