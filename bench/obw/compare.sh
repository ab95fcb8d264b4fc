#!/usr/bin/env bash
# Issue 15's side-by-side timing: the OBW-scale job through the CLI of a git ref (the baseline) and through the CLI of
# this working tree, on the same model and spec, in one run, on this machine (bench/obw/README.md says what is printed).
#   1. builds the baseline's CLI (Release) in a temporary detached worktree under /tmp, removed again on exit,
#   2. builds this tree's CLI and bench/GroupReduce.Bench (Release), uncommitted changes included,
#   3. runs bench/GroupReduce.Bench --cli base=... --cli new=... with the remaining arguments.
# Usage: bench/obw/compare.sh [REF] [bench options: --scale S --data DIR --repeats N --threads N --partition P ...]
#   REF  the baseline: any commit-ish (main, a tag, a sha); by default `git merge-base HEAD main`.
# Example: bench/obw/compare.sh main --scale 0.1 --data /tmp/obwdata --repeats 2
# The full scale (no --scale) writes a 6.5 GB model under --data (default bench/data) and needs about 14 GB of disk.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"

case "${1:-}" in
  -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac

ref=""
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
  ref="$1"; shift
fi
if [ -z "$ref" ]; then
  if ! git rev-parse --verify --quiet main >/dev/null; then
    echo "compare: no branch main to take the merge base with; name the baseline: bench/obw/compare.sh REF [options]" >&2
    exit 2
  fi
  ref="$(git merge-base HEAD main)"
fi
if ! commit="$(git rev-parse --verify --quiet "$ref^{commit}")"; then
  echo "compare: '$ref' is not a commit here; give a branch, tag or sha (git log --oneline shows them)" >&2
  exit 2
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
tmp="$(mktemp -d /tmp/groupreduce-baseline.XXXXXX)"
base="$tmp/tree"
cleanup() {
  # Only the worktree this script added, then its folder.
  if [ -d "$base" ]; then
    git -C "$root" worktree remove --force "$base" >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
  git -C "$root" worktree prune >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() { echo; echo "== $* ($(date +%T))"; }

step "baseline: $ref = $(git log -1 --format='%h %s' "$commit")"
git worktree add --detach --quiet "$base" "$commit"
if [ ! -f "$base/src/GroupReduce.Cli/GroupReduce.Cli.csproj" ]; then
  echo "compare: $ref has no src/GroupReduce.Cli: too old to compare through the CLI" >&2
  exit 2
fi
if ! dotnet build -c Release "$base/src/GroupReduce.Cli" -v q -nologo; then
  echo "compare: the baseline's CLI ($ref) did not build; its errors are above" >&2
  exit 1
fi

dirty=""
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then dirty=" + uncommitted changes"; fi
step "new: this working tree = $(git log -1 --format='%h %s' HEAD)$dirty"
dotnet build -c Release src/GroupReduce.Cli -v q -nologo
dotnet build -c Release bench/GroupReduce.Bench -v q -nologo

step "OBW job through both CLIs"
dotnet bench/GroupReduce.Bench/bin/Release/net10.0/GroupReduce.Bench.dll \
  --cli "base=$base/src/GroupReduce.Cli/bin/Release/net10.0/groupreduce" \
  --cli "new=$root/src/GroupReduce.Cli/bin/Release/net10.0/groupreduce" \
  "$@"
