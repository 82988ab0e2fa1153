#!/usr/bin/env python3
"""An independent implementation of docs/measurement.md, written from the
document alone, to check that it specifies the measurement completely:
measure_ref.py IMAGE prints the unique_id that keep info must print. Only
well-formed images are handled (the C implementation owns the refusals)."""
import hashlib
import struct
import sys

PAGE = 4096
PT_LOAD, PT_DYNAMIC, PT_NOTE = 1, 2, 4
PF_X = 1
TABLES = [(b"RELA", 7, 8), (b"JMPREL", 23, 2), (b"REL", 17, 18), (b"RELR", 36, 35)]


def sections(data):
    shoff, = struct.unpack_from("<Q", data, 40)
    shnum, shstrndx = struct.unpack_from("<HH", data, 60)
    heads = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + 64 * i) for i in range(shnum)]
    strtab = heads[shstrndx][4]
    for h in heads:
        name = data[strtab + h[0]:data.index(b"\0", strtab + h[0])]
        yield name.decode(), h[4], h[5]


def main(path):
    data = open(path, "rb").read()
    e_type, e_machine, e_version, e_entry, e_phoff = struct.unpack_from("<HHIQQ", data, 16)
    e_flags, = struct.unpack_from("<I", data, 48)
    e_phnum, = struct.unpack_from("<H", data, 56)
    raw = [data[e_phoff + 56 * i:e_phoff + 56 * (i + 1)] for i in range(e_phnum)]
    phdrs = [struct.unpack("<IIQQQQQQ", r) for r in raw]  # type flags off vaddr paddr filesz memsz align
    loads = [p for p in phdrs if p[0] == PT_LOAD]

    def file_of(vaddr, size):
        for p in loads:
            if p[3] <= vaddr and vaddr - p[3] + size <= p[5]:
                return p[2] + vaddr - p[3]
        raise ValueError("address not in a loaded segment")

    oe_off = next(off for name, off, size in sections(data) if name == ".oeinfo")
    seg = next(p for p in loads if p[2] <= oe_off and oe_off + 1960 <= p[2] + p[5])
    oe_addr = seg[3] + oe_off - seg[2]
    excluded = [(oe_off + 144, 1808), (40, 8), (58, 6)]
    for p in phdrs:
        at, end = p[2], p[2] + p[5]
        while p[0] == PT_NOTE and end - at >= 12:
            namesz, descsz, ntype = struct.unpack_from("<III", data, at)
            desc = at + 12 + ((namesz + 3) & ~3)
            if ntype == 3 and namesz == 4 and data[at + 12:at + 16] == b"GNU\0":
                excluded.append((desc, descsz))
            at = desc + ((descsz + 3) & ~3)

    def content(start, end, exclude):
        b = bytearray(data[start:end])
        for off, length in excluded if exclude else []:
            for i in range(max(off, start), min(off + length, end)):
                b[i - start] = 0
        return bytes(b)

    sha = hashlib.sha256()

    def rec(tag, payload):
        sha.update(tag.ljust(8, b"\0") + struct.pack("<Q", len(payload)) + payload)

    rec(b"KEEPMR01", b"")
    rec(b"ELFHDR", struct.pack("<HHIQIH2x", e_type, e_machine, e_version, e_entry, e_flags, e_phnum))
    for r in raw:
        rec(b"PHDR", r)
    for p in loads:
        start, end = p[2], p[2] + p[5]
        if p[1] & PF_X:
            start -= start % PAGE
            end = min(-(-end // PAGE) * PAGE, len(data))
        rec(b"LOAD", struct.pack("<Q", p[3] - (p[2] - start)) + content(start, end, not p[1] & PF_X))
    dyn = next(p for p in phdrs if p[0] == PT_DYNAMIC)
    dyn_off, tags = file_of(dyn[3], dyn[5]), {}
    for i in range(dyn[5] // 16):
        tag, val = struct.unpack_from("<qQ", data, dyn_off + 16 * i)
        if tag == 0:
            break
        tags[tag] = val
    for name, addr_tag, size_tag in TABLES:
        if addr_tag in tags or size_tag in tags:
            addr, size = tags[addr_tag], tags.get(size_tag, 0)
            off = file_of(addr, size)
            rec(name, struct.pack("<Q", addr) + content(off, off + size, True))
    props = bytearray(data[oe_off:oe_off + 1960])
    props[144:144 + 1808] = bytes(1808)
    rec(b"OEINFO", struct.pack("<Q", oe_addr) + bytes(props))
    print(sha.hexdigest())


if __name__ == "__main__":
    main(sys.argv[1])
