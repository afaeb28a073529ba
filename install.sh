#!/bin/sh
# Installs pgctl: builds every executable of Package.swift in release mode and copies them side
# by side into PREFIX/bin (pgctl finds its supervisor next to itself), plus the man pages into
# PREFIX/share/man/man1 and man8. Running it again updates the files in place. It keeps a
# manifest of what it created (PREFIX/share/pgctl/install-manifest), so --uninstall removes
# exactly that and nothing else; a file it replaced (one it did not install) is kept aside in
# PREFIX/share/pgctl/replaced and put back by --uninstall.
#
#   ./install.sh [--prefix DIR] [--build-dir DIR | --bin-dir DIR] [--uninstall]
#
#   --prefix DIR     where to install (default: ~/.local)
#   --build-dir DIR  the release build's scratch directory (default: swift build's own, .build;
#                    also PGCTL_BUILD_DIR)
#   --bin-dir DIR    install the executables already built in DIR instead of building
#   --uninstall      remove what an earlier install into PREFIX put there
set -eu

usage() {
    echo "usage: ./install.sh [--prefix DIR] [--build-dir DIR | --bin-dir DIR] [--uninstall]" >&2
    exit 2
}

prefix="${HOME:?}/.local"
build_dir="${PGCTL_BUILD_DIR:-}"
bin_dir=""
uninstall=false
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] || usage; prefix=$2; shift 2 ;;
        --prefix=*) prefix=${1#--prefix=}; shift ;;
        --build-dir) [ $# -ge 2 ] || usage; build_dir=$2; shift 2 ;;
        --build-dir=*) build_dir=${1#--build-dir=}; shift ;;
        --bin-dir) [ $# -ge 2 ] || usage; bin_dir=$2; shift 2 ;;
        --bin-dir=*) bin_dir=${1#--bin-dir=}; shift ;;
        --uninstall) uninstall=true; shift ;;
        -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown argument: $1" >&2; usage ;;
    esac
done
[ -n "$prefix" ] || usage
case "$prefix" in /*) ;; *) prefix="$(pwd)/$prefix" ;; esac

repository=$(cd "$(dirname "$0")" && pwd)
manifest_dir="share/pgctl"
manifest="$prefix/$manifest_dir/install-manifest"

# --- uninstall: remove the manifest's files, then the directories it created, if empty.
if $uninstall; then
    if [ ! -f "$manifest" ]; then
        echo "install.sh: nothing to uninstall: no $manifest"
        exit 0
    fi
    while IFS=' ' read -r kind path; do
        if [ "$kind" = file ] && [ -e "$prefix/$path" ]; then
            rm -f "$prefix/$path"
            echo "removed $prefix/$path"
        fi
    done < "$manifest"
    # What installs moved aside goes back.
    while IFS=' ' read -r kind path; do
        if [ "$kind" = replaced ] && { [ -e "$prefix/$manifest_dir/replaced/$path" ] || [ -L "$prefix/$manifest_dir/replaced/$path" ]; }; then
            mv -f "$prefix/$manifest_dir/replaced/$path" "$prefix/$path"
            echo "restored $prefix/$path"
        fi
    done < "$manifest"
    # Then the directories installs created, deepest first, each only if empty now.
    directories=$(sed -n 's/^dir //p' "$manifest" | sort -r)
    rm -f "$manifest"
    printf '%s\n' "$directories" | while IFS= read -r path; do
        [ -n "$path" ] && rmdir "$prefix/$path" 2>/dev/null || true
    done
    rmdir "$prefix/$manifest_dir" 2>/dev/null || true
    exit 0
fi

# --- the executables: every `.executable(name: ...)` product of Package.swift.
executables=$(sed -n 's/.*\.executable(name: *"\([^"]*\)".*/\1/p' "$repository/Package.swift")
[ -n "$executables" ] || { echo "install.sh: no executables found in Package.swift" >&2; exit 1; }

if [ -z "$bin_dir" ]; then
    echo "--- swift build -c release${build_dir:+ --scratch-path $build_dir}"
    if [ -n "$build_dir" ]; then
        (cd "$repository" && swift build -c release --scratch-path "$build_dir")
        bin_dir=$(cd "$repository" && swift build -c release --scratch-path "$build_dir" --show-bin-path)
    else
        (cd "$repository" && swift build -c release)
        bin_dir=$(cd "$repository" && swift build -c release --show-bin-path)
    fi
fi
for name in $executables; do
    [ -x "$bin_dir/$name" ] || { echo "install.sh: $bin_dir/$name is missing (build first)" >&2; exit 1; }
done

# Directories this install creates are remembered (with those of earlier installs), so that
# --uninstall removes only those, and only when empty.
created_dirs=""
make_dir() {  # make_dir RELATIVE-PATH
    [ -d "$prefix/$1" ] && return 0
    parent=$(dirname "$1")
    [ "$parent" = . ] || make_dir "$parent"
    mkdir "$prefix/$1"
    created_dirs="$created_dirs$1
"
}
mkdir -p "$prefix" 2>/dev/null || { echo "install.sh: cannot create $prefix" >&2; exit 1; }
make_dir bin
make_dir share/man/man1
make_dir share/man/man8
make_dir "$manifest_dir"

installed=""
install_file() {  # install_file SOURCE RELATIVE-TARGET MODE
    # A file of the same name that no install here put there (say, a link to an s6 tool) is
    # moved aside, and --uninstall puts it back.
    if { [ -e "$prefix/$2" ] || [ -L "$prefix/$2" ]; } && ! grep -qxF "file $2" "$manifest" 2>/dev/null; then
        make_dir "$manifest_dir/replaced/$(dirname "$2")"
        mv -f "$prefix/$2" "$prefix/$manifest_dir/replaced/$2"
        installed="${installed}replaced $2
"
        echo "moved the earlier $prefix/$2 to $prefix/$manifest_dir/replaced/$2"
    fi
    temporary="$prefix/$2.installing.$$"
    cp "$1" "$temporary"
    chmod "$3" "$temporary"
    mv -f "$temporary" "$prefix/$2"   # a rename: a running copy keeps its old file
    installed="${installed}file $2
"
    echo "installed $prefix/$2"
}
for name in $executables; do
    install_file "$bin_dir/$name" "bin/$name" 755
done
for page in "$repository"/docs/pgctl.1 "$repository"/docs/man/*.1 "$repository"/docs/man/*.8; do
    [ -f "$page" ] || continue
    section=${page##*.}
    install_file "$page" "share/man/man$section/$(basename "$page")" 644
done

# The manifest: what this install and earlier ones into PREFIX created.
{
    [ -f "$manifest" ] && cat "$manifest"
    printf '%s' "$created_dirs" | sed '/^$/d; s/^/dir /'
    printf '%s' "$installed"
} | sort -u > "$manifest.new"
mv -f "$manifest.new" "$manifest"
echo "--- pgctl installed in $prefix/bin (man pages in $prefix/share/man)"
case ":${PATH:-}:" in
    *":$prefix/bin:"*) ;;
    *) echo "note: $prefix/bin is not on your PATH" ;;
esac
