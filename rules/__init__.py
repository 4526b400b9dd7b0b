"""greengate's domain: the disclosure model, rule packs and their evaluation.

The public API is in the submodules: :mod:`rules.engine` (``evaluate``,
``EvaluationOptions``), :mod:`rules.loader` (``load_packs``, ``Pack``),
:mod:`rules.explain` and :mod:`rules.scope`. They are not re-exported here so
that importing the model (``rules.disclosure``) stays cheap.
"""

__all__: list[str] = []
