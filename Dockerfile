# Shoebox for scaled mode (see docker-compose.yml): the `shoebox` binary and the web bundle.

FROM rust:1-bookworm AS builder
# Node runs wasm-opt (npm binaryen); the other binaryen builds download from outside registries.
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm clang libclang-dev pkg-config \
      libavcodec-dev libavformat-dev libavutil-dev libswscale-dev libswresample-dev libavfilter-dev \
      libavdevice-dev libheif-dev libturbojpeg0-dev liblcms2-dev \
 && rm -rf /var/lib/apt/lists/*
# Must equal the wasm-bindgen crate version in Cargo.lock.
RUN rustup target add wasm32-unknown-unknown \
 && cargo install wasm-bindgen-cli --version 0.2.130
WORKDIR /src
# Before the sources, so source edits do not reinstall it; .dockerignore keeps .tools out of COPY.
RUN npm install --no-audit --no-fund --prefix .tools binaryen@132.0.0
# MapLibre GL JS for the map, vendored into the site from npm.
COPY frontend/package.json frontend/package-lock.json frontend/
RUN cd frontend && npm ci --no-audit --no-fund
COPY . .
RUN bash scripts/build-site.sh --release \
 && cargo build --release -p server

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl tzdata \
      libavcodec59 libavformat59 libavutil57 libswscale6 libswresample4 libavfilter8 libavdevice59 \
      libheif1 libturbojpeg0 liblcms2-2 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=builder /src/target/release/shoebox /usr/local/bin/shoebox
COPY --from=builder /src/target/site /usr/share/shoebox/site
# SHOEBOX_* wins over UPLOAD_LOCATION, which in an Immich-style .env is the path on the host.
ENV SHOEBOX_WEB_ROOT=/usr/share/shoebox/site \
    SHOEBOX_DATA_DIR=/data
WORKDIR /data
EXPOSE 2283
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD curl -fs "http://127.0.0.1:${SHOEBOX_PORT:-2283}/api/server/ping" >/dev/null || exit 1
CMD ["shoebox", "serve"]
