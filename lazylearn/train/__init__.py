"""Training: the loop, its callbacks, the learning-rate range test, diagnostics and hard-example mining.

One concept per module:

=====================================  ==============================================================
:mod:`lazylearn.train.loop`            :func:`train_step` (the step every chapter writes), :func:`fit`,
                                       :func:`evaluate`, :class:`History`
:mod:`lazylearn.train.callbacks`       :class:`Callback`, :class:`EarlyStopping`; schedulers as callbacks
:mod:`lazylearn.train.lr_finder`       :func:`lr_range_test` (Smith 2017), built on :func:`train_step`
:mod:`lazylearn.train.diagnostics`     :func:`layer_stats`: per-layer activations and gradients
:mod:`lazylearn.train.mining`          :func:`bootstrap`, :func:`mine_hard_negatives` (Sung and Poggio 1998)
:mod:`lazylearn.train.search`          :func:`random_search`, :class:`loguniform`
=====================================  ==============================================================

The online variant of hard-example mining is a loss, :class:`lazylearn.losses.OHEMLoss`.
"""
from __future__ import annotations

from .callbacks import Callback, EarlyStopping
from .diagnostics import layer_stats
from .loop import History, evaluate, fit, train_step
from .lr_finder import lr_range_test
from .mining import BootstrapResult, bootstrap, mine_hard_negatives
from .search import loguniform, random_search

__all__ = [
    "History",
    "train_step",
    "fit",
    "evaluate",
    "Callback",
    "EarlyStopping",
    "lr_range_test",
    "layer_stats",
    "bootstrap",
    "BootstrapResult",
    "mine_hard_negatives",
    "random_search",
    "loguniform",
]
