"""lazylearn: the small NumPy deep-learning package behind the course "Lazy Neural Networks".

Explicit forward and backward passes, no autograd engine; names, arguments and semantics follow
PyTorch. One topic per module:

==========================  ===============================================================
``lazylearn.nn``            ``Parameter``, ``Module``, layers, ``Sequential``; ``nn.functional``
``lazylearn.losses``        loss classes (``loss_fn(input, target)``, ``loss_fn.backward()``)
``lazylearn.optim``         ``SGD``, ``RMSprop``, ``Adagrad``, ``Adam``, ``AdamW`` (``param_groups``), schedulers
``lazylearn.init``          Xavier (Glorot) and He (Kaiming) initialisation
``lazylearn.regularization``  penalties, gradient clipping
``lazylearn.data``          offline data sets, generators, splits, scaling, augmentation, mini-batches
``lazylearn.train``         ``fit``, ``evaluate``, callbacks, lr range test, hard-example mining
``lazylearn.metrics``       accuracy, precision, recall, F1, confusion matrix, AP, IoU
``lazylearn.plot``          the figures the book redraws
``lazylearn.experiments``   chapter 9's focal-loss experiment, seeds on worker processes
``lazylearn.testing``       the checks exercise notebooks call
==========================  ===============================================================

Submodules load on first use (``import lazylearn as ll; ll.nn.Linear(2, 3)``), so importing the
package stays cheap for the command line and for graded notebooks.
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

__all__ = [
    "data",
    "experiments",
    "init",
    "losses",
    "metrics",
    "nn",
    "optim",
    "plot",
    "regularization",
    "testing",
    "train",
]


def __getattr__(name: str):
    if name in __all__:
        module = importlib.import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'lazylearn' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + __all__)
