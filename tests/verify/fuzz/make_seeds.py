#!/usr/bin/env python3
"""Regenerates the synthetic seed corpus (no vector files are copied):
quote layouts, a PCK-style SGX extension in a throwaway self-signed
certificate, and small collateral documents with made-up values."""
import json, os, struct, subprocess, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ARC = "1.2.840.113741.1.13.1"


def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, body):
    return bytes([tag]) + der_len(len(body)) + body


def oid(dotted):
    parts = [int(x) for x in dotted.split(".")]
    out = bytes([40 * parts[0] + parts[1]])
    for p in parts[2:]:
        enc = [p & 0x7F]
        p >>= 7
        while p:
            enc.append(0x80 | (p & 0x7F))
            p >>= 7
        out += bytes(reversed(enc))
    return tlv(0x06, out)


def item(sub, value):
    return tlv(0x30, oid(ARC + "." + sub) + value)


def integer(v):
    b = v.to_bytes(max(1, (v.bit_length() + 8) // 8), "big")
    return tlv(0x02, b)


def sgx_ext(platform=False):
    tcb = b"".join(item("2.%d" % i, integer(i * 3 % 256)) for i in range(1, 17))
    tcb += item("2.17", integer(13)) + item("2.18", tlv(0x04, bytes(16)))
    body = item("1", tlv(0x04, bytes(range(16)))) + item("2", tlv(0x30, tcb))
    body += item("3", tlv(0x04, b"\0\0")) + item("4", tlv(0x04, bytes.fromhex("00a067110000")))
    body += item("5", tlv(0x0A, b"\x01" if platform else b"\x00"))
    if platform:
        body += item("6", tlv(0x04, bytes(16)))
        conf = item("7.1", tlv(0x01, b"\xff")) + item("7.2", tlv(0x01, b"\x00"))
        body += item("7", tlv(0x30, conf))
    return tlv(0x30, body)


def self_signed(ext_der=None):
    with tempfile.TemporaryDirectory() as d:
        args = ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-keyout", d + "/k",
                "-subj", "/CN=Keep fuzz seed", "-days", "1", "-outform", "DER",
                "-out", d + "/c"]
        if ext_der:
            args += ["-addext", ARC + "=DER:" + ext_der.hex()]
        subprocess.run(args, check=True, capture_output=True)
        return open(d + "/c", "rb").read()


def pem(der):
    import base64
    b = base64.b64encode(der).decode()
    lines = [b[i:i + 64] for i in range(0, len(b), 64)]
    return ("-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) +
            "\n-----END CERTIFICATE-----\n").encode()


def quote_v3(cert_data, auth=32):
    sig = bytes(64) + bytes(64) + bytes(384) + bytes(64)
    sig += struct.pack("<H", auth) + bytes(range(auth))
    sig += struct.pack("<HI", 5, len(cert_data)) + cert_data
    hdr = struct.pack("<HHIHH", 3, 2, 0, 10, 15) + bytes.fromhex(
        "939a7233f79c4ca9940a0db3957f0607") + bytes(20)
    return hdr + bytes(384) + struct.pack("<I", len(sig)) + sig


def write(sub, name, data):
    os.makedirs(os.path.join(HERE, "corpus", sub), exist_ok=True)
    with open(os.path.join(HERE, "corpus", sub, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def main():
    ext = sgx_ext()
    cert = self_signed(ext)
    write("quote", "v3_chain", quote_v3(pem(cert) + pem(cert) + b"\0"))
    write("quote", "v3_noauth", quote_v3(b"", auth=0))
    write("quote", "v4_sgx", struct.pack("<HHI", 4, 2, 0) + bytes(40 + 384 + 4))
    write("quote", "v4_tdx", struct.pack("<HHI", 4, 2, 0x81) + bytes(40 + 584 + 4))
    write("pck_ext", "processor", ext)
    write("pck_ext", "platform", sgx_ext(platform=True))
    write("pck_ext", "cert", cert)
    levels = [{"tcb": {"sgxtcbcomponents": [{"svn": 1}] * 16, "pcesvn": 13},
               "tcbDate": "2024-03-13T00:00:00Z", "tcbStatus": "UpToDate"},
              {"tcb": {"sgxtcbcomponents": [{"svn": 0}] * 16, "pcesvn": 5},
               "tcbDate": "2020-01-01T00:00:00Z", "tcbStatus": "OutOfDate",
               "advisoryIDs": ["INTEL-SA-00000"]}]
    tcb = {"id": "SGX", "version": 3, "issueDate": "2025-01-01T00:00:00Z",
           "nextUpdate": "2025-02-01T00:00:00Z", "fmspc": "00A067110000",
           "pceId": "0000", "tcbType": 0, "tcbEvaluationDataNumber": 1,
           "tcbLevels": levels}
    qe = {"id": "QE", "version": 2, "issueDate": "2025-01-01T00:00:00Z",
          "nextUpdate": "2025-02-01T00:00:00Z", "tcbEvaluationDataNumber": 1,
          "miscselect": "00000000", "miscselectMask": "FFFFFFFF",
          "attributes": "11000000000000000000000000000000",
          "attributesMask": "FBFFFFFFFFFFFFFF0000000000000000",
          "mrsigner": "00" * 32, "isvprodid": 1,
          "tcbLevels": [{"tcb": {"isvsvn": 8}, "tcbDate": "2024-03-13T00:00:00Z",
                         "tcbStatus": "UpToDate"}]}
    sig = "ab" * 64
    tcb_s = json.dumps(tcb, separators=(",", ":"))
    qe_s = json.dumps(qe, separators=(",", ":"))
    write("collateral", "tcb_response.json",
          '{"tcbInfo":%s,"signature":"%s"}' % (tcb_s, sig))
    write("collateral", "qe_response.json",
          '{"enclaveIdentity":%s,"signature":"%s"}' % (qe_s, sig))
    write("collateral", "tcb_body.json", tcb_s)
    write("collateral", "bundle.json", json.dumps({
        "tcb_info": tcb_s, "tcb_info_signature": sig, "qe_identity": qe_s,
        "qe_identity_signature": sig, "tcb_info_issuer_chain": pem(cert).decode(),
        "root_ca_crl": cert.hex()}))
    write("collateral", "cert.pem", pem(cert))
    write("collateral", "cert.hex", cert.hex())
    write("collateral", "sig.hex", sig + "\n")
    write("collateral", "policy.json", json.dumps({
        "unique_id": ["00" * 32], "min_svn": 1, "allowed_tcb_status": ["UpToDate"],
        "allowed_advisories": "*", "debug_allowed": False}))


if __name__ == "__main__":
    main()
