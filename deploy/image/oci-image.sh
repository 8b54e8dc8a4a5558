# Shared by the two daemonless image builds, deploy/image/build-image (the recorder) and camera/build-image (the
# mock camera): a Debian bookworm minbase root filesystem, a jlink Java runtime, a non-root user, and the OCI
# image archive around them. Source it; every function fails the script (set -e) on error.
#
#   DEBIAN_MIRROR=http://mirror.example/debian     another Debian mirror for the (cached) base

# The Java modules the images' jars use (jdeps); jdk.crypto.ec is added where the JDK still has it.
IMAGE_JAVA_MODULES="java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,jdk.httpserver,jdk.management,jdk.unsupported,jdk.zipfs"

# image_version ROOT: the image tag, the project's version without -SNAPSHOT, as the manifests name the images.
image_version() {
  local version
  version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$1/pom.xml" | head -n 1)
  echo "${version%-SNAPSHOT}"
}

image_require_root() {
  [ "$(id -u)" -eq 0 ] || { echo "$1: debootstrap needs root" >&2; exit 1; }
  command -v debootstrap >/dev/null || { echo "$1: needs debootstrap (apt-get install debootstrap)" >&2; exit 1; }
}

# image_rootfs ROOTFS: a fresh Debian base in ROOTFS, from a cache that changes only with Debian's packages.
image_rootfs() {
  local rootfs=$1 cache="${XDG_CACHE_HOME:-$HOME/.cache}/rtsp-recorder-image"
  local base="$cache/bookworm-minbase.tar"
  if [ ! -f "$base" ]; then
    mkdir -p "$cache"
    local tmp
    tmp=$(mktemp -d)
    debootstrap --variant=minbase --include=ca-certificates,tzdata bookworm "$tmp" \
      "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" >&2
    rm -rf "$tmp"/var/cache/apt/archives/*.deb "$tmp"/var/lib/apt/lists/*
    chmod 0755 "$tmp"
    tar -C "$tmp" -cf "$base.part" . && mv "$base.part" "$base"
    rm -rf "$tmp"
  fi
  rm -rf "$rootfs" && mkdir -p "$rootfs"
  tar -C "$rootfs" -xf "$base"
  chmod 0755 "$rootfs"
}

# image_java ROOT ROOTFS DIR: a Java runtime of IMAGE_JAVA_MODULES in ROOTFS/DIR, made by jlink from the JDK that
# bin/find-java (under the repository ROOT) picks.
image_java() {
  local root=$1 rootfs=$2 dir=$3 java jdk modules=$IMAGE_JAVA_MODULES
  java=$("$root/bin/find-java")
  jdk=$(dirname "$(dirname "$(readlink -f "$java")")")
  if "$jdk/bin/java" --list-modules | grep -q '^jdk.crypto.ec@'; then modules="$modules,jdk.crypto.ec"; fi
  "$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=zip-6 \
    --output "$rootfs/$dir" >&2
}

# image_user ROOTFS NAME HOME: the image's user and group, uid and gid 10001, owning HOME (created) and nothing else.
image_user() {
  local rootfs=$1 name=$2 home=$3
  echo "$name:x:10001:10001:$name:$home:/usr/sbin/nologin" >> "$rootfs/etc/passwd"
  echo "$name:x:10001:" >> "$rootfs/etc/group"
  mkdir -p "$rootfs$home" && chown 10001:10001 "$rootfs$home"
}

# image_oci ROOTFS CONFIG REF OUT_TAR: an OCI image archive of one layer (ROOTFS), with CONFIG (the JSON of the
# image config's "config" object: user, entrypoint, environment, ...), named REF; podman load, skopeo copy
# oci-archive:... and ctr images import accept it.
image_oci() {
  local rootfs=$1 config_object=$2 ref=$3 out_tar=$4 oci diff_id layer layer_size config config_size
  local manifest manifest_size
  oci=$(mktemp -d)
  mkdir -p "$oci/blobs/sha256"
  tar --numeric-owner -C "$rootfs" -cf - . | gzip -1 > "$oci/layer.tar.gz"
  diff_id=$(gzip -dc "$oci/layer.tar.gz" | sha256sum | cut -d' ' -f1)
  layer=$(sha256sum "$oci/layer.tar.gz" | cut -d' ' -f1)
  layer_size=$(stat -c %s "$oci/layer.tar.gz")
  mv "$oci/layer.tar.gz" "$oci/blobs/sha256/$layer"
  cat > "$oci/config.json" <<JSON
{"architecture":"amd64","os":"linux","config":$config_object,"rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]}}
JSON
  config=$(sha256sum "$oci/config.json" | cut -d' ' -f1)
  config_size=$(stat -c %s "$oci/config.json")
  mv "$oci/config.json" "$oci/blobs/sha256/$config"
  cat > "$oci/manifest.json" <<JSON
{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:$config","size":$config_size},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:$layer","size":$layer_size}]}
JSON
  manifest=$(sha256sum "$oci/manifest.json" | cut -d' ' -f1)
  manifest_size=$(stat -c %s "$oci/manifest.json")
  mv "$oci/manifest.json" "$oci/blobs/sha256/$manifest"
  echo '{"imageLayoutVersion":"1.0.0"}' > "$oci/oci-layout"
  cat > "$oci/index.json" <<JSON
{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:$manifest","size":$manifest_size,"annotations":{"org.opencontainers.image.ref.name":"$ref"}}]}
JSON
  tar -C "$oci" -cf "$out_tar" oci-layout index.json blobs
  rm -rf "$oci"
}
