#!/usr/bin/env python3
"""The Python side of the ML benchmark: faces, tags and OCR per photo the way Immich's
machine-learning service runs them (PIL decode, numpy/OpenCV pre- and post-processing around
onnxruntime), on the same models and previews as the Rust side (ml/benches/pipelines.rs), printing
the same JSON so that bench/ml.sh can put the two side by side.

  faces  insightface's SCRFD `detect` (cv2 letterbox to 640x640, blobFromImage, numpy anchor
         decode + NMS) and `norm_crop` (Umeyama similarity, cv2.warpAffine) + batched ArcFace
         `get_feat`, as Immich's FaceDetector/FaceRecognizer call them; min score 0.7.
  tags   EfficientNet-Lite0 (PIL bilinear short side 256, centre 224) top 5 >= 0.2 and SSD
         MobileNet V2 (PIL bilinear 300x300) >= 0.4, per-class NMS 0.6, at most 20 (MANIFEST),
         one model after the other.
  tags-together  the same, both models at once on a thread pool, as Immich's service runs a
         request's independent models (asyncio.gather over run_in_executor).
  ocr    shared/models/provenance/ppocr_reference.py (RapidOCR's PP-OCR: DB detection with
         cv2 contours + pyclipper unclip, 0/180 classifier, CTC recognition), its detector input
         sized as the Rust `OcrOptions::default()` sizes it (long side <= 1440, multiples of 32).

Every repetition reads and decodes the file again (a job decodes the preview each time). One
untimed warm-up pass over a task's photos, then REPS passes; per photo the median of its passes,
in wall clock and in CPU time of the calling thread (with --threads 1 onnxruntime runs on that
thread alone, so the CPU time is the whole work, and hardly moves when other processes load the
machine).

usage: ml_baseline.py [--reps 3] [--threads 2] [--tasks faces,tags,tags-together,ocr] [--immich-session-options] IMAGES_DIR
  IMAGES_DIR holds faces/, tags/ and ocr/ with the photos of each task (bench/ml.sh makes it).
  Models: $SHOEBOX_TEST_MODELS, else ../shared/models beside the repository.
  --immich-session-options: also disable the CPU memory arena and use 1 inter-op thread, as
  Immich's ort session does; by default the session options match the Rust side (2 intra-op
  threads, the rest onnxruntime's defaults).
Needs numpy, Pillow, onnxruntime, opencv-python-headless and pyclipper (bench/ml.sh provides them).
"""
import argparse
import io
import json
import math
import os
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import cv2
import numpy as np
import onnxruntime as ort
import pyclipper
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The Rust `OcrOptions::default().max_side` (ml/src/ocr.rs): the detector sees the photo with its
# long side at most this, so both sides detect on the same number of pixels.
OCR_MAX_SIDE = 1440


class Sessions:
    """onnxruntime sessions that add up the time spent in `run`, per stage being timed."""

    def __init__(self, threads, immich_options):
        self.threads = threads
        self.immich_options = immich_options
        self.ort_seconds = 0.0

    def load(self, path):
        options = ort.SessionOptions()
        options.intra_op_num_threads = self.threads
        if self.immich_options:
            options.enable_cpu_mem_arena = False
            options.inter_op_num_threads = 1
        session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
        return TimedSession(session, self)


class TimedSession:
    def __init__(self, session, owner):
        self.session, self.owner = session, owner

    def get_inputs(self):
        return self.session.get_inputs()

    def get_outputs(self):
        return self.session.get_outputs()

    def run(self, names, feeds):
        started = time.perf_counter()
        try:
            return self.session.run(names, feeds)
        finally:
            self.owner.ort_seconds += time.perf_counter() - started


# ---- decoding, as Immich's app/models/transforms.py ----


def decode_pil(path):
    with open(path, "rb") as f:
        data = f.read()
    image = Image.open(io.BytesIO(data))
    image.load()
    if image.mode != "RGB":
        image = image.convert("RGB")
    return image


def decode_cv2(path):
    return np.asarray(decode_pil(path))[:, :, ::-1]  # RGB -> BGR, as Immich's pil_to_cv2


# ---- faces: insightface's SCRFD (RetinaFace class), norm_crop and ArcFaceONNX ----


def distance2bbox(points, distance):
    return np.stack(
        [
            points[:, 0] - distance[:, 0],
            points[:, 1] - distance[:, 1],
            points[:, 0] + distance[:, 2],
            points[:, 1] + distance[:, 3],
        ],
        axis=-1,
    )


def distance2kps(points, distance):
    preds = []
    for i in range(0, distance.shape[1], 2):
        preds.append(points[:, i % 2] + distance[:, i])
        preds.append(points[:, i % 2 + 1] + distance[:, i + 1])
    return np.stack(preds, axis=-1)


class FaceDetector:
    input_size = (640, 640)
    strides = (8, 16, 32)
    anchors = 2
    nms_thresh = 0.4

    def __init__(self, session, threshold):
        self.session = session
        self.threshold = threshold
        self.input_name = session.get_inputs()[0].name
        self.output_names = [o.name for o in session.get_outputs()]
        self.center_cache = {}

    def forward(self, img):
        blob = cv2.dnn.blobFromImage(img, 1.0 / 128.0, self.input_size, (127.5, 127.5, 127.5), swapRB=True)
        outs = self.session.run(self.output_names, {self.input_name: blob})
        height, width = blob.shape[2], blob.shape[3]
        scores_list, bboxes_list, kpss_list = [], [], []
        levels = len(self.strides)
        for idx, stride in enumerate(self.strides):
            scores = outs[idx].reshape(-1, 1)
            bbox_preds = outs[idx + levels].reshape(-1, 4) * stride
            kps_preds = outs[idx + levels * 2].reshape(-1, 10) * stride
            h, w = height // stride, width // stride
            key = (h, w, stride)
            centers = self.center_cache.get(key)
            if centers is None:
                centers = np.stack(np.mgrid[:h, :w][::-1], axis=-1).astype(np.float32)
                centers = (centers * stride).reshape((-1, 2))
                centers = np.stack([centers] * self.anchors, axis=1).reshape((-1, 2))
                self.center_cache[key] = centers
            pos = np.where(scores >= self.threshold)[0]
            bboxes = distance2bbox(centers, bbox_preds)
            scores_list.append(scores[pos])
            bboxes_list.append(bboxes[pos])
            kpss = distance2kps(centers, kps_preds).reshape((-1, 5, 2))
            kpss_list.append(kpss[pos])
        return scores_list, bboxes_list, kpss_list

    def detect(self, img):
        im_ratio = float(img.shape[0]) / img.shape[1]
        model_ratio = float(self.input_size[1]) / self.input_size[0]
        if im_ratio > model_ratio:
            new_height = self.input_size[1]
            new_width = int(new_height / im_ratio)
        else:
            new_width = self.input_size[0]
            new_height = int(new_width * im_ratio)
        det_scale = float(new_height) / img.shape[0]
        resized = cv2.resize(img, (new_width, new_height))
        det_img = np.zeros((self.input_size[1], self.input_size[0], 3), dtype=np.uint8)
        det_img[:new_height, :new_width, :] = resized
        scores_list, bboxes_list, kpss_list = self.forward(det_img)
        scores = np.vstack(scores_list)
        order = scores.ravel().argsort()[::-1]
        bboxes = np.vstack(bboxes_list) / det_scale
        kpss = np.vstack(kpss_list) / det_scale
        pre_det = np.hstack((bboxes, scores)).astype(np.float32, copy=False)[order, :]
        keep = self.nms(pre_det)
        return pre_det[keep, :], kpss[order, :, :][keep, :, :]

    def nms(self, dets):
        x1, y1, x2, y2, scores = dets[:, 0], dets[:, 1], dets[:, 2], dets[:, 3], dets[:, 4]
        areas = (x2 - x1 + 1) * (y2 - y1 + 1)
        order = scores.argsort()[::-1]
        keep = []
        while order.size > 0:
            i = order[0]
            keep.append(i)
            xx1 = np.maximum(x1[i], x1[order[1:]])
            yy1 = np.maximum(y1[i], y1[order[1:]])
            xx2 = np.minimum(x2[i], x2[order[1:]])
            yy2 = np.minimum(y2[i], y2[order[1:]])
            w = np.maximum(0.0, xx2 - xx1 + 1)
            h = np.maximum(0.0, yy2 - yy1 + 1)
            inter = w * h
            overlap = inter / (areas[i] + areas[order[1:]] - inter)
            order = order[np.where(overlap <= self.nms_thresh)[0] + 1]
        return keep


ARCFACE_DST = np.array(
    [[38.2946, 51.6963], [73.5318, 51.5014], [56.0252, 71.7366], [41.5493, 92.3655], [70.7299, 92.2041]],
    dtype=np.float32,
)


def umeyama(src, dst):
    """skimage's `_umeyama(src, dst, estimate_scale=True)`: the least-squares similarity."""
    num, dim = src.shape
    src_mean, dst_mean = src.mean(axis=0), dst.mean(axis=0)
    src_demean, dst_demean = src - src_mean, dst - dst_mean
    a = dst_demean.T @ src_demean / num
    d = np.ones((dim,), dtype=np.float64)
    if np.linalg.det(a) < 0:
        d[dim - 1] = -1
    t = np.eye(dim + 1, dtype=np.float64)
    u, s, v = np.linalg.svd(a)
    rank = np.linalg.matrix_rank(a)
    if rank == 0:
        return np.nan * t
    if rank == dim - 1:
        if np.linalg.det(u) * np.linalg.det(v) > 0:
            t[:dim, :dim] = u @ v
        else:
            saved = d[dim - 1]
            d[dim - 1] = -1
            t[:dim, :dim] = u @ np.diag(d) @ v
            d[dim - 1] = saved
    else:
        t[:dim, :dim] = u @ np.diag(d) @ v
    scale = 1.0 / src_demean.var(axis=0).sum() * (s @ d)
    t[:dim, dim] = dst_mean - scale * (t[:dim, :dim] @ src_mean.T)
    t[:dim, :dim] *= scale
    return t


def norm_crop(img, landmark, size=112):
    m = umeyama(landmark.astype(np.float64), ARCFACE_DST.astype(np.float64) * (size / 112.0))[0:2, :]
    return cv2.warpAffine(img, m, (size, size), borderValue=0.0)


class FaceRecognizer:
    def __init__(self, session):
        self.session = session
        self.input_name = session.get_inputs()[0].name
        self.output_names = [o.name for o in session.get_outputs()]

    def get_feat(self, imgs):
        blob = cv2.dnn.blobFromImages(imgs, 1.0 / 127.5, (112, 112), (127.5, 127.5, 127.5), swapRB=True)
        return self.session.run(self.output_names, {self.input_name: blob})[0]


class Faces:
    stages = ("decode", "detect", "embed")

    def __init__(self, sessions, models):
        pack = os.path.join(models, "facial-recognition/buffalo_s")
        self.detector = FaceDetector(sessions.load(os.path.join(pack, "detection/model.onnx")), 0.7)
        self.recognizer = FaceRecognizer(sessions.load(os.path.join(pack, "recognition/model.onnx")))

    def run(self, path, clock):
        img = decode_cv2(path)
        clock("decode")
        dets, kpss = self.detector.detect(img)
        clock("detect")
        if len(dets):
            crops = [norm_crop(img, k) for k in kpss]
            embeddings = self.recognizer.get_feat(crops)
            embeddings = embeddings / np.linalg.norm(embeddings, axis=1, keepdims=True)
        clock("embed")
        return [[round(float(v), 1) for v in d[:4]] + [round(float(d[4]), 3)] for d in dets]


# ---- tags: the classifier and the object detector of the MANIFEST ----


def tag_name(line):
    """A label line as the Rust side names it (ml/src/tags.rs `tag_name`)."""
    first = line.replace("/", ",").split(",")[0]
    out, depth = [], 0
    for c in first:
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(0, depth - 1)
        elif depth > 0:
            continue
        elif c.isalnum() or c in "-'":
            out.append(c.lower())
        elif c.isspace():
            out.append(" ")
    return " ".join("".join(out).split())


class Tags:
    stages = ("decode", "classify", "detect")

    def __init__(self, sessions, models):
        cls_dir = os.path.join(models, "tagging/efficientnet_lite0")
        det_dir = os.path.join(models, "detection/ssd_mobilenet_v2_coco")
        self.classifier = sessions.load(os.path.join(cls_dir, "model.onnx"))
        self.detector = sessions.load(os.path.join(det_dir, "model.onnx"))
        with open(os.path.join(cls_dir, "labels.txt"), encoding="utf-8") as f:
            labels = [tag_name(line.strip()) for line in f.read().splitlines()]
        self.names = sorted(set(labels), key=labels.index)
        index = {n: i for i, n in enumerate(self.names)}
        self.class_name = np.array([index[n] for n in labels])
        with open(os.path.join(det_dir, "ssd_score_columns.txt"), encoding="utf-8") as f:
            columns = [line.strip() for line in f.read().splitlines()]
        self.columns = [None if i == 0 or c == "n/a" else tag_name(c) for i, c in enumerate(columns)]
        self.named_columns = np.array([c is not None for c in self.columns])

    def classify(self, image, top_k=5, min_score=0.2):
        w, h = image.size
        scale = 256 / min(w, h)
        rw, rh = (256, max(256, round(h * scale))) if w <= h else (max(256, round(w * scale)), 256)
        resized = image.resize((rw, rh), Image.BILINEAR)
        left, top = (rw - 224) // 2, (rh - 224) // 2
        crop = np.asarray(resized.crop((left, top, left + 224, top + 224)), dtype=np.float32)
        x = ((crop - 127.0) / 128.0).transpose(2, 0, 1)[None]
        logits = self.classifier.run(["logits"], {"input": x})[0][0]
        p = np.exp(logits - logits.max())
        p /= p.sum()
        by_name = np.bincount(self.class_name, weights=p, minlength=len(self.names))
        order = [i for i in np.argsort(-by_name, kind="stable")[:top_k] if by_name[i] >= min_score]
        return [self.names[i] for i in order]

    def detect(self, image, min_score=0.4, iou=0.6, limit=20):
        x = np.asarray(image.resize((300, 300), Image.BILINEAR), dtype=np.float32)
        x = ((x - 128.0) / 128.0).transpose(2, 0, 1)[None]
        boxes, scores = self.detector.run(["boxes", "scores"], {"input": x})
        boxes, scores = boxes[0], scores[0]
        rows, cols = np.nonzero((scores >= min_score) & self.named_columns[None, :])
        found = scores[rows, cols]
        order = np.argsort(-found, kind="stable")
        kept = []
        for k in order:
            if len(kept) >= limit:
                break
            r, c = rows[k], cols[k]
            if all(kc != c or box_iou(boxes[kr], boxes[r]) <= iou for kr, kc in kept):
                kept.append((r, c))
        return [self.columns[c] for _, c in kept]

    def run(self, path, clock):
        image = decode_pil(path)
        clock("decode")
        labels = self.classify(image)
        clock("classify")
        objects = self.detect(image)
        clock("detect")
        return labels + objects


class TagsTogether(Tags):
    """Both tag models at once, as Immich's service gathers a request's independent models on its
    thread pool (onnxruntime releases the GIL while it runs)."""

    stages = ("decode", "classify+detect")

    def __init__(self, sessions, models):
        super().__init__(sessions, models)
        self.pool = ThreadPoolExecutor(max_workers=2)

    def run(self, path, clock):
        image = decode_pil(path)
        clock("decode")
        objects = self.pool.submit(self.detect, image)
        labels = self.classify(image)
        found = labels + objects.result()
        clock("classify+detect")
        return found


def box_iou(a, b):
    area = lambda r: max(0.0, r[2] - r[0]) * max(0.0, r[3] - r[1])
    h = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    w = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = h * w
    union = area(a) + area(b) - inter
    return inter / union if union > 0 else 0.0


# ---- OCR: shared/models/provenance/ppocr_reference.py, detector sized as the Rust side ----


def norm_chw(img):  # BGR uint8 HxWx3 -> float CHW, (x/255-0.5)/0.5
    return ((img.astype(np.float32) / 255.0 - 0.5) / 0.5).transpose(2, 0, 1)


def det_input_size(h, w, max_side):
    """ml/src/ocr/detect.rs `input_size`: shrink (never enlarge) to the long side, round to 32."""
    ratio = min(1.0, max(max_side, 32) / max(h, w, 1))
    round32 = lambda side: max(32, int(math.floor(math.floor(side * ratio) / 32.0 + 0.5)) * 32)
    return round32(h), round32(w)


def det_boxes(det, img, max_side, thresh=0.3, box_thresh=0.5, unclip_ratio=1.6):
    h, w = img.shape[:2]
    rh, rw = det_input_size(h, w, max_side)
    x = norm_chw(cv2.resize(img, (rw, rh)))[None]
    prob = det.run(None, {det.get_inputs()[0].name: x})[0][0, 0]
    bitmap = cv2.dilate((prob > thresh).astype(np.uint8), np.ones((2, 2), np.uint8))
    contours, _ = cv2.findContours(bitmap * 255, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    out = []
    for c in contours[:1000]:
        pts, sside = mini_box(c)
        if sside < 3:
            continue
        if box_score(prob, pts) < box_thresh:
            continue
        poly = pts.astype(np.float64)
        area = cv2.contourArea(poly.astype(np.float32))
        peri = cv2.arcLength(poly.astype(np.float32), True)
        off = pyclipper.PyclipperOffset()
        off.AddPath(poly.tolist(), pyclipper.JT_ROUND, pyclipper.ET_CLOSEDPOLYGON)
        exp = off.Execute(area * unclip_ratio / peri)
        if not exp:
            continue
        box, sside = mini_box(np.array(exp[0]).reshape(-1, 1, 2).astype(np.float32))
        if sside < 5:
            continue
        box[:, 0] = np.clip(np.round(box[:, 0] / prob.shape[1] * w), 0, w)
        box[:, 1] = np.clip(np.round(box[:, 1] / prob.shape[0] * h), 0, h)
        box = order_clockwise(box.astype(np.int32).astype(np.float32))
        box[:, 0] = np.clip(box[:, 0], 0, w - 1)
        box[:, 1] = np.clip(box[:, 1], 0, h - 1)
        if int(np.linalg.norm(box[0] - box[1])) <= 3 or int(np.linalg.norm(box[0] - box[3])) <= 3:
            continue
        out.append(box)
    out.sort(key=lambda b: (b[0, 1], b[0, 0]))
    for i in range(len(out) - 1):
        for j in range(i, -1, -1):
            if abs(out[j + 1][0, 1] - out[j][0, 1]) < 10 and out[j + 1][0, 0] < out[j][0, 0]:
                out[j], out[j + 1] = out[j + 1], out[j]
            else:
                break
    return out


def mini_box(contour):
    rect = cv2.minAreaRect(contour)
    p = sorted(cv2.boxPoints(rect).tolist(), key=lambda q: q[0])
    a, d = (p[0], p[1]) if p[1][1] > p[0][1] else (p[1], p[0])
    b, c = (p[2], p[3]) if p[3][1] > p[2][1] else (p[3], p[2])
    return np.array([a, b, c, d], np.float32), min(rect[1])


def box_score(prob, box):
    h, w = prob.shape
    x0, x1 = np.clip([np.floor(box[:, 0].min()), np.ceil(box[:, 0].max())], 0, w - 1).astype(int)
    y0, y1 = np.clip([np.floor(box[:, 1].min()), np.ceil(box[:, 1].max())], 0, h - 1).astype(int)
    mask = np.zeros((y1 - y0 + 1, x1 - x0 + 1), np.uint8)
    cv2.fillPoly(mask, [(box - [x0, y0]).astype(np.int32)], 1)
    return cv2.mean(prob[y0 : y1 + 1, x0 : x1 + 1], mask)[0]


def order_clockwise(pts):
    xs = pts[np.argsort(pts[:, 0])]
    left, right = xs[:2], xs[2:]
    tl, bl = left[np.argsort(left[:, 1])]
    tr, br = right[np.argsort(right[:, 1])]
    return np.array([tl, tr, br, bl], np.float32)


def crop_box(img, pts):
    w = int(max(np.linalg.norm(pts[0] - pts[1]), np.linalg.norm(pts[2] - pts[3])))
    h = int(max(np.linalg.norm(pts[0] - pts[3]), np.linalg.norm(pts[1] - pts[2])))
    m = cv2.getPerspectiveTransform(pts, np.float32([[0, 0], [w, 0], [w, h], [0, h]]))
    c = cv2.warpPerspective(img, m, (w, h), borderMode=cv2.BORDER_REPLICATE, flags=cv2.INTER_CUBIC)
    return np.rot90(c) if c.shape[0] / c.shape[1] >= 1.5 else c


def resize_pad(img, height, width):
    rw = min(width, int(math.ceil(height * img.shape[1] / img.shape[0])))
    out = np.zeros((3, height, width), np.float32)
    out[:, :, :rw] = norm_chw(cv2.resize(img, (rw, height)))
    return out


def classify_crops(cls, crops, thresh=0.9):
    for i in range(0, len(crops), 6):
        x = np.stack([resize_pad(c, 48, 192) for c in crops[i : i + 6]])
        p = cls.run(None, {cls.get_inputs()[0].name: x})[0]
        for j, pr in enumerate(p):
            if pr.argmax() == 1 and pr[1] > thresh:
                crops[i + j] = cv2.rotate(crops[i + j], cv2.ROTATE_180)
    return crops


def recognize(rec, crops, keys):
    chars = ["<blank>"] + keys + [" "]
    order = np.argsort([c.shape[1] / c.shape[0] for c in crops])
    res = [None] * len(crops)
    for i in range(0, len(crops), 6):
        idx = order[i : i + 6]
        ratio = max([320 / 48] + [crops[k].shape[1] / crops[k].shape[0] for k in idx])
        x = np.stack([resize_pad(crops[k], 48, int(48 * ratio)) for k in idx])
        y = rec.run(None, {rec.get_inputs()[0].name: x})[0]
        am, pm = y.argmax(2), y.max(2)
        for j, k in enumerate(idx):
            sel = np.ones(len(am[j]), bool)
            sel[1:] = am[j][1:] != am[j][:-1]
            sel &= am[j] != 0
            res[k] = ("".join(chars[t] for t in am[j][sel]), float(pm[j][sel].mean()) if sel.any() else 0.0)
    return res


class Ocr:
    stages = ("decode", "detection", "classification", "recognition")

    def __init__(self, sessions, models):
        d = os.path.join(models, "ocr/PP-OCRv6_small")
        self.det = sessions.load(os.path.join(d, "detection/model.onnx"))
        self.cls = sessions.load(os.path.join(d, "classification/model.onnx"))
        self.rec = sessions.load(os.path.join(d, "recognition/model.onnx"))
        with open(os.path.join(d, "recognition/keys.txt"), encoding="utf-8") as f:
            self.keys = f.read().split("\n")
        if self.keys and self.keys[-1] == "":
            self.keys = self.keys[:-1]

    def run(self, path, clock):
        img = decode_cv2(path)
        clock("decode")
        boxes = det_boxes(self.det, img, OCR_MAX_SIDE)
        clock("detection")
        crops = classify_crops(self.cls, [crop_box(img, b) for b in boxes]) if boxes else []
        clock("classification")
        res = recognize(self.rec, crops, self.keys) if crops else []
        clock("recognition")
        return [t for t, s in res if s >= 0.5 and t.strip()]


# ---- the harness (same shape as ml/benches/pipelines.rs) ----

TASKS = {"faces": Faces, "tags": Tags, "tags-together": TagsTogether, "ocr": Ocr}


def photos(images_dir, task):
    folder = os.path.join(images_dir, task.removesuffix("-together"))
    if not os.path.isdir(folder):
        return []
    return sorted(os.path.join(folder, f) for f in os.listdir(folder) if not f.startswith("."))


def bench_task(pipeline, sessions, paths, reps, images_dir):
    def once(path):
        times = {}
        cpu = time.thread_time()
        started = last = time.perf_counter()
        ort_before = sessions.ort_seconds

        def clock(stage):
            nonlocal last
            now = time.perf_counter()
            times[stage] = times.get(stage, 0.0) + (now - last) * 1000.0
            last = now

        found = pipeline.run(path, clock)
        total = (time.perf_counter() - started) * 1000.0
        cpu = (time.thread_time() - cpu) * 1000.0
        return total, times, (sessions.ort_seconds - ort_before) * 1000.0, found, cpu

    for path in paths:  # warm-up: sessions' first runs allocate and tune
        once(path)
    runs = {p: [] for p in paths}
    for _ in range(reps):
        for path in paths:
            runs[path].append(once(path))
    images = []
    for path in paths:
        r = runs[path]
        with Image.open(path) as im:
            size = im.size
        images.append(
            {
                "image": os.path.relpath(path, images_dir),
                "width": size[0],
                "height": size[1],
                "median_ms": statistics.median(t for t, _, _, _, _ in r),
                "runs_ms": [round(t, 2) for t, _, _, _, _ in r],
                "cpu_ms": statistics.median(c for _, _, _, _, c in r),
                "stages_ms": {s: statistics.median(st.get(s, 0.0) for _, st, _, _, _ in r) for s in pipeline.stages},
                "ort_ms": statistics.median(o for _, _, o, _, _ in r),
                "found": len(r[-1][3]),
                "what": r[-1][3],
            }
        )
        print(f"  python {images[-1]['image']}: {images[-1]['median_ms']:.1f} ms, found {images[-1]['found']}", file=sys.stderr)
    medians = [i["median_ms"] for i in images]
    cpu_medians = [i["cpu_ms"] for i in images]
    return {
        "photos": len(images),
        "median_ms": statistics.median(medians),
        "mean_ms": statistics.fmean(medians),
        "cpu_median_ms": statistics.median(cpu_medians),
        "cpu_mean_ms": statistics.fmean(cpu_medians),
        "stages_ms": {s: statistics.fmean(i["stages_ms"][s] for i in images) for s in pipeline.stages},
        "ort_ms": statistics.fmean(i["ort_ms"] for i in images),
        "images": images,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("images_dir")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--tasks", default="faces,tags,ocr")
    parser.add_argument("--immich-session-options", action="store_true")
    args = parser.parse_args()
    models = os.environ.get("SHOEBOX_TEST_MODELS") or os.path.join(ROOT, "..", "shared", "models")
    sessions = Sessions(args.threads, args.immich_session_options)
    result = {
        "side": "python",
        "reps": args.reps,
        "threads": args.threads,
        "onnxruntime": ort.__version__,
        "session_options": "immich" if args.immich_session_options else "default",
        "tasks": {},
    }
    for task in args.tasks.split(","):
        paths = photos(args.images_dir, task)
        if not paths:
            continue
        print(f"python: {task} on {len(paths)} photos", file=sys.stderr)
        pipeline = TASKS[task](sessions, models)
        result["tasks"][task] = bench_task(pipeline, sessions, paths, args.reps, args.images_dir)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    print()


if __name__ == "__main__":
    main()
