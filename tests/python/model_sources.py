"""Small models with deterministic weights that the recipe tests convert, written by scripts run
in a lane's own venv (TensorFlow / Keras / torch live there, not in the test process): one
source for the end-to-end recipe tests and for the fix cells run in a real kernel."""

import subprocess
import textwrap

from jupyterlab_convert_doctor.recipes.venvs import venv_python

# Two inputs and two outputs, one with open spatial dimensions: the recipe must feed and match
# each by name and order. Weights come from a fixed seed, so every run builds the same model.
BUILD_KERAS_MODEL = textwrap.dedent('''
    import os, sys
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
    import keras

    keras.utils.set_random_seed(7)

    @keras.saving.register_keras_serializable(package="userlib")
    class Scale(keras.layers.Layer):
        def call(self, x):
            return x * 1.5

    images = keras.Input((None, None, 3), name="images")
    extra = keras.Input((4,), name="extra")
    x = keras.layers.Conv2D(8, 3, padding="same", activation="relu")(images)
    if len(sys.argv) > 2:  # a layer whose class only the user's code defines
        x = Scale()(x)
    pooled = keras.layers.GlobalAveragePooling2D()(x)
    boxes = keras.layers.Dense(5, name="boxes")(keras.layers.Concatenate()([pooled, extra]))
    heat = keras.layers.Conv2D(2, 1, name="heat")(x)
    keras.Model([images, extra], [boxes, heat]).save(sys.argv[1])
''')


def build_keras_model(venv, tmp_path, name, *extra):
    script = tmp_path / "build_model.py"
    script.write_text(BUILD_KERAS_MODEL)
    path = tmp_path / name
    subprocess.run([str(venv_python(venv)), str(script), str(path), *extra], check=True, capture_output=True)
    return path


# MatrixInverse and Cumprod have no TFLite builtin but are in the Flex allowlist; Erfinv has
# neither (TF 2.19, checked by converting each; TF 2.21's converter names them the same way).
SAVED_MODEL_SOURCE = textwrap.dedent('''
    import sys
    import tensorflow as tf

    class Model(tf.Module):
        def __init__(self, no_flex):
            self.w = tf.Variable(tf.random.stateless_normal([8, 8], seed=[1, 2]))
            self.no_flex = no_flex

        @tf.function(input_signature=[tf.TensorSpec([1, 8], tf.float32, name="x")])
        def __call__(self, x):
            y = tf.matmul(x, self.w)
            m = tf.reshape(y, [2, 2, 2]) + 4.0 * tf.eye(2)
            z = tf.math.cumprod(tf.reshape(tf.linalg.inv(m), [1, 8]) * 0.5 + 1.0, axis=1)
            if self.no_flex:
                z = tf.math.erfinv(tf.tanh(z) * 0.9)
            return {"y": z}

    model = Model(no_flex=len(sys.argv) > 2)
    tf.saved_model.save(model, sys.argv[1], signatures={"serving_default": model.__call__})
''')


def make_saved_model(venv, tmp_path, *extra):
    script = tmp_path / "make_saved_model.py"
    script.write_text(SAVED_MODEL_SOURCE)
    out = tmp_path / ("sm_no_flex" if extra else "sm")
    subprocess.run([str(venv_python(venv)), str(script), str(out), *extra], check=True, capture_output=True)
    return out


TORCH_MODEL_SOURCE = textwrap.dedent('''
    import torch
    from torch import nn

    class ConvBlock(nn.Sequential):
        def __init__(self, cin, cout, k, stride=1):
            super().__init__(nn.Conv2d(cin, cout, k, stride, k // 2, bias=False), nn.BatchNorm2d(cout),
                             nn.LeakyReLU(0.1))

    class TinyYolo(nn.Module):
        """Darknet-style blocks: channel split (route groups), maxpool, nearest upsample, two heads."""
        def __init__(self):
            super().__init__()
            self.c1, self.c2, self.c3 = ConvBlock(3, 8, 3, 2), ConvBlock(8, 16, 3), ConvBlock(8, 8, 3)
            self.pool, self.c4, self.c5 = nn.MaxPool2d(2, 2), ConvBlock(16, 32, 3), ConvBlock(32, 8, 1)
            self.head_small, self.head_large = nn.Conv2d(32, 18, 1), nn.Conv2d(24, 18, 1)

        def forward(self, x):
            x2 = self.c2(self.c1(x))
            split = x2[:, 8:]
            x4 = self.c4(self.pool(torch.cat([self.c3(split), split], 1)))
            up = nn.functional.interpolate(self.c5(x4), scale_factor=2, mode="nearest")
            return self.head_small(x4), self.head_large(torch.cat([up, x2], 1))

    def build():
        torch.manual_seed(0)
        model = TinyYolo()
        for m in model.modules():  # non-trivial BN statistics so folding is exercised
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 1.5)
        return model
''')
