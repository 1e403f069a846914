#!/usr/bin/env bash
# Installs the built project into a temporary prefix, then configures, builds and runs the
# consumer project (C++ and the C API example) against it with find_package(gate), and checks
# the pkg-config file.
#   check_install.sh BUILD_DIR SOURCE_DIR PLAN.json
set -euo pipefail
build=$1 source=$2 plan=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$source/libgate/examples/consumer" -B "$work/build" -G Ninja \
  -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/build" >/dev/null
out=$("$work/build/gate_consumer" "$plan")
echo "$out"
case $out in "libgate "*" resource changes") ;; *) echo "unexpected output" >&2; exit 1 ;; esac
# The C example built against the installed package gives the same report as in the tree.
status=0
"$work/build/gate_consumer_c" "$source/policies" prod \
  "$source/fixtures/plans/platform/prod-create-outside-allowlist.json" >"$work/c.out" || status=$?
[ "$status" -eq 2 ] || { echo "C example: exit $status, expected 2 (denied)" >&2; exit 1; }
diff -u "$source/libgate/examples/evaluate_plan_c.output" "$work/c.out"
head -1 "$work/c.out"
PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig" pkg-config --exists gate
PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig" pkg-config --modversion gate
"$work/prefix/bin/tfgate" --version
