"""`groupformer serve`: the coordinator's desk, a local web page; the server itself is groupformer.serve."""

from __future__ import annotations

from pathlib import Path

import click

import groupformer
from groupformer.cli_io import fail


@click.command("serve")
@click.argument("signups", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.argument("solution", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True, help="Port; 0 picks a free one.")
@click.option(
    "--folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("groupformer-desk"),
    show_default=True,
    help="Working folder: sign-ups, settings, every solution and edit; serving it again resumes there.",
)
@click.option("--no-browser", is_flag=True, help="Print the address without opening a browser.")
def serve_command(signups: Path | None, solution: Path | None, port: int, folder: Path, no_browser: bool) -> None:
    """Open the coordinator's desk: upload, solve, edit the groups by hand, download, in the browser.

    It listens on 127.0.0.1 only and prints its address with a secret token; Ctrl-C stops it. Everything
    is kept in --folder as plain JSON (the current solution is FOLDER/solution.json), so nothing is lost.

    \b
    Examples:
      groupformer serve
      groupformer serve signups.json --folder round-2027
      groupformer serve signups.json solution.json --port 8765 --no-browser
    """
    try:
        groupformer.serve(
            signups,
            solution,
            folder=folder,
            port=port,
            open_browser=not no_browser,
            announce=lambda url: click.echo(f"groupformer desk: {url}\n(Ctrl-C stops it; state in {folder}/)"),
        )
    except groupformer.InputError as error:
        fail(error.problems)
    except KeyboardInterrupt:
        click.echo(f"groupformer desk stopped; everything is kept in {folder}/", err=True)
