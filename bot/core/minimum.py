"""'What do I need?': per device class, the fewest devices that hold a model in a format, and how fast one
stream then decodes — what ``estimate`` lists when no hardware is given or the given hardware does not fit."""

from __future__ import annotations

from .catalog_lookup import choose_engine
from .knowledge import Knowledge, ModelArch, Quant
from .setup import Setup
from .sizing import DeviceCount, min_devices, single_stream


def minimum_devices(
    k: Knowledge, model: ModelArch, quant: Quant, *, engine: str | None, context: int, kv_tokens: float,
    kv_dtype: str,
) -> list[DeviceCount]:
    """Every catalogued device that can run the format (not those catalogued only to score measurements), with
    the fewest devices (up to 8) holding the model and one sequence of ``context`` tokens; fewest first, then
    fastest. Memoised on the knowledge base."""
    def compute() -> list[DeviceCount]:
        out = []
        for device in k.devices:
            if not device.proposed:
                continue  # catalogued to score measurements only
            try:
                chosen, stored, _ = choose_engine(k, engine, quant, device)
            except ValueError:
                continue  # this engine does not run this format on this device
            s = Setup(model, stored, device, chosen)
            n = min_devices(s, context=context)
            if n is None:
                continue
            speed, _ = single_stream(k, s.with_devices(n), context_tokens=kv_tokens, kv_dtype=kv_dtype)
            out.append(DeviceCount(device=device.name, count=n,
                                   decode_tokens_per_s=round(speed, 2) if speed is not None else None))
        return sorted(out, key=lambda d: (d.count, -(d.decode_tokens_per_s or 0.0), d.device))

    key = ("minimum_devices", model.id, quant.id, engine, context, round(kv_tokens, 1), kv_dtype)
    return list(k.memoised(key, compute))
