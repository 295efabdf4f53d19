#!/usr/bin/env bash
# Installs the Debian packages a make target needs, only when some are missing.
# Usage: scripts/deps.sh GROUP...   (groups: build test fuzz bench deb soak)
#   build: compiler, linker (lld), build tools and every library the release tree (program,
#          tests, benchmarks) links; test: third-party programs the tests run (tshark, the
#          PostgreSQL server and the Prometheus server (and promtool) the tests start as their
#          own private instances), the OpenAPI validator (JSON::Validator) for the Key API's
#          document and responses, nftables and iproute2 for the network-fault tests, Python
#          for the gateway tests' HTTP backend, the
#          format check (clang-format) and GCC's sanitizer runtimes (ASan, UBSan, TSan);
#   fuzz: clang and its libFuzzer/sanitizer runtimes, AFL++ (afl-g++, afl-fuzz); bench: the peers benchmarks compare
#   against (nginx, installed without starting its service), the Prometheus server that
#   scrapes the NFs in bench/metrics and nftables, whose counter bench/overload reads; deb: what `make deb` builds and checks the Debian package
#   with (debhelper, lintian, systemd-analyze); soak: gnuplot for bench/soak's plots.
# Idempotent: when everything is present it only runs one dpkg-query.
set -euo pipefail

declare -A groups=(
  [build]="cmake ninja-build g++ lld make pkg-config libssl-dev libcli11-dev nlohmann-json3-dev libboost-dev libyaml-cpp-dev libspdlog-dev libsqlite3-dev libpq-dev libcoap3-dev libgtest-dev libgmock-dev librapidcheck-dev libbenchmark-dev libfreediameter-dev libsystemd-dev"
  [test]="postgresql-15 tshark libcoap3-bin gdb util-linux clang-format git libasan8 libubsan1 libtsan2 prometheus libjson-validator-perl nftables iproute2 python3"
  [fuzz]="clang libclang-rt-14-dev afl++"
  [bench]="nginx-light python3 procps prometheus nftables"
  [deb]="debhelper dpkg-dev fakeroot lintian systemd"
  [soak]="gnuplot-nox curl procps"
)

wanted=()
for g in "$@"; do
  [[ -n "${groups[$g]+x}" ]] || { echo "deps.sh: unknown group '$g'" >&2; exit 2; }
  read -r -a pkgs <<<"${groups[$g]}"
  wanted+=("${pkgs[@]}")
done
[[ ${#wanted[@]} -gt 0 ]] || exit 0

# One dpkg-query for all packages; a package is present when its status is "installed".
declare -A present=()
while read -r name status; do
  [[ "$status" == "installed" ]] && present[$name]=1
done < <(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${wanted[@]}" 2>/dev/null || true)
missing=()
for p in "${wanted[@]}"; do
  [[ -n "${present[$p]+x}" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

readarray -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
echo "deps.sh: installing ${missing[*]}" >&2
sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
# tshark: no setuid dumpcap (the tests capture as root or not at all).
if printf '%s\n' "${missing[@]}" | grep -qx tshark; then
  echo "wireshark-common wireshark-common/install-setuid boolean false" | $sudo debconf-set-selections
fi
# nginx (bench/key_api), PostgreSQL and Prometheus (the tests run their own instances) are
# installed as programs only: their services are not started.
if printf '%s\n' "${missing[@]}" | grep -qE '^(nginx|postgresql|prometheus)'; then
  [[ -e /usr/sbin/policy-rc.d ]] || { printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null; $sudo chmod 755 /usr/sbin/policy-rc.d; remove_policy=1; }
fi
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
[[ -n "${remove_policy:-}" ]] && $sudo rm -f /usr/sbin/policy-rc.d
exit 0
