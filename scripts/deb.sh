#!/usr/bin/env bash
# Builds the Debian package of iotboot (docs/operations.md, "Running under systemd") from the
# release preset: only the `iotboot` target, in build/ (reused: `make run` builds there too),
# then packaging/ staged with it under build/deb/ and packed by dpkg-buildpackage, without root
# (Rules-Requires-Root: no). Prints the path of the .deb last.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f build/build.ninja ]] || cmake --preset release >/dev/null
cmake --build build --target iotboot >&2  # its progress and errors; stdout is the path printed last

version=$(sed -n 's/^project(iotboot VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
stage=build/deb/iotboot-$version
rm -rf build/deb
mkdir -p "$stage"/{bin,etc,docs}
cp -r packaging/debian packaging/systemd packaging/man "$stage"/
cp build/bin/iotboot "$stage"/bin/
cp docs/operations.md docs/deployment.md docs/security.md "$stage"/docs/

# The NFs' configurations (config/) with the package's paths: certificates in /etc/iotboot/certs,
# databases in /var/lib/iotboot, the HSS's and SCEF's keys sealed under /etc/iotboot/kek, and
# the SCEF's deviceId pseudonyms derived under /etc/iotboot/device-id.secret.
for f in hss mme scef as1 as2; do
  sed -e 's#config/#/etc/iotboot/#g; s#var/certs#/etc/iotboot/certs#g; s#sqlite:var/#sqlite:/var/lib/iotboot/#g' \
    -e '/^\(hss\|scef\):$/a\  key_encryption: {kek_file: /etc/iotboot/kek}' \
    -e '/^  key_api: /a\    device_id_secret_file: /etc/iotboot/device-id.secret' "config/$f.yaml" >"$stage/etc/$f.yaml"
done

# One changelog entry: CMake's version, the commit it was built from, the commit's date (so that
# two builds of one commit are the same package).
describe=$(git describe --always --tags 2>/dev/null || echo "no git")
when=$(git log -1 --format=%aD 2>/dev/null || date -R)
maintainer=$(sed -n 's/^Maintainer: //p' packaging/debian/control)
cat >"$stage/debian/changelog" <<END
iotboot ($version) unstable; urgency=medium

  * iotboot $version ($describe).

 -- $maintainer  $when
END

(cd "$stage" && DEB_BUILD_OPTIONS="nocheck ${DEB_BUILD_OPTIONS:-}" dpkg-buildpackage -b -us -uc >../dpkg-buildpackage.log 2>&1) ||
  { cat build/deb/dpkg-buildpackage.log >&2; exit 1; }
echo "build/deb/iotboot_${version}_$(dpkg --print-architecture).deb"
