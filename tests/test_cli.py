"""govkg.cli: every command in-process (CliRunner) and as a real process; bad input gives one line and its exit code."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govkg import __version__
from govkg.cli import app
from govkg.errors import EXIT_CODES

ERROR_LINE = re.compile(r"^govkg: error: (?P<path>.+?)(?::(?P<line>\d+))?: (?P<problem>\S.*)$")


def _one_error_line(stderr: str) -> re.Match[str]:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    m = ERROR_LINE.match(lines[0])
    assert m, lines[0]
    return m


# ---------------------------------------------------------------- commands, in-process
@pytest.mark.slow
def test_build_default_is_the_bundled_report(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "graph"
    result = runner.invoke(app, ["build", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["tongzhou-2023.html", "tongzhou-2023.ttl"]
    assert result.stderr == ""
    assert "tongzhou-2023.ttl" in result.stdout and "tongzhou-2023.html" in result.stdout


def test_build_files_quiet(runner: CliRunner, tmp_path: Path, reports_dir: Path) -> None:
    out = tmp_path / "out"
    files = [str(reports_dir / "tiny-plan.txt"), str(reports_dir / "bullet-summary.txt")]
    result = runner.invoke(app, ["build", *files, "--out", str(out), "-q"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""
    assert sorted(p.name for p in out.iterdir()) == [
        ".govkg-cache",
        "bullet-summary.html",
        "bullet-summary.ttl",
        "dataset.trig",
        "tiny-plan.html",
        "tiny-plan.ttl",
    ]


def test_build_no_validate(runner: CliRunner, tmp_path: Path, reports_dir: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(reports_dir / "tiny-plan.txt"), "--out", str(out), "--no-validate"])
    assert result.exit_code == 0, result.stderr
    assert (out / "tiny-plan.ttl").is_file()
    assert str(out / "tiny-plan.ttl") in result.stdout


@pytest.mark.parametrize("mode", ["fast", "full", "none"])
def test_build_validate_modes(mode: str, runner: CliRunner, tmp_path: Path, reports_dir: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(reports_dir / "tiny-plan.txt"), "--out", str(out), "--validate", mode])
    assert result.exit_code == 0, result.stderr
    assert str(out / "tiny-plan.ttl") in result.stdout


@pytest.mark.parametrize("args", [["--validate", "quick"], ["--validate", "full", "--no-validate"]])
def test_build_validate_usage_errors(args: list[str], runner: CliRunner, tmp_path: Path, reports_dir: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(reports_dir / "tiny-plan.txt"), "--out", str(out), *args])
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("govkg: error: ") and "--validate" in line
    assert not out.exists()


def test_extract_summary(runner: CliRunner, reports_dir: Path) -> None:
    result = runner.invoke(app, ["extract", str(reports_dir / "tiny-plan.txt")])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("tiny-plan.txt: ")
    assert "2024年重点工作" in result.stdout
    assert "武侯科创中心" in result.stdout


def test_extract_json(runner: CliRunner, reports_dir: Path) -> None:
    result = runner.invoke(app, ["extract", str(reports_dir / "tiny-plan.txt"), "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"outline", "entities", "metrics"} <= set(data)
    assert data["outline"]["plan_year"] == 2024
    assert any(e["name"] == "武侯科创中心" for e in data["entities"])
    assert {m["raw"] for m in data["metrics"]} >= {"30家", "4个", "12个"}
    assert "raw" not in data["document"]  # the raw text is left out of the dump


def test_exit_codes(runner: CliRunner) -> None:
    result = runner.invoke(app, ["exit-codes"])
    assert result.exit_code == 0
    rows = [re.fullmatch(r"(\d+)\s+(\S.*)", line) for line in result.stdout.splitlines()]
    assert all(rows), result.stdout
    listed = {int(m.group(1)): m.group(2).strip() for m in rows if m}
    assert listed == EXIT_CODES


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"govkg {__version__}"


@pytest.mark.parametrize("args", [["build", "--no-such-option"], ["extract"], ["no-such-command"]])
def test_usage_errors_exit_2(args: list[str], runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.strip()


def test_help_lists_every_command(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("build", "extract", "exit-codes"):
        assert command in result.stdout


# ---------------------------------------------------------------- bad input
def _make_bad(kind: str, tmp_path: Path) -> Path:
    path = tmp_path / f"{kind}.txt"
    if kind == "missing":
        return path
    if kind == "directory":
        path.mkdir()
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "binary":
        path.write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00" + bytes(range(256)))
    elif kind == "undecodable":
        path.write_bytes(bytes(b | 0x80 for b in random.Random(0).randbytes(2048)))
    elif kind == "hello-world":
        path.write_text("hello world\n", encoding="utf-8")
    elif kind == "digits-only":
        path.write_text("12345\n678 910\n2024\n", encoding="utf-8")
    return path


#: kind -> (exit code, words one of which must name the problem)
BAD_INPUTS = {
    "missing": (3, r"no such file|not found|does not exist"),
    "directory": (3, r"director"),
    "empty": (3, r"empty"),
    "binary": (3, r"binary|NUL"),
    "undecodable": (3, r"decode|encoding"),
    "hello-world": (4, r"report|structure|Chinese"),
    "digits-only": (4, r"report|structure|Chinese"),
}


@pytest.mark.parametrize("command", ["build", "extract"])
@pytest.mark.parametrize("kind", list(BAD_INPUTS))
def test_bad_input_one_line_exit_code_nothing_written(
    kind: str, command: str, runner: CliRunner, tmp_path: Path
) -> None:
    code, problem = BAD_INPUTS[kind]
    bad = _make_bad(kind, tmp_path)
    out = tmp_path / "out"
    args = ["build", str(bad), "--out", str(out)] if command == "build" else ["extract", str(bad)]
    result = runner.invoke(app, args)
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    assert "Traceback" not in result.stdout + result.stderr
    m = _one_error_line(result.stderr)
    assert bad.name in m.group("path")
    assert re.search(problem, m.group("problem"), re.I), m.group("problem")
    assert not out.exists()
    assert result.stdout == ""


def test_one_bad_file_among_good_ones_is_skipped(runner: CliRunner, tmp_path: Path, reports_dir: Path) -> None:
    bad = _make_bad("empty", tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(reports_dir / "tiny-plan.txt"), str(bad), "--out", str(out), "-q"])
    assert result.exit_code == 11
    first, summary = result.stderr.strip().split("\n")
    assert bad.name in _one_error_line(first + "\n").group("path")
    assert summary == "govkg: built 1 of 2 reports; 1 failed and were skipped"
    assert sorted(p.name for p in out.iterdir()) == [".govkg-cache", "dataset.trig", "tiny-plan.html", "tiny-plan.ttl"]


def _unwritable(tmp_path: Path, how: str) -> Path:
    if how == "under-a-file":
        blocker = tmp_path / "file.txt"
        blocker.write_text("x", encoding="utf-8")
        return blocker / "sub"
    if os.geteuid() == 0:
        pytest.skip("running as root: permission bits do not stop writes (the under-a-file case covers this)")
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    return folder / "graph"


@pytest.mark.parametrize("how", ["under-a-file", "read-only-dir"])
def test_unwritable_out(how: str, runner: CliRunner, tmp_path: Path, reports_dir: Path) -> None:
    out = _unwritable(tmp_path, how)
    try:
        result = runner.invoke(app, ["build", str(reports_dir / "tiny-plan.txt"), "--out", str(out)])
    finally:
        if how == "read-only-dir":
            out.parent.chmod(0o700)
    assert result.exit_code == 5, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    m = _one_error_line(result.stderr)
    assert out.parent.name in m.group("path") or out.name in m.group("path")
    assert re.search(r"writ|director", m.group("problem"), re.I)
    assert not out.exists()


# ---------------------------------------------------------------- real processes
def _console_script() -> Path:
    script = Path(sys.executable).parent / "govkg"
    assert script.is_file(), f"console script not installed next to {sys.executable}"
    return script


@pytest.mark.slow
@pytest.mark.parametrize("entry", ["python-m", "console-script"])
def test_real_process_build(entry: str, tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "govkg"] if entry == "python-m" else [str(_console_script())]
    out = tmp_path / "graph"
    proc = subprocess.run([*cmd, "build", "--out", str(out)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["tongzhou-2023.html", "tongzhou-2023.ttl"]
    assert "Traceback" not in proc.stderr


@pytest.mark.slow
@pytest.mark.parametrize("entry", ["python-m", "console-script"])
def test_real_process_bad_input(entry: str, tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "govkg"] if entry == "python-m" else [str(_console_script())]
    bad = _make_bad("binary", tmp_path)
    out = tmp_path / "out"
    proc = subprocess.run([*cmd, "build", str(bad), "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr
    assert bad.name in _one_error_line(proc.stderr).group("path")
    assert proc.stdout == ""
    assert not out.exists()


@pytest.mark.slow
def test_real_process_version_and_default_out(tmp_path: Path) -> None:
    """`govkg build` with no arguments writes the bundled report into ./graph."""
    proc = subprocess.run([str(_console_script()), "--version"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.strip() == f"govkg {__version__}"
    proc = subprocess.run(
        [str(_console_script()), "build", "-q", "--no-validate"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert sorted(p.name for p in (tmp_path / "graph").iterdir()) == ["tongzhou-2023.html", "tongzhou-2023.ttl"]


# ---------------------------------------------------------------- start-up: --help and --version without typer
LAUNCH = """
import sys
sys.argv = ["govkg", *sys.argv[1:]]
from govkg.launch import main
main()
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("typer", "rich", "click", "jieba", "rdflib", "pydantic"))
sys.stderr.write("loaded:" + ",".join(loaded))
"""


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_help_and_version_load_no_library(flag: str) -> None:
    """`govkg --help` and `--version` cost a bare Python start: they print text written with the release and load
    neither the command-line library nor anything of the pipeline."""
    import subprocess
    import sys

    from govkg import __version__

    r = subprocess.run([sys.executable, "-c", LAUNCH, flag], capture_output=True, text=True, timeout=60, check=True)
    assert r.stderr.endswith("loaded:"), r.stderr
    if flag == "--version":
        assert r.stdout == f"govkg {__version__}\n"
    else:
        assert r.stdout.startswith("Usage: govkg [OPTIONS] COMMAND")


def test_the_fast_help_names_every_command_as_typer_does(runner: CliRunner) -> None:
    """help.txt is made from the typer app (tools/make_docs.py, whose --check a docs test runs); here its commands
    and summaries are checked against what `govkg.cli` registers."""
    from importlib import resources

    import typer

    text = (resources.files("govkg") / "help.txt").read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    commands = text.split("Commands:\n", 1)[1]
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        assert f"\n  {name} " in "\n" + commands, name
        first_words = " ".join((cmd.help or "").split()[:4])
        assert first_words in " ".join(commands.split()), name
    assert "--version" in text and "--help" in text


def test_messages_print_names_as_given_never_as_emoji(runner: CliRunner, tmp_path: Path) -> None:
    """rich reads :x: and :smile: as emoji codes: a file named a:x:b.ttl, or an IRI urn:x:a in a message, must print
    as it is (the console had emoji on, and the error named /tmp/a❌b.ttl)."""
    missing = tmp_path / "a:x:b.ttl"
    result = runner.invoke(app, ["query", "ASK { ?s ?p ?o }", "--data", str(missing)])
    assert result.exit_code == 3, result.stderr
    assert str(missing) in result.stderr and "❌" not in result.stderr
    data = tmp_path / "e.nt"
    data.write_text('<urn:x:a> <urn:x:b> "c :smile:" .\n', encoding="utf-8")
    for fmt in ("csv", "table"):
        result = runner.invoke(app, ["query", "SELECT ?s ?o WHERE { ?s ?p ?o }", "--data", str(data), "-f", fmt])
        assert result.exit_code == 0, result.stderr
        assert "urn:x:a" in result.stdout and ":smile:" in result.stdout, result.stdout
