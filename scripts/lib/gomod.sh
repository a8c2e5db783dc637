# shellcheck shell=bash
# Building a Go program from the Go module proxy as its own main module (so that its go.mod's replace and exclude
# directives apply). Source common.sh first.
#   go_module_source MODULE VERSION DEST HINT   a writable copy of MODULE@VERSION's module folder at DEST (kept:
#                                               nothing is done when DEST/go.mod exists); dies with HINT on failure

go_module_source() {
  local module="$1" version="$2" dest="$3" hint="$4" mod_dir
  [[ -f "$dest/go.mod" ]] && return 0
  mod_dir="$(go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')" \
    || die "go mod download $module@$version failed; $hint"
  [[ -n "$mod_dir" && -d "$mod_dir" ]] || die "go mod download gave no folder for $module@$version; $hint"
  rm -rf "$dest.tmp"
  cp -R "$mod_dir" "$dest.tmp"
  chmod -R u+w "$dest.tmp"
  mv "$dest.tmp" "$dest"
}
