#!/usr/bin/env python3
"""Extracts the op census of public OpenVINO IR files: for each model, the distinct (op type, opset) pairs
of every <layer> (bodies of TensorIterator/Loop/If included) and how many layers use each.

The IR files are read from local git snapshots of their public GitHub repositories (MIRRORS below, one
bare repository per owner+name, as `git show <commit>:<path>` sees them). Only the op lists and the
source coordinates are written, never the IR itself:

    nncf-port/src/test/resources/census/<id>.ops   (header lines '# key: value', then 'Type opsetN count')
    nncf-port/src/test/resources/census/index.txt  (the ids, in table order)

Run from the repository root:  python3 tools/census/extract_ops.py [MIRROR_ROOT]
(MIRROR_ROOT defaults to /work/.mirror, where <owner>+<name>/repo is a bare clone.)
"""
import collections
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

OUT = os.path.join("nncf-port", "src", "test", "resources", "census")

# id, model description, owner/name, commit, path
SOURCES = [
    ("qwen3-4b-causal-lm", "Qwen3 causal LM (Qwen3ForCausalLM, stateful KV cache, compressed weights)",
     "BlackCatSpb/EVA-Ai", "6b929058a5fba3d5367ec07bde39e656c949a089", "fmf_model/model.ov/openvino_model.xml"),
    ("qwen3-tokenizer", "Qwen3 tokenizer (openvino_tokenizers export)",
     "BlackCatSpb/EVA-Ai", "6b929058a5fba3d5367ec07bde39e656c949a089", "fmf_model/model.ov/openvino_tokenizer.xml"),
    ("flan-t5-large-encoder", "Flan-T5-large encoder (grammar synthesis, Optimum export)",
     "byecu/grammar-correction", "87515b0b3c66893902c19fc821e4dbf47b2d7060",
     "flan-t5-large-grammar-synthesis/openvino_encoder_model.xml"),
    ("flan-t5-large-decoder-with-past", "Flan-T5-large decoder with past key/values (Optimum export)",
     "byecu/grammar-correction", "87515b0b3c66893902c19fc821e4dbf47b2d7060",
     "flan-t5-large-grammar-synthesis/openvino_decoder_with_past_model.xml"),
    ("distilbert-sst2", "DistilBERT SST-2 sentiment classifier (DistilBertForSequenceClassification)",
     "CHJCHJCH/sentiment-analysis", "61d286924cd1fa98a848d55c664e7833a6983171", "openvino_model.xml"),
    ("whisper-encoder", "Whisper speech encoder (input_features, conv stem + 12 transformer layers, Optimum export)",
     "sriramk117/brAInstorm", "840b17d0fb63609bfea2500ba7e271718bdef70c", "openvino_encoder_model.xml"),
    ("tts-quantized-decoder", "Text-to-speech transformer decoder with FakeQuantize (INT8-quantized IR)",
     "sriramk117/brAInstorm", "840b17d0fb63609bfea2500ba7e271718bdef70c",
     "sample_models/text_to_speech_quantized_decoded.xml"),
    ("yolov8n", "YOLOv8n object detector (Ultralytics export)",
     "SubhankarChand/AI-Powered-Video-Analytics-with-OpenVINO", "a5a132276fec5b914259d77f80ea106674bbd0da",
     "models/yolov8n.xml"),
    ("resnet50", "ResNet-50 image classifier (TensorFlow frontend)",
     "Jefogh/Jadeed", "98af26c0b2af43542ac7bafe334feeff0788122d", "resnet50.xml"),
    ("face-detection-adas-0001", "face-detection-adas-0001 (Open Model Zoo, SSD detector)",
     "byecu/grammar-correction", "1f28f242e713242efd0e92c9a3d4270721f922ec", "model/face-detection-adas-0001.xml"),
    ("age-gender-recognition-retail-0013", "age-gender-recognition-retail-0013 (Open Model Zoo CNN)",
     "byecu/grammar-correction", "1f28f242e713242efd0e92c9a3d4270721f922ec",
     "model/age-gender-recognition-retail-0013.xml"),
    ("emotions-recognition-retail-0003", "emotions-recognition-retail-0003 (Open Model Zoo CNN)",
     "SubhankarChand/AI-Powered-Video-Analytics-with-OpenVINO", "a5a132276fec5b914259d77f80ea106674bbd0da",
     "models/emotions-recognition-retail-0003.xml"),
    ("human-pose-estimation-0005", "human-pose-estimation-0005 (Open Model Zoo EfficientHRNet, PyTorch export)",
     "yushendye/Human-Pose-Estimation", "4417f6f40a1f64f5bff5eb73b51cde76b7f232af",
     "intel/human-pose-estimation-0005/FP32/human-pose-estimation-0005.xml"),
    ("human-pose-estimation-0001-int8", "human-pose-estimation-0001 FP16-INT8 (Open Model Zoo, FakeQuantize)",
     "yushendye/Human-Pose-Estimation", "4417f6f40a1f64f5bff5eb73b51cde76b7f232af",
     "intel/human-pose-estimation-0001/FP16-INT8/human-pose-estimation-0001.xml"),
    ("ssd-mobilenet-v2-coco", "SSD MobileNet V2 COCO detector (TensorFlow, Model Optimizer IR v10)",
     "zeeshananjumjunaidi/people-counter-app-at-the-edge", "7348e46d95fb4dc89c16024990ab5a42b4540ab9",
     "model/output/ssd_mobilenet_v2_coco_2018_03_29/frozen_inference_graph.xml"),
    ("person-reidentification-retail-0249", "person-reidentification-retail-0249 FP16 (Open Model Zoo, IR v10)",
     "zeeshananjumjunaidi/people-counter-app-at-the-edge", "7348e46d95fb4dc89c16024990ab5a42b4540ab9",
     "model/intel/person-reidentification-retail-0249/FP16/person-reidentification-retail-0249.xml"),
]


def ir_text(mirrors, repo, commit, path):
    git_dir = os.path.join(mirrors, repo.replace("/", "+"), "repo")
    return subprocess.run(["git", "-C", git_dir, "show", f"{commit}:{path}"], check=True,
                          capture_output=True).stdout


def census(xml_bytes):
    root = ET.fromstring(xml_bytes)
    counts = collections.Counter()
    for layer in root.iter("layer"):  # nested bodies included
        counts[(layer.get("type"), layer.get("version") or "?")] += 1
    return root.get("version"), counts


def main():
    mirrors = sys.argv[1] if len(sys.argv) > 1 else "/work/.mirror"
    os.makedirs(OUT, exist_ok=True)
    ids = []
    for ident, model, repo, commit, path in SOURCES:
        ir_version, counts = census(ir_text(mirrors, repo, commit, path))
        ids.append(ident)
        with open(os.path.join(OUT, ident + ".ops"), "w") as f:
            f.write(f"# model: {model}\n")
            f.write(f"# repo: {repo}\n# commit: {commit}\n# path: {path}\n")
            f.write(f"# url: https://github.com/{repo}/blob/{commit}/{path}\n")
            f.write(f"# ir_version: {ir_version}\n")
            for (t, v), n in sorted(counts.items(), key=lambda kv: (kv[0][0].lower(), kv[0][1])):
                f.write(f"{t} {v} {n}\n")
    with open(os.path.join(OUT, "index.txt"), "w") as f:
        f.write("\n".join(ids) + "\n")


if __name__ == "__main__":
    main()
