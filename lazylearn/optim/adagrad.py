r"""Adagrad: per-coordinate learning rates that shrink with the sum of squared gradients."""
from __future__ import annotations

import numpy as np

from .optimizer import Optimizer, check_bool, gradient, nonneg

__all__ = ["Adagrad"]


class Adagrad(Optimizer):
    r"""Adagrad (Duchi et al. 2011): per-coordinate steps that shrink with the sum of squared gradients.

    At each step :math:`t = 1, 2, \dots` (as ``torch.optim.Adagrad``), with
    :math:`s_0 = ` ``initial_accumulator_value``:

    .. math::
        g_t &\leftarrow \nabla_\theta L + \lambda \theta_{t-1} \\
        \tilde\gamma_t &= \gamma / (1 + (t - 1) \eta) \\
        s_t &\leftarrow s_{t-1} + g_t^2 \\
        \theta_t &\leftarrow \theta_{t-1} - \tilde\gamma_t \, g_t / (\sqrt{s_t} + \epsilon)

    Args:
        params: iterable of :class:`~lazylearn.nn.Parameter`, or of parameter-group dicts.
        lr: learning rate :math:`\gamma`. Default: 1e-2.
        lr_decay: learning-rate decay :math:`\eta`. Default: 0.
        weight_decay: L2 penalty :math:`\lambda` added to the gradient. Default: 0.
        initial_accumulator_value: starting value of the sum :math:`s`. Default: 0.
        eps: :math:`\epsilon` added to the denominator. Default: 1e-10.
        maximize: (keyword-only) ascend the objective instead of descending it. Default: False.

    Examples:
        >>> import numpy as np
        >>> from lazylearn.nn import Parameter
        >>> w = Parameter(np.array([1.0]))
        >>> opt = Adagrad([w], lr=0.1)
        >>> w.grad = np.array([3.0])
        >>> opt.step()    # 1 - 0.1 * 3 / sqrt(9)
        >>> w.data.round(6)
        array([0.9])
    """

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10, *,
                 maximize=False):
        defaults = dict(lr=lr, lr_decay=lr_decay, weight_decay=weight_decay,
                        initial_accumulator_value=initial_accumulator_value, eps=eps, maximize=maximize)
        super().__init__(params, defaults)

    def _check_hyperparameters(self, group: dict) -> dict:
        super()._check_hyperparameters(group)
        for name in ("lr_decay", "weight_decay", "initial_accumulator_value", "eps"):
            group[name] = nonneg(group[name], name)
        group["maximize"] = check_bool(group["maximize"], "maximize")
        return group

    def step(self, closure=None):
        loss = None if closure is None else closure()
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                grad = gradient(p, group["weight_decay"], group["maximize"])
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["sum"] = np.full_like(p.data, group["initial_accumulator_value"])
                state["step"] += 1
                clr = group["lr"] / (1 + (state["step"] - 1) * group["lr_decay"])
                state["sum"] += grad * grad
                p.data -= clr * grad / (np.sqrt(state["sum"]) + group["eps"])
        return loss
