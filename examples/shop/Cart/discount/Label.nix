# `pre` is the cart's mod, `pre.pre` the root's.
"${pre.pre.name} loyalty discount (${toString mod.percent}%)"
