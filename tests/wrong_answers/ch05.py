"""Wrong answers for chapter 5's graded exercise (tests/wrong_answers/README.md).

WRONG and RIGHT first hold the catalogue written from the task text and the page only, by a reviewer
who never saw the tests (unchanged); PLAN_WRONG adds the wrong answers of the plan (CHAPTERS.md 5.3,
ids "-plan-"), and MORE_RIGHT right answers written differently by the tests' author.
"""

# ----------------------------------------------------------------------------------------------
# the reviewer's catalogue
WRONG = [
    # ------------------------------------------------------------------------------------------
    # Task 1: SGD
    # ------------------------------------------------------------------------------------------
    dict(
        id="SGD-buffer-starts-zero-dampened",
        task="Task 1", cell="sgd-answer", function="SGD", kind="boundary",
        why="starts the buffer at zeros and applies b = mu*b + (1 - tau)*g from the first update, so the "
            "first step is dampened; the task says b = g at the first update. With lr=0.1, momentum=0.9, "
            "dampening=0.5 the first step is half as long (right when dampening=0)",
        code='''
class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        if lr < 0 or momentum < 0 or weight_decay < 0:
            raise ValueError("invalid hyperparameter")
        if nesterov and (momentum == 0 or dampening != 0):
            raise ValueError("nesterov requires momentum > 0 and dampening = 0")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov))

    def step(self):
        for group in self.param_groups:
            mu, tau = group["momentum"], group["dampening"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p.data
                if mu != 0:
                    state = self.state[p]
                    b = state.get("momentum_buffer", np.zeros_like(p.data))
                    b = mu * b + (1 - tau) * g
                    state["momentum_buffer"] = b
                    g = g + mu * b if group["nesterov"] else b
                p.data -= group["lr"] * g
''',
    ),
    dict(
        id="SGD-average-form",
        task="Task 1", cell="sgd-answer", function="SGD", kind="other-quantity",
        why="the seed notes' moving-average form v = mu*v - (1 - mu)*g, theta += lr*v (stored as "
            "'momentum_buffer'): the same algorithm with lr*(1 - mu), not PyTorch's; with lr=0.1, "
            "momentum=0.9 every step is 10 times too short and the buffer has the wrong sign",
        code='''
class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        if lr < 0 or momentum < 0 or weight_decay < 0:
            raise ValueError("invalid hyperparameter")
        if nesterov and (momentum == 0 or dampening != 0):
            raise ValueError("nesterov requires momentum > 0 and dampening = 0")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov))

    def step(self):
        for group in self.param_groups:
            mu = group["momentum"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p.data
                if mu == 0:
                    p.data -= group["lr"] * g
                    continue
                state = self.state[p]
                v = state.get("momentum_buffer", np.zeros_like(p.data))
                v = mu * v - (1 - mu) * g
                state["momentum_buffer"] = v
                if group["nesterov"]:
                    p.data += group["lr"] * (mu * v - (1 - mu) * g)
                else:
                    p.data += group["lr"] * v
''',
    ),
    dict(
        id="SGD-weight-decay-after-buffer",
        task="Task 1", cell="sgd-answer", function="SGD", kind="state-order",
        why="adds lambda*theta to the step after the momentum buffer instead of before it (the task: "
            "'Weight decay enters g before the buffer'); with lr=0.1, momentum=0.9, weight_decay=0.1 the "
            "second step already differs (the buffer holds no decay)",
        code='''
class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        if lr < 0 or momentum < 0 or weight_decay < 0:
            raise ValueError("invalid hyperparameter")
        if nesterov and (momentum == 0 or dampening != 0):
            raise ValueError("nesterov requires momentum > 0 and dampening = 0")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov))

    def step(self):
        for group in self.param_groups:
            mu, tau = group["momentum"], group["dampening"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad
                if mu != 0:
                    state = self.state[p]
                    if "momentum_buffer" not in state:
                        b = g.copy()
                    else:
                        b = mu * state["momentum_buffer"] + (1 - tau) * g
                    state["momentum_buffer"] = b
                    g = g + mu * b if group["nesterov"] else b
                p.data -= group["lr"] * (g + group["weight_decay"] * p.data)
''',
    ),
    dict(
        id="SGD-nesterov-old-buffer",
        task="Task 1", cell="sgd-answer", function="SGD", kind="state-order",
        why="Nesterov step g + mu*b with the buffer of the *previous* step (computed before updating b), "
            "i.e. the look-ahead taken too early; with lr=0.1, momentum=0.9, nesterov=True the first step "
            "is lr*g instead of lr*(1 + mu)*g",
        code='''
class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        if lr < 0 or momentum < 0 or weight_decay < 0:
            raise ValueError("invalid hyperparameter")
        if nesterov and (momentum == 0 or dampening != 0):
            raise ValueError("nesterov requires momentum > 0 and dampening = 0")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov))

    def step(self):
        for group in self.param_groups:
            mu, tau = group["momentum"], group["dampening"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p.data
                if mu != 0:
                    state = self.state[p]
                    old = state.get("momentum_buffer")
                    if old is None:
                        b = g.copy()
                        old = np.zeros_like(g)
                    else:
                        b = mu * old + (1 - tau) * g
                    state["momentum_buffer"] = b
                    g = g + mu * old if group["nesterov"] else b
                p.data -= group["lr"] * g
''',
    ),
    dict(
        id="SGD-buffer-aliases-grad",
        task="Task 1", cell="sgd-answer", function="SGD", kind="state-order",
        why="stores p.grad itself as the first buffer (no copy) and then updates the buffer in place "
            "(b *= mu; b += ...): when the same gradient array is kept for two step() calls (momentum=0.9, "
            "p.grad not reassigned) the second step overwrites p.grad and the buffer is wrong; the task "
            "says step() never modifies p.grad",
        code='''
class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        if lr < 0 or momentum < 0 or weight_decay < 0:
            raise ValueError("invalid hyperparameter")
        if nesterov and (momentum == 0 or dampening != 0):
            raise ValueError("nesterov requires momentum > 0 and dampening = 0")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov))

    def step(self):
        for group in self.param_groups:
            mu, tau, wd = group["momentum"], group["dampening"], group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad if wd == 0 else p.grad + wd * p.data
                if mu != 0:
                    state = self.state[p]
                    if "momentum_buffer" not in state:
                        state["momentum_buffer"] = g
                    else:
                        b = state["momentum_buffer"]
                        b *= mu
                        b += (1 - tau) * g
                    b = state["momentum_buffer"]
                    g = g + mu * b if group["nesterov"] else b
                p.data -= group["lr"] * g
''',
    ),
    dict(
        id="SGD-lr-cached-in-init",
        task="Task 1", cell="sgd-answer", function="SGD", kind="ignored-arg",
        why="keeps the hyperparameters as attributes in __init__ and uses self.lr etc. in step(): the "
            "group's own lr is ignored, so a second group {'params': ..., 'lr': 0.03}, or a scheduler "
            "changing group['lr'] between steps, has no effect",
        code='''
class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        if lr < 0 or momentum < 0 or weight_decay < 0:
            raise ValueError("invalid hyperparameter")
        if nesterov and (momentum == 0 or dampening != 0):
            raise ValueError("nesterov requires momentum > 0 and dampening = 0")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov))
        self.hp = dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                       nesterov=nesterov)

    def step(self):
        lr, mu, tau = self.hp["lr"], self.hp["momentum"], self.hp["dampening"]
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + self.hp["weight_decay"] * p.data
                if mu != 0:
                    state = self.state[p]
                    if "momentum_buffer" not in state:
                        b = g.copy()
                    else:
                        b = mu * state["momentum_buffer"] + (1 - tau) * g
                    state["momentum_buffer"] = b
                    g = g + mu * b if self.hp["nesterov"] else b
                p.data -= lr * g
''',
    ),
    dict(
        id="SGD-not-in-place",
        task="Task 1", cell="sgd-answer", function="SGD", kind="state-order",
        why="p.data = p.data - lr*g rebinds a new array: the values are right but the parameter's array "
            "loses its identity (a model or an optimizer holding the old array no longer sees updates); "
            "the task asks for p.data -= ... in place. Any step shows it (id(p.data) changes)",
        code='''
class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        if lr < 0 or momentum < 0 or weight_decay < 0:
            raise ValueError("invalid hyperparameter")
        if nesterov and (momentum == 0 or dampening != 0):
            raise ValueError("nesterov requires momentum > 0 and dampening = 0")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov))

    def step(self):
        for group in self.param_groups:
            mu, tau = group["momentum"], group["dampening"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p.data
                if mu != 0:
                    state = self.state[p]
                    if "momentum_buffer" not in state:
                        b = g.copy()
                    else:
                        b = mu * state["momentum_buffer"] + (1 - tau) * g
                    state["momentum_buffer"] = b
                    g = g + mu * b if group["nesterov"] else b
                p.data = p.data - group["lr"] * g
''',
    ),
    dict(
        id="SGD-buffer-kept-at-mu0",
        task="Task 1", cell="sgd-answer", function="SGD", kind="boundary",
        why="always keeps a 'momentum_buffer', also with momentum=0 (where b = 0*b + g = g, so the path is "
            "right): the task says 'With mu = 0 no buffer is kept', and the state of SGD(lr=0.1) is not "
            "empty after a step (it also appears in state_dict())",
        code='''
class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        if lr < 0 or momentum < 0 or weight_decay < 0:
            raise ValueError("invalid hyperparameter")
        if nesterov and (momentum == 0 or dampening != 0):
            raise ValueError("nesterov requires momentum > 0 and dampening = 0")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov))

    def step(self):
        for group in self.param_groups:
            mu, tau = group["momentum"], group["dampening"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p.data
                state = self.state[p]
                if "momentum_buffer" not in state:
                    b = g.copy()
                else:
                    b = mu * state["momentum_buffer"] + (1 - tau) * g
                state["momentum_buffer"] = b
                g = g + mu * b if group["nesterov"] else b
                p.data -= group["lr"] * g
''',
    ),
    dict(
        id="SGD-nesterov-check-and",
        task="Task 1", cell="sgd-answer", function="SGD", kind="boundary",
        why="checks nesterov with `momentum == 0 and dampening != 0` instead of `or`: SGD(lr=0.1, "
            "nesterov=True) (momentum 0) and SGD(lr=0.1, momentum=0.9, dampening=0.1, nesterov=True) are "
            "both accepted instead of raising ValueError",
        code='''
class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        if lr < 0 or momentum < 0 or weight_decay < 0:
            raise ValueError("invalid hyperparameter")
        if nesterov and momentum == 0 and dampening != 0:
            raise ValueError("nesterov requires momentum > 0 and dampening = 0")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov))

    def step(self):
        for group in self.param_groups:
            mu, tau = group["momentum"], group["dampening"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p.data
                if mu != 0:
                    state = self.state[p]
                    if "momentum_buffer" not in state:
                        b = g.copy()
                    else:
                        b = mu * state["momentum_buffer"] + (1 - tau) * g
                    state["momentum_buffer"] = b
                    g = g + mu * b if group["nesterov"] else b
                p.data -= group["lr"] * g
''',
    ),
    dict(
        id="SGD-weight-decay-into-grad",
        task="Task 1", cell="sgd-answer", function="SGD", kind="state-order",
        why="adds the decay to the gradient in place (p.grad += wd * p.data): the update is right, but "
            "p.grad is modified (the task: step() 'never modifies p.grad'), so calling step() twice with "
            "the same gradient (weight_decay=0.3) decays twice as much the second time",
        code='''
class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        if lr < 0 or momentum < 0 or weight_decay < 0:
            raise ValueError("invalid hyperparameter")
        if nesterov and (momentum == 0 or dampening != 0):
            raise ValueError("nesterov requires momentum > 0 and dampening = 0")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov))

    def step(self):
        for group in self.param_groups:
            mu, tau = group["momentum"], group["dampening"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                if group["weight_decay"] != 0:
                    p.grad += group["weight_decay"] * p.data
                g = p.grad
                if mu != 0:
                    state = self.state[p]
                    if "momentum_buffer" not in state:
                        b = g.copy()
                    else:
                        b = mu * state["momentum_buffer"] + (1 - tau) * g
                    state["momentum_buffer"] = b
                    g = g + mu * b if group["nesterov"] else b
                p.data -= group["lr"] * g
''',
    ),
    # ------------------------------------------------------------------------------------------
    # Task 2: RMSprop
    # ------------------------------------------------------------------------------------------
    dict(
        id="RMSprop-eps-inside-sqrt",
        task="Task 2", cell="rmsprop-answer", function="RMSprop", kind="formula",
        why="divides by sqrt(v + eps) instead of sqrt(v) + eps (the task: 'eps added after the square "
            "root'); visible with eps=1e-3 or 0.5 (lr=0.1, alpha=0.5, eps=0.5 differs at the first step)",
        code='''
class RMSprop(Optimizer):
    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0.0):
        if lr < 0 or alpha < 0 or eps < 0 or weight_decay < 0:
            raise ValueError("invalid hyperparameter")
        super().__init__(params, dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            a = group["alpha"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p.data
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["square_avg"] = np.zeros_like(p.data)
                state["step"] += 1
                state["square_avg"] = a * state["square_avg"] + (1 - a) * g ** 2
                p.data -= group["lr"] * g / np.sqrt(state["square_avg"] + group["eps"])
''',
    ),
    dict(
        id="RMSprop-v-starts-at-g2",
        task="Task 2", cell="rmsprop-answer", function="RMSprop", kind="boundary",
        why="initialises v with the first g**2 (so the first step is about lr*sign(g)) instead of zero "
            "(the task: 'v starting at zero'); with the defaults the first step is 10 times too short "
            "(sqrt(0.01) = 0.1)",
        code='''
class RMSprop(Optimizer):
    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0.0):
        if lr < 0 or alpha < 0 or eps < 0 or weight_decay < 0:
            raise ValueError("invalid hyperparameter")
        super().__init__(params, dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            a = group["alpha"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p.data
                state = self.state[p]
                if not state:
                    state["step"] = 1
                    state["square_avg"] = g ** 2
                else:
                    state["step"] += 1
                    state["square_avg"] = a * state["square_avg"] + (1 - a) * g ** 2
                p.data -= group["lr"] * g / (np.sqrt(state["square_avg"]) + group["eps"])
''',
    ),
    dict(
        id="RMSprop-bias-corrected",
        task="Task 2", cell="rmsprop-answer", function="RMSprop", kind="other-quantity",
        why="borrows Adam's bias correction and divides by sqrt(v / (1 - alpha**t)): PyTorch's RMSprop "
            "has none; with the defaults v_hat = g**2 at t = 1, so the first step is lr*sign(g), 10 times shorter than the right 10*lr*sign(g)",
        code='''
class RMSprop(Optimizer):
    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0.0):
        if lr < 0 or alpha < 0 or eps < 0 or weight_decay < 0:
            raise ValueError("invalid hyperparameter")
        super().__init__(params, dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            a = group["alpha"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p.data
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["square_avg"] = np.zeros_like(p.data)
                state["step"] += 1
                state["square_avg"] = a * state["square_avg"] + (1 - a) * g ** 2
                v_hat = state["square_avg"] / (1 - a ** state["step"])
                p.data -= group["lr"] * g / (np.sqrt(v_hat) + group["eps"])
''',
    ),
    dict(
        id="RMSprop-step-counts-from-0",
        task="Task 2", cell="rmsprop-answer", function="RMSprop", kind="off-by-one",
        why="creates the state with 'step' = 0 at the first update and increments it only on later "
            "updates: 'step' is 0 after the first update and always one behind (the task: '1 after its "
            "first update'); the parameters themselves are right",
        code='''
class RMSprop(Optimizer):
    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0.0):
        if lr < 0 or alpha < 0 or eps < 0 or weight_decay < 0:
            raise ValueError("invalid hyperparameter")
        super().__init__(params, dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            a = group["alpha"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p.data
                state = self.state[p]
                if "square_avg" not in state:
                    state["square_avg"] = np.zeros_like(p.data)
                    state["step"] = 0
                else:
                    state["step"] += 1
                state["square_avg"] = a * state["square_avg"] + (1 - a) * g ** 2
                p.data -= group["lr"] * g / (np.sqrt(state["square_avg"]) + group["eps"])
''',
    ),
    dict(
        id="RMSprop-weight-decay-ignored",
        task="Task 2", cell="rmsprop-answer", function="RMSprop", kind="ignored-arg",
        why="validates weight_decay but never adds lambda*theta to g: with weight_decay=0.1 the path is "
            "that of weight_decay=0",
        code='''
class RMSprop(Optimizer):
    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0.0):
        if lr < 0 or alpha < 0 or eps < 0 or weight_decay < 0:
            raise ValueError("invalid hyperparameter")
        super().__init__(params, dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            a = group["alpha"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["square_avg"] = np.zeros_like(p.data)
                state["step"] += 1
                state["square_avg"] = a * state["square_avg"] + (1 - a) * g ** 2
                p.data -= group["lr"] * g / (np.sqrt(state["square_avg"]) + group["eps"])
''',
    ),
    dict(
        id="RMSprop-square-avg-of-raw-grad",
        task="Task 2", cell="rmsprop-answer", function="RMSprop", kind="state-order",
        why="updates v with the raw gradient p.grad**2 and adds the weight decay only to the numerator: "
            "the task squares g = grad + lambda*theta; with weight_decay=0.1 'square_avg' and the step differ",
        code='''
class RMSprop(Optimizer):
    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0.0):
        if lr < 0 or alpha < 0 or eps < 0 or weight_decay < 0:
            raise ValueError("invalid hyperparameter")
        super().__init__(params, dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            a = group["alpha"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["square_avg"] = np.zeros_like(p.data)
                state["step"] += 1
                state["square_avg"] = a * state["square_avg"] + (1 - a) * p.grad ** 2
                g = p.grad + group["weight_decay"] * p.data
                p.data -= group["lr"] * g / (np.sqrt(state["square_avg"]) + group["eps"])
''',
    ),
    dict(
        id="RMSprop-alpha-swapped",
        task="Task 2", cell="rmsprop-answer", function="RMSprop", kind="formula",
        why="v = (1 - alpha)*v + alpha*g**2, alpha read as the weight of the new gradient (as a 'learning "
            "rate' of the average): with the default alpha=0.99 v is almost g**2 after one update and the "
            "first step is about lr*sign(g) instead of 10*lr*sign(g), 10 times too short",
        code='''
class RMSprop(Optimizer):
    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0.0):
        if lr < 0 or alpha < 0 or eps < 0 or weight_decay < 0:
            raise ValueError("invalid hyperparameter")
        super().__init__(params, dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            a = group["alpha"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p.data
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["square_avg"] = np.zeros_like(p.data)
                state["step"] += 1
                state["square_avg"] = (1 - a) * state["square_avg"] + a * g ** 2
                p.data -= group["lr"] * g / (np.sqrt(state["square_avg"]) + group["eps"])
''',
    ),
    dict(
        id="RMSprop-step-float",
        task="Task 2", cell="rmsprop-answer", function="RMSprop", kind="return-type",
        why="counts with state.get('step', 0.0) + 1, so 'step' is the float 1.0 after the first update "
            "instead of the Python int 1 the task asks for (values of the parameters are right)",
        code='''
class RMSprop(Optimizer):
    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0.0):
        if lr < 0 or alpha < 0 or eps < 0 or weight_decay < 0:
            raise ValueError("invalid hyperparameter")
        super().__init__(params, dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            a = group["alpha"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p.data
                state = self.state[p]
                state["step"] = state.get("step", 0.0) + 1
                v = state.get("square_avg", np.zeros_like(p.data))
                state["square_avg"] = a * v + (1 - a) * g ** 2
                p.data -= group["lr"] * g / (np.sqrt(state["square_avg"]) + group["eps"])
''',
    ),
    dict(
        id="RMSprop-rejects-zero",
        task="Task 2", cell="rmsprop-answer", function="RMSprop", kind="boundary",
        why="raises ValueError for `<= 0` instead of `< 0`: RMSprop(params, eps=0.0, alpha=0.0) or lr=0 "
            "are allowed (the task: 'when any ... is negative') but rejected",
        code='''
class RMSprop(Optimizer):
    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0.0):
        if lr <= 0 or alpha <= 0 or eps <= 0 or weight_decay < 0:
            raise ValueError("invalid hyperparameter")
        super().__init__(params, dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            a = group["alpha"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p.data
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["square_avg"] = np.zeros_like(p.data)
                state["step"] += 1
                state["square_avg"] = a * state["square_avg"] + (1 - a) * g ** 2
                p.data -= group["lr"] * g / (np.sqrt(state["square_avg"]) + group["eps"])
''',
    ),
    dict(
        id="RMSprop-no-sqrt",
        task="Task 2", cell="rmsprop-answer", function="RMSprop", kind="other-quantity",
        why="divides by the mean square v + eps instead of the root mean square sqrt(v) + eps: the step "
            "then scales like 1/g; with the defaults and g = 3 the first step is 0.01*3/0.09 = 1/3 instead of 0.1",
        code='''
class RMSprop(Optimizer):
    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0.0):
        if lr < 0 or alpha < 0 or eps < 0 or weight_decay < 0:
            raise ValueError("invalid hyperparameter")
        super().__init__(params, dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            a = group["alpha"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p.data
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["square_avg"] = np.zeros_like(p.data)
                state["step"] += 1
                state["square_avg"] = a * state["square_avg"] + (1 - a) * g ** 2
                p.data -= group["lr"] * g / (state["square_avg"] + group["eps"])
''',
    ),
    # ------------------------------------------------------------------------------------------
    # Task 3: Adam
    # ------------------------------------------------------------------------------------------
    dict(
        id="Adam-no-bias-correction",
        task="Task 3", cell="adam-answer", function="Adam", kind="formula",
        why="steps with m / (sqrt(v) + eps), skipping the bias correction: with the defaults the first "
            "step is lr*0.1/sqrt(0.001) = 3.16*lr*sign(g) instead of lr*sign(g) (the page's 'up to 6.57 "
            "times too large')",
        code='''
class Adam(Optimizer):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0):
        if lr < 0 or eps < 0 or weight_decay < 0:
            raise ValueError("invalid hyperparameter")
        if len(betas) != 2 or not all(0 <= b < 1 for b in betas):
            raise ValueError("betas must be a pair in [0, 1)")
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            b1, b2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p.data
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["exp_avg"] = np.zeros_like(p.data)
                    state["exp_avg_sq"] = np.zeros_like(p.data)
                state["step"] += 1
                state["exp_avg"] = b1 * state["exp_avg"] + (1 - b1) * g
                state["exp_avg_sq"] = b2 * state["exp_avg_sq"] + (1 - b2) * g * g
                p.data -= group["lr"] * state["exp_avg"] / (np.sqrt(state["exp_avg_sq"]) + group["eps"])
''',
    ),
    dict(
        id="Adam-global-step-counter",
        task="Task 3", cell="adam-answer", function="Adam", kind="state-order",
        why="counts t once per call of step() in self.t, for all parameters, instead of per parameter: "
            "a parameter whose grad was None at the first call (skipped) is then bias-corrected with t = 2 "
            "at its first update and its 'step' is 2 instead of 1 (the task: 'counted per parameter')",
        code='''
class Adam(Optimizer):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0):
        if lr < 0 or eps < 0 or weight_decay < 0:
            raise ValueError("invalid hyperparameter")
        if len(betas) != 2 or not all(0 <= b < 1 for b in betas):
            raise ValueError("betas must be a pair in [0, 1)")
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))
        self.t = 0

    def step(self):
        self.t += 1
        t = self.t
        for group in self.param_groups:
            b1, b2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p.data
                state = self.state[p]
                if not state:
                    state["exp_avg"] = np.zeros_like(p.data)
                    state["exp_avg_sq"] = np.zeros_like(p.data)
                state["step"] = t
                state["exp_avg"] = b1 * state["exp_avg"] + (1 - b1) * g
                state["exp_avg_sq"] = b2 * state["exp_avg_sq"] + (1 - b2) * g * g
                m_hat = state["exp_avg"] / (1 - b1 ** t)
                v_hat = state["exp_avg_sq"] / (1 - b2 ** t)
                p.data -= group["lr"] * m_hat / (np.sqrt(v_hat) + group["eps"])
''',
    ),
    dict(
        id="Adam-counter-per-parameter-visit",
        task="Task 3", cell="adam-answer", function="Adam", kind="off-by-one",
        why="one counter self.t incremented inside the parameter loop: with two parameters the first gets "
            "t = 1, the second t = 2 at the very first step() (and 3, 4 at the next), so the second "
            "parameter's first step is wrong and 'step' counts visits, not updates of p",
        code='''
class Adam(Optimizer):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0):
        if lr < 0 or eps < 0 or weight_decay < 0:
            raise ValueError("invalid hyperparameter")
        if len(betas) != 2 or not all(0 <= b < 1 for b in betas):
            raise ValueError("betas must be a pair in [0, 1)")
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))
        self.t = 0

    def step(self):
        for group in self.param_groups:
            b1, b2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                self.t += 1
                g = p.grad + group["weight_decay"] * p.data
                state = self.state[p]
                if not state:
                    state["exp_avg"] = np.zeros_like(p.data)
                    state["exp_avg_sq"] = np.zeros_like(p.data)
                state["step"] = self.t
                state["exp_avg"] = b1 * state["exp_avg"] + (1 - b1) * g
                state["exp_avg_sq"] = b2 * state["exp_avg_sq"] + (1 - b2) * g * g
                m_hat = state["exp_avg"] / (1 - b1 ** self.t)
                v_hat = state["exp_avg_sq"] / (1 - b2 ** self.t)
                p.data -= group["lr"] * m_hat / (np.sqrt(v_hat) + group["eps"])
''',
    ),
    dict(
        id="Adam-eps-before-correction",
        task="Task 3", cell="adam-answer", function="Adam", kind="formula",
        why="the paper's 'efficient' form lr*sqrt(1 - b2**t)/(1 - b1**t) * m / (sqrt(v) + eps): eps is "
            "added before the correction of v, so it is effectively eps*sqrt(1 - b2**t), not the task's "
            "sqrt(v_hat) + eps; with eps=1e-3 (or eps=0.5) and betas=(0.8, 0.9) the first step differs",
        code='''
class Adam(Optimizer):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0):
        if lr < 0 or eps < 0 or weight_decay < 0:
            raise ValueError("invalid hyperparameter")
        if len(betas) != 2 or not all(0 <= b < 1 for b in betas):
            raise ValueError("betas must be a pair in [0, 1)")
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            b1, b2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p.data
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["exp_avg"] = np.zeros_like(p.data)
                    state["exp_avg_sq"] = np.zeros_like(p.data)
                state["step"] += 1
                t = state["step"]
                state["exp_avg"] = b1 * state["exp_avg"] + (1 - b1) * g
                state["exp_avg_sq"] = b2 * state["exp_avg_sq"] + (1 - b2) * g * g
                lr_t = group["lr"] * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
                p.data -= lr_t * state["exp_avg"] / (np.sqrt(state["exp_avg_sq"]) + group["eps"])
''',
    ),
    dict(
        id="Adam-stores-corrected-averages",
        task="Task 3", cell="adam-answer", function="Adam", kind="state-order",
        why="writes the bias-corrected m_hat, v_hat back into 'exp_avg' / 'exp_avg_sq' and averages those "
            "at the next step: the first step is right, but from t = 2 the averages are inflated "
            "(the task: the state holds the averages *before* bias correction)",
        code='''
class Adam(Optimizer):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0):
        if lr < 0 or eps < 0 or weight_decay < 0:
            raise ValueError("invalid hyperparameter")
        if len(betas) != 2 or not all(0 <= b < 1 for b in betas):
            raise ValueError("betas must be a pair in [0, 1)")
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            b1, b2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p.data
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["exp_avg"] = np.zeros_like(p.data)
                    state["exp_avg_sq"] = np.zeros_like(p.data)
                state["step"] += 1
                t = state["step"]
                m = b1 * state["exp_avg"] + (1 - b1) * g
                v = b2 * state["exp_avg_sq"] + (1 - b2) * g * g
                state["exp_avg"] = m / (1 - b1 ** t)
                state["exp_avg_sq"] = v / (1 - b2 ** t)
                p.data -= group["lr"] * state["exp_avg"] / (np.sqrt(state["exp_avg_sq"]) + group["eps"])
''',
    ),
    dict(
        id="Adam-t-read-before-increment",
        task="Task 3", cell="adam-answer", function="Adam", kind="off-by-one",
        why="bias-corrects with the count read before incrementing it (t = 0 at the first update): "
            "1 - beta**0 = 0, so m_hat = 0/0 and the first update writes NaN into the parameter "
            "(any input, e.g. the defaults)",
        code='''
class Adam(Optimizer):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0):
        if lr < 0 or eps < 0 or weight_decay < 0:
            raise ValueError("invalid hyperparameter")
        if len(betas) != 2 or not all(0 <= b < 1 for b in betas):
            raise ValueError("betas must be a pair in [0, 1)")
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            b1, b2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p.data
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["exp_avg"] = np.zeros_like(p.data)
                    state["exp_avg_sq"] = np.zeros_like(p.data)
                t = state["step"]
                state["exp_avg"] = b1 * state["exp_avg"] + (1 - b1) * g
                state["exp_avg_sq"] = b2 * state["exp_avg_sq"] + (1 - b2) * g * g
                with np.errstate(divide="ignore", invalid="ignore"):
                    m_hat = state["exp_avg"] / (1 - b1 ** t)
                    v_hat = state["exp_avg_sq"] / (1 - b2 ** t)
                    p.data -= group["lr"] * m_hat / (np.sqrt(v_hat) + group["eps"])
                state["step"] = t + 1
''',
    ),
    dict(
        id="Adam-betas-check-allows-one",
        task="Task 3", cell="adam-answer", function="Adam", kind="boundary",
        why="checks betas with 0 <= b <= 1 (closed interval): Adam(params, betas=(1.0, 0.9)) or "
            "(0.9, 1.0) is accepted instead of raising ValueError (the task: 'in [0, 1)'); with beta = 1 "
            "the bias correction divides by zero",
        code='''
class Adam(Optimizer):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0):
        if lr < 0 or eps < 0 or weight_decay < 0:
            raise ValueError("invalid hyperparameter")
        if len(betas) != 2 or not all(0 <= b <= 1 for b in betas):
            raise ValueError("betas must be a pair in [0, 1)")
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            b1, b2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p.data
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["exp_avg"] = np.zeros_like(p.data)
                    state["exp_avg_sq"] = np.zeros_like(p.data)
                state["step"] += 1
                t = state["step"]
                state["exp_avg"] = b1 * state["exp_avg"] + (1 - b1) * g
                state["exp_avg_sq"] = b2 * state["exp_avg_sq"] + (1 - b2) * g * g
                m_hat = state["exp_avg"] / (1 - b1 ** t)
                v_hat = state["exp_avg_sq"] / (1 - b2 ** t)
                p.data -= group["lr"] * m_hat / (np.sqrt(v_hat) + group["eps"])
''',
    ),
    dict(
        id="Adam-betas-check-rejects-zero",
        task="Task 3", cell="adam-answer", function="Adam", kind="boundary",
        why="checks 0 < b < 1 (open at 0): betas=(0.0, 0.0), or (0.0, 0.5) (Adam without momentum, "
            "allowed by '[0, 1)'), raises ValueError",
        code='''
class Adam(Optimizer):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0):
        if lr < 0 or eps < 0 or weight_decay < 0:
            raise ValueError("invalid hyperparameter")
        if len(betas) != 2 or not all(0 < b < 1 for b in betas):
            raise ValueError("betas must be a pair in [0, 1)")
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            b1, b2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p.data
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["exp_avg"] = np.zeros_like(p.data)
                    state["exp_avg_sq"] = np.zeros_like(p.data)
                state["step"] += 1
                t = state["step"]
                state["exp_avg"] = b1 * state["exp_avg"] + (1 - b1) * g
                state["exp_avg_sq"] = b2 * state["exp_avg_sq"] + (1 - b2) * g * g
                m_hat = state["exp_avg"] / (1 - b1 ** t)
                v_hat = state["exp_avg_sq"] / (1 - b2 ** t)
                p.data -= group["lr"] * m_hat / (np.sqrt(v_hat) + group["eps"])
''',
    ),
    dict(
        id="Adam-decoupled-decay",
        task="Task 3", cell="adam-answer", function="Adam", kind="other-quantity",
        why="gives Adam AdamW's decoupled decay theta *= 1 - lr*lambda instead of the L2 term "
            "g = grad + lambda*theta (the task: '`Adam` keeps its L2 form'); with weight_decay=0.1, "
            "lr=0.1 the first step differs",
        code='''
class Adam(Optimizer):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0):
        if lr < 0 or eps < 0 or weight_decay < 0:
            raise ValueError("invalid hyperparameter")
        if len(betas) != 2 or not all(0 <= b < 1 for b in betas):
            raise ValueError("betas must be a pair in [0, 1)")
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            b1, b2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                p.data *= 1 - group["lr"] * group["weight_decay"]
                g = p.grad
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["exp_avg"] = np.zeros_like(p.data)
                    state["exp_avg_sq"] = np.zeros_like(p.data)
                state["step"] += 1
                t = state["step"]
                state["exp_avg"] = b1 * state["exp_avg"] + (1 - b1) * g
                state["exp_avg_sq"] = b2 * state["exp_avg_sq"] + (1 - b2) * g * g
                m_hat = state["exp_avg"] / (1 - b1 ** t)
                v_hat = state["exp_avg_sq"] / (1 - b2 ** t)
                p.data -= group["lr"] * m_hat / (np.sqrt(v_hat) + group["eps"])
''',
    ),
    dict(
        id="Adam-betas-unpack-typeerror",
        task="Task 3", cell="adam-answer", function="Adam", kind="boundary", ambiguous=True,
        why="checks betas by unpacking `beta1, beta2 = betas`: betas=0.9 (not a pair) raises TypeError "
            "('cannot unpack non-iterable float') and betas=('a', 'b') a TypeError from the comparison, not the "
            "ValueError the task asks for ('raises ValueError ... when betas is not a pair of numbers in [0, 1)'). "
            "Ambiguous: lazylearn.optim.Adam itself raises TypeError for betas=0.9 or (0.9,), so that sentence "
            "would have to say whether a non-pair must be a ValueError or may be a TypeError",
        code='''
class Adam(Optimizer):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0):
        if lr < 0 or eps < 0 or weight_decay < 0:
            raise ValueError("invalid hyperparameter")
        beta1, beta2 = betas
        if not (0 <= beta1 < 1 and 0 <= beta2 < 1):
            raise ValueError("betas must lie in [0, 1)")
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            b1, b2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p.data
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["exp_avg"] = np.zeros_like(p.data)
                    state["exp_avg_sq"] = np.zeros_like(p.data)
                state["step"] += 1
                t = state["step"]
                state["exp_avg"] = b1 * state["exp_avg"] + (1 - b1) * g
                state["exp_avg_sq"] = b2 * state["exp_avg_sq"] + (1 - b2) * g * g
                m_hat = state["exp_avg"] / (1 - b1 ** t)
                v_hat = state["exp_avg_sq"] / (1 - b2 ** t)
                p.data -= group["lr"] * m_hat / (np.sqrt(v_hat) + group["eps"])
''',
    ),
    dict(
        id="Adam-float64-buffers",
        task="Task 3", cell="adam-answer", function="Adam", kind="dtype", ambiguous=True,
        why="creates the averages with np.zeros(p.data.shape), float64 for a float32 parameter: p.data stays "
            "float32 (updated in place) and the values agree to float32 rounding, but 'exp_avg' / 'exp_avg_sq' "
            "are float64 where lazylearn.optim.Adam and torch keep float32 (float32 parameter, any gradient). "
            "Ambiguous: the contract says only 'buffers are NumPy arrays of the parameter's shape', not of its dtype",
        code='''
class Adam(Optimizer):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0):
        if lr < 0 or eps < 0 or weight_decay < 0:
            raise ValueError("invalid hyperparameter")
        if len(betas) != 2 or not all(0 <= b < 1 for b in betas):
            raise ValueError("betas must be a pair in [0, 1)")
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            b1, b2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p.data
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["exp_avg"] = np.zeros(p.data.shape)
                    state["exp_avg_sq"] = np.zeros(p.data.shape)
                state["step"] += 1
                t = state["step"]
                state["exp_avg"] = b1 * state["exp_avg"] + (1 - b1) * g
                state["exp_avg_sq"] = b2 * state["exp_avg_sq"] + (1 - b2) * g * g
                m_hat = state["exp_avg"] / (1 - b1 ** t)
                v_hat = state["exp_avg_sq"] / (1 - b2 ** t)
                p.data -= group["lr"] * m_hat / (np.sqrt(v_hat) + group["eps"])
''',
    ),
    # AdamW (Task 3)
    dict(
        id='AdamW-l2-like-adam',
        task="Task 3", cell="adam-answer", function="AdamW", kind='other-quantity',
        why='adds lambda*theta to the gradient as in Adam (the L2 form) instead of decaying the weights: with weight_decay=0.1, lr=0.1 the decay is divided by sqrt(v_hat) and the first step differs (AdamW must not equal Adam when weight_decay != 0)',
        code='''
class AdamW(Adam):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01):
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay)

    def step(self):
        for group in self.param_groups:
            b1, b2 = group["betas"]
            lr, wd = group["lr"], group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + wd * p.data
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["exp_avg"] = np.zeros_like(p.data)
                    state["exp_avg_sq"] = np.zeros_like(p.data)
                state["step"] += 1
                t = state["step"]
                state["exp_avg"] = b1 * state["exp_avg"] + (1 - b1) * g
                state["exp_avg_sq"] = b2 * state["exp_avg_sq"] + (1 - b2) * g * g
                m_hat = state["exp_avg"] / (1 - b1 ** t)
                v_hat = state["exp_avg_sq"] / (1 - b2 ** t)
                p.data -= lr * m_hat / (np.sqrt(v_hat) + group["eps"])
''',
    ),
    dict(
        id='AdamW-decay-after-adam-step',
        task="Task 3", cell="adam-answer", function="AdamW", kind='state-order',
        why="applies theta *= 1 - lr*lambda after the Adam step instead of before it (the task: 'first theta <- theta(1 - gamma*lambda), then the Adam step'): the two differ by lr**2*lambda*step; with lr=0.1, weight_decay=0.5, eps=0.5 the first step differs by about 0.005*step",
        code='''
class AdamW(Adam):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01):
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay)

    def step(self):
        for group in self.param_groups:
            b1, b2 = group["betas"]
            lr, wd = group["lr"], group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["exp_avg"] = np.zeros_like(p.data)
                    state["exp_avg_sq"] = np.zeros_like(p.data)
                state["step"] += 1
                t = state["step"]
                state["exp_avg"] = b1 * state["exp_avg"] + (1 - b1) * g
                state["exp_avg_sq"] = b2 * state["exp_avg_sq"] + (1 - b2) * g * g
                m_hat = state["exp_avg"] / (1 - b1 ** t)
                v_hat = state["exp_avg_sq"] / (1 - b2 ** t)
                p.data -= lr * m_hat / (np.sqrt(v_hat) + group["eps"])
                p.data *= 1 - lr * wd
''',
    ),
    dict(
        id='AdamW-decay-without-lr',
        task="Task 3", cell="adam-answer", function="AdamW", kind='ignored-arg',
        why='decays with theta *= 1 - lambda, forgetting the lr in gamma*lambda: with the default weight_decay=0.01 every update shrinks the weights by 1% instead of 0.001% (lr=0.001)',
        code='''
class AdamW(Adam):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01):
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay)

    def step(self):
        for group in self.param_groups:
            b1, b2 = group["betas"]
            lr, wd = group["lr"], group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                p.data *= 1 - wd
                g = p.grad
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["exp_avg"] = np.zeros_like(p.data)
                    state["exp_avg_sq"] = np.zeros_like(p.data)
                state["step"] += 1
                t = state["step"]
                state["exp_avg"] = b1 * state["exp_avg"] + (1 - b1) * g
                state["exp_avg_sq"] = b2 * state["exp_avg_sq"] + (1 - b2) * g * g
                m_hat = state["exp_avg"] / (1 - b1 ** t)
                v_hat = state["exp_avg_sq"] / (1 - b2 ** t)
                p.data -= lr * m_hat / (np.sqrt(v_hat) + group["eps"])
''',
    ),
    dict(
        id='AdamW-decay-with-initial-lr',
        task="Task 3", cell="adam-answer", function="AdamW", kind='ignored-arg',
        why="decays with the constructor's lr (self.defaults['lr']) rather than the group's current lr: a second group with its own lr, or a scheduler lowering group['lr'], keeps decaying at the initial rate (the task: 'with the group's current lr')",
        code='''
class AdamW(Adam):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01):
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay)

    def step(self):
        for group in self.param_groups:
            b1, b2 = group["betas"]
            lr, wd = group["lr"], group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                p.data *= 1 - self.defaults['lr'] * wd
                g = p.grad
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["exp_avg"] = np.zeros_like(p.data)
                    state["exp_avg_sq"] = np.zeros_like(p.data)
                state["step"] += 1
                t = state["step"]
                state["exp_avg"] = b1 * state["exp_avg"] + (1 - b1) * g
                state["exp_avg_sq"] = b2 * state["exp_avg_sq"] + (1 - b2) * g * g
                m_hat = state["exp_avg"] / (1 - b1 ** t)
                v_hat = state["exp_avg_sq"] / (1 - b2 ** t)
                p.data -= lr * m_hat / (np.sqrt(v_hat) + group["eps"])
''',
    ),
    dict(
        id='AdamW-decays-params-without-grad',
        task="Task 3", cell="adam-answer", function="AdamW", kind='boundary',
        why="applies the decay before the `grad is None` check, so a parameter without a gradient still shrinks (the task: decay 'at each update of a parameter (one with a gradient)'; skipped parameters keep their data); shows when p.grad is None for one step",
        code='''
class AdamW(Adam):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01):
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay)

    def step(self):
        for group in self.param_groups:
            b1, b2 = group["betas"]
            lr, wd = group["lr"], group["weight_decay"]
            for p in group["params"]:
                p.data *= 1 - lr * wd
                if p.grad is None:
                    continue
                g = p.grad
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["exp_avg"] = np.zeros_like(p.data)
                    state["exp_avg_sq"] = np.zeros_like(p.data)
                state["step"] += 1
                t = state["step"]
                state["exp_avg"] = b1 * state["exp_avg"] + (1 - b1) * g
                state["exp_avg_sq"] = b2 * state["exp_avg_sq"] + (1 - b2) * g * g
                m_hat = state["exp_avg"] / (1 - b1 ** t)
                v_hat = state["exp_avg_sq"] / (1 - b2 ** t)
                p.data -= lr * m_hat / (np.sqrt(v_hat) + group["eps"])
''',
    ),
    dict(
        id='AdamW-both-decays',
        task="Task 3", cell="adam-answer", function="AdamW", kind='formula',
        why="decays the weights and also keeps Adam's lambda*theta in g (calls the L2 gradient then decays): the task says 'then the Adam step above with g = grad (no lambda*theta term)'; differs with weight_decay=0.1",
        code='''
class AdamW(Adam):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01):
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay)

    def step(self):
        for group in self.param_groups:
            b1, b2 = group["betas"]
            lr, wd = group["lr"], group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                p.data *= 1 - lr * wd
                g = p.grad + wd * p.data
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["exp_avg"] = np.zeros_like(p.data)
                    state["exp_avg_sq"] = np.zeros_like(p.data)
                state["step"] += 1
                t = state["step"]
                state["exp_avg"] = b1 * state["exp_avg"] + (1 - b1) * g
                state["exp_avg_sq"] = b2 * state["exp_avg_sq"] + (1 - b2) * g * g
                m_hat = state["exp_avg"] / (1 - b1 ** t)
                v_hat = state["exp_avg_sq"] / (1 - b2 ** t)
                p.data -= lr * m_hat / (np.sqrt(v_hat) + group["eps"])
''',
    ),
    # ------------------------------------------------------------------------------------------
    # Task 4: CosineAnnealingLR
    # ------------------------------------------------------------------------------------------
    dict(
        id='CosineAnnealingLR-from-current-lr',
        task="Task 4", cell="cosine-answer", function="CosineAnnealingLR", kind='state-order',
        why="applies the cosine factor to the current group['lr'] (lr *= (1 + cos(pi t/T))/2 ...) instead of computing gamma_t from gamma_0: the factors compound, so with T_max=5 the lr at t=2 is already wrong (eta_min=0: 0.1 -> 0.0905 -> 0.0592 instead of 0.0655), and a change made by other code is not overwritten",
        code='''
class CosineAnnealingLR:
    def __init__(self, optimizer, T_max, eta_min=0.0, last_epoch=-1):
        if not isinstance(T_max, int) or T_max <= 0:
            raise ValueError("T_max must be a positive int")
        if eta_min < 0:
            raise ValueError("eta_min must be >= 0")
        if last_epoch != -1:
            raise ValueError("last_epoch must be -1")
        self.optimizer = optimizer
        self.T_max = T_max
        self.eta_min = eta_min
        self.base_lrs = [group["lr"] for group in optimizer.param_groups]
        self.last_epoch = 0
        self._last_lr = list(self.base_lrs)

    def step(self):
        self.last_epoch += 1
        t = self.last_epoch
        self._last_lr = []
        for group in self.optimizer.param_groups:
            lr = self.eta_min + 0.5 * (group["lr"] - self.eta_min) * (1 + math.cos(math.pi * t / self.T_max))
            group["lr"] = lr
            self._last_lr.append(lr)

    def get_last_lr(self):
        return list(self._last_lr)
''',
    ),
    dict(
        id='CosineAnnealingLR-t-before-increment',
        task="Task 4", cell="cosine-answer", function="CosineAnnealingLR", kind='off-by-one',
        why='computes gamma_t with the count before incrementing it: the first step() sets gamma_0 again and every lr lags one step behind (with T_max=5, after one step the lr must be 0.0905, not 0.1)',
        code='''
class CosineAnnealingLR:
    def __init__(self, optimizer, T_max, eta_min=0.0, last_epoch=-1):
        if not isinstance(T_max, int) or T_max <= 0:
            raise ValueError("T_max must be a positive int")
        if eta_min < 0:
            raise ValueError("eta_min must be >= 0")
        if last_epoch != -1:
            raise ValueError("last_epoch must be -1")
        self.optimizer = optimizer
        self.T_max = T_max
        self.eta_min = eta_min
        self.base_lrs = [group["lr"] for group in optimizer.param_groups]
        self.last_epoch = 0
        self._last_lr = list(self.base_lrs)

    def step(self):
        t = self.last_epoch
        self.last_epoch += 1
        self._last_lr = []
        for group, base in zip(self.optimizer.param_groups, self.base_lrs):
            lr = self.eta_min + 0.5 * (base - self.eta_min) * (1 + math.cos(math.pi * t / self.T_max))
            group["lr"] = lr
            self._last_lr.append(lr)

    def get_last_lr(self):
        return list(self._last_lr)
''',
    ),
    dict(
        id='CosineAnnealingLR-clamped-at-T_max',
        task="Task 4", cell="cosine-answer", function="CosineAnnealingLR", kind='boundary',
        why="stops the schedule at t = T_max (min(t, T_max)) and keeps eta_min afterwards: the task says 'After T_max steps the same formula goes on, so the lr rises again'; with T_max=5 the lr at t=6 must be eta_min + (gamma_0 - eta_min)*(1 - cos(pi/5))/2, not eta_min",
        code='''
class CosineAnnealingLR:
    def __init__(self, optimizer, T_max, eta_min=0.0, last_epoch=-1):
        if not isinstance(T_max, int) or T_max <= 0:
            raise ValueError("T_max must be a positive int")
        if eta_min < 0:
            raise ValueError("eta_min must be >= 0")
        if last_epoch != -1:
            raise ValueError("last_epoch must be -1")
        self.optimizer = optimizer
        self.T_max = T_max
        self.eta_min = eta_min
        self.base_lrs = [group["lr"] for group in optimizer.param_groups]
        self.last_epoch = 0
        self._last_lr = list(self.base_lrs)

    def step(self):
        self.last_epoch += 1
        t = min(self.last_epoch, self.T_max)
        self._last_lr = []
        for group, base in zip(self.optimizer.param_groups, self.base_lrs):
            lr = self.eta_min + 0.5 * (base - self.eta_min) * (1 + math.cos(math.pi * t / self.T_max))
            group["lr"] = lr
            self._last_lr.append(lr)

    def get_last_lr(self):
        return list(self._last_lr)
''',
    ),
    dict(
        id='CosineAnnealingLR-warm-restart',
        task="Task 4", cell="cosine-answer", function="CosineAnnealingLR", kind='boundary',
        why='wraps t modulo T_max (a warm restart, SGDR) instead of letting the cosine go on: at t = T_max the lr jumps back to gamma_0 instead of being eta_min (T_max=5, t=5)',
        code='''
class CosineAnnealingLR:
    def __init__(self, optimizer, T_max, eta_min=0.0, last_epoch=-1):
        if not isinstance(T_max, int) or T_max <= 0:
            raise ValueError("T_max must be a positive int")
        if eta_min < 0:
            raise ValueError("eta_min must be >= 0")
        if last_epoch != -1:
            raise ValueError("last_epoch must be -1")
        self.optimizer = optimizer
        self.T_max = T_max
        self.eta_min = eta_min
        self.base_lrs = [group["lr"] for group in optimizer.param_groups]
        self.last_epoch = 0
        self._last_lr = list(self.base_lrs)

    def step(self):
        self.last_epoch += 1
        t = self.last_epoch % self.T_max
        self._last_lr = []
        for group, base in zip(self.optimizer.param_groups, self.base_lrs):
            lr = self.eta_min + 0.5 * (base - self.eta_min) * (1 + math.cos(math.pi * t / self.T_max))
            group["lr"] = lr
            self._last_lr.append(lr)

    def get_last_lr(self):
        return list(self._last_lr)
''',
    ),
    dict(
        id='CosineAnnealingLR-eta_min-ignored',
        task="Task 4", cell="cosine-answer", function="CosineAnnealingLR", kind='ignored-arg',
        why='writes gamma_t = gamma_0*(1 + cos(pi t/T_max))/2, dropping eta_min from the formula (it is stored and validated but unused): with eta_min=0.001 the lr at t = T_max is 0 instead of 0.001',
        code='''
class CosineAnnealingLR:
    def __init__(self, optimizer, T_max, eta_min=0.0, last_epoch=-1):
        if not isinstance(T_max, int) or T_max <= 0:
            raise ValueError("T_max must be a positive int")
        if eta_min < 0:
            raise ValueError("eta_min must be >= 0")
        if last_epoch != -1:
            raise ValueError("last_epoch must be -1")
        self.optimizer = optimizer
        self.T_max = T_max
        self.eta_min = eta_min
        self.base_lrs = [group["lr"] for group in optimizer.param_groups]
        self.last_epoch = 0
        self._last_lr = list(self.base_lrs)

    def step(self):
        self.last_epoch += 1
        t = self.last_epoch
        self._last_lr = []
        for group, base in zip(self.optimizer.param_groups, self.base_lrs):
            lr = 0.5 * base * (1 + math.cos(math.pi * t / self.T_max))
            group["lr"] = lr
            self._last_lr.append(lr)

    def get_last_lr(self):
        return list(self._last_lr)
''',
    ),
    dict(
        id='CosineAnnealingLR-numpy-float',
        task="Task 4", cell="cosine-answer", function="CosineAnnealingLR", kind='return-type',
        why="computes with np.cos and np.pi, so every group['lr'] and get_last_lr() entry is a numpy.float64, not the Python float the task asks for ('a Python float'); the values are right (T_max=5, t=1)",
        code='''
class CosineAnnealingLR:
    def __init__(self, optimizer, T_max, eta_min=0.0, last_epoch=-1):
        if not isinstance(T_max, int) or T_max <= 0:
            raise ValueError("T_max must be a positive int")
        if eta_min < 0:
            raise ValueError("eta_min must be >= 0")
        if last_epoch != -1:
            raise ValueError("last_epoch must be -1")
        self.optimizer = optimizer
        self.T_max = T_max
        self.eta_min = eta_min
        self.base_lrs = [group["lr"] for group in optimizer.param_groups]
        self.last_epoch = 0
        self._last_lr = list(self.base_lrs)

    def step(self):
        self.last_epoch += 1
        t = self.last_epoch
        self._last_lr = []
        for group, base in zip(self.optimizer.param_groups, self.base_lrs):
            lr = self.eta_min + 0.5 * (base - self.eta_min) * (1 + np.cos(np.pi * t / self.T_max))
            group["lr"] = lr
            self._last_lr.append(lr)

    def get_last_lr(self):
        return list(self._last_lr)
''',
    ),
    dict(
        id='CosineAnnealingLR-first-group-base',
        task="Task 4", cell="cosine-answer", function="CosineAnnealingLR", kind='axes',
        why="reads gamma_0 once from the first group (param_groups[0]['lr']) and anneals every group from it: with two groups of lr 0.1 and 0.02 the second group gets 0.1's schedule (base_lrs must be [0.1, 0.02])",
        code='''
class CosineAnnealingLR:
    def __init__(self, optimizer, T_max, eta_min=0.0, last_epoch=-1):
        if not isinstance(T_max, int) or T_max <= 0:
            raise ValueError("T_max must be a positive int")
        if eta_min < 0:
            raise ValueError("eta_min must be >= 0")
        if last_epoch != -1:
            raise ValueError("last_epoch must be -1")
        self.optimizer = optimizer
        self.T_max = T_max
        self.eta_min = eta_min
        base = optimizer.param_groups[0]["lr"]
        self.base_lrs = [base for _ in optimizer.param_groups]
        self.last_epoch = 0
        self._last_lr = list(self.base_lrs)

    def step(self):
        self.last_epoch += 1
        t = self.last_epoch
        self._last_lr = []
        for group, base in zip(self.optimizer.param_groups, self.base_lrs):
            lr = self.eta_min + 0.5 * (base - self.eta_min) * (1 + math.cos(math.pi * t / self.T_max))
            group["lr"] = lr
            self._last_lr.append(lr)

    def get_last_lr(self):
        return list(self._last_lr)
''',
    ),
    dict(
        id='CosineAnnealingLR-get_last_lr-reads-groups',
        task="Task 4", cell="cosine-answer", function="CosineAnnealingLR", kind='state-order',
        why="get_last_lr() returns the optimizer's current group lrs instead of those the last step() set: right until other code changes group['lr'] between steps (after set 0.7 by hand, get_last_lr() must still give the lr the schedule set)",
        code='''
class CosineAnnealingLR:
    def __init__(self, optimizer, T_max, eta_min=0.0, last_epoch=-1):
        if not isinstance(T_max, int) or T_max <= 0:
            raise ValueError("T_max must be a positive int")
        if eta_min < 0:
            raise ValueError("eta_min must be >= 0")
        if last_epoch != -1:
            raise ValueError("last_epoch must be -1")
        self.optimizer = optimizer
        self.T_max = T_max
        self.eta_min = eta_min
        self.base_lrs = [group["lr"] for group in optimizer.param_groups]
        self.last_epoch = 0
        self._last_lr = list(self.base_lrs)

    def step(self):
        self.last_epoch += 1
        t = self.last_epoch
        self._last_lr = []
        for group, base in zip(self.optimizer.param_groups, self.base_lrs):
            lr = self.eta_min + 0.5 * (base - self.eta_min) * (1 + math.cos(math.pi * t / self.T_max))
            group["lr"] = lr
            self._last_lr.append(lr)

    def get_last_lr(self):
        return [group["lr"] for group in self.optimizer.param_groups]
''',
    ),
    dict(
        id='CosineAnnealingLR-empty-before-step',
        task="Task 4", cell="cosine-answer", function="CosineAnnealingLR", kind='boundary',
        why="get_last_lr() before any step() returns [] (nothing has been set yet), where the task asks for 'the base lrs before any step'",
        code='''
class CosineAnnealingLR:
    def __init__(self, optimizer, T_max, eta_min=0.0, last_epoch=-1):
        if not isinstance(T_max, int) or T_max <= 0:
            raise ValueError("T_max must be a positive int")
        if eta_min < 0:
            raise ValueError("eta_min must be >= 0")
        if last_epoch != -1:
            raise ValueError("last_epoch must be -1")
        self.optimizer = optimizer
        self.T_max = T_max
        self.eta_min = eta_min
        self.base_lrs = [group["lr"] for group in optimizer.param_groups]
        self.last_epoch = 0
        self._last_lr = []

    def step(self):
        self.last_epoch += 1
        t = self.last_epoch
        self._last_lr = []
        for group, base in zip(self.optimizer.param_groups, self.base_lrs):
            lr = self.eta_min + 0.5 * (base - self.eta_min) * (1 + math.cos(math.pi * t / self.T_max))
            group["lr"] = lr
            self._last_lr.append(lr)

    def get_last_lr(self):
        return list(self._last_lr)
''',
    ),
    dict(
        id='CosineAnnealingLR-T_max-not-int-check',
        task="Task 4", cell="cosine-answer", function="CosineAnnealingLR", kind='dtype',
        why="checks only T_max <= 0 (and converts with int()), so T_max=2.5 or 5.0 is accepted instead of raising ValueError ('when T_max is not a positive int'); 2.5 silently becomes 2",
        code='''
class CosineAnnealingLR:
    def __init__(self, optimizer, T_max, eta_min=0.0, last_epoch=-1):
        if T_max <= 0:
            raise ValueError("T_max must be positive")
        T_max = int(T_max)
        if eta_min < 0:
            raise ValueError("eta_min must be >= 0")
        if last_epoch != -1:
            raise ValueError("last_epoch must be -1")
        self.optimizer = optimizer
        self.T_max = T_max
        self.eta_min = eta_min
        self.base_lrs = [group["lr"] for group in optimizer.param_groups]
        self.last_epoch = 0
        self._last_lr = list(self.base_lrs)

    def step(self):
        self.last_epoch += 1
        t = self.last_epoch
        self._last_lr = []
        for group, base in zip(self.optimizer.param_groups, self.base_lrs):
            lr = self.eta_min + 0.5 * (base - self.eta_min) * (1 + math.cos(math.pi * t / self.T_max))
            group["lr"] = lr
            self._last_lr.append(lr)

    def get_last_lr(self):
        return list(self._last_lr)
''',
    ),
    dict(
        id='CosineAnnealingLR-last_epoch-check-lt',
        task="Task 4", cell="cosine-answer", function="CosineAnnealingLR", kind='boundary',
        why="checks `last_epoch < -1` (only 'invalid' epochs): last_epoch=0 or 3 is accepted instead of raising ValueError ('when last_epoch != -1')",
        code='''
class CosineAnnealingLR:
    def __init__(self, optimizer, T_max, eta_min=0.0, last_epoch=-1):
        if not isinstance(T_max, int) or T_max <= 0:
            raise ValueError("T_max must be a positive int")
        if eta_min < 0:
            raise ValueError("eta_min must be >= 0")
        if last_epoch < -1:
            raise ValueError("last_epoch must be -1")
        self.optimizer = optimizer
        self.T_max = T_max
        self.eta_min = eta_min
        self.base_lrs = [group["lr"] for group in optimizer.param_groups]
        self.last_epoch = 0
        self._last_lr = list(self.base_lrs)

    def step(self):
        self.last_epoch += 1
        t = self.last_epoch
        self._last_lr = []
        for group, base in zip(self.optimizer.param_groups, self.base_lrs):
            lr = self.eta_min + 0.5 * (base - self.eta_min) * (1 + math.cos(math.pi * t / self.T_max))
            group["lr"] = lr
            self._last_lr.append(lr)

    def get_last_lr(self):
        return list(self._last_lr)
''',
    ),
    # ------------------------------------------------------------------------------------------
    # Task 5: lr_range_test
    # ------------------------------------------------------------------------------------------
    dict(
        id='lr_range_test-lr-set-after-step',
        task="Task 5", cell="range-answer", function="lr_range_test", kind='state-order',
        why="runs train_step first and sets lrs[i] afterwards, so step i trains with lrs[i-1] (step 0 with the optimizer's own lr, e.g. 0.05 instead of 1e-7): the recorded (lr, loss) pairs are shifted by one and the test stops at a different i (defaults, 3 batches)",
        code='''
def lr_range_test(model, loss_fn, optimizer, batches, start_lr=1e-7, end_lr=10.0, num_iter=100, diverge_th=4.0):
    if start_lr <= 0 or end_lr <= start_lr or num_iter < 2 or diverge_th <= 1 or len(batches) == 0:
        raise ValueError("invalid arguments")
    model_state = model.state_dict()
    opt_state = optimizer.state_dict()
    schedule = np.geomspace(start_lr, end_lr, num_iter)
    lrs, losses = [], []
    best = math.inf
    for i in range(num_iter):
        lr = float(schedule[i])
        x, y = batches[i % len(batches)]
        loss = train_step(model, loss_fn, optimizer, x, y)
        for group in optimizer.param_groups:
            group["lr"] = lr
        lrs.append(lr)
        losses.append(loss)
        if not math.isfinite(loss) or loss > diverge_th * best:
            break
        best = min(best, loss)
    model.load_state_dict(model_state)
    optimizer.load_state_dict(opt_state)
    return np.array(lrs, dtype=np.float64), np.array(losses, dtype=np.float64)
''',
    ),
    dict(
        id='lr_range_test-trigger-not-recorded',
        task="Task 5", cell="range-answer", function="lr_range_test", kind='off-by-one',
        why="checks for divergence before appending, so the loss that triggers the stop (and its lr) is dropped: the task says 'the loss that triggers the stop is recorded'; with the defaults the arrays are one entry short (defaults, 3 mini-batches of a small MLP: 91 entries instead of 92)",
        code='''
def lr_range_test(model, loss_fn, optimizer, batches, start_lr=1e-7, end_lr=10.0, num_iter=100, diverge_th=4.0):
    if start_lr <= 0 or end_lr <= start_lr or num_iter < 2 or diverge_th <= 1 or len(batches) == 0:
        raise ValueError("invalid arguments")
    model_state = model.state_dict()
    opt_state = optimizer.state_dict()
    schedule = np.geomspace(start_lr, end_lr, num_iter)
    lrs, losses = [], []
    best = math.inf
    for i in range(num_iter):
        lr = float(schedule[i])
        for group in optimizer.param_groups:
            group["lr"] = lr
        x, y = batches[i % len(batches)]
        loss = train_step(model, loss_fn, optimizer, x, y)
        if not math.isfinite(loss) or loss > diverge_th * best:
            break
        lrs.append(lr)
        losses.append(loss)
        best = min(best, loss)
    model.load_state_dict(model_state)
    optimizer.load_state_dict(opt_state)
    return np.array(lrs, dtype=np.float64), np.array(losses, dtype=np.float64)
''',
    ),
    dict(
        id='lr_range_test-nan-not-caught',
        task="Task 5", cell="range-answer", function="lr_range_test", kind='extreme',
        why='only tests loss > diverge_th*best: an inf loss does stop it, but a NaN compares False and the loop goes on past it (train_step returns NaN once the outputs overflow); with diverge_th=1e300, end_lr=1e8 the run must stop at the first non-finite loss',
        code='''
def lr_range_test(model, loss_fn, optimizer, batches, start_lr=1e-7, end_lr=10.0, num_iter=100, diverge_th=4.0):
    if start_lr <= 0 or end_lr <= start_lr or num_iter < 2 or diverge_th <= 1 or len(batches) == 0:
        raise ValueError("invalid arguments")
    model_state = model.state_dict()
    opt_state = optimizer.state_dict()
    schedule = np.geomspace(start_lr, end_lr, num_iter)
    lrs, losses = [], []
    best = math.inf
    for i in range(num_iter):
        lr = float(schedule[i])
        for group in optimizer.param_groups:
            group["lr"] = lr
        x, y = batches[i % len(batches)]
        loss = train_step(model, loss_fn, optimizer, x, y)
        lrs.append(lr)
        losses.append(loss)
        if loss > diverge_th * best:
            break
        best = min(best, loss)
    model.load_state_dict(model_state)
    optimizer.load_state_dict(opt_state)
    return np.array(lrs, dtype=np.float64), np.array(losses, dtype=np.float64)
''',
    ),
    dict(
        id='lr_range_test-vs-first-loss',
        task="Task 5", cell="range-answer", function="lr_range_test", kind='other-quantity',
        why='compares with the first recorded loss instead of the best one so far (loss > diverge_th*losses[0]): when the loss first falls a lot and then explodes, the stop comes too late (defaults, small MLP)',
        code='''
def lr_range_test(model, loss_fn, optimizer, batches, start_lr=1e-7, end_lr=10.0, num_iter=100, diverge_th=4.0):
    if start_lr <= 0 or end_lr <= start_lr or num_iter < 2 or diverge_th <= 1 or len(batches) == 0:
        raise ValueError("invalid arguments")
    model_state = model.state_dict()
    opt_state = optimizer.state_dict()
    schedule = np.geomspace(start_lr, end_lr, num_iter)
    lrs, losses = [], []
    best = math.inf
    for i in range(num_iter):
        lr = float(schedule[i])
        for group in optimizer.param_groups:
            group["lr"] = lr
        x, y = batches[i % len(batches)]
        loss = train_step(model, loss_fn, optimizer, x, y)
        lrs.append(lr)
        losses.append(loss)
        if not math.isfinite(loss) or loss > diverge_th * losses[0]:
            break
        best = min(best, loss)
    model.load_state_dict(model_state)
    optimizer.load_state_dict(opt_state)
    return np.array(lrs, dtype=np.float64), np.array(losses, dtype=np.float64)
''',
    ),
    dict(
        id='lr_range_test-optimizer-not-restored',
        task="Task 5", cell="range-answer", function="lr_range_test", kind='state-order',
        why="restores the model but not the optimizer: after the test every group's lr is the last lrs[i] (e.g. 10.0 or a few) and the momentum buffers / Adam averages hold the test's updates (any call with SGD(momentum=0.9) or Adam)",
        code='''
def lr_range_test(model, loss_fn, optimizer, batches, start_lr=1e-7, end_lr=10.0, num_iter=100, diverge_th=4.0):
    if start_lr <= 0 or end_lr <= start_lr or num_iter < 2 or diverge_th <= 1 or len(batches) == 0:
        raise ValueError("invalid arguments")
    model_state = model.state_dict()
    opt_state = optimizer.state_dict()
    schedule = np.geomspace(start_lr, end_lr, num_iter)
    lrs, losses = [], []
    best = math.inf
    for i in range(num_iter):
        lr = float(schedule[i])
        for group in optimizer.param_groups:
            group["lr"] = lr
        x, y = batches[i % len(batches)]
        loss = train_step(model, loss_fn, optimizer, x, y)
        lrs.append(lr)
        losses.append(loss)
        if not math.isfinite(loss) or loss > diverge_th * best:
            break
        best = min(best, loss)
    model.load_state_dict(model_state)
    return np.array(lrs, dtype=np.float64), np.array(losses, dtype=np.float64)
''',
    ),
    dict(
        id='lr_range_test-restore-rebinds-arrays',
        task="Task 5", cell="range-answer", function="lr_range_test", kind='state-order',
        why="restores the weights by assigning the saved copies, p.data = saved[name]: the values are right but the parameter arrays lose their identity (the task: 'the parameter arrays keep their identity')",
        code='''
def lr_range_test(model, loss_fn, optimizer, batches, start_lr=1e-7, end_lr=10.0, num_iter=100, diverge_th=4.0):
    if start_lr <= 0 or end_lr <= start_lr or num_iter < 2 or diverge_th <= 1 or len(batches) == 0:
        raise ValueError("invalid arguments")
    model_state = model.state_dict()
    opt_state = optimizer.state_dict()
    schedule = np.geomspace(start_lr, end_lr, num_iter)
    lrs, losses = [], []
    best = math.inf
    for i in range(num_iter):
        lr = float(schedule[i])
        for group in optimizer.param_groups:
            group["lr"] = lr
        x, y = batches[i % len(batches)]
        loss = train_step(model, loss_fn, optimizer, x, y)
        lrs.append(lr)
        losses.append(loss)
        if not math.isfinite(loss) or loss > diverge_th * best:
            break
        best = min(best, loss)
    for name, p in model.named_parameters():
        p.data = model_state[name]
    optimizer.load_state_dict(opt_state)
    return np.array(lrs, dtype=np.float64), np.array(losses, dtype=np.float64)
''',
    ),
    dict(
        id='lr_range_test-returns-lists',
        task="Task 5", cell="range-answer", function="lr_range_test", kind='return-type',
        why='returns the two Python lists (lrs, losses) instead of two float64 NumPy arrays',
        code='''
def lr_range_test(model, loss_fn, optimizer, batches, start_lr=1e-7, end_lr=10.0, num_iter=100, diverge_th=4.0):
    if start_lr <= 0 or end_lr <= start_lr or num_iter < 2 or diverge_th <= 1 or len(batches) == 0:
        raise ValueError("invalid arguments")
    model_state = model.state_dict()
    opt_state = optimizer.state_dict()
    schedule = np.geomspace(start_lr, end_lr, num_iter)
    lrs, losses = [], []
    best = math.inf
    for i in range(num_iter):
        lr = float(schedule[i])
        for group in optimizer.param_groups:
            group["lr"] = lr
        x, y = batches[i % len(batches)]
        loss = train_step(model, loss_fn, optimizer, x, y)
        lrs.append(lr)
        losses.append(loss)
        if not math.isfinite(loss) or loss > diverge_th * best:
            break
        best = min(best, loss)
    model.load_state_dict(model_state)
    optimizer.load_state_dict(opt_state)
    return lrs, losses
''',
    ),
    dict(
        id='lr_range_test-linspace',
        task="Task 5", cell="range-answer", function="lr_range_test", kind='other-quantity',
        why='spaces the lrs linearly (np.linspace) instead of geometrically: with start_lr=1e-7, end_lr=10, num_iter=100 the second lr is 0.101 instead of 1.2e-7',
        code='''
def lr_range_test(model, loss_fn, optimizer, batches, start_lr=1e-7, end_lr=10.0, num_iter=100, diverge_th=4.0):
    if start_lr <= 0 or end_lr <= start_lr or num_iter < 2 or diverge_th <= 1 or len(batches) == 0:
        raise ValueError("invalid arguments")
    model_state = model.state_dict()
    opt_state = optimizer.state_dict()
    schedule = np.linspace(start_lr, end_lr, num_iter)
    lrs, losses = [], []
    best = math.inf
    for i in range(num_iter):
        lr = float(schedule[i])
        for group in optimizer.param_groups:
            group["lr"] = lr
        x, y = batches[i % len(batches)]
        loss = train_step(model, loss_fn, optimizer, x, y)
        lrs.append(lr)
        losses.append(loss)
        if not math.isfinite(loss) or loss > diverge_th * best:
            break
        best = min(best, loss)
    model.load_state_dict(model_state)
    optimizer.load_state_dict(opt_state)
    return np.array(lrs, dtype=np.float64), np.array(losses, dtype=np.float64)
''',
    ),
    dict(
        id='lr_range_test-no-batch-cycling',
        task="Task 5", cell="range-answer", function="lr_range_test", kind='boundary',
        why='takes batches[i] without `% len(batches)`: with fewer batches than num_iter (3 batches, num_iter=100) it raises IndexError at i = 3 instead of starting again from the first batch',
        code='''
def lr_range_test(model, loss_fn, optimizer, batches, start_lr=1e-7, end_lr=10.0, num_iter=100, diverge_th=4.0):
    if start_lr <= 0 or end_lr <= start_lr or num_iter < 2 or diverge_th <= 1 or len(batches) == 0:
        raise ValueError("invalid arguments")
    model_state = model.state_dict()
    opt_state = optimizer.state_dict()
    schedule = np.geomspace(start_lr, end_lr, num_iter)
    lrs, losses = [], []
    best = math.inf
    for i in range(num_iter):
        lr = float(schedule[i])
        for group in optimizer.param_groups:
            group["lr"] = lr
        x, y = batches[i]
        loss = train_step(model, loss_fn, optimizer, x, y)
        lrs.append(lr)
        losses.append(loss)
        if not math.isfinite(loss) or loss > diverge_th * best:
            break
        best = min(best, loss)
    model.load_state_dict(model_state)
    optimizer.load_state_dict(opt_state)
    return np.array(lrs, dtype=np.float64), np.array(losses, dtype=np.float64)
''',
    ),
    dict(
        id='lr_range_test-optimizer-lr-shortcut',
        task="Task 5", cell="range-answer", function="lr_range_test", kind='axes',
        why="sets the lr with the shortcut optimizer.lr = lr: right with one group, but an optimizer with two parameter groups raises AttributeError (the task: 'set the lr of every group')",
        code='''
def lr_range_test(model, loss_fn, optimizer, batches, start_lr=1e-7, end_lr=10.0, num_iter=100, diverge_th=4.0):
    if start_lr <= 0 or end_lr <= start_lr or num_iter < 2 or diverge_th <= 1 or len(batches) == 0:
        raise ValueError("invalid arguments")
    model_state = model.state_dict()
    opt_state = optimizer.state_dict()
    schedule = np.geomspace(start_lr, end_lr, num_iter)
    lrs, losses = [], []
    best = math.inf
    for i in range(num_iter):
        lr = float(schedule[i])
        optimizer.lr = lr
        x, y = batches[i % len(batches)]
        loss = train_step(model, loss_fn, optimizer, x, y)
        lrs.append(lr)
        losses.append(loss)
        if not math.isfinite(loss) or loss > diverge_th * best:
            break
        best = min(best, loss)
    model.load_state_dict(model_state)
    optimizer.load_state_dict(opt_state)
    return np.array(lrs, dtype=np.float64), np.array(losses, dtype=np.float64)
''',
    ),
    dict(
        id='lr_range_test-num_iter-check',
        task="Task 5", cell="range-answer", function="lr_range_test", kind='boundary',
        why='validates num_iter < 1 (and end_lr < start_lr) instead of num_iter < 2 and end_lr <= start_lr: num_iter=1 and end_lr == start_lr are accepted instead of raising ValueError',
        code='''
def lr_range_test(model, loss_fn, optimizer, batches, start_lr=1e-7, end_lr=10.0, num_iter=100, diverge_th=4.0):
    if start_lr <= 0 or end_lr < start_lr or num_iter < 1 or diverge_th <= 1 or len(batches) == 0:
        raise ValueError("invalid arguments")
    model_state = model.state_dict()
    opt_state = optimizer.state_dict()
    schedule = np.geomspace(start_lr, end_lr, num_iter)
    lrs, losses = [], []
    best = math.inf
    for i in range(num_iter):
        lr = float(schedule[i])
        for group in optimizer.param_groups:
            group["lr"] = lr
        x, y = batches[i % len(batches)]
        loss = train_step(model, loss_fn, optimizer, x, y)
        lrs.append(lr)
        losses.append(loss)
        if not math.isfinite(loss) or loss > diverge_th * best:
            break
        best = min(best, loss)
    model.load_state_dict(model_state)
    optimizer.load_state_dict(opt_state)
    return np.array(lrs, dtype=np.float64), np.array(losses, dtype=np.float64)
''',
    ),
    dict(
        id='lr_range_test-returns-full-schedule',
        task="Task 5", cell="range-answer", function="lr_range_test", kind='off-by-one',
        why="returns the whole schedule np.geomspace(start_lr, end_lr, num_iter) as lrs even when the test "
            "stopped early: lrs has num_iter entries and losses fewer (defaults on a small MLP: 100 against "
            "about 90); the task asks for two arrays of the same length",
        code='''
def lr_range_test(model, loss_fn, optimizer, batches, start_lr=1e-7, end_lr=10.0, num_iter=100, diverge_th=4.0):
    if start_lr <= 0 or end_lr <= start_lr or num_iter < 2 or diverge_th <= 1 or len(batches) == 0:
        raise ValueError("invalid arguments")
    model_state = model.state_dict()
    opt_state = optimizer.state_dict()
    lrs = np.geomspace(start_lr, end_lr, num_iter)
    losses = []
    best = math.inf
    for i, lr in enumerate(lrs):
        for group in optimizer.param_groups:
            group["lr"] = float(lr)
        x, y = batches[i % len(batches)]
        loss = train_step(model, loss_fn, optimizer, x, y)
        losses.append(loss)
        if not math.isfinite(loss) or loss > diverge_th * best:
            break
        best = min(best, loss)
    model.load_state_dict(model_state)
    optimizer.load_state_dict(opt_state)
    return lrs, np.array(losses, dtype=np.float64)
''',
    ),
]

RIGHT = [
    dict(
        id="SGD-inplace-buffer", task="Task 1", cell="sgd-answer", function="SGD",
        why="buffer created as a copy and then updated in place (np.multiply with out=, +=), update written "
            "with p.data[...] -= ...: same values, p.data keeps its identity and dtype, p.grad untouched",
        code='''
class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        if min(lr, momentum, weight_decay) < 0:
            raise ValueError("lr, momentum and weight_decay must be >= 0")
        if nesterov and not (momentum > 0 and dampening == 0):
            raise ValueError("nesterov requires momentum > 0 and dampening = 0")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov))

    def step(self):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                d_p = p.grad.copy()
                if group["weight_decay"]:
                    d_p += group["weight_decay"] * p.data
                mu = group["momentum"]
                if mu:
                    state = self.state[p]
                    buf = state.get("momentum_buffer")
                    if buf is None:
                        buf = state["momentum_buffer"] = d_p.copy()
                    else:
                        np.multiply(buf, mu, out=buf)
                        buf += (1 - group["dampening"]) * d_p
                    if group["nesterov"]:
                        d_p += mu * buf
                    else:
                        d_p = buf
                p.data[...] -= group["lr"] * d_p
''',
    ),
    dict(
        id="RMSprop-inplace-state", task="Task 2", cell="rmsprop-answer", function="RMSprop",
        why="the state is created with setdefault and 'square_avg' updated in place (*=, +=) on its own "
            "array; np.sqrt(v) + eps as in the task",
        code='''
class RMSprop(Optimizer):
    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0.0):
        for name, value in [("lr", lr), ("alpha", alpha), ("eps", eps), ("weight_decay", weight_decay)]:
            if value < 0:
                raise ValueError(f"{name} must be >= 0, got {value}")
        super().__init__(params, dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                grad = p.grad if group["weight_decay"] == 0 else p.grad + group["weight_decay"] * p.data
                state = self.state[p]
                v = state.setdefault("square_avg", np.zeros_like(p.data))
                state["step"] = state.get("step", 0) + 1
                v *= group["alpha"]
                v += (1 - group["alpha"]) * np.square(grad)
                p.data -= group["lr"] * grad / (np.sqrt(v) + group["eps"])
''',
    ),
    dict(
        id="Adam-pytorch-denominator", task="Task 3", cell="adam-answer", function="Adam",
        why="PyTorch's own arrangement: step size lr/(1 - b1**t) and denominator sqrt(v)/sqrt(1 - b2**t) + eps, "
            "which is exactly m_hat/(sqrt(v_hat) + eps) (eps after the correction), not the paper's eps-hat form",
        code='''
class Adam(Optimizer):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0):
        if lr < 0 or eps < 0 or weight_decay < 0:
            raise ValueError("lr, eps and weight_decay must be >= 0")
        try:
            b1, b2 = betas
            ok = 0.0 <= b1 < 1.0 and 0.0 <= b2 < 1.0
        except (TypeError, ValueError):
            ok = False
        if not ok:
            raise ValueError("betas must be a pair of numbers in [0, 1)")
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            b1, b2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                grad = p.grad + group["weight_decay"] * p.data if group["weight_decay"] else p.grad
                state = self.state[p]
                if len(state) == 0:
                    state["step"] = 0
                    state["exp_avg"] = np.zeros_like(p.data)
                    state["exp_avg_sq"] = np.zeros_like(p.data)
                state["step"] += 1
                t = state["step"]
                state["exp_avg"] = state["exp_avg"] * b1 + grad * (1 - b1)
                state["exp_avg_sq"] = state["exp_avg_sq"] * b2 + grad * grad * (1 - b2)
                step_size = group["lr"] / (1 - b1 ** t)
                denom = np.sqrt(state["exp_avg_sq"]) / math.sqrt(1 - b2 ** t) + group["eps"]
                p.data -= step_size * state["exp_avg"] / denom
''',
    ),
    dict(
        id="AdamW-subtract-decay", task="Task 3", cell="adam-answer", function="AdamW",
        why="decay written as p.data -= lr*wd*p.data (the same as theta *= 1 - lr*wd) before a self-contained "
            "Adam step with g = grad; parameters without a gradient are skipped before any decay",
        code='''
class AdamW(Adam):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01):
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay)

    def step(self):
        for group in self.param_groups:
            lr, (b1, b2), eps, wd = group["lr"], group["betas"], group["eps"], group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                p.data -= lr * wd * p.data
                state = self.state[p]
                t = state.get("step", 0) + 1
                m = b1 * state.get("exp_avg", 0.0) + (1 - b1) * p.grad
                v = b2 * state.get("exp_avg_sq", 0.0) + (1 - b2) * p.grad ** 2
                state.update(step=t, exp_avg=m, exp_avg_sq=v)
                p.data -= lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)
''',
    ),
    dict(
        id="CosineAnnealingLR-interpolation", task="Task 4", cell="cosine-answer", function="CosineAnnealingLR",
        why="the same formula as an interpolation w*gamma_0 + (1 - w)*eta_min with w = (1 + cos(pi t/T))/2, "
            "math.cos giving Python floats; the lrs set are kept in a list returned as a copy",
        code='''
class CosineAnnealingLR:
    def __init__(self, optimizer, T_max, eta_min=0.0, last_epoch=-1):
        if type(T_max) is not int or T_max < 1:
            raise ValueError(f"T_max must be a positive int, got {T_max!r}")
        if eta_min < 0:
            raise ValueError("eta_min must be >= 0")
        if last_epoch != -1:
            raise ValueError("resuming a schedule (last_epoch != -1) is not supported")
        self.optimizer = optimizer
        self.T_max = T_max
        self.eta_min = eta_min
        self.base_lrs = [group["lr"] for group in optimizer.param_groups]
        self.last_epoch = 0
        self._lrs = list(self.base_lrs)

    def step(self):
        self.last_epoch += 1
        w = (1.0 + math.cos(math.pi * self.last_epoch / self.T_max)) / 2.0
        self._lrs = [float(w * base + (1.0 - w) * self.eta_min) for base in self.base_lrs]
        for group, lr in zip(self.optimizer.param_groups, self._lrs):
            group["lr"] = lr

    def get_last_lr(self):
        return self._lrs[:]
''',
    ),
    dict(
        id="lr_range_test-while-loop", task="Task 5", cell="range-answer", function="lr_range_test",
        why="a while loop with np.isfinite and .item() for the lr, the best loss kept as min(losses[:-1]), "
            "np.asarray(..., dtype=float) for the result",
        code='''
def lr_range_test(model, loss_fn, optimizer, batches, start_lr=1e-7, end_lr=10.0, num_iter=100, diverge_th=4.0):
    if not (start_lr > 0 and end_lr > start_lr and num_iter >= 2 and diverge_th > 1) or not batches:
        raise ValueError("invalid range-test arguments")
    saved_model, saved_opt = model.state_dict(), optimizer.state_dict()
    grid = np.geomspace(start_lr, end_lr, num_iter)
    lrs, losses = [], []
    i = 0
    while i < num_iter:
        lr = grid[i].item()
        for group in optimizer.param_groups:
            group["lr"] = lr
        x, y = batches[i % len(batches)]
        losses.append(train_step(model, loss_fn, optimizer, x, y))
        lrs.append(lr)
        if not np.isfinite(losses[-1]):
            break
        if len(losses) > 1 and losses[-1] > diverge_th * min(losses[:-1]):
            break
        i += 1
    model.load_state_dict(saved_model)
    optimizer.load_state_dict(saved_opt)
    return np.asarray(lrs, dtype=float), np.asarray(losses, dtype=float)
''',
    ),
]

# ----------------------------------------------------------------------------------------------
# the plan's wrong answers (CHAPTERS.md 5.3)
PLAN_WRONG = [
    dict(
        id='SGD-plan-decay-after-momentum',
        task='Task 1',
        cell='sgd-answer',
        function='SGD',
        kind='state-order',
        why='from the plan: weight decay added after the momentum update, so the buffer never sees it (differs whenever momentum and weight_decay are both nonzero)',
        code='''
class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        if lr < 0:
            raise ValueError(f"lr must be >= 0; got {lr}")
        if momentum < 0:
            raise ValueError(f"momentum must be >= 0; got {momentum}")
        if weight_decay < 0:
            raise ValueError(f"weight_decay must be >= 0; got {weight_decay}")
        if nesterov and (momentum == 0 or dampening != 0):
            raise ValueError("nesterov=True needs momentum > 0 and dampening == 0")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov))

    def step(self):
        for group in self.param_groups:
            lr, mu, tau = group["lr"], group["momentum"], group["dampening"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad.copy()
                if mu != 0:
                    state = self.state[p]
                    if "momentum_buffer" not in state:
                        state["momentum_buffer"] = g.copy()
                    else:
                        state["momentum_buffer"] = mu * state["momentum_buffer"] + (1 - tau) * g
                    b = state["momentum_buffer"]
                    g = g + mu * b if group["nesterov"] else b
                p.data -= lr * (g + group["weight_decay"] * p.data)
''',
    ),
    dict(
        id='SGD-plan-dampening-first-step',
        task='Task 1',
        cell='sgd-answer',
        function='SGD',
        kind='boundary',
        why='from the plan: the buffer starts at 0, so the first update is dampened: b_1 = (1 - dampening) g',
        code='''
class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        if lr < 0:
            raise ValueError(f"lr must be >= 0; got {lr}")
        if momentum < 0:
            raise ValueError(f"momentum must be >= 0; got {momentum}")
        if weight_decay < 0:
            raise ValueError(f"weight_decay must be >= 0; got {weight_decay}")
        if nesterov and (momentum == 0 or dampening != 0):
            raise ValueError("nesterov=True needs momentum > 0 and dampening == 0")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov))

    def step(self):
        for group in self.param_groups:
            lr, mu, tau = group["lr"], group["momentum"], group["dampening"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p.data
                if mu != 0:
                    state = self.state[p]
                    if "momentum_buffer" not in state:
                        state["momentum_buffer"] = (1 - tau) * g
                    else:
                        state["momentum_buffer"] = mu * state["momentum_buffer"] + (1 - tau) * g
                    b = state["momentum_buffer"]
                    g = g + mu * b if group["nesterov"] else b
                p.data -= lr * g
''',
    ),
    dict(
        id='SGD-plan-seed-form',
        task='Task 1',
        cell='sgd-answer',
        function='SGD',
        kind='formula',
        why="from the plan: the seed's averaged form v = mu v - (1 - mu) g, theta += lr v, without rescaling lr by 1 / (1 - mu): steps 1 - mu times too small",
        code='''
class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        if lr < 0:
            raise ValueError(f"lr must be >= 0; got {lr}")
        if momentum < 0:
            raise ValueError(f"momentum must be >= 0; got {momentum}")
        if weight_decay < 0:
            raise ValueError(f"weight_decay must be >= 0; got {weight_decay}")
        if nesterov and (momentum == 0 or dampening != 0):
            raise ValueError("nesterov=True needs momentum > 0 and dampening == 0")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov))

    def step(self):
        for group in self.param_groups:
            lr, mu, tau = group["lr"], group["momentum"], group["dampening"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p.data
                if mu != 0:
                    state = self.state[p]
                    if "momentum_buffer" not in state:
                        state["momentum_buffer"] = -(1 - mu) * g
                    else:
                        state["momentum_buffer"] = mu * state["momentum_buffer"] - (1 - mu) * g
                    b = state["momentum_buffer"]
                    g = -(g - mu * b) if group["nesterov"] else -b
                p.data -= lr * g
''',
    ),
    dict(
        id='SGD-plan-seed-form-sign',
        task='Task 1',
        cell='sgd-answer',
        function='SGD',
        kind='formula',
        why="from the plan: the seed's averaged form with the sign flipped, v = mu v - (1 - mu) g, theta -= lr v: a step up the gradient",
        code='''
class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        if lr < 0:
            raise ValueError(f"lr must be >= 0; got {lr}")
        if momentum < 0:
            raise ValueError(f"momentum must be >= 0; got {momentum}")
        if weight_decay < 0:
            raise ValueError(f"weight_decay must be >= 0; got {weight_decay}")
        if nesterov and (momentum == 0 or dampening != 0):
            raise ValueError("nesterov=True needs momentum > 0 and dampening == 0")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov))

    def step(self):
        for group in self.param_groups:
            lr, mu, tau = group["lr"], group["momentum"], group["dampening"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p.data
                if mu != 0:
                    state = self.state[p]
                    if "momentum_buffer" not in state:
                        state["momentum_buffer"] = -(1 - mu) * g
                    else:
                        state["momentum_buffer"] = mu * state["momentum_buffer"] - (1 - mu) * g
                    b = state["momentum_buffer"]
                    g = g + mu * b if group["nesterov"] else b
                p.data -= lr * g
''',
    ),
    dict(
        id='SGD-plan-nesterov-buffer',
        task='Task 1',
        cell='sgd-answer',
        function='SGD',
        kind='formula',
        why='from the plan: Nesterov steps along the buffer b instead of g + mu b (plain heavy ball)',
        code='''
class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        if lr < 0:
            raise ValueError(f"lr must be >= 0; got {lr}")
        if momentum < 0:
            raise ValueError(f"momentum must be >= 0; got {momentum}")
        if weight_decay < 0:
            raise ValueError(f"weight_decay must be >= 0; got {weight_decay}")
        if nesterov and (momentum == 0 or dampening != 0):
            raise ValueError("nesterov=True needs momentum > 0 and dampening == 0")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov))

    def step(self):
        for group in self.param_groups:
            lr, mu, tau = group["lr"], group["momentum"], group["dampening"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p.data
                if mu != 0:
                    state = self.state[p]
                    if "momentum_buffer" not in state:
                        state["momentum_buffer"] = g.copy()
                    else:
                        state["momentum_buffer"] = mu * state["momentum_buffer"] + (1 - tau) * g
                    b = state["momentum_buffer"]
                    g = b
                p.data -= lr * g
''',
    ),
    dict(
        id='SGD-plan-shared-buffer',
        task='Task 1',
        cell='sgd-answer',
        function='SGD',
        kind='state-order',
        why='from the plan: one momentum buffer for all the parameters (kept on the optimizer, not in state[p])',
        code='''
class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        if lr < 0:
            raise ValueError(f"lr must be >= 0; got {lr}")
        if momentum < 0:
            raise ValueError(f"momentum must be >= 0; got {momentum}")
        if weight_decay < 0:
            raise ValueError(f"weight_decay must be >= 0; got {weight_decay}")
        if nesterov and (momentum == 0 or dampening != 0):
            raise ValueError("nesterov=True needs momentum > 0 and dampening == 0")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov))

    def step(self):
        for group in self.param_groups:
            lr, mu, tau = group["lr"], group["momentum"], group["dampening"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p.data
                if mu != 0:
                    if not hasattr(self, "shared"):
                        self.shared = {}
                    state = self.shared
                    if "momentum_buffer" not in state:
                        state["momentum_buffer"] = g.copy()
                    else:
                        state["momentum_buffer"] = mu * state["momentum_buffer"] + (1 - tau) * g
                    b = state["momentum_buffer"]
                    g = g + mu * b if group["nesterov"] else b
                p.data -= lr * g
''',
    ),
    dict(
        id='SGD-plan-grad-none-crash',
        task='Task 1',
        cell='sgd-answer',
        function='SGD',
        kind='boundary',
        why='from the plan: no check for p.grad is None, so a parameter without a gradient crashes step()',
        code='''
class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        if lr < 0:
            raise ValueError(f"lr must be >= 0; got {lr}")
        if momentum < 0:
            raise ValueError(f"momentum must be >= 0; got {momentum}")
        if weight_decay < 0:
            raise ValueError(f"weight_decay must be >= 0; got {weight_decay}")
        if nesterov and (momentum == 0 or dampening != 0):
            raise ValueError("nesterov=True needs momentum > 0 and dampening == 0")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov))

    def step(self):
        for group in self.param_groups:
            lr, mu, tau = group["lr"], group["momentum"], group["dampening"]
            for p in group["params"]:
                g = p.grad + group["weight_decay"] * p.data
                if mu != 0:
                    state = self.state[p]
                    if "momentum_buffer" not in state:
                        state["momentum_buffer"] = g.copy()
                    else:
                        state["momentum_buffer"] = mu * state["momentum_buffer"] + (1 - tau) * g
                    b = state["momentum_buffer"]
                    g = g + mu * b if group["nesterov"] else b
                p.data -= lr * g
''',
    ),
    dict(
        id='RMSprop-plan-eps-inside',
        task='Task 2',
        cell='rmsprop-answer',
        function='RMSprop',
        kind='formula',
        why='from the plan: eps inside the square root, sqrt(v + eps)',
        code='''
class RMSprop(Optimizer):
    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0.0):
        for name, value in (("lr", lr), ("alpha", alpha), ("eps", eps), ("weight_decay", weight_decay)):
            if value < 0:
                raise ValueError(f"{name} must be >= 0; got {value}")
        super().__init__(params, dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            lr, alpha, eps = group["lr"], group["alpha"], group["eps"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p.data
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["square_avg"] = np.zeros_like(p.data)
                state["step"] += 1
                state["square_avg"] = alpha * state["square_avg"] + (1 - alpha) * g * g
                p.data -= lr * g / (np.sqrt(state["square_avg"] + eps))
''',
    ),
    dict(
        id='RMSprop-plan-alpha-swapped',
        task='Task 2',
        cell='rmsprop-answer',
        function='RMSprop',
        kind='formula',
        why='from the plan: alpha and 1 - alpha swapped in the average',
        code='''
class RMSprop(Optimizer):
    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0.0):
        for name, value in (("lr", lr), ("alpha", alpha), ("eps", eps), ("weight_decay", weight_decay)):
            if value < 0:
                raise ValueError(f"{name} must be >= 0; got {value}")
        super().__init__(params, dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            lr, alpha, eps = group["lr"], group["alpha"], group["eps"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p.data
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["square_avg"] = np.zeros_like(p.data)
                state["step"] += 1
                state["square_avg"] = (1 - alpha) * state["square_avg"] + alpha * g * g
                p.data -= lr * g / (np.sqrt(state["square_avg"]) + eps)
''',
    ),
    dict(
        id='RMSprop-plan-abs',
        task='Task 2',
        cell='rmsprop-answer',
        function='RMSprop',
        kind='other-quantity',
        why='from the plan: |g| instead of g**2 in the average',
        code='''
class RMSprop(Optimizer):
    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0.0):
        for name, value in (("lr", lr), ("alpha", alpha), ("eps", eps), ("weight_decay", weight_decay)):
            if value < 0:
                raise ValueError(f"{name} must be >= 0; got {value}")
        super().__init__(params, dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            lr, alpha, eps = group["lr"], group["alpha"], group["eps"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p.data
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["square_avg"] = np.zeros_like(p.data)
                state["step"] += 1
                state["square_avg"] = alpha * state["square_avg"] + (1 - alpha) * np.abs(g)
                p.data -= lr * g / (np.sqrt(state["square_avg"]) + eps)
''',
    ),
    dict(
        id='RMSprop-plan-start-g2',
        task='Task 2',
        cell='rmsprop-answer',
        function='RMSprop',
        kind='boundary',
        why='from the plan: the square average started at g**2 of the first step instead of 0',
        code='''
class RMSprop(Optimizer):
    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0.0):
        for name, value in (("lr", lr), ("alpha", alpha), ("eps", eps), ("weight_decay", weight_decay)):
            if value < 0:
                raise ValueError(f"{name} must be >= 0; got {value}")
        super().__init__(params, dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            lr, alpha, eps = group["lr"], group["alpha"], group["eps"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p.data
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["square_avg"] = g * g
                state["step"] += 1
                state["square_avg"] = alpha * state["square_avg"] + (1 - alpha) * g * g
                p.data -= lr * g / (np.sqrt(state["square_avg"]) + eps)
''',
    ),
    dict(
        id='RMSprop-plan-no-decay',
        task='Task 2',
        cell='rmsprop-answer',
        function='RMSprop',
        kind='ignored-arg',
        why='from the plan: weight_decay ignored',
        code='''
class RMSprop(Optimizer):
    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0.0):
        for name, value in (("lr", lr), ("alpha", alpha), ("eps", eps), ("weight_decay", weight_decay)):
            if value < 0:
                raise ValueError(f"{name} must be >= 0; got {value}")
        super().__init__(params, dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            lr, alpha, eps = group["lr"], group["alpha"], group["eps"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["square_avg"] = np.zeros_like(p.data)
                state["step"] += 1
                state["square_avg"] = alpha * state["square_avg"] + (1 - alpha) * g * g
                p.data -= lr * g / (np.sqrt(state["square_avg"]) + eps)
''',
    ),
    dict(
        id='Adam-plan-no-bias-correction',
        task='Task 3',
        cell='adam-answer',
        function='Adam',
        kind='formula',
        why='from the plan: no bias correction (m and v used as they are)',
        code='''
class Adam(Optimizer):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0):
        for name, value in (("lr", lr), ("eps", eps), ("weight_decay", weight_decay)):
            if value < 0:
                raise ValueError(f"{name} must be >= 0; got {value}")
        if len(betas) != 2 or not all(0 <= b < 1 for b in betas):
            raise ValueError(f"betas must be two numbers in [0, 1); got {betas}")
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            lr, (beta1, beta2), eps, wd = group["lr"], group["betas"], group["eps"], group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + wd * p.data
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["exp_avg"] = np.zeros_like(p.data)
                    state["exp_avg_sq"] = np.zeros_like(p.data)
                state["step"] += 1
                t = state["step"]
                state["exp_avg"] = beta1 * state["exp_avg"] + (1 - beta1) * g
                state["exp_avg_sq"] = beta2 * state["exp_avg_sq"] + (1 - beta2) * g * g
                m_hat = state["exp_avg"]
                v_hat = state["exp_avg_sq"]
                p.data -= lr * m_hat / (np.sqrt(v_hat) + eps)
''',
    ),
    dict(
        id='Adam-plan-t-from-zero',
        task='Task 3',
        cell='adam-answer',
        function='Adam',
        kind='off-by-one',
        why='from the plan: t counted from 0 (incremented after the update): 1 - beta**0 = 0, a division by zero',
        code='''
class Adam(Optimizer):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0):
        for name, value in (("lr", lr), ("eps", eps), ("weight_decay", weight_decay)):
            if value < 0:
                raise ValueError(f"{name} must be >= 0; got {value}")
        if len(betas) != 2 or not all(0 <= b < 1 for b in betas):
            raise ValueError(f"betas must be two numbers in [0, 1); got {betas}")
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            lr, (beta1, beta2), eps, wd = group["lr"], group["betas"], group["eps"], group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + wd * p.data
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["exp_avg"] = np.zeros_like(p.data)
                    state["exp_avg_sq"] = np.zeros_like(p.data)
                t = state["step"]
                state["step"] += 1
                state["exp_avg"] = beta1 * state["exp_avg"] + (1 - beta1) * g
                state["exp_avg_sq"] = beta2 * state["exp_avg_sq"] + (1 - beta2) * g * g
                m_hat = state["exp_avg"] / (1 - beta1 ** t)
                v_hat = state["exp_avg_sq"] / (1 - beta2 ** t)
                p.data -= lr * m_hat / (np.sqrt(v_hat) + eps)
''',
    ),
    dict(
        id='Adam-plan-global-t',
        task='Task 3',
        cell='adam-answer',
        function='Adam',
        kind='state-order',
        why='from the plan: one step counter for the whole optimizer, incremented once per parameter',
        code='''
class Adam(Optimizer):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0):
        for name, value in (("lr", lr), ("eps", eps), ("weight_decay", weight_decay)):
            if value < 0:
                raise ValueError(f"{name} must be >= 0; got {value}")
        if len(betas) != 2 or not all(0 <= b < 1 for b in betas):
            raise ValueError(f"betas must be two numbers in [0, 1); got {betas}")
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            lr, (beta1, beta2), eps, wd = group["lr"], group["betas"], group["eps"], group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + wd * p.data
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["exp_avg"] = np.zeros_like(p.data)
                    state["exp_avg_sq"] = np.zeros_like(p.data)
                state["step"] += 1
                self.t = getattr(self, "t", 0) + 1
                t = self.t
                state["exp_avg"] = beta1 * state["exp_avg"] + (1 - beta1) * g
                state["exp_avg_sq"] = beta2 * state["exp_avg_sq"] + (1 - beta2) * g * g
                m_hat = state["exp_avg"] / (1 - beta1 ** t)
                v_hat = state["exp_avg_sq"] / (1 - beta2 ** t)
                p.data -= lr * m_hat / (np.sqrt(v_hat) + eps)
''',
    ),
    dict(
        id='Adam-plan-eps-inside',
        task='Task 3',
        cell='adam-answer',
        function='Adam',
        kind='formula',
        why='from the plan: eps inside the square root, sqrt(v_hat + eps)',
        code='''
class Adam(Optimizer):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0):
        for name, value in (("lr", lr), ("eps", eps), ("weight_decay", weight_decay)):
            if value < 0:
                raise ValueError(f"{name} must be >= 0; got {value}")
        if len(betas) != 2 or not all(0 <= b < 1 for b in betas):
            raise ValueError(f"betas must be two numbers in [0, 1); got {betas}")
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            lr, (beta1, beta2), eps, wd = group["lr"], group["betas"], group["eps"], group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + wd * p.data
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["exp_avg"] = np.zeros_like(p.data)
                    state["exp_avg_sq"] = np.zeros_like(p.data)
                state["step"] += 1
                t = state["step"]
                state["exp_avg"] = beta1 * state["exp_avg"] + (1 - beta1) * g
                state["exp_avg_sq"] = beta2 * state["exp_avg_sq"] + (1 - beta2) * g * g
                m_hat = state["exp_avg"] / (1 - beta1 ** t)
                v_hat = state["exp_avg_sq"] / (1 - beta2 ** t)
                p.data -= lr * m_hat / (np.sqrt(v_hat + eps))
''',
    ),
    dict(
        id='Adam-plan-eps-before-correction',
        task='Task 3',
        cell='adam-answer',
        function='Adam',
        kind='formula',
        why='from the plan: eps added before the bias correction, (sqrt(v) + eps) / sqrt(1 - beta2**t)',
        code='''
class Adam(Optimizer):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0):
        for name, value in (("lr", lr), ("eps", eps), ("weight_decay", weight_decay)):
            if value < 0:
                raise ValueError(f"{name} must be >= 0; got {value}")
        if len(betas) != 2 or not all(0 <= b < 1 for b in betas):
            raise ValueError(f"betas must be two numbers in [0, 1); got {betas}")
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            lr, (beta1, beta2), eps, wd = group["lr"], group["betas"], group["eps"], group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + wd * p.data
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["exp_avg"] = np.zeros_like(p.data)
                    state["exp_avg_sq"] = np.zeros_like(p.data)
                state["step"] += 1
                t = state["step"]
                state["exp_avg"] = beta1 * state["exp_avg"] + (1 - beta1) * g
                state["exp_avg_sq"] = beta2 * state["exp_avg_sq"] + (1 - beta2) * g * g
                m_hat = state["exp_avg"] / (1 - beta1 ** t)
                v_hat = state["exp_avg_sq"] / (1 - beta2 ** t)
                p.data -= lr * m_hat / ((np.sqrt(state["exp_avg_sq"]) + eps) / np.sqrt(1 - beta2 ** t))
''',
    ),
    dict(
        id='Adam-plan-beta2-for-m',
        task='Task 3',
        cell='adam-answer',
        function='Adam',
        kind='formula',
        why='from the plan: beta2 used for m',
        code='''
class Adam(Optimizer):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0):
        for name, value in (("lr", lr), ("eps", eps), ("weight_decay", weight_decay)):
            if value < 0:
                raise ValueError(f"{name} must be >= 0; got {value}")
        if len(betas) != 2 or not all(0 <= b < 1 for b in betas):
            raise ValueError(f"betas must be two numbers in [0, 1); got {betas}")
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            lr, (beta1, beta2), eps, wd = group["lr"], group["betas"], group["eps"], group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + wd * p.data
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["exp_avg"] = np.zeros_like(p.data)
                    state["exp_avg_sq"] = np.zeros_like(p.data)
                state["step"] += 1
                t = state["step"]
                state["exp_avg"] = beta2 * state["exp_avg"] + (1 - beta2) * g
                state["exp_avg_sq"] = beta2 * state["exp_avg_sq"] + (1 - beta2) * g * g
                m_hat = state["exp_avg"] / (1 - beta1 ** t)
                v_hat = state["exp_avg_sq"] / (1 - beta2 ** t)
                p.data -= lr * m_hat / (np.sqrt(v_hat) + eps)
''',
    ),
    dict(
        id='Adam-plan-decoupled',
        task='Task 3',
        cell='adam-answer',
        function='Adam',
        kind='other-quantity',
        why='from the plan: L2 and decoupled decay swapped: Adam decays the weights as AdamW should',
        code='''
class Adam(Optimizer):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0):
        for name, value in (("lr", lr), ("eps", eps), ("weight_decay", weight_decay)):
            if value < 0:
                raise ValueError(f"{name} must be >= 0; got {value}")
        if len(betas) != 2 or not all(0 <= b < 1 for b in betas):
            raise ValueError(f"betas must be two numbers in [0, 1); got {betas}")
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            lr, (beta1, beta2), eps, wd = group["lr"], group["betas"], group["eps"], group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad
                p.data *= 1 - lr * wd
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["exp_avg"] = np.zeros_like(p.data)
                    state["exp_avg_sq"] = np.zeros_like(p.data)
                state["step"] += 1
                t = state["step"]
                state["exp_avg"] = beta1 * state["exp_avg"] + (1 - beta1) * g
                state["exp_avg_sq"] = beta2 * state["exp_avg_sq"] + (1 - beta2) * g * g
                m_hat = state["exp_avg"] / (1 - beta1 ** t)
                v_hat = state["exp_avg_sq"] / (1 - beta2 ** t)
                p.data -= lr * m_hat / (np.sqrt(v_hat) + eps)
''',
    ),
    dict(
        id='AdamW-plan-l2',
        task='Task 3',
        cell='adam-answer',
        function='AdamW',
        kind='other-quantity',
        why='from the plan: L2 and decoupled decay swapped: AdamW adds weight_decay * theta to the gradient',
        code='''
class AdamW(Adam):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01):
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay)

    def step(self):
        super().step()
''',
    ),
    dict(
        id='CosineAnnealingLR-plan-decays-at-construction',
        task='Task 4',
        cell='cosine-answer',
        function='CosineAnnealingLR',
        kind='off-by-one',
        why='from the plan: off by one, the scheduler takes its first step in __init__',
        code='''
class CosineAnnealingLR:
    def __init__(self, optimizer, T_max, eta_min=0.0, last_epoch=-1):
        if not isinstance(T_max, int) or T_max < 1:
            raise ValueError(f"T_max must be a positive int; got {T_max!r}")
        if eta_min < 0:
            raise ValueError(f"eta_min must be >= 0; got {eta_min}")
        if last_epoch != -1:
            raise ValueError(f"only last_epoch=-1 (a new schedule) is supported; got {last_epoch}")
        self.optimizer, self.T_max, self.eta_min = optimizer, T_max, float(eta_min)
        self.base_lrs = [float(group["lr"]) for group in optimizer.param_groups]
        self.last_epoch = 0
        self._last_lr = list(self.base_lrs)
        self.step()

    def step(self):
        self.last_epoch += 1
        t, T = self.last_epoch, self.T_max
        self._last_lr = [self.eta_min + (base - self.eta_min) * (1 + math.cos(math.pi * t / T)) / 2
                         for base in self.base_lrs]
        for group, lr in zip(self.optimizer.param_groups, self._last_lr, strict=True):
            group["lr"] = lr

    def get_last_lr(self):
        return list(self._last_lr)
''',
    ),
    dict(
        id='CosineAnnealingLR-plan-no-half',
        task='Task 4',
        cell='cosine-answer',
        function='CosineAnnealingLR',
        kind='formula',
        why='from the plan: cos without (1 + cos) / 2',
        code='''
class CosineAnnealingLR:
    def __init__(self, optimizer, T_max, eta_min=0.0, last_epoch=-1):
        if not isinstance(T_max, int) or T_max < 1:
            raise ValueError(f"T_max must be a positive int; got {T_max!r}")
        if eta_min < 0:
            raise ValueError(f"eta_min must be >= 0; got {eta_min}")
        if last_epoch != -1:
            raise ValueError(f"only last_epoch=-1 (a new schedule) is supported; got {last_epoch}")
        self.optimizer, self.T_max, self.eta_min = optimizer, T_max, float(eta_min)
        self.base_lrs = [float(group["lr"]) for group in optimizer.param_groups]
        self.last_epoch = 0
        self._last_lr = list(self.base_lrs)

    def step(self):
        self.last_epoch += 1
        t, T = self.last_epoch, self.T_max
        self._last_lr = [self.eta_min + (base - self.eta_min) * math.cos(math.pi * t / T)
                         for base in self.base_lrs]
        for group, lr in zip(self.optimizer.param_groups, self._last_lr, strict=True):
            group["lr"] = lr

    def get_last_lr(self):
        return list(self._last_lr)
''',
    ),
    dict(
        id='CosineAnnealingLR-plan-eta-min-ignored',
        task='Task 4',
        cell='cosine-answer',
        function='CosineAnnealingLR',
        kind='ignored-arg',
        why='from the plan: eta_min ignored',
        code='''
class CosineAnnealingLR:
    def __init__(self, optimizer, T_max, eta_min=0.0, last_epoch=-1):
        if not isinstance(T_max, int) or T_max < 1:
            raise ValueError(f"T_max must be a positive int; got {T_max!r}")
        if eta_min < 0:
            raise ValueError(f"eta_min must be >= 0; got {eta_min}")
        if last_epoch != -1:
            raise ValueError(f"only last_epoch=-1 (a new schedule) is supported; got {last_epoch}")
        self.optimizer, self.T_max, self.eta_min = optimizer, T_max, float(eta_min)
        self.base_lrs = [float(group["lr"]) for group in optimizer.param_groups]
        self.last_epoch = 0
        self._last_lr = list(self.base_lrs)

    def step(self):
        self.last_epoch += 1
        t, T = self.last_epoch, self.T_max
        self._last_lr = [base * (1 + math.cos(math.pi * t / T)) / 2
                         for base in self.base_lrs]
        for group, lr in zip(self.optimizer.param_groups, self._last_lr, strict=True):
            group["lr"] = lr

    def get_last_lr(self):
        return list(self._last_lr)
''',
    ),
    dict(
        id='CosineAnnealingLR-plan-period',
        task='Task 4',
        cell='cosine-answer',
        function='CosineAnnealingLR',
        kind='formula',
        why='from the plan: the period 2 T_max taken as T_max (cos(2 pi t / T_max))',
        code='''
class CosineAnnealingLR:
    def __init__(self, optimizer, T_max, eta_min=0.0, last_epoch=-1):
        if not isinstance(T_max, int) or T_max < 1:
            raise ValueError(f"T_max must be a positive int; got {T_max!r}")
        if eta_min < 0:
            raise ValueError(f"eta_min must be >= 0; got {eta_min}")
        if last_epoch != -1:
            raise ValueError(f"only last_epoch=-1 (a new schedule) is supported; got {last_epoch}")
        self.optimizer, self.T_max, self.eta_min = optimizer, T_max, float(eta_min)
        self.base_lrs = [float(group["lr"]) for group in optimizer.param_groups]
        self.last_epoch = 0
        self._last_lr = list(self.base_lrs)

    def step(self):
        self.last_epoch += 1
        t, T = self.last_epoch, self.T_max
        self._last_lr = [self.eta_min + (base - self.eta_min) * (1 + math.cos(2 * math.pi * t / T)) / 2
                         for base in self.base_lrs]
        for group, lr in zip(self.optimizer.param_groups, self._last_lr, strict=True):
            group["lr"] = lr

    def get_last_lr(self):
        return list(self._last_lr)
''',
    ),
    dict(
        id='CosineAnnealingLR-plan-compounded',
        task='Task 4',
        cell='cosine-answer',
        function='CosineAnnealingLR',
        kind='formula',
        why='from the plan: the lr compounded multiplicatively from the previous value',
        code='''
class CosineAnnealingLR:
    def __init__(self, optimizer, T_max, eta_min=0.0, last_epoch=-1):
        if not isinstance(T_max, int) or T_max < 1:
            raise ValueError(f"T_max must be a positive int; got {T_max!r}")
        if eta_min < 0:
            raise ValueError(f"eta_min must be >= 0; got {eta_min}")
        if last_epoch != -1:
            raise ValueError(f"only last_epoch=-1 (a new schedule) is supported; got {last_epoch}")
        self.optimizer, self.T_max, self.eta_min = optimizer, T_max, float(eta_min)
        self.base_lrs = [float(group["lr"]) for group in optimizer.param_groups]
        self.last_epoch = 0
        self._last_lr = list(self.base_lrs)

    def step(self):
        self.last_epoch += 1
        t, T = self.last_epoch, self.T_max
        ratio = (1 + math.cos(math.pi * t / T)) / max(1 + math.cos(math.pi * (t - 1) / T), 1e-300)
        self._last_lr = [group["lr"] * ratio for group in self.optimizer.param_groups]
        for group, lr in zip(self.optimizer.param_groups, self._last_lr, strict=True):
            group["lr"] = lr

    def get_last_lr(self):
        return list(self._last_lr)
''',
    ),
    dict(
        id='lr_range_test-plan-linear',
        task='Task 5',
        cell='range-answer',
        function='lr_range_test',
        kind='formula',
        why='from the plan: linear spacing of the lrs',
        code='''
def lr_range_test(model, loss_fn, optimizer, batches, start_lr=1e-7, end_lr=10.0, num_iter=100, diverge_th=4.0):
    if not start_lr > 0:
        raise ValueError(f"start_lr must be > 0; got {start_lr}")
    if not end_lr > start_lr:
        raise ValueError(f"end_lr must be > start_lr; got {end_lr}")
    if num_iter < 2:
        raise ValueError(f"num_iter must be >= 2; got {num_iter}")
    if not diverge_th > 1:
        raise ValueError(f"diverge_th must be > 1; got {diverge_th}")
    batches = list(batches)
    if not batches:
        raise ValueError("batches is empty")
    saved_model, saved_optimizer = model.state_dict(), optimizer.state_dict()
    lrs, losses, best = [], [], math.inf
    try:
        for i, lr in enumerate(np.linspace(start_lr, end_lr, num_iter)):
            for group in optimizer.param_groups:
                group["lr"] = float(lr)
            x, y = batches[i % len(batches)]
            loss = train_step(model, loss_fn, optimizer, x, y)
            lrs.append(float(lr))
            losses.append(loss)
            if not math.isfinite(loss) or loss > diverge_th * best:
                break
            best = min(best, loss)
    finally:
        model.load_state_dict(saved_model)
        optimizer.load_state_dict(saved_optimizer)
    return np.array(lrs), np.array(losses)
''',
    ),
    dict(
        id='lr_range_test-plan-lr-after-step',
        task='Task 5',
        cell='range-answer',
        function='lr_range_test',
        kind='off-by-one',
        why='from the plan: the lr set after the step, so each step runs with the previous lr',
        code='''
def lr_range_test(model, loss_fn, optimizer, batches, start_lr=1e-7, end_lr=10.0, num_iter=100, diverge_th=4.0):
    if not start_lr > 0:
        raise ValueError(f"start_lr must be > 0; got {start_lr}")
    if not end_lr > start_lr:
        raise ValueError(f"end_lr must be > start_lr; got {end_lr}")
    if num_iter < 2:
        raise ValueError(f"num_iter must be >= 2; got {num_iter}")
    if not diverge_th > 1:
        raise ValueError(f"diverge_th must be > 1; got {diverge_th}")
    batches = list(batches)
    if not batches:
        raise ValueError("batches is empty")
    saved_model, saved_optimizer = model.state_dict(), optimizer.state_dict()
    lrs, losses, best = [], [], math.inf
    try:
        for i, lr in enumerate(np.geomspace(start_lr, end_lr, num_iter)):
            x, y = batches[i % len(batches)]
            loss = train_step(model, loss_fn, optimizer, x, y)
            for group in optimizer.param_groups:
                group["lr"] = float(lr)
            lrs.append(float(lr))
            losses.append(loss)
            if not math.isfinite(loss) or loss > diverge_th * best:
                break
            best = min(best, loss)
    finally:
        model.load_state_dict(saved_model)
        optimizer.load_state_dict(saved_optimizer)
    return np.array(lrs), np.array(losses)
''',
    ),
    dict(
        id='lr_range_test-plan-no-stop',
        task='Task 5',
        cell='range-answer',
        function='lr_range_test',
        kind='ignored-arg',
        why='from the plan: no early stop',
        code='''
def lr_range_test(model, loss_fn, optimizer, batches, start_lr=1e-7, end_lr=10.0, num_iter=100, diverge_th=4.0):
    if not start_lr > 0:
        raise ValueError(f"start_lr must be > 0; got {start_lr}")
    if not end_lr > start_lr:
        raise ValueError(f"end_lr must be > start_lr; got {end_lr}")
    if num_iter < 2:
        raise ValueError(f"num_iter must be >= 2; got {num_iter}")
    if not diverge_th > 1:
        raise ValueError(f"diverge_th must be > 1; got {diverge_th}")
    batches = list(batches)
    if not batches:
        raise ValueError("batches is empty")
    saved_model, saved_optimizer = model.state_dict(), optimizer.state_dict()
    lrs, losses, best = [], [], math.inf
    try:
        for i, lr in enumerate(np.geomspace(start_lr, end_lr, num_iter)):
            for group in optimizer.param_groups:
                group["lr"] = float(lr)
            x, y = batches[i % len(batches)]
            loss = train_step(model, loss_fn, optimizer, x, y)
            lrs.append(float(lr))
            losses.append(loss)
            best = min(best, loss)
    finally:
        model.load_state_dict(saved_model)
        optimizer.load_state_dict(saved_optimizer)
    return np.array(lrs), np.array(losses)
''',
    ),
    dict(
        id='lr_range_test-plan-late-stop',
        task='Task 5',
        cell='range-answer',
        function='lr_range_test',
        kind='off-by-one',
        why='from the plan: stops one step late (checks the previous loss)',
        code='''
def lr_range_test(model, loss_fn, optimizer, batches, start_lr=1e-7, end_lr=10.0, num_iter=100, diverge_th=4.0):
    if not start_lr > 0:
        raise ValueError(f"start_lr must be > 0; got {start_lr}")
    if not end_lr > start_lr:
        raise ValueError(f"end_lr must be > start_lr; got {end_lr}")
    if num_iter < 2:
        raise ValueError(f"num_iter must be >= 2; got {num_iter}")
    if not diverge_th > 1:
        raise ValueError(f"diverge_th must be > 1; got {diverge_th}")
    batches = list(batches)
    if not batches:
        raise ValueError("batches is empty")
    saved_model, saved_optimizer = model.state_dict(), optimizer.state_dict()
    lrs, losses, best = [], [], math.inf
    try:
        for i, lr in enumerate(np.geomspace(start_lr, end_lr, num_iter)):
            for group in optimizer.param_groups:
                group["lr"] = float(lr)
            x, y = batches[i % len(batches)]
            loss = train_step(model, loss_fn, optimizer, x, y)
            lrs.append(float(lr))
            losses.append(loss)
            if len(losses) > 1 and (not math.isfinite(losses[-2]) or losses[-2] > diverge_th * best):
                break
            if len(losses) > 1:
                best = min(best, losses[-2])
    finally:
        model.load_state_dict(saved_model)
        optimizer.load_state_dict(saved_optimizer)
    return np.array(lrs), np.array(losses)
''',
    ),
    dict(
        id='lr_range_test-plan-loss-after-step',
        task='Task 5',
        cell='range-answer',
        function='lr_range_test',
        kind='state-order',
        why='from the plan: the loss recorded after the step (recomputed on the batch after the update)',
        code='''
def lr_range_test(model, loss_fn, optimizer, batches, start_lr=1e-7, end_lr=10.0, num_iter=100, diverge_th=4.0):
    if not start_lr > 0:
        raise ValueError(f"start_lr must be > 0; got {start_lr}")
    if not end_lr > start_lr:
        raise ValueError(f"end_lr must be > start_lr; got {end_lr}")
    if num_iter < 2:
        raise ValueError(f"num_iter must be >= 2; got {num_iter}")
    if not diverge_th > 1:
        raise ValueError(f"diverge_th must be > 1; got {diverge_th}")
    batches = list(batches)
    if not batches:
        raise ValueError("batches is empty")
    saved_model, saved_optimizer = model.state_dict(), optimizer.state_dict()
    lrs, losses, best = [], [], math.inf
    try:
        for i, lr in enumerate(np.geomspace(start_lr, end_lr, num_iter)):
            for group in optimizer.param_groups:
                group["lr"] = float(lr)
            x, y = batches[i % len(batches)]
            train_step(model, loss_fn, optimizer, x, y)
            loss = float(loss_fn(model(x), y))
            lrs.append(float(lr))
            losses.append(loss)
            if not math.isfinite(loss) or loss > diverge_th * best:
                break
            best = min(best, loss)
    finally:
        model.load_state_dict(saved_model)
        optimizer.load_state_dict(saved_optimizer)
    return np.array(lrs), np.array(losses)
''',
    ),
    dict(
        id='lr_range_test-plan-no-restore',
        task='Task 5',
        cell='range-answer',
        function='lr_range_test',
        kind='state-order',
        why='from the plan: the model left trained (no restore)',
        code='''
def lr_range_test(model, loss_fn, optimizer, batches, start_lr=1e-7, end_lr=10.0, num_iter=100, diverge_th=4.0):
    if not start_lr > 0:
        raise ValueError(f"start_lr must be > 0; got {start_lr}")
    if not end_lr > start_lr:
        raise ValueError(f"end_lr must be > start_lr; got {end_lr}")
    if num_iter < 2:
        raise ValueError(f"num_iter must be >= 2; got {num_iter}")
    if not diverge_th > 1:
        raise ValueError(f"diverge_th must be > 1; got {diverge_th}")
    batches = list(batches)
    if not batches:
        raise ValueError("batches is empty")
    saved_model, saved_optimizer = model.state_dict(), optimizer.state_dict()
    lrs, losses, best = [], [], math.inf
    try:
        for i, lr in enumerate(np.geomspace(start_lr, end_lr, num_iter)):
            for group in optimizer.param_groups:
                group["lr"] = float(lr)
            x, y = batches[i % len(batches)]
            loss = train_step(model, loss_fn, optimizer, x, y)
            lrs.append(float(lr))
            losses.append(loss)
            if not math.isfinite(loss) or loss > diverge_th * best:
                break
            best = min(best, loss)
    finally:
        optimizer.load_state_dict(saved_optimizer)
    return np.array(lrs), np.array(losses)
''',
    ),
    dict(
        id='lr_range_test-plan-batches-run-out',
        task='Task 5',
        cell='range-answer',
        function='lr_range_test',
        kind='boundary',
        why='from the plan: stops when batches runs out (zip over the batches)',
        code='''
def lr_range_test(model, loss_fn, optimizer, batches, start_lr=1e-7, end_lr=10.0, num_iter=100, diverge_th=4.0):
    if not start_lr > 0:
        raise ValueError(f"start_lr must be > 0; got {start_lr}")
    if not end_lr > start_lr:
        raise ValueError(f"end_lr must be > start_lr; got {end_lr}")
    if num_iter < 2:
        raise ValueError(f"num_iter must be >= 2; got {num_iter}")
    if not diverge_th > 1:
        raise ValueError(f"diverge_th must be > 1; got {diverge_th}")
    batches = list(batches)
    if not batches:
        raise ValueError("batches is empty")
    saved_model, saved_optimizer = model.state_dict(), optimizer.state_dict()
    lrs, losses, best = [], [], math.inf
    try:
        for i, lr in zip(range(len(batches)), np.geomspace(start_lr, end_lr, num_iter), strict=False):
            for group in optimizer.param_groups:
                group["lr"] = float(lr)
            x, y = batches[i % len(batches)]
            loss = train_step(model, loss_fn, optimizer, x, y)
            lrs.append(float(lr))
            losses.append(loss)
            if not math.isfinite(loss) or loss > diverge_th * best:
                break
            best = min(best, loss)
    finally:
        model.load_state_dict(saved_model)
        optimizer.load_state_dict(saved_optimizer)
    return np.array(lrs), np.array(losses)
''',
    ),
]

MORE_RIGHT = [
    dict(
        id="SGD-inplace-buffer-2",
        task="Task 1",
        cell="sgd-answer",
        function="SGD",
        why="PyTorch's own style: the buffer updated in place (buf *= mu; buf += (1 - tau) g), "
            "np.copy for the first one, validation with a loop",
        code='''
class SGD(Optimizer):
    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
        for name, value in (("lr", lr), ("momentum", momentum), ("weight_decay", weight_decay)):
            if value < 0:
                raise ValueError(f"{name} must be non-negative, got {value}")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov))

    def step(self):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                d_p = p.grad
                if group["weight_decay"] != 0:
                    d_p = d_p + group["weight_decay"] * p.data
                if group["momentum"] != 0:
                    state = self.state[p]
                    buf = state.get("momentum_buffer")
                    if buf is None:
                        buf = state["momentum_buffer"] = np.copy(d_p)
                    else:
                        buf *= group["momentum"]
                        buf += (1 - group["dampening"]) * d_p
                    d_p = d_p + group["momentum"] * buf if group["nesterov"] else buf
                p.data -= group["lr"] * d_p
''',
    ),
    dict(
        id="RMSprop-inplace",
        task="Task 2",
        cell="rmsprop-answer",
        function="RMSprop",
        why="square average updated in place with np.multiply / np.add (out=), the denominator computed once",
        code='''
class RMSprop(Optimizer):
    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0.0):
        if min(lr, alpha, eps, weight_decay) < 0:
            raise ValueError("lr, alpha, eps and weight_decay must be >= 0")
        super().__init__(params, dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                grad = p.grad if group["weight_decay"] == 0 else p.grad + group["weight_decay"] * p.data
                state = self.state[p]
                if len(state) == 0:
                    state["step"] = 0
                    state["square_avg"] = np.zeros(p.data.shape, dtype=p.data.dtype)
                state["step"] = state["step"] + 1
                v = state["square_avg"]
                np.multiply(v, group["alpha"], out=v)
                np.add(v, (1 - group["alpha"]) * np.square(grad), out=v)
                denom = np.sqrt(v) + group["eps"]
                p.data -= group["lr"] * (grad / denom)
''',
    ),
    dict(
        id="Adam-torch-style",
        task="Task 3",
        cell="adam-answer",
        function="Adam",
        why="PyTorch's arrangement: step_size = lr / (1 - beta1**t), denom = sqrt(v) / sqrt(1 - beta2**t) + eps "
            "(the same rule, rounded differently); AdamW inherits from it and still decays first",
        code='''
class Adam(Optimizer):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0):
        if lr < 0 or eps < 0 or weight_decay < 0:
            raise ValueError("lr, eps and weight_decay must be >= 0")
        b1, b2 = betas
        if not (0.0 <= b1 < 1.0 and 0.0 <= b2 < 1.0):
            raise ValueError(f"invalid betas {betas}")
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))

    def step(self):
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                grad = p.grad + group["weight_decay"] * p.data
                state = self.state[p]
                if "step" not in state:
                    state["step"] = 0
                    state["exp_avg"] = np.zeros_like(p.data)
                    state["exp_avg_sq"] = np.zeros_like(p.data)
                state["step"] += 1
                exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
                exp_avg *= beta1
                exp_avg += (1 - beta1) * grad
                exp_avg_sq *= beta2
                exp_avg_sq += (1 - beta2) * grad * grad
                bias_correction1 = 1 - beta1 ** state["step"]
                bias_correction2 = 1 - beta2 ** state["step"]
                step_size = group["lr"] / bias_correction1
                denom = np.sqrt(exp_avg_sq) / math.sqrt(bias_correction2) + group["eps"]
                p.data -= step_size * exp_avg / denom
''',
    ),
    dict(
        id="AdamW-own-loop",
        task="Task 3",
        cell="adam-answer",
        function="AdamW",
        why="AdamW written out in full (its own loop, not calling Adam's step): decay, then Adam with g = grad",
        code='''
class AdamW(Adam):
    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01):
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay)

    def step(self):
        for group in self.param_groups:
            lr, (b1, b2), eps = group["lr"], group["betas"], group["eps"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                p.data *= 1 - lr * group["weight_decay"]
                s = self.state[p]
                if not s:
                    s.update(step=0, exp_avg=np.zeros_like(p.data), exp_avg_sq=np.zeros_like(p.data))
                s["step"] += 1
                s["exp_avg"] = b1 * s["exp_avg"] + (1 - b1) * p.grad
                s["exp_avg_sq"] = b2 * s["exp_avg_sq"] + (1 - b2) * p.grad ** 2
                m_hat = s["exp_avg"] / (1 - b1 ** s["step"])
                v_hat = s["exp_avg_sq"] / (1 - b2 ** s["step"])
                p.data -= lr * m_hat / (np.sqrt(v_hat) + eps)
''',
    ),
    dict(
        id="CosineAnnealingLR-reads-groups",
        task="Task 4",
        cell="cosine-answer",
        function="CosineAnnealingLR",
        why="a helper for the closed form; get_last_lr reads the lrs back from the groups (set by the last step)",
        code='''
class CosineAnnealingLR:
    def __init__(self, optimizer, T_max, eta_min=0.0, last_epoch=-1):
        if isinstance(T_max, bool) or not isinstance(T_max, int) or T_max <= 0:
            raise ValueError("T_max must be a positive integer")
        if eta_min < 0:
            raise ValueError("eta_min must be >= 0")
        if last_epoch != -1:
            raise ValueError("last_epoch must be -1")
        self.optimizer = optimizer
        self.T_max = T_max
        self.eta_min = eta_min
        self.base_lrs = [g["lr"] for g in optimizer.param_groups]
        self.last_epoch = 0
        self._lrs = [float(g["lr"]) for g in optimizer.param_groups]

    def _lr_at(self, base, t):
        return self.eta_min + (base - self.eta_min) * 0.5 * (1.0 + np.cos(np.pi * t / self.T_max))

    def step(self):
        self.last_epoch = self.last_epoch + 1
        for g, base in zip(self.optimizer.param_groups, self.base_lrs):
            g["lr"] = float(self._lr_at(base, self.last_epoch))
        self._lrs = [g["lr"] for g in self.optimizer.param_groups]

    def get_last_lr(self):
        return [float(v) for v in self._lrs]
''',
    ),
    dict(
        id="lr_range_test-own-step",
        task="Task 5",
        cell="range-answer",
        function="lr_range_test",
        why="the training step written out (zero_grad, forward, loss, backward, step) instead of train_step, "
            "itertools-free cycling with a counter, restore without try/finally",
        code='''
def lr_range_test(model, loss_fn, optimizer, batches, start_lr=1e-7, end_lr=10.0, num_iter=100, diverge_th=4.0):
    if start_lr <= 0 or end_lr <= start_lr or num_iter < 2 or diverge_th <= 1 or len(batches) == 0:
        raise ValueError("bad arguments for lr_range_test")
    model_state = model.state_dict()
    opt_state = optimizer.state_dict()
    grid = np.geomspace(start_lr, end_lr, num_iter)
    lrs, losses = [], []
    for i in range(num_iter):
        for group in optimizer.param_groups:
            group["lr"] = float(grid[i])
        x, y = batches[i % len(batches)]
        optimizer.zero_grad()
        loss = float(loss_fn(model(x), y))
        model.backward(loss_fn.backward())
        optimizer.step()
        best = min(losses) if losses else np.inf
        lrs.append(grid[i])
        losses.append(loss)
        if not np.isfinite(loss) or loss > diverge_th * best:
            break
    model.load_state_dict(model_state)
    optimizer.load_state_dict(opt_state)
    return np.array(lrs, dtype=np.float64), np.array(losses, dtype=np.float64)
''',
    ),
]

WRONG = WRONG + PLAN_WRONG
RIGHT = RIGHT + MORE_RIGHT

# ----------------------------------------------------------------------------------------------
# the message that names each mistake
PLAN_EXPECT = {
    'SGD-plan-decay-after-momentum': 'looks like weight decay added after the momentum update',
    'SGD-plan-dampening-first-step': 'looks like dampening on the first step',
    'SGD-plan-seed-form': "(seed's averaged form|scaled by 1 - momentum)",
    'SGD-plan-seed-form-sign': '(step up the gradient|sign flipped)',
    'SGD-plan-nesterov-buffer': 'looks like Nesterov used the buffer b itself',
    'SGD-plan-shared-buffer': 'looks like one momentum buffer shared by all the parameters',
    'SGD-plan-grad-none-crash': 'has grad None: step\\(\\) must skip it',
    'RMSprop-plan-eps-inside': 'looks like eps inside the square root',
    'RMSprop-plan-alpha-swapped': 'looks like alpha and 1 - alpha swapped',
    'RMSprop-plan-abs': 'looks like \\|g\\| instead of g\\*\\*2',
    'RMSprop-plan-start-g2': 'looks like the square average started at g\\*\\*2',
    'RMSprop-plan-no-decay': 'looks like weight_decay is ignored',
    'Adam-plan-no-bias-correction': 'looks like no bias correction',
    'Adam-plan-t-from-zero': '(Adam\\(lr=0\\.1\\): w after one step|division|nan|NaN)',
    'Adam-plan-global-t': 'looks like one step counter t for the whole optimizer',
    'Adam-plan-eps-inside': 'looks like eps inside the square root',
    'Adam-plan-eps-before-correction': 'looks like eps added before the bias correction',
    'Adam-plan-beta2-for-m': 'looks like beta2 used for m',
    'Adam-plan-decoupled': 'looks like Adam decayed the weights',
    'AdamW-plan-l2': 'looks like (AdamW added weight_decay \\* theta to the gradient|weight decay added to the gradient)',
    'CosineAnnealingLR-plan-decays-at-construction': 'looks like off by one: the lr already decayed at construction',
    'CosineAnnealingLR-plan-no-half': 'looks like the cosine without \\(1 \\+ cos\\) / 2',
    'CosineAnnealingLR-plan-eta-min-ignored': 'looks like eta_min is ignored',
    'CosineAnnealingLR-plan-period': 'looks like the period is T_max',
    'CosineAnnealingLR-plan-compounded': 'looks like lr compounded from the previous value',
    'lr_range_test-plan-linear': 'looks like linear spacing',
    'lr_range_test-plan-lr-after-step': 'looks like the lr was set after the step',
    'lr_range_test-plan-no-stop': 'looks like no early stop',
    'lr_range_test-plan-late-stop': 'looks like stopped one step late',
    'lr_range_test-plan-loss-after-step': 'looks like the loss was recorded after the update',
    'lr_range_test-plan-no-restore': 'looks like the model was left trained',
    'lr_range_test-plan-batches-run-out': 'looks like stopped when the batches ran out',
}

REVIEW_EXPECT = {
    "SGD-buffer-starts-zero-dampened": r"looks like dampening on the first step",
    "SGD-average-form": r"looks like the buffer was scaled by 1 - momentum \(the seed's averaged form",
    "SGD-weight-decay-after-buffer": r"looks like weight decay added after the momentum update",
    "SGD-nesterov-old-buffer": r"looks like Nesterov used the buffer from before this step's update",
    "SGD-buffer-aliases-grad": r"the first buffer must be a copy of the gradient",
    "SGD-lr-cached-in-init": r"looks like the lr was stored in __init__",
    "SGD-not-in-place": r"SGD replaced p\.data by a new array: update it in place",
    "SGD-buffer-kept-at-mu0": r"with momentum = 0 no buffer is kept",
    "SGD-nesterov-check-and": r"SGD\(params, nesterov=True with momentum=0\) must raise ValueError",
    "SGD-weight-decay-into-grad": r"p\.grad after a step \(step\(\) must not modify the gradient\)",
    "RMSprop-eps-inside-sqrt": r"looks like eps inside the square root",
    "RMSprop-v-starts-at-g2": r"looks like the square average started at g\*\*2 instead of 0",
    "RMSprop-bias-corrected": r"looks like v was bias-corrected as in Adam",
    "RMSprop-step-counts-from-0": r"self\.state\[w\]\['step'\] after one step is 0; it must be the Python int 1",
    "RMSprop-weight-decay-ignored": r"looks like weight_decay is ignored",
    "RMSprop-square-avg-of-raw-grad": r"looks like the square average used the gradient without weight decay",
    "RMSprop-alpha-swapped": r"looks like alpha and 1 - alpha swapped",
    "RMSprop-step-float": r"self\.state\[w\]\['step'\] after one step is 1\.0; it must be the Python int 1",
    "RMSprop-rejects-zero": r"raised ValueError .*only negative values are invalid, 0 is allowed",
    "RMSprop-no-sqrt": r"looks like the square root is missing",
    "Adam-no-bias-correction": r"looks like no bias correction",
    "Adam-global-step-counter": r"looks like one step counter for the optimizer \(\+1 per step\(\)\)",
    "Adam-counter-per-parameter-visit": r"looks like one step counter t for the whole optimizer, incremented once per parameter",
    "Adam-eps-before-correction": r"looks like eps added before the bias correction",
    "Adam-stores-corrected-averages": r"looks like exp_avg holds the bias-corrected m_hat",
    "Adam-t-read-before-increment": r"t must be 1 at the first update \(with t = 0, 1 - beta\*\*0 = 0 divides by zero\)",
    "Adam-betas-check-allows-one": r"Adam\(params, betas=\(1\.0, 0\.999\)\) must raise ValueError",
    "Adam-betas-check-rejects-zero": r"raised ValueError .*0 is allowed for each \(betas in \[0, 1\)\)",
    "Adam-decoupled-decay": r"looks like Adam decayed the weights \(AdamW's decoupled decay\)",
    "Adam-float64-buffers": r"state\[p\]\['exp_avg'\] of a float32 parameter has dtype float64, expected float32",
    "AdamW-l2-like-adam": r"looks like weight decay added to the gradient \(Adam's L2\)",
    "AdamW-decay-after-adam-step": r"looks like the decay applied after the Adam step",
    "AdamW-decay-without-lr": r"looks like the decay without the lr",
    "AdamW-decay-with-initial-lr": r"looks like the decay used the lr given to __init__",
    "AdamW-decays-params-without-grad": r"AdamW changed a parameter whose grad is None",
    "AdamW-both-decays": r"looks like AdamW decayed theta and also added weight_decay \* theta to the gradient",
    "CosineAnnealingLR-from-current-lr": r"looks like the formula was applied to the current lr",
    "CosineAnnealingLR-t-before-increment": r"looks like the step used the count before incrementing it",
    "CosineAnnealingLR-clamped-at-T_max": r"looks like the lr stays at eta_min after T_max",
    "CosineAnnealingLR-warm-restart": r"looks like the lr restarts at lr_0 after T_max",
    "CosineAnnealingLR-eta_min-ignored": r"looks like eta_min is ignored",
    "CosineAnnealingLR-numpy-float": r"must return a list of Python floats.*\(NumPy floats: convert with float",
    "CosineAnnealingLR-first-group-base": r"looks like every group annealed from the first group's lr",
    "CosineAnnealingLR-get_last_lr-reads-groups": r"looks like get_last_lr\(\) read the groups' current lr",
    "CosineAnnealingLR-empty-before-step": r"get_last_lr\(\) before any step\(\) must return the base lrs",
    "CosineAnnealingLR-T_max-not-int-check": r"CosineAnnealingLR\(optimizer, T_max=2\.5\) must raise ValueError",
    "CosineAnnealingLR-last_epoch-check-lt": r"CosineAnnealingLR\(optimizer, last_epoch=3\) must raise ValueError",
    "lr_range_test-lr-set-after-step": r"looks like the lr was set after the step",
    "lr_range_test-trigger-not-recorded": r"looks like the loss that triggers the stop was not recorded",
    "lr_range_test-nan-not-caught": r"looks like a NaN loss did not stop the test",
    "lr_range_test-vs-first-loss": r"looks like the loss was compared with the first loss",
    "lr_range_test-optimizer-not-restored": r"the optimizer's lr is .* after the test; it must be put back",
    "lr_range_test-restore-rebinds-arrays": r"the model's parameter arrays were replaced: restore them in place",
    "lr_range_test-returns-lists": r"lrs should be a NumPy array; got a list",
    "lr_range_test-linspace": r"looks like linear spacing",
    "lr_range_test-no-batch-cycling": r"lr_range_test raised IndexError .*use them again from the start",
    "lr_range_test-optimizer-lr-shortcut": r"optimizer\.lr is a shortcut for an optimizer with one parameter group",
    "lr_range_test-num_iter-check": r"lr_range_test\(\.\.\., num_iter=1\) must raise ValueError",
    "lr_range_test-returns-full-schedule": r"looks like no early stop",
}

EXPECT = {**REVIEW_EXPECT, **PLAN_EXPECT}

ALLOWED = {
    "Adam-betas-unpack-typeerror": "Task 3 now says betas is always a pair of numbers (a value outside [0, 1) raises ValueError)",
}
