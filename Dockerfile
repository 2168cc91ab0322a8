# One image for every lab container (design §8). The base image is a build argument:
# `node:24-bookworm-slim` for anyone who can pull it, `hybrid-lab/node:24` built by
# scripts/build-base-image.sh where no registry is reachable.
# node_modules comes from the build context (`npm ci` on the host), because containers
# here cannot reach the npm registry.
ARG BASE_IMAGE=node:24-bookworm-slim
FROM ${BASE_IMAGE}
WORKDIR /app
# A small young generation: the lab is many light processes, and memory counts more than
# throughput (measured by npm run bench:startup, see README).
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-semi-space-size=2 \
    PATH=/app/bin:/usr/local/bin:/usr/bin:/bin \
    LAB_CERTS_DIR=/app/certs \
    LAB_STATE_DIR=/var/lib/hybrid-lab
COPY package.json package-lock.json ./
COPY node_modules ./node_modules
COPY shared ./shared
COPY services ./services
COPY cli ./cli
COPY bin ./bin
COPY scripts ./scripts
COPY seed ./seed
RUN mkdir -p /app/certs /var/lib/hybrid-lab
CMD ["lab", "help"]
