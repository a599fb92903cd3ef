"""Hosted platforms: folders every user of one service has, and each user's own area there.

One table. A platform's ``shared`` folders are the same for everyone on it
(``/kaggle/input``, Colab's ``/content``): not machine-specific, so reported only as RH103
when a project must also run off the platform. A user's own area on it (``/content/drive``,
a Databricks ``/Workspace/Users/<email>``) is one person's, and always reported (RH109).
A notebook's metadata (``colab``, ``kaggle``) and its imports (``google.colab``) say which
platform it is written for; a mount call (``drive.mount('/content/gdrive')``) names a
folder that holds the user's own files from then on.

Adding a platform is one ``Platform(...)`` row.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Platform:
    """``name`` as messages print it; ``shared`` roots every user of the platform has;
    ``personal`` patterns (matched at the start of a path) for a user's own area;
    ``metadata`` keys and imported ``modules`` that mark a notebook written for it;
    ``mounts``, the calls that mount a user's storage at the folder they are given."""

    name: str
    shared: tuple[str, ...]
    personal: tuple[str, ...] = ()
    metadata: tuple[str, ...] = ()
    modules: tuple[str, ...] = ()
    mounts: tuple[str, ...] = ()

    def holds(self, path: str) -> bool:
        return _pattern(self.shared, personal=False).match(path) is not None

    def owns(self, path: str) -> bool:
        return (
            bool(self.personal) and _pattern(self.personal, personal=True).match(path) is not None
        )


@functools.cache
def _pattern(entries: tuple[str, ...], personal: bool) -> re.Pattern[str]:
    """One regular expression for a platform's roots (a root or anything inside it), or
    for its personal patterns."""
    if personal:
        return re.compile("|".join(f"(?:{entry})" for entry in entries))
    return re.compile("|".join(f"{re.escape(root.rstrip('/'))}(?:/|$)" for root in entries))


PLATFORMS: tuple[Platform, ...] = (
    Platform(
        "Kaggle",
        shared=("/kaggle",),
        metadata=("kaggle",),
        modules=("kaggle_secrets", "kaggle_datasets", "kaggle_web_client", "learntools"),
    ),
    Platform(
        "Colab",
        shared=("/content",),
        personal=(r"/content/drive(?:/|$)", r"/content/gdrive(?:/|$)", r"/gdrive(?:/|$)"),
        metadata=("colab",),
        modules=("google.colab",),
        mounts=("drive.mount", "colab.drive.mount", "google.colab.drive.mount"),
    ),
    Platform("SageMaker", shared=("/opt/ml",), modules=("sagemaker_training",)),
    Platform(
        "Databricks",
        shared=("/dbfs", "/Workspace", "/databricks", "/databricks-datasets", "/local_disk0"),
        personal=(r"/Workspace/(?:Users|Repos)/[^/]+", r"/dbfs/(?:Users|user)/[^/]+"),
        metadata=("application/vnd.databricks.v1+notebook",),
        modules=("pyspark.dbutils", "databricks.sdk.runtime"),
        mounts=("dbutils.fs.mount",),
    ),
    Platform(
        "Azure ML",
        shared=("/mnt/azureml", "/home/azureuser"),
        personal=(r"/home/azureuser/cloudfiles/code/Users/[^/]+",),
        modules=("azureml.core",),
    ),
    Platform("Vertex AI", shared=("/home/jupyter",), personal=(r"/gcs/[^/]+",)),
    Platform("Jupyter Docker Stacks and Binder", shared=("/home/jovyan",)),
    Platform("Lightning AI", shared=("/teamspace",)),
    Platform("a container image", shared=("/workspace", "/opt/app", "/input", "/output")),
)

_IMPORT = re.compile(r"^\s*(?:from|import)\s+([\w.]+)", re.MULTILINE)


@dataclass(frozen=True)
class PlatformPlace:
    """Where a path points on a platform: ``personal`` (a user's own area) or not."""

    platform: Platform
    personal: bool


def place_of(path: str, mounts: Iterable[str] = ()) -> PlatformPlace | None:
    """The platform folder ``path`` is in, or ``None``. ``mounts`` are folders the file
    mounts a user's storage at: a path under one is that user's own."""
    if not path.startswith("/") or (not mounts and _any_place().match(path) is None):
        return None
    for platform in PLATFORMS:
        if platform.owns(path) or (platform.mounts and _under(path, mounts)):
            return PlatformPlace(platform, personal=True)
    for platform in PLATFORMS:
        if platform.holds(path):
            return PlatformPlace(platform, personal=False)
    return None


@functools.cache
def _any_place() -> re.Pattern[str]:
    """Every platform's roots and personal patterns at once: most paths are on none."""
    patterns = [_pattern(p.shared, personal=False) for p in PLATFORMS]
    patterns += [_pattern(p.personal, personal=True) for p in PLATFORMS if p.personal]
    return re.compile("|".join(f"(?:{pattern.pattern})" for pattern in patterns))


def _under(path: str, roots: Iterable[str]) -> bool:
    return any(path == root or path.startswith(root.rstrip("/") + "/") for root in roots)


def platforms_named(metadata_keys: Iterable[str], python: Iterable[str]) -> set[str]:
    """The platforms a notebook's metadata keys and the imports of its code name."""
    keys = set(metadata_keys)
    modules = {match for text in python if "import" in text for match in _IMPORT.findall(text)}
    named = set()
    for platform in PLATFORMS:
        if keys & set(platform.metadata) or any(
            module == wanted or module.startswith(wanted + ".")
            for module in modules
            for wanted in platform.modules
        ):
            named.add(platform.name)
    return named


def is_mount_call(call: str | None) -> bool:
    """``drive.mount(...)``: a call that mounts a user's storage."""
    return call is not None and any(
        call == mount or call.endswith("." + mount) for p in PLATFORMS for mount in p.mounts
    )
