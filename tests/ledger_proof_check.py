#!/usr/bin/env python3
"""An independent checker of Habeas record proofs (docs/ledger.md "Record proofs").

Shares no code with Habeas: Python's hashlib for SHA-256 and the `openssl` command line
for the Ed25519 signature. Usage: ledger_proof_check.py PROOF.json PUBLIC_KEY.pem
Exit 0 and "ok ..." when the proof holds; exit 1 with the reason otherwise.
"""
import base64
import hashlib
import json
import os
import struct
import subprocess
import sys
import tempfile


def fail(why):
    print("proof does not hold: " + why)
    sys.exit(1)


def sha256(data):
    return hashlib.sha256(data).digest()


def leaf_hash(data):
    return sha256(b"\x00" + data)


def node_hash(left, right):
    return sha256(b"\x01" + left + right)


def root_from_path(leaf, index, size, path):
    """RFC 9162 2.1.3.2, written from the RFC's text."""
    if index >= size:
        return None
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


def decode_row(data):
    """The row encoding: tag byte, then value; the first value is the table."""
    values, pos = [], 0
    while pos < len(data):
        tag = data[pos:pos + 1]
        pos += 1
        if tag == b"n":
            values.append(None)
        elif tag == b"i":
            values.append(struct.unpack(">q", data[pos:pos + 8])[0])
            pos += 8
        elif tag == b"r":
            values.append({"real": struct.unpack(">d", data[pos:pos + 8])[0]})
            pos += 8
        elif tag in (b"t", b"b"):
            (n,) = struct.unpack(">I", data[pos:pos + 4])
            pos += 4
            chunk = data[pos:pos + n]
            if len(chunk) != n:
                fail("row encoding truncated")
            pos += n
            values.append(chunk.decode("utf-8") if tag == b"t" else
                          {"base64": base64.b64encode(chunk).decode()})
        else:
            fail("unknown tag in row encoding")
    return values[0], values[1:]


def parse_entry(body):
    lines = body.split("\n")
    if lines[0] != "habeas-ledger-entry v1" or lines[-1] != "":
        fail("entry body is not a v1 entry")
    fields = {}
    for line in lines[1:-1]:
        key, _, value = line.partition(" ")
        fields[key] = value
    return fields


def raw_public_key(pem_path):
    pem = open(pem_path).read()
    b64 = "".join(l for l in pem.splitlines() if l and not l.startswith("-----"))
    der = base64.b64decode(b64)
    return der[-32:]


def check_signature(head, pem_path):
    message = "habeas-ledger-head v1\nsize %d\nroot %s\ntime %s\n" % (
        head["size"], head["root"], head["time"])
    with tempfile.TemporaryDirectory() as tmp:
        msg, sig = os.path.join(tmp, "msg"), os.path.join(tmp, "sig")
        open(msg, "wb").write(message.encode())
        open(sig, "wb").write(base64.b64decode(head["signature"]))
        result = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", pem_path,
                                 "-rawin", "-in", msg, "-sigfile", sig],
                                capture_output=True, text=True)
    if result.returncode != 0:
        fail("the head's signature does not verify with the trusted key")


# The columns a record proof shows, in encoding order (docs/ledger.md "Row encoding").
COLUMNS = {
    "records": ["id", "batch_id", "source_id", "source_record_id", "line", "end_line", "raw",
                "fields", "notes"],
    "rejected_rows": ["id", "batch_id", "line", "end_line", "raw", "field", "reason"],
}


def encode_text(tag, data):
    return tag + struct.pack(">I", len(data)) + data


def encode_value(value):
    """One value shown in a v2 proof, as the row encoding holds it."""
    if value is None:
        return b"n"
    if isinstance(value, bool):
        fail("a value is a boolean")
    if isinstance(value, int):
        return b"i" + struct.pack(">q", value)
    if isinstance(value, str):
        return encode_text(b"t", value.encode("utf-8"))
    if isinstance(value, dict) and list(value) == ["base64"]:
        return encode_text(b"b", base64.b64decode(value["base64"], validate=True))
    if isinstance(value, dict) and list(value) == ["real"]:
        return b"r" + struct.pack(">d", float(value["real"]))
    fail("a value of an unknown type")


def row_of_v2(row):
    """v2: the encoding is rebuilt from the values shown, which are the table's columns."""
    table = row["table"]
    if table not in COLUMNS or list(row["values"]) != COLUMNS[table]:
        fail("the values shown are not the columns of a records or rejected_rows row")
    encoding = encode_text(b"t", table.encode())
    for value in row["values"].values():
        encoding += encode_value(value)
    return table, list(row["values"].values()), encoding


def row_of_v1(row):
    """v1: the encoding is given; the values shown must be the ones it holds."""
    encoding = base64.b64decode(row["encoding"])
    table, values = decode_row(encoding)
    if table != row["table"]:
        fail("encoding is of another table")
    if list(row["values"].values()) != values:
        fail("the values shown are not the ones encoded")
    return table, values, encoding


def path_of(proof_format, path):
    if proof_format == V1:
        return [base64.b64decode(p) for p in path]
    data = base64.b64decode(path, validate=True)
    if len(data) % 32:
        fail("a path is not whole 32-byte hashes")
    return [data[i:i + 32] for i in range(0, len(data), 32)]


V1, V2 = "habeas-record-proof-v1", "habeas-record-proof-v2"


def main():
    proof = json.load(open(sys.argv[1]))
    pem_path = sys.argv[2]
    proof_format = proof.get("format")
    if proof_format not in (V1, V2):
        fail("not a record proof")
    table, values, encoding = (row_of_v2 if proof_format == V2 else row_of_v1)(proof["row"])
    if not isinstance(values[0], int):
        fail("the row has no id")
    entry = parse_entry(proof["entry"]["body"])
    if entry.get("kind") != "batch":
        fail("entry is not a batch entry")
    records = entry["records"].split(" ")
    tree = proof["row_tree"]
    if int(records[2]) + int(entry["rejected"]) != tree["size"]:
        fail("row tree size is not the batch's row count")
    path = path_of(proof_format, tree["path"])
    rows_root = root_from_path(leaf_hash(encoding), tree["index"], tree["size"], path)
    if rows_root is None or base64.b64encode(rows_root).decode() != entry["rows_root"]:
        fail("the row is not in its batch's row tree")
    head = proof["head"]
    entry_path = path_of(proof_format, proof["entry"]["path"])
    root = root_from_path(leaf_hash(proof["entry"]["body"].encode()), proof["entry"]["index"],
                          head["size"], entry_path)
    if root is None or base64.b64encode(root).decode() != head["root"]:
        fail("the entry is not in the log under the signed head")
    if base64.b64decode(head["public_key"]) != raw_public_key(pem_path):
        fail("the head names another key than the trusted one")
    check_signature(head, pem_path)
    print("ok %s row %d under a head of %d entries" % (table, values[0], head["size"]))


if __name__ == "__main__":
    main()
