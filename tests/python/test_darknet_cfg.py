"""cfg parsing as Darknet does it, network geometry, and the cfg error paths."""

import re

import pytest

from darknet_helpers import network, network_from_text
from jupyterlab_convert_doctor.darknet.cfg import parse_cfg_text
from jupyterlab_convert_doctor.darknet.errors import (CfgError, UnsupportedKeyError,
                                                      UnsupportedLayerError)
from jupyterlab_convert_doctor.darknet.network import (ConvLayer, MaxPoolLayer, RouteLayer,
                                                       YoloLayer)

NET = "[net]\nwidth=32\nheight=32\nchannels=3\n"
HEAD = "[convolutional]\nsize=1\nfilters=18\nactivation=linear\n\n[yolo]\nmask=0,1,2\nanchors=1,2,3,4,5,6\nclasses=1\nnum=3\n"


def test_strip_removes_all_whitespace_and_skips_comments():
    cfg = parse_cfg_text("# comment\n[net]\n  width = 4 16\n\theight=8\r\n; other comment\n"
                         "channels=3\n[convolutional]\nfilters = 8\nfilters=99\n")
    assert cfg.net.options["width"] == "416"  # Darknet's strip() deletes inner spaces too
    assert cfg.net.get_int("height") == 8
    assert cfg.layers[0].index == 0
    assert cfg.layers[0].get_int("filters") == 8  # option_find returns the first occurrence


@pytest.mark.parametrize("name, layers, params, heads", [
    # values from darknet/cfgs/README.md (counted independently from the files)
    ("yolov4-tiny", 38, 6_062_814, [(30, (255, 13, 13), [3, 4, 5]), (37, (255, 26, 26), [1, 2, 3])]),
    ("yolov3-tiny", 24, 8_858_734, [(16, (255, 13, 13), [3, 4, 5]), (23, (255, 26, 26), [0, 1, 2])]),
    ("yolov4", 162, 64_429_405, [(139, (255, 76, 76), [0, 1, 2]), (150, (255, 38, 38), [3, 4, 5]),
                                 (161, (255, 19, 19), [6, 7, 8])]),
])
def test_real_cfgs_geometry(name, layers, params, heads):
    net = network(name)
    assert len(net.layers) == layers
    assert net.param_count == params
    assert [(y.index, y.out_shape, y.mask) for y in net.yolo_layers] == heads


def test_yolov4_tiny_route_groups_and_scale():
    net = network("yolov4-tiny")
    grouped = [l for l in net.layers if isinstance(l, RouteLayer) and l.groups == 2]
    assert [(l.index, l.group_id, l.out_shape[0]) for l in grouped] == [(3, 1, 32), (11, 1, 64), (19, 1, 128)]
    assert net.layers[34].sources == [33, 23]  # "layers = -1, 23"
    assert all(y.scale_x_y == 1.05 and y.new_coords == 0 for y in net.yolo_layers)


def test_maxpool_padding_follows_darknet():
    net = network("yolov3-tiny")
    pool = net.layers[11]  # size=2 stride=1 on 13x13: padding defaults to size-1, kept 13x13
    assert isinstance(pool, MaxPoolLayer)
    assert (pool.size, pool.stride, pool.padding, pool.out_shape) == (2, 1, 1, (512, 13, 13))
    spp = [l for l in network("yolov4").layers if isinstance(l, MaxPoolLayer)]
    assert [(l.size, l.padding, l.out_shape[1:]) for l in spp] == [(5, 4, (19, 19)), (9, 8, (19, 19)), (13, 12, (19, 19))]


def test_default_activation_is_logistic_and_pad_means_half_size():
    net = network_from_text(NET + "[convolutional]\nfilters=18\nsize=3\npad=1\n" + HEAD.split("\n\n")[1])
    conv = net.layers[0]
    assert isinstance(conv, ConvLayer) and conv.activation == "logistic"
    assert conv.padding == 1 and conv.out_shape == (18, 32, 32)
    assert isinstance(net.layers[1], YoloLayer)


def test_unknown_layer_type_names_index_type_and_line():
    with pytest.raises(UnsupportedLayerError) as err:
        network_from_text(NET + "[convolutional]\nfilters=8\n\n[reorg]\nstride=2\n" + HEAD)
    message = str(err.value)
    assert "layer 1 [reorg]" in message and "line 8" in message
    assert err.value.layer == 1 and err.value.layer_type == "reorg"


def test_unknown_key_names_the_key():
    with pytest.raises(UnsupportedKeyError) as err:
        network_from_text(NET + "[convolutional]\nfilters=8\ndilation=2\n" + HEAD)
    assert err.value.key == "dilation" and err.value.layer == 0
    assert re.search(r"layer 0 \[convolutional\] \(cfg line 7\): key 'dilation'", str(err.value))


def test_unsupported_activation_value():
    with pytest.raises(UnsupportedKeyError, match="activation 'swish' is not supported"):
        network_from_text(NET + "[convolutional]\nfilters=8\nactivation=swish\n" + HEAD)


def test_yolo_filters_must_match_classes():
    bad = HEAD.replace("classes=1", "classes=2")
    with pytest.raises(CfgError, match=r"filters must be 3\*\(2\+5\) = 21"):
        network_from_text(NET + bad)


def test_route_to_a_later_layer_is_rejected():
    with pytest.raises(CfgError, match="refers to layer 5, which is not an earlier layer"):
        network_from_text(NET + "[convolutional]\nfilters=8\n[route]\nlayers=5\n" + HEAD)


def test_weighted_shortcut_is_rejected():
    with pytest.raises(UnsupportedKeyError, match="weights_type=per_channel"):
        network_from_text(NET + "[convolutional]\nfilters=3\n[shortcut]\nfrom=-2\nweights_type=per_channel\n" + HEAD)


def test_not_a_cfg():
    with pytest.raises(CfgError, match="first section must be"):
        parse_cfg_text("[convolutional]\nfilters=1\n")
    with pytest.raises(CfgError, match="no sections"):
        parse_cfg_text("just text\n".replace("just text", "# nothing"))
