# `pre` is the cart's mod, `pre.pre` the root's.
/**
  How the discount is named on the receipt.
*/
"${pre.pre.name} loyalty discount (${toString mod.percent}%)"
