"""Layers with explicit forward and backward passes.

Every layer is a :class:`Module`. Calling it runs ``forward(x)``, which keeps what the backward
pass needs in ``self._cache``. ``backward(grad_output)`` takes dL/d(output), adds the gradients of
the layer's parameters to their ``.grad`` (gradients accumulate until ``zero_grad()``, which sets
them to None, as in PyTorch 2) and returns dL/d(input).

The data entering a model needs no gradient (in PyTorch its ``requires_grad`` is False), so a
:class:`Sequential` does not compute its first layer's input gradient, a full matrix product per
step, unless ``model.needs_input_grad = True`` asks for it.

Computation happens in the dtype of the input: float64 in, float64 out; float32 in, float32 out.
Parameters are created in float64 (``dtype=`` changes that, like PyTorch's factory keyword);
``model.to(np.float32)`` converts a whole model.

The names, arguments, defaults and initialisations follow ``torch.nn``. As in PyTorch, NaN and
infinite values pass through the layers (a diverging network produces them mid-way); the losses
reject them with an error naming the argument, and :func:`lazylearn.train.fit` stops with a warning.
"""
from __future__ import annotations

import functools
import math
import numbers

import numpy as np

from .._validation import as_float_array, check_rng, check_scalar
from . import functional as F

__all__ = [
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


def _check_dtype(dtype) -> np.dtype:
    dt = np.dtype(dtype)
    if dt not in (np.float32, np.float64):
        raise TypeError(f"dtype must be np.float32 or np.float64; got {dt}.")
    return dt


class _RemovableHandle:
    """What ``register_*_hook`` returns: ``remove()`` unregisters the hook (as PyTorch's handle)."""

    def __init__(self, hooks: dict, key: int):
        self._hooks, self._key = hooks, key

    def remove(self) -> None:
        self._hooks.pop(self._key, None)


def _add_hook(module, attr: str, hook):
    if not callable(hook):
        raise TypeError(f"hook must be callable; got {hook!r}.")
    hooks = module.__dict__.setdefault(attr, {})
    key = max(hooks, default=-1) + 1
    hooks[key] = hook
    return _RemovableHandle(hooks, key)


def _with_backward_hooks(backward):
    """Wrap a layer's ``backward`` so that its backward hooks run after it (PyTorch's full backward hooks)."""

    @functools.wraps(backward)
    def backward_then_hooks(self, grad_output=None, *args, **kwargs):
        depth = self.__dict__.get("_backward_depth", 0)  # a subclass's backward calling super()'s
        self.__dict__["_backward_depth"] = depth + 1
        try:
            grad_input = backward(self, grad_output, *args, **kwargs)
        finally:
            self.__dict__["_backward_depth"] = depth
        if depth:
            return grad_input  # the outermost backward runs the hooks, once
        for hook in getattr(self, "_backward_hooks", {}).values():
            result = hook(self, (grad_input,), (grad_output,))
            if result is not None:
                grad_input = result[0]
        return grad_input

    return backward_then_hooks


class Parameter:
    """A learnable array: ``data`` holds the values, ``grad`` the accumulated gradient.

    ``grad`` is None until a backward pass reaches the parameter, and None again after
    ``zero_grad()`` (an array of zeros after ``zero_grad(set_to_none=False)``). Optimizers update
    ``data`` in place.

    Args:
        data: the initial values (float32 is kept, anything else becomes float64). The array is
            used as given, not copied (as ``torch.nn.Parameter`` shares its tensor).

    Example:
        >>> p = Parameter(np.zeros(3))
        >>> p.data.shape, p.grad is None
        ((3,), True)
    """

    def __init__(self, data):
        self.data = as_float_array(data, "data")
        self.grad = None

    @property
    def shape(self) -> tuple:
        return self.data.shape

    @property
    def dtype(self) -> np.dtype:
        return self.data.dtype

    def _accumulate(self, grad: np.ndarray) -> None:
        # Gradients add up until zero_grad(), as PyTorch's .grad does; after zero_grad() grad is
        # None, and the freshly computed array a layer passes is stored as it is (no copy).
        if self.grad is None:
            self.grad = np.asarray(grad, dtype=self.data.dtype)
        else:
            self.grad += grad

    def __repr__(self) -> str:
        return f"Parameter(shape={self.data.shape}, dtype={self.data.dtype})"


class Module:
    """Base class of every layer.

    A subclass sets its parameters (:class:`Parameter`) and sub-layers (:class:`Module`) as
    attributes in ``__init__``, implements ``forward(x)`` (saving what backward needs in
    ``self._cache``) and ``backward(grad_output)`` (accumulating parameter gradients and returning
    the gradient with respect to the input). ``parameters()``, ``zero_grad()``, ``train()``,
    ``eval()``, ``state_dict()``, ``to()`` and the hooks then work through the attributes.

    Attributes:
        training: True in training mode (the default), False after ``eval()``; changes what
            :class:`Dropout` and :class:`BatchNorm1d` do.
        needs_input_grad: whether ``backward`` must return dL/d(input) (the name of PyTorch's
            ``ctx.needs_input_grad``). True for a layer; during its backward a :class:`Sequential`
            sets it on its first layer from its own ``needs_input_grad``, False by default: with
            False a layer only accumulates its parameters' gradients and ``backward`` returns None.
    """

    #: names of the non-learnable arrays saved in state_dict() (BatchNorm1d's running statistics)
    _buffer_names: tuple = ()
    needs_input_grad: bool = True

    def __init__(self):
        self.training = True
        self._cache = None
        self._forward_hooks = {}
        self._backward_hooks = {}

    def __init_subclass__(cls, **kwargs):
        # every backward a subclass defines runs the backward hooks after it (see _with_backward_hooks)
        super().__init_subclass__(**kwargs)
        if "backward" in vars(cls):
            cls.backward = _with_backward_hooks(vars(cls)["backward"])

    # -- computation -------------------------------------------------------------------------
    def __call__(self, x):
        output = self.forward(x)
        for hook in getattr(self, "_forward_hooks", {}).values():
            result = hook(self, (x,), output)
            if result is not None:
                output = result
        return output

    def forward(self, x):
        raise NotImplementedError(f"{type(self).__name__} must implement forward(x).")

    def backward(self, grad_output):
        """Given dL/d(output), add the parameter gradients to ``.grad`` and return dL/d(input).

        Args:
            grad_output: the gradient of the loss with respect to the last forward output,
                the output's shape.

        Returns:
            dL/d(input), or None when ``needs_input_grad`` is False.
        """
        raise NotImplementedError(f"{type(self).__name__} must implement backward(grad_output).")

    # -- hooks ---------------------------------------------------------------------------------
    def register_forward_hook(self, hook):
        """Call ``hook(module, inputs, output)`` after every forward; a non-None return replaces the output.

        As PyTorch's: ``inputs`` is the tuple of forward's arguments. Returns a handle whose
        ``remove()`` unregisters the hook.

        Examples:
            >>> model = Sequential(Linear(2, 3, rng=0), ReLU())
            >>> outputs = {}
            >>> handle = model[1].register_forward_hook(lambda m, inputs, out: outputs.update(relu=out))
            >>> _ = model(np.ones((4, 2)))
            >>> outputs["relu"].shape
            (4, 3)
            >>> handle.remove()
        """
        return _add_hook(self, "_forward_hooks", hook)

    def register_full_backward_hook(self, hook):
        """Call ``hook(module, grad_input, grad_output)`` after every backward of this module.

        As PyTorch's: ``grad_input`` and ``grad_output`` are 1-tuples of arrays (``grad_input``
        holds None when the input gradient was not computed); a non-None return replaces
        ``grad_input``. Returns a handle whose ``remove()`` unregisters the hook.

        Examples:
            >>> model = Sequential(Linear(2, 3, rng=0), ReLU(), Linear(3, 1, rng=1))
            >>> norms = {}
            >>> for name, layer in model.named_children():
            ...     _ = layer.register_full_backward_hook(
            ...         lambda m, g_in, g_out, name=name: norms.update({name: np.abs(g_out[0]).sum()}))
            >>> _ = model(np.ones((4, 2)))
            >>> _ = model.backward(np.ones((4, 1)))
            >>> sorted(norms)
            ['0', '1', '2']
        """
        return _add_hook(self, "_backward_hooks", hook)

    def _saved(self):
        """What forward saved for backward; a RuntimeError if forward has not run."""
        if self._cache is None:
            raise RuntimeError(
                f"{type(self).__name__}.backward() called before forward(): call the layer on an "
                "input first, then backward with the gradient of the loss w.r.t. its output."
            )
        return self._cache

    def _check_grad_output(self, grad_output, shape, dtype) -> np.ndarray:
        g = as_float_array(grad_output, "grad_output")
        if g.shape != shape:
            raise ValueError(
                f"{type(self).__name__}.backward expected grad_output of shape {shape} (the shape "
                f"of the forward output); got shape {g.shape}."
            )
        return g if g.dtype == dtype else g.astype(dtype)

    # -- the tree ----------------------------------------------------------------------------
    def named_children(self):
        """(name, module) for each direct sub-layer, in the order they were set."""
        for name, value in vars(self).items():
            if isinstance(value, Module):
                yield name, value

    def children(self):
        return [m for _, m in self.named_children()]

    def modules(self):
        """This module and every module below it, depth first."""
        return [m for _, m in self.named_modules()]

    def named_modules(self, prefix: str = ""):
        """(name, module) for this module (name ``prefix``) and every module below it, depth first."""
        yield prefix, self
        for name, child in self.named_children():
            yield from child.named_modules(f"{prefix}.{name}" if prefix else name)

    def apply(self, fn):
        """Call ``fn(module)`` on every sub-module and then on this module (as PyTorch); returns self."""
        for child in self.children():
            child.apply(fn)
        fn(self)
        return self

    def named_parameters(self, prefix: str = ""):
        """(name, Parameter) pairs, recursively, with dotted names as PyTorch's (``"0.weight"``)."""
        seen = set()
        for name, value in vars(self).items():
            if isinstance(value, Parameter) and id(value) not in seen:
                seen.add(id(value))
                yield prefix + name, value
            elif isinstance(value, Module):
                for sub_name, p in value.named_parameters(prefix + name + "."):
                    if id(p) not in seen:
                        seen.add(id(p))
                        yield sub_name, p

    def parameters(self) -> list:
        """Every :class:`Parameter` of this module and its sub-layers, each once."""
        return [p for _, p in self.named_parameters()]

    def named_buffers(self, prefix: str = ""):
        for name in self._buffer_names:
            yield prefix + name, getattr(self, name)
        for child_name, child in self.named_children():
            yield from child.named_buffers(prefix + child_name + ".")

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the gradient of every parameter, as PyTorch 2.

        Args:
            set_to_none: set each ``grad`` to None; the next backward pass stores its fresh
                gradient instead of adding to zeros. With False, fill the existing gradients
                with zeros. Default: True.
        """
        for p in self.parameters():
            if set_to_none:
                p.grad = None
            elif p.grad is not None:
                p.grad.fill(0)

    def train(self, mode: bool = True):
        """Set training mode on this module and all sub-layers; returns self."""
        if not isinstance(mode, bool):
            raise TypeError(f"mode must be a bool; got {mode!r}.")
        for m in self.modules():
            m.training = mode
        return self

    def eval(self):
        """Set evaluation mode (``train(False)``); returns self."""
        return self.train(False)

    def to(self, dtype):
        """Convert every parameter (and its gradient) and float buffer to ``dtype``; returns self.

        ``model.to(np.float32)`` gives a float32 model, as ``model.to(torch.float32)``.
        """
        dt = _check_dtype(dtype)
        for p in self.parameters():
            p.data = p.data.astype(dt, copy=False)
            if p.grad is not None:
                p.grad = p.grad.astype(dt, copy=False)
        for m in self.modules():
            for name in m._buffer_names:
                value = getattr(m, name)
                if isinstance(value, np.ndarray) and value.dtype.kind == "f":
                    setattr(m, name, value.astype(dt, copy=False))
        return self

    # -- saving and restoring ------------------------------------------------------------------
    def state_dict(self) -> dict:
        """Copies of every parameter and buffer, keyed by dotted name (``"0.weight"``).

        Deep copies (PyTorch's share memory with the model): later training does not change a
        saved state, so ``best = model.state_dict()`` keeps the best weights without ``deepcopy``.
        """
        state = {name: p.data.copy() for name, p in self.named_parameters()}
        for name, value in self.named_buffers():
            state[name] = np.array(value, copy=True)
        return state

    def load_state_dict(self, state_dict: dict, strict: bool = True) -> None:
        """Copy values from ``state_dict`` into the parameters and buffers, in place.

        The arrays are copied, so later changes to ``state_dict`` do not reach the model, and the
        parameter arrays keep their identity (an optimizer holding them keeps working).

        Args:
            state_dict: a dict as returned by :meth:`state_dict`.
            strict: require exactly the same keys. Default: True.
        """
        if not isinstance(state_dict, dict):
            raise TypeError(f"state_dict must be a dict; got {type(state_dict).__name__}.")
        params = dict(self.named_parameters())
        buffers = dict(self.named_buffers())
        if strict:
            missing = [k for k in list(params) + list(buffers) if k not in state_dict]
            unexpected = [k for k in state_dict if k not in params and k not in buffers]
            if missing or unexpected:
                raise KeyError(
                    f"state_dict does not match {type(self).__name__}: missing keys {missing}, "
                    f"unexpected keys {unexpected}."
                )
        for name, p in params.items():
            if name in state_dict:
                value = np.asarray(state_dict[name])
                if value.shape != p.data.shape:
                    raise ValueError(
                        f"state_dict[{name!r}] has shape {value.shape}; the parameter has shape {p.data.shape}."
                    )
                np.copyto(p.data, value, casting="unsafe")
        for name in buffers:
            if name in state_dict:
                owner = self
                *path, attr = name.split(".")
                for part in path:
                    owner = getattr(owner, part)
                current = getattr(owner, attr)
                setattr(owner, attr, np.array(state_dict[name], dtype=np.asarray(current).dtype, copy=True))

    # -- printing ------------------------------------------------------------------------------
    def extra_repr(self) -> str:
        return ""

    def __repr__(self) -> str:
        children = list(self.named_children())
        if not children:
            return f"{type(self).__name__}({self.extra_repr()})"
        lines = [f"{type(self).__name__}("]
        for name, child in children:
            child_repr = repr(child).replace("\n", "\n  ")
            lines.append(f"  ({name}): {child_repr}")
        lines.append(")")
        return "\n".join(lines)


def _uniform(rng, bound, shape, dtype):
    return rng.uniform(-bound, bound, size=shape).astype(dtype, copy=False)


class Linear(Module):
    r"""Affine map :math:`y = x W^T + b`.

    Args:
        in_features: size of each input sample.
        out_features: size of each output sample.
        bias: learn an additive bias. Default: True.
        rng: seed or ``np.random.Generator`` for the initial values. Default: None (fresh entropy).
        dtype: dtype of the parameters. Default: np.float64.

    Attributes:
        weight: shape ``(out_features, in_features)``, initialised from
            :math:`\mathcal{U}(-k, k)` with :math:`k = 1/\sqrt{\text{in\_features}}`, as PyTorch.
        bias: shape ``(out_features,)``, same distribution.

    Shape:
        - Input: ``(N, in_features)`` or ``(in_features,)``.
        - Output: ``(N, out_features)`` or ``(out_features,)``.

    Examples:
        >>> layer = Linear(3, 2, rng=0)
        >>> layer(np.ones((4, 3))).shape
        (4, 2)
    """

    def __init__(self, in_features: int, out_features: int, bias: bool = True, *, rng=None, dtype=np.float64):
        super().__init__()
        self.in_features = check_scalar(in_features, "in_features", kind=int, min_val=1)
        self.out_features = check_scalar(out_features, "out_features", kind=int, min_val=1)
        if not isinstance(bias, bool):
            raise TypeError(f"bias must be a bool; got {bias!r}.")
        dtype = _check_dtype(dtype)
        rng = check_rng(rng)
        bound = 1.0 / math.sqrt(in_features)
        self.weight = Parameter(_uniform(rng, bound, (out_features, in_features), dtype))
        self.bias = Parameter(_uniform(rng, bound, (out_features,), dtype)) if bias else None

    def forward(self, x):
        x = as_float_array(x, "input")
        if x.ndim not in (1, 2) or x.shape[-1] != self.in_features:
            raise ValueError(
                f"Linear expected input with {self.in_features} features (in_features="
                f"{self.in_features}); got shape {x.shape}."
            )
        w = self.weight.data
        if w.dtype != x.dtype:
            w = w.astype(x.dtype)
        y = x @ w.T
        if self.bias is not None:
            y += self.bias.data  # in place: no second (N, out) array; float64 bias is cast
        self._cache = (x, w)
        return y

    def backward(self, grad_output):
        """dL/dW = g^T x, dL/db = sum of g over the batch, dL/dx = g W (skipped, and None
        returned, when ``needs_input_grad`` is False: a model's first layer)."""
        x, w = self._saved()
        g = self._check_grad_output(grad_output, x.shape[:-1] + (self.out_features,), x.dtype)
        g2, x2 = g.reshape(-1, self.out_features), x.reshape(-1, self.in_features)
        self.weight._accumulate(g2.T @ x2)                 # dL/dW = g^T x
        if self.bias is not None:
            self.bias._accumulate(g2.sum(axis=0))          # dL/db = sum_n g_n
        return g @ w if self.needs_input_grad else None  # dL/dx = g W

    def extra_repr(self) -> str:
        return f"in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}"


class ReLU(Module):
    r"""Rectified linear unit, :math:`\text{ReLU}(x) = \max(0, x)`, elementwise.

    Shape:
        - Input: ``(*)``, any shape. Output: the same shape.

    Examples:
        >>> ReLU()(np.array([-1.0, 2.0]))
        array([0., 2.])
    """

    def forward(self, x):
        x = as_float_array(x, "input")
        y = np.maximum(x, 0)
        self._cache = y
        return y

    def backward(self, grad_output):
        y = self._saved()
        g = self._check_grad_output(grad_output, y.shape, y.dtype)
        return g * (y > 0)  # dReLU/dx = 1 where x > 0, else 0 (PyTorch's choice at 0)


class LeakyReLU(Module):
    r""":math:`\text{LeakyReLU}(x) = x` for :math:`x > 0`, :math:`\text{negative\_slope} \cdot x` otherwise.

    Args:
        negative_slope: slope for negative inputs. Default: 0.01.

    Shape:
        - Input: ``(*)``. Output: the same shape.

    Examples:
        >>> LeakyReLU(0.1)(np.array([-1.0, 2.0]))
        array([-0.1,  2. ])
    """

    def __init__(self, negative_slope: float = 0.01):
        super().__init__()
        self.negative_slope = float(check_scalar(negative_slope, "negative_slope"))

    def forward(self, x):
        x = as_float_array(x, "input")
        positive = x > 0
        self._cache = (positive, x.dtype)
        return np.where(positive, x, self.negative_slope * x)

    def backward(self, grad_output):
        positive, dtype = self._saved()
        g = self._check_grad_output(grad_output, positive.shape, dtype)
        return np.where(positive, g, self.negative_slope * g)  # d/dx = 1 or negative_slope

    def extra_repr(self) -> str:
        return f"negative_slope={self.negative_slope}"


class PReLU(Module):
    r"""Leaky ReLU with a learnable slope: :math:`\text{PReLU}(x) = \max(0, x) + a \min(0, x)`.

    Args:
        num_parameters: 1 (one slope shared by all channels) or the number of channels C (one
            slope per channel, the input's dimension 1). Default: 1.
        init: initial value of the slopes. Default: 0.25.
        dtype: dtype of the parameter. Default: np.float64.

    Attributes:
        weight: the slopes :math:`a`, shape ``(num_parameters,)``.

    Shape:
        - Input: ``(N, C, *)`` or ``(N,)`` with one parameter. Output: the same shape.

    Examples:
        >>> PReLU()(np.array([[-2.0, 2.0]]))
        array([[-0.5,  2. ]])
    """

    def __init__(self, num_parameters: int = 1, init: float = 0.25, *, dtype=np.float64):
        super().__init__()
        self.num_parameters = check_scalar(num_parameters, "num_parameters", kind=int, min_val=1)
        init = float(check_scalar(init, "init"))
        self.weight = Parameter(np.full(num_parameters, init, dtype=_check_dtype(dtype)))

    def _slope(self, x):
        a = self.weight.data.astype(x.dtype, copy=False)
        if self.num_parameters == 1:
            return a.reshape(())
        if x.ndim < 2 or x.shape[1] != self.num_parameters:
            raise ValueError(
                f"PReLU with num_parameters={self.num_parameters} expected input of shape (N, "
                f"{self.num_parameters}, ...); got shape {x.shape}."
            )
        return a.reshape((1, -1) + (1,) * (x.ndim - 2))

    def forward(self, x):
        x = as_float_array(x, "input")
        a = self._slope(x)
        self._cache = (x, a)
        return np.where(x > 0, x, a * x)

    def backward(self, grad_output):
        x, a = self._saved()
        g = self._check_grad_output(grad_output, x.shape, x.dtype)
        negative = x <= 0
        ga = g * x * negative                                     # dy/da = x where x <= 0
        if self.num_parameters == 1:
            self.weight._accumulate(ga.sum().reshape(1))
        else:
            self.weight._accumulate(ga.sum(axis=tuple(i for i in range(x.ndim) if i != 1)))
        return np.where(negative, a * g, g) if self.needs_input_grad else None  # dy/dx = 1 or a

    def extra_repr(self) -> str:
        return f"num_parameters={self.num_parameters}"


class Sigmoid(Module):
    r""":math:`\sigma(x) = 1 / (1 + e^{-x})`, elementwise, computed without overflow.

    Shape:
        - Input: ``(*)``. Output: the same shape.

    Examples:
        >>> Sigmoid()(np.array([0.0]))
        array([0.5])
    """

    def forward(self, x):
        y = F.sigmoid(as_float_array(x, "input"))
        self._cache = y
        return y

    def backward(self, grad_output):
        y = self._saved()
        g = self._check_grad_output(grad_output, y.shape, y.dtype)
        return g * y * (1 - y)  # dsigma/dx = sigma (1 - sigma)


class Tanh(Module):
    r""":math:`\tanh(x)`, elementwise.

    Shape:
        - Input: ``(*)``. Output: the same shape.

    Examples:
        >>> Tanh()(np.array([0.0]))
        array([0.])
    """

    def forward(self, x):
        y = np.tanh(as_float_array(x, "input"))
        self._cache = y
        return y

    def backward(self, grad_output):
        y = self._saved()
        g = self._check_grad_output(grad_output, y.shape, y.dtype)
        return g * (1 - y * y)  # dtanh/dx = 1 - tanh^2


class Softmax(Module):
    r""":math:`\text{Softmax}(x)_i = e^{x_i} / \sum_j e^{x_j}` along dimension ``dim``.

    Args:
        dim: the dimension along which the outputs sum to 1. Default: -1 (PyTorch asks for it
            explicitly; pass it to be clear).

    Shape:
        - Input: ``(*)``. Output: the same shape.

    Examples:
        >>> Softmax(dim=1)(np.zeros((1, 4)))
        array([[0.25, 0.25, 0.25, 0.25]])
    """

    def __init__(self, dim: int = -1):
        super().__init__()
        self.dim = check_scalar(dim, "dim", kind=int)

    def forward(self, x):
        x = as_float_array(x, "input")
        if not -x.ndim <= self.dim < max(x.ndim, 1):
            raise ValueError(f"dim must be in [{-x.ndim}, {x.ndim - 1}] for input of shape {x.shape}; got {self.dim}.")
        y = F.softmax(x, dim=self.dim)
        self._cache = y
        return y

    def backward(self, grad_output):
        y = self._saved()
        g = self._check_grad_output(grad_output, y.shape, y.dtype)
        # dL/dx_i = y_i (g_i - sum_j g_j y_j)   (the Jacobian diag(y) - y y^T applied to g)
        return y * (g - (g * y).sum(axis=self.dim, keepdims=True))

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class LogSoftmax(Module):
    r""":math:`\text{LogSoftmax}(x)_i = x_i - \log \sum_j e^{x_j}` along dimension ``dim``, computed stably.

    The backward pass is :math:`\partial L / \partial x = g - \text{softmax}(x) \sum_j g_j`.

    Args:
        dim: the dimension along which softmax is taken. Default: -1.

    Shape:
        - Input: ``(*)``. Output: the same shape.

    Examples:
        >>> LogSoftmax(dim=1)(np.zeros((1, 2))).round(4)
        array([[-0.6931, -0.6931]])
    """

    def __init__(self, dim: int = -1):
        super().__init__()
        self.dim = int(check_scalar(dim, "dim", kind=numbers.Integral))

    def forward(self, x):
        y = F.log_softmax(as_float_array(x, "input"), dim=self.dim)
        self._cache = y
        return y

    def backward(self, grad_output):
        y = self._saved()
        g = self._check_grad_output(grad_output, y.shape, y.dtype)
        return g - np.exp(y) * g.sum(axis=self.dim, keepdims=True)  # g - softmax(x) sum_j g_j

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class Flatten(Module):
    """Flatten dimensions ``start_dim`` to ``end_dim`` into one, as PyTorch's ``Flatten`` (a reshape).

    Args:
        start_dim: first dimension to flatten. Default: 1 (keep the batch dimension).
        end_dim: last dimension to flatten. Default: -1.

    Shape:
        - Input: ``(N, *)``. Output: ``(N, prod(*))`` with the defaults.

    Examples:
        >>> Flatten()(np.zeros((2, 28, 28))).shape
        (2, 784)
    """

    def __init__(self, start_dim: int = 1, end_dim: int = -1):
        super().__init__()
        self.start_dim = int(check_scalar(start_dim, "start_dim", kind=numbers.Integral))
        self.end_dim = int(check_scalar(end_dim, "end_dim", kind=numbers.Integral))

    def forward(self, x):
        x = as_float_array(x, "input")
        start, end = self.start_dim % max(x.ndim, 1), self.end_dim % max(x.ndim, 1)
        if x.ndim == 0 or start > end:
            raise ValueError(
                f"Flatten(start_dim={self.start_dim}, end_dim={self.end_dim}) does not fit input of shape {x.shape}."
            )
        self._cache = x.shape
        return x.reshape(x.shape[:start] + (-1,) + x.shape[end + 1:])

    def backward(self, grad_output):
        shape = self._saved()
        return as_float_array(grad_output, "grad_output").reshape(shape)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class BatchNorm1d(Module):
    r"""Batch normalization over a batch of feature vectors.

    .. math::
        y = \frac{x - \mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}} \cdot \gamma + \beta

    In training mode the mean and the biased variance are those of the batch (per feature), and the
    running statistics are updated as PyTorch does:
    ``running = (1 - momentum) * running + momentum * batch_statistic``, with the *unbiased*
    batch variance for ``running_var``. In evaluation mode the running statistics are used.

    Args:
        num_features: C, the number of features.
        eps: added to the variance for numerical stability. Default: 1e-5.
        momentum: weight of the new batch in the running statistics; None for a cumulative
            average. Default: 0.1.
        affine: learn :math:`\gamma` (``weight``, ones) and :math:`\beta` (``bias``, zeros). Default: True.
        dtype: dtype of parameters and running statistics. Default: np.float64.

    Shape:
        - Input: ``(N, C)`` or ``(N, C, L)`` where N = batch size, C = number of features.
        - Output: the same shape.

    Examples:
        >>> bn = BatchNorm1d(2)
        >>> bn(np.array([[1.0, 2.0], [3.0, 6.0]])).round(3)
        array([[-1., -1.],
               [ 1.,  1.]])
    """

    _buffer_names = ("running_mean", "running_var", "num_batches_tracked")

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1,
                 affine: bool = True, *, dtype=np.float64):
        super().__init__()
        self.num_features = check_scalar(num_features, "num_features", kind=int, min_val=1)
        self.eps = float(check_scalar(eps, "eps", min_val=0, include_min=False))
        self.momentum = None if momentum is None else float(check_scalar(momentum, "momentum", min_val=0, max_val=1))
        self.affine = bool(affine)
        dtype = _check_dtype(dtype)
        self.weight = Parameter(np.ones(num_features, dtype=dtype)) if affine else None
        self.bias = Parameter(np.zeros(num_features, dtype=dtype)) if affine else None
        self.running_mean = np.zeros(num_features, dtype=dtype)
        self.running_var = np.ones(num_features, dtype=dtype)
        self.num_batches_tracked = np.array(0, dtype=np.int64)

    def _axes_and_shape(self, x):
        if x.ndim not in (2, 3) or x.shape[1] != self.num_features:
            raise ValueError(
                f"BatchNorm1d expected input of shape (N, {self.num_features}) or (N, {self.num_features}, L) "
                f"(num_features={self.num_features}); got shape {x.shape}."
            )
        axes = (0,) if x.ndim == 2 else (0, 2)
        shape = (1, -1) if x.ndim == 2 else (1, -1, 1)
        return axes, shape

    def forward(self, x):
        x = as_float_array(x, "input")
        axes, shape = self._axes_and_shape(x)
        m = x.size // self.num_features  # values per feature
        if self.training:
            if m < 2:
                raise ValueError(
                    f"BatchNorm1d needs more than 1 value per feature in training mode; got input "
                    f"shape {x.shape}. Use a larger batch or call eval()."
                )
            mean = x.mean(axis=axes)
            var = x.var(axis=axes)  # biased, used to normalise
            self.num_batches_tracked += 1
            factor = self.momentum if self.momentum is not None else 1.0 / float(self.num_batches_tracked)
            rm, rv = self.running_mean, self.running_var
            rm *= 1 - factor
            rm += factor * mean.astype(rm.dtype)
            rv *= 1 - factor
            rv += factor * (var * (m / (m - 1))).astype(rv.dtype)  # unbiased, as PyTorch
        else:
            mean = self.running_mean.astype(x.dtype, copy=False)
            var = self.running_var.astype(x.dtype, copy=False)
        inv_std = 1 / np.sqrt(var + self.eps)
        x_hat = (x - mean.reshape(shape)) * inv_std.reshape(shape)
        gamma = None
        y = x_hat
        if self.affine:
            gamma = self.weight.data.astype(x.dtype, copy=False).reshape(shape)
            y = x_hat * gamma + self.bias.data.astype(x.dtype, copy=False).reshape(shape)
        self._cache = (x_hat, inv_std.reshape(shape), gamma, axes, self.training)
        return y

    def backward(self, grad_output):
        x_hat, inv_std, gamma, axes, training = self._saved()
        g = self._check_grad_output(grad_output, x_hat.shape, x_hat.dtype)
        if self.affine:
            self.weight._accumulate((g * x_hat).sum(axis=axes))  # dL/dgamma = sum g x_hat
            self.bias._accumulate(g.sum(axis=axes))              # dL/dbeta = sum g
        if not self.needs_input_grad:
            return None
        g_hat = g * gamma if self.affine else g                   # dL/dx_hat
        if not training:
            return g_hat * inv_std                                # statistics are constants
        # Batch statistics depend on x: dL/dx = inv_std * (g_hat - mean(g_hat) - x_hat * mean(g_hat x_hat))
        mean_g = g_hat.mean(axis=axes, keepdims=True)
        mean_gx = (g_hat * x_hat).mean(axis=axes, keepdims=True)
        return inv_std * (g_hat - mean_g - x_hat * mean_gx)

    def extra_repr(self) -> str:
        return f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}"


class Dropout(Module):
    r"""Zero each element with probability ``p`` during training and scale the rest by 1/(1-p).

    The scaling ("inverted dropout", as PyTorch) keeps the expected value of every element, so
    evaluation mode is the identity.

    Args:
        p: probability of zeroing an element. Default: 0.5.
        rng: seed or ``np.random.Generator`` drawing the masks. Default: None.

    Shape:
        - Input: ``(*)``. Output: the same shape.

    Examples:
        >>> Dropout(0.5, rng=0).eval()(np.ones(3))
        array([1., 1., 1.])
    """

    def __init__(self, p: float = 0.5, *, rng=None):
        super().__init__()
        self.p = float(check_scalar(p, "p", min_val=0, max_val=1))
        self.rng = check_rng(rng)

    def forward(self, x):
        x = as_float_array(x, "input")
        if not self.training or self.p == 0:
            self._cache = (None, x.shape, x.dtype)
            return x.copy()
        if self.p == 1:
            mask = np.zeros(x.shape, dtype=x.dtype)
        else:
            keep = self.rng.random(x.shape, dtype=x.dtype) >= self.p
            mask = keep * x.dtype.type(1 / (1 - self.p))
        self._cache = (mask, x.shape, x.dtype)
        return x * mask

    def backward(self, grad_output):
        mask, shape, dtype = self._saved()
        g = self._check_grad_output(grad_output, shape, dtype)
        return g.copy() if mask is None else g * mask  # the same mask as forward

    def extra_repr(self) -> str:
        return f"p={self.p}"


def _backward_of(module, grad_output, needs_input_grad: bool):
    """``module.backward(grad_output)`` with ``needs_input_grad`` set for the call, then restored."""
    previous = module.needs_input_grad
    module.needs_input_grad = needs_input_grad
    try:
        return module.backward(grad_output)
    finally:
        module.needs_input_grad = previous


class Sequential(Module):
    """Layers applied one after the other; backward runs them in reverse.

    ``backward`` does not compute the gradient with respect to the model's input unless
    ``needs_input_grad`` is True: the data needs none (PyTorch's inputs have
    ``requires_grad=False``), and for a first :class:`Linear` layer it is a full matrix product.
    The first layer then only accumulates its parameters' gradients and ``backward`` returns None.

    Args:
        *modules: the layers, in order.

    Attributes:
        needs_input_grad: compute and return dL/d(input) in ``backward``. Default: False (set
            to True by an enclosing model that needs it).

    Examples:
        >>> model = Sequential(Linear(2, 3, rng=0), ReLU(), Linear(3, 1, rng=1))
        >>> len(model), type(model[1]).__name__
        (3, 'ReLU')
        >>> out = model(np.ones((5, 2)))
        >>> model.backward(np.ones((5, 1))) is None  # the parameters' gradients only
        True
        >>> model.needs_input_grad = True            # also dL/d(input), as X.requires_grad_()
        >>> _ = model(np.ones((5, 2)))
        >>> model.backward(np.ones((5, 1))).shape
        (5, 2)
    """

    needs_input_grad = False

    def __init__(self, *modules):
        super().__init__()
        for i, m in enumerate(modules):
            if not isinstance(m, Module):
                raise TypeError(f"Sequential arguments must be Modules; argument {i} is {type(m).__name__}.")
            setattr(self, str(i), m)

    def _layers(self) -> list:
        return self.children()

    def forward(self, x):
        for m in self._layers():
            x = m(x)
        self._cache = True
        return x

    def backward(self, grad_output):
        """Run each layer's backward in reverse order; return dL/d(input), or None (``needs_input_grad``)."""
        self._saved()
        layers = self._layers()
        g = grad_output
        for m in reversed(layers[1:]):
            g = _backward_of(m, g, True)  # every later layer's input is an earlier layer's output
        first = layers[0]
        if not self.needs_input_grad and not first.parameters():
            return None  # nothing to learn and nothing asked for: skip the layer
        grad_input = _backward_of(first, g, self.needs_input_grad)
        return grad_input if self.needs_input_grad else None

    def __getitem__(self, index):
        layers = self._layers()
        if isinstance(index, slice):
            return Sequential(*layers[index])
        return layers[index]

    def __len__(self) -> int:
        return len(self._layers())

    def __iter__(self):
        return iter(self._layers())

    def append(self, module):
        """Add a layer at the end; returns self."""
        if not isinstance(module, Module):
            raise TypeError(f"module must be a Module; got {type(module).__name__}.")
        setattr(self, str(len(self)), module)
        return self
