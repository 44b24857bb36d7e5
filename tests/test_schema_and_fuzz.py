"""The shipped JSON Schema matches the model, and mutated person files never crash or hang the loader."""

from __future__ import annotations

import json
import time
from pathlib import Path

import jsonschema
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handshake_plugin.core.load import load_text
from handshake_plugin.core.model import person_from_document
from handshake_plugin.core.problems import DataError, Problem
from handshake_plugin.files.scaffold import SCHEMA_FILE, schema_text

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "people").glob("*.yml"))


def test_shipped_schema_is_in_sync_with_the_model() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), \
        "regenerate: python -c 'from handshake_plugin.files.scaffold import *; SCHEMA_FILE.write_text(schema_text())'"


def test_schema_accepts_the_sample_and_rejects_a_bad_answer() -> None:
    schema = json.loads(SCHEMA_FILE.read_text())
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for path in SAMPLES:
        data = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
        assert not list(validator.iter_errors(data)), path
    bad = {"name": "A", "asks": [{"date": "2026-01-01", "answer": "yes"}]}
    assert list(validator.iter_errors(bad))


def _load(text: str) -> list[Problem]:
    try:
        doc = load_text(text, "people/x.yml")
    except DataError as exc:
        return exc.problems
    return person_from_document(doc, "x")[1]


MUTATIONS = st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(
    [":", "-", " ", "\n", "&a ", "*a", "!!python/name:os.system ", "[", "]", "{", "}", "'", '"', "yes", "2026-02-30",
     "\t", "#", "?", "|", ">", "<<: ", "%YAML 1.1\n", "---\n", "\x00", "é", "12345", "~"])), min_size=1, max_size=6)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SAMPLES), MUTATIONS, st.integers(0, 10_000), st.integers(0, 40))
def test_mutated_files_load_or_fail_with_a_located_problem(path, inserts, cut_at, cut_len) -> None:
    text = path.read_text(encoding="utf-8")
    for pos, piece in inserts:
        pos %= len(text) + 1
        text = text[:pos] + piece + text[pos:]
    cut_at %= len(text) + 1
    text = text[:cut_at] + text[cut_at + cut_len:]
    started = time.perf_counter()
    problems = _load(text)  # any exception other than our own fails the test
    assert time.perf_counter() - started < 1
    for problem in problems:
        assert problem.path == "people/x.yml" and problem.line >= 1 and problem.column >= 1 and problem.message
