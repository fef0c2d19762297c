#!/usr/bin/env python3
"""Writes N distinct JPEGs of about SIZE bytes, each with its own EXIF DateTimeOriginal, fast (no exiftool).

Each file is a tiny valid baseline JPEG with an APP1 Exif segment (IFD0 -> ExifIFD -> DateTimeOriginal and
OffsetTimeOriginal), padded after the end-of-image marker with random bytes to reach the requested size, so
every file has distinct content and a distinct date. Needs ImageMagick. Usage: make-corpus.py DIR COUNT SIZE_BYTES [SEED]
"""
import datetime
import os
import random
import struct
import subprocess
import sys

# A 16x16 grey baseline JPEG without metadata, made once by ImageMagick.
CONVERT = "/usr/bin/convert" if os.path.exists("/usr/bin/convert") else "magick"
TINY_JPEG = subprocess.check_output([CONVERT, "-size", "16x16", "xc:gray", "-strip", "jpg:-"])


def exif_segment(when: datetime.datetime, offset: str) -> bytes:
    """APP1 'Exif' with IFD0 { ExifIFD pointer } and ExifIFD { DateTimeOriginal, OffsetTimeOriginal }."""
    date = when.strftime("%Y:%m:%d %H:%M:%S").encode() + b"\0"  # 20 bytes
    off = offset.encode() + b"\0"  # 7 bytes
    # Little-endian TIFF: header(8) + IFD0 at 8: count(2) + 1 entry(12) + next(4) = 18 -> ExifIFD at 26.
    exif_ifd_at = 26
    # ExifIFD: count(2) + 2 entries(24) + next(4) = 30 -> data at 56.
    data_at = exif_ifd_at + 30
    tiff = b"II*\0" + struct.pack("<I", 8)
    tiff += struct.pack("<H", 1) + struct.pack("<HHII", 0x8769, 4, 1, exif_ifd_at) + struct.pack("<I", 0)
    tiff += struct.pack("<H", 2)
    tiff += struct.pack("<HHII", 0x9003, 2, len(date), data_at)
    tiff += struct.pack("<HHII", 0x9011, 2, len(off), data_at + len(date))
    tiff += struct.pack("<I", 0)
    tiff += date + off
    payload = b"Exif\0\0" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def main() -> None:
    folder, count, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    os.makedirs(folder, exist_ok=True)
    start = datetime.datetime(2015, 1, 1, 8, 0, 0)
    for i in range(count):
        when = start + datetime.timedelta(minutes=37 * i)
        head = TINY_JPEG[:2] + exif_segment(when, "+01:00") + TINY_JPEG[2:]
        padding = rng.randbytes(max(0, size - len(head)))
        sub = os.path.join(folder, f"device{i % 4}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"IMG_{i:06d}.JPG"), "wb") as f:
            f.write(head + padding)


if __name__ == "__main__":
    main()
