"""Writes the body of every insta snapshot in SRC as SRC-name.json into DEST (for cfn-lint).

An insta `.snap` file is a YAML front matter between `---` lines, then the snapshot body.
Fails when a body is not JSON, so a broken snapshot cannot slip past the linter.
"""
import json
import pathlib
import sys


def main(src: str, dest: str) -> int:
    out = pathlib.Path(dest)
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for snap in sorted(pathlib.Path(src).glob("*.snap")):
        text = snap.read_text(encoding="utf-8")
        if not text.startswith("---\n"):
            print(f"{snap}: no insta header", file=sys.stderr)
            return 1
        end = text.index("\n---\n", 4)
        body = text[end + 5 :]
        json.loads(body)
        (out / (snap.stem + ".json")).write_text(body, encoding="utf-8")
        count += 1
    if count == 0:
        print(f"no snapshots found in {src}", file=sys.stderr)
        return 1
    print(f"   {count} snapshots -> {dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
