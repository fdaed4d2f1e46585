#!/usr/bin/env bash
# Builds libsrtp from Debian's own source package against OpenSSL, as a static,
# position-independent libsrtp2.a for the mediasoup worker.
#
# Why: Debian's libsrtp2 is built against NSS, whose HMAC-SHA1 path is slow;
# the worker then spends most of its time per forwarded packet in SRTP with the
# suite browsers negotiate (AES_CM_128_HMAC_SHA1_80). Upstream mediasoup builds
# libsrtp against OpenSSL. Linking it statically means the worker does not
# depend on whichever libsrtp2.so is installed.
#
# Usage: build-libsrtp.sh <work dir> <install prefix>
#   <work dir>        empty scratch directory (apt state, source, build)
#   <install prefix>  gets include/srtp2/*.h and lib/libsrtp2.a
#
# How the source is verified, end to end:
#   1. `apt-get update` (private configuration, below) fetches the suite's
#      InRelease and checks its OpenPGP signature against the keyring the
#      machine's own sources name (Signed-By; Debian's archive keyring).
#   2. apt accepts the Sources index only if its SHA256 matches the signed InRelease.
#   3. `apt-get source --download-only` checks the .dsc and both tarballs
#      against the SHA256 and size in that Sources entry ("Hash Sum mismatch" aborts).
#   4. Here: every tarball is checked again against the .dsc's Checksums-Sha256,
#      and the upstream tarball against LIBSRTP_ORIG_SHA256 pinned below, so a
#      different upstream release cannot slip in unreviewed.
#   5. dpkg-source -x checks the tarballs against the .dsc once more, then
#      applies Debian's patches. (The uploader's signature on the .dsc itself
#      is not checked: that needs debian-keyring; 1–3 cover it.)
# The machine's own apt configuration is not touched: sources, lists and cache
# all live in <work dir>/apt.
set -euo pipefail
export LC_ALL=C

say() { printf '[mediasoup-worker] %s\n' "$*"; }
die() { printf '[mediasoup-worker] ERROR: %s\n' "$*" >&2; exit 1; }

WORK=${1:?work dir}
PREFIX=${2:?install prefix}
# The source package, and the upstream release the libsrtp 3 shim
# (srtp-shim.h) was written for. Debian revisions of 2.5.0 are taken as they
# come (they carry Debian's fixes); a new upstream release stops the build.
LIBSRTP_SOURCE=libsrtp2
LIBSRTP_UPSTREAM=2.5.0
LIBSRTP_ORIG_SHA256=8a43ef8e9ae2b665292591af62aa1a4ae41e468b6d98d8258f91478735da4e09

for tool in apt-get dpkg-source python3 make gcc sha256sum; do
  command -v "$tool" >/dev/null || die "$tool is missing (needed to build libsrtp from Debian's source package)"
done

# ---- a private apt configuration with deb-src entries ----------------------
A="$WORK/apt"
mkdir -p "$A/lists/partial" "$A/cache/archives/partial" "$A/sources.list.d" "$A/preferences.d"
if [ -n "${CONSULTDESK_DEB_SRC:-}" ]; then
  # One or more one-line entries, e.g. "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main".
  printf '%s\n' "$CONSULTDESK_DEB_SRC" > "$A/sources.list"
else
  # The machine's Debian entries (deb822 .sources and one-line .list files),
  # same mirrors, suites and keyrings, as deb-src for the main component.
  python3 - "$A/sources.list" <<'EOF' || die "could not derive deb-src entries from /etc/apt/sources.list{,.d}"
import glob, re, sys
entries = []
def add(types, uris, suites, comps, signed_by):
    if 'deb' not in types or 'main' not in comps:
        return
    for uri in uris:
        # Debian's archive and its security archive, on any mirror.
        if not re.search(r'/debian(-security)?/?$', uri):
            continue
        for suite in suites:
            opt = f'[signed-by={signed_by}] ' if signed_by else ''
            line = f'deb-src {opt}{uri} {suite} main'
            if line not in entries:
                entries.append(line)
files = ['/etc/apt/sources.list'] + sorted(glob.glob('/etc/apt/sources.list.d/*.list'))
for path in files:
    try:
        text = open(path).read()
    except OSError:
        continue
    for raw in text.splitlines():
        line = raw.split('#', 1)[0].strip()
        m = re.match(r'^(deb)\s+(\[[^\]]*\]\s+)?(\S+)\s+(\S+)\s+(.*)$', line)
        if not m:
            continue
        opts = m.group(2) or ''
        sb = re.search(r'signed-by=(\S+?)[\s\]]', opts + ' ')
        add(['deb'], [m.group(3)], [m.group(4)], m.group(5).split(), sb.group(1) if sb else None)
for path in sorted(glob.glob('/etc/apt/sources.list.d/*.sources')):
    for stanza in re.split(r'\n\s*\n', open(path).read()):
        fields, key = {}, None
        for raw in stanza.splitlines():
            if raw.startswith('#'):
                continue
            if raw[:1] in (' ', '\t') and key:
                fields[key] += ' ' + raw.strip()
                continue
            if ':' in raw:
                key, value = raw.split(':', 1)
                key = key.strip().lower()
                fields[key] = value.strip()
        if fields.get('enabled', 'yes').lower() == 'no':
            continue
        signed_by = fields.get('signed-by')
        if signed_by and not signed_by.startswith('/'):
            signed_by = None  # an inline key block: fall back to the machine's trusted keys
        add(fields.get('types', '').split(), fields.get('uris', '').split(), fields.get('suites', '').split(),
            fields.get('components', '').split(), signed_by)
if not entries:
    sys.exit('no Debian archive entries (URIs ending in /debian or /debian-security, component main)')
open(sys.argv[1], 'w').write('\n'.join(entries) + '\n')
EOF
fi
say "libsrtp source from: $(paste -sd ';' "$A/sources.list")"
APT=(apt-get -q
  -o "Dir::Etc::SourceList=$A/sources.list"
  -o "Dir::Etc::SourceParts=$A/sources.list.d"
  -o "Dir::Etc::PreferencesParts=$A/preferences.d"
  -o "Dir::State::Lists=$A/lists"
  -o "Dir::Cache=$A/cache")
# apt's download sandbox user (_apt) cannot enter a build directory under
# root's home, and apt would say so on every file; as root, download as root.
if [ "$(id -u)" -eq 0 ]; then APT+=(-o "APT::Sandbox::User=root"); fi

"${APT[@]}" update >"$WORK/apt-update.log" 2>&1 \
  || { tail -20 "$WORK/apt-update.log" >&2; die "apt-get update of the deb-src index failed (signature or network); see above"; }
grep -qE '^(W|E):' "$WORK/apt-update.log" \
  && { grep -E '^(W|E):' "$WORK/apt-update.log" >&2; die "apt-get update of the deb-src index reported problems (see above); refusing to build from an index that did not verify"; }

SRC="$WORK/src"
mkdir -p "$SRC"
(cd "$SRC" && "${APT[@]}" source --download-only "$LIBSRTP_SOURCE") >"$WORK/apt-source.log" 2>&1 \
  || { tail -20 "$WORK/apt-source.log" >&2; die "apt-get source --download-only $LIBSRTP_SOURCE failed"; }

DSC=$(ls "$SRC"/"$LIBSRTP_SOURCE"_*.dsc 2>/dev/null | head -1)
[ -n "$DSC" ] || die "apt-get source left no .dsc for $LIBSRTP_SOURCE in $SRC"
VERSION=$(sed -n 's/^Version: *//p' "$DSC")
case "$VERSION" in
  "$LIBSRTP_UPSTREAM"-*) ;;
  *) die "Debian now ships $LIBSRTP_SOURCE $VERSION, not $LIBSRTP_UPSTREAM: review scripts/mediasoup-worker/srtp-shim.h against it, then update LIBSRTP_UPSTREAM and LIBSRTP_ORIG_SHA256 in $0" ;;
esac
# 4. The .dsc's own checksums, and the pinned upstream tarball.
checked=0
while read -r sum _size file; do
  [ -n "$file" ] || continue
  actual=$(sha256sum "$SRC/$file" | cut -d' ' -f1)
  [ "$actual" = "$sum" ] || die "$file: SHA256 $actual does not match the .dsc's $sum"
  checked=$((checked + 1))
done < <(sed -n '/^Checksums-Sha256:/,/^[^ ]/{/^ /p}' "$DSC")
[ "$checked" -ge 2 ] || die "$DSC lists no SHA256 checksums for its tarballs"
ORIG="$SRC/${LIBSRTP_SOURCE}_${LIBSRTP_UPSTREAM}.orig.tar.gz"
[ -f "$ORIG" ] || die "the upstream tarball $ORIG is missing"
[ "$(sha256sum "$ORIG" | cut -d' ' -f1)" = "$LIBSRTP_ORIG_SHA256" ] \
  || die "$ORIG does not have the pinned SHA256 $LIBSRTP_ORIG_SHA256"
say "libsrtp source $LIBSRTP_SOURCE $VERSION verified (signed Sources index; .dsc SHA256 of $checked files; upstream tarball SHA256 pinned)"

# 5. Unpack and apply Debian's patches.
dpkg-source -x "$DSC" "$WORK/libsrtp" >"$WORK/dpkg-source.log" 2>&1 \
  || { tail -20 "$WORK/dpkg-source.log" >&2; die "dpkg-source -x $DSC failed"; }

# ---- build against OpenSSL --------------------------------------------------
cd "$WORK/libsrtp"
# -fPIC: the worker is a position-independent executable. Debian's hardening
# flags as its own build uses them; -O3 as mediasoup's release build.
CFLAGS="-O3 -fPIC -fstack-protector-strong -D_FORTIFY_SOURCE=2" \
  ./configure --enable-openssl --disable-pcap --prefix="$PREFIX" >"$WORK/configure.log" 2>&1 \
  || { tail -30 "$WORK/configure.log" >&2; die "libsrtp configure --enable-openssl failed (is libssl-dev installed?)"; }
grep -q '^#define OPENSSL 1' crypto/include/config.h \
  || die "libsrtp's configure did not select OpenSSL (crypto/include/config.h)"
grep -q '^#define NSS 1' crypto/include/config.h && die "libsrtp's configure selected NSS"
make -j"$(nproc)" libsrtp2.a >"$WORK/make.log" 2>&1 \
  || { tail -30 "$WORK/make.log" >&2; die "building libsrtp2.a failed"; }
# libsrtp's own self-tests against OpenSSL (its network round trip, rtpw_test.sh, is left out).
make -j"$(nproc)" test >>"$WORK/make.log" 2>&1 \
  || { tail -30 "$WORK/make.log" >&2; die "building libsrtp's test programs failed"; }
for t in crypto/test/cipher_driver crypto/test/kernel_driver test/test_srtp test/rdbx_driver test/srtp_driver test/roc_driver test/replay_driver; do
  case "$t" in test/test_srtp) args=() ;; *) args=(-v) ;; esac
  "./$t" "${args[@]}" >>"$WORK/selftest.log" 2>&1 \
    || { tail -30 "$WORK/selftest.log" >&2; die "libsrtp self-test $t failed against OpenSSL"; }
done
grep -q 'AES-128 counter mode using openssl' "$WORK/selftest.log" \
  || die "libsrtp's self-tests did not run the OpenSSL AES-CM cipher"
make install >>"$WORK/make.log" 2>&1 || { tail -30 "$WORK/make.log" >&2; die "installing libsrtp into $PREFIX failed"; }
[ -f "$PREFIX/lib/libsrtp2.a" ] && [ -f "$PREFIX/include/srtp2/srtp.h" ] \
  || die "libsrtp did not install libsrtp2.a and srtp2/srtp.h into $PREFIX"
say "libsrtp $VERSION built against OpenSSL $(pkg-config --modversion openssl 2>/dev/null || echo '?') (static, PIC); self-tests passed"
