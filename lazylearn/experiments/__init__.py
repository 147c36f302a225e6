"""Experiments too long for a book cell, importable so that their seeds run on worker processes.

=================================  =================================================================
``lazylearn.experiments.focal``    chapter 9: focal loss against CE, OHEM and weighted CE on a
                                   dense-detection toy (``Config``, ``train``, ``run``)
=================================  =================================================================
"""
from __future__ import annotations

from . import focal

__all__ = ["focal"]
