#!/usr/bin/env bash
# `npm run images`: build the lab's one application image, hybrid-lab/app:dev.
# The base image comes from scripts/build-base-image.sh (pulled node:24 where a registry
# answers, assembled locally where none does); node_modules comes from the host's `npm ci`.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[images] %s\n' "$*"; }

[ -d node_modules ] || { log "node_modules is missing: run npm ci first"; exit 1; }
bash scripts/build-base-image.sh
export LAB_BASE_IMAGE="${LAB_BASE_IMAGE:-hybrid-lab/node:24}"
log "building hybrid-lab/app:dev on ${LAB_BASE_IMAGE}"
docker build --quiet --build-arg "BASE_IMAGE=${LAB_BASE_IMAGE}" -t hybrid-lab/app:dev . >/dev/null
log "hybrid-lab/app:dev is ready ($(docker image inspect -f '{{.Size}}' hybrid-lab/app:dev | awk '{printf "%.0f MB", $1/1e6}'))"
