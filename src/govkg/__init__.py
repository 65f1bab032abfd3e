"""govkg: turn Chinese government work reports into validated RDF knowledge graphs."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("govkg")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
