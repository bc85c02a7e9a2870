"""The command line: Typer declarations only. Each command converts its options once into
typed settings, calls one function of `cxcheck.app`, and exits with its outcome."""

from cxcheck.cli import assess, catalogue, metrics, results  # noqa: F401  (each registers its commands)
from cxcheck.cli.main import app


def main() -> None:
    """Console-script entry point."""
    app()


__all__ = ["app", "main"]
