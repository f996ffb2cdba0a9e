#!/usr/bin/python3
"""Validates grade's JSON reports against docs/result.schema.json.

Usage: /usr/bin/python3 validate_json.py [--schema SCHEMA] [FILE ...]
Reads stdin when no FILE is given or FILE is "-".

Exit status: 0 every document is valid; 1 some document is invalid (each error is printed as
FILE: PATH: MESSAGE); 2 the check itself could not be made (no jsonschema, unreadable file,
broken schema).

Run it with Debian's /usr/bin/python3, which has python3-jsonschema; the first python3 on PATH
may be another interpreter without it.
"""

import argparse
import json
import sys
from pathlib import Path

DEFAULT_SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "result.schema.json"


def fail_setup(message):
    print(f"validate_json: {message}", file=sys.stderr)
    sys.exit(2)


try:
    import jsonschema
except ImportError:
    fail_setup(f"the jsonschema module is missing for {sys.executable}; "
               "run with /usr/bin/python3 (apt install python3-jsonschema)")


def reject_constant(name):
    # Python's json accepts NaN and Infinity; JSON (and every other reader) does not.
    raise ValueError(f"{name} is not valid JSON")


def reject_duplicates(pairs):
    keys = [key for key, _ in pairs]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise ValueError(f"duplicate keys: {', '.join(duplicates)}")
    return dict(pairs)


def parse(raw):
    """Parses strictly: UTF-8 only, no NaN, no duplicate keys."""
    text = raw.decode("utf-8")  # strict: invalid UTF-8 is an error, not a replacement
    return json.loads(text, parse_constant=reject_constant, object_pairs_hook=reject_duplicates)


def load_validator(schema_path):
    try:
        schema = json.loads(Path(schema_path).read_text(encoding="utf-8"))
        if not isinstance(schema, dict) or "$schema" not in schema:
            raise ValueError("no $schema keyword; is this a schema?")
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
    except (OSError, ValueError, jsonschema.exceptions.SchemaError) as e:
        fail_setup(f"{schema_path}: not a usable schema: {e}")
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def describe(error, limit=300):
    """The validator's message, without repeating a large value."""
    if error.validator == "type":
        names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
                 int: "an integer", float: "a number", type(None): "null"}
        return f"is {names.get(type(error.instance), 'a value')}, expected type {error.validator_value!r}"
    message = error.message
    return message if len(message) <= limit else message[:limit] + "..."


def where(error):
    return "/" + "/".join(str(part) for part in error.absolute_path)


def validate(name, raw, validator):
    """Prints the problems of one document; returns True when it is valid."""
    try:
        document = parse(raw)
    except ValueError as e:  # includes UnicodeDecodeError and JSONDecodeError
        print(f"{name}: not valid JSON: {e}", file=sys.stderr)
        return False
    errors = sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    for error in errors:
        if error.context:
            # oneOf/anyOf: the message would repeat the whole value; say why each form failed.
            print(f"{name}: {where(error)}: matches none of the allowed forms:", file=sys.stderr)
            for sub in sorted(error.context, key=lambda e: list(map(str, e.relative_schema_path))):
                print(f"{name}:   {where(sub)}: {describe(sub)}", file=sys.stderr)
        else:
            print(f"{name}: {where(error)}: {describe(error)}", file=sys.stderr)
    return not errors


def main():
    parser = argparse.ArgumentParser(description="Validate grade JSON reports against the schema.")
    parser.add_argument("--schema", default=str(DEFAULT_SCHEMA), help="default: %(default)s")
    parser.add_argument("files", nargs="*", default=["-"], help='JSON files; "-" for stdin')
    args = parser.parse_args()

    validator = load_validator(args.schema)
    invalid = 0
    for name in args.files:
        try:
            raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
        except OSError as e:
            fail_setup(f"{name}: {e.strerror}")
        if not validate("<stdin>" if name == "-" else name, raw, validator):
            invalid += 1
    if invalid:
        print(f"validate_json: {invalid} of {len(args.files)} documents are invalid", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
