"""govkg: turn Chinese government work reports into validated RDF knowledge graphs."""

#: The one place the version is written: pyproject.toml reads it from here (importlib.metadata would cost every
#: command about 50 ms of start-up).
__version__ = "0.1.0"

__all__ = ["__version__"]
