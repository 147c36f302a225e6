"""Experiments too long for a book cell, importable so that their seeds run on worker processes.

======================================  =============================================================
``lazylearn.experiments.focal``         chapter 9: focal loss against CE, OHEM and weighted CE on a
                                        dense-detection toy (``Config``, ``train``, ``run``)
``lazylearn.experiments.optimizers``    chapter 5: optimizers on a ravine and on the digits MLP, and
                                        the noise floor of mini-batch SGD under a schedule (``run``)
======================================  =============================================================
"""
from __future__ import annotations

from . import focal, optimizers

__all__ = ["focal", "optimizers"]
