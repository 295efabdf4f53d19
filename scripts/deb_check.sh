#!/usr/bin/env bash
# Checks the package scripts/deb.sh built (a step of `make test`): lintian reports no error;
# systemd-analyze verify accepts every unit with its drop-in, warnings included; and, as root,
# the package installs, its program runs, its postinst made the user, KEK and directories, the
# HSS starts from the installed configuration as the iotboot user under the units' sandbox
# (emulated: this machine's PID 1 is not systemd), a reinstall keeps the KEK, and a purge
# leaves no /etc/iotboot nor /var/lib/iotboot. The package is never left installed.
# --static: lintian and the units only (`make deb`: nothing is installed).
set -euo pipefail
static=""
[[ ${1:-} != --static ]] || { static=1; shift; }
deb=${1:?usage: scripts/deb_check.sh [--static] PACKAGE.deb}
fail() { echo "deb_check: $*" >&2; exit 1; }
work=$(mktemp -d)
installed=""
cleanup() {
  [[ -z "$installed" ]] || dpkg --purge iotboot >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# Errors fail; warnings and the rest are shown.
lintian --allow-root --fail-on error --info "$deb" | sed 's/^/lintian: /'

# Every unit, with the host's own units beside it (the targets they name) and the package's
# /usr/bin/iotboot as ExecStart. systemd-analyze exits 0 on an unknown key: any output fails.
dpkg-deb -x "$deb" "$work/root"
cp -rn /lib/systemd/system/. "$work/root/lib/systemd/system/"
for unit in "$work"/root/lib/systemd/system/iotboot-*@.service; do
  name=$(basename "$unit")
  instance=$(sed -n 's/^DefaultInstance=//p' "$unit")
  out=$(systemd-analyze verify --man=no --root="$work/root" "${name/@/@$instance}" 2>&1) || fail "$name: $out"
  [[ -z "$out" ]] || fail "$name: $out"
  echo "systemd-analyze verify ${name/@/@$instance}: ok"
done

[[ -z "$static" ]] || exit 0
if [[ $(id -u) -ne 0 ]]; then
  echo "deb_check: SKIPPED install, run and purge: they need root (CI runs make test as root)"
  exit 0
fi
dpkg -s iotboot >/dev/null 2>&1 && fail "iotboot is installed on this machine already: not touching it"
[[ -d /run/systemd/system ]] || echo "deb_check: PID 1 is $(ps -p 1 -o comm=), not systemd: no unit is started"

installed=1
dpkg -i "$deb" >/dev/null
version=$(dpkg-deb -f "$deb" Version)
/usr/bin/iotboot --version | grep -q "^iotboot $version\b" || fail "iotboot --version: $(/usr/bin/iotboot --version)"
getent passwd iotboot >/dev/null || fail "no user iotboot"
for secret in kek device-id.secret; do
  [[ $(stat -c '%U %a' /etc/iotboot/$secret) == "iotboot 600" ]] ||
    fail "/etc/iotboot/$secret: $(stat -c '%U %a' /etc/iotboot/$secret)"
done
grep -q '^    device_id_secret_file: /etc/iotboot/device-id.secret$' /etc/iotboot/scef.yaml ||
  fail "scef.yaml names no deviceId secret"
[[ $(stat -c '%U %a' /var/lib/iotboot) == "iotboot 750" ]] || fail "/var/lib/iotboot: $(stat -c '%U %a' /var/lib/iotboot)"
kek_sum=$(sha256sum /etc/iotboot/kek /etc/iotboot/device-id.secret)

# The HSS from its installed configuration (on a free port, logging JSON) as the unit runs it:
# user iotboot, no new privileges, no capability, the system read-only but its state directory,
# a private /tmp.
sed -e 's/port: 3868/port: 0/' -e 's/^log: .*/log: {level: info, format: json}/' /etc/iotboot/hss.yaml \
  >/etc/iotboot/check-hss.yaml
unshare -m sh -c 'mount --rbind / / && mount -o remount,bind,ro / &&
  mount --bind /var/lib/iotboot /var/lib/iotboot && mount -o remount,bind,rw /var/lib/iotboot &&
  mount -t tmpfs tmpfs /tmp && cd /var/lib/iotboot && umask 077 &&
  exec setpriv --reuid=iotboot --regid=iotboot --init-groups --no-new-privs --bounding-set=-all --inh-caps=-all \
    /usr/bin/iotboot hss -c /etc/iotboot/check-hss.yaml' >"$work/hss.out" 2>&1 &
hss=$!
for _ in $(seq 100); do
  grep -q '"msg":"listening on' "$work/hss.out" && break
  kill -0 $hss 2>/dev/null || break
  sleep 0.1  # polling the log for the condition, up to 10 s
done
grep -q '"msg":"listening on' "$work/hss.out" || { kill $hss 2>/dev/null; fail "the HSS did not start: $(cat "$work/hss.out")"; }
kill -TERM $hss
wait $hss || fail "the HSS exited with $?: $(cat "$work/hss.out")"
grep -q '"event":"summary"' "$work/hss.out" || fail "no summary: $(cat "$work/hss.out")"
! grep -v '^{"time":"' "$work/hss.out" || fail "a line of the JSON log is not JSON"
[[ $(stat -c %U /var/lib/iotboot/hss.db) == iotboot ]] || fail "hss.db is not the iotboot user's"
echo "installed HSS ran as iotboot in the sandbox and stopped cleanly"

dpkg -i "$deb" >/dev/null
[[ $(sha256sum /etc/iotboot/kek /etc/iotboot/device-id.secret) == "$kek_sum" ]] ||
  fail "a reinstall replaced the KEK or the deviceId secret"

dpkg --purge iotboot >/dev/null
installed=""
dpkg -s iotboot >/dev/null 2>&1 && fail "still installed after the purge"
for d in /etc/iotboot /var/lib/iotboot /usr/bin/iotboot; do
  [[ ! -e $d ]] || fail "$d is left after the purge"
done
echo "deb_check: installed, ran, reinstalled and purged iotboot $version"
