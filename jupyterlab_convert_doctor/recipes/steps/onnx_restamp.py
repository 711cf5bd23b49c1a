"""onnx-restamp recipe step: write a copy of an ONNX model stamped with the IR version and
ai.onnx opset a given onnxruntime reads, but only when nothing the model uses changed across
that range (every operator's schema has the same since_version at both opsets, no data type
newer than the target IR), then run the original in this lane's onnxruntime and keep its
outputs for the kernel-side check (recipes/kernel_checks/onnx_restamp.py), which runs the copy
in the kernel's own onnxruntime. Runs inside the lane's venv."""

import os
import re
import sys
from importlib.metadata import version

from _common import args, file_entries, finish, onnx_session_io, step

AI_ONNX = ("", "ai.onnx")
# TensorProto element types and the IR version that introduced them (onnx docs/IR.md, "Tensor
# element types"): a copy stamped below it would declare a type its IR does not have.
# Types without a known IR here (newer ones) are refused whenever the IR is lowered.
TYPE_IR = {17: 9, 18: 9, 19: 9, 20: 9, 21: 10, 22: 10, 23: 11, 24: 12}
KNOWN_TYPES = set(range(1, 17)) | set(TYPE_IR)


class Refused(Exception):
    """The model cannot be re-stamped safely; the message says why."""


def load_model(path):
    import onnx
    try:
        model = onnx.load(path, load_external_data=False)
    except Exception as exc:  # protobuf's DecodeError, a truncated file, a folder...
        raise Refused(f"{path} is not a readable ONNX model ({type(exc).__name__}: {exc})") from None
    # protobuf parses an empty file (or one of zeros) as an empty message without complaint.
    if not model.graph.node and not model.opset_import:
        raise Refused(f"{path} is empty: no graph and no opset, not an ONNX model")
    return model


def graphs_of(graph):
    """The graph and every subgraph of its nodes (If/Loop/Scan bodies), depth first."""
    yield graph
    for node in graph.node:
        for attr in node.attribute:
            if attr.HasField("g"):
                yield from graphs_of(attr.g)
            for sub in attr.graphs:
                yield from graphs_of(sub)


def ai_onnx_opset(opset_imports):
    return next((o.version for o in opset_imports if o.domain in AI_ONNX), None)


def changed_operators(model, target_opset):
    """ai.onnx operators whose schema differs between the opset they are used at and
    target_opset, as readable strings (model graph, subgraphs and local functions)."""
    from onnx import defs
    local = {(f.domain, f.name) for f in model.functions}
    scopes = [(ai_onnx_opset(model.opset_import), list(graphs_of(model.graph)))]
    scopes += [(ai_onnx_opset(f.opset_import) or ai_onnx_opset(model.opset_import),
                [f] + [g for n in f.node for a in n.attribute for g in ([a.g] if a.HasField("g") else list(a.graphs))])
               for f in model.functions]
    changed, checked = {}, set()
    for used_at, bodies in scopes:
        if used_at is None or used_at <= target_opset:
            continue
        for body in bodies:
            for node in body.node:
                if node.domain not in AI_ONNX or (node.domain, node.op_type) in local:
                    continue
                checked.add(node.op_type)
                try:
                    now = defs.get_schema(node.op_type, max_inclusive_version=used_at, domain="").since_version
                except Exception:
                    changed[node.op_type] = f"{node.op_type} (no schema at opset {used_at})"
                    continue
                try:
                    then = defs.get_schema(node.op_type, max_inclusive_version=target_opset, domain="").since_version
                except Exception:
                    then = None
                if then != now:
                    changed[node.op_type] = (f"{node.op_type} (version {now} at opset {used_at}, "
                                             + (f"{then} at opset {target_opset})" if then else
                                                f"absent at opset {target_opset})"))
    return sorted(changed.values()), sorted(checked)


def element_types(model):
    """Every tensor element type the model declares or casts to."""
    from onnx import AttributeProto
    found = set()
    bodies = list(graphs_of(model.graph)) + list(model.functions)
    for body in bodies:
        for init in getattr(body, "initializer", []):
            found.add(init.data_type)
        for value in list(getattr(body, "input", [])) + list(getattr(body, "output", [])) + list(getattr(body, "value_info", [])):
            if hasattr(value, "type") and value.type.HasField("tensor_type"):
                found.add(value.type.tensor_type.elem_type)
        for node in body.node:
            for attr in node.attribute:
                if attr.name in ("to", "dtype", "output_dtype") and attr.type == AttributeProto.INT:
                    found.add(attr.i)
                if attr.HasField("t"):
                    found.add(attr.t.data_type)
    found.discard(0)
    return found


def restamp(model, target_ir, target_opset):
    """The re-stamped copy and notes; raises Refused naming what blocks it."""
    from onnx import TensorProto, checker, helper
    ir, opset = model.ir_version, ai_onnx_opset(model.opset_import)
    if opset is None:
        raise Refused("the model imports no ai.onnx opset; only ai.onnx opsets can be re-stamped")
    if ir <= target_ir and opset <= target_opset:
        raise Refused(f"the model is stamped IR {ir}, ai.onnx opset {opset}: the target onnxruntime already reads "
                      f"that (IR <= {target_ir}, opset <= {target_opset}), so its stamp is not why it fails")
    new_ir, new_opset = min(ir, target_ir), min(opset, target_opset)
    changed, checked = changed_operators(model, new_opset)
    if changed:
        raise Refused(f"{len(changed)} operator(s) changed between opset {new_opset} and the model's opset {opset}: "
                      f"{', '.join(changed)}. Re-stamping would change what they compute; re-export the model at "
                      f"opset <= {target_opset} instead (or upgrade onnxruntime)")
    needs = helper.find_min_ir_version_for([helper.make_opsetid("", new_opset)])
    if needs > new_ir:
        raise Refused(f"ai.onnx opset {new_opset} needs IR >= {needs}, above the target's IR {new_ir}")
    if new_ir < ir:
        name = {v: k for k, v in TensorProto.DataType.items()}
        blocked = sorted(f"{name.get(t, t)} (IR {TYPE_IR[t]})" if t in TYPE_IR else f"{name.get(t, t)} (IR unknown here)"
                         for t in element_types(model) if t not in KNOWN_TYPES or TYPE_IR.get(t, 0) > new_ir)
        if blocked:
            raise Refused(f"the model uses element type(s) IR {new_ir} does not have: {', '.join(blocked)}")
        if model.functions and new_ir < 8:
            raise Refused(f"the model has local functions, which need IR >= 8 (target IR {new_ir})")
        if new_ir < 10 and any(f.overload for f in model.functions):
            raise Refused(f"the model's local functions use overloads, which need IR >= 10 (target IR {new_ir})")
    copy = type(model)()
    copy.CopyFrom(model)
    copy.ir_version = new_ir
    for imports in [copy.opset_import] + [f.opset_import for f in copy.functions]:
        for entry in imports:
            if entry.domain in AI_ONNX and entry.version > new_opset:
                entry.version = new_opset
    checker.check_model(copy)
    notes = [f"IR version {ir} -> {new_ir}, ai.onnx opset {opset} -> {new_opset}",
             (f"{len(checked)} operator type(s) checked unchanged between opsets {new_opset} and {opset}: "
              f"{', '.join(checked) or 'none'}" if new_opset < opset else
              f"ai.onnx opset unchanged ({opset}): every operator keeps its version, only the IR stamp is lowered")]
    return copy, notes


def runtime_message(exc):
    """onnxruntime's own words, without the C++ signature it prefixes them with."""
    lines = str(exc).strip().splitlines() or [type(exc).__name__]
    return re.split(r"\)\s+(?=[A-Z])", lines[-1])[-1][-300:]


def deterministic_inputs(session):
    """One array per graph input, from a fixed seed; symbolic dimensions become 1."""
    import numpy as np
    rng = np.random.RandomState(0)
    kinds = {"tensor(float)": np.float32, "tensor(double)": np.float64, "tensor(float16)": np.float16,
             "tensor(int64)": np.int64, "tensor(int32)": np.int32, "tensor(int8)": np.int8,
             "tensor(uint8)": np.uint8, "tensor(bool)": np.bool_}
    feeds = {}
    for meta in session.get_inputs():
        if meta.type not in kinds:
            raise Refused(f"input {meta.name!r} has type {meta.type}: no deterministic test input for it")
        shape = [d if isinstance(d, int) and d > 0 else 1 for d in meta.shape]
        dtype = kinds[meta.type]
        if dtype == np.bool_:
            feeds[meta.name] = rng.uniform(size=shape) < 0.5
        elif np.issubdtype(dtype, np.integer):
            feeds[meta.name] = rng.randint(0, 4, size=shape).astype(dtype)
        else:
            feeds[meta.name] = rng.uniform(0.0, 1.0, size=shape).astype(dtype)
    return feeds


def main():
    params, result_path = args()
    print(f"onnx {version('onnx')}, onnxruntime {version('onnxruntime')}, numpy {version('numpy')}, "
          f"Python {sys.version.split()[0]}", flush=True)
    source, target_ir, target_opset = params["onnx"], int(params["target_ir"]), int(params["target_opset"])
    print(f"target: onnxruntime {params['target_onnxruntime']} reads IR <= {target_ir}, "
          f"ai.onnx opset <= {target_opset}", flush=True)
    try:
        step("read model")
        model = load_model(source)
        external = any(init.data_location == 1 for g in graphs_of(model.graph) for init in g.initializer)

        step("check operators")
        copy, notes = restamp(model, target_ir, target_opset)

        step("run original")
        import numpy as np
        import onnxruntime as ort
        try:
            session = ort.InferenceSession(source, providers=["CPUExecutionProvider"])
        except Exception as exc:
            raise Refused(f"the lane's onnxruntime {version('onnxruntime')} cannot load the original either, so there is "
                          f"nothing to verify the copy against ({runtime_message(exc)})") from None
        feeds = deterministic_inputs(session)
        values = session.run(None, feeds)

        step("write")
        out = params.get("out") or os.path.join(
            os.path.dirname(source),
            f"{os.path.splitext(os.path.basename(source))[0]}-ir{copy.ir_version}-opset{ai_onnx_opset(copy.opset_import)}.onnx")
        if os.path.abspath(out) == os.path.abspath(source):
            raise Refused(f"out is the input model {source}: the re-stamped copy never replaces the original")
        if external and os.path.dirname(os.path.abspath(out)) != os.path.dirname(os.path.abspath(source)):
            raise Refused("the model keeps its weights in external data files: write the copy into the model's "
                          "folder (out next to it) so their relative paths still hold")
        os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
        with open(out, "wb") as f:
            f.write(copy.SerializeToString())
    except Refused as exc:
        print(f"Refused: {exc}", flush=True)
        sys.exit(1)
    inputs, outputs = onnx_session_io(session)
    # The reference the kernel-side check compares with: inputs and outputs by position.
    np.savez("reference.npz", **{f"input_{i}": feeds[m["name"]] for i, m in enumerate(inputs)},
             **{f"output_{i}": v for i, v in enumerate(values)})
    finish(result_path, {
        "files": file_entries([out]), "out": os.path.abspath(out),
        "models": [{"label": f"original {os.path.basename(source)} (IR {model.ir_version}, opset "
                             f"{ai_onnx_opset(model.opset_import)}) in the lane's onnxruntime {version('onnxruntime')}",
                    "inputs": inputs, "outputs": outputs}],
        "reference": "reference.npz", "lane_onnxruntime": version("onnxruntime"),
        "ir_version": copy.ir_version, "opset": ai_onnx_opset(copy.opset_import),
        "original": {"ir_version": model.ir_version, "opset": ai_onnx_opset(model.opset_import)},
        "passed": False, "notes": notes,
    })


if __name__ == "__main__":
    main()
