"""The `govkg` console script. `govkg --help` and `govkg --version` are answered here, from text written with the
release (help.txt, made by tools/make_docs.py from the commands themselves), at the cost of a bare Python start;
everything else goes to `govkg.cli`, whose command-line library (typer, rich) takes about 0.3 s to import."""

from __future__ import annotations

import sys


def main() -> None:
    args = sys.argv[1:]
    if args == ["--help"]:
        import os  # not importlib.resources: it costs more than all the rest (govkg is installed as files)

        with open(os.path.join(os.path.dirname(__file__), "help.txt"), encoding="utf-8") as f:
            sys.stdout.write(f.read())
        return
    if args == ["--version"]:
        from govkg import __version__

        sys.stdout.write(f"govkg {__version__}\n")
        return
    from govkg.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
