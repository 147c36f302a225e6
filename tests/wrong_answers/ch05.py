"""Wrong answers for chapter 5's graded exercise: those of the plan (CHAPTERS.md 5.3, ids "-plan-"),
and the catalogue written from the task text and the page only."""

WRONG = [
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

RIGHT = [
    dict(
        id="SGD-inplace-buffer",
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

# the message that names each mistake (tests/wrong_answers/README.md)
EXPECT = dict(PLAN_EXPECT)

ALLOWED = {}
