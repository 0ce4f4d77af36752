"""Capacity: the load a fleet must carry, and how replicas are laid out on machines (with N+1 for HA).

A *machine* is what fails, is patched and is racked as one: a GPU server (up to 8 GPUs; SXM/OAM parts come
as whole 8-GPU nodes), a cloud instance, a Mac or a GeForce workstation. High availability (``ha``) means at
least two machines and the load still carried with any one of them down: the replicas needed are spread over
all machines but one, and each machine holds as many as the busiest must.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .units import SECONDS_PER_DAY

MAX_REPLICAS = 10_000


@dataclass(frozen=True)
class Load:
    tokens_per_day: float  # the average daily volume
    output_share: float
    peak_to_average: float  # capacity is sized for the peak rate, costs (power, API) follow the average
    utilisation: float

    @property
    def peak_tokens_per_s(self) -> float:
        return self.tokens_per_day / SECONDS_PER_DAY * self.peak_to_average

    def at(self, tokens_per_day: float) -> Load:
        return Load(tokens_per_day, self.output_share, self.peak_to_average, self.utilisation)


def replicas_for(tokens_per_s: float, load: Load) -> int:
    """Replicas of ``tokens_per_s`` each that carry the load's peak at the target utilisation."""
    usable = tokens_per_s * load.utilisation
    if usable <= 0:
        return MAX_REPLICAS + 1
    return max(1, math.ceil(min(load.peak_tokens_per_s / usable, 1e12) - 1e-9))


@dataclass(frozen=True)
class Shape:
    """How one option lays replicas on machines.

    ``per_machine``: replicas one machine holds at most; ``whole``: machines come whole (an 8-GPU node, a
    cloud instance) so a machine always carries ``per_machine`` replicas' worth of devices; otherwise devices
    are bought per replica and machines filled as needed.
    """

    gpus: int  # devices per replica
    per_machine: int
    whole: bool
    ha: bool
    machine_weight: float = 0.0  # what one more machine costs, in replicas: HA spreads over more, smaller machines


@dataclass(frozen=True)
class Fleet:
    replicas: int  # provisioned
    machines: int
    devices: int


def provision(needed: int, shape: Shape, machines: int | None = None) -> Fleet:
    """The fleet that carries ``needed`` replicas: the fewest machines; for HA at least one more, with a spare
    share on top so any one machine can fail. ``machines`` spreads an HA fleet bought by the replica (PCIe
    servers, Macs, GPU-cloud singles) over more, smaller machines: a smaller spare (see ``spreads``)."""
    m = shape.per_machine
    if not shape.ha:
        fewest = max(1, math.ceil(needed / m))
        replicas = fewest * m if shape.whole else needed
        return Fleet(replicas, fewest, replicas * shape.gpus)
    fewest = max(2, math.ceil(needed / m) + 1)
    if shape.whole:
        return Fleet(fewest * m, fewest, fewest * m * shape.gpus)
    count = max(fewest, min(machines or fewest, needed + 1))  # 0 or None: the fewest
    replicas = needed + math.ceil(needed / (count - 1))  # any machine down, the rest carry ``needed``
    return Fleet(replicas, count, replicas * shape.gpus)


def spreads(needed: int, shape: Shape) -> list[int]:
    """Machine counts worth costing for an HA fleet bought by the replica: the fewest, and around the count
    that minimises replicas + weight·machines (the cost model picks among them)."""
    if not shape.ha or shape.whole or needed <= 1:
        return [0]  # provision() lays it out on the fewest machines
    fewest = max(2, math.ceil(needed / shape.per_machine) + 1)
    guess = needed + 1 if shape.machine_weight <= 0 else round(1 + math.sqrt(needed / shape.machine_weight))
    return sorted({fewest, *(max(fewest, min(needed + 1, guess + d)) for d in (-1, 0, 1))})


def fullest_machine(fleet: Fleet, shape: Shape) -> int:
    """Replicas on the fullest machine when they are spread as evenly as the machines allow."""
    return min(shape.per_machine, math.ceil(fleet.replicas / fleet.machines))


def survives_one_down(fleet: Fleet, needed: int, shape: Shape) -> bool:
    """True when the fleet still holds ``needed`` replicas after losing its fullest machine."""
    return fleet.machines >= 2 and fleet.replicas - fullest_machine(fleet, shape) >= needed
