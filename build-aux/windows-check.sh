#!/usr/bin/env bash
# build-aux/windows-check.sh — compile every C file of Kennis against the
# Windows (mingw-w64) C library and headers, warnings as errors, without
# linking: a check on Linux that the code still builds for Windows (the
# G_OS_WIN32 branches included) and has no warnings that only show where
# long is 32 bits. It does not replace a real MSYS2 build (README).
#
# Debian has no GLib for mingw, so GLib's one platform header, glibconfig.h,
# is made here from this machine's by swapping what differs on 64-bit
# Windows; the other headers are the same on every platform. A few headers
# of libraries that Kennis includes only indirectly get empty stand-ins.
#
#   build-aux/windows-check.sh BUILD_DIR   (BUILD_DIR: a configured build, for config.h)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: build-aux/windows-check.sh BUILD_DIR}" && pwd)
cc=x86_64-w64-mingw32-gcc
stand_in="$build/windows-check"

mkdir -p "$stand_in/unicode"
glibconfig=$(pkg-config --variable=libdir glib-2.0)/glib-2.0/include/glibconfig.h
sed -e 's/^typedef signed long gint64;/typedef signed long long gint64;/' \
    -e 's/^typedef unsigned long guint64;/typedef unsigned long long guint64;/' \
    -e 's/^typedef signed long \(gssize\|gintptr\);/typedef signed long long \1;/' \
    -e 's/^typedef unsigned long \(gsize\|guintptr\);/typedef unsigned long long \1;/' \
    -e 's/^\(#define G_G[A-Z0-9]*_MODIFIER *\)"l"/\1"ll"/' \
    -e 's/^\(#define G_G[A-Z0-9]*_FORMAT *\)"l\([iu]\)"/\1"ll\2"/' \
    -e 's/^#define GLIB_SIZEOF_LONG .*/#define GLIB_SIZEOF_LONG 4/' \
    -e 's/(glong) (p)/(gint64) (p)/; s/(gulong) (p)/(guint64) (p)/' \
    -e 's/(glong) (i)/(gint64) (i)/; s/(gulong) (u)/(guint64) (u)/' \
    -e 's/^\(#define G\(U\|\)LONG_TO_[LB]E(val).*\)INT64_/\1INT32_/' \
    -e 's/^#define G_OS_UNIX/#define G_OS_WIN32\n#define G_PLATFORM_WIN32/' \
    -e 's/^#define G_THREADS_IMPL_POSIX/#define G_THREADS_IMPL_WIN32/' \
    -e 's/^typedef int GPid;/typedef void *GPid;/; s/^#define G_PID_FORMAT .*/#define G_PID_FORMAT "p"/' \
    -e "s|^#define G_DIR_SEPARATOR '/'|#define G_DIR_SEPARATOR '\\\\\\\\'|" \
    -e 's|^#define G_DIR_SEPARATOR_S "/"|#define G_DIR_SEPARATOR_S "\\\\"|' \
    -e "s|^#define G_SEARCHPATH_SEPARATOR ':'|#define G_SEARCHPATH_SEPARATOR ';'|" \
    -e 's|^#define G_SEARCHPATH_SEPARATOR_S ":"|#define G_SEARCHPATH_SEPARATOR_S ";"|' \
    "$glibconfig" > "$stand_in/glibconfig.h"
grep -q '^typedef signed long long gint64;' "$stand_in/glibconfig.h"
grep -q '^#define G_OS_WIN32' "$stand_in/glibconfig.h"

cp "$(pkg-config --variable=libdir graphene-1.0)/graphene-1.0/include/graphene-config.h" "$stand_in/"
ln -sf /usr/include/sqlite3.h /usr/include/cmark.h /usr/include/cmark_export.h /usr/include/cmark_version.h \
  "$stand_in/"
printf '#include <stddef.h>\ntypedef void *iconv_t;\n' > "$stand_in/iconv.h"
printf 'typedef struct UConverter UConverter;\ntypedef unsigned short UChar;\n' > "$stand_in/unicode/ucnv.h"
# gettext's header; MSYS2 has the real one.
cat > "$stand_in/libintl.h" <<'EOF'
#define KENNIS_FORMAT_ARG(n) __attribute__ ((__format_arg__ (n)))
char *gettext (const char *) KENNIS_FORMAT_ARG (1);
char *dgettext (const char *, const char *) KENNIS_FORMAT_ARG (2);
char *dcgettext (const char *, const char *, int) KENNIS_FORMAT_ARG (2);
char *ngettext (const char *, const char *, unsigned long) KENNIS_FORMAT_ARG (1) KENNIS_FORMAT_ARG (2);
char *dngettext (const char *, const char *, const char *, unsigned long) KENNIS_FORMAT_ARG (2) KENNIS_FORMAT_ARG (3);
char *textdomain (const char *);
char *bindtextdomain (const char *, const char *);
char *bind_textdomain_codeset (const char *, const char *);
EOF

# Linux-only folders would bring glibc's headers in; the rest are shared.
# Libraries' headers are system headers, as in a real build: their own
# warnings are theirs.
mapfile -t includes < <(pkg-config --cflags-only-I gtk4 libadwaita-1 gtksourceview-5 json-glib-1.0 libsoup-3.0 \
                          libxml-2.0 | tr ' ' '\n' | grep '^-I' | grep -v 'linux-gnu' | sed 's/^-I/-isystem/')

flags=(-fsyntax-only -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers
       -Wformat=2 -Wshadow -Wimplicit-fallthrough -Wstrict-prototypes
       -DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74 -DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_74
       -DGDK_VERSION_MIN_REQUIRED=GDK_VERSION_4_8 -DGDK_VERSION_MAX_ALLOWED=GDK_VERSION_4_8
       -DADW_VERSION_MIN_REQUIRED=ADW_VERSION_1_2 -DADW_VERSION_MAX_ALLOWED=ADW_VERSION_1_2
       "-DG_LOG_DOMAIN=\"Kennis\""
       -isystem"$stand_in" "${includes[@]}" -I"$build" -I"$build/src/gui"
       -I"$top/src/core" -I"$top/src/share" -I"$top/src/capture" -I"$top/src/cli" -I"$top/src/gui")

status=0 count=0
while IFS= read -r -d '' file; do
  count=$((count + 1))
  "$cc" "${flags[@]}" "$file" || { status=1; echo "windows-check: ${file#"$top"/} does not build for Windows" >&2; }
done < <(find "$top/src" -name '*.c' -print0 | sort -z)

echo "windows-check: $count files compiled for Windows (mingw-w64, syntax only), $([ $status -eq 0 ] && echo 'all clean' || echo 'with errors')"
exit "$status"
