"""Setup: one way to run a model — the weights, their format, the device, the engine, how many devices.

The sizing engine (``sizing``, ``sizing_physics``) and the cost engine (``costs``) take a ``Setup`` wherever
they reason about a whole configuration, always as the first argument after the knowledge base, with every
other input keyword-only. Functions that need only one or two of its parts take those parts in the same
order as the fields below (model, quant, device, engine), e.g. ``weight_bytes(model, quant)``,
``effective_bandwidth(device, engine)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .knowledge import Backend, BackendFactors, Device, Engine, ModelArch, Quant

if TYPE_CHECKING:
    from .builds import Build


@dataclass(frozen=True, slots=True)
class Setup:
    """A model in a weight format on ``devices`` devices of one type (one replica), served by an engine.

    ``memory_gb`` is memory per device when it is not the catalog's figure (a smaller Mac configuration);
    None means ``device.memory_gb``. ``expert_parallel``: a MoE model's experts are placed whole on the
    devices (vLLM ``--enable-expert-parallel``, SGLang ``--ep-size``) rather than each split over them.
    ``backend``: the compute backend the engine is built for (``backends.choose_backend``); None means the device
    family's default, whose figures are the engine's own (no factors). ``build``: the engine build
    (``builds.choose_build``), with the dated speed milestones it lacks; None means the current build.
    ``attention_dp``: each device runs attention for its own share of the sequences with whole attention weights
    and its own cache (SGLang ``--enable-dp-attention``, TensorRT-LLM ``enable_attention_dp``) rather than a share
    of every sequence's heads; the MoE and dense layers stay split as before.
    ``pipeline``: pipeline-parallel stages (vLLM ``--pipeline-parallel-size``, TensorRT-LLM ``pp_size``): the layers are
    cut into that many consecutive stages, each tensor-parallel over ``devices // pipeline`` devices, and the batch
    flows through them in as many micro-batches (``sizing_time.decode_step``); 1: every device in one TP group.
    """

    model: ModelArch
    quant: Quant
    device: Device
    engine: Engine
    devices: int = 1
    memory_gb: float | None = None
    expert_parallel: bool = False  # MoE experts spread whole over the devices (EP) instead of split (TP)
    backend: Backend | None = None  # None: the device family's default backend
    build: Build | None = None  # None: the current build (every milestone in engine_builds.yaml)
    attention_dp: bool = False  # attention data parallel: sequences spread over the devices, attention weights whole
    pipeline: int = 1  # pipeline-parallel stages (each a tensor-parallel group of devices // pipeline)

    @property
    def factors(self) -> BackendFactors | None:
        """The backend's multipliers on the engine's figures for this device family (None: use them as they are)."""
        b = self.backend
        return None if b is None else b.factors_for(self.engine.id, self.device.family)

    @property
    def memory(self) -> float:
        """Memory per device, GB as the vendor states it (read as GiB by ``sizing_physics.usable_bytes``)."""
        return self.memory_gb or self.device.memory_gb

    @property
    def key(self) -> tuple[str, str, str, str, int, float | None, bool, str | None, str | None, bool, int]:
        """Identity for memoisation (the knowledge entries by id)."""
        m, q, d, e = self.model.id, self.quant.id, self.device.id, self.engine.id
        b = None if self.backend is None else self.backend.id
        build = None if self.build is None else self.build.label
        return (m, q, d, e, self.devices, self.memory_gb, self.expert_parallel, b, build, self.attention_dp,
                self.pipeline)

    def __hash__(self) -> int:  # the knowledge entries are pydantic models (unhashable); equal setups share a key
        return hash(self.key)

    def with_devices(self, devices: int) -> Setup:  # (not dataclasses.replace: 5x slower on the sizing path)
        return Setup(self.model, self.quant, self.device, self.engine, devices, self.memory_gb,
                     expert_parallel=self.expert_parallel, backend=self.backend, build=self.build,
                     attention_dp=self.attention_dp, pipeline=self.pipeline)

    def with_memory(self, memory_gb: float) -> Setup:
        return Setup(self.model, self.quant, self.device, self.engine, self.devices, memory_gb,
                     expert_parallel=self.expert_parallel, backend=self.backend, build=self.build,
                     attention_dp=self.attention_dp, pipeline=self.pipeline)

    @property
    def tensor_parallel_size(self) -> int:
        """Devices that split each layer: all of them, or one pipeline stage's share."""
        return max(self.devices // max(self.pipeline, 1), 1)

    def stage(self) -> Setup:
        """One pipeline stage's tensor-parallel group as a setup of its own (itself without pipeline parallelism)."""
        return Setup(self.model, self.quant, self.device, self.engine, self.tensor_parallel_size, self.memory_gb,
                     expert_parallel=self.expert_parallel, backend=self.backend, build=self.build,
                     attention_dp=self.attention_dp)
