r"""Stochastic gradient descent, with momentum, dampening, Nesterov momentum and weight decay."""
from __future__ import annotations

from .._validation import check_scalar
from .optimizer import Optimizer, check_bool, gradient, nonneg

__all__ = ["SGD"]


class SGD(Optimizer):
    r"""Stochastic gradient descent, with optional momentum, Nesterov momentum and weight decay.

    At each step, for every parameter :math:`\theta` with a gradient (as ``torch.optim.SGD``):

    .. math::
        g_t &\leftarrow \nabla_\theta L + \lambda \theta_{t-1}
              \qquad (-\nabla_\theta L + \lambda \theta_{t-1} \text{ with maximize}) \\
        b_t &\leftarrow g_t \ (t = 1), \qquad b_t \leftarrow \mu b_{t-1} + (1 - \tau) g_t \ (t > 1)
                                                                 && \text{if } \mu \ne 0 \\
        g_t &\leftarrow g_t + \mu b_t \ \text{(nesterov)}, \qquad g_t \leftarrow b_t \ \text{(otherwise)}
                                                                 && \text{if } \mu \ne 0 \\
        \theta_t &\leftarrow \theta_{t-1} - \gamma g_t

    with learning rate :math:`\gamma`, momentum :math:`\mu`, dampening :math:`\tau` and weight
    decay :math:`\lambda`. The momentum buffer starts as the first gradient itself (not zero), so
    dampening has no effect on the first step.

    Note (two ways of writing momentum): the course notes write momentum as a running *average* of
    the negative gradient, :math:`v_t = a v_{t-1} - (1-a) g_t`, :math:`v_0 = 0`,
    :math:`\theta_t = \theta_{t-1} + \eta v_t`. PyTorch (and this class) keeps a running *sum*,
    :math:`b_t = \mu b_{t-1} + g_t`, :math:`\theta_t = \theta_{t-1} - \gamma b_t`. With
    :math:`\mu = a` they are the same algorithm: by induction :math:`v_t = -(1-a) b_t`
    (:math:`v_1 = -(1-a) g_1 = -(1-a) b_1`, and
    :math:`v_t = a v_{t-1} - (1-a) g_t = -(1-a)(a b_{t-1} + g_t) = -(1-a) b_t`), so
    :math:`\theta_t = \theta_{t-1} - \eta (1-a) b_t`: the averaged form with learning rate
    :math:`\eta` is ``SGD(params, lr=(1 - a) * eta, momentum=a)``. Conversely, PyTorch's ``lr``
    corresponds to :math:`\eta = \gamma / (1 - \mu)` in the averaged form: with ``momentum=0.9``,
    steps along a constant gradient grow to 10 times the plain SGD step.

    Args:
        params: iterable of :class:`~lazylearn.nn.Parameter`, or of parameter-group dicts.
        lr: learning rate :math:`\gamma`. Default: 1e-3.
        momentum: momentum factor :math:`\mu` (>= 0). Default: 0.
        dampening: dampening :math:`\tau` for momentum. Default: 0.
        weight_decay: L2 penalty :math:`\lambda` added to the gradient, the gradient of
            :func:`lazylearn.regularization.l2_penalty` with the same ``weight_decay``. Default: 0.
        nesterov: use Nesterov momentum (needs ``momentum > 0`` and ``dampening == 0``). Default: False.
        maximize: (keyword-only) ascend the objective instead of descending it. Default: False.

    Examples:
        >>> import numpy as np
        >>> from lazylearn.nn import Parameter
        >>> w = Parameter(np.array([1.0, -2.0]))
        >>> opt = SGD([w], lr=0.1, momentum=0.9)
        >>> w.grad = np.array([0.5, 0.5])
        >>> opt.step()
        >>> w.data
        array([ 0.95, -2.05])
    """

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False, *,
                 maximize=False):
        defaults = dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                        nesterov=nesterov, maximize=maximize)
        super().__init__(params, defaults)

    def _check_hyperparameters(self, group: dict) -> dict:
        super()._check_hyperparameters(group)
        group["momentum"] = nonneg(group["momentum"], "momentum")
        group["dampening"] = float(check_scalar(group["dampening"], "dampening"))
        group["weight_decay"] = nonneg(group["weight_decay"], "weight_decay")
        group["nesterov"] = check_bool(group["nesterov"], "nesterov")
        group["maximize"] = check_bool(group["maximize"], "maximize")
        if group["nesterov"] and (group["momentum"] <= 0 or group["dampening"] != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        return group

    def step(self, closure=None):
        loss = None if closure is None else closure()
        for group in self.param_groups:
            lr, momentum, dampening = group["lr"], group["momentum"], group["dampening"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                grad = gradient(p, group["weight_decay"], group["maximize"])
                if momentum != 0:
                    state = self.state[p]
                    if "momentum_buffer" not in state:
                        state["momentum_buffer"] = grad.copy()
                    else:
                        buf = state["momentum_buffer"]
                        buf *= momentum
                        buf += (1 - dampening) * grad if dampening != 0 else grad
                    buf = state["momentum_buffer"]
                    grad = grad + momentum * buf if group["nesterov"] else buf
                p.data -= lr * grad
        return loss
