"""`kgraph build` and `kgraph watch`: articles in, graph files out."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from kgraph.display import for_terminal
from kgraph.errors import KGraphError


@click.command()
@click.argument("seeds", type=click.Path(path_type=Path), default="seeds", metavar="[SEEDS]")
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default="graphs", show_default=True,
              help="Folder for kgraph.ttl, kgraph.trig and kgraph.html.")
@click.option("--strict", is_flag=True, help="Stop at the first file that cannot be read.")
@click.option("--encoding", default="utf-8", show_default=True, help="Text encoding of the article files.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bars for parsing and validation (default: on a terminal only).")
@click.option("--store", "store_dir", type=click.Path(path_type=Path), default=None,
              help="Also keep the graph in an on-disk Oxigraph store in this folder (e.g. graphs/store).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes that parse articles and validate the graph (default: all cores).")
@click.option("--cache/--no-cache", default=True, show_default=True,
              help="Reuse the extraction of articles unchanged since an earlier build.")
@click.option("--cache-dir", type=click.Path(path_type=Path), default=None,
              help="Where extractions are cached (default: $KGRAPH_CACHE_DIR or ~/.cache/kgraph).")
@click.option("--cluster", metavar="ADDRESS|local", default=None,
              help="Parse on the Dask scheduler at ADDRESS (tcp://host:8786), or on a Dask cluster of --jobs "
              "processes on this machine for `local` (see docs/cluster.md).")
@click.option("--follow-links", is_flag=True,
              help="Read symbolic links to files outside SEEDS (by default they are reported and skipped).")
def build(seeds: Path, out_dir: Path, strict: bool, encoding: str, progress: bool | None,
          store_dir: Path | None, jobs: int | None, cache: bool, cache_dir: Path | None, cluster: str | None,
          follow_links: bool) -> None:
    """Read every *.txt article in SEEDS (default: ./seeds), extract claims, validate and write the graph files.

    \b
    An article is a UTF-8 text file; its first line may start with a header giving the
    publication date, `date YYYY-MM-DD`, followed by the text:
        date 2025-12-11 Amnesty International charged Hamas with ...
    Without the header, claims are dated only where the text dates them. The file name
    (without .txt) is the document's id. SEEDS may also be one .txt file. See docs/input.md.
    """
    from kgraph.build import build as run_build

    result = run_build(seeds, out_dir, strict=strict, encoding=encoding, progress=progress, jobs=jobs,
                       cache=cache, cache_dir=cache_dir, cluster=cluster, follow_links=follow_links)
    for failure in result.failures:
        click.echo(f"kgraph: skipped: {for_terminal(failure)}", err=True)
    for note in result.partial:
        click.echo(f"kgraph: left out: {for_terminal(note)}", err=True)
    click.echo(result.summary())
    click.echo("wrote: " + ", ".join(str(p) for p in result.outputs))
    if store_dir is not None:
        from kgraph.store import save_store

        triples = save_store(out_dir / "kgraph.trig", store_dir)
        click.echo(f"store: {store_dir} ({triples} triples)")
    if result.failures or result.partial:
        sys.exit(1)  # some articles skipped, or built without something they say


@click.command()
@click.argument("seeds", type=click.Path(path_type=Path, exists=True), default="seeds")
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default="graphs", show_default=True,
              help="Folder for kgraph.ttl, kgraph.trig and kgraph.html.")
@click.option("--interval", type=click.FloatRange(min=0.05), default=1.0, show_default=True,
              help="Seconds between looks at the folder.")
@click.option("--encoding", default="utf-8", show_default=True, help="Text encoding of the article files.")
@click.option("--view/--no-view", default=True, show_default=True, help="Redraw kgraph.html on each build.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes for the first build (default: all cores); a few changed articles are parsed here.")
@click.option("--cache-dir", type=click.Path(path_type=Path), default=None,
              help="Where extractions are cached (default: $KGRAPH_CACHE_DIR or ~/.cache/kgraph).")
def watch(seeds: Path, out_dir: Path, interval: float, encoding: str, view: bool, jobs: int | None,
          cache_dir: Path | None) -> None:
    """Build SEEDS, then rebuild each time an article is added, changed or removed, until Ctrl-C.

    The spaCy pipeline stays loaded, so a rebuild parses only the changed articles.
    """
    from kgraph.build import BuildResult
    from kgraph.build.watch import watch as run_watch

    def report(done: BuildResult | KGraphError) -> None:
        if isinstance(done, KGraphError):
            click.echo(f"kgraph: error: {done} (still watching)", err=True)
            return
        for failure in done.failures:
            click.echo(f"kgraph: skipped: {failure}", err=True)
        click.echo(f"built {done.documents} documents (parsed {done.parsed}), {done.triples} triples "
                   f"in {done.seconds:.1f} s: " + ", ".join(str(p) for p in done.outputs))

    click.echo(f"watching {seeds} (every {interval:g} s); Ctrl-C stops", err=True)
    try:
        run_watch(seeds, out_dir, interval=interval, jobs=jobs, cache_dir=cache_dir, encoding=encoding, view=view,
                  report=report)
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
