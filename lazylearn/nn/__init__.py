"""Layers (``lazylearn.nn``) and the math behind them (``lazylearn.nn.functional``).

Names and semantics follow ``torch.nn``; every layer has an explicit ``forward`` and ``backward``.
"""
from . import functional
from .modules import (
    BatchNorm1d,
    Dropout,
    Flatten,
    LeakyReLU,
    Linear,
    LogSoftmax,
    Module,
    Parameter,
    PReLU,
    ReLU,
    Sequential,
    Sigmoid,
    Softmax,
    Tanh,
)

__all__ = [
    "functional",
    "Parameter",
    "Module",
    "Linear",
    "ReLU",
    "LeakyReLU",
    "PReLU",
    "Sigmoid",
    "Tanh",
    "Softmax",
    "LogSoftmax",
    "Flatten",
    "BatchNorm1d",
    "Dropout",
    "Sequential",
]
