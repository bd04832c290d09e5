#!/usr/bin/env bash
# Builds the gengap images and pushes them to REGISTRY, with Jib (no Docker daemon):
#   REGISTRY/dataset-service:TAG, REGISTRY/trainer-service:TAG, REGISTRY/evaluator-service:TAG
#   REGISTRY/trainer-service:TAG-cu128   (GPU trainer: PyTorch engine on CUDA libtorch)
# TAG is the project version (0.1.0-SNAPSHOT) unless given.
#
# The GPU trainer is layered on REGISTRY/trainer-gpu-base:2.7.1-cu128 (a JRE plus PyTorch's CUDA
# runtime image, see images/trainer-gpu-base/Containerfile). Build and push that base once, and
# again only when the PyTorch or JDK version changes, with --gpu-base (needs docker buildx or
# podman, and the registry login they use).
#
# usage: k8s/build-images.sh REGISTRY [TAG] [--gpu-base]
#   e.g. k8s/build-images.sh ghcr.io/acme/gengap --gpu-base
# Jib authenticates with your docker credential helpers / ~/.docker/config.json
# (docker login REGISTRY), or -Djib.to.auth.username/password in MAVEN_ARGS.
set -euo pipefail
cd "$(dirname "$0")/.."

[[ $# -ge 1 && "$1" != -* ]] || { sed -n '2,16p' "$0" >&2; exit 2; }
registry=$1; shift
tag=""
gpu_base=false
for arg in "$@"; do
  case "$arg" in
    --gpu-base) gpu_base=true ;;
    -*) echo "unknown option $arg" >&2; exit 2 ;;
    *) tag=$arg ;;
  esac
done
tag_args=()
[[ -z "$tag" ]] || tag_args=(-Dgengap.image.tag="$tag")

if $gpu_base; then
  torch=$(./mvnw -B -q help:evaluate -Dexpression=pytorch-native.version -DforceStdout)
  flavor=$(./mvnw -B -q help:evaluate -Dexpression=gengap.gpu.flavor -DforceStdout)
  base="$registry/trainer-gpu-base:$torch-$flavor"
  echo "== GPU base $base"
  if command -v docker >/dev/null && docker buildx version >/dev/null 2>&1; then
    docker buildx build --push -t "$base" --build-arg TORCH_VERSION="$torch" k8s/images/trainer-gpu-base
  elif command -v podman >/dev/null; then
    podman build -t "$base" --build-arg TORCH_VERSION="$torch" k8s/images/trainer-gpu-base
    podman push "$base"
  else
    echo "--gpu-base needs docker buildx or podman" >&2; exit 1
  fi
fi

services=dataset-service,trainer-service,evaluator-service
echo "== CPU images"
./mvnw -B -pl "$services" -am -DskipTests package jib:build \
  -Dgengap.image.registry="$registry" "${tag_args[@]}"
echo "== GPU trainer image"
./mvnw -B -Pgpu -pl trainer-service -am -DskipTests package jib:build \
  -Dgengap.image.registry="$registry" "${tag_args[@]}"
