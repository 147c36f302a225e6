r"""The :class:`Optimizer` base class: parameter groups, per-parameter state, ``zero_grad``, ``state_dict``.

As in ``torch.optim``, an optimizer holds ``param_groups``, a list of dicts, each with its
``'params'`` (a list of :class:`~lazylearn.nn.Parameter`) and its own values of the optimizer's
hyperparameters (``'lr'``, ``'momentum'``, ...); ``defaults`` fills in what a group leaves out.
``state[p]`` is a dict per parameter holding its buffers and its own ``'step'`` count.
"""
from __future__ import annotations

import copy
from collections import defaultdict

import numpy as np

from .._validation import check_scalar
from ..nn import Parameter

__all__ = ["Optimizer"]


def _check_params(params, name: str = "params") -> list:
    """``params`` as a non-empty list of distinct Parameters, or an error naming what is wrong."""
    if isinstance(params, (Parameter, np.ndarray)):
        raise TypeError(
            f"{name} must be an iterable of Parameters (for example model.parameters()); got a single "
            f"{type(params).__name__}. Wrap it in a list: [param]."
        )
    try:
        params = list(params)
    except TypeError:
        hint = " Pass model.parameters()." if callable(getattr(params, "parameters", None)) else ""
        raise TypeError(f"{name} must be an iterable of Parameters; got {type(params).__name__}.{hint}") from None
    if not params:
        raise ValueError("optimizer got an empty parameter list")
    for i, p in enumerate(params):
        if not isinstance(p, Parameter):
            raise TypeError(
                f"{name}[{i}] must be a lazylearn.nn.Parameter; got {type(p).__name__}. "
                "Pass model.parameters(), or wrap arrays with Parameter(array)."
            )
    if len({id(p) for p in params}) != len(params):
        raise ValueError(f"{name} holds the same Parameter more than once.")
    return params


def nonneg(value, name: str) -> float:
    """A float in [0, inf), as a Python float (a NumPy float64 would upcast float32 arrays)."""
    return float(check_scalar(value, name, min_val=0))


def check_bool(value, name: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be a bool; got {value!r}.")
    return bool(value)


def gradient(p: Parameter, weight_decay: float = 0.0, maximize: bool = False) -> np.ndarray:
    r"""The gradient an update rule uses: :math:`g = \pm\nabla_\theta L + \lambda\theta`.

    ``p.grad``, negated when ``maximize``, plus ``weight_decay * p.data`` (L2 weight decay, the
    gradient of :math:`\frac{\lambda}{2}\lVert\theta\rVert^2`) when ``weight_decay`` is not 0, as
    the first lines of PyTorch's ``_single_tensor_*`` functions. ``p.grad`` itself is never changed.
    The one place where the optimizers apply weight decay (AdamW's decoupled decay excepted).
    """
    grad = p.grad
    if not isinstance(grad, np.ndarray):
        raise TypeError(f"a parameter's grad must be a NumPy array (or None); got {type(grad).__name__}.")
    if grad.shape != p.data.shape:
        raise ValueError(f"a parameter of shape {p.data.shape} has a grad of shape {grad.shape}; they must match.")
    if maximize:
        grad = -grad
    if weight_decay != 0:
        grad = grad + weight_decay * p.data
    return grad


class Optimizer:
    r"""Base class of every optimizer, as ``torch.optim.Optimizer``.

    Args:
        params: an iterable of :class:`~lazylearn.nn.Parameter` (usually ``model.parameters()``),
            or an iterable of dicts, one per parameter group, each with ``'params'`` and any
            hyperparameters that differ from ``defaults`` (for example
            ``[{'params': body.parameters()}, {'params': head.parameters(), 'lr': 1e-2}]``).
        defaults: the hyperparameters, a dict that holds ``'lr'``.

    Attributes:
        param_groups: a list of dicts, each with ``'params'`` (a list of Parameters) and every
            hyperparameter of the optimizer. ``step()`` reads the hyperparameters from here, so
            ``for g in optimizer.param_groups: g['lr'] = 0.01`` changes the next steps (that is
            what the schedulers do).
        defaults: the hyperparameters given to the constructor, used to fill new groups.
        state: a dict mapping each parameter to its own dict of buffers (``'momentum_buffer'``,
            ``'exp_avg'``, ...) and, for optimizers that count steps, its ``'step'`` (an int), with
            the keys ``torch.optim`` uses. Empty until the parameter's first update.
        lr: a shortcut to ``param_groups[0]['lr']``, readable and settable while there is one
            group (an AttributeError otherwise: each group then has its own lr).

    Write your own optimizer by subclassing it: ``__init__`` passes the hyperparameters to
    ``super().__init__(params, defaults)``, and ``step()`` loops over the groups and their
    parameters, skips those without a gradient and keeps its buffers in ``self.state[p]``:

    >>> import numpy as np
    >>> from lazylearn.nn import Parameter
    >>> class SignSGD(Optimizer):
    ...     def __init__(self, params, lr=1e-3):
    ...         super().__init__(params, dict(lr=lr))
    ...
    ...     def step(self):
    ...         for group in self.param_groups:
    ...             for p in group["params"]:
    ...                 if p.grad is None:
    ...                     continue
    ...                 state = self.state[p]
    ...                 state["step"] = state.get("step", 0) + 1
    ...                 p.data -= group["lr"] * np.sign(p.grad)
    >>> w = Parameter(np.array([1.0, 1.0]))
    >>> opt = SignSGD([w], lr=0.25)
    >>> w.grad = np.array([3.0, -0.1])
    >>> opt.step()
    >>> w.data, opt.state[w]["step"], opt.param_groups[0]["lr"]
    (array([0.75, 1.25]), 1, 0.25)
    """

    def __init__(self, params, defaults: dict):
        if not isinstance(defaults, dict) or "lr" not in defaults:
            raise TypeError(f"defaults must be a dict holding 'lr'; got {defaults!r}.")
        self.defaults = self._check_hyperparameters(dict(defaults))
        self.state = defaultdict(dict)
        self.param_groups = []
        if isinstance(params, (Parameter, np.ndarray)) or not hasattr(params, "__iter__"):
            _check_params(params)  # raises the error that explains what to pass
        groups = [params] if isinstance(params, dict) else list(params)
        if not groups:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    def _check_hyperparameters(self, group: dict) -> dict:
        """Validate (and convert) the hyperparameters of a group; subclasses extend it."""
        group["lr"] = nonneg(group["lr"], "lr")
        return group

    def add_param_group(self, param_group: dict) -> None:
        """Add a group of parameters with their own hyperparameters (missing ones from ``defaults``).

        Useful to start training new layers, for example after unfreezing them.
        """
        if not isinstance(param_group, dict) or "params" not in param_group:
            raise TypeError(f"a parameter group must be a dict with a 'params' entry; got {param_group!r}.")
        index = len(self.param_groups)
        name = "params" if index == 0 else f"param_groups[{index}]['params']"
        group = dict(param_group)
        group["params"] = _check_params(group["params"], name)
        unknown = set(group) - set(self.defaults) - {"params", "initial_lr"}
        if unknown:
            raise ValueError(
                f"{type(self).__name__} has no hyperparameter {sorted(unknown)}; a group may set "
                f"{sorted(self.defaults)}."
            )
        for key, value in self.defaults.items():
            group.setdefault(key, value)
        self._check_hyperparameters(group)
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in seen for p in group["params"]):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(group)

    @property
    def lr(self) -> float:
        return self._single_group("read")["lr"]

    @lr.setter
    def lr(self, value) -> None:
        self._single_group("set")["lr"] = nonneg(value, "lr")

    def _single_group(self, verb: str) -> dict:
        if len(self.param_groups) != 1:
            raise AttributeError(
                f"optimizer.lr is a shortcut for an optimizer with one parameter group; this "
                f"{type(self).__name__} has {len(self.param_groups)} groups, each with its own lr: "
                f"{verb} optimizer.param_groups[i]['lr'] instead."
            )
        return self.param_groups[0]

    def step(self, closure=None):
        """Update every parameter that has a gradient. ``closure``, if given, is called first
        (it should recompute the loss) and its result returned, as in PyTorch."""
        raise NotImplementedError(f"{type(self).__name__} must implement step().")

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the gradients before the next backward pass, as PyTorch 2.

        Args:
            set_to_none: set each ``grad`` to None (the default), so that the next backward pass
                stores a fresh gradient; with False, fill the existing arrays with zeros. Either
                way ``step()`` skips parameters whose ``grad`` is None. Default: True.
        """
        for group in self.param_groups:
            for p in group["params"]:
                if set_to_none:
                    p.grad = None
                elif p.grad is not None:
                    p.grad.fill(0)

    def state_dict(self) -> dict:
        """Copies of the state and the groups' hyperparameters, parameters named by their index.

        The format of PyTorch's: ``{'state': {index: {...}}, 'param_groups': [{..., 'params':
        [indices]}]}``, indices counting the parameters of all groups in order.
        """
        index, groups = {}, []
        for group in self.param_groups:
            ids = []
            for p in group["params"]:
                index[id(p)] = len(index)
                ids.append(index[id(p)])
            groups.append({**copy.deepcopy({k: v for k, v in group.items() if k != "params"}), "params": ids})
        state = {index[id(p)]: copy.deepcopy(s) for p, s in self.state.items() if s and id(p) in index}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: dict) -> None:
        """Restore what :meth:`state_dict` returned (copied: the saved dict stays untouched)."""
        if not isinstance(state_dict, dict) or set(state_dict) != {"state", "param_groups"}:
            raise TypeError("state_dict must be a dict returned by Optimizer.state_dict().")
        saved = state_dict["param_groups"]
        if len(saved) != len(self.param_groups) or any(
            len(s["params"]) != len(g["params"]) for s, g in zip(saved, self.param_groups, strict=False)
        ):
            raise ValueError(
                "loaded state dict has a different number of parameter groups or of parameters in a "
                "group than this optimizer."
            )
        params = [p for g in self.param_groups for p in g["params"]]
        for group, s in zip(self.param_groups, saved, strict=True):
            group.update(copy.deepcopy({k: v for k, v in s.items() if k != "params"}))
        self.state = defaultdict(dict)
        for i, s in state_dict["state"].items():
            self.state[params[i]] = copy.deepcopy(s)

    def __repr__(self) -> str:
        lines = [f"{type(self).__name__} ("]
        for i, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {i}")
            lines += [f"    {k}: {v!r}" for k, v in group.items() if k != "params"]
        return "\n".join(lines + [")"])
