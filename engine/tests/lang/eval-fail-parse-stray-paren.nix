f x y )
