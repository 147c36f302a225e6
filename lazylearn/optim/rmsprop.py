r"""RMSprop: the gradient divided by a running root mean square of recent gradients."""
from __future__ import annotations

import numpy as np

from .._validation import check_scalar
from .optimizer import Optimizer, check_bool, gradient, nonneg

__all__ = ["RMSprop"]


class RMSprop(Optimizer):
    r"""RMSprop (Tieleman and Hinton 2012): divide the gradient by a running RMS of recent gradients.

    At each step (as ``torch.optim.RMSprop``), with :math:`v_0 = 0`, :math:`\bar g_0 = 0`,
    :math:`b_0 = 0`:

    .. math::
        g_t &\leftarrow \nabla_\theta L + \lambda \theta_{t-1} \\
        v_t &\leftarrow \alpha v_{t-1} + (1 - \alpha) g_t^2 \\
        \bar g_t &\leftarrow \alpha \bar g_{t-1} + (1 - \alpha) g_t, \quad
            \tilde v_t = v_t - \bar g_t^2                            && \text{if centered} \\
        \tilde v_t &= v_t                                            && \text{otherwise} \\
        b_t &\leftarrow \mu b_{t-1} + g_t / (\sqrt{\tilde v_t} + \epsilon), \quad
            \theta_t \leftarrow \theta_{t-1} - \gamma b_t          && \text{if } \mu > 0 \\
        \theta_t &\leftarrow \theta_{t-1} - \gamma g_t / (\sqrt{\tilde v_t} + \epsilon)
                                                                  && \text{otherwise}

    :math:`\epsilon` is added *outside* the square root, as in PyTorch (Keras adds it inside).

    Args:
        params: iterable of :class:`~lazylearn.nn.Parameter`, or of parameter-group dicts.
        lr: learning rate :math:`\gamma`. Default: 1e-2.
        alpha: smoothing constant :math:`\alpha` in [0, 1]. Default: 0.99.
        eps: :math:`\epsilon` added to the denominator. Default: 1e-8.
        weight_decay: L2 penalty :math:`\lambda` added to the gradient. Default: 0.
        momentum: momentum factor :math:`\mu`. Default: 0.
        centered: divide by an estimate of the gradient's variance instead of its second moment.
            Default: False.
        maximize: (keyword-only) ascend the objective instead of descending it. Default: False.

    Examples:
        >>> import numpy as np
        >>> from lazylearn.nn import Parameter
        >>> w = Parameter(np.array([1.0]))
        >>> opt = RMSprop([w], lr=0.01)
        >>> w.grad = np.array([2.0])
        >>> opt.step()    # first step: g / sqrt(0.01 g^2) = 10, so the step is lr * 10
        >>> w.data.round(6)
        array([0.9])
    """

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False, *,
                 maximize=False):
        defaults = dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay, momentum=momentum,
                        centered=centered, maximize=maximize)
        super().__init__(params, defaults)

    def _check_hyperparameters(self, group: dict) -> dict:
        super()._check_hyperparameters(group)
        group["alpha"] = float(check_scalar(group["alpha"], "alpha", min_val=0, max_val=1))
        for name in ("eps", "weight_decay", "momentum"):
            group[name] = nonneg(group[name], name)
        group["centered"] = check_bool(group["centered"], "centered")
        group["maximize"] = check_bool(group["maximize"], "maximize")
        return group

    def step(self, closure=None):
        loss = None if closure is None else closure()
        for group in self.param_groups:
            lr, alpha, eps, momentum = group["lr"], group["alpha"], group["eps"], group["momentum"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                grad = gradient(p, group["weight_decay"], group["maximize"])
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["square_avg"] = np.zeros_like(p.data)
                    if momentum > 0:
                        state["momentum_buffer"] = np.zeros_like(p.data)
                    if group["centered"]:
                        state["grad_avg"] = np.zeros_like(p.data)
                state["step"] += 1
                square_avg = state["square_avg"]
                square_avg *= alpha
                square_avg += (1 - alpha) * grad * grad
                if group["centered"]:
                    grad_avg = state["grad_avg"]
                    grad_avg += (1 - alpha) * (grad - grad_avg)
                    avg = np.sqrt(square_avg - grad_avg * grad_avg) + eps
                else:
                    avg = np.sqrt(square_avg) + eps
                if momentum > 0:
                    buf = state["momentum_buffer"]
                    buf *= momentum
                    buf += grad / avg
                    p.data -= lr * buf
                else:
                    p.data -= lr * grad / avg
        return loss
