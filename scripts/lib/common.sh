# Functions the check scripts share; source it after defining die().

# Installs the Debian packages given that are missing (as root), quietly unless it fails; waits for a
# dpkg lock another install holds rather than failing at once.
install_debian_packages() {
    local missing=() package log
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
    done
    ((${#missing[@]} == 0)) && return
    echo "installing ${missing[*]}"
    log=$(mktemp)
    if ! { apt-get -o DPkg::Lock::Timeout=300 update -qq \
        && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
            --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        die "cannot install ${missing[*]}"
    fi
    rm -f "$log"
}

# A port nothing listens on, from the dynamic range.
free_port() {
    local port
    for _ in $(seq 100); do
        port=$((49152 + RANDOM % 16000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    die "no free port found"
}
