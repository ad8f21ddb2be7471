cfg.shop.currency
