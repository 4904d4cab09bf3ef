#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerates the test-only certificates in this folder (see README.md). Needs the openssl CLI
# (OpenSSL 3.0 or later). Run from anywhere; writes next to this script.
set -eu
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

days=36500 # the good certificates outlive the project

# A CA: $1 = file stem, $2 = common name.
make_ca() {
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days "$days" \
        -subj "/O=Audin Test/CN=$2" \
        -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
        -keyout "$1.key" -out "$1.pem" 2>/dev/null
}

# A server certificate signed by a CA with `openssl ca` (the only way in OpenSSL 3.0 to set fixed
# past dates). $1 = stem, $2 = CA stem, $3 = subjectAltName, $4 = start date, $5 = end date
# (YYYYMMDDHHMMSSZ).
make_server() {
    openssl req -new -newkey rsa:2048 -nodes -sha256 -subj "/O=Audin Test/CN=$1" \
        -keyout "$1.key" -out "$work/$1.csr" 2>/dev/null
    : >"$work/index.txt"
    cat >"$work/ca.cnf" <<CNF
[ca]
default_ca = test_ca
[test_ca]
database = $work/index.txt
new_certs_dir = $work
serial = $work/serial
default_md = sha256
policy = any
copy_extensions = none
unique_subject = no
[any]
organizationName = optional
commonName = supplied
[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = $3
CNF
    openssl rand -hex 8 >"$work/serial"
    openssl ca -batch -notext -config "$work/ca.cnf" -extensions server -cert "$2.pem" -keyfile "$2.key" \
        -startdate "$4" -enddate "$5" -in "$work/$1.csr" -out "$1.pem" 2>/dev/null
}

make_ca ca "Audin Test CA"
make_ca rogue-ca "Audin Rogue CA"
local_names="DNS:localhost,IP:127.0.0.1,IP:::1"
make_server server ca "$local_names" 20240101000000Z 21240101000000Z
make_server other-host ca "DNS:other.example" 20240101000000Z 21240101000000Z
make_server expired ca "$local_names" 20200101000000Z 20210101000000Z
make_server rogue-server rogue-ca "$local_names" 20240101000000Z 21240101000000Z
rm -f ca.key rogue-ca.key # nothing is signed with them again: regenerate the whole set
printf 'not a certificate\n' >not-a-certificate.pem
echo "certificates written to $(pwd)"
