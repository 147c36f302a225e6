r"""Optimizers: SGD (with momentum and Nesterov), RMSprop, Adagrad, Adam and AdamW.

Each optimizer follows ``torch.optim`` (PyTorch 2.13, the single-tensor code path): the same
argument names, defaults, validation and update rules, written out in each class's docstring. An
optimizer holds a list of :class:`~lazylearn.nn.Parameter` objects and, on ``step()``, updates
each parameter's ``data`` **in place** from its ``grad``. Parameters whose ``grad`` is None are
skipped. The arithmetic stays in the parameter's dtype: float32 parameters stay float32.

Differences from PyTorch, on purpose: there are no parameter groups (one learning rate for all
parameters, read and set as ``optimizer.lr``), and ``state[p]["step"]`` is a Python int rather than
a tensor.

Write your own optimizer by subclassing :class:`Optimizer`::

    class SignSGD(Optimizer):
        def __init__(self, params, lr=1e-3):
            super().__init__(params, dict(lr=lr))

        def step(self):
            for p in self.params:
                if p.grad is not None:
                    p.data -= self.lr * np.sign(p.grad)

The module also gives access to :mod:`lazylearn.optim.lr_scheduler` and to
:func:`~lazylearn.optim.lr_finder.lr_range_test`.
"""
from __future__ import annotations

import copy
from collections import defaultdict

import numpy as np

from .._validation import check_scalar
from ..nn import Parameter

__all__ = [
    "Optimizer",
    "SGD",
    "RMSprop",
    "Adagrad",
    "Adam",
    "AdamW",
    "lr_scheduler",
    "lr_range_test",
]


def _check_params(params) -> list:
    if isinstance(params, Parameter) or isinstance(params, np.ndarray):
        raise TypeError(
            "params must be an iterable of Parameters (for example model.parameters()); got a single "
            f"{type(params).__name__}. Wrap it in a list: [param]."
        )
    try:
        params = list(params)
    except TypeError:
        hint = " Pass model.parameters()." if callable(getattr(params, "parameters", None)) else ""
        raise TypeError(
            f"params must be an iterable of Parameters; got {type(params).__name__}.{hint}"
        ) from None
    if not params:
        raise ValueError("optimizer got an empty parameter list")
    for i, p in enumerate(params):
        if not isinstance(p, Parameter):
            raise TypeError(
                f"params[{i}] must be a lazylearn.nn.Parameter; got {type(p).__name__}. "
                "Pass model.parameters(), or wrap arrays with Parameter(array)."
            )
    if len({id(p) for p in params}) != len(params):
        raise ValueError("params holds the same Parameter more than once.")
    return params


def _nonneg(value, name: str) -> float:
    """A float in [0, inf), as a Python float (a numpy float64 scalar would upcast float32 arrays)."""
    return float(check_scalar(value, name, min_val=0))


def _check_betas(betas) -> tuple:
    if not isinstance(betas, (tuple, list)) or len(betas) != 2:
        raise TypeError(f"betas must be a tuple of two floats (beta1, beta2); got {betas!r}.")
    return tuple(
        float(check_scalar(b, f"betas[{i}]", min_val=0, max_val=1, include_max=False))
        for i, b in enumerate(betas)
    )


def _check_bool(value, name: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be a bool; got {value!r}.")
    return bool(value)


class Optimizer:
    """Base class of every optimizer.

    A subclass passes its hyperparameters as ``defaults`` (a dict that must hold ``"lr"``) and
    implements :meth:`step`, reading each parameter's ``grad`` and updating its ``data`` in place.

    Args:
        params: an iterable of :class:`~lazylearn.nn.Parameter`, usually ``model.parameters()``.
        defaults: the hyperparameters, e.g. ``{"lr": 0.1, "momentum": 0.9}``.

    Attributes:
        params: the list of parameters.
        defaults: the hyperparameters given to the constructor. ``step()`` reads them from here,
            so changing ``defaults["momentum"]`` changes later steps; ``lr`` lives in the property.
        lr: the learning rate; settable (schedulers set it), validated as a float in [0, inf).
        state: a dict mapping each parameter to its own dict of buffers (``"momentum_buffer"``,
            ``"exp_avg"``, ...) and, for optimizers that count steps, its ``"step"`` count, with
            the same keys as ``torch.optim``. Created lazily on the first ``step()``.
    """

    def __init__(self, params, defaults: dict):
        if not isinstance(defaults, dict) or "lr" not in defaults:
            raise TypeError(f"defaults must be a dict holding 'lr'; got {defaults!r}.")
        self.params = _check_params(params)
        self.defaults = dict(defaults)
        self.state = defaultdict(dict)
        self._work = {}
        self.lr = defaults["lr"]

    @property
    def lr(self) -> float:
        return self._lr

    @lr.setter
    def lr(self, value) -> None:
        self._lr = _nonneg(value, "lr")

    def step(self, closure=None):
        """Update every parameter that has a gradient. ``closure``, if given, is called first
        (it should recompute the loss) and its result returned, as in PyTorch."""
        raise NotImplementedError(f"{type(self).__name__} must implement step().")

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the gradients before the next backward pass.

        Args:
            set_to_none: set each ``grad`` to None (PyTorch's default, and so ours); the next
                backward pass then allocates a fresh gradient. With False, fill the existing
                arrays with zeros (what ``Module.zero_grad()`` does). Either way ``step()``
                skips parameters whose ``grad`` is None. Default: True.
        """
        for p in self.params:
            if set_to_none:
                p.grad = None
            elif p.grad is not None:
                p.grad.fill(0)

    def state_dict(self) -> dict:
        """Copies of ``lr``, ``defaults`` and the per-parameter state, keyed by position in ``params``."""
        return {
            "lr": self.lr,
            "defaults": dict(self.defaults),
            "state": {i: copy.deepcopy(self.state[p]) for i, p in enumerate(self.params) if p in self.state},
        }

    def load_state_dict(self, state_dict: dict) -> None:
        """Restore what :meth:`state_dict` returned (copied, so the saved dict stays untouched)."""
        if not isinstance(state_dict, dict) or not {"lr", "defaults", "state"} <= set(state_dict):
            raise TypeError("state_dict must be a dict returned by Optimizer.state_dict().")
        self.lr = state_dict["lr"]
        self.defaults = dict(state_dict["defaults"])
        self.state = defaultdict(dict)
        for i, s in state_dict["state"].items():
            self.state[self.params[i]] = copy.deepcopy(s)

    # -- helpers for subclasses ------------------------------------------------------------------
    def _grads(self):
        """Yield ``(param, grad)`` for every parameter whose grad is not None, checking its shape."""
        for p in self.params:
            g = p.grad
            if g is None:
                continue
            if not isinstance(g, np.ndarray):
                raise TypeError(
                    f"a parameter's grad must be a NumPy array (or None); got {type(g).__name__}."
                )
            if g.shape != p.data.shape:
                raise ValueError(
                    f"a parameter of shape {p.data.shape} has a grad of shape {g.shape}; they must match."
                )
            yield p, g

    def _scratch(self, like: np.ndarray, slot: int = 0) -> np.ndarray:
        """A reusable work array shaped like ``like``, so that a step allocates no temporaries.

        Shared by all parameters of one shape and dtype; its content is garbage between uses.
        """
        key = (like.shape, like.dtype.str, slot)
        work = self._work.get(key)
        if work is None:
            work = self._work[key] = np.empty_like(like)
        return work

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in {**self.defaults, "lr": self.lr}.items())
        return f"{type(self).__name__}({args})"


def _sub_scaled_(x: np.ndarray, alpha: float, y: np.ndarray, work: np.ndarray) -> None:
    """``x -= alpha * y`` without a temporary (PyTorch's ``x.add_(y, alpha=-alpha)``)."""
    np.multiply(y, alpha, out=work)
    x -= work


class SGD(Optimizer):
    r"""Stochastic gradient descent, with optional momentum, Nesterov momentum and weight decay.

    At each step, with gradient :math:`g_t`, for every parameter :math:`\theta` (as
    ``torch.optim.SGD``):

    .. math::
        g_t &\leftarrow g_t + \lambda \theta_{t-1}                 && \text{if } \lambda \ne 0 \\
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
        params: iterable of :class:`~lazylearn.nn.Parameter` to optimize.
        lr: learning rate :math:`\gamma`. Default: 1e-3.
        momentum: momentum factor :math:`\mu` (>= 0). Default: 0.
        dampening: dampening :math:`\tau` for momentum. Default: 0.
        weight_decay: L2 penalty :math:`\lambda` added to the gradient, which is the gradient of
            :func:`lazylearn.regularization.l2_penalty` with ``lam = weight_decay``. Default: 0.
        nesterov: use Nesterov momentum (needs ``momentum > 0`` and ``dampening == 0``). Default: False.

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

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False):
        defaults = dict(
            lr=lr,
            momentum=_nonneg(momentum, "momentum"),
            dampening=float(check_scalar(dampening, "dampening")),
            weight_decay=_nonneg(weight_decay, "weight_decay"),
            nesterov=_check_bool(nesterov, "nesterov"),
        )
        if nesterov and (defaults["momentum"] <= 0 or defaults["dampening"] != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, defaults)

    def step(self, closure=None):
        loss = None if closure is None else closure()
        d = self.defaults
        lr, momentum, dampening = self.lr, d["momentum"], d["dampening"]
        weight_decay, nesterov = d["weight_decay"], d["nesterov"]
        for p, grad in self._grads():
            wd_grad = None
            if weight_decay != 0:
                # g + lambda * theta, in work slot 0 (p.grad is left untouched)
                wd_grad = np.multiply(p.data, weight_decay, out=self._scratch(p.data, 0))
                wd_grad += grad
                grad = wd_grad
            if momentum != 0:
                state = self.state[p]
                buf = state.get("momentum_buffer")
                if buf is None:
                    buf = state["momentum_buffer"] = grad.copy()
                else:
                    buf *= momentum
                    if dampening == 0:
                        buf += grad
                    else:
                        buf += np.multiply(grad, 1 - dampening, out=self._scratch(p.data, 1))
                if nesterov:
                    ahead = np.multiply(buf, momentum, out=self._scratch(p.data, 1))
                    ahead += grad
                    grad = ahead
                else:
                    grad = buf
            # theta -= lr * g, through the work slot that does not hold g
            _sub_scaled_(p.data, lr, grad, self._scratch(p.data, 1 if grad is wd_grad else 0))
        return loss


class RMSprop(Optimizer):
    r"""RMSprop: divide the gradient by a running root mean square of recent gradients.

    At each step (as ``torch.optim.RMSprop``), with :math:`v_0 = 0`, :math:`\bar g_0 = 0`,
    :math:`b_0 = 0`:

    .. math::
        g_t &\leftarrow g_t + \lambda \theta_{t-1}                  && \text{if } \lambda \ne 0 \\
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
        params: iterable of :class:`~lazylearn.nn.Parameter` to optimize.
        lr: learning rate :math:`\gamma`. Default: 1e-2.
        alpha: smoothing constant :math:`\alpha` in [0, 1]. Default: 0.99.
        eps: :math:`\epsilon` added to the denominator. Default: 1e-8.
        weight_decay: L2 penalty :math:`\lambda` added to the gradient. Default: 0.
        momentum: momentum factor :math:`\mu`. Default: 0.
        centered: divide by an estimate of the gradient's variance instead of its second moment.
            Default: False.

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

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False):
        defaults = dict(
            lr=lr,
            alpha=float(check_scalar(alpha, "alpha", min_val=0, max_val=1)),
            eps=_nonneg(eps, "eps"),
            weight_decay=_nonneg(weight_decay, "weight_decay"),
            momentum=_nonneg(momentum, "momentum"),
            centered=_check_bool(centered, "centered"),
        )
        super().__init__(params, defaults)

    def step(self, closure=None):
        loss = None if closure is None else closure()
        d = self.defaults
        lr, alpha, eps, momentum = self.lr, d["alpha"], d["eps"], d["momentum"]
        for p, grad in self._grads():
            state = self.state[p]
            if not state:
                state["step"] = 0
                state["square_avg"] = np.zeros_like(p.data)
                if momentum > 0:
                    state["momentum_buffer"] = np.zeros_like(p.data)
                if d["centered"]:
                    state["grad_avg"] = np.zeros_like(p.data)
            state["step"] += 1
            if d["weight_decay"] != 0:
                wd_grad = np.multiply(p.data, d["weight_decay"], out=self._scratch(p.data, 1))
                wd_grad += grad
                grad = wd_grad
            work = self._scratch(p.data, 0)
            square_avg = state["square_avg"]
            square_avg *= alpha
            square_avg += np.multiply(np.multiply(grad, grad, out=work), 1 - alpha, out=work)
            if d["centered"]:
                grad_avg = state["grad_avg"]
                grad_avg += np.multiply(np.subtract(grad, grad_avg, out=work), 1 - alpha, out=work)  # lerp
                avg = np.multiply(grad_avg, grad_avg, out=work)
                np.subtract(square_avg, avg, out=avg)
                np.sqrt(avg, out=avg)
            else:
                avg = np.sqrt(square_avg, out=work)
            avg += eps
            if momentum > 0:
                buf = state["momentum_buffer"]
                buf *= momentum
                buf += np.divide(grad, avg, out=avg)
                _sub_scaled_(p.data, lr, buf, work)
            else:
                np.divide(grad, avg, out=avg)
                avg *= lr
                p.data -= avg
        return loss


class Adagrad(Optimizer):
    r"""Adagrad: per-coordinate learning rates that shrink with the sum of squared gradients.

    At each step :math:`t = 1, 2, \dots` (as ``torch.optim.Adagrad``), with
    :math:`s_0 = ` ``initial_accumulator_value``:

    .. math::
        \tilde\gamma_t &= \gamma / (1 + (t - 1) \eta) \\
        g_t &\leftarrow g_t + \lambda \theta_{t-1}                  && \text{if } \lambda \ne 0 \\
        s_t &\leftarrow s_{t-1} + g_t^2 \\
        \theta_t &\leftarrow \theta_{t-1} - \tilde\gamma_t \, g_t / (\sqrt{s_t} + \epsilon)

    Args:
        params: iterable of :class:`~lazylearn.nn.Parameter` to optimize.
        lr: learning rate :math:`\gamma`. Default: 1e-2.
        lr_decay: learning-rate decay :math:`\eta`. Default: 0.
        weight_decay: L2 penalty :math:`\lambda` added to the gradient. Default: 0.
        initial_accumulator_value: starting value of the sum :math:`s`. Default: 0.
        eps: :math:`\epsilon` added to the denominator. Default: 1e-10.

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

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10):
        defaults = dict(
            lr=lr,
            lr_decay=_nonneg(lr_decay, "lr_decay"),
            weight_decay=_nonneg(weight_decay, "weight_decay"),
            initial_accumulator_value=_nonneg(initial_accumulator_value, "initial_accumulator_value"),
            eps=_nonneg(eps, "eps"),
        )
        super().__init__(params, defaults)

    def step(self, closure=None):
        loss = None if closure is None else closure()
        d = self.defaults
        for p, grad in self._grads():
            state = self.state[p]
            if not state:
                state["step"] = 0
                state["sum"] = np.full_like(p.data, d["initial_accumulator_value"])
            state["step"] += 1
            if d["weight_decay"] != 0:
                wd_grad = np.multiply(p.data, d["weight_decay"], out=self._scratch(p.data, 1))
                wd_grad += grad
                grad = wd_grad
            clr = self.lr / (1 + (state["step"] - 1) * d["lr_decay"])
            work = self._scratch(p.data, 0)
            state["sum"] += np.multiply(grad, grad, out=work)
            std = np.sqrt(state["sum"], out=work)
            std += d["eps"]
            np.divide(grad, std, out=std)
            std *= clr
            p.data -= std
        return loss


class Adam(Optimizer):
    r"""Adam: momentum on the gradient, divided by a running root mean square, with bias correction.

    At each step :math:`t = 1, 2, \dots` (as ``torch.optim.Adam``), with :math:`m_0 = v_0 = 0`:

    .. math::
        g_t &\leftarrow g_t + \lambda \theta_{t-1}   && \text{if } \lambda \ne 0 \text{ (L2, coupled)} \\
        m_t &\leftarrow \beta_1 m_{t-1} + (1 - \beta_1) g_t \\
        v_t &\leftarrow \beta_2 v_{t-1} + (1 - \beta_2) g_t^2 \\
        \theta_t &\leftarrow \theta_{t-1} - \frac{\gamma}{1 - \beta_1^t}
                   \cdot \frac{m_t}{\sqrt{v_t} / \sqrt{1 - \beta_2^t} + \epsilon}

    The weight decay here is an L2 penalty added to the gradient, so it is rescaled by
    :math:`\sqrt{v_t}` like the rest of the gradient; :class:`AdamW` decouples it.
    :math:`\epsilon` is added after the bias correction of :math:`\sqrt{v_t}`, as in PyTorch.

    Args:
        params: iterable of :class:`~lazylearn.nn.Parameter` to optimize.
        lr: learning rate :math:`\gamma`. Default: 1e-3.
        betas: :math:`(\beta_1, \beta_2)`, each in [0, 1). Default: (0.9, 0.999).
        eps: :math:`\epsilon` added to the denominator. Default: 1e-8.
        weight_decay: L2 penalty :math:`\lambda` added to the gradient. Default: 0.

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

    _decoupled = False

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0):
        defaults = dict(
            lr=lr,
            betas=_check_betas(betas),
            eps=_nonneg(eps, "eps"),
            weight_decay=_nonneg(weight_decay, "weight_decay"),
        )
        super().__init__(params, defaults)

    def step(self, closure=None):
        loss = None if closure is None else closure()
        d = self.defaults
        lr, (beta1, beta2), eps, weight_decay = self.lr, d["betas"], d["eps"], d["weight_decay"]
        for p, grad in self._grads():
            state = self.state[p]
            if not state:
                state["step"] = 0
                state["exp_avg"] = np.zeros_like(p.data)
                state["exp_avg_sq"] = np.zeros_like(p.data)
            state["step"] += 1
            step = state["step"]
            if weight_decay != 0:
                if self._decoupled:
                    p.data *= 1 - lr * weight_decay
                else:
                    wd_grad = np.multiply(p.data, weight_decay, out=self._scratch(p.data, 1))
                    wd_grad += grad
                    grad = wd_grad
            work = self._scratch(p.data, 0)
            exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
            # m += (1 - beta1) (g - m), PyTorch's lerp
            exp_avg += np.multiply(np.subtract(grad, exp_avg, out=work), 1 - beta1, out=work)
            exp_avg_sq *= beta2
            exp_avg_sq += np.multiply(np.multiply(grad, grad, out=work), 1 - beta2, out=work)
            step_size = lr / (1 - beta1**step)
            bias_correction2_sqrt = (1 - beta2**step) ** 0.5
            denom = np.sqrt(exp_avg_sq, out=work)
            denom /= bias_correction2_sqrt
            denom += eps
            np.divide(exp_avg, denom, out=denom)
            denom *= step_size
            p.data -= denom
        return loss


class AdamW(Adam):
    r"""Adam with decoupled weight decay (Loshchilov and Hutter, "Decoupled Weight Decay Regularization").

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
        params: iterable of :class:`~lazylearn.nn.Parameter` to optimize.
        lr: learning rate :math:`\gamma`. Default: 1e-3.
        betas: :math:`(\beta_1, \beta_2)`, each in [0, 1). Default: (0.9, 0.999).
        eps: :math:`\epsilon` added to the denominator. Default: 1e-8.
        weight_decay: decoupled weight decay :math:`\lambda`. Default: 1e-2.

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

    _decoupled = True

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay)


# Submodules that build on the classes above (imported last: they import Optimizer from here).
from . import lr_scheduler  # noqa: E402
from .lr_finder import lr_range_test  # noqa: E402
