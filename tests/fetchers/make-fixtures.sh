#!/usr/bin/env bash
# Makes the fetcher fixtures in DIR: a git repository whose commits are
# reproducible (fixed identity and dates), a bare clone, an eka-style
# orphan commit under refs/eka/atoms/hello/0.1.0 and refs/ekala/init, a
# tarball, a file and a directory with a fixed modification time. Used
# by tests/fetchers.rs and by oracle.sh, so both see the same content.
set -euo pipefail
dir="$1"
mkdir -p "$dir"
cd "$dir"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.org GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.org
export GIT_AUTHOR_DATE=2024-01-02T03:04:05Z GIT_COMMITTER_DATE=2024-01-02T03:04:05Z
export GIT_CONFIG_NOSYSTEM=1 HOME="$dir"
mkdir repo
(
  cd repo
  git init -q -b main
  echo first > README
  git add . && git commit -qm first
  echo second > README
  mkdir sub && echo data > sub/data.txt
  printf '#!/bin/sh\necho hi\n' > run.sh && chmod +x run.sh
  ln -s sub/data.txt link
  git add . && git commit -qm second
  git update-ref refs/ekala/init "$(git rev-parse HEAD~1)"
  mkdir -p atoms/hello
  printf '[package]\nlabel = "hello"\nversion = "0.1.0"\n' > atoms/hello/atom.toml
  printf '{ Greeting = "hi"; }\n' > atoms/hello/mod.nix
  git add atoms && git commit -qm atoms
  atom=$(git commit-tree "$(git rev-parse HEAD:atoms/hello)" -m "hello 0.1.0")
  git update-ref refs/eka/atoms/hello/0.1.0 "$atom"
  git reset -q --hard HEAD~1
)
git clone -q --bare repo bare.git
# A working tree with uncommitted changes: a modified file, a new file
# added to the index and one that is not.
git clone -q repo dirty
(
  cd dirty
  echo changed > README
  echo new > added.txt && git add added.txt
  echo untracked > untracked.txt
)
mkdir -p t/pkg-1.0/bin
echo '{ x = 1; }' > t/pkg-1.0/default.nix
printf '#!/bin/sh\n' > t/pkg-1.0/bin/tool && chmod +x t/pkg-1.0/bin/tool
tar --mtime=@1700000000 --owner=0 --group=0 --numeric-owner -C t -czf p.tar.gz pkg-1.0
echo hello > hello.txt
# Tarballs without a single top-level directory: the archive's root is
# the result.
mkdir multi single
echo a > multi/a && echo b > multi/b
tar --mtime=@1700000000 --owner=0 --group=0 --numeric-owner -C multi -czf multi.tar.gz a b
echo s > single/only
tar --mtime=@1700000000 --owner=0 --group=0 --numeric-owner -C single -czf singlefile.tar.gz only
touch -h -d @1600000000 t/pkg-1.0/bin/tool t/pkg-1.0/bin t/pkg-1.0/default.nix t/pkg-1.0 t
