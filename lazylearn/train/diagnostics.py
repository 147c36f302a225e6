"""Per-layer statistics of activations and gradients, to see signals vanish or explode (chapter 6)."""
from __future__ import annotations

import math

import numpy as np

__all__ = ["layer_stats"]


def layer_stats(model, x, y, loss_fn) -> list:
    """One forward and backward pass through a ``Sequential``, with each layer's output and gradient.

    The model runs in the mode it is in, on the batch ``(x, y)``. For layer ``i`` (``model[i]``)
    the returned dict holds:

    * ``'name'``: ``'i: LayerType'``;
    * ``'output'``: the layer's output on ``x``, and ``'output_mean'``, ``'output_std'`` (ddof 0);
    * ``'grad_output'``: dL/d(output), and ``'grad_std'``;
    * ``'grad_norm'``: the 2-norm of the gradients of the layer's parameters taken together
      (None for a layer without parameters).

    The parameters' ``grad`` are left as they were before the call.

    Args:
        model: a :class:`~lazylearn.nn.Sequential`.
        x, y: one mini-batch.
        loss_fn: a loss object (``loss_fn(output, y)``, ``loss_fn.backward()``).

    Returns:
        a list with one dict per layer, in order.

    Examples:
        >>> from lazylearn.nn import Linear, ReLU, Sequential
        >>> from lazylearn.losses import MSELoss
        >>> model = Sequential(Linear(3, 4, rng=0), ReLU(), Linear(4, 1, rng=1))
        >>> stats = layer_stats(model, np.ones((5, 3)), np.zeros((5, 1)), MSELoss())
        >>> [s["name"] for s in stats], stats[1]["grad_norm"] is None, stats[0]["output"].shape
        (['0: Linear', '1: ReLU', '2: Linear'], True, (5, 4))
    """
    from ..nn import Sequential

    if not isinstance(model, Sequential):
        raise TypeError(f"layer_stats needs a lazylearn.nn.Sequential, to see each layer; got {type(model).__name__}.")
    layers = list(model)
    saved = [(p, p.grad) for p in model.parameters()]
    for p, _ in saved:
        p.grad = None
    try:
        outputs, h = [], x
        for layer in layers:
            h = layer(h)
            outputs.append(h)
        loss_fn(h, y)
        grads, g = [None] * len(layers), loss_fn.backward()
        for i in reversed(range(len(layers))):
            grads[i] = g
            g = layers[i].backward(g)
        stats = []
        for i, (layer, out, grad) in enumerate(zip(layers, outputs, grads, strict=True)):
            params = [p for p in layer.parameters() if p.grad is not None]
            norm = math.sqrt(sum(float(np.vdot(p.grad, p.grad)) for p in params)) if params else None
            stats.append({
                "name": f"{i}: {type(layer).__name__}",
                "output": out, "output_mean": float(np.mean(out)), "output_std": float(np.std(out)),
                "grad_output": grad, "grad_std": float(np.std(grad)), "grad_norm": norm,
            })
    finally:
        for p, g in saved:
            p.grad = g
    return stats
