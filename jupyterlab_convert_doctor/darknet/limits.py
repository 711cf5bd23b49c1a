"""The bounds a cfg must stay within, so a hostile or mistyped cfg ends in a CfgError instead of
an absurd model (or tens of GB allocated by the converter, `--decode` or a verify run).

Darknet itself checks almost nothing (src/parser.c reads numbers with atoi/atof), so the bounds
are set well above every published YOLO cfg (yolov3/v4, -tiny, -csp, -mish, -p5/p6) and below
what a 64-bit machine can run. The geometry rules they guard are Darknet's: convolutional and
maxpool output sizes from *_layer.c, [yolo] `num` anchors of which `mask` picks the ones a head
uses, [upsample] repeating each pixel `stride` times.
"""

# A cfg is a short text file (yolov4.cfg is 12 KB); reading stops after this many bytes.
MAX_CFG_BYTES = 4 << 20

# [net] width/height: Darknet's yolo training resizes in multiples of 32 up to 1536 (p7);
# any size works for inference, within this bound.
MAX_INPUT_SIDE = 4096
# [net] channels: images are 1 (grey), 3 (RGB) or 4 (RGBA) channels; leaves room for stacks.
MAX_INPUT_CHANNELS = 64
# Height/width of any layer's output: upsampling restores earlier sizes, so twice the input.
MAX_LAYER_SIDE = 2 * MAX_INPUT_SIDE

# [convolutional] / [maxpool] `size` (published cfgs: 1, 3, 5 and SPP's 9, 13) and `stride`.
MAX_KERNEL_SIZE = 64
MAX_STRIDE = 64
# [convolutional] `filters` (published cfgs: up to 1024; heads 255).
MAX_FILTERS = 65536
# [upsample] `stride` (published cfgs: 2, some 4).
MAX_UPSAMPLE_STRIDE = 16

# [yolo] `num`: anchors in the cfg (published cfgs: 9, p6/p7: 12-16).
MAX_ANCHORS = 256
# [yolo] `classes` (YOLO9000, the largest Darknet label set, has 9418).
MAX_CLASSES = 100_000

# Parameters (float32 in the .weights and in the ONNX initializers): 1 GiB, half of protobuf's
# 2 GiB message limit; yolov4 has 64M, yolov4x-mish 99M.
MAX_PARAMETERS = 1 << 28
# Values in all layer outputs together, an upper bound on what a runtime (or the numpy
# reference, which keeps them all) holds for one image: 2 GiB of float32.
# yolov4 at 608x608 has 173M, at 1024x1024 about 491M.
MAX_ACTIVATIONS = 1 << 29

# Integers beyond this are typos or attacks, and would overflow ONNX's int64 attributes.
MAX_ABS_INT = 1 << 62


def describe() -> str:
    """One paragraph for the CLI's --help."""
    return (f"Limits: width/height 1-{MAX_INPUT_SIDE}, channels 1-{MAX_INPUT_CHANNELS}, "
            f"layer outputs up to {MAX_LAYER_SIDE} pixels a side, kernel size and stride up to "
            f"{MAX_KERNEL_SIZE}, filters up to {MAX_FILTERS}, upsample stride up to "
            f"{MAX_UPSAMPLE_STRIDE}, [yolo] num up to {MAX_ANCHORS} and classes up to "
            f"{MAX_CLASSES}, at most {MAX_PARAMETERS:,} parameters and {MAX_ACTIVATIONS:,} "
            "activation values; numbers must be finite.")
