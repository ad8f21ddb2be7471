let
  range = first: last: if first > last then [ ] else builtins.genList (n: first + n) (last - first + 1);
  foldr = op: nul: list:
    let len = builtins.length list; fold' = n: if n == len then nul else op (builtins.elemAt list n) (fold' (n + 1)); in fold' 0;
  imap0 = f: list: builtins.genList (n: f n (builtins.elemAt list n)) (builtins.length list);
  flatten = x: if builtins.isList x then builtins.concatMap flatten x else [ x ];
  unique = builtins.foldl' (acc: e: if builtins.elem e acc then acc else acc ++ [ e ]) [ ];
  count = pred: builtins.foldl' (c: x: if pred x then c + 1 else c) 0;
  last = l: builtins.elemAt l (builtins.length l - 1);
  init = l: builtins.genList (builtins.elemAt l) (builtins.length l - 1);
  sublist = start: count: list:
    let len = builtins.length list; in
    builtins.genList (n: builtins.elemAt list (n + start))
      (if start >= len then 0 else if start + count > len then len - start else count);
  take = count: sublist 0 count;
  drop = count: list: sublist count (builtins.length list) list;
  zipListsWith = f: fst: snd:
    builtins.genList (n: f (builtins.elemAt fst n) (builtins.elemAt snd n))
      (if builtins.length fst < builtins.length snd then builtins.length fst else builtins.length snd);
  reverseList = xs: let l = builtins.length xs; in builtins.genList (n: builtins.elemAt xs (l - n - 1)) l;
  findFirst = pred: default: list: let r = builtins.filter pred list; in if r == [ ] then default else builtins.head r;
  optional = c: x: if c then [ x ] else [ ];
  toposort = before: list:
    # simple DFS-based topological sort; returns { result } or { cycle }
    let
      visit = state: x:
        if builtins.elem x state.done then state
        else
          let deps = builtins.filter (y: y != x && before y x) list;
              s' = builtins.foldl' visit state deps;
          in s' // { done = s'.done ++ [ x ]; };
    in { result = (builtins.foldl' visit { done = [ ]; } list).done; };
  listDfs = null;
in
{
  range = [ (range 1 5) (range 3 2) ];
  foldr = foldr (x: acc: "(${x} ${acc})") "nil" [ "a" "b" "c" ];
  imap0 = imap0 (i: v: "${toString i}:${v}") [ "a" "b" ];
  flatten = flatten [ 1 [ 2 [ 3 [ ] ] ] [ [ 4 ] ] 5 ];
  unique = unique [ 3 1 3 2 1 ];
  count = count (x: x > 1) [ 1 2 3 ];
  lastInit = [ (last [ 1 2 3 ]) (init [ 1 2 3 ]) ];
  takeDrop = [ (take 2 [ 1 2 3 ]) (drop 2 [ 1 2 3 ]) (take 5 [ 1 ]) (drop 5 [ 1 ]) ];
  zip = zipListsWith (a: b: { fst = a; snd = b; }) [ 1 2 3 ] [ "a" "b" ];
  reverse = reverseList [ 1 2 3 ];
  findFirst = [ (findFirst (x: x > 1) null [ 1 2 3 ]) (findFirst (x: x > 5) "none" [ 1 ]) ];
  optional = optional true "x" ++ optional false "y";
  toposort = toposort (a: b: builtins.stringLength a < builtins.stringLength b) [ "ccc" "a" "bb" "dddd" ];
}
