#!/usr/bin/env bash
# Private buildah/podman setup for the image test (ImageIT), and the Debian-made base images
# it builds sample-app/Dockerfile from. Idempotent; everything lives under one cache
# directory outside the repository, so the host's own container setup is never touched.
#
#   sample-app/src/test/image/podman-env.sh [CACHE_DIR]     (default /var/tmp/pressure-image)
#
# Prints the environment to use (CONTAINERS_* variables), one NAME=VALUE a line.
# Base images (built once, kept in CACHE_DIR/storage):
#   localhost/pressure-base-jre:bookworm    debootstrap minbase + openjdk-17-jre-headless
#   localhost/pressure-base-build:bookworm  debootstrap minbase + openjdk-17-jdk-headless + maven
set -euo pipefail

cache="${1:-/var/tmp/pressure-image}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
suite=bookworm
mkdir -p "$cache/conf" "$cache/rootfs"

# Private storage and configuration: graphroot/runroot under the cache, runc (crun fails
# here), host networking, file events (no journald), no registry search (nothing is pulled),
# ulimits within what a container host allows (podman's defaults exceed them).
cat > "$cache/conf/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$cache/storage"
runroot = "$cache/run"
CONF
cat > "$cache/conf/containers.conf" <<'CONF'
[containers]
netns = "host"
default_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
printf 'unqualified-search-registries = []\n' > "$cache/conf/registries.conf"

export CONTAINERS_STORAGE_CONF="$cache/conf/storage.conf"
export CONTAINERS_CONF="$cache/conf/containers.conf"
export CONTAINERS_REGISTRIES_CONF="$cache/conf/registries.conf"

# One base image: debootstrap a minimal Debian with the packages, import it. Skipped when
# the image exists; a half-made root file system from an interrupted run is made again.
base_image() {
  local name="$1" packages="$2" root="$cache/rootfs/$1"
  if podman image exists "localhost/pressure-base-$name:$suite"; then
    return
  fi
  if [ ! -e "$root/.complete" ]; then
    rm -rf "$root"
    debootstrap --variant=minbase --include="$packages" "$suite" "$root" "$mirror" >"$cache/debootstrap-$name.log" 2>&1 \
      || { echo "debootstrap of $name failed, see $cache/debootstrap-$name.log" >&2; tail -20 "$cache/debootstrap-$name.log" >&2; exit 1; }
    rm -rf "$root/var/cache/apt/archives/"*.deb "$root/var/lib/apt/lists/"*
    touch "$root/.complete"
  fi
  tar -C "$root" --exclude=./.complete -c . | podman import --quiet - "localhost/pressure-base-$name:$suite" >/dev/null
}

base_image jre openjdk-17-jre-headless
base_image build openjdk-17-jdk-headless,maven

echo "CONTAINERS_STORAGE_CONF=$CONTAINERS_STORAGE_CONF"
echo "CONTAINERS_CONF=$CONTAINERS_CONF"
echo "CONTAINERS_REGISTRIES_CONF=$CONTAINERS_REGISTRIES_CONF"
