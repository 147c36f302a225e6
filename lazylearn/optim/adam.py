r"""Adam and AdamW: momentum on the gradient, divided by a running root mean square, bias-corrected."""
from __future__ import annotations

import numpy as np

from .._validation import check_scalar
from .optimizer import Optimizer, check_bool, gradient, nonneg

__all__ = ["Adam", "AdamW"]


def _check_betas(betas) -> tuple:
    if not isinstance(betas, (tuple, list)) or len(betas) != 2:
        raise TypeError(f"betas must be a tuple of two floats (beta1, beta2); got {betas!r}.")
    return tuple(
        float(check_scalar(b, f"betas[{i}]", min_val=0, max_val=1, include_max=False))
        for i, b in enumerate(betas)
    )


def adam_update_(param, grad, exp_avg, exp_avg_sq, max_exp_avg_sq, *, beta1, beta2, step_size,
                 bias_correction2_sqrt, eps) -> None:
    """Adam's moment updates and parameter step, in place, with one temporary array.

    The same arithmetic, in the same order (so the results are identical to the last bit), as
    the plain form::

        exp_avg += (1 - beta1) * (grad - exp_avg)                  # m <- b1 m + (1 - b1) g
        exp_avg_sq *= beta2
        exp_avg_sq += (1 - beta2) * grad * grad                    # v <- b2 v + (1 - b2) g^2
        if max_exp_avg_sq is not None:                             # amsgrad: the largest v so far
            np.maximum(max_exp_avg_sq, exp_avg_sq, out=max_exp_avg_sq)
            exp_avg_sq = max_exp_avg_sq
        denom = np.sqrt(exp_avg_sq) / bias_correction2_sqrt + eps
        param -= step_size * (exp_avg / denom)

    which allocates five arrays the size of the parameter per step; Adam is the most expensive
    step of the training loop the book teaches, so this form reuses one.
    """
    work = np.subtract(grad, exp_avg)
    work *= 1 - beta1
    exp_avg += work
    np.multiply(grad, 1 - beta2, out=work)
    work *= grad
    exp_avg_sq *= beta2
    exp_avg_sq += work
    if max_exp_avg_sq is not None:
        np.maximum(max_exp_avg_sq, exp_avg_sq, out=max_exp_avg_sq)
        exp_avg_sq = max_exp_avg_sq
    np.sqrt(exp_avg_sq, out=work)
    work /= bias_correction2_sqrt
    work += eps
    np.divide(exp_avg, work, out=work)
    work *= step_size
    param -= work


class Adam(Optimizer):
    r"""Adam (Kingma and Ba 2015): momentum on the gradient, divided by a running RMS, bias-corrected.

    At each step :math:`t = 1, 2, \dots` (as ``torch.optim.Adam``), with :math:`m_0 = v_0 = 0`:

    .. math::
        g_t &\leftarrow \nabla_\theta L + \lambda \theta_{t-1}   \qquad \text{(L2, coupled)} \\
        m_t &\leftarrow \beta_1 m_{t-1} + (1 - \beta_1) g_t \\
        v_t &\leftarrow \beta_2 v_{t-1} + (1 - \beta_2) g_t^2
              \qquad (\hat v_t = \max(\hat v_{t-1}, v_t) \text{ replaces } v_t \text{ with amsgrad}) \\
        \theta_t &\leftarrow \theta_{t-1} - \frac{\gamma}{1 - \beta_1^t}
                   \cdot \frac{m_t}{\sqrt{v_t} / \sqrt{1 - \beta_2^t} + \epsilon}

    The weight decay here is an L2 penalty added to the gradient, so it is rescaled by
    :math:`\sqrt{v_t}` like the rest of the gradient; :class:`AdamW` decouples it.
    :math:`\epsilon` is added after the bias correction of :math:`\sqrt{v_t}`, as in PyTorch.
    The last three lines run in :func:`adam_update_`.

    Args:
        params: iterable of :class:`~lazylearn.nn.Parameter`, or of parameter-group dicts.
        lr: learning rate :math:`\gamma`. Default: 1e-3.
        betas: :math:`(\beta_1, \beta_2)`, each in [0, 1). Default: (0.9, 0.999).
        eps: :math:`\epsilon` added to the denominator. Default: 1e-8.
        weight_decay: L2 penalty :math:`\lambda` added to the gradient. Default: 0.
        amsgrad: divide by the largest :math:`v` seen so far (Reddi et al. 2018). Default: False.
        maximize: (keyword-only) ascend the objective instead of descending it. Default: False.
        decoupled_weight_decay: (keyword-only) decay the weights as :class:`AdamW`. Default: False.

    Examples:
        >>> import numpy as np
        >>> from lazylearn.nn import Parameter
        >>> w = Parameter(np.array([1.0, 1.0]))
        >>> opt = Adam([w], lr=0.1)
        >>> w.grad = np.array([5.0, -0.01])
        >>> opt.step()    # the first step is lr * sign(g) whatever the gradient's size
        >>> w.data.round(6)
        array([0.9, 1.1])
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, *,
                 maximize=False, decoupled_weight_decay=False):
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad,
                        maximize=maximize, decoupled_weight_decay=decoupled_weight_decay)
        super().__init__(params, defaults)

    def _check_hyperparameters(self, group: dict) -> dict:
        super()._check_hyperparameters(group)
        group["betas"] = _check_betas(group["betas"])
        group["eps"] = nonneg(group["eps"], "eps")
        group["weight_decay"] = nonneg(group["weight_decay"], "weight_decay")
        for name in ("amsgrad", "maximize", "decoupled_weight_decay"):
            group[name] = check_bool(group[name], name)
        return group

    def step(self, closure=None):
        loss = None if closure is None else closure()
        for group in self.param_groups:
            lr, (beta1, beta2), weight_decay = group["lr"], group["betas"], group["weight_decay"]
            decoupled = group["decoupled_weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                grad = gradient(p, 0.0 if decoupled else weight_decay, group["maximize"])
                if decoupled and weight_decay != 0:
                    p.data *= 1 - lr * weight_decay  # AdamW: shrink the weights, not the gradient
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["exp_avg"] = np.zeros_like(p.data)
                    state["exp_avg_sq"] = np.zeros_like(p.data)
                    if group["amsgrad"]:
                        state["max_exp_avg_sq"] = np.zeros_like(p.data)
                state["step"] += 1
                bias_correction1 = 1 - beta1 ** state["step"]
                bias_correction2 = 1 - beta2 ** state["step"]
                adam_update_(p.data, grad, state["exp_avg"], state["exp_avg_sq"], state.get("max_exp_avg_sq"),
                             beta1=beta1, beta2=beta2, step_size=lr / bias_correction1,
                             bias_correction2_sqrt=bias_correction2**0.5, eps=group["eps"])
        return loss


class AdamW(Adam):
    r"""Adam with decoupled weight decay (Loshchilov and Hutter 2019).

    Same as :class:`Adam` except the weight decay, which shrinks the parameter directly instead of
    being added to the gradient (as ``torch.optim.AdamW``):

    .. math::
        \theta_{t-1} &\leftarrow \theta_{t-1} (1 - \gamma \lambda) \\
        m_t &\leftarrow \beta_1 m_{t-1} + (1 - \beta_1) g_t \\
        v_t &\leftarrow \beta_2 v_{t-1} + (1 - \beta_2) g_t^2 \\
        \theta_t &\leftarrow \theta_{t-1} - \frac{\gamma}{1 - \beta_1^t}
                   \cdot \frac{m_t}{\sqrt{v_t} / \sqrt{1 - \beta_2^t} + \epsilon}

    The decay is multiplied by the learning rate :math:`\gamma` (PyTorch's convention; the paper
    uses a separate schedule multiplier), so a scheduler that lowers ``lr`` lowers it too.

    Args:
        params: iterable of :class:`~lazylearn.nn.Parameter`, or of parameter-group dicts.
        lr: learning rate :math:`\gamma`. Default: 1e-3.
        betas: :math:`(\beta_1, \beta_2)`, each in [0, 1). Default: (0.9, 0.999).
        eps: :math:`\epsilon` added to the denominator. Default: 1e-8.
        weight_decay: decoupled weight decay :math:`\lambda`. Default: 1e-2.
        amsgrad: as :class:`Adam`. Default: False.
        maximize: (keyword-only) ascend the objective instead of descending it. Default: False.

    Examples:
        >>> import numpy as np
        >>> from lazylearn.nn import Parameter
        >>> w = Parameter(np.array([1.0]))
        >>> opt = AdamW([w], lr=0.1, weight_decay=0.5)
        >>> w.grad = np.array([2.0])
        >>> opt.step()    # 1 * (1 - 0.1 * 0.5) - 0.1
        >>> w.data.round(6)
        array([0.85])
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False, *,
                 maximize=False):
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad,
                         maximize=maximize, decoupled_weight_decay=True)
