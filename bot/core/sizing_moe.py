"""Mixture-of-experts and multi-device physics: which weights a step reads, and what crossing devices costs.

Pure arithmetic over a ``Setup`` (SI units: bytes, seconds). ``sizing_time`` adds these terms to a decode
step or a prompt pass; the constants (latencies, link bandwidths) live in ``knowledge/engines.yaml``.

- A decode step of ``batch`` sequences reads the attention, dense and shared weights once, and of each MoE
  layer's E routed experts the ones at least one token picked: E·(1 − (1 − k/E)^B) on average for B
  independent tokens (each picks k of E; an expert is missed by all with chance (1 − k/E)^B); real batches
  route alike, so B is counted as B**0.75 (``ROUTING_EXPONENT``).
- Tensor parallel (TP) splits every matrix over the devices: each reads 1/n of every touched expert and
  the layer ends in an all-reduce (two per layer). Expert parallel (EP) gives each device E/n whole
  experts: the busiest device sets the pace (at batch 1 the k experts land on few devices), and every
  MoE layer sends each token's hidden state to its experts' devices and back (two all-to-alls).
- Devices beyond one node (8 GPUs, or each unified-memory box) talk over the network, not NVLink.
"""

from __future__ import annotations

import math

from .knowledge import ModelArch, Quant
from .setup import Setup

GB = 1e9
ACTIVATION_BYTES = 2.0  # bf16/fp16 hidden states exchanged between devices
NODE_DEVICES = 8  # GPUs one NVLink/Infinity Fabric domain (HGX/OAM baseboard) connects
# Tokens of one batch do not route independently (a sequence's tokens and popular experts pick alike), so a
# batch of B touches as many experts as B**0.75 independent tokens would: exact at B = 1, all experts at
# large B. Fitted on the three batched-decode rows of tests/data/speed_calibration.yaml (sd-078 gpt-oss-120b
# vLLM c32, sd-137 Qwen3-30B-A3B llama-batched-bench B16, sd-144 gpt-oss-120b B8; all DGX Spark): with the
# independent formula (exponent 1) they read 21-53 % slow, with 0.75 within 18 %.
ROUTING_EXPONENT = 0.75


def experts_touched(m: ModelArch, batch: float) -> float:
    """Expected distinct routed experts per MoE layer that ``batch`` tokens pick: E·(1 − (1 − k/E)^B) for
    independent tokens, with B counted as B**ROUTING_EXPONENT effective independent tokens."""
    e, k = m.split.experts, m.split.experts_per_token
    if not e or batch <= 0:
        return 0.0
    return e * (1.0 - (1.0 - k / e) ** (batch**ROUTING_EXPONENT))


def expert_bits(q: Quant) -> float:
    return q.expert_bits or q.bits_per_weight


def one_expert_bytes(m: ModelArch, q: Quant) -> float:
    """Bytes of one routed expert summed over every MoE layer (its slice in each layer)."""
    e = m.split.experts
    return m.split.routed_experts / e * expert_bits(q) / 8.0 if e else 0.0


def fixed_block_params(m: ModelArch) -> float:
    """Block parameters every token uses: attention, dense FFN, shared experts, routers, norms."""
    s = m.split
    return float(s.attention + s.dense_ffn + s.shared_experts + s.router + s.norms)


def head_bytes(m: ModelArch, q: Quant) -> float:
    """The lm head read once per step (one embedding row per token is negligible)."""
    bits = (q.embedding_bits if m.tied_embeddings else q.output_bits) or q.bits_per_weight
    return m.vocab_size * m.hidden_size * bits / 8.0


def fixed_bytes(m: ModelArch, q: Quant) -> float:
    """Weight bytes every decode step reads whatever the batch: the non-expert blocks and the lm head."""
    return fixed_block_params(m) * q.bits_per_weight / 8.0 + head_bytes(m, q)


def step_weight_bytes(m: ModelArch, q: Quant, batch: float) -> float:
    """Weight bytes one step over ``batch`` tokens reads on one device holding everything."""
    return fixed_bytes(m, q) + experts_touched(m, batch) * one_expert_bytes(m, q)


def busiest_share(m: ModelArch, batch: float, devices: int) -> float:
    """Expert parallel: experts per layer on the busiest of ``devices`` devices, as a multiple of one expert.
    Balanced share D/n plus the usual excess of the fullest bin (≈ √(D/n) for balls in bins), at most the
    experts a device holds (E/n) and at most all that were touched."""
    touched = experts_touched(m, batch)
    mean = touched / devices
    return min(mean + math.sqrt(mean), m.split.experts / devices, touched)


def _busiest(s: Setup, *, batch: float, split: int, fixed: float, per_expert: float) -> float:
    """What the busiest of ``split`` devices reads of ``fixed`` (every step) and of the touched experts
    (``per_expert`` each): everything on one device, 1/n of each under TP, whole experts under EP."""
    touched = experts_touched(s.model, batch)
    if split <= 1:
        return fixed + touched * per_expert
    if s.expert_parallel and s.model.is_moe:
        return fixed / split + busiest_share(s.model, batch, split) * per_expert
    return (fixed + touched * per_expert) / split


def device_weight_bytes(s: Setup, *, batch: float, split: int) -> float:
    """Weight bytes the busiest device reads in one step. ``split``: devices sharing each layer's work
    (1 for a single device or a layer split)."""
    return sum(device_weight_parts(s, batch=batch, split=split))


def device_weight_parts(s: Setup, *, batch: float, split: int) -> tuple[float, float]:
    """``device_weight_bytes`` in its two parts: (every-step weights, routed experts touched)."""
    m, q = s.model, s.quant
    fixed = _busiest(s, batch=batch, split=split, fixed=fixed_bytes(m, q), per_expert=0.0)
    if s.attention_dp and split > 1:  # every rank reads the whole attention projections for its own sequences
        fixed += float(m.split.attention) * q.bits_per_weight / 8.0 * (1.0 - 1.0 / split)
    experts = _busiest(s, batch=batch, split=split, fixed=0.0, per_expert=one_expert_bytes(m, q))
    return fixed, experts


def device_params_read(s: Setup, *, batch: float, split: int) -> float:
    """Parameters the busiest device dequantises in one step (the ALU side of ``device_weight_bytes``)."""
    m = s.model
    fixed = fixed_block_params(m) + m.vocab_size * m.hidden_size
    per_expert = m.split.routed_experts / m.split.experts if m.split.experts else 0.0
    return _busiest(s, batch=batch, split=split, fixed=fixed, per_expert=per_expert)


def nodes(s: Setup) -> int:
    """Machines the replica spans: unified-memory boxes are one device each; GPUs come 8 to a node."""
    if s.device.interconnect == "unified":
        return s.devices
    return math.ceil(s.devices / NODE_DEVICES)


def link(s: Setup) -> str:
    """The slowest link a collective crosses: the network once the replica spans machines."""
    return "network" if nodes(s) > 1 else s.device.interconnect


# The NVLink bandwidth per GPU the engines' ``allreduce_gbps`` for SXM/NVLink parts were set for: H100/H200 (NVLink 4,
# 900 GB/s both ways; ~300 GB/s bus bandwidth of its 450 each way). A collective inside a node of another NVLink
# generation moves its bytes in proportion to that generation's links: A100 (NVLink 3, 600) two thirds as fast,
# B200/B300/GB200 (NVLink 5, 1800) twice. Latency per collective is left as it is.
NVLINK_REFERENCE_GBPS = 900.0
# The host link the engines' PCIe ``allreduce_gbps`` (~20 GB/s) was set on: PCIe 4.0 x16, 31.5 GB/s each way (the
# L40S rows sd-160/sd-161/sd-193..sd-195 read within 11 % at it). NCCL's ring over PCIe moves its bytes in proportion
# to the link: on PCIe 5.0 x16 (63 GB/s) 8 RTX PRO 6000 Blackwell measure 37.6-41.7 GB/s all-reduce bus bandwidth
# (voipmonitor/rtx6kpro hardware/pcie-bandwidth.md, nccl-tests all_reduce_perf, 2026; 8x RTX 5090: 28-35 GB/s,
# NVIDIA/nccl issue #1639, 2025-03), about twice PCIe 4.0's, as the ratio of the links says (63/31.5 x 20 = 40).
PCIE_REFERENCE_GBPS = 16 * 1.969


def link_gbps(s: Setup) -> float | None:
    """Bus bandwidth (GB/s) of one collective over the slowest link it crosses: the engine's figure for the link
    type, scaled by the device's NVLink generation inside a node (``NVLINK_REFERENCE_GBPS``) or, between GPUs that
    share no NVLink, by its PCIe generation and lanes (``PCIE_REFERENCE_GBPS``); None if none given."""
    where, d = link(s), s.device
    gbps = s.engine.allreduce_gbps.get(where)
    if gbps and where in ("sxm", "nvlink") and d.nvlink_gbps:
        gbps *= d.nvlink_gbps / NVLINK_REFERENCE_GBPS
    if gbps and where == "pcie" and d.pcie_gbps:
        gbps *= d.pcie_gbps / PCIE_REFERENCE_GBPS
    return gbps


def allreduce_s(s: Setup, *, tokens: float, per_layer: int = 2) -> float:
    """Tensor-parallel all-reduces (``per_layer`` per layer) of ``tokens`` hidden states: a latency each
    plus the ring's 2(n−1)/n of the activations over the link's bus bandwidth; not overlapped."""
    m, n, e = s.model, s.devices, s.engine
    if n <= 1:
        return 0.0
    latency = per_layer * m.layers * e.allreduce_us.get(link(s), 25.0) / 1e6
    gbps = link_gbps(s)
    if not gbps:
        return latency
    volume = per_layer * m.layers * tokens * m.hidden_size * ACTIVATION_BYTES * 2.0 * (n - 1) / n
    return latency + volume / (gbps * GB)


def alltoall_s(s: Setup, *, tokens: float) -> float:
    """Expert parallel: dispatch + combine per MoE layer. Each token's hidden state goes to its k experts'
    devices and comes back; (n−1)/n of those copies leave the device."""
    m, n, e = s.model, s.devices, s.engine
    if n <= 1 or not m.is_moe:
        return 0.0
    moe_layers = m.moe_layers or m.layers
    latency = 2 * moe_layers * e.alltoall_us.get(link(s), 2 * e.allreduce_us.get(link(s), 25.0)) / 1e6
    gbps = link_gbps(s)
    copies = tokens * m.split.experts_per_token * (n - 1) / n
    volume = 2 * moe_layers * copies * m.hidden_size * ACTIVATION_BYTES / n  # per device
    return latency + (volume / (gbps * GB) if gbps else 0.0)


def communication_s(s: Setup, *, tokens: float, tensor_parallel: bool) -> float:
    """Seconds of inter-device traffic in one forward pass over ``tokens`` tokens: two all-reduces per layer
    (TP, and EP inside a tensor-parallel group), or one all-reduce per layer plus the MoE all-to-alls (EP under
    attention data parallelism, as fitted on TensorRT-LLM's attention-DP rows). A layer split passes one hidden
    state per hop, which the engine's multi_device_overhead_ms covers.

    Expert parallelism inside one tensor-parallel group ('-tp 8 --enable-expert-parallel', SGLang '--tp 8 --ep 8')
    moves no tokens: after attention's all-reduce every rank already holds every token's hidden state, runs it
    through the experts it owns and the layer ends in the same all-reduce as tensor parallelism (vLLM's FusedMoE
    reduces over the TP group; its all-to-all backends, allgather_reducescatter by default, DeepEP, serve EP
    across data-parallel ranks only: docs.vllm.ai 'Expert Parallel Deployment'; the AWS Neuron vLLM design note
    'Expert Parallelism': 'EP is a logical remapping of the TP group for MoE layers ... each rank ... processes
    all tokens against only its local experts'). Only when each rank attends its own sequences (attention DP)
    must a token travel to its experts' ranks and back."""
    if not tensor_parallel or s.devices <= 1:
        return 0.0
    if s.expert_parallel and s.model.is_moe and s.attention_dp:
        return allreduce_s(s, tokens=tokens, per_layer=1) + alltoall_s(s, tokens=tokens)
    return allreduce_s(s, tokens=tokens)
