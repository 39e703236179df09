#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
"""Independent DSSE/Ed25519 reference for Gremlin's tests, built on pyca/cryptography.

Every output is JSON on stdout, so a Swift test can compare bytes with its own implementation:

  keys    --seed HEX                       PKCS#8 and SPKI PEM of an Ed25519 seed
  sign    --private-pem FILE --type T --body-file F
                                           PAE (hex), signature and a complete DSSE envelope
  verify  --public-pem FILE --envelope F   {"valid": bool, "reason": ...}; exit 0 valid, 1 invalid
  inspect --private-pem FILE               the seed and public key of a PEM private key
  ecdsa-p256-verify --x DEC --y DEC --sig B64 --message-hex HEX
                                           checks a raw r||s P-256/SHA-256 signature (the DSSE
                                           protocol's published example); exit 0 valid, 1 invalid
"""

import argparse
import base64
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def pae(payload_type: bytes, body: bytes) -> bytes:
    # Written from the DSSE protocol's definition, independently of the Swift code.
    return b" ".join([b"DSSEv1", str(len(payload_type)).encode(), payload_type, str(len(body)).encode(), body])


def b64decode_any(text: str) -> bytes:
    text = text.strip()
    padded = text + "=" * (-len(text) % 4)
    if "-" in text or "_" in text:
        return base64.urlsafe_b64decode(padded)
    return base64.b64decode(padded, validate=True)


def raw_public(key: ed25519.Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def pem_pair(private: ed25519.Ed25519PrivateKey) -> dict:
    return {
        "private_pem": private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                             serialization.NoEncryption()).decode(),
        "public_pem": private.public_key().public_bytes(serialization.Encoding.PEM,
                                                        serialization.PublicFormat.SubjectPublicKeyInfo).decode(),
        "public_hex": raw_public(private.public_key()).hex(),
    }


def load_private(path: str) -> ed25519.Ed25519PrivateKey:
    with open(path, "rb") as handle:
        key = serialization.load_pem_private_key(handle.read(), password=None)
    if not isinstance(key, ed25519.Ed25519PrivateKey):
        raise SystemExit("not an Ed25519 private key")
    return key


def command_keys(args) -> int:
    private = ed25519.Ed25519PrivateKey.from_private_bytes(bytes.fromhex(args.seed))
    print(json.dumps(pem_pair(private), sort_keys=True))
    return 0


def command_sign(args) -> int:
    private = load_private(args.private_pem)
    with open(args.body_file, "rb") as handle:
        body = handle.read()
    message = pae(args.type.encode("utf-8"), body)
    signature = private.sign(message)
    envelope = {
        "payloadType": args.type,
        "payload": base64.b64encode(body).decode(),
        "signatures": [{"keyid": "", "sig": base64.b64encode(signature).decode()}],
    }
    print(json.dumps({"pae_hex": message.hex(), "signature_hex": signature.hex(), "envelope": envelope,
                      "public_hex": raw_public(private.public_key()).hex()}, sort_keys=True))
    return 0


def command_verify(args) -> int:
    with open(args.public_pem, "rb") as handle:
        public = serialization.load_pem_public_key(handle.read())
    with open(args.envelope, "rb") as handle:
        envelope = json.load(handle)
    body = b64decode_any(envelope["payload"])
    message = pae(envelope["payloadType"].encode("utf-8"), body)
    for entry in envelope["signatures"]:
        try:
            public.verify(b64decode_any(entry["sig"]), message)
        except (InvalidSignature, ValueError):
            continue
        statement = json.loads(body)
        print(json.dumps({"valid": True, "payloadType": envelope["payloadType"], "statement": statement},
                         sort_keys=True))
        return 0
    print(json.dumps({"valid": False, "reason": "no signature verifies"}, sort_keys=True))
    return 1


def command_inspect(args) -> int:
    private = load_private(args.private_pem)
    seed = private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                 serialization.NoEncryption())
    print(json.dumps({"seed_hex": seed.hex(), "public_hex": raw_public(private.public_key()).hex()}, sort_keys=True))
    return 0


def command_ecdsa(args) -> int:
    public = ec.EllipticCurvePublicNumbers(int(args.x), int(args.y), ec.SECP256R1()).public_key()
    raw = base64.b64decode(args.sig)
    half = len(raw) // 2
    signature = encode_dss_signature(int.from_bytes(raw[:half], "big"), int.from_bytes(raw[half:], "big"))
    try:
        public.verify(signature, bytes.fromhex(args.message_hex), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        print(json.dumps({"valid": False}))
        return 1
    print(json.dumps({"valid": True}))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    keys = commands.add_parser("keys")
    keys.add_argument("--seed", required=True)
    sign = commands.add_parser("sign")
    sign.add_argument("--private-pem", required=True)
    sign.add_argument("--type", required=True)
    sign.add_argument("--body-file", required=True)
    verify = commands.add_parser("verify")
    verify.add_argument("--public-pem", required=True)
    verify.add_argument("--envelope", required=True)
    inspect = commands.add_parser("inspect")
    inspect.add_argument("--private-pem", required=True)
    ecdsa_verify = commands.add_parser("ecdsa-p256-verify")
    for name in ("--x", "--y", "--sig", "--message-hex"):
        ecdsa_verify.add_argument(name, required=True)
    args = parser.parse_args()
    return {"keys": command_keys, "sign": command_sign, "verify": command_verify,
            "inspect": command_inspect, "ecdsa-p256-verify": command_ecdsa}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
