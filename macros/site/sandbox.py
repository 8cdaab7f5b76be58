"""The second wall: mkdocs-macros renders pages in Jinja's sandbox, where only the archive's macros exist.

page_language lets through only calls of the archive's macros with literal arguments. Should it ever be wrong,
the environment that renders pages still reaches nothing else: no attribute at all (so nothing starting with `_`,
no module), no item, no Jinja global (cycler, lipsum, namespace, range …), no filter or test, no template loader,
and none of the variables mkdocs-macros passes to every page (config, environment, page, navigation, files …);
only the archive's macros may be called.

mkdocs-macros 1.5.0 builds its Jinja environment in its on_config, after our define_env, and keeps it in the
plugin's `_env` (read through the `env` property). `install_sandbox` replaces it before the first page is rendered.
"""

from __future__ import annotations

from jinja2 import Template
from jinja2.sandbox import SandboxedEnvironment

from ..archive.page_language import JINJA_SYNTAX, LEXER_SETTINGS, MACROS


class _PageTemplate(Template):
    """A page's template sees the archive's macros (the environment's globals) and no other variable."""

    def render(self, *args, **kwargs) -> str:  # noqa: ARG002 - mkdocs-macros' page variables are dropped on purpose
        return super().render()


class ArchiveSandbox(SandboxedEnvironment):
    template_class = _PageTemplate

    def __init__(self, macros: dict, undefined=None):
        options = {"undefined": undefined} if undefined is not None else {}
        super().__init__(**JINJA_SYNTAX, **options, autoescape=False)
        self.globals = {name: function for name, function in macros.items() if name in MACROS}
        self.filters = {}
        self.tests = {}
        self._callables = {id(function) for function in self.globals.values()}

    def is_safe_attribute(self, obj, attr, value) -> bool:
        return False  # pages read no attribute: none starting with _, none of a module

    def is_safe_callable(self, obj) -> bool:
        return id(obj) in self._callables

    def getattr(self, obj, attribute):
        return self.unsafe_undefined(obj, attribute)  # never even looked up: a property runs code when read

    def getitem(self, obj, argument):
        return self.unsafe_undefined(obj, str(argument))


def syntax_differences(environment) -> list[str]:
    """The lexer settings in which `environment` differs from the page language's (j2_* options in mkdocs.yml)."""
    reference = ArchiveSandbox({})
    differ = [name for name in LEXER_SETTINGS if getattr(environment, name) != getattr(reference, name)]
    if environment.extensions:
        differ.append("extensions")
    return differ


def install_sandbox(plugin) -> ArchiveSandbox:
    """Make mkdocs-macros (`plugin`, the `env` given to define_env) render in the sandbox; idempotent."""
    current = plugin.env
    if isinstance(current, ArchiveSandbox):
        return current
    sandbox = ArchiveSandbox(dict(plugin.macros), undefined=current.undefined)
    plugin._env = sandbox
    if plugin.env is not sandbox:
        raise RuntimeError("mkdocs-macros no longer keeps its Jinja environment in _env: update macros/site/sandbox.py")
    return sandbox
