#!/usr/bin/env bash
# Builds mediasoup's C++ worker from the installed package's own source against
# Debian's -dev libraries, and puts it where mediasoup looks for it. libsrtp is
# the exception: Debian's is built against NSS, whose HMAC-SHA1 makes SRTP the
# worker's biggest cost per forwarded packet, so mediasoup-worker/build-libsrtp.sh
# builds Debian's libsrtp source against OpenSSL, as upstream mediasoup does,
# and it is linked in statically.
#
# Why not mediasoup's own postinstall: it downloads a prebuilt worker from
# GitHub and then falls back to a meson build whose subprojects come from
# GitHub and wrapdb; neither is reachable here, so package.json denies that
# script and the root postinstall runs this one instead.
#
# The result is cached outside the clone, keyed by mediasoup version and the
# hash of this script and scripts/mediasoup-worker/*, so a reinstall takes
# seconds, not minutes.
set -euo pipefail
export LC_ALL=C

say() { printf '[mediasoup-worker] %s\n' "$*"; }
die() { printf '[mediasoup-worker] ERROR: %s\n' "$*" >&2; exit 1; }

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SCRIPT="$ROOT/scripts/install-mediasoup-worker.sh"
# mediasoup's "exports" hide package.json, so walk up from its entry point.
MS_DIR=$(cd "$ROOT" && node -p "const p = require('path'), fs = require('fs');
  let d = p.dirname(require.resolve('mediasoup', { paths: ['signaling-server'] }));
  while (!fs.existsSync(p.join(d, 'package.json')) || require(p.join(d, 'package.json')).name !== 'mediasoup') d = p.dirname(d);
  d") \
  || die "mediasoup is not installed; run npm install at the repository root"
MS_VERSION=$(node -p "require('$MS_DIR/package.json').version")
HASH=$( (cat "$SCRIPT"; for f in "$ROOT"/scripts/mediasoup-worker/*; do printf '\n==> %s\n' "${f##*/}"; cat "$f"; done) | sha256sum | cut -c1-12)
CACHE_ROOT=${CONSULTDESK_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/consultdesk}
CACHE_DIR="$CACHE_ROOT/mediasoup-worker/$MS_VERSION-$HASH"
CACHED_BIN="$CACHE_DIR/mediasoup-worker"
TARGET="$MS_DIR/worker/out/Release/mediasoup-worker"

install_cached() {
  mkdir -p "$(dirname "$TARGET")"
  cp "$CACHED_BIN" "$TARGET.tmp" && mv "$TARGET.tmp" "$TARGET"
  say "worker $MS_VERSION ready at $TARGET (from cache $CACHE_DIR)"
}

if [ -n "${MEDIASOUP_WORKER_BIN:-}" ]; then
  [ -x "$MEDIASOUP_WORKER_BIN" ] || die "MEDIASOUP_WORKER_BIN=$MEDIASOUP_WORKER_BIN is not an executable file"
  say "using MEDIASOUP_WORKER_BIN=$MEDIASOUP_WORKER_BIN; nothing to build"
  exit 0
fi
if [ -x "$CACHED_BIN" ]; then install_cached; exit 0; fi

# Build-time packages; the runtime libraries they pull in must stay installed.
# dpkg-dev unpacks Debian's libsrtp source (libsrtp itself is linked statically).
APT_PACKAGES="g++ make pkg-config python3-venv dpkg-dev libuv1-dev libssl-dev
  libusrsctp-dev libabsl-dev libflatbuffers-dev flatbuffers-compiler"
# shellcheck disable=SC2086
missing=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' $APT_PACKAGES 2>/dev/null \
  | awk '$1 != "ii" {print $2}'; for p in $APT_PACKAGES; do dpkg-query -W "$p" >/dev/null 2>&1 || echo "$p"; done)
missing=$(echo "$missing" | sort -u | xargs)
if [ -n "$missing" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    die "missing build packages: $missing
  run as root:  apt-get update && apt-get install -y --no-install-recommends $(echo $APT_PACKAGES)
  then run npm install again."
  fi
  say "installing build packages: $missing"
  apt-get update -q
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $APT_PACKAGES
fi

# meson >= 1.1 is required; Debian 12 ships 1.0.1, so take it from pip in a venv.
VENV="$CACHE_ROOT/meson-venv"
if [ ! -x "$VENV/bin/meson" ]; then
  say "creating meson venv in $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --retries 1 meson ninja
fi
export PATH="$VENV/bin:$PATH"

BUILD_ROOT=$(mktemp -d "$CACHE_ROOT/build.XXXXXX")
trap 'rm -rf "$BUILD_ROOT"' EXIT
W="$BUILD_ROOT/worker"
say "building worker $MS_VERSION from $MS_DIR/worker in $BUILD_ROOT (about 5 minutes on 2 cores)"
cp -a "$MS_DIR/worker" "$W"
rm -rf "$W/out"

# Forwarding subprojects: each wrap's directory gets a meson.build that declares
# the variables worker/meson.build reads, from Debian's system libraries, so
# meson never downloads anything (--wrap-mode=nodownload enforces it).
forwarding_subproject() { # <dir> <meson.build content>
  rm -rf "$1"; mkdir -p "$1"; printf '%s\n' "$2" > "$1/meson.build"
  echo 'int ms_forwarding_stub_unused;' > "$1/stub.c"
  cat > "$1/meson_options.txt" <<'EOF'
option('build_tests', type: 'boolean', value: false)
option('build_benchmarks', type: 'boolean', value: false)
option('crypto-library', type: 'string', value: 'openssl')
option('crypto-library-kdf', type: 'string', value: 'disabled')
option('tests', type: 'string', value: 'disabled')
option('sctp_build_programs', type: 'boolean', value: false)
EOF
}
for wrap in "$W"/subprojects/*.wrap; do
  name=$(basename "$wrap" .wrap)
  dir="$W/subprojects/$(sed -n 's/^directory *= *//p' "$wrap")"
  case "$name" in
  libuv) forwarding_subproject "$dir" "project('libuv', 'c')
libuv_dep = dependency('libuv')
libuv = static_library('uv_stub', 'stub.c')" ;;
  openssl) forwarding_subproject "$dir" "project('openssl', 'c')
openssl_dep = dependency('openssl')
libssl_dep = dependency('libssl')
libcrypto_dep = dependency('libcrypto')
libssl_lib = static_library('ssl_stub', 'stub.c')
libcrypto_lib = static_library('crypto_stub', 'stub.c')" ;;
  usrsctp) forwarding_subproject "$dir" "project('usrsctp', 'c')
usrsctp_dep = dependency('usrsctp')
usrsctp = static_library('usrsctp_stub', 'stub.c')" ;;
  abseil-cpp) forwarding_subproject "$dir" "project('abseil-cpp', 'c', 'cpp')
absl_container_dep = declare_dependency(dependencies: [
  dependency('absl_flat_hash_map'), dependency('absl_flat_hash_set'),
  dependency('absl_btree'), dependency('absl_inlined_vector'),
  dependency('absl_optional'), dependency('absl_memory')])
absl_strings_dep = dependency('absl_strings')
absl_types_dep = declare_dependency(dependencies: [
  dependency('absl_optional'), dependency('absl_variant'), dependency('absl_span')])
absl_container_lib = static_library('absl_stub', 'stub.c')" ;;
  flatbuffers) forwarding_subproject "$dir" "project('flatbuffers', 'c', 'cpp')
flatbuffers_dep = dependency('flatbuffers')
flatbuffers_lib = static_library('flatbuffers_stub', 'stub.c')" ;;
  catch2) forwarding_subproject "$dir" "project('catch2', 'cpp')
catch2_dep = declare_dependency()" ;;
  nlohmann_json) forwarding_subproject "$dir" "project('nlohmann_json', 'cpp')
nlohmann_json_dep = dependency('nlohmann_json')" ;;
  libsrtp2|libsrtp3) forwarding_subproject "$dir" "project('libsrtp', 'c')
# libsrtp 2.5 from Debian's source, built against OpenSSL into lib/libsrtp2.a (static, PIC).
libsrtp_static = meson.get_compiler('c').find_library('srtp2', dirs: meson.current_source_dir() / 'lib', static: true)
libsrtp2_dep = declare_dependency(include_directories: include_directories('include'),
  dependencies: [libsrtp_static, dependency('libcrypto')])
libsrtp3_dep = libsrtp2_dep
libsrtp2 = static_library('srtp_stub', 'stub.c')
libsrtp3 = libsrtp2"
    say "building libsrtp from Debian's source package against OpenSSL"
    bash "$ROOT/scripts/mediasoup-worker/build-libsrtp.sh" "$BUILD_ROOT/libsrtp" "$dir"
    cp "$ROOT/scripts/mediasoup-worker/srtp-shim.h" "$dir/include/srtp.h" ;;
  *) ;; # wingetopt is Windows-only; liburing is disabled below
  esac
done

# DTLS patch: onSslBioOut returns 1 for every BIO post-call, so libssl's
# BIO_get_ktls_send() query answers "yes". Debian's OpenSSL has kernel TLS
# compiled in, so libssl then skips its write buffer and the worker segfaults on
# the first DTLS record, i.e. the moment a browser connects. Return the real
# result for post-calls. Fail loudly if a new mediasoup changed the line.
DTLS="$W/src/RTC/DtlsTransport.cpp"
sed -i 's/(operationType == BIO_CB_RETURN) ? static_cast<long>(ret) : 1/(operationType \& BIO_CB_RETURN) ? static_cast<long>(ret) : 1/' "$DTLS"
grep -q '(operationType & BIO_CB_RETURN)' "$DTLS" \
  || die "the DTLS BIO patch no longer applies to $DTLS (mediasoup $MS_VERSION); review onSslBioOut before building"

cd "$W"
say "meson setup"
# liburing off: the worker's io_uring send path (DepLibUring.cpp) calls
# io_uring_prep_sendto() and io_uring_major_version()/minor_version(), which
# liburing has only since 2.4; Debian 12's liburing-dev is 2.3 (checked for
# mediasoup 3.19.2: that file does not compile against it).
meson setup --wrap-mode=nodownload --buildtype release -Db_ndebug=true \
  -Dms_disable_liburing=true out/Release/build >"$BUILD_ROOT/setup.log" 2>&1 \
  || { tail -40 "$BUILD_ROOT/setup.log" >&2; die "meson setup failed"; }
say "generating flatbuffers headers"
meson compile -C out/Release/build flatbuffers-generator >"$BUILD_ROOT/gen.log" 2>&1 \
  || { tail -40 "$BUILD_ROOT/gen.log" >&2; die "flatbuffers generation failed"; }
say "compiling the worker (progress every 30 s)"
meson compile -C out/Release/build mediasoup-worker >"$BUILD_ROOT/compile.log" 2>&1 &
pid=$!
while kill -0 "$pid" 2>/dev/null; do
  sleep 30
  kill -0 "$pid" 2>/dev/null && say "  $(grep -o '^\[[0-9]*/[0-9]*\]' "$BUILD_ROOT/compile.log" | tail -1) compiled"
done
wait "$pid" || { tail -40 "$BUILD_ROOT/compile.log" >&2; die "worker compile failed"; }

# The worker must carry the OpenSSL-backed libsrtp, not load Debian's NSS one.
BIN=out/Release/build/mediasoup-worker
linked=$(ldd "$BIN") || die "ldd $BIN failed"
if grep -qE 'libsrtp2\.so|libnss3\.so' <<<"$linked"; then
  die "the worker links $(grep -oE 'libsrtp2\.so[^ ]*|libnss3\.so[^ ]*' <<<"$linked" | xargs): the static OpenSSL libsrtp was not used"
fi
grep -q 'AES-128 counter mode using openssl' "$BIN" \
  || die "the worker does not contain libsrtp's OpenSSL AES-CM cipher"
say "worker links libsrtp statically (OpenSSL); no libsrtp2.so, no NSS"

mkdir -p "$CACHE_DIR"
cp "$BIN" "$CACHED_BIN.tmp" && mv "$CACHED_BIN.tmp" "$CACHED_BIN"
install_cached
